// The migrations runner against a real server.

#include "garant/core/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "pg_cluster.h"

namespace garant::db {
namespace {

using testsupport::SharedCluster;

std::vector<Migration> TwoMigrations() {
  return {
      {1, "0001_init.sql", "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (x text);"},
      {2, "0002_grants.sql", "GRANT SELECT ON a TO garant_app; INSERT INTO a VALUES (1);"},
  };
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    conninfo_ = SharedCluster().CreateDatabase();
    Result<Connection> c = Connection::Open(conninfo_);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    conn_ = std::move(c).value();
  }

  std::string conninfo_;
  Connection conn_;
};

TEST_F(MigrationsTest, AppliesInOrderAndRecordsChecksums) {
  std::vector<Migration> all = TwoMigrations();
  std::swap(all[0], all[1]);  // order of the vector does not matter
  EXPECT_FALSE(*MigrationsUpToDate(conn_, all));

  Result<MigrationReport> r = ApplyMigrations(conn_, all);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->applied, (std::vector<std::string>{"0001_init.sql", "0002_grants.sql"}));
  EXPECT_EQ(r->current_version, 2);
  EXPECT_TRUE(*MigrationsUpToDate(conn_, all));
  EXPECT_FALSE(conn_.InTransaction());

  Result<Rows> rows = conn_.Exec(
      "SELECT version, name, checksum, applied_at IS NOT NULL FROM garant_schema_migrations "
      "ORDER BY version");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2);
  EXPECT_EQ(rows->Str(1, 1), "0002_grants.sql");
  EXPECT_EQ(rows->Str(0, 2), HexEncode(crypto::Sha256(TwoMigrations()[0].sql)));
  EXPECT_TRUE(rows->Bool(0, 3));

  // The grant of migration 2 reached the app role.
  Result<Connection> app = Connection::Open(SharedCluster().AppConninfo(conninfo_));
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_TRUE(app->Exec("SELECT * FROM a").ok());
  // The app role may check the history (/readyz) but not change it.
  Result<bool> up = MigrationsUpToDate(*app, all);
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_TRUE(*up);
  EXPECT_EQ(app->Exec("DELETE FROM garant_schema_migrations").status().code(),
            Code::kPermissionDenied);
}

TEST_F(MigrationsTest, IsIdempotentAndAppliesOnlyNewOnes) {
  std::vector<Migration> all = TwoMigrations();
  std::vector<Migration> first(all.begin(), all.begin() + 1);
  Result<MigrationReport> r1 = ApplyMigrations(conn_, first);
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_FALSE(*MigrationsUpToDate(conn_, all));

  Result<MigrationReport> r2 = ApplyMigrations(conn_, all);
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->applied, (std::vector<std::string>{"0002_grants.sql"}));

  Result<MigrationReport> r3 = ApplyMigrations(conn_, all);
  ASSERT_TRUE(r3.ok()) << r3.status().ToString();
  EXPECT_TRUE(r3->applied.empty());
  EXPECT_EQ(r3->current_version, 2);
}

TEST_F(MigrationsTest, RefusesAChangedMigration) {
  ASSERT_TRUE(ApplyMigrations(conn_, TwoMigrations()).ok());
  std::vector<Migration> changed = TwoMigrations();
  changed[1].sql += "\n-- an innocent comment";
  Result<MigrationReport> r = ApplyMigrations(conn_, changed);
  ASSERT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("migration 0002_grants.sql was changed after it was "
                                      "applied"),
            std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("restore the original file"), std::string::npos);
  EXPECT_FALSE(*MigrationsUpToDate(conn_, changed));
}

TEST_F(MigrationsTest, RefusesASchemaNewerThanTheBinary) {
  ASSERT_TRUE(ApplyMigrations(conn_, TwoMigrations()).ok());
  std::vector<Migration> older = TwoMigrations();
  older.pop_back();
  Result<MigrationReport> r = ApplyMigrations(conn_, older);
  ASSERT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("database schema is newer than this binary"),
            std::string::npos)
      << r.status().message();
}

TEST_F(MigrationsTest, RefusesAMigrationInsertedBeforeAppliedOnes) {
  std::vector<Migration> all = TwoMigrations();
  all[1].version = 3;
  all[1].name = "0003_grants.sql";
  ASSERT_TRUE(ApplyMigrations(conn_, all).ok());
  all.push_back({2, "0002_late.sql", "CREATE TABLE late (x int);"});
  EXPECT_EQ(ApplyMigrations(conn_, all).status().code(), Code::kFailedPrecondition);
}

TEST_F(MigrationsTest, AFailingMigrationAppliesNothing) {
  std::vector<Migration> all = TwoMigrations();
  all.push_back({3, "0003_broken.sql", "CREATE TABLE c (x int); SELEC 1;"});
  Result<MigrationReport> r = ApplyMigrations(conn_, all);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("0003_broken.sql"), std::string::npos);
  EXPECT_FALSE(conn_.InTransaction());
  Result<Rows> t = conn_.Exec(
      "SELECT to_regclass('a') IS NULL, "
      "to_regclass('garant_schema_migrations') IS NULL");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->Bool(0, 0));
  EXPECT_TRUE(t->Bool(0, 1));
}

TEST_F(MigrationsTest, RefusesTransactionControlAndDuplicateVersions) {
  std::vector<Migration> dup = TwoMigrations();
  dup[1].version = 1;
  EXPECT_EQ(ApplyMigrations(conn_, dup).status().code(), Code::kInvalidArgument);
  std::vector<Migration> commit = {{1, "0001_commit.sql", "CREATE TABLE z (x int); COMMIT;"}};
  EXPECT_EQ(ApplyMigrations(conn_, commit).status().code(), Code::kFailedPrecondition);
}

TEST_F(MigrationsTest, ConcurrentRunsApplyOnce) {
  std::vector<Migration> all = TwoMigrations();
  all[0].sql += " SELECT pg_sleep(0.2);";
  Result<Connection> other = Connection::Open(conninfo_);
  ASSERT_TRUE(other.ok());
  Result<MigrationReport> r2 = Status::Internal("not run");
  std::thread t([&] { r2 = ApplyMigrations(*other, all); });
  Result<MigrationReport> r1 = ApplyMigrations(conn_, all);
  t.join();
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r1->applied.size() + r2->applied.size(), 2u);
  EXPECT_EQ(r1->current_version, 2);
  EXPECT_EQ(r2->current_version, 2);
}

}  // namespace
}  // namespace garant::db
