// Cases (the review of the access findings) end to end, against a real
// garantd --dev --demo: the JSON API over real sockets (every route, bad
// input, stale state 409, unknown case 404, roles 403, CSRF) and the French
// console in headless Chromium (an auditor opens the queue, takes a case,
// marks it justified with a note; the audit log shows each step; axe-core).
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launch, fillLogin } from './lib/browser.mjs';
import { Garantd, garantBin, repoRoot, staffLogin, withoutOffHours } from './lib/garantd.mjs';

// One garantd --dev --demo and one headless Chromium for the whole file
// (browserSuite's fixture, with the logins after the start in the same hook).
const g = new Garantd();
const shots = join(repoRoot, 'build', 'e2e-screenshots');
const suite = { browser: null };
let warehouse;
let auditor;
let dpo;
let secretary;

before(async () => {
  mkdirSync(shots, { recursive: true });
  await g.start({ args: withoutOffHours(g) });
  suite.browser = await launch();
  warehouse = execFileSync(garantBin, ['token', 'create', 'entrepot-dossiers', '--role', 'warehouse',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  secretary = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
});
after(async () => {
  if (suite.browser) await suite.browser.close();
  await g.stop();
  g.cleanup();
});

// axe-core: tests/e2e/node_modules/axe-core (package.json), or AXE_CORE_PATH.
// Missing, the accessibility checks fail (they never skip).
function axePath() {
  if (process.env.AXE_CORE_PATH) return process.env.AXE_CORE_PATH;
  try {
    return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    return null;
  }
}
async function assertAccessible(page, what) {
  const path = axePath();
  assert.ok(path && existsSync(path), 'axe-core is not installed (npm install in tests/e2e, or AXE_CORE_PATH)');
  await page.addScriptTag({ path });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  assert.deepEqual(problems, [], `${what}: axe-core violations`);
}

// The Paris calendar day of a time, as AAAA-MM-JJ.
const parisDay = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));

