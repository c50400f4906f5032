// The directory fields of a project on the transparency portal (sql/0031,
// issue #14), end to end against a real garantd --dev --demo and Chromium
// without JavaScript: the demo projects show their funders, calendar,
// sources and linkage, sensitive variables, platform, results and notice;
// a secretary edits them and adds a result; each published change is a line
// of /projets/{ref}/historique with its audit entry and a downloadable
// inclusion proof; « Ajouter une ligne » brings the form back with what was
// typed and one more row, publishing nothing; a result is corrected or
// withdrawn, the public page saying so and when, the history keeping the text
// before; bad input (unknown field, oversized text, bad date, bad
// address) is refused with a French message and changes nothing; other roles
// are refused; the same over the JSON API. Every /api/v1/ exchange is
// checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Jar, freshCode, staffLogin } from './lib/garantd.mjs';
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
  assert.match(newest, /Résultats et publications\s*Résultat ajouté : « Recours à SOS Médecins/);
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

// The rows of a list in the form, and the values of its inputs.
async function rowValues(page, selector) {
  const inputs = page.locator(selector);
  const out = [];
  for (let i = 0; i < await inputs.count(); i++) out.push(await inputs.nth(i).inputValue());
  return out;
}

test('« Ajouter une ligne » keeps everything typed, adds one blank row and publishes nothing', async () => {
  const id = await projectId('CONTACT-2026-002');
  const before = await history('CONTACT-2026-002');
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  await page.goto(`${g.url}/console/gouvernance/projets/${id}/repertoire`);
  const funders = await page.locator('#f-funders input[name^="funder_name_"]').count();
  const milestones = await page.locator('input[name^="milestone_label_"]').count();
  const sources = await page.locator('input[name^="source_"]').count();
  // Typed in several parts of the form, nothing published yet.
  await page.getByLabel(`Financeur ${funders} : nom`).fill('Mutuelle des Lilas');
  await page.getByLabel(`Financeur ${funders} : nature`).selectOption('private');
  await page.getByLabel(`Financeur ${funders} : montant en euros`).fill('12 000');
  await page.getByLabel(`Étape ${milestones} : date`).fill('2027-03-31');
  await page.getByLabel(`Étape ${milestones} : libellé`).fill('Comité de suivi');
  await page.getByLabel('Données génétiques').uncheck();
  await page.getByLabel("Notice d'information propre au projet").fill('Notice en cours de rédaction.\n\nDeuxième paragraphe.');

  await page.getByRole('button', { name: 'Ajouter une ligne : financeurs' }).click();
  const url = new URL(page.url());
  assert.equal(url.pathname, `/console/gouvernance/projets/${id}/repertoire`);
  assert.equal(url.hash, '#f-funders');
  assert.match(await page.textContent('#gov-row'), /Une ligne vide a été ajoutée à la rubrique « Financeurs »\. Rien n'a été publié/);
  assert.equal(await page.locator('#gov-error').count(), 0);
  assert.equal(await page.locator('#f-funders input[name^="funder_name_"]').count(), funders + 1);
  assert.equal(await page.locator('input[name^="milestone_label_"]').count(), milestones);
  // The new row is blank and takes the focus; what was typed is there.
  assert.equal(await page.getByLabel(`Financeur ${funders + 1} : nom`).inputValue(), '');
  assert.notEqual(await page.getByLabel(`Financeur ${funders + 1} : nom`).getAttribute('autofocus'), null);
  assert.equal(await page.getByLabel(`Financeur ${funders} : nom`).inputValue(), 'Mutuelle des Lilas');
  assert.equal(await page.getByLabel(`Financeur ${funders} : nature`).inputValue(), 'private');
  assert.equal(await page.getByLabel(`Financeur ${funders} : montant en euros`).inputValue(), '12 000');
  assert.equal(await page.getByLabel(`Étape ${milestones} : libellé`).inputValue(), 'Comité de suivi');
  assert.equal(await page.getByLabel('Données génétiques').isChecked(), false);
  assert.equal(await page.getByLabel("Notice d'information propre au projet").inputValue(),
    'Notice en cours de rédaction.\n\nDeuxième paragraphe.');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-directory-row-added.png'), fullPage: true });

  // Again, in the two other lists: each grows by one, the others stay.
  await page.getByLabel(`Financeur ${funders + 1} : nom`).fill('Région Auvergne-Rhône-Alpes');
  await page.getByRole('button', { name: 'Ajouter une ligne : étapes du calendrier' }).click();
  assert.equal(new URL(page.url()).hash, '#f-calendar');
  assert.equal(await page.locator('input[name^="milestone_label_"]').count(), milestones + 1);
  assert.equal(await page.locator('#f-funders input[name^="funder_name_"]').count(), funders + 1);
  await page.getByRole('button', { name: 'Ajouter une ligne : sources de données' }).click();
  assert.equal(await page.locator('input[name^="source_"]').count(), sources + 1);
  assert.equal(await page.getByLabel(`Financeur ${funders + 1} : nom`).inputValue(), 'Région Auvergne-Rhône-Alpes');
  assert.deepEqual(await history('CONTACT-2026-002'), before);

  // Enter in a field publishes (the form's default button), as before.
  await page.getByLabel(`Source ${sources + 1}`).fill('Registre des asthmes sévères');
  await page.getByLabel(`Source ${sources + 1}`).press('Enter');
  assert.match(await page.textContent('#gov-ok'), /Modification publiée/);
  const published = await history('CONTACT-2026-002');
  assert.equal(published.length, before.length + 1);
  assert.deepEqual(published[0].changed, ['funders', 'calendar', 'sources', 'sensitive', 'notice']);
  const pub = await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-002`)).json();
  const names = pub.directory.funders.map((f) => f.name);
  assert.ok(names.includes('Mutuelle des Lilas') && names.includes('Région Auvergne-Rhône-Alpes'), names.join());
  assert.equal(pub.directory.funders.find((f) => f.name === 'Mutuelle des Lilas').amount_eur, 12000);

  // A row emptied is removed by the next publication.
  await page.getByLabel('Financeur 1 : nom').fill('');
  await page.getByLabel('Financeur 1 : montant en euros').fill('');
  await page.getByRole('button', { name: 'Publier la modification' }).click();
  assert.match(await page.textContent('#gov-ok'), /Modification publiée/);
  const removed = await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-002`)).json();
  assert.equal(removed.directory.funders.length, pub.directory.funders.length - 1);
  assert.deepEqual((await history('CONTACT-2026-002'))[0].changed, ['funders']);
  await page.close();
});

