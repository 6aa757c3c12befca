# How to reach the municipality: the footer of every page.
municipal-heading = Contact the municipality
municipal-phone = Phone
municipal-visit = Visiting address
municipal-post = Postal address
municipal-email = Email
municipal-hours = Opening hours
municipal-website = Website
municipal-footer-links = About this website
municipal-footer-privacy = Privacy statement
municipal-footer-accessibility = Accessibility statement
