// GovernanceStore: project transitions and decisions (authorisations and the
// access check: store_authorisations.cc).

#include <algorithm>

#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

struct Deps {
  audit::AuditLog& log;
  const Clock& clock;        // dates the records
  const Clock& audit_clock;  // dates the audit entries
  Random& random;
};

Status Audit(const Deps& d, db::Transaction& tx, const std::string& actor, std::string type,
             std::string object, const boost::json::object& payload) {
  return AppendAudit(d.log, d.audit_clock, d.random, tx, actor, std::move(type), std::move(object),
                     payload);
}

// Changes a locked project's status inside tx: the row, the dated transition,
// its audit entry, and the effect on the project's authorisations.
Status ApplyTransition(const Deps& d, db::Transaction& tx, const Project& p, ProjectStatus to,
                       const std::string& actor, const std::string& note) {
  std::string now = FormatRfc3339Utc(d.clock.Now());
  std::string from(ToString(p.status));
  std::string to_s(ToString(to));
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE gov_projects SET status = $2, status_changed_at = $3 WHERE id = $1",
              {p.id, to_s, now})
          .status());
  GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO gov_project_transitions (project_id, from_status, "
                                 "to_status, at, actor, note) VALUES ($1, $2, $3, $4, $5, $6)",
                                 {p.id, from, to_s, now, actor, note})
                             .status());
  int64_t affected = 0;
  if (to == ProjectStatus::kSuspended) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r,
        tx.Exec("INSERT INTO gov_authorisation_suspensions (authorisation_id, suspended_at, "
                "reason) SELECT a.id, $2, 'project suspended' FROM gov_authorisations a "
                "WHERE a.project_id = $1 AND a.revoked_at IS NULL AND NOT EXISTS (SELECT 1 "
                "FROM gov_authorisation_suspensions s WHERE s.authorisation_id = a.id "
                "AND s.resumed_at IS NULL)",
                {p.id, now}));
    affected = r.Affected();
  } else if (to == ProjectStatus::kActive && p.status == ProjectStatus::kSuspended) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r,
        tx.Exec("UPDATE gov_authorisation_suspensions SET resumed_at = $2 "
                "WHERE resumed_at IS NULL AND reason = 'project suspended' AND authorisation_id "
                "IN (SELECT id FROM gov_authorisations WHERE project_id = $1)",
                {p.id, now}));
    affected = r.Affected();
  } else if (to == ProjectStatus::kClosed) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r, tx.Exec("UPDATE gov_authorisations SET revoked_at = $2, revocation_reason = "
                            "'project closed' WHERE project_id = $1 AND revoked_at IS NULL",
                            {p.id, now}));
    affected = r.Affected();
  }
  return Audit(
      d, tx, actor, "governance.project.transition", "project/" + p.reference,
      {{"from", from}, {"to", to_s}, {"note", note}, {"authorisations_affected", affected}});
}

constexpr const char* kDecisionColumns =
    "d.id, d.project_id, d.meeting_id, d.outcome, d.reasons, d.conditions, d.amends_decision_id, "
    "d.recorded_at, d.recorded_by, d.signed_at, "
    "coalesce(d.signed_by, ''), (SELECT coalesce(string_agg(v.member_id::text || ':' || v.choice, "
    "',' ORDER BY v.member_id), '') FROM gov_votes v WHERE v.decision_id = d.id)";

Result<DecisionRecord> DecisionAt(const db::Rows& rows, int r) {
  DecisionRecord d;
  d.id = rows.Int(r, 0);
  d.draft.project_id = rows.Int(r, 1);
  d.draft.meeting_id = rows.Int(r, 2);
  auto o = ParseOutcome(rows.Text(r, 3));
  if (!o.ok()) return db::UnknownStoredValue("gov_decisions.outcome", rows.Text(r, 3));
  d.draft.outcome = *o;
  d.draft.reasons = rows.Str(r, 4);
  d.draft.conditions = rows.Str(r, 5);
  if (!rows.IsNull(r, 6)) d.draft.amends_decision_id = rows.Int(r, 6);
  d.recorded_at = rows.Time(r, 7);
  d.recorded_by = rows.Str(r, 8);
  d.signed_at = rows.OptionalTime(r, 9);
  d.signed_by = rows.Str(r, 10);
  for (const std::string& item : SplitList(rows.Text(r, 11))) {
    size_t colon = item.find(':');
    if (colon == std::string::npos) continue;
    auto choice = ParseVoteChoice(std::string_view(item).substr(colon + 1));
    auto ids = SplitIds(std::string_view(item).substr(0, colon));
    if (choice.ok() && ids.size() == 1) d.draft.votes.push_back({ids[0], *choice});
  }
  return d;
}

