// Health professionals (issue #14, R9) end to end against garantd --dev --demo:
// - /opposition/professionnel in Chromium with JavaScript DISABLED: their
//   rights in French, the objection keyed on the RPPS number, a receipt;
//   status and withdrawal through the patients' pages; axe-clean pages,
//   screenshots under /tmp/garant-rpps-screenshots;
// - bad inputs: 10 and 12 digits, letters, a forged or missing CSRF token:
//   each refused, nothing recorded;
// - the DPO console lists professionals and opens the sealed RPPS number;
// - the exclusion list carries the token with the scope "professional",
//   computed here with Node's crypto from docs/pseudonymisation-v1-rpps.md.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Jar, staffLogin } from './lib/garantd.mjs';
import { browserSuite, staffPage } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';

const suite = browserSuite();
const { g } = suite;
const shots = '/tmp/garant-rpps-screenshots';
mkdirSync(shots, { recursive: true });

const RPPS = '10001234567';
let receipt;  // { reference, code }

const rppsToken = (rpps) => createHmac('sha256',
  Buffer.from(readFileSync(join(g.dataDir, 'keys', 'pseudonymisation.key'), 'utf8').trim(), 'hex'))
  .update(`garant-v1|rpps|${rpps}`).digest('hex');

async function professionals(staff) {
  const r = await fetch(`${g.url}/api/v1/objections?subject_kind=professional&limit=500`,
    { headers: { Cookie: staff.jar.header() } });
  assert.equal(r.status, 200);
  return (await r.json()).objections;
}

async function formSession(path = '/opposition/professionnel') {
  const jar = new Jar();
  const r = await fetch(`${g.url}${path}`);
  assert.equal(r.status, 200);
  jar.store(r);
  const m = (await r.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, 'the form carries its CSRF token');
  return { jar, token: m[1] };
}

const postForm = (s, path, fields, cookie = s.jar.header()) => fetch(`${g.url}${path}`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual',
});

test('a physician reads their rights and objects without JavaScript', async () => {
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const before = (await professionals(staff)).length;
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  const res = await page.goto(`${g.url}/opposition/professionnel`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const main = await page.textContent('main');
  assert.match(main, /numéro RPPS/);
  assert.match(main, /Les dossiers des patients ne sont pas supprimés/);
  assert.match(main, /article 21/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'professionnel-formulaire.png'), fullPage: true });

  // Typed as printed on a card, with spaces between the groups.
  await page.fill('input[name="rpps"]', '10 00 123 4567');
  await page.fill('textarea[name="contact"]', 'dr.lambert@example.org');
  await page.getByRole('button', { name: 'Enregistrer mon opposition' }).click();
  await page.locator('#receipt-reference').waitFor();
  receipt = {
    reference: (await page.textContent('#receipt-reference')).trim(),
    code: (await page.textContent('#receipt-code')).trim(),
  };
  assert.match(receipt.reference, /^OPP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match(await page.textContent('#receipt-scope'), /identifiant de professionnel de santé/);
  assert.match(await page.textContent('#receipt-next'), /dossiers des patients ne sont pas supprimés/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'professionnel-recepisse.png'), fullPage: true });

  const after = await professionals(staff);
  assert.equal(after.length, before + 1);
  const o = after.find((x) => x.reference === receipt.reference);
  assert.equal(o.subject_kind, 'professional');
  assert.equal(o.requester, 'professional');
  assert.equal(o.scope, 'professional');
  assert.equal(o.token_count, 1);
  assert.equal(o.channel, 'web');
  await page.close();
});

