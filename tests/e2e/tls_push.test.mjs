// Exclusion-list pushes over HTTPS: a consumer whose certificate is signed by
// the configured authority (consumer_ca_file) receives each version; one with
// an untrusted certificate, or a certificate for another host name, never
// does, and the DPO sees why (last_error). And `garant filter --server` reads
// the list through TLS when the authority is given (--ca-file), never else;
// so does `garant audit verify https://…` with the audit log's tiles (and an
// auditor token, sent through the TLS front like any header).
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import https from 'node:https';
import http from 'node:http';
import { join } from 'node:path';
import { Garantd, Jar, garantBin, runGarant, staffLogin } from './lib/garantd.mjs';

const g = new Garantd();
const work = mkdtempSync(join(tmpdir(), 'garant-tls-e2e-'));
const servers = [];

// A self-signed certificate for `san` (e.g. "IP:127.0.0.1").
function selfSigned(name, san) {
  const key = join(work, `${name}.key`);
  const cert = join(work, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=${san}`], { stdio: 'pipe' });
  return { key: readFileSync(key), cert: readFileSync(cert), certFile: cert };
}

// An HTTPS consumer recording what it receives.
async function consumer(tls, host = '127.0.0.1') {
  const received = [];
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      received.push({ version: req.headers['x-garant-list-version'],
        keyId: req.headers['x-garant-pseudonym-key-id'], body });
      res.writeHead(204).end();
    });
  });
  await new Promise((res) => server.listen(0, host, res));
  servers.push(server);
  return { port: server.address().port, received };
}

let trusted;
before(async () => {
  trusted = selfSigned('consumer', 'IP:127.0.0.1');
  await g.start({ args: ['--consumer-ca-file', trusted.certFile] });
});
after(() => {
  for (const s of servers) s.close();
  g.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const garant = (...args) => execFileSync(garantBin, [...args, '--data-dir', g.dataDir]).toString();

test('lists are pushed over verified TLS only', async () => {
  const good = await consumer(trusted);
  const rogue = await consumer(selfSigned('rogue', 'IP:127.0.0.1'));
  // Another loopback address (Linux routes all of 127/8 to lo), never
  // "localhost", which may resolve to ::1 where nothing listens.
  const otherName = await consumer(trusted, '127.0.0.2');
  garant('consumer', 'add', 'tls-good', `https://127.0.0.1:${good.port}/lists`);
  garant('consumer', 'add', 'tls-rogue', `https://127.0.0.1:${rogue.port}/lists`);
  // The certificate names 127.0.0.1, not 127.0.0.2.
  garant('consumer', 'add', 'tls-name', `https://127.0.0.2:${otherName.port}/lists`);

  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && good.received.length === 0) {
    await new Promise((res) => setTimeout(res, 300));
  }
  assert.ok(good.received.length >= 1, g.output);
  const doc = JSON.parse(good.received[0].body);
  assert.equal(doc.format, 'garant-exclusion-list-v1');
  assert.equal(String(doc.version), good.received[0].version);
  assert.equal(doc.pseudonym_key_id, good.received[0].keyId);

  const { jar } = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  let states;
  while (Date.now() < deadline) {
    states = (await (await fetch(`${g.url}/api/v1/exclusions/consumers`,
      { headers: { Cookie: jar.header() } })).json()).consumers;
    if (states.filter((c) => c.last_error).length === 2) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  const by = Object.fromEntries(states.map((c) => [c.name, c]));
  assert.equal(by['tls-good'].delivered_version, doc.version);
  assert.equal(by['tls-good'].last_error, null);
  for (const name of ['tls-rogue', 'tls-name']) {
    assert.equal(by[name].delivered_version, null, name);
    assert.match(by[name].last_error, /TLS|certificate/i, name);
  }
  assert.equal(rogue.received.length, 0);
  assert.equal(otherName.received.length, 0);
});

// A TLS front for garantd with the given certificate (as a reverse proxy would be).
async function tlsFront(tls, host = '127.0.0.1') {
  const front = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const up = http.request(`${g.url}${req.url}`, { method: req.method, headers: req.headers },
      (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); });
    req.pipe(up);
  });
  await new Promise((res) => front.listen(0, host, res));
  servers.push(front);
  return front.address().port;
}