test('« Ajouter une ligne »: the CSRF token, strict fields and the limit of 20 rows', async () => {
  const id = await projectId('CONTACT-2026-002');
  const before = await history('CONTACT-2026-002');
  const { form } = await session('secretaire', 'garant-demo-secretaire');
  const path = `/console/gouvernance/projets/${id}/repertoire`;
  const ok = await form(path, { add_row: 'sources', source_1: 'Entrepôt CONTACT', source_2: '', notice: 'brouillon <b>gras</b>' });
  assert.equal(ok.status, 200);
  assert.equal((ok.text.match(/name="source_\d+"/g) ?? []).length, 3);
  assert.match(ok.text, /value="Entrepôt CONTACT"/);
  assert.match(ok.text, /brouillon &lt;b&gt;gras&lt;\/b&gt;/);
  // Bad input: French message, nothing published.
  for (const [what, fields, status, message] of [
    ['unknown list', { add_row: 'horoscope' }, 400, /champ ou une catégorie inconnus/],
    ['unknown field', { add_row: 'funders', couleur: 'bleu' }, 400, /champ ou une catégorie inconnus/],
    ['row 21', { add_row: 'funders', funder_name_21: 'x' }, 400, /champ ou une catégorie inconnus/],
  ]) {
    const res = await form(path, fields);
    assert.equal(res.status, status, what);
    const error = res.text.match(/<div class="alert alert-error"[^>]*>([^<]*)<\/div>/);
    assert.ok(error, what);
    assert.match(error[1], message, what);
    assert.match(error[1], /Rien n&#39;a été publié|Rien n'a été publié/, what);
  }
  // At 20 rows, no 21st: said, and no button.
  const full = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`source_${i + 1}`, `Source ${i + 1}`]));
  const max = await form(path, { ...full, add_row: 'sources' });
  assert.equal(max.status, 200);
  assert.equal((max.text.match(/name="source_\d+"/g) ?? []).length, 20);
  assert.match(max.text, /compte déjà 20 lignes, le maximum/);
  assert.doesNotMatch(max.text, /value="sources"/);
  assert.match(max.text, /value="funders"/);
  // Without the CSRF token (or with another): refused, nothing done.
  const { jar } = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  for (const body of ['add_row=funders', 'add_row=funders&csrf_token=forged']) {
    const res = await fetch(`${g.url}${path}`, {
      method: 'POST', redirect: 'manual',
      headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body,
    });
    assert.equal(res.status, 403, body);
  }
  assert.deepEqual(await history('CONTACT-2026-002'), before);
});

