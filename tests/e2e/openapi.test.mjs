// docs/openapi.yaml: a valid OpenAPI 3.1 document (npm's
// @seriousme/openapi-schema-validator), every schema compiling under Ajv's
// strict mode, served as is and publicly at /api/v1/openapi.json, and a
// checker (lib/openapi.mjs) that does fail on an answer the description does
// not allow. The route table is compared with it by
// server/tests/openapi_routes_test.cc; the suites that import
// lib/openapi-check.mjs (docs/testing.md) check their own requests and
// answers through it. This suite also walks the routes those suites do not
// call (governance, cases, the desk, the session), checked the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, garantBin, garantdBin, staffLogin, withoutOffHours } from './lib/garantd.mjs';
import { OpenApiChecker, installFetchCheck, loadSpec } from './lib/openapi.mjs';

const g = new Garantd();
let loaded;
let checker;

before(async () => {
  loaded = await loadSpec();
  checker = new OpenApiChecker(loaded.spec);
  await g.start({ args: withoutOffHours(g) });
});
after(() => { g.cleanup(); });

test('docs/openapi.yaml is valid OpenAPI 3.1 and every schema compiles in strict mode', () => {
  assert.equal(loaded.valid, true, JSON.stringify(loaded.errors));
  assert.match(loaded.spec.openapi, /^3\.1\./);
  checker.compileAll();
});

test('served publicly at /api/v1/openapi.json, equal to docs/openapi.yaml', async () => {
  const r = await fetch(`${g.url}/api/v1/openapi.json`);  // no credentials
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await r.json(), loaded.spec);
  // The build's copy (build/openapi.json, next to bin/) is the same document.
  const built = JSON.parse(readFileSync(join(garantdBin, '..', '..', 'openapi.json'), 'utf8'));
  assert.deepEqual(built, loaded.spec);
});

