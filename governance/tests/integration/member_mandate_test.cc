// The end of a mandate and the replacement of a member (sql/0028) against a
// real PostgreSQL: nobody is deleted, the quorum of a meeting counts the
// members in office on its date (so ending a mandate today does not rewrite a
// past meeting), and the refusals each carry their reason.

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
Date D(const char* s) { return *ParseDate(s); }

class MemberMandateTest : public govtest::GovernanceDbTest {
 protected:
  void SetUp() override {
    GovernanceDbTest::SetUp();
    if (HasFatalFailure()) return;
    Committee c;
    c.code = "strategique";
    c.name = "Comité stratégique";
    c.quorum = {1, 2, true, 0};  // more than half of the voting members in office
    auto cs = store_->CreateCommittee(kActor, c);
    ASSERT_TRUE(cs.ok()) << cs.status().ToString();
    committee_ = cs->id;
    for (const char* name : {"A", "B", "C", "D"}) {
      Member m;
      m.committee_id = committee_;
      m.full_name = name;
      m.role = MemberRole::kMember;
      m.voting = true;
      m.term_start = D("2025-01-01");
      auto added = store_->AddMember(kActor, m);
      ASSERT_TRUE(added.ok()) << added.status().ToString();
      ids_.push_back(added->id);
    }
  }

  int64_t MeetingOn(const char* held_at, std::vector<int64_t> present) {
    Meeting m;
    m.committee_id = committee_;
    m.held_at = T(held_at);
    m.topics = {{0, 0, TopicCategory::kPriorities, "Priorités de l'année"}};
    m.present = std::move(present);
    auto r = store_->RecordMeeting(kActor, m);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : 0;
  }

  Result<DecisionRecord> Decide(int64_t meeting, std::vector<Vote> votes) {
    GARANT_ASSIGN_OR_RETURN(Meeting m, store_->GetMeeting(meeting));
    DecisionDraft d;
    d.topic_id = m.topics.at(0).id;
    d.meeting_id = meeting;
    d.outcome = Outcome::kFavourable;
    d.reasons = "Priorités adoptées.";
    d.votes = std::move(votes);
    return store_->RecordDecision(kActor, d, true);
  }

  int64_t committee_ = 0;
  std::vector<int64_t> ids_;
};

