// garant compliance consents --format fhir and garant compliance pack
// (docs/compliance-pack.md), against a real garantd --dev --demo and its
// embedded PostgreSQL. The consents export is validated by an independent
// FHIR R4 implementation (npm `fhir`, lantanagroup FHIR.js): structure,
// cardinalities and value sets; the Consent invariants the library does not
// evaluate (ppc-1 policy or policyRule, ppc-3 a patient for research) are
// checked here. No clear identity may appear in either output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Garantd, garantBin, repoRoot, staffLogin } from './lib/garantd.mjs';
import { launch } from './lib/browser.mjs';
import { axeViolations } from './lib/axe.mjs';
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';

const require = createRequire(import.meta.url);
// `fhir` (lantanagroup FHIR.js) is CommonJS.
const { Fhir } = require('fhir');

const g = new Garantd();
const shots = join(repoRoot, 'build', 'e2e-screenshots');
before(async () => { await g.start(); });
after(() => g.cleanup());

// Distinctive traits: none of them may appear in an export.
const PEOPLE = [
  { birth_name: 'Quintard-Belhomme', given_names: 'Héloïse', birth_date: '1971-02-14', sex: 'F', contact: 'heloise.q@example.org' },
  { birth_name: 'Zarcone', used_name: 'Villemagne', given_names: 'Ambroise Félix', birth_date: '1958-11-03', sex: 'M' },
  { birth_name: 'Oudinot', given_names: 'Capucine', birth_date: '2012-07-00', sex: 'F', requester: 'parent' },
];
const CLEAR = ['Quintard', 'Belhomme', 'HELOISE', 'Héloïse', 'heloise.q', 'Zarcone', 'Villemagne', 'Ambroise',
  'AMBROISE', 'Oudinot', 'OUDINOT', 'Capucine', '1971-02-14', '19710214', '1958-11-03', '2012-07'];

