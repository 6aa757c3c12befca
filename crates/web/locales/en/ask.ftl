# The question form (/vraag-stellen) and its confirmation.
ask-title = Ask your question
ask-intro = Do you have a question about money, housing, parenting, care, work or something else? Write it down here. Someone from the municipality will contact you within { $days ->
        [one] { $days } working day
        *[other] { $days } working days
    }. You do not need an account.
ask-not-sent = Your question has not been sent yet.
ask-fix = Please correct this:
ask-question-label = Your question, in your own words
ask-question-hint = Tell us what is going on and what you need help with.
ask-who-legend = Who is your question about? (optional)
ask-who-none = I would rather not say
ask-who-self = Myself
ask-who-child = My child
ask-who-parent = My father or mother
ask-who-other = Someone else
ask-topic-legend = What is it about? (optional, choose what fits)
ask-domain-financien = Money and debts
ask-domain-werk-en-opleiding = Work or school
ask-domain-dagbesteding = Something to do during the day
ask-domain-huisvesting = Housing
ask-domain-huiselijke-relaties = Relationships and arguments at home
ask-domain-opvoeden-en-opgroeien = Raising children and growing up
ask-domain-geestelijke-gezondheid = Stress, worries or feeling low
ask-domain-lichamelijke-gezondheid = Your body and health
ask-domain-middelengebruik = Alcohol, drugs or gambling
ask-domain-dagelijkse-levensverrichtingen = Help in and around the house
ask-domain-sociaal-netwerk = Loneliness and contact with others
ask-domain-maatschappelijke-deelname = Taking part in your neighbourhood
ask-domain-justitie-en-veiligheid = Police, justice and safety
ask-domain-taal-en-basisvaardigheden = Language, reading, writing and arithmetic
ask-reach-heading = How can we reach you?
ask-reach-intro = You may also ask a question without your name. Then we can only reach you if you give a phone number or email address.
ask-name-label = Your name (optional)
ask-way-legend = What do you prefer?
ask-way-phone = Call me
ask-way-email = Send me an email
ask-way-visit = Make an appointment or visit
ask-phone-label = Phone number
ask-email-label = Email address
ask-postcode-label = Postcode (optional)
ask-postcode-hint = Then we know which team in your area can help you.
ask-honeypot = Leave this field empty
ask-privacy-heading = What do we do with your information?
ask-privacy-text = We only use what you fill in here to help you with this question. Only staff who work on your question can read it, and we write down who has looked at it. You can always ask what information we have about you.
ask-privacy-link = Read the privacy statement
ask-consent-label = I agree that the municipality uses my information to help me
ask-submit = Send my question
ask-error-question-empty = Write in a few words what you need help with.
ask-error-question-long = Your question is too long: use at most 4000 characters.
ask-error-name = This name is too long or contains strange characters.
ask-error-way = Choose how we can reach you.
ask-error-phone-missing = You want us to call you: fill in your phone number.
ask-error-phone = Fill in a phone number of 10 digits, for example 06 12345678.
ask-error-email-missing = You want an email: fill in your email address.
ask-error-email = Fill in an email address like name@example.nl.
ask-error-visit = For an appointment we need a phone number or email address.
ask-error-postcode = This postcode is not right. A postcode has 4 digits and 2 letters, like 1234 AB.
ask-error-consent = Tick the box if you agree that we use your information to help you.
ask-error-busy = Many questions were sent from your connection. Wait a minute and try again; your text is still here.
asked-title = Your question has been sent
asked-thanks = Thank you. We have received your question.
asked-reference = Your reference number:
asked-reference-hint = Mention this reference number when you call or email us about your question.
asked-next-heading = What happens now?
asked-step-read = Someone from the municipality reads your question.
asked-step-contact = We will contact you within { $days ->
        [one] { $days } working day
        *[other] { $days } working days
    }. Saturdays, Sundays and public holidays do not count.
asked-step-by = You will hear from us by { $date } at the latest.
asked-step-together = Together we look at what you need. Often someone in your neighbourhood can already help you.
asked-questions-heading = Contact us yourself
asked-call = Do you want to ask or add something? Call the municipality:
asked-call-no-number = Do you want to ask or add something? Then contact the municipality.
asked-no-contact = Did you not give a phone number or email address? Then we cannot reach you. Please contact us yourself and mention your reference number.
asked-search = Search for help nearby yourself
