# The public sociale kaart: start page, search, offer, organisation and vraagwijzer.

## Start page
start-heading = Help and support in { $place }
start-lead = Find help nearby: from a coffee morning to help with money worries or raising children. We show what is close and light first.
start-question = What do you need help with?
start-placeholder = For example: money worries, lonely, parenting
start-guide-before = Not sure where to look?
start-guide-link = Use the step-by-step guide
start-guide-after = : three short questions, and you see which help fits.
start-topics = Search by topic
start-layers = Light where possible, heavy where needed
start-professional = Do you work for the municipality or a partner organisation?
start-professional-link = Log in

## Life domains, in residents' words
domain-finances = Money and debts
domain-work-and-education = Work, school and study
domain-daytime-activities = Something to do during the day
domain-housing = Housing and a roof over your head
domain-domestic-relations = Relationship and family
domain-parenting = Children and parenting
domain-mental-health = Worries, stress and mental health
domain-physical-health = Health and body
domain-substance-use = Alcohol, drugs and gambling
domain-daily-living = Help in and around the house
domain-social-network = Contact with others
domain-participation = Taking part in your neighbourhood
domain-justice-and-safety = Police, justice and safety
domain-language-and-skills = Language, reading and computers

## Layers
layer-own-strength = Do it yourself, with family and neighbours
layer-social-base = In the neighbourhood, everyone welcome
layer-open-access = Open to all: you can just walk in
layer-targeted = Help tailored to you, after a conversation
layer-intensive = Intensive or urgent help
layer-own-strength-explained = What you can do yourself, with help from family, neighbours and friends.
layer-social-base-explained = Activities and places nearby where everyone is welcome, such as a community centre, the library or a sports club.
layer-open-access-explained = Help you can sign up for yourself, without a referral or a decision by the municipality, such as social work or a parenting drop-in.
layer-targeted-explained = Help tailored to you. The municipality or a referrer first looks at what you need with you, for example for household help or youth care.
layer-intensive-explained = Intensive or urgent help for big problems or when it is not safe.

## How a resident gets to an offer
access-open = You can just walk in
access-register = You sign up yourself
access-referral = You need a referral
access-indication = You first need a decision by the municipality (indicatie)
access-referral-how = How do you get a referral? Ask your GP, the youth doctor or the social team.
access-indication-how = How do you get that decision? Tell the municipality what you need. A staff member talks with you and looks at what fits. If this help fits, you get a letter with the decision (a beschikking). Then you can start.
access-ask-link = Ask the municipality your question

## Who an offer is for
group-children = Children and teenagers
group-young-adults = Young people (16 to 27)
group-families = Families
group-adults = Adults
group-elderly = Older people
group-carers = People who care for someone close (carers)
group-newcomers = Newcomers with a residence permit
group-disabled = People with a disability
group-volunteers = Volunteers

## Search page
search-title = Search
search-heading = Search for help
search-words = Search words
search-button = Search
search-error = This search is not right: { $reason }.
search-error-layer = type of help '{ $value }' is not a number from 1 to 5
search-error-topic = we do not know the topic '{ $value }'
search-error-area = area '{ $value }' is not an area code like WK990101
search-error-age = age '{ $value }' is not an age between 0 and 120
search-error-page = page '{ $value }' does not exist
filters-summary = { $n ->
    [0] More choices
    [one] More choices (1 chosen)
   *[other] More choices ({ $n } chosen)
}
filter-topic = Topic
filter-layer = Type of help
filter-area = Neighbourhood or village
filter-area-any = Everywhere
filter-age = Age of the person who needs help
filter-free = Free only
filter-without-referral = Without a referral
filter-open-now = Open now
filter-apply = Apply choices
results-count = { $n ->
    [one] 1 result
   *[other] { $n } results
}
search-understood = You searched for:
search-typed = you typed:
search-unknown = We do not know these words:
search-nothing = We found nothing that fits.
search-little = We found little.
search-not-there = Is your help not listed?
search-ask-link = Ask the municipality your question
search-ask-after = : a staff member will answer you.
search-guide-before = Or try
search-guide-link = the step-by-step guide
search-try-other = You can also try another word or fewer choices.
search-order = Help that fits equally well is shown with the lightest form first.
search-print = Print list
pager-label = Pages
pager-previous = Previous page
pager-next = Next page
pager-position = Page { $page } of { $pages }

