// The HSDS 3.0 output of Kompas validates against the specification's own
// compiled JSON Schemas: the API under /api/hsds/ and `kompas export hsds`.
// The demo municipality's offers (made in Kompas) and the specification's
// service_full.json (imported with `kompas import hsds`) are both checked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { freePort, ROOT } from './app.mjs';

const run = promisify(execFile);
const BIN = resolve(ROOT, process.env.KOMPAS_BIN || 'target/debug/kompas');
const HSDS = resolve(ROOT, 'testdata/hsds-3.0');
const EXAMPLE_ID = 'ac148810-d857-441c-9679-408f346de14b';
const EXAMPLE_ORG = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The compiled schemas have no $schema; HSDS profiles are defined against
// JSON Schema 2020-12, so that is the dialect we validate with. They use
// extra keywords (name, datapackage_metadata, constraints, …): not strict.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const schema = (name) => ajv.compile(JSON.parse(readFileSync(join(HSDS, 'schema/compiled', name), 'utf8')));
const validators = {
  service: schema('service.json'),
  serviceList: schema('service_list.json'),
  organization: schema('organization.json'),
  serviceAtLocation: schema('service_at_location.json'),
};
const page = ajv.compile({
  type: 'object',
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: {
    total_items: { type: 'integer', minimum: 0 },
    total_pages: { type: 'integer', minimum: 0 },
    page_number: { type: 'integer', minimum: 1 },
    size: { type: 'integer', minimum: 0 },
    first_page: { type: 'boolean' },
    last_page: { type: 'boolean' },
    empty: { type: 'boolean' },
    contents: { type: 'array' },
  },
});

function assertValid(validate, value, what) {
  if (!validate(value)) {
    const errors = validate.errors.slice(0, 10).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    assert.fail(`${what} is not valid HSDS:\n${errors.join('\n')}\n${JSON.stringify(value).slice(0, 600)}`);
  }
}

/** The environment for the binary: only KOMPAS_DATA_DIR decides where the data is. */
function envFor(dataDir) {
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn', KOMPAS_DATA_DIR: dataDir };
  for (const name of ['KOMPAS_DATABASE_URL', 'KOMPAS_LISTEN', 'KOMPAS_CONFIG']) delete env[name];
  return env;
}

/** `kompas demo` on `dataDir`; resolves when /health answers. */
async function startDemo(dataDir) {
  assert.ok(existsSync(BIN), `Kompas binary not found at ${BIN}: run "cargo build -p kompas" or set KOMPAS_BIN`);
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(BIN, ['demo', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`], {
    cwd: ROOT,
    env: envFor(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk) => { output = (output + chunk.toString()).slice(-100_000); };
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
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`kompas demo exited early (${JSON.stringify(exited)}):\n${output}`);
    try {
      const res = await fetch(`${baseURL}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`kompas demo did not answer on ${baseURL}/health within 90 s:\n${output}`);
    }
    await sleep(250);
  }
  return { baseURL, stop };
}

async function getJson(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  assert.equal(res.headers.get('access-control-allow-origin'), '*', `CORS on ${url}`);
  return res.json();
}

