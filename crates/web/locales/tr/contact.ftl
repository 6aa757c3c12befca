# How to reach the municipality: the footer of every page.
municipal-heading = Belediye ile iletişim
municipal-phone = Telefon
municipal-visit = Ziyaret adresi
municipal-post = Posta adresi
municipal-email = E-posta
municipal-hours = Açık olduğu saatler
municipal-website = İnternet sitesi
municipal-footer-links = Bu site hakkında
municipal-footer-privacy = Gizlilik bildirimi
municipal-footer-accessibility = Erişilebilirlik bildirimi
