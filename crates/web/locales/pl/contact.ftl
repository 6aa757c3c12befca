# How to reach the municipality: the footer of every page.
contact-heading = Kontakt z gminą
contact-phone = Telefon
contact-visit = Adres dla odwiedzających
contact-post = Adres pocztowy
contact-email = E-mail
contact-hours = Godziny otwarcia
contact-website = Strona internetowa
footer-links = O tej stronie
footer-privacy = Oświadczenie o prywatności
footer-accessibility = Deklaracja dostępności
