// The deterministic checks of an access event, at occurred_at: pure
// functions over a snapshot of the registries' history (what the governance
// and objection registries say, with their dates), so that the answer is the
// one that held when the access happened, whenever it is computed.
//
// Pure: no clock (recorded_at is a parameter), no IO. Thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/access/event.h"
#include "garant/core/clock.h"
#include "garant/core/config.h"
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
inline constexpr std::string_view kRepeatedQuery = "repeated_query";
inline constexpr std::string_view kVolumeSpike = "volume_spike";
inline constexpr std::string_view kOffHours = "off_hours";
inline constexpr std::string_view kDormantAccount = "dormant_account";
inline constexpr std::string_view kRepeatedDenials = "repeated_denials";
inline constexpr std::string_view kCheckFailed = "check_failed";
}  // namespace rule

// Every rule of this file, in evaluation order.
const std::vector<std::string_view>& RuleNames();

struct RuleSetting {
  bool enabled = true;
  Severity severity = Severity::kHigh;
};

// Rule settings and thresholds. Defaults() is what garant ships; the config
// file overrides it ([access.rules.<name>] sections: RuleConfigFromSections).
struct RuleConfig {
  std::vector<std::pair<std::string, RuleSetting>> rules;
  int64_t small_count_threshold = 10;  // returned_count in [1, threshold)
  std::chrono::microseconds late_report_after = std::chrono::hours(24);  // strictly more
  // repeated_query: at least `count` successful events of the account with
  // the same query_fingerprint in (occurred_at - window, occurred_at].
  int64_t repeated_query_count = 7;
  std::chrono::microseconds repeated_query_window = std::chrono::hours(24 * 30);
  // volume_spike: patients touched by the account in a Paris day > factor x
  // the median of the `days` previous days, and at least `min`.
  int64_t volume_spike_factor = 10;
  int64_t volume_spike_min = 200;
  int64_t volume_spike_days = 30;
  // off_hours: working hours [start, end) in Paris time, minutes after
  // midnight, Monday to Friday except French public holidays.
  int off_hours_start = 8 * 60;
  int off_hours_end = 20 * 60;
  // dormant_account: the account's previous activity at least this long ago.
  std::chrono::microseconds dormant_after = std::chrono::hours(24 * 90);
  // repeated_denials: at least `count` denied events of the account in
  // (occurred_at - window, occurred_at].
  int64_t repeated_denials_count = 5;
  std::chrono::microseconds repeated_denials_window = std::chrono::hours(1);
  static RuleConfig Defaults();
  // The setting of `name` (disabled when unknown).
  RuleSetting Get(std::string_view name) const;
  // This configuration with the rules `names` disabled (the others as they
  // are): for recordings that must not raise them (tests that pick their
  // times freely, the demo's week recorded at once).
  RuleConfig Without(std::initializer_list<std::string_view> names) const;
};

// Defaults() overridden by the config file's [access.rules.<name>] sections:
// `enabled` (true/false), `severity` (low, medium, high, critical), and each
// rule's thresholds (docs/configuration.md). An unknown rule or key, a bad
// value, a section that is not access.rules.*: kInvalidArgument naming the
// file and line. check_failed cannot be disabled (an event whose checks did
// not run must be seen).
Result<RuleConfig> RuleConfigFromSections(const std::vector<ConfigSection>& sections);

// French public holidays (metropolitan France, Code du travail L3133-1): 1 Jan,
// Easter Monday, 1 May, 8 May, Ascension (Easter + 39), Whit Monday
// (Easter + 50), 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec.
bool IsFrenchPublicHoliday(std::chrono::year_month_day day);
// Easter Sunday of `year` (Gregorian calendar; anonymous Gregorian algorithm).
std::chrono::year_month_day EasterSunday(int year);
// Whether `t` falls outside working hours: in Paris time, a Saturday, a
// Sunday, a public holiday, or a time of day outside [start, end).
bool OutsideWorkingHours(TimePoint t, const RuleConfig& config);
// The Paris calendar day of `t`.
std::chrono::sys_days ParisDay(TimePoint t);
// The same as "YYYY-MM-DD" (the rollups' day, a date input's value).
std::string ParisIsoDay(TimePoint t);

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