## A result card
card-free = Free
card-stale = Note: this information has not been checked for more than a year.

## Crisis numbers
crisis-heading = Need help right now?
crisis-call = Call
crisis-offers = Crisis help nearby:
crisis-suicide-question = Are you thinking about suicide?
crisis-suicide-advice = Talk about it with 113 Suicide Prevention, day and night, anonymously. 0800-0113 is free. You can also chat on 113.nl.
crisis-violence-question = Violence or abuse at home, or worried about a child?
crisis-violence-advice = Call Veilig Thuis (Safe at Home), free, day and night. Also if you are not sure or if it is about someone else.
crisis-shelter-question = Nowhere to sleep tonight?
crisis-shelter-advice = The shelters in the list below help you today. If you are outside and in danger, call 112.
crisis-danger-question = Is there danger right now?
crisis-danger-advice = Call the police, an ambulance or the fire brigade.
crisis-quiet-label = Help in an emergency
crisis-quiet-intro = Need help right away?
crisis-quiet-danger = In danger: call
crisis-quiet-suicide = Thinking about suicide? Call
crisis-quiet-or-free = or free
crisis-quiet-violence = Violence at home or worried about a child? Call Veilig Thuis, free:
crisis-quiet-always = Day and night.

## Offer page
offer-back = Back to search
offer-from = By
offer-closed = This offer is temporarily closed.
offer-gone = This offer no longer exists.
offer-stale = Note: this information has not been checked for more than a year. Call or email first.
offer-what = What is it?
offer-for-whom = Who is it for?
offer-age = Age
offer-groups = For
offer-topics = Topics
offer-where = Where
offer-costs-and-apply = Costs and signing up
offer-costs = Costs
offer-access = How do you get there?
offer-via = via
offer-apply = How to sign up
offer-where-when = Where and when
offer-no-place = No fixed place: by phone, online or at your home.
offer-by-appointment = By appointment.
offer-contact = Contact
offer-phone = Phone:
offer-email = Email:
offer-website = Website:
offer-checked = Last checked: { $date }.
offer-never-checked = never
offer-whole-municipality = the whole municipality
ages-all = all ages
ages-from = from { $min } years
ages-to = up to { $max } years
ages-between = { $min } to { $max } years
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
list-and = and
report-heading = Is something wrong?
report-thanks = Thank you. The editors will look at your report.
report-what = What is wrong?
report-contact = Your email or phone (you may leave this empty)
report-leave-empty = Leave this field empty
report-send = Send report
report-too-short = Write in a few words what is wrong.
report-too-long = Your report is too long. Use at most 2000 characters.
report-too-many = You have sent many reports. Try again in a minute.

## Organisation page
org-offers = What this organisation offers
org-none = This organisation has no offers in Kompas at the moment.

## Vraagwijzer
guide-title = Step-by-step guide
guide-lead = Answer three short questions. Then you see which help fits, with the lightest help first.
guide-for-whom = 1. Who are you looking for help for?
guide-for-self = For myself
guide-for-child = For my child
guide-for-parent = For my father or mother
guide-for-other = For someone else
guide-about = 2. What is it about? You may choose more than one.
guide-where = 3. Where do you live?
guide-area-unknown = I don't know
guide-postcode = Or your postcode
guide-submit = Show what fits
guide-answer = This fits your question
guide-answer-in = This fits your question in
guide-none = We found no matching offer.
guide-search-yourself = Search yourself
guide-more = See all offers for this question
guide-how = How we order help
guide-how-text = We show light help first. Often that is enough, and it is close by. Do you need more? Then there is heavier help.
guide-error = Please check your answer: { $reasons }.
guide-error-topic = we do not know the topic '{ $value }'
guide-error-postcode = '{ $value }' is not a postcode like 1234 AB
guide-error-elsewhere = postcode { $value } is not in this municipality; choose a neighbourhood or village