test('status and withdrawal use the receipt like a patient\'s', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition/statut`);
  await page.fill('input[name="reference"]', receipt.reference);
  await page.fill('input[name="code"]', receipt.code);
  await page.getByRole('button', { name: 'Consulter' }).click();
  await page.locator('#status-effect').waitFor();
  assert.match(await page.textContent('#status-effect'), /numéro RPPS\) est retiré/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'professionnel-statut.png'), fullPage: true });
  await page.close();
});

test('bad numbers are refused next to the field, in French, and nothing is recorded', async () => {
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const before = (await professionals(staff)).length;
  const cases = [
    ['1000123456', /exactement 11 chiffres/],      // 10 digits
    ['100012345678', /exactement 11 chiffres/],    // 12 digits
    ['1000123456A', /ne contient que des chiffres/],  // a letter
    ['', /Indiquez votre numéro RPPS/],
  ];
  for (const [rpps, message] of cases) {
    const s = await formSession();
    const r = await postForm(s, '/opposition/professionnel', { csrf_token: s.token, rpps });
    assert.equal(r.status, 400, rpps);
    const html = await r.text();
    assert.match(html, /id="rpps-error"/, rpps);
    assert.match(html, message, rpps);
    if (rpps) assert.match(html, new RegExp(`value="${rpps}"`), 'what was typed is kept');
  }
  // The same in the browser, for the page with its errors.
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition/professionnel`);
  await page.fill('input[name="rpps"]', '1000123456');
  await page.getByRole('button', { name: 'Enregistrer mon opposition' }).click();
  await page.locator('#rpps-error').waitFor();
  assert.equal(await page.getAttribute('#rpps', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#rpps'), '1000123456');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'professionnel-erreur.png'), fullPage: true });
  await page.close();
  assert.equal((await professionals(staff)).length, before);
});

test('a forged or missing CSRF token is refused and records nothing', async () => {
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const before = (await professionals(staff)).length;
  const s = await formSession();
  const forged = s.token.slice(0, 63) + (s.token[63] === '0' ? '1' : '0');
  let r = await postForm(s, '/opposition/professionnel', { csrf_token: forged, rpps: RPPS });
  assert.equal(r.status, 403);
  const html = await r.text();
  assert.match(html, /Ce formulaire a expiré/);
  assert.match(html, new RegExp(`value="${RPPS}"`), 'the typed number comes back');
  r = await postForm(s, '/opposition/professionnel', { rpps: RPPS });
  assert.equal(r.status, 403);
  // A token of another session (no cookie).
  r = await postForm(s, '/opposition/professionnel', { csrf_token: s.token, rpps: RPPS }, '');
  assert.equal(r.status, 403);
  assert.equal((await professionals(staff)).length, before);
});

