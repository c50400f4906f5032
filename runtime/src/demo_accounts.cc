#include <string>

#include "garant/runtime/demo.h"
#include "garant/staff/principal.h"
#include "garant/staff/second_factor.h"

namespace garant::runtime {

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kDemo = {
      // Secrets: 32 Base32 symbols (160 bits), readable on purpose (demo only).
      {"admin", "garant-demo-admin", staff::kRoleAdmin, "GARANTDEMOADMINGARANTDEMOADMIN22"},
      {"dpo", "garant-demo-dpo", staff::kRoleDpo, "GARANTDEMODPOGARANTDEMODPOGARANT"},
      {"secretaire", "garant-demo-secretaire", staff::kRoleSecretary, ""},
      // The second secretary co-signs decisions and confirms authorisations
      // (two-person rule, sql/0017).
      {"secretaire2", "garant-demo-secretaire2", staff::kRoleSecretary, ""},
      {"auditeur", "garant-demo-auditeur", staff::kRoleAuditor, "GARANTDEMOAUDITEURGARANTDEMOAUDI"},
  };
  return kDemo;
}

namespace {

std::string DisplayName(const std::string& username, const std::string& role) {
  // The two secretaries must be told apart on pages and in the log.
  if (username == "secretaire2") return "Second secrétaire des comités (démo)";
  if (role == staff::kRoleAdmin) return "Administratrice (démo)";
  if (role == staff::kRoleDpo) return "Déléguée à la protection des données (démo)";
  if (role == staff::kRoleSecretary) return "Secrétaire des comités (démo)";
  return "Auditeur CNIL (démo)";
}

}  // namespace

Status SeedDemoAccounts(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock,
                        const Keys& keys) {
  staff::AccountStore accounts(pool, random);
  staff::SecondFactorStore factors(pool, random, clock);
  const audit::Recorder by{log, random, clock, "service:demo-seed"};
  for (const DemoAccount& d : DemoAccounts()) {
    auto account = accounts.Get(d.username);
    if (!account.ok()) {
      account =
          accounts.Create(by, d.username, DisplayName(d.username, d.role), d.role, d.password);
      if (!account.ok()) return account.status().WithContext("demo account " + d.username);
    }
    if (d.totp_secret.empty()) continue;
    Status enrolled = factors.EnrolWithSecret(by, keys.sealing, *account, d.totp_secret);
    if (!enrolled.ok()) return enrolled.WithContext("second factor of demo account " + d.username);
  }
  return Status::Ok();
}

}  // namespace garant::runtime
