// GovernanceStore against a real PostgreSQL: the decision rules enforced on
// stored data, immutability of signed decisions, amendments, authorisations,
// the access check, and the audit entries written with each change.
// Over 400 lines on purpose: one fixture (a migrated database with a
// committee, members and a project) shared by every stored-rule test.

#include "garant/governance/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "garant/audit/leaf.h"
#include "garant/core/migrations.h"
#include "garant/governance/reasons.h"
#include "garant/sql/migrations.h"
#include "governance_db.h"
#include "pg_cluster.h"

namespace garant::governance {
namespace {

using namespace std::chrono_literals;
using testsupport::SharedCluster;

using govtest::kActor;
using govtest::kCosigner;
using govtest::T;

class StoreTest : public govtest::GovernanceDbTest {
 protected:
  void SetUp() override {
    GovernanceDbTest::SetUp();
    if (HasFatalFailure()) return;
    Seed();
  }

  // The CSE (default quorum), 4 voting members including a patient
  // representative, one non-voting expert, one project, one meeting.
  void Seed() {
    committee_ = CreateCse();
    ASSERT_NE(committee_, 0);
    const std::pair<const char*, MemberRole> people[] = {
        {"Dr Anne Martin", MemberRole::kChair},
        {"Dr Paul Durand", MemberRole::kMember},
        {"Pr Lise Bernard", MemberRole::kMember},
        {"Mme Rose Petit", MemberRole::kPatientRepresentative},
        {"M. Hugo Expert", MemberRole::kExternalExpert}};
    for (const auto& [name, role] : people) {
      Member m;
      m.committee_id = committee_;
      m.full_name = name;
      m.role = role;
      m.voting = role != MemberRole::kExternalExpert;
      m.term_start = *ParseDate("2025-01-01");
      auto added = store_->AddMember(kActor, m);
      ASSERT_TRUE(added.ok()) << added.status().ToString();
      members_.push_back(added->id);
    }
    auto p = store_->CreateProject(kActor, ProjectInput("CONTACT-2026-001"));
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    project_ = p->id;
  }

  Project ProjectInput(const std::string& ref) {
    Project p;
    p.reference = ref;
    p.title = "Recours aux visites à domicile des plus de 75 ans";
    p.public_summary = "Étude descriptive des visites à domicile.";
    p.purpose = "research";
    p.no_forbidden_use = true;
    p.legal_basis = "RGPD art. 6.1.e et 9.2.j";
    p.formality = "mr-004";
    p.formality_reference = "2226543 v 0";
    p.investigator = "Dr Claire Roux";
    p.organisation = "Université de Lille";
    p.data_domains = {"visits", "diagnoses"};
    p.duration_months = 24;
    p.committee_id = committee_;
    return p;
  }

  int64_t Meeting(std::vector<int64_t> present) {
    governance::Meeting m;
    m.committee_id = committee_;
    m.held_at = clock_.Now() - 24h;
    m.minutes = "Séance ordinaire.";
    m.agenda = {project_};
    m.present = std::move(present);
    auto r = store_->RecordMeeting(kActor, m);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }

  DecisionDraft Favourable(int64_t meeting) {
    DecisionDraft d;
    d.project_id = project_;
    d.meeting_id = meeting;
    d.outcome = Outcome::kFavourable;
    d.reasons = "Intérêt public, minimisation respectée.";
    d.votes = {{members_[0], VoteChoice::kFor}, {members_[1], VoteChoice::kFor}};
    return d;
  }

  // Records, signs (kActor) and co-signs (kCosigner): an effective decision.
  Result<DecisionRecord> Decide(const DecisionDraft& d) {
    GARANT_ASSIGN_OR_RETURN(DecisionRecord r, store_->RecordDecision(kActor, d, true));
    return store_->CosignDecision(kCosigner, r.id);
  }
  // Issues (kActor) and confirms (kCosigner): an authorisation that counts.
  Result<Authorisation> Issue(const Authorisation& a) {
    GARANT_ASSIGN_OR_RETURN(Authorisation r, store_->CreateAuthorisation(kActor, a));
    return store_->ConfirmAuthorisation(kCosigner, r.id);
  }

  // The payload of the latest audit entry of `type`, and its actor.
  boost::json::object Payload(const std::string& type, std::string* actor = nullptr) {
    auto r = owner_.Exec("SELECT max(idx) FROM audit_entries WHERE event_type = $1", {type});
    EXPECT_TRUE(r.ok() && !r->IsNull(0, 0)) << type;
    if (!r.ok() || r->IsNull(0, 0)) return {};
    auto leaf = audit::ReadLeaf(owner_, static_cast<uint64_t>(r->Int(0, 0)));
    EXPECT_TRUE(leaf.ok());
    if (!leaf.ok()) return {};
    auto ev = audit::DecodeLeaf(*leaf);
    EXPECT_TRUE(ev.ok());
    if (!ev.ok()) return {};
    if (actor) *actor = ev->actor;
    return boost::json::parse(ev->payload).as_object();
  }
  static std::string Field(const boost::json::object& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
  }
  int64_t AuditCount(const std::string& type) {
    auto r = owner_.Exec("SELECT count(*) FROM audit_entries WHERE event_type = $1", {type});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->Int(0, 0) : -1;
  }

