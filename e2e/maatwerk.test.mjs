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
