// The auditor's desk end to end (issue 11, "Views" and "Answering a person"),
// against a real garantd --dev --demo and headless Chromium, on a known
// dataset: one objection recorded by the DPO, access events posted by the
// warehouse before and after it. Each page shows the exact expected rows; a
// person typed with another spelling finds the same trail; the traits never
// appear in garantd's output, the audit leaves or a pg_dump of the cluster;
// the DPO's letter renders and passes axe-core; each view is an access event.
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Garantd, garantBin, staffLogin, assertNoSecretsLogged, pgBinDir, repoRoot, withoutOffHours } from './lib/garantd.mjs';
import { launch, fillLogin } from './lib/browser.mjs';

// axe-core (tests/e2e/package.json); NODE_PATH is honoured by require.resolve.
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const g = new Garantd();
const shots = join(repoRoot, 'build', 'e2e-screenshots');
let browser;
let token;
let auditor;
let dpo;
let objection;
const ids = {};
const idx = {};

// The person, as the DPO typed it when recording the objection.
const TRAITS = { birth_name: 'Quenouillère-Fabrégat', given_names: 'Anne-Sidonie Éléonore',
  birth_date: '1979-02-27', sex: 'F' };
// The same person, as an auditor might type it: no accents, spaces, case.
const OTHER_SPELLING = { birth_name: 'quenouillere fabregat', given_names: 'ANNE-SIDONIE eleonore',
  birth_date: '1979-02-27', sex: 'f' };
const SECRETS = ['Quenouill', 'QUENOUILL', 'quenouill', 'Fabrégat', 'FABREGAT', 'Sidonie', 'SIDONIE',
  'Éléonore', 'ELEONORE', '1979-02-27', '19790227'];
const SHA = createHash('sha256').update('extrait').digest('hex');

function createToken(name) {
  const out = execFileSync(garantBin, ['token', 'create', name, '--role', 'warehouse', '--data-dir', g.dataDir]).toString();
  return out.trim().split('\n').pop();
}

async function postEvents(events) {
  const r = await fetch(`${g.url}/api/v1/access-events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body.events;
}

async function api(staff, path, init = {}) {
  return fetch(`${g.url}${path}`, { ...init, headers: { Cookie: staff.jar.header(), ...(init.headers ?? {}) } });
}

async function browserLogin(username, password, { js = true } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: js, bypassCSP: js });
  const page = await context.newPage();
  await page.goto(`${g.url}/connexion`);
  await fillLogin(page, g, username, password);
  await page.waitForURL(`${g.url}/console`);
  return page;
}

async function fillIdentity(page, t) {
  await page.fill('#birth_name', t.birth_name);
  await page.fill('#given_names', t.given_names);
  await page.fill('#birth_date', t.birth_date);
  await page.check(t.sex.toUpperCase() === 'F' ? '#sex' : '#sex-m');
}

// The visible text of each row of a table's body, cells joined by " | ".
async function rows(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/\s+/g, ' ').trim()).join(' | ')));
}

async function shoot(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, `${name}-mobile.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), []);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  await g.start({ args: withoutOffHours(g) });
  token = createToken('entrepot-bureau');
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  browser = await launch();

  // Before the objection: a query touching the person.
  const past = new Date(Date.now() - 2 * 3600e3).toISOString();
  ids.query = randomUUID();
  // The objection, recorded by the DPO (phone); its tokens under the current key.
  let r = await api(dpo, '/api/v1/objections', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': dpo.csrf },
    body: JSON.stringify({ ...TRAITS, requester: 'patient', channel: 'phone' }),
  });
  const created = await r.text();
  assert.equal(r.status, 201, created);
  objection = JSON.parse(created);
  r = await api(dpo, `/api/v1/objections/${objection.reference}?include=identity`);
  const tokens = (await r.json()).tokens;
  assert.equal(tokens.length, 2);  // one birth name x (Anne Sidonie, Anne)
  const base = { account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'],
    organisation: 'Inserm U1018', account_role: 'chercheur', purpose: 'research',
    source: 'entrepot-1', outcome: 'success' };
  let answer = await postEvents([{ id: ids.query, occurred_at: past, action: 'query', ...base,
    patients: [tokens[0], createHash('sha256').update('autre').digest('hex')] }]);
  idx.query = answer[0].index;
  // After it (occurred_at after the objection's effective time): an export by
  // the named researcher, a query by an account no authorisation names, and a
  // justified re-identification of someone else.
  const now = new Date(Date.now() + 1000).toISOString();
  ids.export = randomUUID();
  ids.intern = randomUUID();
  ids.reid = randomUUID();
  answer = await postEvents([
    { id: ids.export, occurred_at: now, action: 'export', ...base, patients: [tokens[1]],
      export: { file: 'extrait-2026.csv', sha256: SHA, bytes: 52431, destination: 'sftp://inserm-u1018' } },
    { id: ids.intern, occurred_at: now, action: 'query', ...base, account: 'stagiaire.x', account_role: 'stagiaire',
      patients: [tokens[0]] },
    { id: ids.reid, occurred_at: now, action: 'reidentify', ...base,
      patients: [createHash('sha256').update('tiers').digest('hex')],
      justification: 'Contrôle du couplage demandé par le comité' },
  ]);
  assert.deepEqual(answer.map((e) => e.findings),
    [['objecting_patient'], ['account_not_named', 'objecting_patient'], []]);
  [idx.export, idx.intern, idx.reid] = answer.map((e) => e.index);
});

