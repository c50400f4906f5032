// The exclusion-list document: signing, canonical bytes, digest, verification
// (docs/exclusion-lists.md). Parsing is in exclusion_list_parse.cc.
#include "garant/consent/exclusion_list.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "exclusion_list_internal.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

constexpr std::array<std::string_view, 10> kProblemNames = {
    "malformed",     "unsupported_format", "wrong_signing_key", "bad_signature",
    "bad_token",     "count_mismatch",     "digest_mismatch",   "expired",
    "not_yet_valid", "wrong_pseudonym_key"};

std::string KeyId(std::string_view domain, ByteView key) {
  crypto::Sha256Hasher h;
  h.Update(domain);
  h.Update(key);
  crypto::Digest d = h.Finish();
  return HexEncode(ByteView(d.data(), 4));
}

bool IsLowerHex(std::string_view s, size_t len) {
  return s.size() == len && IsHex(s, HexCase::kLower);
}

bool IsCanonicalTime(std::string_view s, TimePoint* out) {
  return ParseRfc3339(s, out) && FormatRfc3339Utc(*out) == s;
}

// Entries in canonical order, duplicates removed.
void Canonicalise(const std::vector<ListContent::Entry>& entries, std::vector<std::string>* scopes,
                  std::vector<ScopedToken>* tokens) {
  scopes->clear();
  for (const auto& e : entries) scopes->push_back(e.scope);
  std::sort(scopes->begin(), scopes->end());
  scopes->erase(std::unique(scopes->begin(), scopes->end()), scopes->end());
  tokens->clear();
  tokens->reserve(entries.size());
  for (const auto& e : entries) {
    auto it = std::lower_bound(scopes->begin(), scopes->end(), e.scope);
    tokens->push_back({e.token, static_cast<uint32_t>(it - scopes->begin())});
  }
  std::sort(tokens->begin(), tokens->end(), internal::CanonicalLess);
  tokens->erase(std::unique(tokens->begin(), tokens->end()), tokens->end());
}

void AppendJsonString(std::string* out, std::string_view s) {
  // Only ever called with scopes, hex, base64 and canonical times: nothing to escape.
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

}  // namespace

bool IsValidKeyId(std::string_view key_id) { return IsLowerHex(key_id, 8); }

namespace internal {

Status Refuse(ListProblem p, std::string_view detail) {
  const Code code = (p == ListProblem::kUnsupportedFormat || p == ListProblem::kWrongSigningKey ||
                     p == ListProblem::kExpired || p == ListProblem::kNotYetValid ||
                     p == ListProblem::kWrongPseudonymKey)
                        ? Code::kFailedPrecondition
                        : Code::kDataLoss;
  return Status(code, std::string(ListProblemName(p)) + ": " + std::string(detail))
      .WithReason(ListProblemName(p));
}

}  // namespace internal

std::string_view ListProblemName(ListProblem p) { return kProblemNames[static_cast<size_t>(p)]; }

std::optional<ListProblem> ProblemOf(const Status& st) {
  if (st.ok() || st.reason().empty()) return std::nullopt;
  for (size_t i = 0; i < kProblemNames.size(); ++i) {
    if (st.reason() == kProblemNames[i]) return static_cast<ListProblem>(i);
  }
  return std::nullopt;
}

std::string ListPseudonymKeyId(ByteView pseudonym_key) {
  return KeyId("garant-pseudonym-key-id|", pseudonym_key);
}

std::string SigningKeyId(const crypto::Ed25519PublicKeyBytes& public_key) {
  return KeyId("garant-signing-key-id|", public_key);
}

