// The editorial workflow of the sociale kaart: a partner proposes a change to
// an own offer, an editor approves (or rejects) it, and the change is live and
// findable at once. Editors also edit directly (with history), keep synonyms,
// handle visitors' reports and confirm stale offers. Every page is checked
// with axe. The tests run in order and build on each other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { clickAndWait, launchBrowser, pathOf, startApp, submitLogin, DEMO_PASSWORD, checkPage } from './app.mjs';

/**
 * Made-up words no demo offer contains. Search also matches similar words
 * (trigrams, typos), so the tests check that an offer is not found before and
 * is the first result after, rather than counting results.
 */
const NEW_WORD = 'zonnebloemwandeling';
const KEYWORD = 'vlinderbrigade';
const SYNONYM = 'kwispelbus';

/** The number in the "N resultaten" heading of the search page. */
async function resultCount(page) {
  const text = (await page.locator('h2#resultaten').innerText()).trim();
  const m = text.match(/^(\d+) resulta(?:at|ten)$/);
  assert.ok(m, `the results heading says "N resultaten", got "${text}"`);
  return Number(m[1]);
}

/** The /aanbod/{id} paths of the cards on a search page. */
async function cardPaths(page) {
  return page.locator('li.kompas-card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

async function search(page, baseURL, words) {
  const response = await page.goto(`${baseURL}/zoeken?q=${encodeURIComponent(words)}`);
  assert.equal(response.status(), 200);
  return { total: await resultCount(page), paths: await cardPaths(page) };
}

/**
 * The accessible name of a button "Verb" with a visually hidden ": name" after
 * it (browsers may put a space before the colon).
 */
function buttonFor(verb, name) {
  return new RegExp(`^${verb}\\s?: ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** The text of the notice (role=status) on the page. */
async function notice(page) {
  return (await page.getByRole('status').first().innerText()).trim();
}

describe('the editorial workflow', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let partner; // a logged-in partner's page
  let editor; // a logged-in editor's page
  let visitor; // an anonymous visitor's page
  const offer = { id: null, path: null, name: null, description: null };

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    partner = await (await browser.newContext()).newPage();
    await submitLogin(partner, app.baseURL, 'partner', DEMO_PASSWORD);
    assert.equal(pathOf(partner), '/', 'the partner logs in without a second factor');
    editor = await (await browser.newContext()).newPage();
    await submitLogin(editor, app.baseURL, 'redacteur', DEMO_PASSWORD);
    assert.equal(pathOf(editor), '/', 'the editor logs in without a second factor');
    visitor = await (await browser.newContext()).newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('only the right people reach the editorial pages', async () => {
    const anonymous = await visitor.goto(`${app.baseURL}/partner/aanbod`);
    assert.equal(pathOf(visitor), '/inloggen', `anonymous visitors are sent to the login page (status ${anonymous.status()})`);
    await visitor.goto(`${app.baseURL}/redactie`);
    assert.equal(pathOf(visitor), '/inloggen');

    const partnerToEditor = await partner.goto(`${app.baseURL}/redactie/wachtrij`);
    assert.equal(partnerToEditor.status(), 403, 'a partner may not review');
    const editorToPartner = await editor.goto(`${app.baseURL}/partner/aanbod`);
    assert.equal(editorToPartner.status(), 403, 'an editor has no partner page');

    // The menu shows each their own page.
    await partner.goto(`${app.baseURL}/`);
    assert.equal(await partner.getByRole('link', { name: 'Ons aanbod', exact: true }).count(), 1);
    assert.equal(await partner.getByRole('link', { name: 'Redactie', exact: true }).count(), 0);
    await editor.goto(`${app.baseURL}/`);
    assert.equal(await editor.getByRole('link', { name: 'Redactie', exact: true }).count(), 1);
  });

  test('a partner proposes a new description for an own offer', async () => {
    const before = await search(visitor, app.baseURL, NEW_WORD);

    await partner.goto(`${app.baseURL}/`);
    await clickAndWait(partner, partner.getByRole('link', { name: 'Ons aanbod', exact: true }));
    assert.equal(pathOf(partner), '/partner/aanbod');
    await checkPage(partner, '/partner/aanbod');
    const links = partner.getByRole('link', { name: /^Wijziging voorstellen voor / });
    assert.ok((await links.count()) > 0, 'the partner\'s organisation has offers in the demo');

    const link = links.first();
    offer.name = (await link.innerText()).replace(/^Wijziging voorstellen\s*voor\s*/, '').trim();
    await clickAndWait(partner, link);
    const m = pathOf(partner).match(/^\/partner\/aanbod\/(\d+)$/);
    assert.ok(m, `the link opens /partner/aanbod/{id}, got ${pathOf(partner)}`);
    offer.id = Number(m[1]);
    offer.path = `/aanbod/${offer.id}`;
    assert.ok(!before.paths.includes(offer.path), `a search for "${NEW_WORD}" does not find the offer yet`);
    assert.equal((await partner.locator('h1').innerText()).trim(), `Wijziging voorstellen: ${offer.name}`);
    assert.equal(await partner.getByLabel('Naam', { exact: true }).inputValue(), offer.name);
    await checkPage(partner, `/partner/aanbod/${offer.id}`);

    const description = partner.getByLabel('Omschrijving', { exact: true });
    const old = await description.inputValue();
    assert.ok(old.length > 0, 'the form shows the current description');
    offer.description = `${old} Nieuw: elke maand een ${NEW_WORD} door het park.`;
    await description.fill(offer.description);
    await clickAndWait(partner, partner.getByRole('button', { name: 'Wijziging voorstellen', exact: true }));
    assert.equal(pathOf(partner), '/partner/aanbod');
    assert.match(await notice(partner), /Uw wijziging is verstuurd/);
    const proposals = await partner.locator('main').innerText();
    assert.ok(proposals.includes(`${offer.name} (`) && proposals.includes('wacht op de redactie'),
      `"Uw voorstellen" lists the proposal as waiting:\n${proposals}`);
    await checkPage(partner, '/partner/aanbod (after a proposal)');

    // Nothing changes for the public until an editor approves.
    await visitor.goto(`${app.baseURL}/aanbod/${offer.id}`);
    assert.ok(!(await visitor.locator('main').innerText()).includes(NEW_WORD), 'the offer page still shows the old text');
    assert.ok(!(await search(visitor, app.baseURL, NEW_WORD)).paths.includes(offer.path), 'nor does search');
  });

  test('the editor approves the proposal and it is live and findable at once', async () => {
    await editor.goto(`${app.baseURL}/`);
    await clickAndWait(editor, editor.getByRole('link', { name: 'Redactie', exact: true }));
    assert.equal(pathOf(editor), '/redactie');
    const queueTile = editor.getByRole('link', { name: /^Wijzigingen beoordelen \(\d+\)$/ });
    assert.match(await queueTile.innerText(), /\(1\)$/, 'one proposal waits');
    await checkPage(editor, '/redactie');

    await clickAndWait(editor, queueTile);
    assert.equal(pathOf(editor), '/redactie/wachtrij');
    const item = editor.locator('section.kompas-review', { has: editor.getByRole('heading', { name: offer.name, exact: true }) });
    assert.equal(await item.count(), 1, 'the proposal is in the queue under the offer\'s name');
    assert.match(await item.innerText(), /Voorgesteld door .+ op \d{2}-\d{2}-\d{4}\./);
    const rows = item.locator('tbody tr');
    const changed = await rows.locator('th').allInnerTexts();
    assert.deepEqual(changed.map((t) => t.trim()), ['Omschrijving'], 'only the description changed');
    const cells = await rows.first().locator('td').allInnerTexts();
    assert.ok(!cells[0].includes(NEW_WORD) && cells[1].includes(NEW_WORD), `"Nu" has the old text and "Voorstel" the new: ${JSON.stringify(cells)}`);
    await checkPage(editor, '/redactie/wachtrij');

    await clickAndWait(editor, item.getByRole('button', { name: buttonFor('Goedkeuren', offer.name) }));
    assert.equal(pathOf(editor), '/redactie/wachtrij');
    assert.match(await notice(editor), /Het voorstel is beoordeeld/);
    assert.equal(await editor.locator('section.kompas-review').count(), 0, 'the queue is empty');
    assert.ok(await editor.getByText('Er wacht niets op u.', { exact: true }).count());
    await checkPage(editor, '/redactie/wachtrij (empty)');

    // Live on the public page and in search, at once.
    await visitor.goto(`${app.baseURL}/aanbod/${offer.id}`);
    assert.ok((await visitor.locator('main').innerText()).includes(`Nieuw: elke maand een ${NEW_WORD} door het park.`),
      'the offer page shows the new description');
    const found = await search(visitor, app.baseURL, NEW_WORD);
    assert.equal(found.paths[0], offer.path, `a search for "${NEW_WORD}" finds the offer first: ${found.paths}`);

    // The partner sees the outcome.
    await partner.goto(`${app.baseURL}/partner/aanbod`);
    assert.match(await partner.locator('main').innerText(), /: goedgekeurd/);
  });

  test('rejecting without a reason shows an error; with a reason the partner reads it', async () => {
    await partner.goto(`${app.baseURL}/partner/aanbod/${offer.id}`);
    assert.equal(await partner.getByLabel('Omschrijving', { exact: true }).inputValue(), offer.description,
      'the form opens on the approved text');
    await partner.getByLabel('Voor wie', { exact: true }).fill('Iedereen die van bloemen houdt.');
    await clickAndWait(partner, partner.getByRole('button', { name: 'Wijziging voorstellen', exact: true }));
    assert.match(await notice(partner), /Uw wijziging is verstuurd/);

    await editor.goto(`${app.baseURL}/redactie/wachtrij`);
    const item = () => editor.locator('section.kompas-review', { has: editor.getByRole('heading', { name: offer.name, exact: true }) });
    assert.equal(await item().count(), 1);
    assert.deepEqual((await item().locator('tbody th').allInnerTexts()).map((t) => t.trim()), ['Voor wie']);
    await clickAndWait(editor, item().getByRole('button', { name: buttonFor('Afwijzen', offer.name) }));
    const alert = await editor.getByRole('alert').innerText();
    assert.match(alert, /Schrijf bij een afwijzing kort waarom/);
    assert.equal(await item().count(), 1, 'the proposal is still waiting');
    await checkPage(editor, '/redactie/wachtrij (rejection without a reason)');

    const reason = 'Graag concreter: voor welke leeftijd?';
    await item().getByLabel(/^Toelichting/).fill(reason);
    await clickAndWait(editor, item().getByRole('button', { name: buttonFor('Afwijzen', offer.name) }));
    assert.match(await notice(editor), /Het voorstel is beoordeeld/);
    assert.equal(await item().count(), 0);

    await partner.goto(`${app.baseURL}/partner/aanbod`);
    const text = await partner.locator('main').innerText();
    assert.ok(text.includes(`afgewezen. Toelichting: ${reason}`), `the partner reads why:\n${text}`);
    await visitor.goto(`${app.baseURL}/aanbod/${offer.id}`);
    assert.ok(!(await visitor.locator('main').innerText()).includes('Iedereen die van bloemen houdt.'), 'a rejected proposal changes nothing');
  });

  test('the editor edits an offer directly and sees its history', async () => {
    await editor.goto(`${app.baseURL}/redactie/aanbod/${offer.id}`);
    assert.equal((await editor.locator('h1').innerText()).trim(), `Aanbod bewerken: ${offer.name}`);
    const history = editor.getByRole('table', { name: /Wie wat wanneer veranderde/ });
    assert.equal(await history.count(), 1, 'the edit page has a history table');
    const approved = history.locator('tbody tr', { hasText: 'goedgekeurd door' });
    assert.ok((await approved.count()) >= 1, 'the approval is in the history');
    assert.match(await approved.first().innerText(), /Omschrijving/);
    await checkPage(editor, `/redactie/aanbod/${offer.id}`);

    assert.ok(!(await search(visitor, app.baseURL, KEYWORD)).paths.includes(offer.path), `"${KEYWORD}" does not find the offer yet`);
    const keywords = editor.getByLabel(/^Trefwoorden/);
    const old = await keywords.inputValue();
    await keywords.fill(old.trim() ? `${old}, ${KEYWORD}` : KEYWORD);
    await clickAndWait(editor, editor.getByRole('button', { name: 'Opslaan', exact: true }));
    assert.equal(pathOf(editor), '/redactie');
    assert.match(await notice(editor), /Opgeslagen/);

    const found = await search(visitor, app.baseURL, KEYWORD);
    assert.equal(found.paths[0], offer.path, `a search for the new keyword "${KEYWORD}" finds the offer first, at once: ${found.paths}`);

    await editor.goto(`${app.baseURL}/redactie/aanbod/${offer.id}`);
    const edited = editor.getByRole('table', { name: /Wie wat wanneer veranderde/ }).locator('tbody tr', { hasText: 'bewerkt door de redactie' });
    assert.equal(await edited.count(), 1, 'the direct edit is in the history');
    assert.match(await edited.innerText(), /Trefwoorden/);
  });

  test('a synonym added by the editor works at once', async () => {
    assert.ok(!(await search(visitor, app.baseURL, SYNONYM)).paths.includes(offer.path), `"${SYNONYM}" does not find the offer yet`);
    await editor.goto(`${app.baseURL}/redactie`);
    await clickAndWait(editor, editor.getByRole('link', { name: 'Synoniemen', exact: true }).last());
    assert.equal(pathOf(editor), '/redactie/synoniemen');
    await checkPage(editor, '/redactie/synoniemen');
    const caption = async () => Number((await editor.locator('caption').innerText()).match(/^(\d+) synoniemen$/)[1]);
    const count = await caption();
    await editor.getByLabel('Woord van inwoners', { exact: true }).fill(SYNONYM);
    await editor.getByLabel('Betekent', { exact: true }).fill(NEW_WORD);
    await clickAndWait(editor, editor.getByRole('button', { name: 'Toevoegen', exact: true }));
    assert.equal(pathOf(editor), '/redactie/synoniemen');
    assert.equal(await caption(), count + 1);
    assert.equal(await editor.locator('tbody tr', { hasText: SYNONYM }).count(), 1);

    const found = await search(visitor, app.baseURL, SYNONYM);
    assert.equal(found.paths[0], offer.path, `a search for "${SYNONYM}" finds what it means first: ${found.paths}`);

    // A bad pasted list is refused with a Dutch reason and kept in the box.
    await editor.getByLabel(/^Of plak een lijst/).fill('alleen-een-woord');
    await clickAndWait(editor, editor.getByRole('button', { name: 'Lijst toevoegen', exact: true }));
    assert.match(await editor.getByRole('alert').innerText(), /regel 1/);
    assert.equal(await editor.getByLabel(/^Of plak een lijst/).inputValue(), 'alleen-een-woord');
    await checkPage(editor, '/redactie/synoniemen (bad list)');

    // Removing it again.
    await editor.goto(`${app.baseURL}/redactie/synoniemen`);
    await clickAndWait(editor, editor.getByRole('button', { name: new RegExp(`^Verwijder\\s*${SYNONYM} → ${NEW_WORD}$`) }));
    assert.equal(await caption(), count);
    assert.ok(!(await search(visitor, app.baseURL, SYNONYM)).paths.includes(offer.path), 'a removed synonym no longer works');
  });

  test('a visitor\'s report reaches the editor, who closes it', async () => {
    await visitor.goto(`${app.baseURL}/aanbod/${offer.id}`);
    const message = 'Het spreekuur is verplaatst naar de dinsdag.';
    await visitor.getByLabel('Wat klopt er niet?', { exact: true }).fill(message);
    await clickAndWait(visitor, visitor.getByRole('button', { name: 'Melding versturen', exact: true }));
    assert.match(await visitor.locator('main').innerText(), /Dank u wel/);

    await editor.goto(`${app.baseURL}/redactie`);
    await clickAndWait(editor, editor.getByRole('link', { name: /^Meldingen van bezoekers \(\d+\)$/ }));
    assert.equal(pathOf(editor), '/redactie/meldingen');
    const report = editor.locator('section.kompas-review', { hasText: message });
    assert.equal(await report.count(), 1, 'the report is listed');
    assert.equal(await report.getByRole('link', { name: offer.name, exact: true }).getAttribute('href'), `/redactie/aanbod/${offer.id}`);
    await checkPage(editor, '/redactie/meldingen');
    await clickAndWait(editor, report.getByRole('button', { name: buttonFor('Afgehandeld', offer.name) }));
    assert.equal(pathOf(editor), '/redactie/meldingen');
    assert.equal(await editor.locator('section.kompas-review', { hasText: message }).count(), 0, 'a closed report is gone');
  });

  test('the editor confirms a stale offer and it leaves the list', async () => {
    await editor.goto(`${app.baseURL}/redactie`);
    const tile = editor.getByRole('link', { name: /^Verouderd aanbod \(\d+\)$/ });
    const tileCount = Number((await tile.innerText()).match(/\((\d+)\)$/)[1]);
    assert.ok(tileCount > 0, 'the demo has offers not checked for over a year');
    await clickAndWait(editor, tile);
    assert.equal(pathOf(editor), '/redactie/verouderd');
    await checkPage(editor, '/redactie/verouderd');
    const boxes = editor.locator('tbody input[type=checkbox][name=aanbod]');
    assert.equal(await boxes.count(), tileCount, 'the list is as long as the tile said');
    assert.match(await editor.locator('caption').innerText(), new RegExp(`^${tileCount} aanbiedingen$`));

    const box = boxes.first();
    const id = await box.getAttribute('value');
    const label = (await editor.locator(`label[for="${await box.getAttribute('id')}"]`).innerText()).trim();
    assert.match(label, / klopt nog$/, 'each checkbox has a label naming the offer');
    await visitor.goto(`${app.baseURL}/aanbod/${id}`);
    assert.match(await visitor.locator('main').innerText(), /langer dan een jaar niet gecontroleerd/, 'the public page warns first');

    await box.check();
    await clickAndWait(editor, editor.getByRole('button', { name: 'Aangevinkte aanbiedingen kloppen nog', exact: true }));
    assert.equal(pathOf(editor), '/redactie');
    assert.match(await notice(editor), /gecontroleerd/);
    assert.match(await editor.getByRole('link', { name: /^Verouderd aanbod/ }).innerText(), new RegExp(`\\(${tileCount - 1}\\)$`));

    await editor.goto(`${app.baseURL}/redactie/verouderd`);
    assert.equal(await editor.locator(`tbody input[name=aanbod][value="${id}"]`).count(), 0, 'the confirmed offer left the list');
    assert.equal(await editor.locator('tbody input[name=aanbod]').count(), tileCount - 1);

    // The public page no longer warns, and says it was checked today.
    await visitor.goto(`${app.baseURL}/aanbod/${id}`);
    const text = await visitor.locator('main').innerText();
    assert.ok(!/langer dan een jaar niet gecontroleerd/.test(text), 'no stale warning any more');
    const d = new Date();
    const today = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'numeric', year: 'numeric' })
      .format(d);
    assert.ok(text.includes(`Laatst gecontroleerd: ${today}.`), `"Laatst gecontroleerd: ${today}." on the offer page:\n${text}`);
  });

  // Last, because it fills the queue. Opening the form of an own offer and
  // sending it unchanged must not put a "change" in front of the editor.
  test('an unchanged form shows no changed fields to the editor', async () => {
    await partner.goto(`${app.baseURL}/partner/aanbod`);
    const forms = await partner.getByRole('link', { name: /^Wijziging voorstellen voor / })
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of forms) {
      await partner.goto(`${app.baseURL}${href}`);
      await clickAndWait(partner, partner.getByRole('button', { name: 'Wijziging voorstellen', exact: true }));
    }
    await editor.goto(`${app.baseURL}/redactie/wachtrij`);
    const items = editor.locator('section.kompas-review');
    const spurious = [];
    for (let i = 0; i < (await items.count()); i += 1) {
      const fields = (await items.nth(i).locator('tbody th').allInnerTexts()).map((t) => t.trim());
      if (fields.length > 0) spurious.push(`${(await items.nth(i).locator('h2').innerText()).trim()}: ${fields.join(', ')}`);
    }
    assert.deepEqual(spurious, [], `unchanged forms show changed fields in the queue:\n  ${spurious.join('\n  ')}`);
    assert.equal(await items.count(), 0, 'an unchanged form is not a proposal');
  });
});
