// Starts a real garantd --dev (embedded PostgreSQL, demo accounts) on a free
// port in a temporary data directory, for HTTP and browser tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const garantdBin = process.env.GARANT_TEST_BIN_DIR
  ? join(process.env.GARANT_TEST_BIN_DIR, 'garantd')
  : join(repoRoot, 'build/bin/garantd');
export const garantBin = process.env.GARANT_TEST_BIN_DIR
  ? join(process.env.GARANT_TEST_BIN_DIR, 'garant')
  : join(repoRoot, 'build/bin/garant');

export async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export class Garantd {
  constructor() {
    this.dataDir = mkdtempSync(join(tmpdir(), 'garant-e2e-'));
    this.output = '';
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  // `args`: more garantd flags (e.g. key files). A restart keeps the data directory.
  async start({ demo = true, args: extra = [] } = {}) {
    this.port = await freePort();
    this.output = '';
    const args = ['--dev', '--port', String(this.port), '--data-dir', this.dataDir, ...extra];
    if (demo) args.push('--demo');
    this.proc = spawn(garantdBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d) => { this.output += d; });
    this.proc.stderr.on('data', (d) => { this.output += d; });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    await this.waitReady(60000);
    return this;
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`garantd exited:\n${this.output}`);
      try {
        const r = await fetch(`${this.url}/readyz`);
        if (r.status === 200) return;
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

  // Runs pg_ctl on the embedded cluster as the postgres user.
  pgCtl(...args) {
    const pgctl = '/usr/lib/postgresql/15/bin/pg_ctl';
    const cmd = process.getuid() === 0 ? 'runuser' : pgctl;
    const full = process.getuid() === 0 ? ['-u', 'postgres', '--', pgctl, ...args] : args;
    return execFileSync(cmd, full, { stdio: 'pipe' }).toString();
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return this.exited;
    this.proc.kill('SIGTERM');
    const timeout = new Promise((_, rej) => setTimeout(() => rej(new Error('garantd did not stop in 30 s')), 30000));
    return Promise.race([this.exited, timeout]);
  }

  cleanup() {
    try { if (this.proc && this.proc.exitCode === null) this.proc.kill('SIGKILL'); } catch { /* gone */ }
    const pid = this.postmasterPid();
    if (pid) { try { process.kill(pid, 'SIGQUIT'); } catch { /* gone */ } }
    rmSync(this.dataDir, { recursive: true, force: true });
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
// that follow (cookie header from jar.header(), X-CSRF-Token: csrf).
export async function staffLogin(server, username, password) {
  const jar = new Jar();
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 201) throw new Error(`login of ${username}: HTTP ${r.status} ${await r.text()}`);
  jar.store(r);
  return { jar, csrf: (await r.json()).csrf_token };
}
