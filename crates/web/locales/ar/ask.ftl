# The question form (/vraag-stellen) and its confirmation.
ask-title = اطرح سؤالك
ask-intro = هل لديك سؤال عن المال أو السكن أو تربية الأطفال أو الرعاية أو العمل أو شيء آخر؟ اكتبه هنا. سيتواصل معك موظف من البلدية خلال { $days ->
        [one] يوم عمل واحد
        [two] يومي عمل
        [few] { $days } أيام عمل
        *[other] { $days } يوم عمل
    }. لا تحتاج إلى حساب.
ask-not-sent = لم يُرسل سؤالك بعد.
ask-fix = صحّح ما يلي:
ask-question-label = سؤالك، بكلماتك الخاصة
ask-question-hint = أخبرنا بما يحدث وبما تحتاج المساعدة فيه.
ask-who-legend = عن من سؤالك؟ (اختياري)
ask-who-none = أفضّل ألا أقول
ask-who-self = عن نفسي
ask-who-child = عن طفلي
ask-who-parent = عن أبي أو أمي
ask-who-other = عن شخص آخر
ask-topic-legend = عن ماذا يدور السؤال؟ (اختياري، اختر ما يناسب)
ask-domain-financien = المال والديون
ask-domain-werk-en-opleiding = العمل أو الدراسة
ask-domain-dagbesteding = نشاط خلال النهار
ask-domain-huisvesting = السكن
ask-domain-huiselijke-relaties = العلاقات والخلافات في البيت
ask-domain-opvoeden-en-opgroeien = تربية الأطفال والنشأة
ask-domain-geestelijke-gezondheid = التوتر أو القلق أو الحزن
ask-domain-lichamelijke-gezondheid = جسمك وصحتك
ask-domain-middelengebruik = الكحول أو المخدرات أو القمار
ask-domain-dagelijkse-levensverrichtingen = المساعدة في البيت وحوله
ask-domain-sociaal-netwerk = الوحدة والتواصل مع الآخرين
ask-domain-maatschappelijke-deelname = المشاركة في الحي
ask-domain-justitie-en-veiligheid = الشرطة والقضاء والأمان
ask-domain-taal-en-basisvaardigheden = اللغة والقراءة والكتابة والحساب
ask-reach-heading = كيف يمكننا الوصول إليك؟
ask-reach-intro = يمكنك أيضاً طرح سؤال بدون اسم. عندها لا نستطيع الوصول إليك إلا إذا أعطيتنا رقم هاتف أو بريداً إلكترونياً.
ask-name-label = اسمك (اختياري)
ask-way-legend = ماذا تفضّل؟
ask-way-phone = اتصلوا بي
ask-way-email = أرسلوا لي بريداً إلكترونياً
ask-way-visit = حدّدوا موعداً أو أزوركم
ask-phone-label = رقم الهاتف
ask-email-label = البريد الإلكتروني
ask-postcode-label = الرمز البريدي (اختياري)
ask-postcode-hint = عندها نعرف أي فريق في منطقتك يستطيع مساعدتك.
ask-honeypot = اترك هذا الحقل فارغاً
ask-privacy-heading = ماذا نفعل ببياناتك؟
ask-privacy-text = نستخدم ما تكتبه هنا فقط لمساعدتك في هذا السؤال. فقط الموظفون الذين يعملون على سؤالك يمكنهم قراءته، ونكتب من اطّلع عليه. يمكنك دائماً أن تسأل عن البيانات التي لدينا عنك.
ask-privacy-link = اقرأ بيان الخصوصية
ask-consent-label = أوافق على أن تستخدم البلدية بياناتي لمساعدتي
ask-submit = أرسل سؤالي
ask-error-question-empty = اكتب ببضع كلمات ما تحتاج المساعدة فيه.
ask-error-question-long = سؤالك طويل جداً: استخدم 4000 حرف على الأكثر.
ask-error-name = هذا الاسم طويل جداً أو فيه رموز غريبة.
ask-error-way = اختر كيف يمكننا الوصول إليك.
ask-error-phone-missing = تريد أن نتصل بك: اكتب رقم هاتفك.
ask-error-phone = اكتب رقم هاتف من 10 أرقام، مثلاً 06 12345678.
ask-error-email-missing = تريد بريداً إلكترونياً: اكتب عنوان بريدك.
ask-error-email = اكتب عنوان بريد إلكتروني مثل name@example.nl.
ask-error-visit = للموعد نحتاج رقم هاتف أو بريداً إلكترونياً.
ask-error-postcode = هذا الرمز البريدي غير صحيح. الرمز البريدي 4 أرقام وحرفان، مثل 1234 AB.
ask-error-consent = ضع علامة إذا كنت توافق على أن نستخدم بياناتك لمساعدتك.
ask-error-busy = أُرسلت أسئلة كثيرة من اتصالك. انتظر دقيقة وحاول مرة أخرى؛ نصّك ما زال هنا.
asked-title = تم إرسال سؤالك
asked-thanks = شكراً لك. لقد استلمنا سؤالك.
asked-reference = رقمك المرجعي:
asked-reference-hint = اذكر هذا الرقم المرجعي عندما تتصل بنا أو تراسلنا بخصوص سؤالك.
asked-next-heading = ماذا يحدث الآن؟
asked-step-read = يقرأ موظف من البلدية سؤالك.
asked-step-contact = سنتواصل معك خلال { $days ->
        [one] يوم عمل واحد
        [two] يومي عمل
        [few] { $days } أيام عمل
        *[other] { $days } يوم عمل
    }. أيام السبت والأحد والعطل الرسمية لا تُحسب.
asked-step-by = ستسمع منا في موعد أقصاه { $date }.
asked-step-together = ننظر معاً فيما تحتاجه. غالباً يستطيع شخص في حيّك أن يساعدك.
asked-questions-heading = تواصل معنا بنفسك
asked-call = هل تريد أن تسأل أو تضيف شيئاً؟ اتصل بالبلدية:
asked-call-no-number = هل تريد أن تسأل أو تضيف شيئاً؟ تواصل عندها مع البلدية.
asked-no-contact = ألم تعطنا رقم هاتف أو بريداً إلكترونياً؟ عندها لا نستطيع الوصول إليك. تواصل معنا بنفسك واذكر رقمك المرجعي.
asked-search = ابحث بنفسك عن مساعدة قريبة منك
