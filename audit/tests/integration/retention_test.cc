// Retention (sql/0023, retention.h): pruning removes the leaves of old access
// and staff entries and nothing the tree or the chain is computed from; the
// log still verifies and says what is pruned; a changed stored hash of a
// pruned entry is still found at its index; objection entries are never
// pruned, whoever asks; a dry run changes nothing; garant_app cannot prune.
#include "garant/audit/retention.h"

#include <chrono>

#include "audit_db_fixture.h"

namespace garant::audit {
namespace {

using testing::FlipByte;

// MakeEvent(n): objection.created when n % 3 == 0, access.query when 1,
// staff.login when 2; event time base + n ms.
constexpr int64_t kBaseMicros = 1'764'350'451'123'456;

class RetentionTest : public testing::AuditDbTest {
 protected:
  void SetUp() override {
    AuditDbTest::SetUp();
    if (HasFatalFailure()) return;
    AppendRange(0, 600);
    Publish();
  }

  // "now" such that, with 365 days of retention, entries below `index` are
  // older than the cutoff.
  static TimePoint NowPruning(uint64_t index) {
    return FromUnixMicros(kBaseMicros + static_cast<int64_t>(index) * 1'000 - 500) +
           std::chrono::hours(24 * 365);
  }

  Result<std::vector<PrunedFamily>> Prune(uint64_t below, bool dry_run,
                                          std::vector<RetentionPolicy> policies = {}) {
    if (policies.empty()) {
      GARANT_ASSIGN_OR_RETURN(policies, RetentionPolicies(365, 365));
    }
    GARANT_ASSIGN_OR_RETURN(db::Connection owner, db::Connection::Open(db_));
    db::Transaction tx(owner);
    GARANT_RETURN_IF_ERROR(tx.status());
    GARANT_ASSIGN_OR_RETURN(std::vector<PrunedFamily> out,
                            PruneEntriesInTx(tx, policies, NowPruning(below), dry_run));
    // Committed even in a dry run: the dry run itself must change nothing.
    GARANT_RETURN_IF_ERROR(tx.Commit());
    return out;
  }

  // One script as the owner, on its own connection.
  Status AsOwner(const std::string& sql) {
    GARANT_ASSIGN_OR_RETURN(db::Connection owner, db::Connection::Open(db_));
    return owner.ExecScript(sql);
  }

  int64_t Count(const std::string& sql) {
    Result<db::Connection> owner = db::Connection::Open(db_);
    EXPECT_TRUE(owner.ok());
    Result<db::Rows> r = owner->Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }
};

TEST_F(RetentionTest, PrunedLogStillVerifiesAndSaysWhatIsPruned) {
  Result<std::vector<PrunedFamily>> r = Prune(300, false);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].family, "access");
  EXPECT_EQ((*r)[0].count, 100u);  // 1, 4, ..., 298
  EXPECT_EQ((*r)[0].first, 1u);
  EXPECT_EQ((*r)[0].last, 298u);
  EXPECT_EQ((*r)[1].family, "staff");
  EXPECT_EQ((*r)[1].count, 100u);  // 2, 5, ..., 299
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL"), 200);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL AND "
                  "(event_type NOT LIKE 'access.%' AND event_type NOT LIKE 'staff.%')"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE idx >= 300 AND leaf IS NULL"), 0);

  Result<VerifyReport> v = VerifyDb();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok()) << v->Summary();
  EXPECT_EQ(v->entries_checked, 600u);
  EXPECT_EQ(v->pruned, 200u);
  ASSERT_EQ(v->pruned_ranges.size(), 100u);
  EXPECT_EQ(v->pruned_ranges.front(), (std::pair<uint64_t, uint64_t>{1, 2}));
  EXPECT_EQ(v->pruned_ranges.back(), (std::pair<uint64_t, uint64_t>{298, 299}));
  EXPECT_NE(v->Summary().find("200 pruned in 1-2,4-5,"), std::string::npos) << v->Summary();

  // The log goes on: new entries, a new checkpoint, a second run prunes
  // only what is new, and the whole still verifies.
  AppendRange(600, 700);
  Publish();
  Result<std::vector<PrunedFamily>> again = Prune(450, false);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)[0].count, 50u);
  EXPECT_EQ((*again)[0].first, 301u);
  v = VerifyDb();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->ok()) << v->Summary();
  EXPECT_EQ(v->pruned, 300u);
  EXPECT_EQ(v->entries_checked, 700u);
}

