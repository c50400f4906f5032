// Access events: what the warehouse reports about each access to the data
// (docs/access-events.md), their strict parsing, and the audit leaf each one
// becomes.
//
// Pure: no clock (the receipt time is a parameter), no IO. Thread-safe.
// Errors: kInvalidArgument naming the field ("field 'patients' ...").
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::access {

enum class Action {
  kView,
  kQuery,
  kCount,
  kExtract,
  kExport,
  kReidentify,
  kLogin,
  kLoginFailed,
  kLogout,
};
// "view", "query", "count", "extract", "export", "reidentify", "login",
// "login_failed", "logout".
std::string_view ToString(Action a);
std::optional<Action> ParseAction(std::string_view s);
// True for the actions that touch data (everything but login, login_failed,
// logout): those are replayed against the authorisations.
bool TouchesData(Action a);

enum class Outcome { kSuccess, kDenied, kFailed };
std::string_view ToString(Outcome o);
std::optional<Outcome> ParseOutcome(std::string_view s);

struct ExportInfo {
  std::string file;
  std::string sha256;  // 64 lowercase hex
  int64_t bytes = 0;
  std::string destination;
};

// Limits of the API (docs/access-events.md).
inline constexpr size_t kMaxBatchEvents = 10000;
inline constexpr size_t kMaxInlinePatients = 1000;
inline constexpr size_t kMaxPatientSetTokens = 5000000;
inline constexpr auto kMaxFutureSkew = std::chrono::minutes(5);
inline constexpr size_t kMaxQueryCriteria = 32;

// One access event, as parsed. Optional fields are nullopt when absent (or
// null). Times are UTC to the microsecond.
struct AccessEvent {
  std::string id;  // UUID, lowercase
  TimePoint occurred_at{};
  std::optional<TimePoint> ended_at;
  std::string account;
  std::optional<std::string> account_role;
  std::optional<std::string> organisation;
  Action action = Action::kView;
  std::optional<std::string> purpose;
  std::optional<std::string> project;
  std::optional<int64_t> decision;
  std::optional<std::vector<std::string>> domains;
  std::optional<std::vector<std::string>> associations;
  std::optional<std::vector<std::string>> patients;  // 64 lowercase hex each, as sent
  std::optional<std::string> patient_set;            // 64 lowercase hex
  std::optional<int64_t> patient_count;              // aggregate queries only
  std::optional<std::string> query_fingerprint;
  // One fingerprint per normalised criterion of the query (same grammar as
  // the identifiers: [A-Za-z0-9._@:-]{1,128}, at most kMaxQueryCriteria): two
  // count queries whose criteria differ by one, with counts a few apart,
  // isolate those few people (repeated_query's differencing form).
  std::optional<std::vector<std::string>> query_criteria;
  std::optional<int64_t> true_count;
  std::optional<int64_t> returned_count;
  std::optional<int64_t> rows;
  std::optional<ExportInfo> export_info;  // JSON field "export"
  std::optional<std::string> justification;
  std::string source;
  std::optional<std::string> client_address;
  Outcome outcome = Outcome::kSuccess;
  std::optional<std::string> outcome_reason;
};

// True for 64 characters of [0-9a-f].
bool IsLowerHex64(std::string_view s);

// Parses one event. `received_at` bounds occurred_at and ended_at (at most
// kMaxFutureSkew ahead). Every field is checked; an unknown field, a wrong
// type, a value out of its grammar is kInvalidArgument. A reidentify without
// justification is NOT an error (it is recorded, with a finding).
Result<AccessEvent> ParseEvent(const boost::json::object& o, TimePoint received_at);

// Parses {"events":[…]}: kInvalidArgument for a bad shape or event (the
// message starts with "events[i]: "), kTooLarge beyond kMaxBatchEvents, and
// kInvalidArgument when an id appears twice in the batch with other content.
// Events repeated with the same content are kept once.
Result<std::vector<AccessEvent>> ParseBatch(const boost::json::object& body, TimePoint received_at);

// The digest of a patient set: SHA-256 over its tokens (lowercase hex),
// de-duplicated, sorted ascending, each followed by "\n"; lowercase hex.
std::string PatientsDigest(std::vector<std::string> tokens);
// The number of distinct tokens.
size_t DistinctCount(std::vector<std::string> tokens);

// The event as canonical JSON text (fixed field order, absent fields left
// out, patients as sent): two events are "the same content" when their
// canonical texts are equal. Its SHA-256 is stored for idempotency.
std::string CanonicalJson(const AccessEvent& e);

// The payload of the event's audit leaf: every field of CanonicalJson except
// `id` (the leaf's own id), `patients` and `patient_set`, replaced by
// `patients_digest` and `patient_count` when the event names patients.
// `set_count`: the number of tokens of the referenced set (ignored without
// one).
std::string LeafPayload(const AccessEvent& e, int64_t set_count);
// The event back from its leaf (LeafPayload) and its id: `patients` are its
// inline tokens (from the side table: distinct, as stored) or `patient_set`
// the digest of its set; both nullopt for an event without patients. Used to
// run the checks again (AccessStore::RetryFailedChecks). kInvalidArgument or
// kDataLoss when the payload is not an access event's.
Result<AccessEvent> EventFromLeaf(std::string_view id, std::string_view payload,
                                  std::optional<std::vector<std::string>> patients,
                                  std::optional<std::string> patient_set);
// The leaf type: "access.<action>".
std::string LeafType(const AccessEvent& e);
// The leaf object: "account/<account>".
std::string LeafObject(const AccessEvent& e);

}  // namespace garant::access
