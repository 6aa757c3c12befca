# How to reach the municipality: the footer of every page.
contact-heading = Contact met de gemeente
contact-phone = Telefoon
contact-visit = Bezoekadres
contact-post = Postadres
contact-email = E-mail
contact-hours = Openingstijden
contact-website = Website
footer-links = Over deze website
footer-privacy = Privacyverklaring
footer-accessibility = Toegankelijkheidsverklaring
