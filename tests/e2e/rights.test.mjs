// Rights requests end to end, against a real garantd --dev --demo: the JSON
// API's bad inputs (each refused with a clear error, nothing changed), the
// roles, the state machine over HTTP, and the DPO's console and letters in
// Chromium without JavaScript, checked with axe-core. docs/rights-requests.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { staffLogin } from './lib/garantd.mjs';
import { browserSuite, staffPage } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';
import './lib/openapi-check.mjs';

const suite = browserSuite();
const { g, shots } = suite;

let dpo;
async function dpoSession() {
  if (!dpo) dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  return dpo;
}
function headers(s, { csrf = true } = {}) {
  const h = { 'Content-Type': 'application/json', Cookie: s.jar.header() };
  if (csrf) h['X-CSRF-Token'] = s.csrf;
  return h;
}
async function post(s, path, body, opts) {
  return fetch(`${g.url}${path}`, { method: 'POST', headers: headers(s, opts), body: JSON.stringify(body) });
}
function count(sql) {
  return Number(g.psql(sql).trim());
}
const counts = () => ({
  requests: count('SELECT count(*) FROM rights_requests'),
  events: count('SELECT count(*) FROM rights_request_events'),
  entries: count("SELECT count(*) FROM audit_entries WHERE event_type LIKE 'rights.request.%'"),
});

const VALID = {
  type: 'access', requester: 'heir', requester_name: 'Maître Hugo Brossard', channel: 'letter',
  birth_name: 'Lemaire', given_names: 'Odile', birth_date: '1941-10-00', sex: 'F',
  contact: '8 place du Marché\n21000 Dijon',
};

