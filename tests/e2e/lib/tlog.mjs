// An independent verifier (node:crypto only, no garant code) for the audit
// log's public formats, so a test fails when garant serves a proof that does
// not prove anything:
// - C2SP signed notes and checkpoints (https://c2sp.org/signed-note,
//   https://c2sp.org/tlog-checkpoint), Ed25519 verifier keys
//   "name+hex8+base64(0x01 || key)";
// - C2SP tlog-proof (https://c2sp.org/tlog-proof): the header, optional
//   `extra` (here: the leaf bytes), `index N`, the inclusion hashes, a blank
//   line and the signed checkpoint;
// - RFC 6962 / RFC 9162 §2.1.3.2 inclusion verification.
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
export const leafHash = (leaf) => sha256(Buffer.from([0x00]), leaf);
const nodeHash = (l, r) => sha256(Buffer.from([0x01]), l, r);

// "name+hex8+base64" → { name, keyHash (4 bytes), publicKey (KeyObject) }.
export function parseVerifierKey(vkey) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  if (!m) throw new Error(`not a verifier key: ${vkey}`);
  const raw = Buffer.from(m[3], 'base64');
  if (raw.length !== 33 || raw[0] !== 0x01) throw new Error('verifier key is not Ed25519 (0x01 || 32 bytes)');
  const keyHash = Buffer.from(m[2], 'hex');
  // The key hash binds the name and the key: SHA-256(name || "\n" || 0x01 || key)[:4].
  const expected = sha256(Buffer.from(`${m[1]}\n`), raw).subarray(0, 4);
  if (!expected.equals(keyHash)) throw new Error('verifier key hash does not match its name and key');
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') }, format: 'jwk',
  });
  return { name: m[1], keyHash, publicKey };
}

// A signed checkpoint note → { origin, size, root (Buffer), signed (bool) }.
// With `vkey`, a signature line by that key must verify over the note text.
export function openCheckpoint(note, vkey) {
  const sep = note.indexOf('\n\n');
  if (sep < 0 || !note.endsWith('\n')) throw new Error('not a signed note');
  const text = note.slice(0, sep + 1);
  const lines = text.split('\n');
  const [origin, sizeLine, rootLine] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine)) throw new Error(`bad checkpoint size: ${sizeLine}`);
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootLine) throw new Error('bad checkpoint root');
  let signed = false;
  if (vkey) {
    const k = parseVerifierKey(vkey);
    if (k.name !== origin) throw new Error(`checkpoint origin ${origin} is not the key's ${k.name}`);
    for (const sig of note.slice(sep + 2).split('\n').filter(Boolean)) {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(sig);
      if (!m) throw new Error(`bad signature line: ${sig}`);
      const raw = Buffer.from(m[2], 'base64');
      if (m[1] !== k.name || raw.length !== 68 || !raw.subarray(0, 4).equals(k.keyHash)) continue;
      if (!verify(null, Buffer.from(text), k.publicKey, raw.subarray(4))) {
        throw new Error('checkpoint signature does not verify');
      }
      signed = true;
    }
    if (!signed) throw new Error('no signature by the log key on the checkpoint');
  }
  return { origin, size: BigInt(sizeLine), root, signed };
}

// RFC 9162 §2.1.3.2: the root computed from a leaf hash and its inclusion
// proof, or an error when the proof has the wrong length for (index, size).
export function rootFromInclusionProof(index, size, leaf, proof) {
  if (index >= size) throw new Error(`index ${index} is not below size ${size}`);
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new Error('inclusion proof too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('inclusion proof too short');
  return r;
}

// Parses a .tlog-proof file strictly → { extra (Buffer|null), index (BigInt), proof: Buffer[], checkpoint }.
export function parseTlogProof(text) {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== 'c2sp.org/tlog-proof@v1') throw new Error('not a c2sp.org/tlog-proof@v1 file');
  let extra = null;
  if (lines[i].startsWith('extra ')) extra = Buffer.from(lines[i++].slice(6), 'base64');
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[i++]);
  if (!m) throw new Error('tlog-proof: bad index line');
  const proof = [];
  for (; i < lines.length && lines[i] !== ''; i++) {
    const h = Buffer.from(lines[i], 'base64');
    if (h.length !== 32 || h.toString('base64') !== lines[i]) throw new Error(`tlog-proof: bad hash ${lines[i]}`);
    proof.push(h);
  }
  if (i >= lines.length) throw new Error('tlog-proof: no checkpoint');
  return { extra, index: BigInt(m[1]), proof, checkpoint: lines.slice(i + 1).join('\n') };
}

