// Demo data for `garantd --dev --demo` (never in production: known
// passwords). Both seeds are idempotent.
#pragma once

#include <string>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/core/status.h"
#include "garant/staff/accounts.h"

namespace garant::runtime {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
};
// The demo accounts created by --dev --demo.
const std::vector<DemoAccount>& DemoAccounts();

// Creates the demo accounts that do not exist yet, each with its audit entry
// (actor `service:demo-seed`).
Status SeedDemoAccounts(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock);

// Both committees with their members, projects in different states, a past
// CSE meeting with its decisions, and authorisations, written through
// GovernanceStore (every record has its audit entry) with a clock set in the
// past for the records and `clock` for the audit entries (the log's times
// never run backwards). Does nothing once a committee exists.
Status SeedGovernanceDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock);

}  // namespace garant::runtime
