// The Debian package, black-box: scripts/package.sh builds
// build/garant_<version>_<arch>.deb from this build tree; the package is
// unpacked into a scratch root (dpkg -x: its maintainer scripts need a whole
// Debian system, so they are checked as scripts), its files, control fields
// and conffiles are checked, the shipped example configuration passes
// garantd --check-config once the files it names exist, and
// `systemd-analyze verify` accepts the units (garantd, and the daily
// retention run garant-prune.service/.timer).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const buildDir = process.env.GARANT_TEST_BIN_DIR ? resolve(process.env.GARANT_TEST_BIN_DIR, '..') : join(repoRoot, 'build');

let deb;
let root;
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...opts });

before(() => {
  const out = run(join(repoRoot, 'scripts', 'package.sh'), [buildDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  deb = out.trim().split('\n').pop();
  root = mkdtempSync(join(tmpdir(), 'garant-deb-'));
  run('dpkg', ['-x', deb, root]);
});
after(() => { if (root) rmSync(root, { recursive: true, force: true }); });

test('scripts/package.sh writes build/garant_<version>_<arch>.deb', () => {
  const arch = run('dpkg', ['--print-architecture']).trim();
  const version = /project\(garant VERSION ([0-9.]+)/.exec(readFileSync(join(repoRoot, 'CMakeLists.txt'), 'utf8'))[1];
  assert.equal(deb, join(repoRoot, 'build', `garant_${version}_${arch}.deb`));
  assert.ok(existsSync(deb));
  assert.equal(run('dpkg-deb', ['-f', deb, 'Package']).trim(), 'garant');
  assert.equal(run('dpkg-deb', ['-f', deb, 'Version']).trim(), version);
  const depends = run('dpkg-deb', ['-f', deb, 'Depends']);
  assert.match(depends, /adduser/);
  assert.match(depends, /libpq5/);  // from the binaries' shared libraries
});

test('the files: binaries, example configuration (a conffile), unit, documentation', () => {
  for (const bin of ['usr/bin/garantd', 'usr/bin/garant']) {
    assert.ok(statSync(join(root, bin)).mode & 0o111, `${bin} executable`);
  }
  assert.match(readFileSync(join(root, 'etc/garant/garant.conf'), 'utf8'), /^audit_state_file = \/var\/lib\/garant\//m);
  assert.ok(existsSync(join(root, 'usr/share/doc/garant/operations.md')));
  // garant compliance pack copies the security measures from there.
  assert.ok(existsSync(join(root, 'usr/share/doc/garant/security.md')));
  assert.ok(existsSync(join(root, 'usr/share/doc/garant/compliance-pack.md')));
  const control = mkdtempSync(join(tmpdir(), 'garant-deb-control-'));
  try {
    run('dpkg-deb', ['-e', deb, control]);
    assert.equal(readFileSync(join(control, 'conffiles'), 'utf8').trim(), '/etc/garant/garant.conf');
    const postinst = readFileSync(join(control, 'postinst'), 'utf8');
    assert.match(postinst, /adduser --system --group .*garant/s);
    assert.match(postinst, /install -d -o garant -g garant -m 0750 \/var\/lib\/garant/);
    for (const script of ['postinst', 'prerm', 'postrm']) {
      assert.ok(statSync(join(control, script)).mode & 0o100, `${script} executable`);
      assert.equal(spawnSync('sh', ['-n', join(control, script)]).status, 0, `${script}: sh -n`);
    }
  } finally {
    rmSync(control, { recursive: true, force: true });
  }
});

test('the unit is sandboxed and passes systemd-analyze verify', () => {
  const unitPath = join(root, 'lib/systemd/system/garantd.service');
  const unit = readFileSync(unitPath, 'utf8');
  for (const line of ['ProtectSystem=strict', 'NoNewPrivileges=yes', 'PrivateTmp=yes', 'User=garant',
    'StateDirectory=garant', 'ExecStart=/usr/bin/garantd --config /etc/garant/garant.conf',
    'ExecStartPre=/usr/bin/garantd --check-config /etc/garant/garant.conf']) {
    assert.ok(unit.split('\n').includes(line), line);
  }
  // Verified by this machine's systemd, its commands pointing at the unpacked
  // binaries (`--root` would need a whole system: sysinit.target…).
  const units = join(root, 'units-under-test');
  mkdirSync(units);
  const local = unit.replaceAll('/usr/bin/garantd', join(root, 'usr/bin/garantd'));
  writeFileSync(join(units, 'garantd.service'), local);
  const r = spawnSync('systemd-analyze', ['verify', join(units, 'garantd.service')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `systemd-analyze verify:\n${r.stdout}${r.stderr}`);
  assert.equal(r.stderr, '', r.stderr);  // not even a warning
  // And it does fail on a broken unit (so the check above means something).
  writeFileSync(join(units, 'broken.service'), local.replace('ExecStart=', 'ExecStrat='));
  const broken = spawnSync('systemd-analyze', ['verify', join(units, 'broken.service')], { encoding: 'utf8' });
  assert.notEqual(broken.status, 0);
  assert.match(broken.stderr, /Unknown key 'ExecStrat'/);
});

test('the daily retention run: garant-prune.service and .timer pass systemd-analyze verify', () => {
  const dir = join(root, 'lib/systemd/system');
  const service = readFileSync(join(dir, 'garant-prune.service'), 'utf8');
  const timer = readFileSync(join(dir, 'garant-prune.timer'), 'utf8');
  for (const line of ['Type=oneshot', 'User=garant', 'ProtectSystem=strict', 'NoNewPrivileges=yes',
    'ExecStart=/usr/bin/garant audit prune --config /etc/garant/garant.conf']) {
    assert.ok(service.split('\n').includes(line), line);
  }
  for (const line of ['OnCalendar=*-*-* 03:00:00', 'Persistent=true', 'Unit=garant-prune.service',
    'WantedBy=timers.target']) {
    assert.ok(timer.split('\n').includes(line), line);
  }
  assert.ok(existsSync(join(root, 'usr/share/doc/garant/audit-log.md')));
  const units = join(root, 'prune-units-under-test');
  mkdirSync(units);
  writeFileSync(join(units, 'garant-prune.service'),
    service.replaceAll('/usr/bin/garant ', `${join(root, 'usr/bin/garant')} `));
  writeFileSync(join(units, 'garant-prune.timer'), timer);
  const r = spawnSync('systemd-analyze', ['verify', join(units, 'garant-prune.service'),
    join(units, 'garant-prune.timer')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `systemd-analyze verify:\n${r.stdout}${r.stderr}`);
  assert.equal(r.stderr, '', r.stderr);
  // A timer with a bad calendar is refused (the check above means something).
  writeFileSync(join(units, 'broken.timer'), timer.replace('OnCalendar=*-*-* 03:00:00', 'OnCalendar=chaque jour'));
  const broken = spawnSync('systemd-analyze', ['verify', join(units, 'broken.timer')], { encoding: 'utf8' });
  assert.notEqual(broken.status, 0);
  assert.match(broken.stderr, /Failed to parse calendar specification/);
  // prerm stops the timer before its files go.
  const control = mkdtempSync(join(tmpdir(), 'garant-deb-control-'));
  try {
    run('dpkg-deb', ['-e', deb, control]);
    assert.match(readFileSync(join(control, 'prerm'), 'utf8'), /systemctl stop garant-prune\.timer/);
  } finally {
    rmSync(control, { recursive: true, force: true });
  }
});

test('the shipped configuration is valid once the files it names exist', () => {
  const etc = join(root, 'etc/garant');
  const state = join(root, 'var/lib/garant');
  mkdirSync(state, { recursive: true });
  for (const k of ['pseudonymisation', 'signing', 'encryption']) {
    writeFileSync(join(etc, `${k}.key`), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  writeFileSync(join(etc, 'db.password'), 'mot-de-passe\n', { mode: 0o600 });
  writeFileSync(join(etc, 'db-owner.password'), 'mot-de-passe-du-proprietaire\n', { mode: 0o600 });
  const conf = readFileSync(join(etc, 'garant.conf'), 'utf8')
    .replaceAll('/etc/garant/', `${etc}/`).replaceAll('/var/lib/garant/', `${state}/`);
  const path = join(root, 'garant-test.conf');
  writeFileSync(path, conf);
  const r = spawnSync(join(root, 'usr/bin/garantd'), ['--check-config', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${basename(path)}: configuration valid`));
  // Untouched (its key files absent) it is refused, each file named.
  const raw = spawnSync(join(root, 'usr/bin/garantd'), ['--check-config', join(etc, 'garant.conf')], { encoding: 'utf8' });
  assert.equal(raw.status, 2);
  assert.match(raw.stderr, /signing_key_file: .*\/etc\/garant\/signing\.key/);
});