// Reports `n` accesses by an account that no authorisation names (each one
// finding, account_not_named, critical), a few minutes ago; answers the case id.
async function caseOf(account, n = 1, project = 'CONTACT-2026-001', rule = 'account_not_named') {
  const occurred = new Date(Date.now() - 3 * 60000).toISOString();
  const events = Array.from({ length: n }, () => ({
    id: randomUUID(), occurred_at: occurred, account, action: 'query', project,
    domains: ['visits'], source: 'entrepot-1', outcome: 'success',
  }));
  const r = await fetch(`${g.url}/api/v1/access-events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${warehouse}` },
    body: JSON.stringify({ events }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.ok(body.events.every((e) => e.findings.includes(rule)), JSON.stringify(body));
  return `${parisDay(occurred)}~${account}`;
}

async function get(path, who = auditor) {
  const r = await fetch(`${g.url}${path}`, { headers: { Cookie: who.jar.header() } });
  return { status: r.status, body: await r.json() };
}
async function post(path, body, who = auditor, { csrf = true } = {}) {
  const headers = { 'Content-Type': 'application/json', Cookie: who.jar.header() };
  if (csrf) headers['X-CSRF-Token'] = who.csrf;
  const r = await fetch(`${g.url}${path}`, {
    method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}
const caseUrl = (id) => `/api/v1/cases/${encodeURIComponent(id)}`;

test('findings of one account on one day are one case; findings carry case_id and status', async () => {
  const id = await caseOf('api.lecture', 2);
  const list = await get('/api/v1/cases?account=api.lecture');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.cases.length, 1);
  const c = list.body.cases[0];
  assert.equal(c.id, id);
  assert.equal(c.status, 'new');
  assert.equal(c.finding_count, 2);
  assert.equal(c.severity, 'critical');
  assert.deepEqual(c.rules, ['account_not_named']);
  assert.deepEqual(c.projects, ['CONTACT-2026-001']);
  assert.equal(c.assignee, null);
  assert.ok(list.body.counts.new >= 1);
  const f = await get('/api/v1/findings?account=api.lecture');
  assert.equal(f.body.findings.length, 2);
  for (const x of f.body.findings) {
    assert.equal(x.case_id, id);
    assert.equal(x.status, 'new');
  }
  assert.equal((await get('/api/v1/findings?account=api.lecture&status=justified')).body.findings.length, 0);
  assert.equal((await get('/api/v1/findings?status=ouvert')).status, 400);

  const detail = await get(caseUrl(id), dpo);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.case.id, id);
  assert.equal(detail.body.findings.length, 2);
  assert.equal(detail.body.events.length, 2);
  assert.equal(detail.body.events[0].action, 'query');
  assert.deepEqual(detail.body.history, []);

  // Bad filters, unknown and malformed ids, roles.
  for (const q of ['status=ouvert', 'severity=grave', 'from=30/11/2026', 'limit=0', 'limit=abc',
    'rule=nope', 'cursor=x', 'project=a b']) {
    const r = await get(`/api/v1/cases?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.error.code, 'invalid_argument');
  }
  assert.equal((await get(caseUrl('2001-01-01~api.lecture'))).status, 404);
  assert.equal((await get(caseUrl('pas-un-dossier'))).status, 400);
  assert.equal((await get('/api/v1/cases', secretary)).status, 403);
  assert.equal((await get(caseUrl(id), secretary)).status, 403);
  const w = await fetch(`${g.url}/api/v1/cases`, { headers: { Authorization: `Bearer ${warehouse}` } });
  assert.equal(w.status, 403);
  assert.equal((await fetch(`${g.url}/api/v1/cases`)).status, 401);
});

test('the workflow over the API: every step an audit entry, refusals write nothing', async () => {
  const id = await caseOf('api.workflow');
  const url = caseUrl(id);
  const bad = async (path, body, status, reason, who = auditor) => {
    const r = await post(path, body, who);
    assert.equal(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    if (reason) assert.equal(r.body.error.reason, reason);
  };
  // Bad input: unknown field, wrong types, unknown states, missing fields.
  await bad(`${url}/transitions`, { from: 'new', to: 'under_review', extra: 1 }, 400);
  await bad(`${url}/transitions`, { from: 3, to: 'under_review' }, 400);
  await bad(`${url}/transitions`, { from: 'new', to: 'done' }, 400);
  await bad(`${url}/transitions`, { to: 'under_review' }, 400);
  await bad(`${url}/transitions`, { from: 'new', to: 'under_review', note: 5 }, 400);
  await bad(`${url}/transitions`, '{"from": "new",', 400);
  await bad(`${url}/notes`, { note: '   ' }, 400);
  await bad(`${url}/notes`, { note: 'ok', author: 'x' }, 400);
  await bad(`${url}/notes`, {}, 400);
  await bad(`${url}/assignment`, {}, 400);
  await bad(`${url}/assignment`, { assignee: 12 }, 400);
  await bad(`${url}/assignment`, { assignee: 'secretaire' }, 400, 'case_assignee_refused');
  // Steps outside the workflow, a stale state, an unknown case, roles, CSRF.
  await bad(`${url}/transitions`, { from: 'new', to: 'justified', note: 'vu' }, 409, 'case_transition_refused');
  await bad(`${url}/transitions`, { from: 'under_review', to: 'justified', note: 'vu' }, 409, 'case_status_stale');
  await bad(`${caseUrl('2001-01-01~api.workflow')}/transitions`, { from: 'new', to: 'under_review' }, 404);
  await bad(`${caseUrl('2001-01-01~api.workflow')}/notes`, { note: 'x' }, 404);
  await bad(`${url}/transitions`, { from: 'new', to: 'under_review' }, 403, '', secretary);
  await bad(`${url}/notes`, { note: 'x' }, 403, '', secretary);
  const noCsrf = await post(`${url}/notes`, { note: 'x' }, auditor, { csrf: false });
  assert.equal(noCsrf.status, 403);
  const w = await fetch(`${g.url}${url}/notes`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${warehouse}` },
    body: JSON.stringify({ note: 'x' }),
  });
  assert.equal(w.status, 403);
  // The console's forms: CSRF token required; a truncated form is refused with a French page.
  const form = (path, body, who = auditor) => fetch(`${g.url}/audit/alertes/${encodeURIComponent(id)}/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: who.jar.header() },
    body: new URLSearchParams(body).toString(), redirect: 'manual',
  });
  assert.equal((await form('note', { note: 'sans jeton' })).status, 403);
  const truncated = await form('statut', { csrf_token: auditor.csrf, to: 'justified', note: 'x' });
  assert.equal(truncated.status, 400);
  assert.match(await truncated.text(), /formulaire est incomplet/);
  const blank = await form('note', { csrf_token: auditor.csrf, note: '  ' });
  assert.equal(blank.status, 400);
  assert.match(await blank.text(), /La note est invalide/);
  assert.equal((await form('note', { csrf_token: secretary.csrf, note: 'x' }, secretary)).status, 403);
  assert.deepEqual((await get(url)).body.history, [], 'a refusal wrote nothing');

  // The steps.
  const assigned = await post(`${url}/assignment`, { assignee: 'auditeur' });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  assert.equal(assigned.body.case.assignee.username, 'auditeur');
  const review = await post(`${url}/transitions`, { from: 'new', to: 'under_review' });
  assert.equal(review.status, 200, JSON.stringify(review.body));
  assert.equal(review.body.case.status, 'under_review');
  await bad(`${url}/transitions`, { from: 'under_review', to: 'justified' }, 400, 'case_note_required');
  const note = await post(`${url}/notes`, { note: 'Compte créé la veille, autorisation en cours.' }, dpo);
  assert.equal(note.status, 201, JSON.stringify(note.body));
  const incident = await post(`${url}/transitions`,
    { from: 'under_review', to: 'incident', note: 'Accès hors autorisation, signalé au DPO.' });
  assert.equal(incident.status, 200, JSON.stringify(incident.body));
  assert.equal(incident.body.case.status, 'incident');
  // Closed: no assignment, notes still; reopening needs a note.
  await bad(`${url}/assignment`, { assignee: 'dpo' }, 409, 'case_closed');
  await bad(`${url}/transitions`, { from: 'incident', to: 'justified', note: 'x' }, 409, 'case_transition_refused');
  await bad(`${url}/transitions`, { from: 'incident', to: 'under_review' }, 400, 'case_note_required');
  const reopened = await post(`${url}/transitions`, { from: 'incident', to: 'under_review', note: 'Erreur de saisie.' }, dpo);
  assert.equal(reopened.status, 200, JSON.stringify(reopened.body));

  // Each step is an entry of the log: type, actor, object; the note only as a digest.
  const d = (await get(url)).body;
  assert.deepEqual(d.history.map((h) => h.kind), ['assignment', 'transition', 'note', 'transition', 'transition']);
  const expected = ['case.assigned', 'case.under_review', 'case.noted', 'case.incident', 'case.under_review'];
  for (const [i, h] of d.history.entries()) {
    const r = await get(`/api/v1/audit/entries/${h.index}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.type, expected[i]);
    assert.equal(r.body.object, `case/${id}`);
    assert.equal(r.body.payload.case_id, id);
    if (h.note) {
      assert.equal(r.body.payload.note_bytes, Buffer.byteLength(h.note));
      assert.ok(!JSON.stringify(r.body).includes(h.note), 'no note text in the leaf');
    }
  }
  assert.equal(d.history[0].actor.username, 'auditeur');
  assert.equal(d.history[2].actor.username, 'dpo');
  assert.equal((await get(`/api/v1/findings?account=api.workflow&status=under_review`)).body.findings.length, 1);
});

