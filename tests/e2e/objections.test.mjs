// Objections end to end against a running garantd --dev --demo:
// - in real Chromium with JavaScript DISABLED: fill the form by field names,
//   get a receipt, check the status, withdraw with a confirmation step;
//   invalid fields show French errors next to each field and keep the input;
//   ?projet=REF pre-selects a project scope; the receipt prints cleanly;
// - the staff console (letter entry, list, detail) and JSON API;
// - HTTP bad input: missing CSRF, invalid UTF-8, oversized body, unknown
//   fields (ignored), invalid fields, wrong codes (throttled), per-address
//   limit; after every refusal the staff API shows nothing was recorded.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, Jar, repoRoot, garantBin, staffLogin as login, assertNoSecretsLogged, DEMO_PASSWORDS } from './lib/garantd.mjs';
import { browserSuite, staffPage, fillLogin } from './lib/browser.mjs';
import { verifyTlogProof } from './lib/tlog.mjs';
import { axeViolations } from './lib/axe.mjs';

const suite = browserSuite();
const { g, shots } = suite;

// ---- helpers ----

const staffLogin = (username = 'dpo', password = 'garant-demo-dpo') => login(g, username, password);

async function listObjections(staff, query = '') {
  const r = await fetch(`${g.url}/api/v1/objections${query}`, { headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 200);
  return (await r.json()).objections;
}

// How many objections are recorded, exactly: one page of the largest size
// (500), which must not be full, or the count would be a page size.
async function countObjections(staff) {
  const all = await listObjections(staff, '?limit=500');
  assert.ok(all.length < 500, 'the count fits in one page');
  return all.length;
}

// The audit entries of one type on one objection, read by the auditor.
let auditorSession;
async function auditEntries(type, reference) {
  auditorSession ??= await login(g, 'auditeur', 'garant-demo-auditeur');
  const r = await fetch(`${g.url}/api/v1/audit/entries?type=${type}&object=objection/${reference}`,
    { headers: { Cookie: auditorSession.jar.header() } });
  assert.equal(r.status, 200);
  return (await r.json()).entries;
}
const identityReads = (reference) => auditEntries('objection.identity_viewed', reference);

// Logs the DPO in a new page of the browser.
const dpoPage = () => staffPage(suite, 'dpo', 'garant-demo-dpo');

// A public form session: the garant_csrf cookie and the token of the page.
async function formSession(path = '/opposition') {
  const jar = new Jar();
  const r = await fetch(`${g.url}${path}`);
  assert.equal(r.status, 200);
  jar.store(r);
  const html = await r.text();
  const m = html.match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, 'the form carries its CSRF token');
  return { jar, token: m[1] };
}

async function postForm(session, path, fields, { raw } = {}) {
  const body = raw ?? new URLSearchParams(fields).toString();
  return fetch(`${g.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.jar.header() },
    body,
    redirect: 'manual',
  });
}

// A POST announcing a body over the 1 MiB limit: the server answers from the
// Content-Length alone and closes, so only the start of the body is sent
// (sending it all would race the server's close: a reset, not a status).
function postOversized(session, path, start) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${g.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(2 * 1024 * 1024),
        Cookie: session.jar.header(),
      },
    });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); req.destroy(); });
    req.on('error', reject);
    req.write(start);
  });
}

const person = {
  birth_name: 'Lefèvre', used_name: "D'Artagnan", given_names: 'Anne-Sophie Marie',
  birth_date: '1979-00-00', sex: 'F', requester: 'patient', scope: 'all',
};

let staff;
let receipt; // { reference, code } of the browser test
let letter;  // reference of an effective objection entered by the DPO (JSON search test)

// ---- browser, JavaScript disabled ----

test('a person objects in the browser without JavaScript and gets a printable receipt', async () => {
  staff = await staffLogin();
  const before = (await countObjections(staff));
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  const res = await page.goto(`${g.url}/opposition`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('main'), /sans avoir à vous justifier/);
  assert.match(await page.textContent('main'), /ne change rien à vos soins/);
  // Filled by field names, as a script or an assistive tool would.
  await page.fill('input[name="birth_name"]', 'Dupont-Leroy');
  await page.fill('input[name="used_name"]', 'Martin');
  await page.fill('input[name="given_names"]', 'Jean-Christophe Marie');
  // As a French person writes it (the form also takes AAAA-MM-JJ).
  await page.fill('input[name="birth_date"]', '14/03/1985');
  await page.check('input[name="sex"][value="M"]');
  await page.fill('input[name="ins"]', '');
  await page.fill('textarea[name="contact"]', 'jc.dupont@example.org');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const reference = (await page.textContent('#receipt-reference')).trim();
  const code = (await page.textContent('#receipt-code')).trim();
  assert.match(reference, /^OPP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match(await page.textContent('main'), /un délai d'un mois|\(un mois\)/);
  // Dates in words, as a letter writes them: "2 janvier 2027".
  assert.match(await page.textContent('#receipt-deadline'), /^\d{1,2}(er)? [a-zéû]+ \d{4}$/);
  await page.screenshot({ path: join(shots, 'opposition-recepisse.png'), fullPage: true });
  // Printable: navigation and buttons disappear, the receipt stays.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header nav').isVisible(), false);
  assert.equal(await page.locator('#receipt-code').isVisible(), true);
  await page.close();
  receipt = { reference, code };

  // Durable before the receipt was shown: the staff API already has it.
  const all = await listObjections(staff, '?limit=500');
  assert.equal(all.length, before + 1);
  const mine = all.find((o) => o.reference === reference);
  assert.equal(mine.status, 'effective');
  assert.equal(mine.channel, 'web');
  assert.equal(mine.entered_by, null);
  assert.equal(mine.scope, 'all');
  assert.equal(mine.token_count, 4);
  assert.equal(typeof mine.audit_index, 'number');
  receipt.auditIndex = mine.audit_index;
});

test('the status page answers to the reference and code as a person types them', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition/statut`);
  await page.fill('input[name="reference"]', receipt.reference.toLowerCase());
  await page.fill('input[name="code"]', receipt.code.replaceAll('-', ' ').toLowerCase());
  await page.getByRole('button', { name: 'Consulter' }).click();
  await page.locator('#status-label').waitFor();
  assert.equal(await page.textContent('#status-reference'), receipt.reference);
  assert.equal(await page.textContent('#status-label'), 'en vigueur');
  // Where it stands in the exclusion lists: a version number, or "next version".
  assert.match(await page.textContent('#status-list'), /liste d'exclusion/);
  await page.screenshot({ path: join(shots, 'opposition-statut.png'), fullPage: true });
  // The proof download is offered from the status page.
  assert.equal(await page.getByRole('button', { name: 'Télécharger la preuve' }).count(), 1);
  await page.close();

  // The proof: a C2SP tlog-proof once a signed checkpoint covers the entry
  // (garantd always runs the signer), a French "not yet" (503, Retry-After)
  // before; verified here independently: the leaf in `extra` is included at
  // the objection's audit index under the root signed by the log's key.
  const s = await formSession('/opposition/statut');
  const key = (await (await fetch(`${g.url}/api/v1/audit/public-key`)).json()).key;
  let r;
  const deadline = Date.now() + 30000;
  for (;;) {
    r = await postForm(s, '/opposition/preuve', { csrf_token: s.token, ...receipt });
    if (r.status !== 503 || Date.now() > deadline) break;
    assert.equal(r.headers.get('retry-after'), '5');
    assert.match(await r.text(), /pas encore disponible/);
    await new Promise((res) => setTimeout(res, 500));
  }
  assert.equal(r.status, 200, 'the proof is served within 30 s');
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="${receipt.reference}.tlog-proof"`);
  const text = await r.text();
  assert.match(text, /^c2sp\.org\/tlog-proof@v1\nextra /);
  const proof = verifyTlogProof(text, key);
  assert.equal(proof.checkpoint.signed, true);
  assert.equal(proof.index, BigInt(receipt.auditIndex));
  assert.match(proof.extra.toString('utf8'), new RegExp(receipt.reference));
  // A proof whose leaf was changed no longer leads to the signed root.
  const forged = text.replace(/^extra (\S+)$/m, (_, b64) => {
    const leaf = Buffer.from(b64, 'base64');
    leaf[leaf.length - 1] ^= 1;
    return `extra ${leaf.toString('base64')}`;
  });
  assert.throws(() => verifyTlogProof(forged, key), /does not lead to the signed root/);

  // The list version shown over HTTP is exactly the first version that
  // carries the objection's tokens: added in version N, absent from N - 1.
  const tokens = (await (await fetch(`${g.url}/api/v1/objections/${receipt.reference}?include=identity`,
    { headers: { Cookie: staff.jar.header() } })).json()).tokens;
  assert.equal(tokens.length, 4);
  let version;
  for (const until = Date.now() + 30000; version === undefined && Date.now() < until;) {
    const st = await postForm(s, '/opposition/statut', { csrf_token: s.token, ...receipt });
    assert.equal(st.status, 200);
    const m = /id="status-list">Ces codes figurent dans la liste d'exclusion n° (\d+),/.exec(await st.text());
    if (m) version = Number(m[1]); else await new Promise((res) => setTimeout(res, 500));
  }
  assert.ok(version, 'the status page names a list version within 30 s');
  const ingest = execFileSync(garantBin, ['token', 'create', 'ingest-objections', '--role', 'ingestion',
    '--data-dir', g.dataDir]).toString().trim().split('\n').pop();
  const delta = await (await fetch(`${g.url}/api/v1/exclusions/delta?since=${version - 1}`,
    { headers: { Authorization: `Bearer ${ingest}` } })).json();
  const added = new Set(delta.added.map((e) => `${e.scope} ${e.token}`));
  for (const t of tokens) assert.ok(added.has(`all ${t}`), `token added in version ${version}`);
});

test('withdrawal asks for confirmation, then withdraws', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition/retrait`);
  await page.fill('input[name="reference"]', receipt.reference);
  await page.fill('input[name="code"]', receipt.code);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.locator('#confirm-warning').waitFor();
  assert.match(await page.textContent('#confirm-warning'), new RegExp(receipt.reference));
  // Not withdrawn yet: confirmation is a separate step.
  let o = (await listObjections(staff, `?reference=${receipt.reference}`))[0];
  assert.equal(o.status, 'effective');
  await page.screenshot({ path: join(shots, 'opposition-retrait-confirmation.png'), fullPage: true });
  await page.getByRole('button', { name: 'Confirmer le retrait' }).click();
  await page.locator('#withdrawn-ok').waitFor();
  assert.match(await page.textContent('#withdrawn-ok'), /a été retirée le/);
  o = (await listObjections(staff, `?reference=${receipt.reference}`))[0];
  assert.equal(o.status, 'withdrawn');
  assert.ok(o.withdrawn_at);

  // The status page now says so.
  await page.goto(`${g.url}/opposition/statut`);
  await page.fill('input[name="reference"]', receipt.reference);
  await page.fill('input[name="code"]', receipt.code);
  await page.getByRole('button', { name: 'Consulter' }).click();
  await page.locator('#status-label').waitFor();
  assert.equal(await page.textContent('#status-label'), 'retirée');
  await page.close();
});

