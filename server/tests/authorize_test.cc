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

// The role "auditor" is held by staff auditors (people, in the console) and
// by auditor service tokens (external audit tools). A route that lists it
// lets the token in only for reading, and never on a staff page.
TEST(AuthorizeTest, AnAuditorTokenReadsApisOnlyAndNeverUsesStaffPages) {
  auto route = [](std::string method, ResponseKind kind) {
    Route r;
    r.method = std::move(method);
    r.pattern = "/x";
    r.kind = kind;
    r.roles = {kRoleAuditor, kRoleDpo, kRoleAdmin};
    r.csrf = CsrfRule::kSession;
    return r;
  };
  const Principal token = Service(kRoleAuditor);
  const Principal person = Staff(kRoleAuditor);
  // Read routes that list "auditor": JSON and text (tlog entry bundles).
  EXPECT_EQ(Authorize(route("GET", ResponseKind::kJson), token, "GET", {}), Verdict::kAllow);
  EXPECT_EQ(Authorize(route("GET", ResponseKind::kJson), token, "HEAD", {}), Verdict::kAllow);
  EXPECT_EQ(Authorize(route("GET", ResponseKind::kText), token, "GET", {}), Verdict::kAllow);
  // Writes, even where the route lists "auditor" (and needs no CSRF from a token).
  for (const char* m : {"POST", "PUT", "DELETE", "PATCH"}) {
    EXPECT_EQ(Authorize(route(m, ResponseKind::kJson), token, m, {}), Verdict::kForbidden) << m;
    EXPECT_EQ(Authorize(route(m, ResponseKind::kJson), person, m, FromSession(person.csrf_token)),
              Verdict::kAllow)
        << m;
  }
  // Staff pages and forms: never for a token, read or write.
  EXPECT_EQ(Authorize(route("GET", ResponseKind::kHtml), token, "GET", {}), Verdict::kForbidden);
  EXPECT_EQ(Authorize(route("POST", ResponseKind::kHtml), token, "POST", {}), Verdict::kForbidden);
  EXPECT_EQ(Authorize(route("GET", ResponseKind::kHtml), person, "GET", {}), Verdict::kAllow);
  // Nor for any other service token on a page that would list its role.
  Route page = route("GET", ResponseKind::kHtml);
  page.roles.push_back(kRoleWarehouse);
  EXPECT_EQ(Authorize(page, Service(kRoleWarehouse), "GET", {}), Verdict::kForbidden);
  // A route that does not list "auditor" stays closed to both.
  Route dpo_only = route("GET", ResponseKind::kJson);
  dpo_only.roles = {kRoleDpo};
  EXPECT_EQ(Authorize(dpo_only, token, "GET", {}), Verdict::kForbidden);
  EXPECT_EQ(Authorize(dpo_only, person, "GET", {}), Verdict::kForbidden);
  // The warehouse keeps writing where it is listed; public routes stay public.
  Route report = route("POST", ResponseKind::kJson);
  report.roles = {kRoleWarehouse};
  EXPECT_EQ(Authorize(report, Service(kRoleWarehouse), "POST", {}), Verdict::kAllow);
  EXPECT_EQ(Authorize(report, token, "POST", {}), Verdict::kForbidden);
  Route portal = route("GET", ResponseKind::kHtml);
  portal.access = Access::kPublic;
  EXPECT_EQ(Authorize(portal, token, "GET", {}), Verdict::kAllow);
}

TEST(AuthorizeTest, AnonymousFormsNeedTheTokenBoundToTheirCookie) {
  const std::string key(32, 'k');
  const std::string cookie(64, 'a');
  const std::string token = AnonymousCsrfTokenFor(AsBytes(key), cookie);
  ASSERT_EQ(token.size(), 64u);
  EXPECT_NE(token, cookie);
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, token, token}),
            Verdict::kAllow);
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, "", token}),
            Verdict::kCsrfFailed);
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, token, ""}),
            Verdict::kCsrfFailed);
  // The old double submit (the field repeating the cookie) no longer passes:
  // a cookie planted by an attacker is useless without the server's key.
  EXPECT_EQ(Authorize(PublicForm(), Principal{}, "POST", CsrfEvidence{false, cookie, token}),
            Verdict::kCsrfFailed);
  // Another key, another token; a malformed cookie has none.
  EXPECT_NE(AnonymousCsrfTokenFor(AsBytes(std::string(32, 'x')), cookie), token);
  EXPECT_EQ(AnonymousCsrfTokenFor(AsBytes(key), "ab"), "");
  EXPECT_EQ(AnonymousCsrfTokenFor(AsBytes(key), std::string(64, 'z')), "");
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