test('the checker refuses what the description does not allow', () => {
  const json = (status, body, headers = {}) => ({
    status, headers: new Headers(headers), contentType: 'application/json', responseText: JSON.stringify(body),
  });
  // A field missing from an answer.
  let e = checker.check({ method: 'POST', path: '/api/v1/audit/events', ...json(200, { count: 1 }) });
  assert.match(e.join(), /required property 'indexes'/);
  // A status the operation does not describe.
  e = checker.check({ method: 'GET', path: '/api/v1/me', ...json(418, {}) });
  assert.match(e.join(), /status 418 is not described/);
  // A 503 without Retry-After.
  e = checker.check({ method: 'GET', path: '/api/v1/findings',
                      ...json(503, { error: { code: 'unavailable', message: 'x' } }) });
  assert.match(e.join(), /Retry-After missing/);
  // An error of another shape.
  e = checker.check({ method: 'GET', path: '/api/v1/findings', ...json(401, { error: 'nope' }) });
  assert.match(e.join(), /must be object/);
  // A case's findings and history are described member by member: a
  // valid answer passes, an unknown member, an unknown status or kind fails.
  const finding = { id: 'f1', rule: 'off_hours', severity: 'low', event_id: 'e1', index: 3,
    account: 'chercheur.moreau', project: null, case_id: '2026-01-01~chercheur.moreau', status: 'new',
    occurred_at: '2026-01-01T22:00:00Z', raised_at: '2026-01-01T22:00:01Z', explanation: 'x', facts: {},
    finding_index: 4 };
  const staff = { username: 'auditeur', display_name: 'Auditrice' };
  const caseBody = (f, h) => ({
    case: { id: '2026-01-01~chercheur.moreau', account: 'chercheur.moreau', day: '2026-01-01', status: 'new',
      assignee: null, finding_count: 1, severity: 'low', rules: ['off_hours'], projects: [],
      first_occurred_at: '2026-01-01T22:00:00Z', last_occurred_at: '2026-01-01T22:00:00Z',
      last_raised_at: '2026-01-01T22:00:01Z', raised_since_closed: false, updated_at: null },
    findings: [f], events: [],
    history: [h] });
  const step = { id: 'h1', kind: 'transition', from: 'new', to: 'under_review', note: null, actor: staff,
    at: '2026-01-02T08:00:00Z', index: 9 };
  const casePath = '/api/v1/cases/2026-01-01~chercheur.moreau';
  assert.deepEqual(checker.check({ method: 'GET', path: casePath, ...json(200, caseBody(finding, step)) }), []);
  e = checker.check({ method: 'GET', path: casePath, ...json(200, caseBody({ ...finding, extra: 1 }, step)) });
  assert.match(e.join(), /additional properties/);
  e = checker.check({ method: 'GET', path: casePath, ...json(200, caseBody({ ...finding, status: 'closed' }, step)) });
  assert.match(e.join(), /must be equal to one of the allowed values/);
  e = checker.check({ method: 'GET', path: casePath, ...json(200, caseBody(finding, { ...step, kind: 'vote' })) });
  assert.match(e.join(), /must be equal to one of the allowed values/);
  e = checker.check({ method: 'GET', path: casePath, ...json(200, caseBody(finding, { ...step, actor: { username: 'x' } })) });
  assert.ok(e.length > 0, 'a staff reference without its display name');
  e = checker.check({ method: 'GET', path: '/api/v1/findings', ...json(200, { findings: [{ ...finding, case_id: 7 }], next_cursor: null }) });
  assert.match(e.join(), /must be string/);
  // The governance, objection, rights and session answers are closed too:
  // a member missing, an unknown one or a wrong type fails.
  const conflict = { id: 1, member_id: 2, project_id: 3, description: 'x', declared_at: '2026-01-01T10:00:00Z',
    source: 'declared', meeting_id: null, declaration_id: null };
  const conflicts = (c) => checker.check({ method: 'GET', path: '/api/v1/governance/conflicts', ...json(200, { conflicts: [c] }) });
  assert.deepEqual(conflicts(conflict), []);
  const { declaration_id: _omitted, ...withoutDeclaration } = conflict;
  assert.match(conflicts(withoutDeclaration).join(), /required property 'declaration_id'/);
  assert.match(conflicts({ ...conflict, source: 'rumour' }).join(), /allowed values/);
  assert.match(conflicts({ ...conflict, extra: 1 }).join(), /additional properties/);
  e = checker.check({ method: 'GET', path: '/api/v1/governance/committees', ...json(200, { committees: [{ id: 1, code: 'cse', name: 'CSE' }] }) });
  assert.match(e.join(), /required property 'quorum'/);
  e = checker.check({ method: 'GET', path: '/api/v1/public/projects', ...json(200, { projects: [{ reference: 'P-1' }] }) });
  assert.ok(e.length > 0, 'a public project with one member');
  const me = { kind: 'service', id: '3', name: 'entrepot', role: 'warehouse' };
  assert.deepEqual(checker.check({ method: 'GET', path: '/api/v1/me', ...json(200, me) }), []);
  e = checker.check({ method: 'GET', path: '/api/v1/me', ...json(200, { ...me, csrf_token: 'x' }) });
  assert.ok(e.length > 0, 'a service token has no CSRF token');
  e = checker.check({ method: 'GET', path: '/api/v1/me', ...json(200, { ...me, kind: 'staff' }) });
  assert.ok(e.length > 0, 'a staff session has a display name and a CSRF token');
  e = checker.check({ method: 'GET', path: '/api/v1/objections', ...json(200, { objections: [{ reference: 'OPP-1234-5678' }] }) });
  assert.match(e.join(), /required property 'status'/);
  // The desk's reports and the log's entries are closed too: each list of
  // access events takes only the members its report adds, a pruned event
  // nothing that came from its leaf, an entry exactly one payload form.
  const event = { id: '0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10', index: 5, occurred_at: '2026-01-01T10:00:00Z',
    account: 'chercheur.moreau', action: 'query', outcome: 'success', project: 'CONTACT-2026-001',
    organisation: 'CHU', account_role: 'researcher', purpose: 'research', decision: 1, source: 'entrepot',
    patient_count: 3, findings: [], by_garant: false, pruned: false };
  const account = (recent, extra = {}) => checker.check({ method: 'GET', path: '/api/v1/audit/accounts/chercheur.moreau',
    ...json(200, { account: 'chercheur.moreau', period: { from: null, to: null }, events: 1, patients: 3, per_day: [],
      actions: [{ key: 'query', count: 1 }], projects: [], findings: [], authorisations: [], cases: [], recent, ...extra }) });
  assert.deepEqual(account([event]), []);
  assert.match(account([{ ...event, rule: 'x' }]).join(), /unevaluated properties/);
  assert.match(account([event], { extra: 1 }).join(), /additional properties/);
  const { source: _source, ...withoutSource } = event;
  assert.match(account([withoutSource]).join(), /required property 'source'/);
  const pruned = { ...event, organisation: null, account_role: null, purpose: null, decision: null, source: null,
    pruned: true, pruned_at: '2026-06-01T00:00:00Z', retention_days: 90 };
  assert.deepEqual(account([pruned]), []);
  assert.ok(account([{ ...pruned, purpose: 'research' }]).length > 0, 'a pruned event keeps no purpose');
  const project = (exports) => checker.check({ method: 'GET', path: '/api/v1/audit/projects/CONTACT-2026-001',
    ...json(200, { project: { reference: 'CONTACT-2026-001', title: 't', organisation: 'o', purpose: 'p',
      legal_basis: 'l', formality: 'mr-004', status: 'active' }, period: { from: null, to: null }, events: 1,
    patients: 1, cohort_size: null, authorisations: [], accessed: [], unnamed: [], outside: [], outside_total: 0,
    exports, reidentifications: [], exclusion_acks: [] }) });
  const file = { file: 'f.csv', sha256: 'ab', bytes: 10, destination: 'd' };
  assert.deepEqual(project([{ ...event, action: 'export', export: file }, { ...pruned, export: null }]), []);
  assert.ok(project([{ ...pruned, export: file }]).length > 0, 'a pruned export keeps no file');
  assert.ok(project([{ ...event, export: null }]).length > 0, 'an export event names its file');
  e = checker.check({ method: 'GET', path: '/api/v1/audit/overview', ...json(200, { period: { from: null, to: null },
    events: 0, garant_views: 0, per_day: [], actions: [], projects: [], findings: [], log_size: 3,
    checkpoint: { size: null, signed_at: null }, extra: 1 }) });
  assert.match(e.join(), /additional properties/);
  const entry = { index: 1, leaf_hash: 'a'.repeat(64), pruned: false, id: 'x', type: 't', time: '2026-01-01T10:00:00Z',
    actor: 'a', object: 'o', payload: {}, signed: true };
  const search = (entries) => checker.check({ method: 'GET', path: '/api/v1/audit/entries',
    ...json(200, { entries, tree_size: 2, signed_size: 2, next_cursor: null }) });
  assert.deepEqual(search([entry, { index: 0, leaf_hash: 'b'.repeat(64), pruned: false, decode_error: 'bad', signed: true }]), []);
  assert.ok(search([{ ...entry, payload_text: 'x' }]).length > 0, 'a payload in two forms');
  assert.ok(search([{ ...entry, decode_error: 'bad' }]).length > 0, 'a decoded entry with a decode error');
  assert.match(search([{ ...entry, chain: 'c' }]).join(), /unevaluated properties/);
  // A route the server answers but the description lacks.
  e = checker.check({ method: 'GET', path: '/api/v1/not-described', ...json(200, {}) });
  assert.match(e.join(), /is not described/);
  // A request the server accepted but its schema refuses (unknown field).
  e = checker.check({ method: 'POST', path: '/api/v1/exclusions/ack',
                      requestBody: JSON.stringify({ version: 1, purged: 0, extra: 1 }),
                      ...json(201, { consumer: 'c', version: 1, purged: 0, repeated: false }) });
  assert.match(e.join(), /additional properties/);
  // And what it allows passes.
  e = checker.check({ method: 'POST', path: '/api/v1/exclusions/ack',
                      requestBody: JSON.stringify({ version: 1, purged: 0 }),
                      ...json(201, { consumer: 'c', version: 1, purged: 0, repeated: false }) });
  assert.deepEqual(e, []);
});

