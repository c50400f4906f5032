// Pseudonymous tokens of Pseudonymisation v1 (docs/pseudonymisation-v1.md).
//
// A token is lowercase hex(HMAC-SHA-256(K, message)) under the 32-byte
// pseudonymisation key K. The messages of an identity, in this canonical order:
//   for N in names (N1, then N2):  for G in given names (G1, then G2):
//       "garant-v1|traits|" N "|" G "|" D "|" S
//   then, with an INS:
//       "garant-v1|ins|" + the 15 uppercase characters
// so 1, 2 or 4 traits tokens, plus 1 with an INS; at most kMaxTokensPerIdentity.
// The messages are pairwise different (N and G hold only A-Z and spaces, so
// "|" cannot occur inside a field), hence so are the tokens.
//
// An objection publishes all its tokens; a record is excluded when any of its
// tokens is on the list.
//
// Thread-safety: the free functions are thread-safe. A Pseudonymizer is used by
// one thread at a time (make one per thread). The key is a secret: callers
// own its storage and its wiping; a Pseudonymizer keeps only the prepared
// HMAC state.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "garant/consent/identity.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {

// The pseudonymisation key K.
using PseudonymKey = std::array<uint8_t, 32>;

inline constexpr std::string_view kTraitsMessagePrefix = "garant-v1|traits|";
inline constexpr std::string_view kInsMessagePrefix = "garant-v1|ins|";
inline constexpr size_t kMaxTokensPerIdentity = 5;  // 2 names x 2 given names + INS

// The messages of `identity`, in canonical order (see above).
std::vector<std::string> TokenMessages(const NormalizedIdentity& identity);

// The tokens of `identity`, in canonical order: lowercase hex, 64 characters.
std::vector<std::string> ComputeTokens(const PseudonymKey& key, const NormalizedIdentity& identity);

// NormalizeIdentity, then the tokens. Fails (kInvalidArgument, message
// "<field>: ...") on invalid traits; no token is produced for an invalid
// identity.
Result<std::vector<std::string>> ComputeTokens(const PseudonymKey& key,
                                               const IdentityTraits& traits, int current_year);

// The tokens of one identity, lowercase hex, in canonical order.
struct TokenSet {
  std::vector<std::string> tokens;

  friend bool operator==(const TokenSet&, const TokenSet&) = default;
};

// The fast path for bulk tokenisation (the ingestion filter): the HMAC key
// schedule is prepared once, the message buffer reused, and AppendDigests
// allocates nothing once `out` has capacity. Same results as ComputeTokens.
// Move-only (it owns an HmacSha256Keyed); one thread at a time.
class Pseudonymizer {
 public:
  explicit Pseudonymizer(const PseudonymKey& key);

  // Appends the raw 32-byte tokens of `identity`, in canonical order, to *out.
  void AppendDigests(const NormalizedIdentity& identity, std::vector<crypto::Digest>* out);

  TokenSet Tokens(const NormalizedIdentity& identity);
  // NormalizeIdentity, then Tokens; the same errors as ComputeTokens.
  Result<TokenSet> Tokens(const IdentityTraits& traits, int current_year);

 private:
  crypto::HmacSha256Keyed hmac_;
  std::string message_;  // reused buffer
};

}  // namespace garant::consent
