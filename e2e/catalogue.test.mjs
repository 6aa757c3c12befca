// The maatwerk catalogue in a real browser: the contract manager's overview of
// providers, a provider's page with its contracts and history (the demo's tariff
// change on 1 January 2026), the products per law, and a new contract added.
// axe (WCAG 2.1 A/AA) and 320 px reflow on the overview, a provider and the products.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible, assertReflows, clickAndWait, DEMO_PASSWORD, launchBrowser, pathOf, startApp, submitLogin,
} from './app.mjs';

describe('the maatwerk catalogue', { timeout: 300_000 }, () => {
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

  test('providers, a provider with contracts and history, products, a new contract', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'contractbeheer', DEMO_PASSWORD);
    assert.equal(pathOf(page), '/', 'the contract manager logs in without a second factor');

    await clickAndWait(page, page.getByRole('link', { name: 'Maatwerkcatalogus' }));
    await page.getByRole('heading', { name: 'Maatwerkcatalogus: aanbieders' }).waitFor();
    await assertAccessible(page, 'the catalogue overview');
    await assertReflows(page, 'the catalogue overview');

    await clickAndWait(page, page.getByRole('link', { name: 'Thuiszorg De Wilgenhoek' }));
    assert.match(pathOf(page), /^\/beheer\/maatwerk\/aanbieders\/\d+$/);
    await page.getByText('€ 32,85 per uur (per week)').first().waitFor();
    await page.getByText(/^Contract \d+ beëindigd$/).first().waitFor();
    await assertAccessible(page, 'a provider page');
    await assertReflows(page, 'a provider page');

    // A contract for a product this provider does not deliver yet.
    await page.getByLabel('Product').selectOption({ label: '02A01 Individuele begeleiding (Wmo 2015)' });
    await page.getByLabel('Tarief in euro per eenheid').fill('61,40');
    await page.getByLabel('Geldig vanaf').first().fill('01-01-2026');
    await clickAndWait(page, page.getByRole('button', { name: 'Contract toevoegen' }));
    await page.getByText('Het contract is toegevoegd.').waitFor();
    await page.getByText('€ 61,40 per uur (per week)').waitFor();

    await clickAndWait(page, page.getByRole('link', { name: 'Producten' }));
    await page.getByRole('heading', { name: 'Jeugdwet' }).waitFor();
    await assertAccessible(page, 'the products per law');
    await assertReflows(page, 'the products per law');
    await context.close();
  });
});
