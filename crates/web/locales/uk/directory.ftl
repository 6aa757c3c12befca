# The public sociale kaart: start page, search, offer, organisation and vraagwijzer.

## Start page
start-heading = Допомога і підтримка: { $place }
start-lead = Знайдіть допомогу поруч: від ранкової кави до допомоги з грошовими проблемами чи вихованням дітей. Спочатку ми показуємо те, що близько і найпростіше.
start-question = З чим вам потрібна допомога?
start-placeholder = Наприклад: проблеми з грошима, самотність, виховання
start-guide-before = Не знаєте, де шукати?
start-guide-link = Скористайтеся путівником
start-guide-after = : три короткі запитання, і ви побачите, яка допомога підходить.
start-topics = Пошук за темою
start-layers = Легко, де можна, інтенсивно, де потрібно
start-professional = Ви працюєте в муніципалітеті або в партнерській організації?
start-professional-link = Увійти

## Life domains, in residents' words
domain-finances = Гроші та борги
domain-work-and-education = Робота, школа і навчання
domain-daytime-activities = Заняття протягом дня
domain-housing = Житло і дах над головою
domain-domestic-relations = Стосунки і сім'я
domain-parenting = Діти і виховання
domain-mental-health = Тривоги, стрес і психічне здоров'я
domain-physical-health = Здоров'я і тіло
domain-substance-use = Алкоголь, наркотики та азартні ігри
domain-daily-living = Допомога вдома і біля дому
domain-social-network = Спілкування з іншими
domain-participation = Участь у житті району
domain-justice-and-safety = Поліція, правосуддя і безпека
domain-language-and-skills = Мова, читання і комп'ютер

## Layers
layer-own-strength = Самостійно, з родиною і сусідами
layer-social-base = У районі, всім раді
layer-open-access = Відкрито для всіх: можна просто прийти
layer-targeted = Допомога для вас, після розмови
layer-intensive = Інтенсивна або термінова допомога
layer-own-strength-explained = Те, що ви можете зробити самі, з допомогою родини, сусідів і друзів.
layer-social-base-explained = Заходи і місця в районі, де раді всім, наприклад районний центр, бібліотека чи спортивний клуб.
layer-open-access-explained = Допомога, на яку ви можете записатися самі, без направлення чи рішення муніципалітету, наприклад соціальна робота або консультації з виховання.
layer-targeted-explained = Допомога, підібрана для вас. Муніципалітет або той, хто направляє, спочатку разом з вами дивиться, що потрібно, наприклад для допомоги по господарству чи допомоги молоді.
layer-intensive-explained = Інтенсивна або термінова допомога при великих проблемах або коли небезпечно.

## How a resident gets to an offer
access-open = Можна просто прийти
access-register = Ви записуєтеся самі
access-referral = Потрібне направлення
access-indication = Спочатку потрібне рішення муніципалітету (indicatie)
access-referral-how = Як отримати направлення? Запитайте свого сімейного лікаря, дитячого лікаря або соціальну команду.
access-indication-how = Як отримати це рішення? Розкажіть муніципалітету, що вам потрібно. Працівник поговорить з вами і подивиться, що підходить. Якщо ця допомога підходить, ви отримаєте лист із рішенням (beschikking). Після цього можна починати.
access-ask-link = Поставте своє запитання муніципалітету

## Who an offer is for
group-children = Діти і підлітки
group-young-adults = Молодь (від 16 до 27 років)
group-families = Сім'ї
group-adults = Дорослі
group-elderly = Літні люди
group-carers = Люди, які доглядають за близькими
group-newcomers = Новоприбулі з дозволом на проживання
group-disabled = Люди з інвалідністю
group-volunteers = Волонтери

## Search page
search-title = Пошук
search-heading = Пошук допомоги
search-words = Слова для пошуку
search-button = Шукати
search-error = Цей пошук неправильний: { $reason }.
search-error-layer = вид допомоги '{ $value }' не є числом від 1 до 5
search-error-topic = ми не знаємо теми '{ $value }'
search-error-area = район '{ $value }' не є кодом району, як WK990101
search-error-age = вік '{ $value }' не є віком від 0 до 120
search-error-page = сторінки '{ $value }' не існує
filters-summary = { $n ->
    [0] Більше варіантів
   *[other] Більше варіантів (вибрано: { $n })
}
filter-topic = Тема
filter-layer = Вид допомоги
filter-area = Район або село
filter-area-any = Всюди
filter-age = Вік того, хто шукає допомогу
filter-free = Лише безкоштовно
filter-without-referral = Без направлення
filter-open-now = Відкрито зараз
filter-apply = Застосувати
results-count = { $n ->
    [one] { $n } результат
    [few] { $n } результати
   *[other] { $n } результатів
}
search-understood = Ви шукали:
search-typed = ви написали:
search-unknown = Ми не знаємо цих слів:
search-nothing = Ми не знайшли нічого відповідного.
search-little = Ми знайшли небагато.
search-not-there = Немає потрібної допомоги?
search-ask-link = Поставте своє запитання муніципалітету
search-ask-after = : вам відповість працівник.
search-guide-before = Або спробуйте
search-guide-link = путівник
search-try-other = Також можна спробувати інше слово або менше варіантів.
search-order = Допомога, що підходить однаково добре, показана від найлегшої.
search-print = Надрукувати список
pager-label = Сторінки
pager-previous = Попередня сторінка
pager-next = Наступна сторінка
pager-position = Сторінка { $page } з { $pages }