  int64_t committee_ = 0;
  int64_t project_ = 0;
  std::vector<int64_t> members_;
};

TEST_F(StoreTest, MeetingPutsTheProjectUnderReview) {
  Meeting({members_[0], members_[1], members_[3]});
  auto p = store_->GetProject(project_);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, ProjectStatus::kUnderReview);
  EXPECT_EQ(AuditCount("governance.meeting.recorded"), 1);
  EXPECT_EQ(AuditCount("governance.project.transition"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_project_transitions"), 1);
}

// A duration outside 1..240 months (the JSON API's bounds refuse it before
// the store, so only this test reaches the store's own check).
TEST_F(StoreTest, ProjectDurationOutOfRangeIsRefusedWithItsReason) {
  for (int months : {0, 241}) {
    Project p = ProjectInput("DUREE-" + std::to_string(months));
    p.duration_months = months;
    Status st = store_->CreateProject(kActor, p).status();
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << months;
    EXPECT_EQ(st.reason(), governance::reason::kInvalidDuration) << months;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM gov_projects WHERE reference LIKE 'DUREE-%'"), 0);
}

TEST_F(StoreTest, DecisionWithoutQuorumIsRefusedAndNothingRecorded) {
  // A majority, but no patient representative.
  int64_t meeting = Meeting({members_[0], members_[1], members_[2]});
  int64_t audit_before = Count("SELECT count(*) FROM audit_entries");
  auto d = store_->RecordDecision(kActor, Favourable(meeting), true);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Code::kConflict);
  EXPECT_EQ(d.status().reason(), reason::kQuorumNotMet) << d.status().message();
  EXPECT_EQ(Count("SELECT count(*) FROM gov_decisions"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_votes"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), audit_before);
  EXPECT_EQ(store_->GetProject(project_)->status, ProjectStatus::kUnderReview);
}

TEST_F(StoreTest, ConflictedMembersVoteIsRefused) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[2], members_[3]});
  auto c = store_->DeclareConflict(kActor, {members_[2], project_, "Co-investigateur du projet"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  DecisionDraft d = Favourable(meeting);
  d.votes.push_back({members_[2], VoteChoice::kFor});
  auto r = store_->RecordDecision(kActor, d, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().reason(), reason::kConflictedMember) << r.status().message();
  EXPECT_EQ(Count("SELECT count(*) FROM gov_decisions"), 0);
  // Without the conflicted vote the decision goes through.
  auto ok = store_->RecordDecision(kActor, Favourable(meeting), true);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->draft.votes.size(), 2u);
  EXPECT_EQ(AuditCount("governance.conflict.declared"), 1);
}

TEST_F(StoreTest, SignedDecisionApprovesPublishesAndIsImmutable) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto d = store_->RecordDecision(kActor, Favourable(meeting), true);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_TRUE(d->signed_at.has_value());
  EXPECT_EQ(d->signed_by, kActor);
  // Signed but pending: no effect until another account co-signs.
  EXPECT_FALSE(d->Effective());
  EXPECT_EQ(store_->GetProject(project_)->status, ProjectStatus::kUnderReview);
  EXPECT_FALSE(store_->GetProject(project_)->published_at.has_value());
  EXPECT_TRUE(store_->ListPublishedProjects()->empty());
  auto own = store_->CosignDecision(kActor, d->id);
  EXPECT_EQ(own.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(own.status().reason(), reason::kSameSignatory);
  EXPECT_EQ(AuditCount("governance.decision.cosigned"), 0);
  auto co = store_->CosignDecision(kCosigner, d->id);
  ASSERT_TRUE(co.ok()) << co.status().ToString();
  EXPECT_TRUE(co->Effective());
  EXPECT_EQ(co->cosigned_by, kCosigner);
  EXPECT_EQ(store_->CosignDecision("staff:3", d->id).status().reason(),
            reason::kDecisionAlreadyCosigned);
  auto p = store_->GetProject(project_);
  EXPECT_EQ(p->status, ProjectStatus::kApproved);
  ASSERT_TRUE(p->published_at.has_value());
  EXPECT_EQ(AuditCount("governance.decision.recorded"), 1);
  EXPECT_EQ(AuditCount("governance.decision.signed"), 1);
  EXPECT_EQ(AuditCount("governance.decision.cosigned"), 1);
  EXPECT_EQ(AuditCount("governance.project.published"), 1);
  // Both signatures, actors and times, are in the co-signature's entry.
  std::string actor;
  boost::json::object entry = Payload("governance.decision.cosigned", &actor);
  EXPECT_EQ(Field(entry, "signed_by"), kActor);
  EXPECT_EQ(Field(entry, "cosigned_by"), kCosigner);
  EXPECT_EQ(Field(entry, "signed_at"), FormatRfc3339Utc(*d->signed_at));
  EXPECT_EQ(Field(entry, "cosigned_at"), FormatRfc3339Utc(*co->cosigned_at));
  EXPECT_EQ(actor, kCosigner);
  boost::json::object first = Payload("governance.decision.signed", &actor);
  EXPECT_EQ(Field(first, "signed_by"), kActor);
  EXPECT_EQ(Field(first, "signed_at"), FormatRfc3339Utc(*d->signed_at));

  // The application role cannot change it, and neither can the owner.
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto upd = (*conn)->Exec("UPDATE gov_decisions SET reasons = 'autre' WHERE id = $1", {d->id});
  ASSERT_FALSE(upd.ok());
  EXPECT_EQ(upd.status().code(), Code::kPermissionDenied) << upd.status().ToString();
  auto del = owner_.Exec("DELETE FROM gov_decisions WHERE id = $1", {d->id});
  ASSERT_FALSE(del.ok());
  EXPECT_NE(del.status().message().find("immutable"), std::string::npos);
  auto vote =
      owner_.Exec("UPDATE gov_votes SET choice = 'against' WHERE decision_id = $1", {d->id});
  ASSERT_FALSE(vote.ok());
  // Nor its co-signature, once given.
  auto recosign =
      (*conn)->Exec("UPDATE gov_decisions SET cosigned_by = 'staff:9' WHERE id = $1", {d->id});
  EXPECT_EQ(recosign.status().code(), Code::kPermissionDenied) << recosign.status().ToString();
  auto again = store_->SignDecision(kActor, d->id);
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(again.status().reason(), reason::kDecisionAlreadySigned);
  EXPECT_EQ(store_->GetDecision(d->id)->draft.reasons, "Intérêt public, minimisation respectée.");
}

TEST_F(StoreTest, AmendmentLinksToTheAmendedDecision) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto first = Decide(Favourable(meeting));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // A second opinion without amending is refused: the project is decided.
  auto plain = store_->RecordDecision(kActor, Favourable(meeting), true);
  EXPECT_EQ(plain.status().code(), Code::kConflict);
  EXPECT_EQ(plain.status().reason(), reason::kProjectNotUnderReview);

  DecisionDraft fix = Favourable(meeting);
  fix.outcome = Outcome::kFavourableWithConditions;
  fix.conditions = "Aucun export de données individuelles.";
  fix.amends_decision_id = first->id;
  auto second = Decide(fix);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->draft.amends_decision_id, first->id);
  auto linked =
      owner_.Exec("SELECT amends_decision_id FROM gov_decisions WHERE id = $1", {second->id});
  ASSERT_TRUE(linked.ok());
  EXPECT_EQ(linked->Int(0, 0), first->id);
  EXPECT_EQ(store_->GetProject(project_)->status, ProjectStatus::kApprovedWithConditions);
  // A decision is amended once; a further correction amends the amendment.
  DecisionDraft again = fix;
  auto twice = store_->RecordDecision(kActor, again, true);
  EXPECT_EQ(twice.status().code(), Code::kConflict);
  EXPECT_EQ(twice.status().reason(), reason::kDecisionAlreadyAmended) << twice.status().message();
  again.amends_decision_id = second->id;
  again.outcome = Outcome::kFavourable;
  again.conditions.clear();
  EXPECT_TRUE(Decide(again).ok());
  EXPECT_EQ(store_->GetProject(project_)->status, ProjectStatus::kApproved);
  // The amended decision is untouched.
  EXPECT_EQ(store_->GetDecision(first->id)->draft.outcome, Outcome::kFavourable);
  // An amendment of another project's decision is refused.
  auto other = store_->CreateProject(kActor, ProjectInput("CONTACT-2026-002"));
  ASSERT_TRUE(other.ok());
  DecisionDraft wrong = fix;
  wrong.project_id = other->id;
  EXPECT_FALSE(store_->RecordDecision(kActor, wrong, true).ok());
}

TEST_F(StoreTest, NoDecisionBeforeTheMeeting) {
  governance::Meeting m;
  m.committee_id = committee_;
  m.held_at = clock_.Now() + 24h;
  m.agenda = {project_};
  m.present = {members_[0], members_[1], members_[3]};
  auto future = store_->RecordMeeting(kActor, m);
  ASSERT_TRUE(future.ok()) << future.status().ToString();
  auto d = store_->RecordDecision(kActor, Favourable(future->id), true);
  EXPECT_EQ(d.status().code(), Code::kConflict);
  EXPECT_EQ(d.status().reason(), reason::kMeetingNotHeld) << d.status().message();
  clock_.Advance(48h);
  EXPECT_TRUE(store_->RecordDecision(kActor, Favourable(future->id), true).ok());
}

TEST_F(StoreTest, UnsignedDecisionsAreCheckedAgainAtSigning) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto a = store_->RecordDecision(kActor, Favourable(meeting), false);
  auto b = store_->RecordDecision(kActor, Favourable(meeting), false);
  auto c = store_->RecordDecision(kActor, Favourable(meeting), false);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_FALSE(a->signed_at.has_value());
  // An unsigned decision can still be corrected in place (the trigger allows it).
  EXPECT_TRUE(
      owner_.Exec("UPDATE gov_decisions SET reasons = 'Corrigé.' WHERE id = $1", {a->id}).ok());
  ASSERT_TRUE(store_->SignDecision(kActor, a->id).ok());
  // Signed, a is still pending: b may be signed too, but only the first
  // co-signed takes effect.
  ASSERT_TRUE(store_->SignDecision(kActor, b->id).ok());
  ASSERT_TRUE(store_->CosignDecision(kCosigner, a->id).ok());
  auto late_cosign = store_->CosignDecision(kCosigner, b->id);
  EXPECT_EQ(late_cosign.status().reason(), reason::kProjectNotUnderReview);
  EXPECT_FALSE(store_->GetDecision(b->id)->cosigned_at.has_value());
  auto late = store_->SignDecision(kActor, c->id);
  EXPECT_EQ(late.status().code(), Code::kConflict);
  EXPECT_EQ(late.status().reason(), reason::kProjectNotUnderReview) << late.status().message();
  EXPECT_FALSE(store_->GetDecision(c->id)->signed_at.has_value());
  EXPECT_EQ(AuditCount("governance.decision.signed"), 2);
  EXPECT_EQ(AuditCount("governance.decision.cosigned"), 1);
  // A decision is co-signed after its signature only.
  EXPECT_EQ(store_->CosignDecision(kCosigner, c->id).status().reason(), reason::kDecisionNotSigned);
}