test('invalid fields show French errors next to each field and keep what was typed', async () => {
  const before = (await countObjections(staff));
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition`);
  await page.fill('input[name="birth_name"]', '--- ');
  await page.fill('input[name="given_names"]', 'Élodie');
  await page.fill('input[name="birth_date"]', '1985-02-30');
  await page.fill('input[name="ins"]', '1234');
  await page.fill('textarea[name="contact"]', 'rue des Lilas');
  // sex left unchosen
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: "Enregistrer l'opposition" }).click(),
  ]);
  assert.equal(response.status(), 400);
  for (const field of ['birth_name', 'birth_date', 'sex', 'ins']) {
    const msg = page.locator(`#${field}-error`);
    assert.equal(await msg.isVisible(), true, field);
    assert.match(await msg.textContent(), /[a-zà-ÿ]{3,}/, field);
  }
  assert.equal(await page.locator('#given_names-error').count(), 0);
  assert.equal(await page.locator('#used_name-error').count(), 0);
  assert.match(await page.textContent('#form-errors'), /4 erreur/);
  // French, next to the field (inside the field's container).
  assert.equal(await page.locator('.field-error #birth_date-error').count(), 1);
  // What was typed is kept.
  assert.equal(await page.inputValue('input[name="birth_name"]'), '--- ');
  assert.equal(await page.inputValue('input[name="given_names"]'), 'Élodie');
  assert.equal(await page.inputValue('input[name="birth_date"]'), '1985-02-30');
  assert.equal(await page.inputValue('input[name="ins"]'), '1234');
  assert.equal(await page.inputValue('textarea[name="contact"]'), 'rue des Lilas');
  await page.screenshot({ path: join(shots, 'opposition-erreurs.png'), fullPage: true });
  // Corrected, the same page records it.
  await page.fill('input[name="birth_name"]', 'Lambert');
  await page.fill('input[name="birth_date"]', '1985-02-28');
  await page.fill('input[name="ins"]', '');
  await page.check('input[name="sex"][value="F"]');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  await page.close();
  assert.equal((await countObjections(staff)), before + 1);
});

test('?projet=REF pre-selects an objection to that project only', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition?projet=PRJ-2026-001`);
  assert.equal(await page.isChecked('input[name="scope"][value="project"]'), true);
  assert.match(await page.textContent('main'), /Uniquement le projet PRJ-2026-001/);
  await page.fill('input[name="birth_name"]', 'Nguyen');
  await page.fill('input[name="given_names"]', 'Thi Mai');
  await page.fill('input[name="birth_date"]', '2012-07-01');
  await page.check('input[name="sex"][value="F"]');
  await page.check('input[name="requester"][value="parent"]');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const reference = (await page.textContent('#receipt-reference')).trim();
  assert.match(await page.textContent('main'), /le projet PRJ-2026-001 uniquement/);
  await page.close();
  const o = (await listObjections(staff, `?reference=${reference}`))[0];
  assert.equal(o.scope, 'project:PRJ-2026-001');
  assert.equal(o.requester, 'parent');
  // A malformed project reference falls back to the general form.
  const r = await fetch(`${g.url}/opposition?projet=${encodeURIComponent('<script>')}`);
  const html = await r.text();
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /name="scope" value="all"/);
});

// ---- staff ----

test('the DPO enters a letter in the console, finds it, and sees the identity', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${g.url}/connexion`);
  await fillLogin(page, g, 'dpo', 'garant-demo-dpo');
  await page.waitForURL(`${g.url}/console`);
  await page.goto(`${g.url}/console/oppositions/nouvelle`);
  await page.selectOption('select[name="channel"]', 'letter');
  const d = new Date(Date.now() - 3 * 86400e3).toISOString().slice(0, 10);
  await page.fill('input[name="received_date"]', d);
  await page.fill('input[name="birth_name"]', 'Moreau');
  await page.fill('input[name="given_names"]', 'Paul');
  await page.fill('input[name="birth_date"]', '1950-11-02');
  await page.check('input[name="sex"][value="M"]');
  await page.check('input[name="requester"][value="guardian"]');
  await page.check('input[name="scope"][value="project"]');
  await page.fill('input[name="projet"]', 'PRJ-2026-007');
  await page.fill('textarea[name="contact"]', '3 place du Marché\n69001 Lyon');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const reference = (await page.textContent('#receipt-reference')).trim();
  assert.match(await page.textContent('#receipt-code'), /^[0-9A-Z-]{14}$/);

  await page.goto(`${g.url}/console/oppositions?channel=letter`);
  const table = await page.textContent('#objections');
  assert.match(table, new RegExp(reference));
  assert.doesNotMatch(table, /Moreau|MOREAU/); // no identity in lists
  await page.screenshot({ path: join(shots, 'console-oppositions.png'), fullPage: true });
  await page.click(`a[href="/console/oppositions/${reference}"]`);
  // Opening the page neither shows nor reads the identity: no audit entry.
  await page.locator('#show-identity').waitFor();
  assert.equal(await page.locator('#detail-identity').count(), 0);
  assert.doesNotMatch(await page.textContent('main'), /Moreau/);
  assert.equal((await identityReads(reference)).length, 0);
  // The staff member who entered it is named, not numbered.
  assert.match(await page.textContent('#detail-channel'), /saisie par Déléguée à la protection des données \(démo\)/);
  assert.doesNotMatch(await page.textContent('main'), /compte n°/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-opposition-detail.png'), fullPage: true });
  // The button: one POST, one audit entry, the identity shown.
  await page.getByRole('button', { name: "Afficher l'identité (consultation enregistrée)" }).click();
  await page.locator('#detail-identity').waitFor();
  assert.match(await page.textContent('#detail-identity'), /Moreau/);
  assert.match(await page.innerHTML('#detail-contact'), /3 place du Marché<br>69001 Lyon/);
  const reads = await identityReads(reference);
  assert.equal(reads.length, 1);
  assert.match(reads[0].actor, /^staff:\d+$/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-opposition-identity.png'), fullPage: true });
  await page.goto(`${g.url}/console/oppositions/${reference}`);
  assert.match(await page.textContent('#detail-list'), /liste d'exclusion|version de la liste/);
  // Withdrawal on the person's behalf needs the confirmation box.
  await page.getByRole('button', { name: "Retirer l'opposition" }).click();
  assert.match(await page.textContent('main'), /Cochez la case de confirmation/);
  await page.goBack();
  await page.check('input[name="confirm"]');
  await page.getByRole('button', { name: "Retirer l'opposition" }).click();
  await page.waitForURL(`${g.url}/console/oppositions/${reference}`);
  assert.equal((await page.textContent('#detail-status')).trim(), 'retirée');
  assert.equal(await page.getByRole('button', { name: "Retirer l'opposition" }).count(), 0);
  await page.close();

  const o = (await listObjections(staff, `?reference=${reference}`))[0];
  assert.equal(o.channel, 'letter');
  assert.equal(o.requester, 'guardian');
  assert.ok(o.entered_by);
  assert.equal(o.received_at.slice(0, 10), d);
  assert.equal(o.scope, 'project:PRJ-2026-007');
});

// The console's entry forms carry a hidden submission_key: sent twice, a form
// records one objection and shows its first receipt page again (docs/objections.md,
// "Forms sent twice").
const submissionKeys = [];  // never to be logged
const receiptOf = (html) => ({
  reference: /id="receipt-reference">([^<]+)</.exec(html)?.[1],
  code: /id="receipt-code">([^<]+)</.exec(html)?.[1],
});
async function consoleForm(path) {
  const r = await fetch(`${g.url}${path}`, { headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 200);
  const key = /name="submission_key" value="([^"]+)"/.exec(await r.text())?.[1];
  assert.match(key ?? '', /^[0-9a-f]{32}$/, 'the form carries a fresh 128-bit key');
  submissionKeys.push(key);
  return key;
}