Status SignInTx(const Deps& deps, db::Transaction& tx, int64_t decision_id,
                const std::string& actor) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          tx.Exec(std::string("SELECT ") + kDecisionColumns +
                                      " FROM gov_decisions d WHERE d.id = $1 FOR UPDATE",
                                  {decision_id}));
  if (rows.empty()) return Status::NotFound("decision not found");
  GARANT_ASSIGN_OR_RETURN(DecisionRecord d, DecisionAt(rows, 0));
  if (d.signed_at) {
    return Status::Conflict("decision already signed").WithReason(reason::kDecisionAlreadySigned);
  }
  std::string now = FormatRfc3339Utc(deps.clock.Now());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE gov_decisions SET signed_at = $2, signed_by = $3 WHERE id = $1",
              {decision_id, now, actor})
          .status());
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, d.draft.project_id));
  // Checked again at signing: another decision may have been signed since
  // this one was recorded.
  if (!d.draft.amends_decision_id && p.status != ProjectStatus::kUnderReview) {
    return Status::Conflict("project not under review (status " + std::string(ToString(p.status)) +
                            "): a new opinion must amend the previous decision")
        .WithReason(reason::kProjectNotUnderReview);
  }
  if (d.draft.amends_decision_id) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows other,
        tx.Exec("SELECT 1 FROM gov_decisions WHERE amends_decision_id = $1 AND id <> $2 AND "
                "signed_at IS NOT NULL",
                {*d.draft.amends_decision_id, decision_id}));
    if (!other.empty()) {
      return Status::Conflict("decision already amended: amend the amending decision")
          .WithReason(reason::kDecisionAlreadyAmended);
    }
  }
  GARANT_RETURN_IF_ERROR(Audit(deps, tx, actor, "governance.decision.signed",
                               "decision/" + std::to_string(decision_id),
                               {{"project", p.reference}, {"outcome", ToString(d.draft.outcome)}}));
  std::optional<ProjectStatus> next = StatusAfterDecision(d.draft.outcome);
  bool decided = p.status == ProjectStatus::kApproved ||
                 p.status == ProjectStatus::kApprovedWithConditions ||
                 p.status == ProjectStatus::kRejected;
  std::string note = "decision " + std::to_string(decision_id);
  if (p.status == ProjectStatus::kUnderReview && next) {
    GARANT_RETURN_IF_ERROR(ApplyTransition(deps, tx, p, *next, actor, note));
  } else if (d.draft.amends_decision_id && decided) {
    ProjectStatus to = next.value_or(ProjectStatus::kUnderReview);
    if (to != p.status) {
      GARANT_RETURN_IF_ERROR(ApplyTransition(deps, tx, p, to, actor, note + " (amendment)"));
    }
  }
  if (Favourable(d.draft.outcome) && !p.published_at) {
    GARANT_RETURN_IF_ERROR(
        tx.Exec("UPDATE gov_projects SET published_at = $2 WHERE id = $1", {p.id, now}).status());
    GARANT_RETURN_IF_ERROR(Audit(deps, tx, actor, "governance.project.published",
                                 "project/" + p.reference,
                                 {{"published_at", now}, {"decision_id", decision_id}}));
  }
  return Status::Ok();
}

}  // namespace