after(async () => {
  if (browser) await browser.close();
  await g.stop();
  g.cleanup();
});

const QUERY_ROW = (timing) => new RegExp(`^\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d \\| chercheur\\.moreau \\| Inserm U1018 \\| requête \\| CONTACT-2026-001 \\| — \\| recherche \\| réussi \\| aucune \\| ${timing}`);

test('the trail of a person, from traits typed with another spelling, lists every access with its proof', async () => {
  const page = await browserLogin('auditeur', 'garant-demo-auditeur', { js: false });
  await page.goto(`${g.url}/audit/personne`);
  await fillIdentity(page, OTHER_SPELLING);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.locator('#result').waitFor();
  // The traits are posted, never put in the URL.
  assert.equal(new URL(page.url()).search, '');
  const accesses = await rows(page, '#accesses');
  assert.equal(accesses.length, 3, accesses.join('\n'));
  assert.match(accesses[0], QUERY_ROW(`${objection.reference} : avant l'opposition`));
  assert.match(accesses[0], new RegExp(`entrée n° ${idx.query} preuve d'inclusion$`));
  assert.match(accesses[1], /\| chercheur\.moreau \| Inserm U1018 \| export \| CONTACT-2026-001 \| — \| recherche \| réussi \| Personne opposée \| OPP-\S+ : après l'opposition, alors qu'elle était en vigueur \|/);
  assert.match(accesses[1], new RegExp(`entrée n° ${idx.export} `));
  assert.match(accesses[2], /\| stagiaire\.x \| Inserm U1018 \| requête \| .* \| Compte non désigné dans l'autorisation, Personne opposée \| OPP-\S+ : après l'opposition, alors qu'elle était en vigueur \|/);
  assert.equal(await page.textContent('#access-count'), '3');
  const objections = await rows(page, '#objections');
  assert.equal(objections.length, 1);
  assert.match(objections[0], new RegExp(`^${objection.reference} \\| toute utilisation dans CONTACT \\| .* \\| en vigueur \\| —$`));
  // The proof link leads to the entry and its inclusion proof.
  const href = await page.getAttribute('#accesses tbody tr:first-child a[href^="/api/v1/audit/entries/"]', 'href');
  assert.equal(href, `/api/v1/audit/entries/${idx.query}`);
  // This lookup is itself in the person's trail, as a view by garant.
  const views = await rows(page, '#views');
  assert.equal(views.length, 1);
  assert.match(views[0], /\| staff:\d+ \| entrée n° \d+$/);
  await shoot(page, 'audit-personne');

  // The exact spelling, and a pasted token, find the same accesses.
  await page.goto(`${g.url}/audit/personne`);
  await fillIdentity(page, TRAITS);
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.locator('#result').waitFor();
  assert.deepEqual(await rows(page, '#accesses'), accesses);
  assert.equal((await rows(page, '#views')).length, 2);
  const tokens = (await (await api(dpo, `/api/v1/objections/${objection.reference}?include=identity`)).json()).tokens;
  await page.goto(`${g.url}/audit/personne`);
  await page.fill('#token', tokens.join(' ').toUpperCase());
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.locator('#result').waitFor();
  assert.deepEqual(await rows(page, '#accesses'), accesses);

  // Bad input: a clear French error, nothing looked up.
  await page.goto(`${g.url}/audit/personne`);
  await page.fill('#token', 'pas-un-jeton');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  assert.match(await page.textContent('#form-error'), /64 caractères hexadécimaux/);
  assert.equal(await page.locator('#result').count(), 0);
  await page.goto(`${g.url}/audit/personne`);
  await page.fill('#birth_name', 'Durand');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  assert.match(await page.textContent('main'), /given_names/);
  await page.context().close();
});

test('the person-trail API answers the same trail, and refuses without CSRF', async () => {
  let r = await api(auditor, '/api/v1/audit/person-trail', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ traits: OTHER_SPELLING }),
  });
  assert.equal(r.status, 403);
  r = await api(auditor, '/api/v1/audit/person-trail', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': auditor.csrf },
    body: JSON.stringify({ traits: OTHER_SPELLING }),
  });
  assert.equal(r.status, 200);
  const body = await r.json();
  const data = body.entries.filter((e) => !e.by_garant);
  assert.deepEqual(data.map((e) => e.id), [ids.query, ids.export, ids.intern]);
  assert.deepEqual(data.map((e) => e.objections[0].timing), ['avant', 'pendant', 'pendant']);
  assert.equal(data[1].organisation, 'Inserm U1018');
  assert.equal(data[1].purpose, 'research');
  assert.deepEqual(data[2].findings, ['account_not_named', 'objecting_patient']);
  assert.equal(body.objections[0].reference, objection.reference);
  r = await api(auditor, '/api/v1/audit/person-trail', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': auditor.csrf },
    body: JSON.stringify({ tokens: ['zz'] }),
  });
  assert.equal(r.status, 400);
  // The overview API.
  r = await api(auditor, '/api/v1/audit/overview');
  assert.equal(r.status, 200);
  const o = await r.json();
  assert.equal(o.events, 4);
  assert.deepEqual(o.projects, [{ key: 'CONTACT-2026-001', count: 4 }]);
  assert.deepEqual(o.findings.map((f) => [f.rule, f.count]), [['objecting_patient', 2], ['account_not_named', 1]]);
  assert.ok(o.log_size > 0);
  assert.equal((await api(auditor, '/api/v1/audit/overview?from=demain')).status, 400);
  r = await api(auditor, '/api/v1/audit/projects/CONTACT-2026-001');
  const p = await r.json();
  assert.deepEqual(p.unnamed, ['stagiaire.x']);
  assert.equal(p.exports[0].export.sha256, SHA);
  assert.equal(p.cohort_size, 180000);
  assert.equal(p.outside_total, 1);
  assert.equal(p.outside.length, 1);
  // A bounded list: none listed, still counted; a bad bound is refused.
  r = await api(auditor, '/api/v1/audit/projects/CONTACT-2026-001?outside_limit=0');
  assert.equal(r.status, 200);
  const none = await r.json();
  assert.deepEqual([none.outside.length, none.outside_total], [0, 1]);
  r = await api(auditor, '/api/v1/audit/projects/CONTACT-2026-001?outside_limit=all');
  assert.equal((await r.json()).outside.length, 1);
  for (const bad of ['-1', 'tous', '1e3']) {
    r = await api(auditor, `/api/v1/audit/projects/CONTACT-2026-001?outside_limit=${bad}`);
    assert.equal(r.status, 400, bad);
    assert.match((await r.json()).error.message, /outside_limit/);
  }
  r = await api(auditor, '/api/v1/audit/accounts/stagiaire.x');
  const intern = await r.json();
  assert.equal(intern.events, 1);
  // Its day of findings (account not named, objecting patient) is one case.
  assert.equal(intern.cases.length, 1);
  assert.match(intern.cases[0].id, /^\d{4}-\d\d-\d\d~stagiaire\.x$/);
  assert.deepEqual([intern.cases[0].status, intern.cases[0].severity, intern.cases[0].finding_count], ['new', 'critical', 2]);
  // The secretary may not read trails.
  const sec = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  r = await api(sec, '/api/v1/audit/overview');
  assert.equal(r.status, 403);
});

