// The access trail end to end, against a real garantd --dev --demo: access
// events from the warehouse (idempotency, 409 with nothing written, bad
// input, limits), patient sets streamed by PUT, findings read by an auditor.
// Every /api/v1/ exchange below is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, garantBin, garantdBin, staffLogin } from './lib/garantd.mjs';

const g = new Garantd();
let token;
let auditor;

// The rules' settings come from the config file: off_hours is off (these
// tests run at any hour), repeated_query fires from the second repeat.
const rulesConfig = `# access rules
[access.rules.off_hours]
enabled = false

[access.rules.repeated_query]
count = 2
severity = high
`;

before(async () => {
  const conf = join(g.dataDir, 'garant.conf');
  writeFileSync(conf, rulesConfig);
  await g.start({ args: ['--config', conf] });
  token = createToken(g, 'entrepot-acces');
  auditor = await staffLogin(g, 'auditeur', 'garant-demo-auditeur');
});
after(() => { g.cleanup(); });

function createToken(server, name) {
  const out = execFileSync(garantBin, ['token', 'create', name, '--role', 'warehouse', '--data-dir', server.dataDir]).toString();
  return out.trim().split('\n').pop();
}

const hex64 = (s) => createHash('sha256').update(String(s)).digest('hex');
const digestOf = (tokens) => createHash('sha256').update([...new Set(tokens)].sort().map((t) => `${t}\n`).join('')).digest('hex');
const minutesAgo = (m) => new Date(Date.now() - m * 60000).toISOString();

// An access by an authorised researcher of the demo (CONTACT-2026-001).
function event(extra = {}) {
  return { id: randomUUID(), occurred_at: minutesAgo(5), account: 'chercheur.moreau',
           action: 'query', project: 'CONTACT-2026-001', domains: ['visits'],
           source: 'entrepot-1', outcome: 'success', ...extra };
}

async function post(body, t = token) {
  const r = await fetch(`${g.url}/api/v1/access-events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

async function findings(query = '') {
  const r = await fetch(`${g.url}/api/v1/findings${query}`, { headers: { Cookie: auditor.jar.header() } });
  assert.equal(r.status, 200);
  return (await r.json()).findings;
}

async function put(digest, text) {
  const r = await fetch(`${g.url}/api/v1/patient-sets/${digest}`, {
    method: 'PUT', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${token}` }, body: text,
  });
  return { status: r.status, body: await r.json() };
}

test('a batch is recorded once; a retry gets the same answer', async () => {
  const events = [event({ patients: [hex64(1), hex64(2)] }), event({ action: 'login' })];
  const first = await post({ events });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.recorded, 2);
  assert.deepEqual(first.body.events.map((e) => e.id), events.map((e) => e.id));
  assert.deepEqual(first.body.events[0].findings, []);
  const again = await post({ events });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  // The leaf carries the digest, never the tokens.
  const r = await fetch(`${g.url}/api/v1/audit/entries/${first.body.events[0].index}`,
    { headers: { Cookie: auditor.jar.header() } });
  const entry = await r.json();
  assert.equal(entry.type, 'access.query');
  assert.equal(entry.payload.patients_digest, digestOf([hex64(1), hex64(2)]));
  assert.equal(entry.payload.patient_count, 2);
  assert.ok(!JSON.stringify(entry).includes(hex64(1)));
});

