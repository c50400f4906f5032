// The staff module's names as garantd's handlers use them, imported into
// garant::server in this one place (accounts, sessions, tokens and the
// principal live in garant::staff; see staff/DESIGN.md).
#pragma once

#include "garant/staff/accounts.h"
#include "garant/staff/login_throttle.h"
#include "garant/staff/principal.h"
#include "garant/staff/second_factor.h"

namespace garant::server {

using staff::AccountStore;
using staff::CreatedServiceToken;
using staff::IsStaffRole;
using staff::kRoleAdmin;
using staff::kRoleAuditor;
using staff::kRoleDpo;
using staff::kRoleEnrolment;
using staff::kRoleIngestion;
using staff::kRoleSecretary;
using staff::kRoleWarehouse;
using staff::LoginThrottle;
using staff::OpenedSession;
using staff::Principal;
using staff::SecondFactorStore;
using staff::ServiceToken;
using staff::ServiceTokenStore;
using staff::SessionPolicy;
using staff::SessionStage;
using staff::SessionStore;
using staff::StaffAccount;

}  // namespace garant::server
