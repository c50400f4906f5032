// Debian's Chromium, headless, driven by playwright-core (no browser download).
import { before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Garantd, repoRoot } from './garantd.mjs';
import { freshCode } from './totp.mjs';

// A French browser, as the patients' and the staff's: its language (navigator.language,
// Accept-Language) is fr-FR and its native controls speak French (a date input shows
// jj/mm/aaaa). On Linux, Chromium takes its interface language from LANGUAGE, and needs
// Debian's chromium-l10n for it (scripts/install-deps.sh); --lang sets the pages' language.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--lang=fr-FR'],
    env: { ...process.env, LANGUAGE: 'fr' },
  });
}

// The fixture of a browser suite: a garantd --dev --demo and a headless
// Chromium, started before the suite's tests and stopped after them.
// Returns { g, shots, browser } (browser is set once the suite has started).
export function browserSuite() {
  const suite = { g: new Garantd(), shots: join(repoRoot, 'build', 'e2e-screenshots'), browser: null };
  before(async () => {
    mkdirSync(suite.shots, { recursive: true });
    await suite.g.start();
    suite.browser = await launch();
  });
  after(async () => {
    if (suite.browser) await suite.browser.close();
    await suite.g.stop();
    suite.g.cleanup();
  });
  return suite;
}

// Fills and sends the login form of `page` (on /connexion): a demo account
// with a second factor types a fresh TOTP code (lib/totp.mjs).
export async function fillLogin(page, server, username, password) {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(password);
  const code = await freshCode(server, username);
  if (code) await page.getByLabel('Code de vérification').fill(code);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

// A new page of the suite's browser with a staff member logged in through
// the login form (/connexion), on /console. `js: false` opens it without
// JavaScript, as the consoles must work.
export async function staffPage(suite, username, password, { js = true } = {}) {
  const page = await suite.browser.newPage({ javaScriptEnabled: js });
  await page.goto(`${suite.g.url}/connexion`);
  await fillLogin(page, suite.g, username, password);
  await page.waitForURL(`${suite.g.url}/console`);
  return page;
}
