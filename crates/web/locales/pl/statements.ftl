# The privacy statement and the accessibility statement.
statement-organisation = Organizacja
privacy-statement-title = Oświadczenie o prywatności
privacy-statement-intro = Gmina { $place } używa Kompas, aby pomagać mieszkańcom w sprawach opieki, wychowania dzieci, pracy, pieniędzy i długów. Tutaj przeczytasz, jakie dane przechowujemy, dlaczego, kto je widzi i jak długo.
privacy-statement-what-heading = Jakie dane przechowujemy?
privacy-statement-what-question = To, co wpiszesz, zadając pytanie: twoje pytanie oraz, jeśli chcesz, imię i nazwisko, numer telefonu, adres e-mail i kod pocztowy.
privacy-statement-what-household = Gdy ci pomagamy: kto mieszka w twoim gospodarstwie domowym, twój plan z celami i ustaleniami oraz krótkie notatki z rozmów.
privacy-statement-what-log = Kto oglądał lub zmieniał twoje dane i kiedy.
privacy-statement-what-search = Na tej stronie możesz szukać bez konta. Nie zapisujemy, kto szuka.
privacy-statement-why-heading = Dlaczego nam wolno?
privacy-statement-why = Gmina musi pomagać mieszkańcom. Tak mówią te ustawy i dlatego możemy używać twoich danych:
privacy-statement-law-wmo = Ustawa o wsparciu społecznym 2015 (Wmo 2015): pomoc i wsparcie w domu.
privacy-statement-law-jeugd = Ustawa o młodzieży (Jeugdwet): pomoc dla dzieci, młodzieży i rodziców.
privacy-statement-law-participatie = Ustawa o uczestnictwie (Participatiewet): praca i zasiłek.
privacy-statement-law-wgs = Ustawa o gminnej pomocy w spłacie długów (Wgs): pomoc przy długach.
privacy-statement-why-question = Wysyłasz pytanie przez formularz? Wtedy używamy twoich danych tylko wtedy, gdy zaznaczysz zgodę.
privacy-statement-who-heading = Kto widzi twoje dane?
privacy-statement-who-workers = Tylko pracownicy, którzy pracują z twoim gospodarstwem domowym.
privacy-statement-who-partners = Organizacja spoza gminy, na przykład pomagająca przy długach, widzi coś tylko wtedy, gdy wyrazisz zgodę. Pytamy o to każdą osobę w gospodarstwie domowym osobno.
privacy-statement-who-log = Za każdym razem, gdy ktoś ogląda twoje dane, zapisujemy, kto to był i dlaczego.
privacy-statement-keep-heading = Jak długo przechowujemy twoje dane?
privacy-statement-keep-youth = Pomoc dla dzieci i młodzieży (Jeugdwet): { $years ->
        [one] { $years } rok
        [few] { $years } lata
        *[other] { $years } lat
    } od ostatniej zmiany.
privacy-statement-keep-wmo = Pomoc w domu (Wmo 2015): { $years ->
        [one] { $years } rok
        [few] { $years } lata
        *[other] { $years } lat
    } od ostatniej zmiany.
privacy-statement-keep-other = Inna pomoc: { $years ->
        [one] { $years } rok
        [few] { $years } lata
        *[other] { $years } lat
    } od ostatniej zmiany.
privacy-statement-keep-after = Potem usuwamy dane.
privacy-statement-rights-heading = Twoje prawa
privacy-statement-rights-see-before = Możesz zobaczyć, jakie dane o tobie mamy. Zajrzyj do
privacy-statement-rights-see-link = Mój Kompas
privacy-statement-rights-see-after = albo zapytaj nas.
privacy-statement-rights-correct = Coś się nie zgadza? Możesz poprosić o poprawienie.
privacy-statement-rights-object = Nie chcesz, abyśmy tak używali twoich danych? Możesz wnieść sprzeciw.
privacy-statement-rights-complaint = Nie jesteś zadowolony z naszej odpowiedzi? Możesz złożyć skargę do holenderskiego urzędu ochrony danych (Autoriteit Persoonsgegevens).
privacy-statement-contact-heading = Pytania o prywatność?
privacy-statement-contact-officer = Napisz do inspektora ochrony danych gminy:
privacy-statement-contact-municipality = Możesz też skontaktować się z gminą:
a11y-title = Deklaracja dostępności
a11y-intro = Gmina { $place } chce, aby każdy mógł korzystać z tej strony, także osoby z niepełnosprawnością.
a11y-scope-heading = Jakiej strony to dotyczy?
a11y-scope = Ta deklaracja dotyczy Kompas: szukania pomocy, przewodnika krok po kroku, formularza pytania i Mojego Kompas. Strony dla pracowników gminy do niej nie należą.
a11y-status-heading = Jak dostępna jest ta strona?
a11y-status-full = Ta strona w pełni spełnia wymagania dostępności (WCAG 2.1, poziom AA).
a11y-status-partial = Ta strona częściowo spełnia wymagania dostępności (WCAG 2.1, poziom AA).
a11y-checked = Strona była ostatnio sprawdzana { $date }.
a11y-not-checked = Strona nie była jeszcze sprawdzana przez niezależne biuro badawcze.
a11y-how = Przy każdej zmianie automatycznie sprawdzamy strony pod kątem wymagań, także na wąskim ekranie i we wszystkich sześciu językach.
a11y-known = Pracujemy nad tym, aby wszystko spełniało wymagania. To, co jeszcze nie działa dobrze, poprawiamy jak najszybciej.
a11y-report-heading = Coś nie działa?
a11y-report = Nie możesz czegoś przeczytać lub użyć? Daj nam znać. Odpowiemy w ciągu 5 dni roboczych.
a11y-ombudsman = Nie jesteś zadowolony z naszej odpowiedzi? Możesz zwrócić się do Rzecznika Praw Obywatelskich (Nationale ombudsman).
