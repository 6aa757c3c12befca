# How to reach the municipality: the footer of every page.
contact-heading = Belediye ile iletişim
contact-phone = Telefon
contact-visit = Ziyaret adresi
contact-post = Posta adresi
contact-email = E-posta
contact-hours = Açık olduğu saatler
contact-website = İnternet sitesi
footer-links = Bu site hakkında
footer-privacy = Gizlilik bildirimi
footer-accessibility = Erişilebilirlik bildirimi