test('the trail of an account over a period: per-day chart, actions, projects, authorisations, findings', async () => {
  const page = await browserLogin('auditeur', 'garant-demo-auditeur');
  const res = await page.goto(`${g.url}/audit/compte/chercheur.moreau`);
  assert.equal(res.status(), 200);
  assert.equal(await page.textContent('#account-events'), '3');
  assert.equal(await page.textContent('#account-findings'), '1');
  // One bar per day with accesses; the chart has a text alternative.
  assert.match(await page.textContent('#chart-jours title'), /Accès par jour/);
  assert.match(await page.textContent('#chart-jours desc'), /\d\d\/\d\d\/\d{4} : \d/);
  // By count, then by action code (export, query, reidentify).
  assert.deepEqual(await rows(page, '#chart-actions table'), ['export | 1', 'requête | 1', 'réidentification | 1']);
  assert.deepEqual(await rows(page, '#projects'), ['CONTACT-2026-001 | 3']);
  const auths = await rows(page, '#authorisations');
  assert.ok(auths.length >= 1 && auths.every((a) => /CONTACT-2026/.test(a)), auths.join('\n'));
  const findings = await rows(page, '#findings');
  assert.equal(findings.length, 1);
  assert.match(findings[0], /\| Personne opposée \| critique \| CONTACT-2026-001 \|/);
  const entries = await rows(page, '#entries');
  assert.equal(entries.length, 3);
  assert.match(entries[0], /^.* \| (export|réidentification) \|/);
  // Its finding's day is one review case, linked to the case page.
  const cases = await rows(page, '#cases');
  assert.deepEqual(cases.map((c) => c.replace(/^\d\d\/\d\d\/\d{4}/, 'JOUR')), ['JOUR | Nouveau | critique | 1 | Personne opposée']);
  assert.match(await page.getAttribute('#cases a', 'href'), /^\/audit\/alertes\/\d{4}-\d\d-\d\d~chercheur\.moreau$/);
  await axe(page);
  await shoot(page, 'audit-compte');
  // A period that excludes everything, and a bad one.
  await page.goto(`${g.url}/audit/compte/chercheur.moreau?du=2020-01-01&au=2020-01-31`);
  assert.equal(await page.textContent('#account-events'), '0');
  // The period's fields are date pickers; a day typed the French way is read too.
  assert.equal(await page.getAttribute('#du', 'type'), 'date');
  await page.goto(`${g.url}/audit/compte/chercheur.moreau?du=01/01/2020&au=31/01/2020`);
  assert.equal(await page.textContent('#account-events'), '0');
  assert.equal(await page.locator('#cases').count(), 0);
  assert.match(await page.textContent('#no-case'), /Aucun dossier/);
  const bad = await page.goto(`${g.url}/audit/compte/chercheur.moreau?du=2026-13-01`);
  assert.equal(bad.status(), 400);
  assert.match(await page.textContent('main'), /Date invalide : écrivez-la JJ\/MM\/AAAA/);
  const badAccount = await page.goto(`${g.url}/audit/compte/${encodeURIComponent('a b')}`);
  assert.equal(badAccount.status(), 400);
  // In French, by the refusal's reason (never the English message).
  assert.match(await page.textContent('main'), /Identifiant invalide : utilisez 1 à 128 lettres/);
  assert.doesNotMatch(await page.textContent('main'), /an account is/);
  const badForm = await page.goto(`${g.url}/audit/compte?compte=${encodeURIComponent('a b')}`);
  assert.equal(badForm.status(), 400);
  assert.match(await page.textContent('main'), /Identifiant invalide/);
  await page.context().close();
});

