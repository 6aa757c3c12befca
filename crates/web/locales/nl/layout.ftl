# The frame around every public page: header, language choice, footer.
skip-link = Direct naar de inhoud
language-choice = Kies uw taal
nav-main = Hoofdmenu
nav-search = Zoeken
nav-vraagwijzer = Vraagwijzer
nav-ask = Stel uw vraag
nav-login = Inloggen
nav-my-plan = Mijn plan
nav-logout = Uitloggen
footer-about = Kompas – hulp en ondersteuning in { $place }. Open source software voor het sociaal domein.
start-title = Hulp en ondersteuning
