// Decisions not about a project (sql/0027) against a real PostgreSQL: a
// Comité stratégique meeting with topics on its agenda (a charter, access
// rules, priorities), decided with the same quorum, votes, two signatures and
// immutability as a project opinion; the public ones listed for the portal.

#include <gtest/gtest.h>

#include "garant/core/migrations.h"
#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "garant/sql/migrations.h"
#include "governance_db.h"
#include "pg_cluster.h"

namespace garant::governance {
namespace {

using namespace std::chrono_literals;

using govtest::kActor;
using govtest::kCosigner;
using govtest::T;

class TopicDecisionTest : public govtest::GovernanceDbTest {
 protected:
  void SetUp() override {
    GovernanceDbTest::SetUp();
    if (HasFatalFailure()) return;
    Committee c;
    c.code = "strategique";
    c.name = "Comité stratégique";
    c.quorum = {1, 2, true, 0};  // more than half of the voting members
    auto cs = store_->CreateCommittee(kActor, c);
    ASSERT_TRUE(cs.ok()) << cs.status().ToString();
    committee_ = cs->id;
    members_ = AddVotingMembers(committee_, {"Dr Bernard Lemoine", "Mme Claire Fontaine",
                                             "M. Olivier Renaud", "Pr Inès Carpentier"});
    ASSERT_EQ(members_.size(), 4u);
  }

  // A meeting yesterday with only topics on its agenda.
  Result<Meeting> MeetingWith(std::vector<Topic> topics, std::vector<int64_t> present) {
    Meeting m;
    m.committee_id = committee_;
    m.held_at = clock_.Now() - 24h;
    m.topics = std::move(topics);
    m.present = std::move(present);
    return store_->RecordMeeting(kActor, m);
  }

  DecisionDraft Adopt(const Meeting& m, size_t topic = 0) {
    DecisionDraft d;
    d.topic_id = m.topics.at(topic).id;
    d.meeting_id = m.id;
    d.outcome = Outcome::kFavourable;
    d.reasons = "La charte d'accès à l'entrepôt est adoptée dans la version annexée.";
    d.votes = {{members_[0], VoteChoice::kFor},
               {members_[1], VoteChoice::kFor},
               {members_[2], VoteChoice::kAbstain}};
    return d;
  }

  static Topic Charter() { return {0, 0, TopicCategory::kCharter, "Charte d'accès, version 2"}; }

  int64_t committee_ = 0;
  std::vector<int64_t> members_;
};

TEST_F(TopicDecisionTest, AMeetingMayListOnlyTopics) {
  auto m = MeetingWith({Charter(), {0, 0, TopicCategory::kPriorities, "Priorités 2027"}},
                       {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->topics.size(), 2u);
  auto stored = store_->GetMeeting(m->id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->topics.size(), 2u);
  EXPECT_EQ(stored->topics[0].category, TopicCategory::kCharter);
  EXPECT_EQ(stored->topics[1].title, "Priorités 2027");
  EXPECT_TRUE(stored->agenda.empty());
  // The agenda item is part of the record: never changed.
  EXPECT_FALSE(owner_.Exec("UPDATE gov_meeting_topics SET title = 'x'").ok());
}

TEST_F(TopicDecisionTest, BadAgendasAreRefused) {
  auto empty = MeetingWith({}, {members_[0]});
  EXPECT_EQ(empty.status().reason(), reason::kAgendaEmpty);
  auto blank = MeetingWith({{0, 0, TopicCategory::kOther, "   "}}, {members_[0]});
  EXPECT_EQ(blank.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(blank.status().reason(), reason::kInvalidTopic);
  auto longer = MeetingWith({{0, 0, TopicCategory::kOther, std::string(301, 'a')}}, {});
  EXPECT_EQ(longer.status().reason(), reason::kInvalidTopic);
  EXPECT_EQ(ParseTopicCategory("reglement").status().reason(), reason::kInvalidTopic);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_meetings"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_meeting_topics"), 0);
}

TEST_F(TopicDecisionTest, SignedCosignedInForceAndImmutable) {
  auto m = MeetingWith({Charter()}, {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto d = store_->RecordDecision(kActor, Adopt(*m), true);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->draft.project_id, 0);
  EXPECT_EQ(d->draft.topic_id, m->topics[0].id);
  EXPECT_FALSE(d->Effective());
  // Pending: not on the portal yet.
  EXPECT_TRUE(store_->ListTopicDecisions(true)->empty());
  ASSERT_EQ(store_->ListTopicDecisions(false)->size(), 1u);
  EXPECT_EQ(store_->CosignDecision(kActor, d->id).status().reason(), reason::kSameSignatory);
  auto co = store_->CosignDecision(kCosigner, d->id);
  ASSERT_TRUE(co.ok()) << co.status().ToString();
  EXPECT_TRUE(co->Effective());
  auto portal = store_->ListTopicDecisions(true);
  ASSERT_TRUE(portal.ok());
  ASSERT_EQ(portal->size(), 1u);
  EXPECT_EQ((*portal)[0].topic.title, "Charte d'accès, version 2");
  EXPECT_EQ((*portal)[0].committee_name, "Comité stratégique");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE object = 'decision/" +
                  std::to_string(d->id) + "'"),
            3);  // recorded, signed, co-signed

