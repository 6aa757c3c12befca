# The public sociale kaart: start page, search, offer, organisation and vraagwijzer.
# Words for residents (B1). The professional terms stay on workers' pages.

## Start page
start-heading = Hulp en ondersteuning in { $place }
start-lead = Zoek hulp in de buurt: van een koffieochtend tot hulp bij geldzorgen of opvoeden. Wij laten eerst zien wat dichtbij en licht is.
start-question = Waar zoekt u hulp bij?
start-placeholder = Bijvoorbeeld: geldzorgen, eenzaam, opvoeden
start-guide-before = Weet u niet goed waar u moet zoeken?
start-guide-link = Gebruik de vraagwijzer
start-guide-after = : drie korte vragen, en u ziet welke hulp past.
start-topics = Zoek per onderwerp
start-layers = Licht waar het kan, zwaar waar het nodig is
start-professional = Werkt u bij de gemeente of een partnerorganisatie?
start-professional-link = Log in

## Life domains, in residents' words
domain-finances = Geld en schulden
domain-work-and-education = Werk, school en studie
domain-daytime-activities = Iets te doen overdag
domain-housing = Wonen en een dak boven uw hoofd
domain-domestic-relations = Relatie en gezin
domain-parenting = Kinderen en opvoeden
domain-mental-health = Zorgen, stress en psychische klachten
domain-physical-health = Gezondheid en lichaam
domain-substance-use = Alcohol, drugs en gokken
domain-daily-living = Hulp in en om het huis
domain-social-network = Contact met anderen
domain-participation = Meedoen in de buurt
domain-justice-and-safety = Politie, justitie en veiligheid
domain-language-and-skills = Taal, lezen en computer

## Layers: how light or heavy the help is
layer-own-strength = Zelf doen, met familie en buren
layer-social-base = In de buurt, iedereen welkom
layer-open-access = Vrij toegankelijk: u kunt zo binnenlopen
layer-targeted = Hulp op maat, na een gesprek
layer-intensive = Zware of dringende hulp
layer-own-strength-explained = Wat u zelf kunt doen, met hulp van familie, buren en vrienden.
layer-social-base-explained = Activiteiten en plekken in de buurt waar iedereen welkom is, zoals een buurthuis, de bibliotheek of een sportclub.
layer-open-access-explained = Hulp waarvoor u zich zelf kunt melden, zonder verwijzing of besluit van de gemeente, zoals welzijnswerk of het opvoedspreekuur.
layer-targeted-explained = Hulp op maat. De gemeente of een verwijzer kijkt eerst met u wat nodig is, zoals bij huishoudelijke hulp of jeugdhulp.
layer-intensive-explained = Zware of dringende hulp bij grote problemen of als het niet veilig is.

## How a resident gets to an offer
access-open = U kunt zo binnenlopen
access-register = U meldt zich zelf aan
access-referral = U heeft een verwijzing nodig
access-indication = U heeft eerst een besluit van de gemeente nodig (indicatie)
access-referral-how = Hoe krijgt u een verwijzing? Vraag het uw huisarts, de jeugdarts of het sociaal team.
access-indication-how = Hoe krijgt u dat besluit? Vertel de gemeente wat u nodig heeft. Een medewerker praat met u en kijkt wat past. Past deze hulp, dan krijgt u een brief met het besluit (een beschikking). Daarna kunt u beginnen.
access-ask-link = Stel uw vraag aan de gemeente

## Who an offer is for
group-children = Kinderen en tieners
group-young-adults = Jongeren (16 tot 27 jaar)
group-families = Gezinnen
group-adults = Volwassenen
group-elderly = Ouderen
group-carers = Mensen die zorgen voor een naaste (mantelzorgers)
group-newcomers = Nieuwkomers met een verblijfsvergunning
group-disabled = Mensen met een beperking
group-volunteers = Vrijwilligers

## Search page
search-title = Zoeken
search-heading = Zoeken naar hulp
search-words = Zoekwoorden
search-button = Zoeken
search-error = Deze zoekopdracht klopt niet: { $reason }.
search-error-layer = laag '{ $value }' is geen getal van 1 tot en met 5
search-error-topic = onderwerp '{ $value }' kennen we niet
search-error-area = wijk '{ $value }' is geen wijkcode zoals WK990101
search-error-age = leeftijd '{ $value }' is geen leeftijd tussen 0 en 120
search-error-page = pagina '{ $value }' bestaat niet
filters-summary = { $n ->
    [0] Meer keuzes
    [one] Meer keuzes (1 gekozen)
   *[other] Meer keuzes ({ $n } gekozen)
}
filter-topic = Onderwerp
filter-layer = Soort hulp
filter-area = Wijk of kern
filter-area-any = Overal
filter-age = Leeftijd van wie hulp zoekt
filter-free = Alleen gratis
filter-without-referral = Zonder verwijzing
filter-open-now = Nu open
filter-apply = Keuzes toepassen
results-count = { $n ->
    [one] 1 resultaat
   *[other] { $n } resultaten
}
search-understood = U zocht op:
search-typed = u typte:
search-unknown = Deze woorden kennen we niet:
search-nothing = We vonden niets dat past.
search-little = We vonden weinig.
search-not-there = Staat uw hulp er niet bij?
search-ask-link = Stel uw vraag aan de gemeente
search-ask-after = : u krijgt antwoord van een medewerker.
search-guide-before = Of probeer
search-guide-link = de vraagwijzer
search-try-other = Probeer ook een ander woord of minder keuzes.
search-order = Hulp die even goed past, staat met de lichtste vorm bovenaan.
search-print = Lijst afdrukken
pager-label = Pagina's
pager-previous = Vorige pagina
pager-next = Volgende pagina
pager-position = Pagina { $page } van { $pages }

