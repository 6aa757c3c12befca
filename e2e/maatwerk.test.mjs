// Maatwerk in a real browser: the consultant's worklist with a term that has
// passed (the demo's youth-care application for Joep), the path's page, the
// decision recorded, and a new Wmo melding started from the household page.
// axe (WCAG 2.1 A/AA) and 320 px reflow on the worklist and the path page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertReflows, clickAndWait, launchBrowser, loginWithSecondFactor, pathOf, startApp,
} from './app.mjs';

const isoDate = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('maatwerk', { timeout: 300_000 }, () => {
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

  test('worklist, a late youth-care decision recorded, a new Wmo melding', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginWithSecondFactor(page, app.baseURL, 'regisseur');

    await page.goto(`${app.baseURL}/werk/maatwerk`);
    await page.getByRole('heading', { name: 'Maatwerk: werklijst' }).waitFor();
    await assertAccessible(page, 'the maatwerk worklist');
    await assertReflows(page, 'the maatwerk worklist');
    const late = page.getByRole('row').filter({ hasText: 'Jeugdwet' }).first();
    await late.getByText('te laat').waitFor();
    await clickAndWait(page, late.getByRole('link', { name: /^Traject \d+$/ }));
    assert.match(pathOf(page), /^\/werk\/maatwerk\/\d+$/);
    await page.getByText('dwangsom mogelijk').waitFor();
    await assertAccessible(page, 'a path page');
    await assertReflows(page, 'a path page');

    await page.getByLabel('Stap').selectOption('besluit');
    await page.getByLabel('Datum', { exact: true }).fill(isoDate(0));
    await clickAndWait(page, page.getByRole('button', { name: 'Vastleggen' }));
    await page.getByText('Opgeslagen.').waitFor();
    await page.getByText('Er loopt geen termijn meer').waitFor();

    // A new melding for the same household, from its page.
    const household = await page.getByRole('link', { name: /^Huishouden \d+$/ }).first().getAttribute('href');
    await page.goto(`${app.baseURL}${household}?reden=maatwerk`);
    await page.locator('summary', { hasText: 'Traject starten' }).evaluate((s) => { s.parentElement.open = true; });
    await page.getByLabel('Wet').selectOption('wmo');
    await clickAndWait(page, page.getByRole('button', { name: 'Traject starten' }));
    assert.match(pathOf(page), /^\/werk\/maatwerk\/\d+$/);
    await page.getByText('Het traject is gestart.').waitFor();
    await page.getByText('onderzoek afronden').first().waitFor();
    await assertAccessible(page, 'a new path');
    await context.close();
  });
});

describe('maatwerk decisions', { timeout: 300_000 }, () => {
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

  test('the coordinator composes and sends a decision; the resident reads it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginWithSecondFactor(page, app.baseURL, 'regisseur');

    // Mevrouw Tromp's scooter melding waits for its decision.
    await page.goto(`${app.baseURL}/werk/maatwerk`);
    const row = page.getByRole('row').filter({ hasText: 'Wmo 2015' }).filter({ hasText: 'beschikking geven' }).first();
    await clickAndWait(page, row.getByRole('link', { name: /^Traject \d+$/ }));
    const pathUrl = pathOf(page);
    await clickAndWait(page, page.getByRole('link', { name: 'Besluit opstellen' }));
    await page.getByRole('heading', { name: /^Besluit opstellen/ }).waitFor();
    await assertAccessible(page, 'the decision form');
    await assertReflows(page, 'the decision form');

    const first = page.getByRole('group', { name: 'Product 1' });
    await first.getByLabel('Productcategorie').selectOption('12');
    await first.getByLabel('Besluit').selectOption('toegekend');
    await first.getByLabel('Omvang (aantal eenheden)').fill('1');
    await first.getByLabel('Eenheid').selectOption('82');
    await first.getByLabel('Hoe vaak').selectOption('6');
    await first.getByLabel('Ingangsdatum').fill(isoDate(7));
    await first.getByLabel('Einddatum (laatste dag)').fill(isoDate(7 + 5 * 365));
    await first.getByLabel(/^Waarom/).fill('U kunt niet meer lopen tot de winkel en de bus; met een scootmobiel doet u zelf uw boodschappen.');
    await clickAndWait(page, page.getByRole('button', { name: 'Concept opslaan' }));
    assert.match(pathOf(page), /^\/werk\/maatwerk\/besluiten\/\d+$/);
    await page.getByText('Concept.', { exact: false }).first().waitFor();
    await page.getByText('Beste Geertruida Tromp,').waitFor();
    await assertAccessible(page, 'a draft decision');
    await assertReflows(page, 'a draft decision');

    await clickAndWait(page, page.getByRole('button', { name: 'Besluit versturen' }));
    await page.getByText('Het besluit is verstuurd').waitFor();
    await page.getByRole('link', { name: 'Verstuurde brief (pdf)' }).waitFor();
    await assertAccessible(page, 'a sent decision');
    const decisionUrl = pathOf(page);
    await page.goto(`${app.baseURL}${decisionUrl}/brief`);
    await page.getByRole('heading', { name: 'Niet eens met dit besluit?' }).waitFor();
    await assertAccessible(page, 'the printable letter');
    await assertReflows(page, 'the printable letter');

    // The path's term is closed; the resident gets a one-time link.
    await page.goto(`${app.baseURL}${pathUrl}`);
    await page.getByText('Er loopt geen termijn meer').waitFor();
    const household = await page.getByRole('link', { name: /^Huishouden \d+$/ }).first().getAttribute('href');
    await page.goto(`${app.baseURL}${household}?reden=besluit delen`);
    await clickAndWait(page, page.getByRole('button', { name: 'Inloglink maken voor Geertruida Tromp' }));
    const link = await page.getByLabel('Link').inputValue();
    await context.close();

    // Resident pages follow the browser's language: this resident reads Dutch.
    const resident = await browser.newContext({ locale: 'nl-NL' });
    const own = await resident.newPage();
    await own.goto(link);
    await clickAndWait(own, own.getByRole('button', { name: 'Bekijk mijn plan' }));
    await own.getByRole('heading', { name: 'Uw besluiten' }).waitFor();
    await own.getByText('Vervoervoorzieningen: 1 stuks (output) totaal binnen de geldigheidsduur').waitFor();
    await assertAccessible(own, '/mijn with decisions');
    await assertReflows(own, '/mijn with decisions');
    await clickAndWait(own, own.getByRole('link', { name: /^Besluit WMO-/ }).first());
    assert.match(pathOf(own), /^\/mijn\/besluiten\/\d+$/);
    await own.getByRole('heading', { name: 'Niet eens met dit besluit?' }).waitFor();
    await assertAccessible(own, 'the resident reads a decision');
    await resident.close();
  });
});
