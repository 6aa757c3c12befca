// One whole journey of the plan module in a real browser: a question becomes
// a case, the case gets a plan, a referral is accepted by the partner, an
// evaluation is held, the case closes with monthly aftercare and the first
// aftercare call is recorded; then the household member opens the plan with
// a one-time link. axe (WCAG 2.1 A/AA) on the case page, the partner's
// pages and the resident's view.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertReflows, clickAndWait, launchBrowser, openDetails, pathOf, signIn, startApp,
} from './app.mjs';

const isoDate = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('plan', { timeout: 300_000 }, () => {
  let app;
  let browser;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('question, case, plan, referral accepted, evaluation, closing with aftercare, resident view', async () => {
    const { context, page } = await signIn(browser, app.baseURL, 'consulent');

    // A walk-in question, linked to a household, closed with a case.
    await page.goto(`${app.baseURL}/werk/vragen/nieuw`);
    await page.getByLabel('De vraag').fill('Meneer heeft post die hij niet opent en loopt achter met de huur.');
    await clickAndWait(page, page.getByRole('button', { name: 'Registreren' }));
    assert.match(pathOf(page), /^\/werk\/vragen\/\d+$/);
    await page.getByLabel('Reden van opzoeken').fill('intake');
    await page.getByLabel('Postcode', { exact: true }).fill('9904 AQ');
    await page.getByLabel('Huisnummer').fill('21');
    await clickAndWait(page, page.getByRole('button', { name: 'Huishouden koppelen' }));
    await page.getByLabel('Traject geopend voor het huishouden').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Vraag afronden' }));
    assert.match(pathOf(page), /^\/werk\/huishoudens\/\d+$/);
    const householdUrl = page.url();
    await openDetails(page, 'Gezinslid toevoegen');
    await page.getByLabel('Naam', { exact: true }).first().fill('Henk Vos');
    await clickAndWait(page, page.getByRole('button', { name: 'Toevoegen' }).first());
    await page.getByText('Henk Vos').first().waitFor();
    await clickAndWait(page, page.getByRole('link', { name: /^Traject \d+$/ }));
    assert.match(pathOf(page), /^\/werk\/trajecten\/\d+$/);
    const caseUrl = page.url();

    // The plan: a goal, agreed with the household.
    await openDetails(page, 'Doel toevoegen');
    await page.getByLabel('Leefgebied', { exact: true }).first().selectOption({ label: 'Financiën' });
    await page.getByLabel('Wat wil het huishouden bereiken? (in eigen woorden)').fill('Henk opent zijn post elke week samen met een maatje');
    await clickAndWait(page, page.getByRole('button', { name: 'Doel toevoegen' }));
    await page.getByText('Henk opent zijn post elke week samen met een maatje').first().waitFor();
    await openDetails(page, 'Notitie toevoegen');
    await page.getByLabel('Leefgebied van de notitie').selectOption({ label: 'Financiën' });
    await page.getByLabel('Notitie', { exact: true }).fill('Twee aanmaningen van de woningcorporatie liggen ongeopend.');
    await clickAndWait(page, page.getByRole('button', { name: 'Notitie opslaan' }));
    await page.getByText('Twee aanmaningen van de woningcorporatie liggen ongeopend.').waitFor();
    await openDetails(page, 'Plan afspreken met het huishouden');
    await page.getByLabel('Met wie (bijvoorbeeld: moeder en zoon)').fill('Henk Vos');
    await clickAndWait(page, page.getByRole('button', { name: 'Plan afspreken' }));
    await assertAccessible(page, 'the case page');
    await assertReflows(page, 'the case page');

    // A referral with a warm handover, sent to the partner.
    await openDetails(page, 'Verwijzing maken');
    await page.getByLabel('Verwijzen naar').selectOption({ label: 'Stichting Welzijn Wilgendaal' });
    await page.getByLabel('Laag (alleen bij een organisatie)').selectOption('3');
    await page.getByLabel(/Warme overdracht/).fill('Henk wil een vast maatje voor de post. Bel hem op dinsdag.');
    await clickAndWait(page, page.getByRole('button', { name: 'Concept maken' }));
    // Nobody consented yet: the coordinator is warned and must choose to send anyway.
    await page.getByText('er is geen toestemming om gegevens met Stichting Welzijn Wilgendaal te delen').first().waitFor();
    await clickAndWait(page, page.getByRole('button', { name: 'Versturen' }).first());
    await page.getByText(/Niet verstuurd: er is geen toestemming/).first().waitFor();
    await page.getByLabel('Toch versturen zonder toestemming').first().check();
    await clickAndWait(page, page.getByRole('button', { name: 'Versturen' }).first());
    await page.getByText('Verstuurd').first().waitFor();

    // The partner accepts it from the inbox.
    const partner = await signIn(browser, app.baseURL, 'partner');
    await partner.page.goto(`${app.baseURL}/partner/verwijzingen`);
    await assertAccessible(partner.page, '/partner/verwijzingen');
    await clickAndWait(partner.page, partner.page.getByRole('link', { name: 'Verwijzing naar Stichting Welzijn Wilgendaal' }).first());
    await assertAccessible(partner.page, 'a referral for the partner');
    // No consent was given: the partner sees the referral, not the household's notes.
    assert.doesNotMatch(await partner.page.locator('main').innerText(), /aanmaningen/);
    await partner.page.getByLabel('Accepteren: wij bieden deze hulp').check();
    await clickAndWait(partner.page, partner.page.getByRole('button', { name: 'Opslaan' }));
    await partner.page.getByText(/de verwijzing is nu geaccepteerd/).waitFor();
    await partner.context.close();

    // Evaluation: planned, held.
    await page.goto(caseUrl);
    await page.getByText('Geaccepteerd').first().waitFor();
    await openDetails(page, 'Evaluatie plannen');
    await page.getByLabel('Datum van de evaluatie').fill(isoDate(14));
    await clickAndWait(page, page.getByRole('button', { name: 'Evaluatie plannen' }));
    await page.getByLabel(/Wat kwam eruit\? \(evaluatie/i).fill('De post is bijgewerkt; het maatje komt elke week.');
    await clickAndWait(page, page.getByRole('button', { name: 'Afronden' }).first());

    // Closing with three monthly aftercare calls; the first call is recorded.
    await page.locator('select[name^="resultaat-"]').first().selectOption({ label: 'Doelen bereikt' });
    await page.getByLabel('Waarom sluit u het traject af?').fill('Henk redt het weer zelf met zijn maatje.');
    await page.getByLabel('Nazorg', { exact: true }).selectOption({ index: 3 });
    await page.getByLabel('Aantal nazorgcontacten (1 tot en met 24)').fill('3');
    await clickAndWait(page, page.getByRole('button', { name: 'Traject afsluiten' }));
    await page.getByText('Nazorg').first().waitFor();
    const aftercare = page.getByLabel(/Wat kwam eruit\? \(nazorg/i);
    assert.equal(await aftercare.count(), 3);
    await aftercare.first().fill('Gebeld: het gaat goed.');
    await clickAndWait(page, page.locator('form').filter({ has: aftercare }).first().getByRole('button', { name: 'Afronden' }));
    assert.equal(await page.getByLabel(/Wat kwam eruit\? \(nazorg/i).count(), 2);
    await assertAccessible(page, 'the case page in aftercare');

    // The resident opens the plan with a one-time link.
    await page.goto(householdUrl);
    await clickAndWait(page, page.getByRole('button', { name: 'Inloglink maken voor Henk Vos' }));
    const link = await page.getByLabel('Link').inputValue();
    assert.match(link, /\/mijn\/inloggen\/[0-9a-f]{64}$/);
    await context.close();

    const resident = await browser.newContext();
    const own = await resident.newPage();
    // Opening the link (as a mail scanner would) shows a button and uses nothing up.
    await own.goto(link);
    assert.match(pathOf(own), /^\/mijn\/inloggen\//);
    await assertAccessible(own, 'the one-time link page');
    await clickAndWait(own, own.getByRole('button', { name: 'Bekijk mijn plan' }));
    assert.equal(pathOf(own), '/mijn');
    await own.getByText('Welkom, Henk Vos.').waitFor();
    await own.getByText('Henk opent zijn post elke week samen met een maatje').waitFor();
    await own.getByText('Stichting Welzijn Wilgendaal').first().waitFor();
    await own.getByRole('heading', { name: 'Wie heeft uw gegevens bekeken?' }).waitFor();
    await assertAccessible(own, '/mijn');
    await assertReflows(own, '/mijn');
    await resident.close();
  });
});