// Fills the console's entry form open in `page` for a patient's objection to
// all use (the person's traits as given), sends it and waits for the receipt.
async function sendConsoleForm(page, { channel, birthName, givenNames, birthDate }) {
  await page.selectOption('select[name="channel"]', channel);
  await page.fill('input[name="birth_name"]', birthName);
  await page.fill('input[name="given_names"]', givenNames);
  await page.fill('input[name="birth_date"]', birthDate);
  await page.check('input[name="sex"][value="F"]');
  await page.check('input[name="requester"][value="patient"]');
  await page.check('input[name="scope"][value="all"]');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
}

test('a console form sent twice records one objection and shows its first receipt again; other values are refused in French', async () => {
  const fields = (key, extra = {}) => ({
    csrf_token: staff.csrf, submission_key: key, channel: 'phone', received_date: '',
    birth_name: 'Garnier', given_names: 'Luc', birth_date: '1961-04-09', sex: 'M',
    requester: 'patient', scope: 'all', contact: '', ...extra,
  });
  const key = await consoleForm('/console/oppositions/nouvelle');
  assert.notEqual(await consoleForm('/console/oppositions/nouvelle'), key, 'each form its own key');
  const before = await countObjections(staff);
  const first = await postForm(staff, '/console/oppositions/nouvelle', fields(key));
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  const firstPage = await first.text();
  const got = receiptOf(firstPage);
  assert.match(got.reference ?? '', /^OPP-/);
  // Sent again (a reload of the receipt, a double click): the same page, byte
  // for byte, code included; nothing recorded.
  const again = await postForm(staff, '/console/oppositions/nouvelle', fields(key));
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('cache-control'), 'no-store');
  assert.equal(await again.text(), firstPage);
  assert.equal(await countObjections(staff), before + 1);
  // The same key with other values: a French 409 page, nothing recorded.
  const other = await postForm(staff, '/console/oppositions/nouvelle', fields(key, { birth_name: 'Garnierr' }));
  assert.equal(other.status, 409);
  assert.match(await other.text(), /déjà été envoyé avec d(&#39;|')autres valeurs/);
  // A malformed key: a French 400 page, nothing recorded.
  const bad = await postForm(staff, '/console/oppositions/nouvelle', fields('x'.repeat(256)));
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /Ce formulaire n(&#39;|')a pas pu être identifié/);
  assert.equal(await countObjections(staff), before + 1);
  // Field errors keep the key in the form that comes back: corrected, it
  // records once.
  const fresh = await consoleForm('/console/oppositions/nouvelle');
  const refused = await postForm(staff, '/console/oppositions/nouvelle', fields(fresh, { birth_date: '1961-13-40' }));
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), new RegExp(`name="submission_key" value="${fresh}"`));
  const corrected = await postForm(staff, '/console/oppositions/nouvelle', fields(fresh, { given_names: 'Luc Marie' }));
  assert.equal(corrected.status, 200);
  assert.notEqual(receiptOf(await corrected.text()).reference, got.reference);
  // Two sendings at once (a double click): one objection, the same page twice.
  const twin = await consoleForm('/console/oppositions/nouvelle');
  const pages = await Promise.all([1, 2].map(async () => {
    const r = await postForm(staff, '/console/oppositions/nouvelle', fields(twin, { given_names: 'Luc Jean' }));
    assert.equal(r.status, 200);
    return r.text();
  }));
  assert.equal(pages[0], pages[1]);
  assert.equal(await countObjections(staff), before + 3);
  // A program posting the form without a key records each time, as before.
  const { submission_key: _, ...unkeyed } = fields('', { given_names: 'Luc Paul' });
  assert.equal((await postForm(staff, '/console/oppositions/nouvelle', unkeyed)).status, 200);
  assert.equal((await postForm(staff, '/console/oppositions/nouvelle', unkeyed)).status, 200);
  assert.equal(await countObjections(staff), before + 5);

  // The physicians' entry form, the same way.
  const proKey = await consoleForm('/console/oppositions/nouvelle-professionnel');
  const pro = { csrf_token: staff.csrf, submission_key: proKey, rpps: '10007890125', channel: 'letter', received_date: '', contact: '' };
  const proFirst = await postForm(staff, '/console/oppositions/nouvelle-professionnel', pro);
  assert.equal(proFirst.status, 200, await proFirst.clone().text());
  const proPage = await proFirst.text();
  assert.match(receiptOf(proPage).reference ?? '', /^OPP-/);
  assert.equal(await (await postForm(staff, '/console/oppositions/nouvelle-professionnel', pro)).text(), proPage);
  assert.equal((await postForm(staff, '/console/oppositions/nouvelle-professionnel', { ...pro, channel: 'phone' })).status, 409);
  assert.equal(await countObjections(staff), before + 6);

  // In the browser: a reload of the receipt page sends the form again; the
  // same receipt comes back.
  const page = await dpoPage();
  await page.goto(`${g.url}/console/oppositions/nouvelle`);
  submissionKeys.push(await page.getAttribute('input[name="submission_key"]', 'value'));
  await sendConsoleForm(page, { channel: 'letter', birthName: 'Garnier', givenNames: 'Lucie', birthDate: '1963-02-01' });
  const shown = (await page.textContent('#receipt-reference')).trim();
  await page.reload();
  await page.locator('#receipt-reference').waitFor();
  assert.equal((await page.textContent('#receipt-reference')).trim(), shown);
  await page.screenshot({ path: join(shots, 'console-opposition-envoyee-deux-fois.png'), fullPage: true });
  await page.close();
  assert.equal(await countObjections(staff), before + 7);
});

