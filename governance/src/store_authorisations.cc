// GovernanceStore: authorisations (creation, suspension, resumption,
// revocation) and the access check over the stored authorisations.

#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

Result<db::Rows> LockAuthorisation(db::Transaction& tx, int64_t id) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("SELECT a.id, p.reference, a.revoked_at IS NOT NULL, EXISTS (SELECT 1 FROM "
              "gov_authorisation_suspensions s WHERE s.authorisation_id = a.id AND "
              "s.resumed_at IS NULL), p.status FROM gov_authorisations a JOIN gov_projects p ON "
              "p.id = a.project_id WHERE a.id = $1 FOR UPDATE OF a",
              {id}));
  if (rows.empty()) return Status::NotFound("authorisation not found");
  return rows;
}

}  // namespace

Result<Authorisation> GovernanceStore::CreateAuthorisation(const std::string& actor,
                                                           Authorisation a) {
  a.suspensions.clear();
  a.revoked_at.reset();
  GARANT_ASSIGN_OR_RETURN(int delay_days, PublicationDelayDays());
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, a.project_id));
  GARANT_ASSIGN_OR_RETURN(db::Rows d,
                          tx.Exec("SELECT project_id, outcome, signed_at IS NOT NULL, cosigned_at "
                                  "IS NOT NULL FROM gov_decisions WHERE id = $1",
                                  {a.decision_id}));
  if (d.empty()) return Status::NotFound("decision not found");
  if (d.Int(0, 0) != a.project_id) {
    return Status::InvalidArgument("the decision concerns another project")
        .WithReason(reason::kDecisionOtherProject);
  }
  if (!d.Bool(0, 2)) {
    return Status::Conflict("decision not signed").WithReason(reason::kDecisionNotSigned);
  }
  if (!d.Bool(0, 3)) {
    return Status::Conflict("decision not co-signed: it has no effect yet")
        .WithReason(reason::kDecisionNotCosigned);
  }
  // The latest effective decision is the one in force (an amendment replaces).
  GARANT_ASSIGN_OR_RETURN(
      db::Rows amended,
      tx.Exec("SELECT 1 FROM gov_decisions WHERE amends_decision_id = $1 AND cosigned_at IS NOT "
              "NULL",
              {a.decision_id}));
  if (!amended.empty()) {
    return Status::Conflict("decision amended: use the amending decision")
        .WithReason(reason::kDecisionAmended);
  }
  auto outcome = ParseOutcome(d.Text(0, 1));
  GARANT_RETURN_IF_ERROR(outcome.status());
  if (p.status != ProjectStatus::kApproved && p.status != ProjectStatus::kApprovedWithConditions &&
      p.status != ProjectStatus::kActive) {
    return Status::Conflict("project status " + std::string(ToString(p.status)) +
                            " allows no new authorisation")
        .WithReason(reason::kProjectStatusNoAuthorisation);
  }
  GARANT_RETURN_IF_ERROR(CheckFormality(p));
  GARANT_RETURN_IF_ERROR(
      ValidateAuthorisation(a, *outcome, p.published_at, std::chrono::hours(24) * delay_days));
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, "
              "associations, valid_from, valid_until, created_at, created_by) VALUES ($1, $2, "
              "string_to_array($3, ','), string_to_array($4, ','), string_to_array($5, ','), $6, "
              "$7, $8, $9) RETURNING id",
              {a.project_id, a.decision_id, JoinList(a.accounts), JoinList(a.scope.domains),
               JoinList(a.scope.associations), FormatRfc3339Utc(a.valid_from),
               FormatRfc3339Utc(a.valid_until), now, actor}));
  a.id = rows.Int(0, 0);
  a.issued_at = clock_.Now();
  a.issued_by = actor;
  a.confirmed_at.reset();
  a.confirmed_by.clear();
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.authorisation.created",
                                     "authorisation/" + std::to_string(a.id),
                                     {{"project", p.reference},
                                      {"issued_by", actor},
                                      {"issued_at", now},
                                      {"pending_confirmation", true},
                                      {"decision_id", a.decision_id},
                                      {"accounts", JsonList(a.accounts)},
                                      {"domains", JsonList(a.scope.domains)},
                                      {"associations", JsonList(a.scope.associations)},
                                      {"valid_from", FormatRfc3339Utc(a.valid_from)},
                                      {"valid_until", FormatRfc3339Utc(a.valid_until)}}));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return a;
}

