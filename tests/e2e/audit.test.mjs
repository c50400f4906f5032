// The audit log end to end, against a real garantd --dev: event batches from
// a service (idempotency, conflicts, bad input, garant's reserved types, the
// future bound), signed checkpoints and tlog-tiles (entry bundles for
// auditors only), the auditor API and console, auditor service tokens,
// `garant audit verify` over HTTP (--token-file) and on an export, the access
// check's own entries (access.check, fail closed), tampering with psql as a
// superuser, and kill -9 under append load.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Garantd, Jar, garantBin, staffLogin } from './lib/garantd.mjs';
import {
  entriesOfBundle, fetchEntryBundle, leafHash, openCheckpoint, otherVerifierKey, parseTlogProof, readLeaf,
  rootFromInclusionProof,
} from './lib/tlog.mjs';

const g = new Garantd();
const work = mkdtempSync(join(tmpdir(), 'garant-audit-e2e-'));
let token;          // warehouse
let tokenId;        // its id: events it reports have the actor service:<tokenId>
let auditorToken;   // an external audit tool (service role auditor)
let key;
const tokenIds = new Map();  // secret → token id

before(async () => {
  await g.start();
  token = createToken(g, 'entrepot-audit');
  tokenId = tokenIds.get(token);
  auditorToken = createToken(g, 'verificateur-externe', 'auditor');
  key = (await (await fetch(`${g.url}/api/v1/audit/public-key`)).json()).key;
});
after(() => { g.cleanup(); rmSync(work, { recursive: true, force: true }); });

function createToken(server, name, role = 'warehouse') {
  const out = execFileSync(garantBin, ['token', 'create', name, '--role', role, '--data-dir', server.dataDir]).toString();
  const secret = out.trim().split('\n').pop();
  tokenIds.set(secret, out.match(/^token (\S+) created/m)[1]);
  return secret;
}

// A token file for `garant audit verify --token-file` (mode 0600, as garant requires).
function tokenFile(secret, name = `token-${randomUUID()}`) {
  const f = join(work, name);
  writeFileSync(f, `${secret}\n`, { mode: 0o600 });
  return f;
}

const nowMicros = () => new Date().toISOString().replace('Z', '000Z');

function event(i, extra = {}) {
  return { id: randomUUID(), type: 'warehouse.query', time: nowMicros(), object: `project/P-${i % 7}`,
           payload: { user: `u${i % 13}`, rows: i }, ...extra };
}

async function post(events, t = token, server = g) {
  const r = await fetch(`${server.url}/api/v1/audit/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t}` },
    body: typeof events === 'string' ? events : JSON.stringify({ events }),
  });
  let body;
  try { body = await r.json(); } catch { body = null; }
  return { status: r.status, body };
}

