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
    "',' ORDER BY v.member_id), '') FROM gov_votes v WHERE v.decision_id = d.id), "
    "d.cosigned_at, coalesce(d.cosigned_by, ''), d.topic_id, d.public";

Result<DecisionRecord> DecisionAt(const db::Rows& rows, int r) {
  DecisionRecord d;
  d.id = rows.Int(r, 0);
  d.draft.project_id = rows.IsNull(r, 1) ? 0 : rows.Int(r, 1);
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
  d.cosigned_at = rows.OptionalTime(r, 12);
  d.cosigned_by = rows.Str(r, 13);
  if (!rows.IsNull(r, 14)) d.draft.topic_id = rows.Int(r, 14);
  d.draft.is_public = rows.Bool(r, 15);
  return d;
}

Result<DecisionRecord> LockDecision(db::Transaction& tx, int64_t decision_id) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          tx.Exec(std::string("SELECT ") + kDecisionColumns +
                                      " FROM gov_decisions d WHERE d.id = $1 FOR UPDATE",
                                  {decision_id}));
  if (rows.empty()) return Status::NotFound("decision not found");
  return DecisionAt(rows, 0);
}

// The checks that hold both at signing (early refusal) and at co-signing
// (where the decision takes effect): a first opinion needs the project under
// review; an amendment needs its amended decision not amended by another
// effective one.
Status CheckStillDecidable(db::Transaction& tx, const DecisionRecord& d,
                           const std::optional<Project>& p) {
  if (p && !d.draft.amends_decision_id && p->status != ProjectStatus::kUnderReview) {
    return Status::Conflict("project not under review (status " + std::string(ToString(p->status)) +
                            "): a new opinion must amend the previous decision")
        .WithReason(reason::kProjectNotUnderReview);
  }
  if (d.draft.amends_decision_id) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows other,
        tx.Exec("SELECT 1 FROM gov_decisions WHERE amends_decision_id = $1 AND id <> $2 AND "
                "cosigned_at IS NOT NULL",
                {*d.draft.amends_decision_id, d.id}));
    if (!other.empty()) {
      return Status::Conflict("decision already amended: amend the amending decision")
          .WithReason(reason::kDecisionAlreadyAmended);
    }
  }
  return Status::Ok();
}

// The decision's project, locked, or nullopt for a topic decision.
Result<std::optional<Project>> LockSubject(db::Transaction& tx, const DecisionRecord& d) {
  if (d.draft.project_id == 0) return std::optional<Project>();
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, d.draft.project_id));
  return std::optional<Project>(std::move(p));
}

// The audit payload's subject: {"project": reference} or {"topic_id": id}.
void AddSubject(boost::json::object& payload, const DecisionRecord& d,
                const std::optional<Project>& p) {
  if (p) {
    payload["project"] = p->reference;
  } else if (d.draft.topic_id) {
    payload["topic_id"] = *d.draft.topic_id;
    payload["public"] = d.draft.is_public;
  }
}

// The first signature: the decision is final in its content (immutable) but
// pending until co-signed by another actor (CosignInTx), which gives it its
// effects.
Status SignInTx(const Deps& deps, db::Transaction& tx, int64_t decision_id,
                const std::string& actor) {
  GARANT_ASSIGN_OR_RETURN(DecisionRecord d, LockDecision(tx, decision_id));
  if (d.signed_at) {
    return Status::Conflict("decision already signed").WithReason(reason::kDecisionAlreadySigned);
  }
  GARANT_ASSIGN_OR_RETURN(std::optional<Project> p, LockSubject(tx, d));
  GARANT_RETURN_IF_ERROR(CheckStillDecidable(tx, d, p));
  std::string now = FormatRfc3339Utc(deps.clock.Now());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE gov_decisions SET signed_at = $2, signed_by = $3 WHERE id = $1",
              {decision_id, now, actor})
          .status());
  boost::json::object payload{{"outcome", ToString(d.draft.outcome)},
                              {"recorded_by", d.recorded_by},
                              {"signed_by", actor},
                              {"signed_at", now},
                              {"pending_cosignature", true}};
  AddSubject(payload, d, p);
  return Audit(deps, tx, actor, "governance.decision.signed",
               "decision/" + std::to_string(decision_id), payload);
}

