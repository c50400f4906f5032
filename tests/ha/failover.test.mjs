// High availability on pg_auto_failover (docs/high-availability.md), end to
// end: a monitor, a primary and a synchronous standby on loopback (private
// sockets, ports picked here, as the OS user postgres), one garantd on the
// multi-host URL, appends and public objections running while the primary's
// postmaster is killed with kill -9. Checks: writes resume within 30 s, every
// acknowledged event and objection is there afterwards, `garant audit verify`
// passes, and the signer never signed a tree inconsistent with its state.
// Label `ha` (ctest); prints how long each phase took.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { garantBin, garantdBin, pgBinDir, processAlive } from '../e2e/lib/garantd.mjs';
import { openCheckpoint } from '../e2e/lib/tlog.mjs';

const started = Date.now();
const base = mkdtempSync('/tmp/garant-ha-');  // short: socket paths are limited to 107 bytes
const sock = join(base, 'sock');
const asRoot = process.getuid() === 0;
const children = [];  // long-running processes started here, each its own process group
const phases = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const phase = (name, t0) => phases.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// PostgreSQL and pg_autoctl refuse root: they run as postgres, with a private
// environment (pg_autoctl keeps its state under XDG_* directories).
const pgEnv = [
  `PATH=${pgBinDir()}:/usr/bin:/bin`, `HOME=${base}`, `PGHOST=${sock}`,
  `XDG_CONFIG_HOME=${join(base, 'xdg-config')}`, `XDG_DATA_HOME=${join(base, 'xdg-data')}`,
  `XDG_RUNTIME_DIR=${join(base, 'xdg-run')}`,
];
function asPostgres(cmd, args) {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', 'env', ...pgEnv, cmd, ...args]] : ['env', [...pgEnv, cmd, ...args]];
}
function pg(cmd, ...args) {
  const [c, a] = asPostgres(cmd, args);
  return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 }).toString();
}
function pgSpawn(logName, cmd, ...args) {
  const [c, a] = asPostgres(cmd, args);
  const log = openSync(join(base, logName), 'a');
  const p = spawn(c, a, { stdio: ['ignore', log, log], detached: true });
  children.push(p);
  return p;
}
function sql(port, db, text) {
  return pg('psql', '-h', sock, '-p', String(port), '-d', db, '-v', 'ON_ERROR_STOP=1', '-At', '-c', text).trim();
}