// Polls /tlog/checkpoint until its size covers `size` entries. A generous
// bound: a stuck signer fails the test, a slow machine does not (speed goals
// live in bench/, not here).
async function waitForCheckpoint(size, server = g, timeoutMs = 30000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    // A pooled keep-alive connection the server has just closed fails the
    // request on the client side: that is no answer, so ask again.
    const r = await fetch(`${server.url}/tlog/checkpoint`).catch(() => null);
    if (r && r.status === 200) {
      const text = await r.text();
      const n = Number(text.split('\n')[1]);
      if (n >= size) return { text, size: n };
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no checkpoint of size >= ${size} within ${timeoutMs} ms`);
}

async function auditorJar(server = g) {
  return (await staffLogin(server, 'auditeur', 'garant-demo-auditeur')).jar;
}

function verify(...args) {
  return spawnSync(garantBin, ['audit', 'verify', ...args], { encoding: 'utf8' });
}

function psql(server, sql) {
  return server.psql(sql);
}

let batch;
let indexes;

test('a service appends a batch and a retry returns the same indexes', async () => {
  batch = Array.from({ length: 300 }, (_, i) => event(i));
  const r = await post(batch);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.count, 300);
  indexes = r.body.indexes;
  assert.equal(new Set(indexes).size, 300);
  for (let i = 1; i < indexes.length; i++) assert.ok(indexes[i] > indexes[i - 1]);

  const again = await post(batch);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body.indexes, indexes);

  // Part of the batch again, plus one new event: old ones keep their index.
  const mixed = [batch[5], event(1000), batch[7]];
  const m = await post(mixed);
  assert.equal(m.status, 200);
  assert.equal(m.body.indexes[0], indexes[5]);
  assert.equal(m.body.indexes[2], indexes[7]);
  assert.ok(m.body.indexes[1] > indexes[299]);
});

test('same event id with other content is 409 already_exists', async () => {
  const r = await post([{ ...batch[0], object: 'project/other' }]);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'already_exists');
});

test('bad input is refused with a code', async () => {
  let r = await post('{"events": [', token);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_argument');

  r = await post([{ ...event(1), actor: 'staff:1' }]);  // the actor is never taken from the body
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /events\[0\].*unknown field 'actor'/);

  r = await post(JSON.stringify({ events: [event(1)], extra: 1 }));
  assert.equal(r.status, 400);

  r = await post([event(1), { ...event(2), id: 'not-a-uuid' }]);
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /events\[1\]/);

  r = await post([{ ...event(1), time: 'yesterday' }]);
  assert.equal(r.status, 400);

  r = await post([{ ...event(1), type: 'Bad Type' }]);
  assert.equal(r.status, 400);

  r = await post([{ ...event(1), payload: [1, 2] }]);
  assert.equal(r.status, 400);

  r = await post([]);
  assert.equal(r.status, 400);

  r = await post([{ ...event(1), payload: { blob: 'x'.repeat(70000) } }]);
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'too_large');

  const big = Array.from({ length: 10001 }, (_, i) => event(i));
  r = await post(big);
  assert.equal(r.status, 413);
  assert.equal(r.body.error.code, 'too_large');

  // Only services report events.
  const jar = await auditorJar();
  const s = await fetch(`${g.url}/api/v1/audit/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: jar.header() },
    body: JSON.stringify({ events: [event(1)] }),
  });
  assert.equal(s.status, 403);
  const anon = await fetch(`${g.url}/api/v1/audit/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ events: [event(1)] }),
  });
  assert.equal(anon.status, 401);
});

test('a full batch of 10,000 events is accepted', async () => {
  const full = Array.from({ length: 10000 }, (_, i) => event(i));
  const r = await post(full);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.count, 10000);
});

test('a fresh append is covered by a signed checkpoint; tiles are served', async () => {
  // A new event, appended now: only a running signer can cover its index.
  const fresh = await post([event(4242)]);
  assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
  const [freshIndex] = fresh.body.indexes;
  assert.ok(freshIndex > indexes[indexes.length - 1]);
  const cp = await waitForCheckpoint(freshIndex + 1);
  assert.ok(cp.size >= freshIndex + 1);
  // The checkpoint is signed by the log's key and its root covers the fresh
  // entry (checked independently in tests/e2e/lib/tlog.mjs).
  assert.equal(openCheckpoint(cp.text, key).signed, true);
  const lines = cp.text.split('\n');
  assert.equal(lines[0], 'contact.sos-medecins.fr/garant');
  assert.match(lines[2], /^[A-Za-z0-9+/]{43}=$/);
  assert.match(cp.text, /\n\n\u2014 contact\.sos-medecins\.fr\/garant [A-Za-z0-9+/=]+\n$/);
  assert.match(key, /^contact\.sos-medecins\.fr\/garant\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/);

  const r = await fetch(`${g.url}/tlog/checkpoint`);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  assert.match(r.headers.get('content-type'), /^text\/plain/);

  let size = cp.size;
  assert.ok(size >= 256);
  const full = await fetch(`${g.url}/tlog/tile/0/000`);
  assert.equal(full.status, 200);
  const tile0 = Buffer.from(await full.arrayBuffer());
  assert.equal(tile0.byteLength, 256 * 32);
  assert.equal(full.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const bundle = await fetchEntryBundle(g.url, 0, { token: auditorToken });
  assert.equal(bundle.status, 200);
  const bytes = Buffer.from(await bundle.arrayBuffer());
  const len = (bytes[0] << 8) | bytes[1];
  const first = bytes.subarray(2, 2 + len);
  assert.match(first.toString('utf8'), /^garant-audit-v1\nid /);
  // The level-0 tile holds the RFC 6962 leaf hashes of the entries.
  assert.deepEqual(leafHash(first), tile0.subarray(0, 32));

  // A partial tile: the checkpoint's last, incomplete tile (grow the log by
  // one entry when the size happens to be a multiple of 256).
  while (size % 256 === 0) {
    const more = await post([event(size)]);
    assert.equal(more.status, 200);
    size = (await waitForCheckpoint(more.body.indexes[0] + 1)).size;
  }
  const w = size % 256;
  const n = Math.floor(size / 256);
  assert.ok(n < 1000, 'the test log fits in three-digit tile paths');
  const idx = String(n).padStart(3, '0');
  const p = await fetch(`${g.url}/tlog/tile/0/${idx}.p/${w}`);
  assert.equal(p.status, 200);
  assert.equal((await p.arrayBuffer()).byteLength, w * 32);
  assert.equal(p.headers.get('cache-control'), 'public, max-age=300');
  // The next tile is not full (the log grows meanwhile: garant's own actions
  // are entries too, but not 256 of them here).
  const next = String(n + 1).padStart(3, '0');
  assert.equal((await fetch(`${g.url}/tlog/tile/0/${next}`)).status, 404);
  assert.equal((await fetch(`${g.url}/tlog/tile/0/x999/999`)).status, 404);
  assert.equal((await fetch(`${g.url}/tlog/tile/0/0001`)).status, 404);  // not canonical
  assert.equal((await fetch(`${g.url}/tlog/tile/9/000`)).status, 404);
});

test('full tiles are served from memory after their first read; partial tiles never are', async () => {
  const metric = async (name) => {
    const text = await (await fetch(`${g.url}/metrics`)).text();
    const m = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
    assert.ok(m, `${name} in /metrics`);
    return Number(m[1]);
  };
  let cp = await waitForCheckpoint(256);
  while (cp.size % 256 === 0) {  // make sure the checkpoint has a partial tile
    const more = await post([event(cp.size + 900000)]);
    assert.equal(more.status, 200);
    cp = await waitForCheckpoint(more.body.indexes[0] + 1);
  }
  const first = Buffer.from(await (await fetch(`${g.url}/tlog/tile/0/000`)).arrayBuffer());
  const hits = await metric('garant_tile_cache_hits_total');
  const misses = await metric('garant_tile_cache_misses_total');
  assert.ok(await metric('garant_tile_cache_bytes') >= 256 * 32);
  const again = await fetch(`${g.url}/tlog/tile/0/000`);
  assert.equal(again.status, 200);
  assert.deepEqual(Buffer.from(await again.arrayBuffer()), first);
  assert.equal(await metric('garant_tile_cache_hits_total'), hits + 1);
  assert.equal(await metric('garant_tile_cache_misses_total'), misses);
  // The partial tile of the latest checkpoint changes as the log grows: it
  // never goes through the cache.
  const w = cp.size % 256;
  const idx = String(Math.floor(cp.size / 256)).padStart(3, '0');
  assert.equal((await fetch(`${g.url}/tlog/tile/0/${idx}.p/${w}`)).status, 200);
  assert.equal(await metric('garant_tile_cache_hits_total'), hits + 1);
  assert.equal(await metric('garant_tile_cache_misses_total'), misses);
});

test('the auditor searches entries, gets proofs and a receipt; the console shows the checkpoint', async () => {
  const jar = await auditorJar();
  const get = (path) => fetch(`${g.url}${path}`, { headers: { Cookie: jar.header() } });
  const cp = await waitForCheckpoint(indexes[indexes.length - 1] + 1);

  let r = await get(`/api/v1/audit/entries?type=warehouse.query&object=project/P-3&limit=5`);
  assert.equal(r.status, 200);
  let body = await r.json();
  assert.equal(body.entries.length, 5);
  for (const e of body.entries) {
    assert.equal(e.type, 'warehouse.query');
    assert.equal(e.object, 'project/P-3');
    assert.match(e.actor, /^service:[0-9a-f-]{36}$/);
    assert.equal(typeof e.payload, 'object');
  }
  assert.ok(body.next_cursor);
  r = await get(`/api/v1/audit/entries?type=warehouse.query&object=project/P-3&limit=5&cursor=${body.next_cursor}`);
  const page2 = await r.json();
  assert.ok(page2.entries[0].index < body.entries[4].index);
  assert.equal((await get('/api/v1/audit/entries?limit=501')).status, 400);
  assert.equal((await get('/api/v1/audit/entries?from=hier')).status, 400);
  r = await get('/api/v1/audit/entries?type=staff.login');
  body = await r.json();
  assert.ok(body.entries.some((e) => e.actor.startsWith('staff:')), 'staff logins are logged');

  const i = indexes[42];
  r = await get(`/api/v1/audit/entries/${i}`);
  assert.equal(r.status, 200);
  const entry = await r.json();
  assert.equal(entry.id, batch[42].id);
  assert.equal(entry.signed, true);
  assert.ok(Array.isArray(entry.inclusion_proof) && entry.inclusion_proof.length > 0);
  assert.ok(JSON.stringify(entry.inclusion_proof).length < 1024 * 2);

  r = await get(`/api/v1/audit/proof/inclusion?index=${i}&size=${cp.size}`);
  assert.equal(r.status, 200);
  const inc = await r.json();
  assert.equal(inc.root, cp.text.split('\n')[2]);
  assert.equal((await get(`/api/v1/audit/proof/inclusion?index=${i}&size=999999999`)).status, 400);
  r = await get(`/api/v1/audit/proof/consistency?old=10&new=${cp.size}`);
  assert.equal(r.status, 200);
  assert.equal((await r.json()).new_root, inc.root);
  r = await get(`/api/v1/audit/proof/consistency?old=10&new=999999999`);
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error.code, 'invalid_argument');
  assert.equal((await get(`/api/v1/audit/proof/consistency?old=20&new=10`)).status, 400);

  r = await get(`/api/v1/audit/receipt/${i}`);
  assert.equal(r.status, 200);
  const receipt = await r.text();
  assert.match(receipt, new RegExp(`^c2sp\\.org/tlog-proof@v1\\nindex ${i}\\n`));
  // The receipt proves the entry: its leaf (read from its entry bundle, as
  // an auditor) is included at index i under the root signed by the log's key.
  const rp = parseTlogProof(receipt);
  assert.equal(rp.index, BigInt(i));
  const rcp = openCheckpoint(rp.checkpoint, key);
  assert.equal(rcp.signed, true);
  const leaf = await readLeaf(g.url, i, { jar });
  assert.match(leaf.toString('utf8'), new RegExp(`\nid ${batch[42].id}\n`));
  assert.deepEqual(rootFromInclusionProof(BigInt(i), rcp.size, leafHash(leaf), rp.proof), rcp.root);
  assert.equal((await get('/api/v1/audit/receipt/999999999')).status, 404);

  // The warehouse token may not read the trail.
  const t = await fetch(`${g.url}/api/v1/audit/entries`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(t.status, 403);

  r = await get('/audit?type=warehouse.query');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /Journal d&#39;audit/);
  assert.match(html, /Signature valide/);
  assert.match(html, /warehouse\.query/);
  r = await get('/console');
  assert.match(await r.text(), /href="\/audit"/);
});

test('garant audit verify passes over HTTP with an auditor token, and on an export', async () => {
  await waitForCheckpoint(indexes[indexes.length - 1] + 1);
  const auditorFile = tokenFile(auditorToken);
  let v = verify(`${g.url}/`, '--key', key, '--token-file', auditorFile);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /^OK: /);
  assert.ok(!(v.stdout + v.stderr).includes(auditorToken), 'the token is never printed');

  const dir = join(work, 'export-1');
  const e = spawnSync(garantBin, ['audit', 'export', dir, '--data-dir', g.dataDir], { encoding: 'utf8' });
  assert.equal(e.status, 0, e.stdout + e.stderr);
  assert.ok(existsSync(join(dir, 'README.md')));
  assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /garant audit verify/);
  assert.equal(readFileSync(join(dir, 'public-key'), 'utf8').trim(), key);
  writeFileSync(join(dir, 'key.txt'), key + '\n');
  v = verify(dir, '--key', join(dir, 'key.txt'));
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // Another signer's key for the same log: the checkpoint signature fails,
  // exit 1 (docs/audit-log.md), never OK.
  const other = otherVerifierKey('contact.sos-medecins.fr/garant');
  for (const target of [dir, `${g.url}/`]) {
    v = verify(target, '--key', other, ...(target === dir ? [] : ['--token-file', auditorFile]));
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.doesNotMatch(v.stdout, /^OK/m);
    // No index is at fault: the signature is, and it is named as such.
    assert.match(v.stderr, /^garant: audit log verification FAILED: latest checkpoint: note is not signed by a known key$/m);
    assert.doesNotMatch(v.stdout, /first bad index/);
  }

});

test('entry bundles are for auditors: 401 without credentials, 403 for other roles; checkpoints and hash tiles stay public', async () => {
  const cp = await waitForCheckpoint(indexes[indexes.length - 1] + 1);
  // Public: anyone may witness the log.
  assert.equal((await fetch(`${g.url}/tlog/checkpoint`)).status, 200);
  const tile = await fetch(`${g.url}/tlog/tile/0/000`);
  assert.equal(tile.status, 200);
  assert.equal(tile.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal((await fetch(`${g.url}/tlog/tile/1/000.p/1`)).status, 200);

  // No credentials: 401, for full and partial bundles, whatever the path's spelling.
  const anon = await fetchEntryBundle(g.url, 0);
  assert.equal(anon.status, 401);
  assert.equal((await anon.json()).error.code, 'unauthenticated');
  assert.equal((await fetchEntryBundle(g.url, 0, { width: 3 })).status, 401);
  assert.equal((await fetch(`${g.url}/tlog/tile//entries/000`)).status, 401);
  assert.equal((await fetch(`${g.url}/tlog/tile/entries/x001/000`)).status, 401);
  // The public hash-tile route never serves a bundle.
  assert.equal((await fetch(`${g.url}/tlog/tile/entries`)).status, 404);

  // Other roles: 403.
  const ingestion = createToken(g, 'ingestion-audit', 'ingestion');
  for (const t of [token, ingestion]) {
    const r = await fetchEntryBundle(g.url, 0, { token: t });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, 'permission_denied');
  }
  const secretary = (await staffLogin(g, 'secretaire', 'garant-demo-secretaire')).jar;
  assert.equal((await fetchEntryBundle(g.url, 0, { jar: secretary })).status, 403);
  // A token that does not exist, or no longer: 401.
  assert.equal((await fetchEntryBundle(g.url, 0, { token: `gst_${'A'.repeat(43)}` })).status, 401);

  // Auditors: the auditor service token, the auditor's and the DPO's sessions, same bytes.
  const byToken = await fetchEntryBundle(g.url, 0, { token: auditorToken });
  assert.equal(byToken.status, 200);
  assert.equal(byToken.headers.get('cache-control'), 'private, max-age=31536000, immutable');
  const bytes = Buffer.from(await byToken.arrayBuffer());
  const leaves = entriesOfBundle(bytes);
  assert.equal(leaves.length, 256);
  // The bundle's leaves are the public hash tile's leaves.
  const hashes = Buffer.from(await tile.arrayBuffer());
  leaves.forEach((leaf, k) => assert.deepEqual(leafHash(leaf), hashes.subarray(32 * k, 32 * k + 32)));
  for (const [user, password] of [['auditeur', 'garant-demo-auditeur'], ['dpo', 'garant-demo-dpo']]) {
    const { jar } = await staffLogin(g, user, password);
    const r = await fetchEntryBundle(g.url, 0, { jar });
    assert.equal(r.status, 200, user);
    assert.deepEqual(Buffer.from(await r.arrayBuffer()), bytes, user);
  }
  const w = cp.size % 256;
  if (w !== 0) {
    const partial = await fetchEntryBundle(g.url, Math.floor(cp.size / 256), { token: auditorToken, width: w });
    assert.equal(partial.status, 200);
    assert.equal(partial.headers.get('cache-control'), 'private, max-age=300');
  }

  // A revoked auditor token is refused at once.
  const out = execFileSync(garantBin, ['token', 'create', 'verificateur-revoque', '--role', 'auditor',
    '--data-dir', g.dataDir]).toString();
  const id = out.match(/^token (\S+) created/m)[1];
  const revoked = out.trim().split('\n').pop();
  assert.equal((await fetchEntryBundle(g.url, 0, { token: revoked })).status, 200);
  execFileSync(garantBin, ['token', 'revoke', id, '--data-dir', g.dataDir]);
  assert.equal((await fetchEntryBundle(g.url, 0, { token: revoked })).status, 401);
});