Result<Authorisation> GovernanceStore::ConfirmAuthorisation(const std::string& actor, int64_t id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows a, LockAuthorisation(tx, id));
  GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec(std::string("SELECT ") + kAuthorisationColumns +
                                                  " FROM gov_authorisations WHERE id = $1",
                                              {id}));
  Authorisation auth = AuthorisationAt(r, 0);
  if (auth.confirmed_at) {
    return Status::Conflict("authorisation already confirmed")
        .WithReason(reason::kAuthorisationAlreadyConfirmed);
  }
  if (a.Bool(0, 2)) {
    return Status::Conflict("authorisation revoked").WithReason(reason::kAuthorisationRevoked);
  }
  GARANT_RETURN_IF_ERROR(CheckSecondSignatory(actor, {auth.issued_by}));
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE gov_authorisations SET confirmed_at = $2, "
                                 "confirmed_by = $3 WHERE id = $1",
                                 {id, now, actor})
                             .status());
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.authorisation.confirmed",
                                     "authorisation/" + std::to_string(id),
                                     {{"project", a.Str(0, 1)},
                                      {"issued_by", auth.issued_by},
                                      {"issued_at", FormatRfc3339Utc(auth.issued_at)},
                                      {"confirmed_by", actor},
                                      {"confirmed_at", now}}));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  auth.confirmed_at = clock_.Now();
  auth.confirmed_by = actor;
  std::vector<Authorisation> one{std::move(auth)};
  GARANT_RETURN_IF_ERROR(LoadSuspensions(*conn, one));
  return std::move(one[0]);
}

Status GovernanceStore::SuspendAuthorisation(const std::string& actor, int64_t id,
                                             const std::string& reason) {
  if (reason.size() > 2000) return Status::InvalidArgument("reason is too long");
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows a, LockAuthorisation(tx, id));
  if (a.Bool(0, 2)) {
    return Status::Conflict("authorisation revoked").WithReason(reason::kAuthorisationRevoked);
  }
  if (a.Bool(0, 3)) {
    return Status::Conflict("authorisation already suspended")
        .WithReason(reason::kAuthorisationAlreadySuspended);
  }
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO gov_authorisation_suspensions (authorisation_id, "
                                 "suspended_at, reason) VALUES ($1, $2, $3)",
                                 {id, now, reason})
                             .status());
  GARANT_RETURN_IF_ERROR(AppendAudit(
      log_, audit_clock(), random_, tx, actor, "governance.authorisation.suspended",
      "authorisation/" + std::to_string(id), {{"project", a.Str(0, 1)}, {"reason", reason}}));
  return tx.Commit();
}

Status GovernanceStore::ResumeAuthorisation(const std::string& actor, int64_t id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows a, LockAuthorisation(tx, id));
  if (a.Bool(0, 2)) {
    return Status::Conflict("authorisation revoked").WithReason(reason::kAuthorisationRevoked);
  }
  if (!a.Bool(0, 3)) {
    return Status::Conflict("authorisation not suspended")
        .WithReason(reason::kAuthorisationNotSuspended);
  }
  if (a.Text(0, 4) == "suspended") {
    return Status::Conflict("project suspended: its authorisations resume with the project")
        .WithReason(reason::kProjectSuspended);
  }
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE gov_authorisation_suspensions SET resumed_at = $2 "
                                 "WHERE authorisation_id = $1 AND resumed_at IS NULL",
                                 {id, now})
                             .status());
  GARANT_RETURN_IF_ERROR(
      AppendAudit(log_, audit_clock(), random_, tx, actor, "governance.authorisation.resumed",
                  "authorisation/" + std::to_string(id), {{"project", a.Str(0, 1)}}));
  return tx.Commit();
}

Status GovernanceStore::RevokeAuthorisation(const std::string& actor, int64_t id,
                                            const std::string& reason) {
  if (reason.size() > 2000) return Status::InvalidArgument("reason is too long");
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows a, LockAuthorisation(tx, id));
  if (a.Bool(0, 2)) {
    return Status::Conflict("authorisation already revoked")
        .WithReason(reason::kAuthorisationAlreadyRevoked);
  }
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE gov_authorisations SET revoked_at = $2, "
                                 "revocation_reason = $3 WHERE id = $1",
                                 {id, now, reason})
                             .status());
  GARANT_RETURN_IF_ERROR(AppendAudit(
      log_, audit_clock(), random_, tx, actor, "governance.authorisation.revoked",
      "authorisation/" + std::to_string(id), {{"project", a.Str(0, 1)}, {"reason", reason}}));
  return tx.Commit();
}

Result<std::vector<Authorisation>> GovernanceStore::ListAuthorisations(
    std::optional<int64_t> project_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  std::optional<std::string> pid;
  if (project_id) pid = std::to_string(*project_id);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec(std::string("SELECT ") + kAuthorisationColumns +
                     " FROM gov_authorisations WHERE $1::bigint IS NULL OR project_id = "
                     "$1::bigint ORDER BY valid_from, id",
                 {db::Param::Optional(pid)}));
  std::vector<Authorisation> out;
  for (int r = 0; r < rows.size(); ++r) out.push_back(AuthorisationAt(rows, r));
  GARANT_RETURN_IF_ERROR(LoadSuspensions(*conn, out));
  return out;
}

Result<AccessDecision> GovernanceStore::CheckAccessFor(const std::string& project_reference,
                                                       const AccessRequest& request) {
  auto project = GetProjectByReference(project_reference);
  if (!project.ok()) {
    if (project.status().code() == Code::kNotFound) return AccessDecision{};
    return project.status();
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<Authorisation> auths, ListAuthorisations(project->id));
  return CheckAccess(request, auths);
}

}  // namespace garant::governance
