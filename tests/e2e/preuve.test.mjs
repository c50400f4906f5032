// The receipt verified in the browser (/preuve, webui/static/preuve.mjs) and
// the cosignatures of a trail export (`garant audit verify-export --witness`):
// garantd with two real `garant witness serve`, a patient's real receipt
// (.tlog-proof from the public status form), cosigned by both.
// - In headless Chromium: the valid receipt verifies and says so in French;
//   a flipped byte in the leaf, a wrong sibling hash, a checkpoint signed by
//   another key, a truncated file and a forged cosignature each show their
//   French failure; no CSP violation, no script error; axe-clean; without
//   JavaScript the page hides the form and explains the command.
// - In Node: the page's verifier (the same file, imported) and `garant audit
//   verify-proof` agree on every file (valid, invalid, not yet cosigned).
// - verify-export --witness: enough, too few and forged cosignatures.
// - Key ids and cosignatures checked against an independent computation
//   (node:crypto) from a fixed seed.
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, garantBin, repoRoot, staffLogin } from './lib/garantd.mjs';
import { launch } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';
import { NodeLog, WitnessProcess, verifyCosignatures } from './lib/witness.mjs';
import { verifyReceipt } from '../../webui/static/preuve.mjs';

const g = new Garantd();
const witnesses = {};  // id → { vkey, proc }
let idle;              // a witness key nobody runs: a quorum of 3 is never met
let logKey;
let origin;
let receipt;           // the patient's receipt, cosigned by cse and asso
let browser;
const SHOTS = '/tmp/tlogweb';

const split = (note) => {
  const sep = note.lastIndexOf('\n\n');
  return { text: note.slice(0, sep + 1), lines: note.slice(sep + 2) };
};
const cosignedByBoth = (note) => {
  const { text, lines } = split(note);
  return ['cse', 'asso'].every((id) => verifyCosignatures(text, lines, witnesses[id].vkey).length === 1);
};

async function patientProof(created) {
  const page = await fetch(`${g.url}/opposition/statut`);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  const r = await fetch(`${g.url}/opposition/preuve`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf_token: token, reference: created.reference, code: created.code }).toString(),
  });
  return { status: r.status, text: await r.text() };
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await g.start();
  const pk = await (await fetch(`${g.url}/api/v1/audit/public-key`)).json();
  logKey = pk.key;
  origin = pk.origin;
  await g.stop();
  for (const id of ['cse', 'asso']) {
    const dir = join(g.dataDir, `witness-${id}`);
    mkdirSync(join(dir, 'state'), { recursive: true });
    const key = join(dir, 'key');
    const vkey = execFileSync(garantBin, ['witness', 'init', '--key', key, '--name', `${id}.witness.test`]).toString().trim();
    const proc = new WitnessProcess({ key, state: join(dir, 'state'), logs: [`${origin}=${logKey}`] });
    await proc.start();
    witnesses[id] = { vkey, proc };
  }
  idle = execFileSync(garantBin, ['witness', 'init', '--key', join(g.dataDir, 'idle.key'), '--name', 'idle.witness.test']).toString().trim();
  const conf = join(g.dataDir, 'witnesses.conf');
  writeFileSync(conf, [
    'audit_witness_quorum = 2',
    'audit_witness_timeout_ms = 2000',
    ...['cse', 'asso'].flatMap((id) => [`[audit.witness.${id}]`, `key = ${witnesses[id].vkey}`,
      `url = ${witnesses[id].proc.url}`, `label = Témoin ${id}`]), '',
  ].join('\n'));
  await g.start({ args: ['--config', conf] });

  // A patient's objection and its receipt, once cosigned by both witnesses.
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  const body = { birth_name: 'Curie', given_names: 'Marie', birth_date: '1967-11-07', sex: 'F', requester: 'patient', channel: 'letter' };
  const r = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await r.text();
  assert.equal(r.status, 201, answer);
  const created = JSON.parse(answer);
  const deadline = Date.now() + 30000;
  let proof;
  while (Date.now() < deadline) {
    proof = await patientProof(created);
    if (proof.status === 200 && cosignedByBoth(proof.text.slice(proof.text.indexOf('\n\n') + 2))) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  assert.equal(proof.status, 200, proof.text);
  receipt = { text: proof.text, reference: created.reference, index: /\nindex (\d+)\n/.exec(proof.text)[1] };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const w of Object.values(witnesses)) await w.proc.stop();
  await g.stop();
  g.cleanup();
});