TEST_F(StoreTest, AuthorisationsFollowPublicationDelayAndProjectStatus) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto d = Decide(Favourable(meeting));
  ASSERT_TRUE(d.ok());
  TimePoint published = *store_->GetProject(project_)->published_at;
  Authorisation a;
  a.project_id = project_;
  a.decision_id = d->id;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits"};
  a.valid_from = published + 24h * 10;  // before the 30-day delay
  a.valid_until = published + 24h * 400;
  auto early = store_->CreateAuthorisation(kActor, a);
  EXPECT_EQ(early.status().code(), Code::kConflict);
  EXPECT_EQ(early.status().reason(), reason::kBeforePublicationDelay);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_authorisations"), 0);

  a.valid_from = published + 24h * 30;
  auto created = Issue(a);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(AuditCount("governance.authorisation.created"), 1);
  EXPECT_EQ(AuditCount("governance.authorisation.confirmed"), 1);

  AccessRequest req{"chercheur.dupont", {"visits"}, {}, published + 24h * 40};
  EXPECT_TRUE(store_->CheckAccessFor("CONTACT-2026-001", req)->allowed());
  EXPECT_EQ(store_->CheckAccessFor("NOPE-1", req)->reason, AccessReason::kNoAuthorisation);

  // Activate, then suspend the project: its authorisations are suspended.
  ASSERT_TRUE(store_->TransitionProject(kActor, project_, ProjectStatus::kActive, "").ok());
  EXPECT_EQ(
      store_->TransitionProject(kActor, project_, ProjectStatus::kApproved, "").status().code(),
      Code::kConflict);
  clock_.Set(published + 24h * 50);
  ASSERT_TRUE(store_->TransitionProject(kActor, project_, ProjectStatus::kSuspended, "audit").ok());
  req.time = published + 24h * 60;
  EXPECT_EQ(store_->CheckAccessFor("CONTACT-2026-001", req)->reason, AccessReason::kSuspended);
  // The authorisation resumes with its project, not on its own.
  EXPECT_EQ(store_->ResumeAuthorisation(kActor, created->id),
            Status::Conflict("project suspended: its authorisations resume with the project")
                .WithReason(reason::kProjectSuspended));
  // Access before the suspension stays allowed (answers hold at their time).
  req.time = published + 24h * 40;
  EXPECT_TRUE(store_->CheckAccessFor("CONTACT-2026-001", req)->allowed());

  clock_.Set(published + 24h * 70);
  ASSERT_TRUE(store_->TransitionProject(kActor, project_, ProjectStatus::kActive, "").ok());
  req.time = published + 24h * 80;
  EXPECT_TRUE(store_->CheckAccessFor("CONTACT-2026-001", req)->allowed());

  clock_.Set(published + 24h * 90);
  ASSERT_TRUE(store_->TransitionProject(kActor, project_, ProjectStatus::kClosed, "fin").ok());
  req.time = published + 24h * 95;
  EXPECT_EQ(store_->CheckAccessFor("CONTACT-2026-001", req)->reason, AccessReason::kRevoked);
  EXPECT_EQ(
      store_->TransitionProject(kActor, project_, ProjectStatus::kActive, "").status().reason(),
      reason::kTransitionNotAllowed);
  EXPECT_EQ(AuditCount("governance.project.transition"), 6);
}

