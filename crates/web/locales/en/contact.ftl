# How to reach the municipality: the footer of every page.
contact-heading = Contact the municipality
contact-phone = Phone
contact-visit = Visiting address
contact-post = Postal address
contact-email = Email
contact-hours = Opening hours
contact-website = Website
footer-links = About this website
footer-privacy = Privacy statement
footer-accessibility = Accessibility statement
