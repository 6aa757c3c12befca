// The resident's own view in a real browser: a worker makes a one-time link,
// the resident opens /mijn and reads it in Dutch, English and Arabic (right to
// left), then the full "who looked" list. axe (WCAG 2.1 A/AA) and 320 px
// reflow on every page; on a 375 px phone "who looked" is a short summary,
// not thousands of pixels of rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, clickAndWait, launchBrowser, pathOf, signIn, startApp } from './app.mjs';

describe('residents: /mijn', { timeout: 300_000 }, () => {
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

  test('/mijn through a one-time link, in Dutch, English and Arabic', async () => {
    // The login choice, before anything: DigiD is not set up in the demo, the link is explained.
    const anonymous = await browser.newContext({ locale: 'nl-NL' });
    const start = await anonymous.newPage();
    await start.goto(`${app.baseURL}/mijn`);
    await start.getByRole('heading', { name: 'Inloggen op Mijn plan' }).waitFor();
    await checkPage(start, 'the resident login choice');
    await start.goto(`${app.baseURL}/mijn/inloggen/${'0'.repeat(64)}`);
    await start.getByRole('heading', { name: 'Deze link werkt niet meer' }).waitFor();
    await checkPage(start, 'a used-up link');
    await anonymous.close();

    // A worker makes a link for a member of a household on a case of theirs.
    const { context, page } = await signIn(browser, app.baseURL, 'consulent');
    await page.goto(`${app.baseURL}/werk/trajecten`);
    await clickAndWait(page, page.getByRole('link', { name: /^Traject \d+$/ }).first());
    const household = await page.getByRole('link', { name: /^Huishouden \d+$/ }).first().getAttribute('href');
    await page.goto(`${app.baseURL}${household}?reden=plan delen met de inwoner`);
    await clickAndWait(page, page.getByRole('button', { name: /^Inloglink maken voor / }).first());
    const link = await page.getByLabel('Link').inputValue();
    await context.close();

    const resident = await browser.newContext({ locale: 'nl-NL' });
    const own = await resident.newPage();
    await own.goto(link);
    await own.getByRole('heading', { name: 'Uw plan bekijken' }).waitFor();
    await checkPage(own, 'the one-time link');
    await clickAndWait(own, own.getByRole('button', { name: 'Bekijk mijn plan' }));
    assert.equal(pathOf(own), '/mijn');
    await own.getByRole('heading', { name: 'Mijn plan', level: 1 }).waitFor();
    await own.getByRole('heading', { name: 'Uw contactpersoon' }).waitFor();
    await own.getByRole('heading', { name: 'Wie heeft uw gegevens bekeken?' }).waitFor();
    // The header names the resident and offers to log out, not to log in.
    const nav = own.getByRole('navigation', { name: 'Hoofdmenu' });
    await nav.getByRole('button', { name: 'Uitloggen' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Inloggen' }).count(), 0);
    await checkPage(own, '/mijn in Dutch');

    // On a phone, who looked is a few lines with a link to the whole list.
    await own.setViewportSize({ width: 375, height: 812 });
    const looks = own.locator('section[aria-labelledby="mijn-inzage"]');
    const box = await looks.boundingBox();
    assert.ok(box.height < 900, `"who looked" is ${box.height}px high on a 375px phone`);
    assert.equal(await looks.locator('table').count(), 0);
    const height = await own.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height < 5000, `/mijn is ${height}px long on a 375px phone`);

    await clickAndWait(own, looks.getByRole('link', { name: /^Bekijk de hele lijst/ }));
    assert.equal(pathOf(own), '/mijn/inzage');
    await own.getByRole('heading', { name: 'Wie keek er in mijn dossier?' }).waitFor();
    await own.getByText('plan delen met de inwoner').first().waitFor();
    await checkPage(own, '/mijn/inzage');

    await own.goto(`${app.baseURL}/mijn?taal=en`);
    await own.getByRole('heading', { name: 'My plan', level: 1 }).waitFor();
    await own.getByRole('heading', { name: 'Who looked at your details?' }).waitFor();
    assert.equal(await own.locator('html').getAttribute('lang'), 'en');
    await checkPage(own, '/mijn in English');

    await own.goto(`${app.baseURL}/mijn?taal=ar`);
    await own.getByRole('heading', { name: 'خطتي', level: 1 }).waitFor();
    assert.equal(await own.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await own.locator('html').getAttribute('lang'), 'ar');
    await checkPage(own, '/mijn in Arabic');
    await own.goto(`${app.baseURL}/mijn/inzage`);
    await own.getByRole('heading', { name: 'من اطّلع على ملفي؟' }).waitFor();
    assert.equal(await own.locator('html').getAttribute('dir'), 'rtl');
    await checkPage(own, '/mijn/inzage in Arabic');

    // Logging out from the header ends the session.
    await clickAndWait(own, own.getByRole('navigation').getByRole('button', { name: 'تسجيل الخروج' }));
    await own.goto(`${app.baseURL}/mijn?taal=nl`);
    await own.getByRole('heading', { name: 'Inloggen op Mijn plan' }).waitFor();
    await resident.close();
  });
});
