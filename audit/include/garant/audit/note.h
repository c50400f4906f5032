// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures,
// compatible with Go's golang.org/x/mod/sumdb/note (see audit/DESIGN.md).
//
//   <text, ending in \n>
//   \n
//   — <key name> <base64(key id (4 bytes, big-endian) || signature)>\n   (one or more)
//
// key id = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
// verifier key string: <name>+<8 hex digits of key id>+<base64(0x01 || public key)>
// signer key string:   PRIVATE+KEY+<name>+<8 hex>+<base64(0x01 || 32-byte seed)> (Go's format)
//
// Thread-safety: NoteSigner and NoteVerifier are immutable values, safe to
// share between threads. Errors: kInvalidArgument for malformed keys or
// notes; OpenNote fails with kDataLoss when a known key's signature does not
// verify and kUnauthenticated when no known key signed the note.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::audit {

inline constexpr uint8_t kSignatureTypeEd25519 = 0x01;
inline constexpr std::string_view kEmDash = "\xE2\x80\x94";  // U+2014
// Limits a verifier applies (the spec asks for at least 16 signatures).
inline constexpr size_t kMaxNoteSignatures = 100;
inline constexpr size_t kMaxNoteSize = 1 << 20;

// Non-empty, valid UTF-8, no Unicode space, no '+', no control character.
bool IsValidKeyName(std::string_view name);
// SHA-256(name || 0x0A || signature_type || public_key)[:4], big-endian.
uint32_t NoteKeyId(std::string_view name, uint8_t signature_type, ByteView public_key);

// A note key string's parts: "<name>+<hex8 key id>+<base64(type || 32 bytes)>", the format of
// verifier keys (32 bytes = public key) and, after the "PRIVATE+KEY+" prefix, of signer keys
// (32 bytes = Ed25519 seed). Shared by the log's keys (type 0x01) and the witnesses' cosignature
// keys (type 0x04, garant/witness/cosignature.h).
inline constexpr std::string_view kSignerKeyPrefix = "PRIVATE+KEY+";
struct TypedKey {
  std::string name;
  uint32_t key_id = 0;
  uint8_t type = 0;
  std::array<uint8_t, 32> key{};
};
// Splits and decodes a key string. Checks the shape only (two '+', 8 hex digits, base64 of
// exactly 33 bytes); the caller checks the type, the name and that the key id matches.
// kInvalidArgument otherwise, with a message that never echoes the key material.
Result<TypedKey> ParseTypedKey(std::string_view key_string);
// The key string of `name`, `key_id`, `type` and 32-byte `key` (the inverse of ParseTypedKey).
std::string FormatTypedKey(std::string_view name, uint32_t key_id, uint8_t type, ByteView key);

struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  Bytes signature;  // the algorithm's signature, without the key id
  friend bool operator==(const NoteSignature&, const NoteSignature&) = default;
};

struct Note {
  std::string text;  // ends with "\n"
  std::vector<NoteSignature> signatures;
};

// Splits a signed note into text and signature lines (syntax only: nothing
// is verified). The text ends at the last blank line.
Result<Note> ParseNote(std::string_view message);
// The note as text: text, blank line, one line per signature.
Result<std::string> FormatNote(const Note& note);
// "— <name> <base64(key id || signature)>\n"
std::string FormatSignatureLine(const NoteSignature& signature);

class NoteVerifier {
 public:
  static Result<NoteVerifier> Ed25519(std::string name,
                                      const crypto::Ed25519PublicKeyBytes& public_key);
  // Parses "<name>+<hex8>+<base64(0x01 || public key)>", checking the key id.
  static Result<NoteVerifier> Parse(std::string_view verifier_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PublicKeyBytes& public_key() const { return public_key_; }
  // The verifier key string (what GET /api/v1/audit/public-key returns).
  std::string KeyString() const;
  // True when `signature` (without key id) is this key's signature of `text`.
  bool Verify(std::string_view text, ByteView signature) const;

 private:
  friend class NoteSigner;
  NoteVerifier() = default;
  std::string name_;
  uint32_t key_id_ = 0;
  crypto::Ed25519PublicKeyBytes public_key_{};
};

class NoteSigner {
 public:
  static Result<NoteSigner> Ed25519(std::string name, const crypto::Ed25519Seed& seed);
  // Parses "PRIVATE+KEY+<name>+<hex8>+<base64(0x01 || seed)>", checking the key id.
  static Result<NoteSigner> Parse(std::string_view signer_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PublicKeyBytes& public_key() const { return public_key_; }
  NoteVerifier Verifier() const;
  // The secret signer key string: keep it in a file readable by garantd only.
  std::string KeyString() const;
  // Signs note text (it must be valid note text, see SignNote).
  Result<NoteSignature> Sign(std::string_view text) const;

 private:
  NoteSigner() = default;
  std::string name_;
  uint32_t key_id_ = 0;
  crypto::Ed25519PublicKeyBytes public_key_{};
  crypto::Ed25519Seed seed_{};
};

// Checks note text: non-empty, ends in "\n", valid UTF-8, no control
// character other than "\n".
Status ValidateNoteText(std::string_view text);
// The signed note: text, blank line, one signature line per signer.
Result<std::string> SignNote(std::string_view text, std::span<const NoteSigner> signers);

struct OpenedNote {
  std::string text;
  std::vector<NoteSignature> verified;  // by known keys
  std::vector<NoteSignature> unknown;   // ignored: no known key has this (name, id)
};
// Parses and verifies a signed note. Signatures by unknown keys are ignored;
// a failed signature by a known key rejects the note (kDataLoss); at least one
// known key must have signed (kUnauthenticated otherwise).
Result<OpenedNote> OpenNote(std::string_view message, std::span<const NoteVerifier> verifiers);

}  // namespace garant::audit
