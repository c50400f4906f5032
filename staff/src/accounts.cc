#include "garant/staff/accounts.h"

#include <boost/json.hpp>
#include <regex>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/staff/passwords.h"
#include "garant/staff/reasons.h"
#include "open_sessions.h"

namespace garant::staff {
namespace {

// A hash of a random password, verified against when the username is unknown,
// so that unknown and known usernames cost the same time.
const std::string& DummyHash() {
  static const std::string kHash = HashPassword("garant-dummy-password", SecureRandom::Instance());
  return kHash;
}

Status CheckUsername(const std::string& username) {
  static const std::regex kRe("^[a-z0-9][a-z0-9._-]{1,63}$");
  if (!std::regex_match(username, kRe)) {
    return Status::InvalidArgument(
               "the username must be 2 to 64 characters: lowercase letters, digits, '.', '_' or "
               "'-', the first a letter or digit")
        .WithReason(reason::kInvalidUsername);
  }
  return Status::Ok();
}

StaffAccount AccountFromRow(const db::Rows& r, int i) {
  StaffAccount a;
  a.id = r.Int(i, 0);
  a.username = r.Str(i, 1);
  a.display_name = r.Str(i, 2);
  a.role = r.Str(i, 3);
  a.disabled = !r.IsNull(i, 4);
  a.created_at = FormatRfc3339UtcSeconds(r.Time(i, 5));
  return a;
}

constexpr const char* kAccountColumns = "id, username, display_name, role, disabled_at, created_at";

std::string Base64Url(ByteView b) {
  std::string s = Base64Encode(b);
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

db::Param HashParam(const std::string& secret) {
  auto d = crypto::Sha256(secret);
  return db::Param::Binary(d);
}

std::string Json(const boost::json::object& o) { return boost::json::serialize(o); }

}  // namespace

bool IsStaffRole(std::string_view role) {
  return role == kRoleAdmin || role == kRoleDpo || role == kRoleSecretary || role == kRoleAuditor;
}

bool IsServiceRole(std::string_view role) {
  return role == kRoleIngestion || role == kRoleWarehouse || role == kRoleAuditor;
}

Result<StaffAccount> AccountStore::Create(const audit::Recorder& by, const std::string& username,
                                          const std::string& display_name, const std::string& role,
                                          const std::string& password) {
  GARANT_RETURN_IF_ERROR(CheckUsername(username));
  if (!IsStaffRole(role)) {
    return Status::InvalidArgument("unknown role: admin, dpo, secretary or auditor")
        .WithReason(reason::kUnknownStaffRole);
  }
  if (display_name.empty() || display_name.size() > 200 || !IsValidUtf8(display_name)) {
    return Status::InvalidArgument("the display name must be 1 to 200 characters of UTF-8")
        .WithReason(reason::kInvalidDisplayName);
  }
  GARANT_RETURN_IF_ERROR(CheckPasswordPolicy(username, password));
  std::string hash = HashPassword(password, random_);
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  auto rows = tx.Exec(std::string("INSERT INTO staff_accounts (username, display_name, role, "
                                  "password_hash) VALUES ($1, $2, $3, $4) RETURNING ") +
                          kAccountColumns,
                      {username, display_name, role, hash});
  if (!rows.ok()) {
    if (rows.status().code() == Code::kAlreadyExists) {
      return Status::AlreadyExists("the username '" + username + "' is taken")
          .WithReason(reason::kUsernameTaken);
    }
    return rows.status();
  }
  GARANT_RETURN_IF_ERROR(audit::Record(tx, by, "staff.account.created", "staff/" + username,
                                       Json({{"username", username}, {"role", role}})));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return AccountFromRow(*rows, 0);
}

Result<std::vector<StaffAccount>> AccountStore::List() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(auto rows, conn->Exec(std::string("SELECT ") + kAccountColumns +
                                                " FROM staff_accounts ORDER BY id"));
  std::vector<StaffAccount> out;
  for (int i = 0; i < rows.size(); ++i) out.push_back(AccountFromRow(rows, i));
  return out;
}

Result<StaffAccount> AccountStore::Get(const std::string& username) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(auto rows, conn->Exec(std::string("SELECT ") + kAccountColumns +
                                                    " FROM staff_accounts WHERE username = $1",
                                                {username}));
  if (rows.empty()) return Status::NotFound("no account named " + username);
  return AccountFromRow(rows, 0);
}

