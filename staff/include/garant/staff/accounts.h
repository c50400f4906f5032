// Staff accounts, sessions and service tokens, stored in PostgreSQL
// (sql/0001_accounts.sql). Used by garantd and by the garant CLI.
//
// Every method that changes an account or a token takes the acting
// audit::Recorder and appends its audit entry in the transaction of the
// change: the change and its entry commit together or not at all (a failed
// append leaves nothing). Entries never hold a password or a secret.
//
// Secrets are never stored in clear: passwords as PBKDF2 hashes
// (passwords.h), session ids and service tokens as SHA-256 (they are 256-bit
// random values, so a plain hash is enough). Thread-safe: every method takes
// its own connection from the pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/recorder.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/core/status.h"
#include "garant/staff/hash_gate.h"
#include "garant/staff/principal.h"

namespace garant::staff {

struct StaffAccount {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  bool disabled = false;
  std::string created_at;  // RFC 3339 UTC
};

// True for admin, dpo, secretary, auditor.
bool IsStaffRole(std::string_view role);
// True for the roles a service token may hold: ingestion, warehouse, auditor
// (an external audit tool: read routes only, see server/src/http/router.h).
bool IsServiceRole(std::string_view role);

class AccountStore {
 public:
  // Password hashes of Authenticate and ChangeOwnPassword: 2 at once, 4
  // more waiting (hash_gate.h).
  static constexpr int kHashesAtOnce = 2;
  static constexpr int kHashesWaiting = 4;

  AccountStore(db::Pool& pool, Random& random)
      : pool_(pool), random_(random), gate_(kHashesAtOnce, kHashesWaiting) {}

  // Entry `staff.account.created` (object staff/<username>, payload
  // username and role). Errors: kInvalidArgument (bad username, role or
  // password policy; English message, reason in garant/staff/reasons.h),
  // kAlreadyExists (username taken, reason username_taken).
  Result<StaffAccount> Create(const audit::Recorder& by, const std::string& username,
                              const std::string& display_name, const std::string& role,
                              const std::string& password);
  Result<std::vector<StaffAccount>> List();
  Result<StaffAccount> Get(const std::string& username);
  // Disabling ends every open session of the account. Entry
  // `staff.account.disabled`. kNotFound for an unknown username.
  Status Disable(const audit::Recorder& by, const std::string& username);
  // Sets a new password (policy checked) and ends every open session. Entry
  // `staff.password.reset`. kNotFound for an unknown username.
  Status ResetPassword(const audit::Recorder& by, const std::string& username,
                       const std::string& password);
  // kUnauthenticated with one message whatever was wrong (unknown user,
  // wrong password, disabled account), after the same amount of work: one
  // PBKDF2 verification, computed after the database connection is back in
  // the pool and under the hash gate. A username over 64 bytes or a password
  // over 256 is refused at once (no such account can exist). When the gate's
  // queue is full: kResourceExhausted (retry in a second).
  Result<StaffAccount> Authenticate(const std::string& username, const std::string& password);
  // A staff member changes their own password: `current` must verify, `next`
  // must meet the policy (CheckPasswordPolicy, with the common-password list).
  // Ends the account's other open sessions (all but `keep_session_cookie`,
  // when given). Entry `staff.password.changed` (object staff/<username>).
  // kUnauthenticated with reason wrong_current_password; kInvalidArgument
  // with the policy's reason; kResourceExhausted as Authenticate.
  Status ChangeOwnPassword(const audit::Recorder& by, const StaffAccount& account,
                           const std::string& current, const std::string& next,
                           const std::string& keep_session_cookie);

 private:
  db::Pool& pool_;
  Random& random_;
  HashGate gate_;
};

struct SessionPolicy {
  std::chrono::minutes idle{30};
  std::chrono::hours absolute{12};
};

// A full session, or the restricted step of an account whose role requires
// the second factor and that has not enrolled yet: its principal has the role
// kRoleEnrolment, which only the enrolment page and logout accept.
enum class SessionStage { kFull, kEnrolment };

struct OpenedSession {
  std::string cookie_value;  // the secret to set in the cookie; never stored
  Principal principal;
  TimePoint expires_at;
};

class SessionStore {
 public:
  SessionStore(db::Pool& pool, Random& random, const Clock& clock, SessionPolicy policy)
      : pool_(pool), random_(random), clock_(clock), policy_(policy) {}

  // Opens a session and appends its `staff.login` entry (object
  // staff/<account id>, by `by`: the account itself, "staff:<id>") in the
  // same transaction. When the entry cannot be appended nothing is stored and
  // the login is refused: kUnavailable with reason login_not_recorded (the
  // cause in the message, for the server log).
  // The entry's payload says the stage ({"stage":"enrolment"} for the
  // restricted step; {} for a full session).
  Result<OpenedSession> Open(const audit::Recorder& by, const StaffAccount& account,
                             const std::string& client_address,
                             SessionStage stage = SessionStage::kFull);
  // kUnauthenticated when unknown, ended, idle or absolutely expired, or the
  // account is disabled. Touches last_seen_at. An enrolment session resolves
  // to a principal with the role kRoleEnrolment.
  Result<Principal> Resolve(const std::string& cookie_value);
  // Ends an open session and appends its `staff.logout` entry (object
  // staff/<account id>) in the same transaction; a session unknown or ended
  // already is Ok and records nothing. When the entry cannot be appended the
  // session stays open: kUnavailable with reason logout_not_recorded.
  Status End(const audit::Recorder& by, const std::string& cookie_value);
  // The CSRF token bound to a session: hex SHA-256("garant-csrf-v1|" + cookie value).
  // Unforgeable without the HttpOnly cookie; no storage needed.
  static std::string CsrfTokenFor(const std::string& cookie_value);

 private:
  db::Pool& pool_;
  Random& random_;
  const Clock& clock_;
  SessionPolicy policy_;
};

struct ServiceToken {
  std::string id;
  std::string name;
  std::string role;
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
  std::optional<std::string> expires_at;  // none: never expires
};

struct CreatedServiceToken {
  ServiceToken token;
  std::string secret;  // "gst_" + base64url(32 random bytes): shown once, never stored
};

class ServiceTokenStore {
 public:
  ServiceTokenStore(db::Pool& pool, Random& random) : pool_(pool), random_(random) {}

  // role: "ingestion", "warehouse" or "auditor" (IsServiceRole; else
  // kInvalidArgument, nothing written). Entry `service_token.created` (object
  // service-token/<id>, payload name and role; never the secret).
  // expires_at: after it the token is refused like a revoked one (nullopt:
  // never); the entry's payload has it.
  Result<CreatedServiceToken> Create(const audit::Recorder& by, const std::string& name,
                                     const std::string& role,
                                     std::optional<TimePoint> expires_at = std::nullopt);
  Result<std::vector<ServiceToken>> List();
  // kNotFound for an unknown id; revoking twice is a no-op (and records
  // nothing the second time). Entry `service_token.revoked`.
  Status Revoke(const audit::Recorder& by, const std::string& id);
  // kUnauthenticated for unknown, malformed, revoked or expired tokens.
  Result<Principal> Resolve(const std::string& secret);

 private:
  db::Pool& pool_;
  Random& random_;
};

}  // namespace garant::staff
