// Trail exports end to end (docs/audit-trail-exports.md), against a real
// garantd --dev --demo: the auditor exports a person's trail as JSON Lines,
// FHIR and CSV (with its proofs sidecar), streamed; each export verifies
// offline with `garant audit verify-export`; one changed byte fails and names
// the entry; the FHIR Bundle validates with an independent FHIR R4
// implementation (npm `fhir`); bad parameters are 400 with a reason; each
// export is itself an access event (action export, source garant).
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Garantd, garantBin, staffLogin } from './lib/garantd.mjs';

// `fhir` (lantanagroup FHIR.js) is CommonJS; require() also honours NODE_PATH.
const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');

const g = new Garantd();
const dir = mkdtempSync(join(tmpdir(), 'garant-trail-'));
let warehouse;
let auditor;
let keyFile;
const person = createHash('sha256').update('personne du trail').digest('hex');
const other = createHash('sha256').update('une autre personne').digest('hex');
let posted;  // the recorded events: [{id, index, findings}]

before(async () => {
  await g.start();
  warehouse = execFileSync(garantBin, ['token', 'create', 'entrepot-trail', '--role', 'warehouse',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  keyFile = join(dir, 'log.pub');
  const key = await (await fetch(`${g.url}/api/v1/audit/public-key?format=text`)).text();
  writeFileSync(keyFile, key.trim() + '\n');
  const at = (m) => new Date(Date.now() - m * 60000).toISOString();
  const base = { account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'],
                 source: 'entrepot-1', outcome: 'success' };
  const events = [
    { ...base, id: randomUUID(), occurred_at: at(30), action: 'query', patients: [person, other],
      query_fingerprint: 'q-17', returned_count: 240, purpose: 'research', decision: 1,
      organisation: 'CHU de Lyon; site « Nord »', account_role: 'chercheur', client_address: '10.1.2.3' },
    { ...base, id: randomUUID(), occurred_at: at(20), action: 'view', patients: [person],
      account: 'stagiaire.x' },
    { ...base, id: randomUUID(), occurred_at: at(10), action: 'export', patients: [person],
      export: { file: '=extraction.csv', sha256: 'e'.repeat(64), bytes: 4096, destination: 'enclave' } },
    { ...base, id: randomUUID(), occurred_at: at(5), action: 'view', patients: [other] },
  ];
  const r = await fetch(`${g.url}/api/v1/access-events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${warehouse}` },
    body: JSON.stringify({ events }),
  });
  assert.equal(r.status, 200);
  posted = (await r.json()).events;
  await waitForCheckpoint(Math.max(...posted.map((e) => e.index)) + 1);
});
after(() => { g.cleanup(); rmSync(dir, { recursive: true, force: true }); });

