# How to reach the municipality: the footer of every page.
municipal-heading = التواصل مع البلدية
municipal-phone = الهاتف
municipal-visit = عنوان الزيارة
municipal-post = العنوان البريدي
municipal-email = البريد الإلكتروني
municipal-hours = أوقات العمل
municipal-website = الموقع الإلكتروني
municipal-footer-links = عن هذا الموقع
municipal-footer-privacy = بيان الخصوصية
municipal-footer-accessibility = بيان إمكانية الوصول
