// Cases: the review of the access findings (access/DESIGN.md "Cases").
//
// A case is the findings of one warehouse account on one Paris calendar day
// (Europe/Paris, the access's occurred_at). It has no row of its own: it
// exists once it has a finding, and its id names it: "<AAAA-MM-JJ>~<account>"
// (the day first, so ids sort by day; '~' is not an account character).
// Late reports add findings to the case of their day, whatever its status.
//
// Workflow (CheckTransition, pure):
//   new → under_review → justified | incident
//   justified | incident → under_review   (reopening, with a note)
// justified, incident and a reopening need a note. Assignment (to an active
// auditor or DPO, or released) is allowed while the case is open (new,
// under_review); notes at any time. Every change is one row of
// access_case_events and one audit leaf (case.under_review, case.justified,
// case.incident, case.assigned, case.noted; actor "staff:<id>", object
// "case/<id>"), committed in the same transaction. A leaf holds the note's
// SHA-256 and length, never its text (a note may name someone): the row
// holds the text, the leaf commits to it.
//
// Concurrency: a transition carries the status its author saw; the change
// takes a transaction-level advisory lock on the case, re-reads the status
// and refuses a stale one (kConflict, reason case_status_stale), so of two
// concurrent transitions from one status exactly one lands. A unique index on
// the transition's rank in the case backs this up in the database.
//
// Thread-safety: thread-safe (each call borrows its own pooled connection).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/access/store.h"
#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::access {

enum class CaseStatus { kNew, kUnderReview, kJustified, kIncident };
inline constexpr std::array<CaseStatus, 4> kCaseStatuses = {
    CaseStatus::kNew, CaseStatus::kUnderReview, CaseStatus::kJustified, CaseStatus::kIncident};

std::string_view ToString(CaseStatus s);  // "new", "under_review", "justified", "incident"
std::optional<CaseStatus> ParseCaseStatus(std::string_view s);
inline bool IsOpen(CaseStatus s) { return s == CaseStatus::kNew || s == CaseStatus::kUnderReview; }

// Reasons (docs/error-model.md) of the refusals of the workflow.
inline constexpr const char* kReasonCaseStatusStale = "case_status_stale";
inline constexpr const char* kReasonCaseTransitionRefused = "case_transition_refused";
inline constexpr const char* kReasonCaseNoteRequired = "case_note_required";
// A note that is empty, blank, over kMaxNoteBytes, not UTF-8 or with control characters.
inline constexpr const char* kReasonCaseNoteInvalid = "case_note_invalid";
inline constexpr const char* kReasonCaseClosed = "case_closed";
inline constexpr const char* kReasonCaseAssigneeRefused = "case_assignee_refused";

inline constexpr size_t kMaxNoteBytes = 4000;

struct CaseKey {
  std::string day;      // AAAA-MM-JJ (Paris calendar day)
  std::string account;  // the warehouse account
  std::string Id() const { return day + "~" + account; }
};
// kInvalidArgument unless "<valid date>~<account characters>".
Result<CaseKey> ParseCaseId(std::string_view id);

// Whether `from → to` is a step of the workflow, and its note is there when
// needed: kConflict (case_transition_refused) for a step outside the
// workflow, kInvalidArgument (case_note_required) for a missing note. `note`
// has been checked by CheckNote (or is absent).
Status CheckTransition(CaseStatus from, CaseStatus to, const std::optional<std::string>& note);
// A note: valid UTF-8, 1–4,000 bytes, not blank, no control characters but
// tab and line breaks. kInvalidArgument otherwise.
Status CheckNote(std::string_view note);

struct StaffRef {
  int64_t id = 0;
  std::string username;
  std::string display_name;
};

