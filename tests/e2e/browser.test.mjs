// Real headless Chromium against a running garantd --dev --demo: the public
// information page, staff login, the console, logout, and the French error on
// a wrong password. Pages must work without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, repoRoot } from './lib/garantd.mjs';
import { browserSuite, fillLogin } from './lib/browser.mjs';

const suite = browserSuite();
const { g, shots } = suite;

test('the information page explains CONTACT and the right to object, in French', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  const res = await page.goto(`${g.url}/`);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('h1'), /CONTACT/);
  assert.match(await page.textContent('main'), /Droit d'opposition/);
  assert.equal(await page.locator('a[href="/opposition"]').first().isVisible(), true);
  // Landmarks for assistive technologies.
  assert.equal(await page.locator('header[role="banner"]').count(), 1);
  assert.equal(await page.locator('main#contenu').count(), 1);
  assert.equal(await page.locator('footer[role="contentinfo"]').count(), 1);
  await page.screenshot({ path: join(shots, 'accueil.png'), fullPage: true });
  await page.close();
});

test('the test browser is a French one: its language and its date inputs', async () => {
  // Without Chromium's French resources (chromium-l10n), a date input shows
  // mm/dd/yyyy whatever the page's language: the screenshot would show it.
  assert.ok(existsSync('/usr/lib/chromium/locales/fr.pak'), 'chromium-l10n is not installed');
  const page = await suite.browser.newPage({ javaScriptEnabled: true });
  await page.setContent('<!doctype html><html lang="fr"><body><label>Du <input type="date" name="du">' +
    '</label> <label>Au <input type="date" name="au" value="2026-11-30"></label></body></html>');
  assert.equal(await page.evaluate(() => navigator.language), 'fr-FR');
  assert.equal(await page.evaluate(() => new Intl.DateTimeFormat().format(new Date(2026, 10, 30))),
    '30/11/2026');
  await page.screenshot({ path: join(shots, 'champ-date-fr.png') });
  await page.close();
});

test('a staff member logs in and sees the console with their role', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${g.url}/connexion`);
  await fillLogin(page, g, 'dpo', 'garant-demo-dpo');
  await page.waitForURL(`${g.url}/console`);
  assert.match(await page.textContent('#console-role'), /protection des données/);
  assert.match(await page.textContent('#whoami-name'), /Déléguée à la protection des données/);
  await page.screenshot({ path: join(shots, 'console.png'), fullPage: true });

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${g.url}/connexion`);
  const back = await page.goto(`${g.url}/console`);
  assert.equal(new URL(back.url()).pathname, '/connexion');
  await page.close();
});

test('a wrong password shows the French error and keeps the username', async () => {
  const page = await suite.browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${g.url}/connexion`);
  await page.getByLabel('Identifiant').fill('auditeur');
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const alert = page.locator('#login-error');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'Identifiant ou mot de passe incorrect.');
  assert.equal(await page.getByLabel('Identifiant').inputValue(), 'auditeur');
  await page.screenshot({ path: join(shots, 'connexion-erreur.png'), fullPage: true });
  await page.close();
});

test('the login form is refused without its CSRF token', async () => {
  const res = await fetch(`${g.url}/connexion`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'username=admin&password=garant-demo-admin',
  });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /<html lang="fr">/);
});
