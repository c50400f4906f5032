// garantd --check-config FILE, black-box: a valid production configuration
// exits 0 with its summary; each kind of problem exits 2 and is named on
// stderr; several problems are listed together; no secret is ever printed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const garantdBin = process.env.GARANT_TEST_BIN_DIR
  ? join(process.env.GARANT_TEST_BIN_DIR, 'garantd')
  : join(resolve(here, '../..'), 'build/bin/garantd');
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GARANT_')));

let dir;
const secrets = [];

function keyFile(name, mode = 0o600, content = `${randomBytes(32).toString('hex')}\n`) {
  const p = join(dir, name);
  writeFileSync(p, content, { mode });
  chmodSync(p, mode);
  secrets.push(content.trim());
  return p;
}

// A complete production configuration; `extra` lines are appended (a key
// given twice in the file: the later line wins) and `drop` keys left out.
function conf(name, { extra = [], drop = [] } = {}) {
  const lines = {
    bind: '127.0.0.1', port: '8443', public_url: 'https://garant.example.fr',
    database_url: 'postgresql://garant@db.example.fr:5432/garant',
    database_password_file: join(dir, 'db.password'),
    migration_database_url: 'postgresql://garant_owner@db.example.fr:5432/garant',
    migration_database_password_file: join(dir, 'owner.password'),
    pseudonymisation_key_file: join(dir, 'pseudo.key'),
    signing_key_file: join(dir, 'signing.key'),
    encryption_key_file: join(dir, 'encryption.key'),
    audit_state_file: join(dir, 'state', 'signer.state'),
    controller_name: 'SOS Médecins France',
  };
  const text = Object.entries(lines).filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k} = ${v}`).concat(extra).join('\n');
  const p = join(dir, name);
  writeFileSync(p, `# garant test configuration\n${text}\n`);
  return p;
}