test('an auditor service token reads the trail and nothing else: no writes, no staff pages', async () => {
  const auth = { Authorization: `Bearer ${auditorToken}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  // Read routes that list "auditor".
  let r = await fetch(`${g.url}/api/v1/audit/entries?type=warehouse.query&limit=1`, { headers: auth });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).entries.length, 1);
  r = await fetch(`${g.url}/api/v1/audit/entries/${indexes[0]}`, { headers: auth });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).id, batch[0].id);
  assert.equal((await fetch(`${g.url}/api/v1/audit/receipt/${indexes[0]}`, { headers: auth })).status, 200);
  assert.equal((await fetch(`${g.url}/api/v1/governance/projects`, { headers: auth })).status, 200);
  r = await fetch(`${g.url}/api/v1/me`, { headers: auth });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).role, 'auditor');
  // Writes, even those a staff auditor may make (the access check lists "auditor").
  const check = { account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'] };
  for (const [method, path, body] of [
    ['POST', '/api/v1/governance/access-check', check],
    ['POST', '/api/v1/audit/events', { events: [event(1)] }],
    ['DELETE', '/api/v1/session', undefined],
  ]) {
    const w = await fetch(`${g.url}${path}`, { method, headers: json, body: body && JSON.stringify(body) });
    assert.equal(w.status, 403, `${method} ${path}`);
    assert.equal((await w.json()).error.code, 'permission_denied');
  }
  // Staff pages (the auditor console lists "auditor"): never for a token.
  for (const path of ['/audit', '/console', '/audit?type=warehouse.query']) {
    const p = await fetch(`${g.url}${path}`, { headers: auth, redirect: 'manual' });
    assert.equal(p.status, 403, path);
    assert.match(await p.text(), /<html lang="fr">/);
  }
});

test('garant audit verify over HTTP: 401 named without --token-file, 403 with a non-auditor token', async () => {
  await waitForCheckpoint(indexes[indexes.length - 1] + 1);
  let v = verify(`${g.url}/`, '--key', key);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.doesNotMatch(v.stdout, /^OK/m);
  assert.match(v.stderr, /^garant: audit log verification FAILED: GET \/tlog\/tile\/entries\/000: HTTP 401: .*--token-file/m);
  assert.match(v.stderr, /jeton d'auditeur/);

  const warehouseFile = tokenFile(token);
  v = verify(`${g.url}/`, '--key', key, '--token-file', warehouseFile);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stderr, /HTTP 403: .*auditor role/);
  assert.ok(!(v.stdout + v.stderr).includes(token), 'the token is never printed');

  v = verify(`${g.url}/`, '--key', key, '--token-file', tokenFile(`gst_${'B'.repeat(43)}`));
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stderr, /HTTP 401: the token of --token-file was refused/);

  // A token file others may read, a missing one, or one that is no token: usage errors, nothing fetched.
  const open = join(work, 'open.token');
  writeFileSync(open, `${auditorToken}\n`, { mode: 0o644 });
  for (const f of [open, join(work, 'no-such.token'), tokenFile('not a token\n')]) {
    v = verify(`${g.url}/`, '--key', key, '--token-file', f);
    assert.equal(v.status, 2, f + v.stdout + v.stderr);
    assert.match(v.stderr, /^garant: --token-file/m);
    assert.ok(!v.stderr.includes(auditorToken));
  }
});

// Prefixes of garant's own event types: a service may not report them.
const reservedRoots = ['objection', 'staff', 'exclusion', 'keys', 'gov', 'governance', 'audit', 'service_token',
  'access', 'finding', 'rights', 'case'];

async function asAuditor(path) {
  return (await fetch(`${g.url}${path}`, { headers: { Authorization: `Bearer ${auditorToken}` } })).json();
}

test("a service cannot report garant's own event types: 400 with a reason, nothing of the batch written", async () => {
  for (const root of reservedRoots) {
    for (const type of [`${root}.created`, root]) {
      const good = event(1);
      const bad = { ...event(2), type };
      const r = await post([good, bad]);
      assert.equal(r.status, 400, `${type}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'invalid_argument', type);
      assert.equal(r.body.error.reason, 'reserved_event_type', type);
      assert.match(r.body.error.message, /^events\[1\]: field 'type'/, type);
      // Nothing of the batch: neither the refused event nor the good one.
      const found = await asAuditor(`/api/v1/audit/entries?type=${encodeURIComponent(type)}&actor=service:${tokenId}`);
      assert.equal(found.entries.length, 0, type);
      const goodFound = await asAuditor(`/api/v1/audit/entries?type=warehouse.query&object=${good.object}&limit=500`);
      assert.ok(!goodFound.entries.some((e) => e.id === good.id), type);
    }
  }
  // Types that only look alike are the service's own.
  const alike = ['accesses.query', 'objections', 'gov2.vote', 'warehouse.access.query', 'auditor.read']
    .map((type, i) => ({ ...event(i), type }));
  const r = await post(alike);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.count, alike.length);
});

