# The question form (/vraag-stellen) and its confirmation.
question-form-title = Zadaj pytanie
question-form-intro = Masz pytanie o pieniądze, mieszkanie, wychowanie dzieci, opiekę, pracę lub coś innego? Napisz je tutaj. Pracownik gminy skontaktuje się z tobą w ciągu { $days ->
        [one] { $days } dnia roboczego
        *[other] { $days } dni roboczych
    }. Nie potrzebujesz konta.
question-form-not-sent = Twoje pytanie nie zostało jeszcze wysłane.
question-form-fix = Popraw to:
question-form-question-label = Twoje pytanie, własnymi słowami
question-form-question-hint = Opisz, co się dzieje i w czym potrzebujesz pomocy.
question-form-who-legend = Kogo dotyczy twoje pytanie? (nieobowiązkowe)
question-form-who-none = Wolę nie mówić
question-form-who-self = Mnie
question-form-who-child = Mojego dziecka
question-form-who-parent = Mojego ojca lub matki
question-form-who-other = Kogoś innego
question-form-topic-legend = Czego to dotyczy? (nieobowiązkowe, wybierz, co pasuje)
question-form-domain-financien = Pieniądze i długi
question-form-domain-werk-en-opleiding = Praca lub szkoła
question-form-domain-dagbesteding = Zajęcie w ciągu dnia
question-form-domain-huisvesting = Mieszkanie
question-form-domain-huiselijke-relaties = Relacje i kłótnie w domu
question-form-domain-opvoeden-en-opgroeien = Wychowanie i dorastanie
question-form-domain-geestelijke-gezondheid = Stres, zmartwienia lub przygnębienie
question-form-domain-lichamelijke-gezondheid = Twoje ciało i zdrowie
question-form-domain-middelengebruik = Alkohol, narkotyki lub hazard
question-form-domain-dagelijkse-levensverrichtingen = Pomoc w domu i wokół domu
question-form-domain-sociaal-netwerk = Samotność i kontakt z innymi
question-form-domain-maatschappelijke-deelname = Udział w życiu okolicy
question-form-domain-justitie-en-veiligheid = Policja, wymiar sprawiedliwości i bezpieczeństwo
question-form-domain-taal-en-basisvaardigheden = Język, czytanie, pisanie i liczenie
question-form-reach-heading = Jak możemy się z tobą skontaktować?
question-form-reach-intro = Możesz też zadać pytanie bez podawania imienia. Wtedy możemy się z tobą skontaktować tylko wtedy, gdy podasz numer telefonu lub adres e-mail.
question-form-name-label = Twoje imię i nazwisko (nieobowiązkowe)
question-form-way-legend = Co wolisz?
question-form-way-phone = Zadzwońcie do mnie
question-form-way-email = Wyślijcie mi e-mail
question-form-way-visit = Umówcie spotkanie lub przyjdę
question-form-phone-label = Numer telefonu
question-form-email-label = Adres e-mail
question-form-postcode-label = Kod pocztowy (nieobowiązkowe)
question-form-postcode-hint = Wtedy wiemy, który zespół w twojej okolicy może ci pomóc.
question-form-honeypot = Zostaw to pole puste
question-form-privacy-heading = Co robimy z twoimi danymi?
question-form-privacy-text = To, co tu wpiszesz, wykorzystujemy tylko po to, aby pomóc ci w tej sprawie. Czytać to mogą tylko pracownicy, którzy zajmują się twoim pytaniem, a my zapisujemy, kto to oglądał. Zawsze możesz zapytać, jakie dane o tobie mamy.
question-form-privacy-link = Przeczytaj oświadczenie o prywatności
question-form-consent-label = Zgadzam się, aby gmina używała moich danych, żeby mi pomóc
question-form-submit = Wyślij moje pytanie
question-form-error-question-empty = Napisz w kilku słowach, w czym potrzebujesz pomocy.
question-form-error-question-long = Twoje pytanie jest za długie: użyj najwyżej 4000 znaków.
question-form-error-name = To imię jest za długie lub zawiera dziwne znaki.
question-form-error-way = Wybierz, jak możemy się z tobą skontaktować.
question-form-error-phone-missing = Chcesz, abyśmy zadzwonili: wpisz swój numer telefonu.
question-form-error-phone = Wpisz numer telefonu z 10 cyfr, na przykład 06 12345678.
question-form-error-email-missing = Chcesz dostać e-mail: wpisz swój adres e-mail.
question-form-error-email = Wpisz adres e-mail, na przykład imie@przyklad.nl.
question-form-error-visit = Do umówienia spotkania potrzebujemy numeru telefonu lub adresu e-mail.
question-form-error-postcode = Ten kod pocztowy jest nieprawidłowy. Kod pocztowy ma 4 cyfry i 2 litery, na przykład 1234 AB.
question-form-error-consent = Zaznacz pole, jeśli zgadzasz się, abyśmy używali twoich danych, żeby ci pomóc.
question-form-error-busy = Z twojego połączenia wysłano wiele pytań. Poczekaj minutę i spróbuj ponownie; twój tekst nadal tu jest.
question-sent-title = Twoje pytanie zostało wysłane
question-sent-thanks = Dziękujemy. Otrzymaliśmy twoje pytanie.
question-sent-reference = Twój numer sprawy:
question-sent-reference-hint = Podaj ten numer, gdy dzwonisz lub piszesz do nas w sprawie swojego pytania.
question-sent-next-heading = Co dalej?
question-sent-step-read = Pracownik gminy czyta twoje pytanie.
question-sent-step-contact = Skontaktujemy się z tobą w ciągu { $days ->
        [one] { $days } dnia roboczego
        *[other] { $days } dni roboczych
    }. Soboty, niedziele i święta się nie liczą.
question-sent-step-by = Odezwiemy się najpóźniej { $date }.
question-sent-step-together = Razem sprawdzimy, czego potrzebujesz. Często ktoś w twojej okolicy może już pomóc.
question-sent-questions-heading = Skontaktuj się z nami sam
question-sent-call = Chcesz o coś zapytać lub coś dodać? Zadzwoń do gminy:
question-sent-call-no-number = Chcesz o coś zapytać lub coś dodać? Skontaktuj się wtedy z gminą.
question-sent-no-contact = Nie podałeś numeru telefonu ani adresu e-mail? Wtedy nie możemy się z tobą skontaktować. Skontaktuj się z nami sam i podaj numer sprawy.
question-sent-search = Sam poszukaj pomocy w okolicy
