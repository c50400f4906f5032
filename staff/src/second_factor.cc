#include "garant/staff/second_factor.h"

#include <boost/json.hpp>

#include "garant/staff/reasons.h"
#include "garant/staff/totp.h"
#include "open_sessions.h"

namespace garant::staff {
namespace {

std::string Aad(int64_t account_id) { return "garant-totp-v1|" + std::to_string(account_id); }

const ::garant::Status& WrongSecondFactor() {
  static const ::garant::Status kWrong =
      ::garant::Status::Unauthenticated("wrong or already used verification code")
          .WithReason(reason::kWrongSecondFactor);
  return kWrong;
}

const ::garant::Status& AlreadyEnrolled() {
  static const ::garant::Status kEnrolled =
      ::garant::Status::FailedPrecondition("the second factor is already enrolled")
          .WithReason(reason::kTotpAlreadyEnrolled);
  return kEnrolled;
}

// `key_id`: the secret_key_id stored beside it (core/key_ring.h).
Result<Bytes> OpenSecret(const crypto::KeyRing& keys, int64_t account_id, int64_t key_id,
                         ByteView sealed) {
  auto secret = keys.Open(static_cast<int32_t>(key_id), sealed, AsBytes(Aad(account_id)));
  if (!secret.ok()) {
    return ::garant::Status::DataLoss("the TOTP secret of account " + std::to_string(account_id) +
                                      " does not open (wrong encryption key or altered row)");
  }
  return secret;
}

std::string Object(const StaffAccount& a) { return "staff/" + a.username; }

}  // namespace

bool RoleRequiresSecondFactor(std::string_view role) {
  return role == kRoleDpo || role == kRoleAuditor || role == kRoleAdmin;
}

Result<SecondFactorStatus> SecondFactorStore::Status(int64_t account_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      auto rows, conn->Exec("SELECT t.confirmed_at, (SELECT count(*) FROM staff_recovery_codes r "
                            "WHERE r.account_id = $1 AND r.used_at IS NULL) "
                            "FROM staff_totp t WHERE t.account_id = $1",
                            {account_id}));
  SecondFactorStatus s;
  if (rows.empty()) return s;
  s.confirmed_at = rows.OptionalTime(0, 0);
  s.state = s.confirmed_at ? SecondFactorState::kEnrolled : SecondFactorState::kPending;
  s.recovery_codes_left = static_cast<int>(rows.Int(0, 1));
  return s;
}

Result<std::string> SecondFactorStore::PendingSecret(const crypto::KeyRing& keys,
                                                     int64_t account_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  constexpr const char* kSelect =
      "SELECT confirmed_at IS NOT NULL, secret_sealed, secret_key_id FROM staff_totp "
      "WHERE account_id = $1";
  GARANT_ASSIGN_OR_RETURN(auto rows, conn->Exec(kSelect, {account_id}));
  if (!rows.empty()) {
    if (rows.Bool(0, 0)) return AlreadyEnrolled();
    GARANT_ASSIGN_OR_RETURN(Bytes secret,
                            OpenSecret(keys, account_id, rows.Int(0, 2), rows.Bytea(0, 1)));
    return Base32Encode(secret);
  }
  Bytes secret = random_.Bytes(kTotpSecretBytes);
  crypto::Sealed sealed = keys.Seal(secret, AsBytes(Aad(account_id)));
  // Two first visits racing: the first insert wins, the second shows its secret.
  GARANT_RETURN_IF_ERROR(
      conn->Exec("INSERT INTO staff_totp (account_id, secret_sealed, secret_key_id) "
                 "VALUES ($1, $2, $3) ON CONFLICT (account_id) DO NOTHING",
                 {account_id, db::Param::Binary(sealed.bytes), sealed.key_id})
          .status());
  GARANT_ASSIGN_OR_RETURN(auto again, conn->Exec(kSelect, {account_id}));
  if (again.empty()) return ::garant::Status::Unavailable("the enrolment could not be stored");
  if (again.Bool(0, 0)) return AlreadyEnrolled();
  GARANT_ASSIGN_OR_RETURN(Bytes stored,
                          OpenSecret(keys, account_id, again.Int(0, 2), again.Bytea(0, 1)));
  return Base32Encode(stored);
}

