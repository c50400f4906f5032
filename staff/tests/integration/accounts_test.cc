// Staff accounts, sessions and service tokens against a real PostgreSQL.
#include "garant/staff/accounts.h"

#include <gtest/gtest.h>

#include "garant/audit/recorder.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "garant/staff/reasons.h"
#include "pg_cluster.h"

namespace garant::staff {
namespace {

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The application role, as garantd uses it: least privilege.
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
  }

  std::unique_ptr<db::Pool> pool_;
  std::string owner_;
  ManualClock clock_{FromUnixMicros(1'800'000'000'000'000)};
  audit::AuditLog log_;
  audit::Recorder By(std::string actor = "service:garant-cli") {
    return audit::Recorder{log_, SecureRandom::Instance(), clock_, std::move(actor)};
  }
  int64_t Count(const std::string& sql) {
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto rows = (*conn)->Exec(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows->Int(0, 0);
  }
  int64_t Entries() { return Count("SELECT count(*) FROM audit_entries"); }
  int64_t EntriesOfType(const std::string& type) {
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto rows = (*conn)->Exec(
        "SELECT count(*) FROM audit_entries WHERE position(convert_to($1, 'UTF8') in leaf) > 0",
        {"\ntype " + type + "\n"});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows->Int(0, 0);
  }
  // As the owner: every append to the log fails (a trigger raises), standing
  // for a log that cannot be written.
  void BreakTheLog(bool broken) {
    auto owner = db::Connection::Open(owner_);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    const char* sql =
        broken ? "CREATE FUNCTION test_refuse_entry() RETURNS trigger LANGUAGE plpgsql AS $$ "
                 "BEGIN RAISE EXCEPTION 'test: the log refuses entries'; END $$; "
                 "CREATE TRIGGER test_refuse_entry BEFORE INSERT ON audit_entries "
                 "FOR EACH ROW EXECUTE FUNCTION test_refuse_entry()"
               : "DROP TRIGGER test_refuse_entry ON audit_entries; "
                 "DROP FUNCTION test_refuse_entry()";
    Status r = owner->ExecScript(sql);
    ASSERT_TRUE(r.ok()) << r.ToString();
  }
};

TEST_F(AccountsTest, CreateAuthenticateAndDisable) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  auto a = accounts.Create(By(), "marie.curie", "Marie Curie", "dpo", "radium polonium 1898");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->role, "dpo");

  EXPECT_TRUE(accounts.Authenticate("marie.curie", "radium polonium 1898").ok());
  auto wrong = accounts.Authenticate("marie.curie", "radium polonium 1899");
  auto unknown = accounts.Authenticate("pierre.curie", "radium polonium 1898");
  EXPECT_EQ(wrong.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(wrong.status(), unknown.status());  // same answer: no user enumeration

  EXPECT_EQ(accounts.Create(By(), "marie.curie", "Autre", "auditor", "radium polonium 1898")
                .status()
                .code(),
            Code::kAlreadyExists);
  EXPECT_EQ(accounts.Create(By(), "Bad Name", "x", "dpo", "radium polonium 1898").status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(
      accounts.Create(By(), "paul", "Paul", "superuser", "radium polonium 1898").status().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(accounts.Create(By(), "paul", "Paul", "dpo", "court").status().code(),
            Code::kInvalidArgument);

  ASSERT_TRUE(accounts.Disable(By(), "marie.curie").ok());
  EXPECT_EQ(accounts.Authenticate("marie.curie", "radium polonium 1898").status().code(),
            Code::kUnauthenticated);
  EXPECT_EQ(accounts.Disable(By(), "nobody").code(), Code::kNotFound);
}

TEST_F(AccountsTest, PasswordsAreStoredHashed) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  ASSERT_TRUE(accounts.Create(By(), "ada", "Ada", "auditor", "analytical engine 1843").ok());
  auto conn = db::Connection::Open(owner_);
  ASSERT_TRUE(conn.ok());
  auto rows = conn->Exec("SELECT password_hash FROM staff_accounts WHERE username = 'ada'");
  ASSERT_TRUE(rows.ok());
  std::string stored = rows->Str(0, 0);
  EXPECT_EQ(stored.find("analytical"), std::string::npos);
  EXPECT_EQ(stored.rfind("pbkdf2-sha256$600000$", 0), 0u);
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndAbsolutely) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  auto a = accounts.Create(By(), "secr", "Secrétaire", "secretary", "comite ethique 2026");
  ASSERT_TRUE(a.ok());
  SessionStore sessions(*pool_, SecureRandom::Instance(), clock_,
                        SessionPolicy{std::chrono::minutes(30), std::chrono::hours(2)});
  auto s = sessions.Open(By(), *a, "127.0.0.1");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->principal.csrf_token, SessionStore::CsrfTokenFor(s->cookie_value));

  // Activity every 20 minutes keeps it alive...
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::minutes(20));
    auto p = sessions.Resolve(s->cookie_value);
    ASSERT_TRUE(p.ok()) << i << ": " << p.status().ToString();
    EXPECT_EQ(p->role, "secretary");
  }
  // ...until the absolute limit (2 h after opening).
  clock_.Advance(std::chrono::minutes(20));
  EXPECT_EQ(sessions.Resolve(s->cookie_value).status().code(), Code::kUnauthenticated);

  // Idle expiry: 31 minutes without a request.
  auto s2 = sessions.Open(By(), *a, "127.0.0.1");
  ASSERT_TRUE(s2.ok());
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(sessions.Resolve(s2->cookie_value).status().code(), Code::kUnauthenticated);
}

