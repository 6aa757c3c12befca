// iWmo/iJw messages in a real browser: the contract manager uploads a provider's
// start-of-care file for an allocation that does not exist (refused by rule TR019
// in the return message), finds it, reads it, collects the return message from
// the outbox; links the partner's organisation to the provider, whose partner
// account then sees the messages. axe (WCAG 2.1 A/AA) and 320 px reflow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertAccessible, assertReflows, clickAndWait, DEMO_PASSWORD, launchBrowser, pathOf, startApp, submitLogin,
} from './app.mjs';

const START = `<?xml version="1.0" encoding="UTF-8"?>
<wmo305:Bericht xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema" xmlns:wmo305="http://www.istandaarden.nl/iwmo/3_2/wmo305/schema">
  <wmo305:Header>
    <wmo305:BerichtCode>418</wmo305:BerichtCode>
    <wmo305:BerichtVersie>3</wmo305:BerichtVersie>
    <wmo305:BerichtSubversie>2</wmo305:BerichtSubversie>
    <wmo305:Afzender>75990011</wmo305:Afzender>
    <wmo305:Ontvanger>9901</wmo305:Ontvanger>
    <wmo305:BerichtIdentificatie>
      <iwmo:Identificatie>E2E-START-1</iwmo:Identificatie>
      <iwmo:Dagtekening>2026-02-02</iwmo:Dagtekening>
    </wmo305:BerichtIdentificatie>
    <wmo305:XsdVersie>
      <iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie>
      <iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie>
    </wmo305:XsdVersie>
  </wmo305:Header>
  <wmo305:Client>
    <wmo305:Bsn>999990020</wmo305:Bsn>
    <wmo305:Geboortedatum><iwmo:Datum>1950-03-03</iwmo:Datum></wmo305:Geboortedatum>
    <wmo305:Geslacht>1</wmo305:Geslacht>
    <wmo305:Naam><iwmo:Geslachtsnaam><iwmo:Achternaam>Proef</iwmo:Achternaam></iwmo:Geslachtsnaam><iwmo:Voorletters>P</iwmo:Voorletters></wmo305:Naam>
    <wmo305:StartProducten>
      <wmo305:StartProduct>
        <wmo305:ToewijzingNummer>987654</wmo305:ToewijzingNummer>
        <wmo305:Product><iwmo:Categorie>01</iwmo:Categorie><iwmo:Code>01A01</iwmo:Code></wmo305:Product>
        <wmo305:ToewijzingIngangsdatum>2026-01-01</wmo305:ToewijzingIngangsdatum>
        <wmo305:Begindatum>2026-02-01</wmo305:Begindatum>
        <wmo305:StatusAanlevering>1</wmo305:StatusAanlevering>
      </wmo305:StartProduct>
    </wmo305:StartProducten>
  </wmo305:Client>
</wmo305:Bericht>
`;

describe('messages with care providers', { timeout: 300_000 }, () => {
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

  test('upload, find, read and collect; the provider sees its messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berichten-'));
    const file = join(dir, 'WMO305_start.xml');
    writeFileSync(file, START);
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'contractbeheer', DEMO_PASSWORD);
    await clickAndWait(page, page.getByRole('link', { name: 'Berichten' }));
    await page.getByRole('heading', { name: 'Berichten met aanbieders' }).waitFor();
    await assertAccessible(page, 'the messages page');
    await assertReflows(page, 'the messages page');

    await page.getByLabel('Berichtbestanden (XML)').setInputFiles(file);
    await clickAndWait(page, page.getByRole('button', { name: 'Inlezen' }));
    await page.getByText(/TR019: start van zorg hoort niet bij een toewijzing/).waitFor();
    await assertAccessible(page, 'the upload result');

    // The same file again is refused whole.
    await page.getByLabel('Berichtbestanden (XML)').setInputFiles(file);
    await clickAndWait(page, page.getByRole('button', { name: 'Inlezen' }));
    await page.getByText(/Geweigerd, er is niets opgeslagen: .*TR056/).waitFor();

    // Found by provider, opened with its problems and XML.
    await page.getByLabel('Aanbieder').selectOption({ label: 'Thuiszorg De Wilgenhoek (75990011)' });
    await page.getByLabel('Richting').selectOption({ label: 'Ontvangen' });
    await clickAndWait(page, page.getByRole('button', { name: 'Zoeken' }));
    await clickAndWait(page, page.getByRole('link', { name: '305 Start zorg' }).first());
    assert.match(pathOf(page), /^\/beheer\/berichten\/\d+$/);
    await page.getByRole('heading', { name: 'Afgekeurd op deze regels' }).waitFor();
    await page.getByText('E2E-START-1').first().waitFor();
    await assertAccessible(page, 'a message');
    await assertReflows(page, 'a message');

    // The return message waits in the outbox; collecting it downloads the file.
    await clickAndWait(page, page.getByRole('link', { name: 'Terug naar het overzicht' }));
    const row = page.getByRole('row').filter({ hasText: 'Antwoord (306) op 305' }).first();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /Bestand ophalen/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^WMO306_75990011_.+\.xml$/);

    // The partner's organisation acts for the provider.
    await page.goto(`${app.baseURL}/beheer/maatwerk`);
    await clickAndWait(page, page.getByRole('link', { name: 'Thuiszorg De Wilgenhoek', exact: true }));
    await page.getByRole('heading', { name: 'Inloggen als aanbieder' }).waitFor();
    await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Stichting Welzijn Wilgendaal' });
    await clickAndWait(page, page.getByRole('button', { name: 'Koppeling opslaan' }));
    await page.getByText('De organisatie is gekoppeld').waitFor();
    await context.close();

    const partnerContext = await browser.newContext();
    const partner = await partnerContext.newPage();
    await submitLogin(partner, app.baseURL, 'partner', DEMO_PASSWORD);
    await clickAndWait(partner, partner.getByRole('link', { name: 'Toewijzingen' }));
    await partner.getByRole('heading', { name: 'Thuiszorg De Wilgenhoek (AGB 75990011)' }).waitFor();
    await assertAccessible(partner, "the provider's allocations");
    await assertReflows(partner, "the provider's allocations");
    await clickAndWait(partner, partner.getByRole('link', { name: /305 Start zorg/ }).first());
    await partner.getByText('E2E-START-1').first().waitFor();
    await partnerContext.close();
  });
});
