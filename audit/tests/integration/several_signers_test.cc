// Several garantd on one database (audit/DESIGN.md, "Several garantd"): each
// instance has its own signer state; followers adopt the checkpoints the
// leader stores, and whichever leads never signs below, or beside, what it
// has seen signed.
#include "audit_db_fixture.h"

namespace garant::audit {
namespace {

// One garantd's signer: its own state store and publisher on the shared pool.
struct Instance {
  MemorySignerStateStore state;
  std::unique_ptr<CheckpointSigner> signer;
  std::unique_ptr<CheckpointPublisher> publisher;
};

class SeveralSignersTest : public testing::AuditDbTest {
 protected:
  void SetUp() override {
    AuditDbTest::SetUp();
    if (HasFatalFailure()) return;
    Make(a_);
    Make(b_);
  }
  void Make(Instance& i) {
    Result<std::unique_ptr<CheckpointSigner>> s =
        CheckpointSigner::Create(std::string(testing::kOrigin), testing::LogSigner(), &i.state);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    i.signer = std::move(*s);
    i.publisher = std::make_unique<CheckpointPublisher>(
        *pool_, log_, *i.signer, clock_, SecureRandom::Instance(),
        CheckpointPublisher::Options{std::chrono::milliseconds(0), {}, {}});
  }
  // The head the database holds now.
  TreeHead Now() {
    Result<TreeHead> h = Head();
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : TreeHead{};
  }
  // Deletes entries from `size` on (and the checkpoints above it): a restored
  // backup of `size` entries.
  void RollBackTo(uint64_t size, const TreeHead& head_at_size, bool keep_checkpoints) {
    Tamper("DELETE FROM audit_entries WHERE idx >= " + std::to_string(size) + ";\n" +
           (keep_checkpoints
                ? std::string()
                : "DELETE FROM audit_checkpoints WHERE size > " + std::to_string(size) + ";\n") +
           "UPDATE audit_tree_state SET size = " + std::to_string(size) + ", root = decode('" +
           HexEncode(head_at_size.root) +
           "', 'hex'), chain = (SELECT chain FROM audit_entries WHERE idx = " +
           std::to_string(size - 1) + ");");
  }
  Instance a_;
  Instance b_;
};

TEST_F(SeveralSignersTest, FollowerAdoptsTheLeadersCheckpoints) {
  ASSERT_TRUE(b_.publisher->FollowOnce().ok()) << "nothing stored yet: nothing to adopt";
  EXPECT_FALSE(b_.signer->last_signed().has_value());
  AppendRange(0, 10);
  ASSERT_TRUE(a_.publisher->PublishOnce()->has_value());
  Status st = b_.publisher->FollowOnce();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(b_.signer->last_signed(), std::optional<TreeHead>(Now()));
  EXPECT_EQ(*b_.state.Load(), std::optional<TreeHead>(Now())) << "saved in B's own state";
  AppendRange(10, 300);
  ASSERT_TRUE(a_.publisher->PublishOnce()->has_value());
  ASSERT_TRUE(b_.publisher->FollowOnce().ok());
  EXPECT_EQ(b_.signer->last_signed()->size, 300u);
  // B leads now: it signs on from A's head, and A follows it.
  AppendRange(300, 310);
  Result<std::optional<std::string>> note = b_.publisher->PublishOnce();
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  ASSERT_TRUE(note->has_value());
  ASSERT_TRUE(a_.publisher->FollowOnce().ok());
  EXPECT_EQ(a_.signer->last_signed()->size, 310u);
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
}

TEST_F(SeveralSignersTest, NewLeaderRefusesToSignBelowTheStoredCheckpoint) {
  AppendRange(0, 20);
  const TreeHead at20 = Now();
  AppendRange(20, 40);
  ASSERT_TRUE(a_.publisher->PublishOnce()->has_value());  // A signed 40; B never followed
  // The database goes back to 20 entries, the checkpoint of 40 stays visible.
  RollBackTo(20, at20, /*keep_checkpoints=*/true);
  Result<std::optional<std::string>> signed_by_b = b_.publisher->PublishOnce();
  EXPECT_EQ(signed_by_b.status().code(), Code::kDataLoss) << signed_by_b.status().ToString();
  EXPECT_NE(signed_by_b.status().message().find("40"), std::string::npos);
  EXPECT_FALSE(b_.signer->last_signed().has_value()) << "B signed nothing";
  EXPECT_EQ(b_.publisher->FollowOnce().code(), Code::kDataLoss);
}

TEST_F(SeveralSignersTest, FollowersStateCatchesARollbackThatHidesTheCheckpoints) {
  AppendRange(0, 20);
  const TreeHead at20 = Now();
  AppendRange(20, 40);
  ASSERT_TRUE(a_.publisher->PublishOnce()->has_value());
  ASSERT_TRUE(b_.publisher->FollowOnce().ok());  // B saw 40
  // A restored backup: the tree and its checkpoints go back to 20.
  RollBackTo(20, at20, /*keep_checkpoints=*/false);
  AppendRange(100, 130);  // other entries from 20 on: a fork of what A signed
  clock_.Advance(std::chrono::seconds(1));
  Result<std::optional<std::string>> signed_by_b = b_.publisher->PublishOnce();
  EXPECT_EQ(signed_by_b.status().code(), Code::kDataLoss) << signed_by_b.status().ToString();
  EXPECT_EQ(b_.signer->last_signed()->size, 40u);
}

TEST_F(SeveralSignersTest, ACheckpointNotSignedWithTheKeyIsNotAdopted) {
  AppendRange(0, 10);
  ASSERT_TRUE(a_.publisher->PublishOnce()->has_value());
  // One base64 character of the signature changes (the note ends "…sig\n").
  Tamper(
      "UPDATE audit_checkpoints SET note = overlay(note PLACING CASE WHEN "
      "substr(note, length(note) - 10, 1) = 'A' THEN 'B' ELSE 'A' END "
      "FROM length(note) - 10 FOR 1) WHERE size = 10;");
  Status st = b_.publisher->FollowOnce();
  EXPECT_EQ(st.code(), Code::kDataLoss) << st.ToString();
  EXPECT_FALSE(b_.signer->last_signed().has_value());
}

TEST_F(SeveralSignersTest, TwoLeadersForAMomentStillMakeOneConsistentLog) {
  // A deposed leader may sign once more before it notices: both sign the
  // same append-only tree, which stays one log.
  for (uint64_t n = 0; n < 6; ++n) {
    AppendRange(n * 50, n * 50 + 50);
    Instance& who = (n % 2 == 0) ? a_ : b_;
    Result<std::optional<std::string>> note = who.publisher->PublishOnce();
    ASSERT_TRUE(note.ok()) << note.status().ToString();
  }
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
  EXPECT_EQ(a_.signer->last_signed()->size, 250u);
  EXPECT_EQ(b_.signer->last_signed()->size, 300u);
}

}  // namespace
}  // namespace garant::audit
