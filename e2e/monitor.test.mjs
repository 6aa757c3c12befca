// The monitor in a browser: the dashboard with the goal tree, an indicator
// page with its charts and tables, the figures from the registration, and the
// council report on screen and in print. Every page is checked with axe
// (WCAG 2.1 A/AA) at desktop and phone width, and for reflow at 320 px.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { clickAndWait, DEMO_PASSWORD, DEMO_TOTP_SECRET, freshTotp, launchBrowser, pathOf, startApp, submitLogin, checkPage } from './app.mjs';

describe('the monitor', { timeout: 300_000 }, () => {
  let app;
  let browser;
  let policy; // the policy advisor's page

  before(async () => {
    app = await startApp();
    browser = await launchBrowser();
    policy = await (await browser.newContext()).newPage();
    await submitLogin(policy, app.baseURL, 'beleid', DEMO_PASSWORD);
    assert.equal(pathOf(policy), '/', 'the policy advisor logs in without a second factor');
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the dashboard shows the goal tree with a status per indicator', async () => {
    await clickAndWait(policy, policy.getByRole('link', { name: 'Monitor', exact: true }));
    assert.equal(pathOf(policy), '/monitor');
    await policy.getByRole('heading', { level: 1, name: 'Monitor sociaal domein Wilgendaal' }).waitFor();
    await policy.getByRole('heading', { level: 2, name: /^1\. Kinderen en jongeren/ }).waitFor();
    const statuses = await policy.locator('td .kompas-status').allInnerTexts();
    assert.ok(statuses.length >= 20, `a status for every indicator (${statuses.length})`);
    assert.ok(statuses.some((s) => s === 'Op koers') && statuses.some((s) => s === 'Achter op schema'), statuses.join(', '));
    await policy.getByRole('table', { name: /Per bron/ }).waitFor();
    await checkPage(policy, '/monitor');
  });

  test('an indicator page has a chart with a summary and a data table', async () => {
    await clickAndWait(policy, policy.getByRole('link', { name: 'Vragen beantwoord aan de voorkant', exact: true }));
    assert.match(pathOf(policy), /^\/monitor\/indicatoren\/\d+$/);
    const chart = policy.getByRole('img', { name: /verloop in Wilgendaal/ });
    await chart.waitFor();
    assert.match(await chart.getAttribute('aria-labelledby'), /titel .*uitleg/);
    await policy.getByRole('table', { name: /verloop in Wilgendaal/ }).waitFor();
    await policy.getByRole('table', { name: /wijken van Wilgendaal/ }).waitFor();
    await policy.getByRole('table', { name: /gemeenten van Regio Wilgenland/ }).waitFor();
    const summary = await policy.locator('.kompas-chart__summary').first().innerText();
    assert.match(summary, /^In .* was het cijfer voor Wilgendaal .*streefwaarde/);
    await checkPage(policy, 'indicator page');

    // The trend of one wijk.
    await policy.getByLabel('Verloop tonen voor').selectOption({ label: 'Centrum' });
    await clickAndWait(policy, policy.getByRole('button', { name: 'Tonen' }));
    await policy.getByRole('img', { name: /verloop in Centrum/ }).waitFor();

    // The figures as CSV.
    const [download] = await Promise.all([
      policy.waitForEvent('download'),
      policy.getByRole('link', { name: 'Cijfers downloaden (CSV)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
  });

  test('the figures from the registration, one by one', async () => {
    await policy.goto(`${app.baseURL}/monitor/registratie`);
    await checkPage(policy, '/monitor/registratie');
    await clickAndWait(policy, policy.getByRole('link', { name: 'Binnengekomen vragen en signalen' }));
    await policy.getByRole('table', { name: /onderverdeling/ }).waitFor();
    await checkPage(policy, '/monitor/registratie/vragen');
  });

  test('the council report is accessible on screen and prints without navigation', async () => {
    await policy.goto(`${app.baseURL}/monitor`);
    await clickAndWait(policy, policy.getByRole('link', { name: 'Raadsrapportage' }));
    assert.equal(pathOf(policy), '/monitor/raadsrapportage');
    await policy.getByRole('heading', { level: 1, name: 'Raadsrapportage sociaal domein Wilgendaal' }).waitFor();
    // Choose two indicators.
    await policy.getByText('Indicatoren kiezen voor deze rapportage').click();
    const boxes = policy.locator('input[name="indicator"]');
    const n = await boxes.count();
    for (let i = 0; i < n; i++) await boxes.nth(i).uncheck();
    await policy.getByRole('checkbox', { name: 'Wmo-maatwerk per 1.000 inwoners' }).check();
    await policy.getByRole('checkbox', { name: 'Vragen beantwoord aan de voorkant' }).check();
    await clickAndWait(policy, policy.getByRole('button', { name: 'Rapportage maken' }));
    // The two chosen indicators, and the costs of maatwerk after them.
    assert.equal(await policy.locator('.kompas-council__section:not(.kompas-council__costs)').count(), 2);
    assert.equal(await policy.locator('.kompas-council__costs').count(), 1);
    await checkPage(policy, '/monitor/raadsrapportage');

    await policy.emulateMedia({ media: 'print' });
    assert.equal(await policy.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible(), false, 'no navigation on paper');
    assert.equal(await policy.locator('.kompas-council__choose').isVisible(), false, 'no form on paper');
    assert.ok(await policy.getByRole('img', { name: /Wmo-maatwerk per 1.000 inwoners: verloop/ }).isVisible(), 'charts print');
    const pdf = await policy.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'a PDF comes out');
    await policy.emulateMedia({ media: 'screen' });
  });

  test('the goal-tree editor and the measurement form are accessible', async () => {
    await policy.goto(`${app.baseURL}/monitor/doelenboom`);
    await checkPage(policy, '/monitor/doelenboom');
    await policy.goto(`${app.baseURL}/monitor/metingen`);
    await checkPage(policy, '/monitor/metingen');
    // A value outside the plausible range needs a confirmation.
    await policy.getByLabel('Indicator', { exact: true }).selectOption({ label: 'Ernstig eenzame inwoners (per jaar)' });
    await policy.getByLabel(/^Periode/).fill('2026');
    await policy.getByLabel('Waarde', { exact: true }).fill('140');
    await clickAndWait(policy, policy.getByRole('button', { name: 'Meting opslaan' }));
    await policy.getByText(/buiten het plausibele bereik/).first().waitFor();
    await checkPage(policy, '/monitor/metingen with a warning');
  });

  test('a team lead sees the dashboard but does not edit', async () => {
    const page = await (await browser.newContext()).newPage();
    await submitLogin(page, app.baseURL, 'teamleider', DEMO_PASSWORD);
    await page.getByLabel('Code uit uw app', { exact: true }).fill(await freshTotp(DEMO_TOTP_SECRET));
    await clickAndWait(page, page.getByRole('button', { name: 'Bevestigen', exact: true }));
    const res = await page.goto(`${app.baseURL}/monitor`);
    assert.equal(res.status(), 200);
    assert.equal(await page.getByRole('link', { name: 'Doelenboom beheren' }).count(), 0);
    const editor = await page.goto(`${app.baseURL}/monitor/doelenboom`);
    assert.equal(editor.status(), 403);
  });
});