TEST_F(MemberMandateTest, QuorumCountsTheMembersInOfficeOnTheMeetingDate) {
  // Two of four present: not more than half.
  int64_t before_end = MeetingOn("2026-01-15T14:00:00Z", {ids_[0], ids_[1]});
  int64_t after_end = MeetingOn("2026-03-09T14:00:00Z", {ids_[0], ids_[1]});
  auto refused = Decide(after_end, {{ids_[0], VoteChoice::kFor}});
  EXPECT_EQ(refused.status().reason(), reason::kQuorumNotMet);

  // C and D resigned at the end of January.
  for (int64_t id : {ids_[2], ids_[3]}) {
    auto ended = store_->EndMembership(kActor, id, D("2026-01-31"), MandateEnd::kResigned,
                                       "Démission reçue le 20 janvier");
    ASSERT_TRUE(ended.ok()) << ended.status().ToString();
    EXPECT_EQ(ended->end_reason, MandateEnd::kResigned);
    EXPECT_EQ(ended->term_end, D("2026-01-31"));
  }
  // In March, two of two members in office are present: quorum met.
  auto ok = Decide(after_end, {{ids_[0], VoteChoice::kFor}, {ids_[1], VoteChoice::kFor}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  // In mid-January C and D were still in office: that meeting's quorum is
  // unchanged by their later departure.
  auto past = Decide(before_end, {{ids_[0], VoteChoice::kFor}});
  EXPECT_EQ(past.status().reason(), reason::kQuorumNotMet);
  // Nobody was deleted.
  EXPECT_EQ(store_->ListMembers(committee_)->size(), 4u);
}

TEST_F(MemberMandateTest, AnEndedMemberCannotVote) {
  ASSERT_TRUE(
      store_->EndMembership(kActor, ids_[3], D("2026-01-31"), MandateEnd::kTermExpired, "").ok());
  // D is (wrongly) marked present: they do not count, and cannot vote.
  int64_t m = MeetingOn("2026-03-09T14:00:00Z", {ids_[0], ids_[1], ids_[3]});
  auto r = Decide(m, {{ids_[0], VoteChoice::kFor}, {ids_[3], VoteChoice::kFor}});
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().reason(), reason::kMemberNotInOffice);
}

TEST_F(MemberMandateTest, ReplacementEndsThePredecessorAndLinksBoth) {
  Member e;
  e.full_name = "E";
  e.role = MemberRole::kPatientRepresentative;
  e.voting = true;
  e.term_start = D("2026-02-01");
  auto successor = store_->ReplaceMember(kActor, ids_[2], e, "Remplacement de C");
  ASSERT_TRUE(successor.ok()) << successor.status().ToString();
  EXPECT_EQ(successor->replaces_member_id, ids_[2]);
  EXPECT_EQ(successor->committee_id, committee_);
  auto members = store_->ListMembers(committee_);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 5u);
  const Member& c = (*members)[2];
  EXPECT_EQ(c.term_end, D("2026-01-31"));
  EXPECT_EQ(c.end_reason, MandateEnd::kReplaced);
  EXPECT_EQ((*members)[4].replaces_member_id, ids_[2]);
  // The previous (open) end is in the member's history.
  auto history = store_->ListCorrections(CorrectionSubject::kMemberTermEnd, ids_[2]);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].old_value, "");
  EXPECT_EQ((*history)[0].new_value, "2026-01-31");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE event_type = "
                  "'governance.member.replaced'"),
            1);
  // In March: A, B, D and E in office; E present counts, C does not.
  int64_t m = MeetingOn("2026-03-09T14:00:00Z", {ids_[0], ids_[1], successor->id});
  auto ok = Decide(m, {{ids_[0], VoteChoice::kFor}, {successor->id, VoteChoice::kFor}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST_F(MemberMandateTest, BadInputsAreRefusedAndNothingChanges) {
  const int64_t audit_before = Count("SELECT count(*) FROM audit_entries");
  auto before_start =
      store_->EndMembership(kActor, ids_[0], D("2024-12-31"), MandateEnd::kResigned, "");
  EXPECT_EQ(before_start.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(before_start.status().reason(), reason::kInvalidTerm);
  auto no_reason = store_->EndMembership(kActor, ids_[0], D("2026-01-31"), MandateEnd::kNone, "");
  EXPECT_EQ(no_reason.status().reason(), reason::kInvalidMandateEnd);
  EXPECT_EQ(ParseMandateEnd("fired").status().reason(), reason::kInvalidMandateEnd);
  auto unknown = store_->EndMembership(kActor, 999999, D("2026-01-31"), MandateEnd::kResigned, "");
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  Member e;
  e.full_name = "E";
  e.term_start = D("2025-01-01");  // the predecessor's own start
  auto early = store_->ReplaceMember(kActor, ids_[0], e, "");
  EXPECT_EQ(early.status().reason(), reason::kReplacementStartsTooEarly);
  e.term_start = D("2026-02-01");
  e.term_end = D("2026-01-01");
  EXPECT_EQ(store_->ReplaceMember(kActor, ids_[0], e, "").status().reason(), reason::kInvalidTerm);
  e.term_end.reset();
  EXPECT_EQ(store_->ReplaceMember(kActor, 999999, e, "").status().code(), Code::kNotFound);
  e.full_name = "  ";
  EXPECT_EQ(store_->ReplaceMember(kActor, ids_[0], e, "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), audit_before);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_members WHERE term_end IS NOT NULL"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM gov_members"), 4);

  ASSERT_TRUE(
      store_->EndMembership(kActor, ids_[0], D("2026-06-30"), MandateEnd::kTermExpired, "").ok());
  auto same = store_->EndMembership(kActor, ids_[0], D("2026-06-30"), MandateEnd::kTermExpired, "");
  EXPECT_EQ(same.status().reason(), reason::kCorrectionUnchanged);
  // A member is never deleted, even by the owner.
  EXPECT_FALSE(owner_.Exec("DELETE FROM gov_members WHERE id = $1", {ids_[1]}).ok());
  // A reason needs a date (database check).
  EXPECT_FALSE(
      owner_.Exec("UPDATE gov_members SET end_reason = 'resigned' WHERE id = $1", {ids_[1]}).ok());
}

}  // namespace
}  // namespace garant::governance
