// garantd serving TLS itself (tls_certificate_file, tls_key_file,
// tls_client_ca_file; docs/operations.md, "TLS"): TLS 1.2 and 1.3 only, the
// Mozilla "intermediate" ciphers, HSTS, client certificates required with
// service tokens (and only requested from browsers), the request deadline
// closing a client that never finishes its handshake or its request,
// `garantd --check-config` naming what is wrong with the TLS files, and a
// garantd without them still serving plain HTTP (behind a proxy). A
// throwaway authority, server and client certificates are made with the
// openssl command (lib/pki.mjs).
// Every /api/v1/ exchange of this suite (node:https, not fetch) is checked
// against docs/openapi.yaml: request() below goes through lib/https_get.mjs.
import { httpsGet } from './lib/https_get.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { Garantd, garantBin, garantdBin } from './lib/garantd.mjs';
import { MALFORMED_REQUESTS, rawExchange, assertGarantRefusal } from './lib/raw_http.mjs';
import { pki, SERVER_EXT, CLIENT_EXT } from './lib/pki.mjs';

const work = mkdtempSync(join(tmpdir(), 'garant-tls-'));
const g = new Garantd();      // TLS, client certificates for service tokens
const plain = new Garantd();  // no TLS files: plain HTTP
const DEADLINE = 3;           // request_deadline_seconds of `g`

const { key, authority, issue } = pki(work);

let ca, server, client, rogueClient, token;

before(async () => {
  ca = authority('ca');
  server = issue(ca, 'server', SERVER_EXT);
  client = issue(ca, 'client', CLIENT_EXT);
  rogueClient = issue(authority('rogue-ca'), 'rogue-client', CLIENT_EXT);
  await g.start({ args: ['--tls-certificate-file', server.pem, '--tls-key-file', server.key,
    '--tls-client-ca-file', ca.pem, '--request-deadline-seconds', String(DEADLINE)] });
  const out = execFileSync(garantBin, ['token', 'create', 'entrepot-tls', '--role', 'warehouse',
    '--data-dir', g.dataDir]).toString();
  token = out.trim().split('\n').pop();
});
after(() => {
  try { g.cleanup(); } finally {
    try { plain.cleanup(); } finally { rmSync(work, { recursive: true, force: true }); }
  }
});

// A TLS connection to `g` with `options` (node:tls): resolves with the
// socket once the handshake is done, rejects with the handshake's error.
function connect(options = {}) {
  return new Promise((res, rej) => {
    const s = tls.connect({ host: '127.0.0.1', port: g.port, ca: readFileSync(ca.pem), ...options });
    s.once('secureConnect', () => res(s));
    s.once('error', rej);
  });
}

// An https request to `g` (lib/https_get.mjs): { status, headers, body },
// checked against docs/openapi.yaml when its path is under /api/v1/.
const request = (path, options = {}) => httpsGet(g.port, path, { ca: ca.pem, ...options });

test('garantd says it serves https', () => {
  assert.equal(g.scheme, 'https', g.output);
  assert.match(g.output, /TLS: .*CN ?= ?server.*service tokens need a client certificate/);
});

test('TLS 1.2 and TLS 1.3 are accepted', async () => {
  for (const version of ['TLSv1.2', 'TLSv1.3']) {
    const s = await connect({ minVersion: version, maxVersion: version });
    assert.equal(s.getProtocol(), version);
    s.end();
  }
});

test('TLS 1.1 and TLS 1.0 are refused by the server', async () => {
  for (const version of ['TLSv1.1', 'TLSv1']) {
    // The client offers the old version (security level 0 lets it): the
    // refusal must come from garantd, not from the client's own settings.
    const err = await connect({ minVersion: version, maxVersion: version, ciphers: 'DEFAULT:@SECLEVEL=0' })
      .then((s) => { s.destroy(); return null; }, (e) => e);
    assert.ok(err, `${version} was accepted`);
    assert.doesNotMatch(String(err.code), /NO_PROTOCOLS_AVAILABLE|NO_CIPHERS_AVAILABLE/, `${err}`);
  }
});

