# How to reach the municipality: the footer of every page.
municipal-heading = Kontakt z gminą
municipal-phone = Telefon
municipal-visit = Adres dla odwiedzających
municipal-post = Adres pocztowy
municipal-email = E-mail
municipal-hours = Godziny otwarcia
municipal-website = Strona internetowa
municipal-footer-links = O tej stronie
municipal-footer-privacy = Oświadczenie o prywatności
municipal-footer-accessibility = Deklaracja dostępności
