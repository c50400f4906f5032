// The staff second factor in PostgreSQL (sql/0016_staff_second_factor.sql):
// TOTP enrolment, verification with replay refusal, recovery codes, reset.
// The pure parts (HOTP/TOTP, Base32, recovery codes) are in totp.h.
//
// Secrets: the TOTP secret is sealed with AES-256-GCM under the sealing key
// derived from the encryption key (crypto::KeyRing, the identity traits'
// key; its key id in secret_key_id), AAD "garant-totp-v1|<account id>", so a
// sealed secret cannot be moved to another account; recovery codes are stored
// as SHA-256 (RecoveryCodeHash). A secret or code is never logged nor put in
// an audit entry.
//
// Every change that matters appends its audit entry in its transaction:
// `staff.totp.enrolled`, `staff.totp.reset`, `staff.recovery_code.used`
// (object staff/<username>). Starting an enrolment (a pending secret) and a
// TOTP code accepted at login record nothing here (the login itself is
// `staff.login`).
//
// Thread-safe: every method takes its own connection from the pool. Two
// logins racing with the same code: one wins (the step is consumed by a
// conditional UPDATE), the other is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/recorder.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/key_ring.h"
#include "garant/core/random.h"
#include "garant/core/status.h"
#include "garant/staff/accounts.h"

namespace garant::staff {

// dpo, auditor and admin: no full session without the second factor.
// secretary: optional (required once enrolled).
bool RoleRequiresSecondFactor(std::string_view role);

enum class SecondFactorState { kNone, kPending, kEnrolled };

struct SecondFactorStatus {
  SecondFactorState state = SecondFactorState::kNone;
  std::optional<TimePoint> confirmed_at;
  int recovery_codes_left = 0;
};

class SecondFactorStore {
 public:
  SecondFactorStore(db::Pool& pool, Random& random, const Clock& clock)
      : pool_(pool), random_(random), clock_(clock) {}

  Result<SecondFactorStatus> Status(int64_t account_id);

  // The secret of the account's pending enrolment (Base32), creating one (a
  // new random 160-bit secret, sealed) when there is none. kFailedPrecondition
  // with reason totp_already_enrolled once enrolled.
  Result<std::string> PendingSecret(const crypto::KeyRing& keys, int64_t account_id);

  // Confirms the pending enrolment with a code of its secret: the account is
  // enrolled (the code's step counts as used), ten new recovery codes replace
  // any old ones and are returned (in clear, once). Entry `staff.totp.enrolled`.
  // kUnauthenticated with reason wrong_second_factor for a wrong code;
  // kFailedPrecondition (totp_already_enrolled) when enrolled; kNotFound when
  // no enrolment is pending.
  Result<std::vector<std::string>> ConfirmEnrolment(const audit::Recorder& by,
                                                    const crypto::KeyRing& keys,
                                                    const StaffAccount& account,
                                                    std::string_view code);

  // Checks and consumes a second factor of an enrolled account: a TOTP code
  // (accepted once: its step must be later than the last one used) or an
  // unused recovery code (then marked used, entry `staff.recovery_code.used`
  // with the number left). kUnauthenticated with reason wrong_second_factor
  // otherwise (one answer for every cause); kFailedPrecondition when the
  // account is not enrolled. A sealed secret that does not open is kDataLoss.
  ::garant::Status Verify(const audit::Recorder& by, const crypto::KeyRing& keys,
                          const StaffAccount& account, std::string_view code);

  // Removes the account's second factor (secret and recovery codes) and ends
  // its open sessions: the next login enrols again. Entry `staff.totp.reset`
  // (also when nothing was enrolled: the reset was asked). kNotFound for an
  // unknown username.
  ::garant::Status Reset(const audit::Recorder& by, const std::string& username);

  // For the demo (--dev --demo) and tests: enrols the account with a given
  // Base32 secret and no recovery codes, unless it has a second factor
  // already. Entry `staff.totp.enrolled`.
  ::garant::Status EnrolWithSecret(const audit::Recorder& by, const crypto::KeyRing& keys,
                                   const StaffAccount& account, std::string_view secret_base32);

  // garant keys rotate-encryption: re-seals every TOTP secret (pending or
  // confirmed) whose secret_key_id is not `keys`' current id, batch by batch
  // (crypto::ResealOptions; one transaction each, rows locked), and returns
  // how many. Idempotent and resumable. kDataLoss naming the account when a
  // secret does not open under the ring (that batch is not written).
  Result<int64_t> ResealSecrets(const crypto::KeyRing& keys,
                                const crypto::ResealOptions& options = {});
  // The TOTP secrets not sealed under `keys`' current key.
  Result<int64_t> CountSecretsToReseal(const crypto::KeyRing& keys);

 private:
  db::Pool& pool_;
  Random& random_;
  const Clock& clock_;
};

}  // namespace garant::staff