TEST_F(StoreTest, NoAuthorisationWithoutFormalityReference) {
  Project p = ProjectInput("CONTACT-2026-030");
  p.formality = "other";
  p.formality_reference = "";
  auto created = store_->CreateProject(kActor, p);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  governance::Meeting m;
  m.committee_id = committee_;
  m.held_at = clock_.Now() - 1h;
  m.agenda = {created->id};
  m.present = {members_[0], members_[1], members_[3]};
  auto meeting = store_->RecordMeeting(kActor, m);
  ASSERT_TRUE(meeting.ok());
  DecisionDraft d = Favourable(meeting->id);
  d.project_id = created->id;
  auto decision = Decide(d);
  ASSERT_TRUE(decision.ok()) << decision.status().ToString();
  Authorisation a;
  a.project_id = created->id;
  a.decision_id = decision->id;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits"};
  a.valid_from = clock_.Now() + 24h * 40;
  a.valid_until = clock_.Now() + 24h * 400;
  auto r = store_->CreateAuthorisation(kActor, a);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().reason(), reason::kFormalityMissing) << r.status().message();
  EXPECT_EQ(Count("SELECT count(*) FROM gov_authorisations"), 0);
}

TEST_F(StoreTest, AuthorisationSuspendResumeRevokeAreLogged) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto d = Decide(Favourable(meeting));
  ASSERT_TRUE(d.ok());
  TimePoint published = *store_->GetProject(project_)->published_at;
  Authorisation a;
  a.project_id = project_;
  a.decision_id = d->id;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits"};
  a.valid_from = published + 24h * 31;
  a.valid_until = published + 24h * 400;
  auto created = store_->CreateAuthorisation(kActor, a);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(store_->SuspendAuthorisation(kActor, created->id, "contrôle").ok());
  EXPECT_EQ(store_->SuspendAuthorisation(kActor, created->id, "").reason(),
            reason::kAuthorisationAlreadySuspended);
  EXPECT_TRUE(store_->ResumeAuthorisation(kActor, created->id).ok());
  EXPECT_TRUE(store_->RevokeAuthorisation(kActor, created->id, "fin").ok());
  EXPECT_EQ(store_->RevokeAuthorisation(kActor, created->id, "").reason(),
            reason::kAuthorisationAlreadyRevoked);
  auto list = store_->ListAuthorisations(project_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].suspensions.size(), 1u);
  EXPECT_TRUE((*list)[0].revoked_at.has_value());
  EXPECT_EQ(AuditCount("governance.authorisation.suspended"), 1);
  EXPECT_EQ(AuditCount("governance.authorisation.resumed"), 1);
  EXPECT_EQ(AuditCount("governance.authorisation.revoked"), 1);
}

