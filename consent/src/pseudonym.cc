#include "garant/consent/pseudonym.h"

#include <string>
#include <utility>
#include <vector>

#include "garant/consent/identity.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {
namespace {

// Calls visit(message) for each message of `identity`, in canonical order,
// building each one in *buffer (whose capacity is reused).
template <typename Visit>
void ForEachMessage(const NormalizedIdentity& identity, std::string* buffer, Visit visit) {
  for (const std::string& name : identity.names) {
    for (const std::string& given : identity.given_names) {
      buffer->assign(kTraitsMessagePrefix);
      buffer->append(name);
      buffer->push_back('|');
      buffer->append(given);
      buffer->push_back('|');
      buffer->append(identity.birth_date);
      buffer->push_back('|');
      buffer->append(identity.sex);
      visit(*buffer);
    }
  }
  if (identity.ins.has_value()) {
    buffer->assign(kInsMessagePrefix);
    buffer->append(*identity.ins);
    visit(*buffer);
  }
}

}  // namespace

std::vector<std::string> TokenMessages(const NormalizedIdentity& identity) {
  std::vector<std::string> messages;
  std::string buffer;
  ForEachMessage(identity, &buffer, [&messages](const std::string& m) { messages.push_back(m); });
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
                 [this, out](const std::string& m) { out->push_back(hmac_.Mac(m)); });
}

TokenSet Pseudonymizer::Tokens(const NormalizedIdentity& identity) {
  TokenSet set;
  ForEachMessage(identity, &message_, [this, &set](const std::string& m) {
    set.tokens.push_back(HexEncode(hmac_.Mac(m)));
  });
  return set;
}

Result<TokenSet> Pseudonymizer::Tokens(const IdentityTraits& traits, int current_year) {
  GARANT_ASSIGN_OR_RETURN(NormalizedIdentity identity, NormalizeIdentity(traits, current_year));
  return Tokens(identity);
}

}  // namespace garant::consent
