// Rotation of the pseudonymisation key end to end (docs/exclusion-lists.md §7):
// an objection is recorded under the first key; `garant keys rotate-pseudonym`
// re-tokenises it under a new key; garantd restarted with both keys publishes
// every version under the new key with a companion under the old one; an
// ingestion still on the old key and one already on the new key both drop
// the objector; a list under the other key is refused (exit 2); and once the
// previous key is unset, the old key's document is gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Garantd, Jar, garantBin, staffLogin } from './lib/garantd.mjs';
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';

const g = new Garantd();
const work = mkdtempSync(join(tmpdir(), 'garant-rotation-e2e-'));
const oldKey = () => join(g.dataDir, 'keys', 'pseudonymisation.key');
const newKey = () => join(g.dataDir, 'keys', 'pseudonymisation-2.key');
let secret = '';

before(async () => { await g.start(); });
after(() => { g.cleanup(); rmSync(work, { recursive: true, force: true }); });

const garant = (...args) => execFileSync(garantBin, [...args, '--data-dir', g.dataDir]).toString();
const api = (path) => fetch(`${g.url}${path}`, { headers: { Authorization: `Bearer ${secret}` } });

const OBJECTOR = { birth_name: 'Da Silva', given_names: 'João', birth_date: '1961-07-30', sex: 'M' };

function batch() {
  const lines = [];
  for (let i = 0; i < 50; i++) {
    lines.push(JSON.stringify({ visit: i, birth_name: `Nom-${i}`, given_names: 'Paul',
      birth_date: '1980-01-01', sex: 'M' }));
  }
  lines.splice(20, 0, JSON.stringify({ visit: 999, birth_name: 'DA SILVA', given_names: 'joao',
    birth_date: '1961-07-30', sex: 'm' }));
  return lines.join('\n') + '\n';
}

// Runs garant filter on the batch with `list` and `key`: exit code, stderr,
// and the visits kept (null when no output file was written).
function filter(list, key) {
  const listFile = join(work, `list-${Math.random()}.json`);
  writeFileSync(listFile, list);
  const input = join(work, 'batch.jsonl');
  writeFileSync(input, batch());
  const out = join(work, `out-${Math.random()}.jsonl`);
  const r = spawnSync(garantBin, ['filter', '--exclusions', listFile,
    '--verify-key', join(work, 'verify.key'), '--pseudonym-key', key,
    '--input', input, '--output', out, '--rejects', join(work, `rejects-${Math.random()}.jsonl`),
    '--report', join(work, `report-${Math.random()}.json`)]);
  const kept = existsSync(out)
    ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).visit)
    : null;
  return { code: r.status, stderr: r.stderr.toString(), kept };
}

// The 50 other people of the batch, in order: everyone but the objector (999).
const EVERYONE_ELSE = Array.from({ length: 50 }, (_, i) => i);

// garant filter succeeded (exit 0) and kept exactly everyone but the objector.
function assertObjectorDropped(list, key, what) {
  const r = filter(list, key);
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  assert.deepEqual(r.kept, EVERYONE_ELSE, what);
}

async function currentList(query = '') {
  const r = await api(`/api/v1/exclusions/current${query}`);
  return { status: r.status, text: await r.text(), keyHeader: r.headers.get('x-garant-pseudonym-key-id') };
}

async function waitFor(pred, what) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const v = await pred();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error(`timed out waiting for ${what}\n${g.output}`);
}

