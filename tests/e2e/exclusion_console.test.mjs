// The DPO's exclusion-list console (/console/exclusions) in real headless
// Chromium, against a real garantd --dev --demo: the current version and the
// consumers are shown; a consumer that has not applied the list for more than
// 10 minutes is flagged and an up-to-date one is not; the add form registers a
// consumer and refuses a bad name with a French message next to the field; a
// consumer is disabled after confirmation; a POST without the CSRF token, an
// auditor and an anonymous visitor are refused.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, Jar, repoRoot, garantBin, staffLogin, closingListener } from './lib/garantd.mjs';
import { browserSuite, staffPage } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';

const suite = browserSuite();
const { g, shots } = suite;

let lateEndpoint;
before(async () => { lateEndpoint = await closingListener(); });
after(() => lateEndpoint.close());

const garant = (...args) => execFileSync(garantBin, [...args, '--data-dir', g.dataDir]).toString();

function psql(sql) {
  const port = readFileSync(join(g.dataDir, 'pg.port'), 'utf8').trim();
  const args = ['-h', join(g.dataDir, 'run'), '-p', port, '-d', 'garant', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql];
  if (process.getuid() === 0) {
    return execFileSync('runuser', ['-u', 'postgres', '--', 'psql', ...args], { stdio: 'pipe' }).toString();
  }
  return execFileSync('psql', ['-U', 'postgres', ...args], { stdio: 'pipe' }).toString();
}

const staffSession = (username, password) => staffLogin(g, username, password);

async function consumers(dpo) {
  const r = await fetch(`${g.url}/api/v1/exclusions/consumers`, { headers: { Cookie: dpo.jar.header() } });
  assert.equal(r.status, 200);
  return (await r.json()).consumers;
}

const loginPage = (username = 'dpo', password = 'garant-demo-dpo') => staffPage(suite, username, password);

