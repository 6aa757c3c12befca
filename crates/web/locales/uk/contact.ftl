# How to reach the municipality: the footer of every page.
municipal-heading = Зв'язок з муніципалітетом
municipal-phone = Телефон
municipal-visit = Адреса для відвідування
municipal-post = Поштова адреса
municipal-email = Електронна пошта
municipal-hours = Години роботи
municipal-website = Вебсайт
municipal-footer-links = Про цей сайт
municipal-footer-privacy = Заява про конфіденційність
municipal-footer-accessibility = Заява про доступність