test('two concurrent transitions from one state: one lands, the other is 409', async () => {
  const id = await caseOf('api.concurrence');
  const url = `${caseUrl(id)}/transitions`;
  const results = await Promise.all([
    post(url, { from: 'new', to: 'under_review' }, auditor),
    post(url, { from: 'new', to: 'under_review' }, dpo),
    post(url, { from: 'new', to: 'under_review' }, auditor),
  ]);
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409, 409], JSON.stringify(results.map((r) => r.body)));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.error.reason, 'case_status_stale');
  const d = (await get(caseUrl(id))).body;
  assert.equal(d.history.length, 1);
});

test('browser: an auditor opens the queue, takes a case, marks it justified with a note', async () => {
  const id = await caseOf('navigateur.essai', 2);
  // A case over two projects: its references are listed one a line, so that
  // the queue fits a 1280 px screen (a comma-joined run of references did not
  // wrap and pushed the last column out of the page).
  await caseOf('navigateur.deux-projets', 1);
  await caseOf('navigateur.deux-projets', 1, 'CONTACT-2026-003', 'no_authorisation');
  // bypassCSP: garant's CSP (script-src 'none') would refuse the injected axe-core.
  const context = await suite.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${g.url}/connexion`);
  await fillLogin(page, g, 'auditeur', 'garant-demo-auditeur');
  await page.waitForURL(`${g.url}/console`);

  // From the auditor console to the queue.
  await page.goto(`${g.url}/audit`);
  await page.click('#nav-alertes');
  await page.waitForURL(`${g.url}/audit/alertes`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.ok(Number(await page.textContent('#count-new')) >= 1);
  await assertAccessible(page, 'queue');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(shots, 'alertes-file.png'), fullPage: true });
  const twoProjects = page.locator('#cases tbody tr', { hasText: 'navigateur.deux-projets' });
  assert.equal(await twoProjects.locator('td.mono br').count(), 1);
  assert.match(await twoProjects.textContent(), /CONTACT-2026-001\s*CONTACT-2026-003|CONTACT-2026-003\s*CONTACT-2026-001/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'the queue is wider than a 1280 px screen');

  // Filters by a GET form (no JavaScript needed).
  await page.getByLabel('Compte', { exact: true }).fill('navigateur.essai');
  await page.getByLabel('Statut', { exact: true }).selectOption('new');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/account=navigateur.essai/);
  const rows = page.locator('#cases tbody tr');
  assert.equal(await rows.count(), 1);
  const rowText = await rows.first().textContent();
  assert.match(rowText, /critique/);
  assert.match(rowText, /Nouveau/);
  assert.match(rowText, /Compte non désigné/);
  await page.getByLabel('Gravité', { exact: true }).selectOption('low');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/severity=low/);
  assert.equal(await page.locator('#cases tbody tr').count(), 0);
  assert.ok(await page.isVisible('#queue-empty'));
  await page.getByLabel('Gravité', { exact: true }).selectOption('');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/severity=&/);
  await page.locator('#cases tbody tr a').first().click();
  await page.waitForURL(`${g.url}/audit/alertes/${id}`);

  // The case: events (Paris date, French action, project, outcome), findings
  // with their explanation and facts as a table, no JSON.
  const day = id.slice(0, 10).split('-').reverse().join('/');
  assert.match(await page.textContent('h1'), new RegExp(`Dossier du ${day}`));
  const events = page.locator('#case-events tbody tr');
  assert.equal(await events.count(), 2);
  const ev = await events.first().textContent();
  assert.match(ev, new RegExp(`${day} \\d\\d:\\d\\d`));
  assert.match(ev, /requête/);
  assert.match(ev, /CONTACT-2026-001/);
  assert.match(ev, /réussi/);
  const finding = page.locator('#finding-1');
  assert.match(await finding.textContent(), /navigateur\.essai/);
  assert.ok(await finding.locator('table.facts tbody tr').count() >= 1);
  assert.ok(!(await finding.textContent()).includes('{"'), 'facts are a table, not JSON');
  assert.ok(await page.isVisible('#no-history'));
  await assertAccessible(page, 'case');
  await page.screenshot({ path: join(shots, 'alertes-dossier.png'), fullPage: true });

  // A second tab keeps the old state: its action after ours is refused (409).
  const stale = await context.newPage();
  await stale.goto(`${g.url}/audit/alertes/${id}`);

  await page.click('#take');
  await page.waitForURL(/ok=pris/);
  assert.match(await page.textContent('#case-ok'), /pris le dossier en charge/);
  assert.equal(await page.textContent('#case-status'), "En cours d'examen");
  assert.match(await page.textContent('#case-assignee'), /Auditeur|auditeur|Audit/i);

  const refused = stale.waitForResponse((r) => r.url().endsWith('/prendre'));
  await stale.click('#take');
  assert.equal((await refused).status(), 409);
  assert.match(await stale.textContent('#case-error'), /a changé entre-temps/);
  await stale.screenshot({ path: join(shots, 'alertes-dossier-perime.png'), fullPage: true });
  await stale.close();

  const note = 'Ré-identification demandée par le médecin investigateur.\nTicket 2026-118.';
  await page.getByLabel('Conclusion (obligatoire)').fill(note);
  await page.click('#mark-justified');
  await page.waitForURL(/ok=justified/);
  assert.equal(await page.textContent('#case-status'), 'Justifié');
  assert.match(await page.innerHTML('#case-notes'), /investigateur\.<br>Ticket 2026-118/);
  const history = page.locator('#case-history tbody tr');
  assert.equal(await history.count(), 3);
  assert.match(await history.nth(0).textContent(), /Dossier confié à/);
  assert.match(await history.nth(1).textContent(), /Nouveau → En cours d'examen/);
  assert.match(await history.nth(2).textContent(), /En cours d'examen → Justifié/);
  assert.ok(await page.isVisible('#reopen'), 'a closed case can be reopened');
  await assertAccessible(page, 'closed case');
  await page.screenshot({ path: join(shots, 'alertes-dossier-justifie.png'), fullPage: true });

  // The audit log shows each step (its leaves, by object).
  await page.goto(`${g.url}/audit?object=${encodeURIComponent(`case/${id}`)}`);
  const types = await page.locator('#entries tbody tr td:nth-child(3)').allTextContents();
  assert.deepEqual(types.reverse(), ['case.assigned', 'case.under_review', 'case.justified']);
  // The author by name (the auditor who did each step), its code beneath.
  const actors = await page.locator('#entries tbody tr td:nth-child(4)').allTextContents();
  assert.equal(actors.length, 3);
  assert.ok(actors.every((a) => /^Auditeur CNIL \(démo\)staff:\d+$/.test(a)), actors.join());
  const payloads = await page.locator('#entries tbody tr td:nth-child(6)').allTextContents();
  assert.ok(payloads.every((p) => !p.includes('Ticket 2026-118')), 'the note is not in the log');
  await page.screenshot({ path: join(shots, 'alertes-journal.png'), fullPage: true });

  // The queue now shows it closed; a secretary may not open it.
  await page.goto(`${g.url}/audit/alertes?account=navigateur.essai&status=closed`);
  assert.match(await page.locator('#cases tbody tr').first().textContent(), /Justifié/);
  await context.close();
  const r = await fetch(`${g.url}/audit/alertes`, { headers: { Cookie: secretary.jar.header() } });
  assert.equal(r.status, 403);
});
