// garant witness over real sockets (C2SP tlog-witness), checked by an
// independent log and cosignature verifier written with node:crypto only
// (lib/witness.mjs): cosignatures verify, the spec's status codes, bad input
// changes no state, a restarted witness keeps its state, several logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { garantBin } from './lib/garantd.mjs';
import { NodeLog, WitnessProcess, parseWitnessKey, verifyCosignatures } from './lib/witness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'garant-witness-'));
const keyFile = join(dir, 'witness.key');
const state = join(dir, 'state');
const log = new NodeLog('example.test/log-a');
const other = new NodeLog('example.test/log-b');
let vkey;
let w;

// The state directory's files and their bytes (to see that nothing changed).
const snapshot = () => Object.fromEntries(readdirSync(state).filter((f) => f.startsWith('log-'))
  .map((f) => [f, readFileSync(join(state, f), 'utf8')]));

before(async () => {
  vkey = execFileSync(garantBin, ['witness', 'init', '--key', keyFile, '--name', 'witness.test/w1'])
    .toString().trim();
  w = new WitnessProcess({ key: keyFile, state, logs: [`${log.origin}=${log.vkey}`, `${other.origin}=${other.vkey}`] });
  await w.start();
});
after(async () => {
  await w?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('witness init writes a 0600 key, prints a cosignature/v1 verifier key, never overwrites', () => {
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const k = parseWitnessKey(vkey);  // type 0x04, key id checked
  assert.equal(k.name, 'witness.test/w1');
  assert.equal(execFileSync(garantBin, ['witness', 'public-key', '--key', keyFile]).toString().trim(), vkey);
  assert.throws(() => execFileSync(garantBin, ['witness', 'init', '--key', keyFile], { stdio: 'pipe' }),
    (e) => e.status === 1 && /never overwritten/.test(e.stderr.toString()));
  assert.equal(readFileSync(keyFile, 'utf8').startsWith('PRIVATE+KEY+witness.test/w1+'), true);
});

test('a checkpoint is cosigned (checked by node:crypto) and its state saved', async () => {
  const r = await w.add(log.body(0, 5));
  assert.equal(r.status, 200, r.text);
  const times = verifyCosignatures(log.text(5), r.text, vkey);
  assert.equal(times.length, 1);
  assert.ok(Math.abs(times[0] - Date.now() / 1000) < 60, `timestamp ${times[0]}`);
  // A cosignature of another text does not verify: the check can fail.
  assert.throws(() => verifyCosignatures(log.text(5).replace('\n5\n', '\n6\n'), r.text, vkey), /does not verify/);
  const grown = await w.add(log.body(5, 13));
  assert.equal(grown.status, 200, grown.text);
  assert.equal(verifyCosignatures(log.text(13), grown.text, vkey).length, 1);
  const files = Object.values(snapshot());
  assert.ok(files.some((t) => t === `garant-witness-state-v1\n${log.origin}\n13\n${log.root(13).toString('base64')}\n`), files.join('|'));
});

test('bad input gets the spec\'s status and changes no state', async () => {
  const before = snapshot();
  const fork = new NodeLog(log.origin, 'forged');  // same origin, another key and history
  const stranger = new NodeLog('example.test/unknown');
  const cases = [
    ['unknown origin', stranger.body(0, 3), 404],
    ['signed by another key', fork.body(0, 3), 403],
    ['old size is not the witness\'s', log.body(5, 20), 409],
    ['rollback below the witness', log.body(0, 4), 409],
    ['bad consistency proof', log.body(13, 20, log.proof(12, 20)), 422],
    ['proof of a fork', log.body(13, 20, [Buffer.alloc(32, 7), ...log.proof(13, 20).slice(1)]), 422],
    ['old above the checkpoint', log.body(14, 13, []), 400],
    ['malformed old line', `old 013\n\n${log.checkpoint(13)}`, 400],
    ['no checkpoint', 'old 13\n\n', 400],
    ['too many proof lines', `old 13\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n${log.checkpoint(20)}`, 400],
    ['oversized body', `old 13\n\n${'x'.repeat(70 * 1024)}`, 413],
  ];
  for (const [what, body, status] of cases) {
    const r = await w.add(body);
    assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
    assert.ok(!r.text.includes('\u2014'), `${what}: no cosignature`);
    assert.deepEqual(snapshot(), before, `${what}: state changed`);
  }
  const mismatch = await w.add(log.body(5, 20));
  assert.equal(mismatch.type, 'text/x.tlog.size');
  assert.equal(mismatch.text, '13\n');
  // Refused checkpoints the log signed are kept as evidence.
  assert.ok(readdirSync(join(state, 'evidence')).some((f) => f.includes('bad_proof')));
  // Wrong method and path.
  assert.equal((await fetch(`${w.url}/add-checkpoint`)).status, 405);
  assert.equal((await fetch(`${w.url}/nothing`, { method: 'POST', body: log.body(0, 1) })).status, 404);
});

test('several logs: each has its own state', async () => {
  const r = await w.add(other.body(0, 2));
  assert.equal(r.status, 200, r.text);
  assert.equal(verifyCosignatures(other.text(2), r.text, vkey).length, 1);
  const again = await w.add(log.body(0, 1));
  assert.equal(again.status, 409);
  assert.equal(again.text, '13\n');
});

test('a restarted witness keeps its state', async () => {
  await w.stop();
  await w.start();
  const stale = await w.add(log.body(0, 13));
  assert.equal(stale.status, 409);
  assert.equal(stale.text, '13\n');
  const next = await w.add(log.body(13, 21));
  assert.equal(next.status, 200, next.text);
  assert.equal(verifyCosignatures(log.text(21), next.text, vkey).length, 1);
  assert.equal((await w.add(other.body(2, 2))).status, 200);
});
