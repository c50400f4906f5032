// Discarding an unsigned decision (GovernanceStore::DiscardDecision,
// sql/0038) against a real PostgreSQL: the draft and its votes deleted with
// their audit entry in one transaction; a signed decision, an unknown id, a
// missing reason and a decision something names are refused, nothing changed.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "governance_db.h"

namespace garant::governance {
namespace {

using namespace std::chrono_literals;

using govtest::kActor;
using govtest::kCosigner;

class DiscardDecisionTest : public govtest::GovernanceDbTest {
 protected:
  // A committee of three voting members, a project under review, a meeting
  // yesterday with every member present and the project on its agenda.
  void SetUp() override {
    GovernanceDbTest::SetUp();
    if (HasFatalFailure()) return;
    committee_ = CreateCse({1, 2, true, 0});
    ASSERT_NE(committee_, 0);
    members_ =
        AddVotingMembers(committee_, {"Dr Anne Martin", "Dr Paul Durand", "Pr Lise Bernard"});
    ASSERT_EQ(members_.size(), 3u);
    auto created = store_->CreateProject(kActor, SampleProject("CONTACT-2026-009", committee_));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    project_ = created->id;
    Meeting m;
    m.committee_id = committee_;
    m.held_at = clock_.Now() - 24h;
    m.agenda = {project_};
    m.present = members_;
    auto meeting = store_->RecordMeeting(kActor, m);
    ASSERT_TRUE(meeting.ok()) << meeting.status().ToString();
    meeting_ = meeting->id;
  }

  // Records a favourable decision with two votes, signed or not.
  int64_t Record(bool sign) {
    DecisionDraft d;
    d.project_id = project_;
    d.meeting_id = meeting_;
    d.outcome = Outcome::kFavourable;
    d.reasons = "Intérêt public, minimisation respectée.";
    d.votes = {{members_[0], VoteChoice::kFor}, {members_[1], VoteChoice::kFor}};
    auto r = store_->RecordDecision(kActor, d, sign);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }

  int64_t Rows(int64_t decision) {
    return Count("SELECT count(*) FROM gov_decisions WHERE id = " + std::to_string(decision));
  }
  int64_t Votes(int64_t decision) {
    return Count("SELECT count(*) FROM gov_votes WHERE decision_id = " + std::to_string(decision));
  }
  int64_t Entries(const std::string& type) {
    return Count("SELECT count(*) FROM audit_entries WHERE event_type = '" + type + "'");
  }

  // The payload and actor of the latest audit entry of `type`.
  boost::json::object LatestPayload(const std::string& type, std::string* actor) {
    int64_t idx =
        Count("SELECT coalesce(max(idx), -1) FROM audit_entries WHERE event_type = '" + type + "'");
    EXPECT_GE(idx, 0) << type;
    if (idx < 0) return {};
    return AuditPayload(static_cast<uint64_t>(idx), actor);
  }

  int64_t committee_ = 0;
  int64_t project_ = 0;
  int64_t meeting_ = 0;
  std::vector<int64_t> members_;
};

TEST_F(DiscardDecisionTest, DiscardsAnUnsignedDecisionWithItsVotesAndRecordsWhy) {
  int64_t id = Record(false);
  ASSERT_NE(id, 0);
  ASSERT_EQ(Votes(id), 2);
  auto gone = store_->DiscardDecision(kCosigner, id, "Mauvais projet sélectionné.");
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_EQ(gone->id, id);
  EXPECT_EQ(gone->draft.outcome, Outcome::kFavourable);
  EXPECT_EQ(Rows(id), 0);
  EXPECT_EQ(Votes(id), 0);
  EXPECT_EQ(store_->GetDecision(id).status().code(), Code::kNotFound);
  // The recording stays in the log; the discard is added to it.
  EXPECT_EQ(Entries("governance.decision.recorded"), 1);
  ASSERT_EQ(Entries("governance.decision.discarded"), 1);
  std::string actor;
  boost::json::object p = LatestPayload("governance.decision.discarded", &actor);
  EXPECT_EQ(actor, kCosigner);
  EXPECT_EQ(p["decision_id"].as_int64(), id);
  EXPECT_EQ(p["meeting_id"].as_int64(), meeting_);
  EXPECT_EQ(p["project"].as_string(), "CONTACT-2026-009");
  EXPECT_EQ(p["outcome"].as_string(), "favourable");
  EXPECT_EQ(p["reason"].as_string(), "Mauvais projet sélectionné.");
  EXPECT_EQ(p["recorded_by"].as_string(), kActor);
  EXPECT_EQ(p["discarded_by"].as_string(), kCosigner);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE event_type = "
                  "'governance.decision.discarded' AND object = 'decision/" +
                  std::to_string(id) + "'"),
            1);
  // The project is still under review: the right decision may be recorded.
  EXPECT_EQ(store_->GetProject(project_)->status, ProjectStatus::kUnderReview);
  EXPECT_NE(Record(false), 0);
  // Discarded twice: it is gone.
  EXPECT_EQ(store_->DiscardDecision(kActor, id, "encore").status().code(), Code::kNotFound);
}