test('a secretary corrects a published result: the portal says so and when, the history keeps the text before', async () => {
  const id = await projectId('CONTACT-2026-001');
  const before = await history('CONTACT-2026-001');
  const original = (await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`)).json()).directory.results[0];
  assert.equal(original.id, 1);
  assert.equal(original.corrected_at, null);
  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  await page.goto(`${g.url}/console/gouvernance/projets/${id}/repertoire`);
  await page.getByRole('link', { name: /Corriger ou retirer le résultat « Recours à SOS Médecins/ }).click();
  assert.equal(new URL(page.url()).pathname, `/console/gouvernance/projets/${id}/resultats/1`);
  assert.equal(await page.getByLabel('Titre').inputValue(), original.title);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-result-edit.png'), fullPage: true });

  // Refused: a bad address (French message, what was typed kept), the same text.
  await page.getByLabel('Adresse (lien)').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Publier la correction' }).click();
  assert.match(await page.textContent('#gov-error'), /doit commencer par https:\/\/.*Rien n'a été publié/s);
  assert.equal(await page.getByLabel('Adresse (lien)').inputValue(), 'javascript:alert(1)');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-result-edit-error.png'), fullPage: true });
  await page.getByLabel('Adresse (lien)').fill(original.url);
  await page.getByRole('button', { name: 'Publier la correction' }).click();
  assert.match(await page.textContent('#gov-error'), /Aucune modification/);
  assert.deepEqual(await history('CONTACT-2026-001'), before);

  const corrected = original.title.replace('résultats préliminaires', 'premiers résultats');
  await page.getByLabel('Titre').fill(corrected);
  await page.getByLabel('Motif de la correction').fill('intitulé exact de la communication');
  await page.getByRole('button', { name: 'Publier la correction' }).click();
  assert.equal(new URL(page.url()).pathname, `/console/gouvernance/projets/${id}/repertoire`);
  assert.match(await page.textContent('#gov-ok'), /Correction du résultat publiée/);
  assert.match(await page.textContent('#result-1'), /premiers résultats.*corrigé le \d\d\/\d\d\/\d{4}/s);
  await page.close();

  const after = await history('CONTACT-2026-001');
  assert.equal(after.length, before.length + 1);
  assert.deepEqual(after[0].changed, ['results']);
  const api = (await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`)).json()).directory.results[0];
  assert.equal(api.title, corrected);
  assert.match(api.corrected_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(api.note, 'intitulé exact de la communication');
  const { get } = await session('auditeur', 'garant-demo-auditeur');
  const entry = JSON.parse((await get(`/api/v1/audit/entries/${after[0].audit_index}`)).text);
  assert.equal(entry.type, 'governance.portal.published');
  assert.equal(entry.payload.result_action, 'corrected');
  assert.equal(entry.payload.result_id, 1);
  assert.equal(entry.payload.note, 'intitulé exact de la communication');

  const pub = await suite.browser.newPage({ javaScriptEnabled: false });
  await pub.goto(`${g.url}/projets/CONTACT-2026-001`);
  const table = await pub.textContent('#table-resultats');
  assert.match(table, /premiers résultats/);
  assert.doesNotMatch(table, /résultats préliminaires/);
  assert.match(table, /Corrigé le \d\d\/\d\d\/\d{4} \(intitulé exact de la communication\) ; la version d'origine reste dans l'historique de la fiche\./);
  assert.deepEqual(await axeViolations(pub), []);
  await pub.screenshot({ path: join(shots, 'portal-project-result-corrected.png'), fullPage: true });
  await pub.goto(`${g.url}/projets/CONTACT-2026-001/historique`);
  const rows = pub.locator('#table-historique tbody tr');
  assert.equal(await rows.count(), after.length);
  const newest = await rows.nth(0).textContent();
  assert.match(newest, /Résultat corrigé : « [^»]*premiers résultats[^»]* » ; auparavant : titre « [^»]*résultats préliminaires[^»]* »\. Motif : intitulé exact de la communication\./);
  // The version that added it still shows it as it was published.
  assert.match(await rows.nth(1).textContent(), /Résultat ajouté : « [^»]*résultats préliminaires/);
  assert.deepEqual(await axeViolations(pub), []);
  await pub.screenshot({ path: join(shots, 'portal-history-corrected.png'), fullPage: true });
  await pub.close();
});

