# The public sociale kaart: start page, search, offer, organisation and vraagwijzer.

## Start page
start-heading = Pomoc i wsparcie: { $place }
start-lead = Znajdź pomoc w pobliżu: od porannej kawy po pomoc w kłopotach z pieniędzmi lub w wychowaniu dzieci. Najpierw pokazujemy to, co blisko i najprostsze.
start-question = W czym potrzebujesz pomocy?
start-placeholder = Na przykład: kłopoty z pieniędzmi, samotność, wychowanie
start-guide-before = Nie wiesz, gdzie szukać?
start-guide-link = Skorzystaj z przewodnika
start-guide-after = : trzy krótkie pytania i zobaczysz, jaka pomoc pasuje.
start-topics = Szukaj według tematu
start-layers = Lekko, gdzie można, intensywnie, gdzie trzeba
start-professional = Pracujesz w gminie lub w organizacji partnerskiej?
start-professional-link = Zaloguj się

## Life domains, in residents' words
domain-finances = Pieniądze i długi
domain-work-and-education = Praca, szkoła i nauka
domain-daytime-activities = Zajęcie w ciągu dnia
domain-housing = Mieszkanie i dach nad głową
domain-domestic-relations = Związek i rodzina
domain-parenting = Dzieci i wychowanie
domain-mental-health = Zmartwienia, stres i zdrowie psychiczne
domain-physical-health = Zdrowie i ciało
domain-substance-use = Alkohol, narkotyki i hazard
domain-daily-living = Pomoc w domu i wokół niego
domain-social-network = Kontakt z innymi
domain-participation = Udział w życiu okolicy
domain-justice-and-safety = Policja, wymiar sprawiedliwości i bezpieczeństwo
domain-language-and-skills = Język, czytanie i komputer

## Layers
layer-own-strength = Samodzielnie, z rodziną i sąsiadami
layer-social-base = W okolicy, każdy mile widziany
layer-open-access = Otwarte dla wszystkich: możesz po prostu przyjść
layer-targeted = Pomoc dopasowana do Ciebie, po rozmowie
layer-intensive = Intensywna lub pilna pomoc
layer-own-strength-explained = To, co możesz zrobić sam, z pomocą rodziny, sąsiadów i przyjaciół.
layer-social-base-explained = Zajęcia i miejsca w okolicy, gdzie każdy jest mile widziany, na przykład dom sąsiedzki, biblioteka lub klub sportowy.
layer-open-access-explained = Pomoc, na którą możesz zgłosić się sam, bez skierowania i bez decyzji gminy, na przykład praca socjalna lub porady wychowawcze.
layer-targeted-explained = Pomoc dopasowana do Ciebie. Gmina lub osoba kierująca najpierw sprawdza z Tobą, czego potrzebujesz, na przykład przy pomocy domowej lub pomocy dla młodzieży.
layer-intensive-explained = Intensywna lub pilna pomoc przy dużych problemach lub gdy nie jest bezpiecznie.

## How a resident gets to an offer
access-open = Możesz po prostu przyjść
access-register = Zgłaszasz się sam
access-referral = Potrzebujesz skierowania
access-indication = Najpierw potrzebujesz decyzji gminy (indicatie)
access-referral-how = Jak dostać skierowanie? Zapytaj lekarza rodzinnego, lekarza młodzieżowego lub zespół socjalny.
access-indication-how = Jak dostać tę decyzję? Powiedz gminie, czego potrzebujesz. Pracownik porozmawia z Tobą i sprawdzi, co pasuje. Jeśli ta pomoc pasuje, dostaniesz list z decyzją (beschikking). Potem możesz zacząć.
access-ask-link = Zadaj pytanie gminie

## Who an offer is for
group-children = Dzieci i nastolatki
group-young-adults = Młodzież (od 16 do 27 lat)
group-families = Rodziny
group-adults = Dorośli
group-elderly = Osoby starsze
group-carers = Osoby opiekujące się bliskimi
group-newcomers = Nowo przybyli z prawem pobytu
group-disabled = Osoby z niepełnosprawnością
group-volunteers = Wolontariusze

