// Internal to the staff module: ending an account's open sessions inside the
// transaction of the change that requires it (disabling, a password reset, a
// second-factor reset).
#pragma once

#include <string>

#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::staff {

inline Status EndOpenSessions(db::Transaction& tx, const std::string& account_id) {
  return tx
      .Exec("UPDATE staff_sessions SET ended_at = now() WHERE account_id = $1 AND ended_at IS NULL",
            {account_id})
      .status();
}

}  // namespace garant::staff
