# The public sociale kaart: start page, search, offer, organisation and vraagwijzer.

## Start page
start-heading = المساعدة والدعم في { $place }
start-lead = ابحث عن مساعدة قريبة منك: من لقاء قهوة صباحي إلى المساعدة في مشاكل المال أو تربية الأطفال. نعرض أولاً ما هو قريب وخفيف.
start-question = في أي شيء تحتاج إلى مساعدة؟
start-placeholder = مثلاً: مشاكل مالية، وحدة، تربية
start-guide-before = لا تعرف أين تبحث؟
start-guide-link = استخدم دليل الأسئلة
start-guide-after = : ثلاثة أسئلة قصيرة، وترى المساعدة المناسبة.
start-topics = ابحث حسب الموضوع
start-layers = خفيف حيث يمكن، ومكثف حيث يلزم
start-professional = هل تعمل في البلدية أو في منظمة شريكة؟
start-professional-link = تسجيل الدخول

## Life domains, in residents' words
domain-finances = المال والديون
domain-work-and-education = العمل والمدرسة والدراسة
domain-daytime-activities = نشاط خلال النهار
domain-housing = السكن وسقف فوق رأسك
domain-domestic-relations = العلاقة والأسرة
domain-parenting = الأطفال والتربية
domain-mental-health = الهموم والتوتر والصحة النفسية
domain-physical-health = الصحة والجسم
domain-substance-use = الكحول والمخدرات والقمار
domain-daily-living = المساعدة في البيت وحوله
domain-social-network = التواصل مع الآخرين
domain-participation = المشاركة في الحي
domain-justice-and-safety = الشرطة والقضاء والأمان
domain-language-and-skills = اللغة والقراءة والحاسوب

## Layers
layer-own-strength = بنفسك، مع العائلة والجيران
layer-social-base = في الحي، الجميع مرحب بهم
layer-open-access = مفتوح للجميع: يمكنك الدخول مباشرة
layer-targeted = مساعدة حسب حاجتك، بعد محادثة
layer-intensive = مساعدة مكثفة أو عاجلة
layer-own-strength-explained = ما يمكنك فعله بنفسك، بمساعدة العائلة والجيران والأصدقاء.
layer-social-base-explained = أنشطة وأماكن في الحي يرحب فيها بالجميع، مثل مركز الحي أو المكتبة أو نادٍ رياضي.
layer-open-access-explained = مساعدة يمكنك التسجيل فيها بنفسك، بدون تحويل أو قرار من البلدية، مثل العمل الاجتماعي أو استشارة التربية.
layer-targeted-explained = مساعدة حسب حاجتك. تنظر البلدية أو جهة التحويل معك أولاً فيما تحتاجه، مثل المساعدة المنزلية أو رعاية الشباب.
layer-intensive-explained = مساعدة مكثفة أو عاجلة عند المشاكل الكبيرة أو عندما لا يكون الوضع آمناً.

## How a resident gets to an offer
access-open = يمكنك الدخول مباشرة
access-register = تسجل بنفسك
access-referral = تحتاج إلى تحويل
access-indication = تحتاج أولاً إلى قرار من البلدية (indicatie)
access-referral-how = كيف تحصل على تحويل؟ اسأل طبيب العائلة أو طبيب الشباب أو الفريق الاجتماعي.
access-indication-how = كيف تحصل على هذا القرار؟ أخبر البلدية بما تحتاجه. يتحدث معك موظف وينظر فيما يناسبك. إذا كانت هذه المساعدة مناسبة، تصلك رسالة بالقرار (beschikking). بعد ذلك يمكنك البدء.
access-ask-link = اطرح سؤالك على البلدية

## Who an offer is for
group-children = الأطفال والمراهقون
group-young-adults = الشباب (من 16 إلى 27 سنة)
group-families = العائلات
group-adults = البالغون
group-elderly = كبار السن
group-carers = من يعتني بشخص قريب (مقدمو الرعاية)
group-newcomers = القادمون الجدد الحاصلون على إقامة
group-disabled = الأشخاص ذوو الإعاقة
group-volunteers = المتطوعون

