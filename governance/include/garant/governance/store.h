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
// Two-person rule (sql/0017): a decision is recorded, signed, then co-signed
// by another actor; an authorisation is issued, then confirmed by another
// actor. Only the second signature gives the act its effect.
// Co-signing a decision moves an under_review project to the outcome's status
// (rules.h StatusAfterDecision); a co-signed amendment of a decided
// (approved*, rejected) project not yet active sets the amendment's status.
// Co-signing a favourable decision publishes the project (published_at) if
// not yet done.
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
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/governance/access_check.h"
#include "garant/governance/model.h"
#include "garant/governance/portal.h"
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

// A decision not about a project (sql/0027), with its topic and meeting.
struct TopicDecision {
  DecisionRecord decision;
  Topic topic;
  TimePoint held_at{};
  int64_t committee_id = 0;
  std::string committee_name;
  // The first decision in force (co-signed) that amends this one, if any:
  // from its co-signature this one is replaced and no longer in force.
  std::optional<int64_t> replaced_by;
  std::optional<TimePoint> replaced_at;  // the amending decision's co-signature
  bool replaced_by_public = false;       // whether the portal lists the amending one
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
  ConflictSource source = ConflictSource::kDeclared;
  std::optional<int64_t> meeting_id;      // source kMeeting
  std::optional<int64_t> declaration_id;  // source kDeclaration
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
  // Every member ever appointed (in office or not), oldest first.
  Result<std::vector<Member>> ListMembers(int64_t committee_id);
  // Ends a mandate on `last_day` (inclusive) for `why` (not kNone:
  // invalid_mandate_end); kInvalidArgument invalid_term when before its
  // start, correction_unchanged when it already ends so; kNotFound for an
  // unknown member. The member is kept (past meetings keep their quorum and
  // votes); the previous end date goes to the history (ListCorrections
  // kMemberTermEnd). Audit: governance.member.mandate_ended.
  Result<Member> EndMembership(const std::string& actor, int64_t member_id, Date last_day,
                               MandateEnd why, const std::string& note);
  // Appoints `successor` to the committee of `member_id` in their place: the
  // predecessor's mandate ends the day before successor.term_start (or
  // earlier if it already had), reason kReplaced; the successor records
  // replaces_member_id. kInvalidArgument replacement_starts_too_early when
  // the successor would start on or before the predecessor's start,
  // invalid_term for a successor's end before its start. Audit:
  // governance.member.replaced (object committee/<code>).
  Result<Member> ReplaceMember(const std::string& actor, int64_t member_id, Member successor,
                               const std::string& note);

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
  // A conflict declared on the project page, or at a meeting (meeting_id:
  // a meeting of the project's committee with the project on its agenda,
  // else kConflict project_not_on_agenda).
  Result<ConflictRecord> DeclareConflict(const std::string& actor, Conflict c,
                                         std::optional<int64_t> meeting_id = std::nullopt);
  Result<std::vector<ConflictRecord>> ListConflicts();

  // ---- declarations of interest (sql/0029) ----
  // Records a member's declaration (kInvalidArgument invalid_declaration for
  // a year outside 2000..2100, a signature date in the future, a blank or
  // long summary, a bad organisation; kNotFound for an unknown member); the
  // organisations are stored trimmed and lower-case. Then derives the
  // conflicts: each open project (not rejected or closed) of the member's
  // committee whose organisation is named gets a conflict (source
  // kDeclaration) unless one exists. Audit: governance.member.interests_declared
  // and governance.conflict.declared per derived conflict, in one transaction.
  Result<InterestDeclaration> RecordDeclaration(const std::string& actor, InterestDeclaration d);
  // Every declaration of the committee's members, newest first.
  Result<std::vector<InterestDeclaration>> ListDeclarations(int64_t committee_id);

  // ---- decisions ----
  // Validates (rules.h ValidateDecision) and records; signs at once when
  // `sign`. A signed decision is immutable and pending until co-signed.
  // A decision on a topic (d.topic_id, a topic of the meeting's agenda) has
  // the same quorum, votes, signatures and immutability; co-signed, it is
  // in force and changes no project. It amends only a topic decision of the
  // same category (amendment_other_subject).
  Result<DecisionRecord> RecordDecision(const std::string& actor, DecisionDraft d, bool sign);
  // kConflict decision_already_signed when signed.
  Result<DecisionRecord> SignDecision(const std::string& actor, int64_t decision_id);
  // Discards a decision recorded by mistake and never signed (a draft): its
  // row and votes are deleted, with the audit entry
  // governance.decision.discarded (object decision/<id>; payload
  // decision_id, meeting_id, project reference or topic_id, outcome,
  // recorded_by, discarded_by, reason), in one transaction. Its
  // governance.decision.recorded entry stays in the log. Returns the decision
  // as it was. kInvalidArgument discard_reason_required for a blank reason or
  // one over 2000 bytes; kNotFound for an unknown id; kConflict
  // decision_already_signed once signed (nothing changes: a signed decision
  // is corrected by an amendment), decision_referenced when another decision
  // amends it or an authorisation names it.
  Result<DecisionRecord> DiscardDecision(const std::string& actor, int64_t decision_id,
                                         const std::string& reason);
  // The second signature: `actor` must be neither the recorder nor the
  // signer (kPermissionDenied, reason same_signatory); kConflict
  // decision_not_signed / decision_already_cosigned, and the rules of a
  // decision taking effect (project_not_under_review,
  // decision_already_amended). The audit entry governance.decision.cosigned
  // carries both signatures (actors and times).
  Result<DecisionRecord> CosignDecision(const std::string& actor, int64_t decision_id);
  Result<DecisionRecord> GetDecision(int64_t id);
  // Every decision (about a project or a topic), or those of one project;
  // oldest first.
  Result<std::vector<DecisionRecord>> ListDecisions(std::optional<int64_t> project_id);
  // The decisions on topics (charters, access rules, priorities), newest
  // meeting first, each with the decision that replaced it (replaced_by).
  // public_in_force: only the effective (co-signed) public ones, as the
  // portal shows them (a replaced one included, marked by replaced_by).
  Result<std::vector<TopicDecision>> ListTopicDecisions(bool public_in_force);