test('a secretary withdraws a result: listed as withdrawn with its date, never corrected again', async () => {
  const id = await projectId('CONTACT-2026-001');
  const { form, get } = await session('secretaire', 'garant-demo-secretaire');
  const added = await form(`/console/gouvernance/projets/${id}/resultats`, {
    result_title: 'Recours pédiatrique : poster', result_date: '2026-11-15', result_url: 'https://example.org/poster',
  });
  assert.equal(added.status, 303, added.text);
  const results = (await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`)).json()).directory.results;
  const poster = results.find((r) => r.title === 'Recours pédiatrique : poster');
  assert.equal(poster.id, results.length);
  const before = await history('CONTACT-2026-001');
  const path = `/console/gouvernance/projets/${id}/resultats/${poster.id}`;

  // Refusals: unknown field, unknown action, unknown result, other roles,
  // no CSRF token; nothing published.
  for (const [what, p, fields, status, message] of [
    ['unknown field', path, { action: 'retirer', note: 'x', couleur: 'rouge' }, 400, /champ ou une catégorie inconnus/],
    ['title on a withdrawal', path, { action: 'retirer', result_title: 'x' }, 400, /champ ou une catégorie inconnus/],
    ['unknown action', path, { action: 'effacer' }, 400, /champ ou une catégorie inconnus/],
    ['too long a reason', path, { action: 'retirer', note: 'n'.repeat(501) }, 400, /trop long/],
  ]) {
    const res = await form(p, fields);
    assert.equal(res.status, status, `${what}: ${res.status}`);
    const error = res.text.match(/<div class="alert alert-error"[^>]*>([^<]*)<\/div>/);
    assert.ok(error, what);
    assert.match(error[1].replaceAll('&#39;', "'"), message, what);
    assert.match(error[1].replaceAll('&#39;', "'"), /Rien n'a été publié/, what);
  }
  assert.equal((await form(`/console/gouvernance/projets/${id}/resultats/99`, { action: 'retirer' })).status, 404);
  assert.equal((await get(`/console/gouvernance/projets/${id}/resultats/99`)).status, 404);
  const dpo = await session('dpo', 'garant-demo-dpo');
  assert.equal((await dpo.get(path)).status, 403);
  assert.equal((await dpo.form(path, { action: 'retirer' })).status, 403);
  const { jar } = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  const forged = await fetch(`${g.url}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'action=retirer&csrf_token=forged',
  });
  assert.equal(forged.status, 403);
  assert.deepEqual(await history('CONTACT-2026-001'), before);

  const page = await staffPage(suite, 'secretaire', 'garant-demo-secretaire', { js: false });
  await page.goto(`${g.url}${path}`);
  await page.getByLabel('Motif du retrait').fill('poster présenté par une autre équipe');
  await page.getByRole('button', { name: 'Retirer le résultat' }).click();
  assert.match(await page.textContent('#gov-ok'), /Résultat retiré/);
  assert.deepEqual(await axeViolations(page), []);
  await page.locator('#resultats-section').screenshot({ path: join(shots, 'console-directory-results.png') });
  assert.match(await page.textContent(`#result-${poster.id}`), /retiré le \d\d\/\d\d\/\d{4}/);
  assert.equal(await page.locator(`#result-${poster.id} a[href$="/resultats/${poster.id}"]`).count(), 0);
  await page.goto(`${g.url}${path}`);
  assert.match(await page.textContent('#result-withdrawn'), /retiré le \d\d\/\d\d\/\d{4} \(motif : poster présenté par une autre équipe\)/);
  assert.equal(await page.locator('form#correct-form, form#withdraw-form').count(), 0);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-result-withdrawn.png'), fullPage: true });
  await page.close();
  // Withdrawn: neither corrected nor withdrawn again.
  const again = await form(path, { action: 'corriger', result_title: 'x', result_date: '2026-11-15' });
  assert.equal(again.status, 409);
  assert.match(again.text, /Ce résultat a été retiré du portail/);
  assert.equal((await form(path, { action: 'retirer' })).status, 409);

  const after = await history('CONTACT-2026-001');
  assert.equal(after.length, before.length + 1);
  const withdrawn = (await (await fetch(`${g.url}/api/v1/public/projects/CONTACT-2026-001`)).json()).directory.results
    .find((r) => r.id === poster.id);
  assert.match(withdrawn.withdrawn_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(withdrawn.note, 'poster présenté par une autre équipe');

  const pub = await suite.browser.newPage({ javaScriptEnabled: false });
  await pub.goto(`${g.url}/projets/CONTACT-2026-001`);
  assert.doesNotMatch(await pub.textContent('#table-resultats'), /poster/);
  assert.match(await pub.textContent('#liste-retires'), /« Recours pédiatrique : poster » \(du 15\/11\/2026\) : retiré le \d\d\/\d\d\/\d{4} \(poster présenté par une autre équipe\)\./);
  assert.equal(await pub.locator('a[href="https://example.org/poster"]').count(), 0);
  assert.deepEqual(await axeViolations(pub), []);
  await pub.screenshot({ path: join(shots, 'portal-project-result-withdrawn.png'), fullPage: true });
  await pub.goto(`${g.url}/projets/CONTACT-2026-001/historique`);
  const rows = pub.locator('#table-historique tbody tr');
  assert.match(await rows.nth(0).textContent(), /Résultat retiré : « Recours pédiatrique : poster » \(du 15\/11\/2026\)\. Motif : poster présenté par une autre équipe\./);
  assert.match(await rows.nth(1).textContent(), /Résultat ajouté : « Recours pédiatrique : poster »/);
  assert.deepEqual(await axeViolations(pub), []);
  await pub.close();
});