  // Immutable: neither the application role nor the owner changes it.
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  for (const char* sql : {"UPDATE gov_decisions SET reasons = 'autre' WHERE id = $1",
                          "UPDATE gov_decisions SET public = false WHERE id = $1"}) {
    auto app = (*conn)->Exec(sql, {d->id});
    EXPECT_EQ(app.status().code(), Code::kPermissionDenied) << sql;
    auto owner = owner_.Exec(sql, {d->id});
    EXPECT_EQ(owner.status().code(), Code::kPermissionDenied) << sql;
  }
  auto del = owner_.Exec("DELETE FROM gov_decisions WHERE id = $1", {d->id});
  EXPECT_EQ(del.status().code(), Code::kPermissionDenied);
  EXPECT_FALSE(
      owner_.Exec("UPDATE gov_votes SET choice = 'against' WHERE decision_id = $1", {d->id}).ok());
  EXPECT_EQ(store_->GetDecision(d->id)->draft.reasons, Adopt(*m).reasons);
}

TEST_F(TopicDecisionTest, UnsignedTopicDecisionStaysEditableByTheGuardOnlyForItsSignature) {
  auto m = MeetingWith({Charter()}, {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m.ok());
  auto d = store_->RecordDecision(kActor, Adopt(*m), false);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  // A co-signature before the signature is refused by the database too.
  auto early = owner_.Exec(
      "UPDATE gov_decisions SET cosigned_at = now(), cosigned_by = 'staff:2' WHERE id = $1",
      {d->id});
  EXPECT_EQ(early.status().code(), Code::kPermissionDenied);
  auto s = store_->SignDecision(kActor, d->id);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->signed_at.has_value());
}

TEST_F(TopicDecisionTest, SameQuorumAndVoteRules) {
  // Two of four voting members: not more than half.
  auto thin = MeetingWith({Charter()}, {members_[0], members_[1]});
  ASSERT_TRUE(thin.ok());
  DecisionDraft d = Adopt(*thin);
  d.votes = {{members_[0], VoteChoice::kFor}};
  auto r = store_->RecordDecision(kActor, d, true);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().reason(), reason::kQuorumNotMet);

