// The public sociale kaart for residents in their language and in plain words
// (issue 15): search → offer → vraagwijzer in Dutch, English and Arabic (right
// to left), every page checked with axe and at 320 px; on a 375 px phone the
// filters fold away behind one button and the first result is near the top;
// nothing found offers the question form and the vraagwijzer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkPage, clickAndWait, launchBrowser, pathOf, startApp } from './app.mjs';

/** What each language's pages must say, and the professional words they must not. */
const LANGUAGES = {
  nl: { dir: 'ltr', search: 'Zoeken naar hulp', guide: 'Vraagwijzer', results: /resulta(at|ten)$/, fits: 'Dit past bij uw vraag' },
  en: { dir: 'ltr', search: 'Search for help', guide: 'Step-by-step guide', results: /results?$/, fits: 'This fits your question' },
  ar: { dir: 'rtl', search: 'البحث عن مساعدة', guide: 'دليل الأسئلة', results: /(نتيجة|نتائج|نتيجتان)/, fits: 'هذا يناسب سؤالك' },
};
const JARGON = ['Laagdrempelige ondersteuning', 'Dagelijkse levensverrichtingen', 'Maatschappelijke deelname', 'Middelengebruik', 'Met een indicatie of beschikking'];
const WORD = 'schulden';

async function assertLanguage(page, lang) {
  const html = page.locator('html');
  assert.equal(await html.getAttribute('lang'), lang, `${page.url()} is in ${lang}`);
  assert.equal(await html.getAttribute('dir'), LANGUAGES[lang].dir, `${page.url()} runs ${LANGUAGES[lang].dir}`);
  const text = await page.locator('body').innerText();
  for (const j of JARGON) assert.ok(!text.includes(j), `${page.url()} (${lang}) says "${j}"`);
}

