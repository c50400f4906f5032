#include <string>

#include "garant/runtime/demo.h"
#include "garant/staff/principal.h"

namespace garant::runtime {

const std::vector<DemoAccount>& DemoAccounts() {
  static const std::vector<DemoAccount> kDemo = {
      {"admin", "garant-demo-admin", staff::kRoleAdmin},
      {"dpo", "garant-demo-dpo", staff::kRoleDpo},
      {"secretaire", "garant-demo-secretaire", staff::kRoleSecretary},
      {"auditeur", "garant-demo-auditeur", staff::kRoleAuditor},
  };
  return kDemo;
}

namespace {

std::string DisplayName(const std::string& role) {
  if (role == staff::kRoleAdmin) return "Administratrice (démo)";
  if (role == staff::kRoleDpo) return "Déléguée à la protection des données (démo)";
  if (role == staff::kRoleSecretary) return "Secrétaire des comités (démo)";
  return "Auditeur CNIL (démo)";
}

}  // namespace

Status SeedDemoAccounts(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock) {
  staff::AccountStore accounts(pool, random);
  const audit::Recorder by{log, random, clock, "service:demo-seed"};
  for (const DemoAccount& d : DemoAccounts()) {
    if (accounts.Get(d.username).ok()) continue;
    auto created = accounts.Create(by, d.username, DisplayName(d.role), d.role, d.password);
    if (!created.ok()) return created.status().WithContext("demo account " + d.username);
  }
  return Status::Ok();
}

}  // namespace garant::runtime
