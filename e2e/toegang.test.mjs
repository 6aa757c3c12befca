// Toegang in a real browser: the resident's question form with and without
// JavaScript (axe on the form, its errors and the confirmation), and a
// professional working the triage queue through to a case.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertReflows, clickAndWait, freshTotp, launchBrowser, loginWithSecondFactor, pathOf, startApp,
  submitLogin,
  DEMO_PASSWORD, DEMO_TOTP_SECRET,
} from './app.mjs';

describe('toegang', { timeout: 300_000 }, () => {
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

  for (const javaScript of [true, false]) {
    test(`a resident asks a question ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      // A Dutch browser: the form follows the browser's language.
      const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'nl-NL' });
      const page = await context.newPage();
      await page.goto(`${app.baseURL}/vraag-stellen`);
      // axe runs as page script, so it checks the pages with JavaScript on.
      if (javaScript) {
        await assertAccessible(page, '/vraag-stellen');
        await assertReflows(page, '/vraag-stellen');
      }
      // Sent without consent: refused, everything typed is still there.
      await page.getByLabel('Uw vraag, in uw eigen woorden').fill('Mijn moeder vergeet steeds meer en woont alleen');
      await page.getByLabel('Bel mij').check();
      await page.getByLabel('Telefoonnummer').fill('06 98765432');
      await clickAndWait(page, page.getByRole('button', { name: 'Verstuur mijn vraag' }));
      assert.equal(pathOf(page), '/vraag-stellen');
      await page.getByText('Uw vraag is nog niet verstuurd').waitFor();
      assert.equal(await page.getByLabel('Uw vraag, in uw eigen woorden').inputValue(), 'Mijn moeder vergeet steeds meer en woont alleen');
      assert.equal(await page.getByLabel('Telefoonnummer').inputValue(), '06 98765432');
      if (javaScript) await assertAccessible(page, '/vraag-stellen with errors');
      await page.getByLabel('Ik vind het goed dat de gemeente mijn gegevens gebruikt om mij te helpen').check();
      await clickAndWait(page, page.getByRole('button', { name: 'Verstuur mijn vraag' }));
      assert.equal(pathOf(page), '/vraag-stellen/verstuurd');
      await page.getByRole('heading', { name: 'Uw vraag is verstuurd' }).waitFor();
      assert.match(await page.locator('main').textContent(), /binnen 5 werkdagen contact/);
      if (javaScript) await assertAccessible(page, '/vraag-stellen/verstuurd');
      await context.close();
    });
  }

  test('a professional works the queue through to a case', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'consulent', DEMO_PASSWORD);
    if (pathOf(page) === '/inloggen/tweede-stap') {
      await page.getByLabel('Code uit uw app', { exact: true }).fill(await freshTotp(DEMO_TOTP_SECRET));
      await clickAndWait(page, page.getByRole('button', { name: 'Bevestigen', exact: true }));
    }
    await page.goto(`${app.baseURL}/werk/wachtrij`);
    await assertAccessible(page, '/werk/wachtrij');
    // The question a resident just asked is in the queue: among the demo's
    // questions from residents it is the newest.
    await page.goto(`${app.baseURL}/werk/wachtrij?kanaal=bewoner`);
    const names = await page.getByRole('link', { name: /^Vraag \d+$/ }).allTextContents();
    const newest = Math.max(...names.map((n) => Number(n.replace('Vraag ', ''))));
    const link = page.getByRole('link', { name: `Vraag ${newest}`, exact: true });
    await clickAndWait(page, link);
    assert.match(pathOf(page), /^\/werk\/vragen\/\d+$/);
    await assertAccessible(page, 'a question');
    await clickAndWait(page, page.getByRole('button', { name: 'Toewijzen' }));
    await page.getByText('De vraag is toegewezen.').waitFor();
    await page.getByLabel('Reden van opzoeken').fill('intake');
    await page.getByLabel('Postcode', { exact: true }).fill('9902 BC');
    await page.getByLabel('Huisnummer').fill('14');
    await clickAndWait(page, page.getByRole('button', { name: 'Huishouden koppelen' }));
    await page.getByText('De vraag is gekoppeld aan een huishouden.').waitFor();
    await page.getByLabel('Traject geopend voor het huishouden').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Vraag afronden' }));
    assert.match(pathOf(page), /^\/werk\/huishoudens\/\d+$/);
    await page.getByText(/open sinds/).waitFor();
    await assertAccessible(page, 'the household');
    await context.close();
  });

  test('a professional reads in a creditors\' file: refused whole, then put right', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginWithSecondFactor(page, app.baseURL, 'consulent');
    await page.goto(`${app.baseURL}/werk/signalen/import`);
    await assertAccessible(page, '/werk/signalen/import');
    const header = 'soort;schuldeiser;bedrag;maanden_achterstand;postcode;huisnummer;toevoeging;naam;geboortedatum;bsn;datum';
    const rows = (bsn) => `${header}\nhuur;Woonstichting Lindehof;912,00;3;9903 XQ;61;;Mila Groeneveld;;${bsn};20-11-2026\n`;
    await page.getByLabel(/CSV-bestand/).setInputFiles({
      name: 'signalen.csv', mimeType: 'text/csv', buffer: Buffer.from(rows('123456789')),
    });
    await clickAndWait(page, page.getByRole('button', { name: 'Inlezen' }));
    await page.getByText('Er is niets ingelezen.').waitFor();
    await page.getByText(/regel 2, kolom bsn/).waitFor();
    await assertAccessible(page, 'the refused import');
    // The file's text is in the box: put the number right and send again.
    const box = page.getByLabel(/plak de regels hier/);
    assert.match(await box.inputValue(), /Mila Groeneveld/);
    await box.fill(rows('123456782'));
    await clickAndWait(page, page.getByRole('button', { name: 'Inlezen' }));
    await page.getByText(/1 signaal verwerkt: 1 nieuwe vraag/).waitFor();
    await assertAccessible(page, 'the import report');
    await clickAndWait(page, page.getByRole('link', { name: /^Vraag \d+$/ }));
    await page.getByText(/Signaal betalingsachterstand huur bij Woonstichting Lindehof/).first().waitFor();
    await context.close();
  });
});