async function api(staff, path, init = {}) {
  return fetch(`${g.url}${path}`, {
    ...init,
    headers: { Cookie: staff.jar.header(), 'X-CSRF-Token': staff.csrf, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
}

function garant(...args) {
  const r = spawnSync(garantBin, args, { encoding: 'utf8', timeout: 180000, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const references = [];
let withdrawnReference;

test('setup: three objections entered by the DPO, one withdrawn', async () => {
  const dpo = await staffLogin(g, 'dpo', 'garant-demo-dpo');
  for (const p of PEOPLE) {
    const { requester = 'patient', ...traits } = p;
    const r = await api(dpo, '/api/v1/objections', {
      method: 'POST', body: JSON.stringify({ ...traits, requester, channel: 'letter' }),
    });
    const body = await r.text();
    assert.equal(r.status, 201, body);
    references.push(JSON.parse(body).reference);
  }
  withdrawnReference = references[1];
  const r = await api(dpo, `/api/v1/objections/${withdrawnReference}/withdraw`, { method: 'POST' });
  assert.equal(r.status, 200, await r.text());
  // The confirmation of the first one is recorded as sent today (the console's form).
  const today = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' }).format(new Date());
  const answered = await fetch(`${g.url}/console/oppositions/${references[0]}/reponse`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: dpo.jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: dpo.csrf, sent_on: today }).toString(),
  });
  assert.equal(answered.status, 303, await answered.text());
});

function consentsOf(bundle) {
  return bundle.entry.map((e) => e.resource);
}

test('compliance consents --format fhir: a valid R4 collection Bundle, one Consent per objection', () => {
  const r = garant('compliance', 'consents', '--format', 'fhir', '--data-dir', g.dataDir);
  assert.equal(r.code, 0, r.err);
  const bundle = JSON.parse(r.out);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'collection');

  const result = new Fhir().validate(bundle, { errorOnUnexpected: true });
  assert.ok(result.valid, JSON.stringify(result.messages, null, 1));
  // No error and no warning (an `info` says the PurposeOfUse value set is not bundled).
  assert.deepEqual(result.messages.filter((m) => m.severity !== 'info'), []);

  // Exactly the registry: as many Consents as objections in the database.
  const stored = Number(g.psql('SELECT count(*) FROM objections'));
  const consents = consentsOf(bundle);
  assert.equal(consents.length, stored);
  for (const ref of references) assert.ok(consents.some((c) => c.id === ref), ref);

  const tokenRows = g.psql("SELECT o.reference || ' ' || t.token FROM objection_tokens t JOIN objections o ON o.id = t.objection_id")
    .trim().split('\n').map((l) => l.split(' '));
  for (const c of consents) {
    assert.equal(c.resourceType, 'Consent');
    assert.deepEqual(c.scope.coding.map((x) => x.code), ['research']);
    assert.equal(c.provision.type, 'deny');
    assert.ok(c.category.length >= 1);
    // ppc-1: a policy or a policyRule; ppc-3: research needs a patient.
    assert.ok(c.policy?.length || c.policyRule, 'ppc-1');
    assert.ok(c.patient?.identifier?.value, 'ppc-3');
    assert.match(c.policyRule.text, /2021-118/);
    assert.match(c.patient.identifier.system, /^urn:garant:pseudonym-v1:[0-9a-f]{8}$/);
    // The patient's identifier is one of the objection's stored tokens.
    assert.ok(tokenRows.some(([ref, tok]) => ref === c.id && tok === c.patient.identifier.value), c.id);
    assert.equal(c.status, c.id === withdrawnReference ? 'inactive' : 'active', c.id);
    if (c.id === withdrawnReference) assert.ok(c.provision.period.end);
  }
  for (const word of CLEAR) assert.ok(!r.out.includes(word), `clear trait in the export: ${word}`);

  // The export is an audit entry.
  const n = Number(g.psql("SELECT count(*) FROM audit_entries WHERE event_type = 'compliance.consents.exported'"));
  assert.ok(n >= 1);
});

test('the validator is not a rubber stamp: a broken Consent fails', () => {
  const r = garant('compliance', 'consents', '--format', 'fhir', '--data-dir', g.dataDir);
  assert.equal(r.code, 0, r.err);
  const bundle = JSON.parse(r.out);
  const fhir = new Fhir();
  const broken = structuredClone(bundle);
  broken.entry[0].resource.provision.type = 'refuse';   // not in the value set
  assert.equal(fhir.validate(broken, { errorOnUnexpected: true }).valid, false);
  const noScope = structuredClone(bundle);
  delete noScope.entry[0].resource.scope;               // 1..1
  assert.equal(fhir.validate(noScope, { errorOnUnexpected: true }).valid, false);
  const extra = structuredClone(bundle);
  extra.entry[0].resource.birthName = 'X';              // not a Consent element
  assert.equal(fhir.validate(extra, { errorOnUnexpected: true }).valid, false);
});

test('compliance consents: bad command lines exit 2', () => {
  assert.equal(garant('compliance', 'consents', '--data-dir', g.dataDir).code, 2);
  assert.equal(garant('compliance', 'consents', '--format', 'csv', '--data-dir', g.dataDir).code, 2);
  assert.equal(garant('compliance').code, 2);
  assert.equal(garant('compliance', 'frobnicate').code, 2);
});

// ---------------------------------------------------------------------------
// garant compliance pack DIR

// A static server for the pack's folder (axe's probe needs an http origin with /healthz).
async function serveDir(dir) {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') { res.writeHead(200); res.end('ok'); return; }
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = join(dir, name);
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
    const type = name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
    res.writeHead(200, { 'Content-Type': type });
    res.end(readFileSync(file));
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

let packDir;
let pack;
let projectReference;

test('setup: one more project recorded by the secretary', async () => {
  const sec = await staffLogin(g, 'secretaire', 'garant-demo-secretaire');
  const committees = await (await api(sec, '/api/v1/governance/committees')).json();
  const cse = committees.committees.find((c) => c.code === 'cse');
  projectReference = 'PACK-2026-001';
  const r = await api(sec, '/api/v1/governance/projects', {
    method: 'POST',
    body: JSON.stringify({
      reference: projectReference, title: 'Projet <du dossier> & contrôle', public_summary: 'Résumé', purpose: 'research',
      no_forbidden_use: true, legal_basis: 'RGPD 6.1.e', formality: 'mr-004', investigator: 'Dr X',
      organisation: 'Org', data_domains: ['visits'], duration_months: 12, committee_id: cse.id,
    }),
  });
  assert.equal(r.status, 201, await r.text());
});

test('compliance pack: bad command lines exit 2 and write nothing', () => {
  const dir = join(g.dataDir, 'pack-bad');
  assert.equal(garant('compliance', 'pack', dir, '--from', '31/02/2026', '--data-dir', g.dataDir).code, 2);
  assert.equal(garant('compliance', 'pack', dir, '--from', '2026-05-01', '--to', '2026-04-01', '--data-dir', g.dataDir).code, 2);
  assert.equal(garant('compliance', 'pack', '--data-dir', g.dataDir).code, 2);
  assert.ok(!existsSync(dir));
  mkdirSync(dir);
  writeFileSync(join(dir, 'autre.txt'), 'x');
  const r = garant('compliance', 'pack', dir, '--data-dir', g.dataDir);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /new or empty directory/);
});

test('compliance pack: the folder, its figures match the database and are traceable', () => {
  packDir = join(g.dataDir, 'dossier-cnil');
  const before = Number(g.psql("SELECT count(*) FROM audit_entries WHERE event_type = 'compliance.pack.generated'"));
  const r = garant('compliance', 'pack', packDir, '--data-dir', g.dataDir);
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  for (const f of ['index.html', 'pack.json', 'checkpoint.txt', 'verification.txt', 'oppositions.fhir.json', 'mesures-de-securite.md']) {
    assert.ok(existsSync(join(packDir, f)), f);
  }
  pack = JSON.parse(readFileSync(join(packDir, 'pack.json'), 'utf8'));
  assert.equal(pack.format, 'garant-compliance-pack-v1');
  const fig = (id) => {
    const f = pack.figures.find((x) => x.id === id);
    assert.ok(f, `figure ${id}`);
    return f.value;
  };
  // Counted independently here.
  const count = (sql) => Number(g.psql(sql));
  assert.equal(fig('objections.registered'), count('SELECT count(*) FROM objections'));
  assert.ok(fig('objections.registered') >= PEOPLE.length);
  assert.equal(fig('objections.in_force'), count("SELECT count(*) FROM objections WHERE status = 'effective'"));
  assert.equal(fig('objections.withdrawn'), count("SELECT count(*) FROM objections WHERE status = 'withdrawn'"));
  assert.ok(fig('objections.withdrawn') >= 1);
  assert.equal(fig('objections.channel.letter'), count("SELECT count(*) FROM objections WHERE channel = 'letter'"));
  assert.ok(fig('objections.channel.letter') >= PEOPLE.length);
  assert.equal(fig('objections.requester.parent'), count("SELECT count(*) FROM objections WHERE requester = 'parent'"));
  assert.equal(fig('objections.answered_in_time'), count(
    "SELECT count(*) FROM objections o JOIN objection_answers a ON a.objection_id = o.id " +
    "WHERE a.sent_on <= ((o.received_at + interval '1 month') AT TIME ZONE 'Europe/Paris')::date"));
  assert.ok(fig('objections.answered_in_time') >= 1);
  assert.equal(fig('objections.answered_late'), 0);
  assert.equal(fig('projects.registered'), count('SELECT count(*) FROM gov_projects'));
  assert.equal(fig('decisions.recorded'), count('SELECT count(*) FROM gov_decisions'));
  assert.equal(fig('authorisations.recorded'), count('SELECT count(*) FROM gov_authorisations'));
  assert.equal(fig('staff.active'), count('SELECT count(*) FROM staff_accounts WHERE disabled_at IS NULL'));
  assert.ok(fig('staff.logins') >= 2);  // the DPO's and the secretary's above
  assert.equal(pack.projects.length, count('SELECT count(*) FROM gov_projects'));
  assert.ok(pack.projects.some((p) => p.reference === projectReference));
  assert.equal(pack.habilitations.staff_accounts.length, count('SELECT count(*) FROM staff_accounts'));
  const dpo = pack.habilitations.staff_accounts.find((s) => s.username === 'dpo');
  assert.equal(dpo.second_factor, true);
  assert.ok(dpo.last_login && Number.isInteger(dpo.last_login_audit_index));
  assert.equal(pack.log.verified, true);
  assert.ok(pack.log.checkpoint_size > 0);
  assert.match(readFileSync(join(packDir, 'checkpoint.txt'), 'utf8'), /^contact\.sos-medecins\.fr\/garant\n\d+\n/);
  assert.match(readFileSync(join(packDir, 'verification.txt'), 'utf8'), /^OK: /);
  assert.equal(pack.register.transfers, "Aucun transfert de données hors de l'Union européenne");
  assert.ok(pack.security.headings.includes('Keys and database'));

  // Traceability: every figure's own statement, run again on the database
  // with its parameters, gives its value and index range again (the log
  // figures grew by the pack's own entry and are left out).
  for (const f of pack.figures) {
    if (['log.size', 'packs.previous'].includes(f.id)) continue;
    const types = f.params.map(() => 'text').join(', ');
    const args = f.params.map((p) => `'${p}'`).join(', ');
    const out = g.psql(`PREPARE fig${f.params.length ? `(${types})` : ''} AS ${f.sql}; EXECUTE fig${f.params.length ? `(${args})` : ''};`)
      .trim().split('\n').filter((l) => l !== 'PREPARE');
    const row = f.id.includes('.') && out.length > 1
      ? out.find((l) => f.id.endsWith(`.${l.split('|')[0]}`))
      : out[0];
    assert.ok(row, `${f.id}: ${out}`);
    const cols = row.split('|');
    const [value, first, last] = cols.length === 4 ? cols.slice(1) : cols;
    assert.equal(Number(value), f.value, f.id);
    assert.equal(first === '' ? null : Number(first), f.audit_index_first, `${f.id} first index`);
    assert.equal(last === '' ? null : Number(last), f.audit_index_last, `${f.id} last index`);
  }

  // Generating it is an audit entry, with the digest of pack.json.
  assert.equal(count("SELECT count(*) FROM audit_entries WHERE event_type = 'compliance.pack.generated'"), before + 1);
  assert.match(r.out, /pack\.json sha256 [0-9a-f]{64}/);
  const digest = /pack\.json sha256 ([0-9a-f]{64})/.exec(r.out)[1];
  assert.equal(createHash('sha256').update(readFileSync(join(packDir, 'pack.json'))).digest('hex'), digest);
});

test('compliance pack: rights requests with their delays, and the notice versions', () => {
  const count = (sql) => Number(g.psql(sql));
  // The demo's five requests (and any other): every one, with its deadline.
  assert.equal(pack.rights_requests.length, count('SELECT count(*) FROM rights_requests'));
  assert.ok(pack.rights_requests.length >= 5);
  const fig = (id) => pack.figures.find((x) => x.id === id)?.value;
  assert.equal(fig('rights.registered'), pack.rights_requests.length);
  for (const r of pack.rights_requests) {
    assert.match(r.reference, /^DRT-/);
    assert.ok(Date.parse(r.deadline) > Date.parse(r.received_at), r.reference);
    if (r.closed_at) assert.equal(r.delay_met, Date.parse(r.closed_at) <= Date.parse(r.deadline), r.reference);
    else assert.equal(r.delay_met, Date.parse(r.deadline) < Date.parse(pack.generated_at) ? false : null, r.reference);
    assert.ok(Number.isInteger(r.audit_index_first), r.reference);
  }
  // The demo: one answered within the month, one open past its deadline,
  // one extended (three months), one waiting for a proof of identity.
  assert.ok(pack.rights_requests.some((r) => r.state === 'answered' && r.delay_met === true));
  assert.ok(pack.rights_requests.some((r) => r.state === 'received' && r.delay_met === false));
  assert.ok(pack.rights_requests.some((r) => r.extended_at && r.delay_met === null));
  assert.ok(pack.rights_requests.some((r) => r.state === 'identity_check'));
  // Nothing sealed nor free text.
  const text = JSON.stringify(pack.rights_requests);
  for (const word of ['Fictif', 'Hélène', 'Toulouse', 'héritier', 'justificatif']) assert.ok(!text.includes(word), word);
  // The notice versions, as in the register.
  assert.equal(pack.notices.length, count('SELECT count(*) FROM information_notices'));
  assert.equal(fig('notices.published'), pack.notices.length);
  const adult = pack.notices.find((n) => n.version === 'adult-1');
  assert.equal(adult.audience, 'adult');
  assert.equal(adult.body_sha256, g.psql("SELECT encode(sha256(convert_to(body, 'UTF8')), 'hex') FROM information_notices WHERE version = 'adult-1'").trim());
  assert.equal(adult.audit_index, count("SELECT idx FROM audit_entries WHERE object = 'notice/adult-1'"));
  const html = readFileSync(join(packDir, 'index.html'), 'utf8');
  for (const r of pack.rights_requests) assert.ok(html.includes(`data-reference="${r.reference}"`), r.reference);
  assert.match(html, /<table id="notice-versions">/);
  assert.match(html, /<td class="met-ko">non<\/td>/);
});

test('compliance pack: the committees\' decisions not about a project and the declarations of interest', () => {
  const count = (sql) => Number(g.psql(sql));
  const fig = (id) => {
    const f = pack.figures.find((x) => x.id === id);
    assert.ok(f, `figure ${id}`);
    return f;
  };
  // The figures, counted independently here.
  assert.equal(fig('topic_decisions.recorded').value, count('SELECT count(*) FROM gov_decisions WHERE topic_id IS NOT NULL'));
  assert.ok(fig('topic_decisions.recorded').value >= 3, 'the demo\'s three decisions of the Comité stratégique');
  assert.equal(fig('topic_decisions.cosigned').value, count('SELECT count(*) FROM gov_decisions WHERE topic_id IS NOT NULL AND cosigned_at IS NOT NULL'));
  assert.equal(fig('topic_decisions.amended').value, count(
    'SELECT count(*) FROM gov_decisions d WHERE d.topic_id IS NOT NULL AND EXISTS (SELECT 1 FROM gov_decisions a WHERE a.amends_decision_id = d.id)'));
  assert.equal(fig('declarations.recorded').value, count('SELECT count(*) FROM gov_interest_declarations'));
  assert.ok(fig('declarations.recorded').value >= 4, 'the demo\'s four declarations');
  // Traceable: the range of the figure is the range of the log's entries.
  assert.equal(fig('topic_decisions.recorded').audit_index_first, count(
    "SELECT min(e.idx) FROM audit_entries e JOIN gov_decisions d ON e.object = 'decision/' || d.id " +
    "WHERE d.topic_id IS NOT NULL AND e.event_type = 'governance.decision.recorded'"));
  assert.equal(fig('declarations.recorded').audit_index_first, count(
    "SELECT min(idx) FROM audit_entries WHERE event_type = 'governance.member.interests_declared'"));
  assert.equal(fig('declarations.recorded').audit_index_last, count(
    "SELECT max(idx) FROM audit_entries WHERE event_type = 'governance.member.interests_declared'"));
  assert.equal(fig('declarations.members_without').value, count(
    "SELECT count(*) FROM gov_members m WHERE m.term_start <= (now() AT TIME ZONE 'Europe/Paris')::date " +
    "AND (m.term_end IS NULL OR m.term_end >= (now() AT TIME ZONE 'Europe/Paris')::date) " +
    'AND NOT EXISTS (SELECT 1 FROM gov_interest_declarations d WHERE d.member_id = m.id)'));

  // The tables: one row per decision, each bound to its own log entry.
  assert.equal(pack.topic_decisions.length, count('SELECT count(*) FROM gov_decisions WHERE topic_id IS NOT NULL'));
  for (const d of pack.topic_decisions) {
    assert.equal(d.audit_index, count(`SELECT idx FROM audit_entries WHERE object = 'decision/${d.id}' AND event_type = 'governance.decision.recorded'`), `decision ${d.id}`);
    assert.equal(d.title, g.psql(`SELECT t.title FROM gov_decisions d JOIN gov_meeting_topics t ON t.id = d.topic_id WHERE d.id = ${d.id}`).trim());
    assert.equal(d.public, g.psql(`SELECT public FROM gov_decisions WHERE id = ${d.id}`).trim() === 't');
  }
  const charter = pack.topic_decisions.find((d) => d.title.startsWith("Charte d'accès"));
  assert.ok(charter && charter.category === 'charter' && charter.cosigned_at, JSON.stringify(charter));
  assert.ok(pack.topic_decisions.some((d) => d.public === false), 'the non-public decision is in the pack');
  // Each committee by its code (kept) and its name (what the reader sees).
  for (const d of pack.topic_decisions) {
    assert.equal(d.committee_name, g.psql(`SELECT name FROM gov_committees WHERE code = '${d.committee}'`).trim(), `decision ${d.id}`);
  }
  assert.equal(charter.committee, 'strategique');
  assert.equal(charter.committee_name, 'Comité stratégique');
  for (const p of pack.projects) {
    assert.equal(p.committee_name, g.psql(`SELECT name FROM gov_committees WHERE code = '${p.committee}'`).trim(), p.reference);
  }
  // The declarations: public summary only, each with its own log entry.
  assert.equal(pack.interest_declarations.length, count('SELECT count(*) FROM gov_interest_declarations'));
  for (const d of pack.interest_declarations) {
    assert.deepEqual(Object.keys(d).sort(), ['audit_index', 'committee', 'committee_name', 'id', 'member',
      'public_summary', 'recorded_at', 'role', 'signed_on', 'year']);
    assert.equal(d.committee_name, g.psql(`SELECT name FROM gov_committees WHERE code = '${d.committee}'`).trim());
    assert.equal(d.public_summary, g.psql(`SELECT public_summary FROM gov_interest_declarations WHERE id = ${d.id}`).trim());
    const member = count(`SELECT member_id FROM gov_interest_declarations WHERE id = ${d.id}`);
    const nth = count(`SELECT count(*) FROM gov_interest_declarations WHERE member_id = ${member} AND id <= ${d.id}`);
    assert.equal(d.audit_index, count(`SELECT idx FROM audit_entries WHERE object = 'member/${member}' ` +
      `AND event_type = 'governance.member.interests_declared' ORDER BY idx OFFSET ${nth - 1} LIMIT 1`), `declaration ${d.id}`);
  }
  // The organisations declared are not in the pack (they only derive conflicts).
  const json = JSON.stringify(pack.interest_declarations);
  assert.ok(!json.includes('organisations') && !json.includes('laboratoire santé plus'));
  // index.html: the section, its tables and figures.
  const html = readFileSync(join(packDir, 'index.html'), 'utf8');
  assert.match(html, /<h2 id="comites">Comités&nbsp;: décisions hors projet et déclarations d&#39;intérêts<\/h2>|<h2 id="comites">Comités&nbsp;: décisions hors projet et déclarations d'intérêts<\/h2>/);
  assert.match(html, /<table id="topic-decisions">/);
  assert.match(html, /<table id="interest-declarations">/);
  // The committees by name in both tables, never by their codes.
  const cells = (id) => html.slice(html.indexOf(`<table id="${id}">`), html.indexOf('</table>', html.indexOf(`<table id="${id}">`)));
  assert.ok(cells('topic-decisions').includes(`<td>${charter.id}</td><td>Comité stratégique</td>`), 'the charter\'s committee by name');
  assert.ok(!/<td[^>]*>strategique<\/td>/.test(cells('topic-decisions')), 'no committee code in the decisions');
  assert.ok(cells('interest-declarations').includes('<td>Comité scientifique et éthique</td>'), 'the CSE by name');
  assert.ok(!/<td[^>]*>(cse|strategique)<\/td>/.test(cells('interest-declarations')), 'no committee code in the declarations');
  assert.ok(html.includes('Missions de conseil ponctuelles pour un cabinet d&#39;études') || html.includes("Missions de conseil ponctuelles pour un cabinet d'études"));
  assert.ok(html.includes('id="fig-declarations.recorded"'), 'the figure is shown with its source');
});

test('compliance pack: no clear identity anywhere in the folder', () => {
  for (const f of readdirSync(packDir)) {
    const text = readFileSync(join(packDir, f), 'utf8');
    for (const word of CLEAR) assert.ok(!text.includes(word), `${f} holds ${word}`);
  }
});

test('compliance pack: a period bounds the activity figures', () => {
  const dir = join(g.dataDir, 'dossier-2020');
  const r = garant('compliance', 'pack', dir, '--from', '01/01/2020', '--to', '2020-12-31', '--data-dir', g.dataDir);
  assert.equal(r.code, 0, r.err);
  const old = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
  assert.equal(old.period.from_day, '2020-01-01');
  assert.equal(old.period.to_day, '2020-12-31');
  assert.equal(old.period.from, '2019-12-31T23:00:00.000000Z');
  assert.equal(old.figures.find((x) => x.id === 'objections.received').value, 0);
  assert.equal(old.figures.find((x) => x.id === 'log.entries').value, 0);
  // The registries are as they stand.
  assert.equal(old.figures.find((x) => x.id === 'objections.registered').value, pack.figures.find((x) => x.id === 'objections.registered').value);
  assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /du 01\/01\/2020 au 31\/12\/2020 inclus/);
});

test('compliance pack: index.html in Chromium, without JavaScript, passes axe; printable', async () => {
  const html = readFileSync(join(packDir, 'index.html'), 'utf8');
  assert.ok(!/<script/i.test(html));
  assert.ok(!/(src|href)="https?:/i.test(html), 'no outside resource');
  assert.ok(html.includes('Projet &lt;du dossier&gt; &amp; contrôle'), 'escaped');
  const site = await serveDir(packDir);
  const browser = await launch();
  try {
    const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/index.html`);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.match(await page.title(), /Dossier de conformité/);
    assert.match(await page.textContent('#verdict'), /intègre/);
    assert.equal(Number(await page.textContent('#fig-objections\\.registered td.num')), pack.figures.find((x) => x.id === 'objections.registered').value);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'compliance-pack.png'), fullPage: true });
    await page.locator('#topic-decisions').screenshot({ path: join(shots, 'compliance-pack-decisions-hors-projet.png') });
    await page.locator('#interest-declarations').screenshot({ path: join(shots, 'compliance-pack-declarations.png') });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, 'compliance-pack-print.png'), fullPage: false });
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await browser.close();
    await site.close();
  }
});

test('compliance pack: DIR that is a file exits 2', () => {
  const file = join(g.dataDir, 'un-fichier');
  writeFileSync(file, 'x');
  const r = garant('compliance', 'pack', file, '--data-dir', g.dataDir);
  assert.equal(r.code, 2, r.err);
});

// Last: it damages the log.
test('compliance pack: a tampered log is said so, in the folder and by the exit status', () => {
  // Flip one byte of a stored leaf, bypassing the append-only triggers.
  g.psql('SET session_replication_role = replica; UPDATE audit_entries SET leaf = set_byte(leaf, 40, get_byte(leaf, 40) # 1) WHERE idx = 3');
  const dir = join(g.dataDir, 'dossier-altere');
  const r = garant('compliance', 'pack', dir, '--data-dir', g.dataDir);
  assert.equal(r.code, 1, `${r.out}\n${r.err}`);
  assert.match(r.out, /VERIFICATION FAILED/);
  const damaged = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
  assert.equal(damaged.log.verified, false);
  assert.match(damaged.log.verification, /3/);
  assert.match(readFileSync(join(dir, 'verification.txt'), 'utf8'), /^FAILED: /);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  assert.match(html, /class="verdict ko"/);
  assert.match(html, /ÉCHEC/);
});