test('the project report compares accounts named with accounts that accessed, and prints as a letter', async () => {
  const page = await browserLogin('auditeur', 'garant-demo-auditeur');
  const res = await page.goto(`${g.url}/audit/projet/CONTACT-2026-001`);
  assert.equal(res.status(), 200);
  assert.equal(await page.textContent('#project-events'), '4');
  const accessed = await rows(page, '#accessed');
  assert.equal(accessed.length, 2);
  assert.match(accessed[0], /^chercheur\.moreau \| oui \| 3 \|/);
  assert.match(accessed[1], /^stagiaire\.x \| non \| 1 \|/);
  const outside = await rows(page, '#outside');
  assert.equal(outside.length, 1);
  assert.match(outside[0], new RegExp(`\\| stagiaire\\.x \\| requête \\| Compte non désigné dans l'autorisation \\| .* \\| entrée n° ${idx.intern}$`));
  const exports = await rows(page, '#exports');
  assert.equal(exports.length, 1);
  assert.match(exports[0], new RegExp(`\\| chercheur\\.moreau \\| extrait-2026\\.csv \\| 52431 \\| sftp://inserm-u1018 \\| ${SHA} \\| entrée n° ${idx.export}$`));
  const reids = await rows(page, '#reidentifications');
  assert.equal(reids.length, 1);
  assert.match(reids[0], /\| chercheur\.moreau \| Contrôle du couplage demandé par le comité \|/);
  // The demo's flu project was approved for 180,000 people: 4 touched, below it.
  // Counts in French typography: 180 000, grouped by a no-break space.
  assert.equal(await page.textContent('#project-cohort'), '180\u00a0000');
  assert.equal((await page.textContent('#project-patients')).replace(/\s+/g, ' '), '4 (taille de cohorte approuvée : 180 000)');
  // The outside accesses are counted; under 200 they are all listed, no link to more.
  assert.equal((await page.textContent('#outside-total')).replace(/\s+/g, ' '), 'Accès relevés sur la période : 1.');
  assert.equal(await page.locator('#outside-more').count(), 0);
  assert.equal(await page.locator('#project-over-cohort').count(), 0);
  assert.equal(await page.textContent('#project-status'), 'En cours');  // the status in French
  await axe(page);
  await shoot(page, 'audit-projet');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('form.search-form').isVisible(), false);
  await page.screenshot({ path: join(shots, 'audit-projet-impression.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  assert.equal((await page.goto(`${g.url}/audit/projet/INCONNU-1`)).status(), 404);
  assert.equal((await page.goto(`${g.url}/audit/projet/bad'ref`)).status(), 400);
  await page.context().close();
});

test('the overview on /audit: figures and charts above the entry search, which still works', async () => {
  const page = await browserLogin('auditeur', 'garant-demo-auditeur');
  const res = await page.goto(`${g.url}/audit`);
  assert.equal(res.status(), 200);
  assert.equal(await page.textContent('#overview-events'), '4');
  assert.equal(await page.textContent('#overview-findings'), '3');
  assert.ok(Number(await page.textContent('#overview-views')) >= 5);
  assert.deepEqual(await rows(page, '#chart-actions table'), ['requête | 2', 'export | 1', 'réidentification | 1']);
  assert.deepEqual(await rows(page, '#chart-projets table'), ['CONTACT-2026-001 | 4']);
  assert.deepEqual(await rows(page, '#chart-regles table'), ['Personne opposée | 2', "Compte non désigné dans l'autorisation | 1"]);
  assert.equal(await page.locator('svg[role="img"] title').count(), 4);
  // Every label of every chart is whole inside its drawing (the longest,
  // « Compte non désigné dans l'autorisation », was cut on the left).
  const cut = await page.evaluate(() => [...document.querySelectorAll('svg.chart-svg')].flatMap((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 0.5 || r.right > box.right + 0.5;
    }).map((t) => t.textContent);
  }));
  assert.deepEqual(cut, []);
  await axe(page);
  await shoot(page, 'audit-vue-ensemble');
  await page.locator('#overview').screenshot({ path: join(shots, 'audit-vue-ensemble-graphiques.png') });
  // The entry search is unchanged.
  await page.goto(`${g.url}/audit?type=access.export`);
  assert.equal((await rows(page, '#entries')).length, 1);
  // The small forms lead to the account and project pages.
  await page.goto(`${g.url}/audit`);
  await page.fill('#go-compte', 'stagiaire.x');
  await page.locator('#go-compte').press('Enter');
  await page.waitForURL(`${g.url}/audit/compte/stagiaire.x`);
  assert.equal(await page.textContent('#account-events'), '1');
  await page.context().close();
});