test('a reported time more than 5 minutes ahead is refused (400), within 5 minutes accepted', async () => {
  const ahead = (ms) => new Date(Date.now() + ms).toISOString();
  // 4 minutes ahead: inside the bound whatever the request's delay.
  const near = { ...event(1), time: ahead(4 * 60e3) };
  let r = await post([near]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // 6 minutes ahead: outside it (the exact boundary is unit-tested with a
  // manual clock: server/tests/reported_events_test.cc).
  const far = { ...event(2), time: ahead(6 * 60e3) };
  const other = event(3);
  r = await post([other, far]);
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.reason, 'event_time_in_future');
  assert.match(r.body.error.message, /^events\[1\]: field 'time' is more than 5 minutes ahead/);
  const found = await asAuditor(`/api/v1/audit/entries?type=warehouse.query&object=${other.object}&limit=500`);
  assert.ok(!found.entries.some((e) => e.id === other.id || e.id === far.id));
  // Late reports have no bound.
  r = await post([{ ...event(4), time: '2001-01-01T00:00:00Z' }]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

test('every access-check answer is in the log before it is given (access.check)', async () => {
  const ask = async (body, headers = { Authorization: `Bearer ${token}` }) => {
    const r = await fetch(`${g.url}/api/v1/governance/access-check`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  };
  const entry = async (index) => asAuditor(`/api/v1/audit/entries/${index}`);

  const allowed = await ask({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'] });
  assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
  assert.equal(allowed.body.allowed, true);
  assert.equal(typeof allowed.body.audit_index, 'number');
  let e = await entry(allowed.body.audit_index);
  assert.equal(e.type, 'access.check');
  assert.equal(e.actor, `service:${tokenId}`);
  assert.equal(e.object, 'account/chercheur.moreau');
  assert.deepEqual(e.payload, {
    account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'], associations: [],
    time: allowed.body.time, decision: 'allowed', reason: 'allowed', authorisation_id: allowed.body.authorisation_id,
  });

  const denied = await ask({ account: 'someone.else', project: 'CONTACT-2026-001', domains: ['visits'],
    associations: ['sos-paris'], time: '2026-03-01T10:00:00Z' });
  assert.equal(denied.status, 200);
  assert.equal(denied.body.allowed, false);
  e = await entry(denied.body.audit_index);
  assert.equal(e.type, 'access.check');
  assert.equal(e.object, 'account/someone.else');
  assert.equal(e.payload.decision, 'denied');
  assert.equal(e.payload.reason, 'account_not_named');
  assert.deepEqual(e.payload.associations, ['sos-paris']);
  assert.equal(e.payload.time, denied.body.time);
  assert.equal(e.payload.time, '2026-03-01T10:00:00.000000Z');
  assert.equal(e.payload.authorisation_id, null);
  // The entry is dated when the check was asked, not at the time it asks about.
  assert.ok(Date.parse(e.time) > Date.now() - 5 * 60e3, e.time);

  // A member of staff's check is recorded under their own actor.
  const { jar, csrf } = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  const staffCheck = await ask({ account: 'chercheur.moreau', project: 'NOPE-0001', domains: ['visits'] },
    { Cookie: jar.header(), 'X-CSRF-Token': csrf });
  assert.equal(staffCheck.status, 200, JSON.stringify(staffCheck.body));
  e = await entry(staffCheck.body.audit_index);
  assert.match(e.actor, /^staff:/);
  assert.equal(e.payload.reason, 'no_authorisation');

  // A refused request (bad body) is no answer: nothing recorded.
  const before = (await asAuditor('/api/v1/audit/entries?type=access.check&limit=500')).entries.length;
  const bad = await ask({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: [] });
  assert.equal(bad.status, 400);
  assert.equal((await asAuditor('/api/v1/audit/entries?type=access.check&limit=500')).entries.length, before);
});

test('an access check that cannot be recorded is not answered: 503, fail closed', async () => {
  // The superuser makes every access.check leaf fail to insert.
  psql(g, `CREATE FUNCTION e2e_refuse_access_check() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF position(convert_to(E'\\ntype access.check\\n', 'UTF8') in NEW.leaf) > 0 THEN
        RAISE EXCEPTION 'e2e: access.check refused';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER e2e_refuse_access_check BEFORE INSERT ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION e2e_refuse_access_check();`);
  const body = JSON.stringify({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'] });
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  try {
    const r = await fetch(`${g.url}/api/v1/governance/access-check`, { method: 'POST', headers, body });
    assert.equal(r.status, 503);
    const answer = await r.json();
    assert.equal(answer.error.code, 'unavailable');
    assert.equal(answer.error.reason, 'access_check_not_recorded');
    assert.equal(answer.allowed, undefined, 'no decision is given');
    // Other entries still go in (only access.check is refused here).
    assert.equal((await post([event(7)])).status, 200);
  } finally {
    psql(g, 'DROP TRIGGER e2e_refuse_access_check ON audit_entries; DROP FUNCTION e2e_refuse_access_check()');
  }
  const again = await fetch(`${g.url}/api/v1/governance/access-check`, { method: 'POST', headers, body });
  assert.equal(again.status, 200);
  assert.equal((await again.json()).allowed, true);
});

test('a failing checkpoint publisher: /readyz says so, receipts are 503 with Retry-After until it signs again', async () => {
  // The signer keeps its last signed tree in audit-signer.state and writes it
  // before it publishes a checkpoint. Made a directory, it cannot be written:
  // the publisher fails, and nothing new is signed.
  const state = join(g.dataDir, 'audit-signer.state');
  const saved = readFileSync(state);
  await waitForCheckpoint((await post([event(8)])).body.indexes[0] + 1);
  const readyz = async () => { const r = await fetch(`${g.url}/readyz`); return { status: r.status, body: await r.json() }; };
  assert.equal((await readyz()).status, 200);
  const receipt = (i) => fetch(`${g.url}/api/v1/audit/receipt/${i}`, { headers: { Authorization: `Bearer ${auditorToken}` } });
  rmSync(state);
  mkdirSync(join(state, 'blocked'), { recursive: true });
  let fresh;
  try {
    const appended = await post([event(9)]);
    assert.equal(appended.status, 200);
    [fresh] = appended.body.indexes;
    let ready;
    for (const until = Date.now() + 30000; Date.now() < until;) {
      ready = await readyz();
      if (ready.status !== 200) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(ready.status, 503, 'readyz reports the publisher within 30 s');
    assert.equal(ready.body.status, 'not_ready');
    // A generic reason; the details (a file path) only in the operator's log.
    assert.equal(ready.body.reason, 'unavailable');
    assert.match(g.output, /not ready: .*audit checkpoint publisher: .*audit-signer\.state/);
    // The fresh entry has no signed checkpoint yet: its receipt is "not yet".
    const r = await receipt(fresh);
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '2');
    assert.equal((await r.json()).error.code, 'unavailable');
    // Entries still go in (the log is written; only signing waits).
    assert.equal((await post([event(10)])).status, 200);
  } finally {
    rmSync(state, { recursive: true, force: true });
    writeFileSync(state, saved, { mode: 0o600 });
  }
  // Once the state can be written again, the publisher catches up by itself.
  await waitForCheckpoint(fresh + 1);
  let ready;
  for (const until = Date.now() + 30000; Date.now() < until;) {
    ready = await readyz();
    if (ready.status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  const r = await receipt(fresh);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /^c2sp\.org\/tlog-proof@v1\n/);
});

test('tampering with psql as a superuser is detected and the index named', async () => {
  const cp = await waitForCheckpoint(indexes[indexes.length - 1] + 1);
  const old = join(work, 'old-checkpoint');
  writeFileSync(old, cp.text);
  const exportAndVerify = (name, ...extra) => {
    const dir = join(work, name);
    const e = spawnSync(garantBin, ['audit', 'export', dir, '--data-dir', g.dataDir], { encoding: 'utf8' });
    assert.equal(e.status, 0, e.stdout + e.stderr);
    return verify(dir, '--key', key, ...extra);
  };
  // A flipped stored tile hash (level 8, leaves 0-255) is named at its first leaf.
  psql(g, 'SET session_replication_role = replica; UPDATE audit_tile_hashes SET hash = set_byte(hash, 0, get_byte(hash, 0) # 1) WHERE level = 8 AND idx = 0');
  let t = exportAndVerify('export-tile');
  assert.equal(t.status, 1, t.stdout + t.stderr);
  assert.match(t.stdout, /first bad index: 0\n/);
  assert.match(t.stdout, /kind: modified/);

  const target = indexes[123];
  // Flip one byte of a stored leaf, bypassing the append-only triggers.
  psql(g, `SET session_replication_role = replica; UPDATE audit_entries SET leaf = set_byte(leaf, 40, get_byte(leaf, 40) # 1) WHERE idx = ${target}`);
  const dir = join(work, 'export-tampered');
  const e = spawnSync(garantBin, ['audit', 'export', dir, '--data-dir', g.dataDir], { encoding: 'utf8' });
  assert.equal(e.status, 0, e.stdout + e.stderr);
  let v = verify(dir, '--key', key, '--checkpoint', old);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`first bad index: ${target}\\n`));
  assert.match(v.stdout, /kind: modified/);
  // Over HTTP the damage is seen too, but garantd serves the full entry
  // bundle 0 from its tile cache (read by the tests above, before the
  // tampering: the log as it was signed), so the flipped leaf is not what it
  // serves; the flipped level-8 hash is in a partial tile (never cached):
  // named at its first leaf, 0.
  v = verify(`${g.url}/`, '--key', key, '--token-file', tokenFile(auditorToken));
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /first bad index: 0\n/);
  assert.match(v.stdout, /kind: modified/);

  // A deleted row before it is named first, as missing.
  const gone = indexes[100];
  psql(g, `SET session_replication_role = replica; DELETE FROM audit_entries WHERE idx = ${gone}`);
  const dir2 = join(work, 'export-deleted');
  spawnSync(garantBin, ['audit', 'export', dir2, '--data-dir', g.dataDir]);
  v = verify(dir2, '--key', key);
  assert.equal(v.status, 1);
  assert.match(v.stdout, new RegExp(`first bad index: ${gone}\\n`));
  assert.match(v.stdout, /kind: missing/);

  // A flipped chain value before that is named too.
  const chained = indexes[60];
  psql(g, `SET session_replication_role = replica; UPDATE audit_entries SET chain = set_byte(chain, 5, get_byte(chain, 5) # 128) WHERE idx = ${chained}`);
  t = exportAndVerify('export-chain');
  assert.equal(t.status, 1, t.stdout + t.stderr);
  assert.match(t.stdout, new RegExp(`first bad index: ${chained}\\n`));
  assert.match(t.stdout, /kind: modified/);

  // A leaf cut short no longer decodes: the entry and the search still
  // answer, with its index, leaf hash and decode_error instead of its
  // content (each answer checked against docs/openapi.yaml by fetch).
  const cut = indexes[200];
  psql(g, `SET session_replication_role = replica; UPDATE audit_entries SET leaf = substring(leaf from 1 for 7) WHERE idx = ${cut}`);
  const undecodable = await asAuditor(`/api/v1/audit/entries/${cut}`);
  assert.equal(undecodable.index, cut);
  assert.equal(typeof undecodable.decode_error, 'string', JSON.stringify(undecodable));
  assert.ok(undecodable.decode_error.length > 0);
  assert.equal(undecodable.type, undefined);
  assert.equal(undecodable.payload, undefined);
  // (The search is newest first; its cursor starts the page at the entry.)
  const listed = await asAuditor(`/api/v1/audit/entries?type=warehouse.query&object=${batch[200].object}&limit=5&cursor=${cut + 1}`);
  const inList = listed.entries.find((e) => e.index === cut);
  assert.ok(inList, `entry ${cut} is still found by its stored type and object`);
  assert.equal(inList.decode_error, undecodable.decode_error);

  // A stored hash of the wrong length (the superuser drops the CHECK first):
  // reading it is a data_loss, a 500 whose body says only "internal error".
  psql(g, 'ALTER TABLE audit_tile_hashes DROP CONSTRAINT audit_tile_hashes_hash_check; ' +
    'SET session_replication_role = replica; ' +
    'UPDATE audit_tile_hashes SET hash = substring(hash from 1 for 31) WHERE level = 8 AND idx = 1');
  // (A GET, asked again when a pooled keep-alive connection the server has
  // just closed fails on the client side.)
  const broken = await fetch(`${g.url}/tlog/tile/1/000.p/2`)
    .catch(() => fetch(`${g.url}/tlog/tile/1/000.p/2`));
  assert.equal(broken.status, 500);
  assert.deepEqual(await broken.json(), { error: { code: 'data_loss', message: 'internal error' } });
});

test('a database behind the last signed checkpoint refuses to start unless forced', async () => {
  const s = new Garantd();
  try {
    await s.start();
    const t = createToken(s, 'entrepot-rollback');
    const r = await post([event(1), event(2)], t, s);
    assert.equal(r.status, 200);
    await waitForCheckpoint(Math.max(...r.body.indexes) + 1, s);
    await s.stop();
    // The signer remembers a larger tree than the database holds (a restored backup).
    const state = join(s.dataDir, 'audit-signer.state');
    const lines = readFileSync(state, 'utf8').split('\n');
    writeFileSync(state, `${lines[0]}\n999999\n${lines[2]}\n`);
    await assert.rejects(s.start(), /refusing to start.*999999/s);

    process.env.GARANT_AUDIT_FORCE_ROLLBACK_REASON = 'restauration de la sauvegarde du 27 novembre';
    try {
      await s.start();
    } finally {
      delete process.env.GARANT_AUDIT_FORCE_ROLLBACK_REASON;
    }
    const jar = await auditorJar(s);
    const e = await (await fetch(`${s.url}/api/v1/audit/entries?type=audit.rollback.forced`,
      { headers: { Cookie: jar.header() } })).json();
    assert.equal(e.entries.length, 1);
    assert.equal(e.entries[0].actor, 'service:garantd');
    assert.equal(e.entries[0].payload.reason, 'restauration de la sauvegarde du 27 novembre');
    assert.equal(e.entries[0].payload.last_signed.size, 999999);
    await s.stop();
  } finally {
    s.cleanup();
  }
});

test('kill -9 under append load: every acknowledged event is there and the log verifies', async () => {
  const s = new Garantd();
  try {
    await s.start({ demo: false });
    const t = createToken(s, 'entrepot-crash');
    const reader = tokenFile(createToken(s, 'verificateur-crash', 'auditor'));
    const acked = [];
    const refused = [];  // answers other than 200: none expected before the kill
    let stop = false;
    // Each worker appends until its request fails (the server is gone) and
    // returns how many of its requests failed: 0 or 1.
    const worker = async () => {
      let failures = 0;
      while (!stop) {
        const events = Array.from({ length: 200 }, (_, i) => event(i));
        try {
          const r = await post(events, t, s);
          if (r.status === 200) acked.push({ events, indexes: r.body.indexes });
          else refused.push(r.status);
        } catch { failures++; break; }
      }
      return failures;
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((res) => setTimeout(res, 1500));
    s.proc.kill('SIGKILL');
    await s.exited;
    stop = true;
    const failures = await Promise.all(workers);
    assert.deepEqual(refused, [], 'every append before the kill was acknowledged');
    assert.ok(acked.length > 0, 'some batches were acknowledged before the kill');
    // The workers were appending when the server died: their in-flight requests failed.
    assert.ok(failures.every((f) => f === 0 || f === 1), String(failures));
    assert.ok(failures.reduce((a, b) => a + b) >= 1, `a request was in flight at the kill: ${failures}`);

    await s.start({ demo: false });  // same data directory
    for (const a of acked) {
      const r = await post(a.events, t, s);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.indexes, a.indexes, 'an acknowledged event kept its index');
    }
    const max = Math.max(...acked.flatMap((a) => a.indexes));
    await waitForCheckpoint(max + 1, s);
    const v = verify(`${s.url}/`, '--key', (await (await fetch(`${s.url}/api/v1/audit/public-key`)).json()).key,
      '--token-file', reader);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    await s.stop();
  } finally {
    s.cleanup();
  }
});
