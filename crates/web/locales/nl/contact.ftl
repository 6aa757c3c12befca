# How to reach the municipality: the footer of every page.
municipal-heading = Contact met de gemeente
municipal-phone = Telefoon
municipal-visit = Bezoekadres
municipal-post = Postadres
municipal-email = E-mail
municipal-hours = Openingstijden
municipal-website = Website
municipal-footer-links = Over deze website
municipal-footer-privacy = Privacyverklaring
municipal-footer-accessibility = Toegankelijkheidsverklaring
