// Receipts of objections: the reference a person reads over the phone and the
// secret code shown once (docs/objections.md, "Receipts").
//
//   reference  "OPP-" + 4 + "-" + 4 Crockford base32 characters (40 random bits),
//              e.g. "OPP-7K3M-9QXD";
//   code       12 Crockford base32 characters (60 random bits), shown in groups
//              of four: "4F7Q-ZT2M-8XKD".
//
// Crockford's alphabet (0-9 A-Z without I, L, O, U) has no ambiguous pair; on
// input, lowercase is accepted, I and L read as 1, O as 0, and spaces and
// hyphens are ignored, so what a person types or dictates still matches.
//
// The code is stored as HMAC-SHA-256(code_key, "garant-receipt-code-v1|" +
// reference + "|" + code): a fast keyed hash, not a slow KDF, because the code
// is random (60 bits, not a chosen password) and the key is held outside the
// database, so a dump of the table alone gives nothing to search; online
// guessing is throttled by the server. Binding the reference makes a hash
// useless for any other row.
//
// Pure functions except where a Random is injected. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "garant/core/crypto.h"
#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::consent {

inline constexpr std::string_view kCrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::string_view kReferencePrefix = "OPP-";
inline constexpr size_t kReferenceLength = 13;  // "OPP-XXXX-XXXX"
inline constexpr size_t kCodeSymbols = 12;
inline constexpr size_t kCodeLength = 14;  // "XXXX-XXXX-XXXX"

// The key of the code hashes (32 bytes, secret).
using ReceiptCodeKey = std::array<uint8_t, 32>;

// A new random reference, canonical form.
std::string NewReference(Random& random);
// A new random code, canonical form (grouped).
std::string NewCode(Random& random);

// The canonical form of a typed reference ("opp 7k3m 9qxd" -> "OPP-7K3M-9QXD";
// the "OPP" prefix may be omitted). kInvalidArgument when it cannot be one.
Result<std::string> CanonicalReference(std::string_view typed);
// The canonical form of a typed code. kInvalidArgument when it cannot be one.
Result<std::string> CanonicalCode(std::string_view typed);

// The stored hash of a canonical (reference, code) pair.
crypto::Digest HashCode(const ReceiptCodeKey& key, std::string_view reference,
                        std::string_view code);
// Whether `code` (canonical) matches `stored` for `reference`; constant time
// in the content of the digests.
bool VerifyCode(const ReceiptCodeKey& key, std::string_view reference, std::string_view code,
                ByteView stored);

// The legacy code-hash key (key id 0, codes hashed before key ids existed):
// HMAC-SHA-256(encryption_key, "garant-receipt-code-key-v1"). New codes are
// hashed under crypto::KeyRing::receipt_code_key() (HKDF, "garant-v1|receipt-code").
ReceiptCodeKey DeriveReceiptCodeKey(const crypto::Aes256Key& encryption_key);

}  // namespace garant::consent
