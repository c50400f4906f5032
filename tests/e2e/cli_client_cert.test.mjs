// The garant command's https clients present a client certificate
// (--client-cert, --client-key; docs/operations.md, "Client certificates for
// services") to a garantd that requires one with service tokens
// (tls_client_ca_file): `garant filter --server`, `garant audit verify
// https://…` and `garant audit trail --url`. With a certificate signed by the
// configured authority they work; without one garantd answers 401 and the
// command says a client certificate may be missing; a certificate from
// another authority ends the handshake; one flag without the other is a
// usage error (exit 2); a key that does not match its certificate, or a key
// file readable by others, stops the command before any connection, naming
// the file and never printing the key. The authority and the certificates
// are made with the openssl command (lib/pki.mjs).
// Its /api/v1/ exchange (node:https) is checked against docs/openapi.yaml.
import { httpsGet } from './lib/https_get.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Garantd, garantBin, runGarant } from './lib/garantd.mjs';
import { pki, SERVER_EXT, CLIENT_EXT } from './lib/pki.mjs';

const work = mkdtempSync(join(tmpdir(), 'garant-client-cert-'));
const g = new Garantd();
const { key, authority, issue } = pki(work);

let ca, client, rogue, ingestionToken, auditorToken, ingestionFile, auditorFile;

before(async () => {
  ca = authority('ca');
  const server = issue(ca, 'server', SERVER_EXT);
  client = issue(ca, 'client', CLIENT_EXT);
  rogue = issue(authority('rogue-ca'), 'rogue-client', CLIENT_EXT);
  await g.start({ args: ['--tls-certificate-file', server.pem, '--tls-key-file', server.key,
    '--tls-client-ca-file', ca.pem] });
  const admin = (...args) => execFileSync(garantBin, [...args, '--data-dir', g.dataDir]).toString();
  ingestionToken = admin('token', 'create', 'ingestion-cert', '--role', 'ingestion').trim().split('\n').pop();
  auditorToken = admin('token', 'create', 'auditeur-cert', '--role', 'auditor').trim().split('\n').pop();
  ingestionFile = join(work, 'ingestion.token');
  auditorFile = join(work, 'auditor.token');
  writeFileSync(ingestionFile, `${ingestionToken}\n`, { mode: 0o600 });
  writeFileSync(auditorFile, `${auditorToken}\n`, { mode: 0o600 });
  admin('keys', 'show-public', '--write-verify-key', join(work, 'verify.key'));
  writeFileSync(join(work, 'batch.jsonl'), `${JSON.stringify({ visit: 1, birth_name: 'Roux',
    given_names: 'Lea', birth_date: '1990-05-05', sex: 'F' })}\n`);
});
after(() => {
  try { g.cleanup(); } finally { rmSync(work, { recursive: true, force: true }); }
});

// garant (lib/garantd.mjs: without blocking this process): { code, stdout,
// stderr }. Fails when the output holds a token or private key material.
async function garant(args) {
  const r = await runGarant(args);
  const all = r.stdout + r.stderr;
  for (const secret of [ingestionToken, auditorToken, 'PRIVATE KEY']) {
    assert.ok(!all.includes(secret), `garant printed a secret (${secret.slice(0, 8)}…):\n${all}`);
  }
  return r;
}

// An https GET to garantd trusting the test authority (lib/https_get.mjs:
// checked against docs/openapi.yaml).
const get = (path) => httpsGet(g.port, path, { ca: ca.pem });

const withCert = (cert) => ['--client-cert', cert.pem, '--client-key', cert.key];

// garant filter --server over https with `extra` flags: its result and its output files.
async function filter(name, extra) {
  const files = { out: join(work, `${name}.out.jsonl`), rep: join(work, `${name}.rep`),
    rej: join(work, `${name}.rej`) };
  const r = await garant(['filter', '--server', g.url, '--token-file', ingestionFile,
    '--verify-key', join(work, 'verify.key'),
    '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'),
    '--input', join(work, 'batch.jsonl'), '--output', files.out, '--rejects', files.rej,
    '--report', files.rep, '--ca-file', ca.pem, ...extra]);
  return { ...r, files };
}
function assertNothingWritten(files, name) {
  for (const f of Object.values(files)) assert.ok(!existsSync(f), `${name}: ${f} was written`);
}

test('garant filter --server presents the client certificate garantd requires', async () => {
  const ok = await filter('ok', withCert(client));
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(readFileSync(ok.files.out, 'utf8').trim().split('\n').length, 1);
  const report = JSON.parse(readFileSync(ok.files.rep, 'utf8'));
  assert.equal(typeof report.audit_index, 'number', 'the run was recorded in the audit log');

  // Without a certificate: garantd's 401, and the command says what may be missing.
  const without = await filter('without', []);
  assert.equal(without.code, 2, without.stderr);
  assert.match(without.stderr, /HTTP 401/);
  assert.match(without.stderr, /client certificate/);
  assert.match(without.stderr, /--client-cert and --client-key/);
  assertNothingWritten(without.files, 'without');

  // A certificate from another authority: the handshake ends, nothing is fetched.
  const rogueRun = await filter('rogue', withCert(rogue));
  assert.equal(rogueRun.code, 2, rogueRun.stderr);
  assert.match(rogueRun.stderr, /cannot read the exclusion list/);
  assert.ok(rogueRun.stderr.includes(`certificate of --client-cert ${rogue.pem}`), rogueRun.stderr);
  assertNothingWritten(rogueRun.files, 'rogue');
});