// The second signature, by an actor other than the recorder and the signer:
// the decision takes effect (project status, publication).
Status CosignInTx(const Deps& deps, db::Transaction& tx, int64_t decision_id,
                  const std::string& actor) {
  GARANT_ASSIGN_OR_RETURN(DecisionRecord d, LockDecision(tx, decision_id));
  if (!d.signed_at) {
    return Status::Conflict("decision not signed: it is co-signed after its signature")
        .WithReason(reason::kDecisionNotSigned);
  }
  if (d.cosigned_at) {
    return Status::Conflict("decision already co-signed")
        .WithReason(reason::kDecisionAlreadyCosigned);
  }
  GARANT_RETURN_IF_ERROR(CheckSecondSignatory(actor, {d.recorded_by, d.signed_by}));
  GARANT_ASSIGN_OR_RETURN(std::optional<Project> subject, LockSubject(tx, d));
  // Checked again: another decision may have taken effect since this one was
  // signed.
  GARANT_RETURN_IF_ERROR(CheckStillDecidable(tx, d, subject));
  std::string now = FormatRfc3339Utc(deps.clock.Now());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE gov_decisions SET cosigned_at = $2, cosigned_by = $3 WHERE id = $1",
              {decision_id, now, actor})
          .status());
  boost::json::object payload{{"outcome", ToString(d.draft.outcome)},
                              {"recorded_by", d.recorded_by},
                              {"signed_by", d.signed_by},
                              {"signed_at", FormatRfc3339Utc(*d.signed_at)},
                              {"cosigned_by", actor},
                              {"cosigned_at", now}};
  AddSubject(payload, d, subject);
  GARANT_RETURN_IF_ERROR(Audit(deps, tx, actor, "governance.decision.cosigned",
                               "decision/" + std::to_string(decision_id), payload));
  // A topic decision has no effect beyond itself: it is in force, and shown
  // on the portal when public.
  if (!subject) return Status::Ok();
  const Project& p = *subject;
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
  GARANT_RETURN_IF_ERROR(CheckDecisionSubject(d));
  if (d.topic_id) d.project_id = 0;
  if (d.project_id != 0) d.is_public = true;  // a project decision is public with its project
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  std::optional<Project> subject;
  if (d.project_id != 0) {
    GARANT_ASSIGN_OR_RETURN(subject, LockProject(tx, d.project_id));
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows mrows,
      tx.Exec("SELECT committee_id, held_at FROM gov_meetings WHERE id = $1", {d.meeting_id}));
  if (mrows.empty()) return Status::NotFound("meeting not found");
  int64_t committee_id = mrows.Int(0, 0);
  if (subject && committee_id != subject->committee_id) {
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
  GARANT_ASSIGN_OR_RETURN(db::Rows trows,
                          tx.Exec("SELECT id, meeting_id, category, title FROM gov_meeting_topics "
                                  "WHERE meeting_id = $1 ORDER BY id",
                                  {d.meeting_id}));
  for (int r = 0; r < trows.size(); ++r) {
    GARANT_ASSIGN_OR_RETURN(Topic t, TopicAt(trows, r, 0));
    facts.topics.push_back(std::move(t));
  }
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
    GARANT_ASSIGN_OR_RETURN(
        db::Rows a,
        tx.Exec("SELECT coalesce(d.project_id, 0), d.signed_at IS NOT NULL, d.cosigned_at IS NOT "
                "NULL, coalesce(t.category, ''), d.topic_id IS NOT NULL FROM gov_decisions d "
                "LEFT JOIN gov_meeting_topics t ON t.id = d.topic_id WHERE d.id = $1",
                {*d.amends_decision_id}));
    if (a.empty()) return Status::NotFound("amended decision not found");
    if (d.topic_id) {
      // A topic decision amends a decision of the same category of topic
      // (a charter amends a charter), recorded at any meeting.
      auto own = std::find_if(facts.topics.begin(), facts.topics.end(),
                              [&](const Topic& t) { return t.id == *d.topic_id; });
      if (!a.Bool(0, 4) || (own != facts.topics.end() && a.Text(0, 3) != ToString(own->category))) {
        return Status::InvalidArgument(
                   "a decision on a topic amends a decision on a topic of the same category")
            .WithReason(reason::kAmendmentOtherSubject);
      }
    } else if (a.Int(0, 0) != d.project_id) {
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
    if (!a.Bool(0, 2)) {
      return Status::Conflict(
                 "the amended decision awaits its co-signature: only an effective decision "
                 "is amended")
          .WithReason(reason::kDecisionNotCosigned);
    }
  } else if (subject && subject->status != ProjectStatus::kUnderReview) {
    return Status::Conflict("project not under review (status " +
                            std::string(ToString(subject->status)) +
                            "): a new opinion must amend the previous decision")
        .WithReason(reason::kProjectNotUnderReview);
  }
  GARANT_RETURN_IF_ERROR(ValidateDecision(d, facts));

  std::optional<std::string> amends, project, topic;
  if (d.amends_decision_id) amends = std::to_string(*d.amends_decision_id);
  if (subject) project = std::to_string(subject->id);
  if (d.topic_id) topic = std::to_string(*d.topic_id);
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows ins,
      tx.Exec("INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, conditions, "
              "amends_decision_id, recorded_at, recorded_by, topic_id, public) VALUES "
              "($1::bigint, $2, $3, $4, $5, $6::bigint, $7, $8, $9::bigint, $10) RETURNING id",
              {db::Param::Optional(project), d.meeting_id, std::string(ToString(d.outcome)),
               d.reasons, d.conditions, db::Param::Optional(amends), now, actor,
               db::Param::Optional(topic), d.is_public}));
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
      {"meeting_id", d.meeting_id},
      {"outcome", ToString(d.outcome)},
      {"reasons", d.reasons},
      {"conditions", d.conditions},
      {"votes", votes},
      {"voting_present", q.voting_present},
      {"voting_total", q.voting_total},
      {"patient_representatives_present", q.patient_representatives_present}};
  if (d.amends_decision_id) payload["amends_decision_id"] = *d.amends_decision_id;
  if (subject) {
    payload["project"] = subject->reference;
    // Recusals, for the minutes: the present members conflicted on the
    // project, who took no part in the vote.
    boost::json::array recused;
    for (int64_t id : facts.present) {
      if (Conflicted(facts.conflicts, id, subject->id)) recused.emplace_back(id);
    }
    payload["recused"] = recused;
  } else {
    auto t = std::find_if(facts.topics.begin(), facts.topics.end(),
                          [&](const Topic& x) { return x.id == *d.topic_id; });
    payload["topic_id"] = *d.topic_id;
    payload["category"] = ToString(t->category);
    payload["title"] = t->title;
    payload["public"] = d.is_public;
  }
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

