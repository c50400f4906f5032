// HTTP over real sockets against a running garantd --dev: health, errors in
// one shape, bad input, sessions, CSRF, service tokens, PostgreSQL restart,
// clean shutdown.
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml
// (fetch's by the wrapper, node:http's with assertDescribed).
import { assertDescribed } from './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { Garantd, Jar, processAlive, garantBin, assertNoSecretsLogged, DEMO_PASSWORDS, freshCode, sanitizerReport } from './lib/garantd.mjs';
import { MALFORMED_REQUESTS, rawExchange, assertGarantRefusal } from './lib/raw_http.mjs';

const g = new Garantd();
before(async () => { await g.start(); });
after(() => g.cleanup());

// Everything secret this suite sends or receives: none may reach garantd's logs.
const secrets = [...DEMO_PASSWORDS];

// The harness fails a suite whose garantd printed a sanitizer report
// (cleanup(); the suites run against ThreadSanitizer builds in ctest --preset
// tsan): it must recognise each sanitizer's header, and nothing else.
test('the harness recognises sanitizer reports in garantd output', () => {
  const tsan = 'line\n==123==WARNING: ThreadSanitizer: data race (pid=123)\n  Write of size 8\n';
  assert.match(sanitizerReport(tsan), /^==123==WARNING: ThreadSanitizer: data race/);
  assert.match(sanitizerReport('a\n==9==ERROR: AddressSanitizer: heap-use-after-free\n'), /heap-use-after-free/);
  assert.match(sanitizerReport('x.cc:12:3: runtime error: signed integer overflow\n'), /^x\.cc:12:3: runtime error/);
  assert.equal(sanitizerReport(g.allOutput), null);  // this run's own output so far
  assert.equal(sanitizerReport('garantd listening on http://127.0.0.1:1\nThreadSanitizer is a tool\n'), null);
});

const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

async function login(username = 'admin', password = 'garant-demo-admin') {
  secrets.push(password);
  const jar = new Jar();
  const totp = await freshCode(g, username);
  const r = await fetch(`${g.url}/api/v1/session`, json(JSON.stringify(totp ? { username, password, totp } : { username, password })));
  jar.store(r);
  const body = await r.json();
  secrets.push(body.csrf_token, ...jar.cookies.values());
  return { status: r.status, body, jar, retryAfter: r.headers.get('retry-after') };
}

function assertError(body, code) {
  assert.equal(typeof body.error, 'object', JSON.stringify(body));
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
}

test('healthz, readyz and metrics answer', async () => {
  assert.equal((await fetch(`${g.url}/healthz`)).status, 200);
  const ready = await fetch(`${g.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.equal((await ready.json()).status, 'ready');
  const m = await fetch(`${g.url}/metrics`);
  assert.equal(m.status, 200);
  assert.match(m.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await m.text();
  assert.match(text, /garant_http_requests_total\{method="GET",route="\/readyz",status="200"\} \d+/);
  assert.match(text, /garant_db_pool_connections\{state="max"\} \d+/);
  // The audit log: at least the demo data's entries, and how far signing lags.
  const entries = Number(/^garant_audit_entries (\d+)$/m.exec(text)[1]);
  const signed = Number(/^garant_audit_checkpoint_entries (\d+)$/m.exec(text)[1]);
  const unsigned = Number(/^garant_audit_unsigned_entries (-?\d+)$/m.exec(text)[1]);
  assert.ok(entries > 0);
  assert.equal(unsigned, entries - signed);
  assert.ok(unsigned >= 0);
  assert.match(text, /garant_http_request_duration_seconds_bucket\{route="\/healthz",le="\+Inf"\} \d+/);
});

test('unknown API route is a 404 in the JSON error shape', async () => {
  const r = await fetch(`${g.url}/api/v1/nothing-here`);
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assertError(await r.json(), 'not_found');
});

test('unknown page is a French 404 page', async () => {
  const r = await fetch(`${g.url}/nulle-part`);
  assert.equal(r.status, 404);
  const html = await r.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /Cette page n&#39;existe pas/);
});

test('wrong method is 405', async () => {
  const r = await fetch(`${g.url}/healthz`, { method: 'DELETE' });
  assert.equal(r.status, 405);
  assertError(await r.json(), 'method_not_allowed');
});

test('malformed JSON is a 400 with a code', async () => {
  const r = await fetch(`${g.url}/api/v1/session`, json('{"username": "admin",'));
  assert.equal(r.status, 400);
  assertError(await r.json(), 'invalid_argument');
});

test('wrong JSON types, unknown fields and a JSON array are 400', async () => {
  for (const body of ['{"username": 1, "password": "x"}', '{"username": "a", "password": "b", "admin": true}',
    '[1,2]', '{"username": "a"}']) {
    const r = await fetch(`${g.url}/api/v1/session`, json(body));
    assert.equal(r.status, 400, body);
    assertError(await r.json(), 'invalid_argument');
  }
});

test('a JSON body without the JSON content type is refused', async () => {
  const r = await fetch(`${g.url}/api/v1/session`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(r.status, 400);
});

test('a 2 MiB body is a 413', async () => {
  const big = 'a'.repeat(2 * 1024 * 1024);
  const r = await fetch(`${g.url}/api/v1/session`, json(`{"username":"${big}","password":"x"}`));
  assert.equal(r.status, 413);
  assertError(await r.json(), 'too_large');
});

test('invalid UTF-8 is a 400', async () => {
  const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]);
  const r = await fetch(`${g.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bytes });
  assert.equal(r.status, 400);
  assertError(await r.json(), 'invalid_argument');
});

