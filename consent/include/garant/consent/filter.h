// The ingestion filter (docs/exclusion-lists.md §6): drops every record of an
// objecting patient before it is stored, pseudonymises the others.
//
// For each record: read the identity fields → NormalizeIdentity → the tokens
// of Pseudonymisation v1 → the record is EXCLUDED when any token is on the
// list (with scope "all", or the scope of the project being filtered for);
// otherwise it is KEPT and written without its identity fields (birth_name,
// used_name, given_names, birth_date, sex, ins, birth_place), with
// "person_token" added: the first token in canonical order (the
// (N1, G1) traits token). A record that cannot be read (not a JSON object,
// an identity field of the wrong type, an invalid identity, a reserved
// field) is REJECTED: it goes to the rejects stream with its line number and
// the reason, never to the output.
//
// Health professionals (docs/exclusion-lists.md §6, "Professionals"): the
// member named FilterOptions::rpps_field ("rpps"), when present and not
// null, must be an RPPS number (11 digits; else the record is REJECTED, so
// that a clear identifier never reaches the warehouse). Its value is
// replaced by its token (rpps.h). When that token is on the list with the
// scope "professional", the member is left out instead and the member
// FilterOptions::flag_field ("professional_objection") is added with the
// value true. Either way the record is KEPT (unless the patient objected):
// a physician's objection removes their identifier, not patients' records.
//
// Only a verified list is ever loaded: ExclusionIndex is built from an
// ExclusionList that VerifyExclusionList returned (the caller's contract).
//
// Thread-safety: ExclusionIndex is immutable once built and may be shared by
// threads. RecordFilter holds per-thread buffers: one per thread.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/crypto.h"
#include "garant/core/status.h"

namespace garant::consent {

// An open-addressing hash set of 32-byte tokens. The tokens are HMAC
// outputs, so their bytes are already uniform: bytes 0-7 give the slot,
// bytes 8-11 a 32-bit fingerprint. The probed table holds only the
// fingerprints (4 bytes a slot, linear probing over a power-of-two table at
// most half full: 8 MiB for a million tokens, so that most lookups stay in
// cache); a fingerprint that matches sends the lookup to the full token,
// kept apart, so answers are exact. Immutable once built.
class ExclusionIndex {
 public:
  // The entries of `list` whose scope is "all" or, when project_scope is
  // given, equal to it ("project:<ref>").
  static ExclusionIndex Build(const ExclusionList& list,
                              std::optional<std::string_view> project_scope);
  // The entries of `list` whose scope is "professional" (the tokens of the
  // health professionals who objected).
  static ExclusionIndex BuildProfessionals(const ExclusionList& list);
  // From raw tokens (tests, benchmarks).
  static ExclusionIndex FromTokens(const std::vector<crypto::Digest>& tokens);

  bool Contains(const crypto::Digest& token) const;
  // A hint that Contains(token) follows soon: starts loading the memory it
  // will read (one cache miss per lookup in a large table), so that the misses
  // of a record's tokens overlap. No effect on any result.
  void Prefetch(const crypto::Digest& token) const;
  size_t size() const { return tokens_.size(); }
  // Bytes held by the tables.
  size_t memory_bytes() const {
    return fingerprints_.capacity() * sizeof(uint32_t) + positions_.capacity() * sizeof(uint32_t) +
           tokens_.capacity() * sizeof(crypto::Digest);
  }

 private:
  void Insert(const crypto::Digest& token);
  void Reserve(size_t n);