// A kept receipt page holds no session's CSRF token: sent again from another
// session of the same account (logged out and in again), the same receipt
// comes back with the forms of the page (the logout button) carrying the new
// session's token.
test('a console form sent again from a new session shows its first receipt with the new session\'s CSRF token', async () => {
  const path = '/console/oppositions/nouvelle';
  const csrfIn = (html) => [...html.matchAll(/name="csrf_token" value="([^"]*)"/g)].map((m) => m[1]);
  const before = await countObjections(staff);

  // Over HTTP (the admin: the DPO logs in twice in the browser below):
  // byte for byte the first page, but for the token.
  const admin = () => staffLogin('admin', 'garant-demo-admin');
  const first = await admin();
  const form = await fetch(`${g.url}${path}`, { headers: { Cookie: first.jar.header() } });
  const key = /name="submission_key" value="([^"]+)"/.exec(await form.text())?.[1];
  submissionKeys.push(key);
  const fields = (session) => ({
    csrf_token: session.csrf, submission_key: key, channel: 'letter', received_date: '',
    birth_name: 'Perrin', given_names: 'Odile', birth_date: '1958-11-23', sex: 'F',
    requester: 'patient', scope: 'all', contact: '',
  });
  const sent = await postForm(first, path, fields(first));
  assert.equal(sent.status, 200);
  const firstPage = await sent.text();
  assert.deepEqual(csrfIn(firstPage), [first.csrf]);
  const out = await postForm(first, '/deconnexion', { csrf_token: first.csrf });
  assert.equal(out.status, 303);
  const next = await admin();
  assert.notEqual(next.csrf, first.csrf);
  const again = await postForm(next, path, fields(next));
  assert.equal(again.status, 200);
  const page = await again.text();
  assert.deepEqual(receiptOf(page), receiptOf(firstPage));
  assert.match(receiptOf(page).code ?? '', /\S/);
  assert.deepEqual(csrfIn(page), [next.csrf]);
  assert.ok(!page.includes(first.csrf), 'the old session\'s token is gone');
  assert.ok(!page.includes('garant:csrf-token'), 'no placeholder is ever sent');
  assert.equal(page.replaceAll(next.csrf, first.csrf), firstPage);
  // Its logout form works in the new session.
  const nextOut = await postForm(next, '/deconnexion', { csrf_token: csrfIn(page)[0] });
  assert.equal(nextOut.status, 303);
  assert.equal(nextOut.headers.get('location'), '/connexion');
  assert.equal((await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: next.jar.header() } })).status, 401);
  assert.equal(await countObjections(staff), before + 1);

  // In the browser: sent in one session, logged out with the receipt's
  // button, sent again (same key, same values) in a new session; the
  // receipt's logout button works there.
  const fill = async (p) => {
    await sendConsoleForm(p, { channel: 'phone', birthName: 'Perrin', givenNames: 'Odile Anne', birthDate: '1958-11-23' });
    return {
      reference: (await p.textContent('#receipt-reference')).trim(),
      code: (await p.textContent('#receipt-code')).trim(),
      token: await p.getAttribute('form[action="/deconnexion"] input[name="csrf_token"]', 'value'),
    };
  };
  const pageA = await dpoPage();
  await pageA.goto(`${g.url}${path}`);
  const browserKey = await pageA.getAttribute('input[name="submission_key"]', 'value');
  submissionKeys.push(browserKey);
  const shownA = await fill(pageA);
  await pageA.getByRole('button', { name: 'Se déconnecter' }).click();
  await pageA.waitForURL(`${g.url}/connexion`);
  await pageA.close();
  const pageB = await dpoPage();
  await pageB.goto(`${g.url}${path}`);
  await pageB.locator('input[name="submission_key"]').evaluate((el, k) => { el.value = k; }, browserKey);
  const shownB = await fill(pageB);
  assert.equal(shownB.reference, shownA.reference);
  assert.equal(shownB.code, shownA.code);
  // The browser's session, asked for its token.
  const cookie = (await pageB.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const me = await (await fetch(`${g.url}/api/v1/me`, { headers: { Cookie: cookie } })).json();
  assert.equal(shownB.token, me.csrf_token);
  assert.notEqual(shownB.token, shownA.token);
  await pageB.screenshot({ path: join(shots, 'console-recepisse-nouvelle-session.png'), fullPage: true });
  await pageB.getByRole('button', { name: 'Se déconnecter' }).click();
  await pageB.waitForURL(`${g.url}/connexion`);
  await pageB.close();
  assert.equal(await countObjections(staff), before + 2);
});

