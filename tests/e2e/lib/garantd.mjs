// Starts a real garantd --dev (embedded PostgreSQL, demo accounts) on a free
// port in a temporary data directory, for HTTP and browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import https from 'node:https';
import assert from 'node:assert/strict';
import { freshCode } from './totp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const garantdBin = process.env.GARANT_TEST_BIN_DIR
  ? join(process.env.GARANT_TEST_BIN_DIR, 'garantd')
  : join(repoRoot, 'build/bin/garantd');
export const garantBin = process.env.GARANT_TEST_BIN_DIR
  ? join(process.env.GARANT_TEST_BIN_DIR, 'garant')
  : join(repoRoot, 'build/bin/garant');

// Runs garant with `args` without blocking this process (a server the test
// runs in it, a TLS front, stays responsive): resolves with { code, stdout,
// stderr } when it exits.
export function runGarant(args) {
  return new Promise((res) => {
    const p = spawn(garantBin, args);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

// The PostgreSQL server binaries of this machine (never a hard-coded version).
let pgBin;
export function pgBinDir() {
  pgBin ??= execFileSync('pg_config', ['--bindir']).toString().trim();
  return pgBin;
}

// A listening socket on 127.0.0.1 that closes every connection at once: a
// peer that is "down" without the race of a closed port someone else may
// take. close() when done.
export async function closingListener() {
  const s = net.createServer((sock) => sock.destroy());
  await new Promise((res, rej) => { s.once('error', rej); s.listen(0, '127.0.0.1', res); });
  const { port } = s.address();
  return { port, close: () => new Promise((res) => s.close(() => res())) };
}

export class Garantd {
  constructor() {
    this.dataDir = mkdtempSync(join(tmpdir(), 'garant-e2e-'));
    this.output = '';     // of the current run
    this.allOutput = '';  // of every run of this instance (for the secret-leak check)
  }

  get url() { return `${this.scheme ?? 'http'}://127.0.0.1:${this.port}`; }

  // `args`: more garantd flags (e.g. key files). A restart keeps the data directory.
  // garantd binds an ephemeral port (--port 0) and logs it ("garantd
  // listening on http://127.0.0.1:PORT"): no free-port race.
  async start({ demo = true, args: extra = [] } = {}) {
    this.port = undefined;
    this.output = '';
    const args = ['--dev', '--port', '0', '--data-dir', this.dataDir, ...extra];
    if (demo) args.push('--demo');
    // A changed exclusion list goes out at the next round (1 s), not up to
    // 30 s after the previous version (exclusion_publish_interval_seconds'
    // default, which groups bursts: its own test is
    // ExclusionPublisherTest.ABurstOfObjectionsMakesAHandfulOfVersions).
    // Suites that object and then wait for the list would otherwise wait
    // half a minute; a suite may still pass its own value.
    if (!extra.includes('--exclusion-publish-interval-seconds')) {
      args.push('--exclusion-publish-interval-seconds', '0');
    }
    this.proc = spawn(garantdBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d) => { this.output += d; this.allOutput += d; });
    this.proc.stderr.on('data', (d) => { this.output += d; this.allOutput += d; });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    await this.waitReady(60000);
    return this;
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`garantd exited:\n${this.output}`);
      if (this.port === undefined) {
        const m = /garantd listening on (https?):\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (!m) { await new Promise((r) => setTimeout(r, 100)); continue; }
        this.scheme = m[1];
        this.port = Number(m[2]);
      }
      // With metrics_port, /readyz is on its own loopback listener.
      const ops = /readiness and metrics on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
      this.opsPort = ops ? Number(ops[1]) : undefined;
      try {
        if (this.scheme === 'https' && this.opsPort === undefined) {
          // Serving TLS itself (tests/e2e/tls.test.mjs): readiness only, the
          // certificate is that suite's to check.
          const status = await new Promise((res, rej) => {
            https.get(`${this.url}/readyz`, { rejectUnauthorized: false }, (r) => { r.resume(); res(r.statusCode); })
              .on('error', rej);
          });
          if (status === 200) return;
        } else {
          const r = await fetch(`http://127.0.0.1:${this.opsPort ?? this.port}/readyz`);
          if (r.status === 200) return;
        }
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`garantd not ready in time:\n${this.output}`);
  }

  // The postmaster pid of the embedded cluster, or 0.
  postmasterPid() {
    const f = join(this.dataDir, 'pg', 'postmaster.pid');
    if (!existsSync(f)) return 0;
    return Number(readFileSync(f, 'utf8').split('\n')[0]);
  }

  // Runs pg_ctl (from `pg_config --bindir`) on the embedded cluster as the postgres user.
  pgCtl(...args) {
    const pgctl = join(pgBinDir(), 'pg_ctl');
    const cmd = process.getuid() === 0 ? 'runuser' : pgctl;
    const full = process.getuid() === 0 ? ['-u', 'postgres', '--', pgctl, ...args] : args;
    return execFileSync(cmd, full, { stdio: 'pipe' }).toString();
  }

  // Runs SQL with psql on the embedded cluster as the superuser (postgres):
  // for tests that break or inspect the database behind garantd's back.
  psql(sql) {
    const port = readFileSync(join(this.dataDir, 'pg.port'), 'utf8').trim();
    const args = ['-h', join(this.dataDir, 'run'), '-p', port, '-d', 'garant', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql];
    if (process.getuid() === 0) {
      return execFileSync('runuser', ['-u', 'postgres', '--', 'psql', ...args], { stdio: 'pipe' }).toString();
    }
    return execFileSync('psql', ['-U', 'postgres', ...args], { stdio: 'pipe' }).toString();
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return this.exited;
    this.proc.kill('SIGTERM');
    const timeout = new Promise((_, rej) => setTimeout(() => rej(new Error('garantd did not stop in 30 s')), 30000));
    return Promise.race([this.exited, timeout]);
  }

  // Stops everything and removes the data directory; then throws when
  // garantd printed a sanitizer report during any of its runs (a suite run
  // against a ThreadSanitizer or AddressSanitizer build: `ctest --preset
  // tsan`), so a race that broke no request still fails the suite.
  cleanup() {
    try { if (this.proc && this.proc.exitCode === null) this.proc.kill('SIGKILL'); } catch { /* gone */ }
    const pid = this.postmasterPid();
    if (pid) { try { process.kill(pid, 'SIGQUIT'); } catch { /* gone */ } }
    rmSync(this.dataDir, { recursive: true, force: true });
    const report = sanitizerReport(this.allOutput);
    if (report) throw new Error(`garantd printed a sanitizer report:\n${report}`);
  }
}

// The first sanitizer report in `output` (from its first line, at most 12,000
// characters), or null. Matches ThreadSanitizer's and AddressSanitizer's
// headers and UndefinedBehaviorSanitizer's "runtime error:" lines.
export function sanitizerReport(output) {
  const m = /^.*(WARNING: ThreadSanitizer:|ERROR: AddressSanitizer:|ERROR: LeakSanitizer:|runtime error:)/m.exec(output);
  return m ? output.slice(m.index, m.index + 12000) : null;
}

export const DEMO_PASSWORDS = ['garant-demo-admin', 'garant-demo-dpo', 'garant-demo-secretaire', 'garant-demo-auditeur'];
export { DEMO_TOTP_SECRETS, freshCode } from './totp.mjs';

// Fails when garantd's whole stdout/stderr (every run of `server`) holds one
// of `secrets` (passwords, tokens, receipt codes, typed identity traits),
// outside the --demo start banner, which shows the demo accounts on purpose.
export function assertNoSecretsLogged(server, secrets) {
  const banner = /Demo accounts \(log in at [^\n]*\n(?: {2}[^\n]*\n)*/g;
  const logs = server.allOutput.replace(banner, '');
  assert.ok(logs.length > 0, 'garantd wrote nothing: nothing to check');
  for (const secret of new Set(secrets)) {
    if (!secret) continue;
    const at = logs.indexOf(secret);
    assert.equal(at, -1, `garantd's output holds a secret (${secret.slice(0, 3)}…): ` +
      logs.slice(Math.max(0, at - 120), at + secret.length + 40).replaceAll(secret, '<SECRET>'));
  }
}

// True while pid runs. A zombie (exited, not yet reaped: PID 1 of a container
// may never reap orphans) counts as gone.
export function processAlive(pid) {
  try { process.kill(pid, 0); } catch { return false; }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch { return false; }
}

// A cookie jar for fetch: keeps name=value pairs from Set-Cookie.
export class Jar {
  constructor() { this.cookies = new Map(); }
  store(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /Max-Age=0/.test(c)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
}

// Logs a staff member in through the JSON API: { jar, csrf } for the calls
// that follow (cookie header from jar.header(), X-CSRF-Token: csrf). A demo
// account with a second factor sends a fresh TOTP code (lib/totp.mjs).
export async function staffLogin(server, username, password) {
  const jar = new Jar();
  const totp = await freshCode(server, username);
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(totp ? { username, password, totp } : { username, password }),
  });
  if (r.status !== 201) throw new Error(`login of ${username}: HTTP ${r.status} ${await r.text()}`);
  jar.store(r);
  return { jar, csrf: (await r.json()).csrf_token };
}

// A config file (in the server's data directory) that turns the off_hours
// rule off: suites whose events happen whenever the suite runs would
// otherwise get an off_hours finding at night. Returns start()'s args.
export function withoutOffHours(server) {
  const conf = join(server.dataDir, 'garant-rules.conf');
  writeFileSync(conf, '[access.rules.off_hours]\nenabled = false\n');
  return ['--config', conf];
}

