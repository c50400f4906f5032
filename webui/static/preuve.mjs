// The /preuve page's in-browser verifier of a receipt (a C2SP tlog-proof,
// https://c2sp.org/tlog-proof), with WebCrypto only: SHA-256 for the RFC 6962
// leaf and node hashes and the inclusion proof (RFC 9162 §2.1.3.2), Ed25519
// for the checkpoint's signature by the log's key (C2SP signed-note,
// tlog-checkpoint) and the witnesses' cosignatures (C2SP tlog-cosignature,
// cosignature/v1). The same checks as `garant audit verify-proof`
// (tools/src/verify_proof_command.cc), told in French.
//
// Trust comes from the page, never from the file: the log's verifier key,
// the witnesses' keys and the quorum are data attributes written by garantd
// (webui/templates/info_proof.tpl). The file never leaves the device (the
// page's CSP has connect-src 'none').
//
// Runs in the browser (the page loads it as a module; CSP script-src 'self',
// Trusted Types required: the DOM is built with textContent only) and in
// Node (tests/e2e/preuve.test.mjs imports verifyReceipt).

const MAX_FILE = 1 << 20;     // a receipt is a few KiB; garant's notes are at most 1 MiB
const MAX_HASHES = 63;        // an inclusion proof in a tree below 2^63 entries
const MAX_SIGNATURES = 100;   // signature lines a note may carry (as garant's OpenNote)
const HEADER = 'c2sp.org/tlog-proof@v1';
const EM_DASH = '\u2014';

const enc = new TextEncoder();

// The verdicts: 'valid' (and cosigned by the quorum, or no witness is
// configured), 'not-cosigned' (valid under the log's key, quorum not met),
// 'invalid', and 'unchecked' (the browser cannot check Ed25519 signatures:
// only the inclusion was checked).
class Refusal extends Error {
  constructor(code, sentence) {
    super(sentence);
    this.code = code;
  }
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

// Strict standard base64 (padding required, canonical): null when not.
function base64(s) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return null;
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (btoa(bin) !== s) return null;
  return out;
}

async function sha256(subtle, ...parts) {
  return new Uint8Array(await subtle.digest('SHA-256', concat(...parts)));
}
const leafHash = (subtle, leaf) => sha256(subtle, Uint8Array.of(0), leaf);
const nodeHash = (subtle, l, r) => sha256(subtle, Uint8Array.of(1), l, r);

// "name+hex8+base64(type || 32-byte key)": the key id must be
// SHA-256(name || 0x0A || type || key)[:4] (C2SP signed-note).
async function parseVerifierKey(subtle, text, type) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) throw new Error(`not a verifier key: ${text}`);
  const raw = base64(m[3]);
  if (!raw || raw.length !== 33 || raw[0] !== type) throw new Error(`not a key of type ${type}: ${text}`);
  const id = (await sha256(subtle, enc.encode(`${m[1]}\n`), raw)).subarray(0, 4);
  if (hex(id) !== m[2]) throw new Error(`key id does not match: ${text}`);
  return { name: m[1], id, key: raw.subarray(1) };
}

// Ed25519 in WebCrypto (Chromium 137 and later, Firefox 129, Safari 17, Node 18.4):
// null when this browser has no Ed25519.
async function importEd25519(subtle, raw) {
  try {
    return await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e && e.name === 'NotSupportedError') return null;
    throw e;
  }
}

const ed25519Verify = (subtle, key, sig, msg) => subtle.verify({ name: 'Ed25519' }, key, sig, msg);