test('garant filter fetches the list over verified TLS', async () => {
  const url = `https://127.0.0.1:${await tlsFront(trusted)}`;

  const secret = garant('token', 'create', 'ingest-tls', '--role', 'ingestion').trim().split('\n').pop();
  const tokenFile = join(work, 'ingest.token');
  writeFileSync(tokenFile, secret + '\n', { mode: 0o600 });
  garant('keys', 'show-public', '--write-verify-key', join(work, 'verify.key'));
  writeFileSync(join(work, 'batch.jsonl'), JSON.stringify({ visit: 1, birth_name: 'Roux',
    given_names: 'Lea', birth_date: '1990-05-05', sex: 'F' }) + '\n');
  const run = (name, extra) => {
    const out = join(work, `${name}.out`);
    return runGarant(['filter', '--server', url, '--token-file', tokenFile,
      '--verify-key', join(work, 'verify.key'),
      '--pseudonym-key', join(g.dataDir, 'keys', 'pseudonymisation.key'),
      '--input', join(work, 'batch.jsonl'), '--output', out, '--report', join(work, `${name}.rep`),
      ...extra]).then((r) => ({ ...r, out }));
  };

  const ok = await run('tls-ok', ['--ca-file', trusted.certFile]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(readFileSync(ok.out, 'utf8').trim().split('\n').length, 1);
  const report = JSON.parse(readFileSync(join(work, 'tls-ok.rep'), 'utf8'));
  assert.equal(typeof report.audit_index, 'number');

  // Without the authority, the system store does not trust the certificate: exit 2, nothing written.
  const refused = await run('tls-refused', []);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /certificate|TLS|SSL/i);
  assert.equal(existsSync(refused.out), false);
});

test('garant audit verify reads the log over verified TLS only', async () => {
  // Earlier tests wrote audit entries (consumers added); wait for a checkpoint covering some.
  const deadline = Date.now() + 30000;
  let size = 0;
  while (Date.now() < deadline && size === 0) {
    const r = await fetch(`${g.url}/tlog/checkpoint`);
    if (r.status === 200) size = Number((await r.text()).split('\n')[1]);
    else await new Promise((res) => setTimeout(res, 200));
  }
  assert.ok(size > 0, 'no signed checkpoint');
  const key = (await (await fetch(`${g.url}/api/v1/audit/public-key?format=text`)).text()).trim();
  const port = await tlsFront(trusted);
  // Entry bundles are for auditors: an auditor service token, from a file.
  const auditor = garant('token', 'create', 'verificateur-tls', '--role', 'auditor').trim().split('\n').pop();
  const auditorFile = join(work, 'auditor.token');
  writeFileSync(auditorFile, auditor + '\n', { mode: 0o600 });
  const verify = (url, ...extra) => runGarant(['audit', 'verify', url, '--key', key, '--token-file', auditorFile, ...extra]);

  const ok = await verify(`https://127.0.0.1:${port}/`, '--ca-file', trusted.certFile);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^OK: /m);
  assert.match(ok.stdout, /checkpoint: \S+ size \d+ root /);

  // Without the authority, the system store does not trust the certificate: refused, exit 1.
  const refused = await verify(`https://127.0.0.1:${port}/`);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /TLS connection to 127\.0\.0\.1:\d+ refused: .*(certificate|verif)/i);
  assert.doesNotMatch(refused.stdout, /OK/);

  // A certificate from another authority, with --ca-file: refused too.
  const roguePort = await tlsFront(selfSigned('audit-rogue', 'IP:127.0.0.1'));
  const rogue = await verify(`https://127.0.0.1:${roguePort}/`, '--ca-file', trusted.certFile);
  assert.equal(rogue.code, 1, rogue.stdout + rogue.stderr);
  assert.match(rogue.stderr, /TLS connection to .* refused/);

  // The trusted certificate names 127.0.0.1, not 127.0.0.2 (another loopback
  // address, never "localhost", which may resolve to ::1): refused.
  const otherPort = await tlsFront(trusted, '127.0.0.2');
  const name = await verify(`https://127.0.0.2:${otherPort}/`, '--ca-file', trusted.certFile);
  assert.equal(name.code, 1, name.stdout + name.stderr);
  assert.match(name.stderr, /TLS connection to 127\.0\.0\.2:\d+ refused: .*(certificate|verif|name|host)/i);

  // --ca-file belongs to https:// only: a usage error.
  const misuse = await verify(g.url + '/', '--ca-file', trusted.certFile);
  assert.equal(misuse.code, 2);
  assert.match(misuse.stderr, /--ca-file applies to an https:\/\/ URL only/);
});
