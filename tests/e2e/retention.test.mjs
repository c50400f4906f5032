// Retention, the readers (issue 13, docs/audit-log.md "Retention"), end to
// end against a real garantd --dev --demo: access events are posted and
// signed, `garant audit prune` runs with its clock 400 days ahead
// (GARANT_TEST_NOW: everything written so far is past the default 365 days),
// then every reader of the log and of the access trail is asked about the
// pruned events: the search and entry APIs (no content, "pruned": true, the
// date and the retention, the inclusion proof still verifying from the kept
// hash), the receipt, the tlog-tiles bundle (a zero-length entry) and hash
// tile, the desk's JSON and pages (French notice), the trail export (pruned
// events left out), the cases that refer to them; `garant audit verify`
// still passes. Every /api/v1/ answer is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Garantd, garantBin, staffLogin, withoutOffHours } from './lib/garantd.mjs';
import { launch, fillLogin } from './lib/browser.mjs';
import { entriesOfBundle, fetchEntryBundle, openCheckpoint, parseTlogProof, rootFromInclusionProof } from './lib/tlog.mjs';

const g = new Garantd();
const shots = '/tmp';
let browser;
let token;
let auditor;
let key;
let prunedAt;  // the run's clock, as garantd answers it (RFC 3339, microseconds)
const idx = {};
const ids = {};
const hex = (s) => createHash('sha256').update(s).digest('hex');
const SHA = hex('extrait');
const PROJECT = 'CONTACT-2026-001';

async function postEvents(events) {
  const r = await fetch(`${g.url}/api/v1/access-events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body.events;
}

async function api(path, init = {}) {
  return fetch(`${g.url}${path}`, { ...init, headers: { Cookie: auditor.jar.header(), ...(init.headers ?? {}) } });
}

async function json(path, init) {
  const r = await api(path, init);
  const text = await r.text();
  assert.equal(r.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

async function waitForCheckpoint(size, timeoutMs = 30000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const r = await fetch(`${g.url}/tlog/checkpoint`).catch(() => null);
    if (r && r.status === 200) {
      const text = await r.text();
      if (Number(text.split('\n')[1]) >= size) return text;
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no checkpoint of size >= ${size} within ${timeoutMs} ms`);
}

// "07/01/2028": the Paris day of an RFC 3339 time, as the pages write it.
const frenchDay = (iso) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit',
  month: '2-digit', year: 'numeric' }).format(new Date(iso));

async function page(path) {
  const context = await browser.newContext({ bypassCSP: true });  // axe-core is injected
  const p = await context.newPage();
  await p.goto(`${g.url}/connexion`);
  await fillLogin(p, g, 'auditeur', 'garant-demo-auditeur');
  await p.waitForURL(`${g.url}/console`);
  const r = await p.goto(`${g.url}${path}`);
  assert.equal(r.status(), 200, path);
  return p;
}

async function shoot(p, name) {
  await p.setViewportSize({ width: 1280, height: 900 });
  await p.screenshot({ path: `${shots}/garant-prune-${name}.png`, fullPage: true });
}

async function assertAccessible(p, what) {
  const path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  assert.ok(existsSync(path));
  await p.addScriptTag({ path });
  const result = await p.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), [], what);
}

let dropped;  // whole partition ranges the run dropped