TEST_F(StoreTest, ForbiddenPurposeAndBadProjectsAreRefused) {
  Project p = ProjectInput("CONTACT-2026-009");
  p.purpose = "product_promotion";
  auto r = store_->CreateProject(kActor, p);
  EXPECT_EQ(r.status().message(), "forbidden purpose: product_promotion");
  EXPECT_EQ(r.status().reason(), reason::kForbiddenPurpose);
  p = ProjectInput("contact-lower");
  EXPECT_EQ(store_->CreateProject(kActor, p).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store_->CreateProject(kActor, p).status().reason(), reason::kInvalidReference);
  p = ProjectInput("CONTACT-2026-001");  // duplicate reference
  EXPECT_EQ(store_->CreateProject(kActor, p).status().code(), Code::kAlreadyExists);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_projects"), 1);
}

// Two-person rule for authorisations: issued by one account, confirmed by
// another; until then the access check ignores it. Both signatures are in
// the confirmation's audit entry.
TEST_F(StoreTest, AuthorisationCountsOnlyOnceConfirmedByAnotherAccount) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto pending_decision = store_->RecordDecision(kActor, Favourable(meeting), true);
  ASSERT_TRUE(pending_decision.ok());
  clock_.Advance(1h);
  Authorisation a;
  a.project_id = project_;
  a.decision_id = pending_decision->id;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits"};
  a.valid_from = clock_.Now() + 24h * 31;
  a.valid_until = clock_.Now() + 24h * 400;
  // Nothing derives from a decision awaiting its co-signature.
  auto from_pending = store_->CreateAuthorisation(kActor, a);
  EXPECT_EQ(from_pending.status().reason(), reason::kDecisionNotCosigned);
  ASSERT_TRUE(store_->CosignDecision(kCosigner, pending_decision->id).ok());

  auto issued = store_->CreateAuthorisation(kActor, a);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_FALSE(issued->confirmed_at.has_value());
  EXPECT_EQ(issued->issued_by, kActor);
  AccessRequest req{"chercheur.dupont", {"visits"}, {}, a.valid_from + 24h};
  clock_.Set(a.valid_from - 24h);
  EXPECT_EQ(store_->CheckAccessFor("CONTACT-2026-001", req)->reason,
            AccessReason::kNoAuthorisation);
  auto own = store_->ConfirmAuthorisation(kActor, issued->id);
  EXPECT_EQ(own.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(own.status().reason(), reason::kSameSignatory);
  EXPECT_EQ(store_->CheckAccessFor("CONTACT-2026-001", req)->reason,
            AccessReason::kNoAuthorisation);
  auto confirmed = store_->ConfirmAuthorisation(kCosigner, issued->id);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->confirmed_by, kCosigner);
  EXPECT_TRUE(store_->CheckAccessFor("CONTACT-2026-001", req)->allowed());
  EXPECT_EQ(store_->ConfirmAuthorisation("staff:3", issued->id).status().reason(),
            reason::kAuthorisationAlreadyConfirmed);
  auto listed = store_->ListAuthorisations(project_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].confirmed_by, kCosigner);
  EXPECT_EQ((*listed)[0].issued_by, kActor);
  EXPECT_EQ(AuditCount("governance.authorisation.confirmed"), 1);
  boost::json::object entry = Payload("governance.authorisation.confirmed");
  EXPECT_EQ(Field(entry, "issued_by"), kActor);
  EXPECT_EQ(Field(entry, "confirmed_by"), kCosigner);
  EXPECT_EQ(Field(entry, "issued_at"), FormatRfc3339Utc(issued->issued_at));
  EXPECT_EQ(Field(entry, "confirmed_at"), FormatRfc3339Utc(clock_.Now()));
  EXPECT_EQ(Field(Payload("governance.authorisation.created"), "issued_by"), kActor);
  // A revoked pending authorisation is never confirmed.
  auto second = store_->CreateAuthorisation(kActor, a);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(store_->RevokeAuthorisation(kActor, second->id, "erreur").ok());
  EXPECT_EQ(store_->ConfirmAuthorisation(kCosigner, second->id).status().reason(),
            reason::kAuthorisationRevoked);
}