  auto m = MeetingWith({Charter()}, {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m.ok());
  d = Adopt(*m);
  d.votes.push_back({members_[3], VoteChoice::kFor});  // absent
  EXPECT_EQ(store_->RecordDecision(kActor, d, true).status().reason(), reason::kAbsentMember);
  d = Adopt(*m);
  d.votes = {{members_[0], VoteChoice::kAgainst}};
  EXPECT_EQ(store_->RecordDecision(kActor, d, true).status().reason(),
            reason::kOutcomeContradictsVotes);
  d = Adopt(*m);
  d.reasons = " ";
  EXPECT_EQ(store_->RecordDecision(kActor, d, true).status().reason(), reason::kReasonsRequired);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_decisions"), 0);
}

TEST_F(TopicDecisionTest, OneSubjectOnTheAgenda) {
  auto m = MeetingWith({Charter()}, {members_[0], members_[1], members_[2]});
  auto other = MeetingWith({Charter()}, {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m.ok() && other.ok());
  DecisionDraft neither = Adopt(*m);
  neither.topic_id.reset();
  auto r = store_->RecordDecision(kActor, neither, true);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().reason(), reason::kDecisionSubjectRequired);
  DecisionDraft both = Adopt(*m);
  both.project_id = 1;
  EXPECT_EQ(store_->RecordDecision(kActor, both, true).status().reason(),
            reason::kDecisionSubjectRequired);
  DecisionDraft elsewhere = Adopt(*m);
  elsewhere.topic_id = other->topics[0].id;  // on another meeting's agenda
  auto e = store_->RecordDecision(kActor, elsewhere, true);
  EXPECT_EQ(e.status().code(), Code::kConflict);
  EXPECT_EQ(e.status().reason(), reason::kTopicNotOnAgenda);
  DecisionDraft unknown = Adopt(*m);
  unknown.topic_id = 999999;
  EXPECT_EQ(store_->RecordDecision(kActor, unknown, true).status().reason(),
            reason::kTopicNotOnAgenda);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_decisions"), 0);
}

TEST_F(TopicDecisionTest, APrivateDecisionIsNotOnThePortal) {
  auto m = MeetingWith({{0, 0, TopicCategory::kAccessRules, "Règles d'accès des prestataires"}},
                       {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m.ok());
  DecisionDraft d = Adopt(*m);
  d.is_public = false;
  auto r = store_->RecordDecision(kActor, d, true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(store_->CosignDecision(kCosigner, r->id).ok());
  EXPECT_FALSE(store_->GetDecision(r->id)->draft.is_public);
  EXPECT_TRUE(store_->ListTopicDecisions(true)->empty());
  EXPECT_EQ(store_->ListTopicDecisions(false)->size(), 1u);
}

TEST_F(TopicDecisionTest, AmendmentsStayWithinTheirCategory) {
  auto m1 = MeetingWith({Charter(), {0, 0, TopicCategory::kPriorities, "Priorités 2027"}},
                        {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m1.ok());
  auto first = store_->RecordDecision(kActor, Adopt(*m1), true);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(store_->CosignDecision(kCosigner, first->id).ok());

  clock_.Advance(24h * 30);
  auto m2 = MeetingWith({{0, 0, TopicCategory::kCharter, "Charte d'accès, version 3"}},
                        {members_[0], members_[1], members_[2]});
  ASSERT_TRUE(m2.ok());
  // Priorities do not amend a charter.
  DecisionDraft wrong = Adopt(*m1, 1);
  wrong.amends_decision_id = first->id;
  auto w = store_->RecordDecision(kActor, wrong, true);
  EXPECT_EQ(w.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(w.status().reason(), reason::kAmendmentOtherSubject);
  // A new charter amends the charter.
  DecisionDraft fix = Adopt(*m2);
  fix.amends_decision_id = first->id;
  auto amended = store_->RecordDecision(kActor, fix, true);
  ASSERT_TRUE(amended.ok()) << amended.status().ToString();
  // Signed, not co-signed: the first charter is not replaced yet.
  auto find = [&](int64_t id) -> std::optional<TopicDecision> {
    auto list = store_->ListTopicDecisions(true);
    EXPECT_TRUE(list.ok());
    for (auto& td : *list) {
      if (td.decision.id == id) return td;
    }
    return std::nullopt;
  };
  ASSERT_TRUE(find(first->id));
  EXPECT_FALSE(find(first->id)->replaced_by);
  clock_.Advance(2h);
  ASSERT_TRUE(store_->CosignDecision(kCosigner, amended->id).ok());
  // Co-signed: the portal's list keeps the first charter, replaced by the new
  // one since its co-signature; the new one is current.
  auto old_charter = find(first->id);
  ASSERT_TRUE(old_charter);
  EXPECT_EQ(old_charter->replaced_by, amended->id);
  ASSERT_TRUE(old_charter->replaced_at);
  EXPECT_EQ(*old_charter->replaced_at, clock_.Now());
  EXPECT_TRUE(old_charter->replaced_by_public);
  auto new_charter = find(amended->id);
  ASSERT_TRUE(new_charter);
  EXPECT_FALSE(new_charter->replaced_by);
  // Amended once: the next amends the amendment.
  auto twice = store_->RecordDecision(kActor, fix, true);
  EXPECT_EQ(twice.status().reason(), reason::kDecisionAlreadyAmended);
}

}  // namespace
}  // namespace garant::governance