/** Nothing in main sticks out of main on either side (right to left included). */
async function assertInsideMain(page, what) {
  const out = await page.evaluate(() => {
    const main = document.querySelector('main').getBoundingClientRect();
    return [...document.querySelectorAll('main *')]
      .filter((e) => e.getClientRects().length > 0 && !e.closest('.kompas-hidden'))
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < main.left - 1 || r.right > main.right + 1); })
      .slice(0, 5)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`);
  });
  assert.deepEqual(out, [], `${what}: elements stick out of the page`);
}

describe('the sociale kaart in the resident\'s language', { timeout: 600_000 }, () => {
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

  for (const lang of Object.keys(LANGUAGES)) {
    test(`search, an offer and the vraagwijzer in ${lang}`, async () => {
      const want = LANGUAGES[lang];
      const context = await browser.newContext();
      const page = await context.newPage();
      // The language is chosen once by address; the cookie keeps it.
      await page.goto(`${app.baseURL}/?taal=${lang}`);
      await assertLanguage(page, lang);
      await checkPage(page, `/ (${lang})`);
      await page.locator('form.kompas-search input[name=q]').fill(WORD);
      await clickAndWait(page, page.locator('form.kompas-search button[type=submit]').first());
      assert.equal(pathOf(page), '/zoeken');
      assert.equal(new URL(page.url()).searchParams.get('taal'), null, 'no ?taal= needed after the choice');
      await assertLanguage(page, lang);
      assert.equal((await page.locator('h1').innerText()).trim(), want.search);
      assert.match((await page.locator('h2#resultaten').innerText()).trim(), want.results);
      const cards = page.locator('li.kompas-card');
      assert.ok((await cards.count()) > 0, `"${WORD}" finds offers in ${lang}`);
      await assertInsideMain(page, `/zoeken (${lang})`);
      await checkPage(page, `/zoeken?q=${WORD} (${lang})`);

      // An offer from the first card.
      const title = (await cards.first().locator('h3 a').innerText()).trim();
      await clickAndWait(page, cards.first().locator('h3 a'));
      assert.match(pathOf(page), /^\/aanbod\/\d+$/);
      await assertLanguage(page, lang);
      assert.equal((await page.locator('h1').innerText()).trim(), title);
      await assertInsideMain(page, `${pathOf(page)} (${lang})`);
      await checkPage(page, `${pathOf(page)} (${lang})`);

      // The vraagwijzer: every step in the language, and an answer.
      await clickAndWait(page, page.locator('header a[href="/vraagwijzer"]'));
      await assertLanguage(page, lang);
      assert.equal((await page.locator('h1').innerText()).trim(), want.guide);
      await checkPage(page, `/vraagwijzer (${lang})`);
      await page.locator('input[name=voor]').first().check();
      await page.locator('input[name=over][value=financien]').check();
      await clickAndWait(page, page.locator('main form button[type=submit]'));
      await assertLanguage(page, lang);
      assert.equal((await page.locator('h2#antwoord').innerText()).trim(), want.fits);
      assert.ok((await page.locator('li.kompas-card').count()) > 0, 'the vraagwijzer finds help for money worries');
      await assertInsideMain(page, `/vraagwijzer answered (${lang})`);
      await checkPage(page, `/vraagwijzer answered (${lang})`);
      await context.close();
    });
  }

  for (const lang of ['nl', 'ar']) {
    test(`on a 375 px phone the filters fold away and the first result is near the top (${lang}, no JavaScript)`, async () => {
      const height = 667;
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height } });
      const page = await context.newPage();
      await page.goto(`${app.baseURL}/zoeken?q=${WORD}&gratis=1&taal=${lang}`);
      const details = page.locator('details.kompas-filters');
      assert.equal(await details.getAttribute('open'), null, 'the filters are folded away');
      assert.match(await details.locator('summary').innerText(), /1/, 'the button says one filter is chosen');
      assert.equal(await page.locator('#gratis').isVisible(), false, 'the filters are hidden');
      const top = await page.locator('li.kompas-card').first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      assert.ok(top < 2 * height, `the first result starts at ${top} px, within two phone screens (${2 * height} px)`);
      // One button opens them, without JavaScript.
      await details.locator('summary').click();
      assert.equal(await page.locator('#gratis').isVisible(), true, 'the button shows the filters');
      assert.equal(await page.locator('#gratis').isChecked(), true);
      await context.close();
      // axe needs JavaScript: the same page checked in a browser that has it.
      const checking = await browser.newContext({ viewport: { width: 375, height } });
      const checked = await checking.newPage();
      await checked.goto(`${app.baseURL}/zoeken?q=${WORD}&gratis=1&taal=${lang}`);
      await checkPage(checked, `/zoeken on a phone (${lang})`);
      await checking.close();
    });
  }

  test('nothing found offers the question form and the vraagwijzer, in English too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const [lang, ask] of [['nl', 'Stel uw vraag aan de gemeente'], ['en', 'Ask the municipality your question']]) {
      await page.goto(`${app.baseURL}/zoeken?q=qwzxjvbnonsens&taal=${lang}`);
      assert.equal(await page.locator('li.kompas-card').count(), 0);
      const few = page.locator('main .kompas-few');
      assert.equal((await few.locator('a[href="/vraag-stellen"]').innerText()).trim(), ask);
      assert.equal(await few.locator('a[href="/vraagwijzer"]').count(), 1);
      await checkPage(page, `/zoeken nothing found (${lang})`);
    }
    await context.close();
  });

  test('an offer that needs a decision says how to get one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Heavier layers hold offers that need a decision of the municipality.
    await page.goto(`${app.baseURL}/zoeken?laag=4&taal=nl`);
    const ids = await page.locator('li.kompas-card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    let found = null;
    for (const href of ids) {
      await page.goto(`${app.baseURL}${href}`);
      if ((await page.locator('.kompas-access-how').count()) > 0) { found = href; break; }
    }
    assert.ok(found, 'some offer of layer 4 needs a referral or a decision');
    const how = page.locator('.kompas-access-how');
    assert.match(await how.innerText(), /Hoe krijgt u/);
    assert.equal(await how.locator('a[href="/vraag-stellen"]').count(), 1, 'it links the question form');
    await page.goto(`${app.baseURL}${found}?taal=ar`);
    await assertLanguage(page, 'ar');
    assert.equal(await page.locator('.kompas-access-how a[href="/vraag-stellen"]').count(), 1);
    await checkPage(page, `${found} (ar)`);
    await context.close();
  });

  test('error pages speak the resident\'s language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${app.baseURL}/aanbod/999999999?taal=ar`);
    assert.equal(res.status(), 404);
    await assertLanguage(page, 'ar');
    assert.equal((await page.locator('h1').innerText()).trim(), 'الصفحة غير موجودة');
    await checkPage(page, '/aanbod/999999999 (ar)');
    await context.close();
  });
});