// ---- the altered receipts ----

const b64 = (b) => Buffer.from(b).toString('base64');

// The receipt with one bit of its leaf (the `extra` line) flipped.
function flippedLeaf(text) {
  const lines = text.split('\n');
  const leaf = Buffer.from(lines[1].slice(6), 'base64');
  leaf[leaf.length - 3] ^= 1;
  return [lines[0], `extra ${b64(leaf)}`, ...lines.slice(2)].join('\n');
}

// The receipt with its first inclusion hash (the leaf's sibling) replaced.
function wrongSibling(text) {
  const lines = text.split('\n');
  assert.match(lines[3], /^[A-Za-z0-9+/]{43}=$/, 'the receipt has no inclusion hash');
  const h = Buffer.from(lines[3], 'base64');
  h[0] ^= 0x80;
  lines[3] = b64(h);
  return lines.join('\n');
}

// The checkpoint signed by another key of the same name instead of the log's
// (the witnesses' cosignatures are kept: they are over the same text).
function otherKey(text) {
  const at = text.indexOf('\n\n') + 2;
  const note = text.slice(at);
  const { text: body, lines } = split(note);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.concat([Buffer.from([1]), Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url')]);
  const id = createHash('sha256').update(`${origin}\n`).update(raw).digest().subarray(0, 4);
  const sig = `\u2014 ${origin} ${b64(Buffer.concat([id, sign(null, Buffer.from(body), privateKey)]))}`;
  const others = lines.split('\n').filter((l) => l && !l.startsWith(`\u2014 ${origin} `));
  return `${text.slice(0, at)}${body}\n${[sig, ...others].join('\n')}\n`;
}

// The receipt cut in the middle of its inclusion hashes.
const truncated = (text) => text.slice(0, text.indexOf('\n\n') - 20);

// One byte of the cse witness's signature changed (its key id kept).
function forgedCosignature(text) {
  const name = 'cse.witness.test';
  return text.replace(new RegExp(`(\u2014 ${name.replace(/\./g, '\\.')} )([A-Za-z0-9+/=]+)`), (_, p, sig) => {
    const raw = Buffer.from(sig, 'base64');
    raw[40] ^= 1;
    return p + b64(raw);
  });
}

const VARIANTS = {
  valid: (t) => t,
  'flipped leaf byte': flippedLeaf,
  'wrong sibling hash': wrongSibling,
  'checkpoint signed by another key': otherKey,
  truncated,
  'forged cosignature': forgedCosignature,
};

// ---- the browser ----

async function openPreuve() {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const problems = [];
  // Every console error or warning is a problem (a CSP violation is one),
  // but the browser's own request for /favicon.ico (garant has none).
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    if (/favicon\.ico/.test(m.location().url ?? '')) return;
    problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const res = await page.goto(`${g.url}/preuve`);
  assert.equal(res.status(), 200);
  await page.locator('#proof-check').waitFor({ state: 'visible' });
  return { page, problems };
}

async function check(page, name, text) {
  await page.evaluate(() => { document.getElementById('proof-result').className = 'proof-result'; });
  await page.setInputFiles('#proof-file', { name: `${name}.tlog-proof`, mimeType: 'text/plain', buffer: Buffer.from(text) });
  const out = page.locator('#proof-result');
  await page.waitForFunction(() => /proof-(valid|invalid|not-cosigned|unchecked)/.test(document.getElementById('proof-result').className));
  return { cls: await out.getAttribute('class'), text: (await out.innerText()).replace(/\s+/g, ' ').trim() };
}

test('/preuve verifies a real receipt in Chromium (WebCrypto SHA-256 and Ed25519), and says so in French', async () => {
  const { page, problems } = await openPreuve();
  try {
    const r = await check(page, receipt.reference, receipt.text);
    assert.equal(r.cls, 'proof-result proof-valid', r.text);
    assert.match(r.text, new RegExp(`^Cette preuve est valide : votre enregistrement n° ${receipt.index} est inclus dans le journal signé par .+ et cosigné le \\d\\d/\\d\\d/\\d{4} à \\d\\d:\\d\\d par 2 témoins indépendants \\(2 requis\\)\\.`));
    assert.match(r.text, /Votre enregistrement : opposition enregistrée le \d\d\/\d\d\/\d{4} à \d\d:\d\d, référence /);
    assert.ok(r.text.includes(receipt.reference), r.text);
    assert.match(r.text, /Témoins : Témoin asso \(le .*\), Témoin cse \(le .*\)|Témoins : Témoin cse \(le .*\), Témoin asso \(le .*\)/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'preuve-valide.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('/preuve shows the right French failure for each altered receipt', async () => {
  const expect = {
    'flipped leaf byte': new RegExp(`^Cette preuve n’est pas valide\\. Le chemin d'empreintes ne relie pas votre enregistrement n° ${receipt.index} à l'état signé du registre : l'enregistrement ou le chemin a été modifié\\.$`),
    'wrong sibling hash': new RegExp(`^Cette preuve n’est pas valide\\. Le chemin d'empreintes ne relie pas votre enregistrement n° ${receipt.index} à l'état signé du registre`),
    'checkpoint signed by another key': /^Cette preuve n’est pas valide\. L'état du registre de ce fichier n'est pas signé par la clé de .+ : cette preuve ne vient pas de son registre, ou elle a été modifiée\.$/,
    truncated: /^Cette preuve n’est pas valide\. Ce fichier n'est pas une preuve complète au format c2sp\.org\/tlog-proof \(.+\)\. Il est peut-être incomplet ou abîmé/,
    'forged cosignature': /^Cette preuve n’est pas valide\. La cosignature du témoin « Témoin cse » est fausse : le fichier a été modifié\.$/,
  };
  const { page, problems } = await openPreuve();
  try {
    for (const [name, re] of Object.entries(expect)) {
      const r = await check(page, name.replace(/ /g, '-'), VARIANTS[name](receipt.text));
      assert.equal(r.cls, 'proof-result proof-invalid', `${name}: ${r.text}`);
      assert.match(r.text, re, name);
      if (name === 'wrong sibling hash') {
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot({ path: join(SHOTS, 'preuve-invalide.png'), fullPage: true });
      }
      // The valid one again: the page does not keep a stale verdict.
      const back = await check(page, 'valid', receipt.text);
      assert.equal(back.cls, 'proof-result proof-valid', back.text);
    }
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('/preuve without JavaScript: no form, the command explained; its CSP lets only this origin\'s script run', async () => {
  const page = await browser.newPage({ javaScriptEnabled: false });
  try {
    await page.goto(`${g.url}/preuve`);
    assert.equal(await page.locator('#proof-check').isVisible(), false);
    assert.equal(await page.locator('#proof-command').isVisible(), true);
    assert.match(await page.textContent('#proof-command'), /--witness .*--quorum 2/s);
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await page.close();
  }
  // The keys the script trusts are the page's, written by garantd.
  const html = await (await fetch(`${g.url}/preuve`)).text();
  assert.ok(html.includes(`data-log-key="${logKey}"`));
  assert.ok(html.includes(`data-witness-key="${witnesses.cse.vkey}"`));
  assert.match(html, /<script type="module" src="\/static\/preuve\.mjs"><\/script>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  const js = await fetch(`${g.url}/static/preuve.mjs`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  assert.equal(await js.text(), readFileSync(join(repoRoot, 'webui/static/preuve.mjs'), 'utf8'));
  // A script injected into the page does not run: Trusted Types refuse the
  // sinks (script src and text, innerHTML) and script-src refuses other origins.
  const p2 = await browser.newPage();
  try {
    await p2.goto(`${g.url}/preuve`);
    const seen = await p2.evaluate(() => new Promise((res) => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const attempts = [
        () => { const s = document.createElement('script'); s.src = 'data:text/javascript,window.injected=1'; document.body.append(s); },
        () => { const s = document.createElement('script'); s.textContent = 'window.injected=2'; document.body.append(s); },
        () => { document.getElementById('proof-result').innerHTML = '<img src="x" onerror="window.injected=3">'; },
      ];
      const thrown = attempts.map((f) => { try { f(); return 'ok'; } catch (e) { return e.name; } });
      setTimeout(() => res({ thrown, violations, injected: window.injected ?? null }), 1000);
    }));
    assert.equal(seen.injected, null, JSON.stringify(seen));
    assert.deepEqual(seen.thrown, ['TypeError', 'TypeError', 'TypeError'], JSON.stringify(seen));
    assert.ok(seen.violations.includes('require-trusted-types-for'), JSON.stringify(seen));
  } finally {
    await p2.close();
  }
});

// ---- node: the page's verifier and garant audit verify-proof agree ----

function trustFromHtml(html) {
  const attr = (name) => new RegExp(`id="proof-check"[^>]* ${name}="([^"]*)"`).exec(html)[1];
  const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const ws = [...html.matchAll(/data-witness-key="([^"]+)" data-witness-label="([^"]*)"/g)].map((m) => ({ key: m[1], label: unescape(m[2]) }));
  return { origin: attr('data-origin'), logKey: attr('data-log-key'), controller: unescape(attr('data-controller')), quorum: Number(attr('data-quorum')), witnesses: ws };
}

function verifyProofCli(file, witnessKeys, quorum) {
  const args = ['audit', 'verify-proof', file, '--key', logKey, ...witnessKeys.flatMap((k) => ['--witness', k]), '--quorum', String(quorum)];
  const r = spawnSync(garantBin, args);
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

const cliVerdict = ({ code, out }) => {
  if (code === 0 && /^VALID, COSIGNED: /m.test(out)) return 'valid';
  if (code === 1 && /^VALID, NOT YET COSIGNED: /m.test(out)) return 'not-cosigned';
  if (code === 1 && /^INVALID: /m.test(out)) return 'invalid';
  return `exit ${code}: ${out}`;
};

test('the page\'s verifier (in Node) and garant audit verify-proof agree on every file', async () => {
  const trust = trustFromHtml(await (await fetch(`${g.url}/preuve`)).text());
  assert.equal(trust.logKey, logKey);
  assert.equal(trust.quorum, 2);
  assert.equal(trust.witnesses.length, 2);
  const dir = join(g.dataDir, 'agree');
  mkdirSync(dir, { recursive: true });
  const seen = new Set();
  for (const [name, alter] of Object.entries(VARIANTS)) {
    const text = alter(receipt.text);
    const file = join(dir, `${name.replace(/ /g, '-')}.tlog-proof`);
    writeFileSync(file, text);
    for (const [trustNow, keys, quorum] of [
      [trust, trust.witnesses.map((w) => w.key), 2],
      // A third witness that never cosigned, all three required: not yet cosigned.
      [{ ...trust, quorum: 3, witnesses: [...trust.witnesses, { key: idle, label: 'idle' }] }, [...trust.witnesses.map((w) => w.key), idle], 3],
    ]) {
      const js = await verifyReceipt(new Uint8Array(Buffer.from(text)), trustNow);
      const cli = cliVerdict(verifyProofCli(file, keys, quorum));
      assert.equal(js.verdict, cli, `${name}, quorum ${quorum}: JS says ${js.verdict} (${js.sentences.join(' ')}), the CLI ${cli}`);
      seen.add(js.verdict);
      if (js.verdict !== 'invalid') assert.equal(js.index, receipt.index);
    }
  }
  assert.deepEqual([...seen].sort(), ['invalid', 'not-cosigned', 'valid']);
});

test('a browser without Ed25519 in WebCrypto checks the inclusion and says the signatures need the command', async () => {
  const trust = trustFromHtml(await (await fetch(`${g.url}/preuve`)).text());
  const subtle = globalThis.crypto.subtle;
  // WebCrypto as in Chromium before 137: importKey refuses Ed25519.
  const noEd25519 = {
    digest: (...a) => subtle.digest(...a),
    verify: () => { throw new Error('verify must not be called without a key'); },
    importKey: async (format, raw, alg, ...rest) => {
      if (alg.name === 'Ed25519') throw new DOMException('Algorithm: Unrecognized name', 'NotSupportedError');
      return subtle.importKey(format, raw, alg, ...rest);
    },
  };
  const r = await verifyReceipt(new Uint8Array(Buffer.from(receipt.text)), trust, noEd25519);
  assert.equal(r.verdict, 'unchecked', JSON.stringify(r));
  assert.match(r.headline, /^Vérification incomplète : votre navigateur ne sait pas vérifier les signatures\.$/);
  assert.match(r.sentences.join(' '), /ni la signature de .+ ni celles des témoins n'ont été vérifiées\. Utilisez un navigateur récent, ou la commande garant/);
  // The inclusion is still checked: an altered path is refused.
  const bad = await verifyReceipt(new Uint8Array(Buffer.from(wrongSibling(receipt.text))), trust, noEd25519);
  assert.equal(bad.verdict, 'invalid');
  assert.equal(bad.code, 'inclusion');
});

// ---- garant audit verify-export --witness ----

function verifyExport(file, ...extra) {
  const r = spawnSync(garantBin, ['audit', 'verify-export', file, '--key', logKey, ...extra]);
  return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

test('garant audit verify-export --witness: enough, too few and forged cosignatures', async () => {
  const dir = join(g.dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  // An export whose checkpoint carries both cosignatures (the cut is the
  // latest checkpoint: wait until it is cosigned, retry if a newer one won).
  let file;
  let note;
  for (let i = 0; i < 40; i++) {
    const cp = await (await fetch(`${g.url}/tlog/checkpoint`)).text();
    if (cosignedByBoth(cp)) {
      file = join(dir, `trail-${i}.jsonl`);
      execFileSync(garantBin, ['audit', 'trail', '--account', 'dpo', '--format', 'jsonl', '--output', file, '--data-dir', g.dataDir]);
      note = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]).checkpoint.note;
      if (cosignedByBoth(note)) break;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.ok(note && cosignedByBoth(note), `no cosigned export: ${note}`);
  const both = ['--witness', witnesses.cse.vkey, '--witness', `asso=${witnesses.asso.vkey}`];

  const enough = verifyExport(file, ...both, '--quorum', '2');
  assert.equal(enough.code, 0, enough.out);
  assert.match(enough.out, /^OK: \d+ entries of a jsonl trail export verified$/m);
  assert.match(enough.out, /^cosigned: 2\/2 witnesses: asso=asso\.witness\.test \(\S+Z\) cse\.witness\.test \(\S+Z\)$/m);
  // Default quorum: all the witnesses given.
  assert.equal(verifyExport(file, ...both).code, 0);
  assert.equal(verifyExport(file, '--witness', witnesses.cse.vkey).code, 0);

  const tooFew = verifyExport(file, ...both, '--witness', idle);
  assert.equal(tooFew.code, 1, tooFew.out);
  assert.match(tooFew.out, /^NOT YET COSIGNED: the export's checkpoint has 2\/3 of the witness cosignatures required/m);
  const none = verifyExport(file, '--witness', idle, '--quorum', '1');
  assert.equal(none.code, 1, none.out);
  assert.match(none.out, /^NOT YET COSIGNED: the export's checkpoint has 0\/1/m);

  // One byte of cse's cosignature changed in the export: FAILED, exit 1,
  // even when the quorum could be met without it.
  const forged = join(dir, 'forged.jsonl');
  writeFileSync(forged, forgedCosignature(readFileSync(file, 'utf8')));
  assert.notEqual(readFileSync(forged, 'utf8'), readFileSync(file, 'utf8'));
  const bad = verifyExport(forged, ...both, '--quorum', '1');
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /^FAILED: the export's checkpoint: .*cse\.witness\.test/m);
  // Without --witness the forged export still verifies: the cosignatures are
  // what --witness adds.
  assert.equal(verifyExport(forged).code, 0);

  // Usage errors: exit 2.
  for (const args of [['--witness', witnesses.cse.vkey, '--quorum', '2'], ['--witness', 'not-a-key'],
    ['--witness', logKey], ['--witness', witnesses.cse.vkey, '--witness', witnesses.cse.vkey],
    ['--witness', witnesses.cse.vkey, '--quorum', '0']]) {
    const u = verifyExport(file, ...args);
    assert.equal(u.code, 2, `${args.join(' ')}: ${u.out}`);
  }
});

// ---- key ids and cosignatures: an independent computation ----

test('witness key ids and cosignature/v1 lines match an independent computation from a fixed seed', async () => {
  // Ed25519 key from a fixed 32-byte seed (RFC 8032 §7.1, test 1).
  const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
  const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const pub = Buffer.from(createPublicKey(priv).export({ format: 'jwk' }).x, 'base64url');
  assert.equal(pub.toString('hex'), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const name = 'example.org/witness';
  // C2SP signed-note: key id = SHA-256(name || 0x0A || type || key)[:4]; cosignature/v1 is type 0x04.
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(name), Buffer.from([0x0a, 0x04]), pub])).digest().subarray(0, 4);
  const vkey = `${name}+${id.toString('hex')}+${b64(Buffer.concat([Buffer.from([4]), pub]))}`;
  const dir = join(g.dataDir, 'fixed-witness');
  mkdirSync(join(dir, 'state'), { recursive: true });
  const keyFile = join(dir, 'key');
  writeFileSync(keyFile, `PRIVATE+KEY+${name}+${id.toString('hex')}+${b64(Buffer.concat([Buffer.from([4]), seed]))}\n`, { mode: 0o600 });
  assert.equal(execFileSync(garantBin, ['witness', 'public-key', '--key', keyFile]).toString().trim(), vkey);
  // The same seed as a log key (type 0x01) has another id: never mixed up.
  const logId = createHash('sha256').update(Buffer.concat([Buffer.from(name), Buffer.from([0x0a, 0x01]), pub])).digest().subarray(0, 4);
  assert.notDeepEqual(logId, id);

  // garant's witness with that key cosigns a checkpoint of a log written in
  // Node; the line is checked byte by byte against the spec.
  const log = new NodeLog('example.org/log');
  const w = new WitnessProcess({ key: keyFile, state: join(dir, 'state'), logs: [`${log.origin}=${log.vkey}`] });
  await w.start();
  try {
    const r = await w.add(log.body(0, 5));
    assert.equal(r.status, 200, r.text);
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)\n$/.exec(r.text);
    assert.ok(m, r.text);
    assert.equal(m[1], name);
    const raw = Buffer.from(m[2], 'base64');
    assert.equal(raw.length, 4 + 8 + 64);
    assert.deepEqual(raw.subarray(0, 4), id);
    const t = raw.readBigUInt64BE(4);
    assert.ok(Math.abs(Number(t) - Date.now() / 1000) < 60, `time ${t}`);
    const msg = Buffer.from(`cosignature/v1\ntime ${t}\n${log.text(5)}`);
    assert.ok(verify(null, msg, createPublicKey(priv), raw.subarray(12)));
    // Ed25519 is deterministic: node signs the same message to the same bytes.
    assert.deepEqual(sign(null, msg, priv), raw.subarray(12));
    // And the page's verifier accepts this witness on a receipt-like note.
    assert.equal(verifyCosignatures(log.text(5), r.text, vkey).length, 1);
  } finally {
    await w.stop();
  }
});

// ---- Go's sumdb/note opens the cosigned checkpoint ----

const GOPATH = '/usr/share/gocode';
const goAvailable = () => spawnSync('go', ['version']).status === 0 &&
  existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/note/note.go'));

test('Go\'s golang.org/x/mod/sumdb/note opens the receipt\'s checkpoint with the log key and both witnesses\' cosignature/v1 keys', {
  skip: !goAvailable() && process.env.GARANT_TEST_SKIP_GO === '1' ? 'Go or golang-golang-x-mod-dev missing (GARANT_TEST_SKIP_GO=1)' : false,
}, () => {
  assert.ok(goAvailable(), 'Go or golang-golang-x-mod-dev is not installed (scripts/install-deps.sh, or GARANT_TEST_SKIP_GO=1)');
  const dir = join(g.dataDir, 'go');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, 'cosignature_with_go');
  const build = spawnSync('go', ['build', '-o', bin, join(repoRoot, 'witness/tests/interop/cosignature_with_go.go')], {
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
  });
  assert.equal(build.status, 0, build.stderr.toString());
  const run = (note, ...keys) => {
    const f = join(dir, `note-${Math.random().toString(16).slice(2)}`);
    writeFileSync(f, note);
    const r = spawnSync(bin, [f, logKey, ...keys]);
    return { code: r.status, out: r.stdout.toString() + r.stderr.toString() };
  };
  const note = receipt.text.slice(receipt.text.indexOf('\n\n') + 2);
  const ok = run(note, witnesses.cse.vkey, witnesses.asso.vkey);
  assert.equal(ok.code, 0, ok.out);
  assert.deepEqual(ok.out.trim().split('\n').sort(),
    ['asso.witness.test cosignature/v1', 'cse.witness.test cosignature/v1', `${origin} log`, 'ok'].sort());
  // A forged cosignature is refused by Go too; a witness key of the wrong type is not accepted.
  const forged = forgedCosignature(receipt.text);
  const bad = run(forged.slice(forged.indexOf('\n\n') + 2), witnesses.cse.vkey);
  assert.equal(bad.code, 1, bad.out);
  assert.match(bad.out, /invalid signature for key cse\.witness\.test/);
  assert.equal(run(note, logKey).code, 2);
});