test('the API records a request; every bad input is refused with a clear error and nothing changes', async () => {
  const s = await dpoSession();
  let r = await post(s, '/api/v1/rights-requests', VALID);
  assert.equal(r.status, 201, await r.clone().text());
  const created = await r.json();
  assert.match(created.reference, /^DRT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(created.state, 'received');
  assert.equal(created.flag, 'none');
  assert.equal(created.requester, 'heir');
  // One calendar month after receipt.
  const received = new Date(created.received_at);
  const deadline = new Date(created.deadline);
  assert.ok(deadline - received >= 28 * 86400e3 && deadline - received <= 31 * 86400e3);
  // Nothing in clear in the row. The birth date is looked for as a date ('1941-10', '10/1941'):
  // four bare digits such as '1941' turn up by chance in the hex of a sealed column (CI saw it).
  const row = g.psql(`SELECT row_to_json(r)::text FROM rights_requests r WHERE reference = '${created.reference}'`);
  for (const clear of ['Lemaire', 'Odile', '1941-10', '10/1941', 'Dijon', 'Brossard']) {
    assert.ok(!row.includes(clear), clear);
  }

  const before = counts();
  const bad = [
    [{ ...VALID, extra: 1 }, 400, /unknown field 'extra'/],
    [{ ...VALID, birth_name: 12 }, 400, /birth_name/],
    [{ ...VALID, type: 'portability' }, 400, /type: must be/],
    [{ ...VALID, requester: 'neighbour' }, 400, /requester: must be/],
    [{ ...VALID, channel: 'fax' }, 400, /channel: must be/],
    [{ ...VALID, received_at: '03/12/2026' }, 400, /received_at: must be an RFC 3339/],
    [{ ...VALID, birth_date: '03/07/1975' }, 400, /birth_date/],
    [{ ...VALID, requester_name: undefined }, 400, /requester_name/],
    [{ ...VALID, type: 'objection' }, 400, /objection_reference/],
    [{ ...VALID, objection_reference: 'OPP-7K3M-9QXD' }, 400, /objection_reference/],
    [{ ...VALID, type: 'objection', objection_reference: 'OPP-0000-0000' }, 404, /no objection/],
  ];
  for (const [body, status, message] of bad) {
    const x = await post(s, '/api/v1/rights-requests', body);
    assert.equal(x.status, status, JSON.stringify(body));
    const e = (await x.json()).error;
    assert.match(e.message, message, JSON.stringify(body));
  }
  // The French text of a field error comes with it.
  const fr = await (await post(s, '/api/v1/rights-requests', { ...VALID, requester_name: '' })).json();
  assert.equal(fr.error.fields[0].reason, 'rights_requester_name_required');
  assert.match(fr.error.fields[0].message_fr, /Indiquez le nom de la personne qui écrit/);
  // Malformed JSON, no CSRF token.
  const raw = await fetch(`${g.url}/api/v1/rights-requests`, { method: 'POST', headers: headers(s), body: '{"type":' });
  assert.equal(raw.status, 400);
  assert.equal((await post(s, '/api/v1/rights-requests', VALID, { csrf: false })).status, 403);
  assert.deepEqual(counts(), before);
});

test('only the DPO: the admin, the secretary and the auditor are refused, pages and API', async () => {
  for (const [user, password] of [['admin', 'garant-demo-admin'], ['secretaire', 'garant-demo-secretaire'],
    ['auditeur', 'garant-demo-auditeur']]) {
    const s = await staffLogin(g, user, password);
    assert.equal((await fetch(`${g.url}/api/v1/rights-requests`, { headers: headers(s, { csrf: false }) })).status, 403, user);
    assert.equal((await post(s, '/api/v1/rights-requests', VALID)).status, 403, user);
    const page = await fetch(`${g.url}/console/droits`, { headers: { Cookie: s.jar.header() }, redirect: 'manual' });
    assert.equal(page.status, 403, user);
  }
  assert.equal((await fetch(`${g.url}/api/v1/rights-requests`)).status, 401);
});

test('the state machine over HTTP: illegal steps are 409 with their reason, the clock stops, a closed request stays closed', async () => {
  const s = await dpoSession();
  const created = await (await post(s, '/api/v1/rights-requests', { ...VALID, type: 'erasure' })).json();
  const path = `/api/v1/rights-requests/${created.reference}/transitions`;
  const before = counts();
  const refused = [
    [{ action: 'answer', text: 'fait' }, 409, 'rights_transition_refused'],
    [{ action: 'close' }, 400, undefined],
    [{ action: 'extend' }, 400, 'rights_text_required'],
    [{ action: 'extend', text: '   ' }, 400, 'rights_text_required'],
    [{ action: 'refuse', text: 'non' }, 400, 'rights_ground_invalid'],
    [{ action: 'refuse', ground: 'because', text: 'non' }, 400, 'rights_ground_invalid'],
    [{ action: 'verify_identity' }, 400, 'rights_identity_method_invalid'],
    [{ action: 'verify_identity', method: 'other' }, 400, 'rights_text_required'],
    [{ action: 'ask_identity', expected_state: 'in_progress' }, 409, 'rights_state_stale'],
    [{ action: 'ask_identity', note: 'x' }, 400, undefined],
    [{ action: 42 }, 400, undefined],
  ];
  for (const [body, status, reason] of refused) {
    const r = await post(s, path, body);
    assert.equal(r.status, status, JSON.stringify(body));
    const e = (await r.json()).error;
    assert.equal(e.reason, reason, JSON.stringify(body));
    assert.ok(e.message.length > 0);
  }
  assert.equal((await post(s, '/api/v1/rights-requests/DRT-0000-0000/transitions', { action: 'ask_identity' })).status, 404);
  assert.deepEqual(counts(), before);
  const still = await (await fetch(`${g.url}/api/v1/rights-requests/${created.reference}`, { headers: headers(s, { csrf: false }) })).json();
  assert.equal(still.state, 'received');
  assert.equal(still.history.length, 1);

  let r = await (await post(s, path, { action: 'ask_identity', expected_state: 'received' })).json();
  assert.equal(r.state, 'identity_check');
  assert.equal(r.flag, 'paused');
  assert.ok(r.paused_since);
  r = await (await post(s, path, { action: 'verify_identity', method: 'document_seen' })).json();
  assert.equal(r.state, 'in_progress');
  assert.equal(r.paused_since, null);
  assert.equal(r.identity_method, 'document_seen');
  r = await (await post(s, path, { action: 'extend', text: 'Recherche dans les projets en cours.' })).json();
  assert.ok(r.extended_at);
  const twice = await post(s, path, { action: 'extend', text: 'encore' });
  assert.equal(twice.status, 409);
  assert.equal((await twice.json()).error.reason, 'rights_already_extended');
  r = await (await post(s, path, { action: 'answer', text: 'Données effacées le jour même.' })).json();
  assert.equal(r.state, 'answered');
  assert.equal(r.flag, 'closed');
  const again = await post(s, path, { action: 'refuse', ground: 'excessive', text: 'non' });
  assert.equal(again.status, 409);
  const full = await (await fetch(`${g.url}/api/v1/rights-requests/${created.reference}`, { headers: headers(s, { csrf: false }) })).json();
  assert.deepEqual(full.history.map((h) => h.action), ['created', 'ask_identity', 'verify_identity', 'extend', 'answer']);
  assert.ok(full.history.every((h) => Number.isInteger(h.audit_index)));
  // The log names the steps, never the texts.
  const leaves = g.psql(`SELECT string_agg(encode(leaf, 'escape'), ' ') FROM audit_entries WHERE object = 'rights-request/${created.reference}'`);
  assert.ok(!leaves.includes('effacées'));
  assert.ok(!leaves.includes('Lemaire'));
  const list = await (await fetch(`${g.url}/api/v1/rights-requests?open=true`, { headers: headers(s, { csrf: false }) })).json();
  assert.ok(!list.rights_requests.some((x) => x.reference === created.reference));
  assert.equal((await fetch(`${g.url}/api/v1/rights-requests?state=done`, { headers: headers(s, { csrf: false }) })).status, 400);
});

test('an objection request names its objection, and the console links to it', async () => {
  const s = await dpoSession();
  const o = await post(s, '/api/v1/objections', { birth_name: 'Lemaire', given_names: 'Odile', birth_date: '1941-10-00',
    sex: 'F', requester: 'patient', channel: 'letter' });
  assert.equal(o.status, 201);
  const opp = (await o.json()).reference;
  const r = await post(s, '/api/v1/rights-requests', { ...VALID, requester: 'person', requester_name: undefined,
    type: 'objection', objection_reference: opp.toLowerCase() });
  assert.equal(r.status, 201, await r.clone().text());
  const q = await r.json();
  assert.equal(q.objection_reference, opp);
  const page = await (await fetch(`${g.url}/console/droits/${q.reference}`, { headers: { Cookie: s.jar.header() } })).text();
  assert.match(page, new RegExp(`href="/console/oppositions/${opp}"`));
  // And back: the objection's page names the request.
  const back = await (await fetch(`${g.url}/console/oppositions/${opp}`, { headers: { Cookie: s.jar.header() } })).text();
  assert.match(back, new RegExp(`href="/console/droits/${q.reference}"`));
});

test('the DPO carries an access request from receipt to answer in the console, with the letters', async () => {
  const page = await staffPage(suite, 'dpo', 'garant-demo-dpo', { js: false });
  // From the console's card to the register, then its entry form.
  await page.goto(`${g.url}/console`);
  await page.getByRole('link', { name: 'Suivre les demandes' }).click();
  await page.waitForURL(`${g.url}/console/droits`);
  await page.click('#link-new');
  await page.waitForURL(`${g.url}/console/droits/nouvelle`);
  assert.deepEqual(await axeViolations(page), [], 'entry form: axe-core');
  await page.selectOption('#type', 'access');
  await page.selectOption('#requester', 'parent');
  await page.fill('#requester_name', 'Nadia Ferrand');
  await page.fill('#contact', '3 rue Verte\n44000 Nantes');
  await page.fill('#birth_name', 'Ferrand');
  await page.fill('#given_names', 'Lou');
  await page.fill('#birth_date', '31/02/2015');
  await page.selectOption('#sex', 'F');
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  // A date that does not exist: the French reason, the values kept.
  assert.match(await page.textContent('#form-errors'), /Cette date n'existe pas/);
  assert.equal(await page.inputValue('#birth_name'), 'Ferrand');
  assert.equal(await page.inputValue('#birth_date'), '31/02/2015');
  // The address keeps its lines in the form sent back.
  assert.equal(await page.inputValue('#contact'), '3 rue Verte\n44000 Nantes');
  await page.fill('#birth_date', '03/07/2015');
  await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
  await page.locator('#detail-state').waitFor();
  assert.equal(await page.getAttribute('#detail-state', 'data-state'), 'received');
  assert.match(await page.textContent('#detail-deadline'), /^\d{2}\/\d{2}\/\d{4}$/);
  const reference = (await page.textContent('h1 .mono')).trim();
  assert.deepEqual(await axeViolations(page), [], 'detail: axe-core');

  // The identity on request only, each reading an audit entry.
  const viewed = () => count(`SELECT count(*) FROM audit_entries WHERE event_type = 'rights.request.identity_viewed' AND object = 'rights-request/${reference}'`);
  assert.equal(viewed(), 0);
  assert.equal(await page.locator('#detail-identity').count(), 0);
  await page.click('#show-identity');
  assert.equal((await page.textContent('#detail-birth-date')).trim(), '03/07/2015');
  assert.equal(viewed(), 1);

  // Proof asked: the clock stops; the list says so.
  await page.getByRole('button', { name: /Demander un justificatif/ }).click();
  await page.locator('#detail-ok').waitFor();
  assert.equal(await page.getAttribute('#detail-deadline', 'data-flag'), 'paused');
  await page.goto(`${g.url}/console/droits`);
  assert.match(await page.textContent(`#rights-requests tr:has(a:text("${reference}"))`), /suspendu/);
  assert.deepEqual(await axeViolations(page), [], 'register: axe-core');
  await page.screenshot({ path: join(shots, 'droits-registre.png'), fullPage: true });

  await page.goto(`${g.url}/console/droits/${reference}`);
  await page.selectOption('#letter-kind', 'identite');
  await page.click('#prepare-letter');
  await page.locator('#letter').waitFor();
  assert.match(await page.textContent('#letter-name'), /Nadia Ferrand/);
  assert.match(await page.innerHTML('#letter-address'), /3 rue Verte<br>44000 Nantes/);
  assert.match(await page.textContent('#letter-body'), /délai de réponse est suspendu/);
  assert.match(await page.textContent('#letter'), /concernant Lou Ferrand/);
  assert.deepEqual(await axeViolations(page), [], 'letter: axe-core');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('p.no-print').first().isVisible(), false);
  assert.equal(await page.locator('#letter').isVisible(), true);
  await page.screenshot({ path: join(shots, 'droits-lettre-identite.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  assert.equal(viewed(), 2);
  assert.equal(count(`SELECT count(*) FROM audit_entries WHERE object = 'rights-request/${reference}' AND encode(leaf, 'escape') LIKE '%letter:identity%'`), 1);

  // A letter that does not fit the state is refused, and decrypts nothing.
  await page.goto(`${g.url}/console/droits/${reference}`);
  await page.selectOption('#letter-kind', 'refus');
  await page.click('#prepare-letter');
  assert.match(await page.textContent('main'), /pas possible/);
  assert.equal(viewed(), 2);

  await page.goto(`${g.url}/console/droits/${reference}`);
  await page.selectOption('#verify-method', 'document_seen');
  await page.getByRole('button', { name: 'Enregistrer la vérification' }).click();
  await page.locator('#detail-ok').waitFor();
  assert.match(await page.textContent('#detail-identity-checked'), /pièce d'identité vue, non conservée/);
  // The answer needs its text: the French reason, nothing recorded.
  await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
  assert.match(await page.textContent('#detail-error'), /Ce champ est obligatoire/);
  assert.equal(await page.getAttribute('#detail-state', 'data-state'), 'in_progress');
  await page.fill('#answer-text', 'Relevé des accès envoyé : aucun projet n\'a utilisé les données.');
  await page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
  await page.locator('#detail-ok').waitFor();
  assert.equal(await page.getAttribute('#detail-state', 'data-state'), 'answered');
  assert.equal(await page.locator('#step-answer').count(), 0);
  await page.screenshot({ path: join(shots, 'droits-demande.png'), fullPage: true });
  assert.equal(await page.locator('#history tbody tr').count(), 6);
  assert.match(await page.textContent('#history'), /justificatif d'identité demandé/);

  await page.selectOption('#letter-kind', 'reponse');
  await page.click('#prepare-letter');
  await page.locator('#letter').waitFor();
  assert.match(await page.textContent('#letter-body'), /aucun projet n'a utilisé les données/);
  await page.screenshot({ path: join(shots, 'droits-lettre-reponse.png'), fullPage: true });

  // The access answer's statement: the access-trail letter, from the sealed traits.
  await page.goto(`${g.url}/console/droits/${reference}`);
  await page.selectOption('#letter-kind', 'releve');
  await page.click('#prepare-letter');
  await page.locator('#letter-reference').waitFor();
  assert.match(await page.textContent('#letter-reference'), /^DA-/);
  // Addressed as the other letters: the parent who wrote, from the sealed data.
  assert.equal((await page.textContent('#letter-name')).trim(), 'Nadia Ferrand');
  assert.match(await page.textContent('#letter-address'), /3 rue Verte\s*44000 Nantes/);
  assert.equal(await page.locator('#no-address').count(), 0);
  assert.match(await page.textContent('#letter'), /\(celles de Lou Ferrand\)/);
  assert.match(await page.textContent('#letter'), /Aucun accès à vos données pseudonymisées/);
  assert.equal(count(`SELECT count(*) FROM audit_entries WHERE object = 'rights-request/${reference}' AND encode(leaf, 'escape') LIKE '%letter:access-trail%'`), 1);
  assert.equal(count("SELECT count(*) FROM audit_entries WHERE event_type = 'rights.answered'") >= 1, true);
  await page.screenshot({ path: join(shots, 'droits-releve.png'), fullPage: true });
  await page.close();
});