## Search page
search-title = Szukaj
search-heading = Szukaj pomocy
search-words = Słowa do wyszukania
search-button = Szukaj
search-error = To wyszukiwanie jest niepoprawne: { $reason }.
search-error-layer = rodzaj pomocy '{ $value }' nie jest liczbą od 1 do 5
search-error-topic = nie znamy tematu '{ $value }'
search-error-area = dzielnica '{ $value }' nie jest kodem dzielnicy, takim jak WK990101
search-error-age = wiek '{ $value }' nie jest wiekiem od 0 do 120
search-error-page = strona '{ $value }' nie istnieje
filters-summary = { $n ->
    [0] Więcej opcji
   *[other] Więcej opcji (wybrane: { $n })
}
filter-topic = Temat
filter-layer = Rodzaj pomocy
filter-area = Dzielnica lub wieś
filter-area-any = Wszędzie
filter-age = Wiek osoby, która szuka pomocy
filter-free = Tylko bezpłatne
filter-without-referral = Bez skierowania
filter-open-now = Teraz otwarte
filter-apply = Zastosuj opcje
results-count = { $n ->
    [one] 1 wynik
    [few] { $n } wyniki
   *[other] { $n } wyników
}
search-understood = Szukano:
search-typed = wpisano:
search-unknown = Nie znamy tych słów:
search-nothing = Nie znaleźliśmy nic pasującego.
search-little = Znaleźliśmy niewiele.
search-not-there = Nie ma tu pomocy, której szukasz?
search-ask-link = Zadaj pytanie gminie
search-ask-after = : odpowie Ci pracownik.
search-guide-before = Albo spróbuj:
search-guide-link = przewodnik
search-try-other = Możesz też spróbować innego słowa lub mniejszej liczby opcji.
search-order = Pomoc, która pasuje równie dobrze, jest pokazana od najlżejszej.
search-print = Drukuj listę
pager-label = Strony
pager-previous = Poprzednia strona
pager-next = Następna strona
pager-position = Strona { $page } z { $pages }

## A result card
card-free = Bezpłatnie
card-stale = Uwaga: tych informacji nie sprawdzano od ponad roku.

## Crisis numbers
crisis-heading = Potrzebujesz pomocy teraz?
crisis-call = Zadzwoń:
crisis-offers = Pomoc kryzysowa w pobliżu:
crisis-suicide-question = Myślisz o samobójstwie?
crisis-suicide-advice = Porozmawiaj o tym z 113 Zapobieganie Samobójstwom, w dzień i w nocy, anonimowo. 0800-0113 jest bezpłatny. Możesz też czatować na 113.nl.
crisis-violence-question = Przemoc lub krzywdzenie w domu albo obawy o dziecko?
crisis-violence-advice = Zadzwoń do Veilig Thuis (Bezpieczny Dom), bezpłatnie, w dzień i w nocy. Także gdy masz wątpliwości lub chodzi o kogoś innego.
crisis-shelter-question = Nie masz gdzie spać tej nocy?
crisis-shelter-advice = Schroniska z listy poniżej pomogą Ci jeszcze dziś. Jeśli jesteś na zewnątrz i grozi Ci niebezpieczeństwo, zadzwoń pod 112.
crisis-danger-question = Czy teraz jest niebezpiecznie?
crisis-danger-advice = Zadzwoń po policję, pogotowie lub straż pożarną.
crisis-quiet-label = Pomoc w nagłym niebezpieczeństwie
crisis-quiet-intro = Potrzebujesz pomocy od razu?
crisis-quiet-danger = W niebezpieczeństwie zadzwoń:
crisis-quiet-suicide = Myślisz o samobójstwie? Zadzwoń:
crisis-quiet-or-free = lub bezpłatnie
crisis-quiet-violence = Przemoc w domu lub obawy o dziecko? Zadzwoń do Veilig Thuis, bezpłatnie:
crisis-quiet-always = W dzień i w nocy.

