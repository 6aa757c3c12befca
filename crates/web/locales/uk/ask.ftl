# The question form (/vraag-stellen) and its confirmation.
question-form-title = Поставте запитання
question-form-intro = Маєте запитання про гроші, житло, виховання дітей, догляд, роботу чи щось інше? Напишіть його тут. Працівник муніципалітету зв'яжеться з вами протягом { $days ->
        [one] { $days } робочого дня
        *[other] { $days } робочих днів
    }. Обліковий запис не потрібен.
question-form-not-sent = Ваше запитання ще не надіслано.
question-form-fix = Виправте це:
question-form-question-label = Ваше запитання, своїми словами
question-form-question-hint = Розкажіть, що відбувається і з чим вам потрібна допомога.
question-form-who-legend = Кого стосується ваше запитання? (необов'язково)
question-form-who-none = Волію не казати
question-form-who-self = Мене
question-form-who-child = Моєї дитини
question-form-who-parent = Мого батька або матері
question-form-who-other = Когось іншого
question-form-topic-legend = Про що йдеться? (необов'язково, виберіть, що підходить)
question-form-domain-financien = Гроші та борги
question-form-domain-werk-en-opleiding = Робота або навчання
question-form-domain-dagbesteding = Заняття протягом дня
question-form-domain-huisvesting = Житло
question-form-domain-huiselijke-relaties = Стосунки та сварки вдома
question-form-domain-opvoeden-en-opgroeien = Виховання та дорослішання
question-form-domain-geestelijke-gezondheid = Стрес, тривога або пригніченість
question-form-domain-lichamelijke-gezondheid = Ваше тіло та здоров'я
question-form-domain-middelengebruik = Алкоголь, наркотики або азартні ігри
question-form-domain-dagelijkse-levensverrichtingen = Допомога вдома та біля дому
question-form-domain-sociaal-netwerk = Самотність і спілкування з іншими
question-form-domain-maatschappelijke-deelname = Участь у житті району
question-form-domain-justitie-en-veiligheid = Поліція, правосуддя та безпека
question-form-domain-taal-en-basisvaardigheden = Мова, читання, письмо та рахунок
question-form-reach-heading = Як ми можемо з вами зв'язатися?
question-form-reach-intro = Ви можете поставити запитання й без імені. Тоді ми зможемо зв'язатися з вами, лише якщо ви вкажете номер телефону або електронну пошту.
question-form-name-label = Ваше ім'я (необов'язково)
question-form-way-legend = Що вам зручніше?
question-form-way-phone = Зателефонуйте мені
question-form-way-email = Надішліть мені лист
question-form-way-visit = Призначте зустріч або я прийду
question-form-phone-label = Номер телефону
question-form-email-label = Електронна пошта
question-form-postcode-label = Поштовий індекс (необов'язково)
question-form-postcode-hint = Так ми знатимемо, яка команда у вашому районі може вам допомогти.
question-form-honeypot = Залиште це поле порожнім
question-form-privacy-heading = Що ми робимо з вашими даними?
question-form-privacy-text = Те, що ви тут заповните, ми використовуємо лише для того, щоб допомогти вам із цим запитанням. Прочитати це можуть лише працівники, які працюють над вашим запитанням, і ми записуємо, хто це переглядав. Ви завжди можете запитати, які дані про вас у нас є.
question-form-privacy-link = Прочитайте заяву про конфіденційність
question-form-consent-label = Я згоден (згодна), щоб муніципалітет використовував мої дані, щоб мені допомогти
question-form-submit = Надіслати запитання
question-form-error-question-empty = Напишіть кількома словами, з чим вам потрібна допомога.
question-form-error-question-long = Ваше запитання задовге: використайте не більше 4000 символів.
question-form-error-name = Це ім'я задовге або містить дивні символи.
question-form-error-way = Виберіть, як ми можемо з вами зв'язатися.
question-form-error-phone-missing = Ви хочете, щоб вам зателефонували: вкажіть номер телефону.
question-form-error-phone = Вкажіть номер телефону з 10 цифр, наприклад 06 12345678.
question-form-error-email-missing = Ви хочете отримати лист: вкажіть свою електронну пошту.
question-form-error-email = Вкажіть електронну пошту, наприклад name@example.nl.
question-form-error-visit = Для зустрічі нам потрібен номер телефону або електронна пошта.
question-form-error-postcode = Цей поштовий індекс неправильний. Індекс має 4 цифри і 2 літери, наприклад 1234 AB.
question-form-error-consent = Поставте позначку, якщо ви згодні, щоб ми використовували ваші дані, щоб вам допомогти.
question-form-error-busy = З вашого з'єднання надіслано багато запитань. Зачекайте хвилину й спробуйте знову; ваш текст залишився.
question-sent-title = Ваше запитання надіслано
question-sent-thanks = Дякуємо. Ми отримали ваше запитання.
question-sent-reference = Ваш номер звернення:
question-sent-reference-hint = Назвіть цей номер, коли телефонуєте або пишете нам щодо свого запитання.
question-sent-next-heading = Що буде далі?
question-sent-step-read = Працівник муніципалітету читає ваше запитання.
question-sent-step-contact = Ми зв'яжемося з вами протягом { $days ->
        [one] { $days } робочого дня
        *[other] { $days } робочих днів
    }. Субота, неділя та святкові дні не рахуються.
question-sent-step-by = Ви отримаєте від нас відповідь не пізніше { $date }.
question-sent-step-together = Разом ми подивимося, що вам потрібно. Часто вам уже може допомогти хтось у вашому районі.
question-sent-questions-heading = Зв'яжіться з нами самі
question-sent-call = Хочете щось запитати або додати? Зателефонуйте до муніципалітету:
question-sent-call-no-number = Хочете щось запитати або додати? Тоді зверніться до муніципалітету.
question-sent-no-contact = Ви не вказали номер телефону чи електронну пошту? Тоді ми не зможемо з вами зв'язатися. Зв'яжіться з нами самі та назвіть номер звернення.
question-sent-search = Самостійно шукайте допомогу поблизу
