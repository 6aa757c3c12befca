// The public sociale kaart: searching from the start page (with and without
// JavaScript), filters and their counts, pagination, an offer page with its
// "Klopt er iets niet?" form, an organisation page, the vraagwijzer, the print
// view and the Dutch 400 page for a bad filter. Every page is checked with axe.
//
// The assertions do not depend on exact demo texts: they search for common
// words and compare what the pages say with each other (counts, badges).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertReflows, clickAndWait, launchBrowser, pathOf, startApp, checkPage } from './app.mjs';

/** Common words a sociale kaart has offers for. */
const COMMON_WORDS = ['koffie', 'schulden', 'opvoeden', 'mantelzorg'];
/** A word no offer contains. */
const NOTHING = 'qwzxjvbnonsens';

/** The number in the "N resultaten" heading of the search page. */
async function resultCount(page) {
  const text = (await page.locator('h2#resultaten').innerText()).trim();
  const m = text.match(/^(\d+) resulta(?:at|ten)$/);
  assert.ok(m, `the results heading says "N resultaten", got "${text}"`);
  return Number(m[1]);
}

/** The layer number of every card on the page, from its badge (a resident's label, its number in data-layer). */
async function cardLayers(page) {
  const badges = page.locator('li.kompas-card .kompas-layer');
  const out = [];
  for (let i = 0; i < (await badges.count()); i += 1) {
    const badge = badges.nth(i);
    const n = await badge.getAttribute('data-layer');
    const text = (await badge.innerText()).trim();
    assert.match(n ?? '', /^[1-5]$/, `a card's layer badge carries its layer number, got "${n}"`);
    assert.ok(text.length > 3 && !/Laag|Laagdrempelig/.test(text), `a card's layer badge says in plain words what kind of help it is, got "${text}"`);
    out.push(Number(n));
  }
  return out;
}

/** The ids of the offers on the page's cards, in order. */
async function cardIds(page) {
  const hrefs = await page.locator('li.kompas-card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return hrefs.map((h) => {
    const m = h.match(/^\/aanbod\/(\d+)$/);
    assert.ok(m, `a card's title links to /aanbod/{id}, got "${h}"`);
    return Number(m[1]);
  });
}

/** For each card: is it marked as not checked for over a year? */
async function cardStale(page) {
  const cards = page.locator('li.kompas-card');
  const out = [];
  for (let i = 0; i < (await cards.count()); i += 1) out.push((await cards.nth(i).locator('.kompas-stale').count()) > 0);
  return out;
}

/** Filter options in a fieldset of "Meer keuzes": [{ id, value, label, count, checked }]. */
async function filterOptions(page, legend) {
  const fieldset = page.locator('details.kompas-filters fieldset', { has: page.locator('legend', { hasText: legend }) });
  assert.equal(await fieldset.count(), 1, `"Meer keuzes" has a fieldset "${legend}"`);
  const boxes = fieldset.locator('input[type=checkbox]');
  const out = [];
  for (let i = 0; i < (await boxes.count()); i += 1) {
    const box = boxes.nth(i);
    const id = await box.getAttribute('id');
    const label = (await fieldset.locator(`label[for="${id}"]`).textContent()).trim();
    const m = label.match(/^(.+) \((\d+)\)$/);
    assert.ok(m, `a filter label ends with its count in brackets, got "${label}"`);
    out.push({ id, value: await box.getAttribute('value'), label: m[1], count: Number(m[2]), checked: await box.isChecked() });
  }
  return out;
}

/** Open the "Meer keuzes" disclosure if it is closed (works without JavaScript too). */
async function openFilters(page) {
  const details = page.locator('details.kompas-filters');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  assert.notEqual(await details.getAttribute('open'), null, '"Meer keuzes" opens');
}

async function applyFilters(page) {
  await clickAndWait(page, page.getByRole('button', { name: 'Keuzes toepassen', exact: true }));
  assert.equal(pathOf(page), '/zoeken');
}