function decodeUtf8(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

// The tlog-proof file → { extra, index (BigInt), hashes, note }.
function parseProof(bytes) {
  const format = (detail) => new Refusal('format',
    `Ce fichier n'est pas une preuve complète au format c2sp.org/tlog-proof (${detail}). ` +
    'Il est peut-être incomplet ou abîmé : téléchargez-le à nouveau depuis la page de suivi de votre opposition.');
  if (bytes.length > MAX_FILE) throw format('il est beaucoup trop gros pour une preuve');
  const text = decodeUtf8(bytes);
  if (text === null) throw format("ce n'est pas un fichier texte");
  let rest = text;
  const line = () => {
    const nl = rest.indexOf('\n');
    if (nl < 0) return null;
    const l = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    return l;
  };
  if (line() !== HEADER) throw format(`la première ligne n'est pas « ${HEADER} »`);
  let l = line();
  let extra = null;
  if (l !== null && l.startsWith('extra ')) {
    extra = base64(l.slice(6));
    if (!extra) throw format("l'inscription (ligne extra) est abîmée");
    l = line();
  }
  const m = l === null ? null : /^index (0|[1-9][0-9]{0,18})$/.exec(l);
  if (!m) throw format('la ligne « index » manque ou est abîmée');
  const index = BigInt(m[1]);
  const hashes = [];
  for (;;) {
    l = line();
    if (l === null) throw format('le point de contrôle manque');
    if (l === '') break;
    if (hashes.length === MAX_HASHES) throw format("le chemin d'empreintes est trop long");
    const h = base64(l);
    if (!h || h.length !== 32) throw format("une empreinte du chemin est abîmée");
    hashes.push(h);
  }
  if (rest === '') throw format('le point de contrôle manque');
  if (!extra) throw format("la preuve ne contient pas l'inscription elle-même (ligne extra)");
  return { extra, index, hashes, note: rest };
}

// The signed note → { text, origin, size (BigInt), root, sigs: [{ name, raw }] }.
function parseNote(note) {
  const format = (detail) => new Refusal('format',
    `Le point de contrôle de ce fichier est abîmé (${detail}). ` +
    'Le fichier est peut-être incomplet : téléchargez-le à nouveau.');
  if (!note.endsWith('\n')) throw format('il ne se termine pas par une fin de ligne');
  const sep = note.lastIndexOf('\n\n');
  if (sep < 0) throw format("il n'a pas de signature");
  const text = note.slice(0, sep + 1);
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw format('il contient des caractères de contrôle');
  const sigLines = note.slice(sep + 2, -1).split('\n');
  if (sigLines.length > MAX_SIGNATURES) throw format('il porte trop de signatures');
  const sigs = sigLines.map((s) => {
    const m = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/=]+)$`).exec(s);
    const raw = m && base64(m[2]);
    if (!raw || raw.length < 5) throw format('une ligne de signature est abîmée');
    return { name: m[1], raw };
  });
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw format("il lui manque la taille ou l'empreinte du registre");
  const [origin, sizeLine, rootLine] = lines;
  if (!/^(0|[1-9][0-9]{0,18})$/.test(sizeLine)) throw format('la taille du registre est abîmée');
  const root = base64(rootLine);
  if (!root || root.length !== 32) throw format("l'empreinte du registre est abîmée");
  if (lines.slice(3).some((e) => e === '')) throw format('une ligne est vide');
  return { text, origin, size: BigInt(sizeLine), root, sigs };
}

// RFC 9162 §2.1.3.2: the root from a leaf hash and its inclusion proof; null
// when the proof has the wrong length for (index, size).
async function rootFromInclusion(subtle, index, size, leaf, proof) {
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(subtle, p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(subtle, r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

// A garant audit leaf v1 (audit/DESIGN.md, "Leaf format v1") → its fields, or
// null for a leaf of another form (still provable, told as "une inscription").
function decodeLeaf(leaf) {
  const text = decodeUtf8(leaf);
  if (text === null) return null;
  const m = /^garant-audit-v1\nid [0-9a-f-]{36}\ntype ([a-z0-9_.-]+)\ntime ([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\.([0-9]{6})Z\nactor \S+\nobject ([^\n]*)\n\n/.exec(text);
  if (!m) return null;
  const time = new Date(`${m[2]}.${m[3].slice(0, 3)}Z`);
  return { type: m[1], time: Number.isNaN(time.getTime()) ? null : time, object: m[4] };
}

const TYPES = {
  'objection.created': 'opposition enregistrée',
  'objection.withdrawn': 'opposition retirée',
  'objection.answer_sent': 'réponse à une opposition envoyée',
  'rights.request.created': "demande d'exercice de vos droits enregistrée",
  'rights.answered': "réponse à une demande d'exercice de droits",
};

// "le 03/12/2026 à 12:40" in Paris time.
function parisDate(d) {
  const day = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `le ${day} à ${time}`;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// Verifies `bytes` (the file) against `trust` = { origin, logKey, controller,
// witnesses: [{ key, label }], quorum }. Returns { verdict, code, headline,
// sentences, index, size, cosigned } and never throws for a bad file.
export async function verifyReceipt(bytes, trust, subtle = globalThis.crypto.subtle) {
  const controller = trust.controller || 'l\u2019éditeur du registre';
  try {
    const proof = parseProof(bytes);
    const note = parseNote(proof.note);
    const log = await parseVerifierKey(subtle, trust.logKey, 0x01);
    if (note.origin !== log.name || note.origin !== trust.origin) {
      throw new Refusal('origin', `Cette preuve vient d'un autre registre (« ${note.origin} ») que celui de ${controller} (« ${log.name} »).`);
    }

    // 1. The checkpoint's signature by the log's key.
    const logKey = await importEd25519(subtle, log.key);
    let logSigned = false;
    if (logKey) {
      for (const s of note.sigs) {
        if (s.name !== log.name || !equalBytes(s.raw.subarray(0, 4), log.id)) continue;
        if (s.raw.length !== 68 || !(await ed25519Verify(subtle, logKey, s.raw.subarray(4), enc.encode(note.text)))) {
          throw new Refusal('log-signature', `La signature du registre par la clé de ${controller} est fausse : le fichier a été modifié.`);
        }
        logSigned = true;
      }
      if (!logSigned) {
        throw new Refusal('log-signature', `L'état du registre de ce fichier n'est pas signé par la clé de ${controller} : cette preuve ne vient pas de son registre, ou elle a été modifiée.`);
      }
    }

    // 2. The entry's inclusion under the signed root.
    const n = String(proof.index);
    if (proof.index >= note.size) {
      throw new Refusal('inclusion', `L'enregistrement n° ${n} n'existe pas dans l'état signé du registre, qui compte ${plural(Number(note.size), 'inscription', 'inscriptions')} : le fichier a été modifié.`);
    }
    const root = await rootFromInclusion(subtle, proof.index, note.size, await leafHash(subtle, proof.extra), proof.hashes);
    if (root === null) {
      throw new Refusal('inclusion', `Le chemin d'empreintes n'a pas la longueur attendue pour l'enregistrement n° ${n} : le fichier a été modifié.`);
    }
    if (!equalBytes(root, note.root)) {
      throw new Refusal('inclusion', `Le chemin d'empreintes ne relie pas votre enregistrement n° ${n} à l'état signé du registre : l'enregistrement ou le chemin a été modifié.`);
    }

    // 3. The witnesses' cosignatures (only those the page names).
    const cosigned = [];
    if (logKey) {
      for (const w of trust.witnesses || []) {
        const wk = await parseVerifierKey(subtle, w.key, 0x04);
        const key = await importEd25519(subtle, wk.key);
        for (const s of note.sigs) {
          if (s.name !== wk.name || !equalBytes(s.raw.subarray(0, 4), wk.id)) continue;
          const label = w.label || wk.name;
          const bad = new Refusal('cosignature', `La cosignature du témoin « ${label} » est fausse : le fichier a été modifié.`);
          if (s.raw.length !== 76) throw bad;
          const t = new DataView(s.raw.buffer, s.raw.byteOffset + 4, 8).getBigUint64(0);
          const msg = enc.encode(`cosignature/v1\ntime ${t}\n${note.text}`);
          if (!(await ed25519Verify(subtle, key, s.raw.subarray(12), msg))) throw bad;
          if (!cosigned.some((c) => c.name === wk.name)) cosigned.push({ name: wk.name, label, time: Number(t) });
        }
      }
    }

    const entry = decodeLeaf(proof.extra);
    const sentences = [];
    if (entry) {
      let what = TYPES[entry.type] || `inscription de type ${entry.type}`;
      if (entry.time) what += ` ${parisDate(entry.time)}`;
      const ref = /^[a-z_]+\/(.+)$/.exec(entry.object);
      if (ref) what += `, référence ${ref[1]}`;
      sentences.push(`Votre enregistrement : ${what}.`);
    }
    const size = plural(Number(note.size), 'inscription', 'inscriptions');
    const base = { index: n, size: String(note.size), cosigned };
    if (!logKey) {
      return {
        ...base, verdict: 'unchecked', code: 'no-ed25519',
        headline: 'Vérification incomplète : votre navigateur ne sait pas vérifier les signatures.',
        sentences: [...sentences,
          `Votre enregistrement n° ${n} est bien relié par son chemin d'empreintes à l'état du journal (${size}) que contient ce fichier.`,
          `Mais ce navigateur ne sait pas vérifier les signatures Ed25519 : ni la signature de ${controller} ni celles des témoins n'ont été vérifiées. Utilisez un navigateur récent, ou la commande garant décrite ci-dessous.`,
        ],
      };
    }
    sentences.push(`Le journal comptait alors ${size} ; sa signature a été vérifiée avec la clé de ${controller} publiée sur cette page.`);
    const quorum = Number(trust.quorum) || 0;
    const names = cosigned.map((c) => `${c.label} (${parisDate(new Date(c.time * 1000))})`).join(', ');
    if ((trust.witnesses || []).length === 0) {
      return {
        ...base, verdict: 'valid', code: 'ok', sentences,
        headline: `Cette preuve est valide : votre enregistrement n° ${n} est inclus dans le journal signé par ${controller}.`,
      };
    }
    if (cosigned.length >= quorum) {
      const first = new Date(Math.min(...cosigned.map((c) => c.time)) * 1000);
      sentences.push(`Témoins : ${names}. Chacun a vérifié que cet état du journal prolonge tous ceux qu'il avait vus : votre enregistrement ne peut pas en être retiré sans que cela se voie.`);
      return {
        ...base, verdict: 'valid', code: 'ok', sentences,
        headline: `Cette preuve est valide : votre enregistrement n° ${n} est inclus dans le journal signé par ${controller} et cosigné ${parisDate(first)} par ${plural(cosigned.length, 'témoin indépendant', 'témoins indépendants')} (${quorum} requis).`,
      };
    }
    sentences.push(`Les témoins n'ont pas encore cosigné cet état du journal : ${cosigned.length} cosignature(s) sur les ${quorum} requises${names ? ` (${names})` : ''}. Téléchargez une nouvelle preuve un peu plus tard.`);
    return {
      ...base, verdict: 'not-cosigned', code: 'quorum', sentences,
      headline: `Cette preuve est valide, mais pas encore cosignée : votre enregistrement n° ${n} est inclus dans le journal signé par ${controller}, que les témoins n'ont pas encore confirmé.`,
    };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    return { verdict: 'invalid', code: e.code, headline: 'Cette preuve n\u2019est pas valide.', sentences: [e.message] };
  }
}