test('the public forms sent twice record one objection and show the same receipt again', async () => {
  // A garantd of its own, so that these submissions do not spend the
  // per-address bucket of the other tests (30 at once).
  const own = new Garantd();
  try {
    await own.start({ demo: false });
    const count = () => Number(own.psql('SELECT count(*) FROM objections').trim());
    const open = async (path) => {
      const jar = new Jar();
      const r = await fetch(`${own.url}${path}`);
      assert.equal(r.status, 200);
      jar.store(r);
      const html = await r.text();
      const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
      const key = field('submission_key');
      assert.match(key ?? '', /^[0-9a-f]{32}$/, `${path} carries a fresh key`);
      submissionKeys.push(key);
      return { jar, csrf_token: field('csrf_token'), submission_key: key,
        notice_shown: field('notice_shown'), notice_mac: field('notice_mac') };
    };
    const send = (path, form, fields) => fetch(`${own.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.jar.header() },
      body: new URLSearchParams(Object.entries({ csrf_token: form.csrf_token,
        submission_key: form.submission_key, notice_shown: form.notice_shown,
        notice_mac: form.notice_mac, ...fields }).filter(([, v]) => v !== undefined)).toString(),
    });
    const patient = await open('/opposition');
    const fields = { birth_name: 'Garnier', given_names: 'Inès', birth_date: '1990-07-14', sex: 'F',
      requester: 'patient', scope: 'all', contact: '' };
    const first = await send('/opposition', patient, fields);
    assert.equal(first.status, 200);
    const page = await first.text();
    const got = receiptOf(page);
    assert.match(got.reference ?? '', /^OPP-/);
    // Sent again: the same receipt, code included (the person keeps the
    // code she was shown last); one objection.
    const again = await send('/opposition', patient, fields);
    assert.equal(again.status, 200);
    assert.equal(await again.text(), page);
    assert.equal(count(), 1);
    const other = await send('/opposition', patient, { ...fields, given_names: 'Inès Marie' });
    assert.equal(other.status, 409);
    assert.match(await other.text(), /déjà été envoyé avec d(&#39;|')autres valeurs/);
    assert.equal(count(), 1);

    const pro = await open('/opposition/professionnel');
    const proFirst = await send('/opposition/professionnel', pro, { rpps: '10007890125', contact: '' });
    assert.equal(proFirst.status, 200);
    const proPage = await proFirst.text();
    assert.match(receiptOf(proPage).reference ?? '', /^OPP-/);
    assert.equal(await (await send('/opposition/professionnel', pro, { rpps: '10007890125', contact: '' })).text(), proPage);
    assert.equal(count(), 2);
    // Another person's browser cannot replay it: the key is the form's own.
    const stranger = await open('/opposition/professionnel');
    const theirs = await send('/opposition/professionnel', stranger, { rpps: '10007890125', contact: '' });
    assert.equal(theirs.status, 200);
    assert.notEqual(receiptOf(await theirs.text()).reference, receiptOf(proPage).reference);
    assert.equal(count(), 3);
    await own.stop();
  } finally {
    own.cleanup();
  }
});

test('the DPO marks the answer as sent, filters what is left to do, pages, and prints a letter', async () => {
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  // 55 objections by phone: more than one page of 50.
  const refs = [];
  for (let i = 0; i < 55; i++) {
    const r = await fetch(`${g.url}/api/v1/objections`, {
      method: 'POST', headers,
      body: JSON.stringify({ birth_name: `Pagination${String.fromCharCode(65 + (i % 26))}`, given_names: 'Zoé',
        birth_date: '1970-01-01', sex: 'F', requester: 'patient', channel: 'phone',
        contact: '12 rue des Lilas\n31000 Toulouse' }),
    });
    const body = await r.text();
    assert.equal(r.status, 201, body);
    refs.push(JSON.parse(body).reference);
  }
  const newest = refs[refs.length - 1];
  assert.match(newest, /^OPP-/);

  const page = await dpoPage();
  await page.goto(`${g.url}/console/oppositions?reponse=a_traiter`);
  assert.match(await page.textContent('#objections caption'), /Oppositions 1 à 50/);
  assert.equal(await page.locator('#objections tbody tr').count(), 50);
  assert.match(await page.textContent('#objections tbody'), /À envoyer avant le/);
  await page.screenshot({ path: join(shots, 'console-oppositions-a-traiter.png'), fullPage: true });
  await page.click('#page-next');
  await page.waitForURL(/reponse=a_traiter&page=2$/);
  assert.match(await page.textContent('#objections caption'), /Oppositions 51 à/);
  assert.ok(await page.locator('#page-previous').count() === 1);
  assert.deepEqual(await axeViolations(page), []);

  // Mark the newest one answered, with the date as a French person types it.
  await page.goto(`${g.url}/console/oppositions/${newest}`);
  const today = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' }).format(new Date());
  assert.equal(await page.inputValue('#sent-on'), today);
  await page.fill('#sent-on', '31/02/2026');
  await page.getByRole('button', { name: 'Marquer la réponse comme envoyée' }).click();
  assert.match(await page.textContent('#detail-error'), /JJ\/MM\/AAAA/);
  assert.equal((await auditEntries('objection.answer_sent', newest)).length, 0);
  await page.fill('#sent-on', today);
  await page.getByRole('button', { name: 'Marquer la réponse comme envoyée' }).click();
  await page.waitForURL(`${g.url}/console/oppositions/${newest}?ok=reponse`);
  assert.match(await page.textContent('#detail-answer'), new RegExp(`le ${today} \\(marquée par Déléguée à la protection des données`));
  assert.equal(await page.locator('#answer-form').count(), 0);
  const marks = await auditEntries('objection.answer_sent', newest);
  assert.equal(marks.length, 1);
  // Marking again (a stale form) changes nothing.
  const again = await fetch(`${g.url}/console/oppositions/${newest}/reponse`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: staff.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: staff.csrf, sent_on: today }).toString(),
  });
  assert.equal(again.status, 303);
  assert.equal((await auditEntries('objection.answer_sent', newest)).length, 1);
  await page.screenshot({ path: join(shots, 'console-opposition-answered.png'), fullPage: true });

  // The list: the answered column, and the filter leaves it out.
  await page.goto(`${g.url}/console/oppositions?reference=${newest}`);
  assert.match(await page.textContent('#objections tbody'), new RegExp(`Envoyée le ${today}`));
  await page.goto(`${g.url}/console/oppositions?reponse=a_traiter`);
  assert.doesNotMatch(await page.textContent('#objections tbody'), new RegExp(newest));
  assert.match(await page.textContent('#objections tbody'), new RegExp(refs[refs.length - 2]));
  await page.goto(`${g.url}/console/oppositions?reponse=envoyee`);
  assert.match(await page.textContent('#objections tbody'), new RegExp(newest));

  // The confirmation letter: filled from the sealed identity, one audited reading.
  await page.goto(`${g.url}/console/oppositions/${newest}`);
  const readsBefore = (await identityReads(newest)).length;
  await page.getByRole('button', { name: /Préparer la lettre/ }).click();
  await page.locator('#letter').waitFor();
  const letter = await page.textContent('#letter');
  assert.match(letter, /Zoé Pagination/);
  assert.match(await page.innerHTML('#letter-address'), /12 rue des Lilas<br>31000 Toulouse/);
  assert.match(letter, new RegExp(newest));
  assert.match(letter, /lors de votre appel téléphonique/);
  assert.match(letter, /ne change rien à vos soins/);
  assert.equal((await identityReads(newest)).length, readsBefore + 1);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-opposition-lettre.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header nav').isVisible(), false);
  assert.equal(await page.locator('.no-print').first().isVisible(), false);
  await page.pdf({ path: join(shots, 'console-opposition-lettre.pdf') }).catch(() => {});
  await page.emulateMedia({ media: 'screen' });
  // On a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'console-opposition-lettre-390.png'), fullPage: true });
  await page.goto(`${g.url}/console/oppositions?reponse=a_traiter`);
  await page.screenshot({ path: join(shots, 'console-oppositions-390.png'), fullPage: true });
  await page.goto(`${g.url}/console/oppositions/${newest}`);
  await page.screenshot({ path: join(shots, 'console-opposition-detail-390.png'), fullPage: true });
  await page.close();

  // The identity and the letter are the DPO's: an administrator gets neither.
  const admin = await staffLogin('admin', 'garant-demo-admin');
  for (const path of ['identite', 'lettre']) {
    const r = await fetch(`${g.url}/console/oppositions/${newest}/${path}`, {
      method: 'POST', redirect: 'manual',
      headers: { Cookie: admin.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf_token: admin.csrf }).toString(),
    });
    assert.equal(r.status, 403, path);
  }
  // Without the CSRF token: refused, nothing read.
  const noCsrf = await fetch(`${g.url}/console/oppositions/${newest}/identite`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: staff.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: '',
  });
  assert.equal(noCsrf.status, 403);
  assert.equal((await identityReads(newest)).length, readsBefore + 1);
});

test('the JSON API records, searches and reads objections, with CSRF and roles', async () => {
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header() };
  const body = {
    birth_name: 'Garcia', given_names: 'Lucía', birth_date: '1990-05-00', sex: 'f',
    requester: 'patient', channel: 'phone', contact: '06 00 00 00 00',
  };
  // No CSRF header: refused, nothing recorded.
  const count = (await countObjections(staff));
  let r = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers, body: JSON.stringify(body) });
  assert.equal(r.status, 403);
  assert.equal((await countObjections(staff)), count);

  const withCsrf = { ...headers, 'X-CSRF-Token': staff.csrf };
  r = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers: withCsrf, body: JSON.stringify(body) });
  assert.equal(r.status, 201);
  const created = await r.json();
  assert.match(created.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(created.channel, 'phone');
  assert.ok(Date.parse(created.deadline) > Date.parse(created.received_at) + 27 * 86400e3);

  // Invalid fields: 400 with every field error; unknown fields: 400.
  r = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST', headers: withCsrf,
    body: JSON.stringify({ ...body, birth_date: '1990-13-01', sex: 'X' }),
  });
  assert.equal(r.status, 400);
  const err = (await r.json()).error;
  assert.deepEqual(err.fields.map((f) => f.field), ['birth_date', 'sex']);
  // Each field names its rule by a stable reason, with the French the form shows.
  assert.deepEqual(err.fields.map((f) => f.reason), ['birth_month_out_of_range', 'sex_invalid']);
  assert.equal(err.fields[1].message_fr, 'Indiquez le sexe.');
  r = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST', headers: withCsrf, body: JSON.stringify({ ...body, reason: 'x' }),
  });
  assert.equal(r.status, 400);
  assert.match((await r.json()).error.message, /unknown field 'reason'/);
  r = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST', headers: withCsrf, body: JSON.stringify({ ...body, channel: 'web' }),
  });
  assert.equal(r.status, 400);
  assert.equal((await countObjections(staff)), count + 1);

  // Search and read.
  const phones = await listObjections(staff, '?channel=phone&status=effective');
  assert.ok(phones.some((o) => o.reference === created.reference));
  r = await fetch(`${g.url}/api/v1/objections?status=nope`, { headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 400);
  r = await fetch(`${g.url}/api/v1/objections/${created.reference}?include=identity`, { headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 200);
  const detail = await r.json();
  assert.equal(detail.identity.given_names, 'Lucía');
  assert.equal(detail.contact, '06 00 00 00 00');
  assert.equal(detail.tokens.length, 1);
  r = await fetch(`${g.url}/api/v1/objections/OPP-0000-0000`, { headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 404);

  // Withdrawal on the person's behalf: CSRF, then 200, then 409.
  const withdraw = `${g.url}/api/v1/objections/${created.reference}/withdraw`;
  r = await fetch(withdraw, { method: 'POST', headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 403);
  r = await fetch(withdraw, { method: 'POST', headers: { Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf } });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).status, 'withdrawn');
  r = await fetch(withdraw, { method: 'POST', headers: { Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf } });
  assert.equal(r.status, 409);

  // The admin reads objections but not clear identity; other roles nothing.
  const admin = await staffLogin('admin', 'garant-demo-admin');
  r = await fetch(`${g.url}/api/v1/objections/${created.reference}`, { headers: { Cookie: admin.jar.header() } });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).identity, undefined);
  r = await fetch(`${g.url}/api/v1/objections/${created.reference}?include=identity`, { headers: { Cookie: admin.jar.header() } });
  assert.equal(r.status, 403);
  const auditor = await staffLogin('auditeur', 'garant-demo-auditeur');
  r = await fetch(`${g.url}/api/v1/objections`, { headers: { Cookie: auditor.jar.header() } });
  assert.equal(r.status, 403);
  r = await fetch(`${g.url}/api/v1/objections`);
  assert.equal(r.status, 401);
});

// Idempotency-Key (docs/objections.md, "Retries: Idempotency-Key").
const idempotencyKeys = [];  // never to be logged
test('Idempotency-Key: a retry gets the first answer and records nothing; another body is 422; a malformed key is 400', async () => {
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  const post = (key, body, as = headers) => fetch(`${g.url}/api/v1/objections`, {
    method: 'POST',
    headers: key === undefined ? as : { ...as, 'Idempotency-Key': key },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const body = {
    birth_name: 'Rousseau', given_names: 'Camille', birth_date: '1979-11-02', sex: 'F',
    requester: 'patient', channel: 'letter',
  };
  const key = randomUUID();
  idempotencyKeys.push(key);
  const count = await countObjections(staff);

  let r = await post(`"${key}"`, body);  // the draft's form: a Structured Field string
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'false');
  const first = await r.json();
  assert.equal(await countObjections(staff), count + 1);

  // The same body (members in another order, other spacing), the key quoted
  // or bare: the first answer, same reference and code, nothing recorded.
  const reordered = JSON.stringify({
    channel: 'letter', requester: 'patient', sex: 'F', birth_date: '1979-11-02',
    given_names: 'Camille', birth_name: 'Rousseau',
  }, null, 2);
  for (const [k, b] of [[`"${key}"`, body], [key, reordered]]) {
    r = await post(k, b);
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await r.json(), first);
  }
  assert.equal(await countObjections(staff), count + 1);
  assert.equal((await auditEntries('objection.created', first.reference)).length, 1);

  // The same key with another body: 422, nothing recorded, and the key
  // still answers its first body.
  r = await post(key, { ...body, given_names: 'Camille Anne' });
  assert.equal(r.status, 422);
  let err = (await r.json()).error;
  assert.equal(err.code, 'unprocessable_content');
  assert.equal(err.reason, 'idempotency_key_reused');
  assert.match(err.message, /Idempotency-Key: this key was already used for another request body/);
  assert.equal(await countObjections(staff), count + 1);
  r = await post(key, body);
  assert.equal((await r.json()).reference, first.reference);

  // Malformed keys: 400 with the reason and what is wrong, nothing recorded.
  for (const [bad, says] of [
    ['', /must not be empty/], ['k'.repeat(256), /at most 255 characters/],
    ['"unterminated', /must end with/], ['a\tb', /printable ASCII/], ['caf\u00e9', /printable ASCII/],
  ]) {
    r = await post(bad, body);
    assert.equal(r.status, 400, JSON.stringify(bad));
    err = (await r.json()).error;
    assert.equal(err.reason, 'idempotency_key_invalid');
    assert.match(err.message, says);
  }
  // The header twice (two lines, which fetch would join): 400, nothing recorded.
  const twice = await new Promise((resolve, reject) => {
    const u = new URL(`${g.url}/api/v1/objections`);
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: { ...headers, 'Idempotency-Key': [randomUUID(), randomUUID()] },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
  assert.equal(twice.status, 400);
  assert.equal(twice.body.error.reason, 'idempotency_key_invalid');
  assert.match(twice.body.error.message, /sent more than once/);
  assert.equal(await countObjections(staff), count + 1);
  r = await post('k'.repeat(255), body);  // the longest key is accepted
  assert.equal(r.status, 201);
  assert.equal(await countObjections(staff), count + 2);

  // The key is the account's: the admin's request with the same key records
  // its own objection.
  const admin = await staffLogin('admin', 'garant-demo-admin');
  r = await post(key, body, { 'Content-Type': 'application/json', Cookie: admin.jar.header(), 'X-CSRF-Token': admin.csrf });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'false');
  assert.notEqual((await r.json()).reference, first.reference);
  assert.equal(await countObjections(staff), count + 3);

  // Without the header, nothing changes: each request records.
  for (let i = 0; i < 2; ++i) {
    r = await post(undefined, body);
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('idempotent-replayed'), null);
  }
  assert.equal(await countObjections(staff), count + 5);

  // A health professional's objection is keyed the same way.
  const physician = { subject_kind: 'professional', rpps: '10009876543', channel: 'phone' };
  const pkey = randomUUID();
  idempotencyKeys.push(pkey);
  r = await post(pkey, physician);
  assert.equal(r.status, 201);
  const pfirst = await r.json();
  r = await post(pkey, physician);
  assert.equal(r.status, 201);
  assert.deepEqual(await r.json(), pfirst);
  r = await post(pkey, { ...physician, rpps: '10009876544' });
  assert.equal(r.status, 422);
  assert.equal(await countObjections(staff), count + 6);
});

test('Idempotency-Key: concurrent retries with one key record one objection and all get its answer', async () => {
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  const body = JSON.stringify({
    birth_name: 'Fontaine', given_names: 'Hugo', birth_date: '1964-07-21', sex: 'M',
    requester: 'patient', channel: 'in_person',
  });
  const count = await countObjections(staff);
  for (let round = 0; round < 3; ++round) {
    const key = randomUUID();
    idempotencyKeys.push(key);
    const answers = await Promise.all(Array.from({ length: 8 }, async () => {
      const r = await fetch(`${g.url}/api/v1/objections`, {
        method: 'POST', headers: { ...headers, 'Idempotency-Key': key }, body,
      });
      return { status: r.status, replayed: r.headers.get('idempotent-replayed'), body: await r.json() };
    }));
    for (const a of answers) {
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.deepEqual(a.body, answers[0].body);
    }
    assert.equal(answers.filter((a) => a.replayed === 'false').length, 1);
    assert.equal(await countObjections(staff), count + round + 1);
    assert.equal((await auditEntries('objection.created', answers[0].body.reference)).length, 1);
  }
});

test('the JSON search pages and checks its dates; bad parameters are 400 with the reason', async () => {
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  // Two letters received on two known days, 200 and 201 days ago.
  const at = (days) => new Date(Math.floor(Date.now() / 1000 - days * 86400) * 1000).toISOString().replace('.000Z', 'Z');
  const made = [];
  for (const days of [200, 201]) {
    // One instant per letter: computing it again after the answer could
    // fall in the next second (this test once failed so in CI).
    const receivedAt = at(days);
    const r = await fetch(`${g.url}/api/v1/objections`, {
      method: 'POST', headers,
      body: JSON.stringify({ birth_name: 'Nguyen', given_names: 'Thi Mai', birth_date: '1960-00-00', sex: 'f',
        requester: 'patient', channel: 'letter', received_at: receivedAt }),
    });
    const text = await r.text();
    assert.equal(r.status, 201, text);
    made.push({ ...JSON.parse(text), at: receivedAt, day: receivedAt.slice(0, 10) });
  }
  const refs = async (q) => (await listObjections(staff, q)).map((o) => o.reference);
  const [a, b] = made;
  letter = a.reference;
  // A day bound holds that whole UTC day, and only it.
  let found = await refs(`?from=${a.day}&to=${a.day}`);
  assert.ok(found.includes(a.reference) && !found.includes(b.reference), found.join(' '));
  found = await refs(`?from=${b.day}&to=${b.day}`);
  assert.ok(found.includes(b.reference) && !found.includes(a.reference), found.join(' '));
  // RFC 3339 bounds are exact: from is inclusive, to exclusive.
  const later = new Date(Date.parse(a.at) + 1000).toISOString().replace('.000Z', 'Z');
  assert.ok((await refs(`?from=${a.at}&to=${later}`)).includes(a.reference));
  assert.ok(!(await refs(`?from=${later}`)).includes(a.reference));
  assert.ok(!(await refs(`?to=${a.at}`)).includes(a.reference));

  // Paging: pages of the full list, in its order (received_at descending).
  const all = await refs('?limit=500');
  assert.ok(all.length >= 4 && all.length < 500);
  assert.deepEqual(await refs('?limit=2'), all.slice(0, 2));
  assert.deepEqual(await refs('?limit=2&offset=1'), all.slice(1, 3));
  assert.deepEqual(await refs(`?limit=3&offset=${all.length - 1}`), all.slice(-1));
  assert.deepEqual(await refs(`?offset=${all.length}`), []);

  for (const [q, message] of [
    ['from=2026-13-01', 'from: RFC 3339 time or YYYY-MM-DD'],
    ['to=01/02/2026', 'to: RFC 3339 time or YYYY-MM-DD'],
    ['from=2026-02-01T25:00:00Z', 'from: RFC 3339 time or YYYY-MM-DD'],
    ['limit=0', 'limit: out of range'], ['limit=501', 'limit: out of range'],
    ['limit=dix', 'limit: not a number'], ['offset=-1', 'offset: not a number'],
    ['offset=1000000', 'offset: out of range'], ['channel=fax', 'channel: web, letter, phone or in_person'],
  ]) {
    const r = await fetch(`${g.url}/api/v1/objections?${q}`, { headers: { Cookie: staff.jar.header() } });
    assert.equal(r.status, 400, q);
    const err = (await r.json()).error;
    assert.equal(err.code, 'invalid_argument', q);
    assert.equal(err.message, message, q);
  }
});

test('the objection console is for the DPO and the admin; the admin never sees an identity', async () => {
  const ref = letter;
  const paths = ['/console/oppositions', '/console/oppositions/nouvelle', `/console/oppositions/${ref}`];
  for (const [user, password] of [['secretaire', 'garant-demo-secretaire'], ['auditeur', 'garant-demo-auditeur']]) {
    const other = await staffLogin(user, password);
    for (const path of paths) {
      const r = await fetch(`${g.url}${path}`, { headers: { Cookie: other.jar.header() }, redirect: 'manual' });
      assert.equal(r.status, 403, `${user} ${path}`);
      assert.match(await r.text(), /<html lang="fr">/);
    }
    // Nor may they post the forms, even with their own CSRF token.
    const r = await fetch(`${g.url}/console/oppositions/${ref}/retrait`, {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: other.jar.header() },
      body: new URLSearchParams({ csrf_token: other.csrf, confirm: 'oui' }).toString(),
    });
    assert.equal(r.status, 403, `${user} withdrawal`);
    assert.equal((await listObjections(staff, `?reference=${ref}`))[0].status, 'effective');
    const api = await fetch(`${g.url}/api/v1/objections/${ref}`, { headers: { Cookie: other.jar.header() } });
    assert.equal(api.status, 403, `${user} API`);
  }
  // Signed out: the console pages send to the login page.
  const anon = await fetch(`${g.url}/console/oppositions/${ref}`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), '/connexion');

  // The admin opens the same objection: its reference, never the identity,
  // and may not press the identity button (the DPO's press shows it, as the
  // control).
  const admin = await staffLogin('admin', 'garant-demo-admin');
  const adminPage = await fetch(`${g.url}/console/oppositions/${ref}`, { headers: { Cookie: admin.jar.header() } });
  assert.equal(adminPage.status, 200);
  const html = await adminPage.text();
  assert.ok(html.includes(ref));
  const press = (who) => fetch(`${g.url}/console/oppositions/${ref}/identite`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: who.jar.header() },
    body: new URLSearchParams({ csrf_token: who.csrf }).toString(),
  });
  const dpoPress = await press(staff);
  assert.equal(dpoPress.status, 200);
  assert.match(await dpoPress.text(), /Nguyen/);
  const adminPress = await press(admin);
  assert.equal(adminPress.status, 403);
  assert.doesNotMatch(await adminPress.text(), /Nguyen|NGUYEN|Thi Mai|1960/);
  assert.doesNotMatch(html, /Nguyen|NGUYEN|Thi Mai|1960/);
  assert.doesNotMatch(html, /id="detail-identity"/);
  const detail = await fetch(`${g.url}/api/v1/objections/${ref}?include=identity`, { headers: { Cookie: admin.jar.header() } });
  assert.equal(detail.status, 403);
});

// ---- HTTP bad input on the public form ----

test('a form sent after its token expired comes back with what was typed, and goes through when sent again', async () => {
  const count = await countObjections(staff);
  // The cookie is gone (expired, or another browser): nothing recorded, the
  // form again with what was typed and a fresh token.
  const jar = new Jar();
  let r = await fetch(`${g.url}/opposition`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...person, used_name: 'Épouse-Test', csrf_token: 'b'.repeat(64) }).toString(),
  });
  assert.equal(r.status, 403);
  jar.store(r);
  let html = await r.text();
  assert.match(html, /<title>Erreur : /);
  assert.match(html, /Ce formulaire a expiré, ou il a été ouvert dans un autre navigateur : rien n&#39;a été enregistré\./);
  assert.match(html, /value="Épouse-Test"/);
  assert.match(html, new RegExp(`value="${person.birth_name}"`));
  const token = html.match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  assert.equal(await countObjections(staff), count);
  // Sent again as it came back: recorded once.
  r = await postForm({ jar }, '/opposition', { ...person, used_name: 'Épouse-Test', csrf_token: token });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /OPP-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  assert.equal(await countObjections(staff), count + 1);

  // The receipt lookups: the reference typed comes back, never the code.
  for (const path of ['/opposition/statut', '/opposition/retrait']) {
    r = await fetch(`${g.url}${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reference: 'OPP-ABCD-EFGH', code: 'SECR-ETCO-DE12', csrf_token: 'c'.repeat(64) }).toString(),
    });
    assert.equal(r.status, 403, path);
    html = await r.text();
    assert.match(html, /value="OPP-ABCD-EFGH"/, path);
    assert.ok(!html.includes('SECR-ETCO-DE12'), `${path} never shows the code`);
    assert.match(html, /Ce formulaire a expiré/, path);
  }
  // A JSON API call without its token is still a plain 403 error.
  r = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: staff.jar.header() },
    body: JSON.stringify({}),
  });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'csrf_failed');
});