TEST_F(AccountsTest, LogoutAndPasswordResetEndSessions) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  auto a = accounts.Create(By(), "dpo2", "DPO", "dpo", "registre des traitements");
  ASSERT_TRUE(a.ok());
  SessionStore sessions(*pool_, SecureRandom::Instance(), clock_, SessionPolicy{});
  auto s1 = sessions.Open(By(), *a, "10.0.0.1");
  auto s2 = sessions.Open(By(), *a, "10.0.0.2");
  ASSERT_TRUE(s1.ok() && s2.ok());
  ASSERT_TRUE(sessions.End(By(), s1->cookie_value).ok());
  EXPECT_FALSE(sessions.Resolve(s1->cookie_value).ok());
  EXPECT_TRUE(sessions.Resolve(s2->cookie_value).ok());
  ASSERT_TRUE(accounts.ResetPassword(By(), "dpo2", "nouveau registre 2027").ok());
  EXPECT_FALSE(sessions.Resolve(s2->cookie_value).ok());
  EXPECT_TRUE(accounts.Authenticate("dpo2", "nouveau registre 2027").ok());
  EXPECT_FALSE(accounts.Authenticate("dpo2", "registre des traitements").ok());
  // Session ids are stored hashed.
  auto conn = db::Connection::Open(owner_);
  ASSERT_TRUE(conn.ok());
  auto rows = conn->Exec("SELECT count(*) FROM staff_sessions WHERE encode(id_hash, 'escape') = $1",
                         {s2->cookie_value});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 0);
}

TEST_F(AccountsTest, ServiceTokens) {
  ServiceTokenStore tokens(*pool_, SecureRandom::Instance());
  auto t = tokens.Create(By(), "ingestion-lyon", "ingestion");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->secret.size(), 47u);
  auto p = tokens.Resolve(t->secret);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, "ingestion");
  EXPECT_EQ(p->Actor(), "service:" + t->token.id);

  std::string forged = t->secret;
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(tokens.Resolve(forged).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(tokens.Resolve("gst_short").status().code(), Code::kUnauthenticated);

  ASSERT_TRUE(tokens.Revoke(By(), t->token.id).ok());
  ASSERT_TRUE(tokens.Revoke(By(), t->token.id).ok());  // idempotent
  EXPECT_EQ(tokens.Resolve(t->secret).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(tokens.Revoke(By(), "00000000-0000-4000-8000-000000000000").code(), Code::kNotFound);
  EXPECT_EQ(tokens.Revoke(By(), "not-a-uuid").code(), Code::kInvalidArgument);
  EXPECT_EQ(tokens.Create(By(), "x", "admin").status().code(), Code::kInvalidArgument);

  auto list = tokens.List();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].revoked_at.has_value());
}