bool IsValidScope(std::string_view scope) {
  if (scope == kListScopeAll || scope == kListScopeProfessional) return true;
  if (!scope.starts_with(kListScopeProjectPrefix)) return false;
  std::string_view ref = scope.substr(kListScopeProjectPrefix.size());
  if (ref.empty() || ref.size() > kMaxProjectRefLength) return false;
  auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (!alnum(ref[0])) return false;
  return std::all_of(ref.begin(), ref.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

std::string ProjectScope(std::string_view project_ref) {
  return std::string(kListScopeProjectPrefix) + std::string(project_ref);
}

std::string SignedBytes(const ListHeader& h) {
  std::string s;
  s.reserve(256);
  s.append(kExclusionListFormat).append("\n");
  s.append("version ").append(std::to_string(h.version)).append("\n");
  s.append("issued_at ").append(h.issued_at).append("\n");
  s.append("expires_at ").append(h.expires_at).append("\n");
  s.append("pseudonym_key_id ").append(h.pseudonym_key_id).append("\n");
  s.append("signing_key_id ").append(h.signing_key_id).append("\n");
  s.append("token_count ").append(std::to_string(h.token_count)).append("\n");
  s.append("digest ").append(h.digest).append("\n");
  return s;
}

std::string EntriesDigest(const std::vector<std::string>& scopes,
                          const std::vector<ScopedToken>& tokens) {
  crypto::Sha256Hasher hasher;
  std::string buffer;
  constexpr size_t kFlushAt = 1 << 16;
  buffer.reserve(kFlushAt + 256);
  for (const ScopedToken& t : tokens) {
    buffer.append(scopes[t.scope]);
    buffer.push_back(' ');
    AppendHex(&buffer, t.token);
    buffer.push_back('\n');
    if (buffer.size() >= kFlushAt) {
      hasher.Update(buffer);
      buffer.clear();
    }
  }
  hasher.Update(buffer);
  crypto::Digest d = hasher.Finish();
  return HexEncode(d);
}

Result<std::string> SignExclusionList(const ListContent& content,
                                      const crypto::Ed25519Seed& signing_seed,
                                      ListHeader* header_out) {
  if (content.version < 1) return Status::InvalidArgument("version must be >= 1");
  if (content.expires_at <= content.issued_at) {
    return Status::InvalidArgument("expires_at must be after issued_at");
  }
  if (!IsLowerHex(content.pseudonym_key_id, 8)) {
    return Status::InvalidArgument("pseudonym key id must be 8 lowercase hex digits");
  }
  for (const auto& e : content.entries) {
    if (!IsValidScope(e.scope)) return Status::InvalidArgument("invalid scope in list entries");
  }
  ExclusionList list;
  Canonicalise(content.entries, &list.scopes, &list.tokens);
  GARANT_ASSIGN_OR_RETURN(crypto::Ed25519PublicKeyBytes pub,
                          crypto::Ed25519PublicFromSeed(signing_seed));
  ListHeader& h = list.header;
  h.version = content.version;
  h.issued_at = FormatRfc3339Utc(content.issued_at);
  h.expires_at = FormatRfc3339Utc(content.expires_at);
  h.pseudonym_key_id = content.pseudonym_key_id;
  h.signing_key_id = SigningKeyId(pub);
  h.token_count = static_cast<int64_t>(list.tokens.size());
  h.digest = EntriesDigest(list.scopes, list.tokens);
  GARANT_ASSIGN_OR_RETURN(crypto::Ed25519Signature sig,
                          crypto::Ed25519Sign(signing_seed, AsBytes(SignedBytes(h))));
  h.signature = Base64Encode(sig);
  if (header_out != nullptr) *header_out = h;
  return WriteDocument(list);
}

Result<std::string> RebuildExclusionList(const ListHeader& header,
                                         const std::vector<ListContent::Entry>& entries) {
  for (const auto& e : entries) {
    if (!IsValidScope(e.scope)) return Status::DataLoss("invalid scope in stored list entries");
  }
  ExclusionList list;
  Canonicalise(entries, &list.scopes, &list.tokens);
  list.header = header;
  if (static_cast<int64_t>(list.tokens.size()) != header.token_count) {
    return internal::Refuse(ListProblem::kCountMismatch,
                            "version " + std::to_string(header.version) + " lists " +
                                std::to_string(header.token_count) + " tokens, " +
                                std::to_string(list.tokens.size()) + " stored entries");
  }
  if (EntriesDigest(list.scopes, list.tokens) != header.digest) {
    return internal::Refuse(ListProblem::kDigestMismatch, "the stored entries of version " +
                                                              std::to_string(header.version) +
                                                              " do not have its digest");
  }
  return WriteDocument(list);
}

std::string WriteDocument(const ExclusionList& list) {
  const ListHeader& h = list.header;
  std::string out;
  out.reserve(512 + list.tokens.size() * 67 + list.scopes.size() * 96);
  out.append("{\"format\":");
  AppendJsonString(&out, kExclusionListFormat);
  out.append(",\"version\":").append(std::to_string(h.version));
  out.append(",\"issued_at\":");
  AppendJsonString(&out, h.issued_at);
  out.append(",\"expires_at\":");
  AppendJsonString(&out, h.expires_at);
  out.append(",\"pseudonym_key_id\":");
  AppendJsonString(&out, h.pseudonym_key_id);
  out.append(",\"signing_key_id\":");
  AppendJsonString(&out, h.signing_key_id);
  out.append(",\"token_count\":").append(std::to_string(h.token_count));
  out.append(",\"digest\":");
  AppendJsonString(&out, h.digest);
  out.append(",\"scopes\":[");
  size_t i = 0;
  for (uint32_t s = 0; s < list.scopes.size(); ++s) {
    if (s > 0) out.push_back(',');
    out.append("{\"scope\":");
    AppendJsonString(&out, list.scopes[s]);
    out.append(",\"tokens\":[");
    bool first = true;
    for (; i < list.tokens.size() && list.tokens[i].scope == s; ++i) {
      if (!first) out.push_back(',');
      first = false;
      out.push_back('"');
      AppendHex(&out, list.tokens[i].token);
      out.push_back('"');
    }
    out.append("]}");
  }
  out.append("],\"signature\":");
  AppendJsonString(&out, h.signature);
  out.append("}\n");
  return out;
}

Status VerifyParsedList(const ExclusionList& list, const VerifyOptions& options) {
  const ListHeader& h = list.header;
  const std::string expected_signer = SigningKeyId(options.verify_key);
  if (h.signing_key_id != expected_signer) {
    return internal::Refuse(ListProblem::kWrongSigningKey,
                            "the list is signed by key " + h.signing_key_id +
                                ", the verify key given is " + expected_signer);
  }
  auto sig = Base64Decode(h.signature);
  if (!sig.ok() || sig->size() != 64) {
    return internal::Refuse(ListProblem::kBadSignature, "the signature is not 64 bytes of base64");
  }
  crypto::Ed25519Signature signature;
  std::copy(sig->begin(), sig->end(), signature.begin());
  if (!crypto::Ed25519Verify(options.verify_key, AsBytes(SignedBytes(h)), signature)) {
    return internal::Refuse(ListProblem::kBadSignature,
                            "the signature does not verify: the header was altered or signed "
                            "by another key");
  }
  // Tokens: scopes valid, sorted, unique; tokens in canonical order.
  for (size_t i = 0; i < list.scopes.size(); ++i) {
    if (!IsValidScope(list.scopes[i])) {
      return internal::Refuse(ListProblem::kBadToken,
                              "invalid scope in group " + std::to_string(i));
    }
    if (i > 0 && !(list.scopes[i - 1] < list.scopes[i])) {
      return internal::Refuse(ListProblem::kBadToken,
                              "scopes not in canonical order at group " + std::to_string(i));
    }
  }
  for (size_t i = 0; i < list.tokens.size(); ++i) {
    if (list.tokens[i].scope >= list.scopes.size()) {
      return internal::Refuse(ListProblem::kBadToken,
                              "token " + std::to_string(i) + " refers to no scope");
    }
    if (i > 0 && !internal::CanonicalLess(list.tokens[i - 1], list.tokens[i])) {
      return internal::Refuse(ListProblem::kBadToken,
                              "tokens not in canonical order (or repeated) "
                              "at token " +
                                  std::to_string(i));
    }
  }
  if (h.token_count != static_cast<int64_t>(list.tokens.size())) {
    return internal::Refuse(ListProblem::kCountMismatch,
                            "token_count says " + std::to_string(h.token_count) +
                                ", the list holds " + std::to_string(list.tokens.size()) +
                                " tokens");
  }
  if (EntriesDigest(list.scopes, list.tokens) != h.digest) {
    return internal::Refuse(ListProblem::kDigestMismatch,
                            "the tokens do not match the signed digest: a token was altered, "
                            "added or removed");
  }
  TimePoint issued{}, expires{};
  if (!IsCanonicalTime(h.issued_at, &issued) || !IsCanonicalTime(h.expires_at, &expires)) {
    return internal::Refuse(ListProblem::kMalformed, "issued_at/expires_at not in canonical form");
  }
  if (options.now >= expires) {
    return internal::Refuse(ListProblem::kExpired, "list version " + std::to_string(h.version) +
                                                       " expired at " + h.expires_at + " (now " +
                                                       FormatRfc3339Utc(options.now) +
                                                       "): fetch a current list");
  }
  if (issued > options.now + kMaxIssueSkew) {
    return internal::Refuse(ListProblem::kNotYetValid,
                            "list issued at " + h.issued_at + ", in the future (now " +
                                FormatRfc3339Utc(options.now) + "): check the clock");
  }
  if (options.expected_pseudonym_key_id.has_value() &&
      *options.expected_pseudonym_key_id != h.pseudonym_key_id) {
    return internal::Refuse(ListProblem::kWrongPseudonymKey,
                            "the tokens were made under pseudonym key " + h.pseudonym_key_id +
                                ", the key given is " + *options.expected_pseudonym_key_id);
  }
  return Status::Ok();
}

Result<ExclusionList> VerifyExclusionList(std::string_view document, const VerifyOptions& options) {
  GARANT_ASSIGN_OR_RETURN(ExclusionList list, ParseExclusionList(document));
  GARANT_RETURN_IF_ERROR(VerifyParsedList(list, options));
  return list;
}

ListDelta ComputeDelta(const ExclusionList& from, const ExclusionList& to) {
  ListDelta d;
  d.from_version = from.header.version;
  d.to_version = to.header.version;
  // Merge by (scope text, token): scope indexes differ between the two lists.
  auto less = [&](const ScopedToken& a, const ExclusionList& la, const ScopedToken& b,
                  const ExclusionList& lb) {
    const std::string& sa = la.scopes[a.scope];
    const std::string& sb = lb.scopes[b.scope];
    if (sa != sb) return sa < sb;
    return a.token < b.token;
  };
  size_t i = 0, j = 0;
  while (i < from.tokens.size() || j < to.tokens.size()) {
    if (j == to.tokens.size() ||
        (i < from.tokens.size() && less(from.tokens[i], from, to.tokens[j], to))) {
      d.removed.push_back({from.scopes[from.tokens[i].scope], from.tokens[i].token});
      ++i;
    } else if (i == from.tokens.size() || less(to.tokens[j], to, from.tokens[i], from)) {
      d.added.push_back({to.scopes[to.tokens[j].scope], to.tokens[j].token});
      ++j;
    } else {
      ++i;
      ++j;
    }
  }
  return d;
}

Result<ExclusionList> ApplyDelta(const ExclusionList& from, const ListDelta& delta,
                                 const ListHeader& to_header) {
  std::vector<ListContent::Entry> entries;
  entries.reserve(from.tokens.size() + delta.added.size());
  std::vector<ListContent::Entry> removed = delta.removed;
  auto entry_less = [](const ListContent::Entry& a, const ListContent::Entry& b) {
    if (a.scope != b.scope) return a.scope < b.scope;
    return a.token < b.token;
  };
  std::sort(removed.begin(), removed.end(), entry_less);
  size_t removed_found = 0;
  for (const ScopedToken& t : from.tokens) {
    ListContent::Entry e{from.scopes[t.scope], t.token};
    if (std::binary_search(removed.begin(), removed.end(), e, entry_less)) {
      ++removed_found;
      continue;
    }
    entries.push_back(std::move(e));
  }
  if (removed_found != removed.size()) {
    return Status::InvalidArgument("the delta removes entries absent from the base list");
  }
  const size_t kept = entries.size();
  for (const auto& e : delta.added) {
    if (!IsValidScope(e.scope)) return Status::InvalidArgument("invalid scope in delta");
    entries.push_back(e);
  }
  ExclusionList out;
  out.header = to_header;
  Canonicalise(entries, &out.scopes, &out.tokens);
  if (out.tokens.size() != kept + delta.added.size()) {
    return Status::InvalidArgument("the delta adds entries already in the base list");
  }
  return out;
}

}  // namespace garant::consent
