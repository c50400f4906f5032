// The deterministic checks of an access event, at occurred_at: pure
// functions over a snapshot of the registries' history (what the governance
// and objection registries say, with their dates), so that the answer is the
// one that held when the access happened, whenever it is computed.
//
// Pure: no clock (recorded_at is a parameter), no IO. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/access/event.h"
#include "garant/core/clock.h"
#include "garant/governance/model.h"

namespace garant::access {

enum class Severity { kLow, kMedium, kHigh, kCritical };
// "low", "medium", "high", "critical".
std::string_view ToString(Severity s);

// Rule names (stable: stored, in the API, in the leaves).
namespace rule {
inline constexpr std::string_view kNoAuthorisation = "no_authorisation";
inline constexpr std::string_view kAccountNotNamed = "account_not_named";
inline constexpr std::string_view kNotYetValid = "not_yet_valid";
inline constexpr std::string_view kExpired = "expired";
inline constexpr std::string_view kRevoked = "revoked";
inline constexpr std::string_view kSuspended = "suspended";
inline constexpr std::string_view kOutOfScope = "out_of_scope";
inline constexpr std::string_view kProjectClosed = "project_closed";
inline constexpr std::string_view kObjectingPatient = "objecting_patient";
inline constexpr std::string_view kReidentifyWithoutJustification =
    "reidentify_without_justification";
inline constexpr std::string_view kExportWithoutAuthorisation = "export_without_authorisation";
inline constexpr std::string_view kSmallCount = "small_count";
inline constexpr std::string_view kLateReport = "late_report";
inline constexpr std::string_view kCheckFailed = "check_failed";
}  // namespace rule

// Every rule of this file, in evaluation order.
const std::vector<std::string_view>& RuleNames();

struct RuleSetting {
  bool enabled = true;
  Severity severity = Severity::kHigh;
};

// Rule settings and thresholds. Defaults() is what garant ships; the config
// file will override it (not wired yet: see DESIGN.md).
struct RuleConfig {
  std::vector<std::pair<std::string, RuleSetting>> rules;
  int64_t small_count_threshold = 10;  // returned_count in [1, threshold)
  std::chrono::microseconds late_report_after = std::chrono::hours(24);  // strictly more
  static RuleConfig Defaults();
  // The setting of `name` (disabled when unknown).
  RuleSetting Get(std::string_view name) const;
};

// A project as it stood: its status changes, dated.
struct ProjectHistory {
  int64_t id = 0;
  std::string reference;
  struct Change {
    TimePoint at{};
    governance::ProjectStatus to = governance::ProjectStatus::kSubmitted;
  };
  std::vector<Change> changes;  // oldest first
  // Whether the project was closed at `t` (the last change at or before t).
  bool ClosedAt(TimePoint t) const;
};

// An objection of one of the event's patients, with its dates.
struct ObjectionFact {
  std::string token;      // the patient token it matched
  std::string reference;  // OPP-XXXX-XXXX
  std::string scope;      // "all" or "project:<ref>"
  TimePoint effective_at{};
  std::optional<TimePoint> withdrawn_at;
  // Effective at t (effective_at <= t, not withdrawn at or before t) and
  // covering `project` ("all", or "project:<project>").
  bool CoversAt(TimePoint t, const std::optional<std::string>& project) const;
};

// What the checks of one event read. Loaded by the store in the event's
// recording transaction.
struct Snapshot {
  std::optional<ProjectHistory> project;  // nullopt: no project named, or unknown
  // Every authorisation of the project, with its dated suspensions and
  // revocation and when it was created. Evaluate keeps those created at or
  // before occurred_at (and of the event's decision when it names one).
  struct AuthorisationFact {
    governance::Authorisation authorisation;
    TimePoint created_at{};
  };
  std::vector<AuthorisationFact> authorisations;
  // Objections on any token of the event (inline or set), whatever their
  // dates: the rule filters them at occurred_at.
  std::vector<ObjectionFact> objections;
};

struct Finding {
  std::string rule;
  Severity severity = Severity::kHigh;
  std::string explanation;  // plain French, for the auditor
  std::string facts;        // a JSON object: what triggered it
};

// Every finding of `e`, recorded at `recorded_at`, in RuleNames() order.
std::vector<Finding> Evaluate(const AccessEvent& e, const Snapshot& s, TimePoint recorded_at,
                              const RuleConfig& config);

// The finding raised instead of the checks when they could not run (a
// registry unreadable): the event is kept, and reviewed by hand until the
// checks are run again (not automatic yet: see DESIGN.md).
Finding CheckFailed(const AccessEvent& e, const Status& why, const RuleConfig& config);

}  // namespace garant::access