Result<std::vector<std::string>> SecondFactorStore::ConfirmEnrolment(const audit::Recorder& by,
                                                                     const crypto::KeyRing& keys,
                                                                     const StaffAccount& account,
                                                                     std::string_view code) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(auto rows,
                          tx.Exec("SELECT confirmed_at IS NOT NULL, secret_sealed, secret_key_id "
                                  "FROM staff_totp WHERE account_id = $1 FOR UPDATE",
                                  {account.id}));
  if (rows.empty()) {
    return ::garant::Status::NotFound("no enrolment is pending for this account");
  }
  if (rows.Bool(0, 0)) return AlreadyEnrolled();
  GARANT_ASSIGN_OR_RETURN(Bytes secret,
                          OpenSecret(keys, account.id, rows.Int(0, 2), rows.Bytea(0, 1)));
  std::optional<int64_t> step = MatchTotp(secret, code, clock_.Now(), -1);
  if (!step) return WrongSecondFactor();
  GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE staff_totp SET confirmed_at = $2, last_step = $3 "
                                 "WHERE account_id = $1",
                                 {account.id, FormatRfc3339Utc(clock_.Now()), *step})
                             .status());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM staff_recovery_codes WHERE account_id = $1", {account.id}).status());
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::string c = NewRecoveryCode(random_);
    GARANT_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO staff_recovery_codes (account_id, code_hash) VALUES ($1, $2) "
                "ON CONFLICT DO NOTHING",
                {account.id,
                 db::Param::Binary(RecoveryCodeHash(account.id, CanonicalRecoveryCode(c)))})
            .status());
    codes.push_back(std::move(c));
  }
  GARANT_RETURN_IF_ERROR(
      audit::Record(tx, by, "staff.totp.enrolled", Object(account),
                    boost::json::serialize(boost::json::object{
                        {"username", account.username}, {"recovery_codes", kRecoveryCodeCount}})));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return codes;
}

::garant::Status SecondFactorStore::Verify(const audit::Recorder& by, const crypto::KeyRing& keys,
                                           const StaffAccount& account, std::string_view code) {
  if (code.empty() || code.size() > 64) return WrongSecondFactor();
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  const std::string recovery = CanonicalRecoveryCode(code);
  if (!recovery.empty()) {
    db::Transaction tx(*conn);
    GARANT_RETURN_IF_ERROR(tx.status());
    GARANT_ASSIGN_OR_RETURN(
        auto used, tx.Exec("UPDATE staff_recovery_codes SET used_at = $3 WHERE account_id = $1 "
                           "AND code_hash = $2 AND used_at IS NULL AND EXISTS (SELECT 1 FROM "
                           "staff_totp t WHERE t.account_id = $1 AND t.confirmed_at IS NOT NULL) "
                           "RETURNING (SELECT count(*) - 1 FROM staff_recovery_codes r "
                           "WHERE r.account_id = $1 AND r.used_at IS NULL)",
                           {account.id, db::Param::Binary(RecoveryCodeHash(account.id, recovery)),
                            FormatRfc3339Utc(clock_.Now())}));
    if (used.empty()) return WrongSecondFactor();
    GARANT_RETURN_IF_ERROR(audit::Record(
        tx, by, "staff.recovery_code.used", Object(account),
        boost::json::serialize(boost::json::object{{"username", account.username},
                                                   {"recovery_codes_left", used.Int(0, 0)}})));
    return tx.Commit();
  }
  GARANT_ASSIGN_OR_RETURN(
      auto rows, conn->Exec("SELECT secret_sealed, last_step, secret_key_id FROM staff_totp "
                            "WHERE account_id = $1 AND confirmed_at IS NOT NULL",
                            {account.id}));
  if (rows.empty()) {
    return ::garant::Status::FailedPrecondition("the account has no second factor");
  }
  GARANT_ASSIGN_OR_RETURN(Bytes secret,
                          OpenSecret(keys, account.id, rows.Int(0, 2), rows.Bytea(0, 0)));
  std::optional<int64_t> step = MatchTotp(secret, code, clock_.Now(), rows.Int(0, 1));
  if (!step) return WrongSecondFactor();
  // Consumes the step; a concurrent login that consumed it (or a later one)
  // first makes this one a replay.
  GARANT_ASSIGN_OR_RETURN(auto consumed,
                          conn->Exec("UPDATE staff_totp SET last_step = $2 "
                                     "WHERE account_id = $1 AND last_step < $2 RETURNING 1",
                                     {account.id, *step}));
  if (consumed.empty()) return WrongSecondFactor();
  return ::garant::Status::Ok();
}