Result<DecisionRecord> GovernanceStore::DiscardDecision(const std::string& actor,
                                                        int64_t decision_id,
                                                        const std::string& reason) {
  GARANT_RETURN_IF_ERROR(ValidateDiscardReason(reason));
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(DecisionRecord d, LockDecision(tx, decision_id));
  if (d.signed_at) {
    return Status::Conflict(
               "decision already signed: it is amended by a new decision, never "
               "discarded")
        .WithReason(reason::kDecisionAlreadySigned);
  }
  // Only a co-signed decision is amended or authorises (RecordDecision,
  // CreateAuthorisation): checked all the same, so that the refusal is named
  // rather than a foreign-key error.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows refs,
      tx.Exec("SELECT EXISTS (SELECT 1 FROM gov_decisions WHERE amends_decision_id = $1) OR "
              "EXISTS (SELECT 1 FROM gov_authorisations WHERE decision_id = $1)",
              {decision_id}));
  if (refs.Bool(0, 0)) {
    return Status::Conflict("another decision or an authorisation names this decision")
        .WithReason(reason::kDecisionReferenced);
  }
  GARANT_ASSIGN_OR_RETURN(std::optional<Project> subject, LockSubject(tx, d));
  // The database refuses both deletions once the decision is signed
  // (gov_decision_guard, gov_vote_guard): the last guard.
  GARANT_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM gov_votes WHERE decision_id = $1", {decision_id}).status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows gone,
      tx.Exec("DELETE FROM gov_decisions WHERE id = $1 AND signed_at IS NULL", {decision_id}));
  if (gone.Affected() != 1) return Status::Internal("the locked decision was not deleted");
  boost::json::object payload{{"decision_id", decision_id},
                              {"meeting_id", d.draft.meeting_id},
                              {"outcome", ToString(d.draft.outcome)},
                              {"recorded_by", d.recorded_by},
                              {"discarded_by", actor},
                              {"reason", reason}};
  AddSubject(payload, d, subject);
  GARANT_RETURN_IF_ERROR(Audit({log_, clock_, audit_clock(), random_}, tx, actor,
                               "governance.decision.discarded",
                               "decision/" + std::to_string(decision_id), payload));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return d;
}

Result<DecisionRecord> GovernanceStore::CosignDecision(const std::string& actor,
                                                       int64_t decision_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(
      CosignInTx({log_, clock_, audit_clock(), random_}, tx, decision_id, actor));
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

Result<std::vector<TopicDecision>> GovernanceStore::ListTopicDecisions(bool public_in_force) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec(std::string("SELECT ") + kDecisionColumns +
                     ", t.id, t.meeting_id, t.category, t.title, m.held_at, c.id, c.name, "
                     "r.id, r.cosigned_at, r.public "
                     "FROM gov_decisions d JOIN gov_meeting_topics t ON t.id = d.topic_id "
                     "JOIN gov_meetings m ON m.id = d.meeting_id "
                     "JOIN gov_committees c ON c.id = m.committee_id "
                     "LEFT JOIN LATERAL (SELECT a.id, a.cosigned_at, a.public FROM gov_decisions a "
                     "WHERE a.amends_decision_id = d.id AND a.cosigned_at IS NOT NULL "
                     "ORDER BY a.cosigned_at, a.id LIMIT 1) r ON true "
                     "WHERE NOT $1::boolean OR (d.public AND d.cosigned_at IS NOT NULL) "
                     "ORDER BY m.held_at DESC, d.id DESC",
                 {public_in_force}));
  std::vector<TopicDecision> out;
  for (int r = 0; r < rows.size(); ++r) {
    TopicDecision td;
    GARANT_ASSIGN_OR_RETURN(td.decision, DecisionAt(rows, r));
    GARANT_ASSIGN_OR_RETURN(td.topic, TopicAt(rows, r, 16));
    td.held_at = rows.Time(r, 20);
    td.committee_id = rows.Int(r, 21);
    td.committee_name = rows.Str(r, 22);
    if (!rows.IsNull(r, 23)) {
      td.replaced_by = rows.Int(r, 23);
      td.replaced_at = rows.Time(r, 24);
      td.replaced_by_public = rows.Bool(r, 25);
    }
    out.push_back(std::move(td));
  }
  return out;
}

}  // namespace garant::governance
