// Who may read and who may change cases (server/src/access/cases.h): the
// read routes admit the role "auditor" whether staff or service (an external
// audit tool's token), the changes only a staff auditor or DPO.
#include <gtest/gtest.h>

#include "access/cases.h"
#include "http/authorize.h"

namespace garant::server {
namespace {

Principal Who(Principal::Kind kind, std::string id, std::string role) {
  Principal p;
  p.kind = kind;
  p.id = std::move(id);
  p.role = std::move(role);
  return p;
}

TEST(CaseRoles, ReadersAreAuditorsAndDpoStaffOrService) {
  Route r;
  r.method = "GET";
  r.pattern = "/api/v1/cases";
  r.roles = kCaseRoles;
  r.csrf = CsrfRule::kNone;
  EXPECT_TRUE(Allowed(r, Who(Principal::Kind::kStaff, "3", kRoleAuditor)));
  EXPECT_TRUE(Allowed(r, Who(Principal::Kind::kStaff, "2", kRoleDpo)));
  EXPECT_TRUE(Allowed(r, Who(Principal::Kind::kService, "9", kRoleAuditor)));
  EXPECT_FALSE(Allowed(r, Who(Principal::Kind::kStaff, "4", kRoleSecretary)));
  EXPECT_FALSE(Allowed(r, Who(Principal::Kind::kStaff, "1", kRoleAdmin)));
  EXPECT_FALSE(Allowed(r, Who(Principal::Kind::kService, "8", kRoleWarehouse)));
  EXPECT_FALSE(Allowed(r, Principal{}));
}

TEST(CaseRoles, OnlyStaffReviewersChange) {
  auto staff = ReviewerId(Who(Principal::Kind::kStaff, "12", kRoleAuditor));
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(*staff, 12);
  EXPECT_EQ(ReviewerId(Who(Principal::Kind::kService, "9", kRoleAuditor)).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(ReviewerId(Principal{}).status().code(), Code::kPermissionDenied);
}

}  // namespace
}  // namespace garant::server
