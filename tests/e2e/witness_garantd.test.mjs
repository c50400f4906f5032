// garantd asks witnesses to cosign its checkpoints (docs/audit-log.md,
// "Witnesses"): two real `garant witness serve`, one witness that is down (a
// socket that closes every connection) and one that saw another history of
// the log. The cosignatures on /tlog/checkpoint are checked by node:crypto
// (lib/witness.mjs, lib/tlog.mjs), the refusal is an audit entry, a metric and
// a word in /readyz, and the down witness delays nothing.
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, closingListener, garantBin, staffLogin } from './lib/garantd.mjs';
import { openCheckpoint } from './lib/tlog.mjs';
import { WitnessProcess, verifyCosignatures } from './lib/witness.mjs';

const g = new Garantd();
const witnesses = {};  // id → { vkey, proc }
let down;
let logKey;
let origin;
let conf;

async function checkpoint() {
  const r = await fetch(`${g.url}/tlog/checkpoint`);
  assert.equal(r.status, 200);
  return r.text();
}

// The checkpoint's text and its signature lines.
function split(note) {
  const sep = note.indexOf('\n\n');
  return { text: note.slice(0, sep + 1), lines: note.slice(sep + 2) };
}

// Grows the log (a staff login appends an entry) and waits until the latest
// checkpoint covers it and carries a cosignature by each of `ids`.
async function grownAndCosigned(ids, timeoutMs = 15000) {
  const before = openCheckpoint(await checkpoint(), logKey).size;
  await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  const deadline = Date.now() + timeoutMs;
  let note;
  while (Date.now() < deadline) {
    note = await checkpoint();
    const cp = openCheckpoint(note, logKey);  // the log's own signature, checked by node:crypto
    if (cp.size > before) {
      const { text, lines } = split(note);
      const got = ids.filter((id) => verifyCosignatures(text, lines, witnesses[id].vkey).length === 1);
      if (got.length === ids.length) return { note, size: cp.size, elapsed: Date.now() };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not cosigned by ${ids.join(', ')} in time; last checkpoint:\n${note}`);
}

async function metrics() {
  return (await fetch(`${g.url}/metrics`)).text();
}

before(async () => {
  // garantd's log key (made at its first start in the data directory).
  await g.start();
  const pk = await (await fetch(`${g.url}/api/v1/audit/public-key`)).json();
  logKey = pk.key;
  origin = pk.origin;
  await g.stop();

  for (const id of ['cse', 'asso', 'fork']) {
    const dir = join(g.dataDir, `witness-${id}`);
    mkdirSync(join(dir, 'state'), { recursive: true });
    const key = join(dir, 'key');
    const vkey = execFileSync(garantBin, ['witness', 'init', '--key', key, '--name', `${id}.witness.test`]).toString().trim();
    if (id === 'fork') {
      // This witness has seen a larger tree of this origin, with another
      // root: whatever garantd sends now is inconsistent with it.
      const file = `log-${createHash('sha256').update(origin).digest('hex')}`;
      writeFileSync(join(dir, 'state', file),
        `garant-witness-state-v1\n${origin}\n1000000\n${Buffer.alloc(32, 9).toString('base64')}\n`, { mode: 0o600 });
    }
    const proc = new WitnessProcess({ key, state: join(dir, 'state'), logs: [`${origin}=${logKey}`] });
    await proc.start();
    witnesses[id] = { vkey, proc };
  }
  down = await closingListener();
  const downKey = execFileSync(garantBin, ['witness', 'init', '--key', join(g.dataDir, 'down.key'), '--name', 'down.witness.test']).toString().trim();
  conf = join(g.dataDir, 'witnesses.conf');
  writeFileSync(conf, [
    'audit_witness_quorum = 2',
    'audit_witness_timeout_ms = 1000',
    ...['cse', 'asso', 'fork'].flatMap((id) => [`[audit.witness.${id}]`, `key = ${witnesses[id].vkey}`,
      `url = ${witnesses[id].proc.url}`, `label = Témoin ${id}`]),
    '[audit.witness.down]', `key = ${downKey}`, `url = http://127.0.0.1:${down.port}`, '',
  ].join('\n'));
  await g.start({ args: ['--config', conf] });
});

// Everything is stopped even when one stop fails (a witness that exited on a
// signal): a garantd left running would keep this process alive until the
// suite's timeout. The first failure is reported after.
after(async () => {
  const failures = [];
  for (const w of Object.values(witnesses)) {
    try { await w.proc.stop(); } catch (e) { failures.push(e); }
  }
  try { await down?.close(); } catch (e) { failures.push(e); }
  try { await g.stop(); } catch (e) { failures.push(e); }
  g.cleanup();
  if (failures.length > 0) throw failures[0];
});

