// The register of information notices (docs/notices.md) against a real
// garantd --dev --demo: the public pages /information and
// /information/historique in Chromium without JavaScript (axe-core), the
// DPO's console publishing a version (French form, CSRF) and each of its bad
// inputs, the CLI, and the opposition form recording the version it showed —
// even when a new one is published before it is sent — while a forged
// version is refused with a French message and nothing recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { garantBin, staffLogin, Jar } from './lib/garantd.mjs';
import { browserSuite, staffPage } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';
import './lib/openapi-check.mjs';

const suite = browserSuite();
const { g, shots } = suite;
const SHOT_DIR = shots;
const NO_JS = { javaScriptEnabled: false };
const JJMMAAAA = /^\d{2}\/\d{2}\/\d{4}$/;

const count = (sql) => Number(g.psql(sql).trim());
const current = (audience) =>
  g.psql(`SELECT version FROM information_notices WHERE audience = '${audience}' ORDER BY number DESC LIMIT 1`).trim();
const noticeCounts = () => ({
  notices: count('SELECT count(*) FROM information_notices'),
  entries: count("SELECT count(*) FROM audit_entries WHERE event_type = 'notice.published'"),
});

function garant(...args) {
  const r = spawnSync(garantBin, args, { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A staff form POST with the session's cookie; `csrf: false` leaves the token out.
async function staffForm(s, path, fields, { csrf = true } = {}) {
  const body = new URLSearchParams(csrf ? { csrf_token: s.csrf, ...fields } : fields);
  return fetch(`${g.url}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: s.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

// The public form as a client without a browser: its cookie, CSRF token and
// the notice stamp (hidden fields notice_shown and notice_mac).
async function publicForm() {
  const jar = new Jar();
  const r = await fetch(`${g.url}/opposition`);
  jar.store(r);
  const html = await r.text();
  const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return { jar, csrf: field('csrf_token'), shown: field('notice_shown'), mac: field('notice_mac') };
}
async function submitPublic(form, fields) {
  return fetch(`${g.url}/opposition`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: form.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: form.csrf, ...fields }).toString(),
  });
}
const PERSON = { requester: 'patient', scope: 'all', birth_name: 'Lefebvre', given_names: 'Ines', birth_date: '12/06/1988', sex: 'F' };

test('the public page shows the notice in force for each audience; the history lists every version with its dates', async () => {
  const page = await suite.browser.newPage(NO_JS);
  const res = await page.goto(`${g.url}/information`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  // The demo publishes adult-1 and adult-2, minor-1, professional-1.
  for (const [audience, version] of [['adult', 'adult-2'], ['minor', 'minor-1'], ['professional', 'professional-1']]) {
    assert.equal(await page.getAttribute(`#section-${audience}`, 'data-version'), version);
  }
  assert.match(await page.textContent('#section-adult'), /en vigueur depuis le \d{2}\/\d{2}\/\d{4}/);
  assert.match(await page.textContent('#section-minor'), /Tu peux dire non/);
  assert.deepEqual(await axeViolations(page), [], '/information: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-information.png'), fullPage: true });

  await page.click('a[href="/information/historique"]');
  await page.locator('#history-table-adult').waitFor();
  const rows = await page.locator('#history-table-adult tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  assert.deepEqual(rows.map((r) => r[0]), ['adult-2', 'adult-1']);
  for (const r of rows) assert.match(r[1], JJMMAAAA);
  assert.equal(rows[0][2], 'en vigueur');
  assert.match(rows[1][2], JJMMAAAA);  // replaced on the day adult-2 was published
  // Every version's text stays readable (a <details>, no script needed).
  assert.match(await page.textContent('#text-adult-1'), /Vous pouvez vous y opposer à tout moment/);
  assert.deepEqual(await axeViolations(page), [], '/information/historique: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-historique.png'), fullPage: true });
  // Reachable from the home page's plan and the form.
  await page.goto(`${g.url}/plan-du-site`);
  assert.equal(await page.locator('a[href="/information"]').count(), 1);
  await page.close();
});