TEST_F(DiscardDecisionTest, ASignedDecisionIsRefusedAndKept) {
  int64_t id = Record(true);
  ASSERT_NE(id, 0);
  for (bool cosigned : {false, true}) {
    if (cosigned) {
      ASSERT_TRUE(store_->CosignDecision(kCosigner, id).ok());
    }
    auto refused = store_->DiscardDecision(kActor, id, "Erreur de saisie.");
    EXPECT_EQ(refused.status().code(), Code::kConflict) << refused.status().ToString();
    EXPECT_EQ(refused.status().reason(), reason::kDecisionAlreadySigned);
    EXPECT_EQ(Rows(id), 1);
    EXPECT_EQ(Votes(id), 2);
  }
  EXPECT_EQ(Entries("governance.decision.discarded"), 0);
  // The last guard: the application role, granted DELETE by sql/0038, still
  // cannot delete a signed decision or its votes (the triggers of sql/0005).
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto votes = (*conn)->Exec("DELETE FROM gov_votes WHERE decision_id = $1", {id});
  EXPECT_EQ(votes.status().code(), Code::kPermissionDenied) << votes.status().ToString();
  auto row = (*conn)->Exec("DELETE FROM gov_decisions WHERE id = $1", {id});
  EXPECT_EQ(row.status().code(), Code::kPermissionDenied) << row.status().ToString();
  EXPECT_EQ(Rows(id), 1);
  EXPECT_EQ(Votes(id), 2);
}

TEST_F(DiscardDecisionTest, UnknownIdAndMissingReasonAreRefused) {
  EXPECT_EQ(store_->DiscardDecision(kActor, 999999, "Erreur.").status().code(), Code::kNotFound);
  int64_t id = Record(false);
  ASSERT_NE(id, 0);
  for (const std::string& blank : {std::string(), std::string(" \n\t"), std::string(2001, 'x')}) {
    auto refused = store_->DiscardDecision(kActor, id, blank);
    EXPECT_EQ(refused.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(refused.status().reason(), reason::kDiscardReasonRequired);
  }
  EXPECT_EQ(Rows(id), 1);
  EXPECT_EQ(Votes(id), 2);
  EXPECT_EQ(Entries("governance.decision.discarded"), 0);
}

TEST_F(DiscardDecisionTest, ADecisionAnotherOneNamesIsRefused) {
  int64_t id = Record(false);
  ASSERT_NE(id, 0);
  // The store never lets an amendment name an unsigned decision
  // (amended_decision_unsigned); written by the owner, the refusal is named.
  ASSERT_TRUE(owner_
                  .Exec("INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, "
                        "amends_decision_id, recorded_at, recorded_by) SELECT project_id, "
                        "meeting_id, outcome, reasons, id, recorded_at, recorded_by "
                        "FROM gov_decisions WHERE id = $1",
                        {id})
                  .ok());
  auto refused = store_->DiscardDecision(kActor, id, "Erreur.");
  EXPECT_EQ(refused.status().code(), Code::kConflict);
  EXPECT_EQ(refused.status().reason(), reason::kDecisionReferenced);
  EXPECT_EQ(Rows(id), 1);
  EXPECT_EQ(Votes(id), 2);
}

}  // namespace
}  // namespace garant::governance