test('garant filter: --client-cert and --client-key go together, and their files are checked first', async () => {
  for (const [name, extra] of [['cert-alone', ['--client-cert', client.pem]],
    ['key-alone', ['--client-key', client.key]]]) {
    const r = await filter(name, extra);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--client-cert and --client-key go together/, name);
    assertNothingWritten(r.files, name);
  }
  // Only with --server (as --ca-file).
  const local = await garant(['filter', '--exclusions', join(work, 'none.json'),
    '--verify-key', join(work, 'verify.key'), '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'),
    ...withCert(client)]);
  assert.equal(local.code, 2, local.stderr);
  assert.match(local.stderr, /--client-cert and --client-key need --server/);

  // A key that is not the certificate's: named, nothing done.
  const other = key('other');
  const mismatch = await filter('mismatch', ['--client-cert', client.pem, '--client-key', other]);
  assert.equal(mismatch.code, 2, mismatch.stderr);
  assert.ok(mismatch.stderr.includes(`client key: ${other} does not match the certificate`), mismatch.stderr);
  assertNothingWritten(mismatch.files, 'mismatch');
  // A key file readable by others, a missing one: named too.
  const loose = key('loose', 0o644);
  const looseRun = await filter('loose', ['--client-cert', client.pem, '--client-key', loose]);
  assert.equal(looseRun.code, 2, looseRun.stderr);
  assert.ok(looseRun.stderr.includes(loose), looseRun.stderr);
  assert.match(looseRun.stderr, /readable by group or others/);
  const missing = await filter('missing', ['--client-cert', join(work, 'absent.pem'), '--client-key', client.key]);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /client certificate: .*absent\.pem/);
  assertNothingWritten(missing.files, 'missing');
});

test('garant audit verify https://… presents the client certificate garantd requires', async () => {
  // Tokens were created: wait for a checkpoint covering some entries.
  const deadline = Date.now() + 30000;
  let size = 0;
  while (Date.now() < deadline && size === 0) {
    const r = await get('/tlog/checkpoint');
    if (r.status === 200) size = Number(r.body.split('\n')[1]);
    else await new Promise((res) => setTimeout(res, 200));
  }
  assert.ok(size > 0, 'no signed checkpoint');
  const verifierKey = (await get('/api/v1/audit/public-key?format=text')).body.trim();
  const verify = (...extra) => garant(['audit', 'verify', `${g.url}/`, '--key', verifierKey,
    '--token-file', auditorFile, '--ca-file', ca.pem, ...extra]);

  const ok = await verify(...withCert(client));
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^OK: /m);

  const without = await verify();
  assert.equal(without.code, 1, without.stdout + without.stderr);
  assert.match(without.stderr, /HTTP 401/);
  assert.match(without.stderr, /client certificate/);
  assert.match(without.stderr, /--client-cert and --client-key/);
  assert.doesNotMatch(without.stdout, /OK/);

  const rogueRun = await verify(...withCert(rogue));
  assert.equal(rogueRun.code, 1, rogueRun.stdout + rogueRun.stderr);
  assert.doesNotMatch(rogueRun.stdout, /OK/);

  for (const extra of [['--client-cert', client.pem], ['--client-key', client.key]]) {
    const r = await verify(...extra);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--client-cert and --client-key go together/);
  }
  // Over https only (as --ca-file).
  const plain = await garant(['audit', 'verify', `http://127.0.0.1:${g.port}/`, '--key', verifierKey,
    ...withCert(client)]);
  assert.equal(plain.code, 2, plain.stderr);
  assert.match(plain.stderr, /--client-cert and --client-key apply to an https:\/\/ URL only/);

  const other = key('other-audit');
  const mismatch = await verify('--client-cert', client.pem, '--client-key', other);
  assert.equal(mismatch.code, 1, mismatch.stderr);
  assert.ok(mismatch.stderr.includes(`client key: ${other} does not match the certificate`), mismatch.stderr);
  assert.doesNotMatch(mismatch.stdout, /OK/);
});

test('garant audit trail --url presents the client certificate garantd requires', async () => {
  const trail = (name, ...extra) => {
    const out = join(work, `${name}.jsonl`);
    return garant(['audit', 'trail', '--account', 'chercheur.moreau', '--format', 'jsonl',
      '--output', out, '--url', g.url, '--token-file', auditorFile, '--ca-file', ca.pem, ...extra])
      .then((r) => ({ ...r, out }));
  };
  const ok = await trail('trail-ok', ...withCert(client));
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(readFileSync(ok.out, 'utf8').trim().split('\n').pop(), /^\{"end":\{"entries":\d+\}\}$/);

  const without = await trail('trail-without');
  assert.equal(without.code, 1, without.stderr);
  assert.match(without.stderr, /HTTP 401.*client certificate/);
  assert.equal(existsSync(without.out), false);

  const alone = await trail('trail-alone', '--client-key', client.key);
  assert.equal(alone.code, 2, alone.stderr);
  assert.match(alone.stderr, /--client-cert and --client-key go together/);
  assert.equal(existsSync(alone.out), false);
});