// A date field shows only AAAA-MM-JJ: a period typed JJ/MM/AAAA in the URL
// (a link, a bookmark, a hand-edited address) must not leave it blank.
test('a period typed JJ/MM/AAAA in the URL fills the date fields of the project, account and /audit pages', async () => {
  const page = await browserLogin('auditeur', 'garant-demo-auditeur');
  const values = async (...ids) => Promise.all(ids.map((id) => page.inputValue(id)));
  const project = `${g.url}/audit/projet/CONTACT-2026-001`;
  assert.equal((await page.goto(`${project}?du=01/01/2020&au=31/12/2099`)).status(), 200);
  assert.deepEqual(await values('#du', '#au'), ['2020-01-01', '2099-12-31']);
  assert.equal(await page.textContent('#project-events'), '4');  // the period holds every access
  await axe(page);
  await page.screenshot({ path: join(shots, 'audit-projet-periode.png') });
  // Sent again as it shows, the form keeps the period.
  await page.click('form.search-form button[type="submit"]');
  await page.waitForURL(`${project}?du=2020-01-01&au=2099-12-31`);
  assert.deepEqual(await values('#du', '#au'), ['2020-01-01', '2099-12-31']);
  assert.equal(await page.textContent('#project-events'), '4');
  // An RFC 3339 instant shows its day in Paris; an end is exclusive: midnight
  // in Paris (22:00 UTC in summer) ends the day before.
  await page.goto(`${project}?du=2020-06-15T22:00:00Z&au=2099-06-15T22:00:00Z`);
  assert.deepEqual(await values('#du', '#au'), ['2020-06-16', '2099-06-15']);
  // No period: empty fields.
  await page.goto(project);
  assert.deepEqual(await values('#du', '#au'), ['', '']);

  await page.goto(`${g.url}/audit/compte/chercheur.moreau?du=1/1/2020&au=31.01.2020`);
  assert.deepEqual(await values('#du', '#au'), ['2020-01-01', '2020-01-31']);
  assert.equal(await page.textContent('#account-events'), '0');

  // /audit: the overview's period and the entry search's dates.
  await page.goto(`${g.url}/audit?periode_du=01/01/2020&periode_au=31/12/2099&from=02/01/2020&to=30/12/2099`);
  assert.deepEqual(await values('#periode-du', '#periode-au', '#q-from', '#q-to'),
    ['2020-01-01', '2099-12-31', '2020-01-02', '2099-12-30']);
  assert.equal(await page.textContent('#overview-events'), '4');
  await page.locator('#overview').screenshot({ path: join(shots, 'audit-vue-ensemble-periode.png') });
  // A typed period is not called the default.
  const periodLine = () => page.locator('#overview-period').locator('xpath=..').textContent();
  assert.doesNotMatch(await periodLine(), /30 derniers jours/);
  // The overview's default (the last 30 days) is not a period anyone typed,
  // and the page says that it applied.
  await page.goto(`${g.url}/audit`);
  assert.deepEqual(await values('#periode-du', '#periode-au', '#q-from', '#q-to'), ['', '', '', '']);
  assert.match(await periodLine(), /les 30 derniers jours, faute de période choisie/);
  await page.context().close();
});

