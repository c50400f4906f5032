// The ingestion filter: the exclusion index and the per-record filter
// (filter.h). The streaming of JSON Lines and CSV is in filter_stream.cc.
#include "garant/consent/filter.h"

#include <cstring>
#include <string>

#include "exclusion_list_internal.h"
#include "filter_json.h"

namespace garant::consent {
namespace {

inline uint64_t Word(const crypto::Digest& d, size_t i) {
  uint64_t w;
  std::memcpy(&w, d.data() + 8 * i, sizeof w);
  return w;
}

inline bool IsZero(const crypto::Digest& d) {
  return (Word(d, 0) | Word(d, 1) | Word(d, 2) | Word(d, 3)) == 0;
}

inline bool SameDigest(const crypto::Digest& a, const crypto::Digest& b) {
  return ((Word(a, 0) ^ Word(b, 0)) | (Word(a, 1) ^ Word(b, 1)) | (Word(a, 2) ^ Word(b, 2)) |
          (Word(a, 3) ^ Word(b, 3))) == 0;
}

}  // namespace

// ---------------------------------------------------------------- index

void ExclusionIndex::Reserve(size_t n) {
  size_t capacity = 16;
  while (capacity < 2 * n) capacity <<= 1;
  slots_.assign(capacity, crypto::Digest{});
  mask_ = capacity - 1;
}

void ExclusionIndex::Insert(const crypto::Digest& token) {
  if (IsZero(token)) {
    size_ += has_zero_ ? 0 : 1;
    has_zero_ = true;
    return;
  }
  uint64_t i = Word(token, 0) & mask_;
  while (!IsZero(slots_[i])) {
    if (SameDigest(slots_[i], token)) return;
    i = (i + 1) & mask_;
  }
  slots_[i] = token;
  ++size_;
}

ExclusionIndex ExclusionIndex::Build(const ExclusionList& list,
                                     std::optional<std::string_view> project_scope) {
  std::vector<bool> wanted(list.scopes.size(), false);
  for (size_t i = 0; i < list.scopes.size(); ++i) {
    wanted[i] = list.scopes[i] == kListScopeAll ||
                (project_scope.has_value() && list.scopes[i] == *project_scope);
  }
  size_t n = 0;
  for (const ScopedToken& t : list.tokens) n += wanted[t.scope] ? 1 : 0;
  ExclusionIndex index;
  index.Reserve(n);
  for (const ScopedToken& t : list.tokens) {
    if (wanted[t.scope]) index.Insert(t.token);
  }
  return index;
}

ExclusionIndex ExclusionIndex::FromTokens(const std::vector<crypto::Digest>& tokens) {
  ExclusionIndex index;
  index.Reserve(tokens.size());
  for (const auto& t : tokens) index.Insert(t);
  return index;
}

bool ExclusionIndex::Contains(const crypto::Digest& token) const {
  if (IsZero(token)) return has_zero_;
  uint64_t i = Word(token, 0) & mask_;
  for (;;) {
    const crypto::Digest& slot = slots_[i];
    if (IsZero(slot)) return false;
    if (SameDigest(slot, token)) return true;
    i = (i + 1) & mask_;
  }
}

// ---------------------------------------------------------------- record filter

namespace {

// The top-level members the filter reads, in this order (kWanted*).
enum Wanted : size_t {
  kWantedBirthName,
  kWantedUsedName,
  kWantedGivenNames,
  kWantedBirthDate,
  kWantedSex,
  kWantedIns,
  kWantedBirthPlace,
  kWantedPersonToken,
  kWantedCount
};

std::vector<std::string> WantedNames(const FieldNames& f) {
  return {f.birth_name, f.used_name, f.given_names, f.birth_date,
          f.sex,        f.ins,       f.birth_place, std::string(kPersonTokenField)};
}

}  // namespace

struct RecordFilter::Impl {
  Impl(const ExclusionIndex& index, const PseudonymKey& key, const FieldNames& fields)
      : index(index), pseudonymizer(key), scanner(WantedNames(fields)) {}

