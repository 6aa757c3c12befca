# How to reach the municipality: the footer of every page.
contact-heading = Зв'язок з муніципалітетом
contact-phone = Телефон
contact-visit = Адреса для відвідування
contact-post = Поштова адреса
contact-email = Електронна пошта
contact-hours = Години роботи
contact-website = Вебсайт
footer-links = Про цей сайт
footer-privacy = Заява про конфіденційність
footer-accessibility = Заява про доступність
