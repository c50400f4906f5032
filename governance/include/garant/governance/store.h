// GovernanceStore: the governance records in PostgreSQL (sql/0005_governance.sql).
//
// Every change is validated by the pure rules (rules.h) against the stored
// state, read in the same transaction, and written together with its
// audit-log entry (audit::AuditLog::AppendInTx) in that transaction: no
// record without its event, no event without its record. Projects, decisions
// and authorisations are locked (SELECT ... FOR UPDATE) while they change.
//
// Side effects of project transitions on authorisations, so that the access
// check (access_check.h) answers from authorisations alone:
//   active → suspended      opens a suspension on each live authorisation;
//   suspended → active      closes those suspensions;
//   → closed                revokes every live authorisation.
// Signing a decision moves an under_review project to the outcome's status
// (rules.h StatusAfterDecision); a signed amendment of a decided (approved*,
// rejected) project not yet active sets the amendment's status. Signing a
// favourable decision publishes the project (published_at) if not yet done.
// Recording a meeting moves every submitted project on its agenda to
// under_review.
//
// `actor` arguments are audit actors ("staff:<id>", "service:<id>").
// Thread-safety: thread-safe (each call borrows its own pooled connection).
// Errors: the rules' kInvalidArgument / kConflict; kNotFound for unknown
// ids; database errors as mapped by db::MapSqlState (kPermissionDenied when
// the database refuses to change a signed decision).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/governance/access_check.h"
#include "garant/governance/model.h"
#include "garant/governance/rules.h"

namespace garant::governance {

// A project on the public portal, with the committee's latest signed opinion.
struct PublishedProject {
  Project project;
  std::string committee_name;
  std::optional<Outcome> opinion;
  std::optional<TimePoint> opinion_date;
  std::string opinion_conditions;
};

// A correction of a text written after the fact (gov_corrections): the
// record holds the new value, the correction keeps the previous one.
enum class CorrectionSubject {
  kProjectSummary,    // gov_projects.public_summary
  kProjectHdhNumber,  // gov_projects.hdh_directory_number ("" = none)
  kMemberTermEnd,     // gov_members.term_end, "YYYY-MM-DD" ("" = open-ended)
  kMeetingMinutes,    // gov_meetings.minutes ("" = none yet)
};
std::string_view ToString(CorrectionSubject s);

struct Correction {
  int64_t id = 0;
  CorrectionSubject subject = CorrectionSubject::kProjectSummary;
  int64_t subject_id = 0;
  std::string old_value;
  std::string new_value;
  std::string note;
  TimePoint at{};
  std::string actor;
};

// "" or up to 64 characters among A–Z, a–z, 0–9, space, '.', '-', '_', '/'.
bool ValidHdhDirectoryNumber(std::string_view s);

struct ConflictRecord {
  int64_t id = 0;
  Conflict conflict;
  TimePoint declared_at{};
};

class GovernanceStore {
 public:
  GovernanceStore(db::Pool& pool, audit::AuditLog& log, const Clock& clock, Random& random)
      : pool_(pool), log_(log), clock_(clock), random_(random) {}

  // The clock that dates the audit entries (by default the store's clock,
  // which dates the records). An audit entry's time is when it was written:
  // the demo seeder, which dates its records in the past, sets the real clock
  // here so that the log's times never run backwards.
  void UseAuditClock(const Clock& clock) { audit_clock_ = &clock; }

  // ---- settings ----
  Result<int> PublicationDelayDays();
  Result<PurposeCatalogue> Purposes();

  // ---- committees and members ----
  Result<Committee> CreateCommittee(const std::string& actor, Committee c);
  Result<std::vector<Committee>> ListCommittees();
  Result<Committee> GetCommittee(int64_t id);
  Result<Member> AddMember(const std::string& actor, Member m);
  Result<std::vector<Member>> ListMembers(int64_t committee_id);

