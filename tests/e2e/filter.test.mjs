// The ingestion filter end to end: a DPO records an objection, garantd
// publishes a signed list that an independent implementation (this file,
// docs/exclusion-lists.md §4) verifies, `garant filter` drops that person from
// a synthetic batch and keeps everyone else, the consumer acknowledges; and
// every fail-closed case (expired, altered, truncated list, wrong key) exits 2
// with nothing written.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { writeFileSync, readFileSync, existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import { join } from 'node:path';
import { Garantd, Jar, garantBin, closingListener, runGarant, staffLogin, freshCode } from './lib/garantd.mjs';

const g = new Garantd();
const work = mkdtempSync(join(tmpdir(), 'garant-filter-e2e-'));
let secret = '';
let verifyKeyHex = '';

before(async () => { await g.start(); });
after(() => { g.cleanup(); rmSync(work, { recursive: true, force: true }); });

const garant = (...args) => execFileSync(garantBin, [...args, '--data-dir', g.dataDir]).toString();

function runFilter(listPath, extra = []) {
  const r = spawnSync(garantBin, ['filter', '--exclusions', listPath,
    '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'), ...extra]);
  return { code: r.status, stderr: r.stderr.toString(), stdout: r.stdout.toString() };
}

const loginDpo = () => staffLogin(g, 'dpo', 'garant-demo-dpo');

const api = (path, init = {}) => fetch(`${g.url}${path}`, {
  ...init, headers: { Authorization: `Bearer ${secret}`, ...(init.headers || {}) },
});

// The signed bytes of §4, from a parsed document.
function signedBytes(d) {
  return `garant-exclusion-list-v1\nversion ${d.version}\nissued_at ${d.issued_at}\n` +
    `expires_at ${d.expires_at}\npseudonym_key_id ${d.pseudonym_key_id}\n` +
    `signing_key_id ${d.signing_key_id}\ntoken_count ${d.token_count}\ndigest ${d.digest}\n`;
}
function digestOf(d) {
  let input = '';
  for (const g of d.scopes) for (const t of g.tokens) input += `${g.scope} ${t}\n`;
  return createHash('sha256').update(input).digest('hex');
}
const b64url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
function publicKey() {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(verifyKeyHex) }, format: 'jwk' });
}
// Re-signs a document with garant's own dev key (to make a validly signed but expired list).
function resign(d) {
  const seedHex = readFileSync(join(g.dataDir, 'keys', 'signing.key'), 'utf8').trim();
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seedHex), x: b64url(verifyKeyHex) }, format: 'jwk',
  });
  d.digest = digestOf(d);
  d.signature = sign(null, Buffer.from(signedBytes(d)), key).toString('base64');
  return JSON.stringify(d) + '\n';
}
const rfc3339 = (ms) => new Date(ms).toISOString().replace('Z', '000Z');

// docs/pseudonymisation-v1.md §3-5 for the plain Latin identities of this
// file (NFKD, marks dropped, uppercase, non-letters to spaces; N1 × G1/G2):
// { messages, tokens } with HMAC-SHA-256 under the hex key.
function norm(s) {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().replace(/[^A-Z]+/g, ' ').trim();
}
function pseudonymTokens(p, keyHex) {
  const n1 = norm(p.birth_name);
  const g1 = norm(p.given_names.split(/[\s,]+/).find((x) => x !== ''));
  const gs = g1.includes(' ') ? [g1, g1.split(' ')[0]] : [g1];
  const d = p.birth_date.replaceAll('-', '');
  const messages = gs.map((g) => `garant-v1|traits|${n1}|${g}|${d}|${p.sex.toUpperCase()}`);
  const key = Buffer.from(keyHex, 'hex');
  assert.equal(key.length, 32, 'a 32-byte pseudonymisation key');
  return { messages, tokens: messages.map((m) => createHmac('sha256', key).update(m).digest('hex')) };
}

const OBJECTOR = { birth_name: 'Lefèvre', given_names: 'Hélène Marie', birth_date: '1972-03-09', sex: 'F' };