async function freePort() {
  const s = net.createServer();
  await new Promise((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}

async function waitFor(what, cond, timeoutMs) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    try { if (await cond()) return Date.now() - t0; } catch { /* not yet */ }
    await sleep(250);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms\n${logsTail()}`);
}

function logsTail() {
  let out = '';
  for (const f of ['monitor.log', 'node1.log', 'node2.log', 'garantd.log']) {
    const p = join(base, f);
    if (existsSync(p)) out += `--- ${f}\n${readFileSync(p, 'utf8').split('\n').slice(-15).join('\n')}\n`;
  }
  return out;
}

after(() => {
  for (const d of ['node1', 'node2', 'monitor']) {
    try { pg('pg_autoctl', 'stop', '--pgdata', join(base, d), '--immediate'); } catch { /* not running */ }
  }
  for (const p of children) {
    try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
  }
  for (const d of ['node1', 'node2', 'monitor']) {
    const f = join(base, d, 'postmaster.pid');
    if (!existsSync(f)) continue;
    const pid = Number(readFileSync(f, 'utf8').split('\n')[0]);
    if (pid && processAlive(pid)) { try { process.kill(pid, 'SIGQUIT'); } catch { /* gone */ } }
  }
  console.log(`ha: ${phases.join('; ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  rmSync(base, { recursive: true, force: true });
});

// A data directory made by initdb whose sockets go to the private directory
// (pg_basebackup copies postgresql.conf to the standby).
function initdb(name) {
  pg('initdb', '-D', join(base, name), '-A', 'trust', '-U', 'postgres', '--no-sync');
  const conf = join(base, name, 'postgresql.conf');
  writeFileSync(conf, `${readFileSync(conf, 'utf8')}\nunix_socket_directories = '${sock}'\nlisten_addresses = '127.0.0.1'\n`);
}

// The nodes' states as the monitor sees them: { name: [reported, assigned] }.
function states(monitorPort) {
  const rows = sql(monitorPort, 'pg_auto_failover', 'SELECT nodename, reportedstate, goalstate FROM pgautofailover.node');
  return Object.fromEntries(rows.split('\n').filter(Boolean).map((l) => { const [n, r, g] = l.split('|'); return [n, [r, g]]; }));
}

test('pg_auto_failover: kill -9 of the primary under load loses no acknowledged write', async () => {
  for (const d of ['sock', 'xdg-config', 'xdg-data', 'xdg-run']) mkdirSync(join(base, d), { mode: 0o700 });
  if (asRoot) {
    for (const d of ['', 'sock', 'xdg-config', 'xdg-data', 'xdg-run']) chownSync(join(base, d), ...pgIds());
  }
  const [pm, p1, p2] = [await freePort(), await freePort(), await freePort()];
  const monitorUri = `postgres://autoctl_node@127.0.0.1:${pm}/pg_auto_failover?sslmode=disable`;

  // 1. The monitor, then the primary, then the standby.
  let t0 = Date.now();
  initdb('monitor');
  pg('pg_autoctl', 'create', 'monitor', '--pgdata', join(base, 'monitor'), '--pgport', String(pm),
    '--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl');
  pg('pg_autoctl', 'config', 'set', '--pgdata', join(base, 'monitor'), 'postgresql.listen_addresses', '127.0.0.1');
  pgSpawn('monitor.log', 'pg_autoctl', 'run', '--pgdata', join(base, 'monitor'));
  await waitFor('the monitor', () => sql(pm, 'pg_auto_failover', 'SELECT 1') === '1', 60000);
  const node = (name, port) => pgSpawn(`${name}.log`, 'pg_autoctl', 'create', 'postgres', '--pgdata', join(base, name),
    '--pgport', String(port), '--hostname', '127.0.0.1', '--listen', '127.0.0.1', '--name', name,
    '--auth', 'trust', '--no-ssl', '--monitor', monitorUri, '--run');
  initdb('node1');
  node('node1', p1);
  await waitFor('node1 single', () => states(pm).node1?.[0] === 'single', 60000);
  // garant's roles and database, as EmbeddedPostgres makes them.
  sql(p1, 'postgres', 'CREATE ROLE garant_owner LOGIN');
  sql(p1, 'postgres', 'CREATE ROLE garant_app LOGIN');
  sql(p1, 'postgres', 'CREATE DATABASE garant OWNER garant_owner');
  sql(p1, 'postgres', 'REVOKE CONNECT ON DATABASE garant FROM PUBLIC');
  sql(p1, 'postgres', 'GRANT CONNECT ON DATABASE garant TO garant_app, garant_owner');
  // CREATE DATABASE leaves many dirty buffers: without this the standby's
  // pg_basebackup waits minutes for its (spread) checkpoint.
  sql(p1, 'postgres', 'CHECKPOINT');
  node('node2', p2);
  await waitFor('node1 primary, node2 secondary', () => {
    const s = states(pm);
    return s.node1?.join() === 'primary,primary' && s.node2?.join() === 'secondary,secondary';
  }, 90000);
  // Synchronous: a commit waits for the standby (with one standby,
  // pg_auto_failover keeps number_sync_standbys at 0 and names it ANY 1).
  assert.match(sql(p1, 'postgres', 'SHOW synchronous_standby_names'), /^ANY 1 \(pgautofailover_standby_\d+\)$/);
  assert.equal(sql(p1, 'postgres', 'SHOW synchronous_commit'), 'on');
  phase('cluster up', t0);

  // 2. garantd on the multi-host URL.
  t0 = Date.now();
  const gdir = join(base, 'garant');
  mkdirSync(gdir, { mode: 0o700 });
  const keyFile = (name) => { const f = join(gdir, name); writeFileSync(f, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 }); return f; };
  const hosts = `127.0.0.1:${p1},127.0.0.1:${p2}`;
  const stateFile = join(gdir, 'audit-signer.state');
  const conf = join(gdir, 'garant.conf');
  writeFileSync(conf, [
    `database_url = postgresql://garant_app@${hosts}/garant?target_session_attrs=read-write`,
    `migration_database_url = postgresql://garant_owner@${hosts}/garant?target_session_attrs=read-write`,
    `signing_key_file = ${keyFile('signing.key')}`,
    `pseudonymisation_key_file = ${keyFile('pseudonymisation.key')}`,
    `encryption_key_file = ${keyFile('encryption.key')}`,
    `audit_state_file = ${stateFile}`,
    // Outside --dev garantd requires an https public address (its cookies are
    // Secure); the test talks to it over loopback http, which is allowed.
    'public_url = https://garant.example.test/',
    'port = 0', 'pool_size = 8', '',
  ].join('\n'));
  const glog = openSync(join(base, 'garantd.log'), 'a');
  const garantd = spawn(garantdBin, ['--config', conf], { stdio: ['ignore', glog, glog], detached: true });
  children.push(garantd);
  let url;
  await waitFor('garantd ready', async () => {
    const m = /garantd listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(join(base, 'garantd.log'), 'utf8'));
    if (!m) return false;
    url = m[1];
    return (await fetch(`${url}/readyz`)).status === 200;
  }, 60000);
  const cli = (...args) => execFileSync(garantBin, [...args, '--config', conf]).toString();
  const token = cli('token', 'create', 'entrepot-ha', '--role', 'warehouse').trim().split('\n').pop();
  const readerFile = join(gdir, 'reader.token');
  writeFileSync(readerFile, `${cli('token', 'create', 'verificateur-ha', '--role', 'auditor').trim().split('\n').pop()}\n`, { mode: 0o600 });
  const key = (await (await fetch(`${url}/api/v1/audit/public-key`)).json()).key;
  phase('garantd up', t0);

  // 3. Load: event batches and public objections, recording what was acknowledged.
  const acked = [];        // { events, indexes, sent, at }
  const objections = [];   // { reference, at }
  const refusals = [];     // statuses other than 200 (503 while there is no primary)
  let stop = false;
  const nowMicros = () => new Date().toISOString().replace('Z', '000Z');
  const appender = async () => {
    for (let i = 0; !stop; i++) {
      const events = Array.from({ length: 20 }, (_, j) => ({
        id: randomUUID(), type: 'warehouse.query', time: nowMicros(), object: `project/P-${j % 5}`, payload: { batch: i, n: j },
      }));
      const sent = Date.now();
      try {
        const r = await fetch(`${url}/api/v1/audit/events`, {
          method: 'POST', signal: AbortSignal.timeout(20000),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ events }),
        });
        const body = await r.json().catch(() => null);
        if (r.status === 200) acked.push({ events, indexes: body.indexes, sent, at: Date.now() });
        else {
          refusals.push(r.status);
          if (r.status === 503) assert.ok(r.headers.get('retry-after'), '503 without Retry-After');
        }
      } catch { refusals.push('network'); }
      await sleep(100);
    }
  };
  const objector = async () => {
    for (let i = 0; !stop; i++) {
      try {
        const form = await fetch(`${url}/opposition`, { signal: AbortSignal.timeout(20000) });
        const cookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
        const csrf = /name="csrf_token" value="([0-9a-f]{64})"/.exec(await form.text())?.[1];
        if (form.status === 200 && csrf) {
          const r = await fetch(`${url}/opposition`, {
            method: 'POST', signal: AbortSignal.timeout(20000), redirect: 'manual',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
            body: new URLSearchParams({
              csrf_token: csrf, birth_name: `Durand${'abcdefghijklmnopqrstuvwxyz'[i % 26]}`, given_names: 'Claire',
              birth_date: `1980-01-${String((i % 28) + 1).padStart(2, '0')}`, sex: 'F', requester: 'patient', scope: 'all',
            }).toString(),
          });
          const html = await r.text();
          const ref = /id="receipt-reference"[^>]*>\s*(OPP-[0-9A-Z-]+)/.exec(html)?.[1];
          if (r.status === 200 && ref) objections.push({ reference: ref, at: Date.now() });
          else refusals.push(r.status);
        } else refusals.push(form.status);
      } catch { refusals.push('network'); }
      await sleep(1200);
    }
  };
  const load = [appender(), appender(), objector()];
  await waitFor('load running', () => acked.length >= 10 && objections.length >= 2, 30000);

  // 4. kill -9 the primary's postmaster.
  const primaryPid = Number(readFileSync(join(base, 'node1', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const beforeKill = { events: acked.length, objections: objections.length };
  const killedAt = Date.now();
  process.kill(primaryPid, 'SIGKILL');
  // Resumed: a batch sent after the kill is acknowledged.
  await waitFor('writes resume', () => acked.some((a) => a.sent > killedAt), 30000);
  const resumedIn = Math.min(...acked.filter((a) => a.sent > killedAt).map((a) => a.at)) - killedAt;
  phase('writes resumed after the kill', killedAt);
  await waitFor('more writes and an objection on the new primary', () =>
    acked.filter((a) => a.sent > killedAt).length >= 10 && objections.some((o) => o.at > killedAt), 30000);
  stop = true;
  await Promise.all(load);
  await waitFor('node2 primary', () => states(pm).node2?.[0] === 'primary', 60000);
  console.log(`ha: resumed ${resumedIn} ms after kill -9; ${acked.length} batches (${beforeKill.events} before the kill), ` +
    `${objections.length} objections (${beforeKill.objections} before); refusals by status: ` +
    JSON.stringify(refusals.reduce((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {})));
  assert.ok(resumedIn < 30000);

  // 5. Every acknowledged event is there, at its index (a repeat of a batch
  //    answers the indexes it got), and every acknowledged objection too.
  t0 = Date.now();
  for (const a of acked) {
    const r = await fetch(`${url}/api/v1/audit/events`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ events: a.events }),
    });
    assert.equal(r.status, 200);
    assert.deepEqual((await r.json()).indexes, a.indexes, 'an acknowledged event kept its index');
  }
  const reader = readFileSync(readerFile, 'utf8').trim();
  for (const o of objections) {
    const r = await fetch(`${url}/api/v1/audit/entries?type=objection.created&object=objection/${o.reference}`,
      { headers: { Authorization: `Bearer ${reader}` } });
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.equal(body.entries.length, 1, `objection ${o.reference} acknowledged before/after the failover`);
  }

  // 6. The log verifies, and checkpoints cover everything acknowledged.
  const max = Math.max(...acked.flatMap((a) => a.indexes));
  let note;
  await waitFor('a checkpoint covering every acknowledged entry', async () => {
    const r = await fetch(`${url}/tlog/checkpoint`);
    note = await r.text();
    return r.status === 200 && Number(note.split('\n')[1]) > max;
  }, 30000);
  assert.ok(openCheckpoint(note, key).signed);
  const v = spawnSync(garantBin, ['audit', 'verify', `${url}/`, '--key', key, '--token-file', readerFile], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);

  // 7. The signer's state (outside the database) is a head of this log: the
  //    latest checkpoint once appends stop, which verify found consistent
  //    with every stored one; it never refused a tree.
  await sleep(1500);
  const latest = (await (await fetch(`${url}/tlog/checkpoint`)).text()).split('\n');
  const state = readFileSync(stateFile, 'utf8').split('\n');
  assert.equal(state[1], latest[1], 'signer state size = latest checkpoint size');
  assert.equal(state[2], latest[2], 'signer state root = latest checkpoint root');
  const glogText = readFileSync(join(base, 'garantd.log'), 'utf8');
  assert.doesNotMatch(glogText, /refusing to sign|inconsistent with the signed tree|fork/i);
  phase('checks', t0);

  garantd.kill('SIGTERM');
  await new Promise((res) => garantd.once('exit', res));
});

function pgIds() {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}
