#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/corpus/<target>/), so that
each target starts from valid inputs and mutates from there. Deterministic:
running it again rewrites the same files. Needs python3-cryptography (Ed25519)
only to regenerate; the seeds themselves are committed.

The signed seeds (notes, tlog-proofs, exclusion lists) are signed with the
fuzz targets' fixed keys (seed bytes all 7, 9 and 5), so the fuzzer starts
past the signature checks."""
import base64
import hashlib
import json
import os
import struct

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
EM_DASH = "\u2014"


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def key(fill):
    k = Ed25519PrivateKey.from_private_bytes(bytes([fill]) * 32)
    pub = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return k, pub


def sign_note(text, name, fill):
    k, pub = key(fill)
    key_id = hashlib.sha256(name.encode() + b"\n\x01" + pub).digest()[:4]
    sig = base64.b64encode(key_id + k.sign(text.encode())).decode()
    return f"{text}\n{EM_DASH} {name} {sig}\n"


def leaf_hash(b):
    return hashlib.sha256(b"\x00" + b).digest()


def node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def b64(b):
    return base64.b64encode(b).decode()


def json_seeds():
    write("json", "objection", json.dumps({
        "birth_name": "DUPONT", "given_names": "Marie", "birth_date": "1985-03-14", "sex": "F",
        "scope": "all", "channel": "web"}))
    write("json", "nested", '{"a":{"b":[1,2,{"c":null}]},"d":true,"e":-12,"f":"\\u00e9\\ud83d\\ude00"}')
    write("json", "event_batch", '{"events":[{"type":"access.query","time":"2026-11-28T17:20:51Z",'
          '"object":"project/P-1","payload":{"rows":3}}]}')
    write("json", "numbers", '{"i":9223372036854775807,"j":1.0,"k":1e3,"l":-0,"m":"x\\u0000y"}')
    write("json", "empty", "{}")


def form_seeds():
    write("form", "login", "csrf_token=0123abcd&username=marie.dupont&password=s%C3%A9cret+mot")
    write("form", "objection", "birth_name=Dupont&given_names=Marie+Claire&birth_date=14%2F03%2F1985"
          "&sex=F&scope=all&confirm=oui")
    write("form", "odd", "a&&b=&=c&d=%2B%25&e=1&e=2")
    write("form", "path", "/api/v1/objections/R-7KD2-PQ/caf%C3%A9")


def norm_seeds():
    with open(os.path.join(HERE, "..", "docs", "pseudonymisation-v1-vectors.json")) as f:
        vectors = json.load(f)
    for i, v in enumerate(vectors["norm"]):
        write("norm", f"vector_{i:02d}", v["input"])
    for name, s in [("ligatures", "\ufb01lle \u0152uvre \u00c6sir Stra\u00dfe"),
                    ("combining", "e\u0301le\u0300ve"), ("greek", "\u0391\u03b8\u03b7\u03bd\u03b1"),
                    ("fullwidth", "\uff21\uff22\uff23"), ("dotless", "\u0131stanbul"),
                    ("date", "1985-03-14"), ("ins", "185032A12345678"), ("sex", "f")]:
        write("norm", name, s)


def leaf_seeds():
    write("leaf", "objection_created",
          "garant-audit-v1\nid 0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10\ntype objection.created\n"
          "time 2026-11-28T17:20:51.123456Z\nactor staff:42\nobject objection/R-7KD2-PQ\n\n"
          '{"channel":"web"}')
    write("leaf", "empty_object",
          "garant-audit-v1\nid 00000000-0000-4000-8000-000000000000\ntype access.query\n"
          "time 1970-01-01T00:00:00.000000Z\nactor service:warehouse-1\nobject \n\n{}")
    write("leaf", "time", "2026-11-28T17:20:51.123456Z")


def checkpoint(origin, size, root, extensions=()):
    return f"{origin}\n{size}\n{b64(root)}\n" + "".join(e + "\n" for e in extensions)


def note_seeds():
    origin = "fuzz.example/log"
    empty = hashlib.sha256(b"").digest()
    l0 = leaf_hash(b"a")
    write("note", "checkpoint_text_empty", checkpoint(origin, 0, empty))
    write("note", "checkpoint_text_ext", checkpoint(origin, 1, l0, ["ext line"]))
    write("note", "signed_checkpoint", sign_note(checkpoint(origin, 1, l0), origin, 7))
    write("note", "signed_other_key", sign_note(checkpoint(origin, 1, l0), "other.example", 8))
    _, pub = key(7)
    key_id = hashlib.sha256(origin.encode() + b"\n\x01" + pub).digest()[:4]
    encoded_key = b64(bytes([1]) + pub)
    write("note", "verifier_key", f"{origin}+{key_id.hex()}+{encoded_key}")


def tlog_proof_seeds():
    origin = "fuzz.example/log"
    leaves = [leaf_hash(b"a"), leaf_hash(b"b"), leaf_hash(b"c")]
    root = node(node(leaves[0], leaves[1]), leaves[2])
    note = sign_note(checkpoint(origin, 3, root), origin, 9)
    proof0 = [leaves[1], leaves[2]]
    write("tlog_proof", "index0",
          "c2sp.org/tlog-proof@v1\nindex 0\n" + "".join(b64(h) + "\n" for h in proof0) + "\n" + note)
    write("tlog_proof", "index2_extra",
          "c2sp.org/tlog-proof@v1\nextra " + b64(b"receipt R-7KD2-PQ") + "\nindex 2\n" +
          b64(node(leaves[0], leaves[1])) + "\n\n" + note)


def tile_seeds():
    for i, p in enumerate(["tile/0/000", "tile/0/x001/x234/067", "tile/1/005.p/17",
                           "tile/entries/007.p/3", "tile/entries/x001/000"]):
        write("tile", f"path_{i}", p)
    write("tile", "hash_tile", leaf_hash(b"a") + leaf_hash(b"b"))
    bundle = b"".join(struct.pack(">H", len(e)) + e for e in [b"first entry", b"", b"third"])
    write("tile", "entry_bundle", bundle)


def exclusion_list_seeds():
    k, pub = key(5)
    signing_key_id = hashlib.sha256(b"garant-signing-key-id|" + pub).hexdigest()[:8]
    pseudonym_key_id = hashlib.sha256(b"garant-pseudonym-key-id|" + b"\x03" * 32).hexdigest()[:8]

    def document(version, groups):
        entries = [(scope, t) for scope, tokens in groups for t in tokens]
        digest = hashlib.sha256("".join(f"{s} {t}\n" for s, t in entries).encode()).hexdigest()
        header = {"version": version, "issued_at": "2027-01-15T08:00:00.000000Z",
                  "expires_at": "2027-01-16T08:00:00.000000Z",
                  "pseudonym_key_id": pseudonym_key_id, "signing_key_id": signing_key_id,
                  "token_count": len(entries), "digest": digest}
        signed = ("garant-exclusion-list-v1\n" + "".join(f"{k} {v}\n" for k, v in header.items()))
        doc = {"format": "garant-exclusion-list-v1", **header,
               "scopes": [{"scope": s, "tokens": t} for s, t in groups],
               "signature": b64(k.sign(signed.encode()))}
        return json.dumps(doc, separators=(",", ":")) + "\n"

    t = sorted(hashlib.sha256(bytes([i])).hexdigest() for i in range(4))
    write("exclusion_list", "empty", document(1, []))
    write("exclusion_list", "two_scopes", document(42, [("all", t[:2]), ("project:PRJ-2026-001", t[2:])]))


def filter_record_seeds():
    write("filter_record", "record",
          '{"birth_name":"DUPONT","given_names":"Marie","birth_date":"1985-03-14","sex":"F",'
          '"visit":"2026-11-02","diagnosis":"J10"}')
    write("filter_record", "record_escapes",
          '{"birth_name":"\\u00c9LODIE","used_name":null,"given_names":"Jean-Christophe, Paul",'
          '"birth_date":"1985-00-00","sex":"m","ins":"185032A12345678","n":[1,{"x":-1.5e3}]}')
    # Streams: a first byte 0x00 (JSON Lines) or 0x01 (CSV), then the stream.
    write("filter_record", "stream_lines",
          '\x00{"birth_name":"A","given_names":"B","birth_date":"1990-01-01","sex":"I"}\r\n\n[1]\n{}\n')
    write("filter_record", "stream_csv",
          "\x01birth_name,given_names,birth_date,sex,visit\nDUPONT,Marie,1985-03-14,F,2026-11-02\n"
          '"D\'ARTAGNAN, Charles","Charles ""Ch""",1611-01-01,M,x\n')


if __name__ == "__main__":
    json_seeds()
    form_seeds()
    norm_seeds()
    leaf_seeds()
    note_seeds()
    tlog_proof_seeds()
    tile_seeds()
    exclusion_list_seeds()
    filter_record_seeds()
