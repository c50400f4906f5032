// The ingestion filter: the exclusion index and the per-record filter
// (filter.h). The streaming of JSON Lines and CSV is in filter_stream.cc.
#include "garant/consent/filter.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <cstdint>
#include <cstring>
#include <string>

#include "filter_json.h"
#include "garant/consent/rpps.h"

namespace garant::consent {
namespace {

inline uint64_t Word(const crypto::Digest& d, size_t i) {
  uint64_t w;
  std::memcpy(&w, d.data() + 8 * i, sizeof w);
  return w;
}

// Never 0, the empty slot: the low bit is forced (31 bits left, ample for a
// filter in front of an exact comparison).
inline uint32_t Fingerprint(const crypto::Digest& d) {
  return static_cast<uint32_t>(Word(d, 1)) | 1U;
}

inline bool SameDigest(const crypto::Digest& a, const crypto::Digest& b) {
  return ((Word(a, 0) ^ Word(b, 0)) | (Word(a, 1) ^ Word(b, 1)) | (Word(a, 2) ^ Word(b, 2)) |
          (Word(a, 3) ^ Word(b, 3))) == 0;
}

// Asks the kernel for transparent huge pages over a large table: each lookup
// is a random access into tens of MiB, and with 4 KiB pages nearly every one
// also misses the TLB (a page walk, costly under virtualisation). Only a
// hint: without it (other systems, THP disabled) nothing changes but speed.
void AdviseHugePages(const void* data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (begin < end) {
    (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace

// ---------------------------------------------------------------- index

void ExclusionIndex::Reserve(size_t n) {
  size_t capacity = 16;
  while (capacity < 2 * n) capacity <<= 1;
  fingerprints_ = std::vector<uint32_t>();
  fingerprints_.reserve(capacity);
  // Before the first touch, so that the pages are huge from the start.
  AdviseHugePages(fingerprints_.data(), capacity * sizeof(uint32_t));
  fingerprints_.assign(capacity, 0);
  positions_.assign(capacity, 0);
  tokens_.clear();
  tokens_.reserve(n);
  mask_ = capacity - 1;
}

void ExclusionIndex::Insert(const crypto::Digest& token) {
  const uint32_t fingerprint = Fingerprint(token);
  uint64_t i = Word(token, 0) & mask_;
  while (fingerprints_[i] != 0) {
    if (fingerprints_[i] == fingerprint && SameDigest(tokens_[positions_[i]], token)) return;
    i = (i + 1) & mask_;
  }
  fingerprints_[i] = fingerprint;
  positions_[i] = static_cast<uint32_t>(tokens_.size());
  tokens_.push_back(token);
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

ExclusionIndex ExclusionIndex::BuildProfessionals(const ExclusionList& list) {
  size_t n = 0;
  for (const ScopedToken& t : list.tokens) n += list.scopes[t.scope] == kListScopeProfessional;
  ExclusionIndex index;
  index.Reserve(n);
  for (const ScopedToken& t : list.tokens) {
    if (list.scopes[t.scope] == kListScopeProfessional) index.Insert(t.token);
  }
  return index;
}

ExclusionIndex ExclusionIndex::FromTokens(const std::vector<crypto::Digest>& tokens) {
  ExclusionIndex index;
  index.Reserve(tokens.size());
  for (const auto& t : tokens) index.Insert(t);
  return index;
}

void ExclusionIndex::Prefetch(const crypto::Digest& token) const {
  __builtin_prefetch(fingerprints_.data() + (Word(token, 0) & mask_));
}

bool ExclusionIndex::Contains(const crypto::Digest& token) const {
  const uint32_t fingerprint = Fingerprint(token);
  uint64_t i = Word(token, 0) & mask_;
  for (;;) {
    const uint32_t slot = fingerprints_[i];
    if (slot == 0) return false;
    if (slot == fingerprint && SameDigest(tokens_[positions_[i]], token)) return true;
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
  kWantedRpps,
  kWantedFlag,
  kWantedCount
};

std::vector<std::string> WantedNames(const FilterOptions& o) {
  const FieldNames& f = o.fields;
  return {f.birth_name, f.used_name, f.given_names, f.birth_date,
          f.sex,        f.ins,       f.birth_place, std::string(kPersonTokenField),
          o.rpps_field, o.flag_field};
}

// `name` as a JSON string, quotes included.
std::string JsonQuoted(std::string_view name) {
  std::string out = "\"";
  for (unsigned char c : name) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

// One record between StartJson and FinishJson.
struct JsonSlot {
  bool started = false;
  bool rejected = false;  // decided without a lookup; `reason` says why
  RppsOutcome rpps = RppsOutcome::kAbsent;
  std::string reason;
  std::vector<crypto::Digest> digests;
  std::string record;  // the output record, built before the lookups
};

struct RecordFilter::Impl {
  Impl(const ExclusionIndex& index, const PseudonymKey& key, const FilterOptions& options)
      : index(index),
        pseudonymizer(key),
        rpps_hmac(key),
        scanner(WantedNames(options)),
        rpps_key(JsonQuoted(options.rpps_field)),
        flag_member(JsonQuoted(options.flag_field) + ":true") {
    for (JsonSlot& slot : slots) slot.digests.reserve(kMaxTokensPerIdentity);
  }

  // NormalizeIdentity, then the digests into *digests, each one's table slot
  // prefetched so that the lookups' cache misses overlap with each other and
  // with the work done before AnyListed. False (with *reason) on an invalid
  // identity.
  bool Tokenize(const IdentityTraits& t, int current_year, std::vector<crypto::Digest>* digests,
                std::string* reason) {
    const Status normalized = NormalizeIdentityInto(t, current_year, &identity);
    if (!normalized.ok()) {
      *reason = normalized.message();
      return false;
    }
    digests->clear();
    pseudonymizer.AppendDigests(identity, digests);
    for (const crypto::Digest& d : *digests) index.Prefetch(d);
    return true;
  }

  bool AnyListed(const std::vector<crypto::Digest>& digests) const {
    for (const crypto::Digest& d : digests) {
      if (index.Contains(d)) return true;
    }
    return false;
  }

  // The token of a checked RPPS number, and whether its professional
  // objected (a small index: looked up at once).
  bool Professional(std::string_view rpps, const ExclusionIndex* professionals,
                    crypto::Digest* digest) {
    *digest = RppsDigest(rpps_hmac, rpps);
    return professionals != nullptr && professionals->Contains(*digest);
  }

  const ExclusionIndex& index;
  Pseudonymizer pseudonymizer;
  crypto::HmacSha256Keyed rpps_hmac;
  internal::JsonRecordScanner scanner;
  std::string rpps_key;     // the RPPS member's key, as JSON
  std::string flag_member;  // "<flag>":true
  std::string rpps_value;   // reused
  IdentityTraits traits;
  NormalizedIdentity identity;          // reused: no allocation per record
  std::vector<crypto::Digest> digests;  // FilterIdentity's
  JsonSlot slots[kJsonSlots];
};

RecordFilter::RecordFilter(const ExclusionIndex& index, const PseudonymKey& key,
                           FilterOptions options)
    : impl_(std::make_unique<Impl>(index, key, options)), options_(std::move(options)) {
  impl_->digests.reserve(kMaxTokensPerIdentity);
}

RecordFilter::~RecordFilter() = default;

namespace {

// The 64 lowercase hex digits of d (one append, not 64 push_backs).
void AppendTokenHex(std::string* out, const crypto::Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char hex[2 * sizeof(crypto::Digest)];
  for (size_t i = 0; i < d.size(); ++i) {
    hex[2 * i] = kDigits[d[i] >> 4];
    hex[2 * i + 1] = kDigits[d[i] & 0xf];
  }
  out->append(hex, sizeof hex);
}

}  // namespace

FilterOutcome RecordFilter::FilterIdentity(const IdentityTraits& traits, std::string* person_token,
                                           std::string* reason) {
  Impl& m = *impl_;
  if (!m.Tokenize(traits, options_.current_year, &m.digests, reason)) {
    return FilterOutcome::kRejected;
  }
  if (m.AnyListed(m.digests)) return FilterOutcome::kExcluded;
  person_token->clear();
  AppendTokenHex(person_token, m.digests.front());
  return FilterOutcome::kKept;
}

bool RecordFilter::FilterRpps(std::string_view rpps, std::string* token, bool* objected,
                              std::string* reason) {
  if (Status st = CheckRpps(rpps); !st.ok()) {
    *reason = st.message();
    return false;
  }
  crypto::Digest d;
  *objected = impl_->Professional(rpps, options_.professionals, &d);
  token->clear();
  AppendTokenHex(token, d);
  return true;
}

FilterOutcome RecordFilter::FilterJson(std::string_view line, std::string* out,
                                       std::string* reason) {
  StartJson(line, 0);
  return FinishJson(0, out, reason);
}

FilterOutcome RecordFilter::FinishJson(size_t slot_index, std::string* out, std::string* reason) {
  JsonSlot& slot = impl_->slots[slot_index];
  if (!slot.started) {
    *reason = "internal: no record started in this slot";
    return FilterOutcome::kRejected;
  }
  slot.started = false;
  if (slot.rejected) {
    reason->swap(slot.reason);
    return FilterOutcome::kRejected;
  }
  if (impl_->AnyListed(slot.digests)) return FilterOutcome::kExcluded;
  out->swap(slot.record);
  last_rpps_outcome_ = slot.rpps;
  return FilterOutcome::kKept;
}

void RecordFilter::StartJson(std::string_view line, size_t slot_index) {
  Impl& m = *impl_;
  JsonSlot& slot = m.slots[slot_index];
  slot.started = true;
  slot.rejected = true;  // until the lookups are all that is left
  std::string* reason = &slot.reason;
  internal::JsonRecordScanner& sc = m.scanner;
  if (!sc.Scan(line, reason)) {
    reason->insert(0, "not valid JSON: ");
    return;
  }
  const FieldNames& f = options_.fields;
  const std::string* field_names[kWantedCount] = {&f.birth_name,  &f.used_name, &f.given_names,
                                                  &f.birth_date,  &f.sex,       &f.ins,
                                                  &f.birth_place, nullptr};
  if (sc.wanted(kWantedPersonToken).count > 0) {
    *reason = std::string(kPersonTokenField) + ": reserved field present in the input";
    return;
  }
  if (sc.wanted(kWantedFlag).count > 0) {
    *reason = options_.flag_field + ": reserved field present in the input";
    return;
  }
  // The professional's identifier: checked before the patient's identity, so
  // that a record is never kept with a clear RPPS number.
  const internal::WantedValue& rpps = sc.wanted(kWantedRpps);
  crypto::Digest rpps_digest{};
  slot.rpps = RppsOutcome::kAbsent;
  if (rpps.count > 1) {
    *reason = options_.rpps_field + ": given more than once";
    return;
  }
  if (rpps.kind == internal::WantedValue::Kind::kOther) {
    *reason = options_.rpps_field + ": must be a string";
    return;
  }
  if (rpps.kind == internal::WantedValue::Kind::kString) {
    if (Status st = CheckRpps(rpps.value); !st.ok()) {
      *reason = options_.rpps_field + st.message().substr(std::string_view("rpps").size());
      return;
    }
    slot.rpps = m.Professional(rpps.value, options_.professionals, &rpps_digest)
                    ? RppsOutcome::kFlagged
                    : RppsOutcome::kTokenised;
  }
  for (size_t i = 0; i < kWantedPersonToken; ++i) {
    const internal::WantedValue& w = sc.wanted(i);
    if (w.count > 1) {
      *reason = *field_names[i] + ": given more than once";
      return;
    }
    if (w.kind == internal::WantedValue::Kind::kOther) {
      *reason = *field_names[i] + ": must be a string";
      return;
    }
  }
  auto value = [&](size_t i, std::string* dst) {
    const internal::WantedValue& w = sc.wanted(i);
    if (w.kind == internal::WantedValue::Kind::kString) {
      sc.SwapValue(i, dst);  // moved, not copied
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

  if (!m.Tokenize(t, options_.current_year, &slot.digests, reason)) return;
  slot.rejected = false;

  // The record's own bytes without the identity members, then the token,
  // built while the lookups' memory loads: members that follow each other in
  // the input separated by a bare ',' are copied as one range.
  std::string& r = slot.record;
  r.clear();
  r.push_back('{');
  size_t run_begin = 0, run_end = 0;  // the pending range of kept bytes
  for (const internal::JsonMember& member : sc.members()) {
    if (member.field >= 0) continue;
    if (run_end != 0 && member.begin == run_end + 1 && line[run_end] == ',') {
      run_end = member.end;
      continue;
    }
    if (run_end != 0) {
      r.append(line.data() + run_begin, run_end - run_begin);
      r.push_back(',');
    }
    run_begin = member.begin;
    run_end = member.end;
  }
  if (run_end != 0) {
    r.append(line.data() + run_begin, run_end - run_begin);
    r.push_back(',');
  }
  if (slot.rpps == RppsOutcome::kTokenised) {
    r.append(m.rpps_key);
    r.append(":\"");
    AppendTokenHex(&r, rpps_digest);
    r.append("\",");
  } else if (slot.rpps == RppsOutcome::kFlagged) {
    r.append(m.flag_member);
    r.push_back(',');
  }
  r.push_back('"');
  r.append(kPersonTokenField);
  r.append("\":\"");
  AppendTokenHex(&r, slot.digests.front());
  r.append("\"}");
}

}  // namespace garant::consent
