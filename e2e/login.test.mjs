// Logging in with a password (role editor, no second factor), logging out,
// and a wrong password.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertAccessible, clickAndWait, launchBrowser, pathOf, startApp, submitLogin, DEMO_PASSWORD } from './app.mjs';

describe('log in with a password', { timeout: 180_000 }, () => {
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

  test('an editor logs in, sees who is logged in, and logs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'redacteur', DEMO_PASSWORD);

    assert.equal(pathOf(page), '/', 'after logging in you land on the start page');
    await page.getByText(/Ingelogd als/).first().waitFor({ timeout: 5_000 });
    await assertAccessible(page, '/ (logged in as redacteur)');

    const logout = page.getByRole('button', { name: 'Uitloggen', exact: true });
    assert.equal(await logout.count(), 1);
    const form = await logout.evaluate((b) => ({ method: b.form?.method, action: b.form && new URL(b.form.action).pathname }));
    assert.deepEqual(form, { method: 'post', action: '/uitloggen' }, 'Uitloggen is a form POST to /uitloggen');
    await clickAndWait(page, logout);

    assert.equal(await page.getByText(/Ingelogd als/).count(), 0, 'no longer logged in');
    await page.getByRole('link', { name: 'Inloggen', exact: true }).waitFor({ timeout: 5_000 });

    // The session is really gone: a fresh load of the start page is anonymous too.
    await page.goto(`${app.baseURL}/`);
    assert.equal(await page.getByText(/Ingelogd als/).count(), 0);
    await context.close();
  });

  test('a wrong password shows a Dutch error and keeps the username', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'redacteur', 'dit-is-niet-het-wachtwoord');

    const body = await page.locator('body').innerText();
    assert.ok(body.includes('Gebruikersnaam of wachtwoord klopt niet.'), `the Dutch error is shown; page text:\n${body}`);
    assert.equal(await page.getByLabel('Gebruikersnaam', { exact: true }).inputValue(), 'redacteur');
    assert.equal(await page.getByText(/Ingelogd als/).count(), 0);
    await assertAccessible(page, '/inloggen (after a wrong password)');
    await context.close();
  });
});
