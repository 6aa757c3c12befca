# The public sociale kaart: start page, search, offer, organisation and vraagwijzer.

## Start page
start-heading = { $place } içinde yardım ve destek
start-lead = Yakınınızda yardım bulun: bir kahve sabahından para sorunları veya çocuk yetiştirme konusunda yardıma kadar. Önce yakın ve hafif olanı gösteriyoruz.
start-question = Hangi konuda yardım arıyorsunuz?
start-placeholder = Örneğin: para sorunları, yalnızlık, çocuk yetiştirme
start-guide-before = Nerede arayacağınızı bilmiyor musunuz?
start-guide-link = Soru rehberini kullanın
start-guide-after = : üç kısa soru, ve hangi yardımın uygun olduğunu görürsünüz.
start-topics = Konuya göre arayın
start-layers = Mümkünse hafif, gerekirse yoğun
start-professional = Belediyede veya bir ortak kuruluşta mı çalışıyorsunuz?
start-professional-link = Giriş yapın

## Life domains, in residents' words
domain-finances = Para ve borçlar
domain-work-and-education = İş, okul ve eğitim
domain-daytime-activities = Gün içinde yapacak bir şey
domain-housing = Konut ve başınızı sokacak bir yer
domain-domestic-relations = İlişki ve aile
domain-parenting = Çocuklar ve çocuk yetiştirme
domain-mental-health = Endişe, stres ve ruh sağlığı
domain-physical-health = Sağlık ve beden
domain-substance-use = Alkol, uyuşturucu ve kumar
domain-daily-living = Ev içinde ve çevresinde yardım
domain-social-network = Başkalarıyla iletişim
domain-participation = Mahalleye katılım
domain-justice-and-safety = Polis, adalet ve güvenlik
domain-language-and-skills = Dil, okuma ve bilgisayar

## Layers
layer-own-strength = Kendiniz, aile ve komşularla
layer-social-base = Mahallede, herkese açık
layer-open-access = Herkese açık: doğrudan gidebilirsiniz
layer-targeted = Size özel yardım, bir görüşmeden sonra
layer-intensive = Yoğun veya acil yardım
layer-own-strength-explained = Aile, komşu ve arkadaşların yardımıyla kendinizin yapabileceği şeyler.
layer-social-base-explained = Herkesin hoş karşılandığı mahalledeki etkinlikler ve yerler, örneğin bir mahalle evi, kütüphane veya spor kulübü.
layer-open-access-explained = Sevk veya belediye kararı olmadan kendiniz başvurabileceğiniz yardım, örneğin sosyal hizmet veya ebeveynlik danışma saati.
layer-targeted-explained = Size özel yardım. Belediye veya sevk eden kişi önce sizinle birlikte neye ihtiyaç olduğuna bakar, örneğin ev işleri yardımı veya gençlik yardımı.
layer-intensive-explained = Büyük sorunlarda veya güvenli olmadığında yoğun ya da acil yardım.

## How a resident gets to an offer
access-open = Doğrudan gidebilirsiniz
access-register = Kendiniz başvurursunuz
access-referral = Bir sevk gerekir
access-indication = Önce belediyenin kararı gerekir (indicatie)
access-referral-how = Sevki nasıl alırsınız? Aile hekiminize, gençlik doktoruna veya sosyal ekibe sorun.
access-indication-how = Bu kararı nasıl alırsınız? Belediyeye neye ihtiyacınız olduğunu anlatın. Bir görevli sizinle konuşur ve neyin uygun olduğuna bakar. Bu yardım uygunsa, kararı içeren bir mektup (beschikking) alırsınız. Sonra başlayabilirsiniz.
access-ask-link = Sorunuzu belediyeye sorun

## Who an offer is for
group-children = Çocuklar ve gençler
group-young-adults = Gençler (16-27 yaş)
group-families = Aileler
group-adults = Yetişkinler
group-elderly = Yaşlılar
group-carers = Bir yakınına bakan kişiler
group-newcomers = Oturma izni olan yeni gelenler
group-disabled = Engelli kişiler
group-volunteers = Gönüllüler