Status AccountStore::Disable(const audit::Recorder& by, const std::string& username) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      auto rows, tx.Exec("UPDATE staff_accounts SET disabled_at = coalesce(disabled_at, now()) "
                         "WHERE username = $1 RETURNING id",
                         {username}));
  if (rows.empty()) return Status::NotFound("no account named " + username);
  GARANT_RETURN_IF_ERROR(EndOpenSessions(tx, rows.Str(0, 0)));
  GARANT_RETURN_IF_ERROR(audit::Record(tx, by, "staff.account.disabled", "staff/" + username,
                                       Json({{"username", username}})));
  return tx.Commit();
}

Status AccountStore::ResetPassword(const audit::Recorder& by, const std::string& username,
                                   const std::string& password) {
  GARANT_RETURN_IF_ERROR(CheckPasswordPolicy(username, password));
  std::string hash = HashPassword(password, random_);
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(auto rows,
                          tx.Exec("UPDATE staff_accounts SET password_hash = $2, "
                                  "password_changed_at = now() WHERE username = $1 RETURNING id",
                                  {username, hash}));
  if (rows.empty()) return Status::NotFound("no account named " + username);
  GARANT_RETURN_IF_ERROR(EndOpenSessions(tx, rows.Str(0, 0)));
  GARANT_RETURN_IF_ERROR(audit::Record(tx, by, "staff.password.reset", "staff/" + username,
                                       Json({{"username", username}})));
  return tx.Commit();
}

Result<StaffAccount> AccountStore::Authenticate(const std::string& username,
                                                const std::string& password) {
  static const Status kWrong =
      Status::Unauthenticated("wrong username or password").WithReason(reason::kWrongCredentials);
  // No account has such a name or password: refused without work (a flood of
  // huge names costs neither a hash nor a query).
  if (username.size() > 64 || password.size() > 256) return kWrong;
  std::optional<StaffAccount> account;
  std::string hash;
  {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    GARANT_ASSIGN_OR_RETURN(
        auto rows, conn->Exec(std::string("SELECT ") + kAccountColumns +
                                  ", password_hash FROM staff_accounts WHERE username = $1",
                              {username}));
    if (!rows.empty()) {
      account = AccountFromRow(rows, 0);
      hash = rows.Str(0, 6);
    }
  }  // the connection is back in the pool before the hash
  auto permit = gate_.Enter();
  if (!permit) {
    return Status::ResourceExhausted("too many logins in progress: retry in a second");
  }
  bool ok = VerifyPassword(password, account ? hash : DummyHash());
  if (!account || !ok || account->disabled) return kWrong;
  return *account;
}

Status AccountStore::ChangeOwnPassword(const audit::Recorder& by, const StaffAccount& account,
                                       const std::string& current, const std::string& next,
                                       const std::string& keep_session_cookie) {
  if (current.size() > 256) {
    return Status::Unauthenticated("the current password is wrong")
        .WithReason(reason::kWrongCurrentPassword);
  }
  GARANT_RETURN_IF_ERROR(CheckPasswordPolicy(account.username, next));
  std::string stored;
  {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    GARANT_ASSIGN_OR_RETURN(auto rows,
                            conn->Exec("SELECT password_hash FROM staff_accounts WHERE id = $1 AND "
                                       "disabled_at IS NULL",
                                       {account.id}));
    if (rows.empty())
      return Status::NotFound("no active account with id " + std::to_string(account.id));
    stored = rows.Str(0, 0);
  }
  std::string hash;
  {
    auto permit = gate_.Enter();
    if (!permit) {
      return Status::ResourceExhausted("too many password checks in progress: retry in a second");
    }
    if (!VerifyPassword(current, stored)) {
      return Status::Unauthenticated("the current password is wrong")
          .WithReason(reason::kWrongCurrentPassword);
    }
    hash = HashPassword(next, random_);
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  // Only if the hash is still the one verified: two changes racing, one wins.
  GARANT_ASSIGN_OR_RETURN(auto rows, tx.Exec("UPDATE staff_accounts SET password_hash = $2, "
                                             "password_changed_at = now() WHERE id = $1 AND "
                                             "password_hash = $3 RETURNING id",
                                             {account.id, hash, stored}));
  if (rows.empty()) {
    return Status::Conflict("the password was changed meanwhile")
        .WithReason(reason::kWrongCurrentPassword);
  }
  GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE staff_sessions SET ended_at = now() WHERE account_id = $1 "
                                 "AND ended_at IS NULL AND id_hash <> $2",
                                 {account.id, HashParam(keep_session_cookie)})
                             .status());
  GARANT_RETURN_IF_ERROR(audit::Record(tx, by, "staff.password.changed",
                                       "staff/" + account.username,
                                       Json({{"username", account.username}})));
  return tx.Commit();
}