  // ---- projects ----
  Result<Project> CreateProject(const std::string& actor, Project p);
  Result<std::vector<Project>> ListProjects();
  Result<Project> GetProject(int64_t id);
  Result<Project> GetProjectByReference(const std::string& reference);
  // A manual transition (not to approved*, rejected: those come from decisions).
  Result<Project> TransitionProject(const std::string& actor, int64_t project_id, ProjectStatus to,
                                    const std::string& note);
  Result<std::vector<PublishedProject>> ListPublishedProjects();

  // ---- meetings and conflicts ----
  Result<Meeting> RecordMeeting(const std::string& actor, Meeting m);
  Result<std::vector<Meeting>> ListMeetings();
  Result<Meeting> GetMeeting(int64_t id);
  Result<ConflictRecord> DeclareConflict(const std::string& actor, Conflict c);
  Result<std::vector<ConflictRecord>> ListConflicts();

  // ---- decisions ----
  // Validates (rules.h ValidateDecision) and records; signs at once when
  // `sign` (the usual path from the console).
  Result<DecisionRecord> RecordDecision(const std::string& actor, DecisionDraft d, bool sign);
  Result<DecisionRecord> SignDecision(const std::string& actor, int64_t decision_id);
  Result<DecisionRecord> GetDecision(int64_t id);
  // Every decision, or those of one project; oldest first.
  Result<std::vector<DecisionRecord>> ListDecisions(std::optional<int64_t> project_id);

  // ---- authorisations ----
  // a.project_id and a.decision_id must match a signed favourable decision
  // on that project; validated by ValidateAuthorisation.
  Result<Authorisation> CreateAuthorisation(const std::string& actor, Authorisation a);
  Status SuspendAuthorisation(const std::string& actor, int64_t id, const std::string& reason);
  Status ResumeAuthorisation(const std::string& actor, int64_t id);
  Status RevokeAuthorisation(const std::string& actor, int64_t id, const std::string& reason);
  Result<std::vector<Authorisation>> ListAuthorisations(std::optional<int64_t> project_id);

  // ---- corrections (history kept) ----
  // Each writes the new value in the record, the previous one in
  // gov_corrections, and an audit entry (governance.project.summary_corrected,
  // .project.hdh_number_set, .member.term_end_corrected,
  // .meeting.minutes_corrected, payload: old and new values and the note), in
  // one transaction. kInvalidArgument for an invalid value (and for an
  // unchanged one, reason correction_unchanged), kNotFound for an unknown id.
  Result<Correction> CorrectProjectSummary(const std::string& actor, int64_t project_id,
                                           const std::string& summary, const std::string& note);
  Result<Correction> SetProjectHdhNumber(const std::string& actor, int64_t project_id,
                                         const std::string& number, const std::string& note);
  // `term_end` inclusive; nullopt: the mandate has no end.
  Result<Correction> CorrectMemberTermEnd(const std::string& actor, int64_t member_id,
                                          std::optional<Date> term_end, const std::string& note);
  Result<Correction> CorrectMinutes(const std::string& actor, int64_t meeting_id,
                                    const std::string& minutes, const std::string& note);
  // The corrections of one record, oldest first.
  Result<std::vector<Correction>> ListCorrections(CorrectionSubject subject, int64_t subject_id);

  // ---- access check ----
  // Loads the authorisations of the project named `project_reference` and
  // runs CheckAccess (an unknown project gives no_authorisation).
  Result<AccessDecision> CheckAccessFor(const std::string& project_reference,
                                        const AccessRequest& request);

 private:
  db::Pool& pool_;
  audit::AuditLog& log_;
  const Clock& clock_;
  Random& random_;
  const Clock* audit_clock_ = nullptr;
  const Clock& audit_clock() const { return audit_clock_ != nullptr ? *audit_clock_ : clock_; }
  Result<Correction> Correct(const std::string& actor, CorrectionSubject subject, int64_t id,
                             const std::string& value, const std::string& note);
};

}  // namespace garant::governance
