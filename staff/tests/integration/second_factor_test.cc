// The second factor store against a real PostgreSQL (least-privilege role):
// enrolment, replay refusal, recovery codes, reset; sealed and hashed storage.
#include "garant/staff/second_factor.h"

#include <gtest/gtest.h>

#include "garant/audit/recorder.h"
#include "garant/sql/migrations.h"
#include "garant/staff/reasons.h"
#include "garant/staff/totp.h"
#include "pg_cluster.h"

namespace garant::staff {
namespace {

class SecondFactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    pool_ = std::move(d->pool);
    key_ = crypto::KeyRing(Master(7));
    auto a = AccountStore(*pool_, SecureRandom::Instance())
                 .Create(By(), "marie", "Marie", "dpo", "radium polonium 1898");
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    account_ = *a;
  }

  audit::Recorder By() {
    return audit::Recorder{log_, SecureRandom::Instance(), clock_, "staff:1"};
  }
  int64_t Count(const std::string& sql) {
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto rows = (*conn)->Exec(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows->Int(0, 0);
  }
  int64_t EntriesOfType(const std::string& type) {
    auto conn = pool_->Acquire();
    auto rows = (*conn)->Exec(
        "SELECT count(*) FROM audit_entries WHERE position(convert_to($1, 'UTF8') in leaf) > 0",
        {"\ntype " + type + "\n"});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows->Int(0, 0);
  }
  std::string CodeAt(const std::string& secret, int64_t step_offset = 0) {
    auto key = Base32Decode(secret);
    EXPECT_TRUE(key.ok());
    return FormatOtp(Hotp(*key, static_cast<uint64_t>(TotpStep(clock_.Now()) + step_offset)));
  }
  // Enrols marie; returns the secret and fills *codes.
  std::string Enrol(SecondFactorStore& store, std::vector<std::string>* codes) {
    auto secret = store.PendingSecret(key_, account_.id);
    EXPECT_TRUE(secret.ok()) << secret.status().ToString();
    auto c = store.ConfirmEnrolment(By(), key_, account_, CodeAt(*secret));
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (c.ok()) *codes = *c;
    clock_.Advance(std::chrono::seconds(30));  // the enrolment used this step
    return *secret;
  }

  std::unique_ptr<db::Pool> pool_;
  ManualClock clock_{FromUnixMicros(1'800'000'000'000'000)};
  audit::AuditLog log_;
  static crypto::MasterSecret Master(uint8_t v) {
    crypto::MasterSecret m{};
    m.fill(v);
    return m;
  }
  crypto::KeyRing key_;
  StaffAccount account_;
};

TEST_F(SecondFactorTest, EnrolmentIsPendingUntilAGoodCode) {
  SecondFactorStore store(*pool_, SecureRandom::Instance(), clock_);
  EXPECT_EQ(store.Status(account_.id)->state, SecondFactorState::kNone);
  auto secret = store.PendingSecret(key_, account_.id);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret->size(), 32u);
  EXPECT_EQ(*store.PendingSecret(key_, account_.id), *secret) << "the same until confirmed";
  EXPECT_EQ(store.Status(account_.id)->state, SecondFactorState::kPending);
  // A pending secret is no second factor: Verify refuses to use it.
  EXPECT_EQ(store.Verify(By(), key_, account_, CodeAt(*secret)).code(), Code::kFailedPrecondition);
  auto wrong = store.ConfirmEnrolment(By(), key_, account_,
                                      "000000" == CodeAt(*secret) ? "111111" : "000000");
  EXPECT_EQ(wrong.status().reason(), reason::kWrongSecondFactor);
  EXPECT_EQ(EntriesOfType("staff.totp.enrolled"), 0);
  auto codes = store.ConfirmEnrolment(By(), key_, account_, CodeAt(*secret));
  ASSERT_TRUE(codes.ok()) << codes.status().ToString();
  EXPECT_EQ(codes->size(), 10u);
  auto status = store.Status(account_.id);
  EXPECT_EQ(status->state, SecondFactorState::kEnrolled);
  EXPECT_EQ(status->recovery_codes_left, 10);
  EXPECT_EQ(EntriesOfType("staff.totp.enrolled"), 1);
  EXPECT_EQ(store.PendingSecret(key_, account_.id).status().reason(), reason::kTotpAlreadyEnrolled);
  // The enrolment code is used: not again at login.
  EXPECT_EQ(store.Verify(By(), key_, account_, CodeAt(*secret)).reason(),
            reason::kWrongSecondFactor);
}

TEST_F(SecondFactorTest, ACodeIsAcceptedOnceWithinOneStepOfDrift) {
  SecondFactorStore store(*pool_, SecureRandom::Instance(), clock_);
  std::vector<std::string> codes;
  const std::string secret = Enrol(store, &codes);
  EXPECT_TRUE(store.Verify(By(), key_, account_, CodeAt(secret)).ok());
  EXPECT_EQ(store.Verify(By(), key_, account_, CodeAt(secret)).reason(), reason::kWrongSecondFactor)
      << "replay";
  EXPECT_TRUE(store.Verify(By(), key_, account_, CodeAt(secret, +1)).ok()) << "one step ahead";
  EXPECT_FALSE(store.Verify(By(), key_, account_, CodeAt(secret, +2)).ok()) << "two ahead";
  clock_.Advance(std::chrono::seconds(90));
  EXPECT_FALSE(store.Verify(By(), key_, account_, CodeAt(secret, -2)).ok()) << "two behind";
  EXPECT_TRUE(store.Verify(By(), key_, account_, CodeAt(secret, -1)).ok()) << "one behind";
  // Another key cannot open the sealed secret: data loss, not a pass.
  const crypto::KeyRing other(Master(9));
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_EQ(store.Verify(By(), other, account_, CodeAt(secret)).code(), Code::kDataLoss);
}

TEST_F(SecondFactorTest, RecoveryCodesAreHashedAndSingleUse) {
  SecondFactorStore store(*pool_, SecureRandom::Instance(), clock_);
  std::vector<std::string> codes;
  Enrol(store, &codes);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_recovery_codes WHERE used_at IS NULL"), 10);
  EXPECT_TRUE(store.Verify(By(), key_, account_, codes[0]).ok());
  EXPECT_EQ(store.Verify(By(), key_, account_, codes[0]).reason(), reason::kWrongSecondFactor);
  EXPECT_EQ(store.Status(account_.id)->recovery_codes_left, 9);
  EXPECT_EQ(EntriesOfType("staff.recovery_code.used"), 1);
  EXPECT_FALSE(store.Verify(By(), key_, account_, "acde-fghj-kmnp-qrtu").ok());
  // Not in clear anywhere.
  auto conn = pool_->Acquire();
  auto rows = (*conn)->Exec(
      "SELECT count(*) FROM staff_recovery_codes WHERE position($1 in "
      "encode(code_hash, 'escape')) > 0",
      {CanonicalRecoveryCode(codes[1])});
  EXPECT_EQ(rows->Int(0, 0), 0);
}

TEST_F(SecondFactorTest, ResetRemovesEverythingAndEndsSessions) {
  SecondFactorStore store(*pool_, SecureRandom::Instance(), clock_);
  std::vector<std::string> codes;
  Enrol(store, &codes);
  SessionStore sessions(*pool_, SecureRandom::Instance(), clock_, SessionPolicy{});
  auto s = sessions.Open(By(), account_, "127.0.0.1");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(store.Reset(By(), "marie").ok());
  EXPECT_EQ(store.Status(account_.id)->state, SecondFactorState::kNone);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_recovery_codes"), 0);
  EXPECT_FALSE(sessions.Resolve(s->cookie_value).ok());
  EXPECT_EQ(EntriesOfType("staff.totp.reset"), 1);
  EXPECT_EQ(store.Reset(By(), "nobody").code(), Code::kNotFound);
  EXPECT_EQ(EntriesOfType("staff.totp.reset"), 1);
}

TEST_F(SecondFactorTest, EnrolmentSessionsResolveToTheEnrolmentRole) {
  SessionStore sessions(*pool_, SecureRandom::Instance(), clock_, SessionPolicy{});
  auto s = sessions.Open(By(), account_, "127.0.0.1", SessionStage::kEnrolment);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->principal.role, kRoleEnrolment);
  auto p = sessions.Resolve(s->cookie_value);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, kRoleEnrolment);
  auto full = sessions.Open(By(), account_, "127.0.0.1");
  EXPECT_EQ(sessions.Resolve(full->cookie_value)->role, "dpo");
}