// Below, every fetch is checked (installFetchCheck throws on a mismatch).
test('the session, governance, cases and desk routes answer as described', async () => {
  installFetchCheck(checker);
  const secretary = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  const auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  const as = (who) => ({ Cookie: who.jar.header(), 'X-CSRF-Token': who.csrf, 'Content-Type': 'application/json' });
  const get = async (path, who) => {
    const r = await fetch(`${g.url}${path}`, { headers: who ? as(who) : {} });
    return { status: r.status, body: r.headers.get('content-type')?.startsWith('application/json') ? await r.json() : await r.text() };
  };

  assert.equal((await get('/api/v1/me', secretary)).body.role, 'secretary');
  assert.equal((await get('/api/v1/me')).status, 401);
  for (const c of ['committees', 'projects', 'meetings', 'conflicts', 'decisions', 'authorisations']) {
    const r = await get(`/api/v1/governance/${c}`, secretary);
    assert.equal(r.status, 200, `${c}: ${JSON.stringify(r.body)}`);
  }
  const projects = (await get('/api/v1/governance/projects', secretary)).body.projects;
  assert.ok(projects.length > 0);
  assert.equal((await get(`/api/v1/governance/projects/${projects[0].id}`, secretary)).status, 200);
  assert.equal((await get('/api/v1/governance/projects/999999', secretary)).status, 404);
  assert.equal((await get('/api/v1/public/projects')).status, 200);
  assert.equal((await get('/api/v1/audit/public-key')).status, 200);
  // A refused change: 400 (unknown field), 403 (wrong role) in the error shape.
  let r = await fetch(`${g.url}/api/v1/governance/committees`, {
    method: 'POST', headers: as(secretary), body: JSON.stringify({ code: 'cx', name: 'X', extra: 1 }) });
  assert.equal(r.status, 400);
  r = await fetch(`${g.url}/api/v1/governance/committees`, {
    method: 'POST', headers: as(auditor), body: JSON.stringify({ code: 'cx', name: 'X' }) });
  assert.equal(r.status, 403);
  r = await fetch(`${g.url}/api/v1/governance/committees`, {
    method: 'POST', headers: as(secretary), body: JSON.stringify({ code: 'comite-openapi', name: 'Comité OpenAPI' }) });
  assert.equal(r.status, 201);

  // The access check, by a warehouse token.
  const token = execFileSync(garantBin, ['token', 'create', 'entrepot-openapi', '--role', 'warehouse', '--data-dir', g.dataDir])
    .toString().trim().split('\n').pop();
  r = await fetch(`${g.url}/api/v1/governance/access-check`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ account: 'chercheur.moreau', project: projects[0].reference, domains: ['visits'] }) });
  assert.equal(r.status, 200);
  assert.equal(typeof (await r.json()).allowed, 'boolean');

  // The auditor's queue, desk and log.
  assert.equal((await get('/api/v1/cases', auditor)).status, 200);
  assert.equal((await get('/api/v1/cases/2026-01-01~personne', auditor)).status, 404);
  assert.equal((await get('/api/v1/audit/overview', auditor)).status, 200);
  assert.equal((await get('/api/v1/audit/accounts/chercheur.moreau?from=2026-01-01', auditor)).status, 200);
  assert.equal((await get('/api/v1/audit/overview?from=pas-une-date', auditor)).status, 400);
  const entries = await get('/api/v1/audit/entries?limit=2', auditor);
  assert.equal(entries.status, 200);
  assert.equal((await get(`/api/v1/audit/entries/${entries.body.entries[0].index}`, auditor)).status, 200);
  assert.equal((await get('/api/v1/findings', auditor)).status, 200);
  r = await fetch(`${g.url}/api/v1/audit/person-trail`, {
    method: 'POST', headers: as(auditor), body: JSON.stringify({ tokens: ['a'.repeat(64)] }) });
  assert.equal(r.status, 200);

  r = await fetch(`${g.url}/api/v1/session`, { method: 'DELETE', headers: as(secretary) });
  assert.equal(r.status, 200);
});
