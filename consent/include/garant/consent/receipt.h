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
// The code is stored as a verifier sealed under the encryption key (see
// CodeVerifier below; sql/0033): a fast hash, not a slow KDF, because the
// code is random (60 bits, not a chosen password) and the sealing key is held
// outside the database, so a dump of the table alone gives nothing to search;
// online guessing is throttled by the server. Binding the reference makes a
// verifier useless for any other row. Sealed rather than keyed, so that a
// rotation of the encryption key re-seals it like the traits and the code
// keeps working once the previous key is gone (a keyed hash cannot be
// re-keyed without the code). Rows written before sql/0033 hold
// HMAC-SHA-256(code_key, "garant-receipt-code-v1|" + reference + "|" + code)
// in clear (HashCode) until used or wrapped by a rotation (WrapCodeHash).
//
// Pure functions except where a Random is injected. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// The sealed verifier's plaintext (sealed by the objection store under the
// encryption key, AAD "garant-objection-code-v1|" + objection id):
//   0x02 || SHA-256("garant-receipt-code-v2|" + reference + "|" + code)
//        a code given, or last used, since sql/0033;
//   0x01 || hash || key [|| key]
//        a former clear HashCode hash wrapped by a rotation, with the
//        receipt-code key(s) it may have been made with (two for a legacy
//        hash while a previous key is configured): the code was never seen
//        there, so it could not be hashed again. Written as 0x02 when next
//        used. The keys are receipt-code keys only (HKDF purpose keys, or
//        the legacy HMAC one), never a master: knowing them opens nothing
//        else, and they are only readable with the current sealing key.
inline constexpr uint8_t kCodeVerifierDigest = 0x02;
inline constexpr uint8_t kCodeVerifierWrappedHash = 0x01;

// The 0x02 verifier of a canonical (reference, code) pair (33 bytes).
Bytes CodeVerifier(std::string_view reference, std::string_view code);
// The 0x01 verifier of a stored HashCode hash and its candidate keys (1 or 2).
// kInvalidArgument when the hash is not 32 bytes or there is no key or more
// than two.
Result<Bytes> WrapCodeHash(ByteView hash, const std::vector<ReceiptCodeKey>& keys);
// Whether `code` (canonical) matches `verifier` for `reference`: every
// candidate is computed, comparisons in constant time. False for a malformed
// verifier.
bool VerifyCodeAgainst(ByteView verifier, std::string_view reference, std::string_view code);
// Whether `verifier` is of the 0x02 form (nothing to re-write when used).
bool IsDigestVerifier(ByteView verifier);

// The legacy code-hash key (key id 0, codes hashed before key ids existed):
// HMAC-SHA-256(encryption_key, "garant-receipt-code-key-v1"). New codes are
// hashed under crypto::KeyRing::receipt_code_key() (HKDF, "garant-v1|receipt-code").
ReceiptCodeKey DeriveReceiptCodeKey(const crypto::Aes256Key& encryption_key);

}  // namespace garant::consent