test('the DPO publishes a new version from the console: an audit entry, shown at once on the public page', async () => {
  const page = await staffPage(suite, 'dpo', 'garant-demo-dpo', { js: false });
  await page.goto(`${g.url}/console`);
  await page.click('a[href="/console/notices"]');
  await page.locator('#current-notices').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'console: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-console.png'), fullPage: true });
  const before = noticeCounts();
  await page.selectOption('#audience', 'professional');
  await page.fill('#title', 'Information des médecins, version révisée');
  await page.fill('#body', 'Premier paragraphe révisé.\n\nSecond paragraphe : vos droits.');
  await page.click('#publish-button');
  await page.locator('#published').waitFor();
  assert.match(await page.textContent('#published'), /professional-2/);
  assert.deepEqual(noticeCounts(), { notices: before.notices + 1, entries: before.entries + 1 });
  // The entry names the version and the DPO's account, never the text.
  const leaf = g.psql("SELECT actor || ' ' || object FROM audit_entries WHERE event_type = 'notice.published' ORDER BY idx DESC LIMIT 1").trim();
  assert.match(leaf, /^staff:\d+ notice\/professional-2$/);
  const payload = g.psql("SELECT encode(leaf, 'escape') FROM audit_entries WHERE object = 'notice/professional-2'");
  assert.ok(!payload.includes('Premier paragraphe'), 'the body is not in the log (its SHA-256 is)');
  assert.match(payload, /body_sha256/);
  await page.goto(`${g.url}/information`);
  assert.equal(await page.getAttribute('#section-professional', 'data-version'), 'professional-2');
  assert.match(await page.textContent('#section-professional'), /Second paragraphe : vos droits\./);
  await page.close();
});

test('the console refuses every bad input with a French message, and publishes nothing', async () => {
  const page = await staffPage(suite, 'dpo', 'garant-demo-dpo', { js: false });
  await page.goto(`${g.url}/console/notices`);
  const before = noticeCounts();
  // Empty text, through the page.
  await page.fill('#title', 'Titre');
  await page.fill('#body', '   ');
  await page.click('#publish-button');
  await page.locator('#form-errors').waitFor();
  assert.match(await page.textContent('#form-errors'), /Le texte de la notice est obligatoire\./);
  assert.match(await page.textContent('#body-error'), /Le texte de la notice est obligatoire\./);
  assert.match(await page.getAttribute('#body', 'aria-describedby'), /body-error/);
  assert.equal(await page.inputValue('#title'), 'Titre');  // what was typed comes back
  // A missing title: the text comes back with its paragraphs (pre_escape).
  await page.fill('#title', '');
  await page.fill('#body', 'Premier paragraphe.\n\nSecond paragraphe.');
  await page.click('#publish-button');
  await page.locator('#title-error').waitFor();
  assert.match(await page.textContent('#title-error'), /Le titre est obligatoire\./);
  assert.equal(await page.inputValue('#body'), 'Premier paragraphe.\n\nSecond paragraphe.');
  await page.fill('#title', 'Titre');
  await page.fill('#body', '   ');
  await page.click('#publish-button');
  await page.locator('#body-error').waitFor();
  assert.match(await page.title(), /^Erreur/);
  assert.deepEqual(await axeViolations(page), [], 'console with errors: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-console-erreur.png'), fullPage: true });
  await page.close();

  const s = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const cases = [
    [{ audience: 'adults', title: 'T', body: 'B' }, 400, /Choisissez le public/],
    [{ audience: 'adult', title: '', body: 'B' }, 400, /Le titre est obligatoire/],
    [{ audience: 'adult', title: 'T', body: '' }, 400, /Le texte de la notice est obligatoire/],
    [{ audience: 'adult', title: 'T', body: 'x'.repeat(20001) }, 400, /ne doit pas dépasser 20000 caractères/],
    [{ audience: 'adult', title: 'T\u0001', body: 'B' }, 400, /caractères non autorisés/],
  ];
  for (const [fields, status, message] of cases) {
    const r = await staffForm(s, '/console/notices', fields);
    assert.equal(r.status, status, JSON.stringify(fields).slice(0, 80));
    assert.match(await r.text(), message, JSON.stringify(fields).slice(0, 80));
  }
  // Missing CSRF token: 403, nothing published.
  const noCsrf = await staffForm(s, '/console/notices', { audience: 'adult', title: 'T', body: 'B' }, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.deepEqual(noticeCounts(), before);
});

test('only the DPO publishes: other roles 403, anonymous to the login page', async () => {
  const anon = await fetch(`${g.url}/console/notices`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /\/connexion/);
  const sec = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  const get = await fetch(`${g.url}/console/notices`, { headers: { Cookie: sec.jar.header() }, redirect: 'manual' });
  assert.equal(get.status, 403);
  const before = noticeCounts();
  const post = await staffForm(sec, '/console/notices', { audience: 'adult', title: 'T', body: 'B' });
  assert.equal(post.status, 403);
  assert.deepEqual(noticeCounts(), before);
});

