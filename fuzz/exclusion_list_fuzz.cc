// Exclusion-list documents (docs/exclusion-lists.md §3-5), as a consumer or
// the publisher reads them. Invariants: a verified document parses to the
// same entries; a parsed list's entries, signed again
// with the fixed key, verify and give the same entries (nothing lost or
// invented between parsing and signing); a delta from the empty list rebuilds
// the list.
#include <sstream>

#include "fuzz_check.h"
#include "garant/consent/exclusion_list.h"

namespace consent = garant::consent;

namespace {

garant::crypto::Ed25519Seed Seed() {
  garant::crypto::Ed25519Seed seed{};
  seed.fill(5);
  return seed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view doc = garant::fuzz::AsText(data, size);
  static const garant::crypto::Ed25519PublicKeyBytes pub =
      *garant::crypto::Ed25519PublicFromSeed(Seed());
  const garant::TimePoint now = garant::FromUnixMicros(1'800'000'000'000'000);
  consent::VerifyOptions options{pub, now, std::nullopt};
  auto checked = consent::VerifyExclusionList(doc, options);
  auto list = consent::ParseExclusionList(doc);
  // What verifies parses the same (the seeds are signed with the fixed key).
  if (checked.ok()) {
    FUZZ_CHECK(list.ok() && list->tokens == checked->tokens && list->scopes == checked->scopes);
  }
  if (!list.ok()) return 0;
  for (const consent::ScopedToken& t : list->tokens) FUZZ_CHECK(t.scope < list->scopes.size());
  if (!consent::IsValidKeyId(list->header.pseudonym_key_id)) return 0;

  consent::ListContent content;
  content.version = list->header.version < 1 ? 1 : list->header.version;
  content.issued_at = now;
  content.expires_at = now + std::chrono::hours(24);
  content.pseudonym_key_id = list->header.pseudonym_key_id;
  for (const consent::ScopedToken& t : list->tokens) {
    content.entries.push_back({list->scopes[t.scope], t.token});
  }
  auto signed_doc = consent::SignExclusionList(content, Seed());
  if (!signed_doc.ok()) {
    // Only a scope the parser let through and the signer refuses.
    FUZZ_CHECK(signed_doc.status().code() == garant::Code::kInvalidArgument);
    return 0;
  }
  auto verified = consent::VerifyExclusionList(*signed_doc, options);
  FUZZ_CHECK(verified.ok());
  consent::ExclusionList empty;
  consent::ListDelta delta = consent::ComputeDelta(empty, *verified);
  FUZZ_CHECK(delta.removed.empty() && delta.added.size() == verified->tokens.size());
  auto rebuilt = consent::ApplyDelta(empty, delta, verified->header);
  FUZZ_CHECK(rebuilt.ok() && consent::VerifyParsedList(*rebuilt, options).ok());
  FUZZ_CHECK(rebuilt->tokens == verified->tokens && rebuilt->scopes == verified->scopes);
  return 0;
}