test('bad public submissions are refused and nothing is half-recorded', async () => {
  const count = (await countObjections(staff));
  const s = await formSession();
  const good = { ...person, csrf_token: s.token };

  // Missing CSRF token (cookie present), forged token, no cookie at all.
  let r = await postForm(s, '/opposition', { ...person });
  assert.equal(r.status, 403);
  assert.match(await r.text(), /<html lang="fr">/);
  r = await postForm(s, '/opposition', { ...person, csrf_token: 'a'.repeat(64) });
  assert.equal(r.status, 403);
  r = await fetch(`${g.url}/opposition`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(good).toString(),
  });
  assert.equal(r.status, 403);

  // Invalid UTF-8 (raw and percent-encoded): malformed input, so 400 (a bad
  // request, not a CSRF failure: docs/objections.md, docs/error-model.md),
  // answered by the dispatcher before the handler, with the French error page.
  for (const bad of ['%FF%FE', '%C3%28', '%ED%A0%80']) {
    r = await postForm(s, '/opposition', null, {
      raw: `${new URLSearchParams(good).toString()}&birth_name=${bad}`,
    });
    assert.equal(r.status, 400, bad);
    assert.match(await r.text(), /<html lang="fr">/, bad);
  }
  r = await postForm(s, '/opposition', null, {
    raw: Buffer.concat([Buffer.from(`csrf_token=${s.token}&birth_name=`), Buffer.from([0xc3, 0x28])]),
  });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /<html lang="fr">/);

  // Oversized body: 413 (limit 1 MiB).
  assert.equal(await postOversized(s, '/opposition', `${new URLSearchParams(good).toString()}&contact=aaaa`), 413);

  // Over-long fields and wrong choices: 400 with the form, French messages.
  for (const [field, value] of [['contact', 'x'.repeat(600)], ['birth_name', 'A'.repeat(150)],
    ['requester', 'voisin'], ['sex', 'X'], ['birth_date', '14/03/85'], ['scope', 'tout'],
    ['given_names', ', ,'], ['given_names', `Marie ${'x'.repeat(400)}`], ['ins', '285037512345600']]) {
    r = await postForm(s, '/opposition', { ...good, [field]: value });
    assert.equal(r.status, 400, field);
    const html = await r.text();
    assert.match(html, new RegExp(`id="${field}-error"`), field);
  }
  assert.equal((await countObjections(staff)), count, 'nothing recorded by refused submissions');

  // Unknown fields are ignored (documented): the objection is recorded.
  r = await postForm(s, '/opposition', { ...good, motif: 'pas de raison', admin: 'true' });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /id="receipt-reference"/);
  assert.equal((await countObjections(staff)), count + 1);
});

