// Shared helpers for the browser tests: start the real Kompas binary with its
// demo data, launch Debian's Chromium through playwright-core, check pages
// with axe, and compute TOTP codes.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Kompas-demo-2026';
export const DEMO_TOTP_SECRET = 'KOMPASDEMOKOMPASDEMOKOMPASDEMO23';

/** A free TCP port on 127.0.0.1 (the OS picks one; we close it again at once). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Start `$KOMPAS_BIN demo` on a fresh data directory and a free port and wait
 * until GET /health answers 200. Returns { baseURL, stop, output }.
 */
/** Starts the demo; `options.env` adds settings (e.g. a `KOMPAS_LIMITS_*` budget). */
export async function startApp(options = {}) {
  const bin = resolve(ROOT, process.env.KOMPAS_BIN || 'target/debug/kompas');
  assert.ok(existsSync(bin), `Kompas binary not found at ${bin}: run "cargo build -p kompas" or set KOMPAS_BIN`);
  const dataDir = await mkdtemp(join(tmpdir(), 'kompas-e2e-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;

  // The command line decides where the app listens and keeps its data.
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' };
  for (const name of ['KOMPAS_DATABASE_URL', 'KOMPAS_LISTEN', 'KOMPAS_DATA_DIR', 'KOMPAS_CONFIG']) delete env[name];
  Object.assign(env, options.env || {});

  let output = '';
  const child = spawn(bin, ['demo', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => { exited = { code, signal }; r(); }));

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 10_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`kompas demo exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseURL}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`kompas demo did not answer 200 on ${baseURL}/health within 60 s:\n${output}`);
    }
    await sleep(250);
  }
  return { baseURL, stop, output: () => output };
}

/** Launch Debian's Chromium headless (never a downloaded browser). */
export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (scripts/test does this)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // Public pages follow the browser's Accept-Language: a browser that asks
  // for nothing else reads them in Dutch, as a Dutch resident's would.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: 'nl-NL', ...options });
  return browser;
}

/** Render axe violations so that a failing test says what to fix. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    - ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
];

/**
 * Assert that the page has no WCAG 2.1 A/AA violations according to axe, on a
 * desktop-sized and on a phone-sized viewport (the layout is phone-first).
 */
export async function assertAccessible(page, what = page.url()) {
  const original = page.viewportSize();
  const problems = [];
  try {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      if (results.violations.length > 0) {
        problems.push(`axe found ${results.violations.length} violation(s) on ${what} (${viewport.name}, ` +
          `${viewport.width}x${viewport.height}):\n${formatViolations(results.violations)}`);
      }
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  if (problems.length > 0) {
    const text = problems.join('\n');
    console.log(text);
    assert.fail(text);
  }
}

/** Click something that submits a form or follows a link, and wait for the new page. */
export async function clickAndWait(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Fill in the login form and submit it. */
export async function submitLogin(page, baseURL, username, password) {
  await page.goto(`${baseURL}/inloggen`);
  const user = page.getByLabel('Gebruikersnaam', { exact: true });
  const pass = page.getByLabel('Wachtwoord', { exact: true });
  assert.equal(await user.getAttribute('name'), 'gebruikersnaam');
  assert.equal(await pass.getAttribute('name'), 'wachtwoord');
  await user.fill(username);
  await pass.fill(password);
  await clickAndWait(page, page.getByRole('button', { name: 'Inloggen', exact: true }));
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP: HMAC-SHA1, 30 s step, 6 digits. */
export function totp(secretBase32, timeMs = Date.now(), step = 30, digits = 6) {
  const counter = Math.floor(timeMs / 1000 / step);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** A TOTP code that stays valid for at least a few seconds (waits out the end of a step). */
export async function freshTotp(secretBase32) {
  const intoStep = (Date.now() / 1000) % 30;
  if (intoStep > 26) await sleep((30 - intoStep + 0.5) * 1000);
  return totp(secretBase32);
}

/**
 * Assert that the page reflows at `width` CSS pixels (WCAG 1.4.10: 320 px, no
 * horizontal scrolling). Content in a scrollable region (a wide table in
 * `.kompas-table-wrap`) is allowed to scroll on its own. Names what sticks out.
 */
export async function assertReflows(page, what = page.url(), width = 320) {
  const original = page.viewportSize();
  try {
    await page.setViewportSize({ width, height: 640 });
    const result = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      // Elements that stick out, or whose text sticks out of them; the innermost ones say most.
      const out = [...document.querySelectorAll('body *')].filter((e) => !e.closest('.kompas-table-wrap') &&
        (e.getBoundingClientRect().right > w + 1 ||
          (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')));
      const wide = out
        .filter((e) => !out.some((o) => o !== e && e.contains(o)))
        .slice(0, 8)
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> "${(e.textContent || '').trim().slice(0, 60)}"`);
      return { scrollWidth: document.documentElement.scrollWidth, clientWidth: w, wide };
    });
    assert.ok(result.scrollWidth <= result.clientWidth,
      `${what} scrolls sideways at ${width} px (${result.scrollWidth} > ${result.clientWidth}); sticking out:\n  ${result.wide.join('\n  ')}`);
  } finally {
    if (original) await page.setViewportSize(original);
  }
}

/**
 * Logs a demo account in, with the second factor when its role needs one. A
 * code is accepted once per account and time step, so when another test just
 * used this step's code the login waits for the next step and tries again.
 */
export async function loginWithSecondFactor(page, baseURL, username) {
  await submitLogin(page, baseURL, username, DEMO_PASSWORD);
  for (let attempt = 0; attempt < 2 && pathOf(page) === '/inloggen/tweede-stap'; attempt += 1) {
    if (attempt > 0) await sleep((30 - ((Date.now() / 1000) % 30) + 0.5) * 1000);
    await page.getByLabel('Code uit uw app', { exact: true }).fill(await freshTotp(DEMO_TOTP_SECRET));
    await clickAndWait(page, page.getByRole('button', { name: 'Bevestigen', exact: true }));
  }
  if (pathOf(page) === '/inloggen/tweede-stap') throw new Error(`second factor of ${username} refused`);
}

/** axe (WCAG 2.1 A/AA, desktop and phone) and reflow at 320 px (WCAG 1.4.10). */
export async function checkPage(page, what) {
  await assertAccessible(page, what);
  await assertReflows(page, what);
}

// A fresh browser context signed in as `username` (password and second factor).
export async function signIn(browser, baseURL, username) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginWithSecondFactor(page, baseURL, username);
  return { context, page };
}

// Opens a <details> by its summary (clicking would close one that is open already).
export async function openDetails(page, summary) {
  await page.locator('summary', { hasText: summary }).first().evaluate((s) => { s.parentElement.open = true; });
}
