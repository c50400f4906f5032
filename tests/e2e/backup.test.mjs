// garant backup and the restore drill (docs/operations.md, "Backups and the
// restore drill"), against a real garantd --dev: a base backup while garantd
// runs (pg_basebackup, the signer state, the public keys, never the secret
// keys unless --include-secrets); then the drill: the log grows past the
// backup and an auditor keeps a later checkpoint; the backup is restored;
// garantd refuses to start (the signer state is ahead of the restored
// database); started with audit_force_rollback_reason it records why; and the
// auditor's later checkpoint shows the fork (`garant audit verify` fails).
// Every /api/v1/ exchange of this suite is checked against docs/openapi.yaml.
import './lib/openapi-check.mjs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Garantd, garantBin } from './lib/garantd.mjs';

const g = new Garantd();
let token;
const backup = join(g.dataDir, 'sauvegarde');

before(async () => {
  await g.start({ demo: false });
  token = execFileSync(garantBin, ['token', 'create', 'entrepot-sauvegarde', '--role', 'warehouse', '--data-dir', g.dataDir])
    .toString().trim().split('\n').pop();
});
after(() => { g.cleanup(); });

const garant = (...args) => spawnSync(garantBin, args, { encoding: 'utf8', timeout: 120000 });

// Appends one event and waits until a signed checkpoint covers it.
async function appendSigned() {
  const r = await fetch(`${g.url}/api/v1/audit/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events: [{ id: randomUUID(), type: 'warehouse.query', time: new Date().toISOString() }] }),
  });
  assert.equal(r.status, 200);
  const index = (await r.json()).indexes[0];
  for (let i = 0; i < 100; i++) {
    const note = await (await fetch(`${g.url}/tlog/checkpoint`)).text();
    if (Number(note.split('\n')[1]) > index) return note;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`entry ${index} never signed`);
}

const devKeys = () => readdirSync(join(g.dataDir, 'keys')).map((f) => readFileSync(join(g.dataDir, 'keys', f), 'utf8').trim());

test('garant backup: base backup, signer state, public keys, no secret', async () => {
  await appendSigned();
  const r = garant('backup', backup, '--data-dir', g.dataDir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /secret keys not included/);
  for (const f of ['base/base.tar.gz', 'base/pg_wal.tar.gz', 'audit-signer.state', 'public-keys.txt', 'MANIFEST']) {
    assert.ok(existsSync(join(backup, f)), f);
  }
  assert.ok(statSync(join(backup, 'base/base.tar.gz')).size > 100000);
  const pub = readFileSync(join(backup, 'public-keys.txt'), 'utf8');
  assert.match(pub, /^verify_key [0-9a-f]{64}$/m);
  assert.match(pub, /^audit_verifier_key \S+\+[0-9a-f]{8}\+\S+$/m);
  assert.ok(!existsSync(join(backup, 'secrets')));
  const manifest = readFileSync(join(backup, 'MANIFEST'), 'utf8');
  assert.match(manifest, /^[0-9a-f]{64} {2}base\/base\.tar\.gz$/m);
  assert.match(manifest, /secrets: NOT included/);
  // No key file's content in any plain file of the backup.
  for (const f of ['audit-signer.state', 'public-keys.txt', 'MANIFEST']) {
    const text = readFileSync(join(backup, f), 'utf8');
    for (const k of devKeys()) assert.ok(!text.includes(k), `${f} holds a secret key`);
  }
  // A second backup into the same directory is refused.
  assert.equal(garant('backup', backup, '--data-dir', g.dataDir).status, 2);
});

test('garant backup --include-secrets copies the keys, with a warning', () => {
  const dir = join(g.dataDir, 'sauvegarde-complete');
  const r = garant('backup', dir, '--data-dir', g.dataDir, '--include-secrets');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /WARNING: this backup holds the SECRET keys/);
  const copied = readdirSync(join(dir, 'secrets'));
  assert.ok(copied.length >= 3, copied.join());
  for (const f of copied) assert.equal(statSync(join(dir, 'secrets', f)).mode & 0o077, 0, `${f} private`);
  const contents = copied.map((f) => readFileSync(join(dir, 'secrets', f), 'utf8').trim());
  for (const k of devKeys()) assert.ok(contents.includes(k));
});

test('the restore drill: refused start, forced start recorded, fork visible', async () => {
  // The log grows past the backup; an auditor keeps the later checkpoint.
  await appendSigned();
  const later = await appendSigned();
  const laterFile = join(g.dataDir, 'checkpoint-auditeur.txt');
  writeFileSync(laterFile, later);
  assert.equal(garant('audit', 'verify', '--data-dir', g.dataDir, '--checkpoint', laterFile).status, 0);
  await g.stop();

  // Restore the backup's cluster in place of the live one (the signer state stays).
  const pg = join(g.dataDir, 'pg');
  renameSync(pg, join(g.dataDir, 'pg-avant-restauration'));
  mkdirSync(pg, { mode: 0o700 });
  execFileSync('tar', ['-xzf', join(backup, 'base/base.tar.gz'), '-C', pg]);
  execFileSync('tar', ['-xzf', join(backup, 'base/pg_wal.tar.gz'), '-C', join(pg, 'pg_wal')]);
  if (process.getuid() === 0) execFileSync('chown', ['-R', 'postgres:postgres', pg]);

  // garantd refuses: the database's tree is behind the last signed checkpoint.
  await assert.rejects(g.start({ demo: false }), /garantd exited/);
  assert.match(g.output, /signer state|last signed|rollback|audit_force_rollback_reason/i);

  // Forced, with a reason: it starts, and the reason is an audit entry.
  await g.start({ demo: false, args: ['--audit-force-rollback-reason', 'exercice de restauration'] });
  assert.match(g.output, /start FORCED/);
  const forced = g.psql("SELECT count(*) FROM audit_entries WHERE event_type = 'audit.rollback.forced' AND convert_from(leaf, 'UTF8') LIKE '%exercice de restauration%'");
  assert.equal(forced.trim(), '1');

  // The auditor holding the later checkpoint sees that the log forked.
  await appendSigned();
  const v = garant('audit', 'verify', '--data-dir', g.dataDir, '--checkpoint', laterFile);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout + v.stderr, /checkpoint|consisten|fork|smaller/i);
});

test('garant backup: usage errors exit 2 before anything is written', () => {
  for (const args of [['backup'], ['backup', 'a', 'b'], ['backup', join(g.dataDir, 'x'), '--frobnicate', 'y']]) {
    const r = garant(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /usage: garant backup DIR/);
  }
  assert.ok(!existsSync(join(g.dataDir, 'x')));
});