// The auditor service role (an external audit tool, issue 10 §3): created
// and resolved like the others; the database's CHECK allows it (migration
// 0011) and still refuses any other role written past the store.
TEST_F(AccountsTest, AuditorServiceTokens) {
  ServiceTokenStore tokens(*pool_, SecureRandom::Instance());
  auto t = tokens.Create(By(), "verificateur-cnil", "auditor");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->token.role, "auditor");
  auto p = tokens.Resolve(t->secret);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->kind, Principal::Kind::kService);
  EXPECT_EQ(p->role, "auditor");
  EXPECT_TRUE(IsServiceRole("auditor"));
  EXPECT_TRUE(IsServiceRole("warehouse"));
  EXPECT_TRUE(IsServiceRole("ingestion"));
  for (const char* bad : {"admin", "dpo", "secretary", "Auditor", ""}) {
    EXPECT_FALSE(IsServiceRole(bad)) << bad;
    EXPECT_EQ(tokens.Create(By(), "x", bad).status().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM service_tokens"), 1);
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto forced = (*conn)->Exec(
      "INSERT INTO service_tokens (id, name, role, token_hash) VALUES "
      "('00000000-0000-4000-8000-000000000001', 'x', 'admin', decode(repeat('ab', 32), 'hex'))");
  ASSERT_FALSE(forced.ok());
  EXPECT_NE(forced.status().message().find("service_tokens_role_check"), std::string::npos)
      << forced.status().ToString();
}

// Each change appends its entry in its own transaction: one entry per
// change, none for a refused or repeated one.
TEST_F(AccountsTest, EveryChangeHasItsAuditEntry) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  ServiceTokenStore tokens(*pool_, SecureRandom::Instance());
  ASSERT_EQ(Entries(), 0);
  ASSERT_TRUE(accounts.Create(By(), "irene", "Irène", "dpo", "radium polonium 1898").ok());
  EXPECT_EQ(Entries(), 1);
  EXPECT_EQ(accounts.Create(By(), "irene", "Irène", "dpo", "radium polonium 1898").status().code(),
            Code::kAlreadyExists);
  EXPECT_EQ(Entries(), 1);
  ASSERT_TRUE(accounts.ResetPassword(By(), "irene", "polonium radium 1934").ok());
  EXPECT_EQ(Entries(), 2);
  ASSERT_TRUE(accounts.Disable(By(), "irene").ok());
  EXPECT_EQ(Entries(), 3);
  auto t = tokens.Create(By(), "entrepot", "warehouse");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Entries(), 4);
  ASSERT_TRUE(tokens.Revoke(By(), t->token.id).ok());
  ASSERT_TRUE(tokens.Revoke(By(), t->token.id).ok());  // the second time: nothing to record
  EXPECT_EQ(Entries(), 5);
}

