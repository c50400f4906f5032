// garant filter and health professionals, end to end: a physician objects on
// /opposition/professionnel, garantd publishes the list with the scope
// "professional", and `garant filter` on a batch with RPPS fields replaces
// each number by its token (computed here with Node's crypto, independently
// of garant), removes the identifier of the physician who objected and flags
// those records — dropping none of them; bad numbers go to the rejects; bad
// options exit 2 with nothing written.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Garantd, Jar, garantBin, staffLogin, freshCode } from './lib/garantd.mjs';

const g = new Garantd();
const work = mkdtempSync(join(tmpdir(), 'garant-filter-rpps-'));
before(async () => { await g.start(); });
after(() => { g.cleanup(); rmSync(work, { recursive: true, force: true }); });

const OBJECTOR = '10001234567';
const OTHER = '10003456782';
const keyHex = () => readFileSync(join(g.dataDir, 'keys', 'pseudonymisation.key'), 'utf8').trim();
// docs/pseudonymisation-v1-rpps.md §3.
const rppsToken = (rpps) => createHmac('sha256', Buffer.from(keyHex(), 'hex'))
  .update(`garant-v1|rpps|${rpps}`).digest('hex');

function runFilter(extra) {
  const r = spawnSync(garantBin, ['filter', '--exclusions', join(work, 'list.json'),
    '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'), ...extra]);
  return { code: r.status, stderr: r.stderr.toString(), stdout: r.stdout.toString() };
}

const patient = (i) => ({ birth_name: `Durand-${i}`, given_names: 'Paul', birth_date: '1960-01-0' + (1 + (i % 9)), sex: 'M' });

function batch() {
  const lines = [];
  for (let i = 0; i < 30; i++) {
    const rec = { visit: i, ...patient(i), icpc2: 'R05' };
    if (i % 3 === 0) rec.rpps = OBJECTOR;
    else if (i % 3 === 1) rec.rpps = OTHER;
    lines.push(JSON.stringify(rec));  // i % 3 === 2: no physician named
  }
  lines.push(JSON.stringify({ visit: 100, ...patient(100), rpps: '1000123456' }));   // 10 digits
  lines.push(JSON.stringify({ visit: 101, ...patient(101), rpps: '100012345678' })); // 12 digits
  lines.push(JSON.stringify({ visit: 102, ...patient(102), rpps: '1000123456A' }));  // a letter
  return lines.join('\n') + '\n';
}