## Offer page
offer-back = Wróć do wyszukiwania
offer-from = Organizacja:
offer-closed = Ta oferta jest tymczasowo zamknięta.
offer-gone = Ta oferta już nie istnieje.
offer-stale = Uwaga: tych informacji nie sprawdzano od ponad roku. Najpierw zadzwoń lub napisz e-mail.
offer-what = Co to jest?
offer-for-whom = Dla kogo?
offer-age = Wiek
offer-groups = Dla
offer-topics = Tematy
offer-where = Gdzie
offer-costs-and-apply = Koszty i zgłoszenie
offer-costs = Koszty
offer-access = Jak z tego skorzystać?
offer-via = przez
offer-apply = Jak się zgłosić
offer-where-when = Gdzie i kiedy
offer-no-place = Brak stałego miejsca: telefonicznie, online lub u Ciebie w domu.
offer-by-appointment = Po umówieniu wizyty.
offer-contact = Kontakt
offer-phone = Telefon:
offer-email = E-mail:
offer-website = Strona internetowa:
offer-checked = Ostatnio sprawdzono: { $date }.
offer-never-checked = nigdy
offer-whole-municipality = cała gmina
ages-all = każdy wiek
ages-from = od { $min } lat
ages-to = do { $max } lat
ages-between = od { $min } do { $max } lat
weekday-1 = poniedziałek
weekday-2 = wtorek
weekday-3 = środa
weekday-4 = czwartek
weekday-5 = piątek
weekday-6 = sobota
weekday-7 = niedziela
list-and = i
report-heading = Coś się nie zgadza?
report-thanks = Dziękujemy. Redakcja sprawdzi Twoje zgłoszenie.
report-what = Co się nie zgadza?
report-contact = Twój e-mail lub telefon (można zostawić puste)
report-leave-empty = Zostaw to pole puste
report-send = Wyślij zgłoszenie
report-too-short = Napisz w kilku słowach, co się nie zgadza.
report-too-long = Twoje zgłoszenie jest za długie. Użyj najwyżej 2000 znaków.
report-too-many = Wysłałeś wiele zgłoszeń. Spróbuj ponownie za minutę.

## Organisation page
org-offers = Oferta tej organizacji
org-none = Ta organizacja nie ma teraz oferty w Kompas.

## Vraagwijzer
guide-title = Przewodnik
guide-lead = Odpowiedz na trzy krótkie pytania. Zobaczysz, jaka pomoc pasuje, najlżejsza na górze.
guide-for-whom = 1. Dla kogo szukasz pomocy?
guide-for-self = Dla siebie
guide-for-child = Dla mojego dziecka
guide-for-parent = Dla mojego ojca lub matki
guide-for-other = Dla kogoś innego
guide-about = 2. Czego to dotyczy? Możesz wybrać więcej niż jedno.
guide-where = 3. Gdzie mieszkasz?
guide-area-unknown = Nie wiem
guide-postcode = Albo Twój kod pocztowy
guide-submit = Pokaż, co pasuje
guide-answer = To pasuje do Twojego pytania
guide-answer-in = To pasuje do Twojego pytania, miejsce:
guide-none = Nie znaleźliśmy pasującej oferty.
guide-search-yourself = Szukaj sam
guide-more = Zobacz całą ofertę dla tego pytania
guide-how = Jak porządkujemy pomoc
guide-how-text = Najpierw pokazujemy lekką pomoc. Często to wystarcza i jest blisko. Potrzebujesz więcej? Jest też bardziej intensywna pomoc.
guide-error = Sprawdź swoją odpowiedź: { $reasons }.
guide-error-topic = nie znamy tematu '{ $value }'
guide-error-postcode = '{ $value }' nie jest kodem pocztowym, takim jak 1234 AB
guide-error-elsewhere = kod pocztowy { $value } nie leży w tej gminie; wybierz dzielnicę lub wieś