// Everything of the report within the page at 1280 px: nothing wider than the
// window (no sideways scrolling), the export's SHA-256 included, which wraps
// in four groups of 16 characters and is still one string when copied.
test('the project report fits a 1280 px window and an A4 page; the export hash wraps by groups and copies whole', async () => {
  // An export whose file name and destination have no space to break at.
  const longFile = 'extraction-cohorte-grippe-2026-auvergne-rhone-alpes-version-definitive-validee-par-le-comite.csv';
  const longDestination = 'sftp://depot-securise.inserm-u1018.example.fr/depots/2026/grippe-saisonniere/extractions-validees/';
  await postEvents([{ id: randomUUID(), occurred_at: new Date().toISOString(), action: 'export',
    account: 'chercheur.moreau', project: 'CONTACT-2026-001', domains: ['visits'], source: 'entrepot-1',
    outcome: 'success', patient_count: 12,
    export: { file: longFile, sha256: SHA, bytes: 1024, destination: longDestination } }]);
  const page = await browserLogin('auditeur', 'garant-demo-auditeur');
  const overflow = (width) => page.evaluate((w) => {
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5); })
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${el.className}` : ''}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10) };
  }, width);
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal((await page.goto(`${g.url}/audit/projet/CONTACT-2026-001`)).status(), 200);
  await page.screenshot({ path: join(shots, 'audit-projet-1280.png'), fullPage: true });
  await page.locator('#exports').screenshot({ path: join(shots, 'audit-projet-exports-1280.png') });
  let o = await overflow(1280);
  assert.ok(o.scrollWidth <= 1280, `the page is ${o.scrollWidth} px wide: ${o.wide.join(', ')}`);
  assert.deepEqual(o.wide, []);
  // The long names are whole in the page, wrapped within their cells.
  const cells = await page.locator('#exports tbody tr', { hasText: 'extraction-cohorte' }).locator('td').allTextContents();
  assert.equal(cells[2], longFile);
  assert.equal(cells[4], longDestination);
  // The hash: its four groups on four lines of the column, the text whole.
  const hash = page.locator('#exports code.hash').first();
  assert.equal(await hash.textContent(), SHA);
  assert.equal(await hash.locator('wbr').count(), 3);
  // Each group of 16 on one line, the lines breaking between groups only.
  const groups = await hash.evaluate((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => {
      const r = document.createRange();
      r.selectNodeContents(n);
      return { text: n.textContent, tops: [...new Set([...r.getClientRects()].map((x) => Math.round(x.top)))] };
    }));
  assert.deepEqual(groups.map((x) => x.text), [SHA.slice(0, 16), SHA.slice(16, 32), SHA.slice(32, 48), SHA.slice(48)]);
  assert.ok(groups.every((x) => x.tops.length === 1), JSON.stringify(groups));
  const lines = new Set(groups.map((x) => x.tops[0])).size;
  assert.ok(lines >= 2 && lines <= 4, `the hash takes ${lines} line(s)`);
  // Selected and copied, the hash is the 64 characters (the <wbr> add none).
  const selected = await hash.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    const text = sel.toString();
    sel.removeAllRanges();
    return text;
  });
  assert.equal(selected, SHA);
  await axe(page);
  // Printed on A4 with 2 cm margins (@page): 17 cm, 642 CSS px, for the letter.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 642, height: 900 });
  o = await overflow(642);
  assert.ok(o.scrollWidth <= 642, `the printed letter is ${o.scrollWidth} px wide: ${o.wide.join(', ')}`);
  assert.deepEqual(o.wide, []);
  assert.equal(await hash.textContent(), SHA);
  await page.screenshot({ path: join(shots, 'audit-projet-impression-a4.png'), fullPage: true });
  await page.locator('#exports').screenshot({ path: join(shots, 'audit-projet-exports-impression.png') });
  await page.emulateMedia({ media: 'screen' });
  await page.context().close();
});

test('the DPO prints the letter for a person: projects, organisations, purposes, never names', async () => {
  const page = await browserLogin('dpo', 'garant-demo-dpo');
  // From the console's card.
  await page.getByRole('link', { name: 'Répondre à une demande' }).click();
  await page.waitForURL(`${g.url}/console/demandes/acces`);
  await axe(page);
  await fillIdentity(page, OTHER_SPELLING);
  await page.fill('#contact', '5 allée des Tilleuls\n13001 Marseille');
  await page.getByRole('button', { name: 'Préparer la lettre' }).click();
  await page.locator('#letter').waitFor();
  // The addressee block, as on the objection letters: the name typed, the
  // address given (printed only, never stored: the entry below has neither).
  assert.equal((await page.textContent('#letter-name')).trim(),
    `${OTHER_SPELLING.given_names} ${OTHER_SPELLING.used_name || OTHER_SPELLING.birth_name}`);
  assert.match(await page.textContent('#letter-address'), /5 allée des Tilleuls\s*13001 Marseille/);
  assert.equal(await page.locator('#no-address').count(), 0);
  const lines = await rows(page, '#letter-lines');
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /^CONTACT-2026-001 Épidémies hivernales et recours à SOS Médecins \| Inserm U1018, [^|]+ \| chercheur, stagiaire \| recherche[^|]* \| .+ \| du \d\d\/\d\d\/\d{4} au \d\d\/\d\d\/\d{4} \| 3$/);
  const text = await page.textContent('#letter');
  assert.ok(!/moreau|stagiaire\.x/.test(text), 'no account name in the letter');
  assert.match(text, new RegExp(objection.reference));
  assert.match(text, /\/opposition/);
  const reference = await page.textContent('#letter-reference');
  assert.match(reference, /^DA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await axe(page);
  await shoot(page, 'dpo-lettre-acces');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(shots, 'dpo-lettre-acces-impression.png'), fullPage: true });
  await page.context().close();

  // A rights.answered entry: the reference, no identity.
  const r = await api(auditor, '/api/v1/audit/entries?type=rights.answered');
  const entries = (await r.json()).entries;
  assert.equal(entries.length, 1);
  assert.equal(entries[0].object, `rights/access/${reference}`);
  assert.deepEqual(entries[0].payload, { reference, right: 'access', projects: 1, objections: 1 });
  // The auditor may not write letters.
  const a = await api(auditor, '/console/demandes/acces');
  assert.equal(a.status, 403);
});

test('reading the findings, the cases, log entries and entry bundles is an access event of garant', async () => {
  const reads = async () => {
    const r = await api(auditor, '/api/v1/audit/entries?type=access.view&limit=500');
    assert.equal(r.status, 200);
    return (await r.json()).entries.map((e) => e.payload.query_fingerprint);
  };
  const before = await reads();
  const count = (list, w) => list.filter((x) => x === w).length;

  assert.equal((await api(auditor, '/api/v1/findings')).status, 200);
  assert.equal((await api(auditor, '/api/v1/cases')).status, 200);
  const page = await api(auditor, '/audit/alertes');
  assert.equal(page.status, 200);
  assert.equal((await api(auditor, `/api/v1/audit/entries/${idx.query}`)).status, 200);
  const size = Number((await (await fetch(`${g.url}/tlog/checkpoint`)).text()).split('\n')[1]);
  assert.ok(size > 0 && size < 256 * 256, `log size ${size}`);
  const tile = size >= 256 ? 'tile/entries/000' : `tile/entries/000.p/${size}`;
  const bundle = await api(auditor, `/tlog/${tile}`);
  assert.equal(bundle.status, 200);

  const after = await reads();
  // A listing of entries is recorded before it is read, so it holds its own
  // record: one more listing since the first, one more record.
  assert.equal(count(after, 'api/audit/entries'), count(before, 'api/audit/entries') + 1);
  for (const w of ['api/findings', 'api/cases', 'audit/alertes', `api/audit/entries/${idx.query}`, `tlog/${tile}`]) {
    assert.equal(count(after, w), count(before, w) + 1, `the read ${w} was recorded once`);
  }
  // Nobody without a role reads a bundle, and a refused read records nothing.
  assert.equal((await fetch(`${g.url}/tlog/${tile}`)).status, 401);
  assert.equal(count(await reads(), `tlog/${tile}`), count(after, `tlog/${tile}`));
});

test('each view is an access event of garant; the traits are nowhere to be found', async () => {
  const all = [];
  for (let cursor = ''; ;) {
    const r = await api(auditor, `/api/v1/audit/entries?limit=500${cursor}`);
    const body = await r.json();
    all.push(...body.entries);
    if (!body.next_cursor) break;
    cursor = `&cursor=${body.next_cursor}`;
  }
  const views = all.filter((e) => e.type === 'access.view');
  const what = new Set(views.map((e) => e.payload.query_fingerprint.replace(/DA-\S+$/, 'DA')));
  for (const w of ['audit/personne', 'api/audit/person-trail', 'audit/compte/chercheur.moreau',
    'audit/projet/CONTACT-2026-001', 'audit/journal', 'rights/access-letter/DA', 'api/audit/overview']) {
    assert.ok(what.has(w), `a view ${w} was recorded (${[...what].join(', ')})`);
  }
  for (const v of views) {
    assert.equal(v.payload.source, 'garant');
    assert.equal(v.payload.action, 'view');
    assert.match(v.payload.account, /^staff:\d+$/);
  }
  // A person's lookup carries the person's tokens (as a digest only).
  const lookups = views.filter((e) => e.payload.query_fingerprint === 'audit/personne');
  assert.ok(lookups.every((e) => e.payload.patient_count === 2 && /^[0-9a-f]{64}$/.test(e.payload.patients_digest)));

  const leaves = JSON.stringify(all);
  for (const s of SECRETS) assert.ok(!leaves.includes(s), `an audit leaf holds ${s.slice(0, 4)}…`);
  assertNoSecretsLogged(g, SECRETS);

  const port = readFileSync(join(g.dataDir, 'pg.port'), 'utf8').trim();
  const dumpArgs = ['-h', join(g.dataDir, 'run'), '-p', port, '-d', 'garant'];
  const pgDump = join(pgBinDir(), 'pg_dump');
  const dump = process.getuid() === 0
    ? execFileSync('runuser', ['-u', 'postgres', '--', pgDump, ...dumpArgs], { maxBuffer: 1 << 28 })
    : execFileSync(pgDump, ['-U', 'postgres', ...dumpArgs], { maxBuffer: 1 << 28 });
  const text = dump.toString('utf8');
  assert.ok(text.includes('access_event_patients'), 'the dump holds the access trail');
  for (const s of SECRETS) {
    assert.ok(!text.includes(s), `the database dump holds ${s.slice(0, 4)}…`);
    // bytea columns (leaves) are dumped in hex.
    assert.ok(!text.includes(Buffer.from(s).toString('hex')), `the dump holds ${s.slice(0, 4)}… in hex`);
  }
});