TEST_F(RetentionTest, ChangedStoredHashOfAPrunedEntryIsNamed) {
  ASSERT_TRUE(Prune(300, false).ok());
  Tamper(FlipByte("leaf_hash", 7, "idx = 100"));
  ExpectDamage(DamageKind::kModified, 100);
}

TEST_F(RetentionTest, ChangedChainOfAPrunedEntryIsNamed) {
  ASSERT_TRUE(Prune(300, false).ok());
  Tamper(FlipByte("chain", 0, "idx = 202"));
  ExpectDamage(DamageKind::kModified, 202);
}

TEST_F(RetentionTest, AnObjectionEmptiedBehindGarantsBackIsDamage) {
  // A superuser with the triggers off empties an objection entry: it is not
  // a family retention prunes, so it is damage, named at its index.
  ASSERT_TRUE(Prune(300, false).ok());
  Tamper("UPDATE audit_entries SET leaf = NULL, pruned_at = now() WHERE idx = 450;");
  ExpectDamage(DamageKind::kModified, 450);
}

TEST_F(RetentionTest, ObjectionEntriesAreNeverPrunedWhoeverAsks) {
  // A policy for objections is refused by the database, not just by garant.
  Result<std::vector<PrunedFamily>> r =
      Prune(300, false, {RetentionPolicy{"objection", "objection.", 1}});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL"), 0);
  // Nor by hand, as the owner inside a pruning transaction.
  EXPECT_FALSE(AsOwner("BEGIN; SELECT set_config('garant.retention_pruning', 'on', true);\n"
                       "UPDATE audit_entries SET leaf = NULL, pruned_at = now() WHERE idx = 3; "
                       "COMMIT;")
                   .ok());
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL"), 0);
  Result<VerifyReport> v = VerifyDb();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
  EXPECT_EQ(v->pruned, 0u);
}

TEST_F(RetentionTest, OnlyTheLeafOfAnAccessOrStaffEntryAndOnlyInAPruningRun) {
  const std::string run = "BEGIN; SELECT set_config('garant.retention_pruning', 'on', true);\n";
  // The exact pruning shape works inside a run (the control for the rest).
  EXPECT_TRUE(AsOwner(run + "UPDATE audit_entries SET leaf = NULL, pruned_at = now() WHERE idx "
                            "= 4; COMMIT;")
                  .ok());
  // Outside a pruning run, even the owner's exact pruning shape is refused.
  EXPECT_FALSE(
      AsOwner("UPDATE audit_entries SET leaf = NULL, pruned_at = now() WHERE idx = 1;").ok());
  // Inside one, anything but the pruning shape is refused.
  EXPECT_FALSE(AsOwner(run + "UPDATE audit_entries SET leaf = NULL, pruned_at = now(), "
                             "leaf_hash = sha256(''::bytea) WHERE idx = 1; COMMIT;")
                   .ok());
  EXPECT_FALSE(AsOwner(run + "UPDATE audit_entries SET leaf = NULL WHERE idx = 1; COMMIT;").ok());
  EXPECT_FALSE(AsOwner(run + "DELETE FROM audit_entries WHERE idx = 1; COMMIT;").ok());
  EXPECT_FALSE(AsOwner(run + "UPDATE audit_entries SET pruned_at = NULL, leaf = '\\x00' WHERE "
                             "idx = 4; COMMIT;")
                   .ok());
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL"), 1);
}

TEST_F(RetentionTest, ApplicationRoleCannotPrune) {
  Result<db::Connection> app = db::Connection::Open(cluster_->AppConninfo(db_));
  ASSERT_TRUE(app.ok());
  Status st = app->ExecScript(
      "BEGIN; SELECT set_config('garant.retention_pruning', 'on', true);\n"
      "UPDATE audit_entries SET leaf = NULL, pruned_at = now() WHERE idx = 1; COMMIT;");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("permission denied"), std::string::npos) << st.message();
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL"), 0);
}

TEST_F(RetentionTest, DryRunChangesNothing) {
  Result<std::vector<PrunedFamily>> r = Prune(300, true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].count, 100u);
  EXPECT_EQ((*r)[1].count, 100u);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries WHERE leaf IS NULL OR pruned_at IS NOT "
                  "NULL"),
            0);
  Result<VerifyReport> v = VerifyDb();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok());
  EXPECT_EQ(v->pruned, 0u);
}

TEST_F(RetentionTest, RetentionIsOneDayToThreeYears) {
  EXPECT_TRUE(RetentionPolicies(1, 1095).ok());
  EXPECT_EQ(RetentionPolicies(0, 365).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(RetentionPolicies(365, 1096).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace garant::audit