test('the checkpoint is served with the cosignatures of both witnesses', async () => {
  const started = Date.now();
  const { note } = await grownAndCosigned(['cse', 'asso']);
  // The down witness (1 s timeout) delays nothing much.
  assert.ok(Date.now() - started < 10000, `took ${Date.now() - started} ms`);
  const { text, lines } = split(note);
  // Exactly one log signature and one cosignature per answering witness.
  assert.equal(lines.trim().split('\n').length, 3, note);
  // A cosignature moved onto another checkpoint does not verify (the check can fail).
  assert.throws(() => verifyCosignatures(text.replace(/\n\d+\n/, '\n1\n'), lines, witnesses.cse.vkey));
  // Growing again: cosigned again.
  await grownAndCosigned(['cse', 'asso']);
  // garant audit verify URL --witness ... --quorum: the whole log, and its cosigned checkpoint.
  const out = execFileSync(garantBin, ['token', 'create', 'verificateur-temoins', '--role', 'auditor', '--data-dir', g.dataDir]).toString();
  const tokenFile = join(g.dataDir, 'auditor.token');
  writeFileSync(tokenFile, `${out.trim().split('\n').pop()}\n`, { mode: 0o600 });
  // The token's creation is an entry: wait until the checkpoint covering it is cosigned.
  await grownAndCosigned(['cse', 'asso']);
  const verify = (...extra) => {
    try {
      return { code: 0, out: execFileSync(garantBin, ['audit', 'verify', `${g.url}/`, '--key', logKey, '--token-file', tokenFile, ...extra], { stdio: 'pipe' }).toString() };
    } catch (e) { return { code: e.status, out: e.stdout.toString() + e.stderr.toString() }; }
  };
  // Reading entry bundles is itself recorded (an entry, then a checkpoint a
  // second later, cosigned a moment after): a run may catch that checkpoint
  // before its cosignatures; the next one, two seconds later, does not.
  let both;
  for (let i = 0; i < 8; i++) {
    both = verify('--witness', witnesses.cse.vkey, '--witness', witnesses.asso.vkey, '--quorum', '2');
    if (both.code === 0 || !/NOT YET COSIGNED/.test(both.out)) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  assert.equal(both.code, 0, both.out);
  assert.match(both.out, /^OK: /m);
  assert.match(both.out, /^cosigned: 2\/2 witnesses: asso\.witness\.test .* cse\.witness\.test/m);
  const refusing = verify('--witness', witnesses.fork.vkey);
  assert.equal(refusing.code, 1, refusing.out);
  assert.match(refusing.out, /^NOT YET COSIGNED: the latest checkpoint has 0\/1/m);
  const m = await metrics();
  assert.match(m, /garant_witness_cosignatures_total\{witness="cse\.witness\.test"\} [1-9]/);
  assert.match(m, /garant_witness_failures_total\{witness="down\.witness\.test"\} [1-9]/);
  assert.match(m, /garant_witness_quorum 2/);
});

test('a witness that saw another history refuses: audit entry, metric, /readyz', async () => {
  const deadline = Date.now() + 15000;
  let m = '';
  while (Date.now() < deadline) {
    m = await metrics();
    if (/garant_witness_refusing\{witness="fork\.witness\.test"\} 1/.test(m)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(m, /garant_witness_refusing\{witness="fork\.witness\.test"\} 1/);
  assert.match(m, /garant_witness_refusals_total\{witness="fork\.witness\.test"\} [1-9]/);
  assert.match(m, /garant_witness_refusing\{witness="cse\.witness\.test"\} 0/);
  const ready = await fetch(`${g.url}/readyz`);
  assert.equal(ready.status, 200);  // still serving: an alert, not an outage
  assert.equal((await ready.json()).witnesses, 'refused');
  const rows = g.psql("SELECT object, p->>'witness', p->>'http_status', p->>'witness_size' FROM (" +
    "SELECT object, split_part(convert_from(leaf, 'UTF8'), E'\\n\\n', 2)::jsonb AS p FROM audit_entries " +
    "WHERE event_type = 'audit.witness.refused') e").trim().split('\n');
  assert.equal(rows.length, 1, rows.join('|'));  // once per episode, not per checkpoint
  assert.equal(rows[0], 'witness/fork|fork.witness.test|409|1000000');
  // The DPO's desk says so.
  const dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const desk = await (await fetch(`${g.url}/audit`, { headers: { Cookie: dpo.jar.header() } })).text();
  assert.match(desk, /id="overview-witness-alert"/);
  assert.match(desk, /<li>Témoin fork : REFUSE de cosigner : il a vu une autre histoire du journal<\/li>/);
  assert.match(desk, /<li>Témoin cse : a cosigné le point de contrôle de \d+ entrées<\/li>/);
  assert.match(desk, /<li>down\.witness\.test : injoignable pour l&#39;instant<\/li>/);
  // Its state is untouched, and no cosignature of it is served.
  const { text, lines } = split(await checkpoint());
  assert.equal(verifyCosignatures(text, lines, witnesses.fork.vkey).length, 0);
});

test('a garantd restarted without memory of the witnesses catches up with them', async () => {
  await g.stop();
  await g.start({ args: ['--config', conf] });
  await grownAndCosigned(['cse', 'asso']);
});

// A patient's receipt: the objection's .tlog-proof from the public status form.
async function patientProof(created) {
  const jar = {};
  const page = await fetch(`${g.url}/opposition/statut`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  Object.assign(jar, { cookie });
  const r = await fetch(`${g.url}/opposition/preuve`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.cookie },
    body: new URLSearchParams({ csrf_token: token, reference: created.reference, code: created.code }).toString(),
    redirect: 'manual',
  });
  return { status: r.status, text: await r.text() };
}

function verifyProof(file, ...args) {
  try {
    return { code: 0, out: execFileSync(garantBin, ['audit', 'verify-proof', file, '--key', logKey, ...args], { stdio: 'pipe' }).toString() };
  } catch (e) {
    return { code: e.status, out: e.stdout.toString() + e.stderr.toString() };
  }
}

test('a patient\'s receipt verifies offline with verify-proof --quorum 2 (English and French)', async () => {
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  const body = { birth_name: 'Curie', given_names: 'Marie', birth_date: '1967-11-07', sex: 'F', requester: 'patient', channel: 'letter' };
  const r = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await r.text();
  assert.equal(r.status, 201, answer);
  const created = JSON.parse(answer);
  // Wait for a proof whose checkpoint carries both witnesses' cosignatures.
  let proof;
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    proof = await patientProof(created);
    if (proof.status === 200) {
      const cp = proof.text.slice(proof.text.indexOf('\n\n') + 2);
      const { text, lines } = split(cp);
      if (['cse', 'asso'].every((id) => verifyCosignatures(text, lines, witnesses[id].vkey).length === 1)) break;
    }
    await new Promise((res) => setTimeout(res, 300));
  }
  assert.equal(proof.status, 200, proof.text);
  const file = join(g.dataDir, `${created.reference}.tlog-proof`);
  writeFileSync(file, proof.text);
  const ok = verifyProof(file, '--witness', witnesses.cse.vkey, '--witness', witnesses.asso.vkey, '--quorum', '2');
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /^VALID, COSIGNED: entry \d+ of the audit log .* objection\.created/m);
  assert.match(ok.out, /Cosigned by 2\/2 independent witnesses/);
  assert.match(ok.out, /^VALIDE, COSIGNÉE : l'entrée \d+ du journal d'audit/m);
  assert.match(ok.out, /cse\.witness\.test/);

  // The witness that refused has not cosigned: quorum 3 of 3 is not met.
  const three = verifyProof(file, '--witness', witnesses.cse.vkey, '--witness', witnesses.asso.vkey,
    '--witness', witnesses.fork.vkey, '--quorum', '3');
  assert.equal(three.code, 1, three.out);
  assert.match(three.out, /VALID, NOT YET COSIGNED/);
  assert.match(three.out, /PAS ENCORE COSIGNÉE/);
  assert.match(three.out, /Not yet cosigned: 2\/3/);

  // Without witnesses: valid, and it says what that does not prove.
  const bare = verifyProof(file);
  assert.equal(bare.code, 0, bare.out);
  assert.match(bare.out, /No witness given/);

  // A forged receipt: another leaf, or a cosignature moved to another checkpoint.
  const lines = proof.text.split('\n');
  const extra = Buffer.from(lines[1].slice(6), 'base64');
  extra[extra.length - 2] ^= 1;
  const forged = join(g.dataDir, 'forged.tlog-proof');
  writeFileSync(forged, [lines[0], `extra ${extra.toString('base64')}`, ...lines.slice(2)].join('\n'));
  const bad = verifyProof(forged, '--witness', witnesses.cse.vkey);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /^INVALID: /m);
  assert.match(bad.out, /^INVALIDE : /m);
  const wrongKey = verifyProof(file, '--witness', witnesses.fork.vkey.replace('fork.', 'cse.'));
  assert.equal(wrongKey.code, 2, wrongKey.out);  // a key whose id does not match its name
});

