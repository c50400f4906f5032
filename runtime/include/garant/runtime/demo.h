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
#include "garant/runtime/keys.h"
#include "garant/staff/accounts.h"

namespace garant::runtime {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
  // The account's TOTP secret (Base32), known so that a newcomer can compute
  // codes (`oathtool --totp -b SECRET`); empty: no second factor (the
  // secretary, for whom it is optional).
  std::string totp_secret;
};
// The demo accounts created by --dev --demo.
const std::vector<DemoAccount>& DemoAccounts();

// Creates the demo accounts that do not exist yet, each with its audit entry
// (actor `service:demo-seed`), and enrols the second factor of those with a
// totp_secret (sealed under keys.sealing) unless they have one.
Status SeedDemoAccounts(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock,
                        const Keys& keys);

// Both committees with their members, projects in different states, a past
// CSE meeting with its decisions, and authorisations, written through
// GovernanceStore (every record has its audit entry) with a clock set in the
// past for the records and `clock` for the audit entries (the log's times
// never run backwards). Does nothing once a committee exists.
Status SeedGovernanceDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock);

// A week of accesses reported by the warehouse, recorded through
// access::AccessStore with the default rules (docs/access-events.md): the
// accounts of the demo's authorisations at work on their projects, and
// accesses that break one rule each (an account not named, an unauthorised
// project, a suspended one, a domain out of scope, an export without
// authorisation, a re-identification without justification, a small count,
// off hours, a volume spike, a dormant account, repeated denials, a repeated
// query, a late report, a person who had objected, an authorisation expired,
// not yet valid or revoked, a closed project), so that the auditor's queue and
// desk have something true to show. For the last five it first records, dated
// in the past (audit entries dated now): a web objection of a fictitious
// person (keys: pseudonymisation and sealing), and on the asthma project three
// authorisations and its closure. The week is recorded at once, as if reported promptly
// (late_report off), but for the one late report. Does nothing once the demo
// accounts have reported anything. Needs SeedGovernanceDemo first.
Status SeedAccessDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock,
                      const Keys& keys);

// The information notices: one version per audience, two for adults (the
// history then shows a replaced version), published now by
// `service:demo-seed`. Does nothing once a version exists.
Status SeedNoticesDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock);

// Five rights requests of fictitious people entered by the demo DPO, dated in
// the past (audit entries dated by `clock`): an access answered within the
// month, an heir's erasure refused, a rectification extended, a parent's
// restriction waiting for a proof of identity, an access overdue. Needs the
// demo account "dpo" (SeedDemoAccounts). Does nothing once a request exists.
Status SeedRightsDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock,
                      const Keys& keys);

}  // namespace garant::runtime