  // ---- authorisations ----
  // a.project_id and a.decision_id must match an effective (co-signed)
  // favourable decision on that project; validated by ValidateAuthorisation.
  // The authorisation is pending (not counted by the access check) until
  // confirmed.
  Result<Authorisation> CreateAuthorisation(const std::string& actor, Authorisation a);
  // The second signature: `actor` must not be the issuer (kPermissionDenied,
  // reason same_signatory); kConflict authorisation_already_confirmed, or
  // authorisation_revoked. The audit entry governance.authorisation.confirmed
  // carries both signatures.
  Result<Authorisation> ConfirmAuthorisation(const std::string& actor, int64_t id);
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

  // ---- directory fields of the portal (portal.h, sql/0031) ----
  // Publishes a new version of the project's directory fields: every field
  // as given but the results, kept from the current version (results are
  // added by AddPortalResult). The earlier versions stay (the portal's
  // history). kInvalidArgument with the reason of ValidatePortalFields, or
  // portal_unchanged when nothing differs; kNotFound for an unknown
  // project. Audit: governance.portal.published (object project/<ref>;
  // version, changed field names, fields_sha256), in the same transaction.
  Result<PortalVersion> PublishPortalFields(const std::string& actor, int64_t project_id,
                                            PortalFields fields);
  // Adds one result or publication (a new version, changed "results"), any
  // time after the committee's approval: kConflict results_before_approval
  // while the project is submitted, under review or rejected. The audit
  // payload also carries result_id, result_action "added" and result_title.
  // The result takes the next id (NextPortalResultId); its id, correction
  // and withdrawal fields as given are ignored.
  Result<PortalVersion> AddPortalResult(const std::string& actor, int64_t project_id,
                                        PortalResult result);
  // Corrects the result `result_id` (title, date, url, doi as in `corrected`),
  // dated now (corrected_at) with the reason `note` ("" = not said); a new
  // version, changed "results": the earlier versions keep the text as it
  // was, and the portal says the result was corrected and when. kNotFound:
  // no such result in the project; kConflict portal_result_withdrawn: it was
  // withdrawn; portal_unchanged: the same text; the reasons of
  // ValidatePortalFields. Audit payload: result_id, result_action
  // "corrected", result_title (the new one), note.
  Result<PortalVersion> CorrectPortalResult(const std::string& actor, int64_t project_id,
                                            int64_t result_id, PortalResult corrected,
                                            const std::string& note);
  // Withdraws the result `result_id`: it stays in the fields, marked
  // withdrawn now (withdrawn_at) with the reason `note`; the portal lists it
  // as withdrawn, without its link. kNotFound, kConflict
  // portal_result_withdrawn (already withdrawn). Audit payload: result_id,
  // result_action "withdrawn", result_title, note.
  Result<PortalVersion> WithdrawPortalResult(const std::string& actor, int64_t project_id,
                                             int64_t result_id, const std::string& note);
  // The latest version (nullopt: none published yet).
  Result<std::optional<PortalVersion>> CurrentPortalFields(int64_t project_id);
  // Every version of the project, newest first.
  Result<std::vector<PortalVersion>> ListPortalVersions(int64_t project_id);

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
  // One change of the directory fields, in one transaction: `edit` turns
  // the current fields (empty before the first version) into the next ones
  // and names the result it concerns (0: none); `result_action` ("" when the
  // change is not a result's) goes into the audit payload.
  Result<PortalVersion> PublishPortalVersion(
      const std::string& actor, int64_t project_id, std::string_view result_action,
      const std::function<Status(PortalFields&, TimePoint now, int64_t* result_id)>& edit);
  Result<Correction> Correct(const std::string& actor, CorrectionSubject subject, int64_t id,
                             const std::string& value, const std::string& note);
};

}  // namespace garant::governance