// Only an effective decision is amended: a pending one waits for its
// co-signature (or is replaced by recording it anew before signing).
TEST_F(StoreTest, PendingDecisionIsNotAmended) {
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  auto first = store_->RecordDecision(kActor, Favourable(meeting), true);
  ASSERT_TRUE(first.ok());
  DecisionDraft fix = Favourable(meeting);
  fix.amends_decision_id = first->id;
  auto r = store_->RecordDecision(kActor, fix, true);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().reason(), reason::kDecisionNotCosigned);
}

// sql/0017 on a database holding acts of before the rule: signed decisions
// become co-signed and authorisations confirmed by "before-two-person-rule",
// at their own times; unsigned decisions stay as they are.
TEST(TwoPersonRuleMigration, ExistingActsKeepTheirEffect) {
  std::string info = SharedCluster().CreateDatabase();
  auto owner = db::Connection::Open(info);
  ASSERT_TRUE(owner.ok()) << owner.status().ToString();
  std::vector<db::Migration> before;
  for (const db::Migration& m : sql::Migrations()) {
    if (m.version < 17) before.push_back(m);
  }
  ASSERT_TRUE(db::ApplyMigrations(*owner, before).ok());
  for (const char* q :
       {"INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')",
        "INSERT INTO gov_projects (reference, title, public_summary, purpose, no_forbidden_use, "
        "legal_basis, formality, formality_reference, investigator, organisation, "
        "data_domains, duration_months, committee_id, status, created_at, status_changed_at, "
        "published_at) VALUES ('OLD-1', 't', 's', 'research', true, 'b', 'mr-004', 'r', 'i', "
        "'o', '{visits}', 12, 1, 'approved', now(), now(), '2026-01-02T00:00:00Z')",
        "INSERT INTO gov_meetings (committee_id, held_at) VALUES (1, '2026-01-01T00:00:00Z')",
        "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
        "recorded_by, signed_at, signed_by) VALUES (1, 1, 'favourable', 'ok', "
        "'2026-01-02T00:00:00Z', 'staff:1', '2026-01-02T00:00:00Z', 'staff:1')",
        "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
        "recorded_by) VALUES (1, 1, 'deferred', 'brouillon', '2026-01-03T00:00:00Z', "
        "'staff:1')",
        "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, "
        "valid_from, valid_until, created_at, created_by) VALUES (1, 1, '{a.b}', "
        "'{visits}', '2026-02-10T00:00:00Z', '2027-02-10T00:00:00Z', "
        "'2026-02-05T00:00:00Z', 'staff:1')"}) {
    auto r = owner->Exec(q);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  }
  ASSERT_TRUE(db::ApplyMigrations(*owner, sql::Migrations()).ok());
  auto d =
      owner->Exec("SELECT cosigned_by, cosigned_at = signed_at FROM gov_decisions WHERE id = 1");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->Str(0, 0), std::string(kBeforeTwoPersonRule));
  EXPECT_TRUE(d->Bool(0, 1));
  auto draft = owner->Exec("SELECT cosigned_at IS NULL FROM gov_decisions WHERE id = 2");
  ASSERT_TRUE(draft.ok());
  EXPECT_TRUE(draft->Bool(0, 0));
  auto a = owner->Exec(
      "SELECT confirmed_by, confirmed_at = created_at FROM gov_authorisations WHERE id = 1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->Str(0, 0), std::string(kBeforeTwoPersonRule));
  EXPECT_TRUE(a->Bool(0, 1));
}