test('a physician\'s objection reaches the list', async () => {
  const keys = execFileSync(garantBin, ['keys', 'show-public', '--write-verify-key',
    join(work, 'verify.key'), '--data-dir', g.dataDir]).toString();
  assert.match(keys, /verify_key [0-9a-f]{64}/);
  const jar = new Jar();
  const page = await fetch(`${g.url}/opposition/professionnel`);
  jar.store(page);
  const token = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  const r = await fetch(`${g.url}/opposition/professionnel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
    body: new URLSearchParams({ csrf_token: token, rpps: OBJECTOR }).toString(),
  });
  assert.equal(r.status, 200, await r.text());

  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  let text = '';
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const res = await fetch(`${g.url}/api/v1/exclusions/current`, { headers: { Cookie: staff.jar.header() } });
    text = await res.text();
    if (JSON.parse(text).scopes.some((s) => s.scope === 'professional')) break;
    await new Promise((res2) => setTimeout(res2, 300));
  }
  const doc = JSON.parse(text);
  assert.deepEqual(doc.scopes.find((s) => s.scope === 'professional').tokens, [rppsToken(OBJECTOR)]);
  writeFileSync(join(work, 'list.json'), text);
});

test('garant filter replaces RPPS numbers, removes the objector\'s and flags, dropping nothing', () => {
  writeFileSync(join(work, 'batch.jsonl'), batch());
  const out = join(work, 'out.jsonl');
  const r = runFilter(['--input', join(work, 'batch.jsonl'), '--output', out,
    '--rejects', join(work, 'rejects.jsonl'), '--report', join(work, 'report.json')]);
  assert.equal(r.code, 0, r.stderr);
  const kept = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(kept.length, 30, 'every valid record is kept');
  const byVisit = new Map(kept.map((k) => [k.visit, k]));
  for (let i = 0; i < 30; i++) {
    const k = byVisit.get(i);
    assert.ok(k, `visit ${i} kept`);
    assert.equal(k.icpc2, 'R05');
    if (i % 3 === 0) {
      assert.ok(!('rpps' in k), `visit ${i}: the objector's identifier is removed`);
      assert.equal(k.professional_objection, true, `visit ${i} flagged`);
    } else if (i % 3 === 1) {
      assert.equal(k.rpps, rppsToken(OTHER), `visit ${i}: the number is replaced by its token`);
      assert.ok(!('professional_objection' in k));
    } else {
      assert.ok(!('rpps' in k) && !('professional_objection' in k));
    }
  }
  const output = readFileSync(out, 'utf8');
  assert.ok(!output.includes(OBJECTOR) && !output.includes(OTHER), 'no clear RPPS in the output');
  assert.ok(!output.includes(rppsToken(OBJECTOR)), 'not even the objector\'s token');
  const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
  assert.equal(report.records, 33);
  assert.equal(report.kept, 30);
  assert.equal(report.excluded, 0);
  assert.equal(report.rejected, 3);
  assert.equal(report.rpps_field, 'rpps');
  assert.equal(report.rpps_tokenised, 10);
  assert.equal(report.professional_flagged, 10);
  const rejects = readFileSync(join(work, 'rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rejects.map((x) => x.line), [31, 32, 33]);
  assert.match(rejects[0].error, /rpps: must be exactly 11 digits/);
  assert.match(rejects[1].error, /rpps: must be exactly 11 digits/);
  assert.match(rejects[2].error, /rpps: must be digits only/);
  for (const x of rejects) assert.ok(!x.error.includes('1000123456'), 'a reject never quotes the value');
});

test('--server: the filter.run audit entry counts the RPPS numbers replaced and the records flagged', async () => {
  const secret = execFileSync(garantBin, ['token', 'create', 'ingest-rpps', '--role', 'ingestion',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  const tok = join(work, 'ingest.token');
  writeFileSync(tok, secret + '\n', { mode: 0o600 });
  const report = join(work, 'server.rep');
  const r = spawnSync(garantBin, ['filter', '--server', g.url, '--token-file', tok,
    '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'),
    '--input', join(work, 'batch.jsonl'), '--output', join(work, 'server.out'),
    '--rejects', join(work, 'server.rej'), '--report', report, '--rpps-field', 'rpps']);
  assert.equal(r.status, 0, r.stderr.toString());
  const rep = JSON.parse(readFileSync(report, 'utf8'));
  assert.ok(Number.isInteger(rep.audit_index), JSON.stringify(rep));
  const jar = new Jar();
  const login = await fetch(`${g.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'auditeur', password: 'garant-demo-auditeur', totp: await freshCode(g, 'auditeur') }),
  });
  assert.equal(login.status, 201);
  jar.store(login);
  const found = await (await fetch(`${g.url}/api/v1/audit/entries?type=filter.run`,
    { headers: { Cookie: jar.header() } })).json();
  const entry = found.entries.find((e) => e.index === rep.audit_index);
  assert.ok(entry, JSON.stringify(found));
  const p = entry.payload;
  assert.deepEqual([p.records, p.kept, p.excluded, p.rejected], [33, 30, 0, 3]);
  // 10 numbers replaced by their token, 10 records of the objector flagged:
  // the figures of the report, now in the log.
  assert.equal(p.rpps_field, 'rpps');
  assert.equal(p.rpps_tokenised, 10);
  assert.equal(p.professional_flagged, 10);
  assert.equal(p.rpps_tokenised, rep.rpps_tokenised);
  assert.equal(p.professional_flagged, rep.professional_flagged);
  // Never a number nor its token.
  const text = JSON.stringify(entry);
  for (const x of [OBJECTOR, OTHER, rppsToken(OBJECTOR), rppsToken(OTHER)]) assert.ok(!text.includes(x));
});

test('the field names are options; CSV keeps the column and adds the flag', () => {
  const jsonl = [
    JSON.stringify({ visit: 1, ...patient(1), medecin: OBJECTOR }),
    JSON.stringify({ visit: 2, ...patient(2), medecin: OTHER }),
  ].join('\n') + '\n';
  writeFileSync(join(work, 'renamed.jsonl'), jsonl);
  let r = runFilter(['--input', join(work, 'renamed.jsonl'), '--output', join(work, 'renamed.out'),
    '--report', join(work, 'renamed.rep'), '--rpps-field', 'medecin',
    '--professional-flag-field', 'medecin_oppose']);
  assert.equal(r.code, 0, r.stderr);
  const [a, b] = readFileSync(join(work, 'renamed.out'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(a.medecin_oppose, true);
  assert.ok(!('medecin' in a));
  assert.equal(b.medecin, rppsToken(OTHER));

  const csv = 'birth_name,given_names,birth_date,sex,rpps,note\n' +
    `Durand,Paul,1960-01-01,M,${OBJECTOR},a\nDurand,Paul,1960-01-02,M,${OTHER},b\n`;
  writeFileSync(join(work, 'batch.csv'), csv);
  r = runFilter(['--input', join(work, 'batch.csv'), '--output', join(work, 'csv.out'),
    '--report', join(work, 'csv.rep')]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readFileSync(join(work, 'csv.out'), 'utf8').trim().split('\n');
  assert.equal(rows[0], 'rpps,note,professional_objection,person_token');
  assert.match(rows[1], /^,a,true,[0-9a-f]{64}$/);
  assert.equal(rows[2].split(',').slice(0, 3).join(','), `${rppsToken(OTHER)},b,false`);
});

test('bad options exit 2 with nothing written', () => {
  const cases = [
    ['--rpps-field', 'birth_name'],
    ['--rpps-field', 'person_token'],
    ['--rpps-field', ''],
    ['--rpps-field', 'x', '--professional-flag-field', 'x'],
    ['--professional-flag-field', 'sex'],
  ];
  for (const [i, extra] of cases.entries()) {
    const out = join(work, `bad${i}.out`);
    const r = runFilter(['--input', join(work, 'batch.jsonl'), '--output', out, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.ok(!existsSync(out), `${extra.join(' ')}: output written`);
  }
});
