// Governance end to end, against a real garantd --dev --demo: a secretary
// runs a committee meeting and a decision in a real browser, the project
// appears on the public portal with its "object to this project" link; the
// JSON API refuses bad input with a code and records nothing half-way; the
// access check answers with the precise reason.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Garantd, Jar, repoRoot, garantBin, freshCode } from './lib/garantd.mjs';
import { browserSuite, staffPage } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';

const suite = browserSuite();
const { g, shots } = suite;

async function session(username, password) {
  const jar = new Jar();
  const r = await fetch(`${g.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password, totp: await freshCode(g, username) }),
  });
  assert.equal(r.status, 201);
  jar.store(r);
  const { csrf_token: csrf } = await r.json();
  const call = async (method, path, body, { raw = false } = {}) => {
    const headers = { Cookie: jar.header(), 'X-CSRF-Token': csrf };
    if (body !== undefined || method === 'POST') headers['Content-Type'] = 'application/json';
    if (body === undefined && method === 'POST') body = {};
    const res = await fetch(`${g.url}${path}`, { method, headers, body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text };
  };
  return { call, csrf, jar };
}
const secretary = () => session('secretaire', 'garant-demo-secretaire');
// The second secretary: co-signs decisions and confirms authorisations
// (two-person rule, sql/0017).
const secretary2 = () => session('secretaire2', 'garant-demo-secretaire2');

function assertError(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.code, code, res.text);
  assert.ok(res.json.error.message.length > 0);
}

test('the demo portal lists published projects with their opinion, in French, without JavaScript', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  const res = await page.goto(`${g.url}/projets`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('h1'), /Portail de transparence/);
  const flu = page.locator('#projet-CONTACT-2026-001');
  assert.match(await flu.textContent(), /Avis favorable/);
  assert.match(await flu.textContent(), /Université Paris Cité/);
  assert.equal(await flu.locator('a.gov-object').getAttribute('href'), '/opposition?projet=CONTACT-2026-001');
  // Rejected and submitted projects are not published.
  assert.equal(await page.locator('#projet-CONTACT-2026-003').count(), 0);
  assert.equal(await page.locator('#projet-CONTACT-2026-004').count(), 0);
  await page.screenshot({ path: join(shots, 'projets.png'), fullPage: true });
  await page.close();
});

test('a secretary records a meeting and a decision; the project appears on the portal', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${g.url}/connexion`);
  await page.getByLabel('Identifiant').fill('secretaire');
  await page.getByLabel('Mot de passe').fill('garant-demo-secretaire');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${g.url}/console`);

  await page.goto(`${g.url}/console/gouvernance`);
  await page.getByRole('link', { name: 'Enregistrer une séance' }).click();
  await page.getByLabel('Comité').selectOption({ label: 'Comité scientifique et éthique' });
  await page.getByRole('button', { name: 'Continuer' }).click();
  // Yesterday, so that the meeting has taken place whatever the hour.
  const day = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
  await page.getByLabel('Date et heure (heure de Paris)').fill(`${day}T09:30`);
  await page.getByLabel(/CONTACT-2026-004/).check();
  for (const name of ['Pr Hélène Garnier', 'Dr Marc Lefèvre', 'Dr Nadia Benali', 'Mme Josiane Morel']) {
    await page.getByLabel(new RegExp(name)).check();
  }
  await page.getByLabel('Procès-verbal').fill('Séance extraordinaire : douleurs thoraciques.');
  await page.getByRole('button', { name: 'Enregistrer la séance' }).click();
  await page.waitForURL(/\/console\/gouvernance\/seances\/\d+\?ok=seance$/);
  assert.match(await page.textContent('#quorum'), /quorum atteint/);

  await page.getByText('Enregistrer une décision sur ce projet').click();
  await page.getByLabel('Avis', { exact: true }).selectOption('favourable');
  // Reasons are mandatory: an empty motivation is refused by the browser
  // (required) and by the server; try the server with spaces only.
  await page.getByLabel('Motivation').fill('   ');
  await page.getByRole('button', { name: 'Enregistrer et relire avant signature' }).click();
  await page.locator('#gov-error').waitFor();
  assert.match(await page.textContent('#gov-error'), /motivation de la décision est obligatoire/);

  await page.getByLabel('Motivation').fill('Question de santé publique pertinente ; données pseudonymisées ; minimisation respectée.');
  for (const name of ['Pr Hélène Garnier', 'Dr Marc Lefèvre', 'Dr Nadia Benali', 'Mme Josiane Morel']) {
    await page.getByLabel(name, { exact: true }).selectOption('for');
  }
  await page.getByRole('button', { name: 'Enregistrer et relire avant signature' }).click();
  // The confirmation step: the decision, what the portal will publish, and
  // nothing published yet.
  await page.waitForURL(/\/seances\/\d+\/decisions\/\d+\/signature$/);
  const signUrl = page.url();
  assert.match(await page.textContent('#sign-outcome'), /Avis favorable/);
  assert.match(await page.textContent('#publish-first'), /sera publié sur le portail/);
  assert.match(await page.textContent('#publish-preview'), /Douleurs thoraciques/i);
  assert.match(await page.textContent('#publish-opinion'), /Avis favorable du Comité scientifique et éthique/);
  assert.match(await page.textContent('main'), /La signature est définitive/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'decision-signature.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'decision-signature-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  let portal = await (await fetch(`${g.url}/projets`)).text();
  assert.doesNotMatch(portal, /projet-CONTACT-2026-004/);
  // Without the box: refused, still unsigned.
  await page.getByRole('button', { name: 'Signer la décision' }).click();
  assert.match(await page.textContent('#gov-error'), /Cochez la case/);
  portal = await (await fetch(`${g.url}/projets`)).text();
  assert.doesNotMatch(portal, /projet-CONTACT-2026-004/);
  // The meeting page offers to come back to it.
  await page.goto(signUrl.replace(/\/decisions\/\d+\/signature$/, ''));
  assert.match(await page.textContent('main'), /pas encore signée/);
  await page.getByRole('link', { name: 'relire et signer' }).click();
  await page.getByLabel(/J'ai relu la décision/).check();
  await page.getByRole('button', { name: 'Signer la décision' }).click();
  await page.waitForURL(/\?ok=decision$/);
  assert.match(await page.textContent('#gov-ok'), /Décision signée/);
  assert.doesNotMatch(await page.textContent('main'), /pas encore signée/);
  // The project page names the signatory; the decision awaits its co-signature.
  const meetingUrl = page.url();
  assert.match(await page.textContent('main'), /en attente de cosignature/);
  await page.getByRole('link', { name: 'CONTACT-2026-004' }).click();
  assert.match(await page.textContent('main'), /Signée le \d\d\/\d\d\/\d{4} par Secrétaire des comités \(démo\)/);
  assert.match(await page.textContent('main'), /En attente de cosignature/);
  await page.goto(meetingUrl);
  assert.match(await page.textContent('main'), /Avis favorable/);
  await page.screenshot({ path: join(shots, 'seance-decision.png'), fullPage: true });
  // Pending: not on the portal yet.
  portal = await (await fetch(`${g.url}/projets`)).text();
  assert.doesNotMatch(portal, /projet-CONTACT-2026-004/);
  // The signer sees it among the acts to co-sign, without a button.
  const decisionId = signUrl.match(/\/decisions\/(\d+)\/signature$/)[1];
  await page.goto(`${g.url}/console/gouvernance/a-cosigner`);
  const own = page.locator(`#pending-decision-${decisionId}`);
  assert.match(await own.textContent(), /un autre secrétaire doit la cosigner/);
  assert.equal(await own.getByRole('button', { name: 'Cosigner' }).count(), 0);

  // The second secretary co-signs, in a browser without JavaScript.
  const other = await staffPage(suite, 'secretaire2', 'garant-demo-secretaire2', { js: false });
  await other.goto(`${g.url}/console/gouvernance`);
  await other.getByRole('link', { name: /Actes à cosigner/ }).click();
  const row = other.locator(`#pending-decision-${decisionId}`);
  assert.match(await row.textContent(), /CONTACT-2026-004/);
  assert.match(await row.textContent(), /par Secrétaire des comités \(démo\)/);
  assert.deepEqual(await axeViolations(other), []);
  await other.screenshot({ path: join(shots, 'actes-a-cosigner.png'), fullPage: true });
  await other.setViewportSize({ width: 390, height: 844 });
  await other.screenshot({ path: join(shots, 'actes-a-cosigner-390.png'), fullPage: true });
  await other.setViewportSize({ width: 1280, height: 800 });
  await row.getByRole('button', { name: 'Cosigner' }).click();
  await other.waitForURL(/\/a-cosigner\?ok=cosignature$/);
  assert.match(await other.textContent('#gov-ok'), /Décision cosignée/);
  assert.equal(await other.locator(`#pending-decision-${decisionId}`).count(), 0);
  await other.close();
  await page.goto(meetingUrl);
  assert.doesNotMatch(await page.textContent('main'), /en attente de cosignature/);
  // The project page names both signatories.
  await page.getByRole('link', { name: 'CONTACT-2026-004' }).click();
  assert.match(await page.textContent(`#decision-${decisionId}`),
    /Signée le \d\d\/\d\d\/\d{4} par Secrétaire des comités \(démo\)\. Cosignée le \d\d\/\d\d\/\d{4} par Second secrétaire des comités \(démo\)/);
  await page.goto(meetingUrl);

  // The portal, anonymously and without JavaScript.
  const pub = await suite.browser.newPage({ javaScriptEnabled: false });
  await pub.goto(`${g.url}/projets`);
  const article = pub.locator('#projet-CONTACT-2026-004');
  assert.equal(await article.count(), 1);
  assert.match(await article.textContent(), /Douleurs thoraciques/);
  assert.match(await article.textContent(), /Avis favorable du Comité scientifique et éthique/);
  const link = article.getByRole('link', { name: "M'opposer à l'utilisation de mes données pour ce projet" });
  assert.equal(await link.getAttribute('href'), '/opposition?projet=CONTACT-2026-004');
  await link.click();
  await pub.waitForURL((u) => u.pathname === '/opposition');
  const url = new URL(pub.url());
  assert.equal(url.searchParams.get('projet'), 'CONTACT-2026-004');
  await pub.close();
  await page.close();
});

test('the console forms are refused without the CSRF token', async () => {
  const { jar } = await secretary();
  const r = await fetch(`${g.url}/console/gouvernance/comites`, {
    method: 'POST', headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'name=X&code=xx&quorum_numerator=1&quorum_denominator=2&min_patient_representatives=1',
  });
  assert.equal(r.status, 403);
});

test('the public JSON lists the same projects with their objection link', async () => {
  const r = await fetch(`${g.url}/api/v1/public/projects`);
  assert.equal(r.status, 200);
  const { projects } = await r.json();
  const flu = projects.find((p) => p.reference === 'CONTACT-2026-001');
  assert.equal(flu.objection_url, '/opposition?projet=CONTACT-2026-001');
  assert.equal(flu.opinion.outcome, 'favourable');
  assert.equal(flu.status, 'active');
  assert.ok(!projects.some((p) => p.reference === 'CONTACT-2026-003'));
});