TEST_F(StoreTest, PublishedProjectsCarryTheOpinion) {
  EXPECT_TRUE(store_->ListPublishedProjects()->empty());
  int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  ASSERT_TRUE(Decide(Favourable(meeting)).ok());
  auto list = store_->ListPublishedProjects();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].project.reference, "CONTACT-2026-001");
  EXPECT_EQ((*list)[0].opinion, Outcome::kFavourable);
  EXPECT_EQ((*list)[0].committee_name, "Comité scientifique et éthique");
}

TEST_F(StoreTest, AuditEntriesAreDatedByTheAuditClockRecordsByTheStoreClock) {
  // As the demo seeder does: records dated in the past, entries dated now.
  ManualClock real(clock_.Now() + 24h * 200);
  store_->UseAuditClock(real);
  auto p = store_->CreateProject(kActor, ProjectInput("CONTACT-2026-077"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->created_at, clock_.Now());
  auto r = owner_.Exec("SELECT event_time FROM audit_entries WHERE object = $1",
                       {"project/CONTACT-2026-077"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1);
  EXPECT_EQ(r->Time(0, 0), real.Now());
  // Decisions too (their own audit path).
  int64_t meeting = Meeting({members_[0], members_[1], members_[2]});
  ASSERT_GT(meeting, 0);
  auto times = owner_.Exec("SELECT count(*) FROM audit_entries WHERE event_time <> $1::timestamptz",
                           {FormatRfc3339Utc(real.Now())});
  ASSERT_TRUE(times.ok());
  // Only the entries written before UseAuditClock (the fixture's seed) carry the store's time.
  auto seeded = owner_.Exec("SELECT count(*) FROM audit_entries WHERE event_time = $1::timestamptz",
                            {FormatRfc3339Utc(clock_.Now())});
  ASSERT_TRUE(seeded.ok());
  EXPECT_EQ(times->Int(0, 0), seeded->Int(0, 0));
  EXPECT_GT(seeded->Int(0, 0), 0);
}

// Corrections (sql/0013): the record takes the new value, the previous one
// stays in gov_corrections, and each is one audit entry, all through the
// application role; an unchanged value or an invalid one writes nothing.
TEST_F(StoreTest, CorrectionsKeepThePreviousTextAndWriteOneAuditEntryEach) {
  auto summary = store_->CorrectProjectSummary(kActor, project_, "Résumé corrigé.", "coquille");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->old_value, "Étude descriptive des visites à domicile.");
  EXPECT_EQ(store_->GetProject(project_)->public_summary, "Résumé corrigé.");
  clock_.Advance(1min);
  ASSERT_TRUE(store_->CorrectProjectSummary(kActor, project_, "Troisième version.", "").ok());
  auto history = store_->ListCorrections(CorrectionSubject::kProjectSummary, project_);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].old_value, "Étude descriptive des visites à domicile.");
  EXPECT_EQ((*history)[0].new_value, "Résumé corrigé.");
  EXPECT_EQ((*history)[0].note, "coquille");
  EXPECT_EQ((*history)[0].actor, kActor);
  EXPECT_EQ((*history)[1].old_value, "Résumé corrigé.");
  EXPECT_EQ(AuditCount("governance.project.summary_corrected"), 2);

  // A mandate's end: set, then removed (open-ended again).
  const int64_t member = members_[1];
  ASSERT_TRUE(store_->CorrectMemberTermEnd(kActor, member, *ParseDate("2026-06-30"), "fin").ok());
  auto members = store_->ListMembers(committee_);
  ASSERT_TRUE(members.ok());
  auto it = std::find_if(members->begin(), members->end(),
                         [&](const Member& m) { return m.id == member; });
  ASSERT_NE(it, members->end());
  ASSERT_TRUE(it->term_end.has_value());
  EXPECT_EQ(FormatDate(*it->term_end), "2026-06-30");
  ASSERT_TRUE(store_->CorrectMemberTermEnd(kActor, member, std::nullopt, "erreur").ok());
  auto ends = store_->ListCorrections(CorrectionSubject::kMemberTermEnd, member);
  ASSERT_TRUE(ends.ok());
  ASSERT_EQ(ends->size(), 2u);
  EXPECT_EQ((*ends)[0].old_value, "");
  EXPECT_EQ((*ends)[1].old_value, "2026-06-30");
  EXPECT_EQ((*ends)[1].new_value, "");
  EXPECT_EQ(AuditCount("governance.member.term_end_corrected"), 2);
  EXPECT_EQ(
      store_->CorrectMemberTermEnd(kActor, member, *ParseDate("2024-01-01"), "").status().reason(),
      reason::kInvalidTerm);

  // Minutes written after the meeting.
  const int64_t meeting = Meeting({members_[0], members_[1], members_[3]});
  ASSERT_TRUE(store_->CorrectMinutes(kActor, meeting, "Procès-verbal complet.", "").ok());
  EXPECT_EQ(store_->GetMeeting(meeting)->minutes, "Procès-verbal complet.");
  auto minutes = store_->ListCorrections(CorrectionSubject::kMeetingMinutes, meeting);
  ASSERT_TRUE(minutes.ok());
  ASSERT_EQ(minutes->size(), 1u);
  EXPECT_EQ((*minutes)[0].old_value, "Séance ordinaire.");
  EXPECT_EQ(AuditCount("governance.meeting.minutes_corrected"), 1);

  // The Health Data Hub number, stored and read back.
  ASSERT_TRUE(store_->SetProjectHdhNumber(kActor, project_, "F20260310120000", "").ok());
  EXPECT_EQ(store_->GetProject(project_)->hdh_directory_number, "F20260310120000");
  EXPECT_EQ(store_->SetProjectHdhNumber(kActor, project_, "<script>", "").status().reason(),
            reason::kInvalidHdhNumber);

  // Nothing written for an unchanged value, a blank summary or an unknown id.
  const int64_t before = Count("SELECT count(*) FROM gov_corrections");
  const int64_t entries = Count("SELECT count(*) FROM audit_entries");
  EXPECT_EQ(store_->CorrectMinutes(kActor, meeting, "Procès-verbal complet.", "").status().reason(),
            reason::kCorrectionUnchanged);
  EXPECT_EQ(store_->CorrectProjectSummary(kActor, project_, "  ", "").status().reason(),
            reason::kInvalidSummary);
  EXPECT_EQ(store_->CorrectMinutes(kActor, 999999, "x", "").status().code(), Code::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_corrections"), before);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries);

  // The history is append-only, even for the owner.
  EXPECT_FALSE(owner_.Exec("UPDATE gov_corrections SET old_value = 'x'").ok());
  EXPECT_FALSE(owner_.Exec("DELETE FROM gov_corrections").ok());
}

