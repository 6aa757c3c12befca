// Costs of maatwerk in a real browser: policy staff enter a budget for household
// help, the costs page shows it against what is committed, with the chart and its
// table; the council report has the costs section. axe (WCAG 2.1 A/AA) and 320 px
// reflow on the costs page and the budget form.
import { after, before, describe, test } from 'node:test';
import {
  assertAccessible, assertReflows, clickAndWait, DEMO_PASSWORD, launchBrowser, startApp, submitLogin,
} from './app.mjs';

describe('costs against the budget', { timeout: 300_000 }, () => {
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

  test('a budget entered, costs shown against it, the council report', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await submitLogin(page, app.baseURL, 'beleid', DEMO_PASSWORD);
    await page.goto(`${app.baseURL}/monitor/kosten`);
    await page.getByRole('heading', { name: /^Kosten van maatwerk/ }).waitFor();
    await assertAccessible(page, 'the costs page');
    await assertReflows(page, 'the costs page');

    await clickAndWait(page, page.getByRole('link', { name: 'Begroting en taakvelden invoeren' }));
    await page.getByRole('heading', { name: /^Begroting maatwerk/ }).waitFor();
    await assertAccessible(page, 'the budget form');
    await assertReflows(page, 'the budget form');
    await page.getByLabel(/^6\.71a /).fill('1.250.000');
    await clickAndWait(page, page.getByRole('button', { name: 'Begroting opslaan' }));
    await page.goto(`${app.baseURL}/monitor/kosten`);
    await page.getByRole('cell', { name: '€ 1.250.000' }).first().waitFor();
    await assertAccessible(page, 'the costs page with a budget');

    await page.goto(`${app.baseURL}/monitor/raadsrapportage`);
    await page.getByRole('heading', { name: /Kosten van maatwerk/ }).first().waitFor();
    await context.close();
  });
});