// A successful count query of the account, as the differencing check sees it.
struct CountQuery {
  std::string event_id;
  TimePoint occurred_at{};
  std::vector<std::string> criteria;
  int64_t result_count = 0;
};
// An earlier count query that differs from the event's by exactly one
// criterion, with results 1 to threshold-1 apart: subtracting one count from
// the other isolates that few people.
struct DifferencingPeer {
  std::string event_id;
  TimePoint occurred_at{};
  std::string criterion;   // the criterion in one query and not the other
  bool added = false;      // true: the event has it, the earlier query did not
  int64_t difference = 0;  // |result counts' difference|, in [1, threshold)
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
  // The account's activity as recorded when the checks run (the events of
  // earlier batches, and those of the event's own batch: they count toward
  // each other in occurred_at order). Windows come from RuleConfig.
  struct AccountActivity {
    // The account's latest event strictly before occurred_at; nullopt: none
    // (an account never seen before is not dormant).
    std::optional<TimePoint> previous;
    // Successful events of the account with the event's query_fingerprint in
    // (occurred_at - repeated_query_window, occurred_at], this one included
    // (counted up to kCountCap).
    int64_t same_query = 0;
    // Denied events (outcome denied, or action login_failed) of the account in
    // (occurred_at - repeated_denials_window, occurred_at], this one included
    // (up to kCountCap).
    int64_t denials = 0;
    // Patients touched (individual data: inline or set, outcome success) by
    // the account on the event's Paris day, this event included: the day's
    // total recorded before this event's batch, plus the batch's events of
    // that day up to this one in occurred_at order.
    int64_t day_patients = 0;
    // Of which this event's own (TouchedPatients).
    int64_t touched = 0;
    // Patients touched on each of the volume_spike_days previous Paris days
    // (0 for a day without activity), oldest first.
    std::vector<int64_t> previous_days;
    // repeated_query's differencing form: the latest earlier count query of
    // the account in the window that makes a differencing pair with this one
    // (FindDifferencingPeer), if any.
    std::optional<DifferencingPeer> differencing;
  };
  AccountActivity activity;
};

// The result count the differencing check compares: true_count when the
// warehouse sends it (the truth, before any noise), else returned_count.
std::optional<int64_t> ResultCount(const AccessEvent& e);
// Whether `e` is compared with earlier count queries: a successful count
// with query_criteria and a result count.
bool IsDifferencingCandidate(const AccessEvent& e);
// The latest of `earlier` (any order) that pairs with (criteria, count) as
// above, given small_count_threshold; nullopt when none does. Criteria are
// compared as sets (duplicates and order do not matter).
std::optional<DifferencingPeer> FindDifferencingPeer(const std::vector<std::string>& criteria,
                                                     int64_t count,
                                                     const std::vector<CountQuery>& earlier,
                                                     int64_t threshold);

// Counts of AccountActivity stop there (the queries need no more).
inline constexpr int64_t kCountCap = 1000;

// The patients whose individual data `e` touched (inline or set, outcome
// success, a data action), given the size of its set: counted by volume_spike.
int64_t TouchedPatients(const AccessEvent& e, int64_t set_count);
// Whether `e` counts as a denial for repeated_denials.
bool IsDenial(const AccessEvent& e);
// The median of `v` (the mean of the two middle values for an even size; 0
// when empty).
double Median(std::vector<int64_t> v);

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
// registry unreadable): the event is kept, and its checks are run again later
// (AccessStore::RetryFailedChecks).
Finding CheckFailed(const AccessEvent& e, const Status& why, const RuleConfig& config);

}  // namespace garant::access