test("the patients' rollup follows the batches; the project report counts them at once", async () => {
  const reportPatients = async () => {
    const r = await fetch(`${g.url}/api/v1/audit/projects/CONTACT-2026-001`,
      { headers: { Cookie: auditor.jar.header() } });
    assert.equal(r.status, 200);
    return (await r.json()).patients;
  };
  const lag = async () => {
    const text = await (await fetch(`${g.url}/metrics`)).text();
    const m = text.match(/^garant_access_patients_rollup_lag_events (\S+)$/m);
    assert.ok(m, 'garant_access_patients_rollup_lag_events in /metrics');
    return Number(m[1]);
  };
  const before = await reportPatients();
  const patients = [hex64('suivi-1'), hex64('suivi-2'), hex64('suivi-3')];
  const r = await post({ events: [event({ patients }), event({ patients: [patients[0]] })] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // Counted as soon as the batch is answered, whether or not the follower
  // (garantd's access worker, each second) has reached them.
  assert.equal(await reportPatients(), before + 3);
  let left = await lag();
  for (let i = 0; left > 0 && i < 100; ++i) {
    await new Promise((ok) => setTimeout(ok, 100));
    left = await lag();
  }
  assert.equal(left, 0, 'the follower reached the batch within 10 s');
  assert.equal(await reportPatients(), before + 3);
});

test('same id with other content: 409 and nothing of the batch written', async () => {
  const e = event();
  assert.equal((await post({ events: [e] })).status, 200);
  const fresh = event({ account: 'inconnu.total' });
  const r = await post({ events: [fresh, { ...e, rows: 3 }] });
  assert.equal(r.status, 409);
  const f = await findings('?account=inconnu.total');
  assert.equal(f.length, 0);
});

test('findings: an unnamed account, a reidentify without justification, late and small', async () => {
  const events = [
    event({ account: 'stagiaire.x' }),
    event({ action: 'reidentify' }),
    event({ occurred_at: new Date(Date.now() - 25 * 3600e3).toISOString() }),
    event({ action: 'count', returned_count: 4 }),
    event({ returned_count: 10 }),
  ];
  const r = await post({ events });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.events.map((e) => e.findings),
    [['account_not_named'], ['reidentify_without_justification'], ['late_report'], ['small_count'], []]);
  const list = await findings('?account=stagiaire.x');
  assert.equal(list.length, 1);
  assert.equal(list[0].rule, 'account_not_named');
  assert.equal(list[0].severity, 'critical');
  assert.equal(list[0].event_id, events[0].id);
  assert.equal(list[0].index, r.body.events[0].index);
  assert.match(list[0].explanation, /stagiaire\.x/);
  assert.equal(list[0].facts.reason, 'account_not_named');
  const byRule = await findings('?rule=small_count&project=CONTACT-2026-001&limit=1');
  assert.equal(byRule.length, 1);
  // Roles: the warehouse may not read findings; bad filters are 400.
  const w = await fetch(`${g.url}/api/v1/findings`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(w.status, 403);
  const bad = await fetch(`${g.url}/api/v1/findings?rule=nope`, { headers: { Cookie: auditor.jar.header() } });
  assert.equal(bad.status, 400);
});

test('bad input is refused with 400, batches over the limit with 413', async () => {
  const cases = [
    { ...event(), extra: 1 },
    { ...event(), action: 'delete' },
    { ...event(), occurred_at: new Date(Date.now() + 10 * 60000).toISOString() },
    { ...event(), patients: ['ABC'] },
    { ...event(), patients: [hex64(1).toUpperCase()] },
    { ...event(), rows: '3' },
    { ...event(), export: { file: 'x.csv' } },
    { ...event(), patient_set: hex64('never uploaded') },
    { ...event(), id: 'not-a-uuid' },
  ];
  for (const c of cases) {
    const r = await post({ events: [c] });
    assert.equal(r.status, 400, JSON.stringify(c));
    assert.match(r.body.error.message, /events\[0\]/);
  }
  const big = { events: Array.from({ length: 10001 }, () => event()) };
  assert.equal((await post(big)).status, 413);
  assert.equal((await post('{"events": [')).status, 400);
});

test('patient sets: digest checked, stored once, referenced by events', async () => {
  const tokens = Array.from({ length: 25000 }, (_, i) => hex64(`p${i}`));
  const digest = digestOf(tokens);
  const text = tokens.join('\n') + '\n';
  const wrong = await put(hex64('other'), text);
  assert.equal(wrong.status, 400);
  assert.match(wrong.body.error.message, /nothing stored/);
  assert.equal((await put(digest.toUpperCase(), text)).status, 400);
  const badLine = await put(digest, `${tokens[0]}\nnot-a-token\n`);
  assert.equal(badLine.status, 400);
  assert.match(badLine.body.error.message, /line 2/);
  const stored = await put(digest, text + tokens.slice(0, 10).join('\n'));  // duplicates, no final newline
  assert.equal(stored.status, 201, JSON.stringify(stored.body));
  assert.equal(stored.body.token_count, 25000);
  assert.equal(stored.body.created, true);
  const twice = await put(digest, text);
  assert.equal(twice.status, 200);
  assert.equal(twice.body.created, false);
  const r = await post({ events: [event({ action: 'extract', patient_set: digest })] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const entry = await (await fetch(`${g.url}/api/v1/audit/entries/${r.body.events[0].index}`,
    { headers: { Cookie: auditor.jar.header() } })).json();
  assert.equal(entry.payload.patients_digest, digest);
  assert.equal(entry.payload.patient_count, 25000);
});

test('rule settings: a configured threshold applies; an unknown key stops garantd at start', async () => {
  const q = (m) => event({ occurred_at: minutesAgo(m), query_fingerprint: `fp-${hex64('e2e-repeat').slice(0, 12)}` });
  const r = await post({ events: [q(6), q(5)] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.events.map((e) => e.findings), [[], ['repeated_query']]);
  const f = await findings('?rule=repeated_query');
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'high');
  assert.equal(f[0].facts.count, 2);

  const bad = join(g.dataDir, 'bad.conf');
  writeFileSync(bad, '[access.rules.small_count]\ntreshold = 5\n');
  const run = spawnSync(garantdBin, ['--config', bad, '--dev', '--port', '0', '--data-dir', join(g.dataDir, 'other')],
    { encoding: 'utf8', timeout: 60000 });
  assert.notEqual(run.status, 0);
  assert.match(run.stdout + run.stderr, /bad\.conf:2: unknown key 'treshold' in \[access\.rules\.small_count\]/);
});