before(async () => {
  await g.start({ args: withoutOffHours(g) });
  // Partitions of 4 indexes (sql/0032), as the owner: the demo's rows move
  // into one partition, the events below land in ranges of 4, and the run
  // drops the ranges it empties whole.
  g.psql('SET ROLE garant_owner; SELECT access_repartition(4)');
  token = execFileSync(garantBin, ['token', 'create', 'entrepot-retention', '--role', 'warehouse',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  key = (await (await fetch(`${g.url}/api/v1/audit/public-key`)).json()).key;
  browser = await launch();

  const base = { account: 'chercheur.moreau', project: PROJECT, domains: ['visits'],
    organisation: 'Inserm U1018', account_role: 'chercheur', purpose: 'research',
    source: 'entrepot-1', outcome: 'success' };
  const at = new Date(Date.now() - 60e3).toISOString();
  ids.query = randomUUID();
  ids.export = randomUUID();
  ids.reid = randomUUID();
  ids.intern = randomUUID();
  const answer = await postEvents([
    { id: ids.query, occurred_at: at, action: 'query', ...base, patients: [hex('patiente-a')] },
    { id: ids.export, occurred_at: at, action: 'export', ...base, patients: [hex('patiente-a')],
      export: { file: 'extrait-2026.csv', sha256: SHA, bytes: 52431, destination: 'sftp://inserm-u1018' } },
    { id: ids.reid, occurred_at: at, action: 'reidentify', ...base, patients: [hex('tiers')],
      justification: 'Contrôle du couplage demandé par le comité' },
    { id: ids.intern, occurred_at: at, action: 'query', ...base, account: 'stagiaire.x',
      account_role: 'stagiaire', patients: [hex('patiente-a')] },
  ]);
  [idx.query, idx.export, idx.reid, idx.intern] = answer.map((e) => e.index);
  assert.deepEqual(answer[3].findings, ['account_not_named']);
  await waitForCheckpoint(idx.intern + 1);

  // The run, its clock 400 days ahead (the default retentions are 365 days).
  const now = new Date(Date.now() + 400 * 86400e3);
  const out = execFileSync(garantBin, ['audit', 'prune', '--data-dir', g.dataDir],
    { env: { ...process.env, GARANT_TEST_NOW: now.toISOString() }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const pruned = /^pruned access: (\d+) entries before /m.exec(out);
  assert.ok(pruned && Number(pruned[1]) >= 4, out);
  idx.run = Number(/^recorded as audit entry (\d+) \(audit\.pruned, /m.exec(out)[1]);
  dropped = Number(/^dropped (\d+) whole partition range\(s\) of the access side tables/m.exec(out)?.[1]);
  assert.ok(dropped >= 1, out);

  // After the run: a fresh access, not pruned.
  ids.fresh = randomUUID();
  [idx.fresh] = (await postEvents([{ id: ids.fresh, occurred_at: new Date().toISOString(),
    action: 'query', ...base, patients: [hex('patiente-a')] }])).map((e) => e.index);
  await waitForCheckpoint(idx.fresh + 1);
});

after(async () => {
  if (browser) await browser.close();
  await g.stop();
  g.cleanup();
});

test('the search answers a pruned entry without its content, saying when and under which retention', async () => {
  const page1 = await json('/api/v1/audit/entries?type=access.query&limit=500');
  const byIndex = new Map(page1.entries.map((e) => [e.index, e]));
  const q = byIndex.get(idx.query);
  assert.equal(q.pruned, true);
  assert.equal(q.retention_days, 365);
  assert.equal(q.id, ids.query);
  assert.equal(q.type, 'access.query');
  assert.match(q.actor, /^service:[0-9a-f-]{36}$/);  // the warehouse token's id
  assert.equal(q.payload, undefined);
  assert.equal(q.payload_text, undefined);
  assert.match(q.pruned_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  prunedAt = q.pruned_at;
  assert.ok(Date.parse(prunedAt) > Date.now() + 399 * 86400e3);
  const f = byIndex.get(idx.fresh);
  assert.equal(f.pruned, false);
  assert.equal(f.actor, q.actor);
  assert.equal(f.payload.account, 'chercheur.moreau');
  assert.equal(f.pruned_at, undefined);
  // The run's own entry is never pruned and says what it did.
  const run = await json(`/api/v1/audit/entries/${idx.run}`);
  assert.equal(run.type, 'audit.pruned');
  assert.equal(run.pruned, false);
  assert.equal(run.payload.families.access.retention_days, 365);
});

test('a pruned entry still has its inclusion proof, receipt, bundle slot and hash', async () => {
  const e = await json(`/api/v1/audit/entries/${idx.export}`);
  assert.equal(e.pruned, true);
  assert.equal(e.leaf, null);
  assert.equal(e.signed, true);
  assert.ok(Array.isArray(e.inclusion_proof));
  const cp = openCheckpoint(e.checkpoint.note, key);
  const leafHash = Buffer.from(e.leaf_hash, 'hex');
  const root = rootFromInclusionProof(BigInt(idx.export), cp.size, leafHash,
    e.inclusion_proof.map((h) => Buffer.from(h, 'base64')));
  assert.ok(root.equals(cp.root), 'the proof of a pruned entry leads to the signed root');
  // A wrong hash does not (the check above means something).
  assert.ok(!rootFromInclusionProof(BigInt(idx.export), cp.size, Buffer.alloc(32),
    e.inclusion_proof.map((h) => Buffer.from(h, 'base64'))).equals(cp.root));

  const r = await api(`/api/v1/audit/receipt/${idx.export}`);
  assert.equal(r.status, 200);
  const receipt = parseTlogProof(await r.text());
  const rcp = openCheckpoint(receipt.checkpoint, key);
  assert.ok(rootFromInclusionProof(BigInt(idx.export), rcp.size, leafHash, receipt.proof).equals(rcp.root));

  const inc = await json(`/api/v1/audit/proof/inclusion?index=${idx.export}&size=${cp.size}`);
  assert.equal(Buffer.from(inc.leaf_hash, 'base64').toString('hex'), e.leaf_hash);

  // tlog-tiles: a zero-length entry in its bundle; the level-0 tile has its hash.
  const n = Math.floor(idx.export / 256);
  const width = Math.min(256, Number(cp.size) - n * 256);
  const b = await fetchEntryBundle(g.url, n, { jar: auditor.jar, width });
  assert.equal(b.status, 200);
  const leaves = entriesOfBundle(Buffer.from(await b.arrayBuffer()));
  assert.equal(leaves[idx.export % 256].length, 0);
  assert.ok(leaves[idx.fresh % 256] === undefined || leaves[idx.fresh % 256].length > 0);
  assert.ok(n < 1000);  // a one-element tile path
  const t = await fetch(`${g.url}/tlog/tile/0/${String(n).padStart(3, '0')}${width === 256 ? '' : `.p/${width}`}`);
  assert.equal(t.status, 200);
  const tile = Buffer.from(await t.arrayBuffer());
  const at = (idx.export % 256) * 32;
  assert.equal(tile.subarray(at, at + 32).toString('hex'), e.leaf_hash);
});

test('the desk API marks pruned events and leaves out what came from their leaf', async () => {
  const account = await json('/api/v1/audit/accounts/chercheur.moreau');
  const recent = new Map(account.recent.map((e) => [e.id, e]));
  for (const id of [ids.query, ids.export, ids.reid]) {
    const e = recent.get(id);
    assert.equal(e.pruned, true, id);
    assert.equal(e.pruned_at, prunedAt);
    assert.equal(e.retention_days, 365);
    assert.equal(e.organisation, null);
    assert.equal(e.purpose, null);
    assert.equal(e.account, 'chercheur.moreau');
  }
  assert.equal(recent.get(ids.fresh).pruned, false);
  assert.equal(recent.get(ids.fresh).organisation, 'Inserm U1018');

  const project = await json(`/api/v1/audit/projects/${PROJECT}`);
  const exp = project.exports.find((e) => e.id === ids.export);
  assert.equal(exp.pruned, true);
  assert.equal(exp.export, null);
  const reid = project.reidentifications.find((e) => e.id === ids.reid);
  assert.equal(reid.pruned, true);
  assert.equal(reid.justification, null);
  const outside = project.outside.find((e) => e.id === ids.intern);
  assert.equal(outside.pruned, true);
  assert.equal(outside.rule, 'account_not_named');  // findings are never pruned

  await json('/api/v1/audit/overview');
  // A person's trail no longer finds the pruned accesses (their patients are gone).
  const person = await json('/api/v1/audit/person-trail', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': auditor.csrf },
    body: JSON.stringify({ tokens: [hex('patiente-a')] }),
  });
  const found = person.entries.filter((e) => !e.by_garant).map((e) => e.id);
  assert.deepEqual(found, [ids.fresh]);
});

test('the trail export leaves pruned events out and still ends cleanly', async () => {
  const r = await api('/api/v1/audit/trail?account=chercheur.moreau&format=jsonl');
  const text = await r.text();
  assert.equal(r.status, 200, text);
  const lines = text.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines[0].garant_trail_export, 1);
  // It says how many events of the range it leaves out, and the HTTP answer too.
  assert.equal(lines[0].pruned.scope, 'key');
  assert.ok(lines[0].pruned.entries >= 3, JSON.stringify(lines[0].pruned));
  assert.equal(r.headers.get('garant-pruned-entries'), String(lines[0].pruned.entries));
  const entries = lines.filter((l) => l.index !== undefined).map((l) => l.index);
  assert.ok(entries.includes(idx.fresh), entries.join(','));
  for (const i of [idx.query, idx.export, idx.reid]) assert.ok(!entries.includes(i), `${i} is pruned`);
  assert.deepEqual(lines.at(-1), { end: { entries: entries.length } });
});

test('every export format states the pruned events of the range, and garant audit trail says so', async () => {
  const person = hex('patiente-a');
  // The person's own count is gone with the patients: the range's, an upper bound.
  const fhir = await api(`/api/v1/audit/trail?person_token=${person}&format=fhir`);
  const bundle = JSON.parse(await fhir.text());
  const query = bundle.meta.extension.find((e) => e.url === 'urn:garant:fhir:StructureDefinition:trail-query');
  const sub = Object.fromEntries(query.extension.map((e) => [e.url, e.valueString]));
  assert.equal(sub.pruned_scope, 'range');
  assert.ok(Number(sub.pruned_entries) >= 4, JSON.stringify(sub));
  assert.equal(fhir.headers.get('garant-pruned-entries'), sub.pruned_entries);
  // CSV: the plain file has no room for it; the HTTP answer and the sidecar say it.
  const csv = await api('/api/v1/audit/trail?account=stagiaire.x&format=csv');
  await csv.text();
  assert.equal(csv.headers.get('garant-pruned-entries'), '1');
  const sidecar = await api('/api/v1/audit/trail?account=stagiaire.x&format=csv-proofs');
  assert.deepEqual(JSON.parse((await sidecar.text()).split('\n')[0]).pruned, { entries: 1, scope: 'key' });
  // A period after the run: nothing pruned in it.
  const later = await api(`/api/v1/audit/trail?account=stagiaire.x&format=jsonl&from=${encodeURIComponent(new Date().toISOString())}`);
  assert.deepEqual(JSON.parse((await later.text()).split('\n')[0]).pruned, { entries: 0, scope: 'key' });
  // The command line, from the database.
  const file = join(g.dataDir, 'trail-stagiaire.csv');
  const out = execFileSync(garantBin, ['audit', 'trail', '--account', 'stagiaire.x', '--format', 'csv',
    '--output', file, '--data-dir', g.dataDir]).toString();
  assert.match(out, /^pruned: 1 access event\(s\) of the range left out \(retention; this account's\)$/m);
  assert.equal(JSON.parse(readFileSync(`${file}.proofs.jsonl`, 'utf8').split('\n')[0]).pruned.entries, 1);
});

test('a case whose findings refer to pruned events still opens', async () => {
  const list = await json('/api/v1/cases?account=stagiaire.x');
  assert.equal(list.cases.length, 1);
  const c = await json(`/api/v1/cases/${encodeURIComponent(list.cases[0].id)}`);
  assert.equal(c.case.account, 'stagiaire.x');
  const p = await page(`/audit/alertes/${encodeURIComponent(list.cases[0].id)}`);
  await shoot(p, 'alerte');
  await p.context().close();
});

test('the pages say in French when and why the content was removed', async () => {
  const notice = `Contenu supprimé le ${frenchDay(prunedAt)} au terme de la durée de conservation (365 jours)`;
  let p = await page('/audit?type=access.query');
  const row = (await p.locator('#entries tbody tr', { hasText: ids.query }).innerText()).replace(/\s+/g, ' ');
  assert.ok(row.includes(notice), row);
  assert.ok(row.includes('access.query'), row);
  const fresh = await p.locator('#entries tbody tr', { hasText: ids.fresh }).innerText();
  assert.ok(!fresh.includes('Contenu supprimé'), fresh);
  assert.ok(fresh.includes('chercheur.moreau'), fresh);
  await assertAccessible(p, '/audit');
  await shoot(p, 'journal');
  // The table scrolls sideways: the pruned row's content cell on its own.
  await p.locator('#entries tbody tr', { hasText: ids.query }).locator('td').nth(5)
    .screenshot({ path: `${shots}/garant-prune-journal-cellule.png` });
  await p.context().close();

  p = await page('/audit/compte/chercheur.moreau');
  const rows = await p.$$eval('#entries tbody tr', (trs) => trs.map((tr) => tr.textContent.replace(/\s+/g, ' ').trim()));
  for (const i of [idx.query, idx.export, idx.reid]) {
    const r = rows.find((x) => new RegExp(`entrée n° ${i}(?!\\d)`).test(x));
    assert.ok(r && r.includes(notice), `${i}: ${r}`);
    assert.ok(!r.includes('recherche'), r);  // the purpose came from the leaf
  }
  const freshRow = rows.find((x) => new RegExp(`entrée n° ${idx.fresh}(?!\\d)`).test(x));
  assert.ok(freshRow && !freshRow.includes('Contenu supprimé') && freshRow.includes('recherche'), freshRow);
  await assertAccessible(p, '/audit/compte');
  await shoot(p, 'compte');
  await p.context().close();

  p = await page(`/audit/projet/${PROJECT}`);
  const exportRow = (await p.locator('#exports tbody tr', { hasText: `entrée n° ${idx.export}` }).innerText()).replace(/\s+/g, ' ');
  assert.ok(exportRow.includes(notice), exportRow);
  assert.ok(!exportRow.includes('extrait-2026.csv'), exportRow);
  // Its file's hash went with the leaf: a dash in the SHA-256 column, no hash.
  const exportCells = p.locator('#exports tbody tr', { hasText: `entrée n° ${idx.export}` }).locator('td');
  assert.equal((await exportCells.nth(5).innerText()).trim(), '—');
  assert.equal(await p.locator('#exports code.hash').count(), 0);
  const reidRow = p.locator('#reidentifications tbody tr', { hasText: `entrée n° ${idx.reid}` });
  assert.ok((await reidRow.innerText()).includes('(supprimée)'));
  assert.equal(await reidRow.getAttribute('class'), null, 'a pruned re-identification is not flagged unjustified');
  await assertAccessible(p, '/audit/projet');
  await shoot(p, 'projet');
  await p.context().close();
});

test('garant audit verify still passes, from the database and from the served tiles', () => {
  let out = execFileSync(garantBin, ['audit', 'verify', '--data-dir', g.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  assert.match(out, /^pruned: \d+ entries \(retention; content removed, hashes kept\): /m);
  assert.match(out, /^OK: ok: \d+ entries/m);
  // Over HTTP: the entry bundles with their zero-length pruned entries, as an auditor reads them.
  const auditorToken = execFileSync(garantBin, ['token', 'create', 'verificateur', '--role', 'auditor',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  const tf = join(g.dataDir, 'auditor.token');
  writeFileSync(tf, `${auditorToken}\n`, { mode: 0o600 });
  out = execFileSync(garantBin, ['audit', 'verify', `${g.url}/`, '--key', key, '--token-file', tf],
    { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  assert.match(out, /^pruned: \d+ entries/m);
  assert.match(out, /^OK: ok: \d+ entries/m);
});

// Last (it damages the log): a stored hash changed in a pruned range whose
// side-table partitions were dropped is still found, at its index.
test('a changed stored hash of a pruned entry in a dropped partition range is named', () => {
  const ranges = g.psql(`SELECT count(*) FROM access_partitions WHERE dropped_at IS NOT NULL AND lo <= ${idx.query} AND ${idx.query} < hi`).trim();
  assert.equal(ranges, '1', `entry ${idx.query} is in a dropped range`);
  g.psql(`SET session_replication_role = replica; UPDATE audit_entries SET leaf_hash = set_byte(leaf_hash, 3, get_byte(leaf_hash, 3) # 1) WHERE idx = ${idx.query}`);
  const v = spawnSync(garantBin, ['audit', 'verify', '--data-dir', g.dataDir], { encoding: 'utf8' });
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, new RegExp(`first bad index: ${idx.query}\\n`), v.stdout);
});