::garant::Status SecondFactorStore::Reset(const audit::Recorder& by, const std::string& username) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      auto rows,
      tx.Exec("SELECT id FROM staff_accounts WHERE username = $1 FOR UPDATE", {username}));
  if (rows.empty()) return ::garant::Status::NotFound("no account named " + username);
  const std::string id = rows.Str(0, 0);
  GARANT_ASSIGN_OR_RETURN(auto removed, tx.Exec("DELETE FROM staff_totp WHERE account_id = $1 "
                                                "RETURNING confirmed_at IS NOT NULL",
                                                {id}));
  GARANT_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM staff_recovery_codes WHERE account_id = $1", {id}).status());
  GARANT_RETURN_IF_ERROR(EndOpenSessions(tx, id));
  const bool was_enrolled = !removed.empty() && removed.Bool(0, 0);
  GARANT_RETURN_IF_ERROR(
      audit::Record(tx, by, "staff.totp.reset", "staff/" + username,
                    boost::json::serialize(boost::json::object{{"username", username},
                                                               {"was_enrolled", was_enrolled}})));
  return tx.Commit();
}

::garant::Status SecondFactorStore::EnrolWithSecret(const audit::Recorder& by,
                                                    const crypto::KeyRing& keys,
                                                    const StaffAccount& account,
                                                    std::string_view secret_base32) {
  GARANT_ASSIGN_OR_RETURN(Bytes secret, Base32Decode(secret_base32));
  if (secret.size() != kTotpSecretBytes) {
    return ::garant::Status::InvalidArgument(
        "the TOTP secret must be 20 bytes (32 Base32 symbols)");
  }
  const crypto::Sealed sealed = keys.Seal(secret, AsBytes(Aad(account.id)));
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      auto inserted,
      tx.Exec("INSERT INTO staff_totp (account_id, secret_sealed, secret_key_id, confirmed_at) "
              "VALUES ($1, $2, $3, now()) ON CONFLICT (account_id) DO NOTHING RETURNING 1",
              {account.id, db::Param::Binary(sealed.bytes), sealed.key_id}));
  if (inserted.empty()) return ::garant::Status::Ok();  // has one already
  GARANT_RETURN_IF_ERROR(
      audit::Record(tx, by, "staff.totp.enrolled", Object(account),
                    boost::json::serialize(boost::json::object{{"username", account.username},
                                                               {"recovery_codes", 0}})));
  return tx.Commit();
}

Result<int64_t> SecondFactorStore::ResealSecrets(const crypto::KeyRing& keys,
                                                 const crypto::ResealOptions& options) {
  return crypto::ResealInBatches(options, [&](int batch) -> Result<int64_t> {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    db::Transaction tx(*conn);
    GARANT_RETURN_IF_ERROR(tx.status());
    GARANT_ASSIGN_OR_RETURN(
        auto rows, tx.Exec("SELECT account_id, secret_key_id, secret_sealed FROM staff_totp "
                           "WHERE secret_key_id <> $1 ORDER BY account_id LIMIT $2 FOR UPDATE",
                           {keys.current_id(), batch}));
    for (int i = 0; i < rows.size(); ++i) {
      const int64_t account_id = rows.Int(i, 0);
      GARANT_ASSIGN_OR_RETURN(Bytes secret,
                              OpenSecret(keys, account_id, rows.Int(i, 1), rows.Bytea(i, 2)));
      const crypto::Sealed sealed = keys.Seal(secret, AsBytes(Aad(account_id)));
      GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE staff_totp SET secret_sealed = $2, secret_key_id = $3 "
                                     "WHERE account_id = $1",
                                     {account_id, db::Param::Binary(sealed.bytes), sealed.key_id})
                                 .status());
    }
    GARANT_RETURN_IF_ERROR(tx.Commit());
    return static_cast<int64_t>(rows.size());
  });
}

Result<int64_t> SecondFactorStore::CountSecretsToReseal(const crypto::KeyRing& keys) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      auto rows,
      conn->Exec("SELECT count(*) FROM staff_totp WHERE secret_key_id <> $1", {keys.current_id()}));
  return rows.Int(0, 0);
}

}  // namespace garant::staff