/** Run a search from the start page's form. */
async function searchFromStart(page, baseURL, words) {
  await page.goto(`${baseURL}/`);
  const q = page.getByLabel('Waar zoekt u hulp bij?', { exact: true });
  assert.equal(await q.getAttribute('name'), 'q');
  await q.fill(words);
  await clickAndWait(page, page.getByRole('button', { name: 'Zoeken', exact: true }));
  assert.equal(pathOf(page), '/zoeken');
  assert.equal(new URL(page.url()).searchParams.get('q'), words);
}

/** Lexicographic "not decreasing" for [stale, layer] pairs. */
function assertNonDecreasing(keys, what) {
  for (let i = 1; i < keys.length; i += 1) {
    const [a, b] = [keys[i - 1], keys[i]];
    const ok = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
    assert.ok(ok, `${what}: item ${i} (${JSON.stringify(b)}) comes after ${JSON.stringify(a)}; all: ${JSON.stringify(keys)}`);
  }
}

describe('the sociale kaart for residents', { timeout: 300_000 }, () => {
  let app;
  let browser;
  /** A common word with results, its total, and the whole collection's size. */
  let word;
  let wordTotal;

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    const context = await browser.newContext();
    const page = await context.newPage();
    const totals = {};
    for (const w of COMMON_WORDS) {
      await page.goto(`${app.baseURL}/zoeken?q=${encodeURIComponent(w)}`);
      totals[w] = await resultCount(page);
    }
    await context.close();
    // The word with the most results makes the filter tests meaningful.
    [word, wordTotal] = Object.entries(totals).sort((a, b) => b[1] - a[1])[0];
    assert.ok(wordTotal > 0, `the demo sociale kaart has results for common words: ${JSON.stringify(totals)}`);
    for (const w of COMMON_WORDS) assert.ok(totals[w] > 0, `a search for "${w}" finds something: ${JSON.stringify(totals)}`);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the start page has a search form, a tile per life domain and a link to the vraagwijzer', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${app.baseURL}/`);
    assert.equal(response.status(), 200);
    const tiles = page.locator('a.kompas-tile');
    assert.ok((await tiles.count()) >= 10, 'there is a tile for each life domain');
    for (const href of await tiles.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href, /^\/zoeken\?leefgebied=[a-z-]+$/);
    }
    assert.ok(await page.locator('main a[href="/vraagwijzer"]').count(), 'the start page links to the vraagwijzer');
    await checkPage(page, '/');

    // A tile leads to the search page with that life domain chosen.
    const tile = tiles.first();
    const code = new URL(await tile.getAttribute('href'), app.baseURL).searchParams.get('leefgebied');
    await clickAndWait(page, tile);
    assert.equal(pathOf(page), '/zoeken');
    assert.equal(await page.locator(`input[name=leefgebied][value="${code}"]`).isChecked(), true, 'the tile\'s life domain is ticked');
    await context.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`search from the start page and narrow down with the filters (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await searchFromStart(page, app.baseURL, word);
      const total = await resultCount(page);
      assert.equal(total, wordTotal);
      assert.equal(await page.locator('#q').inputValue(), word, 'the search box keeps the words');
      const shown = await page.locator('li.kompas-card').count();
      assert.equal(shown, Math.min(total, 10), 'the first page shows up to ten cards');
      await cardLayers(page); // every card has a layer badge
      const ids = await cardIds(page);
      assert.equal(new Set(ids).size, ids.length, 'no offer is shown twice');

      // The layer counts add up to the total: every offer has exactly one layer.
      await openFilters(page);
      const layers = await filterOptions(page, 'Soort hulp');
      assert.equal(layers.length, 5, 'five layers to choose from');
      assert.equal(layers.reduce((s, o) => s + o.count, 0), total, `layer counts add up to ${total}: ${JSON.stringify(layers)}`);

      // Choosing one layer narrows the list to exactly the count shown, and every card is of that layer.
      const layer = layers.find((o) => o.count > 0 && o.count < total) ?? layers.find((o) => o.count > 0);
      await page.locator(`#${layer.id}`).check();
      await applyFilters(page);
      assert.deepEqual(new URL(page.url()).searchParams.getAll('laag'), [layer.value]);
      assert.equal(new URL(page.url()).searchParams.get('q'), word, 'the words stay when filtering');
      const narrowed = await resultCount(page);
      assert.equal(narrowed, layer.count, `choosing "${layer.label}" gives the ${layer.count} results its label promised`);
      assert.ok(narrowed <= total);
      for (const n of await cardLayers(page)) assert.equal(n, Number(layer.value), 'every card has the chosen layer');
      assert.equal(await page.locator(`#${layer.id}`).isChecked(), true, 'the chosen layer stays ticked');
      assert.equal(await page.locator('details.kompas-filters').getAttribute('open'), null, 'the filters stay folded away, also with a choice made');
      assert.equal((await page.locator('details.kompas-filters > summary').innerText()).trim(), 'Meer keuzes (1 gekozen)',
        'the folded filters say how many are chosen');

      // Untick it again: back to all results.
      await openFilters(page);
      await page.locator(`#${layer.id}`).uncheck();
      await applyFilters(page);
      assert.equal(await resultCount(page), total);

      // A life domain's count equals the number of results after choosing it.
      await openFilters(page);
      const domains = await filterOptions(page, 'Onderwerp');
      const withResults = domains.filter((o) => o.count > 0);
      assert.ok(withResults.length > 0, `some life domain has results for "${word}": ${JSON.stringify(domains)}`);
      for (const o of withResults) assert.ok(o.count <= total, `a life domain count is at most the total: ${JSON.stringify(o)}`);
      const domain = withResults.sort((a, b) => a.count - b.count)[0];
      await page.locator(`#${domain.id}`).check();
      await applyFilters(page);
      assert.equal(await resultCount(page), domain.count, `choosing "${domain.label}" gives the ${domain.count} results its label promised`);
      const domainAgain = (await filterOptions(page, 'Onderwerp')).find((o) => o.id === domain.id);
      assert.equal(domainAgain.checked, true);
      assert.equal(domainAgain.count, domain.count, 'the chosen life domain keeps its count');

      // "Alleen gratis" keeps at most as many, and every card then says "Gratis".
      await openFilters(page);
      await page.locator('#gratis').check();
      await applyFilters(page);
      const free = await resultCount(page);
      assert.ok(free <= domain.count, 'only free offers: not more results');
      const facts = await page.locator('li.kompas-card .kompas-card__facts').allInnerTexts();
      for (const f of facts) assert.match(f, /Gratis/, 'every card of a free-only search says "Gratis"');
      await context.close();
    });
  }

  // Choosing several layers (or life domains) shows offers of any of them. So
  // after ticking one, the counts next to the other options of that group
  // should still say how many results ticking them adds, not "(0)".
  test('after choosing a layer, the other layers still show what ticking them adds', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseURL}/zoeken?q=${encodeURIComponent(word)}`);
    const before = await filterOptions(page, 'Soort hulp');
    const withResults = before.filter((o) => o.count > 0);
    assert.ok(withResults.length >= 2, `"${word}" has results in two layers or more: ${JSON.stringify(before)}`);
    const [a, b] = withResults;
    await openFilters(page);
    await page.locator(`#${a.id}`).check();
    await applyFilters(page);
    assert.equal(await resultCount(page), a.count);
    const after = await filterOptions(page, 'Soort hulp');
    // What the page promises for b ...
    const promised = after.find((o) => o.id === b.id).count;
    // ... and what ticking b as well really gives.
    await openFilters(page);
    await page.locator(`#${b.id}`).check();
    await applyFilters(page);
    assert.equal(await resultCount(page), a.count + b.count, 'two layers give the offers of both');
    assert.equal(promised, b.count,
      `with "${a.label}" ticked, "${b.label}" should still show (${b.count}), the offers ticking it adds; it showed (${promised})`);
    await context.close();
  });

  test('search results are accessible, with results and with none', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseURL}/zoeken?q=${encodeURIComponent(word)}`);
    assert.ok((await resultCount(page)) > 0);
    await checkPage(page, `/zoeken?q=${word}`);

    const none = await page.goto(`${app.baseURL}/zoeken?q=${NOTHING}`);
    assert.equal(none.status(), 200);
    assert.equal(await resultCount(page), 0);
    assert.equal(await page.locator('li.kompas-card').count(), 0);
    assert.ok(await page.locator('main a[href="/vraagwijzer"]').count(), 'with nothing found, the page points to the vraagwijzer');
    await checkPage(page, `/zoeken?q=${NOTHING}`);
    await context.close();
  });

  test('without words, lighter layers come first, and pages go forward and back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The life domain with the most offers, found through the facet counts of "all offers".
    await page.goto(`${app.baseURL}/zoeken`);
    const all = await resultCount(page);
    assert.ok(all > 20, `the demo has a sizeable sociale kaart (got ${all} offers)`);
    const domains = await filterOptions(page, 'Onderwerp');
    const biggest = domains.sort((a, b) => b.count - a.count)[0];
    assert.ok(biggest.count > 10, `some life domain has more than one page of offers: ${JSON.stringify(biggest)}`);

    await page.goto(`${app.baseURL}/`);
    await clickAndWait(page, page.locator(`a.kompas-tile[href="/zoeken?leefgebied=${biggest.value}"]`));
    const total = await resultCount(page);
    assert.equal(total, biggest.count, 'the tile shows as many offers as the facet count promised');
    const pages = Math.ceil(total / 10);
    assert.ok(await page.getByText(`Pagina 1 van ${pages}`, { exact: true }).count(), `the page says "Pagina 1 van ${pages}"`);
    assert.equal(await page.getByRole('link', { name: 'Vorige pagina', exact: true }).count(), 0, 'no previous page on page 1');
    const firstIds = await cardIds(page);
    const firstStale = await cardStale(page);
    const firstKeys = (await cardLayers(page)).map((l, i) => [firstStale[i] ? 1 : 0, l]);

    await clickAndWait(page, page.getByRole('link', { name: 'Volgende pagina', exact: true }));
    assert.equal(new URL(page.url()).searchParams.get('pagina'), '2');
    assert.equal(new URL(page.url()).searchParams.get('leefgebied'), biggest.value, 'the filter stays on the next page');
    assert.ok(await page.getByText(`Pagina 2 van ${pages}`, { exact: true }).count());
    assert.equal(await resultCount(page), total, 'the count does not change between pages');
    const secondIds = await cardIds(page);
    assert.equal(secondIds.length, Math.min(10, total - 10));
    assert.equal(secondIds.filter((id) => firstIds.includes(id)).length, 0, 'page 2 shows other offers than page 1');
    const secondStale = await cardStale(page);
    const secondKeys = (await cardLayers(page)).map((l, i) => [secondStale[i] ? 1 : 0, l]);
    // Without words every offer is equally relevant, so the lighter layer wins;
    // offers not checked for over a year come after the checked ones.
    assertNonDecreasing([...firstKeys, ...secondKeys], 'offers of one life domain, pages 1 and 2, ordered by (stale, layer)');

    await clickAndWait(page, page.getByRole('link', { name: 'Vorige pagina', exact: true }));
    assert.equal(await resultCount(page), total);
    assert.deepEqual(await cardIds(page), firstIds, 'back on page 1 you see the same offers');

    // The last page has no "Volgende pagina".
    await page.goto(`${app.baseURL}/zoeken?leefgebied=${biggest.value}&pagina=${pages}`);
    assert.equal(await page.getByRole('link', { name: 'Volgende pagina', exact: true }).count(), 0);
    assert.equal(await page.locator('li.kompas-card').count(), total - (pages - 1) * 10);
    await context.close();
  });

  test('an offer opens from a card, shows when it was checked, and takes an error report', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await searchFromStart(page, app.baseURL, word);
    const card = page.locator('li.kompas-card').first();
    const title = (await card.locator('h3 a').innerText()).trim();
    const badge = (await card.locator('.kompas-layer').innerText()).trim();
    const organization = (await card.locator('.kompas-card__meta span').nth(1).innerText()).trim();
    await clickAndWait(page, card.locator('h3 a'));
    assert.match(pathOf(page), /^\/aanbod\/\d+$/);
    const offerPath = pathOf(page);
    assert.equal((await page.locator('h1').innerText()).trim(), title, 'the offer page has the card\'s title as <h1>');
    assert.equal((await page.locator('main .kompas-layer').first().innerText()).trim(), badge, 'same layer as on the card');
    for (const heading of ['Wat is het?', 'Voor wie?', 'Kosten en aanmelden', 'Waar en wanneer', 'Contact', 'Klopt er iets niet?']) {
      assert.equal(await page.getByRole('heading', { name: heading, exact: true }).count(), 1, `the offer page has a heading "${heading}"`);
    }
    assert.match(await page.locator('main').innerText(), /Laatst gecontroleerd: (\d{1,2}-\d{1,2}-\d{4}|nog nooit)\./);
    await checkPage(page, offerPath);

    // The honeypot is hidden from people and assistive technology.
    const trap = page.locator('input[name=website]');
    assert.equal(await trap.getAttribute('tabindex'), '-1');
    assert.equal(await page.locator('div[aria-hidden="true"]', { has: trap }).count(), 1);

    // Too short: a Dutch error, and the text stays.
    const melding = page.getByLabel('Wat klopt er niet?', { exact: true });
    assert.equal(await melding.getAttribute('name'), 'melding');
    await melding.fill('nee');
    await clickAndWait(page, page.getByRole('button', { name: 'Melding versturen', exact: true }));
    assert.match(await page.getByRole('alert').innerText(), /Schrijf in een paar woorden/);
    assert.equal(await page.getByLabel('Wat klopt er niet?', { exact: true }).inputValue(), 'nee');
    await checkPage(page, `${offerPath} (report too short)`);

    await page.getByLabel('Wat klopt er niet?', { exact: true }).fill('Het telefoonnummer klopt niet meer, het is veranderd.');
    await page.getByLabel(/Uw e-mail of telefoon/).fill('inwoner@example.org');
    await clickAndWait(page, page.getByRole('button', { name: 'Melding versturen', exact: true }));
    assert.equal(pathOf(page), `${offerPath}/melding`);
    assert.match(await page.getByRole('status').filter({ hasText: 'Dank u wel' }).innerText(), /Dank u wel/);
    assert.equal(await page.getByRole('button', { name: 'Melding versturen', exact: true }).count(), 0, 'the form is replaced by the thanks');
    await checkPage(page, `${offerPath} (report sent)`);

    // The organisation page lists this offer.
    await page.goto(`${app.baseURL}${offerPath}`);
    const orgLink = page.locator('main a[href^="/organisaties/"]').first();
    assert.equal((await orgLink.innerText()).trim(), organization, 'the offer links to its organisation');
    await clickAndWait(page, orgLink);
    assert.match(pathOf(page), /^\/organisaties\/\d+$/);
    assert.equal((await page.locator('h1').innerText()).trim(), organization);
    assert.ok(await page.locator(`li.kompas-card a[href="${offerPath}"]`).count(), 'the organisation page shows the offer');
    await checkPage(page, pathOf(page));
    await context.close();
  });

  test('an offer not checked for over a year says so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Without words, unchecked offers come last: look on the last page of everything.
    await page.goto(`${app.baseURL}/zoeken`);
    const pages = Math.ceil((await resultCount(page)) / 10);
    await page.goto(`${app.baseURL}/zoeken?pagina=${pages}`);
    const stale = page.locator('li.kompas-card', { has: page.locator('.kompas-stale') });
    assert.ok((await stale.count()) > 0, 'the demo has offers that were not checked for over a year, shown last');
    await clickAndWait(page, stale.first().locator('h3 a'));
    assert.match(await page.locator('main').innerText(), /langer dan een jaar niet gecontroleerd/);
    await checkPage(page, `${pathOf(page)} (stale)`);
    await context.close();
  });

  test('every offer page fits a 320 px wide screen', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseURL}/zoeken`);
    const total = await resultCount(page);
    const paths = [];
    for (let p = 1; p <= Math.ceil(total / 10); p += 1) {
      await page.goto(`${app.baseURL}/zoeken?pagina=${p}`);
      paths.push(...(await cardIds(page)).map((id) => `/aanbod/${id}`));
    }
    assert.equal(new Set(paths).size, total, 'paging through everything shows every offer once');
    const problems = [];
    for (const path of paths) {
      const response = await page.goto(`${app.baseURL}${path}`);
      assert.equal(response.status(), 200, path);
      try {
        await assertReflows(page, path);
      } catch (e) {
        problems.push(e.message);
      }
    }
    assert.deepEqual(problems, [], `${problems.length} offer page(s) scroll sideways on a small screen:\n${problems.slice(0, 5).join('\n')}`);
    await context.close();
  });

  test('the vraagwijzer answers with the lightest help first', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const empty = await page.goto(`${app.baseURL}/vraagwijzer`);
    assert.equal(empty.status(), 200);
    assert.equal(await page.locator('li.kompas-card').count(), 0, 'no answer before the questions');
    await checkPage(page, '/vraagwijzer');

    const who = page.getByRole('group', { name: /Voor wie zoekt u hulp\?/ });
    assert.equal(await who.count(), 1, 'a fieldset "Voor wie zoekt u hulp?"');
    const radios = who.locator('input[type=radio][name=voor]');
    assert.ok((await radios.count()) >= 2, 'a choice of for whom');
    await radios.first().check();
    // The two life domains with the most offers.
    const ctx2 = await browser.newContext();
    const probe = await ctx2.newPage();
    await probe.goto(`${app.baseURL}/zoeken`);
    const domains = (await filterOptions(probe, 'Onderwerp')).sort((a, b) => b.count - a.count).slice(0, 2);
    await ctx2.close();
    for (const d of domains) await page.locator(`input[type=checkbox][name=over][value="${d.value}"]`).check();
    const wijk = page.getByLabel('Wijk of kern', { exact: true });
    const options = await wijk.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent.trim() })));
    assert.ok(options.length >= 2, 'there are wijken to choose');
    await wijk.selectOption(options[1].value);
    await clickAndWait(page, page.getByRole('button', { name: 'Laat zien wat past', exact: true }));
    assert.equal(pathOf(page), '/vraagwijzer');
    const params = new URL(page.url()).searchParams;
    assert.deepEqual(params.getAll('over').sort(), domains.map((d) => d.value).sort());
    assert.equal(params.get('wijk'), options[1].value);

    const answer = page.getByRole('heading', { name: /^Dit past bij uw vraag/ });
    assert.equal((await answer.innerText()).trim(), `Dit past bij uw vraag in ${options[1].text}`);
    const layers = await cardLayers(page);
    assert.ok(layers.length > 0, 'the vraagwijzer finds something for the biggest life domains');
    assert.deepEqual(layers, [...layers].sort((a, b) => a - b), `answers are ordered lightest layer first: ${layers}`);
    assert.equal(await page.locator('input[type=radio][name=voor]').first().isChecked(), true, 'the answers stay filled in');
    assert.equal(await page.locator('section[aria-labelledby=uitleg] ol.kompas-layers > li').count(), 5,
      'the five layers are explained');
    await checkPage(page, '/vraagwijzer (answered)');

    // "Bekijk al het aanbod bij deze vraag" leads to a search with the same choices.
    await clickAndWait(page, page.getByRole('link', { name: 'Bekijk al het aanbod bij deze vraag', exact: true }));
    assert.equal(pathOf(page), '/zoeken');
    assert.equal(new URL(page.url()).searchParams.get('wijk'), options[1].value);
    assert.ok((await resultCount(page)) >= layers.length);
    await context.close();
  });

  test('the vraagwijzer finds the wijk of a postcode, and refuses a postcode elsewhere', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // A postcode from an offer's address.
    await page.goto(`${app.baseURL}/zoeken/afdrukken`);
    const m = (await page.locator('main').innerText()).match(/\b([1-9]\d{3} ?[A-Z]{2})\b/);
    assert.ok(m, 'some offer in the print view has a postcode');
    await page.goto(`${app.baseURL}/vraagwijzer`);
    await page.getByLabel('Of uw postcode', { exact: true }).fill(m[1]);
    await clickAndWait(page, page.getByRole('button', { name: 'Laat zien wat past', exact: true }));
    const heading = (await page.getByRole('heading', { name: /^Dit past bij uw vraag/ }).innerText()).trim();
    const selected = (await page.locator('#wijk option:checked').innerText()).trim();
    assert.equal(heading, `Dit past bij uw vraag in ${selected}`, `postcode ${m[1]} is placed in a wijk`);
    const layers = await cardLayers(page);
    assert.deepEqual(layers, [...layers].sort((a, b) => a - b), `answers are ordered lightest layer first: ${layers}`);

    const response = await page.goto(`${app.baseURL}/vraagwijzer?postcode=1011+AB`);
    assert.equal(response.status(), 400);
    assert.match(await page.getByRole('alert').innerText(), /ligt niet in deze gemeente/);
    assert.equal(await page.getByLabel('Of uw postcode', { exact: true }).inputValue(), '1011 AB', 'the postcode stays filled in');
    await context.close();
  });

  test('the print view lists the results', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseURL}/zoeken?q=${encodeURIComponent(word)}`);
    const total = await resultCount(page);
    const firstTitle = (await page.locator('li.kompas-card h3 a').first().innerText()).trim();
    await clickAndWait(page, page.getByRole('link', { name: 'Lijst afdrukken', exact: true }));
    assert.equal(pathOf(page), '/zoeken/afdrukken');
    assert.equal(new URL(page.url()).searchParams.get('q'), word);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Hulp op een rij');
    const items = page.locator('article.kompas-print-item');
    assert.equal(await items.count(), Math.min(total, 50));
    assert.equal((await items.first().locator('h2').innerText()).trim(), firstTitle, 'the same order as the results');
    assert.match(await page.locator('main').innerText(), new RegExp(`${total} resultaten`));
    await checkPage(page, pathOf(page) + new URL(page.url()).search);
    await context.close();
  });

  test('a bad filter gives a Dutch 400 page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const [query, named] of [
      ['laag=9', 'laag'],
      ['leefgebied=geluk', 'geluk'],
      ['wijk=Centrum', 'wijkcode'],
      ['leeftijd=-3', 'leeftijd'],
      ['pagina=0', 'pagina'],
    ]) {
      const response = await page.goto(`${app.baseURL}/zoeken?${query}`);
      assert.equal(response.status(), 400, `/zoeken?${query} is a bad request`);
      const alert = await page.getByRole('alert').innerText();
      assert.match(alert, /Deze zoekopdracht klopt niet/, `a Dutch message for ${query}`);
      assert.ok(alert.includes(named), `the message for ${query} names "${named}": ${alert}`);
      assert.equal(await page.locator('li.kompas-card').count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Zoeken', exact: true }).count(), 1, 'the search form is there to try again');
    }
    await page.goto(`${app.baseURL}/zoeken?laag=9`);
    await checkPage(page, '/zoeken?laag=9');

    const print = await page.goto(`${app.baseURL}/zoeken/afdrukken?laag=9`);
    assert.equal(print.status(), 400);
    assert.match(await page.locator('main').innerText(), /Deze zoekopdracht klopt niet/);

    const guide = await page.goto(`${app.baseURL}/vraagwijzer?over=geluk`);
    assert.equal(guide.status(), 400);
    assert.match(await page.getByRole('alert').innerText(), /Controleer uw antwoord/);

    const missing = await page.goto(`${app.baseURL}/aanbod/999999999`);
    assert.equal(missing.status(), 404);
    await context.close();
  });
});
