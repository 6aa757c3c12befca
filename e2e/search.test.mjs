// Searching as residents write: the crisis block above the results when a
// search signals danger (with the numbers as links), the quieter numbers on
// the start page and the question form, "U zocht op" for what was understood
// (a typo, another language), and the question form when nothing is found.
// Every page is checked with axe and for reflow at 320 px.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { clickAndWait, launchBrowser, startApp, checkPage } from './app.mjs';

async function searchFromStart(page, baseURL, words) {
  await page.goto(`${baseURL}/`);
  await page.getByLabel('Waar zoekt u hulp bij?', { exact: true }).fill(words);
  await clickAndWait(page, page.getByRole('button', { name: 'Zoeken', exact: true }));
}

describe('search that understands residents', { timeout: 300_000 }, () => {
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

  test('danger puts the crisis numbers above the results, the matching one first', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await searchFromStart(page, app.baseURL, 'mijn partner slaat me');
    const block = page.locator('aside.kompas-crisis:not(.kompas-crisis--quiet)');
    assert.equal(await block.count(), 1, 'one crisis block');
    assert.ok(await block.getByRole('heading', { name: 'Hulp nodig, nu meteen?' }).count());
    const first = block.locator('li').first();
    assert.match(await first.innerText(), /Veilig Thuis/);
    assert.equal(await first.locator('a[href="tel:08002000"]').count(), 1, 'Veilig Thuis can be called with one tap');
    for (const tel of ['tel:113', 'tel:112']) assert.equal(await block.locator(`a[href="${tel}"]`).count(), 1, tel);
    // Above the results.
    const [blockTop, resultsTop] = await Promise.all([
      block.evaluate((e) => e.getBoundingClientRect().top),
      page.locator('h2#resultaten').evaluate((e) => e.getBoundingClientRect().top),
    ]);
    assert.ok(blockTop < resultsTop, 'the crisis block comes before the results');
    assert.ok((await page.locator('li.kompas-card').count()) > 0, 'and the matching offers are listed');
    await checkPage(page, 'crisis search');

    await searchFromStart(page, app.baseURL, 'ik wil niet meer leven');
    assert.match(await page.locator('aside.kompas-crisis li').first().innerText(), /113/);

    await searchFromStart(page, app.baseURL, 'koffie drinken in de buurt');
    assert.equal(await page.locator('aside.kompas-crisis').count(), 0, 'an ordinary search shows no crisis block');
    await context.close();
  });

  test('the start page and the question form carry the numbers quietly', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/', '/vraag-stellen']) {
      await page.goto(`${app.baseURL}${path}`);
      const quiet = page.locator('aside.kompas-crisis--quiet');
      assert.equal(await quiet.count(), 1, path);
      for (const tel of ['tel:112', 'tel:113', 'tel:08002000']) assert.equal(await quiet.locator(`a[href="${tel}"]`).count(), 1, `${path}: ${tel}`);
      await checkPage(page, path);
    }
    await context.close();
  });

  test('the page says what it understood and offers the question form when nothing is found', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await searchFromStart(page, app.baseURL, 'scholden');
    assert.match(await page.locator('.kompas-understood').innerText(), /U zocht op: schulden/);
    assert.ok((await page.locator('li.kompas-card').count()) > 0);

    await searchFromStart(page, app.baseURL, 'help with debts');
    assert.match(await page.locator('.kompas-understood').innerText(), /U zocht op: schulden/);
    assert.ok((await page.locator('li.kompas-card').count()) > 0, 'English finds the debt help');
    await checkPage(page, 'English search');

    await searchFromStart(page, app.baseURL, 'ديون');
    assert.ok((await page.locator('li.kompas-card').count()) > 0, 'Arabic finds the debt help');

    await searchFromStart(page, app.baseURL, 'qwzrtxv');
    assert.match(await page.locator('h2#resultaten').innerText(), /^0 resultaten$/);
    const ask = page.getByRole('link', { name: 'Stel uw vraag aan de gemeente', exact: true });
    assert.equal(await ask.count(), 1, 'the question form is offered');
    await checkPage(page, 'nothing found');
    await clickAndWait(page, ask);
    assert.equal(new URL(page.url()).pathname, '/vraag-stellen');
    await context.close();
  });
});