## Search page
search-title = بحث
search-heading = البحث عن مساعدة
search-words = كلمات البحث
search-button = بحث
search-error = هذا البحث غير صحيح: { $reason }.
search-error-layer = نوع المساعدة '{ $value }' ليس رقماً من 1 إلى 5
search-error-topic = لا نعرف الموضوع '{ $value }'
search-error-area = الحي '{ $value }' ليس رمز حي مثل WK990101
search-error-age = العمر '{ $value }' ليس عمراً بين 0 و 120
search-error-page = الصفحة '{ $value }' غير موجودة
filters-summary = { $n ->
    [0] خيارات أكثر
   *[other] خيارات أكثر ({ $n } مختارة)
}
filter-topic = الموضوع
filter-layer = نوع المساعدة
filter-area = الحي أو القرية
filter-area-any = في كل مكان
filter-age = عمر الشخص الذي يحتاج المساعدة
filter-free = المجاني فقط
filter-without-referral = بدون تحويل
filter-open-now = مفتوح الآن
filter-apply = تطبيق الخيارات
results-count = { $n ->
    [zero] لا توجد نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $n } نتائج
   *[other] { $n } نتيجة
}
search-understood = بحثت عن:
search-typed = كتبت:
search-unknown = لا نعرف هذه الكلمات:
search-nothing = لم نجد شيئاً مناسباً.
search-little = وجدنا القليل.
search-not-there = ألا تجد المساعدة التي تحتاجها؟
search-ask-link = اطرح سؤالك على البلدية
search-ask-after = : سيجيبك موظف.
search-guide-before = أو جرّب
search-guide-link = دليل الأسئلة
search-try-other = يمكنك أيضاً تجربة كلمة أخرى أو خيارات أقل.
search-order = المساعدة المناسبة بنفس الدرجة تظهر مع الأخف أولاً.
search-print = طباعة القائمة
pager-label = الصفحات
pager-previous = الصفحة السابقة
pager-next = الصفحة التالية
pager-position = الصفحة { $page } من { $pages }

## A result card
card-free = مجاني
card-stale = انتبه: لم يتم التحقق من هذه المعلومات منذ أكثر من سنة.

## Crisis numbers
crisis-heading = تحتاج إلى مساعدة الآن؟
crisis-call = اتصل بـ
crisis-offers = مساعدة الأزمات في الحي:
crisis-suicide-question = هل تفكر في الانتحار؟
crisis-suicide-advice = تحدث عن ذلك مع 113 للوقاية من الانتحار، ليلاً ونهاراً، دون ذكر اسمك. الرقم 0800-0113 مجاني. يمكنك أيضاً الدردشة على 113.nl.
crisis-violence-question = عنف أو إساءة في البيت، أو قلق على طفل؟
crisis-violence-advice = اتصل بـ Veilig Thuis (آمن في البيت)، مجاناً، ليلاً ونهاراً. حتى لو لم تكن متأكداً أو كان الأمر يخص شخصاً آخر.
crisis-shelter-question = لا مكان للنوم الليلة؟
crisis-shelter-advice = أماكن الإيواء في القائمة أدناه تساعدك اليوم. إذا كنت في الخارج وفي خطر، اتصل بـ 112.
crisis-danger-question = هل هناك خطر الآن؟
crisis-danger-advice = اتصل بالشرطة أو الإسعاف أو الإطفاء.
crisis-quiet-label = مساعدة في حالة الخطر
crisis-quiet-intro = تحتاج إلى مساعدة فوراً؟
crisis-quiet-danger = في حالة الخطر: اتصل بـ
crisis-quiet-suicide = هل تفكر في الانتحار؟ اتصل بـ
crisis-quiet-or-free = أو مجاناً
crisis-quiet-violence = عنف في البيت أو قلق على طفل؟ اتصل بـ Veilig Thuis، مجاناً:
crisis-quiet-always = ليلاً ونهاراً.

