# The question form (/vraag-stellen) and its confirmation.
ask-title = Zadaj pytanie
ask-intro = Masz pytanie o pieniądze, mieszkanie, wychowanie dzieci, opiekę, pracę lub coś innego? Napisz je tutaj. Pracownik gminy skontaktuje się z tobą w ciągu { $days ->
        [one] { $days } dnia roboczego
        *[other] { $days } dni roboczych
    }. Nie potrzebujesz konta.
ask-not-sent = Twoje pytanie nie zostało jeszcze wysłane.
ask-fix = Popraw to:
ask-question-label = Twoje pytanie, własnymi słowami
ask-question-hint = Opisz, co się dzieje i w czym potrzebujesz pomocy.
ask-who-legend = Kogo dotyczy twoje pytanie? (nieobowiązkowe)
ask-who-none = Wolę nie mówić
ask-who-self = Mnie
ask-who-child = Mojego dziecka
ask-who-parent = Mojego ojca lub matki
ask-who-other = Kogoś innego
ask-topic-legend = Czego to dotyczy? (nieobowiązkowe, wybierz, co pasuje)
ask-domain-financien = Pieniądze i długi
ask-domain-werk-en-opleiding = Praca lub szkoła
ask-domain-dagbesteding = Zajęcie w ciągu dnia
ask-domain-huisvesting = Mieszkanie
ask-domain-huiselijke-relaties = Relacje i kłótnie w domu
ask-domain-opvoeden-en-opgroeien = Wychowanie i dorastanie
ask-domain-geestelijke-gezondheid = Stres, zmartwienia lub przygnębienie
ask-domain-lichamelijke-gezondheid = Twoje ciało i zdrowie
ask-domain-middelengebruik = Alkohol, narkotyki lub hazard
ask-domain-dagelijkse-levensverrichtingen = Pomoc w domu i wokół domu
ask-domain-sociaal-netwerk = Samotność i kontakt z innymi
ask-domain-maatschappelijke-deelname = Udział w życiu okolicy
ask-domain-justitie-en-veiligheid = Policja, wymiar sprawiedliwości i bezpieczeństwo
ask-domain-taal-en-basisvaardigheden = Język, czytanie, pisanie i liczenie
ask-reach-heading = Jak możemy się z tobą skontaktować?
ask-reach-intro = Możesz też zadać pytanie bez podawania imienia. Wtedy możemy się z tobą skontaktować tylko wtedy, gdy podasz numer telefonu lub adres e-mail.
ask-name-label = Twoje imię i nazwisko (nieobowiązkowe)
ask-way-legend = Co wolisz?
ask-way-phone = Zadzwońcie do mnie
ask-way-email = Wyślijcie mi e-mail
ask-way-visit = Umówcie spotkanie lub przyjdę
ask-phone-label = Numer telefonu
ask-email-label = Adres e-mail
ask-postcode-label = Kod pocztowy (nieobowiązkowe)
ask-postcode-hint = Wtedy wiemy, który zespół w twojej okolicy może ci pomóc.
ask-honeypot = Zostaw to pole puste
ask-privacy-heading = Co robimy z twoimi danymi?
ask-privacy-text = To, co tu wpiszesz, wykorzystujemy tylko po to, aby pomóc ci w tej sprawie. Czytać to mogą tylko pracownicy, którzy zajmują się twoim pytaniem, a my zapisujemy, kto to oglądał. Zawsze możesz zapytać, jakie dane o tobie mamy.
ask-privacy-link = Przeczytaj oświadczenie o prywatności
ask-consent-label = Zgadzam się, aby gmina używała moich danych, żeby mi pomóc
ask-submit = Wyślij moje pytanie
ask-error-question-empty = Napisz w kilku słowach, w czym potrzebujesz pomocy.
ask-error-question-long = Twoje pytanie jest za długie: użyj najwyżej 4000 znaków.
ask-error-name = To imię jest za długie lub zawiera dziwne znaki.
ask-error-way = Wybierz, jak możemy się z tobą skontaktować.
ask-error-phone-missing = Chcesz, abyśmy zadzwonili: wpisz swój numer telefonu.
ask-error-phone = Wpisz numer telefonu z 10 cyfr, na przykład 06 12345678.
ask-error-email-missing = Chcesz dostać e-mail: wpisz swój adres e-mail.
ask-error-email = Wpisz adres e-mail, na przykład imie@przyklad.nl.
ask-error-visit = Do umówienia spotkania potrzebujemy numeru telefonu lub adresu e-mail.
ask-error-postcode = Ten kod pocztowy jest nieprawidłowy. Kod pocztowy ma 4 cyfry i 2 litery, na przykład 1234 AB.
ask-error-consent = Zaznacz pole, jeśli zgadzasz się, abyśmy używali twoich danych, żeby ci pomóc.
ask-error-busy = Z twojego połączenia wysłano wiele pytań. Poczekaj minutę i spróbuj ponownie; twój tekst nadal tu jest.
asked-title = Twoje pytanie zostało wysłane
asked-thanks = Dziękujemy. Otrzymaliśmy twoje pytanie.
asked-reference = Twój numer sprawy:
asked-reference-hint = Podaj ten numer, gdy dzwonisz lub piszesz do nas w sprawie swojego pytania.
asked-next-heading = Co dalej?
asked-step-read = Pracownik gminy czyta twoje pytanie.
asked-step-contact = Skontaktujemy się z tobą w ciągu { $days ->
        [one] { $days } dnia roboczego
        *[other] { $days } dni roboczych
    }. Soboty, niedziele i święta się nie liczą.
asked-step-by = Odezwiemy się najpóźniej { $date }.
asked-step-together = Razem sprawdzimy, czego potrzebujesz. Często ktoś w twojej okolicy może już pomóc.
asked-questions-heading = Skontaktuj się z nami sam
asked-call = Chcesz o coś zapytać lub coś dodać? Zadzwoń do gminy:
asked-call-no-number = Chcesz o coś zapytać lub coś dodać? Skontaktuj się wtedy z gminą.
asked-no-contact = Nie podałeś numeru telefonu ani adresu e-mail? Wtedy nie możemy się z tobą skontaktować. Skontaktuj się z nami sam i podaj numer sprawy.
asked-search = Sam poszukaj pomocy w okolicy
