#include "garant/consent/pseudonym.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/consent/identity.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {
namespace {

// Copies n bytes; short runs (the fields of a message) without a call to
// memcpy: two overlapping word copies cover 8..16 bytes, and so on down.
inline void CopyShort(char* dst, const char* src, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t head, tail;
    std::memcpy(&head, src, 8);
    std::memcpy(&tail, src + n - 8, 8);
    std::memcpy(dst, &head, 8);
    std::memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t head, tail;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + n - 4, 4);
    std::memcpy(dst, &head, 4);
    std::memcpy(dst + n - 4, &tail, 4);
  } else if (n < 4) {
    for (size_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    std::memcpy(dst, src, n);
  }
}

// Calls visit(message) for each message of `identity`, in canonical order,
// building each one in *buffer (whose storage is reused; only its first
// message.size() bytes are meaningful).
template <typename Visit>
void ForEachMessage(const NormalizedIdentity& identity, std::string* buffer, Visit visit) {
  size_t longest = kInsMessagePrefix.size() + (identity.ins ? identity.ins->size() : 0);
  size_t name_max = 0, given_max = 0;
  for (const std::string& name : identity.names) name_max = std::max(name_max, name.size());
  for (const std::string& given : identity.given_names)
    given_max = std::max(given_max, given.size());
  longest = std::max(longest, kTraitsMessagePrefix.size() + name_max + given_max +
                                  identity.birth_date.size() + identity.sex.size() + 3);
  if (buffer->size() < longest) buffer->resize(longest);
  char* const base = buffer->data();

  // "garant-v1|traits|" N "|" G "|" D "|" S
  std::memcpy(base, kTraitsMessagePrefix.data(), kTraitsMessagePrefix.size());
  for (const std::string& name : identity.names) {
    char* after_name = base + kTraitsMessagePrefix.size();
    CopyShort(after_name, name.data(), name.size());
    after_name += name.size();
    *after_name++ = '|';
    for (const std::string& given : identity.given_names) {
      char* w = after_name;
      CopyShort(w, given.data(), given.size());
      w += given.size();
      *w++ = '|';
      CopyShort(w, identity.birth_date.data(), identity.birth_date.size());
      w += identity.birth_date.size();
      *w++ = '|';
      CopyShort(w, identity.sex.data(), identity.sex.size());
      w += identity.sex.size();
      visit(std::string_view(base, static_cast<size_t>(w - base)));
    }
  }
  if (identity.ins.has_value()) {
    std::memcpy(base, kInsMessagePrefix.data(), kInsMessagePrefix.size());
    CopyShort(base + kInsMessagePrefix.size(), identity.ins->data(), identity.ins->size());
    visit(std::string_view(base, kInsMessagePrefix.size() + identity.ins->size()));
  }
}

}  // namespace

std::vector<std::string> TokenMessages(const NormalizedIdentity& identity) {
  std::vector<std::string> messages;
  std::string buffer;
  ForEachMessage(identity, &buffer, [&messages](std::string_view m) { messages.emplace_back(m); });
  return messages;
}

std::vector<std::string> ComputeTokens(const PseudonymKey& key,
                                       const NormalizedIdentity& identity) {
  std::vector<std::string> tokens;
  for (const std::string& message : TokenMessages(identity)) {
    tokens.push_back(HexEncode(crypto::HmacSha256(key, AsBytes(message))));
  }
  return tokens;
}

Result<std::vector<std::string>> ComputeTokens(const PseudonymKey& key,
                                               const IdentityTraits& traits, int current_year) {
  GARANT_ASSIGN_OR_RETURN(NormalizedIdentity identity, NormalizeIdentity(traits, current_year));
  return ComputeTokens(key, identity);
}

Pseudonymizer::Pseudonymizer(const PseudonymKey& key) : hmac_(key) {}

void Pseudonymizer::AppendDigests(const NormalizedIdentity& identity,
                                  std::vector<crypto::Digest>* out) {
  ForEachMessage(identity, &message_,
                 [this, out](std::string_view m) { out->push_back(hmac_.Mac(m)); });
}

TokenSet Pseudonymizer::Tokens(const NormalizedIdentity& identity) {
  TokenSet set;
  ForEachMessage(identity, &message_, [this, &set](std::string_view m) {
    set.tokens.push_back(HexEncode(hmac_.Mac(m)));
  });
  return set;
}

Result<TokenSet> Pseudonymizer::Tokens(const IdentityTraits& traits, int current_year) {
  GARANT_ASSIGN_OR_RETURN(NormalizedIdentity identity, NormalizeIdentity(traits, current_year));
  return Tokens(identity);
}

}  // namespace garant::consent