## Offer page
offer-back = العودة إلى البحث
offer-from = من
offer-closed = هذه الخدمة مغلقة مؤقتاً.
offer-gone = هذه الخدمة لم تعد موجودة.
offer-stale = انتبه: لم يتم التحقق من هذه المعلومات منذ أكثر من سنة. اتصل أو راسلهم أولاً.
offer-what = ما هي؟
offer-for-whom = لمن؟
offer-age = العمر
offer-groups = لـ
offer-topics = المواضيع
offer-where = أين
offer-costs-and-apply = التكاليف والتسجيل
offer-costs = التكاليف
offer-access = كيف تصل إليها؟
offer-via = عن طريق
offer-apply = كيف تسجل
offer-where-when = أين ومتى
offer-no-place = لا يوجد مكان ثابت: بالهاتف أو عبر الإنترنت أو في بيتك.
offer-by-appointment = بموعد.
offer-contact = التواصل
offer-phone = الهاتف:
offer-email = البريد الإلكتروني:
offer-website = الموقع:
offer-checked = آخر تحقق: { $date }.
offer-never-checked = أبداً
offer-whole-municipality = البلدية كلها
ages-all = كل الأعمار
ages-from = من { $min } سنة
ages-to = حتى { $max } سنة
ages-between = من { $min } إلى { $max } سنة
weekday-1 = الاثنين
weekday-2 = الثلاثاء
weekday-3 = الأربعاء
weekday-4 = الخميس
weekday-5 = الجمعة
weekday-6 = السبت
weekday-7 = الأحد
list-and = و
report-heading = هل هناك خطأ؟
report-thanks = شكراً لك. سينظر فريق التحرير في بلاغك.
report-what = ما الخطأ؟
report-contact = بريدك الإلكتروني أو هاتفك (يمكن تركه فارغاً)
report-leave-empty = اترك هذا الحقل فارغاً
report-send = إرسال البلاغ
report-too-short = اكتب ببضع كلمات ما هو الخطأ.
report-too-long = بلاغك طويل جداً. استخدم 2000 حرف على الأكثر.
report-too-many = لقد أرسلت بلاغات كثيرة. حاول مرة أخرى بعد دقيقة.

## Organisation page
org-offers = ما تقدمه هذه المنظمة
org-none = ليس لهذه المنظمة خدمات في Kompas حالياً.

## Vraagwijzer
guide-title = دليل الأسئلة
guide-lead = أجب عن ثلاثة أسئلة قصيرة. بعدها ترى المساعدة المناسبة، مع الأخف أولاً.
guide-for-whom = 1. لمن تبحث عن مساعدة؟
guide-for-self = لنفسي
guide-for-child = لطفلي
guide-for-parent = لأبي أو أمي
guide-for-other = لشخص آخر
guide-about = 2. عن ماذا يدور الأمر؟ يمكنك اختيار أكثر من واحد.
guide-where = 3. أين تسكن؟
guide-area-unknown = لا أعرف
guide-postcode = أو رمزك البريدي
guide-submit = اعرض ما يناسب
guide-answer = هذا يناسب سؤالك
guide-answer-in = هذا يناسب سؤالك في
guide-none = لم نجد خدمة مناسبة.
guide-search-yourself = ابحث بنفسك
guide-more = عرض كل الخدمات لهذا السؤال
guide-how = كيف نرتب المساعدة
guide-how-text = نعرض المساعدة الخفيفة أولاً. غالباً تكون كافية وقريبة. هل تحتاج إلى أكثر؟ توجد مساعدة أكثر كثافة.
guide-error = تحقق من إجابتك: { $reasons }.
guide-error-topic = لا نعرف الموضوع '{ $value }'
guide-error-postcode = '{ $value }' ليس رمزاً بريدياً مثل 1234 AB
guide-error-elsewhere = الرمز البريدي { $value } ليس في هذه البلدية؛ اختر حياً أو قرية
