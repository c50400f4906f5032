// The authorisation decision (http/authorize.h), case by case.
#include "http/authorize.h"

#include <gtest/gtest.h>

namespace garant::server {
namespace {

Route StaffPage(CsrfRule csrf = CsrfRule::kSession) {
  Route r;
  r.method = "POST";
  r.pattern = "/console/x";
  r.kind = ResponseKind::kHtml;
  r.roles = {kRoleDpo};
  r.csrf = csrf;
  return r;
}

Route StaffApi() {
  Route r = StaffPage();
  r.kind = ResponseKind::kJson;
  return r;
}

Route PublicForm() {
  Route r;
  r.pattern = "/opposition";
  r.kind = ResponseKind::kHtml;
  r.access = Access::kPublic;
  r.csrf = CsrfRule::kAnonymousForm;
  return r;
}

Principal Staff(const std::string& role) {
  Principal p;
  p.kind = Principal::Kind::kStaff;
  p.id = "7";
  p.role = role;
  p.csrf_token = std::string(64, 'c');
  return p;
}

Principal Service(const std::string& role) {
  Principal p;
  p.kind = Principal::Kind::kService;
  p.id = "t";
  p.role = role;
  return p;
}

CsrfEvidence FromSession(std::string sent) { return CsrfEvidence{true, std::move(sent), ""}; }

TEST(AuthorizeTest, DefaultDenyByRole) {
  EXPECT_EQ(Authorize(StaffPage(), Staff(kRoleDpo), "GET", {}), Verdict::kAllow);
  EXPECT_EQ(Authorize(StaffPage(), Staff(kRoleAuditor), "GET", {}), Verdict::kForbidden);
  EXPECT_EQ(Authorize(StaffPage(), Service(kRoleWarehouse), "GET", {}), Verdict::kForbidden);
  Route nobody = StaffPage();
  nobody.roles.clear();  // a route that lists no role is open to no one
  EXPECT_EQ(Authorize(nobody, Staff(kRoleAdmin), "GET", {}), Verdict::kForbidden);
}

TEST(AuthorizeTest, AnonymousIsSentToLoginOnPagesAnd401Elsewhere) {
  EXPECT_EQ(Authorize(StaffPage(), Principal{}, "GET", {}), Verdict::kLoginRedirect);
  EXPECT_EQ(Authorize(StaffPage(), Principal{}, "HEAD", {}), Verdict::kLoginRedirect);
  EXPECT_EQ(Authorize(StaffPage(), Principal{}, "POST", {}), Verdict::kUnauthenticated);
  EXPECT_EQ(Authorize(StaffApi(), Principal{}, "GET", {}), Verdict::kUnauthenticated);
}

TEST(AuthorizeTest, SessionCsrfOnStateChangingMethods) {
  const Principal dpo = Staff(kRoleDpo);
  EXPECT_EQ(Authorize(StaffPage(), dpo, "POST", FromSession(dpo.csrf_token)), Verdict::kAllow);
  EXPECT_EQ(Authorize(StaffPage(), dpo, "DELETE", FromSession(dpo.csrf_token)), Verdict::kAllow);
  EXPECT_EQ(Authorize(StaffPage(), dpo, "POST", FromSession("")), Verdict::kCsrfFailed);
  EXPECT_EQ(Authorize(StaffPage(), dpo, "POST", FromSession(std::string(64, 'd'))),
            Verdict::kCsrfFailed);
  EXPECT_EQ(Authorize(StaffPage(), dpo, "PUT", FromSession(dpo.csrf_token + "x")),
            Verdict::kCsrfFailed);
  // GET and HEAD change nothing: no token needed.
  EXPECT_EQ(Authorize(StaffPage(), dpo, "GET", FromSession("")), Verdict::kAllow);
  // A bearer token carries no ambient credential: exempt.
  Route api = StaffApi();
  api.roles.push_back(kRoleWarehouse);
  EXPECT_EQ(Authorize(api, Service(kRoleWarehouse), "POST", CsrfEvidence{}), Verdict::kAllow);
  // The role is refused before the token is looked at.
  EXPECT_EQ(Authorize(StaffPage(), Staff(kRoleAuditor), "POST", FromSession("")),
            Verdict::kForbidden);
}

TEST(AuthorizeTest, AnonymousFormsNeedTheDoubleSubmitCookie) {
  const std::string cookie(64, 'a');
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, cookie, cookie}),
            Verdict::kAllow);
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, "", cookie}),
            Verdict::kCsrfFailed);
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, cookie, ""}),
            Verdict::kCsrfFailed);
  // A short cookie is not a token, even when the field repeats it.
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, "ab", "ab"}),
            Verdict::kCsrfFailed);
  // Also for a logged-in member of staff posting the public form.
  EXPECT_EQ(Authorize(PublicForm(), Staff(kRoleDpo), "POST", FromSession("")),
            Verdict::kCsrfFailed);
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "GET", {}), Verdict::kAllow);
}

TEST(AuthorizeTest, CsrfRuleNoneChecksNothing) {
  Route login;
  login.method = "POST";
  login.access = Access::kPublic;
  login.csrf = CsrfRule::kNone;
  EXPECT_FALSE(NeedsCsrfEvidence(login, "POST"));
  EXPECT_EQ(Authorize(login, Principal{}, "POST", {}), Verdict::kAllow);
  EXPECT_TRUE(NeedsCsrfEvidence(PublicForm(), "POST"));
  EXPECT_FALSE(NeedsCsrfEvidence(PublicForm(), "GET"));
}

}  // namespace
}  // namespace garant::server
