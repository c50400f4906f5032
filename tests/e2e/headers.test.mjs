// The security headers of every page (docs/security.md, "Transport and
// headers"): each GET page route of the route table (`garantd
// --authorization-matrix`, the source of docs/authorization-matrix.md) is
// requested as a principal the table lets in (anonymous when it may, else
// the first staff role allowed, logged in with its second factor), and its
// answer must carry the whole set: a Content-Security-Policy without inline
// script or style and with frame-ancestors 'none' (script-src 'none' on every
// page but /preuve, whose own script runs under script-src 'self', Trusted
// Types and connect-src 'none'), X-Frame-Options DENY,
// X-Content-Type-Options nosniff, Referrer-Policy same-origin, and
// Cache-Control no-store on staff pages and on the pages a person fills in
// (never stored by a shared computer's browser or a proxy).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Garantd, garantdBin, staffLogin } from './lib/garantd.mjs';

const g = new Garantd();
before(async () => { await g.start(); });
after(() => { g.cleanup(); });

const STAFF = {
  admin: ['admin', 'garant-demo-admin'],
  dpo: ['dpo', 'garant-demo-dpo'],
  secretary: ['secretaire', 'garant-demo-secretaire'],
  auditor: ['auditeur', 'garant-demo-auditeur'],
};

// The GET page routes of the route table, each with who may open it.
function pageRoutes() {
  const md = execFileSync(garantdBin, ['--authorization-matrix']).toString();
  const lines = md.split('\n').filter((l) => l.startsWith('| '));
  const head = lines[0].split('|').slice(1, -1).map((c) => c.trim());
  const rows = [];
  for (const line of lines.slice(2)) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const row = Object.fromEntries(head.map((h, i) => [h, cells[i]]));
    if (row.method !== 'GET' || row.answers !== 'page') continue;
    const path = row.path.replace(/`/g, '');
    const role = row.anonymous === '✓' ? 'anonymous' : Object.keys(STAFF).find((r) => row[r] === '✓');
    rows.push({ path, role });
  }
  return rows;
}

// Path parameters get a plain value: an unknown one answers the French error
// page, whose headers must be the same.
const concrete = (path) => path.replace(/\{[^}]+\}/g, 'TEST-1');

// Pages a person fills in with their own data (identity, receipt codes).
const PERSONAL = [/^\/opposition/, /^\/connexion/];
// Pages that run a script (docs/security.md): /preuve only.
const SCRIPTED = ['/preuve'];

function checkHeaders(what, r, { noStore, script = false }) {
  const h = (n) => r.headers.get(n);
  assert.equal(h('x-content-type-options'), 'nosniff', what);
  assert.equal(h('referrer-policy'), 'same-origin', what);
  const cache = h('cache-control') ?? '';
  if (noStore) {
    assert.match(cache, /\bno-store\b/, `${what}: Cache-Control ${cache}`);
  } else {
    assert.match(cache, /\bno-(store|cache)\b/, `${what}: Cache-Control ${cache}`);
  }
  if (!(h('content-type') ?? '').startsWith('text/html')) return;
  const csp = h('content-security-policy') ?? '';
  assert.notEqual(csp, '', `${what}: no CSP`);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/))
    .filter((d) => d[0]).map(([name, ...values]) => [name, values]));
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/, `${what}: ${csp}`);
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: ${csp}`);
  assert.deepEqual(directives['default-src'], ["'self'"], `${what}: ${csp}`);
  assert.deepEqual(directives['style-src'], ["'self'"], `${what}: style-src in ${csp}`);
  if (script) {
    // The one page with a script (its own file, webui/static/preuve.mjs):
    // Trusted Types required, no network access from it.
    assert.deepEqual(directives['script-src'], ["'self'"], `${what}: script-src in ${csp}`);
    assert.deepEqual(directives['connect-src'], ["'none'"], `${what}: ${csp}`);
    assert.deepEqual(directives['require-trusted-types-for'], ["'script'"], `${what}: ${csp}`);
    assert.deepEqual(directives['trusted-types'], ["'none'"], `${what}: ${csp}`);
  } else {
    assert.deepEqual(directives['script-src'], ["'none'"], `${what}: script-src in ${csp}`);
  }
  assert.deepEqual(directives['base-uri'], ["'none'"], `${what}: ${csp}`);
  assert.deepEqual(directives['form-action'], ["'self'"], `${what}: ${csp}`);
  assert.equal(h('x-frame-options'), 'DENY', what);
}

test('every GET page route carries the full security header set', async () => {
  const routes = pageRoutes();
  assert.ok(routes.length >= 30, `only ${routes.length} page routes found`);
  const sessions = {};
  let checked = 0;
  for (const { path, role } of routes) {
    assert.ok(role, `${path}: nobody may open it?`);
    if (role !== 'anonymous' && !sessions[role]) sessions[role] = await staffLogin(g, ...STAFF[role]);
    const headers = role === 'anonymous' ? {} : { Cookie: sessions[role].jar.header() };
    let url = `${g.url}${concrete(path)}`;
    const noStore = role !== 'anonymous' || PERSONAL.some((re) => re.test(path));
    // Follow redirects by hand: each answer on the way must carry the set.
    for (let hop = 0; hop < 4; hop++) {
      const r = await fetch(url, { headers, redirect: 'manual' });
      await r.arrayBuffer();
      assert.ok(r.status < 500, `${path} as ${role}: HTTP ${r.status}`);
      const script = r.status === 200 && SCRIPTED.includes(new URL(url).pathname);
      checkHeaders(`${path} as ${role} (${url}, HTTP ${r.status})`, r, { noStore, script });
      if (r.status < 300 || r.status >= 400) break;
      url = new URL(r.headers.get('location'), url).href;
    }
    checked++;
  }
  assert.equal(checked, routes.length);
});

test('only /preuve may run a script, and it loads only its own file', async () => {
  const routes = pageRoutes().map((r) => r.path);
  for (const path of SCRIPTED) assert.ok(routes.includes(path), `${path} is not a page route`);
  const r = await fetch(`${g.url}/preuve`);
  const html = await r.text();
  checkHeaders('/preuve', r, { noStore: false, script: true });
  assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]),
    ['<script type="module" src="/static/preuve.mjs">']);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handler');
  // Another page has neither a script nor a policy that would let one run.
  const home = await fetch(`${g.url}/`);
  assert.doesNotMatch(await home.text(), /<script\b/);
  checkHeaders('/', home, { noStore: false });
});

test('the error pages carry the same set', async () => {
  for (const path of ['/no-such-page', '/console']) {
    const r = await fetch(`${g.url}${path}`, { redirect: 'manual' });
    await r.arrayBuffer();
    checkHeaders(`${path} (HTTP ${r.status})`, r, { noStore: true });
  }
});