test('garant notice publish|list|show: the CLI publishes with its audit entry; bad command lines exit 2', () => {
  const file = join(g.dataDir, 'notice-mineurs.txt');
  writeFileSync(file, 'Texte pour les mineurs, version 2.\n\nDeuxième paragraphe.\n');
  const before = noticeCounts();
  const r = garant('notice', 'publish', '--audience', 'minor', '--title', 'Tes données (v2)', '--file', file, '--data-dir', g.dataDir);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^notice minor-2 published /);
  assert.deepEqual(noticeCounts(), { notices: before.notices + 1, entries: before.entries + 1 });
  assert.equal(g.psql("SELECT actor FROM audit_entries WHERE object = 'notice/minor-2'").trim(), 'service:garant-cli');
  const list = garant('notice', 'list', '--data-dir', g.dataDir);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /^minor-2\tminor\t/m);
  const show = garant('notice', 'show', 'minor-2', '--data-dir', g.dataDir);
  assert.equal(show.out, 'Tes données (v2)\n\nTexte pour les mineurs, version 2.\n\nDeuxième paragraphe.\n');

  const empty = join(g.dataDir, 'vide.txt');
  writeFileSync(empty, '\n');
  for (const args of [
    ['notice', 'publish', '--audience', 'children', '--title', 'T', '--file', file],
    ['notice', 'publish', '--audience', 'adult', '--title', 'T', '--file', empty],
    ['notice', 'publish', '--audience', 'adult', '--title', '', '--file', file],
    ['notice', 'publish', '--audience', 'adult', '--file', file],
    ['notice', 'publish', '--audience', 'adult', '--title', 'T', '--file', join(g.dataDir, 'absent.txt')],
    ['notice', 'frobnicate'],
  ]) {
    assert.equal(garant(...args, '--data-dir', g.dataDir).code, 2, args.join(' '));
  }
  assert.equal(garant('notice', 'show', 'adult-99', '--data-dir', g.dataDir).code, 1);
  assert.deepEqual(noticeCounts(), { notices: before.notices + 1, entries: before.entries + 1 });
});

test('the opposition form records the version it showed, even when a new one is published before it is sent', async () => {
  const page = await suite.browser.newPage(NO_JS);
  await page.goto(`${g.url}/opposition`);
  const shown = current('adult');
  assert.equal(await page.getAttribute('#notice-adult', 'data-version'), shown);
  assert.match(await page.textContent('#notice-adult summary'), /version du \d{2}\/\d{2}\/\d{4}/);
  assert.equal(await page.getAttribute('#minors-notice', 'data-version'), current('minor'));
  assert.deepEqual(await axeViolations(page), [], 'form: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-formulaire.png'), fullPage: true });
  await page.fill('input[name="birth_name"]', 'Garnier');
  await page.fill('input[name="given_names"]', 'Sacha');
  await page.fill('input[name="birth_date"]', '04/09/1979');
  await page.check('input[name="sex"][value="M"]');

  // Meanwhile, the DPO publishes a new adult notice.
  const s = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const published = await staffForm(s, '/console/notices', { audience: 'adult', title: 'Notice adultes (v3)', body: 'Nouveau texte.' });
  assert.equal(published.status, 303);
  assert.notEqual(current('adult'), shown);

  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const reference = (await page.textContent('#receipt-reference')).trim();
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${reference}'`).trim(), shown);
  // The entry of the objection says the same.
  assert.match(g.psql(`SELECT encode(leaf, 'escape') FROM audit_entries WHERE object = 'objection/${reference}'`),
    new RegExp(`"notice_version":"${shown}"`));
  // A form opened now shows, and records, the new one.
  const form = await publicForm();
  assert.equal(form.shown.split(' ')[0], current('adult'));
  const r = await submitPublic(form, { ...PERSON, notice_shown: form.shown, notice_mac: form.mac });
  assert.equal(r.status, 200, await r.clone().text());
  const ref2 = /id="receipt-reference">([^<]+)</.exec(await r.text())[1];
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${ref2}'`).trim(), current('adult'));
  // A parent records the minors' notice shown.
  const f3 = await publicForm();
  const r3 = await submitPublic(f3, { ...PERSON, requester: 'parent', birth_date: '04/09/2015', notice_shown: f3.shown, notice_mac: f3.mac });
  assert.equal(r3.status, 200);
  const ref3 = /id="receipt-reference">([^<]+)</.exec(await r3.text())[1];
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${ref3}'`).trim(), current('minor'));
  await page.close();
});

