// The professionals' journey of issue 16 in a real browser: the consultant
// registers a couple's question and finds the household back by name; the
// coordinator plans per member (Fatima's study, Amir's work), adds a friend's
// support as layer 1 and a contact report shared with the household, and is
// warned before a referral goes out without consent; the partner sees how to
// reach the coordinator, then — after Fatima alone consents — Fatima's goal
// and not Amir's; the worker's agenda. axe (WCAG 2.1 A/AA) and 320 px reflow
// on every new page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPage, clickAndWait, launchBrowser, openDetails, pathOf, signIn, startApp,
} from './app.mjs';

const FATIMA_GOAL = 'Fatima rondt haar opleiding tot verzorgende af';
const AMIR_GOAL = 'Amir vindt werk in de logistiek';

describe('professionals', { timeout: 300_000 }, () => {
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

  test('consultant, coordinator, partner with and without consent, agenda', async () => {
    const { context, page } = await signIn(browser, app.baseURL, 'consulent');

    // The consultant registers the question and opens a case for the household.
    await page.goto(`${app.baseURL}/werk/vragen/nieuw`);
    await page.getByLabel('De vraag').fill('Fatima wil haar opleiding afmaken en Amir zoekt werk; het geld is krap.');
    await clickAndWait(page, page.getByRole('button', { name: 'Registreren' }));
    await page.getByLabel('Reden van opzoeken').fill('intake');
    await page.getByLabel('Postcode', { exact: true }).fill('9904 AR');
    await page.getByLabel('Huisnummer').fill('8');
    await clickAndWait(page, page.getByRole('button', { name: 'Huishouden koppelen' }));
    await page.getByLabel('Traject geopend voor het huishouden').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Vraag afronden' }));
    assert.match(pathOf(page), /^\/werk\/huishoudens\/\d+$/);
    const householdUrl = page.url();
    for (const name of ['Fatima Amrani', 'Amir Amrani']) {
      await openDetails(page, 'Gezinslid toevoegen');
      await page.locator('#lid-naam').fill(name);
      await clickAndWait(page, page.locator('form[action$="/leden"]').getByRole('button', { name: 'Toevoegen' }));
      await page.getByText(name).first().waitFor();
    }
    await openDetails(page, 'Iemand uit het netwerk toevoegen');
    await page.locator('#nw-naam').fill('Yara (buurvrouw)');
    await page.locator('#nw-relatie').selectOption('buur');
    await clickAndWait(page, page.locator('form[action$="/netwerk"]').getByRole('button', { name: 'Toevoegen' }));
    await page.getByText('Yara (buurvrouw)').first().waitFor();

    // Found back by name: the reason is asked once, then remembered.
    await page.goto(`${app.baseURL}/werk/huishoudens`);
    await checkPage(page, 'finding a household');
    await page.getByLabel('Naam, adres, geboortedatum of BSN').fill('amrani');
    await page.getByLabel('Waarom zoekt u?').fill('voorbereiden gesprek');
    await clickAndWait(page, page.getByRole('button', { name: 'Zoeken' }));
    await page.getByText('Fatima Amrani').first().waitFor();
    const householdId = new URL(householdUrl).pathname.split('/').pop();
    await clickAndWait(page, page.getByRole('link', { name: new RegExp(`^Huishouden ${householdId}:`) }));
    assert.equal(pathOf(page), new URL(householdUrl).pathname);
    // Back to the household later in the session: no question asked again.
    await page.goto(`${app.baseURL}/werk/huishoudens/${householdId}`);
    await page.getByText('Bekeken met als reden: voorbereiden gesprek').waitFor();

    // The coordinator plans per member.
    await clickAndWait(page, page.getByRole('link', { name: /^Traject \d+$/ }));
    const caseUrl = page.url();
    await page.getByText('Het verhaal van het huishouden').waitFor();
    await page.getByText('het geld is krap').first().waitFor();
    for (const [goal, member, domain] of [[FATIMA_GOAL, 'Fatima Amrani', 'Werk en opleiding'], [AMIR_GOAL, 'Amir Amrani', 'Werk en opleiding']]) {
      await openDetails(page, 'Doel toevoegen');
      await page.getByLabel('Leefgebied', { exact: true }).first().selectOption({ label: domain });
      await page.getByLabel('Wat wil het huishouden bereiken? (in eigen woorden)').fill(goal);
      await page.locator('form[action$="/doelen"]').getByLabel(member, { exact: true }).check();
      await clickAndWait(page, page.getByRole('button', { name: 'Doel toevoegen' }));
      await page.getByText(`Voor: ${member}`).first().waitFor();
    }
    // A neighbour's support counts as layer 1.
    await openDetails(page, 'Steun uit het netwerk toevoegen');
    await page.getByLabel('Wie helpt?').selectOption({ index: 1 });
    await page.getByLabel('Wat doet deze persoon?').fill('Past op de kinderen als Fatima les heeft');
    await page.getByLabel('Hoe vaak?').fill('Twee middagen per week');
    await clickAndWait(page, page.getByRole('button', { name: 'Steun toevoegen' }));
    await page.getByText('Netwerk: Yara (buurvrouw) (Twee middagen per week)').waitFor();
    // A contact report shared with the household.
    await openDetails(page, 'Contactmoment vastleggen');
    await page.getByLabel('Soort contact').selectOption({ label: 'Huisbezoek' });
    await page.getByLabel('Verslag', { exact: true }).fill('Samen de planning van de opleiding doorgenomen.');
    await page.getByLabel(/Delen met het huishouden/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Contactmoment opslaan' }));
    await page.getByText('Gedeeld met het huishouden').first().waitFor();
    await checkPage(page, 'the case page with members, network support and contacts');

    // A referral: the coordinator is warned that nobody consented.
    await openDetails(page, 'Verwijzing maken');
    await page.getByLabel('Verwijzen naar').selectOption({ label: 'Stichting Welzijn Wilgendaal' });
    await page.getByLabel('Laag (alleen bij een organisatie)').selectOption('3');
    await page.getByLabel(/Warme overdracht/).fill('Fatima zoekt hulp bij het plannen van haar stage.');
    await clickAndWait(page, page.getByRole('button', { name: 'Concept maken' }));
    await page.getByText('er is geen toestemming om gegevens met Stichting Welzijn Wilgendaal te delen').first().waitFor();
    await page.getByLabel('Toch versturen zonder toestemming').first().check();
    await clickAndWait(page, page.getByRole('button', { name: 'Versturen' }).first());
    await page.getByText('Verstuurd').first().waitFor();

    // The partner without consent: the referral and how to reach the coordinator.
    const partner = await signIn(browser, app.baseURL, 'partner');
    await partner.page.goto(`${app.baseURL}/partner/verwijzingen`);
    await clickAndWait(partner.page, partner.page.getByRole('link', { name: 'Verwijzing naar Stichting Welzijn Wilgendaal' }).first());
    const referralUrl = partner.page.url();
    await partner.page.getByText('Contact met de regisseur').waitFor();
    let seen = await partner.page.locator('main').innerText();
    assert.doesNotMatch(seen, /Fatima/);
    await checkPage(partner.page, 'a referral without consent');

    // Fatima alone consents for work and education.
    await page.goto(householdUrl);
    await clickAndWait(page, page.getByRole('button', { name: 'Toestemming bekijken of vastleggen' }));
    await page.getByLabel('Wie geeft toestemming?').selectOption({ label: 'Fatima Amrani' });
    await page.getByLabel('Welke organisatie mag meekijken?').selectOption({ label: 'Stichting Welzijn Wilgendaal' });
    await page.getByLabel('Werk en opleiding').check();
    await page.getByLabel('Waarvoor? (het doel)').fill('Hulp bij de planning van de stage');
    await clickAndWait(page, page.getByRole('button', { name: 'Toestemming vastleggen' }));

    // The partner with Fatima's consent: her goal and the household's address, not Amir's goal.
    await partner.page.goto(referralUrl);
    seen = await partner.page.locator('main').innerText();
    assert.match(seen, new RegExp(FATIMA_GOAL));
    assert.doesNotMatch(seen, new RegExp(AMIR_GOAL));
    assert.match(seen, /Contact met het huishouden/);
    await checkPage(partner.page, 'a referral with one member\'s consent');
    await partner.context.close();

    // The worker's agenda.
    await page.goto(caseUrl);
    await page.goto(`${app.baseURL}/werk/agenda`);
    await checkPage(page, 'the agenda');
    await context.close();
  });
});