// ---- the page ----

function trustFromPage(doc) {
  const box = doc.getElementById('proof-check');
  const witnesses = Array.from(doc.querySelectorAll('#proof-witnesses li[data-witness-key]'),
    (li) => ({ key: li.dataset.witnessKey, label: li.dataset.witnessLabel }));
  return {
    origin: box.dataset.origin,
    logKey: box.dataset.logKey,
    controller: box.dataset.controller,
    quorum: Number(box.dataset.quorum || 0),
    witnesses,
  };
}

function show(out, result) {
  out.replaceChildren();
  out.className = `proof-result proof-${result.verdict}`;
  const head = out.ownerDocument.createElement('p');
  const strong = out.ownerDocument.createElement('strong');
  strong.textContent = result.headline;
  head.append(strong);
  out.append(head);
  for (const s of result.sentences) {
    const p = out.ownerDocument.createElement('p');
    p.textContent = s;
    out.append(p);
  }
}

function init(doc) {
  const box = doc.getElementById('proof-check');
  const input = doc.getElementById('proof-file');
  const out = doc.getElementById('proof-result');
  // WebCrypto needs a secure context (https, or this machine): without it the
  // section stays hidden and the page explains the command.
  if (!box || !input || !out || !globalThis.crypto || !globalThis.crypto.subtle) return;
  box.hidden = false;
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    out.replaceChildren();
    if (!file) return;
    out.className = 'proof-result';
    out.textContent = 'Vérification en cours…';
    let result;
    try {
      const bytes = file.size > MAX_FILE
        ? new Uint8Array(MAX_FILE + 1)
        : new Uint8Array(await file.arrayBuffer());
      result = await verifyReceipt(bytes, trustFromPage(doc));
    } catch (e) {
      result = {
        verdict: 'invalid', code: 'error', headline: 'La vérification n\u2019a pas pu être faite.',
        sentences: [`Votre navigateur a rencontré une erreur (${e && e.message ? e.message : e}). Utilisez la commande garant décrite ci-dessous.`],
      };
    }
    show(out, result);
  });
}

if (typeof document !== 'undefined') init(document);