// The change and its entry commit together or not at all: when the entry
// cannot be appended (here an actor the leaf grammar refuses, standing for
// any failure between the change and its commit), the change is gone too.
TEST_F(AccountsTest, NoChangeWithoutItsEntry) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  ServiceTokenStore tokens(*pool_, SecureRandom::Instance());
  const audit::Recorder broken = By("not an actor");
  EXPECT_EQ(
      accounts.Create(broken, "irene", "Irène", "dpo", "radium polonium 1898").status().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_accounts"), 0);
  EXPECT_EQ(tokens.Create(broken, "entrepot", "warehouse").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM service_tokens"), 0);

  ASSERT_TRUE(accounts.Create(By(), "irene", "Irène", "dpo", "radium polonium 1898").ok());
  EXPECT_FALSE(accounts.Disable(broken, "irene").ok());
  EXPECT_EQ(Count("SELECT count(*) FROM staff_accounts WHERE disabled_at IS NOT NULL"), 0);
  EXPECT_FALSE(accounts.ResetPassword(broken, "irene", "polonium radium 1934").ok());
  EXPECT_TRUE(accounts.Authenticate("irene", "radium polonium 1898").ok());
  EXPECT_EQ(Entries(), 1);
}

TEST_F(AccountsTest, TheApplicationRoleCannotChangeTheSchema) {
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  // Refused by PostgreSQL's privileges (SQLSTATE 42501 → kPermissionDenied),
  // not failing for some other reason (a typo, a missing table).
  auto r = (*conn)->Exec("DROP TABLE staff_accounts");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied) << r.status().ToString();
  EXPECT_NE(r.status().message().find("SQLSTATE 42501"), std::string::npos)
      << r.status().ToString();
  auto r2 = (*conn)->Exec("CREATE TABLE intruder (x int)");
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.status().code(), Code::kPermissionDenied) << r2.status().ToString();
  auto r3 = (*conn)->Exec("ALTER TABLE staff_accounts ADD COLUMN intruder int");
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.status().code(), Code::kPermissionDenied) << r3.status().ToString();
  // Nothing changed: the table is still there and readable by the role.
  auto still = (*conn)->Exec("SELECT count(*) FROM staff_accounts");
  EXPECT_TRUE(still.ok()) << still.status().ToString();
  auto intruder = (*conn)->Exec("SELECT to_regclass('intruder') IS NULL");
  ASSERT_TRUE(intruder.ok()) << intruder.status().ToString();
  EXPECT_TRUE(intruder->Bool(0, 0));
}

// A session and its staff.login / staff.logout entry commit together: when
// the log cannot be written, a login opens no session and a logout leaves the
// session open, each refused with kUnavailable and its reason.
TEST_F(AccountsTest, NoSessionChangeWithoutItsEntry) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  auto a = accounts.Create(By(), "lise", "Lise Meitner", "dpo", "fission nucleaire 1938");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  SessionStore sessions(*pool_, SecureRandom::Instance(), clock_, SessionPolicy{});
  const audit::Recorder self = By("staff:" + std::to_string(a->id));

  auto s1 = sessions.Open(self, *a, "10.0.0.1");
  ASSERT_TRUE(s1.ok()) << s1.status().ToString();
  EXPECT_EQ(EntriesOfType("staff.login"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_sessions"), 1);

  BreakTheLog(true);
  auto refused = sessions.Open(self, *a, "10.0.0.2");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kUnavailable) << refused.status().ToString();
  EXPECT_EQ(refused.status().reason(), reason::kLoginNotRecorded);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_sessions"), 1);  // no session without its entry

  Status out = sessions.End(self, s1->cookie_value);
  EXPECT_EQ(out.code(), Code::kUnavailable) << out.ToString();
  EXPECT_EQ(out.reason(), reason::kLogoutNotRecorded);
  EXPECT_TRUE(sessions.Resolve(s1->cookie_value).ok());  // still open: nothing changed
  BreakTheLog(false);

  ASSERT_TRUE(sessions.End(self, s1->cookie_value).ok());
  EXPECT_FALSE(sessions.Resolve(s1->cookie_value).ok());
  EXPECT_EQ(EntriesOfType("staff.logout"), 1);
  ASSERT_TRUE(sessions.End(self, s1->cookie_value).ok());  // ended already: nothing to record
  EXPECT_EQ(EntriesOfType("staff.logout"), 1);
  EXPECT_EQ(EntriesOfType("staff.login"), 1);
}

}  // namespace
}  // namespace garant::staff