test('a form body with invalid UTF-8 is a 400, not a CSRF failure', async () => {
  const page = await fetch(`${g.url}/connexion`);
  const jar = new Jar();
  jar.store(page);
  const csrf = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  const r = await fetch(`${g.url}/connexion`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
    body: `csrf_token=${csrf}&username=%C3%28&password=x`,
  });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /<html lang="fr">/);
});

test('login: wrong password and unknown user give the same answer', async () => {
  const a = await login('admin', 'not-the-password');
  const b = await login('nobody-here', 'not-the-password');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(a.body, b.body);
});

test('session: login, me, CSRF enforced, logout', async () => {
  const { status, body, jar } = await login();
  assert.equal(status, 201);
  assert.equal(body.user.role, 'admin');
  assert.match(body.csrf_token, /^[0-9a-f]{64}$/);
  const cookie = jar.header();
  assert.match(cookie, /__Host-garant_session=/);

  const me = await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: cookie } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).name, 'admin');

  // Missing and forged CSRF tokens: 403, and the session stays open.
  let r = await fetch(`${g.url}/api/v1/session`, { method: 'DELETE', headers: { Cookie: cookie } });
  assert.equal(r.status, 403);
  assertError(await r.json(), 'csrf_failed');
  r = await fetch(`${g.url}/api/v1/session`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': 'f'.repeat(64) } });
  assert.equal(r.status, 403);
  assert.equal((await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: cookie } })).status, 200);

  r = await fetch(`${g.url}/api/v1/session`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token } });
  assert.equal(r.status, 200);
  const after = await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: cookie } });
  assert.equal(after.status, 401);
});