test('the public page /preuve names the witnesses and their keys, passes axe-core, is linked', async () => {
  const { launch } = await import('./lib/browser.mjs');
  const { axeViolations } = await import('./lib/axe.mjs');
  const { repoRoot } = await import('./lib/garantd.mjs');
  const shots = join(repoRoot, 'build', 'e2e-screenshots');
  mkdirSync(shots, { recursive: true });
  const browser = await launch();
  try {
    const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const res = await page.goto(`${g.url}/preuve`);
    assert.equal(res.status(), 200);
    assert.equal(await page.textContent('h1'), "Vérifier une preuve d'enregistrement");
    const items = await page.locator('#proof-witnesses li').allTextContents();
    assert.equal(items.length, 4);
    assert.ok(items.some((t) => t.includes('Témoin cse') && t.includes(witnesses.cse.vkey)), items.join('|'));
    assert.match(await page.textContent('#proof-quorum'), /au moins 2 témoin\(s\) sur 4/);
    assert.equal(await page.textContent('#proof-log-key'), logKey);
    const command = await page.textContent('#proof-command');
    assert.match(command, /^garant audit verify-proof MA-PREUVE\.tlog-proof --key \S+/);
    assert.equal((command.match(/--witness /g) ?? []).length, 4);
    assert.match(command, /--quorum 2$/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(shots, 'preuve.png'), fullPage: true });
    // Linked from the status page's proof section, the site map.
    const sitemap = await (await fetch(`${g.url}/plan-du-site`)).text();
    assert.match(sitemap, /href="\/preuve"/);
    await page.close();
  } finally {
    await browser.close();
  }
});

