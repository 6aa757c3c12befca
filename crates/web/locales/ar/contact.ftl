# How to reach the municipality: the footer of every page.
contact-heading = التواصل مع البلدية
contact-phone = الهاتف
contact-visit = عنوان الزيارة
contact-post = العنوان البريدي
contact-email = البريد الإلكتروني
contact-hours = أوقات العمل
contact-website = الموقع الإلكتروني
footer-links = عن هذا الموقع
footer-privacy = بيان الخصوصية
footer-accessibility = بيان إمكانية الوصول
