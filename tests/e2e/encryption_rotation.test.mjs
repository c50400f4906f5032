// Rotation of the encryption key end to end (docs/operations.md, "Rotating
// the encryption key"): an objection (with its contact) and the demo TOTP
// secrets are sealed under key A; `garant keys rotate-encryption`, with B as
// the key and A as the previous one, re-seals them all (audited at start and
// end; a second run finds nothing to do); garantd restarted with B alone
// then opens everything: the DPO logs in with TOTP and reads the identity,
// and the patients' receipt codes given under A still open the public status
// and withdrawal pages (one of them never used while both keys were there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, Jar, garantBin, staffLogin } from './lib/garantd.mjs';
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';

const g = new Garantd();
before(async () => { await g.start(); });
after(() => g.cleanup());

const TRAITS = { birth_name: 'Vasseur-Onfray', given_names: 'Léonie', birth_date: '1990-05-17', sex: 'F' };
const CONTACT = 'leonie.vasseur@example.org';

async function api(staff, path, init = {}) {
  return fetch(`${g.url}${path}`, { ...init, headers: { Cookie: staff.jar.header(), ...(init.headers ?? {}) } });
}

// A public form's CSRF session: its cookie jar and token.
async function formSession(path) {
  const jar = new Jar();
  const r = await fetch(`${g.url}${path}`);
  assert.equal(r.status, 200);
  jar.store(r);
  const m = (await r.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, `${path} carries its CSRF token`);
  return { jar, token: m[1] };
}

