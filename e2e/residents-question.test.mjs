// A resident asks the municipality a question in Dutch, English and Arabic:
// the form in their language (right-to-left in Arabic) with the crisis numbers
// on it, no error styling before the first submit, errors after an empty one,
// and a confirmation with a reference number and the municipality's phone
// number. Every page passes axe and reflows at 320 px.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, clickAndWait, launchBrowser, pathOf, startApp } from './app.mjs';

const LANGUAGES = [
  {
    code: 'nl',
    dir: 'ltr',
    title: 'Stel uw vraag',
    submit: 'Verstuur mijn vraag',
    notSent: 'Uw vraag is nog niet verstuurd.',
    consent: 'Ik vind het goed dat de gemeente mijn gegevens gebruikt om mij te helpen',
    question: 'Ik kan mijn huur niet meer betalen',
    sent: 'Uw vraag is verstuurd',
  },
  {
    code: 'en',
    dir: 'ltr',
    title: 'Ask your question',
    submit: 'Send my question',
    notSent: 'Your question has not been sent yet.',
    consent: 'I agree that the municipality uses my information to help me',
    question: 'I cannot pay my rent any more',
    sent: 'Your question has been sent',
  },
  {
    code: 'ar',
    dir: 'rtl',
    title: 'اطرح سؤالك',
    submit: 'أرسل سؤالي',
    notSent: 'لم يُرسل سؤالك بعد.',
    consent: 'أوافق على أن تستخدم البلدية بياناتي لمساعدتي',
    question: 'لا أستطيع دفع الإيجار',
    sent: 'تم إرسال سؤالك',
  },
];

// The border colour of a form control, as the resident sees it.
const border = (page, selector) => page.locator(selector).evaluate((e) => getComputedStyle(e).borderTopColor);

describe('a resident asks a question', { timeout: 300_000 }, () => {
  let app;
  let browser;

  before(async () => {
    // Three languages with two submits each from one address go past the
    // resident's budget of 5 questions a minute (tested in limits.rs).
    app = await startApp({ env: { KOMPAS_LIMITS_QUESTIONS_PER_MINUTE: '60' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const lang of LANGUAGES) {
    test(`in ${lang.code}`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${app.baseURL}/vraag-stellen?taal=${lang.code}`);
      const html = page.locator('html');
      assert.equal(await html.getAttribute('lang'), lang.code);
      assert.equal(await html.getAttribute('dir'), lang.dir);
      await page.getByRole('heading', { level: 1, name: lang.title }).waitFor();

      // The crisis numbers are on the form, before anything is sent.
      for (const number of ['112', '113', '08000113', '08002000']) {
        assert.ok(await page.locator(`main a[href="tel:${number}"]`).isVisible(), `tel:${number} visible`);
      }
      // The municipality's phone number is in the footer.
      assert.ok(await page.locator('footer a[href="tel:140999"]').isVisible());

      // No error styling before the first submit: the required, still empty
      // question looks like any other field.
      assert.equal(await page.locator('[aria-invalid="true"], .utrecht-form-field--invalid').count(), 0);
      assert.equal(await page.getByRole('alert').count(), 0);
      const normal = await border(page, '#naam');
      assert.equal(await border(page, '#vraag'), normal, 'the empty question has no error border');
      await checkPage(page, `/vraag-stellen (${lang.code})`);

      // An empty submit: the errors show, in the resident's language.
      await clickAndWait(page, page.getByRole('button', { name: lang.submit }));
      assert.equal(pathOf(page), '/vraag-stellen');
      await page.getByRole('alert').getByText(lang.notSent).waitFor();
      assert.equal(await page.locator('#vraag').getAttribute('aria-invalid'), 'true');
      assert.notEqual(await border(page, '#vraag'), normal, 'the question is marked after the submit');
      assert.equal(await page.locator('html').getAttribute('dir'), lang.dir);
      await checkPage(page, `/vraag-stellen with errors (${lang.code})`);

      // Sent: the confirmation with a reference number and the phone number.
      await page.locator('#vraag').fill(lang.question);
      await page.getByLabel(lang.consent).check();
      await clickAndWait(page, page.getByRole('button', { name: lang.submit }));
      assert.equal(pathOf(page), '/vraag-stellen/verstuurd');
      await page.getByRole('heading', { level: 1, name: lang.sent }).waitFor();
      assert.match(await page.locator('main').textContent(), /V-\d{4}-\d{6}/);
      assert.ok(await page.locator('main a[href="tel:140999"]').isVisible(), 'the phone number on the confirmation');
      assert.equal(await page.locator('html').getAttribute('dir'), lang.dir);
      await checkPage(page, `/vraag-stellen/verstuurd (${lang.code})`);
      await context.close();
    });
  }

  test('the privacy and accessibility statements, linked from the footer', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const code of ['nl', 'ar']) {
      await page.goto(`${app.baseURL}/vraag-stellen?taal=${code}`);
      for (const path of ['/privacy', '/toegankelijkheid']) {
        await clickAndWait(page, page.locator(`footer a[href="${path}"]`));
        assert.equal(pathOf(page), path);
        assert.equal(await page.locator('html').getAttribute('lang'), code);
        await checkPage(page, `${path} (${code})`);
        await page.goBack();
      }
    }
    await context.close();
  });
});
