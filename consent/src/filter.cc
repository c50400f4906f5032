// The ingestion filter: the exclusion index and the per-record filter
// (filter.h). The streaming of JSON Lines and CSV is in filter_stream.cc.
#include "garant/consent/filter.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>
#include <cstring>
#include <string>

#include "exclusion_list_internal.h"

namespace garant::consent {
namespace {

namespace json = boost::json;

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

struct RecordFilter::Impl {
  Impl(const ExclusionIndex& index, const PseudonymKey& key)
      : index(index), pseudonymizer(key), resource(arena, sizeof arena) {}

  const ExclusionIndex& index;
  Pseudonymizer pseudonymizer;
  IdentityTraits traits;
  std::vector<crypto::Digest> digests;
  // Per-record JSON storage: a monotonic arena released after each record.
  alignas(16) unsigned char arena[16384];
  json::monotonic_resource resource;
  json::parser parser{json::storage_ptr(), json::parse_options{}};
  json::serializer serializer;
  char chunk[4096];
  std::string token;
};

RecordFilter::RecordFilter(const ExclusionIndex& index, const PseudonymKey& key,
                           FilterOptions options)
    : impl_(std::make_unique<Impl>(index, key)), options_(std::move(options)) {
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

namespace {

// Reads one identity field: absent or null → *present = false. A non-string
// is an error naming the field.
bool ReadField(const json::object& o, const std::string& name, std::string* out, bool* present,
               std::string* reason) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr || v->is_null()) {
    *present = false;
    out->clear();
    return true;
  }
  if (!v->is_string()) {
    *reason = name + ": must be a string";
    return false;
  }
  *present = true;
  out->assign(v->get_string().data(), v->get_string().size());
  return true;
}

}  // namespace

FilterOutcome RecordFilter::FilterJson(std::string_view line, std::string* out,
                                       std::string* reason) {
  Impl& m = *impl_;
  m.resource.release();
  m.parser.reset(json::storage_ptr(&m.resource));
  json::error_code ec;
  m.parser.write(line.data(), line.size(), ec);
  if (ec) {
    *reason = "not valid JSON: " + ec.message();
    return FilterOutcome::kRejected;
  }
  json::value value = m.parser.release();
  if (!value.is_object()) {
    *reason = "the record is not a JSON object";
    return FilterOutcome::kRejected;
  }
  json::object& o = value.get_object();
  if (o.contains(kPersonTokenField)) {
    *reason = std::string(kPersonTokenField) + ": reserved field present in the input";
    return FilterOutcome::kRejected;
  }
  const FieldNames& f = options_.fields;
  IdentityTraits& t = m.traits;
  bool present = false;
  if (!ReadField(o, f.birth_name, &t.birth_name, &present, reason) ||
      !ReadField(o, f.given_names, &t.given_names, &present, reason) ||
      !ReadField(o, f.birth_date, &t.birth_date, &present, reason) ||
      !ReadField(o, f.sex, &t.sex, &present, reason)) {
    return FilterOutcome::kRejected;
  }
  if (!t.used_name.has_value()) t.used_name.emplace();
  if (!ReadField(o, f.used_name, &*t.used_name, &present, reason)) {
    return FilterOutcome::kRejected;
  }
  if (!present) t.used_name->clear();  // empty = not given
  if (!t.ins.has_value()) t.ins.emplace();
  if (!ReadField(o, f.ins, &*t.ins, &present, reason)) return FilterOutcome::kRejected;
  if (!present) t.ins->clear();
  if (const json::value* bp = o.if_contains(f.birth_place);
      bp != nullptr && !bp->is_null() && !bp->is_string()) {
    *reason = f.birth_place + ": must be a string";
    return FilterOutcome::kRejected;
  }

  std::string& token = m.token;
  FilterOutcome outcome = FilterIdentity(t, &token, reason);
  if (outcome != FilterOutcome::kKept) return outcome;

  for (const std::string* name :
       {&f.birth_name, &f.used_name, &f.given_names, &f.birth_date, &f.sex, &f.ins,
        &f.birth_place}) {
    o.erase(*name);
  }
  out->clear();
  m.serializer.reset(&o);
  while (!m.serializer.done()) {
    json::string_view part = m.serializer.read(m.chunk, sizeof m.chunk);
    out->append(part.data(), part.size());
  }
  // out ends with '}': add the person token as the last member.
  out->pop_back();
  out->append(o.empty() ? "\"" : ",\"");
  out->append(kPersonTokenField);
  out->append("\":\"");
  out->append(token);
  out->append("\"}");
  return FilterOutcome::kKept;
}

}  // namespace garant::consent