test('wrong receipt codes get one answer, then are slowed', async () => {
  const s = await formSession('/opposition/statut');
  // Unknown reference and wrong code: the same French answer.
  let r = await postForm(s, '/opposition/statut', { csrf_token: s.token, reference: 'OPP-0000-0000', code: 'AAAA-BBBB-CCCC' });
  assert.equal(r.status, 404);
  const unknown = (await r.text()).match(/id="lookup-error">([^<]*)</)[1];
  r = await postForm(s, '/opposition/statut', { csrf_token: s.token, reference: receipt.reference, code: 'AAAA-BBBB-CCCC' });
  assert.equal(r.status, 404);
  const wrong = (await r.text()).match(/id="lookup-error">([^<]*)</)[1];
  assert.equal(unknown, wrong);
  assert.match(wrong, /Aucune opposition ne correspond/);
  // Withdrawal with a wrong code changes nothing.
  r = await postForm(s, '/opposition/retrait', { csrf_token: s.token, reference: receipt.reference, code: 'AAAA-BBBB-CCCC', confirm: 'oui' });
  assert.equal(r.status, 404);
  // After 5 failures on one reference, the next try must wait.
  let last;
  for (let i = 0; i < 4; i++) {
    last = await postForm(s, '/opposition/statut', { csrf_token: s.token, reference: receipt.reference, code: 'AAAA-BBBB-CCC' + i });
  }
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) >= 1);
});