test('the JSON API: a secretary corrects and withdraws a result; refusals carry their reason and record nothing', async () => {
  const id = await projectId('CONTACT-2026-005');
  const { json } = await session('secretaire', 'garant-demo-secretaire');
  const P = `/api/v1/governance/projects/${id}/results`;
  const added = await json(P, { title: 'Canicule 2026 : rapport', date: '2026-11-21', doi: '10.1234/spf.canicule.2026' });
  assert.equal(added.status, 201, added.text);
  const rid = added.json.directory.results.at(-1).id;
  const before = await history('CONTACT-2026-005');
  const refusals = [
    ['unknown key', `${P}/${rid}/correction`, { title: 'x', date: '2026-11-21', id: 9 }, 400, 'portal_unknown_field'],
    ['bad DOI', `${P}/${rid}/correction`, { title: 'x', date: '2026-11-21', doi: 'doi 42' }, 400, 'portal_invalid_url'],
    ['bad date', `${P}/${rid}/correction`, { title: 'x', date: '2026-02-31' }, 400, 'portal_invalid_date'],
    ['unchanged', `${P}/${rid}/correction`, { title: 'Canicule 2026 : rapport', date: '2026-11-21', doi: '10.1234/spf.canicule.2026' }, 400, 'portal_unchanged'],
    ['note not a text', `${P}/${rid}/withdrawal`, { note: 42 }, 400, 'portal_invalid_value'],
    ['unknown withdrawal key', `${P}/${rid}/withdrawal`, { note: 'x', when: 'now' }, 400, 'portal_unknown_field'],
    ['too long a note', `${P}/${rid}/withdrawal`, { note: 'n'.repeat(501) }, 400, 'portal_text_too_long'],
    ['unknown result', `${P}/999/withdrawal`, {}, 404, undefined],
  ];
  for (const [what, path, body, status, reason] of refusals) {
    const r = await json(path, body);
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.equal(r.json.error.reason, reason, `${what}: ${r.text}`);
  }
  assert.deepEqual(await history('CONTACT-2026-005'), before);

  const corrected = await json(`${P}/${rid}/correction`, { title: 'Canicule 2026 : rapport final', date: '2026-11-21', doi: '10.1234/spf.canicule.2026', note: 'titre exact' });
  assert.equal(corrected.status, 201, corrected.text);
  assert.deepEqual(corrected.json.changed, ['results']);
  const r = corrected.json.directory.results.find((x) => x.id === rid);
  assert.equal(r.title, 'Canicule 2026 : rapport final');
  assert.equal(r.note, 'titre exact');
  assert.match(r.corrected_at, /^\d{4}-/);
  const withdrawn = await json(`${P}/${rid}/withdrawal`, { note: null });
  assert.equal(withdrawn.status, 201, withdrawn.text);
  assert.match(withdrawn.json.directory.results.find((x) => x.id === rid).withdrawn_at, /^\d{4}-/);
  const again = await json(`${P}/${rid}/withdrawal`, {});
  assert.equal(again.status, 409);
  assert.equal(again.json.error.reason, 'portal_result_withdrawn');
  const after = await history('CONTACT-2026-005');
  assert.deepEqual(after.slice(0, 2).map((v) => v.audit_index), [withdrawn.json.audit_index, corrected.json.audit_index]);
  // Another role may not.
  const dpo = await session('dpo', 'garant-demo-dpo');
  assert.equal((await dpo.json(`${P}/1/withdrawal`, {})).status, 403);
});
