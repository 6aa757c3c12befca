// Offers in residents' languages (issue 15): an editor fills in the
// "Vertalingen" section of an offer (a mistake is named per field and nothing
// typed is lost), and a resident reading Arabic or English sees the
// translation, or the Dutch text marked as Dutch. Every page passes axe and
// reflows at 320 px.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkPage, clickAndWait, launchBrowser, pathOf, startApp, submitLogin, DEMO_PASSWORD } from './app.mjs';

const EN_NAME = 'Budget course: making ends meet';
const AR_NAME = 'دورة الميزانية';
const AR_DESCRIPTION = 'في أربع أمسيات تتعلم كيف تضع ميزانية أسبوعية وتلتزم بها.';

describe('offer translations', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let editor;
  let visitor;
  let offerPath;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    editor = await (await browser.newContext()).newPage();
    await submitLogin(editor, app.baseURL, 'redacteur', DEMO_PASSWORD);
    assert.equal(pathOf(editor), '/');
    visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${app.baseURL}/zoeken?q=budgetcursus`);
    offerPath = await visitor.locator('li.kompas-card h3 a', { hasText: 'Budgetcursus' }).first().getAttribute('href');
    assert.match(offerPath, /^\/aanbod\/\d+$/);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the editor translates an offer; a mistake keeps what was typed', async () => {
    const id = offerPath.split('/').pop();
    await editor.goto(`${app.baseURL}/redactie/aanbod/${id}`);
    assert.equal(await editor.getByRole('heading', { name: 'Vertalingen', exact: true }).count(), 1);
    const arabicName = editor.getByLabel('Naam in het Arabisch', { exact: true });
    assert.equal(await arabicName.getAttribute('dir'), 'rtl', 'Arabic is typed right to left');

    await editor.getByLabel('Naam in het Engels', { exact: true }).fill(EN_NAME);
    await editor.getByLabel('Omschrijving in het Engels', { exact: true }).fill('x'.repeat(5001));
    await arabicName.fill(AR_NAME);
    await editor.getByLabel('Omschrijving in het Arabisch', { exact: true }).fill(AR_DESCRIPTION);
    await clickAndWait(editor, editor.getByRole('button', { name: 'Opslaan', exact: true }));
    const alert = editor.getByRole('alert');
    assert.match(await alert.innerText(), /omschrijving \(Engels\): de omschrijving is langer dan 5000 tekens/);
    assert.equal(await editor.getByLabel('Naam in het Engels', { exact: true }).inputValue(), EN_NAME);
    assert.equal((await editor.getByLabel('Omschrijving in het Engels', { exact: true }).inputValue()).length, 5001);
    assert.equal(await editor.getByLabel('Naam in het Arabisch', { exact: true }).inputValue(), AR_NAME);
    await checkPage(editor, 'the offer form with a mistake in a translation');

    await editor.getByLabel('Omschrijving in het Engels', { exact: true }).fill('Four evenings on making a weekly budget.');
    await clickAndWait(editor, editor.getByRole('button', { name: 'Opslaan', exact: true }));
    assert.equal(pathOf(editor), '/redactie');
    assert.match(await editor.getByRole('status').first().innerText(), /Opgeslagen/);
  });

  test('a resident reads the offer in Arabic and in English', async () => {
    await visitor.goto(`${app.baseURL}${offerPath}?taal=ar`);
    const name = visitor.locator('h1 span[lang="ar"][dir="rtl"]');
    assert.equal((await name.innerText()).trim(), AR_NAME);
    assert.equal(await visitor.locator(`p span[lang="ar"]`, { hasText: AR_DESCRIPTION }).count(), 1);
    // No Arabic how-to-apply: the Dutch text, marked as Dutch in Arabic.
    const apply = visitor.locator('dd', { has: visitor.locator('span[lang="nl"][dir="ltr"]') });
    assert.equal(await apply.count(), 1);
    assert.match(await apply.innerText(), /باللغة الهولندية/);
    await checkPage(visitor, `${offerPath}?taal=ar`);

    await visitor.goto(`${app.baseURL}${offerPath}?taal=en`);
    assert.equal((await visitor.locator('h1').innerText()).trim(), EN_NAME);
    await visitor.goto(`${app.baseURL}/zoeken?q=budgetcursus&taal=en`);
    assert.equal(await visitor.locator('li.kompas-card h3 a', { hasText: EN_NAME }).count(), 1);
    await checkPage(visitor, '/zoeken in English');
  });
});
