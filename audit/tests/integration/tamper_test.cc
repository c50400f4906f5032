// Tampering with the stored log as a PostgreSQL superuser (triggers off):
// every change is detected, at the exact first bad index, with its kind.
#include "audit_db_fixture.h"

namespace garant::audit {
namespace {

using testing::FlipByte;
using testing::MakeEvent;

// 600 entries (two full level-8 subtrees), signed at 300 and at 600.
class TamperTest : public testing::AuditDbTest {
 protected:
  void SetUp() override {
    AuditDbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    AppendRange(0, 300);
    cp300_ = Publish();
    AppendRange(300, 600);
    cp600_ = Publish();
    Result<VerifyReport> r = VerifyDb({cp300_, cp600_});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->ok()) << r->Summary();
  }
  std::string cp300_, cp600_;
};

TEST_F(TamperTest, FlippedLeafByte) {
  Tamper(FlipByte("leaf", 40, "idx = 437"));
  ExpectDamage(DamageKind::kModified, 437);
}

TEST_F(TamperTest, FlippedLevelZeroTileHash) {
  Tamper(FlipByte("leaf_hash", 7, "idx = 100"));
  ExpectDamage(DamageKind::kModified, 100);
}

TEST_F(TamperTest, FlippedUpperTileHash) {
  Tamper(FlipByte("hash", 0, "level = 8 AND idx = 1", "audit_tile_hashes"));
  ExpectDamage(DamageKind::kModified, 256);
}

TEST_F(TamperTest, FlippedChainValue) {
  Tamper(FlipByte("chain", 31, "idx = 437"));
  ExpectDamage(DamageKind::kModified, 437);
}

TEST_F(TamperTest, DeletedRow) {
  Tamper("DELETE FROM audit_entries WHERE idx = 437;");
  ExpectDamage(DamageKind::kMissing, 437);
}

TEST_F(TamperTest, SwappedRows) {
  Tamper(
      "CREATE TEMP TABLE swap AS SELECT * FROM audit_entries WHERE idx IN (437, 500);\n"
      "DELETE FROM audit_entries WHERE idx IN (437, 500);\n"
      "INSERT INTO audit_entries SELECT CASE idx WHEN 437 THEN 500 ELSE 437 END, leaf, "
      "leaf_hash, chain, event_id, event_type, event_time, actor, object FROM swap;");
  ExpectDamage(DamageKind::kReordered, 437);
}

TEST_F(TamperTest, SwappedLeavesOnly) {
  Tamper(
      "UPDATE audit_entries a SET leaf = b.leaf FROM audit_entries b "
      "WHERE (a.idx, b.idx) IN ((120, 121), (121, 120));");
  ExpectDamage(DamageKind::kReordered, 120);
}

TEST_F(TamperTest, TruncatedTail) {
  Tamper(
      "DELETE FROM audit_entries WHERE idx >= 550;\n"
      "UPDATE audit_tree_state SET size = 550;");
  ExpectDamage(DamageKind::kTruncated, 550);
}

TEST_F(TamperTest, RolledBackWithItsCheckpointsCaughtByTheAuditor) {
  // Everything after 300 removed, checkpoints included: self-consistent.
  Tamper(
      "DELETE FROM audit_entries WHERE idx >= 300;\n"
      "DELETE FROM audit_tile_hashes WHERE level = 8 AND idx >= 1;\n"
      "DELETE FROM audit_checkpoints WHERE size > 300;\n"
      "UPDATE audit_tree_state SET size = 300;");
  Result<VerifyReport> alone = VerifyDb();
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->ok()) << alone->Summary();
  ExpectDamage(DamageKind::kTruncated, 300, {cp600_});
}

TEST_F(TamperTest, RebuiltForkedLog) {
  // A whole new, self-consistent log: the first 300 events kept, the rest
  // replaced, re-signed with the log key by a signer that lost its state.
  Tamper(
      "TRUNCATE audit_entries, audit_tile_hashes, audit_checkpoints;\n"
      "UPDATE audit_tree_state SET size = 0, root = sha256(''::bytea), "
      "chain = sha256(convert_to('garant-audit-chain-genesis-v1', 'UTF8'));");
  AuditLog fresh_log;
  MemorySignerStateStore fresh_state;
  Result<std::unique_ptr<CheckpointSigner>> fresh =
      CheckpointSigner::Create(std::string(testing::kOrigin), testing::LogSigner(), &fresh_state);
  ASSERT_TRUE(fresh.ok());
  for (uint64_t b = 0; b < 650; b += 50) {
    std::vector<Event> events;
    for (uint64_t n = b; n < b + 50; ++n) {
      events.push_back(MakeEvent(n < 300 ? n : n + 5000));
    }
    ASSERT_TRUE(Append(std::move(events), &fresh_log).ok());
  }
  CheckpointPublisher publisher(*pool_, fresh_log, **fresh, clock_, SecureRandom::Instance(),
                                CheckpointPublisher::Options{std::chrono::milliseconds(0), {}});
  ASSERT_TRUE(publisher.PublishOnce().ok());
  Result<VerifyReport> alone = VerifyDb();
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->ok()) << "self-consistent: " << alone->Summary();
  ExpectDamage(DamageKind::kForked, 300, {cp300_, cp600_});
  ExpectDamage(DamageKind::kForked, 0, {cp600_});
}

TEST_F(TamperTest, RewrittenEntryWithRecomputedHashes) {
  // The attacker rewrites entry 437 and recomputes its leaf hash, the chain
  // and the tile hashes in SQL, but cannot sign: the signatures bound it.
  Tamper(
      "CREATE TEMP TABLE t AS SELECT * FROM audit_entries ORDER BY idx;\n"
      "UPDATE t SET leaf = set_byte(leaf, 40, get_byte(leaf, 40) # 1) WHERE idx = 437;\n"
      "UPDATE t SET leaf_hash = sha256('\\x00'::bytea || leaf);\n"
      "DO $$ DECLARE r record; c bytea := sha256(convert_to('garant-audit-chain-genesis-v1', "
      "'UTF8')); BEGIN FOR r IN SELECT idx, leaf_hash FROM t ORDER BY idx LOOP "
      "c := sha256(c || r.leaf_hash); UPDATE t SET chain = c WHERE idx = r.idx; END LOOP; END $$;\n"
      "DELETE FROM audit_entries;\n"
      "INSERT INTO audit_entries SELECT * FROM t;\n");
  // Recompute the level-8 hash over entries 256..511 from the new leaf hashes.
  Tamper(
      "DO $$ DECLARE lvl bytea[]; nxt bytea[]; i int; BEGIN "
      "SELECT array_agg(leaf_hash ORDER BY idx) INTO lvl FROM audit_entries "
      "WHERE idx >= 256 AND idx < 512; "
      "WHILE array_length(lvl, 1) > 1 LOOP nxt := '{}'; "
      "FOR i IN 1 .. array_length(lvl, 1) BY 2 LOOP "
      "nxt := nxt || sha256('\\x01'::bytea || lvl[i] || lvl[i + 1]); END LOOP; lvl := nxt; "
      "END LOOP; UPDATE audit_tile_hashes SET hash = lvl[1] WHERE level = 8 AND idx = 1; END $$;");
  ExpectDamage(DamageKind::kModified, 300);
}

}  // namespace
}  // namespace garant::audit
