// C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), the Ed25519
// "cosignature/v1" type: a witness's timestamped signature of a checkpoint.
//
//   signed message  = "cosignature/v1\n" "time <T>\n" <checkpoint note text>
//   signature line  = "— <witness name> base64(key id || u64 T (big-endian) || ed25519 sig)"
//   key id          = SHA-256(<name> || 0x0A || 0x04 || public key)[:4]
//   verifier key    = <name>+<8 hex of key id>+base64(0x04 || public key)
//   signer key      = PRIVATE+KEY+<name>+<8 hex>+base64(0x04 || 32-byte seed)
//
// A cosignature says: as of time T, the largest consistent tree the witness
// has seen for this origin has this root. The signed message does not name
// the witness, so one public key must serve one witness name only.
//
// Thread-safety: the signer and verifier are immutable values, safe to share.
// Errors: kInvalidArgument for malformed keys, text or lines; kDataLoss when
// a known witness's cosignature does not verify.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/note.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::witness {

inline constexpr uint8_t kSignatureTypeCosignatureV1 = 0x04;
inline constexpr std::string_view kCosignatureHeader = "cosignature/v1";
// The largest timestamp the spec allows (2^63 - 1).
inline constexpr uint64_t kMaxCosignatureTime = (uint64_t{1} << 63) - 1;

// The bytes an Ed25519 cosignature signs. `checkpoint_text` is the note text
// (ending in "\n", without signature lines).
std::string CosignedMessage(std::string_view checkpoint_text, uint64_t timestamp);

class CosignatureVerifier {
 public:
  static Result<CosignatureVerifier> Create(std::string name,
                                            const crypto::Ed25519PublicKeyBytes& public_key);
  // Parses "<name>+<hex8>+<base64(0x04 || public key)>", checking the key id.
  static Result<CosignatureVerifier> Parse(std::string_view verifier_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PublicKeyBytes& public_key() const { return public_key_; }
  std::string KeyString() const;
  // True when this signature line is by this witness (same name and key id).
  bool Matches(const audit::NoteSignature& signature) const {
    return signature.name == name_ && signature.key_id == key_id_;
  }
  // The timestamp of `signature` (the note signature without its key id:
  // 8-byte timestamp then 64-byte Ed25519 signature) when it is this
  // witness's cosignature of `checkpoint_text`; kDataLoss otherwise.
  Result<uint64_t> Verify(std::string_view checkpoint_text, ByteView signature) const;

 private:
  friend class CosignatureSigner;
  CosignatureVerifier() = default;
  std::string name_;
  uint32_t key_id_ = 0;
  crypto::Ed25519PublicKeyBytes public_key_{};
};

class CosignatureSigner {
 public:
  static Result<CosignatureSigner> Create(std::string name, const crypto::Ed25519Seed& seed);
  // Parses "PRIVATE+KEY+<name>+<hex8>+<base64(0x04 || seed)>", checking the key id.
  static Result<CosignatureSigner> Parse(std::string_view signer_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  CosignatureVerifier Verifier() const;
  // The secret key string (keep it in a 0600 file).
  std::string KeyString() const;
  // Cosigns checkpoint note text at `timestamp` (kInvalidArgument for text
  // that is not valid note text or a timestamp above kMaxCosignatureTime).
  Result<audit::NoteSignature> Sign(std::string_view checkpoint_text, uint64_t timestamp) const;

 private:
  CosignatureSigner() = default;
  std::string name_;
  uint32_t key_id_ = 0;
  crypto::Ed25519PublicKeyBytes public_key_{};
  crypto::Ed25519Seed seed_{};
};

// A cosignature that verified, by the witness of that name.
struct VerifiedCosignature {
  std::string witness;
  uint64_t timestamp = 0;
};

// The cosignatures of known witnesses on a signed note (a checkpoint with
// the log's signature and any number of cosignatures). Lines of unknown keys
// are ignored; a known witness's line that does not verify is kDataLoss; a
// witness that signed twice counts once (its latest timestamp).
Result<std::vector<VerifiedCosignature>> VerifyCosignatures(
    std::string_view note, std::span<const CosignatureVerifier> witnesses);

}  // namespace garant::witness
