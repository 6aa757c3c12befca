// Public pages, without logging in: they load, are accessible, and work
// without JavaScript (the login form too).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertAccessible, clickAndWait, launchBrowser, pathOf, startApp, submitLogin, DEMO_PASSWORD } from './app.mjs';

describe('anonymous visitor', { timeout: 180_000 }, () => {
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

  test('the start page loads, has an h1 and is accessible', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${app.baseURL}/`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('h1').count(), 1, 'the start page has exactly one <h1>');
    assert.notEqual((await page.locator('h1').innerText()).trim(), '');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    await assertAccessible(page, '/');
    await context.close();
  });

  test('the login page is accessible', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${app.baseURL}/inloggen`);
    assert.equal(response.status(), 200);
    assert.equal(await page.getByLabel('Gebruikersnaam', { exact: true }).count(), 1);
    assert.equal(await page.getByLabel('Wachtwoord', { exact: true }).count(), 1);
    await assertAccessible(page, '/inloggen');
    await context.close();
  });

  test('the skip link is the first thing a keyboard user reaches and moves focus to the content', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseURL}/`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim() };
    });
    assert.equal(focused.tag, 'A', `first Tab should reach the skip link, got ${JSON.stringify(focused)}`);
    assert.match(focused.href, /^#/);
    assert.ok(await page.locator(focused.href).count(), `the skip link target ${focused.href} exists`);
    const box = await page.locator(`a[href="${focused.href}"]`).first().boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 0, 'the skip link is visible on screen when focused');
    await context.close();
  });

  test('pages work without JavaScript, including logging in and out', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${app.baseURL}/`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('h1').count(), 1);

    await submitLogin(page, app.baseURL, 'redacteur', DEMO_PASSWORD);
    assert.equal(pathOf(page), '/');
    assert.ok(await page.getByText(/Ingelogd als/).count(), 'the page says "Ingelogd als"');

    await clickAndWait(page, page.getByRole('button', { name: 'Uitloggen', exact: true }));
    assert.equal(await page.getByText(/Ingelogd als/).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Inloggen', exact: true }).count(), 1);
    await context.close();
  });
});