TEST_F(SecondFactorTest, ChangeOwnPasswordChecksTheCurrentOneAndEndsOtherSessions) {
  AccountStore accounts(*pool_, SecureRandom::Instance());
  SessionStore sessions(*pool_, SecureRandom::Instance(), clock_, SessionPolicy{});
  auto mine = sessions.Open(By(), account_, "127.0.0.1");
  auto other = sessions.Open(By(), account_, "127.0.0.2");
  EXPECT_EQ(
      accounts
          .ChangeOwnPassword(By(), account_, "wrong", "a brand new passphrase", mine->cookie_value)
          .reason(),
      reason::kWrongCurrentPassword);
  EXPECT_EQ(accounts
                .ChangeOwnPassword(By(), account_, "radium polonium 1898", "azertyuiop2026",
                                   mine->cookie_value)
                .reason(),
            reason::kPasswordCommon);
  EXPECT_EQ(EntriesOfType("staff.password.changed"), 0);
  ASSERT_TRUE(accounts
                  .ChangeOwnPassword(By(), account_, "radium polonium 1898",
                                     "a brand new passphrase", mine->cookie_value)
                  .ok());
  EXPECT_TRUE(sessions.Resolve(mine->cookie_value).ok());
  EXPECT_FALSE(sessions.Resolve(other->cookie_value).ok());
  EXPECT_FALSE(accounts.Authenticate("marie", "radium polonium 1898").ok());
  EXPECT_TRUE(accounts.Authenticate("marie", "a brand new passphrase").ok());
  EXPECT_EQ(EntriesOfType("staff.password.changed"), 1);
}

