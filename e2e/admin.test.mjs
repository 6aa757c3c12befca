// An administrator logs in with a password and a TOTP code (second factor),
// then looks at the admin pages and finds the login in the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertAccessible,
  checkPage,
  clickAndWait,
  freshTotp,
  loginWithSecondFactor,
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

  test('the privacy officer filters the audit log and downloads the rows as CSV', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginWithSecondFactor(page, app.baseURL, 'beheer');
    await page.goto(`${app.baseURL}/beheer/audit`);
    await checkPage(page, '/beheer/audit');

    await page.getByLabel('Handeling', { exact: true }).selectOption({ label: 'ingelogd' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Van (datum)').fill('2020-01-01');
    await page.getByLabel('Tot en met (datum)').fill(tomorrow);
    await clickAndWait(page, page.getByRole('button', { name: 'Zoeken', exact: true }));
    const url = new URL(page.url());
    assert.equal(url.pathname, '/beheer/audit');
    assert.equal(url.searchParams.get('handeling'), 'login');
    assert.equal(url.searchParams.get('van'), '2020-01-01');
    // The form keeps what was chosen; every row is a login, in Dutch local time.
    assert.equal(await page.getByLabel('Handeling', { exact: true }).inputValue(), 'login');
    const rows = page.locator('tbody tr');
    const n = await rows.count();
    assert.ok(n >= 1, 'at least this login');
    for (let i = 0; i < n; i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      assert.equal(cells[3], 'ingelogd');
      assert.match(cells[1], /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$/);
    }
    assert.match(await page.locator('#aantal').innerText(), new RegExp(`^1–${n} van ${n} regels`));
    await checkPage(page, '/beheer/audit?handeling=login');

    // The CSV link carries the same filter; the export is itself audited.
    const link = page.getByRole('link', { name: /Download deze regels als CSV-bestand/ });
    const href = await link.getAttribute('href');
    assert.ok(href.startsWith('/beheer/audit/export.csv?') && href.includes('handeling=login'), href);
    const csv = await page.request.get(`${app.baseURL}${href}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    assert.ok(lines[0].startsWith('Nummer;Tijd;Gebruiker;Rol;Organisatie;Handeling'));
    assert.equal(lines.length - 1, n);

    await page.goto(`${app.baseURL}/beheer/audit?handeling=export`);
    assert.ok((await page.locator('tbody tr', { hasText: 'geëxporteerd' }).count()) >= 1);
    await context.close();
  });
});
