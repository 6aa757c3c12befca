# The question form (/vraag-stellen) and its confirmation.
question-form-title = Ask your question
question-form-intro = Do you have a question about money, housing, parenting, care, work or something else? Write it down here. Someone from the municipality will contact you within { $days ->
        [one] { $days } working day
        *[other] { $days } working days
    }. You do not need an account.
question-form-not-sent = Your question has not been sent yet.
question-form-fix = Please correct this:
question-form-question-label = Your question, in your own words
question-form-question-hint = Tell us what is going on and what you need help with.
question-form-who-legend = Who is your question about? (optional)
question-form-who-none = I would rather not say
question-form-who-self = Myself
question-form-who-child = My child
question-form-who-parent = My father or mother
question-form-who-other = Someone else
question-form-topic-legend = What is it about? (optional, choose what fits)
question-form-domain-financien = Money and debts
question-form-domain-werk-en-opleiding = Work or school
question-form-domain-dagbesteding = Something to do during the day
question-form-domain-huisvesting = Housing
question-form-domain-huiselijke-relaties = Relationships and arguments at home
question-form-domain-opvoeden-en-opgroeien = Raising children and growing up
question-form-domain-geestelijke-gezondheid = Stress, worries or feeling low
question-form-domain-lichamelijke-gezondheid = Your body and health
question-form-domain-middelengebruik = Alcohol, drugs or gambling
question-form-domain-dagelijkse-levensverrichtingen = Help in and around the house
question-form-domain-sociaal-netwerk = Loneliness and contact with others
question-form-domain-maatschappelijke-deelname = Taking part in your neighbourhood
question-form-domain-justitie-en-veiligheid = Police, justice and safety
question-form-domain-taal-en-basisvaardigheden = Language, reading, writing and arithmetic
question-form-reach-heading = How can we reach you?
question-form-reach-intro = You may also ask a question without your name. Then we can only reach you if you give a phone number or email address.
question-form-name-label = Your name (optional)
question-form-way-legend = What do you prefer?
question-form-way-phone = Call me
question-form-way-email = Send me an email
question-form-way-visit = Make an appointment or visit
question-form-phone-label = Phone number
question-form-email-label = Email address
question-form-postcode-label = Postcode (optional)
question-form-postcode-hint = Then we know which team in your area can help you.
question-form-honeypot = Leave this field empty
question-form-privacy-heading = What do we do with your information?
question-form-privacy-text = We only use what you fill in here to help you with this question. Only staff who work on your question can read it, and we write down who has looked at it. You can always ask what information we have about you.
question-form-privacy-link = Read the privacy statement
question-form-consent-label = I agree that the municipality uses my information to help me
question-form-submit = Send my question
question-form-error-question-empty = Write in a few words what you need help with.
question-form-error-question-long = Your question is too long: use at most 4000 characters.
question-form-error-name = This name is too long or contains strange characters.
question-form-error-way = Choose how we can reach you.
question-form-error-phone-missing = You want us to call you: fill in your phone number.
question-form-error-phone = Fill in a phone number of 10 digits, for example 06 12345678.
question-form-error-email-missing = You want an email: fill in your email address.
question-form-error-email = Fill in an email address like name@example.nl.
question-form-error-visit = For an appointment we need a phone number or email address.
question-form-error-postcode = This postcode is not right. A postcode has 4 digits and 2 letters, like 1234 AB.
question-form-error-consent = Tick the box if you agree that we use your information to help you.
question-form-error-busy = Many questions were sent from your connection. Wait a minute and try again; your text is still here.
question-sent-title = Your question has been sent
question-sent-thanks = Thank you. We have received your question.
question-sent-reference = Your reference number:
question-sent-reference-hint = Mention this reference number when you call or email us about your question.
question-sent-next-heading = What happens now?
question-sent-step-read = Someone from the municipality reads your question.
question-sent-step-contact = We will contact you within { $days ->
        [one] { $days } working day
        *[other] { $days } working days
    }. Saturdays, Sundays and public holidays do not count.
question-sent-step-by = You will hear from us by { $date } at the latest.
question-sent-step-together = Together we look at what you need. Often someone in your neighbourhood can already help you.
question-sent-questions-heading = Contact us yourself
question-sent-call = Do you want to ask or add something? Call the municipality:
question-sent-call-no-number = Do you want to ask or add something? Then contact the municipality.
question-sent-no-contact = Did you not give a phone number or email address? Then we cannot reach you. Please contact us yourself and mention your reference number.
question-sent-search = Search for help nearby yourself