test('API: bad bodies are 400 with a code, and nothing is recorded', async () => {
  const { call } = await secretary();
  const before = (await call('GET', '/api/v1/governance/projects')).json.projects.length;
  const committees = (await call('GET', '/api/v1/governance/committees')).json.committees;
  const cse = committees.find((c) => c.code === 'cse');
  const good = {
    reference: 'API-2026-001', title: 'Projet API', public_summary: 'Résumé', purpose: 'research',
    no_forbidden_use: true, legal_basis: 'RGPD 6.1.e', formality: 'mr-004', investigator: 'Dr X',
    organisation: 'Org', data_domains: ['visits'], duration_months: 12, committee_id: cse.id,
  };
  assertError(await call('POST', '/api/v1/governance/projects', '{"reference": "A",', { raw: true }), 400, 'invalid_argument');
  assertError(await call('POST', '/api/v1/governance/projects', { ...good, extra: 1 }), 400, 'invalid_argument');
  assertError(await call('POST', '/api/v1/governance/projects', { ...good, duration_months: '12' }), 400, 'invalid_argument');
  assertError(await call('POST', '/api/v1/governance/projects', { ...good, data_domains: 'visits' }), 400, 'invalid_argument');
  // The range is the store's rule (reason invalid_cohort_size); a string is a wrong type.
  for (const cohort of [0, -1, 100000001]) {
    const bad = await call('POST', '/api/v1/governance/projects', { ...good, cohort_size: cohort });
    assertError(bad, 400, 'invalid_argument');
    assert.equal(bad.json.error.reason, 'invalid_cohort_size', String(cohort));
  }
  assertError(await call('POST', '/api/v1/governance/projects', { ...good, cohort_size: '250' }), 400, 'invalid_argument');
  const promo = await call('POST', '/api/v1/governance/projects', { ...good, purpose: 'product_promotion' });
  assertError(promo, 400, 'invalid_argument');
  assert.match(promo.json.error.message, /forbidden purpose/);
  assert.equal(promo.json.error.reason, 'forbidden_purpose');
  const undeclared = await call('POST', '/api/v1/governance/projects', { ...good, no_forbidden_use: false });
  assertError(undeclared, 400, 'invalid_argument');
  assert.equal(undeclared.json.error.reason, 'forbidden_use_not_declared');
  // Errors without a reason keep their former shape: no "reason" key at all.
  const notArray = await call('POST', '/api/v1/governance/projects', '[1]', { raw: true });
  assertError(notArray, 400, 'invalid_argument');
  assert.deepEqual(Object.keys(notArray.json.error), ['code', 'message']);
  assert.equal((await call('GET', '/api/v1/governance/projects')).json.projects.length, before);

  assertError(await call('POST', '/api/v1/governance/meetings', { committee_id: cse.id, held_at: '2026-01-01T10:00:00Z', agenda: ['x'], present: [] }), 400, 'invalid_argument');
  assertError(await call('POST', '/api/v1/governance/meetings', { committee_id: cse.id, held_at: 'hier', agenda: [1], present: [] }), 400, 'invalid_argument');
  assertError(await call('POST', '/api/v1/governance/decisions', { project_id: 1, meeting_id: 1, outcome: 'maybe', reasons: 'x' }), 400, 'invalid_argument');
  assertError(await call('POST', '/api/v1/governance/decisions', { project_id: 1, meeting_id: 1, outcome: 'favourable', reasons: 'x', votes: [{ member_id: 1, vote: 'for', weight: 2 }] }), 400, 'invalid_argument');
  const auditor = await session('auditeur', 'garant-demo-auditeur');
  for (const body of [{ account: 'a', project: 'P', domains: 'visits' }, { account: 'a', project: 'P', domains: [] },
    { account: 'a', project: 'P', domains: ['visits'], time: 'demain' }, { account: 'a', domains: ['visits'] },
    { account: 'a', project: 'P', domains: ['visits'], purpose: 'x' }]) {
    assertError(await auditor.call('POST', '/api/v1/governance/access-check', body), 400, 'invalid_argument');
  }
  assertError(await call('POST', '/api/v1/governance/committees/999999/members', { full_name: 'X', role: 'member', voting: true, term_start: '2026-01-01' }), 404, 'not_found');
  assertError(await call('POST', `/api/v1/governance/committees/${cse.id}/members`, { full_name: 'X', role: 'king', voting: true, term_start: '2026-01-01' }), 400, 'invalid_argument');
  assertError(await call('POST', `/api/v1/governance/committees/${cse.id}/members`, { full_name: 'X', role: 'member', voting: true, term_start: '2026-02-30' }), 400, 'invalid_argument');
});

test('API: a decision without quorum is refused; a conflicted vote is refused; nothing half-recorded', async () => {
  const { call } = await secretary();
  const cse = (await call('GET', '/api/v1/governance/committees')).json.committees.find((c) => c.code === 'cse');
  const members = (await call('GET', `/api/v1/governance/committees/${cse.id}/members`)).json.members;
  const byName = (n) => members.find((m) => m.full_name === n).id;
  const project = await call('POST', '/api/v1/governance/projects', {
    reference: 'API-2026-002', title: 'Projet sans quorum', public_summary: 'Résumé', purpose: 'research',
    no_forbidden_use: true, legal_basis: 'RGPD 6.1.e', formality: 'mr-004', investigator: 'Dr X',
    organisation: 'Org', data_domains: ['visits'], duration_months: 12, committee_id: cse.id,
  });
  assert.equal(project.status, 201, project.text);
  const pid = project.json.id;
  // No patient representative present.
  const meeting = await call('POST', '/api/v1/governance/meetings', {
    committee_id: cse.id, held_at: new Date(Date.now() - 60e3).toISOString(), agenda: [pid],
    present: [byName('Pr Hélène Garnier'), byName('Dr Marc Lefèvre'), byName('Dr Nadia Benali')],
  });
  assert.equal(meeting.status, 201, meeting.text);
  const decision = { project_id: pid, meeting_id: meeting.json.id, outcome: 'favourable', reasons: 'Motivé.', votes: [{ member_id: byName('Pr Hélène Garnier'), vote: 'for' }] };
  const refused = await call('POST', '/api/v1/governance/decisions', decision);
  assertError(refused, 409, 'conflict');
  assert.match(refused.json.error.message, /^quorum not met/);
  assert.equal(refused.json.error.reason, 'quorum_not_met');
  assert.deepEqual(Object.keys(refused.json.error), ['code', 'reason', 'message']);

  const full = await call('POST', '/api/v1/governance/meetings', {
    committee_id: cse.id, held_at: new Date(Date.now() - 60e3).toISOString(), agenda: [pid],
    present: [byName('Pr Hélène Garnier'), byName('Dr Marc Lefèvre'), byName('Dr Nadia Benali'), byName('Mme Josiane Morel')],
  });
  assert.equal(full.status, 201);
  const conflict = await call('POST', '/api/v1/governance/conflicts', { member_id: byName('Dr Marc Lefèvre'), project_id: pid, description: 'Co-auteur du protocole' });
  assert.equal(conflict.status, 201, conflict.text);
  const conflicted = await call('POST', '/api/v1/governance/decisions', {
    ...decision, meeting_id: full.json.id, votes: [{ member_id: byName('Dr Marc Lefèvre'), vote: 'for' }],
  });
  assertError(conflicted, 409, 'conflict');
  assert.match(conflicted.json.error.message, /conflicted member/);
  assert.equal(conflicted.json.error.reason, 'conflicted_member');
  const none = await call('GET', `/api/v1/governance/decisions?project_id=${pid}`);
  assert.deepEqual(none.json.decisions, []);

  const ok = await call('POST', '/api/v1/governance/decisions', { ...decision, meeting_id: full.json.id });
  assert.equal(ok.status, 201, ok.text);
  assert.ok(ok.json.signed_at);
  // Signing twice is refused: the decision is immutable.
  assertError(await call('POST', `/api/v1/governance/decisions/${ok.json.id}/sign`), 409, 'conflict');
});