test('per address: a burst of exactly 30 submissions, and 20 wrong receipt lookups', async () => {
  // A garantd of its own: the bucket of 127.0.0.1 is full (the other tests
  // of this file submit from the same address). server/src/objections/rate_limit.h:
  // kBurst = 30 at once, then one every kRefill = 10 s.
  const own = new Garantd();
  try {
    await own.start({ demo: false });
    const jar = new Jar();
    const page = await fetch(`${own.url}/opposition`);
    jar.store(page);
    const token = (await page.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
    const submit = () => fetch(`${own.url}/opposition`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ csrf_token: token }).toString(), // empty: 400, nothing recorded
    });
    for (let i = 0; i < 30; i++) {
      const r = await submit();
      assert.equal(r.status, 400, `submission ${i + 1} of the burst`);
      await r.arrayBuffer();
    }
    const limited = await submit();
    assert.equal(limited.status, 429, 'the 31st submission');
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 10, `Retry-After ${wait}`);
    // The form comes back (what was typed kept), with the French reason.
    const html = await limited.text();
    assert.match(html, /id="form-refused"[^]*Trop de demandes[^]*Rien n(&#39;|')a été enregistré/);
    assert.match(html, /name="birth_name"/);
    assert.match(html, /<title>Erreur : /);

    // Wrong receipt lookups from one address, each on another reference (so
    // the per-reference limit of 5 never applies): staff/login_throttle.h
    // kFreeFailuresPerAddress = 20 are answered, the 21st must wait.
    const lookup = (i) => fetch(`${own.url}/opposition/statut`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ csrf_token: token, reference: `OPP-0000-${String(i).padStart(4, '0')}`, code: 'AAAA-BBBB-CCCC' }).toString(),
    });
    for (let i = 0; i < 20; i++) {
      const r = await lookup(i);
      assert.equal(r.status, 404, `wrong lookup ${i + 1} of 20`);
      await r.arrayBuffer();
    }
    const slowed = await lookup(20);
    assert.equal(slowed.status, 429, 'the 21st wrong lookup from the address');
    const after = Number(slowed.headers.get('retry-after'));
    assert.ok(Number.isInteger(after) && after >= 1 && after <= 2, `Retry-After ${after}`);
    assert.match(await slowed.text(), /id="lookup-error">Trop de tentatives/);
    await own.stop();
  } finally {
    own.cleanup();
  }
});

test('no proof before a signed checkpoint covers the entry: a French 503 with Retry-After', async () => {
  // The superuser holds back the signer: new checkpoints wait on this lock
  // (reads do not), so the next objection's entry stays unsigned until released.
  const port = readFileSync(join(g.dataDir, 'pg.port'), 'utf8').trim();
  const psqlArgs = ['-h', join(g.dataDir, 'run'), '-p', port, '-d', 'garant', '-v', 'ON_ERROR_STOP=1', '-At'];
  const holder = process.getuid() === 0
    ? spawn('runuser', ['-u', 'postgres', '--', 'psql', ...psqlArgs], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('psql', ['-U', 'postgres', ...psqlArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((res) => holder.on('exit', res));
  let out = '';
  holder.stdout.on('data', (d) => { out += d; });
  holder.stdin.write("BEGIN; LOCK TABLE audit_checkpoints IN EXCLUSIVE MODE; SELECT 'locked';\n");
  try {
    for (let i = 0; i < 100 && !out.includes('locked'); i++) await new Promise((res) => setTimeout(res, 100));
    assert.ok(out.includes('locked'), 'the checkpoint table is locked');
    const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
    const body = { birth_name: 'Noether', given_names: 'Emmy', birth_date: '1982-03-23', sex: 'F', requester: 'patient', channel: 'letter' };
    const r = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(r.status, 201);
    const created = await r.json();
    const s = await formSession('/opposition/statut');
    const proof = await postForm(s, '/opposition/preuve', { csrf_token: s.token, reference: created.reference, code: created.code });
    assert.equal(proof.status, 503);
    assert.equal(proof.headers.get('retry-after'), '5');
    const html = await proof.text();
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /La preuve n&#39;est pas encore disponible : le journal d&#39;audit est signé toutes les quelques secondes\. Réessayez dans un instant\./);
  } finally {
    holder.stdin.end('ROLLBACK;\n');
    await exited;
  }
});

test('garantd never logged a receipt code, an identity typed, a password or a CSRF token', () => {
  assertNoSecretsLogged(g, [
    ...DEMO_PASSWORDS, receipt.code, receipt.code.replaceAll('-', ''), staff.csrf,
    ...staff.jar.cookies.values(),
    // typed in the forms and the API by this suite
    'Dupont-Leroy', 'DUPONT', 'Jean-Christophe', 'jc.dupont@example.org', '1985-03-14', '14/03/1985',
    'Lefèvre', "D'Artagnan", 'Anne-Sophie', 'Lambert', 'Élodie', 'rue des Lilas', 'Nguyen', 'Thi Mai',
    'Moreau', '3 place du Marché', 'Garnier', 'Garcia', 'Lucía', '06 00 00 00 00',
    ...idempotencyKeys, ...submissionKeys,
  ]);
});