// Verifies a .tlog-proof whose `extra` holds the leaf: the leaf is included at
// `index` under the checkpoint's root, signed by `vkey`. Returns the parts.
export function verifyTlogProof(text, vkey) {
  const p = parseTlogProof(text);
  if (!p.extra) throw new Error('tlog-proof: no extra (leaf) line');
  const cp = openCheckpoint(p.checkpoint, vkey);
  const root = rootFromInclusionProof(p.index, cp.size, leafHash(p.extra), p.proof);
  if (!root.equals(cp.root)) throw new Error('tlog-proof: the inclusion proof does not lead to the signed root');
  return { ...p, checkpoint: cp };
}

// A well-formed verifier key for `name` with a fresh Ed25519 key: the key of
// another signer claiming the same log (what a "wrong key" really is).
export function otherVerifierKey(name) {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.concat([Buffer.from([0x01]), Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url')]);
  const hash = sha256(Buffer.from(`${name}\n`), raw).subarray(0, 4).toString('hex');
  return `${name}+${hash}+${raw.toString('base64')}`;
}

// C2SP tlog-tiles path of the entry bundle `n` ("tile/entries/x001/234",
// with ".p/<width>" for a partial bundle): the index in groups of three
// digits, each but the last prefixed with "x".
export function entryBundlePath(n, width = 256) {
  const digits = String(n).padStart(3, '0');
  const groups = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end).padStart(3, '0'));
  const path = `tile/entries/${groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/')}`;
  return width === 256 ? path : `${path}.p/${width}`;
}

// The leaves of an entry bundle: each is a big-endian uint16 length and its bytes.
export function entriesOfBundle(bundle) {
  const out = [];
  for (let off = 0; off < bundle.length;) {
    if (off + 2 > bundle.length) throw new Error('entry bundle: truncated length');
    const len = (bundle[off] << 8) | bundle[off + 1];
    if (off + 2 + len > bundle.length) throw new Error('entry bundle: truncated entry');
    out.push(bundle.subarray(off + 2, off + 2 + len));
    off += 2 + len;
  }
  return out;
}

// Entry bundles hold the leaves (who accessed what): garant serves them to
// auditors only (a staff session of role auditor, dpo or admin, or an auditor
// service token), while checkpoints and hash tiles are public. Fetches
// bundle `n` of the server at `baseUrl` with `auth`: { token } (bearer) or
// { jar } (a staff session's cookie jar), or nothing at all.
export async function fetchEntryBundle(baseUrl, n, { token, jar, width = 256 } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (jar) headers.Cookie = jar.header();
  return fetch(`${baseUrl}/tlog/${entryBundlePath(n, width)}`, { headers });
}

// The leaf bytes of entry `i`, read from its entry bundle with `auth` (as
// fetchEntryBundle); throws unless the server answers 200.
export async function readLeaf(baseUrl, i, auth) {
  const r = await fetchEntryBundle(baseUrl, Math.floor(i / 256), auth);
  if (r.status !== 200) throw new Error(`entry bundle ${Math.floor(i / 256)}: HTTP ${r.status}`);
  const leaves = entriesOfBundle(Buffer.from(await r.arrayBuffer()));
  if (i % 256 >= leaves.length) throw new Error(`entry ${i} is not in its bundle`);
  return leaves[i % 256];
}
