// The directory fields of a project on the transparency portal (sql/0031,
// issue #14), end to end against a real garantd --dev --demo and Chromium
// without JavaScript: the demo projects show their funders, calendar,
// sources and linkage, sensitive variables, platform, results and notice;
// a secretary edits them and adds a result; each published change is a line
// of /projets/{ref}/historique with its audit entry and a downloadable
// inclusion proof; bad input (unknown field, oversized text, bad date, bad
// address) is refused with a French message and changes nothing; other roles
// are refused; the same over the JSON API. Every /api/v1/ exchange is
// checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Jar, freshCode } from './lib/garantd.mjs';
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
  // A form post as the console's pages send it (CSRF token in the body).
  const form = async (path, fields) => {
    const body = new URLSearchParams({ csrf_token: csrf, ...fields });
    const res = await fetch(`${g.url}${path}`, {
      method: 'POST', redirect: 'manual',
      headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  };
  const get = async (path) => {
    const res = await fetch(`${g.url}${path}`, { headers: { Cookie: jar.header() }, redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  };
  const json = async (path, body) => {
    const res = await fetch(`${g.url}${path}`, {
      method: 'POST',
      headers: { Cookie: jar.header(), 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: JSON.parse(text), text };
  };
  return { form, get, json };
}

async function projectId(reference) {
  const { get } = await session('secretaire', 'garant-demo-secretaire');
  const res = await get('/api/v1/governance/projects');
  assert.equal(res.status, 200, res.text);
  const p = JSON.parse(res.text).projects.find((x) => x.reference === reference);
  assert.ok(p, reference);
  return p.id;
}

async function history(reference) {
  const res = await fetch(`${g.url}/api/v1/public/projects/${reference}/history`);
  assert.equal(res.status, 200);
  return (await res.json()).versions;
}

function cspOf(res) {
  return Object.fromEntries((res.headers()['content-security-policy'] ?? '').split(';')
    .map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
}

test('a demo project page shows its directory fields in French, without JavaScript', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  // From the list to the project's page.
  await page.goto(`${g.url}/projets`);
  await page.screenshot({ path: join(shots, 'portal-list.png'), fullPage: true });
  await page.locator('#projet-CONTACT-2026-001 a.gov-details').click();
  assert.equal(new URL(page.url()).pathname, '/projets/CONTACT-2026-001');
  const res = await page.goto(`${g.url}/projets/CONTACT-2026-001`);
  assert.equal(res.status(), 200);
  assert.deepEqual(cspOf(res)['script-src'], ["'none'"]);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('h1'), /Épidémies hivernales/);
  const funders = await page.textContent('#table-financeurs');
  assert.match(funders, /Agence nationale de la recherche \(ANR\)/);
  assert.match(funders, /180\s000\s€/);
  assert.match(funders, /non communiqué/);
  assert.match(await page.textContent('#periode'), /L'étude doit commencer le \d\d\/\d\d\/\d{4} et se terminer le \d\d\/\d\d\/\d{4}\./);
  assert.match(await page.textContent('#table-etapes'), /Rapport intermédiaire au comité/);
  assert.match(await page.textContent('#liste-sources'), /Entrepôt CONTACT/);
  assert.match(await page.textContent('#appariement'), /aucune autre base/);
  assert.match(await page.textContent('#liste-sensibles'), /Données de santé/);
  assert.match(await page.textContent('#texte-plateforme'), /plateforme sécurisée de l'entrepôt CONTACT, chez un hébergeur certifié/);
  assert.match(await page.textContent('#table-resultats'), /résultats préliminaires/);
  assert.ok(await page.locator('.notice-paragraph').count() >= 3);
  assert.match(await page.textContent('#fiche-version'), /version n° 3 du \d\d\/\d\d\/\d{4}/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'portal-project.png'), fullPage: true });

  // The linked study names the base and the method; the NIR is declared.
  await page.goto(`${g.url}/projets/CONTACT-2026-005`);
  assert.match(await page.textContent('#appariement'), /appariées avec : Système national des données de santé \(SNDS\)\. Méthode : Appariement indirect/);
  assert.match(await page.textContent('#liste-sensibles'), /Numéro de sécurité sociale \(NIR\)/);
  assert.match(await page.textContent('#texte-plateforme'), /Plateforme des données de santé/);

  // Not published (submitted, rejected): no page.
  for (const ref of ['CONTACT-2026-004', 'CONTACT-2026-003', 'NOPE-1']) {
    const r = await page.goto(`${g.url}/projets/${ref}`);
    assert.equal(r.status(), 404, ref);
    assert.equal((await fetch(`${g.url}/api/v1/public/projects/${ref}`)).status, 404);
  }
  await page.close();

  const api = await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`)).json();
  assert.equal(api.directory_version, 3);
  assert.equal(api.directory.funders[0].amount_eur, 180000);
  assert.equal(api.directory.platform.kind, 'contact');
});

test('the history lists each published change with its audit entry and a proof that verifies', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  const res = await page.goto(`${g.url}/projets/CONTACT-2026-001/historique`);
  assert.equal(res.status(), 200);
  assert.deepEqual(cspOf(res)['script-src'], ["'none'"]);
  const rows = page.locator('#table-historique tbody tr');
  assert.equal(await rows.count(), 3);
  const newest = await rows.nth(0).textContent();
  assert.match(newest, /Résultats et publications : « Recours à SOS Médecins/);
  assert.match(await rows.nth(1).textContent(), /Calendrier/);
  assert.match(await rows.nth(2).textContent(), /Financeurs, Calendrier, Sources de données, Variables sensibles, Plateforme de traitement, Notice/);
  assert.match(newest, /\d\d\/\d\d\/\d{4}/);
  const versions = await history('CONTACT-2026-001');
  assert.deepEqual(versions.map((v) => v.version), [3, 2, 1]);
  assert.match(newest, new RegExp(`entrée n°\\s${versions[0].audit_index}\\b`));
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'portal-history.png'), fullPage: true });
  await page.close();

  // The proof link serves the entry's C2SP tlog-proof, and the entry is the
  // one the log holds for this project (checked as the auditor).
  const proof = await fetch(`${g.url}/projets/CONTACT-2026-001/historique/${versions[0].audit_index}/preuve`);
  assert.equal(proof.status, 200);
  const text = await proof.text();
  assert.match(text, /^c2sp\.org\/tlog-proof@v1\n/);
  assert.match(text, new RegExp(`^index ${versions[0].audit_index}$`, 'm'));
  const { get } = await session('auditeur', 'garant-demo-auditeur');
  const entry = JSON.parse((await get(`/api/v1/audit/entries/${versions[0].audit_index}`)).text);
  assert.equal(entry.type, 'governance.portal.published');
  assert.equal(entry.object, 'project/CONTACT-2026-001');
  assert.deepEqual(entry.payload.changed, ['results']);
  // Another entry of the log is not served through this route.
  const other = await fetch(`${g.url}/projets/CONTACT-2026-001/historique/0/preuve`);
  assert.equal(other.status, 404);
  const elsewhere = await fetch(`${g.url}/projets/CONTACT-2026-005/historique/${versions[0].audit_index}/preuve`);
  assert.equal(elsewhere.status, 404);
});

test('a secretary fills the directory fields and adds a result; the portal and its history show them', async () => {
  const id = await projectId('CONTACT-2026-002');
  const before = await history('CONTACT-2026-002');
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  await page.goto(`${g.url}/console/gouvernance/projets/${id}`);
  await page.screenshot({ path: join(shots, 'console-project-directory-link.png'), fullPage: true });
  await page.locator('#directory-link a').click();
  assert.equal(new URL(page.url()).pathname, `/console/gouvernance/projets/${id}/repertoire`);
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel('Financeur 3 : nom').fill('Fondation du Souffle');
  await page.getByLabel('Financeur 3 : nature').selectOption('private');
  await page.getByLabel('Financeur 3 : montant en euros').fill('25 000');
  await page.getByLabel('Étape 1 : date').fill('2026-09-30');
  await page.getByLabel('Étape 1 : libellé').fill('Comptage des enfants éligibles');
  await page.getByLabel('Oui, appariement').check();
  await page.getByLabel('Bases appariées').fill('Registre des asthmes sévères du Rhône');
  await page.getByLabel("Méthode d'appariement").fill('Appariement déterministe par le CHU, tiers de confiance.');
  await page.getByLabel('Données génétiques').check();
  await page.getByLabel("Notice d'information propre au projet").fill('Première phrase de la notice.\n\nSeconde phrase, autre paragraphe.');
  await page.getByRole('button', { name: 'Publier la modification' }).click();
  assert.match(await page.textContent('#gov-ok'), /Modification publiée/);
  await page.screenshot({ path: join(shots, 'console-directory.png'), fullPage: true });
  // The form shows the published version as it is (paragraphs included):
  // sent again unchanged, it is refused and publishes nothing.
  assert.equal(await page.getByLabel("Notice d'information propre au projet").inputValue(),
    'Première phrase de la notice.\n\nSeconde phrase, autre paragraphe.');
  await page.getByRole('button', { name: 'Publier la modification' }).click();
  assert.match(await page.textContent('#gov-error'), /Aucune modification/);

  await page.getByLabel('Titre').fill('Faisabilité : 1 850 enfants éligibles');
  await page.getByLabel('Date de publication').fill('2026-11-02');
  await page.getByLabel('DOI').fill('10.1234/contact.asthme.2026');
  await page.getByRole('button', { name: 'Ajouter le résultat' }).click();
  assert.match(await page.textContent('#gov-ok'), /Résultat ajouté/);
  assert.match(await page.textContent('#result-list'), /1 850 enfants éligibles \(02\/11\/2026\)/);
  await page.close();

  const after = await history('CONTACT-2026-002');
  assert.equal(after.length, before.length + 2);
  assert.deepEqual(after[1].changed, ['funders', 'calendar', 'linkage', 'sensitive', 'notice']);
  assert.deepEqual(after[0].changed, ['results']);

  const pub = await suite.browser.newPage({ javaScriptEnabled: false });
  await pub.goto(`${g.url}/projets/CONTACT-2026-002`);
  assert.match(await pub.textContent('#table-financeurs'), /Fondation du Souffle\s*privé\s*25\s000\s€/);
  assert.match(await pub.textContent('#table-etapes'), /30\/09\/2026\s*Comptage des enfants éligibles/);
  assert.match(await pub.textContent('#appariement'), /Registre des asthmes sévères du Rhône/);
  assert.match(await pub.textContent('#liste-sensibles'), /Données génétiques/);
  assert.match(await pub.textContent('#table-resultats'), /02\/11\/2026\s*Faisabilité : 1 850 enfants éligibles\s*DOI 10\.1234\/contact\.asthme\.2026/);
  assert.equal(await pub.locator('.notice-paragraph').count(), 2);
  await pub.goto(`${g.url}/projets/CONTACT-2026-002/historique`);
  const rows = pub.locator('#table-historique tbody tr');
  assert.equal(await rows.count(), after.length);
  assert.match(await rows.nth(1).textContent(), /Financeurs, Calendrier, Appariement avec d'autres bases, Variables sensibles, Notice/);
  await pub.close();
});

test('bad input is refused with a French message and nothing is published', async () => {
  const id = await projectId('CONTACT-2026-001');
  const { form } = await session('secretaire', 'garant-demo-secretaire');
  const before = await history('CONTACT-2026-001');
  const page = await (async () => {
    const r = await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`);
    return (await r.json()).directory;
  })();
  const base = { 'funder_name_1': 'Agence nationale de la recherche (ANR)', 'funder_kind_1': 'public', 'notice': 'x' };
  const cases = [
    ['unknown field', `/console/gouvernance/projets/${id}/repertoire`, { ...base, horoscope: 'bélier' }, /champ ou une catégorie inconnus/],
    ['unknown category', `/console/gouvernance/projets/${id}/repertoire`, { ...base, sensitive_astrology: 'oui' }, /champ ou une catégorie inconnus/],
    ['oversized notice', `/console/gouvernance/projets/${id}/repertoire`, { ...base, notice: 'é'.repeat(10001) }, /trop long.*Rubrique concernée : Notice d'information du projet/s],
    ['bad date', `/console/gouvernance/projets/${id}/repertoire`, { ...base, milestone_date_1: '31/02/2026', milestone_label_1: 'Étape' }, /Une date est invalide.*Rubrique concernée : Calendrier/s],
    ['end before start', `/console/gouvernance/projets/${id}/repertoire`, { ...base, start: '2027-01-01', end: '2026-01-01' }, /Une date est invalide/],
    ['bad amount', `/console/gouvernance/projets/${id}/repertoire`, { ...base, funder_amount_1: 'beaucoup' }, /nombre entier d'euros.*Rubrique concernée : Financeurs/s],
    ['bad URL', `/console/gouvernance/projets/${id}/resultats`, { result_title: 'Article', result_date: '2026-10-01', result_url: 'javascript:alert(1)' }, /doit commencer par https:\/\//],
    ['bad DOI', `/console/gouvernance/projets/${id}/resultats`, { result_title: 'Article', result_date: '2026-10-01', result_doi: 'doi 42' }, /DOI/],
    ['bad result date', `/console/gouvernance/projets/${id}/resultats`, { result_title: 'Article', result_date: '2026-13-45' }, /Une date est invalide/],
  ];
  for (const [what, path, fields, message] of cases) {
    const res = await form(path, fields);
    assert.equal(res.status, 400, `${what}: ${res.status}`);
    const error = res.text.match(/<div class="alert alert-error"[^>]*>([^<]*)<\/div>/);
    assert.ok(error, what);
    assert.match(error[1].replaceAll('&#39;', "'"), message, what);
    assert.match(error[1], /Rien n&#39;a été publié|Rien n'a été publié/, what);
  }
  // Results before the approval: the submitted project refuses them.
  const submitted = await projectId('CONTACT-2026-004');
  const early = await form(`/console/gouvernance/projets/${submitted}/resultats`, { result_title: 'Article', result_date: '2026-10-01' });
  assert.equal(early.status, 409);
  assert.match(early.text, /une fois le projet approuvé/);
  // Unchanged: refused too.
  assert.deepEqual(await history('CONTACT-2026-001'), before);
  const after = (await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`)).json()).directory;
  assert.deepEqual(after, page);
});

test('only a secretary may edit the directory fields', async () => {
  const id = await projectId('CONTACT-2026-001');
  const before = await history('CONTACT-2026-001');
  for (const [user, password] of [['dpo', 'garant-demo-dpo'], ['auditeur', 'garant-demo-auditeur'], ['admin', 'garant-demo-admin']]) {
    const { form, get } = await session(user, password);
    assert.equal((await get(`/console/gouvernance/projets/${id}/repertoire`)).status, 403, user);
    assert.equal((await form(`/console/gouvernance/projets/${id}/repertoire`, { notice: 'piraté' })).status, 403, user);
    assert.equal((await form(`/console/gouvernance/projets/${id}/resultats`, { result_title: 'x', result_date: '2026-10-01' })).status, 403, user);
  }
  // Anonymous: sent to the login page, nothing done.
  const anon = await fetch(`${g.url}/console/gouvernance/projets/${id}/repertoire`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'notice=x',
  });
  assert.ok([302, 303, 401, 403].includes(anon.status), String(anon.status));
  assert.deepEqual(await history('CONTACT-2026-001'), before);
});

test('the JSON API: a secretary publishes the fields and adds a result; refusals carry their reason and record nothing', async () => {
  const id = await projectId('CONTACT-2026-005');
  const { json } = await session('secretaire', 'garant-demo-secretaire');
  const before = await history('CONTACT-2026-005');
  const current = (await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-005`)).json()).directory;
  const { results, ...fields } = current;
  const P = `/api/v1/governance/projects/${id}`;
  const refusals = [
    ['unknown key', `${P}/directory`, { ...fields, horoscope: 'x' }, 'portal_unknown_field'],
    ['results through the fields', `${P}/directory`, { ...fields, results: [] }, 'portal_unknown_field'],
    ['oversized notice', `${P}/directory`, { ...fields, notice: 'a'.repeat(20001) }, 'portal_text_too_long'],
    ['bad date', `${P}/directory`, { ...fields, calendar: { ...fields.calendar, start: '31/02/2026' } }, 'portal_invalid_date'],
    ['unchanged', `${P}/directory`, fields, 'portal_unchanged'],
    ['bad URL', `${P}/results`, { title: 'Article', date: '2026-10-01', url: 'javascript:alert(1)' }, 'portal_invalid_url'],
    ['unknown result key', `${P}/results`, { title: 'Article', date: '2026-10-01', colour: 'red' }, 'portal_unknown_field'],
  ];
  for (const [what, path, body, reason] of refusals) {
    const r = await json(path, body);
    assert.equal(r.status, 400, `${what}: ${r.text}`);
    assert.equal(r.json.error.reason, reason, `${what}: ${r.text}`);
  }
  assert.deepEqual(await history('CONTACT-2026-005'), before);

  const published = await json(`${P}/directory`, { ...fields, funders: [...fields.funders, { name: 'Région Sud', kind: 'public', amount_eur: 20000 }] });
  assert.equal(published.status, 201, published.text);
  assert.deepEqual(published.json.changed, ['funders']);
  const added = await json(`${P}/results`, { title: 'Canicule 2025 : rapport', date: '2026-11-20', doi: '10.1234/spf.canicule.2025' });
  assert.equal(added.status, 201, added.text);
  assert.deepEqual(added.json.changed, ['results']);
  assert.equal(added.json.directory.funders.length, fields.funders.length + 1);
  const after = await history('CONTACT-2026-005');
  assert.deepEqual(after.slice(0, 2).map((v) => v.audit_index), [added.json.audit_index, published.json.audit_index]);
  // Another role may not write.
  const dpo = await session('dpo', 'garant-demo-dpo');
  assert.equal((await dpo.json(`${P}/results`, { title: 'x', date: '2026-10-01' })).status, 403);
});