test('the DPO console shows professionals and opens the sealed RPPS number', async () => {
  const page = await staffPage(suite, 'dpo', 'garant-demo-dpo', { js: false });
  await page.goto(`${g.url}/console/oppositions?personne=professionnel`);
  const table = await page.textContent('#objections');
  assert.match(table, new RegExp(receipt.reference));
  assert.match(table, /professionnel de santé/);
  assert.doesNotMatch(table, new RegExp(RPPS), 'no identity in the list');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-professionnels.png'), fullPage: true });
  await page.goto(`${g.url}/console/oppositions/${receipt.reference}`);
  assert.match(await page.textContent('#detail-subject'), /professionnel de santé/);
  await page.getByRole('button', { name: /Afficher l'identité/ }).click();
  await page.locator('#detail-rpps').waitFor();
  assert.equal((await page.textContent('#detail-rpps')).trim(), RPPS);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-professionnel-detail.png'), fullPage: true });
  await page.close();
});

test('the exclusion list carries the RPPS token with the scope professional', async () => {
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const token = rppsToken(RPPS);
  let doc;
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const r = await fetch(`${g.url}/api/v1/exclusions/current`, { headers: { Cookie: staff.jar.header() } });
    assert.equal(r.status, 200);
    doc = JSON.parse(await r.text());
    if (doc.scopes.some((s) => s.scope === 'professional')) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  const group = doc.scopes.find((s) => s.scope === 'professional');
  assert.ok(group, 'a professional scope group');
  assert.deepEqual(group.tokens, [token]);
  // Never under a patient scope.
  for (const s of doc.scopes) if (s.scope !== 'professional') assert.ok(!s.tokens.includes(token), s.scope);
});

test('withdrawal takes the professional off the next list', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/opposition/retrait`);
  await page.fill('input[name="reference"]', receipt.reference);
  await page.fill('input[name="code"]', receipt.code);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.locator('#confirm-warning').waitFor();
  assert.match(await page.textContent('#confirm-warning'), /numéro RPPS\) pourra de nouveau figurer/);
  await page.getByRole('button', { name: 'Confirmer le retrait' }).click();
  await page.locator('#withdrawn-ok').waitFor();
  assert.match(await page.textContent('main'), /numéro RPPS\) pourra de nouveau figurer/);
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const token = rppsToken(RPPS);
  const deadline = Date.now() + 20000;
  let still = true;
  while (Date.now() < deadline && still) {
    const doc = await (await fetch(`${g.url}/api/v1/exclusions/current`, { headers: { Cookie: staff.jar.header() } })).json();
    still = doc.scopes.some((s) => s.tokens.includes(token));
    if (still) await new Promise((res) => setTimeout(res, 300));
  }
  assert.equal(still, false, 'the withdrawn professional is still listed');
});

// ---- staff entry of a physician's objection received by letter or phone ----

const STAFF_RPPS = '10007890125';
// A day `n` days ago (UTC), as JJ/MM/AAAA and as YYYY-MM-DD.
function daysAgo(n) {
  const d = new Date(Date.now() - n * 86400000);
  const iso = d.toISOString().slice(0, 10);
  return { french: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, iso };
}
const staffPost = (s, path, fields, { csrf = true } = {}) => fetch(`${g.url}${path}`, {
  method: 'POST', redirect: 'manual',
  headers: { Cookie: s.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(csrf ? { csrf_token: s.csrf, ...fields } : fields).toString(),
});
const count = (sql) => Number(g.psql(sql).trim());
const proCount = () => count("SELECT count(*) FROM objections WHERE subject_kind = 'professional'");

test('the DPO records a physician\'s objection received by letter: receipt, audit entry, letter', async () => {
  const before = proCount();
  const received = daysAgo(6);
  const page = await staffPage(suite, 'dpo', 'garant-demo-dpo', { js: false });
  await page.goto(`${g.url}/console/oppositions`);
  await page.click('#link-new-professional');
  await page.waitForURL(`${g.url}/console/oppositions/nouvelle-professionnel`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-professionnel-saisie.png'), fullPage: true });
  await page.selectOption('#channel', 'letter');
  await page.fill('#received_date', received.french);
  await page.fill('#rpps', '100 0789 0125');
  await page.fill('#contact', 'Dr Anne Roux\n12 rue des Lilas\n69003 Lyon');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const reference = (await page.textContent('#receipt-reference')).trim();
  assert.match(reference, /^OPP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match((await page.textContent('#receipt-code')).trim(), /\S{6,}/);
  assert.match(await page.textContent('#receipt-scope'), /identifiant de professionnel de santé/);
  assert.match(await page.textContent('#receipt-ok'), /Transmettez la référence et le code secret/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-professionnel-recepisse.png'), fullPage: true });
  assert.equal(proCount(), before + 1);

  // The record: a professional, by letter, on the day typed, entered by the DPO.
  const row = g.psql(`SELECT subject_kind, requester, scope, channel, ` +
    `to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), entered_by = (SELECT id FROM staff_accounts WHERE username = 'dpo') ` +
    `FROM objections WHERE reference = '${reference}'`).trim();
  assert.equal(row, `professional|professional|professional|letter|${received.iso}|t`);
  // Its audit entry, under the DPO's account, without the number.
  const entry = g.psql(`SELECT actor || ' ' || encode(leaf, 'escape') FROM audit_entries ` +
    `WHERE object = 'objection/${reference}' AND event_type = 'objection.created'`).trim();
  assert.match(entry, /^staff:\d+ /);
  assert.ok(!entry.includes(STAFF_RPPS), 'no clear RPPS number in the log');

  // The detail shows a professional; the letter is addressed by the number.
  await page.goto(`${g.url}/console/oppositions/${reference}`);
  assert.match(await page.textContent('#detail-subject'), /professionnel de santé/);
  await page.click('#prepare-letter');
  await page.locator('#letter').waitFor();
  const letter = await page.textContent('#letter');
  assert.match(letter, new RegExp(`numéro RPPS ${STAFF_RPPS}`));
  assert.match(letter, /12 rue des Lilas/);
  assert.match(letter, /par courrier/);
  assert.doesNotMatch(letter, /vos soins ni à vos remboursements/);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-professionnel-lettre.png'), fullPage: true });
  await page.close();

  // It is on the list with the scope professional, like a web objection.
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const o = (await professionals(staff)).find((x) => x.reference === reference);
  assert.equal(o.channel, 'letter');
  assert.equal(o.scope, 'professional');
  assert.equal(o.token_count, 1);
});

test('the staff entry refuses every bad input next to its field, in French, and records nothing', async () => {
  const s = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const before = proCount();
  const ok = { channel: 'phone', received_date: daysAgo(1).french, rpps: STAFF_RPPS };
  const cases = [
    [{ ...ok, channel: '' }, 'channel-error', /canal de réception/],
    [{ ...ok, channel: 'web' }, 'channel-error', /canal de réception/],
    [{ ...ok, received_date: '31/02/2026' }, 'received_date-error', /JJ\/MM\/AAAA|date/i],
    [{ ...ok, received_date: 'hier' }, 'received_date-error', /JJ\/MM\/AAAA|date/i],
    [{ ...ok, received_date: daysAgo(-3).french }, 'received_date-error', /futur/],
    [{ ...ok, received_date: daysAgo(800).french }, 'received_date-error', /an/],
    [{ ...ok, rpps: '1000789012' }, 'rpps-error', /exactement 11 chiffres/],
    [{ ...ok, rpps: '1000789012A' }, 'rpps-error', /ne contient que des chiffres/],
    [{ ...ok, rpps: '' }, 'rpps-error', /numéro RPPS/],
    [{ ...ok, contact: 'x'.repeat(501) }, 'contact-error', /500/],
  ];
  for (const [fields, id, message] of cases) {
    const r = await staffPost(s, '/console/oppositions/nouvelle-professionnel', fields);
    assert.equal(r.status, 400, JSON.stringify(fields));
    const html = await r.text();
    assert.match(html, new RegExp(`id="${id}"`), JSON.stringify(fields));
    const error = new RegExp(`id="${id}">([^<]*)<`).exec(html)[1];
    assert.match(error, message, JSON.stringify(fields));
    assert.match(html, /<title>Erreur/);
    if (fields.rpps) assert.match(html, new RegExp(`value="${fields.rpps}"`), 'what was typed is kept');
  }
  // Without the session's CSRF token, or with another's: 403.
  let r = await staffPost(s, '/console/oppositions/nouvelle-professionnel', ok, { csrf: false });
  assert.equal(r.status, 403);
  r = await staffPost(s, '/console/oppositions/nouvelle-professionnel', { ...ok, csrf_token: '0'.repeat(64) }, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(proCount(), before);

  // The page with its errors, in Chromium.
  const page = await staffPage(suite, 'dpo', 'garant-demo-dpo', { js: false });
  await page.goto(`${g.url}/console/oppositions/nouvelle-professionnel`);
  await page.fill('#received_date', '32/13/2026');
  await page.fill('#rpps', '123');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#form-errors').waitFor();
  assert.equal(await page.getAttribute('#rpps', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#received_date', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#channel', 'aria-invalid'), 'true');
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-professionnel-saisie-erreurs.png'), fullPage: true });
  await page.close();
  assert.equal(proCount(), before);
});

test('the staff entry is for the DPO and the administrator only', async () => {
  const before = proCount();
  for (const [user, password, status] of [['admin', 'garant-demo-admin', 200],
    ['secretaire', 'garant-demo-secretaire', 403], ['auditeur', 'garant-demo-auditeur', 403]]) {
    const s = await staffLogin(g, user, password);
    const get = await fetch(`${g.url}/console/oppositions/nouvelle-professionnel`, { headers: { Cookie: s.jar.header() }, redirect: 'manual' });
    assert.equal(get.status, status, `GET as ${user}`);
    const post = await staffPost(s, '/console/oppositions/nouvelle-professionnel',
      { channel: 'phone', rpps: user === 'admin' ? '10008901234' : '10008901235' });
    assert.equal(post.status, status, `POST as ${user}`);
  }
  const anonymous = await fetch(`${g.url}/console/oppositions/nouvelle-professionnel`, { redirect: 'manual' });
  assert.ok([302, 303].includes(anonymous.status), `anonymous: ${anonymous.status}`);
  assert.equal(proCount(), before + 1, 'the administrator\'s entry only');
});

// ---- the JSON API: POST /api/v1/objections with subject_kind "professional" ----

const API_RPPS = '10005550101';
let dpoApi;  // one DPO session for the API tests (each login waits for a fresh TOTP step)
async function dpoSession() {
  dpoApi ??= await staffLogin(g, 'dpo', 'garant-demo-dpo');
  return dpoApi;
}
const apiPost = (s, body, { csrf = true, contentType = 'application/json' } = {}) => fetch(`${g.url}/api/v1/objections`, {
  method: 'POST',
  headers: { 'Content-Type': contentType, Cookie: s.jar.header(), ...(csrf ? { 'X-CSRF-Token': s.csrf } : {}) },
  body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
});
const createdEntries = () => count("SELECT count(*) FROM audit_entries WHERE event_type = 'objection.created'");
const professionalNotice = () => g.psql(
  "SELECT coalesce((SELECT version FROM information_notices WHERE audience = 'professional' ORDER BY number DESC LIMIT 1), 'none')").trim();
const secondsAgo = (s) => new Date(Math.floor(Date.now() / 1000 - s) * 1000).toISOString().replace('.000Z', 'Z');

test('the JSON API records a physician\'s objection received by phone: the console\'s record and audit entry', async () => {
  const s = await dpoSession();
  const before = proCount();
  const entriesBefore = createdEntries();
  const receivedAt = secondsAgo(3 * 86400);
  const r = await apiPost(s, { subject_kind: 'professional', rpps: API_RPPS, channel: 'phone',
    received_at: receivedAt, contact: 'Dr Paul Marty\n4 place Bellecour\n69002 Lyon' });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  const o = JSON.parse(text);
  assert.match(o.reference, /^OPP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  assert.match(o.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(o.subject_kind, 'professional');
  assert.equal(o.requester, 'professional');
  assert.equal(o.scope, 'professional');
  assert.equal(o.channel, 'phone');
  assert.equal(o.status, 'effective');
  assert.equal(o.token_count, 1);
  assert.equal(Date.parse(o.received_at), Date.parse(receivedAt));
  assert.equal(o.notice_version, professionalNotice(), 'the professionals\' notice in force');
  assert.ok(!text.includes(API_RPPS), 'the number is not echoed');
  assert.equal(proCount(), before + 1);
  assert.equal(createdEntries(), entriesBefore + 1);

  // The row, as the console's entry writes it: entered by the DPO.
  const row = g.psql(`SELECT subject_kind, requester, scope, channel, ` +
    `entered_by = (SELECT id FROM staff_accounts WHERE username = 'dpo'), entered_by::text ` +
    `FROM objections WHERE reference = '${o.reference}'`).trim().split('|');
  assert.deepEqual(row.slice(0, 5), ['professional', 'professional', 'professional', 'phone', 't']);
  assert.equal(o.entered_by, row[5]);
  // One objection.created entry under the DPO's account, at the index the
  // answer gives, without the number.
  const entry = g.psql(`SELECT idx || ' ' || actor || ' ' || encode(leaf, 'escape') FROM audit_entries ` +
    `WHERE object = 'objection/${o.reference}' AND event_type = 'objection.created'`).trim();
  assert.match(entry, new RegExp(`^${o.audit_index} staff:${row[5]} `));
  assert.ok(!entry.includes(API_RPPS), 'no clear RPPS number in the log');

  // Read back: the sealed number and the token of docs/pseudonymisation-v1-rpps.md.
  const d = await fetch(`${g.url}/api/v1/objections/${o.reference}?include=identity`, { headers: { Cookie: s.jar.header() } });
  assert.equal(d.status, 200);
  const detail = await d.json();
  assert.deepEqual(detail.identity, { rpps: API_RPPS });
  assert.match(detail.contact, /4 place Bellecour/);
  assert.deepEqual(detail.tokens, [rppsToken(API_RPPS)]);
  const found = (await professionals(s)).find((x) => x.reference === o.reference);
  assert.equal(found.channel, 'phone');

  // The receipt works on the public status page like any other.
  const f = await formSession('/opposition/statut');
  const st = await postForm(f, '/opposition/statut', { csrf_token: f.token, reference: o.reference, code: o.code });
  assert.equal(st.status, 200);
  assert.match(await st.text(), /numéro RPPS\) est retiré/);

  // Withdrawn on the physician's behalf through the same API.
  const w = await fetch(`${g.url}/api/v1/objections/${o.reference}/withdraw`,
    { method: 'POST', headers: { Cookie: s.jar.header(), 'X-CSRF-Token': s.csrf } });
  assert.equal(w.status, 200);
  assert.equal((await w.json()).status, 'withdrawn');
});

test('the JSON API names the professionals\' notice shown, and refuses any other', async () => {
  const s = await dpoSession();
  const label = professionalNotice();
  assert.match(label, /^professional-\d+$/, 'the demo publishes the professionals\' notice');
  const before = proCount();
  const body = { subject_kind: 'professional', rpps: '10005550102', channel: 'letter' };
  let r = await apiPost(s, { ...body, notice_version: label });
  assert.equal(r.status, 201);
  assert.equal((await r.json()).notice_version, label);
  const adult = g.psql("SELECT version FROM information_notices WHERE audience = 'adult' LIMIT 1").trim();
  for (const version of [adult, 'professional-999', 'none']) {
    r = await apiPost(s, { ...body, notice_version: version });
    assert.equal(r.status, 400, version);
    assert.equal((await r.json()).error.reason, 'notice_version_unknown', version);
  }
  assert.equal(proCount(), before + 1);
});

test('the JSON API refuses every bad input with a clear 400 (413 when too large) and records nothing', async () => {
  const s = await dpoSession();
  const before = proCount();
  const entriesBefore = createdEntries();
  const ok = { subject_kind: 'professional', rpps: API_RPPS, channel: 'letter' };
  // Field errors: 400 with `fields`, each its reason and French text.
  const fieldCases = [
    [{ ...ok, rpps: '1000555010' }, 'rpps', 'rpps_length', /exactement 11 chiffres/],
    [{ ...ok, rpps: '100055501012' }, 'rpps', 'rpps_length', /exactement 11 chiffres/],
    [{ ...ok, rpps: '1000555010A' }, 'rpps', 'rpps_not_digits', /ne contient que des chiffres/],
    [{ ...ok, rpps: '100 0555 0101' }, 'rpps', 'rpps_not_digits', /ne contient que des chiffres/],
    [{ ...ok, rpps: '' }, 'rpps', 'rpps_required', /numéro RPPS/],
    [{ ...ok, requester: 'patient' }, 'requester', 'requester_for_subject', /./],
    [{ ...ok, scope: 'all' }, 'scope', 'scope_invalid', /./],
    [{ ...ok, received_at: secondsAgo(-3 * 86400) }, 'received_at', 'received_in_future', /./],
    [{ ...ok, received_at: secondsAgo(400 * 86400) }, 'received_at', 'received_over_a_year_ago', /./],
  ];
  for (const [body, field, reason, french] of fieldCases) {
    const r = await apiPost(s, body);
    const text = await r.text();
    assert.equal(r.status, 400, text);
    const err = JSON.parse(text).error;
    assert.equal(err.code, 'invalid_argument', text);
    assert.deepEqual(err.fields.map((x) => [x.field, x.reason]), [[field, reason]], text);
    assert.match(err.fields[0].message_fr, french, text);
  }
  // The body itself: 400 `invalid_argument` with a message naming the problem.
  const bodyCases = [
    ['unknown field', { ...ok, motif: 'x' }, /unknown field 'motif'/],
    ['a patient\'s field', { ...ok, birth_name: 'Marty' }, /unknown field 'birth_name'/],
    ['rpps in a patient\'s body', { birth_name: 'Marty', given_names: 'Paul', birth_date: '1970-01-01', sex: 'M',
      requester: 'patient', channel: 'letter', rpps: API_RPPS }, /unknown field 'rpps'/],
    ['unknown subject_kind', { ...ok, subject_kind: 'doctor' }, /subject_kind/],
    ['channel web', { ...ok, channel: 'web' }, /channel/],
    ['channel missing', { subject_kind: 'professional', rpps: API_RPPS }, /channel/],
    ['rpps missing', { subject_kind: 'professional', channel: 'letter' }, /rpps/],
    ['requester unknown', { ...ok, requester: 'voisin' }, /requester/],
    ['received_at not a time', { ...ok, received_at: 'hier' }, /received_at/],
    ['contact too long', { ...ok, contact: 'x'.repeat(501) }, /contact/],
    ['rpps a number', { ...ok, rpps: 10005550101 }, /rpps/],
    ['subject_kind a number', { ...ok, subject_kind: 1 }, /subject_kind/],
    ['channel a boolean', { ...ok, channel: true }, /channel/],
    ['contact an array', { ...ok, contact: ['a'] }, /contact/],
    ['malformed JSON', '{"subject_kind": "professional", "rpps": ', /malformed JSON/],
    ['trailing comma', `{"subject_kind": "professional", "rpps": "${API_RPPS}", "channel": "letter",}`, /malformed JSON/],
    ['not an object', `[${JSON.stringify(ok)}]`, /must be an object/],
    ['duplicate key', `{"subject_kind": "professional", "rpps": "${API_RPPS}", "rpps": "10005550109", "channel": "letter"}`, /duplicate field 'rpps'/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`{"subject_kind": "professional", "rpps": "${API_RPPS}", "channel": "letter", "contact": "`),
      Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), /UTF-8/],
  ];
  for (const [name, body, message] of bodyCases) {
    const r = await apiPost(s, body);
    const text = await r.text();
    assert.equal(r.status, 400, `${name}: ${text}`);
    const err = JSON.parse(text).error;
    assert.equal(err.code, 'invalid_argument', name);
    assert.equal(err.fields, undefined, name);
    assert.match(err.message, message, `${name}: ${err.message}`);
  }
  // Not JSON at all.
  let r = await apiPost(s, new URLSearchParams(ok).toString(), { contentType: 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 400);
  assert.match((await r.json()).error.message, /Content-Type/);
  // Over max_body_bytes (1 MiB): 413 too_large, before anything is parsed.
  r = await apiPost(s, { ...ok, contact: 'x'.repeat(1100 * 1024) });
  assert.equal(r.status, 413);
  assert.equal((await r.json()).error.code, 'too_large');
  // Without the session's CSRF token: 403.
  r = await apiPost(s, ok, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal((await r.json()).error.code, 'csrf_failed');

  assert.equal(proCount(), before, 'nothing recorded');
  assert.equal(createdEntries(), entriesBefore, 'no audit entry');
});

test('the JSON API takes physicians\' objections from the DPO and the administrator only', async () => {
  const before = proCount();
  const body = (rpps) => ({ subject_kind: 'professional', rpps, channel: 'in_person' });
  const admin = await staffLogin(g, 'admin', 'garant-demo-admin');
  let r = await apiPost(admin, body('10005550103'));
  assert.equal(r.status, 201);
  const o = await r.json();
  assert.equal(o.channel, 'in_person');
  assert.equal(g.psql(`SELECT s.username FROM objections o JOIN staff_accounts s ON s.id = o.entered_by WHERE o.reference = '${o.reference}'`).trim(), 'admin');
  for (const [user, password] of [['secretaire', 'garant-demo-secretaire'], ['auditeur', 'garant-demo-auditeur']]) {
    const other = await staffLogin(g, user, password);
    r = await apiPost(other, body('10005550104'));
    assert.equal(r.status, 403, user);
    assert.equal((await r.json()).error.code, 'permission_denied', user);
  }
  r = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body('10005550105')),
  });
  assert.equal(r.status, 401);
  assert.equal(proCount(), before + 1, 'the administrator\'s entry only');
});
