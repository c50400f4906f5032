// A fixture for the audit integration tests: a fresh database with the
// migrations applied, a connection pool as garant_app, helpers to append,
// publish, verify, and tamper as a superuser.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../audit_test_util.h"
#include "garant/audit/appender.h"
#include "garant/audit/log_store.h"
#include "garant/audit/pg_log_source.h"
#include "garant/audit/publisher.h"
#include "garant/audit/verifier.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/migrations.h"
#include "garant/core/random.h"
#include "garant/sql/migrations.h"
#include "gtest/gtest.h"
#include "pg_cluster.h"

namespace garant::audit::testing {

// SQL that flips the lowest bit of one byte of a bytea column.
inline std::string FlipByte(const std::string& column, int byte, const std::string& where,
                            const std::string& table = "audit_entries") {
  return "UPDATE " + table + " SET " + column + " = set_byte(" + column + ", " +
         std::to_string(byte) + ", get_byte(" + column + ", " + std::to_string(byte) +
         ") # 1) WHERE " + where + ";";
}

class AuditDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = &testsupport::SharedCluster();
    db_ = cluster_->CreateDatabase();
    Result<db::Connection> owner = db::Connection::Open(db_);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    Result<db::MigrationReport> m = db::ApplyMigrations(*owner, sql::Migrations());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    db::Pool::Options o;
    o.conninfo = cluster_->AppConninfo(db_);
    o.max_size = 12;
    pool_ = std::make_unique<db::Pool>(o);
    Result<std::unique_ptr<CheckpointSigner>> s =
        CheckpointSigner::Create(std::string(kOrigin), LogSigner(), &signer_state_);
    ASSERT_TRUE(s.ok());
    signer_ = std::move(*s);
  }

  Result<std::vector<uint64_t>> Append(std::vector<Event> events, AuditLog* log = nullptr,
                                       IdCheck ids = IdCheck::kLookUp) {
    GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_->Acquire());
    db::Transaction tx(*conn);
    GARANT_RETURN_IF_ERROR(tx.status());
    GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> idx,
                            (log ? *log : log_).AppendInTx(tx, std::move(events), ids));
    GARANT_RETURN_IF_ERROR(tx.Commit());
    return idx;
  }

  void AppendRange(uint64_t from, uint64_t to, uint64_t batch = 100) {
    for (uint64_t b = from; b < to; b += batch) {
      std::vector<Event> events;
      for (uint64_t n = b; n < std::min(to, b + batch); ++n) {
        events.push_back(MakeEvent(n));
      }
      Result<std::vector<uint64_t>> r = Append(std::move(events));
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  // Signs and stores the current tree with the test signer; returns the note.
  std::string Publish() {
    CheckpointPublisher publisher(*pool_, log_, *signer_, clock_, SecureRandom::Instance(),
                                  CheckpointPublisher::Options{std::chrono::milliseconds(0), {}});
    Result<std::optional<std::string>> note = publisher.PublishOnce();
    EXPECT_TRUE(note.ok()) << note.status().ToString();
    EXPECT_TRUE(note.ok() && note->has_value());
    return note.ok() && note->has_value() ? **note : std::string();
  }

  Result<VerifyReport> VerifyDb(std::vector<std::string> trusted = {}) {
    GARANT_ASSIGN_OR_RETURN(db::Connection conn, db::Connection::Open(cluster_->AppConninfo(db_)));
    db::Transaction tx(conn, db::Transaction::Isolation::kRepeatableRead);
    GARANT_RETURN_IF_ERROR(tx.status());
    PgLogSource source(tx.connection());
    VerifyOptions o;
    o.origin = std::string(kOrigin);
    o.verifiers = {LogSigner().Verifier()};
    o.trusted_checkpoints = std::move(trusted);
    return VerifyLog(source, o);
  }

  void ExpectDamage(DamageKind kind, uint64_t index, std::vector<std::string> trusted = {}) {
    Result<VerifyReport> r = VerifyDb(std::move(trusted));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(DamageKindName(r->kind), DamageKindName(kind)) << r->Summary();
    EXPECT_EQ(r->index, index) << r->Summary();
  }

  // Runs SQL as the superuser with triggers off (what a hostile DBA can do).
  void Tamper(const std::string& sql) {
    Result<db::Connection> su = db::Connection::Open(cluster_->SuperuserConninfo(db_));
    ASSERT_TRUE(su.ok()) << su.status().ToString();
    Status st = su->ExecScript("SET session_replication_role = replica;\n" + sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << sql;
  }

  Result<TreeHead> Head() {
    GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_->Acquire());
    return ReadTreeHead(*conn);
  }

  testsupport::TestCluster* cluster_ = nullptr;
  std::string db_;
  std::unique_ptr<db::Pool> pool_;
  AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'886'451'000'000)};
  MemorySignerStateStore signer_state_;
  std::unique_ptr<CheckpointSigner> signer_;
};

}  // namespace garant::audit::testing
