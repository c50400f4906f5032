// The application role against a real PostgreSQL migrated by garant_owner:
// it owns nothing, cannot change the schema (DROP, CREATE, ALTER: permission
// denied) and may UPDATE only the columns the migrations grant; garantd's
// start check (CheckApplicationRole) passes for it and refuses a role that
// owns the tables, a superuser, or one that may CREATE in the schema.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "garant/core/db.h"
#include "garant/runtime/database.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::runtime {
namespace {

class AppRoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    auto app = db::Connection::Open(testsupport::SharedCluster().AppConninfo(owner_));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::make_unique<db::Connection>(std::move(app).value());
  }
  Code AppExec(const std::string& sql) { return app_->Exec(sql).status().code(); }

  std::string owner_;
  std::unique_ptr<db::Connection> app_;
};

TEST_F(AppRoleTest, TheApplicationRolePassesTheStartCheck) {
  auto problems = ApplicationRoleProblems(*app_);
  ASSERT_TRUE(problems.ok()) << problems.status().ToString();
  EXPECT_TRUE(problems->empty()) << (*problems)[0];
  EXPECT_TRUE(CheckApplicationRole(*app_).ok());
}

TEST_F(AppRoleTest, TheApplicationRoleCannotChangeTheSchema) {
  EXPECT_EQ(AppExec("DROP TABLE objections"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("DROP TABLE audit_entries"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("CREATE TABLE intruder (i int)"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("CREATE SCHEMA intruder"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("ALTER TABLE objections ADD COLUMN intruder int"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("ALTER TABLE audit_entries DISABLE TRIGGER ALL"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("TRUNCATE audit_entries"), Code::kPermissionDenied);
}

TEST_F(AppRoleTest, TheApplicationRoleUpdatesOnlyGrantedColumns) {
  // Not granted: a reference, a role, a token hash, a sealed secret's owner.
  EXPECT_EQ(AppExec("UPDATE objections SET reference = reference"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE objections SET received_at = received_at"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE staff_accounts SET role = 'admin'"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE service_tokens SET token_hash = token_hash"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE staff_totp SET account_id = account_id"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE gov_projects SET reference = reference"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE exclusion_consumers SET url = url"), Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE gov_decisions SET reasons = reasons WHERE false"),
            Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE gov_decisions SET outcome = outcome WHERE false"),
            Code::kPermissionDenied);
  // Granted: what the application changes (no row matches; the privilege is
  // checked all the same).
  EXPECT_EQ(AppExec("UPDATE objections SET status = status, traits_sealed = traits_sealed, "
                    "seal_key_id = seal_key_id, code_hash = code_hash, code_sealed = code_sealed, "
                    "code_key_id = code_key_id WHERE false"),
            Code::kOk);
  EXPECT_EQ(AppExec("UPDATE staff_totp SET secret_sealed = secret_sealed, secret_key_id = "
                    "secret_key_id, last_step = last_step WHERE false"),
            Code::kOk);
  EXPECT_EQ(AppExec("UPDATE staff_accounts SET password_hash = password_hash WHERE false"),
            Code::kOk);
  EXPECT_EQ(AppExec("UPDATE gov_decisions SET signed_at = signed_at, signed_by = signed_by, "
                    "cosigned_at = cosigned_at, cosigned_by = cosigned_by WHERE false"),
            Code::kOk);
  // An idempotency key's answer, not its scope, key or body digest; expired
  // keys are deleted (sql/0034).
  EXPECT_EQ(AppExec("UPDATE idempotency_keys SET answer_status = answer_status, answer_sealed = "
                    "answer_sealed, answer_key_id = answer_key_id, objection_id = objection_id "
                    "WHERE false"),
            Code::kOk);
  EXPECT_EQ(AppExec("UPDATE idempotency_keys SET key_digest = key_digest WHERE false"),
            Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE idempotency_keys SET request_sha256 = request_sha256 WHERE false"),
            Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE idempotency_keys SET expires_at = expires_at WHERE false"),
            Code::kPermissionDenied);
  EXPECT_EQ(AppExec("DELETE FROM idempotency_keys WHERE false"), Code::kOk);
  // The rollups' counters, not their keys (sql/0030).
  EXPECT_EQ(AppExec("UPDATE access_rollup_days SET events = events, first_at = first_at, "
                    "last_at = last_at, result_rows = result_rows, touched = touched WHERE false"),
            Code::kOk);
  EXPECT_EQ(AppExec("UPDATE access_rollup_days SET project = project WHERE false"),
            Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE access_rollup_findings SET findings = findings WHERE false"),
            Code::kOk);
  EXPECT_EQ(AppExec("UPDATE access_rollup_findings SET rule = rule WHERE false"),
            Code::kPermissionDenied);
  EXPECT_EQ(AppExec("UPDATE access_project_patients SET days = days WHERE false"), Code::kOk);
  EXPECT_EQ(AppExec("UPDATE access_project_patients SET token = token WHERE false"),
            Code::kPermissionDenied);
  // No table-level UPDATE is left (sql/0018, sql/0024, sql/0030).
  auto rows = app_->Exec(
      "SELECT table_name::text FROM information_schema.role_table_grants WHERE grantee = "
      "'garant_app' AND privilege_type = 'UPDATE' ORDER BY 1");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::set<std::string> tables;
  for (int i = 0; i < rows->size(); ++i) tables.insert(rows->Str(i, 0));
  EXPECT_EQ(tables, std::set<std::string>{});
}

TEST_F(AppRoleTest, TheStartCheckRefusesAnOwnerASuperuserAndCreateRights) {
  auto owner = db::Connection::Open(owner_);
  ASSERT_TRUE(owner.ok());
  auto as_owner = ApplicationRoleProblems(*owner);
  ASSERT_TRUE(as_owner.ok());
  ASSERT_FALSE(as_owner->empty());
  Status refused = CheckApplicationRole(*owner);
  EXPECT_EQ(refused.code(), Code::kFailedPrecondition);
  EXPECT_NE(refused.message().find("owns"), std::string::npos) << refused.message();

  auto super = db::Connection::Open(testsupport::SharedCluster().SuperuserConninfo(
      testsupport::SharedCluster().DatabaseName(owner_)));
  ASSERT_TRUE(super.ok());
  Status as_super = CheckApplicationRole(*super);
  EXPECT_NE(as_super.message().find("is a superuser"), std::string::npos) << as_super.message();

  // CREATE on the schema granted to the application role: refused.
  ASSERT_TRUE(super->Exec("GRANT CREATE ON SCHEMA public TO garant_app").ok());
  Status with_create = CheckApplicationRole(*app_);
  EXPECT_EQ(with_create.code(), Code::kFailedPrecondition);
  EXPECT_NE(with_create.message().find("may CREATE in the schema public"), std::string::npos)
      << with_create.message();
  ASSERT_TRUE(super->Exec("REVOKE CREATE ON SCHEMA public FROM garant_app").ok());
  // Membership of the owner role counts as owning.
  ASSERT_TRUE(super->Exec("GRANT garant_owner TO garant_app").ok());
  Status member = CheckApplicationRole(*app_);
  ASSERT_TRUE(super->Exec("REVOKE garant_owner FROM garant_app").ok());
  EXPECT_EQ(member.code(), Code::kFailedPrecondition);
  EXPECT_NE(member.message().find("owns"), std::string::npos) << member.message();
  EXPECT_TRUE(CheckApplicationRole(*app_).ok());
}

}  // namespace
}  // namespace garant::runtime