function batch() {
  const lines = [];
  const names = ['Martin', 'Bernard', 'Petit', 'Durand', 'Moreau'];
  for (let i = 0; i < 200; i++) {
    lines.push(JSON.stringify({
      visit: i, birth_name: `${names[i % 5]}-${i}`, given_names: i % 2 ? 'Jean' : 'Anne',
      birth_date: `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'M' : 'F', icpc2: 'R05',
    }));
  }
  // The objector, written as another system would (case, accents, hyphen, used name).
  lines.splice(50, 0, JSON.stringify({ visit: 1000, birth_name: 'LEFEVRE', given_names: 'helene-marie',
    birth_date: '1972-03-09', sex: 'f', used_name: 'Martin', icpc2: 'A03' }));
  lines.splice(120, 0, JSON.stringify({ visit: 1001, ...OBJECTOR }));
  lines.push('{"visit": 2000, "birth_name": "X"');  // malformed
  return lines.join('\n') + '\n';
}

test('an objection reaches the list and garant filter drops that person only', async () => {
  secret = garant('token', 'create', 'ingest-e2e', '--role', 'ingestion').trim().split('\n').pop();
  garant('consumer', 'add', 'ingest-e2e');
  const keys = garant('keys', 'show-public', '--write-verify-key', join(work, 'verify.key'));
  verifyKeyHex = /verify_key ([0-9a-f]{64})/.exec(keys)[1];

  const { jar, csrf } = await loginDpo();
  const created = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: jar.header(), 'X-CSRF-Token': csrf },
    body: JSON.stringify({ ...OBJECTOR, requester: 'patient', channel: 'letter' }),
  });
  assert.equal(created.status, 201, await created.text());

  // Within seconds, a new version carries the tokens.
  let doc;
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const r = await api('/api/v1/exclusions/current');
    assert.equal(r.status, 200);
    doc = JSON.parse(await r.text());
    if (doc.token_count > 0) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  assert.ok(doc.token_count >= 1, 'no list version carried the objection');
  // Independent verification of the format (docs/exclusion-lists.md §4).
  assert.equal(digestOf(doc), doc.digest);
  assert.ok(verify(null, Buffer.from(signedBytes(doc)), publicKey(), Buffer.from(doc.signature, 'base64')));
  const listPath = join(work, 'list.json');
  writeFileSync(listPath, JSON.stringify(doc));

  writeFileSync(join(work, 'batch.jsonl'), batch());
  const out = join(work, 'out.jsonl');
  const r = runFilter(listPath, ['--input', join(work, 'batch.jsonl'), '--output', out,
    '--rejects', join(work, 'rejects.jsonl'), '--report', join(work, 'report.json')]);
  assert.equal(r.code, 0, r.stderr);
  const kept = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(kept.length, 200);
  assert.ok(kept.every((k) => k.visit < 1000), 'an objector record was kept');
  assert.ok(kept.every((k) => /^[0-9a-f]{64}$/.test(k.person_token) && !('birth_name' in k)));
  const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
  assert.equal(report.list_version, doc.version);
  assert.equal(report.excluded, 2);
  assert.equal(report.rejected, 1);
  assert.equal(report.input_sha256, createHash('sha256').update(readFileSync(join(work, 'batch.jsonl'))).digest('hex'));
  assert.match(readFileSync(join(work, 'rejects.jsonl'), 'utf8'), /"line":203/);

  // The consumer acknowledges the version; the delta names the purge order.
  // The objector's token, computed here from docs/pseudonymisation-v1.md
  // (one traits message: no used name, one given name word) with the dev key.
  const expected = pseudonymTokens(OBJECTOR, readFileSync(join(g.dataDir, 'keys', 'pseudonymisation.key'), 'utf8').trim());
  assert.deepEqual(expected.messages, ['garant-v1|traits|LEFEVRE|HELENE|19720309|F']);
  const inList = doc.scopes.flatMap((s) => s.tokens.map((t) => `${s.scope} ${t}`));
  for (const t of expected.tokens) assert.ok(inList.includes(`all ${t}`), `token ${t} in the list`);
  const delta = await (await api(`/api/v1/exclusions/delta?since=${doc.version - 1}`)).json();
  const added = delta.added.map((e) => `${e.scope} ${e.token}`);
  for (const t of expected.tokens) assert.ok(added.includes(`all ${t}`), `token ${t} added in version ${doc.version}`);
  const ack = await api('/api/v1/exclusions/ack', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: doc.version, purged: 0 }),
  });
  assert.equal(ack.status, 201, await ack.text());
});

test('fail closed: expired, altered, truncated list or wrong key → exit 2, nothing written', () => {
  const doc = JSON.parse(readFileSync(join(work, 'list.json'), 'utf8'));
  const cases = {};
  const expired = structuredClone(doc);
  expired.issued_at = rfc3339(Date.now() - 48 * 3600e3);
  expired.expires_at = rfc3339(Date.now() - 24 * 3600e3);
  cases.expired = [resign(expired), /expired/];
  const altered = structuredClone(doc);
  const t = altered.scopes[0].tokens[0];
  altered.scopes[0].tokens[0] = t.slice(0, 63) + (t[63] === '0' ? '1' : '0');
  cases.altered = [JSON.stringify(altered), /digest_mismatch|bad_token/];
  const text = JSON.stringify(doc);
  cases.truncated = [text.slice(0, Math.floor(text.length / 2)), /malformed/];
  const forged = structuredClone(doc);
  forged.version += 100;
  cases.forged = [JSON.stringify(forged), /bad_signature/];
  for (const [name, [content, why]] of Object.entries(cases)) {
    const p = join(work, `${name}.json`);
    writeFileSync(p, content);
    const out = join(work, `${name}.out.jsonl`);
    const r = runFilter(p, ['--input', join(work, 'batch.jsonl'), '--output', out,
      '--rejects', join(work, `${name}.rej`), '--report', join(work, `${name}.rep`)]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, why, name);
    for (const f of [out, join(work, `${name}.rej`), join(work, `${name}.rep`)]) {
      assert.ok(!existsSync(f), `${name}: ${f} was written`);
    }
  }
  // A key that is not the list's pseudonymisation key.
  const other = join(work, 'other.key');
  writeFileSync(other, '00'.repeat(32) + '\n', { mode: 0o600 });
  const r = spawnSync(garantBin, ['filter', '--exclusions', join(work, 'list.json'),
    '--verify-key', join(work, 'verify.key'), '--pseudonym-key', other,
    '--input', join(work, 'batch.jsonl'), '--output', join(work, 'x.out')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr.toString(), /wrong_pseudonym_key/);
  assert.ok(!existsSync(join(work, 'x.out')));
});

test('exclusions over HTTP: route roles, delta since=0, and each acknowledgement answer', async () => {
  const doc = JSON.parse(readFileSync(join(work, 'list.json'), 'utf8'));
  const current = JSON.parse(await (await api('/api/v1/exclusions/current')).text());
  // since=0: every entry of the current version, nothing removed.
  const r0 = await api('/api/v1/exclusions/delta?since=0');
  assert.equal(r0.status, 200);
  const d0 = await r0.json();
  assert.equal(d0.since, 0);
  assert.equal(d0.version, current.version);
  assert.deepEqual(d0.removed, []);
  const listed = current.scopes.flatMap((sc) => sc.tokens.map((t) => `${sc.scope} ${t}`)).sort();
  assert.deepEqual(d0.added.map((e) => `${e.scope} ${e.token}`).sort(), listed);
  assert.ok(listed.length >= 1);
  assert.equal(d0.list.digest, current.digest);
  for (const bad of ['-1', '1.5', '', 'x']) {
    const r = await api(`/api/v1/exclusions/delta?since=${bad}`);
    assert.equal(r.status, 400, bad);
  }

  // Acknowledgements (docs/exclusion-lists.md §5): 201 new (first test), 200
  // repeated with the same count, 409 another count, 404 unknown version,
  // 403 for a token with no consumer of its name, and for other roles.
  const ack = (body, headers = { Authorization: `Bearer ${secret}` }) => fetch(`${g.url}/api/v1/exclusions/ack`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  let r = await ack({ version: doc.version, purged: 0 });
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { consumer: 'ingest-e2e', version: doc.version, purged: 0, repeated: true });
  r = await ack({ version: doc.version, purged: 3 });
  assert.equal(r.status, 409);
  assert.equal((await r.json()).error.code, 'conflict');
  r = await ack({ version: current.version + 1000, purged: 0 });
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, 'not_found');
  const orphan = garant('token', 'create', 'ingest-orphan', '--role', 'ingestion').trim().split('\n').pop();
  r = await ack({ version: doc.version, purged: 0 }, { Authorization: `Bearer ${orphan}` });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'permission_denied');

  // Route roles: the list for ingestion, dpo and admin; acknowledgements for
  // ingestion only; versions and consumers for dpo and admin.
  const warehouse = garant('token', 'create', 'entrepot-excl', '--role', 'warehouse').trim().split('\n').pop();
  const auditorTok = garant('token', 'create', 'audit-excl', '--role', 'auditor').trim().split('\n').pop();
  const sessions = {};
  for (const [u, p] of [['dpo', 'garant-demo-dpo'], ['admin', 'garant-demo-admin'],
    ['secretaire', 'garant-demo-secretaire'], ['auditeur', 'garant-demo-auditeur']]) {
    sessions[u] = await staffLogin(g, u, p);
  }
  const as = (who) => {
    if (who === 'anonymous') return {};
    if (who === 'ingestion') return { Authorization: `Bearer ${secret}` };
    if (who === 'warehouse') return { Authorization: `Bearer ${warehouse}` };
    if (who === 'auditor-token') return { Authorization: `Bearer ${auditorTok}` };
    return { Cookie: sessions[who].jar.header(), 'X-CSRF-Token': sessions[who].csrf };
  };
  const everyone = ['anonymous', 'ingestion', 'warehouse', 'auditor-token', 'dpo', 'admin', 'secretaire', 'auditeur'];
  const allowed = {
    'GET /api/v1/exclusions/current': ['ingestion', 'dpo', 'admin'],
    'GET /api/v1/exclusions/delta?since=0': ['ingestion', 'dpo', 'admin'],
    'GET /api/v1/exclusions/versions': ['dpo', 'admin'],
    'GET /api/v1/exclusions/consumers': ['dpo', 'admin'],
    'POST /api/v1/exclusions/ack': ['ingestion'],
  };
  for (const [route, roles] of Object.entries(allowed)) {
    const [method, path] = route.split(' ');
    for (const who of everyone) {
      const init = { method, headers: as(who) };
      if (method === 'POST') {
        init.headers = { ...init.headers, 'Content-Type': 'application/json' };
        init.body = JSON.stringify({ version: doc.version, purged: 0 });
      }
      const res = await fetch(`${g.url}${path}`, init);
      await res.arrayBuffer();
      const want = roles.includes(who) ? (method === 'POST' ? 200 : 200) : who === 'anonymous' ? 401 : 403;
      assert.equal(res.status, want, `${who}: ${route}`);
    }
  }
  // The DPO's view of the versions and consumers: the version the consumer acknowledged.
  const versions = (await (await fetch(`${g.url}/api/v1/exclusions/versions`, { headers: as('dpo') })).json()).versions;
  assert.equal(versions[0].version, current.version);
  assert.equal(versions.find((v) => v.version === doc.version).digest, doc.digest);
  const consumers = (await (await fetch(`${g.url}/api/v1/exclusions/consumers`, { headers: as('dpo') })).json()).consumers;
  const me = consumers.find((c) => c.name === 'ingest-e2e');
  assert.equal(me.acked_version, doc.version);
  assert.equal(me.lag_versions, current.version - doc.version);
});

test('an I/O failure → exit 1, and nothing left behind', () => {
  const dir = join(work, 'io');
  mkdirSync(dir);
  const files = ['--input', join(work, 'batch.jsonl'), '--output', join(dir, 'out.jsonl'),
    '--rejects', join(dir, 'rej.jsonl'), '--report', join(dir, 'rep.json')];
  // The output's directory does not exist: the file cannot be created.
  let r = runFilter(join(work, 'list.json'), ['--input', join(work, 'batch.jsonl'),
    '--output', join(dir, 'missing', 'out.jsonl'), '--report', join(dir, 'rep.json')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^garant filter: /);
  assert.deepEqual(readdirSync(dir), []);
  // The disk fills up half-way through the output (a 4 KiB file size limit,
  // SIGXFSZ ignored: the write fails with EFBIG, as on a full disk).
  const args = ['filter', '--exclusions', join(work, 'list.json'), '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'), ...files];
  const s = spawnSync('sh', ['-c', 'ulimit -f 8 && trap "" XFSZ && exec "$0" "$@"', garantBin, ...args]);
  assert.equal(s.status, 1, s.stderr.toString());
  assert.match(s.stderr.toString(), /^garant filter: .*no output file was written/m);
  assert.deepEqual(readdirSync(dir), [], 'no output, temporary or partial file left');
  // The same run without the limit writes the outputs (the limit was the cause).
  r = runFilter(join(work, 'list.json'), files);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['out.jsonl', 'rej.jsonl', 'rep.json']);
  assert.ok(readFileSync(join(dir, 'out.jsonl')).length > 8 * 1024, 'the output is larger than the limit');
});

test('conditional GET, roles, and a consumer that was down receives the list when back', async () => {
  const first = await api('/api/v1/exclusions/current');
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const again = await api('/api/v1/exclusions/current', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await fetch(`${g.url}/api/v1/exclusions/current`)).status, 401);
  const bad = await api('/api/v1/exclusions/delta?since=abc');
  assert.equal(bad.status, 400);
  const unknown = await api('/api/v1/exclusions/ack', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: 1, purged: -1 }),
  });
  assert.equal(unknown.status, 400);

  // Register a consumer whose endpoint is down, see garantd fail to push
  // (last_error set), then bring the endpoint up and see the retry deliver.
  // One listening socket throughout (no free-port race): while "down" it
  // closes every connection at once.
  const got = [];
  let down = true;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ version: req.headers['x-garant-list-version'], body });
      res.writeHead(204).end();
    });
  });
  server.on('connection', (sock) => { if (down) sock.destroy(); });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address();
  try {
    garant('consumer', 'add', 'pushed-e2e', `http://127.0.0.1:${port}/lists`);
    const { jar } = await loginDpo();
    const consumer = async () => (await (await fetch(`${g.url}/api/v1/exclusions/consumers`,
      { headers: { Cookie: jar.header() } })).json()).consumers.find((c) => c.name === 'pushed-e2e');
    let deadline = Date.now() + 30000;
    let state = await consumer();
    while (!state.last_error && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      state = await consumer();
    }
    assert.ok(state.last_error, 'a failed push attempt is recorded while the consumer is down');
    assert.equal(state.delivered_version, null);
    assert.equal(got.length, 0);

    down = false;
    deadline = Date.now() + 30000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
    assert.ok(got.length >= 1, 'the list was not pushed once the consumer was back');
    const doc = JSON.parse(got[0].body);
    assert.equal(String(doc.version), got[0].version);
    assert.ok(verify(null, Buffer.from(signedBytes(doc)), publicKey(), Buffer.from(doc.signature, 'base64')));
    const list = garant('consumer', 'list');
    assert.match(list, new RegExp(`pushed-e2e\\thttp://127.0.0.1:${port}/lists\\t${doc.version}\\t`));
    state = await consumer();
    assert.equal(state.delivered_version, doc.version);
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

// ---- garant filter --server: the list fetched from garantd, the run recorded ----

// runGarant (lib/garantd.mjs) is asynchronous, so that a fake server in this
// process can answer meanwhile.
async function runServerFilter(serverUrl, tokenFile, name, extra = []) {
  const files = {
    out: join(work, `${name}.out.jsonl`), rej: join(work, `${name}.rej`),
    rep: join(work, `${name}.rep`), list: join(work, `${name}.list.json`),
  };
  const r = await runGarant(['filter', '--server', serverUrl, '--token-file', tokenFile,
    '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'),
    '--input', join(work, 'batch.jsonl'), '--output', files.out, '--rejects', files.rej,
    '--report', files.rep, '--save-list', files.list, ...extra]);
  const res = { ...r, files };
  assert.ok(!res.stderr.includes(secret) && !res.stdout.includes(secret), 'the token was printed');
  return res;
}
function assertNothingWritten(files, name) {
  for (const f of Object.values(files)) assert.ok(!existsSync(f), `${name}: ${f} was written`);
}
function tokenFile(name, content) {
  const p = join(work, name);
  writeFileSync(p, content + '\n', { mode: 0o600 });
  return p;
}
// A stand-in for garantd: `current` answers GET …/exclusions/current, `events`
// answers POST …/audit/events; every request is kept.
async function fakeGarantd({ current, events }) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      const [status, text] = req.url.startsWith('/api/v1/exclusions/current') ? current()
        : req.url === '/api/v1/audit/events' ? events() : [404, '{}'];
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { server, seen, url: `http://127.0.0.1:${server.address().port}` };
}

test('--server: fetch, verify, filter, and the run is recorded in the audit log', async () => {
  const tok = tokenFile('ingest.token', secret);
  const r = await runServerFilter(g.url, tok, 'srv', ['--project', 'PRJ-2026-001']);
  assert.equal(r.code, 0, r.stderr);
  const kept = readFileSync(r.files.out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(kept.length, 200);
  assert.ok(kept.every((k) => k.visit < 1000));
  const report = JSON.parse(readFileSync(r.files.rep, 'utf8'));
  const saved = JSON.parse(readFileSync(r.files.list, 'utf8'));
  assert.equal(report.list_version, saved.version);
  assert.equal(report.excluded, 2);
  assert.ok(Number.isInteger(report.audit_index), JSON.stringify(report));
  assert.match(report.audit_event_id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(r.stderr, new RegExp(`recorded in the audit log at index ${report.audit_index}`));

  // An auditor finds the entry, with the version and the counts, and nothing else.
  const jar = new Jar();
  const login = await fetch(`${g.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'auditeur', password: 'garant-demo-auditeur', totp: await freshCode(g, 'auditeur') }),
  });
  assert.equal(login.status, 201);
  jar.store(login);
  const found = await (await fetch(`${g.url}/api/v1/audit/entries?type=filter.run`,
    { headers: { Cookie: jar.header() } })).json();
  const entry = found.entries.find((e) => e.index === report.audit_index);
  assert.ok(entry, JSON.stringify(found));
  assert.equal(entry.object, `exclusion-list/${saved.version}`);
  assert.equal(entry.id, report.audit_event_id);
  assert.match(entry.actor, /^service:/);
  const p = entry.payload;
  assert.equal(p.list_version, saved.version);
  assert.equal(p.list_digest, saved.digest);
  assert.equal(p.pseudonym_key_id, saved.pseudonym_key_id);
  assert.equal(p.input_sha256, report.input_sha256);
  assert.deepEqual([p.records, p.kept, p.excluded, p.rejected], [203, 200, 2, 1]);
  // No RPPS member in these records: the counts are there, at zero.
  assert.deepEqual([p.rpps_field, p.rpps_tokenised, p.professional_flagged], ['rpps', 0, 0]);
  assert.equal(p.project, 'PRJ-2026-001');
  assert.doesNotMatch(JSON.stringify(entry), /LEFEVRE|Lef|Martin|helene|1972-03-09/i);
});

test('--server fails closed: wrong token, server down, bad options → exit 2, nothing written', async () => {
  const wrong = tokenFile('wrong.token', 'gst_' + 'A'.repeat(43));
  let r = await runServerFilter(g.url, wrong, 'wrongtok');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /HTTP 401/);
  assertNothingWritten(r.files, 'wrong token');

  const tok = tokenFile('ingest.token', secret);
  const gone = await closingListener();
  try {
    const down = `http://127.0.0.1:${gone.port}`;
    r = await runServerFilter(down, tok, 'down');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot read the exclusion list/);
    assertNothingWritten(r.files, 'server down');

    r = await runServerFilter(`https://127.0.0.1:${gone.port}`, tok, 'https');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read the exclusion list/);
    assertNothingWritten(r.files, 'https server down');
  } finally {
    await gone.close();
  }
  const open = join(work, 'open.token');
  writeFileSync(open, secret + '\n', { mode: 0o644 });
  r = await runServerFilter(g.url, open, 'openperm');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /readable by group or others/);
  assertNothingWritten(r.files, 'token file mode');
  const both = spawnSync(garantBin, ['filter', '--exclusions', join(work, 'list.json'),
    '--server', g.url, '--token-file', tok, '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key')]);
  assert.equal(both.status, 2);
  assert.match(both.stderr.toString(), /exactly one/);
});

test('--server: a tampered list served → exit 2, no record read, no run recorded', async () => {
  const doc = JSON.parse(readFileSync(join(work, 'list.json'), 'utf8'));
  const altered = structuredClone(doc);
  const t = altered.scopes[0].tokens[0];
  altered.scopes[0].tokens[0] = t.slice(0, 63) + (t[63] === '0' ? '1' : '0');
  const fake = await fakeGarantd({ current: () => [200, JSON.stringify(altered)], events: () => [200, '{}'] });
  try {
    const r = await runServerFilter(fake.url, tokenFile('ingest.token', secret), 'tampered');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /digest_mismatch|bad_token/);
    assertNothingWritten(r.files, 'tampered');
    assert.equal(fake.seen.length, 1);
    assert.equal(fake.seen[0].auth, `Bearer ${secret}`);
    assert.match(fake.seen[0].url, /^\/api\/v1\/exclusions\/current\?pseudonym_key_id=[0-9a-f]{8}$/);
  } finally {
    fake.server.close();
  }
});