test('the key rotates without a moment where the objector is not excluded', async () => {
  secret = garant('token', 'create', 'ingest-rot', '--role', 'ingestion').trim().split('\n').pop();
  garant('consumer', 'add', 'ingest-rot');
  garant('keys', 'show-public', '--write-verify-key', join(work, 'verify.key'));
  const oldId = /pseudonym_key_id ([0-9a-f]{8})/.exec(garant('keys', 'show-public'))[1];

  // An objection under the first key.
  const { jar, csrf } = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const created = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: jar.header(), 'X-CSRF-Token': csrf },
    body: JSON.stringify({ ...OBJECTOR, requester: 'patient', channel: 'phone' }),
  });
  assert.equal(created.status, 201, await created.text());
  const before = await waitFor(async () => {
    const c = await currentList();
    return c.status === 200 && JSON.parse(c.text).token_count > 0 ? c : null;
  }, 'a list carrying the objection');
  assert.equal(JSON.parse(before.text).pseudonym_key_id, oldId);
  assertObjectorDropped(before.text, oldKey(), 'the list under the first key');

  // Prepare the rotation while garantd is stopped (it could run: the tokens it
  // adds meanwhile are completed at its next start).
  await g.stop();
  const rot = spawnSync(garantBin, ['keys', 'rotate-pseudonym', '--data-dir', g.dataDir,
    '--new-key-file', newKey()]);
  assert.equal(rot.status, 0, rot.stderr.toString());
  const out = rot.stdout.toString();
  const newId = new RegExp(`pseudonym key ([0-9a-f]{8}) \\(in .*\\) replaces ${oldId}`).exec(out)[1];
  assert.match(out, /1 objection\(s\) received tokens/);
  assert.equal(statSync(newKey()).mode & 0o777, 0o600);
  // Resumable: a second run finds nothing left to do.
  const again = spawnSync(garantBin, ['keys', 'rotate-pseudonym', '--data-dir', g.dataDir,
    '--new-key-file', newKey()]);
  assert.equal(again.status, 0, again.stderr.toString());
  assert.match(again.stdout.toString(), /0 objection\(s\) received tokens/);
  // The same key as current and previous is refused.
  const same = spawnSync(garantBin, ['keys', 'rotate-pseudonym', '--data-dir', g.dataDir,
    '--new-key-file', oldKey()]);
  assert.notEqual(same.status, 0);
  assert.match(same.stderr.toString(), /previous_pseudonymisation_key_file/);

  // The transition: both keys.
  await g.start({ args: ['--pseudonymisation-key-file', newKey(),
    '--previous-pseudonymisation-key-file', oldKey()] });
  const primary = await waitFor(async () => {
    const c = await currentList();
    return c.status === 200 && JSON.parse(c.text).pseudonym_key_id === newId ? c : null;
  }, 'a version under the new key');
  assert.equal(primary.keyHeader, newId);
  const companion = await currentList(`?pseudonym_key_id=${oldId}`);
  assert.equal(companion.status, 200, companion.text);
  assert.equal(companion.keyHeader, oldId);
  assert.equal(JSON.parse(companion.text).version, JSON.parse(primary.text).version);
  assert.equal(JSON.parse(companion.text).token_count, JSON.parse(primary.text).token_count);
  assert.equal((await currentList('?pseudonym_key_id=NOTHEX!!')).status, 400);

  // Both ingestions drop the objector, and only them.
  assertObjectorDropped(primary.text, newKey(), 'the primary list (new key)');
  assertObjectorDropped(companion.text, oldKey(), 'the companion list (old key)');
  // A list under the other key is refused before any record is read.
  const wrong = filter(primary.text, oldKey());
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /wrong_pseudonym_key/);
  assert.equal(wrong.kept, null, 'no output written');

  // The consumer acknowledges under the new key; the DPO sees it.
  const ack = await fetch(`${g.url}/api/v1/exclusions/ack`, {
    method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: JSON.parse(primary.text).version, purged: 0, pseudonym_key_id: newId }),
  });
  assert.equal(ack.status, 201, await ack.text());
  assert.match(garant('consumer', 'list'), new RegExp(`ingest-rot\\t-\\t-\\t\\d+\\t${newId}`));

  // The auditor sees the re-tokenisation, both documents of the version and the acknowledgement.
  const { jar: aud } = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  const entries = async (q) => (await (await fetch(`${g.url}/api/v1/audit/entries?${q}`,
    { headers: { Cookie: aud.header() } })).json()).entries;
  const ret = await entries('type=objection.retokenised');
  assert.equal(ret.length, 1);
  assert.equal(ret[0].payload.key_id, newId);
  assert.equal(ret[0].payload.tokens.length, 1);
  const prepared = await entries('type=keys.pseudonym_rotation_prepared');
  assert.equal(prepared.length, 2);  // the rotation and its resumption
  assert.equal(prepared[0].actor, 'service:garant-cli');
  assert.deepEqual([prepared[0].payload.previous_key_id, prepared[0].payload.new_key_id], [oldId, newId]);
  // The operator's other CLI actions are in the log too, without any secret.
  const tok = await entries('type=service_token.created');
  assert.ok(tok.some((e) => e.payload.name === 'ingest-rot' && e.payload.role === 'ingestion'));
  assert.ok(!JSON.stringify(tok).includes(secret));
  assert.equal((await entries('type=exclusion.consumer.added&object=exclusion-consumer/ingest-rot')).length, 1);
  const version = JSON.parse(primary.text).version;
  const pub = await entries(`type=exclusion.list.published&object=exclusion-list/${version}`);
  assert.equal(pub.length, 1);
  assert.deepEqual(pub[0].payload.documents.map((d) => d.pseudonym_key_id), [newId, oldId]);
  const acked = await entries(`type=exclusion.list.acknowledged&object=exclusion-list/${version}`);
  assert.equal(acked.length, 1);
  assert.equal(acked[0].payload.pseudonym_key_id, newId);
  assert.equal(acked[0].payload.purged, 0);

  // The DPO's console page shows the transition: the companion's key and the key acknowledged.
  const page = await (await fetch(`${g.url}/console/exclusions`, { headers: { Cookie: jar.header() } })).text();
  assert.match(page, new RegExp(`class="mono other-key">${oldId}`));
  assert.match(page, new RegExp(`id="consumer-ingest-rot"[\\s\\S]*class="small mono acked-key">clé ${newId}`));

  // The end: the previous key unset; its document is no longer served.
  await g.stop();
  await g.start({ args: ['--pseudonymisation-key-file', newKey()] });
  await waitFor(async () => (await currentList(`?pseudonym_key_id=${oldId}`)).status === 404,
    'the old key document to go');
  const last = await currentList();
  assert.equal(last.status, 200);
  assert.equal(JSON.parse(last.text).pseudonym_key_id, newId);
  assertObjectorDropped(last.text, newKey(), 'the list after the previous key is unset');
  // The old key can no longer read the current list: refused, nothing written.
  const stale = filter(last.text, oldKey());
  assert.equal(stale.code, 2);
  assert.equal(stale.kept, null);
});