test('TLS 1.2 negotiates an intermediate cipher; a weak cipher is refused', async () => {
  const s = await connect({ maxVersion: 'TLSv1.2' });
  assert.match(s.getCipher().standardName, /^TLS_(ECDHE|DHE)_\w+_WITH_(AES_\d+_GCM_SHA\d+|CHACHA20_POLY1305_SHA256)$/);
  s.end();
  // CBC with SHA-1 over ECDHE-ECDSA: the server's key fits it, OpenSSL's
  // default list takes it, the intermediate list does not.
  for (const weak of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA384', 'AES128-GCM-SHA256']) {
    const err = await connect({ maxVersion: 'TLSv1.2', ciphers: weak })
      .then((sock) => { sock.destroy(); return null; }, (e) => e);
    assert.ok(err, `${weak} was accepted`);
  }
});

test('every response carries Strict-Transport-Security', async () => {
  for (const path of ['/', '/healthz', '/connexion', '/no-such-page', '/api/v1/me']) {
    const r = await request(path);
    assert.equal(r.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', path);
  }
});

test('a request Poco cannot read gets garant\'s 400 over TLS, with Strict-Transport-Security', async () => {
  for (const [what, bytes] of Object.entries(MALFORMED_REQUESTS)) {
    const r = await rawExchange(
      () => tls.connect({ host: '127.0.0.1', port: g.port, ca: readFileSync(ca.pem) }), bytes, 'secureConnect');
    assertGarantRefusal(r, what, { hsts: true });
  }
  assert.equal((await request('/healthz')).status, 200);
});

test('a service token needs a client certificate signed by tls_client_ca_file', async () => {
  const auth = { Authorization: `Bearer ${token}` };
  const without = await request('/api/v1/me', { headers: auth });
  assert.equal(without.status, 401);
  const err = JSON.parse(without.body).error;
  assert.equal(err.code, 'unauthenticated');
  assert.match(err.message, /client certificate/);
  const withCert = await request('/api/v1/me', { headers: auth, cert: client });
  assert.equal(withCert.status, 200, withCert.body);
  assert.equal(JSON.parse(withCert.body).role, 'warehouse');
  // A certificate from another authority ends the handshake.
  // (A transport error, not an answer: an AssertionError from the OpenAPI
  // check of an answer would otherwise pass for the refusal.)
  await assert.rejects(request('/api/v1/me', { headers: auth, cert: rogueClient }), (e) => {
    assert.ok(!(e instanceof assert.AssertionError), `an answer came: ${e.message}`);
    assert.match(`${e.code ?? ''} ${e.message}`, /ECONNRESET|EPIPE|socket hang up|alert|certificate|unknown ca/i);
    return true;
  });
  // A browser is not asked to present one: pages work without.
  assert.equal((await request('/')).status, 200);
  assert.equal((await request('/connexion')).status, 200);
  // A bad token with a good certificate is still refused.
  const bad = await request('/api/v1/me', { headers: { Authorization: 'Bearer nope' }, cert: client });
  assert.equal(bad.status, 401);
});

// Resolves with the seconds until the server closed `socket`.
function closedAfter(socket, limitMs) {
  const t0 = Date.now();
  return new Promise((res, rej) => {
    const timer = setTimeout(() => { socket.destroy(); rej(new Error('not closed in time')); }, limitMs);
    socket.on('error', () => {});
    socket.on('close', () => { clearTimeout(timer); res((Date.now() - t0) / 1000); });
    socket.resume();
  });
}

test('a client that never finishes its TLS handshake is closed by the request deadline', async () => {
  const sockets = [];
  for (let i = 0; i < 3; i++) {
    const s = net.connect(g.port, '127.0.0.1');
    await new Promise((res) => s.once('connect', res));
    // A TLS record header and nothing else: the ClientHello never arrives.
    if (i > 0) s.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
    sockets.push(s);
  }
  const times = await Promise.all(sockets.map((s) => closedAfter(s, (DEADLINE + 5) * 1000)));
  for (const t of times) assert.ok(t >= DEADLINE - 1 && t < DEADLINE + 3, `closed after ${t} s`);
  // garantd still answers.
  assert.equal((await request('/healthz')).status, 200);
});

test('a client that stops mid-request over TLS is closed by the request deadline', async () => {
  const s = await connect();
  s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  const t = await closedAfter(s, (DEADLINE + 5) * 1000);
  assert.ok(t >= DEADLINE - 1 && t < DEADLINE + 3, `closed after ${t} s`);
});

test('without the TLS files garantd serves plain HTTP, with HSTS only for an https public_url', async () => {
  await plain.start({ demo: false });
  assert.equal(plain.scheme, 'http');
  let r = await fetch(`${plain.url}/healthz`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('strict-transport-security'), null);
  await plain.stop();
  // Behind a TLS proxy: public_url says https.
  await plain.start({ demo: false, args: ['--public-url', 'https://garant.example.fr'] });
  r = await fetch(`${plain.url}/`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
  await plain.stop();
});

// garantd --check-config on a --dev configuration plus `lines`.
function checkConfig(name, lines) {
  const p = join(work, `${name}.conf`);
  writeFileSync(p, ['dev = true', `data_dir = ${join(work, 'dev')}`, ...lines].join('\n') + '\n');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GARANT_')));
  const r = spawnSync(garantdBin, ['--check-config', p], { env, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--check-config accepts good TLS files and says what is wrong with bad ones', () => {
  const good = checkConfig('good', [`tls_certificate_file = ${server.pem}`, `tls_key_file = ${server.key}`,
    `tls_client_ca_file = ${ca.pem}`]);
  assert.equal(good.code, 0, good.err);
  assert.match(good.out, /serves TLS itself: .*CN ?= ?server.*expires/);

  const cases = [
    ['key-readable', [`tls_certificate_file = ${server.pem}`, `tls_key_file = ${key('world-readable', 0o644)}`],
      /tls_key_file: .*(readable|permission|group|others)/i],
    ['cert-missing', [`tls_certificate_file = ${join(work, 'nope.pem')}`, `tls_key_file = ${server.key}`],
      /tls_certificate_file: .*nope\.pem/],
    ['cert-not-pem', [`tls_certificate_file = ${server.key}`, `tls_key_file = ${server.key}`],
      /tls_certificate_file: .* holds no PEM certificate/],
    ['key-mismatch', [`tls_certificate_file = ${server.pem}`, `tls_key_file = ${client.key}`],
      /tls_key_file: .* does not match the certificate/],
    ['key-not-pem', [`tls_certificate_file = ${server.pem}`, `tls_key_file = ${key('empty')}`],
      null],
    ['expired', (() => { const old = issue(ca, 'expired', SERVER_EXT, -1);
      return [`tls_certificate_file = ${old.pem}`, `tls_key_file = ${old.key}`]; })(),
    /tls_certificate_file: .* expired on \d{4}-\d\d-\d\d/],
    ['cert-alone', [`tls_certificate_file = ${server.pem}`], /tls_certificate_file and tls_key_file go together/],
    ['ca-alone', [`tls_client_ca_file = ${ca.pem}`], /tls_client_ca_file needs tls_certificate_file/],
    ['ca-not-pem', [`tls_certificate_file = ${server.pem}`, `tls_key_file = ${server.key}`,
      `tls_client_ca_file = ${server.key}`], /tls_client_ca_file: .* holds no PEM certificate/],
  ];
  // An empty key file (mode 0600): no key in it.
  writeFileSync(join(work, 'empty.key'), '');
  cases[4][2] = /tls_key_file: .* holds no unencrypted PEM private key/;
  for (const [name, lines, pattern] of cases) {
    const r = checkConfig(name, lines);
    assert.equal(r.code, 2, `${name}: ${r.out}${r.err}`);
    assert.match(r.err, pattern, name);
  }
});

test('garantd refuses to start with a TLS key file readable by others', () => {
  const loose = key('loose', 0o644);
  const r = spawnSync(garantdBin, ['--dev', '--port', '0', '--data-dir', join(work, 'refused'),
    '--tls-certificate-file', server.pem, '--tls-key-file', loose], { encoding: 'utf8', timeout: 60000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /tls_key_file/);
});
