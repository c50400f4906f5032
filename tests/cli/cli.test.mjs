// The garant command-line tool, black-box: argument parsing, usage texts and
// the exit codes of every command (0 done, 1 failed, 2 bad command line;
// garant filter's own codes are in tests/e2e/filter.test.mjs). The commands
// that need a database run against an embedded cluster in a throwaway
// --data-dir: the first call creates and starts it and must stop it again;
// the test then keeps it running (pg_ctl) so later calls skip the restart.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import {
  mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, chmodSync, existsSync,
} from 'node:fs';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const garantBin = process.env.GARANT_TEST_BIN_DIR
  ? join(process.env.GARANT_TEST_BIN_DIR, 'garant')
  : join(repoRoot, 'build/bin/garant');

// The environment without any GARANT_* variable (no database configured).
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('GARANT_')));

function garant(args, { input, env = {} } = {}) {
  const r = spawnSync(garantBin, args, {
    input, env: { ...cleanEnv, ...env }, encoding: 'utf8', timeout: 180000,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, args };
}

// Asserts the exit code, showing both streams when it differs.
function exits(r, code) {
  assert.equal(r.code, code,
    `garant ${r.args.join(' ')}: exit ${r.code} (signal ${r.signal}), want ${code}\n` +
    `--- stdout\n${r.out}--- stderr\n${r.err}`);
  return r;
}

const kTopUsage = 'usage: garant <command> ...';

describe('garant: top level', () => {
  test('no arguments: usage on stdout, exit 2', () => {
    const r = exits(garant([]), 2);
    assert.match(r.out, /^usage: garant <command> \.\.\./);
    for (const cmd of ['user', 'token', 'filter', 'keys', 'consumer', 'audit', 'compliance']) {
      assert.match(r.out, new RegExp(`^  ${cmd} `, 'm'), cmd);
    }
  });

  for (const flag of ['--help', '-h', 'help']) {
    test(`${flag}: usage on stdout, exit 0`, () => {
      const r = exits(garant([flag]), 0);
      assert.ok(r.out.startsWith(kTopUsage), r.out);
      assert.equal(r.err, '');
    });
  }

  test('unknown command: named on stderr with the usage, exit 2', () => {
    const r = exits(garant(['frobnicate', 'list']), 2);
    assert.match(r.err, /^garant: unknown command 'frobnicate'\n/);
    assert.ok(r.err.includes(kTopUsage));
    assert.equal(r.out, '');
    exits(garant(['--version']), 2);
    exits(garant(['USER', 'list']), 2);  // commands are case-sensitive
  });
});

describe('garant: each command\'s own command line', () => {
  // command → a line of its usage text
  const usages = {
    user: 'garant user add USERNAME --role',
    token: 'garant token create NAME --role',
    consumer: 'garant consumer add NAME [URL]',
    keys: 'garant keys show-public',
    audit: 'garant audit export DIR',
    filter: 'usage: garant filter',
    compliance: 'garant compliance consents --format fhir',
  };

  for (const [cmd, line] of Object.entries(usages)) {
    test(`${cmd} without arguments: its usage on stderr, exit 2`, () => {
      const r = exits(garant([cmd]), 2);
      assert.ok(r.err.includes(line), r.err);
      assert.equal(r.out, '');
    });
  }

  for (const cmd of ['user', 'token', 'consumer', 'keys', 'audit', 'compliance']) {
    test(`${cmd} with an unknown verb: usage, exit 2`, () => {
      const r = exits(garant([cmd, 'frobnicate']), 2);
      assert.ok(r.err.includes(usages[cmd]), r.err);
    });
  }

  test('wrong number of words: exit 2 before any database access', () => {
    for (const args of [
      ['user', 'disable'], ['user', 'add'], ['user', 'reset-password', 'a', 'b'],
      ['token', 'revoke'], ['token', 'create'], ['token', 'revoke', 'a', 'b'],
      ['consumer', 'add'], ['consumer', 'add', 'a', 'http://x', 'extra'],
      ['consumer', 'list', 'extra'], ['consumer', 'disable'],
      ['keys', 'show-public', 'extra'], ['keys'],
      ['audit', 'export'], ['audit', 'export', 'a', 'b'], ['audit', 'public-key', 'x'],
      ['audit', 'verify', 'a', 'b'],
      ['compliance', 'pack'], ['compliance', 'pack', 'a', 'b'], ['compliance', 'consents'],
      ['compliance', 'consents', '--format', 'csv'],
    ]) {
      const r = exits(garant(args), 2);
      assert.match(r.err, /usage/, args.join(' '));
    }
  });

  test('a flag without its value: exit 2', () => {
    for (const args of [['token', 'list', '--data-dir'], ['user', 'list', '--config'],
      ['consumer', 'list', '--data-dir'], ['keys', 'show-public', '--config'],
      ['audit', 'verify', '--key']]) {
      const r = exits(garant(args), 2);
      assert.match(r.err, /usage/, args.join(' '));
    }
    const f = exits(garant(['filter', '--exclusions']), 2);
    assert.match(f.err, /^garant filter: --exclusions needs a value\n/);
  });

  test('token create without --role: exit 2, said so', () => {
    const r = exits(garant(['token', 'create', 'ingest']), 2);
    assert.match(r.err, /^garant: --role is required\n/);
  });

  test('user add checks --role before the database', () => {
    // No database is configured: a command that opened one first would exit 1
    // ("configure one"), not 2 with the argument named.
    let r = exits(garant(['user', 'add', 'bob']), 2);
    assert.match(r.err, /^garant: --role is required\n/);
    r = exits(garant(['user', 'add', 'bob', '--role', 'pirate']), 2);
    assert.match(r.err, /^garant: --role must be admin, dpo, secretary or auditor\n/);
    r = exits(garant(['user', 'add', 'bob', '--role', 'ingestion']), 2);  // a service role
    assert.match(r.err, /^garant: --role must be /);
  });

  test('consumer add checks name and URL before the database', () => {
    let r = exits(garant(['consumer', 'add', 'bad name!']), 2);
    assert.match(r.err, /^garant: consumer name: /);
    r = exits(garant(['consumer', 'add', 'x'.repeat(65)]), 2);
    assert.match(r.err, /^garant: consumer name: /);
    r = exits(garant(['consumer', 'add', 'lab', 'ftp://lab.example/']), 2);
    assert.match(r.err, /^garant: consumer URL: /);
    r = exits(garant(['consumer', 'add', 'lab', 'https://lab.example/a b']), 2);
    assert.match(r.err, /^garant: consumer URL: /);
    // http:// only on the dev cluster (--data-dir): lists never travel in clear.
    r = exits(garant(['consumer', 'add', 'lab', 'http://lab.example/lists']), 2);
    assert.match(r.err, /^garant: consumer URL: must be https:\/\//);
  });

  test('audit verify: --key required, a bad key or target is a usage error', () => {
    let r = exits(garant(['audit', 'verify', '/nonexistent']), 2);
    assert.match(r.err, /^garant: --key is required\n/);
    r = exits(garant(['audit', 'verify', '/nonexistent', '--key', 'not-a-key']), 2);
    assert.match(r.err, /^garant: --key: /);
  });

  test('audit trail and verify-export: usage errors before any database or server', () => {
    const tok = 'a'.repeat(64);
    for (const [args, why] of [
      [['audit', 'trail', '--format', 'jsonl', '--output', 'x'], /exactly one of --person-token/],
      [['audit', 'trail', '--account', 'a', '--project', 'P-1', '--format', 'jsonl', '--output', 'x'],
        /exactly one of/],
      [['audit', 'trail', '--person-token', 'ABC', '--format', 'jsonl', '--output', 'x'], /person_token/],
      [['audit', 'trail', '--account', 'a', '--format', 'xml', '--output', 'x'], /--format must be/],
      [['audit', 'trail', '--account', 'a', '--format', 'csv-proofs', '--output', 'x'], /--format must be/],
      [['audit', 'trail', '--account', 'a', '--format', 'jsonl'], /--output FILE is required/],
      [['audit', 'trail', '--account', 'a', '--format', 'jsonl', '--sep', 'semicolon', '--output', 'x'],
        /--sep applies to --format csv/],
      [['audit', 'trail', '--person-token', tok, '--from', 'hier', '--format', 'jsonl', '--output', 'x'],
        /--from must be an RFC 3339 time/],
      [['audit', 'trail', '--account', 'a', '--format', 'jsonl', '--output', 'x', '--url', 'http://h/'],
        /--url and --token-file go together/],
      [['audit', 'verify-export', 'f'], /--key is required/],
      [['audit', 'verify-export', '--key', 'k'], /verify-export takes one FILE/],
    ]) {
      const r = exits(garant(args), 2);
      assert.match(r.err, why, args.join(' '));
    }
    const r = exits(garant(['audit']), 2);
    assert.ok(r.err.includes('garant audit trail (--person-token T | --account A | --project P)'), r.err);
    assert.ok(r.err.includes('garant audit verify-export FILE --key KEY'), r.err);
    assert.ok(r.err.includes('[--witness [NAME=]VKEY]... [--quorum N]'), r.err);
  });

  test('verify-export --witness: malformed keys and quorums are usage errors (exit 2), before the file is read', () => {
    // Verifier keys of the right form: "name+hex8+base64(type || key)", key id = SHA-256(name || 0x0A || type || key)[:4].
    const vkey = (name, type) => {
      const raw = Buffer.concat([Buffer.from([type]),
        Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x, 'base64url')]);
      const id = createHash('sha256').update(`${name}\n`).update(raw).digest().subarray(0, 4).toString('hex');
      return `${name}+${id}+${raw.toString('base64')}`;
    };
    const log = vkey('garant.test/log', 0x01);
    const w1 = vkey('w1.test', 0x04);
    const w2 = vkey('w2.test', 0x04);
    for (const [extra, why] of [
      [['--witness', 'nonsense'], /--witness: /],
      [['--witness', log], /--witness: /],                     // a log key (type 0x01) is no witness key
      [['--witness', `cse=${w1.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}`], /--witness: /],
      [['--witness', w1, '--witness', `other=${w1}`], /w1\.test given twice/],
      [['--witness', w1, '--quorum', '2'], /--quorum 2 needs at least that many --witness/],
      [['--witness', w1, '--witness', w2, '--quorum', '0'], /--quorum wants a number from 1/],
      [['--quorum', '1'], /--quorum 1 needs at least that many --witness/],
    ]) {
      const r = exits(garant(['audit', 'verify-export', '/nonexistent/trail.jsonl', '--key', log, ...extra]), 2);
      assert.match(r.err, why, extra.join(' '));
    }
    // Well-formed: the missing file is what fails.
    const r = garant(['audit', 'verify-export', '/nonexistent/trail.jsonl', '--key', log, '--witness', `cse=${w1}`, '--witness', w2, '--quorum', '1']);
    assert.match(r.err, /cannot read \/nonexistent\/trail\.jsonl/);
  });

  test('filter: unknown options and wrong combinations are usage errors', () => {
    let r = exits(garant(['filter', '--bogus', 'x']), 2);
    assert.match(r.err, /^garant filter: unknown option --bogus\n/);
    r = exits(garant(['filter', 'extra-word', '--verify-key', 'a', '--pseudonym-key', 'b',
      '--exclusions', 'l']), 2);
    assert.match(r.err, /^usage: garant filter/);
    r = exits(garant(['filter', '--verify-key', 'a', '--pseudonym-key', 'b']), 2);
    assert.match(r.err, /exactly one/);
    r = exits(garant(['filter', '--verify-key', 'a', '--pseudonym-key', 'b', '--exclusions', 'l',
      '--server', 'http://127.0.0.1:1']), 2);
    assert.match(r.err, /exactly one/);
    r = exits(garant(['filter', '--verify-key', 'a', '--pseudonym-key', 'b',
      '--server', 'http://127.0.0.1:1']), 2);
    assert.match(r.err, /--token-file goes with --server/);
    r = exits(garant(['filter', '--verify-key', 'a', '--pseudonym-key', 'b', '--exclusions', 'l',
      '--save-list', 'x']), 2);
    assert.match(r.err, /--save-list, --ca-file, --client-cert and --client-key need --server/);
    r = exits(garant(['filter', '--verify-key', 'a', '--pseudonym-key', 'b', '--exclusions', 'l',
      '--client-cert', 'c.pem', '--client-key', 'c.key']), 2);
    assert.match(r.err, /--client-cert and --client-key need --server/);
    // Well-formed, but the key files do not exist: refused, nothing read.
    r = exits(garant(['filter', '--verify-key', '/nonexistent/v', '--pseudonym-key',
      '/nonexistent/p', '--exclusions', '/nonexistent/l']), 2);
    assert.match(r.err, /refusing to filter: nothing was read or written/);
  });
});

describe('garant: no database configured', () => {
  for (const args of [['user', 'list'], ['token', 'list'], ['consumer', 'list'],
    ['user', 'disable', 'ada'], ['token', 'revoke', 'x']]) {
    test(`${args.join(' ')}: exit 1, says how to configure one`, () => {
      const r = exits(garant(args), 1);
      assert.match(r.err, /^garant: no database: set GARANT_DATABASE_URL/);
      assert.equal(r.out, '');
    });
  }

  test('keys show-public without keys: exit 1, names the missing setting', () => {
    const r = exits(garant(['keys', 'show-public']), 1);
    assert.match(r.err, /^garant: pseudonymisation_key_file is not set/);
  });

  test('an unknown GARANT_* variable is refused', () => {
    const r = garant(['token', 'list'], { env: { GARANT_NO_SUCH_SETTING: '1' } });
    assert.notEqual(r.code, 0, r.err);
    assert.match(r.err, /GARANT_NO_SUCH_SETTING/);
  });
});

describe('garant: against a throwaway database (--data-dir)', () => {
  let dir;
  const withDb = (...args) => [...args, '--data-dir', dir];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'garant-cli-'));
    // The key files garantd --dev would generate.
    mkdirSync(join(dir, 'keys'), { mode: 0o700 });
    for (const name of ['pseudonymisation.key', 'signing.key', 'encryption.key']) {
      const f = join(dir, 'keys', name);
      writeFileSync(f, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
      chmodSync(f, 0o600);
    }
  });

  // pg_ctl on the embedded cluster, as the postgres user when run as root.
  const pgCtl = (...args) => {
    const bin = '/usr/lib/postgresql/15/bin/pg_ctl';
    const [cmd, full] = process.getuid() === 0
      ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    return execFileSync(cmd, full, { stdio: 'pipe' }).toString();
  };
  const cluster = () => join(dir, 'pg');
  let clusterRunning = false;

  after(() => {
    if (clusterRunning) {
      try { pgCtl('stop', '-w', '-m', 'fast', '-D', cluster()); } catch { /* already gone */ }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the first call creates the database, migrates it, and stops what it started', () => {
    const r = exits(garant(withDb('user', 'list')), 0);
    assert.equal(r.out, 'ID\tUSERNAME\tROLE\tSTATUS\tCREATED\tNAME\n');
    assert.ok(existsSync(join(cluster(), 'PG_VERSION')), 'no cluster created');
    assert.ok(!existsSync(join(cluster(), 'postmaster.pid')), 'the CLI left its cluster running');
    // From here on the cluster stays up: the CLI must then leave it running.
    pgCtl('start', '-w', '-D', cluster(), '-l', join(cluster(), 'server.log'));
    clusterRunning = true;
    exits(garant(withDb('token', 'list')), 0);
    assert.ok(existsSync(join(cluster(), 'postmaster.pid')), 'the CLI stopped a cluster it did not start');
  });

  test('keys show-public prints key ids, never a key, and writes the verify key', () => {
    const vk = join(dir, 'verify.key');
    const r = exits(garant(withDb('keys', 'show-public', '--write-verify-key', vk)), 0);
    const m = r.out.match(/^verify_key ([0-9a-f]{64})$/m);
    assert.ok(m, r.out);
    assert.match(r.out, /^signing_key_id \S+$/m);
    assert.match(r.out, /^pseudonym_key_id \S+$/m);
    assert.equal(readFileSync(vk, 'utf8'), `${m[1]}\n`);
    for (const name of ['pseudonymisation.key', 'signing.key', 'encryption.key']) {
      const secret = readFileSync(join(dir, 'keys', name), 'utf8').trim();
      assert.ok(!r.out.includes(secret), `${name} printed`);
    }
  });

  test('audit public-key prints the verifier key', () => {
    const r = exits(garant(withDb('audit', 'public-key')), 0);
    assert.match(r.out, /^\S+\+[0-9a-f]{8}\+\S+\n$/);
  });

  test('user add / list / disable / reset-password', () => {
    let r = exits(garant(withDb('user', 'add', 'ada', '--role', 'auditor', '--name', 'Ada L.')), 0);
    assert.match(r.out, /^account ada created \(id \S+, role auditor\)$/m);
    const pw = r.out.match(/^password \(shown once[^:]*: (\S+)$/m);
    assert.ok(pw && pw[1].length === 20, r.out);

    r = exits(garant(withDb('user', 'add', 'ada', '--role', 'dpo')), 1);  // exists
    assert.match(r.err, /^garant: /);
    r = exits(garant(withDb('user', 'add', 'bob', '--role', 'pirate')), 2);  // bad role
    assert.match(r.err, /^garant: --role must be /);
    r = exits(garant(withDb('user', 'add', 'bob')), 2);
    assert.match(r.err, /^garant: --role is required\n/);
    r = exits(garant(withDb('user', 'add', 'carol', '--role', 'dpo', '--password-stdin'),
      { input: 'short\n' }), 2);  // password policy
    r = exits(garant(withDb('user', 'add', 'carol', '--role', 'dpo', '--password-stdin'),
      { input: 'registre des traitements 2026\n' }), 0);
    assert.ok(!r.out.includes('password (shown once'), r.out);
    assert.ok(!r.out.includes('registre des traitements'), r.out);

    r = exits(garant(withDb('user', 'list')), 0);
    const lines = r.out.trim().split('\n');
    assert.equal(lines[0], 'ID\tUSERNAME\tROLE\tSTATUS\tCREATED\tNAME');
    assert.equal(lines.length, 3, r.out);
    assert.match(r.out, /\tada\tauditor\tactive\t.*\tAda L\.$/m);
    assert.match(r.out, /\tcarol\tdpo\tactive\t/);

    exits(garant(withDb('user', 'disable', 'nobody')), 1);
    r = exits(garant(withDb('user', 'disable', 'ada')), 0);
    assert.match(r.out, /^account ada disabled/);
    assert.match(exits(garant(withDb('user', 'list')), 0).out, /\tada\tauditor\tdisabled\t/);

    exits(garant(withDb('user', 'reset-password', 'nobody')), 1);
    r = exits(garant(withDb('user', 'reset-password', 'carol')), 0);
    assert.match(r.out, /^password of carol reset/m);
    assert.match(r.out, /^password \(shown once/m);

    exits(garant(withDb('user', 'reset-2fa')), 2);
    r = exits(garant(withDb('user', 'reset-2fa', 'nobody')), 1);
    assert.match(r.err, /no account named nobody/);
    r = exits(garant(withDb('user', 'reset-2fa', 'carol')), 0);
    assert.match(r.out, /^second factor of carol removed; its sessions are closed/m);
  });

  test('token create / list / revoke', () => {
    let r = exits(garant(withDb('token', 'create', 'ingest-1', '--role', 'ingestion')), 0);
    const id = r.out.match(/^token (\S+) created for ingest-1 \(role ingestion\)$/m)?.[1];
    assert.ok(id, r.out);
    assert.match(r.out, /^secret \(shown once/m);
    r = exits(garant(withDb('token', 'create', 'x', '--role', 'admin')), 2);  // not a service role
    assert.match(r.err, /^garant: service token role must be ingestion, warehouse or auditor/);
    // An external audit tool's token (reads the trail and entry bundles only).
    r = exits(garant(withDb('token', 'create', 'cnil-verif', '--role', 'auditor')), 0);
    const auditorId = r.out.match(/^token (\S+) created for cnil-verif \(role auditor\)$/m)?.[1];
    assert.ok(auditorId, r.out);
    assert.match(exits(garant(withDb('token', 'list')), 0).out,
      new RegExp(`^${auditorId}\\tcnil-verif\\tauditor\\t`, 'm'));
    r = exits(garant(withDb('token', 'list')), 0);
    assert.match(r.out, /^ID\tNAME\tROLE\tCREATED\tREVOKED\tLAST_USED\tEXPIRES$/m);
    assert.match(r.out, new RegExp(`^${id}\\tingest-1\\tingestion\\t\\S+\\t-\\t-\\tnever$`, 'm'));
    exits(garant(withDb('token', 'revoke', id)), 0);
    r = exits(garant(withDb('token', 'list')), 0);
    assert.ok(!new RegExp(`^${id}\\t.*\\t-\\t-\\tnever$`, 'm').test(r.out), r.out);  // revoked_at set
    exits(garant(withDb('token', 'revoke', '00000000-0000-4000-8000-000000000000')), 1);
    // An expiry: listed; a bad one is a usage error that creates nothing.
    r = exits(garant(withDb('token', 'create', 'temp', '--role', 'warehouse', '--expires-in', '12h')), 0);
    const tempId = r.out.match(/^token (\S+) created for temp \(role warehouse\), expires (\S+)$/m);
    assert.ok(tempId, r.out);
    assert.match(exits(garant(withDb('token', 'list')), 0).out, new RegExp(`^${tempId[1]}\\t.*\\t${tempId[2]}$`, 'm'));
    for (const bad of ['12', '0h', 'd', '12m', '3651d', '1000000d']) {
      r = exits(garant(withDb('token', 'create', 'bad', '--role', 'warehouse', '--expires-in', bad)), 2);
      assert.match(r.err, /^garant: --expires-in takes a number of days or hours/, bad);
    }
    exits(garant(withDb('token', 'list', '--expires-in', '9d')), 2);
    assert.ok(!exits(garant(withDb('token', 'list')), 0).out.includes('\tbad\t'));
  });

  test('consumer add / list / disable', () => {
    let r = exits(garant(withDb('consumer', 'add', 'lab-1', 'https://lab.example/push')), 0);
    assert.match(r.out, /^consumer lab-1 added \(lists are pushed to https:\/\/lab\.example\/push\)$/m);
    r = exits(garant(withDb('consumer', 'add', 'lab-2')), 0);
    assert.match(r.out, /^consumer lab-2 added \(pull only\)$/m);
    exits(garant(withDb('consumer', 'add', 'lab-1')), 1);  // exists
    r = exits(garant(withDb('consumer', 'list')), 0);
    assert.match(r.out, /^NAME\tURL\tDELIVERED/);
    assert.match(r.out, /^lab-1\thttps:\/\/lab\.example\/push\t/m);
    assert.match(r.out, /^lab-2\t-\t/m);
    exits(garant(withDb('consumer', 'disable', 'lab-1')), 0);
    assert.match(exits(garant(withDb('consumer', 'list')), 0).out, /^lab-1 \(disabled\)\t/m);
    exits(garant(withDb('consumer', 'disable', 'lab-1')), 1);  // no enabled consumer
    exits(garant(withDb('consumer', 'disable', 'nobody')), 1);
  });

  test('audit prune: usage, the retention bounds, a dry run, then a run recorded in the log', () => {
    exits(garant(['audit', 'prune']), 2);
    exits(garant(withDb('audit', 'prune', 'now')), 2);
    const conf = join(dir, 'retention.conf');
    writeFileSync(conf, 'audit_retention_access_days = 1096\n');
    let r = exits(garant(['audit', 'prune', '--config', conf]), 2);
    assert.match(r.err, /audit_retention_access_days must be between 1 and 1095 days, not 1096/);
    // Everything in this database is recent: nothing to prune, but the run is recorded.
    r = exits(garant(withDb('audit', 'prune', '--dry-run')), 0);
    assert.match(r.out, /^would prune access: 0 entries before \S+Z \(indexes none\)$/m);
    assert.match(r.out, /^would prune staff: 0 entries before /m);
    assert.match(r.out, /^dry run: nothing changed$/m);
    r = exits(garant(withDb('audit', 'prune')), 0);
    assert.match(r.out, /^pruned access: 0 entries before /m);
    assert.match(r.out, /^recorded as audit entry \d+ \(audit.pruned, 0 entries pruned\)$/m);
  });

  test('audit verify: the database with its configured key, and bad targets', () => {
    const key = exits(garant(withDb('audit', 'public-key')), 0).out.trim();
    let r = exits(garant(['audit', 'verify', join(dir, 'no-such-dir'), '--key', key]), 2);
    assert.match(r.err, /is neither a URL nor a directory/);
    r = exits(garant(['audit', 'verify', 'http://127.0.0.1:1/', '--key', key,
      '--ca-file', '/etc/ssl/certs/ca-certificates.crt']), 2);
    assert.match(r.err, /^garant: --ca-file applies to an https:\/\/ URL only\n/);
    // --token-file: for a server only; the file is checked before any request.
    const tf = join(dir, 'auditor.token');
    writeFileSync(tf, `gst_${'a'.repeat(43)}\n`, { mode: 0o600 });
    chmodSync(tf, 0o600);
    r = exits(garant(['audit', 'verify', dir, '--key', key, '--token-file', tf]), 2);
    assert.match(r.err, /^garant: --token-file applies to an http:\/\/ or https:\/\/ URL only\n/);
    r = exits(garant(withDb('audit', 'verify', '--token-file', tf)), 2);
    assert.match(r.err, /^garant: --token-file applies to an http:\/\/ or https:\/\/ URL only\n/);
    r = exits(garant(['audit', 'verify', 'http://127.0.0.1:1/', '--key', key, '--token-file',
      join(dir, 'no-such.token')]), 2);
    assert.match(r.err, /^garant: --token-file/);
    const loose = join(dir, 'loose.token');
    writeFileSync(loose, `gst_${'b'.repeat(43)}\n`);
    chmodSync(loose, 0o644);
    r = exits(garant(['audit', 'verify', 'http://127.0.0.1:1/', '--key', key, '--token-file', loose]), 2);
    assert.match(r.err, /^garant: --token-file/);
    assert.ok(!r.err.includes('b'.repeat(43)), 'the token is never printed');
    // A good token file against a server that is not there: a failed verification (1), not usage.
    r = exits(garant(['audit', 'verify', 'http://127.0.0.1:1/', '--key', key, '--token-file', tf]), 1);
    assert.ok(!r.err.includes('a'.repeat(43)), 'the token is never printed');
    // An empty directory is no log: verification fails (exit 1), not a usage error.
    const empty = join(dir, 'empty-export');
    mkdirSync(empty);
    r = exits(garant(['audit', 'verify', empty, '--key', key]), 1);
    assert.match(r.err + r.out, /FAILED/);
  });
});
