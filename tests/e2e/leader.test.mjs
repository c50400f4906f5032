// Two garantd on one database (docs/high-availability.md): both serve HTTP;
// one, elected with a PostgreSQL advisory lock, signs checkpoints and runs
// the list publisher; when it is killed (kill -9) the other takes over
// within seconds and checkpoints continue. Here the two are `garantd --dev`
// on the same --data-dir (the second reuses the running embedded cluster),
// each with its own signer state file, as two machines would have.
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, garantBin, processAlive } from './lib/garantd.mjs';
import { openCheckpoint } from './lib/tlog.mjs';

const a = new Garantd();
const b = new Garantd();
rmSync(b.dataDir, { recursive: true, force: true });
b.dataDir = a.dataDir;  // the same data directory, so the same embedded cluster
const bState = join(a.dataDir, 'b-signer.state');
const bArgs = ['--audit-state-file', bState];

after(() => {
  try { if (b.proc && b.proc.exitCode === null) b.proc.kill('SIGKILL'); } catch { /* gone */ }
  a.cleanup();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMicros = () => new Date().toISOString().replace('Z', '000Z');

function createToken(name, role = 'warehouse') {
  const out = execFileSync(garantBin, ['token', 'create', name, '--role', role, '--data-dir', a.dataDir]).toString();
  return out.trim().split('\n').pop();
}

async function append(server, token, n) {
  const events = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(), type: 'warehouse.query', time: nowMicros(), object: `project/P-${i % 5}`, payload: { rows: i },
  }));
  const r = await fetch(`${server.url}/api/v1/audit/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return Math.max(...body.indexes);
}

// garant_leader from /metrics: 1 or 0.
async function leader(server) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /^garant_leader (\d)/m.exec(text);
  assert.ok(m, 'no garant_leader gauge');
  return Number(m[1]);
}

async function waitFor(what, cond, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await cond().catch(() => false)) return Date.now() - start;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

// The checkpoint `server` serves once it covers index `max`, verified with the key.
async function checkpointCovering(server, max, key) {
  let note;
  await waitFor(`a checkpoint covering ${max} from ${server.url}`, async () => {
    const r = await fetch(`${server.url}/tlog/checkpoint`);
    note = await r.text();
    return r.status === 200 && Number(note.split('\n')[1]) > max;
  }, 30000);
  const c = openCheckpoint(note, key);
  assert.ok(c.signed, 'the checkpoint is signed by the log key');
  return c;
}

function stateSize(file) {
  return Number(readFileSync(file, 'utf8').split('\n')[1]);
}

test('two garantd on one database: one leader, and the other takes over after kill -9', async () => {
  await a.start({ demo: false });
  const pg0 = a.postmasterPid();
  await b.start({ demo: false, args: bArgs });
  assert.equal(a.postmasterPid(), pg0, 'the second garantd reuses the running cluster');
  const token = createToken('entrepot-ha');
  const reader = join(a.dataDir, 'reader.token');
  writeFileSync(reader, `${createToken('verificateur-ha', 'auditor')}\n`, { mode: 0o600 });
  const key = (await (await fetch(`${a.url}/api/v1/audit/public-key`)).json()).key;

  // Exactly one leader: the first one.
  await waitFor('a leads', async () => (await leader(a)) === 1, 10000);
  assert.equal(await leader(b), 0);
  assert.doesNotMatch(b.output, /now the leader/, 'b never led');

  // Both serve: appends through either are signed by the leader.
  await append(a, token, 20);
  const max1 = await append(b, token, 20);
  const c1 = await checkpointCovering(b, max1, key);
  // b follows: its own signer state adopts what a signed.
  await waitFor('b adopts a\'s checkpoints', async () => existsSync(bState) && stateSize(bState) >= c1.size, 10000);

  // The leader dies without a word.
  a.proc.kill('SIGKILL');
  await a.exited;
  const tookOver = await waitFor('b takes over', async () => (await leader(b)) === 1, 15000);
  assert.ok(tookOver < 10000, `take-over in ${tookOver} ms`);
  const max2 = await append(b, token, 20);
  const c2 = await checkpointCovering(b, max2, key);
  assert.ok(c2.size > c1.size);

  // a comes back (same data dir, its own state file): it follows.
  await a.start({ demo: false });
  await sleep(1500);
  assert.equal(await leader(a), 0, 'b keeps the lead');
  assert.equal(await leader(b), 1);
  const max3 = await append(a, token, 20);
  await checkpointCovering(a, max3, key);

  // b stops cleanly: a takes over, and the cluster b did not start stays up for a.
  await b.stop();
  await waitFor('a takes over again', async () => (await leader(a)) === 1, 15000);
  const max4 = await append(a, token, 20);
  const c4 = await checkpointCovering(a, max4, key);
  assert.ok(stateSize(bState) <= c4.size);

  const v = spawnSync(garantBin, ['audit', 'verify', `${a.url}/`, '--key', key, '--token-file', reader],
    { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // The last garantd out stops the embedded cluster.
  const pg = a.postmasterPid();
  assert.ok(pg > 0);
  await a.stop();
  await waitFor('the cluster stops with the last garantd', async () => !processAlive(pg), 30000);
});
