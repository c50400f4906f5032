// The public pages as a French patient meets them, in a real headless
// Chromium on a 390 px phone, without JavaScript: dates and social security
// numbers typed as people type them, texts that say what an objection of
// each scope really does, the legal notices and their footer links, and
// axe-core on each page (no serious or critical violation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Garantd, staffLogin } from './lib/garantd.mjs';
import { browserSuite } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';

const suite = browserSuite();
const { g, shots } = suite;
const PHONE = { viewport: { width: 390, height: 844 }, javaScriptEnabled: false };

// A valid NIR (13 digits and the key 97 - NIR mod 97), grouped as on the
// carte Vitale: "1 85 03 75 123 456 78".
function carteVitale(nir13) {
  const key = String(97n - (BigInt(nir13) % 97n)).padStart(2, '0');
  const d = nir13 + key;
  return [d.slice(0, 1), d.slice(1, 3), d.slice(3, 5), d.slice(5, 7), d.slice(7, 10), d.slice(10, 13), d.slice(13)].join(' ');
}

async function assertAccessible(page, what) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${what}: axe-core`);
}

async function fillIdentity(page, who) {
  await page.fill('input[name="birth_name"]', who.birth_name);
  await page.fill('input[name="given_names"]', who.given_names);
  await page.fill('input[name="birth_date"]', who.birth_date);
  await page.check(`input[name="sex"][value="${who.sex}"]`);
  if (who.ins) await page.fill('input[name="ins"]', who.ins);
}

let phoneReceipt;

test('on a phone, a person types the birth date as JJ/MM/AAAA and the carte Vitale number with its spaces', async () => {
  const page = await suite.browser.newPage(PHONE);
  await page.goto(`${g.url}/opposition`);
  await assertAccessible(page, 'the form');
  // The field takes the French habit: no numeric keypad without "/".
  assert.equal(await page.getAttribute('input[name="birth_date"]', 'inputmode'), null);
  assert.match(await page.textContent('#birth_date-hint'), /JJ\/MM\/AAAA/);
  assert.match(await page.textContent('#minors-notice'), /15 ans/);
  await page.screenshot({ path: join(shots, 'telephone-formulaire.png'), fullPage: true });
  await fillIdentity(page, { birth_name: 'Rousseau', given_names: 'Aurélie', birth_date: '09/11/1992', sex: 'F',
    ins: carteVitale('2921175123456') });
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  // Dates in words, and the scope of an objection to everything.
  assert.match(await page.textContent('#receipt-received'), /^\d{1,2}(er)? [a-zéû]+ \d{4} à \d{1,2} h \d{2}$/);
  assert.match(await page.textContent('#receipt-next'), /aucune nouvelle donnée vous concernant n'y est intégrée/);
  assert.match(await page.textContent('main'), /capture d'écran/);
  // The reference and the code each stay on one line, inside the screen.
  const ref = await page.locator('#receipt-reference').boundingBox();
  const code = await page.locator('#receipt-code').boundingBox();
  assert.ok(Math.abs(code.height - ref.height) < 2, `code on one line (${code.height} vs ${ref.height})`);
  assert.ok(code.x + code.width <= 390, `code inside the screen (${code.x + code.width})`);
  await assertAccessible(page, 'the receipt');
  await page.screenshot({ path: join(shots, 'telephone-recepisse.png'), fullPage: true });
  phoneReceipt = {
    reference: (await page.textContent('#receipt-reference')).trim(),
    code: (await page.textContent('#receipt-code')).trim(),
  };
  await page.close();

  // The DPO sees the birth date and the number as the spec normalises them.
  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const o = await (await fetch(`${g.url}/api/v1/objections/${phoneReceipt.reference}?include=identity`,
    { headers: { Cookie: staff.jar.header() } })).json();
  assert.equal(o.identity.birth_date, '1992-11-09');
  assert.equal(o.identity.ins, carteVitale('2921175123456').replaceAll(' ', ''));
});

// One person, one token set, whatever the way the date was written: the
// browser's 03/07/1975 and the API's 1975-07-03 are the same day.
test('a birth date typed 03/07/1975 in the form gives the tokens of 1975-07-03 sent to the API', async () => {
  const page = await suite.browser.newPage(PHONE);
  await page.goto(`${g.url}/opposition`);
  const who = { birth_name: 'Chassagne', given_names: 'Solène', sex: 'F' };
  await fillIdentity(page, { ...who, birth_date: '03/07/1975' });
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const typed = (await page.textContent('#receipt-reference')).trim();
  await page.close();

  const staff = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  const headers = { 'Content-Type': 'application/json', Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf };
  const r = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers,
    body: JSON.stringify({ ...who, birth_date: '1975-07-03', requester: 'patient', channel: 'letter' }) });
  assert.equal(r.status, 201, await r.clone().text());
  const iso = (await r.json()).reference;
  // The API keeps the one ISO format: the French shape is refused there.
  const fr = await fetch(`${g.url}/api/v1/objections`, { method: 'POST', headers,
    body: JSON.stringify({ ...who, birth_date: '03/07/1975', requester: 'patient', channel: 'letter' }) });
  assert.equal(fr.status, 400);
  assert.equal((await fr.json()).error.fields[0].reason, 'birth_date_format');

  const read = async (ref) => (await (await fetch(`${g.url}/api/v1/objections/${ref}?include=identity`,
    { headers: { Cookie: staff.jar.header() } })).json());
  const a = await read(typed);
  const b = await read(iso);
  assert.equal(a.identity.birth_date, '1975-07-03');
  assert.ok(a.tokens.length >= 1);
  assert.deepEqual(a.tokens, b.tokens);
});

test('on a phone, the status page says in one sentence where the objection stands', async () => {
  const page = await suite.browser.newPage(PHONE);
  await page.goto(`${g.url}/opposition/statut`);
  await page.fill('input[name="reference"]', phoneReceipt.reference);
  await page.fill('input[name="code"]', phoneReceipt.code);
  await page.getByRole('button', { name: 'Consulter' }).click();
  await page.locator('#status-summary').waitFor();
  assert.match(await page.textContent('#status-summary'), /^Votre opposition est en vigueur depuis le \d{1,2}(er)? [a-zéû]+ \d{4}/);
  // No jargon before the details: the technical words are folded away.
  const summary = await page.textContent('#status-summary');
  assert.doesNotMatch(summary, /pseudonyme|liste d'exclusion|C2SP|garant/);
  assert.equal(await page.locator('details.technical #status-list').isVisible(), false);
  assert.doesNotMatch(await page.textContent('main'), /infalsifiable|garant\b/);
  await assertAccessible(page, 'the status page');
  await page.screenshot({ path: join(shots, 'telephone-statut.png'), fullPage: true });
  await page.close();
});

test('an objection to one project never claims the data leave the whole warehouse', async () => {
  const page = await suite.browser.newPage(PHONE);
  await page.goto(`${g.url}/opposition?projet=PRJ-2026-001`);
  assert.match(await page.textContent('main'), /restent dans l'entrepôt pour ses autres usages/);
  await fillIdentity(page, { birth_name: 'Benali', given_names: 'Karim', birth_date: '3/7/1979', sex: 'M' });
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#receipt-reference').waitFor();
  const wholeWarehouse = /ne sont plus intégrées|sont supprimées|toute l'utilisation de vos données dans l'entrepôt/;
  const next = await page.textContent('#receipt-next');
  assert.doesNotMatch(next, wholeWarehouse);
  assert.match(next, /ne sont plus utilisées pour le projet PRJ-2026-001/);
  assert.match(next, /restent dans l'entrepôt CONTACT pour ses autres usages/);
  assert.doesNotMatch(await page.textContent('#receipt-ok'), wholeWarehouse);
  assert.match(await page.textContent('#receipt-scope'), /PRJ-2026-001 uniquement/);
  await page.screenshot({ path: join(shots, 'telephone-recepisse-projet.png'), fullPage: true });
  const receipt = {
    reference: (await page.textContent('#receipt-reference')).trim(),
    code: (await page.textContent('#receipt-code')).trim(),
  };

  await page.goto(`${g.url}/opposition/statut`);
  await page.fill('input[name="reference"]', receipt.reference);
  await page.fill('input[name="code"]', receipt.code);
  await page.getByRole('button', { name: 'Consulter' }).click();
  await page.locator('#status-summary').waitFor();
  assert.match(await page.textContent('#status-summary'), /Votre opposition au projet PRJ-2026-001 est en vigueur/);
  assert.match(await page.textContent('#status-effect'), /ne sont pas utilisées pour le projet PRJ-2026-001\. Elles restent dans l'entrepôt/);
  assert.doesNotMatch(await page.textContent('main'), wholeWarehouse);

  await page.goto(`${g.url}/opposition/retrait`);
  await page.fill('input[name="reference"]', receipt.reference);
  await page.fill('input[name="code"]', receipt.code);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.locator('#confirm-warning').waitFor();
  const warning = await page.textContent('#confirm-warning');
  assert.match(warning, /de nouveau être utilisées pour le projet PRJ-2026-001/);
  assert.doesNotMatch(warning, /intégrées à l'entrepôt/);
  await page.close();
});

test('a form sent back with errors: the summary right under the heading, a title that says so, errors read with each field', async () => {
  const page = await suite.browser.newPage(PHONE);
  await page.goto(`${g.url}/opposition`);
  await page.fill('input[name="birth_name"]', 'Petit');
  await page.fill('input[name="given_names"]', 'Louis');
  await page.fill('input[name="birth_date"]', '31/04/1990');
  await page.getByRole('button', { name: "Enregistrer l'opposition" }).click();
  await page.locator('#form-errors').waitFor();
  assert.match(await page.title(), /^Erreur : /);
  // The element right after the h1 is the summary.
  assert.equal(await page.locator('h1 + #form-errors').count(), 1);
  assert.match(await page.textContent('#sex-error'), /^Indiquez le sexe\.$/);
  assert.match(await page.textContent('#birth_date-error'), /n'existe pas/);
  assert.equal(await page.getAttribute('#birth_date', 'aria-describedby'), 'birth_date-hint birth_date-error');
  assert.equal(await page.inputValue('#birth_date'), '31/04/1990');
  await assertAccessible(page, 'the form with errors');
  await page.screenshot({ path: join(shots, 'telephone-formulaire-erreurs.png'), fullPage: true });
  await page.close();
});

const PUBLIC_PAGES = ['/', '/questions', '/mentions-legales', '/donnees-personnelles', '/accessibilite',
  '/plan-du-site', '/contact', '/opposition', '/opposition/statut', '/opposition/retrait', '/projets', '/projets/comites', '/projets/CONTACT-2026-001',
  '/projets/CONTACT-2026-001/historique', '/connexion',
  '/preuve', '/opposition/professionnel', '/information', '/information/historique'];
const FOOTER = [['/mentions-legales', /^Mentions légales$/], ['/donnees-personnelles', /^Données personnelles$/],
  ['/accessibilite', /^Accessibilité : non conforme$/], ['/plan-du-site', /^Plan du site$/], ['/contact', /^Contact$/]];

test('every public page carries the legal footer links and passes axe-core', async () => {
  const page = await suite.browser.newPage(PHONE);
  for (const path of PUBLIC_PAGES) {
    const res = await page.goto(`${g.url}${path}`);
    assert.equal(res.status(), 200, path);
    for (const [href, label] of FOOTER) {
      const link = page.locator(`footer nav a[href="${href}"]`);
      assert.equal(await link.count(), 1, `${path}: footer link ${href}`);
      assert.match((await link.textContent()).trim(), label, `${path}: ${href}`);
    }
    assert.equal(await page.locator('footer a[href="/connexion"]').textContent(), 'Espace professionnel', path);
    await assertAccessible(page, path);
  }
  // Each notice page opens and is screenshotted.
  for (const [path, name] of [['/questions', 'questions'], ['/donnees-personnelles', 'donnees-personnelles'],
    ['/mentions-legales', 'mentions-legales'], ['/accessibilite', 'accessibilite']]) {
    await page.goto(`${g.url}${path}`);
    await page.screenshot({ path: join(shots, `info-${name}.png`), fullPage: true });
  }
  await page.close();
});

test('the notices: the CNIL complaint link, post-mortem directives, and demo coordinates marked as fictitious', async () => {
  const html = await (await fetch(`${g.url}/donnees-personnelles`)).text();
  assert.match(html, /href="https:\/\/www\.cnil\.fr\/fr\/adresser-une-plainte"/);
  assert.match(html, /Directives après le décès/);
  assert.match(html, /Base légale : Exemple fictif/);
  assert.match(html, /conservées : Exemple fictif/);
  const home = await (await fetch(`${g.url}/`)).text();
  assert.match(home, /id="home-dpo-address">Exemple fictif : Délégué à la protection des données/);
  const legal = await (await fetch(`${g.url}/mentions-legales`)).text();
  assert.match(legal, /id="legal-host">Exemple fictif : Hébergeur Certifié HDS/);
});

test("the operator's coordinates reach every page; missing ones are said missing and warned about", async () => {
  const own = new Garantd();
  try {
    await own.start({ demo: false, args: ['--dpo-email', 'dpo@sos-exemple.fr',
      '--dpo-postal-address', 'DPO, SOS Exemple, 10 rue du Test, 33000 Bordeaux',
      '--accessibility-status', 'partiellement conforme'] });
    const contact = await (await fetch(`${own.url}/contact`)).text();
    assert.match(contact, /dpo@sos-exemple\.fr/);
    assert.match(contact, /10 rue du Test, 33000 Bordeaux/);
    assert.match(contact, /<a href="\/accessibilite">Accessibilité : partiellement conforme<\/a>/);
    const legal = await (await fetch(`${own.url}/mentions-legales`)).text();
    assert.match(legal, /id="legal-host">information non encore renseignée par l(&#39;|')exploitant/);
    assert.doesNotMatch(legal, /fictif/);
    assert.match(own.output, /configuration key hosting_provider is empty/);
    assert.doesNotMatch(own.output, /configuration key dpo_email is empty/);
    await own.stop();
  } finally {
    own.cleanup();
  }
});

test('the accessibility check itself fails on a page with known violations', async () => {
  // Guards against a check that passes whatever the page (axe not loaded,
  // rules filtered away): an image without text and an unlabelled field.
  const page = await suite.browser.newPage(PHONE);
  await page.goto(`${g.url}/`);
  await page.setContent('<!DOCTYPE html><html><body><img src="/static/garant.css"><input type="text"></body></html>');
  const violations = await axeViolations(page);
  assert.ok(violations.some((v) => v.startsWith('image-alt')), violations.join('\n'));
  assert.ok(violations.some((v) => v.startsWith('label')), violations.join('\n'));
  await page.close();
});