test('with no consumer, the page alerts that no objection is applied anywhere', async () => {
  const page = await loginPage();
  await page.goto(`${g.url}/console/exclusions`);
  const alert = page.locator('#no-consumer-alert');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /aucune opposition n'est appliquée dans l'entrepôt/);
  // https works (tls_push): the form no longer says only http:// is served.
  assert.doesNotMatch(await page.textContent('main'), /Seules les adresses http:\/\//);
  assert.match(await page.textContent('#consumer-url-hint'), /https:\/\//);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-exclusions-aucun.png'), fullPage: true });
  await page.close();
});

test('the console shows the list, an up-to-date consumer and a lagging one', async () => {
  // A first version exists within seconds of the start.
  const token = garant('token', 'create', 'ingest-ok', '--role', 'ingestion').trim().split('\n').pop();
  garant('consumer', 'add', 'ingest-ok');
  // Its endpoint closes every connection: the push fails, deterministically.
  const lateUrl = `http://127.0.0.1:${lateEndpoint.port}/lists`;
  garant('consumer', 'add', 'ingest-late', lateUrl);
  let current;
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    // A pooled keep-alive connection the server has just closed fails on the
    // client side: no answer, ask again.
    const r = await fetch(`${g.url}/api/v1/exclusions/current`, { headers: { Authorization: `Bearer ${token}` } })
      .catch(() => null);
    if (r?.status === 200) { current = JSON.parse(await r.text()); break; }
    await new Promise((res) => setTimeout(res, 300));
  }
  assert.ok(current, 'no list version was published');
  const ack = await fetch(`${g.url}/api/v1/exclusions/ack`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version: current.version, purged: 7 }),
  });
  assert.equal(ack.status, 201, await ack.text());
  // ingest-late has acknowledged nothing: make its first pending version 2 hours old.
  psql('UPDATE exclusion_list_versions SET issued_at = issued_at - interval \'2 hours\' WHERE version = 1');

  const page = await loginPage();
  await page.goto(`${g.url}/console/oppositions`);
  await page.click('#link-exclusions');
  await page.waitForURL(`${g.url}/console/exclusions`);
  assert.equal((await page.textContent('#current-version')).trim(), String(current.version));
  const ok = await page.textContent('#consumer-ingest-ok');
  assert.match(ok, /à jour/);
  assert.match(ok, /7/); // purged
  assert.doesNotMatch(ok, /en retard/);
  const late = await page.textContent('#consumer-ingest-late');
  assert.match(late, /en retard/);
  assert.ok(late.includes(lateUrl), late);
  assert.match(await page.textContent('#late-alert'), /1 consommateur\(s\) en retard/);
  // The failed push shows as the last error once tried.
  const errDeadline = Date.now() + 15000;
  let lateRow = late;
  while (!/\S/.test(await page.locator('#consumer-ingest-late td').nth(7).textContent()) && Date.now() < errDeadline) {
    await new Promise((res) => setTimeout(res, 500));
    await page.reload();
    lateRow = await page.textContent('#consumer-ingest-late');
  }
  assert.ok(/\S/.test(await page.locator('#consumer-ingest-late td').nth(7).textContent()), `no push error shown: ${lateRow}`);
  // In French first; the technical text folded.
  const cell = page.locator('#consumer-ingest-late td').nth(7);
  assert.match(await cell.locator('.push-error').textContent(), /^Le consommateur n'a pas pu être joint/);
  assert.equal(await cell.locator('details').getAttribute('open'), null);
  assert.match(await cell.locator('details').textContent(), /Détail technique/);
  assert.equal(await page.locator('#no-consumer-alert').count(), 0);
  assert.deepEqual(await axeViolations(page), []);
  await page.screenshot({ path: join(shots, 'console-exclusions.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'console-exclusions-390.png'), fullPage: true });
  await page.close();
});

test('the add form registers a consumer, refuses a bad name in French, and disables one', async () => {
  const page = await loginPage();
  await page.goto(`${g.url}/console/exclusions`);
  await page.fill('#consumer-name', 'mauvais nom!');
  await page.fill('#consumer-url', 'ftp://x');
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('text=Enregistrer le consommateur')]);
  assert.equal(bad.status(), 400);
  assert.match(await page.textContent('#consumer-name-error'), /Le nom doit compter de 1 à 64 caractères/);
  assert.match(await page.textContent('#consumer-url-error'), /http:\/\/ ou https:\/\//);
  assert.equal(await page.inputValue('#consumer-name'), 'mauvais nom!');
  const dpo = await staffSession('dpo', 'garant-demo-dpo');
  assert.ok(!(await consumers(dpo)).some((c) => c.name.startsWith('mauvais')));

  await page.fill('#consumer-name', 'entrepot-lyon');
  await page.fill('#consumer-url', '');
  await page.click('text=Enregistrer le consommateur');
  await page.waitForURL(/\/console\/exclusions\?ajout=entrepot-lyon$/);
  assert.match(await page.textContent('#notice'), /entrepot-lyon est enregistré/);
  assert.match(await page.textContent('#consumer-entrepot-lyon'), /actif/);
  assert.ok((await consumers(dpo)).some((c) => c.name === 'entrepot-lyon' && !c.disabled && c.url === null));

  // A second consumer with the same name is refused next to the field.
  await page.fill('#consumer-name', 'entrepot-lyon');
  const [dup] = await Promise.all([page.waitForNavigation(), page.click('text=Enregistrer le consommateur')]);
  assert.equal(dup.status(), 409);
  assert.match(await page.textContent('#consumer-name-error'), /déjà ce nom/);

  // Disabling needs the confirmation box.
  await page.goto(`${g.url}/console/exclusions`);
  const row = page.locator('#consumer-entrepot-lyon');
  await row.getByRole('button', { name: 'Désactiver' }).click();
  assert.match(await page.textContent('#page-error'), /Cochez la case de confirmation/);
  await page.goto(`${g.url}/console/exclusions`);
  await page.locator('#consumer-entrepot-lyon input[name="confirm"]').check();
  await page.locator('#consumer-entrepot-lyon').getByRole('button', { name: 'Désactiver' }).click();
  await page.waitForURL(/desactivation=entrepot-lyon$/);
  assert.match(await page.textContent('#consumer-entrepot-lyon'), /désactivé/);
  assert.ok((await consumers(dpo)).some((c) => c.name === 'entrepot-lyon' && c.disabled));
  await page.close();

  // Both staff actions are in the audit log.
  const auditor = await staffSession('auditeur', 'garant-demo-auditeur');
  const entries = await (await fetch(`${g.url}/api/v1/audit/entries?object=exclusion-consumer/entrepot-lyon`,
    { headers: { Cookie: auditor.jar.header() } })).json();
  assert.deepEqual(entries.entries.map((e) => e.type).sort(),
    ['exclusion.consumer.added', 'exclusion.consumer.disabled']);
});

test('the lag boundary: behind for 9½ minutes is not late, for 10½ minutes it is', async () => {
  const token = garant('token', 'create', 'ingest-edge', '--role', 'ingestion').trim().split('\n').pop();
  garant('consumer', 'add', 'ingest-edge');
  const dpo = await staffSession('dpo', 'garant-demo-dpo');
  const bearer = { Authorization: `Bearer ${token}` };
  const version = Number((await fetch(`${g.url}/api/v1/exclusions/current`, { headers: bearer })).headers.get('x-garant-list-version'));
  const ack = await fetch(`${g.url}/api/v1/exclusions/ack`, {
    method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' },
    body: JSON.stringify({ version, purged: 0 }),
  });
  assert.equal(ack.status, 201, await ack.text());
  // A new objection: a new version, which ingest-edge has not applied.
  const created = await fetch(`${g.url}/api/v1/objections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: dpo.jar.header(), 'X-CSRF-Token': dpo.csrf },
    body: JSON.stringify({ birth_name: 'Roux', given_names: 'Lina', birth_date: '1991-04-05', sex: 'f',
      requester: 'patient', channel: 'phone' }),
  });
  assert.equal(created.status, 201);
  let edge;
  for (const until = Date.now() + 30000; Date.now() < until;) {
    edge = (await consumers(dpo)).find((c) => c.name === 'ingest-edge');
    if (edge.lag_versions > 0) break;
    await new Promise((res) => setTimeout(res, 300));
  }
  assert.equal(edge.lag_versions, 1, 'a new version within 30 s');
  const row = async () => {
    const html = await (await fetch(`${g.url}/console/exclusions`, { headers: { Cookie: dpo.jar.header() } })).text();
    const m = new RegExp('id="consumer-ingest-edge"[^]*?</tr>').exec(html);
    assert.ok(m, 'the consumer has a row');
    return m[0];
  };
  // The first version it has not applied was issued 9 min 30 s ago: behind, not late.
  psql(`UPDATE exclusion_list_versions SET issued_at = now() - interval '570 seconds' WHERE version = ${version + 1}`);
  edge = (await consumers(dpo)).find((c) => c.name === 'ingest-edge');
  assert.ok(edge.lag_seconds >= 570 && edge.lag_seconds < 600, String(edge.lag_seconds));
  let html = await row();
  assert.match(html, /1 version\(s\)/);
  assert.doesNotMatch(html, /en retard/);
  // 10 min 30 s ago: late.
  psql(`UPDATE exclusion_list_versions SET issued_at = now() - interval '630 seconds' WHERE version = ${version + 1}`);
  edge = (await consumers(dpo)).find((c) => c.name === 'ingest-edge');
  assert.ok(edge.lag_seconds > 600, String(edge.lag_seconds));
  html = await row();
  assert.match(html, /en retard/);
});

test('refused: a POST without the CSRF token, an auditor, an anonymous visitor', async () => {
  const dpo = await staffSession('dpo', 'garant-demo-dpo');
  let r = await fetch(`${g.url}/console/exclusions/consommateurs`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: dpo.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'sans-csrf' }).toString(),
  });
  assert.equal(r.status, 403);
  r = await fetch(`${g.url}/console/exclusions/consommateurs/ingest-ok/desactivation`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: dpo.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ confirm: 'oui', csrf_token: '0'.repeat(64) }).toString(),
  });
  assert.equal(r.status, 403);
  const list = await consumers(dpo);
  assert.ok(!list.some((c) => c.name === 'sans-csrf'));
  assert.ok(list.some((c) => c.name === 'ingest-ok' && !c.disabled));

  const auditor = await staffSession('auditeur', 'garant-demo-auditeur');
  r = await fetch(`${g.url}/console/exclusions`, { headers: { Cookie: auditor.jar.header() }, redirect: 'manual' });
  assert.equal(r.status, 403);
  r = await fetch(`${g.url}/console/exclusions`, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /\/connexion/);
});
