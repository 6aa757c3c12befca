// An administrator logs in with a password and a TOTP code (second factor),
// then looks at the admin pages and finds the login in the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertAccessible,
  clickAndWait,
  freshTotp,
  launchBrowser,
  pathOf,
  startApp,
  submitLogin,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
} from './app.mjs';

describe('log in with a second factor', { timeout: 180_000 }, () => {
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

  test('an admin logs in with a TOTP code and sees the login in the audit log', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'beheer', DEMO_PASSWORD);

    assert.equal(pathOf(page), '/inloggen/tweede-stap', 'after the password comes the second step');
    const code = page.getByLabel('Code uit uw app', { exact: true });
    assert.equal(await code.getAttribute('name'), 'code');
    await assertAccessible(page, '/inloggen/tweede-stap');

    await code.fill(await freshTotp(DEMO_TOTP_SECRET));
    await clickAndWait(page, page.getByRole('button', { name: 'Bevestigen', exact: true }));
    assert.equal(pathOf(page), '/', 'after the code you land on the start page');
    await page.getByText(/Ingelogd als/).first().waitFor({ timeout: 5_000 });

    const users = await page.goto(`${app.baseURL}/beheer/gebruikers`);
    assert.equal(users.status(), 200);
    assert.equal(pathOf(page), '/beheer/gebruikers');
    await assertAccessible(page, '/beheer/gebruikers');

    const audit = await page.goto(`${app.baseURL}/beheer/audit`);
    assert.equal(audit.status(), 200);
    assert.equal(pathOf(page), '/beheer/audit');
    const rows = page.locator('tr', { hasText: 'ingelogd' });
    assert.ok((await rows.count()) >= 1, 'the audit log has a row saying "ingelogd"');
    await assertAccessible(page, '/beheer/audit');
    await context.close();
  });
});