test('a forged or half-missing notice version is refused with a French message; nothing is recorded', async () => {
  const objections = () => count('SELECT count(*) FROM objections');
  const before = objections();
  const form = await publicForm();
  const [adult, minor] = form.shown.split(' ');
  const forged = [
    { notice_shown: `adult-1 ${minor}`, notice_mac: form.mac },   // an older version, the MAC of another
    { notice_shown: form.shown, notice_mac: '0'.repeat(64) },     // a made-up MAC
    { notice_shown: `${adult} ${minor} x`, notice_mac: form.mac },
    { notice_shown: form.shown },                                  // MAC missing
    { notice_mac: form.mac },                                      // label missing
  ];
  for (const fields of forged) {
    const r = await submitPublic(form, { ...PERSON, ...fields });
    assert.equal(r.status, 400, JSON.stringify(fields));
    const html = await r.text();
    assert.match(html, /La version de la notice d&#39;information indiquée par ce formulaire n&#39;a pas pu être vérifiée : rien n&#39;a été enregistré/);
    // The form comes back with what was typed and a fresh, valid stamp.
    assert.match(html, /value="Lefebvre"/);
    assert.match(html, /name="notice_mac" value="[0-9a-f]{64}"/);
  }
  assert.equal(objections(), before);
  // Neither field (a client that did not render the form): the version in
  // force at submission is recorded.
  const plain = await submitPublic(form, PERSON);
  assert.equal(plain.status, 200);
  const plainRef = /id="receipt-reference">([^<]+)</.exec(await plain.text())[1];
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${plainRef}'`).trim(), current('adult'));
  // The page of the refusal, in Chromium.
  const page = await suite.browser.newPage();
  await page.goto(`${g.url}/opposition`);
  await page.evaluate(() => { document.querySelector('input[name="notice_mac"]').value = 'f'.repeat(64); });
  await page.fill('input[name="birth_name"]', 'Lefebvre');
  await page.fill('input[name="given_names"]', 'Ines');
  await page.fill('input[name="birth_date"]', '12/06/1988');
  await page.check('input[name="sex"][value="F"]');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#form-refused').waitFor();
  assert.match(await page.textContent('#form-refused'), /notice d'information/);
  assert.deepEqual(await axeViolations(page), [], 'refused form: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-formulaire-refuse.png'), fullPage: true });
  await page.close();
  assert.equal(objections(), before + 1);
});