## A result card
card-free = Gratis
card-stale = Let op: deze informatie is langer dan een jaar niet gecontroleerd.

## Crisis numbers
crisis-heading = Hulp nodig, nu meteen?
crisis-call = Bel
crisis-offers = Crisishulp in de buurt:
crisis-suicide-question = Denkt u aan zelfdoding?
crisis-suicide-advice = Praat erover met 113 Zelfmoordpreventie, dag en nacht, anoniem. 0800-0113 is gratis. Chatten kan op 113.nl.
crisis-violence-question = Geweld of mishandeling thuis, of zorgen over een kind?
crisis-violence-advice = Bel Veilig Thuis, gratis, dag en nacht. Ook als u twijfelt of als het om iemand anders gaat.
crisis-shelter-question = Vannacht geen plek om te slapen?
crisis-shelter-advice = De opvang in de lijst hieronder helpt u vandaag nog. Bent u buiten in gevaar, bel dan 112.
crisis-danger-question = Is er nu gevaar?
crisis-danger-advice = Bel de politie, de ambulance of de brandweer.
crisis-quiet-label = Hulp bij direct gevaar
crisis-quiet-intro = Direct hulp nodig?
crisis-quiet-danger = Bij gevaar: bel
crisis-quiet-suicide = Denkt u aan zelfdoding? Bel
crisis-quiet-or-free = of gratis
crisis-quiet-violence = Geweld thuis of zorgen over een kind? Bel Veilig Thuis, gratis:
crisis-quiet-always = Dag en nacht.

## Offer page
offer-back = Terug naar zoeken
offer-from = Van
offer-closed = Dit aanbod is tijdelijk gesloten.
offer-gone = Dit aanbod is er niet meer.
offer-stale = Let op: deze informatie is langer dan een jaar niet gecontroleerd. Bel of mail eerst.
offer-what = Wat is het?
offer-for-whom = Voor wie?
offer-age = Leeftijd
offer-groups = Voor
offer-topics = Onderwerpen
offer-where = Waar
offer-costs-and-apply = Kosten en aanmelden
offer-costs = Kosten
offer-access = Hoe komt u erbij?
offer-via = via
offer-apply = Zo meldt u zich aan
offer-where-when = Waar en wanneer
offer-no-place = Geen vaste plek: telefonisch, online of bij u thuis.
offer-by-appointment = Op afspraak.
offer-contact = Contact
offer-phone = Telefoon:
offer-email = E-mail:
offer-website = Website:
offer-checked = Laatst gecontroleerd: { $date }.
offer-never-checked = nog nooit
offer-whole-municipality = de hele gemeente
ages-all = alle leeftijden
ages-from = vanaf { $min } jaar
ages-to = tot en met { $max } jaar
ages-between = { $min } tot en met { $max } jaar
weekday-1 = maandag
weekday-2 = dinsdag
weekday-3 = woensdag
weekday-4 = donderdag
weekday-5 = vrijdag
weekday-6 = zaterdag
weekday-7 = zondag
list-and = en
report-heading = Klopt er iets niet?
report-thanks = Dank u wel. De redactie kijkt naar uw melding.
report-what = Wat klopt er niet?
report-contact = Uw e-mail of telefoon (mag leeg blijven)
report-leave-empty = Laat dit veld leeg
report-send = Melding versturen
report-too-short = Schrijf in een paar woorden wat er niet klopt.
report-too-long = Uw melding is te lang. Gebruik hoogstens 2000 tekens.
report-too-many = U heeft veel meldingen gestuurd. Probeer het over een minuut opnieuw.

## Organisation page
org-offers = Aanbod van deze organisatie
org-none = Deze organisatie heeft nu geen aanbod in Kompas.

## Vraagwijzer
guide-title = Vraagwijzer
guide-lead = Beantwoord drie korte vragen. Dan ziet u welke hulp past, met de lichtste hulp bovenaan.
guide-for-whom = 1. Voor wie zoekt u hulp?
guide-for-self = Voor mijzelf
guide-for-child = Voor mijn kind
guide-for-parent = Voor mijn vader of moeder
guide-for-other = Voor iemand anders
guide-about = 2. Waar gaat het over? U mag meer dan één kiezen.
guide-where = 3. Waar woont u?
guide-area-unknown = Weet ik niet
guide-postcode = Of uw postcode
guide-submit = Laat zien wat past
guide-answer = Dit past bij uw vraag
guide-answer-in = Dit past bij uw vraag in
guide-none = We vonden geen passend aanbod.
guide-search-yourself = Zoek zelf
guide-more = Bekijk al het aanbod bij deze vraag
guide-how = Hoe wij hulp ordenen
guide-how-text = We laten eerst lichte hulp zien. Vaak is dat genoeg, en het is dichtbij. Is er meer nodig? Dan is er zwaardere hulp.
guide-error = Controleer uw antwoord: { $reasons }.
guide-error-topic = onderwerp '{ $value }' kennen we niet
guide-error-postcode = '{ $value }' is geen postcode zoals 1234 AB
guide-error-elsewhere = postcode { $value } ligt niet in deze gemeente; kies een wijk of kern
