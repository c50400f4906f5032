// An independent implementation (node:crypto only, no garant code) of the
// other side of the C2SP witness protocol, to test garant's witness and
// garantd's cosigned checkpoints:
// - a tiny log (RFC 6962 tree, C2SP checkpoints signed with Ed25519, RFC 6962
//   §2.1.2 consistency proofs) that a witness can be asked to cosign;
// - cosignature/v1 verification (https://c2sp.org/tlog-cosignature):
//   "cosignature/v1\ntime <T>\n<checkpoint text>", key id with type 0x04;
// - a helper that runs `garant witness serve` on a free port.
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { garantBin } from './garantd.mjs';

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafHash = (leaf) => sha256(Buffer.from([0x00]), leaf);
const nodeHash = (l, r) => sha256(Buffer.from([0x01]), l, r);
const split = (n) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
const mth = (d) => (d.length === 0 ? sha256() : d.length === 1 ? d[0]
  : nodeHash(mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length)))));
// RFC 6962 §2.1.2 SUBPROOF, literally.
function subproof(m, d, b) {
  const n = d.length;
  if (m === n) return b ? [] : [mth(d)];
  const k = split(n);
  if (m <= k) return [...subproof(m, d.slice(0, k), b), mth(d.slice(k))];
  return [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

function keyHash(name, type, pub) {
  return sha256(Buffer.from(`${name}\n`), Buffer.from([type]), pub).subarray(0, 4);
}

// A log with its own Ed25519 key: `leaves` are strings.
export class NodeLog {
  constructor(origin, prefix = 'entry') {
    this.origin = origin;
    this.prefix = prefix;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    this.pub = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
    this.id = keyHash(origin, 0x01, this.pub);
    this.vkey = `${origin}+${this.id.toString('hex')}+${Buffer.concat([Buffer.from([1]), this.pub]).toString('base64')}`;
  }
  hashes(size) {
    return Array.from({ length: size }, (_, i) => leafHash(Buffer.from(`${this.prefix} ${i}`)));
  }
  root(size) { return mth(this.hashes(size)); }
  text(size) { return `${this.origin}\n${size}\n${this.root(size).toString('base64')}\n`; }
  checkpoint(size) {
    const text = this.text(size);
    const sig = sign(null, Buffer.from(text), this.privateKey);
    return `${text}\n\u2014 ${this.origin} ${Buffer.concat([this.id, sig]).toString('base64')}\n`;
  }
  proof(old, size) {
    return old === 0 || old === size ? [] : subproof(old, this.hashes(size), true);
  }
  // The add-checkpoint body from `old` to `size` (proof lines may be replaced).
  body(old, size, proof = this.proof(old, size)) {
    return `old ${old}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${this.checkpoint(size)}`;
  }
}

// "name+hex8+base64(0x04 || key)" → { name, id, publicKey }.
export function parseWitnessKey(vkey) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  if (!m) throw new Error(`not a verifier key: ${vkey}`);
  const raw = Buffer.from(m[3], 'base64');
  if (raw.length !== 33 || raw[0] !== 0x04) throw new Error('not a cosignature/v1 key (0x04 || 32 bytes)');
  const id = Buffer.from(m[2], 'hex');
  if (!keyHash(m[1], 0x04, raw.subarray(1)).equals(id)) throw new Error('witness key id does not match');
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') }, format: 'jwk',
  });
  return { name: m[1], id, publicKey };
}

// Verifies the signature lines of `witnessVkey` in `lines` (note signature
// lines) as cosignatures of checkpoint note `text`. Returns their timestamps
// (numbers); throws on a line by that key that does not verify.
export function verifyCosignatures(text, lines, witnessVkey) {
  const w = parseWitnessKey(witnessVkey);
  const times = [];
  for (const line of lines.split('\n').filter(Boolean)) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new Error(`bad signature line: ${line}`);
    const raw = Buffer.from(m[2], 'base64');
    if (m[1] !== w.name || !raw.subarray(0, 4).equals(w.id)) continue;
    if (raw.length !== 4 + 8 + 64) throw new Error('cosignature has the wrong length');
    const t = raw.readBigUInt64BE(4);
    const msg = Buffer.from(`cosignature/v1\ntime ${t}\n${text}`);
    if (!verify(null, msg, w.publicKey, raw.subarray(12))) throw new Error('cosignature does not verify');
    times.push(Number(t));
  }
  return times;
}

// `garant witness serve` on a free port. start() resolves once it listens.
export class WitnessProcess {
  constructor({ key, state, logs }) { Object.assign(this, { key, state, logs }); this.output = ''; }
  get url() { return `http://127.0.0.1:${this.port}`; }
  async start() {
    this.output = '';
    const args = ['witness', 'serve', '--key', this.key, '--state', this.state, '--port', '0',
      ...this.logs.flatMap((l) => ['--log', l])];
    this.proc = spawn(garantBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d) => { this.output += d; });
    this.proc.stderr.on('data', (d) => { this.output += d; });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      const m = /garant witness listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
      if (m) { this.port = Number(m[1]); return this; }
      if (this.proc.exitCode !== null) throw new Error(`garant witness exited:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`garant witness did not start:\n${this.output}`);
  }
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    this.proc.kill('SIGTERM');
    const { code, signal } = await this.exited;
    if (code !== 0) {
      throw new Error(`garant witness exited with ${code} (signal ${signal}):\n${this.output}`);
    }
  }
  async add(body) {
    const r = await fetch(`${this.url}/add-checkpoint`, { method: 'POST', body });
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  }
}
