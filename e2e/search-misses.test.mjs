// Searches that found nothing: a visitor searches a word no offer has, the
// editor sees it on "Zoekvragen zonder resultaat", turns it into a synonym in
// one step, and the next search finds help. Only query text is kept: a number
// that could be a BSN shows as #. Every page is checked with axe.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { clickAndWait, launchBrowser, pathOf, startApp, submitLogin, DEMO_PASSWORD, checkPage } from './app.mjs';

/** A made-up word no demo offer contains (nor anything close to it). */
const WORD = 'qwxplonk';
/** What it should find: the demo has offers about debts. */
const MEANS = 'schulden';

/** The number in the "N resultaten" heading of the search page. */
async function search(page, baseURL, words) {
  const response = await page.goto(`${baseURL}/zoeken?q=${encodeURIComponent(words)}`);
  assert.equal(response.status(), 200);
  const text = (await page.locator('h2#resultaten').innerText()).trim();
  const m = text.match(/^(\d+) resulta(?:at|ten)$/);
  assert.ok(m, `the results heading says "N resultaten", got "${text}"`);
  return Number(m[1]);
}

/** The row of the table of queries that shows `query`. */
function row(page, query) {
  return page.locator('tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${query}$`) }) });
}

describe('searches that found nothing', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let editor;
  let visitor;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    editor = await (await browser.newContext()).newPage();
    await submitLogin(editor, app.baseURL, 'redacteur', DEMO_PASSWORD);
    assert.equal(pathOf(editor), '/', 'the editor logs in without a second factor');
    visitor = await (await browser.newContext()).newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the editor turns a query that found nothing into a synonym', async () => {
    assert.equal(await search(visitor, app.baseURL, WORD), 0, `"${WORD}" finds nothing yet`);
    await search(visitor, app.baseURL, `  ${WORD.toUpperCase()} `);
    await search(visitor, app.baseURL, `${WORD} 123456782`);

    await editor.goto(`${app.baseURL}/redactie`);
    await clickAndWait(editor, editor.getByRole('link', { name: 'Zoekvragen zonder resultaat', exact: true }));
    assert.equal(pathOf(editor), '/redactie/zoekvragen');
    // The searches are counted in the background: wait for both to land.
    for (let i = 0; i < 40 && (await row(editor, WORD).count()) === 0; i += 1) {
      await editor.waitForTimeout(250);
      await editor.reload();
    }
    const mine = row(editor, WORD);
    assert.equal(await mine.count(), 1, `"${WORD}" is listed once`);
    assert.equal((await mine.locator('td').nth(1).innerText()).trim(), '2', 'searched twice (case and spaces do not matter)');
    assert.equal((await mine.locator('td').nth(2).innerText()).trim(), '0', 'found nothing');
    assert.equal(await row(editor, `${WORD} #`).count(), 1, 'the number is kept as #');
    assert.ok(!(await editor.locator('main').innerText()).includes('123456782'), 'no number is shown');
    await checkPage(editor, '/redactie/zoekvragen');

    // One step: the query is the word, the editor says what it means.
    assert.equal(await mine.getByLabel('Woord', { exact: true }).inputValue(), WORD);
    await mine.getByLabel(/^Betekent/).fill(MEANS);
    await clickAndWait(editor, mine.getByRole('button', { name: new RegExp(`^Maak synoniem\\s*van ${WORD}$`) }));
    assert.equal(pathOf(editor), '/redactie/zoekvragen');
    assert.match(await editor.getByRole('status').first().innerText(), /synoniem is gemaakt/);
    assert.equal(await row(editor, WORD).count(), 0, 'a handled query is hidden');
    await checkPage(editor, '/redactie/zoekvragen (after a synonym)');

    assert.ok((await search(visitor, app.baseURL, WORD)) > 0, `"${WORD}" now finds what "${MEANS}" finds`);

    // "Niet nodig" for the other; both show again on request.
    await editor.goto(`${app.baseURL}/redactie/zoekvragen`);
    await clickAndWait(editor, row(editor, `${WORD} #`).getByRole('button', { name: /^Niet nodig/ }));
    assert.equal(await editor.locator('tbody tr').count(), 0, 'nothing left to look at');
    await clickAndWait(editor, editor.getByRole('link', { name: 'Toon ook afgehandelde zoekvragen', exact: true }));
    assert.equal(await row(editor, WORD).count(), 1);
    assert.match(await row(editor, WORD).innerText(), /Afgehandeld op/);
    await checkPage(editor, '/redactie/zoekvragen?afgehandeld=ja');

    // The synonym is on the synonyms page, which links back here.
    await clickAndWait(editor, editor.getByRole('link', { name: 'Alle synoniemen', exact: true }));
    assert.equal(await editor.locator('tbody tr', { hasText: WORD }).count(), 1);
    assert.equal(await editor.getByRole('link', { name: 'Zoekvragen die niets of weinig vonden', exact: true }).count(), 1);
  });
});
