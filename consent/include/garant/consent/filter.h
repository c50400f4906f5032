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

// An open-addressing hash set of 32-byte tokens (linear probing over a
// power-of-two table at most half full; the tokens are HMAC outputs, so
// their first 8 bytes are already a uniform hash). Immutable once built.
class ExclusionIndex {
 public:
  // The entries of `list` whose scope is "all" or, when project_scope is
  // given, equal to it ("project:<ref>").
  static ExclusionIndex Build(const ExclusionList& list,
                              std::optional<std::string_view> project_scope);
  // From raw tokens (tests, benchmarks).
  static ExclusionIndex FromTokens(const std::vector<crypto::Digest>& tokens);

  bool Contains(const crypto::Digest& token) const;
  size_t size() const { return size_; }
  // Bytes held by the table.
  size_t memory_bytes() const { return slots_.size() * sizeof(crypto::Digest); }

 private:
  void Insert(const crypto::Digest& token);
  void Reserve(size_t n);

  std::vector<crypto::Digest> slots_;  // all-zero = empty
  uint64_t mask_ = 0;
  size_t size_ = 0;
  bool has_zero_ = false;  // the all-zero token (never seen in practice) is kept apart
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

struct FilterOptions {
  FieldNames fields;
  int current_year = 0;  // for the birth-date rule (UtcYear of the run's clock)
};

enum class FilterOutcome { kKept, kExcluded, kRejected };

struct FilterCounts {
  uint64_t records = 0;  // non-blank lines (CSV: data rows)
  uint64_t kept = 0;
  uint64_t excluded = 0;
  uint64_t rejected = 0;
};

// Filters records one at a time. Reuses its buffers: no allocation per
// record in the steady state beyond what NormalizeIdentity needs.
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

  // The identity alone (the CSV path and tests): kKept sets *person_token
  // (lowercase hex).
  FilterOutcome FilterIdentity(const IdentityTraits& traits, std::string* person_token,
                               std::string* reason);

  const FilterOptions& options() const { return options_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  FilterOptions options_;
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
// person_token column appended. Fails (kUnavailable / kInvalidArgument) on a
// read or write error, or a CSV without a usable header.
Result<FilterReport> FilterStream(RecordFilter& filter, RecordFormat format, std::istream& in,
                                  std::ostream& out, std::ostream& rejects);

}  // namespace garant::consent