TEST_F(SecondFactorTest, ServiceTokensExpire) {
  ServiceTokenStore tokens(*pool_, SecureRandom::Instance());
  auto never = tokens.Create(By(), "sans-fin", "warehouse");
  auto soon = tokens.Create(By(), "bientot", "warehouse",
                            SystemClock::Instance().Now() + std::chrono::hours(1));
  auto past = tokens.Create(By(), "passe", "warehouse",
                            SystemClock::Instance().Now() - std::chrono::seconds(1));
  ASSERT_TRUE(never.ok() && soon.ok() && past.ok());
  EXPECT_TRUE(tokens.Resolve(never->secret).ok());
  EXPECT_TRUE(tokens.Resolve(soon->secret).ok());
  EXPECT_FALSE(tokens.Resolve(past->secret).ok());
  EXPECT_FALSE(never->token.expires_at.has_value());
  EXPECT_TRUE(soon->token.expires_at.has_value());
  auto list = tokens.List();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE((*list)[0].last_used_at.has_value());
}

// garant keys rotate-encryption's part here: every TOTP secret (confirmed,
// pending, legacy) sealed under key A is re-sealed under B, in batches that
// survive an interruption; afterwards B alone opens them all, A none.
TEST_F(SecondFactorTest, RotationReSealsEverySecretResumably) {
  const crypto::MasterSecret a = Master(0xa1);
  const crypto::MasterSecret b = Master(0xb2);
  const crypto::KeyRing only_a(a);
  SecondFactorStore store(*pool_, SecureRandom::Instance(), clock_);
  // marie: confirmed under A.
  auto secret = store.PendingSecret(only_a, account_.id);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  ASSERT_TRUE(store.ConfirmEnrolment(By(), only_a, account_, CodeAt(*secret)).ok());
  clock_.Advance(std::chrono::seconds(30));
  // paul: pending under A; jean: a legacy row (sealed under the master
  // itself, key id 0, as before key ids existed).
  AccountStore accounts(*pool_, SecureRandom::Instance());
  auto paul = accounts.Create(By(), "paul", "Paul", "secretary", "radium polonium 1898");
  auto jean = accounts.Create(By(), "jean", "Jean", "secretary", "radium polonium 1898");
  ASSERT_TRUE(paul.ok() && jean.ok());
  auto paul_secret = store.PendingSecret(only_a, paul->id);
  ASSERT_TRUE(paul_secret.ok());
  const Bytes jean_secret(kTotpSecretBytes, 0x5a);
  {
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    const Bytes legacy = crypto::Aes256GcmSeal(
        a, jean_secret, AsBytes("garant-totp-v1|" + std::to_string(jean->id)));
    ASSERT_TRUE((*conn)
                    ->Exec("INSERT INTO staff_totp (account_id, secret_sealed) VALUES ($1, $2)",
                           {jean->id, db::Param::Binary(legacy)})
                    .ok());
  }
  EXPECT_EQ(Count("SELECT count(*) FROM staff_totp WHERE secret_key_id = 0"), 1);

  const crypto::KeyRing b_after_a(b, a);
  ASSERT_EQ(*store.CountSecretsToReseal(b_after_a), 3);
  // Interrupted after the first batch (as a kill would): that batch stays.
  crypto::ResealOptions options;
  options.batch = 2;
  options.after_batch = [](int64_t) { return ::garant::Status::Unavailable("stopped"); };
  auto stopped = store.ResealSecrets(b_after_a, options);
  EXPECT_EQ(stopped.status().code(), Code::kUnavailable);
  EXPECT_EQ(*store.CountSecretsToReseal(b_after_a), 1);
  // Resumed: the rest; run again: nothing (idempotent).
  auto resumed = store.ResealSecrets(b_after_a, {.batch = 2, .after_batch = {}});
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(*resumed, 1);
  EXPECT_EQ(*store.ResealSecrets(b_after_a), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM staff_totp WHERE secret_key_id = " +
                  std::to_string(crypto::KeyIdOf(b))),
            3);

  // B alone opens every secret; A alone none.
  const crypto::KeyRing only_b(b);
  EXPECT_TRUE(store.Verify(By(), only_b, account_, CodeAt(*secret)).ok());
  EXPECT_EQ(*store.PendingSecret(only_b, paul->id), *paul_secret);
  EXPECT_EQ(store.PendingSecret(only_a, paul->id).status().code(), Code::kDataLoss);
  EXPECT_EQ(*store.PendingSecret(only_b, jean->id), Base32Encode(jean_secret));
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_EQ(store.Verify(By(), only_a, account_, CodeAt(*secret)).code(), Code::kDataLoss);
}

}  // namespace
}  // namespace garant::staff