Result<Project> GovernanceStore::TransitionProject(const std::string& actor, int64_t project_id,
                                                   ProjectStatus to, const std::string& note) {
  if (note.size() > 2000) return Status::InvalidArgument("note is too long");
  if (DecidedByDecision(to)) {
    return Status::Conflict("transition not allowed: " + std::string(ToString(to)) +
                            " results from a signed decision")
        .WithReason(reason::kStatusSetByDecision);
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, project_id));
  GARANT_RETURN_IF_ERROR(CheckTransition(p.status, to));
  if (to == ProjectStatus::kActive && !p.published_at) {
    return Status::Conflict("project not published: it cannot become active")
        .WithReason(reason::kProjectNotPublished);
  }
  Deps deps{log_, clock_, audit_clock(), random_};
  GARANT_RETURN_IF_ERROR(ApplyTransition(deps, tx, p, to, actor, note));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  p.status = to;
  p.status_changed_at = clock_.Now();
  return p;
}

Result<DecisionRecord> GovernanceStore::RecordDecision(const std::string& actor, DecisionDraft d,
                                                       bool sign) {
  if (d.reasons.size() > 20000 || d.conditions.size() > 20000) {
    return Status::InvalidArgument("reasons or conditions are too long");
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, d.project_id));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows mrows,
      tx.Exec("SELECT committee_id, held_at FROM gov_meetings WHERE id = $1", {d.meeting_id}));
  if (mrows.empty()) return Status::NotFound("meeting not found");
  int64_t committee_id = mrows.Int(0, 0);
  if (committee_id != p.committee_id) {
    return Status::Conflict("the meeting's committee does not review this project")
        .WithReason(reason::kCommitteeNotReviewing);
  }
  MeetingFacts facts;
  facts.held_at = mrows.Time(0, 1);
  if (facts.held_at > clock_.Now()) {
    return Status::Conflict("meeting not yet held: a decision is recorded after its meeting")
        .WithReason(reason::kMeetingNotHeld);
  }
  GARANT_ASSIGN_OR_RETURN(db::Rows crow,
                          tx.Exec("SELECT quorum_numerator, quorum_denominator, quorum_strict, "
                                  "min_patient_representatives FROM gov_committees WHERE id = $1",
                                  {committee_id}));
  facts.quorum = {static_cast<int>(crow.Int(0, 0)), static_cast<int>(crow.Int(0, 1)),
                  crow.Bool(0, 2), static_cast<int>(crow.Int(0, 3))};
  GARANT_ASSIGN_OR_RETURN(Meeting meeting, [&]() -> Result<Meeting> {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r, tx.Exec("SELECT (SELECT coalesce(string_agg(project_id::text, ','), '') FROM "
                            "gov_meeting_agenda WHERE meeting_id = $1), (SELECT "
                            "coalesce(string_agg(member_id::text, ','), '') FROM gov_attendance "
                            "WHERE meeting_id = $1)",
                            {d.meeting_id}));
    Meeting m;
    m.agenda = SplitIds(r.Text(0, 0));
    m.present = SplitIds(r.Text(0, 1));
    return m;
  }());
  facts.agenda = meeting.agenda;
  facts.present = meeting.present;
  GARANT_ASSIGN_OR_RETURN(
      db::Rows members,
      tx.Exec("SELECT id, role, voting, to_char(term_start, 'YYYY-MM-DD'), "
              "to_char(term_end, 'YYYY-MM-DD') FROM gov_members WHERE committee_id = $1",
              {committee_id}));
  for (int r = 0; r < members.size(); ++r) {
    Member m;
    m.id = members.Int(r, 0);
    m.committee_id = committee_id;
    auto role = ParseMemberRole(members.Text(r, 1));
    m.role = role.ok() ? *role : MemberRole::kMember;
    m.voting = members.Bool(r, 2);
    m.term_start = *ParseDate(members.Text(r, 3));
    if (!members.IsNull(r, 4)) m.term_end = *ParseDate(members.Text(r, 4));
    facts.members.push_back(m);
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows conflicts,
      tx.Exec("SELECT member_id FROM gov_conflicts WHERE project_id = $1", {d.project_id}));
  for (int r = 0; r < conflicts.size(); ++r) {
    facts.conflicts.push_back({conflicts.Int(r, 0), d.project_id, ""});
  }
  if (d.amends_decision_id) {
    GARANT_ASSIGN_OR_RETURN(db::Rows a,
                            tx.Exec("SELECT project_id, signed_at IS NOT NULL FROM gov_decisions "
                                    "WHERE id = $1",
                                    {*d.amends_decision_id}));
    if (a.empty()) return Status::NotFound("amended decision not found");
    if (a.Int(0, 0) != d.project_id) {
      return Status::InvalidArgument(
                 "an amendment concerns the same project as the decision "
                 "it amends")
          .WithReason(reason::kAmendmentOtherProject);
    }
    if (!a.Bool(0, 1)) {
      return Status::Conflict(
                 "only a signed decision is amended; an unsigned one is "
                 "corrected by recording it anew")
          .WithReason(reason::kAmendedDecisionUnsigned);
    }
  } else if (p.status != ProjectStatus::kUnderReview) {
    return Status::Conflict("project not under review (status " + std::string(ToString(p.status)) +
                            "): a new opinion must amend the previous decision")
        .WithReason(reason::kProjectNotUnderReview);
  }
  GARANT_RETURN_IF_ERROR(ValidateDecision(d, facts));

  std::optional<std::string> amends;
  if (d.amends_decision_id) amends = std::to_string(*d.amends_decision_id);
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows ins,
      tx.Exec("INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, conditions, "
              "amends_decision_id, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, "
              "$6::bigint, $7, $8) RETURNING id",
              {d.project_id, d.meeting_id, std::string(ToString(d.outcome)), d.reasons,
               d.conditions, db::Param::Optional(amends), now, actor}));
  DecisionRecord rec;
  rec.id = ins.Int(0, 0);
  boost::json::array votes;
  for (const Vote& v : d.votes) {
    GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO gov_votes (decision_id, member_id, choice) "
                                   "VALUES ($1, $2, $3)",
                                   {rec.id, v.member_id, std::string(ToString(v.choice))})
                               .status());
    votes.push_back(boost::json::object{{"member_id", v.member_id}, {"vote", ToString(v.choice)}});
  }
  QuorumReport q =
      EvaluateQuorum(facts.quorum, facts.members, facts.present, DateOf(facts.held_at));
  boost::json::object payload{
      {"project", p.reference},
      {"meeting_id", d.meeting_id},
      {"outcome", ToString(d.outcome)},
      {"reasons", d.reasons},
      {"conditions", d.conditions},
      {"votes", votes},
      {"voting_present", q.voting_present},
      {"voting_total", q.voting_total},
      {"patient_representatives_present", q.patient_representatives_present}};
  if (d.amends_decision_id) payload["amends_decision_id"] = *d.amends_decision_id;
  Deps deps{log_, clock_, audit_clock(), random_};
  GARANT_RETURN_IF_ERROR(Audit(deps, tx, actor, "governance.decision.recorded",
                               "decision/" + std::to_string(rec.id), payload));
  if (sign) GARANT_RETURN_IF_ERROR(SignInTx(deps, tx, rec.id, actor));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return GetDecision(rec.id);
}

Result<DecisionRecord> GovernanceStore::SignDecision(const std::string& actor,
                                                     int64_t decision_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(SignInTx({log_, clock_, audit_clock(), random_}, tx, decision_id, actor));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return GetDecision(decision_id);
}

Result<DecisionRecord> GovernanceStore::GetDecision(int64_t id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kDecisionColumns +
                                                        " FROM gov_decisions d WHERE d.id = $1",
                                                    {id}));
  if (rows.empty()) return Status::NotFound("decision not found");
  return DecisionAt(rows, 0);
}

Result<std::vector<DecisionRecord>> GovernanceStore::ListDecisions(
    std::optional<int64_t> project_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  std::optional<std::string> pid;
  if (project_id) pid = std::to_string(*project_id);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec(std::string("SELECT ") + kDecisionColumns +
                     " FROM gov_decisions d WHERE $1::bigint IS NULL OR d.project_id = $1::bigint "
                     "ORDER BY d.id",
                 {db::Param::Optional(pid)}));
  std::vector<DecisionRecord> out;
  for (int r = 0; r < rows.size(); ++r) {
    GARANT_ASSIGN_OR_RETURN(DecisionRecord d, DecisionAt(rows, r));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace garant::governance