## Search page
search-title = Ara
search-heading = Yardım arayın
search-words = Arama kelimeleri
search-button = Ara
search-error = Bu arama doğru değil: { $reason }.
search-error-layer = yardım türü '{ $value }' 1 ile 5 arasında bir sayı değil
search-error-topic = '{ $value }' konusunu bilmiyoruz
search-error-area = bölge '{ $value }' WK990101 gibi bir bölge kodu değil
search-error-age = yaş '{ $value }' 0 ile 120 arasında bir yaş değil
search-error-page = '{ $value }' sayfası yok
filters-summary = { $n ->
    [0] Daha fazla seçenek
   *[other] Daha fazla seçenek ({ $n } seçili)
}
filter-topic = Konu
filter-layer = Yardım türü
filter-area = Mahalle veya köy
filter-area-any = Her yerde
filter-age = Yardım arayan kişinin yaşı
filter-free = Sadece ücretsiz
filter-without-referral = Sevk olmadan
filter-open-now = Şimdi açık
filter-apply = Seçenekleri uygula
results-count = { $n ->
   *[other] { $n } sonuç
}
search-understood = Aradığınız:
search-typed = yazdığınız:
search-unknown = Bu kelimeleri bilmiyoruz:
search-nothing = Uygun bir şey bulamadık.
search-little = Az şey bulduk.
search-not-there = Aradığınız yardım listede yok mu?
search-ask-link = Sorunuzu belediyeye sorun
search-ask-after = : bir görevli size cevap verir.
search-guide-before = Ya da deneyin:
search-guide-link = soru rehberi
search-try-other = Başka bir kelime veya daha az seçenek de deneyebilirsiniz.
search-order = Eşit derecede uygun olan yardımlarda en hafif olan önce gösterilir.
search-print = Listeyi yazdır
pager-label = Sayfalar
pager-previous = Önceki sayfa
pager-next = Sonraki sayfa
pager-position = Sayfa { $page } / { $pages }

## A result card
card-free = Ücretsiz
card-stale = Dikkat: bu bilgi bir yıldan uzun süredir kontrol edilmedi.

## Crisis numbers
crisis-heading = Hemen yardıma mı ihtiyacınız var?
crisis-call = Arayın:
crisis-offers = Yakındaki kriz yardımı:
crisis-suicide-question = İntiharı mı düşünüyorsunuz?
crisis-suicide-advice = 113 İntihar Önleme ile konuşun, gece gündüz, isim vermeden. 0800-0113 ücretsizdir. 113.nl üzerinden sohbet de edebilirsiniz.
crisis-violence-question = Evde şiddet veya istismar, ya da bir çocuk için endişe mi?
crisis-violence-advice = Veilig Thuis'u (Evde Güvende) arayın, ücretsiz, gece gündüz. Emin değilseniz veya başka biri için de olsa.
crisis-shelter-question = Bu gece uyuyacak yeriniz yok mu?
crisis-shelter-advice = Aşağıdaki listedeki barınaklar size bugün yardım eder. Dışarıda tehlikedeyseniz 112'yi arayın.
crisis-danger-question = Şu anda tehlike var mı?
crisis-danger-advice = Polisi, ambulansı veya itfaiyeyi arayın.
crisis-quiet-label = Acil tehlikede yardım
crisis-quiet-intro = Hemen yardıma mı ihtiyacınız var?
crisis-quiet-danger = Tehlikede arayın:
crisis-quiet-suicide = İntiharı mı düşünüyorsunuz? Arayın:
crisis-quiet-or-free = veya ücretsiz
crisis-quiet-violence = Evde şiddet veya bir çocuk için endişe mi? Veilig Thuis'u arayın, ücretsiz:
crisis-quiet-always = Gece gündüz.