test('the JSON API accepts a notice_version of the register, refuses any other', async () => {
  const s = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const post = (body) => fetch(`${g.url}/api/v1/objections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: s.jar.header(), 'X-CSRF-Token': s.csrf },
    body: JSON.stringify({ birth_name: 'Robin', given_names: 'Eli', birth_date: '1990-01-02', sex: 'M', requester: 'patient', channel: 'letter', ...body }),
  });
  let r = await post({ notice_version: 'adult-1' });
  assert.equal(r.status, 201, await r.clone().text());
  assert.equal((await r.json()).notice_version, 'adult-1');
  r = await post({});
  assert.equal(r.status, 201);
  assert.equal((await r.json()).notice_version, current('adult'));
  const before = count('SELECT count(*) FROM objections');
  for (const v of ['adult-99', 'none', '2026-11-v1', 'children-1']) {
    const x = await post({ notice_version: v });
    assert.equal(x.status, 400, v);
    const e = (await x.json()).error;
    assert.equal(e.reason, 'notice_version_unknown', v);
    assert.match(e.message, /notice_version/);
  }
  const empty = await post({ notice_version: '' });
  assert.equal(empty.status, 400);
  assert.equal(count('SELECT count(*) FROM objections'), before);
});

// ---- the health professionals' form (/opposition/professionnel) ----

async function professionalForm() {
  const jar = new Jar();
  const r = await fetch(`${g.url}/opposition/professionnel`);
  jar.store(r);
  const html = await r.text();
  const field = (name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return { jar, html, csrf: field('csrf_token'), shown: field('notice_shown'), mac: field('notice_mac') };
}
async function submitProfessional(form, fields) {
  return fetch(`${g.url}/opposition/professionnel`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: form.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: form.csrf, ...fields }).toString(),
  });
}

test('the professionals\' page shows their notice in force and records the version it showed', async () => {
  const page = await suite.browser.newPage(NO_JS);
  await page.goto(`${g.url}/opposition/professionnel`);
  const shown = current('professional');
  assert.match(shown, /^professional-\d+$/, 'the demo publishes a professionals\' notice');
  assert.equal(await page.getAttribute('#notice-professional', 'data-version'), shown);
  assert.match(await page.textContent('#notice-professional summary'), /version du \d{2}\/\d{2}\/\d{4}/);
  const body = g.psql(`SELECT body FROM information_notices WHERE version = '${shown}'`).trim();
  const firstWords = body.split(/\r?\n/)[0].trim().slice(0, 40);
  const noticeText = await page.textContent('#notice-professional');
  assert.ok(noticeText.includes(firstWords), `the text of the notice is shown: ${JSON.stringify(firstWords)} in ${JSON.stringify(noticeText)}`);
  assert.equal(await page.inputValue('input[name="notice_shown"]'), shown);
  assert.deepEqual(await axeViolations(page), [], 'professionals\' form: axe-core');
  await page.screenshot({ path: join(SHOT_DIR, 'notices-professionnel.png'), fullPage: true });
  await page.fill('input[name="rpps"]', '10004567893');

  // Meanwhile, the DPO publishes a new professionals' notice.
  const s = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const published = await staffForm(s, '/console/notices', { audience: 'professional', title: 'Information des médecins (v2)', body: 'Nouveau texte pour les médecins.' });
  assert.equal(published.status, 303);
  assert.notEqual(current('professional'), shown);

  await page.getByRole('button', { name: 'Enregistrer mon opposition' }).click();
  await page.locator('#receipt-reference').waitFor();
  const reference = (await page.textContent('#receipt-reference')).trim();
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${reference}'`).trim(), shown);
  assert.match(g.psql(`SELECT encode(leaf, 'escape') FROM audit_entries WHERE object = 'objection/${reference}'`),
    new RegExp(`"notice_version":"${shown}"`));
  await page.close();

  // A page opened now shows, and records, the new one.
  const form = await professionalForm();
  assert.equal(form.shown, current('professional'));
  assert.match(form.html, /Nouveau texte pour les médecins\./);
  const r = await submitProfessional(form, { rpps: '10005678902', notice_shown: form.shown, notice_mac: form.mac });
  assert.equal(r.status, 200, await r.clone().text());
  const ref2 = /id="receipt-reference">([^<]+)</.exec(await r.text())[1];
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${ref2}'`).trim(), current('professional'));
});

test('a forged professionals\' notice stamp is refused in French; nothing is recorded', async () => {
  const objections = () => count("SELECT count(*) FROM objections WHERE subject_kind = 'professional'");
  const before = objections();
  const form = await professionalForm();
  const adultForm = await publicForm();
  const forged = [
    { notice_shown: 'professional-1', notice_mac: form.mac },       // an older version, the MAC of another
    { notice_shown: form.shown, notice_mac: '0'.repeat(64) },       // a made-up MAC
    { notice_shown: adultForm.shown, notice_mac: adultForm.mac },   // the patients' stamp, well signed
    { notice_shown: adultForm.shown.split(' ')[0], notice_mac: form.mac },
    { notice_shown: form.shown },                                    // MAC missing
    { notice_mac: form.mac },                                        // label missing
  ];
  for (const fields of forged) {
    const r = await submitProfessional(form, { rpps: '10006789012', ...fields });
    assert.equal(r.status, 400, JSON.stringify(fields));
    const html = await r.text();
    assert.match(html, /La version de la notice d&#39;information indiquée par ce formulaire n&#39;a pas pu être vérifiée : rien n&#39;a été enregistré/);
    assert.match(html, /value="10006789012"/, 'what was typed comes back');
    assert.match(html, /name="notice_mac" value="[0-9a-f]{64}"/);
  }
  assert.equal(objections(), before);
  // Neither field (a script): the version in force is recorded.
  const plain = await submitProfessional(form, { rpps: '10006789012' });
  assert.equal(plain.status, 200);
  const plainRef = /id="receipt-reference">([^<]+)</.exec(await plain.text())[1];
  assert.equal(g.psql(`SELECT notice_version FROM objections WHERE reference = '${plainRef}'`).trim(), current('professional'));
  assert.equal(objections(), before + 1);
});