// ---- sessions ----

Result<OpenedSession> SessionStore::Open(const audit::Recorder& by, const StaffAccount& account,
                                         const std::string& client_address, SessionStage stage) {
  const bool enrolment = stage == SessionStage::kEnrolment;
  OpenedSession s;
  s.cookie_value = Base64Url(random_.Bytes(32));
  TimePoint now = clock_.Now();
  s.expires_at = now + std::chrono::duration_cast<std::chrono::microseconds>(policy_.absolute);
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO staff_sessions (id_hash, account_id, created_at, last_seen_at, "
              "expires_at, client_address, stage) VALUES ($1, $2, $3, $3, $4, $5, $6)",
              {HashParam(s.cookie_value), std::to_string(account.id), FormatRfc3339Utc(now),
               FormatRfc3339Utc(s.expires_at), client_address, enrolment ? "enrolment" : "full"})
          .status());
  // No session without its entry: a failed append rolls the session back.
  if (Status st = audit::Record(tx, by, "staff.login", "staff/" + std::to_string(account.id),
                                enrolment ? Json({{"stage", "enrolment"}}) : "{}");
      !st.ok()) {
    return Status(Code::kUnavailable,
                  "the login could not be recorded in the audit log (" + st.ToString() + ")",
                  std::string(reason::kLoginNotRecorded));
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  s.principal.kind = Principal::Kind::kStaff;
  s.principal.id = std::to_string(account.id);
  s.principal.name = account.username;
  s.principal.display_name = account.display_name;
  s.principal.role = enrolment ? kRoleEnrolment : account.role;
  s.principal.csrf_token = CsrfTokenFor(s.cookie_value);
  return s;
}

Result<Principal> SessionStore::Resolve(const std::string& cookie_value) {
  static const Status kExpired = Status::Unauthenticated("session expired or unknown");
  if (cookie_value.empty() || cookie_value.size() > 100) return kExpired;
  TimePoint now = clock_.Now();
  TimePoint idle_limit = now - std::chrono::duration_cast<std::chrono::microseconds>(policy_.idle);
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // One statement: touch the session only if it is still valid.
  GARANT_ASSIGN_OR_RETURN(
      auto rows,
      conn->Exec("UPDATE staff_sessions s SET last_seen_at = $2 FROM staff_accounts a "
                 "WHERE s.id_hash = $1 AND a.id = s.account_id AND s.ended_at IS NULL "
                 "AND a.disabled_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 "
                 "RETURNING a.id, a.username, a.display_name, a.role, s.stage",
                 {HashParam(cookie_value), FormatRfc3339Utc(now), FormatRfc3339Utc(idle_limit)}));
  if (rows.empty()) return kExpired;
  Principal p;
  p.kind = Principal::Kind::kStaff;
  p.id = rows.Str(0, 0);
  p.name = rows.Str(0, 1);
  p.display_name = rows.Str(0, 2);
  p.role = rows.Text(0, 4) == "enrolment" ? kRoleEnrolment : rows.Str(0, 3);
  p.csrf_token = CsrfTokenFor(cookie_value);
  return p;
}

Status SessionStore::End(const audit::Recorder& by, const std::string& cookie_value) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(auto rows,
                          tx.Exec("UPDATE staff_sessions SET ended_at = now() "
                                  "WHERE id_hash = $1 AND ended_at IS NULL RETURNING account_id",
                                  {HashParam(cookie_value)}));
  if (rows.empty()) return Status::Ok();  // unknown or ended already: nothing to record
  if (Status st = audit::Record(tx, by, "staff.logout", "staff/" + rows.Str(0, 0)); !st.ok()) {
    return Status(Code::kUnavailable,
                  "the logout could not be recorded in the audit log (" + st.ToString() + ")",
                  std::string(reason::kLogoutNotRecorded));
  }
  return tx.Commit();
}