describe('HSDS 3.0 output validates against the compiled schemas', { timeout: 240_000 }, () => {
  let dataDir;
  let app;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kompas-hsds-'));
    app = await startDemo(dataDir);
    // The specification's richest example, through the real import command.
    const { stdout } = await run(BIN, ['import', 'hsds', join(HSDS, 'examples/service_full.json')], {
      cwd: ROOT,
      env: envFor(dataDir),
    });
    assert.match(stdout, /Import klaar/);
  });

  after(async () => {
    await app?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('every page of /api/hsds/services?full=true is valid', async () => {
    let number = 1;
    let seen = 0;
    let ids = new Set();
    for (;;) {
      const body = await getJson(`${app.baseURL}/api/hsds/services?full=true&per_page=100&page=${number}`);
      assertValid(page, body, `page ${number}`);
      for (const s of body.contents) {
        assertValid(validators.serviceList, s, `service ${s.id} (service_list.json)`);
        assertValid(validators.service, s, `service ${s.id} (service.json)`);
        ids.add(s.id);
      }
      seen += body.size;
      if (body.last_page) break;
      number += 1;
    }
    assert.ok(seen > 1, 'the demo offers and the imported example are listed');
    assert.equal(ids.size, seen, 'ids are unique');
    assert.ok(ids.has(EXAMPLE_ID), 'the imported example is listed');
  });

  test('the list form (without full) is valid too', async () => {
    const body = await getJson(`${app.baseURL}/api/hsds/services?per_page=100`);
    assertValid(page, body, 'the first page');
    for (const s of body.contents) assertValid(validators.serviceList, s, `service ${s.id}`);
  });

  test('/api/hsds/services/{id} is a valid service, imported or made in Kompas', async () => {
    const example = await getJson(`${app.baseURL}/api/hsds/services/${EXAMPLE_ID}`);
    assertValid(validators.service, example, 'the imported example');
    assert.equal(example.name, 'Community Counselling');
    const list = await getJson(`${app.baseURL}/api/hsds/services?per_page=5`);
    const native = list.contents.find((s) => s.id !== EXAMPLE_ID);
    assert.ok(native, 'a demo offer');
    const one = await getJson(`${app.baseURL}/api/hsds/services/${native.id}`);
    assertValid(validators.service, one, `demo offer ${native.id}`);
    assert.ok(one.attributes.some((a) => a.taxonomy_term?.taxonomy === 'kompas-laag'), 'our layer as an attribute');
  });

  test('/api/hsds/organizations/{id} is a valid organization', async () => {
    const org = await getJson(`${app.baseURL}/api/hsds/organizations/${EXAMPLE_ORG}?full_service=true`);
    assertValid(validators.organization, org, 'the example organisation');
    const list = await getJson(`${app.baseURL}/api/hsds/organizations?per_page=100`);
    assertValid(page, list, 'the organisations page');
    const native = list.contents.find((o) => o.id !== EXAMPLE_ORG);
    assert.ok(native, 'a demo organisation');
    const one = await getJson(`${app.baseURL}/api/hsds/organizations/${native.id}`);
    assertValid(validators.organization, one, `demo organisation ${native.id}`);
  });

  test('/api/hsds/service_at_locations?full=true is valid', async () => {
    const body = await getJson(`${app.baseURL}/api/hsds/service_at_locations?full=true&per_page=100`);
    assertValid(page, body, 'the page');
    for (const sal of body.contents) assertValid(validators.serviceAtLocation, sal, `service_at_location ${sal.id}`);
  });

  test('kompas export hsds writes valid services and a tabular package', async () => {
    const out = join(dataDir, 'export');
    const { stdout } = await run(BIN, ['export', 'hsds', out], { cwd: ROOT, env: envFor(dataDir) });
    assert.match(stdout, /geëxporteerd/);
    const services = JSON.parse(await readFile(join(out, 'services.json'), 'utf8'));
    assert.ok(Array.isArray(services) && services.length > 1);
    for (const s of services) assertValid(validators.service, s, `exported service ${s.id}`);
    assert.ok(services.some((s) => s.id === EXAMPLE_ID));
    const pkg = JSON.parse(await readFile(join(out, 'datapackage.json'), 'utf8'));
    assert.equal(pkg.profile, 'tabular-data-package');
    const names = pkg.resources.map((r) => r.name);
    for (const name of ['service', 'organization', 'location', 'service_at_location', 'address', 'phone', 'schedule',
      'service_area', 'cost_option', 'taxonomy', 'taxonomy_term', 'attribute']) {
      assert.ok(names.includes(name), `${name} in datapackage.json`);
    }
    for (const r of pkg.resources) {
      const csv = await readFile(join(out, r.path), 'utf8');
      const header = csv.split('\n')[0];
      assert.equal(header, r.schema.fields.map((f) => f.name).join(','), `${r.path} header matches datapackage.json`);
    }
    const services_csv = await readFile(join(out, 'services.csv'), 'utf8');
    assert.equal(services_csv.trim().split('\n').length - 1 >= services.length, true, 'a row per service');
  });
});