// Polls /tlog/checkpoint until it covers `size` entries (a stuck signer fails
// the test; a slow machine does not).
async function waitForCheckpoint(size, timeoutMs = 30000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const r = await fetch(`${g.url}/tlog/checkpoint`).catch(() => null);
    if (r && r.status === 200 && Number((await r.text()).split('\n')[1]) >= size) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no checkpoint of size >= ${size}`);
}

async function trail(query, headers = { Cookie: auditor.jar.header() }) {
  const r = await fetch(`${g.url}/api/v1/audit/trail?${query}`, { headers });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

function verifyExport(file, extra = []) {
  const r = spawnSync(garantBin, ['audit', 'verify-export', file, '--key', keyFile, ...extra]);
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

// Changes one byte of `text` at the first occurrence of `needle` after the
// first line (so in an entry), to a byte of the same class (the file stays
// well-formed): the verifier must fail anyway.
function flip(text, needle, offset = 0) {
  const at = text.indexOf(needle, text.indexOf('\n')) + offset;
  assert.ok(at > text.indexOf('\n'), `no ${needle} in an entry`);
  const c = text[at];
  const swapped = c === 'a' ? 'b' : c === 'A' ? 'B' : c === '0' ? '1' : c === 'x' ? 'y' : 'a';
  return text.slice(0, at) + swapped + text.slice(at + 1);
}

const mine = () => posted.slice(0, 3);  // the person's three events
// The warehouse's entries of an export: the person's trail also holds the
// exports made of it so far (garant's own access events, source "garant"),
// as soon as a checkpoint covers them.
const fromWarehouse = (entries) => entries.filter((e) => e.event.payload.source !== 'garant');

test('JSON Lines: streamed, checkpoint and proofs inline, verified offline; one byte changed fails naming the entry', async () => {
  const r = await trail(`person_token=${person}&format=jsonl`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('transfer-encoding'), 'chunked');
  assert.match(r.headers.get('content-type'), /application\/x-ndjson/);
  const lines = r.text.trimEnd().split('\n').map((l) => JSON.parse(l));
  const head = lines[0];
  assert.equal(head.garant_trail_export, 1);
  assert.equal(head.query.person_token, person);
  assert.ok(head.checkpoint.note.startsWith(`${head.checkpoint.origin}\n${head.checkpoint.size}\n${head.checkpoint.root}\n`));
  assert.ok(head.export_event.index >= head.checkpoint.size, 'the cut is before the export event');
  const entries = fromWarehouse(lines.slice(1, -1));
  assert.deepEqual(entries.map((e) => e.index), mine().map((e) => e.index));
  assert.deepEqual(entries.map((e) => e.findings.map((f) => f.rule)), mine().map((e) => e.findings));
  assert.ok(entries[1].findings.length > 0, 'the unnamed account raised a finding');
  assert.deepEqual(lines.at(-1), { end: { entries: lines.length - 2 } });
  const file = join(dir, 'trail.jsonl');
  writeFileSync(file, r.text);
  const ok = verifyExport(file);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, new RegExp(`OK: ${lines.length - 2} entries`));

  // A changed account in the readable event; then a changed byte of a leaf.
  writeFileSync(file, flip(r.text, 'stagiaire.x', 10));
  let bad = verifyExport(file);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`entry ${mine()[1].index}\\b`));
  writeFileSync(file, flip(r.text, '"leaf":"', 20));
  bad = verifyExport(file);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`entry ${mine()[0].index}\\b`));
  // Cut short: no end line.
  writeFileSync(file, r.text.slice(0, r.text.lastIndexOf('{"end"')));
  bad = verifyExport(file);
  assert.equal(bad.code, 1);
  assert.match(bad.out, /truncated/);
});

test('FHIR: a searchset Bundle of AuditEvents, valid for an independent R4 implementation, verified offline', async () => {
  const r = await trail(`person_token=${person}&format=fhir`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /application\/fhir\+json/);
  const bundle = JSON.parse(r.text);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'searchset');
  assert.equal(bundle.total, bundle.entry.length);
  const events = bundle.entry.map((e) => e.resource).filter((r) => r.source.site !== 'garant');
  assert.deepEqual(events.map((e) => e.type.code), ['110112', '110110', '110106']);
  assert.ok(events.every((e) => e.resourceType === 'AuditEvent' && e.agent[0].requestor === true));
  assert.equal(events[0].agent[0].policy[0], 'urn:garant:decision:1');
  assert.equal(events[0].agent[0].network.address, '10.1.2.3');
  assert.equal(events[0].entity[0].what.identifier.value, person);
  assert.ok(events[0].purposeOfEvent[0].coding.some((c) => c.code === 'HRESCH'));
  assert.ok(bundle.meta.extension.some((x) => x.url === 'urn:garant:fhir:StructureDefinition:audit-checkpoint'));

  const result = new Fhir().validate(bundle, { errorOnUnexpected: true });
  const errors = result.messages.filter((m) => m.severity === 'error');
  assert.equal(result.valid, true, JSON.stringify(errors, null, 1));
  assert.deepEqual(errors, []);

  const file = join(dir, 'trail.fhir.json');
  writeFileSync(file, r.text);
  const ok = verifyExport(file);
  assert.equal(ok.code, 0, ok.out);
  writeFileSync(file, flip(r.text, '"altId":"stagiaire.x"', 12));
  const bad = verifyExport(file);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`entry ${mine()[1].index}\\b`));
});

test('CSV with ";" and its proofs sidecar at the same checkpoint; verified; a changed cell fails naming the entry', async () => {
  const proofs = await trail(`person_token=${person}&format=csv-proofs&sep=semicolon`);
  assert.equal(proofs.status, 200, proofs.text);
  const size = JSON.parse(proofs.text.split('\n')[0]).checkpoint.size;
  assert.equal(proofs.headers.get('garant-checkpoint-size'), String(size));
  const csv = await trail(`person_token=${person}&format=csv&sep=semicolon&checkpoint=${size}`);
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const all = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  assert.equal(all.length - 1, JSON.parse(proofs.text.trimEnd().split('\n').at(-1)).end.entries);
  assert.match(all[0], /^index;event_id;recorded_at;/);
  const rows = [all[0], ...all.slice(1).filter((r) => !r.includes(';garant;'))];
  assert.equal(rows.length, 4);
  assert.match(rows[1], /"CHU de Lyon; site « Nord »"/);  // quoted: it holds the separator
  assert.match(rows[3], /;'=extraction\.csv;/);             // a formula is disarmed
  const file = join(dir, 'trail.csv');
  writeFileSync(file, csv.text);
  writeFileSync(`${file}.proofs.jsonl`, proofs.text);
  const ok = verifyExport(file);
  assert.equal(ok.code, 0, ok.out);
  writeFileSync(file, flip(csv.text, ';stagiaire.x;', 3));
  const bad = verifyExport(file);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, new RegExp(`entry ${mine()[1].index}\\b`));
  // Without its sidecar, a CSV cannot be verified.
  rmSync(`${file}.proofs.jsonl`);
  assert.equal(verifyExport(file).code, 2);
});

test('garant audit trail writes the same exports from the database; CSV with its sidecar', async () => {
  for (const format of ['jsonl', 'fhir', 'csv']) {
    const out = join(dir, `cli.${format}`);
    execFileSync(garantBin, ['audit', 'trail', '--person-token', person, '--format', format,
      '--output', out, '--data-dir', g.dataDir]);
    const ok = verifyExport(out);
    assert.equal(ok.code, 0, `${format}: ${ok.out}`);
    assert.match(ok.out, /OK: \d+ entries/);
  }
  // Over HTTP, a warehouse token may not export.
  const tokenFile = join(dir, 'warehouse.token');
  writeFileSync(tokenFile, `${warehouse}\n`, { mode: 0o600 });
  const r = spawnSync(garantBin, ['audit', 'trail', '--account', 'chercheur.moreau', '--format', 'jsonl',
    '--output', join(dir, 'refused.jsonl'), '--url', g.url, '--token-file', tokenFile]);
  assert.equal(r.status, 1, r.stderr.toString());
  assert.match(r.stderr.toString(), /403/);
  assert.ok(!existsSync(join(dir, 'refused.jsonl')), 'a refused export leaves no file');
  // An external audit tool with an `auditor` service token exports over HTTP,
  // and the export verifies offline; the export is recorded under that token.
  const auditorToken = execFileSync(garantBin, ['token', 'create', 'outil-audit-cnil', '--role', 'auditor',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  const auditorFile = join(dir, 'auditor.token');
  writeFileSync(auditorFile, `${auditorToken}\n`, { mode: 0o600 });
  const out = join(dir, 'remote.jsonl');
  const remote = spawnSync(garantBin, ['audit', 'trail', '--person-token', person, '--format', 'jsonl',
    '--output', out, '--url', g.url, '--token-file', auditorFile]);
  assert.equal(remote.status, 0, remote.stderr.toString());
  const ok = verifyExport(out);
  assert.equal(ok.code, 0, ok.out);
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const exportId = lines[0].export_event.id;
  assert.match(exportId, /^[0-9a-f-]{36}$/);
  const entries = lines.slice(1, -1);
  assert.deepEqual(fromWarehouse(entries).map((e) => e.index), mine().map((e) => e.index));
  // The export event names the service, not a staff member.
  const exportEntry = await (await fetch(`${g.url}/api/v1/audit/entries/${lines[0].export_event.index}`,
    { headers: { Cookie: auditor.jar.header() } })).json();
  assert.equal(exportEntry.type, 'access.export');
  assert.match(exportEntry.payload.account, /^service:[0-9a-f-]{36}$/);
  assert.equal(exportEntry.payload.account_role, 'auditor');
  // The same token verifies the whole log (entry bundles need it).
  const verify = spawnSync(garantBin, ['audit', 'verify', g.url, '--key', keyFile, '--token-file', auditorFile]);
  assert.equal(verify.status, 0, verify.stdout.toString() + verify.stderr.toString());
  // Usage errors.
  const u = spawnSync(garantBin, ['audit', 'trail', '--format', 'jsonl', '--output', join(dir, 'x')]);
  assert.equal(u.status, 2);
});

test('accounts, projects and periods select their events', async () => {
  const byAccount = await trail('account=stagiaire.x&format=jsonl');
  const lines = byAccount.text.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.slice(1, -1).map((e) => e.index), [posted[1].index]);
  const from = new Date(Date.now() - 15 * 60000).toISOString();
  const byProject = await trail(`project=CONTACT-2026-001&from=${encodeURIComponent(from)}&format=jsonl`);
  const p = byProject.text.trimEnd().split('\n').map((l) => JSON.parse(l)).slice(1, -1).map((e) => e.index);
  assert.deepEqual(p, [posted[2].index, posted[3].index]);
});

test('bad parameters are 400 with a reason; roles are checked', async () => {
  const cases = [
    ['format=jsonl', 'trail_one_key'],
    [`person_token=${person}&account=x&format=jsonl`, 'trail_one_key'],
    ['person_token=ABC&format=jsonl', 'trail_bad_token'],
    ['account=a%20b&format=jsonl', 'trail_bad_account'],
    ['project=x&format=jsonl', 'trail_bad_project'],
    ['account=x&from=hier&format=jsonl', 'trail_bad_time'],
    ['account=x&from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z&format=jsonl', 'trail_bad_period'],
    ['account=x&format=xml', 'trail_bad_format'],
    ['account=x&format=jsonl&sep=semicolon', 'trail_bad_separator'],
    ['account=x&format=csv&sep=tab', 'trail_bad_separator'],
    ['account=x&format=csv&checkpoint=-1', 'trail_bad_checkpoint'],
  ];
  for (const [q, reason] of cases) {
    const r = await trail(q);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(JSON.parse(r.text).error.reason, reason, q);
  }
  const unknown = await trail('account=x&format=csv&checkpoint=999999');
  assert.equal(unknown.status, 404);
  assert.equal((await trail('account=x&format=jsonl', {})).status, 401);
  assert.equal((await trail('account=x&format=jsonl', { Authorization: `Bearer ${warehouse}` })).status, 403);
  const dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  assert.equal((await trail('account=x&format=jsonl', { Cookie: dpo.jar.header() })).status, 200);
});

test('each export is an access event of garant, in the person\'s own trail', async () => {
  const before = await trail(`person_token=${person}&format=jsonl`);
  const exportIndex = JSON.parse(before.text.split('\n')[0]).export_event.index;
  await waitForCheckpoint(exportIndex + 1);
  const r = await fetch(`${g.url}/api/v1/audit/entries/${exportIndex}`, { headers: { Cookie: auditor.jar.header() } });
  const entry = await r.json();
  assert.equal(entry.type, 'access.export');
  assert.equal(entry.actor, 'service:garantd');
  assert.equal(entry.payload.source, 'garant');
  assert.match(entry.payload.account, /^staff:\d+$/);
  assert.equal(entry.payload.patient_count, 1);
  assert.match(entry.payload.query_fingerprint, /^trail:[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(entry).includes(person), 'no token in the leaf');
  // Recording the use of the log raises no finding (it is no access to the data).
  const f = await fetch(`${g.url}/api/v1/findings?account=${encodeURIComponent(entry.payload.account)}`,
    { headers: { Cookie: auditor.jar.header() } });
  assert.deepEqual((await f.json()).findings, []);
  // The next export of the person lists the exports made so far.
  const after = await trail(`person_token=${person}&format=jsonl`);
  const lines = after.text.trimEnd().split('\n').map((l) => JSON.parse(l)).slice(1, -1);
  assert.ok(lines.some((e) => e.index === exportIndex && e.event.type === 'access.export'));
});