test('--server: the run cannot be recorded → exit 3, outputs kept, retried with one event id', async () => {
  const doc = readFileSync(join(work, 'list.json'), 'utf8');
  const fake = await fakeGarantd({
    current: () => [200, doc],
    events: () => [500, '{"error":{"code":"internal","message":"boom"}}'],
  });
  try {
    const r = await runServerFilter(fake.url, tokenFile('ingest.token', secret), 'unrecorded');
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /could not be recorded/);
    assert.equal(readFileSync(r.files.out, 'utf8').trim().split('\n').length, 200);
    const report = JSON.parse(readFileSync(r.files.rep, 'utf8'));
    assert.equal(report.audit_index, null);
    const posts = fake.seen.filter((s) => s.method === 'POST');
    assert.equal(posts.length, 3);
    const ids = posts.map((s) => JSON.parse(s.body).events[0].id);
    assert.ok(ids.every((id) => id === report.audit_event_id), 'retries must reuse the event id');
    const ev = JSON.parse(posts[0].body).events[0];
    assert.equal(ev.type, 'filter.run');
    assert.deepEqual(Object.keys(ev.payload).sort(), ['excluded', 'finished_at', 'input_sha256',
      'kept', 'list_digest', 'list_issued_at', 'list_version', 'professional_flagged', 'project',
      'pseudonym_key_id', 'record_format', 'records', 'rejected', 'rpps_field', 'rpps_tokenised',
      'signing_key_id', 'started_at']);
  } finally {
    fake.server.close();
  }
});