## Offer page
offer-back = Aramaya geri dön
offer-from = Kuruluş:
offer-closed = Bu hizmet geçici olarak kapalı.
offer-gone = Bu hizmet artık yok.
offer-stale = Dikkat: bu bilgi bir yıldan uzun süredir kontrol edilmedi. Önce arayın veya e-posta gönderin.
offer-what = Bu nedir?
offer-for-whom = Kimin için?
offer-age = Yaş
offer-groups = Kimler için
offer-topics = Konular
offer-where = Nerede
offer-costs-and-apply = Ücret ve başvuru
offer-costs = Ücret
offer-access = Nasıl ulaşırsınız?
offer-via = aracılığıyla:
offer-apply = Nasıl başvurulur
offer-where-when = Nerede ve ne zaman
offer-no-place = Sabit bir yer yok: telefonla, internetten veya evinizde.
offer-by-appointment = Randevu ile.
offer-contact = İletişim
offer-phone = Telefon:
offer-email = E-posta:
offer-website = İnternet sitesi:
offer-checked = Son kontrol: { $date }.
offer-never-checked = hiç
offer-whole-municipality = tüm belediye
ages-all = her yaş
ages-from = { $min } yaş ve üstü
ages-to = { $max } yaşa kadar
ages-between = { $min } ile { $max } yaş arası
weekday-1 = Pazartesi
weekday-2 = Salı
weekday-3 = Çarşamba
weekday-4 = Perşembe
weekday-5 = Cuma
weekday-6 = Cumartesi
weekday-7 = Pazar
list-and = ve
report-heading = Yanlış bir şey mi var?
report-thanks = Teşekkür ederiz. Editörler bildiriminize bakacak.
report-what = Ne yanlış?
report-contact = E-postanız veya telefonunuz (boş bırakabilirsiniz)
report-leave-empty = Bu alanı boş bırakın
report-send = Bildirimi gönder
report-too-short = Neyin yanlış olduğunu birkaç kelimeyle yazın.
report-too-long = Bildiriminiz çok uzun. En fazla 2000 karakter kullanın.
report-too-many = Çok sayıda bildirim gönderdiniz. Bir dakika sonra tekrar deneyin.

## Organisation page
org-offers = Bu kuruluşun sundukları
org-none = Bu kuruluşun şu anda Kompas'ta hizmeti yok.

## Vraagwijzer
guide-title = Soru rehberi
guide-lead = Üç kısa soruyu cevaplayın. Sonra hangi yardımın uygun olduğunu, en hafifi önce olmak üzere görürsünüz.
guide-for-whom = 1. Kimin için yardım arıyorsunuz?
guide-for-self = Kendim için
guide-for-child = Çocuğum için
guide-for-parent = Babam veya annem için
guide-for-other = Başka biri için
guide-about = 2. Konu nedir? Birden fazla seçebilirsiniz.
guide-where = 3. Nerede oturuyorsunuz?
guide-area-unknown = Bilmiyorum
guide-postcode = Veya posta kodunuz
guide-submit = Uygun olanı göster
guide-answer = Sorunuza uygun yardım
guide-answer-in = Sorunuza uygun yardım, bölge:
guide-none = Uygun bir hizmet bulamadık.
guide-search-yourself = Kendiniz arayın
guide-more = Bu soru için tüm hizmetleri görün
guide-how = Yardımı nasıl sıralıyoruz
guide-how-text = Önce hafif yardımı gösteriyoruz. Çoğu zaman bu yeterlidir ve yakındadır. Daha fazlası mı gerekiyor? O zaman daha yoğun yardım var.
guide-error = Cevabınızı kontrol edin: { $reasons }.
guide-error-topic = '{ $value }' konusunu bilmiyoruz
guide-error-postcode = '{ $value }' 1234 AB gibi bir posta kodu değil
guide-error-elsewhere = { $value } posta kodu bu belediyede değil; bir mahalle veya köy seçin