test('a login or logout whose audit entry cannot be written is refused: 503, no session, no cookie', async () => {
  const open = await login('secretaire', 'garant-demo-secretaire');
  assert.equal(open.status, 201);
  const sessions = () => Number(g.psql('SELECT count(*) FROM staff_sessions'));
  const before = sessions();
  // The superuser makes every staff.login and staff.logout leaf fail to insert.
  g.psql(`CREATE FUNCTION e2e_refuse_session_entries() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF position(convert_to(E'\\ntype staff.log', 'UTF8') in NEW.leaf) > 0 THEN
        RAISE EXCEPTION 'e2e: session entries refused';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER e2e_refuse_session_entries BEFORE INSERT ON audit_entries
      FOR EACH ROW EXECUTE FUNCTION e2e_refuse_session_entries();`);
  try {
    const api = await login('dpo', 'garant-demo-dpo');
    assert.equal(api.status, 503);
    assert.equal(api.body.error.code, 'unavailable');
    assert.equal(api.body.error.reason, 'login_not_recorded');
    assert.equal(api.retryAfter, '5');
    assert.equal(api.jar.cookies.has('__Host-garant_session'), false, 'no session cookie');
    // The form: a French 503 page, no cookie.
    const jar = new Jar();
    const page = await fetch(`${g.url}/connexion`);
    jar.store(page);
    const token = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
    const form = await fetch(`${g.url}/connexion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ csrf_token: token, username: 'dpo', password: 'garant-demo-dpo', code: await freshCode(g, 'dpo') }).toString(),
      redirect: 'manual',
    });
    assert.equal(form.status, 503);
    assert.ok(!form.headers.getSetCookie().some((c) => c.startsWith('__Host-garant_session=')));
    assert.match(await form.text(), /La connexion n&#39;a pas pu être enregistrée dans le journal d&#39;audit/);
    assert.equal(sessions(), before, 'no session row without its entry');
    // A logout that cannot be recorded leaves the session open.
    const out = await fetch(`${g.url}/api/v1/session`, { method: 'DELETE', headers: { Cookie: open.jar.header(), 'X-CSRF-Token': open.body.csrf_token } });
    assert.equal(out.status, 503);
    assert.equal((await out.json()).error.reason, 'logout_not_recorded');
    assert.equal((await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: open.jar.header() } })).status, 200);
  } finally {
    g.psql('DROP TRIGGER e2e_refuse_session_entries ON audit_entries; DROP FUNCTION e2e_refuse_session_entries()');
  }
  const out = await fetch(`${g.url}/api/v1/session`, { method: 'DELETE', headers: { Cookie: open.jar.header(), 'X-CSRF-Token': open.body.csrf_token } });
  assert.equal(out.status, 200);
  assert.equal((await login('dpo', 'garant-demo-dpo')).status, 201);
  // Every session opened has its staff.login entry, the refused ones none.
  const logins = Number(g.psql(`SELECT count(*) FROM audit_entries WHERE position(convert_to(E'\\ntype staff.login\\n', 'UTF8') in leaf) > 0`));
  assert.equal(logins, sessions());
});

test('session cookie flags', async () => {
  const r = await fetch(`${g.url}/api/v1/session`, json(JSON.stringify({ username: 'dpo', password: 'garant-demo-dpo', totp: await freshCode(g, 'dpo') })));
  assert.equal(r.status, 201);
  const c = r.headers.getSetCookie().find((x) => x.startsWith('__Host-garant_session='));
  assert.match(c, /HttpOnly/);
  assert.match(c, /SameSite=Strict/);
  assert.match(c, /Path=\//);
  // Always Secure, as its __Host- name requires (browsers accept Secure
  // cookies from http://localhost, where --dev serves), and no Domain.
  assert.match(c, /; Secure/);
  assert.doesNotMatch(c, /Domain=/i);
});

test('a forged session cookie is not a session', async () => {
  const r = await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: '__Host-garant_session=forged-value' } });
  assert.equal(r.status, 401);
});

test('staff pages need a session, then a role', async () => {
  const r = await fetch(`${g.url}/console`, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/connexion');
  // Logged in, but not a role of the page or route: exactly 403, never a redirect.
  const auditor = await login('auditeur', 'garant-demo-auditeur');
  assert.equal(auditor.status, 201);
  const page = await fetch(`${g.url}/console/oppositions`, { headers: { Cookie: auditor.jar.header() }, redirect: 'manual' });
  assert.equal(page.status, 403);
  assert.match(await page.text(), /<html lang="fr">/);
  const api = await fetch(`${g.url}/api/v1/objections`, { headers: { Cookie: auditor.jar.header() } });
  assert.equal(api.status, 403);
  assertError(await api.json(), 'permission_denied');
});

test('failed logins are slowed per account', async () => {
  let last;
  for (let i = 0; i < 7; i++) last = await login('secretaire', `wrong-password-${i}`);
  assert.equal(last.status, 429);
  assertError(last.body, 'resource_exhausted');
  assert.match(last.retryAfter, /^[1-9][0-9]*$/, 'Retry-After: a positive number of seconds');
  // Even the right password waits until the delay has passed.
  const right = await login('secretaire', 'garant-demo-secretaire');
  assert.equal(right.status, 429);
  assert.match(right.retryAfter, /^[1-9][0-9]*$/);
});


test('service token lifecycle through the CLI', async () => {
  const out = execFileSync(garantBin, ['token', 'create', 'entrepot-test', '--role', 'warehouse', '--data-dir', g.dataDir]).toString();
  const secret = out.trim().split('\n').pop();
  secrets.push(secret);
  const id = out.match(/token ([0-9a-f-]{36}) created/)[1];
  assert.match(secret, /^gst_[A-Za-z0-9_-]{43}$/);

  let r = await fetch(`${g.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(r.status, 200);
  const me = await r.json();
  assert.equal(me.kind, 'service');
  assert.equal(me.role, 'warehouse');

  // A service token cannot open staff pages.
  r = await fetch(`${g.url}/console`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(r.status, 403);

  const forged = secret.slice(0, -2) + (secret.endsWith('AA') ? 'BB' : 'AA');
  r = await fetch(`${g.url}/api/v1/me`, { headers: { Authorization: `Bearer ${forged}` } });
  assert.equal(r.status, 401);
  assertError(await r.json(), 'unauthenticated');

  execFileSync(garantBin, ['token', 'revoke', id, '--data-dir', g.dataDir]);
  r = await fetch(`${g.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(r.status, 401);

  const list = execFileSync(garantBin, ['token', 'list', '--data-dir', g.dataDir]).toString();
  assert.match(list, new RegExp(`${id}\\tentrepot-test\\twarehouse\\t\\S+\\t\\d{4}-`));
});

test('staff accounts through the CLI: add, log in, disable', async () => {
  // A secretary: the second factor is optional for the role (a dpo, auditor
  // or admin would need it: tests/e2e/auth.test.mjs).
  const out = execFileSync(garantBin, ['user', 'add', 'claire.durand', '--role', 'secretary', '--name', 'Claire Durand', '--data-dir', g.dataDir]).toString();
  const password = out.match(/password \(shown once.*\): (\S+)/)[1];
  secrets.push(password);
  const ok = await login('claire.durand', password);
  assert.equal(ok.status, 201);
  assert.equal(ok.body.user.role, 'secretary');
  execFileSync(garantBin, ['user', 'disable', 'claire.durand', '--data-dir', g.dataDir]);
  // Disabling ends the open session and refuses new logins.
  const me = await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: ok.jar.header() } });
  assert.equal(me.status, 401);
  assert.equal((await login('claire.durand', password)).status, 401);
  // A weak password is refused with the policy's message (the CLI speaks
  // English, as the staff module does; pages show the reason's French text).
  assert.throws(() => execFileSync('sh', ['-c', `echo short | ${garantBin} user add paul --role dpo --password-stdin --data-dir ${g.dataDir}`], { stdio: 'pipe' }),
    (e) => /at least 12 characters/.test(e.stderr.toString()));
});

test('readyz and the API follow PostgreSQL down and back, without restarting garantd', async () => {
  const pg = `${g.dataDir}/pg`;
  const admin = await login();
  assert.equal(admin.status, 201);
  g.pgCtl('stop', '-D', pg, '-m', 'immediate', '-w');
  let r = await fetch(`${g.url}/readyz`);
  assert.equal(r.status, 503);
  assert.equal((await fetch(`${g.url}/healthz`)).status, 200);
  // API routes that need the database: 503 `unavailable`, in the JSON error shape.
  for (const [path, init] of [
    ['/api/v1/me', { headers: { Cookie: admin.jar.header() } }],
    ['/api/v1/session', json(JSON.stringify({ username: 'dpo', password: 'garant-demo-dpo', totp: await freshCode(g, 'dpo') }))],
    ['/tlog/checkpoint', {}],
  ]) {
    r = await fetch(`${g.url}${path}`, init);
    assert.equal(r.status, 503, path);
    assert.equal(r.headers.get('retry-after'), '5', `${path}: every 503 says when to come back`);
    assertError(await r.json(), 'unavailable');
  }
  g.pgCtl('start', '-D', pg, '-w', '-l', `${pg}/server.log`);
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    // A pooled keep-alive connection the server closed (after a refused
    // body) fails on the client side: no answer, ask again.
    status = (await fetch(`${g.url}/readyz`).catch(() => null))?.status ?? 0;
    if (status !== 200) await new Promise((res) => setTimeout(res, 200));
  }
  assert.equal(status, 200);
  // The pool reconnected: a login works again.
  assert.equal((await login('auditeur', 'garant-demo-auditeur')).status, 201);
});

test('every response carries the security headers; pages also CSP and framing', async () => {
  const csp = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  const common = (r, what) => {
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
    assert.equal(r.headers.get('referrer-policy'), 'same-origin', what);
    assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f]{16}$/, what);
  };
  for (const path of ['/', '/connexion', '/opposition', '/nulle-part', '/console']) {
    const r = await fetch(`${g.url}${path}`, { redirect: 'manual' });
    common(r, path);
    if (r.status === 303) continue;  // /console: a redirect has no page
    assert.match(r.headers.get('content-type'), /^text\/html/, path);
    assert.equal(r.headers.get('content-security-policy'), csp, path);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    assert.ok(r.headers.get('cache-control'), path);
  }
  for (const path of ['/api/v1/me', '/api/v1/nothing-here', '/healthz', '/readyz', '/tlog/checkpoint', '/api/v1/audit/public-key']) {
    const r = await fetch(`${g.url}${path}`);
    common(r, path);
    assert.ok(r.headers.get('cache-control'), path);
  }
  // API answers are never cached unless the route says otherwise.
  assert.equal((await fetch(`${g.url}/api/v1/me`)).headers.get('cache-control'), 'no-store');
  const page = await fetch(`${g.url}/connexion`);
  assert.equal(page.headers.get('cache-control'), 'no-store');
});

test('a request Poco cannot read gets garant\'s 400: the JSON error shape and every security header', async () => {
  for (const [what, bytes] of Object.entries(MALFORMED_REQUESTS)) {
    const r = await rawExchange(() => net.connect(g.port, '127.0.0.1'), bytes)
      .catch((e) => assert.fail(`${what}: ${e.message}`));
    assertGarantRefusal(r, what, { hsts: false });
  }
  // A well-formed request, then a malformed one on the same kept-alive connection.
  const r = await rawExchange(() => net.connect(g.port, '127.0.0.1'),
    `GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n${'N'.repeat(300)}: 1\r\n\r\n`);
  assert.equal(r.status, 200);
  assert.match(r.body, /HTTP\/1\.1 400 [^\r]*\r\n/);
  assert.match(r.body, /"malformed HTTP request"/);
  // Counted, and garantd still answers.
  const metrics = await (await fetch(`${g.url}/metrics`)).text();
  assert.match(metrics, /route="malformed",status="400"\} [1-9]/);
  assert.equal((await fetch(`${g.url}/healthz`)).status, 200);
});

test('X-Request-Id: a plain one is echoed, anything else is replaced by a fresh one', async () => {
  let r = await fetch(`${g.url}/healthz`, { headers: { 'X-Request-Id': 'trace-42.abc_DEF' } });
  assert.equal(r.headers.get('x-request-id'), 'trace-42.abc_DEF');
  r = await fetch(`${g.url}/api/v1/nothing-here`, { headers: { 'X-Request-Id': 'my-id' } });
  assert.equal(r.status, 404);
  assert.equal(r.headers.get('x-request-id'), 'my-id');
  for (const bad of ['a b', 'x'.repeat(65), 'id;rm', '%C3%A9']) {
    r = await fetch(`${g.url}/healthz`, { headers: { 'X-Request-Id': bad } });
    const id = r.headers.get('x-request-id');
    assert.match(id, /^[0-9a-f]{16}$/, bad);
  }
  const a = (await fetch(`${g.url}/healthz`)).headers.get('x-request-id');
  const b = (await fetch(`${g.url}/healthz`)).headers.get('x-request-id');
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.notEqual(a, b);
});

test('a bad bearer token is 401, even on public routes', async () => {
  const bad = { Authorization: 'Bearer gst_not-a-real-token-at-all' };
  for (const path of ['/api/v1/audit/public-key', '/tlog/checkpoint', '/api/v1/public/projects']) {
    const r = await fetch(`${g.url}${path}`, { headers: bad });
    assert.equal(r.status, 401, path);
    assertError(await r.json(), 'unauthenticated');
  }
  const page = await fetch(`${g.url}/opposition`, { headers: bad });
  assert.equal(page.status, 401);
  assert.match(await page.text(), /<html lang="fr">/);
  // The same routes answer without the header.
  assert.equal((await fetch(`${g.url}/api/v1/audit/public-key`)).status, 200);
  assert.equal((await fetch(`${g.url}/opposition`)).status, 200);
});

test('SIGTERM stops garantd with exit 0 and no PostgreSQL left', async () => {
  const pgPid = g.postmasterPid();
  assert.ok(pgPid > 0);
  assert.ok(processAlive(pgPid));
  const { code } = await g.stop();
  assert.equal(code, 0);
  assert.equal(processAlive(pgPid), false);
});

test('a key file readable by others stops garantd at start', async () => {
  const keys = join(g.dataDir, 'keys');
  const files = readdirSync(keys).filter((f) => f.endsWith('.key'));
  assert.ok(files.includes('signing.key') && files.includes('pseudonymisation.key'), files.join(' '));
  for (const f of files) {
    chmodSync(join(keys, f), 0o644);
    try {
      await assert.rejects(g.start(), new RegExp(`${f.replace('.', '\\.')} is readable by group or others`), f);
      assert.notEqual((await g.exited).code, 0, f);
    } finally {
      chmodSync(join(keys, f), 0o600);
    }
  }
  // With the modes restored it starts again.
  await g.start();
  assert.equal((await fetch(`${g.url}/readyz`)).status, 200);
  await g.stop();
});

test('with an https public_url, the session and form cookies are Secure', async () => {
  const conf = join(g.dataDir, 'https.conf');
  writeFileSync(conf, 'public_url = https://garant.example.org/\n');
  await g.start({ args: ['--config', conf] });
  // Logged in over plain HTTP to 127.0.0.1 (a TLS proxy would sit in front):
  // the real Set-Cookie header carries every attribute.
  const r = await fetch(`${g.url}/api/v1/session`, json(JSON.stringify({ username: 'dpo', password: 'garant-demo-dpo', totp: await freshCode(g, 'dpo') })));
  assert.equal(r.status, 201);
  const body = await r.json();
  const session = r.headers.getSetCookie().find((x) => x.startsWith('__Host-garant_session='));
  secrets.push(body.csrf_token, session.split(';')[0].slice('__Host-garant_session='.length));
  const attrs = session.split(';').slice(1).map((a) => a.trim());
  for (const a of ['Path=/', 'HttpOnly', 'SameSite=Strict', 'Secure']) assert.ok(attrs.includes(a), `${a} in ${attrs}`);
  // The anonymous CSRF cookie of the public forms too.
  const form = await fetch(`${g.url}/opposition`);
  const csrf = form.headers.getSetCookie().find((x) => x.startsWith('__Host-garant_csrf='));
  assert.ok(csrf.split(';').map((a) => a.trim()).includes('Secure'), csrf);
  // Logout deletes the cookie with the same attributes.
  const out = await fetch(`${g.url}/api/v1/session`, {
    method: 'DELETE', headers: { Cookie: session.split(';')[0], 'X-CSRF-Token': body.csrf_token },
  });
  assert.equal(out.status, 200);
  const gone = out.headers.getSetCookie().find((x) => x.startsWith('__Host-garant_session='));
  assert.match(gone, /Max-Age=0/);
  assert.match(gone, /; Secure/);
  // Behind a TLS proxy (public_url https), Poco's refusals carry HSTS too.
  for (const [what, bytes] of Object.entries(MALFORMED_REQUESTS)) {
    assertGarantRefusal(await rawExchange(() => net.connect(g.port, '127.0.0.1'), bytes), what, { hsts: true });
  }
});

test('SIGTERM drains an in-flight request: it gets its real answer, then garantd exits 0', async () => {
  if (g.proc.exitCode !== null) await g.start();
  // A login whose body is half sent: the handler is reading it when SIGTERM
  // arrives.
  const body = JSON.stringify({ username: 'dpo', password: 'garant-demo-dpo', totp: await freshCode(g, 'dpo') });
  const half = Math.floor(body.length / 2);
  const answer = new Promise((resolve, reject) => {
    const req = http.request(`${g.url}/api/v1/session`, {
      method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, cookies: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.write(body.slice(0, half));
    setTimeout(() => {
      const mark = g.output.length;
      g.proc.kill('SIGTERM');
      // Once garantd says it is draining (it stops accepting, then waits for
      // the requests in flight), the rest of the body goes.
      const until = Date.now() + 10000;
      const wait = () => {
        if (g.output.indexOf('termination requested: draining', mark) >= 0) {
          setTimeout(() => req.end(body.slice(half)), 200);
        } else if (Date.now() > until) {
          reject(new Error(`garantd did not start draining in 10 s:\n${g.output}`));
        } else {
          setTimeout(wait, 20);
        }
      };
      wait();
    }, 300);
  });
  const r = await answer;
  assert.equal(r.status, 201, r.text);
  assertDescribed({ method: 'POST', path: '/api/v1/session', status: r.status, headers: r.headers, body: r.text, requestBody: body });
  const parsed = JSON.parse(r.text);
  assert.match(parsed.csrf_token, /^[0-9a-f]{64}$/);
  secrets.push(parsed.csrf_token, ...r.cookies.map((c) => c.split(';')[0].split('=')[1]));
  assert.ok(r.cookies.some((c) => c.startsWith('__Host-garant_session=')));
  const { code, signal } = await g.exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
});

test('garantd never logged a password, token, CSRF token or session cookie', () => {
  assertNoSecretsLogged(g, secrets);
});
