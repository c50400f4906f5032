// The keys derived from the master secret (encryption_key_file), one per
// purpose, by HKDF-SHA-256 (RFC 5869), and the key ring that seals under the
// current master and opens what any known master sealed (docs/security.md,
// "Key derivation").
//
// Key ids, stored beside every sealed value and every receipt-code hash:
//   0 (kLegacyKeyId)  written before the derivation existed: sealed directly
//                     under a master secret, receipt codes under
//                     HMAC-SHA-256(master, "garant-receipt-code-key-v1");
//                     opened by trying the current master, then the previous;
//   1..2^31-1         KeyIdOf(master): the first 4 bytes (big-endian, top bit
//                     cleared, 0 read as 1) of HKDF(master, "garant-v1|key-id").
//                     A fingerprint: it names the master without revealing it.
//
// Thread-safety: free functions and const methods are thread-safe.
// Errors: Open fails with kDataLoss (unknown key id, wrong key, altered data).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::crypto {

using MasterSecret = std::array<uint8_t, 32>;

// HKDF-SHA-256 (RFC 5869) by OpenSSL's EVP_KDF "HKDF": extract with `salt`
// (empty: HashLen zero bytes), expand with `info` to `length` bytes
// (1..8160; a programming error otherwise: aborts).
Bytes HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length);

// The info labels, one per purpose. Never reuse one for another purpose.
inline constexpr std::string_view kLabelSeal = "garant-v1|seal";
inline constexpr std::string_view kLabelReceiptCode = "garant-v1|receipt-code";
inline constexpr std::string_view kLabelKeyId = "garant-v1|key-id";
inline constexpr std::string_view kLabelAnonymousCsrf = "garant-v1|anon-csrf";
// The legacy receipt-code key's HMAC message (key id 0).
inline constexpr std::string_view kLegacyReceiptCodeDomain = "garant-receipt-code-key-v1";

inline constexpr int32_t kLegacyKeyId = 0;

// HKDF-SHA-256(master, no salt, label) as 32 bytes.
std::array<uint8_t, 32> DeriveKey(const MasterSecret& master, std::string_view label);
// The key id of a master secret (see above); never kLegacyKeyId.
int32_t KeyIdOf(const MasterSecret& master);

// What one sealing produced: the key id to store beside the bytes.
struct Sealed {
  int32_t key_id = kLegacyKeyId;
  Bytes bytes;  // nonce || ciphertext || tag (Aes256GcmSeal)
};

// The current master secret and, during a rotation, the previous one.
// Copyable value; the default-constructed ring holds an all-zero master (for
// tests and placeholders only; LoadKeys builds the real one).
class KeyRing {
 public:
  KeyRing() : KeyRing(MasterSecret{}) {}
  explicit KeyRing(const MasterSecret& current,
                   const std::optional<MasterSecret>& previous = std::nullopt);

  int32_t current_id() const { return current_.id; }
  std::optional<int32_t> previous_id() const;
  bool has_previous() const { return previous_.has_value(); }

  // AES-256-GCM under the current sealing key.
  Sealed Seal(ByteView plaintext, ByteView aad) const;
  // Opens `sealed` written under `key_id`: the current or previous derived
  // key, or for kLegacyKeyId the current then the previous master itself.
  // kDataLoss for an unknown key id, a wrong key or altered bytes.
  Result<Bytes> Open(int32_t key_id, ByteView sealed, ByteView aad) const;

  // The receipt-code HMAC key under which new codes are hashed.
  const std::array<uint8_t, 32>& receipt_code_key() const { return current_.receipt_code; }
  // The keys a code hash stored with `key_id` may have been made with (none
  // for an unknown id; two for a legacy hash while a previous master is set).
  std::vector<std::array<uint8_t, 32>> ReceiptCodeKeys(int32_t key_id) const;

  // A key for another purpose, from the current master (HKDF, `label`).
  std::array<uint8_t, 32> Derive(std::string_view label) const;

 private:
  struct Derived {
    MasterSecret master{};
    int32_t id = 0;
    Aes256Key seal{};
    std::array<uint8_t, 32> receipt_code{};
  };
  static Derived Make(const MasterSecret& master);
  Derived current_;
  std::optional<Derived> previous_;
};

// How a re-sealing pass (garant keys rotate-encryption) runs: rows are
// re-sealed `batch` at a time, one transaction per batch; after each commit
// `after_batch` (when set) gets the number re-sealed so far, and an error it
// returns stops the pass there (tests use it to stop half-way, as a kill
// would: the committed batches stay, the next pass does the rest).
struct ResealOptions {
  int batch = 200;
  std::function<Status(int64_t resealed_so_far)> after_batch;
};

// A re-sealing pass: `one_batch(options.batch)` re-seals up to that many
// rows in one transaction and returns how many it did; it runs until it
// does none, with options.after_batch after each. Returns the total.
// kInvalidArgument (nothing run) for a batch size below 1; the first error
// of a batch or of after_batch stops the pass there.
Result<int64_t> ResealInBatches(const ResealOptions& options,
                                const std::function<Result<int64_t>(int batch)>& one_batch);

}  // namespace garant::crypto
