// The demo's week of warehouse accesses (garantd --dev --demo
// --demo-accesses, what scripts/demo.sh starts): the auditor's queue shows
// exactly one finding of each rule the seed breaks, and nothing else; a
// restart on the same data changes nothing.
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Garantd, staffLogin } from './lib/garantd.mjs';

const g = new Garantd();
let auditor;

before(async () => {
  await g.start({ args: ['--demo-accesses'] });
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
});
after(async () => {
  await g.stop();
  g.cleanup();
});

async function findings(session) {
  const r = await fetch(`${g.url}/api/v1/findings?limit=500`, { headers: { Cookie: session.jar.header() } });
  assert.equal(r.status, 200);
  return (await r.json()).findings;
}

// Every rule but check_failed (the registries are readable).
const EXPECTED = ['account_not_named', 'dormant_account', 'expired', 'export_without_authorisation',
  'late_report', 'no_authorisation', 'not_yet_valid', 'objecting_patient', 'off_hours', 'out_of_scope',
  'project_closed', 'reidentify_without_justification', 'repeated_denials', 'repeated_query', 'revoked',
  'small_count', 'suspended', 'volume_spike'];

test('the demo week raises exactly one finding of each rule it breaks', async () => {
  const all = await findings(auditor);
  assert.deepEqual(all.map((f) => f.rule).sort(), EXPECTED);
  // Each names its account and says in French what happened.
  for (const f of all) {
    assert.match(f.account, /^[a-z]+\.[a-z]+$/, f.rule);
    assert.match(f.explanation, /[a-zàéè]{4,}/, f.rule);
  }
  const byRule = Object.fromEntries(all.map((f) => [f.rule, f]));
  assert.equal(byRule.account_not_named.account, 'stagiaire.petit');
  assert.equal(byRule.suspended.project, 'CONTACT-2026-005');
  assert.equal(byRule.export_without_authorisation.project, 'CONTACT-2026-003');
  assert.equal(byRule.objecting_patient.account, 'chercheur.moreau');
  assert.equal(byRule.objecting_patient.severity, 'critical');
  for (const [rule, account] of [['expired', 'biostat.leroy'], ['not_yet_valid', 'interne.faure'],
    ['revoked', 'data.girard'], ['project_closed', 'interne.faure']]) {
    assert.deepEqual([byRule[rule].account, byRule[rule].project], [account, 'CONTACT-2026-002'], rule);
  }
  // The queue groups them into cases the auditor can open.
  const page = await fetch(`${g.url}/audit/alertes`, { headers: { Cookie: auditor.jar.header() } });
  assert.equal(page.status, 200);
  const html = await page.text();
  for (const account of ['stagiaire.petit', 'chercheur.moreau', 'biostat.leroy', 'analyste.roussel',
    'interne.faure', 'data.girard']) {
    assert.match(html, new RegExp(account.replace('.', '\\.')), account);
  }
  // The overview counts the cases left to review: one per account and Paris day.
  const days = new Set(all.map((f) => `${f.account} ${f.case_id}`));
  const overview = await (await fetch(`${g.url}/audit`, { headers: { Cookie: auditor.jar.header() } })).text();
  assert.match(overview, new RegExp(`id="overview-open-cases">${days.size}<`));
});

test('the demo\'s authorisations start and end at midnight, Paris time, and read as whole days', async () => {
  const rows = g.psql("SELECT a.id, p.id, a.accounts::text, " +
    "to_char(a.valid_from AT TIME ZONE 'Europe/Paris', 'HH24:MI:SS'), " +
    "to_char(a.valid_until AT TIME ZONE 'Europe/Paris', 'HH24:MI:SS'), " +
    "to_char(a.valid_from AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY'), " +
    "to_char((a.valid_until AT TIME ZONE 'Europe/Paris')::date - 1, 'DD/MM/YYYY') " +
    'FROM gov_authorisations a JOIN gov_projects p ON p.id = a.project_id ORDER BY a.id').trim().split('\n').map((r) => r.split('|'));
  // CONTACT-2026-001 and -005, and the asthma project's three (--demo-accesses).
  assert.equal(rows.length, 5, JSON.stringify(rows));
  for (const [, , accounts, from, until] of rows) {
    assert.equal(from, '00:00:00', `${accounts} from`);
    assert.equal(until, '00:00:00', `${accounts} until`);
  }
  // A secretary's project page shows the first day and the last day (the
  // day before the exclusive end), as for an authorisation she typed.
  const sec = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  for (const [id, project, accounts, , , firstDay, lastDay] of rows) {
    const page = await fetch(`${g.url}/console/gouvernance/projets/${project}`, { headers: { Cookie: sec.jar.header() } });
    assert.equal(page.status, 200);
    const html = await page.text();
    const row = html.slice(html.indexOf(`id="autorisation-${id}"`), html.indexOf('</tr>', html.indexOf(`id="autorisation-${id}"`)));
    assert.ok(row.includes(`du ${firstDay} au ${lastDay} inclus`), `${accounts}: ${row}`);
  }
});

test('a restart on the same data seeds nothing twice', async () => {
  const before = (await findings(auditor)).length;
  await g.stop();
  await g.start({ args: ['--demo-accesses'] });
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
  assert.equal((await findings(auditor)).length, before);
  assert.doesNotMatch(g.output, /demo accesses seeded/);
});

test('--demo-accesses without --demo is refused at start', async () => {
  const { spawnSync } = await import('node:child_process');
  const { garantdBin } = await import('./lib/garantd.mjs');
  const run = spawnSync(garantdBin, ['--dev', '--demo-accesses', '--port', '0', '--data-dir', g.dataDir]);
  assert.notEqual(run.status, 0);
  assert.match(run.stderr.toString() + run.stdout.toString(), /--demo-accesses needs --demo/);
});