## A result card
card-free = Безкоштовно
card-stale = Увага: цю інформацію не перевіряли понад рік.

## Crisis numbers
crisis-heading = Потрібна допомога прямо зараз?
crisis-call = Телефонуйте:
crisis-offers = Кризова допомога поруч:
crisis-suicide-question = Ви думаєте про самогубство?
crisis-suicide-advice = Поговоріть про це з 113 Запобігання самогубствам, вдень і вночі, анонімно. 0800-0113 безкоштовний. Також можна написати в чат на 113.nl.
crisis-violence-question = Насильство або жорстоке поводження вдома, чи тривога за дитину?
crisis-violence-advice = Телефонуйте у Veilig Thuis (Безпечний дім), безкоштовно, вдень і вночі. Навіть якщо ви сумніваєтеся або йдеться про іншу людину.
crisis-shelter-question = Немає де спати сьогодні вночі?
crisis-shelter-advice = Притулки зі списку нижче допоможуть вам уже сьогодні. Якщо ви на вулиці і в небезпеці, телефонуйте 112.
crisis-danger-question = Зараз є небезпека?
crisis-danger-advice = Телефонуйте в поліцію, швидку допомогу або пожежну службу.
crisis-quiet-label = Допомога в небезпеці
crisis-quiet-intro = Потрібна допомога негайно?
crisis-quiet-danger = У небезпеці телефонуйте:
crisis-quiet-suicide = Думаєте про самогубство? Телефонуйте:
crisis-quiet-or-free = або безкоштовно
crisis-quiet-violence = Насильство вдома або тривога за дитину? Телефонуйте у Veilig Thuis, безкоштовно:
crisis-quiet-always = Вдень і вночі.

## Offer page
offer-back = Назад до пошуку
offer-from = Організація:
offer-closed = Ця послуга тимчасово закрита.
offer-gone = Цієї послуги більше немає.
offer-stale = Увага: цю інформацію не перевіряли понад рік. Спочатку зателефонуйте або напишіть.
offer-what = Що це?
offer-for-whom = Для кого?
offer-age = Вік
offer-groups = Для
offer-topics = Теми
offer-where = Де
offer-costs-and-apply = Вартість і запис
offer-costs = Вартість
offer-access = Як потрапити?
offer-via = через
offer-apply = Як записатися
offer-where-when = Де і коли
offer-no-place = Немає постійного місця: телефоном, онлайн або у вас вдома.
offer-by-appointment = За записом.
offer-contact = Контакти
offer-phone = Телефон:
offer-email = Ел. пошта:
offer-website = Вебсайт:
offer-checked = Остання перевірка: { $date }.
offer-never-checked = ніколи
offer-whole-municipality = весь муніципалітет
ages-all = будь-який вік
ages-from = від { $min } років
ages-to = до { $max } років
ages-between = від { $min } до { $max } років
weekday-1 = понеділок
weekday-2 = вівторок
weekday-3 = середа
weekday-4 = четвер
weekday-5 = п'ятниця
weekday-6 = субота
weekday-7 = неділя
list-and = і
report-heading = Щось не так?
report-thanks = Дякуємо. Редакція перегляне ваше повідомлення.
report-what = Що не так?
report-contact = Ваша ел. пошта або телефон (можна не заповнювати)
report-leave-empty = Залиште це поле порожнім
report-send = Надіслати повідомлення
report-too-short = Напишіть кількома словами, що не так.
report-too-long = Ваше повідомлення задовге. Використайте не більше 2000 символів.
report-too-many = Ви надіслали багато повідомлень. Спробуйте ще раз за хвилину.

## Organisation page
org-offers = Що пропонує ця організація
org-none = Зараз ця організація не має послуг у Kompas.

## Vraagwijzer
guide-title = Путівник
guide-lead = Дайте відповідь на три короткі запитання. Тоді ви побачите, яка допомога підходить, найлегша — першою.
guide-for-whom = 1. Для кого ви шукаєте допомогу?
guide-for-self = Для себе
guide-for-child = Для моєї дитини
guide-for-parent = Для мого батька або матері
guide-for-other = Для іншої людини
guide-about = 2. Про що йдеться? Можна вибрати більше одного.
guide-where = 3. Де ви живете?
guide-area-unknown = Не знаю
guide-postcode = Або ваш поштовий індекс
guide-submit = Показати, що підходить
guide-answer = Це підходить до вашого запитання
guide-answer-in = Це підходить до вашого запитання, місце:
guide-none = Ми не знайшли відповідної послуги.
guide-search-yourself = Шукайте самі
guide-more = Переглянути всі послуги для цього запитання
guide-how = Як ми впорядковуємо допомогу
guide-how-text = Спочатку ми показуємо легку допомогу. Часто цього достатньо, і це поруч. Потрібно більше? Тоді є інтенсивніша допомога.
guide-error = Перевірте свою відповідь: { $reasons }.
guide-error-topic = ми не знаємо теми '{ $value }'
guide-error-postcode = '{ $value }' не є поштовим індексом, як 1234 AB
guide-error-elsewhere = поштовий індекс { $value } не в цьому муніципалітеті; виберіть район або село
