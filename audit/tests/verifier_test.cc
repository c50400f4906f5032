// Offline verification on in-memory logs: every kind of damage is detected
// at the exact index DESIGN.md defines.
#include "garant/audit/verifier.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "audit_test_util.h"
#include "gtest/gtest.h"

namespace garant::audit {
namespace {

using testing::kOrigin;
using testing::MemoryLog;

class VerifierTest : public ::testing::Test {
 protected:
  // A log of 1000 entries, signed at 300, 600 (history) and 1000 (latest).
  void SetUp() override {
    log_.AppendEvents(0, 300);
    note300_ = log_.Publish(signer_);
    log_.AppendEvents(300, 600);
    note600_ = log_.Publish(signer_);
    log_.AppendEvents(600, 1000);
    note1000_ = log_.Publish(signer_);
  }

  VerifyReport Verify(MemoryLog& log, std::vector<std::string> trusted = {}) {
    VerifyOptions o;
    o.origin = std::string(kOrigin);
    o.verifiers = {signer_.Verifier()};
    o.trusted_checkpoints = std::move(trusted);
    Result<VerifyReport> r = VerifyLog(log, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : VerifyReport{};
  }

  void ExpectDamage(MemoryLog& log, DamageKind kind, uint64_t index,
                    std::vector<std::string> trusted = {}) {
    const VerifyReport r = Verify(log, std::move(trusted));
    EXPECT_EQ(DamageKindName(r.kind), DamageKindName(kind)) << r.Summary();
    EXPECT_EQ(r.index, index) << r.Summary();
    EXPECT_FALSE(r.ok());
  }

  static void FlipLeafByte(MemoryLog& log, uint64_t i) { log.rows[i]->leaf[20] ^= 0x01; }

  NoteSigner signer_ = testing::LogSigner();
  MemoryLog log_;
  std::string note300_, note600_, note1000_;
};

TEST_F(VerifierTest, IntactLogVerifies) {
  const VerifyReport r = Verify(log_, {note300_, note1000_});
  EXPECT_TRUE(r.ok()) << r.Summary();
  EXPECT_EQ(r.entries_checked, 1000u);
  EXPECT_EQ(r.checkpoints_checked, 5u);  // latest, 2 trusted, 2 stored
  EXPECT_EQ(r.checkpoint.head, log_.Head());
  EXPECT_EQ(r.Summary(), "ok: 1000 entries, checkpoint 1000");
}

TEST_F(VerifierTest, FlippedLeafByte) {
  FlipLeafByte(log_, 437);
  ExpectDamage(log_, DamageKind::kModified, 437);
}

TEST_F(VerifierTest, FlippedStoredLeafHash) {
  (*log_.rows[437]->leaf_hash)[5] ^= 0x40;
  ExpectDamage(log_, DamageKind::kModified, 437);
}

TEST_F(VerifierTest, FlippedChainValue) {
  (*log_.rows[437]->chain)[31] ^= 0x01;
  ExpectDamage(log_, DamageKind::kModified, 437);
}

TEST_F(VerifierTest, FlippedTileHash) {
  log_.tile_hashes[{8, 1}][0] ^= 0x01;  // covers entries 256..511
  ExpectDamage(log_, DamageKind::kModified, 256);
}

TEST_F(VerifierTest, DeletedTileHash) {
  log_.tile_hashes.erase({8, 2});
  ExpectDamage(log_, DamageKind::kMissing, 512);
}

TEST_F(VerifierTest, DeletedRow) {
  log_.rows[437].reset();
  ExpectDamage(log_, DamageKind::kMissing, 437);
}

TEST_F(VerifierTest, SwappedLeaves) {
  std::swap(log_.rows[437]->leaf, log_.rows[800]->leaf);
  ExpectDamage(log_, DamageKind::kReordered, 437);
}

TEST_F(VerifierTest, SwappedWholeRows) {
  std::swap(*log_.rows[437], *log_.rows[800]);
  std::swap(log_.rows[437]->index, log_.rows[800]->index);
  ExpectDamage(log_, DamageKind::kReordered, 437);
}

TEST_F(VerifierTest, SwappedAdjacentWholeRows) {
  std::swap(*log_.rows[437], *log_.rows[438]);
  std::swap(log_.rows[437]->index, log_.rows[438]->index);
  ExpectDamage(log_, DamageKind::kReordered, 437);
}

TEST_F(VerifierTest, SwappedLeavesAndLeafHashes) {
  std::swap(log_.rows[437]->leaf, log_.rows[800]->leaf);
  std::swap(log_.rows[437]->leaf_hash, log_.rows[800]->leaf_hash);
  ExpectDamage(log_, DamageKind::kReordered, 437);
}

TEST_F(VerifierTest, EntryCopiedFromElsewhere) {
  log_.rows[437]->leaf = log_.rows[12]->leaf;
  ExpectDamage(log_, DamageKind::kReordered, 437);
}

TEST_F(VerifierTest, TruncatedTail) {
  log_.rows.resize(900);
  ExpectDamage(log_, DamageKind::kTruncated, 900);
}

TEST_F(VerifierTest, TruncatedTailAndStateButCheckpointsKept) {
  log_.rows.resize(900);
  log_.size_override = 900;
  ExpectDamage(log_, DamageKind::kTruncated, 900);
}

TEST_F(VerifierTest, RolledBackToABackupCaughtByTheAuditorsCheckpoint) {
  // The database went back to 700 entries and its checkpoint of 600.
  MemoryLog restored = log_;
  restored.rows.resize(700);
  restored.latest = note600_;
  restored.history = {note300_};
  EXPECT_TRUE(Verify(restored).ok()) << "self-consistent without outside knowledge";
  ExpectDamage(restored, DamageKind::kTruncated, 700, {note1000_});
}

TEST_F(VerifierTest, RewrittenAndRehashedLogKeepsOldSignature) {
  // Entry 437 rewritten and every stored hash and chain value recomputed:
  // only the signatures can tell, and they bound the damage to [300, 600).
  MemoryLog evil;
  evil.AppendEvents(0, 437);
  evil.Append(testing::MakeLeaf(9999));
  evil.AppendEvents(438, 1000);
  evil.latest = note1000_;
  evil.history = {note300_, note600_};
  ExpectDamage(evil, DamageKind::kModified, 300);
}

TEST_F(VerifierTest, ForkedLogCaughtByTheAuditorsCheckpoints) {
  // A rebuilt, self-consistent log that diverges at 500, signed with the key.
  MemoryLog fork;
  fork.AppendEvents(0, 500);
  fork.AppendEvents(5000, 5600);
  fork.Publish(signer_);
  EXPECT_TRUE(Verify(fork).ok());
  ExpectDamage(fork, DamageKind::kForked, 300, {note300_, note600_});
  ExpectDamage(fork, DamageKind::kForked, 0, {note600_});
  ExpectDamage(fork, DamageKind::kForked, 0, {note1000_});
}

TEST_F(VerifierTest, WholeRebuiltLog) {
  MemoryLog rebuilt;
  rebuilt.AppendEvents(100000, 101000);
  rebuilt.Publish(signer_);
  ExpectDamage(rebuilt, DamageKind::kForked, 0, {note300_});
}

TEST_F(VerifierTest, ForkEvidenceInTheStoredHistory) {
  MemoryLog fork;
  fork.AppendEvents(0, 400);
  fork.AppendEvents(7000, 7200);
  const std::string fork600 = fork.Publish(signer_);
  // The log kept a signed checkpoint of another history at the same size.
  log_.history.push_back(fork600);
  ExpectDamage(log_, DamageKind::kForked, 300);
}

TEST_F(VerifierTest, TamperedStoredCheckpoint) {
  log_.history[0][3] ^= 0x01;
  const VerifyReport r = Verify(log_);
  EXPECT_EQ(r.kind, DamageKind::kNone);
  EXPECT_EQ(r.rejected_checkpoints.size(), 1u);
  EXPECT_FALSE(r.ok());
}

TEST_F(VerifierTest, LatestCheckpointMustVerify) {
  VerifyOptions o;
  o.origin = std::string(kOrigin);
  o.verifiers = {testing::LogSigner(42).Verifier()};
  EXPECT_EQ(VerifyLog(log_, o).status().code(), Code::kUnauthenticated);
  o.verifiers = {signer_.Verifier()};
  log_.latest[0] ^= 0x01;
  EXPECT_FALSE(VerifyLog(log_, o).ok());
  log_.latest[0] ^= 0x01;
  o.trusted_checkpoints = {"not a note"};
  EXPECT_EQ(VerifyLog(log_, o).status().code(), Code::kInvalidArgument);
}

TEST_F(VerifierTest, UnsignedTailIsChecked) {
  log_.AppendEvents(1000, 1100);  // not signed yet
  EXPECT_TRUE(Verify(log_).ok());
  FlipLeafByte(log_, 1050);
  ExpectDamage(log_, DamageKind::kModified, 1050);
  log_.rows.resize(1030);
  log_.size_override = 1100;
  ExpectDamage(log_, DamageKind::kTruncated, 1030);
}

TEST_F(VerifierTest, FirstDamageWins) {
  FlipLeafByte(log_, 900);
  log_.rows[700].reset();
  (*log_.rows[650]->chain)[0] ^= 1;
  ExpectDamage(log_, DamageKind::kModified, 650);
}

TEST(Verifier, EmptyLog) {
  MemoryLog log;
  const NoteSigner signer = testing::LogSigner();
  log.Publish(signer);
  VerifyOptions o{std::string(kOrigin), {signer.Verifier()}, {}, true};
  Result<VerifyReport> r = VerifyLog(log, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
  EXPECT_EQ(r->entries_checked, 0u);
}

TEST(Verifier, LargeLogAcrossTwoTileLevels) {
  MemoryLog log;
  for (uint32_t i = 0; i < 70000; ++i) {
    Bytes leaf(40, 'e');
    for (int k = 0; k < 4; ++k) {
      leaf[static_cast<size_t>(k)] = static_cast<uint8_t>(i >> (8 * k));
    }
    log.Append(std::move(leaf));
  }
  const NoteSigner signer = testing::LogSigner();
  log.Publish(signer);
  ASSERT_TRUE(log.tile_hashes.count({16, 0}));
  VerifyOptions o{std::string(kOrigin), {signer.Verifier()}, {}, true};
  const auto start = std::chrono::steady_clock::now();
  Result<VerifyReport> r = VerifyLog(log, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
  std::printf("verified %llu entries in %.3f s (%.0f entries/s, unoptimised test build)\n",
              static_cast<unsigned long long>(r->entries_checked), s, r->entries_checked / s);

  log.tile_hashes[{16, 0}][9] ^= 0x10;
  r = VerifyLog(log, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, DamageKind::kModified) << r->Summary();
  EXPECT_EQ(r->index, 0u);
  log.tile_hashes[{16, 0}][9] ^= 0x10;
  log.rows[65000]->leaf[39] ^= 1;
  r = VerifyLog(log, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, DamageKind::kModified) << r->Summary();
  EXPECT_EQ(r->index, 65000u);
}

}  // namespace
}  // namespace garant::audit