  const ExclusionIndex& index;
  Pseudonymizer pseudonymizer;
  internal::JsonRecordScanner scanner;
  IdentityTraits traits;
  std::vector<crypto::Digest> digests;
  std::string token;
};

RecordFilter::RecordFilter(const ExclusionIndex& index, const PseudonymKey& key,
                           FilterOptions options)
    : impl_(std::make_unique<Impl>(index, key, options.fields)), options_(std::move(options)) {
  impl_->digests.reserve(kMaxTokensPerIdentity);
}

RecordFilter::~RecordFilter() = default;

FilterOutcome RecordFilter::FilterIdentity(const IdentityTraits& traits, std::string* person_token,
                                           std::string* reason) {
  auto normalized = NormalizeIdentity(traits, options_.current_year);
  if (!normalized.ok()) {
    *reason = normalized.status().message();
    return FilterOutcome::kRejected;
  }
  Impl& m = *impl_;
  m.digests.clear();
  m.pseudonymizer.AppendDigests(*normalized, &m.digests);
  for (const crypto::Digest& d : m.digests) {
    if (m.index.Contains(d)) return FilterOutcome::kExcluded;
  }
  person_token->clear();
  internal::AppendHex(person_token, m.digests.front());
  return FilterOutcome::kKept;
}

FilterOutcome RecordFilter::FilterJson(std::string_view line, std::string* out,
                                       std::string* reason) {
  Impl& m = *impl_;
  internal::JsonRecordScanner& sc = m.scanner;
  if (!sc.Scan(line, reason)) {
    reason->insert(0, "not valid JSON: ");
    return FilterOutcome::kRejected;
  }
  const FieldNames& f = options_.fields;
  const std::string* field_names[kWantedCount] = {&f.birth_name,  &f.used_name, &f.given_names,
                                                  &f.birth_date,  &f.sex,       &f.ins,
                                                  &f.birth_place, nullptr};
  if (sc.wanted(kWantedPersonToken).count > 0) {
    *reason = std::string(kPersonTokenField) + ": reserved field present in the input";
    return FilterOutcome::kRejected;
  }
  for (size_t i = 0; i < kWantedPersonToken; ++i) {
    const internal::WantedValue& w = sc.wanted(i);
    if (w.count > 1) {
      *reason = *field_names[i] + ": given more than once";
      return FilterOutcome::kRejected;
    }
    if (w.kind == internal::WantedValue::Kind::kOther) {
      *reason = *field_names[i] + ": must be a string";
      return FilterOutcome::kRejected;
    }
  }
  auto value = [&](size_t i, std::string* dst) {
    const internal::WantedValue& w = sc.wanted(i);
    if (w.kind == internal::WantedValue::Kind::kString) {
      dst->assign(w.value);
    } else {
      dst->clear();  // absent or null: not given (empty: required fields fail validation)
    }
  };
  IdentityTraits& t = m.traits;
  value(kWantedBirthName, &t.birth_name);
  value(kWantedGivenNames, &t.given_names);
  value(kWantedBirthDate, &t.birth_date);
  value(kWantedSex, &t.sex);
  if (!t.used_name.has_value()) t.used_name.emplace();
  value(kWantedUsedName, &*t.used_name);
  if (!t.ins.has_value()) t.ins.emplace();
  value(kWantedIns, &*t.ins);

  FilterOutcome outcome = FilterIdentity(t, &m.token, reason);
  if (outcome != FilterOutcome::kKept) return outcome;

  // The record's own bytes, without the identity members, then the token.
  out->clear();
  out->push_back('{');
  bool first = true;
  for (const internal::JsonMember& member : sc.members()) {
    if (member.field >= 0) continue;
    if (!first) out->push_back(',');
    first = false;
    out->append(line.data() + member.begin, member.end - member.begin);
  }
  out->append(first ? "\"" : ",\"");
  out->append(kPersonTokenField);
  out->append("\":\"");
  out->append(m.token);
  out->append("\"}");
  return FilterOutcome::kKept;
}

}  // namespace garant::consent
