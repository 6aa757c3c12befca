# The question form (/vraag-stellen) and its confirmation.
question-form-title = اطرح سؤالك
question-form-intro = هل لديك سؤال عن المال أو السكن أو تربية الأطفال أو الرعاية أو العمل أو شيء آخر؟ اكتبه هنا. سيتواصل معك موظف من البلدية خلال { $days ->
        [one] يوم عمل واحد
        [two] يومي عمل
        [few] { $days } أيام عمل
        *[other] { $days } يوم عمل
    }. لا تحتاج إلى حساب.
question-form-not-sent = لم يُرسل سؤالك بعد.
question-form-fix = صحّح ما يلي:
question-form-question-label = سؤالك، بكلماتك الخاصة
question-form-question-hint = أخبرنا بما يحدث وبما تحتاج المساعدة فيه.
question-form-who-legend = عن من سؤالك؟ (اختياري)
question-form-who-none = أفضّل ألا أقول
question-form-who-self = عن نفسي
question-form-who-child = عن طفلي
question-form-who-parent = عن أبي أو أمي
question-form-who-other = عن شخص آخر
question-form-topic-legend = عن ماذا يدور السؤال؟ (اختياري، اختر ما يناسب)
question-form-domain-financien = المال والديون
question-form-domain-werk-en-opleiding = العمل أو الدراسة
question-form-domain-dagbesteding = نشاط خلال النهار
question-form-domain-huisvesting = السكن
question-form-domain-huiselijke-relaties = العلاقات والخلافات في البيت
question-form-domain-opvoeden-en-opgroeien = تربية الأطفال والنشأة
question-form-domain-geestelijke-gezondheid = التوتر أو القلق أو الحزن
question-form-domain-lichamelijke-gezondheid = جسمك وصحتك
question-form-domain-middelengebruik = الكحول أو المخدرات أو القمار
question-form-domain-dagelijkse-levensverrichtingen = المساعدة في البيت وحوله
question-form-domain-sociaal-netwerk = الوحدة والتواصل مع الآخرين
question-form-domain-maatschappelijke-deelname = المشاركة في الحي
question-form-domain-justitie-en-veiligheid = الشرطة والقضاء والأمان
question-form-domain-taal-en-basisvaardigheden = اللغة والقراءة والكتابة والحساب
question-form-reach-heading = كيف يمكننا الوصول إليك؟
question-form-reach-intro = يمكنك أيضاً طرح سؤال بدون اسم. عندها لا نستطيع الوصول إليك إلا إذا أعطيتنا رقم هاتف أو بريداً إلكترونياً.
question-form-name-label = اسمك (اختياري)
question-form-way-legend = ماذا تفضّل؟
question-form-way-phone = اتصلوا بي
question-form-way-email = أرسلوا لي بريداً إلكترونياً
question-form-way-visit = حدّدوا موعداً أو أزوركم
question-form-phone-label = رقم الهاتف
question-form-email-label = البريد الإلكتروني
question-form-postcode-label = الرمز البريدي (اختياري)
question-form-postcode-hint = عندها نعرف أي فريق في منطقتك يستطيع مساعدتك.
question-form-honeypot = اترك هذا الحقل فارغاً
question-form-privacy-heading = ماذا نفعل ببياناتك؟
question-form-privacy-text = نستخدم ما تكتبه هنا فقط لمساعدتك في هذا السؤال. فقط الموظفون الذين يعملون على سؤالك يمكنهم قراءته، ونكتب من اطّلع عليه. يمكنك دائماً أن تسأل عن البيانات التي لدينا عنك.
question-form-privacy-link = اقرأ بيان الخصوصية
question-form-consent-label = أوافق على أن تستخدم البلدية بياناتي لمساعدتي
question-form-submit = أرسل سؤالي
question-form-error-question-empty = اكتب ببضع كلمات ما تحتاج المساعدة فيه.
question-form-error-question-long = سؤالك طويل جداً: استخدم 4000 حرف على الأكثر.
question-form-error-name = هذا الاسم طويل جداً أو فيه رموز غريبة.
question-form-error-way = اختر كيف يمكننا الوصول إليك.
question-form-error-phone-missing = تريد أن نتصل بك: اكتب رقم هاتفك.
question-form-error-phone = اكتب رقم هاتف من 10 أرقام، مثلاً 06 12345678.
question-form-error-email-missing = تريد بريداً إلكترونياً: اكتب عنوان بريدك.
question-form-error-email = اكتب عنوان بريد إلكتروني مثل name@example.nl.
question-form-error-visit = للموعد نحتاج رقم هاتف أو بريداً إلكترونياً.
question-form-error-postcode = هذا الرمز البريدي غير صحيح. الرمز البريدي 4 أرقام وحرفان، مثل 1234 AB.
question-form-error-consent = ضع علامة إذا كنت توافق على أن نستخدم بياناتك لمساعدتك.
question-form-error-busy = أُرسلت أسئلة كثيرة من اتصالك. انتظر دقيقة وحاول مرة أخرى؛ نصّك ما زال هنا.
question-sent-title = تم إرسال سؤالك
question-sent-thanks = شكراً لك. لقد استلمنا سؤالك.
question-sent-reference = رقمك المرجعي:
question-sent-reference-hint = اذكر هذا الرقم المرجعي عندما تتصل بنا أو تراسلنا بخصوص سؤالك.
question-sent-next-heading = ماذا يحدث الآن؟
question-sent-step-read = يقرأ موظف من البلدية سؤالك.
question-sent-step-contact = سنتواصل معك خلال { $days ->
        [one] يوم عمل واحد
        [two] يومي عمل
        [few] { $days } أيام عمل
        *[other] { $days } يوم عمل
    }. أيام السبت والأحد والعطل الرسمية لا تُحسب.
question-sent-step-by = ستسمع منا في موعد أقصاه { $date }.
question-sent-step-together = ننظر معاً فيما تحتاجه. غالباً يستطيع شخص في حيّك أن يساعدك.
question-sent-questions-heading = تواصل معنا بنفسك
question-sent-call = هل تريد أن تسأل أو تضيف شيئاً؟ اتصل بالبلدية:
question-sent-call-no-number = هل تريد أن تسأل أو تضيف شيئاً؟ تواصل عندها مع البلدية.
question-sent-no-contact = ألم تعطنا رقم هاتف أو بريداً إلكترونياً؟ عندها لا نستطيع الوصول إليك. تواصل معنا بنفسك واذكر رقمك المرجعي.
question-sent-search = ابحث بنفسك عن مساعدة قريبة منك
