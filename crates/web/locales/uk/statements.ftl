# The privacy statement and the accessibility statement.
statement-organisation = Організація
privacy-statement-title = Заява про конфіденційність
privacy-statement-intro = Муніципалітет { $place } використовує Kompas, щоб допомагати мешканцям із доглядом, вихованням дітей, роботою, грошима та боргами. Тут ви прочитаєте, які дані ми зберігаємо, навіщо, хто їх бачить і як довго.
privacy-statement-what-heading = Які дані ми зберігаємо?
privacy-statement-what-question = Те, що ви заповнюєте, коли ставите запитання: ваше запитання і, якщо бажаєте, ім'я, номер телефону, електронну пошту та поштовий індекс.
privacy-statement-what-household = Коли ми вам допомагаємо: хто живе у вашому домогосподарстві, ваш план із цілями та домовленостями, короткі нотатки розмов.
privacy-statement-what-log = Хто переглядав або змінював ваші дані і коли.
privacy-statement-what-search = Шукати на цьому сайті можна без облікового запису. Ми не зберігаємо, хто шукає.
privacy-statement-why-heading = Чому ми маємо на це право?
privacy-statement-why = Муніципалітет мусить допомагати мешканцям. Так написано в цих законах, і тому ми можемо використовувати ваші дані:
privacy-statement-law-wmo = Закон про соціальну підтримку 2015 (Wmo 2015): допомога та підтримка вдома.
privacy-statement-law-jeugd = Закон про молодь (Jeugdwet): допомога дітям, молоді та батькам.
privacy-statement-law-participatie = Закон про участь (Participatiewet): робота та допомога по безробіттю.
privacy-statement-law-wgs = Закон про муніципальну допомогу з боргами (Wgs): допомога з боргами.
privacy-statement-why-question = Ви самі надсилаєте запитання через форму? Тоді ми використовуємо ваші дані лише тоді, коли ви поставите позначку згоди.
privacy-statement-who-heading = Хто бачить ваші дані?
privacy-statement-who-workers = Лише працівники, які працюють із вашим домогосподарством.
privacy-statement-who-partners = Організація поза муніципалітетом, наприклад для допомоги з боргами, бачить щось лише за вашою згодою. Ми питаємо кожну людину в домогосподарстві окремо.
privacy-statement-who-log = Щоразу, коли хтось переглядає ваші дані, ми записуємо, хто це був і чому.
privacy-statement-keep-heading = Як довго ми зберігаємо ваші дані?
privacy-statement-keep-youth = Допомога дітям і молоді (Jeugdwet): { $years ->
        [one] { $years } рік
        [few] { $years } роки
        *[other] { $years } років
    } після останньої зміни.
privacy-statement-keep-wmo = Допомога вдома (Wmo 2015): { $years ->
        [one] { $years } рік
        [few] { $years } роки
        *[other] { $years } років
    } після останньої зміни.
privacy-statement-keep-other = Інша допомога: { $years ->
        [one] { $years } рік
        [few] { $years } роки
        *[other] { $years } років
    } після останньої зміни.
privacy-statement-keep-after = Після цього ми видаляємо дані.
privacy-statement-rights-heading = Ваші права
privacy-statement-rights-see-before = Ви можете побачити, які дані про вас ми маємо. Подивіться в
privacy-statement-rights-see-link = Мій Kompas
privacy-statement-rights-see-after = або запитайте нас.
privacy-statement-rights-correct = Щось неправильно? Ви можете попросити це виправити.
privacy-statement-rights-object = Не хочете, щоб ми так використовували ваші дані? Ви можете подати заперечення.
privacy-statement-rights-complaint = Не задоволені нашою відповіддю? Ви можете поскаржитися до нідерландського органу захисту даних (Autoriteit Persoonsgegevens).
privacy-statement-contact-heading = Запитання про конфіденційність?
privacy-statement-contact-officer = Напишіть уповноваженому із захисту даних муніципалітету:
privacy-statement-contact-municipality = Ви також можете звернутися до муніципалітету:
a11y-title = Заява про доступність
a11y-intro = Муніципалітет { $place } хоче, щоб цим сайтом могли користуватися всі, зокрема люди з інвалідністю.
a11y-scope-heading = Про який сайт ідеться?
a11y-scope = Ця заява стосується Kompas: пошуку допомоги, покрокового помічника, форми для запитання та Мого Kompas. Сторінки для працівників муніципалітету сюди не входять.
a11y-status-heading = Наскільки доступний сайт?
a11y-status-full = Цей сайт повністю відповідає вимогам доступності (WCAG 2.1, рівень AA).
a11y-status-partial = Цей сайт частково відповідає вимогам доступності (WCAG 2.1, рівень AA).
a11y-checked = Востаннє сайт перевіряли { $date }.
a11y-not-checked = Сайт ще не перевіряло незалежне дослідницьке бюро.
a11y-how = Після кожної зміни ми автоматично перевіряємо сторінки на відповідність вимогам, також на вузькому екрані та всіма шістьма мовами.
a11y-known = Ми працюємо над тим, щоб усе відповідало вимогам. Те, що ще не так, виправляємо якнайшвидше.
a11y-report-heading = Щось не працює?
a11y-report = Не можете щось прочитати або використати? Повідомте нас. Ми відповімо протягом 5 робочих днів.
a11y-ombudsman = Не задоволені нашою відповіддю? Тоді ви можете звернутися до Національного омбудсмена (Nationale ombudsman).