std::string SessionStore::CsrfTokenFor(const std::string& cookie_value) {
  return HexEncode(crypto::Sha256("garant-csrf-v1|" + cookie_value));
}

// ---- service tokens ----

namespace {
constexpr const char* kTokenColumns =
    "id, name, role, created_at, revoked_at, last_used_at, expires_at";

ServiceToken TokenFromRow(const db::Rows& r, int i) {
  ServiceToken t;
  t.id = r.Str(i, 0);
  t.name = r.Str(i, 1);
  t.role = r.Str(i, 2);
  t.created_at = FormatRfc3339UtcSeconds(r.Time(i, 3));
  if (!r.IsNull(i, 4)) t.revoked_at = FormatRfc3339UtcSeconds(r.Time(i, 4));
  if (!r.IsNull(i, 5)) t.last_used_at = FormatRfc3339UtcSeconds(r.Time(i, 5));
  if (!r.IsNull(i, 6)) t.expires_at = FormatRfc3339UtcSeconds(r.Time(i, 6));
  return t;
}
}  // namespace

Result<CreatedServiceToken> ServiceTokenStore::Create(const audit::Recorder& by,
                                                      const std::string& name,
                                                      const std::string& role,
                                                      std::optional<TimePoint> expires_at) {
  if (!IsServiceRole(role)) {
    return Status::InvalidArgument("service token role must be ingestion, warehouse or auditor");
  }
  if (name.empty() || name.size() > 200 || !IsValidUtf8(name)) {
    return Status::InvalidArgument("service token name must be 1 to 200 characters");
  }
  CreatedServiceToken c;
  c.secret = "gst_" + Base64Url(random_.Bytes(32));
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      auto rows,
      tx.Exec(std::string("INSERT INTO service_tokens (id, name, role, token_hash, expires_at) "
                          "VALUES ($1, $2, $3, $4, $5) RETURNING ") +
                  kTokenColumns,
              {random_.Uuid4(), name, role, HashParam(c.secret),
               expires_at ? db::Param(FormatRfc3339Utc(*expires_at)) : db::Param::Null()}));
  c.token = TokenFromRow(rows, 0);
  boost::json::object payload{{"name", c.token.name}, {"role", c.token.role}};
  if (c.token.expires_at) payload["expires_at"] = *c.token.expires_at;
  GARANT_RETURN_IF_ERROR(
      audit::Record(tx, by, "service_token.created", "service-token/" + c.token.id, Json(payload)));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return c;
}

Result<std::vector<ServiceToken>> ServiceTokenStore::List() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(auto rows, conn->Exec(std::string("SELECT ") + kTokenColumns +
                                                " FROM service_tokens ORDER BY created_at, id"));
  std::vector<ServiceToken> out;
  for (int i = 0; i < rows.size(); ++i) out.push_back(TokenFromRow(rows, i));
  return out;
}

Status ServiceTokenStore::Revoke(const audit::Recorder& by, const std::string& id) {
  static const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  if (!std::regex_match(id, kUuid)) return Status::InvalidArgument("token id must be a UUID");
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      auto rows,
      tx.Exec("SELECT revoked_at IS NULL FROM service_tokens WHERE id = $1 FOR UPDATE", {id}));
  if (rows.empty()) return Status::NotFound("no service token with id " + id);
  if (rows.Str(0, 0) != "t") return Status::Ok();  // revoked already
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE service_tokens SET revoked_at = now() WHERE id = $1", {id}).status());
  GARANT_RETURN_IF_ERROR(
      audit::Record(tx, by, "service_token.revoked", "service-token/" + id, "{}"));
  return tx.Commit();
}

Result<Principal> ServiceTokenStore::Resolve(const std::string& secret) {
  static const Status kBad = Status::Unauthenticated("invalid, revoked or expired token");
  if (secret.rfind("gst_", 0) != 0 || secret.size() != 47) return kBad;
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      auto rows, conn->Exec("UPDATE service_tokens SET last_used_at = now() "
                            "WHERE token_hash = $1 AND revoked_at IS NULL AND "
                            "(expires_at IS NULL OR expires_at > now()) RETURNING id, name, role",
                            {HashParam(secret)}));
  if (rows.empty()) return kBad;
  Principal p;
  p.kind = Principal::Kind::kService;
  p.id = rows.Str(0, 0);
  p.name = rows.Str(0, 1);
  p.role = rows.Str(0, 2);
  return p;
}

}  // namespace garant::staff