TEST_F(StoreTest, AProjectKeepsItsHealthDataHubNumber) {
  Project p = ProjectInput("CONTACT-2026-077");
  p.hdh_directory_number = "F20260101000001";
  auto created = store_->CreateProject(kActor, p);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(store_->GetProject(created->id)->hdh_directory_number, "F20260101000001");
  p.reference = "CONTACT-2026-078";
  p.hdh_directory_number = std::string(65, 'A');
  EXPECT_EQ(store_->CreateProject(kActor, p).status().reason(), reason::kInvalidHdhNumber);
}

TEST_F(StoreTest, AProjectKeepsItsApprovedCohortSize) {
  Project p = ProjectInput("CONTACT-2026-079");
  auto none = store_->CreateProject(kActor, p);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(store_->GetProject(none->id)->cohort_size.has_value());
  p.reference = "CONTACT-2026-080";
  p.cohort_size = 250000;
  auto created = store_->CreateProject(kActor, p);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(store_->GetProjectByReference("CONTACT-2026-080")->cohort_size, 250000);
  const int64_t entries = Count("SELECT count(*) FROM audit_entries");
  for (int64_t bad : {int64_t{0}, int64_t{-3}, int64_t{100000001}}) {
    p.reference = "CONTACT-2026-081";
    p.cohort_size = bad;
    EXPECT_EQ(store_->CreateProject(kActor, p).status().reason(), reason::kInvalidCohortSize)
        << bad;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries);
}

}  // namespace
}  // namespace garant::governance