  std::vector<uint32_t> fingerprints_;  // per slot; 0 = empty (fingerprints are odd)
  std::vector<uint32_t> positions_;     // per occupied slot: its token in tokens_
  std::vector<crypto::Digest> tokens_;  // the distinct tokens
  uint64_t mask_ = 0;
};

// Names of the identity fields in the input records (mappable by options).
struct FieldNames {
  std::string birth_name = "birth_name";
  std::string used_name = "used_name";
  std::string given_names = "given_names";
  std::string birth_date = "birth_date";
  std::string sex = "sex";
  std::string ins = "ins";
  std::string birth_place = "birth_place";
};

inline constexpr std::string_view kPersonTokenField = "person_token";
inline constexpr std::string_view kDefaultRppsField = "rpps";
inline constexpr std::string_view kDefaultProfessionalFlagField = "professional_objection";

struct FilterOptions {
  FieldNames fields;
  int current_year = 0;  // for the birth-date rule (UtcYear of the run's clock)
  // The member holding a health professional's RPPS number, and the member
  // added (true) when that professional objected. Both non-empty, different
  // from each other, from the identity fields and from person_token (the
  // caller checks: garant filter refuses them as a usage error).
  std::string rpps_field = std::string(kDefaultRppsField);
  std::string flag_field = std::string(kDefaultProfessionalFlagField);
  // The professionals who objected (ExclusionIndex::BuildProfessionals);
  // null = none. Must outlive the RecordFilter.
  const ExclusionIndex* professionals = nullptr;
};

enum class FilterOutcome { kKept, kExcluded, kRejected };

struct FilterCounts {
  uint64_t records = 0;  // non-blank lines (CSV: data rows)
  uint64_t kept = 0;
  uint64_t excluded = 0;
  uint64_t rejected = 0;
  // Kept records whose RPPS member was replaced by its token, and kept
  // records flagged because their professional objected.
  uint64_t rpps_tokenised = 0;
  uint64_t professional_flagged = 0;
};

// What the filter did with a kept record's RPPS member.
enum class RppsOutcome { kAbsent, kTokenised, kFlagged };

// Filters records one at a time. Reuses its buffers: no allocation per
// record in the steady state.
class RecordFilter {
 public:
  RecordFilter(const ExclusionIndex& index, const PseudonymKey& key, FilterOptions options);
  ~RecordFilter();
  RecordFilter(const RecordFilter&) = delete;
  RecordFilter& operator=(const RecordFilter&) = delete;

  // One JSON Lines record (without its line end). kKept: *out is the output
  // record (compact JSON, no line end). kRejected: *reason says why (English,
  // names the field, never quotes a value). kExcluded: nothing written.
  FilterOutcome FilterJson(std::string_view line, std::string* out, std::string* reason);

  // FilterJson in two halves, so that a stream overlaps the memory loads of
  // one record's list lookups (a cache miss each in a large index) with the
  // work on the next record. StartJson(line, slot) does everything but the
  // lookups, keeping its state in `slot` (< kJsonSlots), and reads nothing
  // of `line` afterwards; FinishJson(slot, out, reason) then returns exactly
  // what FilterJson(line, out, reason) would have. Each StartJson of a slot
  // must be followed by one FinishJson of that slot before the slot is
  // started again (otherwise the first record is lost; FinishJson of a slot
  // never started returns kRejected). FilterJson uses slot 0.
  static constexpr size_t kJsonSlots = 2;
  void StartJson(std::string_view line, size_t slot);
  FilterOutcome FinishJson(size_t slot, std::string* out, std::string* reason);

  // The identity alone (the CSV path and tests): kKept sets *person_token
  // (lowercase hex).
  FilterOutcome FilterIdentity(const IdentityTraits& traits, std::string* person_token,
                               std::string* reason);

  // A professional's RPPS number alone (the CSV path and tests): false with
  // *reason on an invalid number; else *token (lowercase hex) and whether
  // that professional objected.
  bool FilterRpps(std::string_view rpps, std::string* token, bool* objected, std::string* reason);

  // What the last FinishJson (or FilterJson) that returned kKept did with
  // the record's RPPS member.
  RppsOutcome last_rpps_outcome() const { return last_rpps_outcome_; }

  const FilterOptions& options() const { return options_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  FilterOptions options_;
  RppsOutcome last_rpps_outcome_ = RppsOutcome::kAbsent;
};

// What a run did (written as the report).
struct FilterReport {
  FilterCounts counts;
  std::string input_sha256;  // lowercase hex of the exact input bytes
};

enum class RecordFormat { kJsonLines, kCsv };

// Streams records from `in`: kept records to `out` (one per line), rejects
// to `rejects` as JSON Lines {"line":N,"error":"..."} (N counts from 1, all
// lines). JSON Lines: blank lines are skipped; a trailing "\r" is dropped.
// CSV (RFC 4180, header row naming the columns, comma separator, UTF-8):
// kept rows are written as CSV with the identity columns removed and a
// person_token column appended; with an RPPS column, its value becomes the
// token (empty when absent or when the professional objected) and a flag
// column ("true"/"false") comes just before person_token. Fails (kUnavailable / kInvalidArgument)
// on a read or write error, or a CSV without a usable header.
Result<FilterReport> FilterStream(RecordFilter& filter, RecordFormat format, std::istream& in,
                                  std::ostream& out, std::ostream& rejects);

}  // namespace garant::consent