test('split view: another database signed with the same key is refused by the witnesses, and its receipts fail --quorum 1', async () => {
  // The operator (or an intruder with the key) runs a second log under the
  // same key and origin: a rebuilt or restored database that went another way.
  const fork = new Garantd();
  const forkConf = join(fork.dataDir, 'witnesses.conf');
  writeFileSync(forkConf, [
    'audit_witness_timeout_ms = 1000',
    ...['cse', 'asso'].flatMap((id) => [`[audit.witness.${id}]`, `key = ${witnesses[id].vkey}`, `url = ${witnesses[id].proc.url}`]), '',
  ].join('\n'));
  const before = await grownAndCosigned(['cse', 'asso']);
  try {
    await fork.start({ args: ['--config', forkConf, '--signing-key-file', join(g.dataDir, 'keys', 'signing.key')] });
    assert.equal((await (await fetch(`${fork.url}/api/v1/audit/public-key`)).json()).key, logKey);
    // Both witnesses refuse the forked log: the alert is raised on it.
    const deadline = Date.now() + 20000;
    let m = '';
    while (Date.now() < deadline) {
      m = await (await fetch(`${fork.url}/metrics`)).text();
      if (/garant_witness_refusing\{witness="cse\.witness\.test"\} 1/.test(m) &&
          /garant_witness_refusing\{witness="asso\.witness\.test"\} 1/.test(m)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(m, /garant_witness_refusing\{witness="cse\.witness\.test"\} 1/);
    assert.match(m, /garant_witness_refusing\{witness="asso\.witness\.test"\} 1/);
    assert.equal((await (await fetch(`${fork.url}/readyz`)).json()).witnesses, 'refused');
    assert.equal(fork.psql("SELECT count(*) FROM audit_entries WHERE event_type = 'audit.witness.refused'").trim(), '2');
    // A patient's receipt from the forked log: valid under the key, never cosigned.
    const staff = await staffLogin(fork, 'dpo', 'garant-demo-dpo');
    const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
    const body = { birth_name: 'Germain', given_names: 'Sophie', birth_date: '1976-04-01', sex: 'F', requester: 'patient', channel: 'letter' };
    const r = await fetch(`${fork.url}/api/v1/objections`, { method: 'POST', headers, body: JSON.stringify(body) });
    const created = JSON.parse(await r.text());
    let proof;
    for (let i = 0; i < 60; i++) {
      const page = await fetch(`${fork.url}/opposition/statut`);
      const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const token = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
      const res = await fetch(`${fork.url}/opposition/preuve`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: new URLSearchParams({ csrf_token: token, reference: created.reference, code: created.code }).toString(),
      });
      proof = { status: res.status, text: await res.text() };
      if (proof.status === 200) break;
      await new Promise((res2) => setTimeout(res2, 500));
    }
    assert.equal(proof.status, 200, proof.text);
    const file = join(fork.dataDir, 'forked.tlog-proof');
    writeFileSync(file, proof.text);
    const one = verifyProof(file, '--witness', witnesses.cse.vkey, '--witness', witnesses.asso.vkey, '--quorum', '1');
    assert.equal(one.code, 1, one.out);
    assert.match(one.out, /VALID, NOT YET COSIGNED/);
    assert.match(one.out, /Not yet cosigned: 0\/1/);
    // The witnesses kept the honest log's state: it is still cosigned as it grows.
    await grownAndCosigned(['cse', 'asso']);
    assert.ok(before.size > 0);
  } finally {
    await fork.stop();
    fork.cleanup();
  }
});