struct CaseSummary {
  std::string id;  // CaseKey::Id()
  CaseKey key;
  CaseStatus status = CaseStatus::kNew;
  std::optional<StaffRef> assignee;
  int64_t finding_count = 0;
  std::string severity;               // the highest of its findings
  std::vector<std::string> rules;     // distinct, sorted
  std::vector<std::string> projects;  // distinct, sorted (events without a project: none)
  TimePoint first_occurred_at{}, last_occurred_at{};
  TimePoint last_raised_at{};
  std::optional<TimePoint> updated_at;  // the latest workflow row
  // Closed, and a finding was raised after it was closed (a late report
  // joined the day): the case deserves a second look (reopen it).
  bool raised_since_closed = false;
};

struct CaseQuery {
  std::optional<std::string> rule;      // cases with a finding of this rule
  std::optional<std::string> severity;  // cases whose highest severity is this one
  std::optional<std::string> account;
  std::optional<std::string> project;  // cases with a finding on this project
  // "new", "under_review", "justified", "incident", or "open" (new or
  // under_review), "closed" (justified or incident).
  std::optional<std::string> status;
  std::optional<std::string> from_day, to_day;  // AAAA-MM-JJ, both inclusive
  int64_t limit = 100;
  std::optional<std::string> cursor;  // the next_cursor of the previous page (a case id)
};

struct CasePage {
  std::vector<CaseSummary> cases;  // newest day first, then account descending
  std::optional<std::string> next_cursor;
};

// One row of the workflow, oldest first in CaseDetail::history.
struct CaseHistoryEntry {
  std::string id;    // also the id of its audit leaf
  std::string kind;  // "transition", "assignment", "note"
  std::optional<CaseStatus> from, to;
  std::optional<StaffRef> assignee;
  std::optional<std::string> note;
  StaffRef actor;
  TimePoint at{};
  uint64_t audit_index = 0;
};

// An access event of the case (a copy of access_events' searchable columns).
struct CaseEvent {
  std::string id;
  uint64_t index = 0;
  TimePoint occurred_at{}, recorded_at{};
  std::string action, outcome;
  std::optional<std::string> project;
  std::optional<int64_t> patient_count;
};

struct CaseDetail {
  CaseSummary summary;
  std::vector<StoredFinding> findings;  // oldest first
  std::vector<CaseEvent> events;        // oldest first
  std::vector<CaseHistoryEntry> history;
};

// What a change recorded.
struct CaseChange {
  CaseSummary summary;           // the case after the change
  std::vector<uint64_t> leaves;  // audit indexes of the entries it appended
};

class CaseStore {
 public:
  CaseStore(db::Pool& pool, audit::AuditLog& log, const Clock& clock, Random& random);

  // kInvalidArgument for a bad filter (severity, status, day, cursor).
  Result<CasePage> List(const CaseQuery& q);
  // The number of cases per status under the same filters (q.status,
  // limit and cursor ignored).
  Result<std::array<int64_t, 4>> CountByStatus(const CaseQuery& q);
  // kNotFound for a case without findings.
  Result<CaseDetail> Get(std::string_view id);

  // `actor`: the staff account id of the reviewer (principal id).
  // Errors: kNotFound (no such case), kConflict (case_status_stale: `expected`
  // is not the current status; case_transition_refused), kInvalidArgument
  // (the note, case_note_required).
  Result<CaseChange> Transition(std::string_view id, CaseStatus expected, CaseStatus to,
                                const std::optional<std::string>& note, int64_t actor);
  // Gives the case to an active auditor or DPO (by username), or releases it
  // (nullopt). kConflict (case_closed) on a closed case; kInvalidArgument
  // (case_assignee_refused) for an unknown, disabled or other-role account.
  Result<CaseChange> Assign(std::string_view id, const std::optional<std::string>& assignee,
                            int64_t actor);
  Result<CaseChange> AddNote(std::string_view id, const std::string& note, int64_t actor);
  // "Take the case": assigns it to `actor` (unless it already is) and, when
  // it is new, moves it to under_review; one transaction, one leaf per
  // change. `expected` as for Transition; a closed case is kConflict
  // (case_closed).
  Result<CaseChange> Take(std::string_view id, CaseStatus expected, int64_t actor);

 private:
  db::Pool& pool_;
  audit::AuditLog& log_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace garant::access