test('access check answers allowed or the precise reason', async () => {
  const { call } = await session('auditeur', 'garant-demo-auditeur');
  const check = async (body) => {
    const r = await call('POST', '/api/v1/governance/access-check', body);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const now = new Date().toISOString();
  assert.equal((await check({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'], time: now })).reason, 'allowed');
  assert.equal((await check({ account: 'someone.else', project: 'CONTACT-2026-001', domains: ['visits'] })).reason, 'account_not_named');
  assert.equal((await check({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['prescriptions'] })).reason, 'out_of_scope');
  assert.equal((await check({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'], time: '2020-01-01T00:00:00Z' })).reason, 'not_yet_valid');
  assert.equal((await check({ account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'], time: '2040-01-01T00:00:00Z' })).reason, 'expired');
  assert.equal((await check({ account: 'analyste.roussel', project: 'CONTACT-2026-005', domains: ['calls'] })).reason, 'suspended');
  assert.equal((await check({ account: 'chercheur.moreau', project: 'NOPE-0001', domains: ['visits'] })).reason, 'no_authorisation');
  // The secretary may not call it; the DPO may not write.
  const sec = await secretary();
  assert.equal((await sec.call('POST', '/api/v1/governance/access-check', { account: 'a', project: 'B', domains: ['visits'] })).status, 403);
  const dpo = await session('dpo', 'garant-demo-dpo');
  assert.equal((await dpo.call('GET', '/api/v1/governance/projects')).status, 200);
  assert.equal((await dpo.call('POST', '/api/v1/governance/committees', { code: 'xx', name: 'X' })).status, 403);
});

test('the console runs the rest of the cycle: project, conflict, authorisation, suspension', async () => {
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });

  // A new project through the form.
  await page.goto(`${g.url}/console/gouvernance/projets/nouveau`);
  await page.getByLabel('Référence').fill('CONTACT-2026-020');
  await page.getByLabel('Titre').fill('Otites de l’enfant et antibiotiques');
  await page.getByLabel('Résumé public').fill('Décrire les prescriptions pour otite moyenne aiguë.');
  await page.getByLabel('Responsable scientifique').fill('Dr Inès Carpentier');
  await page.getByLabel('Organisme').fill('Université de Rennes');
  await page.getByLabel(/Effectif prévu/).fill('12 000');
  await page.getByLabel('Visites à domicile').check();
  await page.getByLabel('Prescriptions').check();
  await page.getByLabel(/Le demandeur atteste/).check();
  await page.getByRole('button', { name: 'Déposer le projet' }).click();
  await page.waitForURL(/\/console\/gouvernance\/projets\/\d+\?ok=projet$/);
  assert.match(await page.textContent('#project-status'), /Déposé/);
  // The cohort typed with a space, as French people write it, is 12000.
  const created = (await (await page.context().request.get(`${g.url}/api/v1/governance/projects`)).json())
    .projects.find((p) => p.reference === 'CONTACT-2026-020');
  assert.equal(created.cohort_size, 12000);

  // A conflict of interest on it.
  await page.getByLabel('Membre', { exact: true }).selectOption({ label: 'Dr Marc Lefèvre' });
  await page.getByLabel('Nature du conflit').fill('Coauteur du protocole');
  await page.getByRole('button', { name: 'Déclarer le conflit' }).click();
  await page.waitForURL(/\?ok=conflit$/);
  assert.match(await page.textContent('main'), /Dr Marc Lefèvre : Coauteur du protocole/);

  // An authorisation on the demo project approved with conditions (published
  // 90 days ago, so the 30-day delay is over).
  await page.goto(`${g.url}/console/gouvernance`);
  await page.getByRole('link', { name: 'CONTACT-2026-002' }).click();
  const today = new Date();
  // Dates as the secretary types them: calendar days in Paris, the server's
  // time zone for validity (in UTC, between 23:00 and midnight, "tomorrow"
  // would already be today in Paris).
  const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  const tooEarly = new Date(Date.now() - 120 * 86400e3);
  await page.getByLabel('Comptes nommés').fill('stat.girard, data.lyon');
  await page.getByLabel('Premier jour de validité').fill(iso(tooEarly));
  await page.getByLabel('Dernier jour de validité (inclus)').fill(iso(new Date(today.getTime() + 180 * 86400e3)));
  await page.getByRole('button', { name: "Délivrer l'autorisation" }).click();
  await page.locator('#gov-error').waitFor();
  assert.match(await page.textContent('#gov-error'), /délai qui suit la publication/);
  assert.equal(await page.locator('tr[id^="autorisation-"]').count(), 0);

  await page.getByLabel('Comptes nommés').fill('stat.girard, data.lyon');
  await page.getByLabel('Premier jour de validité').fill(iso(new Date(today.getTime() + 86400e3)));
  const lastDay = new Date(today.getTime() + 180 * 86400e3);
  await page.getByLabel('Dernier jour de validité (inclus)').fill(iso(lastDay));
  await page.getByRole('button', { name: "Délivrer l'autorisation" }).click();
  await page.waitForURL(/\?ok=autorisation$/);
  const row = page.locator('tr[id^="autorisation-"]');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /stat\.girard, data\.lyon/);
  // The last day typed is the last day shown, inclusive; the stored end is
  // 0 h (Paris) the day after.
  const frDay = (d) => d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  assert.match(await row.textContent(), new RegExp(`au ${frDay(lastDay)} inclus`));
  const { call } = await secretary();
  const projects = (await call('GET', '/api/v1/governance/projects')).json.projects;
  const p2 = projects.find((p) => p.reference === 'CONTACT-2026-002');
  const auths = (await call('GET', `/api/v1/governance/authorisations?project_id=${p2.id}`)).json.authorisations;
  const stored = auths.find((a) => a.accounts.includes('stat.girard'));
  const end = new Date(stored.valid_until);
  assert.equal(frDay(new Date(end.getTime() - 1000)), frDay(lastDay));
  assert.equal(frDay(end), frDay(new Date(lastDay.getTime() + 86400e3)));
  // Pending until another secretary confirms it.
  assert.match(await row.textContent(), /En attente de confirmation/);
  const sec2 = await secretary2();
  assert.equal((await sec2.call('POST', `/api/v1/governance/authorisations/${stored.id}/confirm`)).status, 200);
  await page.reload();
  assert.match(await row.textContent(), /Pas encore valide/);
  await row.getByRole('button', { name: 'Suspendre' }).click();
  await page.waitForURL(/\?ok=suspendre$/);
  assert.match(await page.locator('tr[id^="autorisation-"]').textContent(), /Suspendue/);
  await page.screenshot({ path: join(shots, 'projet-autorisations.png'), fullPage: true });
  await page.close();
});

test('the secretary reads the quorum in words, creates a committee without fractions, and corrects texts with history', async () => {
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  // No median dot in labels.
  assert.match(await page.textContent('header'), /Session ouverte :/);
  assert.doesNotMatch(await page.textContent('body'), /·e\b/);

  await page.goto(`${g.url}/console/gouvernance`);
  assert.match(await page.textContent('main'),
    /Plus de la moitié des membres ayant voix délibérative doivent être présents, dont au moins 1 représentant des patients/);
  assert.equal(await page.locator('input[name="quorum_numerator"], input[name="quorum_denominator"]').count(), 0);
  await page.getByText('Créer un comité').click();
  await page.getByLabel('Nom', { exact: true }).fill('Comité stratégique');
  await page.getByLabel('Code').fill('strategique-e2e');
  await page.getByLabel('Membres ayant voix délibérative présents').selectOption({ label: 'Au moins les deux tiers des membres ayant voix délibérative' });
  await page.getByLabel('Dont représentants des patients, au moins').selectOption('2');
  await page.getByRole('button', { name: 'Créer le comité' }).click();
  await page.waitForURL(/\/comites\/\d+\?ok=comite$/);
  assert.match(await page.textContent('#quorum-rule'),
    /Au moins les deux tiers des membres ayant voix délibérative doivent être présents, dont au moins 2 représentants des patients/);
  const { call } = await secretary();
  const created = (await call('GET', '/api/v1/governance/committees')).json.committees.find((c) => c.code === 'strategique-e2e');
  assert.deepEqual(created.quorum, { numerator: 2, denominator: 3, strict: false, min_patient_representatives: 2 });

  // A member's end of mandate, corrected twice: the history keeps both.
  await page.getByLabel('Nom et prénom').fill('Mme Claire Test');
  await page.getByLabel('Rôle').selectOption({ label: 'Représentation des patients' });
  await page.getByLabel('Début du mandat').fill('2026-01-01');
  await page.getByRole('button', { name: 'Ajouter le membre' }).click();
  await page.waitForURL(/\?ok=membre$/);
  const row = page.locator('tr[id^="member-"]').filter({ hasText: 'Mme Claire Test' });
  assert.match(await row.textContent(), /Représentation des patients/);
  await row.getByText('Corriger la fin du mandat').click();
  await row.getByLabel('Dernier jour du mandat (inclus)').fill('2026-12-31');
  await row.getByLabel('Motif de la correction').fill('Démission annoncée');
  await row.getByRole('button', { name: 'Corriger' }).click();
  await page.waitForURL(/\?ok=mandat$/);
  const row2 = page.locator('tr[id^="member-"]').filter({ hasText: 'Mme Claire Test' });
  assert.match(await row2.textContent(), /du 01\/01\/2026 au 31\/12\/2026 inclus/);
  await row2.getByText('Historique des corrections').click();
  assert.match(await row2.textContent(), /Démission annoncée/);
  assert.match(await row2.textContent(), /sans fin/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'comite-corrections.png'), fullPage: true });

  // A project's public summary: corrected, the old text kept and shown.
  await page.goto(`${g.url}/console/gouvernance`);
  await page.getByRole('link', { name: 'CONTACT-2026-001' }).click();
  const oldSummary = (await page.textContent('#project-summary')).trim();
  await page.getByText('Corriger le résumé public').click();
  await page.getByLabel('Nouveau résumé public').fill('Résumé corrigé pour le portail : grippe saisonnière.');
  await page.getByLabel('Motif de la correction').fill('Faute de frappe');
  await page.getByRole('button', { name: 'Corriger le résumé' }).click();
  await page.waitForURL(/\?ok=resume$/);
  assert.match(await page.textContent('#project-summary'), /Résumé corrigé pour le portail/);
  const history = await page.textContent('#summary-history');
  assert.ok(history.includes(oldSummary.slice(0, 40)), history);
  assert.match(history, /Faute de frappe/);
  assert.match(history, /Secrétaire des comités \(démo\)/);
  // The Health Data Hub number, shown on the portal.
  await page.getByText('Renseigner le numéro du répertoire du Health Data Hub').click();
  await page.getByLabel(/Numéro d'enregistrement au répertoire/).fill('F20260115093000');
  await page.getByRole('button', { name: 'Enregistrer le numéro' }).click();
  await page.waitForURL(/\?ok=hdh$/);
  assert.match(await page.textContent('#project-hdh'), /F20260115093000/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'projet-corrections.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'projet-corrections-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const portal = await suite.browser.newPage({ javaScriptEnabled: false });
  await portal.goto(`${g.url}/projets`);
  const article = await portal.textContent('#projet-CONTACT-2026-001');
  assert.match(article, /Résumé corrigé pour le portail/);
  assert.match(article, /F20260115093000/);
  await portal.close();

  // Minutes written after the meeting.
  await page.goto(`${g.url}/console/gouvernance`);
  await page.locator('section[aria-labelledby="seances"] a[href^="/console/gouvernance/seances/"]').first().click();
  const before = (await page.textContent('#minutes')).trim();
  await page.getByText('Rédiger ou corriger le procès-verbal').click();
  await page.getByRole('textbox', { name: 'Procès-verbal' }).fill('Procès-verbal complet, rédigé après la séance.\nDeuxième point : le vote.');
  await page.getByRole('button', { name: 'Enregistrer le procès-verbal' }).click();
  await page.waitForURL(/\?ok=pv$/);
  assert.match(await page.textContent('#minutes'), /rédigé après la séance/);
  // Its paragraphs stay on their lines (escaped with pre_escape, shown with white-space: pre-line).
  assert.deepEqual((await page.innerText('#minutes')).split('\n'),
    ['Procès-verbal complet, rédigé après la séance.', 'Deuxième point : le vote.']);
  await page.getByText('Historique du procès-verbal').click();
  const minutesHistory = await page.textContent('#minutes-history');
  if (!/Pas encore/.test(before)) assert.ok(minutesHistory.includes(before.slice(0, 30)), minutesHistory);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'seance-proces-verbal.png'), fullPage: true });
  await page.close();

  // Each correction is an audit entry.
  const auditor = await session('auditeur', 'garant-demo-auditeur');
  for (const type of ['governance.project.summary_corrected', 'governance.member.term_end_corrected',
    'governance.meeting.minutes_corrected', 'governance.project.hdh_number_set']) {
    const r = await auditor.call('GET', `/api/v1/audit/entries?type=${type}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.entries.length, 1, type);
  }
});

test('a refused console form shows a French error and records nothing', async () => {
  const { jar, csrf, call } = await secretary();
  const before = (await call('GET', '/api/v1/governance/projects')).json.projects.length;
  const cse = (await call('GET', '/api/v1/governance/committees')).json.committees.find((c) => c.code === 'cse');
  const form = new URLSearchParams({
    csrf_token: csrf, reference: 'CONTACT-2026-099', title: 'Promotion', public_summary: 'x',
    purpose: 'product_promotion', legal_basis: 'x', formality: 'other', investigator: 'x', organisation: 'x',
    domain_visits: 'on', duration_months: '12', committee_id: String(cse.id), no_forbidden_use: 'on',
  });
  const r = await fetch(`${g.url}/console/gouvernance/projets`, {
    method: 'POST', headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: form,
  });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /Cette finalité est interdite/);
  assert.equal((await call('GET', '/api/v1/governance/projects')).json.projects.length, before);
});

test('the warehouse calls the access check with its service token (no CSRF), and nothing else', async () => {
  const out = execFileSync(garantBin, ['token', 'create', 'entrepot-gouvernance', '--role', 'warehouse', '--data-dir', g.dataDir]).toString();
  const secret = out.trim().split('\n').pop();
  const auth = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };
  const r = await fetch(`${g.url}/api/v1/governance/access-check`, {
    method: 'POST', headers: auth,
    body: JSON.stringify({ account: 'biostat.leroy', project: 'CONTACT-2026-001', domains: ['diagnoses'], associations: ['sos-paris'] }),
  });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.allowed, true);
  assert.equal(body.reason, 'allowed');
  assert.equal(typeof body.authorisation_id, 'number');
  // The warehouse cannot read or write the committee records.
  assert.equal((await fetch(`${g.url}/api/v1/governance/projects`, { headers: auth })).status, 403);
  assert.equal((await fetch(`${g.url}/api/v1/governance/committees`, { method: 'POST', headers: auth, body: '{}' })).status, 403);
});

// Every rule refusal reason of governance::kRuleReasons
// (governance/include/garant/governance/reasons.h), provoked over HTTP through
// the JSON API, with the exact `reason` (and code) of the JSON error. Those
// the JSON API cannot provoke are listed in docs/testing.md with why.
const NOT_PROVOKABLE_OVER_HTTP = ['invalid_patient_minimum', 'invalid_duration', 'project_not_published',
  'correction_unchanged', 'invalid_summary', 'invalid_mandate_end', 'replacement_starts_too_early',
  'invalid_declaration', 'portal_unknown_field', 'portal_text_too_long', 'portal_invalid_date',
  'portal_invalid_url', 'portal_invalid_value', 'portal_unchanged', 'results_before_approval',
  'portal_result_withdrawn',
  // Only a co-signed decision can be amended or authorise, and a co-signed one is refused as signed first.
  'decision_referenced'];

test('API: each governance rule refusal carries its exact reason', async () => {
  const { call } = await secretary();
  const second = await secretary2();
  const seen = new Set();
  const refused = async (what, reason, status, method, path, body, who = call) => {
    const r = await who(method, path, body);
    const code = { 400: 'invalid_argument', 403: 'permission_denied', 409: 'conflict' }[status];
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.equal(r.json.error.code, code, `${what}: ${r.text}`);
    assert.equal(r.json.error.reason, reason, `${what}: ${r.text}`);
    seen.add(reason);
  };
  const ok = async (what, status, method, path, body, who = call) => {
    const r = await who(method, path, body);
    assert.equal(r.status, status, `${what}: ${r.text}`);
    return r.json;
  };
  const G = '/api/v1/governance';
  const ago = (s) => new Date(Date.now() - s * 1000).toISOString();
  // The second signature, by the other secretary (two-person rule).
  const cosign = async (id) => ok(`cosign ${id}`, 200, 'POST', `${G}/decisions/${id}/cosign`, undefined, second.call);

  // ---- committees and members ----
  const quorum = { numerator: 1, denominator: 2, strict: false, min_patient_representatives: 0 };
  await refused('fraction', 'invalid_quorum_fraction', 400, 'POST', `${G}/committees`,
    { code: 'motifs-x', name: 'X', quorum: { ...quorum, numerator: 3 } });
  const c = await ok('committee', 201, 'POST', `${G}/committees`, { code: 'motifs', name: 'Comité des motifs', quorum });
  const c2 = await ok('committee 2', 201, 'POST', `${G}/committees`, { code: 'motifs-2', name: 'Autre comité', quorum });
  const member = (committee, full_name, role, voting, extra = {}) => ok(full_name, 201, 'POST',
    `${G}/committees/${committee.id}/members`, { full_name, role, voting, term_start: '2025-01-01', ...extra });
  await refused('term', 'invalid_term', 400, 'POST', `${G}/committees/${c.id}/members`,
    { full_name: 'X', role: 'member', voting: true, term_start: '2026-01-01', term_end: '2025-12-31' });
  await refused('date', 'invalid_date', 400, 'POST', `${G}/committees/${c.id}/members`,
    { full_name: 'X', role: 'member', voting: true, term_start: '2026-02-30' });
  const A = (await member(c, 'Pr Alpha', 'chair', true)).id;
  const B = (await member(c, 'Dr Bêta', 'member', true)).id;
  const C = (await member(c, 'Dr Gamma', 'member', true)).id;
  const D = (await member(c, 'M. Delta', 'external_expert', false)).id;
  const F = (await member(c, 'Mme Phi', 'member', true)).id;  // never present
  const E = (await member(c, 'Dr Epsilon', 'member', true, { term_start: '2020-01-01', term_end: '2020-12-31' })).id;
  const Z = (await member(c2, 'Pr Zêta', 'chair', true)).id;

  // ---- projects ----
  const good = {
    title: 'Projet', public_summary: 'Résumé', purpose: 'research', no_forbidden_use: true,
    legal_basis: 'RGPD 6.1.e', formality: 'mr-004', formality_reference: 'MR-004 n° 1', investigator: 'Dr X',
    organisation: 'Org', data_domains: ['visits'], duration_months: 12, committee_id: c.id,
  };
  const P = `${G}/projects`;
  await refused('reference', 'invalid_reference', 400, 'POST', P, { ...good, reference: 'mot if' });
  await refused('formality', 'unknown_formality', 400, 'POST', P, { ...good, reference: 'MOT-1', formality: 'mr-999' });
  await refused('no use', 'forbidden_use_not_declared', 400, 'POST', P, { ...good, reference: 'MOT-1', no_forbidden_use: false });
  await refused('domains', 'data_domain_count', 400, 'POST', P, { ...good, reference: 'MOT-1', data_domains: [] });
  await refused('domain', 'invalid_data_domain', 400, 'POST', P, { ...good, reference: 'MOT-1', data_domains: ['visites médicales'] });
  await refused('purpose', 'forbidden_purpose', 400, 'POST', P, { ...good, reference: 'MOT-1', purpose: 'insurance_exclusion' });
  await refused('purpose', 'unknown_purpose', 400, 'POST', P, { ...good, reference: 'MOT-1', purpose: 'marketing' });
  await refused('hdh', 'invalid_hdh_number', 400, 'POST', P, { ...good, reference: 'MOT-1', hdh_directory_number: '<b>' });
  await refused('cohort', 'invalid_cohort_size', 400, 'POST', P, { ...good, reference: 'MOT-1', cohort_size: 0 });
  const project = async (ref, extra = {}) => (await ok(ref, 201, 'POST', P, { ...good, reference: ref, ...extra })).id;
  const p1 = await project('MOT-1', { formality_reference: '' });  // no formality reference
  const p2 = await project('MOT-2');
  const p3 = await project('MOT-3');
  const p4 = await project('MOT-4');  // stays submitted
  const p5 = await project('MOT-5');
  const p6 = await project('MOT-6');
  const p7 = await project('MOT-7');
  const q = await project('MOT-Q', { committee_id: c2.id });
  await refused('by decision', 'status_set_by_decision', 409, 'POST', `${P}/${p1}/transitions`, { to: 'approved' });
  await refused('transition', 'transition_not_allowed', 409, 'POST', `${P}/${p4}/transitions`, { to: 'active' });

  // ---- meetings ----
  const M = `${G}/meetings`;
  const all = [A, B, C, D, E];
  await refused('agenda', 'agenda_empty', 400, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [], present: all });
  await refused('duplicate', 'duplicate_agenda_or_attendee', 400, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [p1, p1], present: all });
  await refused('attendee', 'attendee_not_member', 400, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [p1], present: [A, Z] });
  await refused('agenda project', 'agenda_project_not_in_committee', 400, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [q], present: all });
  const m1 = (await ok('meeting', 201, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [p1, p3, p5, p6, p7], present: all })).id;
  const m0 = (await ok('thin meeting', 201, 'POST', M, { committee_id: c.id, held_at: ago(120), agenda: [p1], present: [A] })).id;
  const mFuture = (await ok('future meeting', 201, 'POST', M, { committee_id: c.id, held_at: new Date(Date.now() + 86400e3).toISOString(), agenda: [p2], present: all })).id;
  const mq = (await ok('other committee', 201, 'POST', M, { committee_id: c2.id, held_at: ago(60), agenda: [q], present: [Z] })).id;
  await ok('conflict', 201, 'POST', `${G}/conflicts`, { member_id: B, project_id: p1, description: 'Co-investigateur' });

  // ---- decisions ----
  const DEC = `${G}/decisions`;
  const d = { project_id: p1, meeting_id: m1, outcome: 'favourable', reasons: 'Intérêt public.', votes: [{ member_id: A, vote: 'for' }] };
  const vote = (member_id, v = 'for') => ({ ...d, votes: [{ member_id: A, vote: 'for' }, { member_id, vote: v }] });
  await refused('reasons', 'reasons_required', 400, 'POST', DEC, { ...d, reasons: '  ' });
  await refused('conditions', 'conditions_required', 400, 'POST', DEC, { ...d, outcome: 'favourable_with_conditions' });
  await refused('no conditions', 'conditions_not_allowed', 400, 'POST', DEC, { ...d, conditions: "Pas d'export." });
  await refused('agenda', 'project_not_on_agenda', 409, 'POST', DEC, { ...d, project_id: p2 });
  await refused('quorum', 'quorum_not_met', 409, 'POST', DEC, { ...d, meeting_id: m0 });
  await refused('unknown', 'unknown_member', 400, 'POST', DEC, vote(Z));
  await refused('twice', 'duplicate_vote', 400, 'POST', DEC, vote(A));
  await refused('absent', 'absent_member', 409, 'POST', DEC, vote(F));
  await refused('non-voting', 'non_voting_member', 409, 'POST', DEC, vote(D));
  await refused('office', 'member_not_in_office', 409, 'POST', DEC, vote(E));
  await refused('conflicted', 'conflicted_member', 409, 'POST', DEC, vote(B));
  await refused('contradicts', 'outcome_contradicts_votes', 409, 'POST', DEC, { ...d, votes: [{ member_id: A, vote: 'against' }] });
  await refused('committee', 'committee_not_reviewing', 409, 'POST', DEC, { ...d, meeting_id: mq });
  await refused('not held', 'meeting_not_held', 409, 'POST', DEC, { ...d, project_id: p2, meeting_id: mFuture });
  await refused('not under review', 'project_not_under_review', 409, 'POST', DEC, { ...d, project_id: p4 });
  const d1 = (await ok('decision 1', 201, 'POST', DEC, d)).id;  // pending
  await refused('signed', 'decision_already_signed', 409, 'POST', `${DEC}/${d1}/sign`);
  await refused('pending amended', 'decision_not_cosigned', 409, 'POST', DEC, { ...d, amends_decision_id: d1, reasons: 'Trop tôt.' });
  await refused('own', 'same_signatory', 403, 'POST', `${DEC}/${d1}/cosign`);
  await cosign(d1);  // p1 approved and published
  await refused('cosigned', 'decision_already_cosigned', 409, 'POST', `${DEC}/${d1}/cosign`, undefined, second.call);
  await refused('again', 'project_not_under_review', 409, 'POST', DEC, d);
  await refused('other project', 'amendment_other_project', 400, 'POST', DEC, { ...d, project_id: p3, amends_decision_id: d1 });
  const d3 = (await ok('unsigned', 201, 'POST', DEC, { ...d, project_id: p3, sign: false })).id;
  await refused('unsigned', 'amended_decision_unsigned', 409, 'POST', DEC, { ...d, project_id: p3, amends_decision_id: d3 });
  await cosign((await ok('amendment', 201, 'POST', DEC, { ...d, amends_decision_id: d1, reasons: 'Avis révisé.' })).id);
  await refused('amended twice', 'decision_already_amended', 409, 'POST', DEC, { ...d, amends_decision_id: d1, reasons: 'Encore.' });
  const d1b = (await call('GET', `${DEC}?project_id=${p1}`)).json.decisions.find((x) => x.amends_decision_id === d1).id;
  const d5 = (await ok('unfavourable', 201, 'POST', DEC, { ...d, project_id: p5, outcome: 'unfavourable', votes: [{ member_id: A, vote: 'against' }] })).id;
  await cosign(d5);
  const d6 = (await ok('decision 6', 201, 'POST', DEC, { ...d, project_id: p6 })).id;
  await cosign(d6);
  const d7deferred = (await ok('deferred', 201, 'POST', DEC, { ...d, project_id: p7, outcome: 'deferred' })).id;
  await cosign(d7deferred);
  await cosign((await ok('decision 7', 201, 'POST', DEC, { ...d, project_id: p7 })).id);
  const d3pending = (await ok('pending', 201, 'POST', DEC, { ...d, project_id: p3 })).id;

  // ---- decisions not about a project (sql/0027) ----
  await refused('category', 'invalid_topic', 400, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [], topics: [{ category: 'reglement', title: 'X' }], present: all });
  await refused('blank topic', 'invalid_topic', 400, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [], topics: [{ category: 'charter', title: '   ' }], present: all });
  const mt = await ok('topics', 201, 'POST', M, { committee_id: c.id, held_at: ago(60), agenda: [],
    topics: [{ category: 'charter', title: 'Charte des motifs' }, { category: 'priorities', title: 'Priorités' }], present: all });
  const [charter, priorities] = mt.topics.map((t) => t.id);
  const td = { topic_id: charter, meeting_id: mt.id, outcome: 'favourable', reasons: 'Charte adoptée.', votes: [{ member_id: A, vote: 'for' }] };
  await refused('no subject', 'decision_subject_required', 400, 'POST', DEC, { ...td, topic_id: undefined });
  await refused('two subjects', 'decision_subject_required', 400, 'POST', DEC, { ...td, project_id: p1 });
  await refused('topic elsewhere', 'topic_not_on_agenda', 409, 'POST', DEC, { ...td, meeting_id: m1 });
  const t1 = await ok('charter', 201, 'POST', DEC, td);
  assert.equal(t1.project_id, null);
  assert.equal(t1.topic_id, charter);
  assert.equal(t1.public, true);
  await cosign(t1.id);
  await refused('other category', 'amendment_other_subject', 400, 'POST', DEC, { ...td, topic_id: priorities, amends_decision_id: t1.id });
  await refused('topic amends a project decision', 'amendment_other_subject', 400, 'POST', DEC, { ...td, amends_decision_id: d1 });

  // ---- authorisations ----
  const AUTH = `${G}/authorisations`;
  const p6published = Date.parse((await call('GET', `${P}/${p6}`)).json.published_at);
  const from = new Date(p6published + 31 * 86400e3).toISOString();
  const until = new Date(p6published + 400 * 86400e3).toISOString();
  const a = { project_id: p6, decision_id: d6, accounts: ['chercheur.motifs'], domains: ['visits'], valid_from: from, valid_until: until };
  await refused('other project', 'decision_other_project', 400, 'POST', AUTH, { ...a, decision_id: d3 });
  await refused('not signed', 'decision_not_signed', 409, 'POST', AUTH, { ...a, project_id: p3, decision_id: d3 });
  await refused('not cosigned', 'decision_not_cosigned', 409, 'POST', AUTH, { ...a, project_id: p3, decision_id: d3pending });
  await refused('amended', 'decision_amended', 409, 'POST', AUTH, { ...a, project_id: p1, decision_id: d1 });
  await refused('formality', 'formality_missing', 409, 'POST', AUTH, { ...a, project_id: p1, decision_id: d1b });
  await refused('status', 'project_status_no_authorisation', 409, 'POST', AUTH, { ...a, project_id: p5, decision_id: d5 });
  await refused('accounts', 'account_required', 400, 'POST', AUTH, { ...a, accounts: [] });
  await refused('domains', 'domain_required', 400, 'POST', AUTH, { ...a, domains: [] });
  await refused('identifier', 'invalid_identifier', 400, 'POST', AUTH, { ...a, accounts: ['chercheur motifs'] });
  await refused('period', 'invalid_validity_period', 400, 'POST', AUTH, { ...a, valid_until: from });
  await refused('favourable', 'decision_not_favourable', 409, 'POST', AUTH, { ...a, project_id: p7, decision_id: d7deferred });
  await refused('delay', 'before_publication_delay', 409, 'POST', AUTH, { ...a, valid_from: new Date(p6published + 86400e3).toISOString() });
  const a6 = (await ok('authorisation', 201, 'POST', AUTH, a)).id;
  await refused('own authorisation', 'same_signatory', 403, 'POST', `${AUTH}/${a6}/confirm`);
  await ok('confirm', 200, 'POST', `${AUTH}/${a6}/confirm`, undefined, second.call);
  await refused('confirmed', 'authorisation_already_confirmed', 409, 'POST', `${AUTH}/${a6}/confirm`, undefined, second.call);
  await refused('not suspended', 'authorisation_not_suspended', 409, 'POST', `${AUTH}/${a6}/resume`);
  await ok('suspend', 200, 'POST', `${AUTH}/${a6}/suspend`, { reason: 'Audit' });
  await refused('suspended', 'authorisation_already_suspended', 409, 'POST', `${AUTH}/${a6}/suspend`);
  await ok('active', 200, 'POST', `${P}/${p6}/transitions`, { to: 'active' });
  await ok('project suspended', 200, 'POST', `${P}/${p6}/transitions`, { to: 'suspended' });
  await refused('project suspended', 'project_suspended', 409, 'POST', `${AUTH}/${a6}/resume`);
  await ok('project back', 200, 'POST', `${P}/${p6}/transitions`, { to: 'active' });
  await ok('revoke', 200, 'POST', `${AUTH}/${a6}/revoke`, { reason: 'Fin' });
  await refused('revoked', 'authorisation_already_revoked', 409, 'POST', `${AUTH}/${a6}/revoke`);
  await refused('revoked', 'authorisation_revoked', 409, 'POST', `${AUTH}/${a6}/suspend`);

  // Discarding a draft needs a reason (checked before the decision is looked up).
  await refused('blank discard reason', 'discard_reason_required', 400, 'POST',
    '/api/v1/governance/decisions/999999/discard', { reason: '  ' });

  // Every listed reason was seen, but those documented as out of HTTP's reach.
  const listed = readFileSync(join(repoRoot, 'governance/include/garant/governance/reasons.h'), 'utf8');
  const slugs = [...listed.matchAll(/inline constexpr std::string_view k\w+ =\s*"([a-z_]+)";/g)].map((x) => x[1]);
  assert.equal(slugs.length, 79);
  const missing = slugs.filter((s) => !seen.has(s) && !NOT_PROVOKABLE_OVER_HTTP.includes(s));
  assert.deepEqual(missing, []);
  for (const s of NOT_PROVOKABLE_OVER_HTTP) assert.ok(slugs.includes(s), s);
});

test('the governance console is for the secretaries only (not the admin: separation of duties)', async () => {
  for (const [user, password, status] of [['secretaire', 'garant-demo-secretaire', 200], ['secretaire2', 'garant-demo-secretaire2', 200],
    ['admin', 'garant-demo-admin', 403],
    ['dpo', 'garant-demo-dpo', 403], ['auditeur', 'garant-demo-auditeur', 403]]) {
    const { jar, csrf } = await session(user, password);
    const r = await fetch(`${g.url}/console/gouvernance`, { headers: { Cookie: jar.header() }, redirect: 'manual' });
    assert.equal(r.status, status, user);
    assert.match(await r.text(), /<html lang="fr">/);
    if (status === 403) {
      const post = await fetch(`${g.url}/console/gouvernance/comites`, {
        method: 'POST', redirect: 'manual',
        headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf_token: csrf, code: 'refuse', name: 'Refusé', quorum_numerator: '1', quorum_denominator: '2', min_patient_representatives: '0' }).toString(),
      });
      assert.equal(post.status, 403, `${user} POST`);
    }
  }
  const anon = await fetch(`${g.url}/console/gouvernance`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  const { call } = await secretary();
  assert.ok(!(await call('GET', '/api/v1/governance/committees')).json.committees.some((x) => x.code === 'refuse'));
});

// ---- separation of duties (issue #12, ASVS V4) ----

// A decision recorded and signed by one secretary is pending: the same
// secretary cannot co-sign it (403 same_signatory), another can; the
// authorisation issued from it does not count in the access check until a
// second secretary confirms it. Both signatures are in the audit entries.
test('two-person rule: co-signature and confirmation by another secretary, and the access check before and after', async () => {
  const first = await secretary();
  const second = await secretary2();
  const G = '/api/v1/governance';
  const cse = (await first.call('GET', `${G}/committees`)).json.committees.find((c) => c.code === 'cse');
  const members = (await first.call('GET', `${G}/committees/${cse.id}/members`)).json.members;
  const byName = (n) => members.find((m) => m.full_name === n).id;
  const present = ['Pr Hélène Garnier', 'Dr Marc Lefèvre', 'Dr Nadia Benali', 'Mme Josiane Morel'].map(byName);
  const project = await first.call('POST', `${G}/projects`, {
    reference: 'DUO-2026-001', title: 'Projet à deux signatures', public_summary: 'Résumé', purpose: 'research',
    no_forbidden_use: true, legal_basis: 'RGPD 6.1.e', formality: 'mr-004', formality_reference: 'MR-004 n° 2',
    investigator: 'Dr X', organisation: 'Org', data_domains: ['visits'], duration_months: 12, committee_id: cse.id,
  });
  assert.equal(project.status, 201, project.text);
  const pid = project.json.id;
  const meeting = await first.call('POST', `${G}/meetings`, {
    committee_id: cse.id, held_at: new Date(Date.now() - 60e3).toISOString(), agenda: [pid], present,
  });
  assert.equal(meeting.status, 201, meeting.text);
  const recorded = await first.call('POST', `${G}/decisions`, {
    project_id: pid, meeting_id: meeting.json.id, outcome: 'favourable', reasons: 'Motivé.',
    votes: [{ member_id: present[0], vote: 'for' }],
  });
  assert.equal(recorded.status, 201, recorded.text);
  const did = recorded.json.id;
  assert.equal(recorded.json.effective, false);
  assert.equal(recorded.json.cosigned_at, null);
  // Pending: not published, status unchanged.
  let p = (await first.call('GET', `${G}/projects/${pid}`)).json;
  assert.equal(p.status, 'under_review');
  assert.equal(p.published_at, null);
  assert.ok(!(await (await fetch(`${g.url}/api/v1/public/projects`)).json()).projects.some((x) => x.reference === 'DUO-2026-001'));

  // The same secretary cannot co-sign: 403 with the stable reason, and on
  // the console the French message.
  const own = await first.call('POST', `${G}/decisions/${did}/cosign`);
  assertError(own, 403, 'permission_denied');
  assert.equal(own.json.error.reason, 'same_signatory');
  const page = await fetch(`${g.url}/console/gouvernance/decisions/${did}/cosignature`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: first.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: first.csrf }).toString(),
  });
  assert.equal(page.status, 403);
  const html = await page.text();
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /La seconde signature doit venir d&#39;un autre compte|La seconde signature doit venir d'un autre compte/);
  // Without the CSRF token, the other secretary is refused too.
  const noCsrf = await fetch(`${g.url}/console/gouvernance/decisions/${did}/cosignature`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: second.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: '',
  });
  assert.equal(noCsrf.status, 403);
  assert.equal((await first.call('GET', `${G}/decisions?project_id=${pid}`)).json.decisions[0].cosigned_at, null);

  // The other secretary co-signs through the console form.
  const cosigned = await fetch(`${g.url}/console/gouvernance/decisions/${did}/cosignature`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: second.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: second.csrf }).toString(),
  });
  assert.equal(cosigned.status, 303);
  assert.equal(cosigned.headers.get('location'), '/console/gouvernance/a-cosigner?ok=cosignature');
  const decision = (await first.call('GET', `${G}/decisions?project_id=${pid}`)).json.decisions[0];
  assert.equal(decision.effective, true);
  assert.notEqual(decision.cosigned_by, decision.signed_by);
  p = (await first.call('GET', `${G}/projects/${pid}`)).json;
  assert.equal(p.status, 'approved');
  assert.ok(p.published_at);

  // The co-signature's audit entry carries both signatures.
  const auditor = await session('auditeur', 'garant-demo-auditeur');
  const entries = async (type) => {
    const r = await auditor.call('GET', `/api/v1/audit/entries?type=${encodeURIComponent(type)}&limit=200`);
    assert.equal(r.status, 200, r.text);
    return r.json.entries;
  };
  const co = (await entries('governance.decision.cosigned')).find((e) => e.object === `decision/${did}`);
  assert.ok(co, 'cosigned entry');
  assert.equal(co.payload.signed_by, decision.signed_by);
  assert.equal(co.payload.cosigned_by, decision.cosigned_by);
  assert.ok(co.payload.signed_at && co.payload.cosigned_at);

  // An authorisation, issued by the first secretary (the publication delay
  // is over 31 days after now).
  const from = new Date(Date.parse(p.published_at) + 31 * 86400e3);
  const issued = await first.call('POST', `${G}/authorisations`, {
    project_id: pid, decision_id: did, accounts: ['chercheur.duo'], domains: ['visits'],
    valid_from: from.toISOString(), valid_until: new Date(from.getTime() + 365 * 86400e3).toISOString(),
  });
  assert.equal(issued.status, 201, issued.text);
  assert.equal(issued.json.confirmed_at, null);
  const aid = issued.json.id;
  const at = new Date(from.getTime() + 86400e3).toISOString();
  const check = async () => {
    const r = await auditor.call('POST', `${G}/access-check`, { account: 'chercheur.duo', project: 'DUO-2026-001', domains: ['visits'], time: at });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const before = await check();
  assert.equal(before.allowed, false);
  assert.equal(before.reason, 'no_authorisation');
  const ownConfirm = await first.call('POST', `${G}/authorisations/${aid}/confirm`);
  assertError(ownConfirm, 403, 'permission_denied');
  assert.equal(ownConfirm.json.error.reason, 'same_signatory');
  assert.equal((await check()).allowed, false);
  // Confirmed through the console by the other secretary.
  const confirmed = await fetch(`${g.url}/console/gouvernance/autorisations/${aid}/confirmation`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: second.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: second.csrf }).toString(),
  });
  assert.equal(confirmed.status, 303);
  const after = await check();
  assert.equal(after.allowed, true);
  assert.equal(after.authorisation_id, aid);
  const conf = (await entries('governance.authorisation.confirmed')).find((e) => e.object === `authorisation/${aid}`);
  assert.ok(conf, 'confirmed entry');
  const stored = (await first.call('GET', `${G}/authorisations?project_id=${pid}`)).json.authorisations[0];
  assert.equal(conf.payload.issued_by, stored.issued_by);
  assert.equal(conf.payload.confirmed_by, stored.confirmed_by);
  assert.notEqual(stored.issued_by, stored.confirmed_by);
  const created = (await entries('governance.authorisation.created')).find((e) => e.object === `authorisation/${aid}`);
  assert.equal(created.payload.issued_by, stored.issued_by);
});

test('admin manages accounts, not governance: 403 on governance writes, objection withdrawal and identities', async () => {
  const admin = await session('admin', 'garant-demo-admin');
  const G = '/api/v1/governance';
  // Reading stays open to the admin (the JSON lists).
  assert.equal((await admin.call('GET', `${G}/projects`)).status, 200);
  const decisions = (await admin.call('GET', `${G}/decisions`)).json.decisions;
  const auths = (await admin.call('GET', `${G}/authorisations`)).json.authorisations;
  const writes = [
    [`${G}/committees`, { code: 'admin-x', name: 'X' }],
    [`${G}/projects`, {}],
    [`${G}/meetings`, {}],
    [`${G}/conflicts`, {}],
    [`${G}/decisions`, {}],
    [`${G}/decisions/${decisions[0].id}/sign`, {}],
    [`${G}/decisions/${decisions[0].id}/cosign`, {}],
    [`${G}/authorisations`, {}],
    [`${G}/authorisations/${auths[0].id}/confirm`, {}],
    [`${G}/authorisations/${auths[0].id}/suspend`, {}],
    [`${G}/authorisations/${auths[0].id}/revoke`, {}],
  ];
  for (const [path, body] of writes) {
    assertError(await admin.call('POST', path, body), 403, 'permission_denied');
  }
  for (const path of ['/console/gouvernance', '/console/gouvernance/a-cosigner']) {
    const r = await fetch(`${g.url}${path}`, { headers: { Cookie: admin.jar.header() }, redirect: 'manual' });
    assert.equal(r.status, 403, path);
  }
  const form = await fetch(`${g.url}/console/gouvernance/decisions/${decisions[0].id}/cosignature`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: admin.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: admin.csrf }).toString(),
  });
  assert.equal(form.status, 403);
  // Nothing changed.
  assert.deepEqual((await admin.call('GET', `${G}/authorisations`)).json.authorisations, auths);

  // Objections: the DPO records one; the admin may neither withdraw it nor
  // read the identity (API and console); the DPO withdraws it.
  const dpo = await session('dpo', 'garant-demo-dpo');
  const created = await dpo.call('POST', '/api/v1/objections', {
    birth_name: 'Séparation-Devoirs', given_names: 'Alix', birth_date: '1971-05-06', sex: 'F',
    requester: 'patient', channel: 'phone',
  });
  assert.equal(created.status, 201, created.text);
  const ref = created.json.reference;
  assertError(await admin.call('POST', `/api/v1/objections/${ref}/withdraw`), 403, 'permission_denied');
  const consoleWithdraw = await fetch(`${g.url}/console/oppositions/${ref}/retrait`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: admin.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: admin.csrf, confirm: 'oui' }).toString(),
  });
  assert.equal(consoleWithdraw.status, 403);
  const identity = await admin.call('GET', `/api/v1/objections/${ref}?include=identity`);
  assert.equal(identity.status, 403);
  assert.doesNotMatch(identity.text, /Séparation|Alix/);
  const press = await fetch(`${g.url}/console/oppositions/${ref}/identite`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: admin.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: admin.csrf }).toString(),
  });
  assert.equal(press.status, 403);
  // The admin's view of the objection offers no withdrawal button.
  const view = await fetch(`${g.url}/console/oppositions/${ref}`, { headers: { Cookie: admin.jar.header() } });
  assert.equal(view.status, 200);
  assert.doesNotMatch(await view.text(), new RegExp(`/console/oppositions/${ref}/retrait`));
  assert.equal((await admin.call('GET', `/api/v1/objections/${ref}`)).json.status, 'effective');
  const withdrawn = await dpo.call('POST', `/api/v1/objections/${ref}/withdraw`);
  assert.equal(withdrawn.status, 200, withdrawn.text);
  assert.equal(withdrawn.json.status, 'withdrawn');
});

// The row of a member by the name in its first cell (a successor's row names
// the predecessor too).
const memberRow = (page, name) => page.locator('tr[id^="member-"]').filter({ has: page.locator('td:first-child', { hasText: name }) });

// ---- the Comité stratégique (issue #14: decisions not tied to a project,
// ended memberships) ----

test('the demo portal shows the public decisions of the Comité stratégique, not the internal one', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/projets`);
  const section = page.locator('#decisions-comite-section');
  assert.match(await section.textContent(), /Charte — Charte d'accès à l'entrepôt CONTACT, version 2/);
  assert.match(await section.textContent(), /Comité stratégique, séance du \d\d\/\d\d\/\d{4} : Adoptée/);
  assert.match(await section.textContent(), /Priorités — Priorités d'étude pour l'année/);
  assert.match(await section.textContent(), /Réserves : Bilan présenté au comité à mi-année/);
  assert.doesNotMatch(await section.textContent(), /Comptes de service des prestataires/);
  assert.deepEqual(await axeViolations(page), []);
  await section.screenshot({ path: join(shots, 'projets-decisions-comite.png') });
  await page.close();
});

test('a secretary puts a charter on the agenda, the committee adopts it, a second secretary co-signs, the portal shows it', async () => {
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  // The demo's ended membership: M. Vidal replaced by Mme Marchand. (Another
  // test creates a committee of the same name: go by the demo's code.)
  const strategic = (await (await secretary()).call('GET', '/api/v1/governance/committees')).json.committees.find((c) => c.code === 'strategique');
  await page.goto(`${g.url}/console/gouvernance/comites/${strategic.id}`);
  const vidal = memberRow(page, 'M. Paul Vidal');
  assert.match(await vidal.textContent(), /inclus \(remplacement\)/);
  assert.match(await vidal.textContent(), /Remplacé·e par Mme Léa Marchand/);
  assert.match(await vidal.textContent(), /Mandat terminé/);
  const marchand = memberRow(page, 'Mme Léa Marchand');
  assert.match(await marchand.textContent(), /Remplace M. Paul Vidal/);

  await page.goto(`${g.url}/console/gouvernance/seances/nouvelle?comite=${strategic.id}`);
  // Members out of office (M. Vidal) are not offered.
  assert.doesNotMatch(await page.textContent('main'), /M. Paul Vidal/);
  const day = new Date(Date.now() - 86400e3).toISOString().slice(0, 10);
  await page.getByLabel('Date et heure (heure de Paris)').fill(`${day}T10:00`);
  const meetingsBefore = (await (await secretary()).call('GET', '/api/v1/governance/meetings')).json.meetings.length;
  await page.getByLabel('Nature du sujet 1').selectOption('charter');
  await page.getByLabel('Intitulé du sujet 1').fill('Charte d\'accès, version 3');
  await page.getByLabel('Nature du sujet 2').selectOption('priorities');
  await page.getByLabel('Intitulé du sujet 2').fill('  ');  // blank: ignored
  for (const name of ['Dr Bernard Lemoine', 'Mme Claire Fontaine', 'M. Olivier Renaud', 'Mme Léa Marchand']) {
    await page.getByLabel(new RegExp(name)).check();
  }
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'seance-nouvelle-sujets.png'), fullPage: true });
  await page.getByRole('button', { name: 'Enregistrer la séance' }).click();
  await page.waitForURL(/\/seances\/\d+\?ok=seance$/);
  const meetingUrl = page.url();
  assert.match(await page.textContent('#quorum'), /4 membre\(s\) votant\(s\) présent\(s\) sur 4/);
  assert.equal(await page.locator('section[id^="topic-item-"]').count(), 1);
  const topic = page.locator('section[id^="topic-item-"]');
  assert.match(await topic.textContent(), /Charte — Charte d'accès, version 3/);

  // Blank text: refused with the French reason, nothing recorded.
  await topic.getByText('Enregistrer une décision sur ce sujet').click();
  await topic.getByLabel('Texte adopté et motivation').fill('   ');
  await topic.getByRole('button', { name: 'Enregistrer et relire avant signature' }).click();
  await page.locator('#gov-error').waitFor();
  assert.match(await page.textContent('#gov-error'), /motivation de la décision est obligatoire/);
  const topic2 = page.locator('section[id^="topic-item-"]');
  await topic2.getByLabel('Décision', { exact: true }).selectOption('favourable');
  await topic2.getByLabel('Texte adopté et motivation').fill('La charte version 3 est adoptée : revue semestrielle des habilitations.');
  const amended = await topic2.locator('select[name="amends_decision_id"] option', { hasText: "Charte d'accès à l'entrepôt CONTACT, version 2" }).getAttribute('value');
  await topic2.getByLabel('Modifie la décision').selectOption(amended);
  for (const name of ['Dr Bernard Lemoine', 'Mme Claire Fontaine', 'M. Olivier Renaud', 'Mme Léa Marchand']) {
    await topic2.getByLabel(name, { exact: true }).selectOption('for');
  }
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'seance-sujet-decision.png'), fullPage: true });
  await topic2.getByRole('button', { name: 'Enregistrer et relire avant signature' }).click();
  await page.waitForURL(/\/decisions\/\d+\/signature$/);
  const decisionId = page.url().match(/\/decisions\/(\d+)\/signature$/)[1];
  assert.match(await page.textContent('main'), /Charte — Charte d'accès, version 3/);
  assert.match(await page.textContent('#sign-outcome'), /Adoptée/);
  assert.match(await page.textContent('#publish-topic'), /sera publiée sur le portail/);
  assert.match(await page.textContent('#publish-preview'), /revue semestrielle/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'signature-sujet.png'), fullPage: true });
  await page.getByLabel(/J'ai relu la décision/).check();
  await page.getByRole('button', { name: 'Signer la décision' }).click();
  await page.waitForURL(/\?ok=decision$/);
  assert.match(await page.textContent('main'), /en attente de cosignature/);
  // Pending: not on the portal, and the charter it amends is still current.
  const pendingPortal = await (await fetch(`${g.url}/projets`)).text();
  assert.doesNotMatch(pendingPortal, /revue semestrielle/);
  assert.ok(!pendingPortal.includes(`id="decision-${amended}-remplacee"`), 'replaced before the co-signature');

  const other = await staffPage(suite, 'secretaire2', 'garant-demo-secretaire2', { js: false });
  await other.goto(`${g.url}/console/gouvernance/a-cosigner`);
  const row = other.locator(`#pending-decision-${decisionId}`);
  assert.match(await row.textContent(), /Charte — Charte d'accès, version 3/);
  assert.match(await row.textContent(), /Adoptée/);
  assert.deepEqual(await axeViolations(other), []);
  await other.screenshot({ path: join(shots, 'a-cosigner-sujet.png'), fullPage: true });
  await row.getByRole('button', { name: 'Cosigner' }).click();
  await other.waitForURL(/\?ok=cosignature$/);
  await other.goto(`${g.url}/console/gouvernance`);
  const list = other.locator('#topic-decisions');
  assert.match(await list.textContent(), /Charte d'accès, version 3/);
  assert.match(await list.textContent(), /En vigueur, publiée/);
  assert.match(await list.textContent(), /En vigueur, non publiée/);  // the demo's internal rule
  assert.deepEqual(await axeViolations(other), []);
  await other.screenshot({ path: join(shots, 'gouvernance-decisions-hors-projet.png'), fullPage: true });
  await other.close();
  const portal = await (await fetch(`${g.url}/projets`)).text();
  assert.match(portal, /revue semestrielle des habilitations/);
  assert.match(portal, new RegExp(`modifie la <a href="#decision-${amended}">décision n° ${amended}</a>`));
  // The amended charter (version 2) stays listed, marked as replaced by the
  // new decision, with the day of its co-signature; the new one is current.
  const view = await suite.browser.newPage({ javaScriptEnabled: false });
  await view.goto(`${g.url}/projets`);
  const old = view.locator(`#decision-${amended}`);
  assert.match(await old.locator('h3').textContent(), /Charte d'accès à l'entrepôt CONTACT, version 2 \(remplacée\)/);
  const notice = await view.textContent(`#decision-${amended}-remplacement`);
  assert.match(notice, new RegExp(`n'est plus en vigueur : elle a été remplacée le \\d{2}/\\d{2}/\\d{4} par la décision n° ${decisionId}`));
  assert.equal(await view.getAttribute(`#decision-${amended}-remplacement a`, 'href'), `#decision-${decisionId}`);
  assert.match(await old.textContent(), /en vigueur du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4}/);
  const current = view.locator(`#decision-${decisionId}`);
  assert.doesNotMatch(await current.textContent(), /remplacée|n'est plus en vigueur/);
  assert.match(await current.textContent(), /en vigueur depuis le/);
  // The other decisions of the demo are still current.
  assert.equal(await view.locator('[id$="-remplacee"]').count(), 1);
  assert.deepEqual(await axeViolations(view), []);
  await view.locator(`#decision-${amended}`).screenshot({ path: join(shots, 'portail-decision-remplacee.png') });
  await view.screenshot({ path: join(shots, 'portail-decisions-hors-projet.png'), fullPage: true });
  await view.close();
  // Signed and co-signed: the API shows it effective; the database keeps it.
  const { call } = await secretary();
  const stored = (await call('GET', '/api/v1/governance/decisions')).json.decisions.find((x) => String(x.id) === decisionId);
  assert.equal(stored.effective, true);
  assert.equal(stored.project_id, null);
  assert.equal((await call('GET', '/api/v1/governance/meetings')).json.meetings.length, meetingsBefore + 1);
  await page.goto(meetingUrl);
  await page.close();
});

test('a secretary replaces a member and ends a mandate; bad inputs are refused with a French message', async () => {
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  const strategic = (await (await secretary()).call('GET', '/api/v1/governance/committees')).json.committees.find((c) => c.code === 'strategique');
  await page.goto(`${g.url}/console/gouvernance/comites/${strategic.id}`);
  const committeeUrl = page.url();
  const fontaine = () => memberRow(page, 'Mme Claire Fontaine');
  // A successor starting before the mandate taken over: refused.
  await fontaine().getByText('Remplacer ce membre').click();
  await fontaine().getByLabel('Identité de la personne qui remplace').fill('Dr Hugo Bertin');
  await fontaine().getByLabel('Premier jour de son mandat').fill('2000-01-01');
  await fontaine().getByRole('button', { name: 'Enregistrer le remplacement' }).click();
  await page.locator('#gov-error').waitFor();
  assert.match(await page.textContent('#gov-error'), /commence après le début du mandat/);
  assert.doesNotMatch(await page.textContent('main'), /Dr Hugo Bertin/);
  // An end date before the start: refused.
  await fontaine().getByText('Corriger la fin du mandat').click();
  await fontaine().getByLabel('Dernier jour du mandat (inclus)').fill('2000-01-01');
  await fontaine().getByLabel('Raison de la fin').selectOption('resigned');
  await fontaine().getByLabel('Motif de la correction').fill('Démission');
  await fontaine().getByRole('button', { name: 'Corriger' }).click();
  await page.locator('#gov-error').waitFor();
  assert.doesNotMatch(await fontaine().textContent(), /démission\)/);
  // The replacement, then the list shows both.
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(committeeUrl);
  await fontaine().getByText('Remplacer ce membre').click();
  await fontaine().getByLabel('Identité de la personne qui remplace').fill('Dr Hugo Bertin');
  await fontaine().getByLabel('Fonction au comité').selectOption('member');
  await fontaine().getByLabel('Premier jour de son mandat').fill(today);
  await fontaine().getByLabel('Raison du remplacement').fill('Nouvelle désignation');
  await fontaine().getByRole('button', { name: 'Enregistrer le remplacement' }).click();
  await page.waitForURL(/\?ok=remplacement$/);
  assert.match(await fontaine().textContent(), /Remplacé·e par Dr Hugo Bertin/);
  assert.match(await fontaine().textContent(), /\(remplacement\)/);
  const bertin = memberRow(page, 'Dr Hugo Bertin');
  assert.match(await bertin.textContent(), /Remplace Mme Claire Fontaine/);
  // A resignation, with its reason.
  const renaud = () => memberRow(page, 'M. Olivier Renaud');
  await renaud().getByText('Corriger la fin du mandat').click();
  await renaud().getByLabel('Dernier jour du mandat (inclus)').fill('2099-06-30');
  await renaud().getByLabel('Raison de la fin').selectOption('resigned');
  await renaud().getByLabel('Motif de la correction').fill('Démission annoncée');
  await renaud().getByRole('button', { name: 'Corriger' }).click();
  await page.waitForURL(/\?ok=mandat$/);
  assert.match(await renaud().textContent(), /au 30\/06\/2099 inclus \(démission\)/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'comite-remplacement.png'), fullPage: true });

  // Forged forms: an unknown reason, an unknown member, no CSRF token.
  const cookies = await page.context().cookies();
  const cookie = cookies.map((x) => `${x.name}=${x.value}`).join('; ');
  const csrf = await page.locator('input[name="csrf_token"]').first().getAttribute('value');
  const id = committeeUrl.match(/comites\/(\d+)/)[1];
  const memberId = (await renaud().getAttribute('id')).replace('member-', '');
  const post = (path, fields) => fetch(`${g.url}/console/gouvernance/comites/${id}/membres/${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const bad = await post(`${memberId}/fin-de-mandat`, { csrf_token: csrf, term_end: '2099-07-01', end_reason: 'licencie', note: 'x' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Indiquez pourquoi le mandat prend fin/);
  const unknown = await post('999999/remplacement', { csrf_token: csrf, full_name: 'X', role: 'member', voting: 'oui', term_start: today });
  assert.equal(unknown.status, 404);
  const noCsrf = await post(`${memberId}/remplacement`, { full_name: 'X', role: 'member', voting: 'oui', term_start: today });
  assert.equal(noCsrf.status, 403);
  const { call } = await secretary();
  const members = (await call('GET', `/api/v1/governance/committees/${id}/members`)).json.members;
  assert.ok(!members.some((m) => m.full_name === 'X'));
  const r = members.find((m) => m.full_name === 'M. Olivier Renaud');
  assert.equal(r.end_reason, 'resigned');
  assert.equal(r.term_end, '2099-06-30');
  await page.close();
});

test('declarations of interest: the public committees page, a derived conflict, a conflict declared at a meeting, recusals in the minutes', async () => {
  // The public page (demo declarations), in French, without JavaScript.
  const pub = await suite.browser.newPage({ javaScriptEnabled: false });
  await pub.goto(`${g.url}/projets`);
  await pub.getByRole('link', { name: "Les comités et les déclarations d'intérêts de leurs membres" }).click();
  await pub.waitForURL(/\/projets\/comites$/);
  assert.equal(await pub.getAttribute('html', 'lang'), 'fr');
  const cse = pub.locator('#comite-cse');
  assert.match(await cse.textContent(), /Dr Nadia Benali/);
  assert.match(await cse.textContent(), /\d{4}, signée le \d\d\/\d\d\/\d{4} : Missions de conseil ponctuelles/);
  assert.match(await cse.textContent(), /M\. Karim Haddad.*Pas encore de déclaration publiée/s);
  // Members out of office are not listed (the demo's replaced member).
  assert.doesNotMatch(await pub.textContent('main'), /M\. Paul Vidal/);
  // The organisations are not published, only the summary.
  assert.doesNotMatch(await pub.textContent('main'), /laboratoire santé plus/i);
  assert.deepEqual(await axeViolations(pub), []);
  await pub.screenshot({ path: join(shots, 'projets-comites.png'), fullPage: true });
  await pub.close();

  // The demo CSE meeting: Dr Benali's recusal under the minutes.
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  const { call } = await secretary();
  const meetings = (await call('GET', '/api/v1/governance/meetings')).json.meetings;
  const cseId = (await call('GET', '/api/v1/governance/committees')).json.committees.find((c) => c.code === 'cse').id;
  const demoMeeting = meetings.filter((m) => m.committee_id === cseId && m.agenda.length === 4).at(-1);
  await page.goto(`${g.url}/console/gouvernance/seances/${demoMeeting.id}`);
  assert.match(await page.textContent('#recusals'), /Dr Nadia Benali s'est retiré·e de l'examen du projet CONTACT-2026-003/);

  // A declaration naming an organisation: a later project of it is conflicted.
  await page.goto(`${g.url}/console/gouvernance/comites/${cseId}`);
  const row = () => memberRow(page, 'Pr Hélène Garnier');
  // Bad input first: a signature date in the future.
  await row().getByText("Enregistrer une déclaration d'intérêts").click();
  await row().getByLabel('Date de signature').fill('2999-01-01');
  await row().getByLabel('Résumé public de la déclaration').fill('Conseil scientifique de la Fondation Oméga.');
  await row().getByRole('button', { name: 'Enregistrer la déclaration' }).click();
  await page.locator('#gov-error').waitFor();
  assert.match(await page.textContent('#gov-error'), /date de signature qui n'est pas dans le futur/);
  const today = new Date().toISOString().slice(0, 10);
  await row().getByText("Enregistrer une déclaration d'intérêts").click();
  await row().getByLabel('Date de signature').fill(today);
  await row().getByLabel('Résumé public de la déclaration').fill('Conseil scientifique de la Fondation Oméga.');
  await row().getByLabel('Organismes liés (un par ligne, facultatif)').fill('Fondation Oméga\n');
  await row().getByRole('button', { name: 'Enregistrer la déclaration' }).click();
  await page.waitForURL(/\?ok=declaration$/);
  assert.match(await row().textContent(), /Déclaration d'intérêts \d{4}, signée le \d\d\/\d\d\/\d{4} \(en vigueur\) : Conseil scientifique de la Fondation Oméga/);
  assert.match(await row().textContent(), /Organismes : fondation oméga/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'comite-declarations.png'), fullPage: true });
  const project = await call('POST', '/api/v1/governance/projects', {
    reference: 'OMEGA-2026-001', title: 'Étude Oméga', public_summary: 'Résumé.', purpose: 'research', no_forbidden_use: true,
    legal_basis: 'RGPD 6.1.e', formality: 'mr-004', formality_reference: 'MR-004 n° 9', investigator: 'Dr Oméga',
    organisation: 'Fondation Oméga', data_domains: ['visits'], duration_months: 12, committee_id: cseId,
  });
  assert.equal(project.status, 201, project.text);
  const conflicts = (await call('GET', '/api/v1/governance/conflicts')).json.conflicts.filter((k) => k.project_id === project.json.id);
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0].source, 'declaration');

  // A meeting on it; a conflict declared at the meeting; both recusals in the minutes.
  const members = (await call('GET', `/api/v1/governance/committees/${cseId}/members`)).json.members;
  const id = (name) => members.find((m) => m.full_name === name).id;
  const present = ['Pr Hélène Garnier', 'Dr Marc Lefèvre', 'Dr Nadia Benali', 'Mme Josiane Morel'].map(id);
  const meeting = await call('POST', '/api/v1/governance/meetings', {
    committee_id: cseId, held_at: new Date(Date.now() - 3600e3).toISOString(), agenda: [project.json.id], present,
  });
  assert.equal(meeting.status, 201, meeting.text);
  await page.goto(`${g.url}/console/gouvernance/seances/${meeting.json.id}`);
  await page.getByText("Déclarer un conflit d'intérêts en séance").click();
  await page.getByLabel('Membre concerné').selectOption({ label: 'Dr Marc Lefèvre' });
  await page.getByLabel("Nature du lien d'intérêts").fill('Co-auteur du protocole');
  await page.getByRole('button', { name: 'Déclarer le conflit' }).click();
  await page.waitForURL(/\?ok=conflit$/);
  const recusals = await page.textContent('#recusals');
  assert.match(recusals, /Pr Hélène Garnier s'est retiré·e de l'examen du projet OMEGA-2026-001/);
  assert.match(recusals, /Dr Marc Lefèvre s'est retiré·e de l'examen du projet OMEGA-2026-001 et n'a pas voté : Co-auteur du protocole/);
  assert.match(await page.textContent('main'), /Conflit d'intérêts déclaré : Pr Hélène Garnier, Dr Marc Lefèvre \(ne vote pas\)/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'seance-recusations.png'), fullPage: true });
  const atMeeting = (await call('GET', '/api/v1/governance/conflicts')).json.conflicts.find((k) => k.project_id === project.json.id && k.source === 'meeting');
  assert.equal(atMeeting.meeting_id, meeting.json.id);

  // Forged forms: a year out of range, an unknown member, no CSRF token.
  const cookie = (await page.context().cookies()).map((x) => `${x.name}=${x.value}`).join('; ');
  const csrf = await page.locator('input[name="csrf_token"]').first().getAttribute('value');
  const post = (path, fields) => fetch(`${g.url}/console/gouvernance/${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const before = (await call('GET', '/api/v1/governance/conflicts')).json.conflicts.length;
  const year = await post(`comites/${cseId}/membres/${id('Mme Josiane Morel')}/declarations`, { csrf_token: csrf, year: '1999', signed_on: today, public_summary: 'x' });
  assert.equal(year.status, 400);
  assert.match(await year.text(), /indique une année \(2000 à 2100\)/);
  assert.equal((await post(`comites/${cseId}/membres/999999/declarations`, { csrf_token: csrf, year: '2026', signed_on: today, public_summary: 'x' })).status, 404);
  assert.equal((await post(`comites/${cseId}/membres/${id('Mme Josiane Morel')}/declarations`, { year: '2026', signed_on: today, public_summary: 'x' })).status, 403);
  const offAgenda = await post(`seances/${demoMeeting.id}/conflits`, { csrf_token: csrf, project_id: String(project.json.id), member_id: String(id('Mme Josiane Morel')), description: 'x' });
  assert.equal(offAgenda.status, 409);
  assert.equal((await call('GET', '/api/v1/governance/conflicts')).json.conflicts.length, before);
  await page.close();
});

test('a decision recorded by mistake is discarded before its signature (API and console, without JavaScript); a signed one stays', async () => {
  const first = await secretary();
  const G = '/api/v1/governance';
  const cse = (await first.call('GET', `${G}/committees`)).json.committees.find((c) => c.code === 'cse');
  const members = (await first.call('GET', `${G}/committees/${cse.id}/members`)).json.members;
  const voters = ['Pr Hélène Garnier', 'Dr Marc Lefèvre', 'Dr Nadia Benali', 'Mme Josiane Morel'];
  const present = voters.map((n) => members.find((m) => m.full_name === n).id);
  const projectAndMeeting = async (reference) => {
    const project = await first.call('POST', `${G}/projects`, {
      reference, title: 'Projet au brouillon abandonné', public_summary: 'Résumé', purpose: 'research',
      no_forbidden_use: true, legal_basis: 'RGPD 6.1.e', formality: 'mr-004', investigator: 'Dr X',
      organisation: 'Org', data_domains: ['visits'], duration_months: 12, committee_id: cse.id,
    });
    assert.equal(project.status, 201, project.text);
    const meeting = await first.call('POST', `${G}/meetings`, {
      committee_id: cse.id, held_at: new Date(Date.now() - 60e3).toISOString(), agenda: [project.json.id], present,
    });
    assert.equal(meeting.status, 201, meeting.text);
    return { pid: project.json.id, mid: meeting.json.id };
  };
  const auditor = await session('auditeur', 'garant-demo-auditeur');
  const discarded = async (id) => {
    const r = await auditor.call('GET', `/api/v1/audit/entries?type=${encodeURIComponent('governance.decision.discarded')}&limit=200`);
    assert.equal(r.status, 200, r.text);
    return r.json.entries.find((e) => e.object === `decision/${id}`);
  };

  // API.
  const { pid, mid } = await projectAndMeeting('DRAFT-2026-001');
  const draft = { project_id: pid, meeting_id: mid, outcome: 'unfavourable', reasons: 'Saisie sur le mauvais projet.', votes: [{ member_id: present[0], vote: 'against' }], sign: false };
  const unsigned = await first.call('POST', `${G}/decisions`, draft);
  assert.equal(unsigned.status, 201, unsigned.text);
  const did = unsigned.json.id;
  const url = `${G}/decisions/${did}/discard`;
  assertError(await first.call('POST', url), 400, 'invalid_argument');
  assertError(await first.call('POST', url, { reason: 3 }), 400, 'invalid_argument');
  assertError(await first.call('POST', url, { reason: 'Erreur.', why: 'x' }), 400, 'invalid_argument');
  const blank = await first.call('POST', url, { reason: '  ' });
  assertError(blank, 400, 'invalid_argument');
  assert.equal(blank.json.error.reason, 'discard_reason_required');
  assertError(await first.call('POST', `${G}/decisions/999999/discard`, { reason: 'Erreur.' }), 404, 'not_found');
  // Without the CSRF token: refused.
  const noCsrf = await fetch(`${g.url}${url}`, {
    method: 'POST', headers: { Cookie: first.jar.header(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ reason: 'Erreur.' }),
  });
  assert.equal(noCsrf.status, 403);
  const ok = await first.call('POST', url, { reason: 'Saisie sur le mauvais projet.' });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { id: did, status: 'discarded' });
  assert.deepEqual((await first.call('GET', `${G}/decisions?project_id=${pid}`)).json.decisions, []);
  assertError(await first.call('POST', url, { reason: 'Encore.' }), 404, 'not_found');
  const entry = await discarded(did);
  assert.ok(entry, 'discarded entry');
  assert.equal(entry.payload.reason, 'Saisie sur le mauvais projet.');
  assert.equal(entry.payload.project, 'DRAFT-2026-001');
  assert.equal(entry.payload.outcome, 'unfavourable');
  assert.equal(entry.payload.meeting_id, mid);
  // A signed decision is refused, and kept.
  const signed = await first.call('POST', `${G}/decisions`, { ...draft, outcome: 'favourable', votes: [{ member_id: present[0], vote: 'for' }], sign: true });
  assert.equal(signed.status, 201, signed.text);
  const refused = await first.call('POST', `${G}/decisions/${signed.json.id}/discard`, { reason: 'Erreur.' });
  assertError(refused, 409, 'conflict');
  assert.equal(refused.json.error.reason, 'decision_already_signed');
  assert.equal((await first.call('GET', `${G}/decisions?project_id=${pid}`)).json.decisions.length, 1);

  // Console, without JavaScript: record a draft, discard it with a reason.
  const other = await projectAndMeeting('DRAFT-2026-002');
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  const meetingUrl = `${g.url}/console/gouvernance/seances/${other.mid}`;
  await page.goto(meetingUrl);
  await page.getByText('Enregistrer une décision sur ce projet').click();
  await page.getByLabel('Avis', { exact: true }).selectOption('deferred');
  await page.getByLabel('Motivation').fill('Avis différé — texte saisi par erreur <b>à abandonner</b>.');
  await page.getByRole('button', { name: 'Enregistrer et relire avant signature' }).click();
  await page.waitForURL(/\/decisions\/\d+\/signature$/);
  const recorded = Number(page.url().match(/\/decisions\/(\d+)\/signature$/)[1]);
  await page.goto(meetingUrl);
  assert.match(await page.textContent('main'), new RegExp(`Décision n° ${recorded} .*pas encore signée`));
  await page.locator(`text=Décision n° ${recorded}`).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'seance-brouillon.png') });
  await page.getByRole('link', { name: 'abandonner ce brouillon' }).click();
  await page.waitForURL(new RegExp(`/decisions/${recorded}/abandon$`));
  assert.match(await page.textContent('h1'), new RegExp(`Abandonner le brouillon de décision n° ${recorded}`));
  assert.match(await page.textContent('#decision-recap'), /texte saisi par erreur <b>à abandonner<\/b>/);
  assert.match(await page.textContent('main'), /L'abandon est définitif/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'decision-abandon.png'), fullPage: true });
  // A blank reason, then no confirmation box: refused in French, nothing changed.
  await page.getByLabel("Raison de l'abandon (obligatoire)").fill('   ');
  await page.getByLabel(/je l'abandonne définitivement/).check();
  await page.getByRole('button', { name: 'Abandonner ce brouillon' }).click();
  assert.match(await page.textContent('#gov-error'), /Indiquez pourquoi ce brouillon est abandonné/);
  await page.getByLabel("Raison de l'abandon (obligatoire)").fill('Avis saisi par erreur.');
  await page.getByRole('button', { name: 'Abandonner ce brouillon' }).click();
  assert.match(await page.textContent('#gov-error'), /Cochez la case/);
  assert.equal(await page.inputValue('#discard-reason'), 'Avis saisi par erreur.');
  assert.equal((await first.call('GET', `${G}/decisions?project_id=${other.pid}`)).json.decisions.length, 1);
  await page.getByLabel(/je l'abandonne définitivement/).check();
  await page.getByRole('button', { name: 'Abandonner ce brouillon' }).click();
  await page.waitForURL(`${meetingUrl}?ok=abandon`);
  assert.match(await page.textContent('main'), /Brouillon de décision abandonné/);
  assert.doesNotMatch(await page.textContent('main'), new RegExp(`Décision n° ${recorded} `));
  assert.deepEqual((await first.call('GET', `${G}/decisions?project_id=${other.pid}`)).json.decisions, []);
  const consoleEntry = await discarded(recorded);
  assert.ok(consoleEntry, 'discarded entry (console)');
  assert.equal(consoleEntry.payload.reason, 'Avis saisi par erreur.');
  // A signed decision's discard page says why it stays, without the form.
  const signedPage = await page.goto(`${g.url}/console/gouvernance/seances/${mid}/decisions/${signed.json.id}/abandon`);
  assert.equal(signedPage.status(), 200);
  assert.match(await page.textContent('#already-signed'), /ne peut plus être abandonnée/);
  assert.equal(await page.locator('#discard-form').count(), 0);
  await page.close();
});