function check(...args) {
  const r = spawnSync(garantdBin, ['--check-config', ...args], { env: cleanEnv, encoding: 'utf8', timeout: 30000 });
  if (r.error) throw r.error;
  for (const s of secrets) {
    assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'a secret was printed');
  }
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function refused(path, pattern) {
  const r = check(path);
  assert.equal(r.code, 2, `want exit 2\n--- stdout\n${r.out}--- stderr\n${r.err}`);
  assert.match(r.err, pattern);
  assert.equal(r.out, '');
  return r;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'garant-check-config-'));
  mkdirSync(join(dir, 'state'));
  keyFile('pseudo.key');
  keyFile('signing.key');
  keyFile('encryption.key');
  keyFile('db.password', 0o600, 'mot-de-passe-secret\n');
  keyFile('owner.password', 0o600, 'mot-de-passe-du-proprietaire\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('garantd --check-config', () => {
  test('a valid configuration: exit 0, a summary, no secret', () => {
    const r = check(conf('ok.conf'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ok\.conf: configuration valid/);
    assert.match(r.out, /listens on 127\.0\.0\.1:8443, public URL https:\/\/garant\.example\.fr/);
    assert.match(r.out, /database db\.example\.fr\/garant \(password from file\)/);
    assert.match(r.out, /migrations as db\.example\.fr\/garant \(password from file\); at start garantd refuses an application role that is a superuser, owns a table or may CREATE/);
    // Legal keys left empty are warnings, not problems.
    assert.match(r.err, /warning: dpo_email is empty/);
  });

  test('usage: no FILE, or more than one: exit 2', () => {
    assert.equal(check().code, 2);
    assert.equal(check('a', 'b').code, 2);
    assert.match(check().err, /usage: garantd --check-config FILE/);
  });

  test('a missing file', () => {
    refused(join(dir, 'absent.conf'), /no such file/);
  });

  test('syntax, unknown keys, types and sections: named with their line', () => {
    refused(conf('k.conf', { extra: ['colour = blue'] }), /unknown configuration key 'colour' \(.*k\.conf:14\)/);
    refused(conf('t.conf', { extra: ['pool_size = many'] }), /'pool_size' expects a non-negative integer/);
    refused(conf('b.conf', { extra: ['dev = perhaps'] }), /'dev' expects true or false/);
    refused(conf('s.conf', { extra: ['just words'] }), /s\.conf:14: expected key = value/);
    refused(conf('u.conf', { extra: ['[frobnicate]'] }), /unknown section \[frobnicate\]/);
    refused(conf('r.conf', { extra: ['[access.rules.off_hours]', 'enabled = peut-etre'] }), /off_hours/);
  });

  test('witness sections: each checked with its line, then summarised', () => {
    // A cosignature/v1 verifier key: name+hex8(SHA-256(name, 0x0A, 0x04, key))+base64(0x04 || key).
    const pub = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x, 'base64url');
    const raw = Buffer.concat([Buffer.from([0x04]), pub]);
    const id = createHash('sha256').update('cse.example/witness\n').update(raw).digest().subarray(0, 4).toString('hex');
    const vkey = `cse.example/witness+${id}+${raw.toString('base64')}`;
    const w = (...lines) => ['[audit.witness.cse]', ...lines];
    refused(conf('w1.conf', { extra: w('url = http://127.0.0.1:8701') }), /\[audit\.witness\.cse\] needs key and url/);
    refused(conf('w2.conf', { extra: w('key = nonsense', 'url = http://127.0.0.1:8701') }), /\[audit\.witness\.cse\] key: /);
    refused(conf('w3.conf', { extra: w(`key = ${vkey}`, 'url = https://w.example') }), /url: witness URL must be http/);
    refused(conf('w4.conf', { extra: w(`key = ${vkey}`, 'url = http://127.0.0.1:8701', 'colour = blue') }),
      /w4\.conf:\d+: unknown key 'colour' in \[audit\.witness\.cse\]/);
    refused(conf('w5.conf', { extra: ['audit_witness_timeout_ms = 5'] }), /audit_witness_timeout_ms must be at least 100/);
    const ok = check(conf('w6.conf', { extra: ['audit_witness_quorum = 1', ...w(`key = ${vkey}`, 'url = http://127.0.0.1:8701')] }));
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /audit witnesses: 1, quorum 1/);
  });

  test('every problem is listed at once', () => {
    const r = refused(conf('many.conf', { extra: ['colour = blue', 'port = x', 'log_level = loud'], drop: ['database_url'] }),
      /4 problem\(s\)/);
    assert.match(r.err, /colour/);
    assert.match(r.err, /'port' expects/);
    assert.match(r.err, /log_level: loud/);
    assert.match(r.err, /database_url is not set/);
  });

  test('what a production start needs', () => {
    refused(conf('nodb.conf', { drop: ['database_url'] }), /database_url is not set \(needed without --dev\)/);
    refused(conf('nokey.conf', { drop: ['signing_key_file'] }), /signing_key_file is not set/);
    refused(conf('nostate.conf', { drop: ['audit_state_file'] }), /audit_state_file is not set/);
  });

  test('the files it names: present, readable, private, well-formed', () => {
    refused(conf('f1.conf', { extra: [`signing_key_file = ${join(dir, 'none.key')}`] }), /signing_key_file: .*none\.key/);
    const open = keyFile('open.key', 0o644);
    refused(conf('f2.conf', { extra: [`encryption_key_file = ${open}`] }), /encryption_key_file: .*open\.key/);
    const short = keyFile('short.key', 0o600, 'abcd\n');
    refused(conf('f3.conf', { extra: [`pseudonymisation_key_file = ${short}`] }), /must hold 32 bytes as 64 hex digits/);
    writeFileSync(join(dir, 'ca.txt'), 'not a certificate\n');
    refused(conf('f4.conf', { extra: [`consumer_ca_file = ${join(dir, 'ca.txt')}`] }), /consumer_ca_file: .* holds no PEM certificate/);
    refused(conf('f5.conf', { extra: [`audit_state_file = ${join(dir, 'nowhere', 'signer.state')}`] }),
      /audit_state_file: directory .*nowhere does not exist/);
    refused(conf('f6.conf', { extra: ['audit_state_file = state/signer.state'] }), /must be an absolute path/);
    refused(conf('f7.conf', { extra: [`database_password_file = ${join(dir, 'none.password')}`] }), /database_password_file: /);
  });

  test('migrations run with their own credentials', () => {
    refused(conf('m1.conf', { drop: ['migration_database_url'] }),
      /migration_database_url is not set \(needed without --dev/);
    refused(conf('m2.conf', { drop: ['migration_database_password_file'] }),
      /migration_database_password_file is not set \(needed with database_password_file/);
    refused(conf('m3.conf', { extra: ['migration_database_url = postgresql://garant@db.example.fr:5432/garant'] }),
      /migration_database_url is database_url/);
    refused(conf('m4.conf', { extra: [`migration_database_password_file = ${join(dir, 'db.password')}`] }),
      /each role has its own password/);
    refused(conf('m5.conf', { extra: [`migration_database_password_file = ${join(dir, 'none.password')}`] }),
      /migration_database_password_file: /);
    // --dev keeps today's behaviour: the embedded cluster's roles.
    const dev = check(conf('m6.conf', { extra: ['dev = true', `data_dir = ${dir}`], drop: ['migration_database_url', 'migration_database_password_file'] }));
    assert.equal(dev.code, 0, dev.err);
  });

  test('an encryption key rotation: the previous key file is checked and reported', () => {
    const prev = keyFile('previous-encryption.key');
    const r = check(conf('r1.conf', { extra: [`previous_encryption_key_file = ${prev}`] }));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /encryption key rotation in progress/);
    const open = keyFile('previous-open.key', 0o644);
    refused(conf('r2.conf', { extra: [`previous_encryption_key_file = ${open}`] }), /previous_encryption_key_file: .*previous-open\.key/);
    refused(conf('r3.conf', { extra: [`previous_encryption_key_file = ${join(dir, 'encryption.key')}`] }),
      /previous_encryption_key_file names the encryption key itself/);
  });

  test('URL shapes', () => {
    refused(conf('p1.conf', { extra: ['public_url = garant.example.fr'] }), /public_url: .* is not an http\(s\):\/\/host/);
    refused(conf('p2.conf', { extra: ['public_url = https://garant.example.fr/?x=1'] }), /public_url/);
    refused(conf('d1.conf', { extra: ['database_url = postgresql://garant:secret@db/garant'] }),
      /database_url: holds a password; put it in database_password_file/);
    refused(conf('d2.conf', { extra: ['database_url = host=db port'] }), /database_url: not a PostgreSQL URL or conninfo/);
    refused(conf('d3.conf', { extra: ['migration_database_url = mysql://db/x'] }), /migration_database_url: not a PostgreSQL URL/);
  });

  test('enumerations and ranges', () => {
    refused(conf('e1.conf', { extra: ['log_level = bavard'] }), /log_level: bavard/);
    refused(conf('e2.conf', { extra: ['log_format = xml'] }), /log_format must be text or json/);
    refused(conf('e3.conf', { extra: ['accessibility_status = parfait'] }), /accessibility_status: must be/);
    refused(conf('e4.conf', { extra: ['session_idle_minutes = 0'] }), /session_idle_minutes must be at least 1/);
    refused(conf('e5.conf', { extra: ['audit_origin = '] }), /audit_origin: /);
  });

  test('retention of the audit log: 1 to 1,095 days per family, a warning beyond 1 year', () => {
    refused(conf('r1.conf', { extra: ['audit_retention_access_days = 1096'] }),
      /audit_retention_access_days must be between 1 and 1095 days/);
    refused(conf('r2.conf', { extra: ['audit_retention_staff_days = 0'] }),
      /audit_retention_staff_days must be between 1 and 1095 days/);
    refused(conf('r3.conf', { extra: ['audit_retention_staff_days = un an'] }),
      /audit_retention_staff_days' expects a non-negative integer/);
    const ok = check(conf('r4.conf', { extra: ['audit_retention_access_days = 1095'] }));
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.err + ok.out, /audit_retention_access_days is 1095 days: beyond the 1-year default/);
    const plain = check(conf('r5.conf', { extra: ['audit_retention_access_days = 180'] }));
    assert.equal(plain.code, 0, plain.err);
    assert.doesNotMatch(plain.err + plain.out, /audit_retention/);
  });
});