async function postForm(path, fields) {
  const s = await formSession(path);
  const r = await fetch(`${g.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.jar.header() },
    body: new URLSearchParams({ csrf_token: s.token, ...fields }).toString(),
    redirect: 'manual',
  });
  return { status: r.status, html: await r.text() };
}

function rotate(env, ...args) {
  const r = spawnSync(garantBin, ['keys', 'rotate-encryption', '--data-dir', g.dataDir, ...args],
    { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('rotate-encryption: A to B, resumable and audited; then B alone opens everything', async () => {
  let dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  // Sent with an Idempotency-Key: its answer is kept (sealed) for a retry.
  const keyed = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': dpo.csrf,
      'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ ...TRAITS, requester: 'patient', channel: 'phone', contact: CONTACT }),
  };
  let r = await api(dpo, '/api/v1/objections', keyed);
  const created = await r.text();
  assert.equal(r.status, 201, created);
  const { reference, code } = JSON.parse(created);
  // Two more patients, whose receipts are only used after the rotation.
  const receipts = [];
  for (const birth_name of ['Marchal', 'Besnard']) {
    r = await api(dpo, '/api/v1/objections', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': dpo.csrf },
      body: JSON.stringify({ ...TRAITS, birth_name, requester: 'patient', channel: 'phone' }),
    });
    assert.equal(r.status, 201);
    const receipt = await r.json();
    receipts.push({ reference: receipt.reference, code: receipt.code });
  }

  const keyA = join(g.dataDir, 'keys', 'encryption.key');
  const keyB = join(g.dataDir, 'keys', 'encryption-2.key');
  writeFileSync(keyB, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  await g.stop();
  const env = { GARANT_ENCRYPTION_KEY_FILE: keyB, GARANT_PREVIOUS_ENCRYPTION_KEY_FILE: keyA };

  // Bad input first: a batch that is not a number; the previous key as the current one.
  assert.equal(rotate(env, '--batch', '0').code, 2);
  assert.equal(rotate(env, '--batch', 'many').code, 2);
  const same = rotate({ GARANT_PREVIOUS_ENCRYPTION_KEY_FILE: keyA });
  assert.equal(same.code, 1);
  assert.match(same.err, /previous_encryption_key_file holds the current encryption key/);

  // The rotation, one row per transaction.
  let run = rotate(env, '--batch', '1');
  assert.equal(run.code, 0, run.err);
  const m = /: (\d+) objection\(s\) and (\d+) TOTP secret\(s\) re-sealed/.exec(run.out);
  assert.ok(m, run.out);
  assert.equal(Number(m[1]), 3);
  const secrets = Number(m[2]);
  assert.ok(secrets >= 2, `the demo's TOTP secrets: ${run.out}`);
  // Idempotent: nothing left to do.
  run = rotate(env);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /: 0 objection\(s\) and 0 TOTP secret\(s\) re-sealed/);

  // The first receipt is used while A is still the previous key.
  await g.start({ args: ['--encryption-key-file', keyB, '--previous-encryption-key-file', keyA] });
  let st = await postForm('/opposition/statut', { reference, code });
  assert.equal(st.status, 200, st.html);
  assert.match(st.html, /id="status-label"[^>]*>en vigueur</);
  await g.stop();

  // garantd with B alone: TOTP secrets and the identity open.
  await g.start({ args: ['--encryption-key-file', keyB] });
  // Every receipt code given under A still works, the ones never used during
  // the transition too: the status page, then the withdrawal.
  for (const rc of [{ reference, code }, ...receipts]) {
    st = await postForm('/opposition/statut', { reference: rc.reference, code: rc.code });
    assert.equal(st.status, 200, `${rc.reference}: ${st.html}`);
    assert.match(st.html, /id="status-label"[^>]*>en vigueur</, rc.reference);
  }
  const wrong = await postForm('/opposition/statut', { reference: receipts[0].reference, code: receipts[1].code });
  assert.equal(wrong.status, 404);
  const confirm = await postForm('/opposition/retrait', receipts[1]);
  assert.equal(confirm.status, 200, confirm.html);
  assert.match(confirm.html, /id="confirm-warning"/);
  const withdrawn = await postForm('/opposition/retrait', { ...receipts[1], confirm: 'oui' });
  assert.equal(withdrawn.status, 200, withdrawn.html);
  assert.match(withdrawn.html, /id="withdrawn-ok"/);
  st = await postForm('/opposition/statut', receipts[1]);
  assert.match(st.html, /id="status-label"[^>]*>retirée</);
  // No code in clear: each one's verifier is sealed, under B.
  assert.equal(g.psql('SELECT count(*) FROM objections WHERE code_hash IS NOT NULL OR code_sealed IS NULL').trim(), '0');
  dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  r = await api(dpo, `/api/v1/objections/${reference}?include=identity`);
  const body = await r.text();
  assert.equal(r.status, 200, body);
  const detail = JSON.parse(body);
  assert.equal(detail.identity.birth_name, TRAITS.birth_name);
  assert.equal(detail.identity.given_names, TRAITS.given_names);
  assert.equal(detail.contact, CONTACT);
  // The retry of the first request, with B alone: its kept answer was
  // re-sealed by the rotation, so the same answer comes back, nothing new.
  const retried = await api(dpo, '/api/v1/objections',
    { ...keyed, headers: { ...keyed.headers, 'X-CSRF-Token': dpo.csrf } });
  const retriedBody = await retried.text();
  assert.equal(retried.status, 201, retriedBody);
  assert.equal(retriedBody, created);
  assert.equal(g.psql('SELECT count(*) FROM idempotency_keys WHERE answer_key_id IN '
    + '(SELECT seal_key_id FROM objections)').trim(), '1');
  assert.equal(g.psql('SELECT count(*) FROM objections').trim(), '3');

  // Audited: a start and an end per run, with the counts, by the CLI.
  const auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  const entries = async (type) => (await (await fetch(`${g.url}/api/v1/audit/entries?type=${type}`,
    { headers: { Cookie: auditor.jar.header() } })).json()).entries;
  const started = await entries('keys.encryption_rotation_started');
  const completed = await entries('keys.encryption_rotation_completed');
  assert.equal(started.length, 2);
  assert.equal(completed.length, 2);
  for (const e of [...started, ...completed]) assert.equal(e.actor, 'service:garant-cli');
  const counts = completed.map((e) => [e.payload.objections, e.payload.totp_secrets]).sort();
  assert.deepEqual(counts, [[0, 0], [3, secrets]]);
  // Every receipt code kept: none left that only the old key could check.
  for (const e of completed) assert.equal(e.payload.receipt_codes_under_other_keys, 0);
  assert.deepEqual(completed.map((e) => e.payload.kept_answers).sort(), [0, 1]);
  const firstStart = started.find((e) => e.payload.objections_due === 3);
  assert.ok(firstStart, JSON.stringify(started));
  assert.equal(firstStart.payload.totp_secrets_due, secrets);
  assert.notEqual(String(firstStart.payload.previous_key_id), 'none');
  // Never a key in the log.
  const logged = JSON.stringify([...started, ...completed]);
  for (const k of [keyA, keyB]) assert.ok(!logged.includes(readFileSync(k, 'utf8').trim()));
});
