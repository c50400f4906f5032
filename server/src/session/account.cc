// The staff member's own account: /console/compte (password change, the
// second factor's state) and /console/compte/double-authentification (TOTP
// enrolment; the only page a restricted enrolment session may open).
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include "garant/staff/reasons.h"
#include "garant/staff/totp.h"
#include "http/pages.h"
#include "http/reasons_fr.h"
#include "http/routes.h"
#include "session/qr_svg.h"
#include "session/session.h"

namespace garant::server {
namespace {

const std::vector<std::string> kStaffRoles = {kRoleAdmin, kRoleDpo, kRoleSecretary, kRoleAuditor};
const std::vector<std::string> kStaffRolesAndEnrolment = {kRoleAdmin, kRoleDpo, kRoleSecretary,
                                                          kRoleAuditor, kRoleEnrolment};

constexpr const char* kIssuer = "garant SOS Médecins";

// The account behind the request's principal (a staff session).
Result<StaffAccount> CurrentAccount(Services& s, const Principal& p) {
  auto a = s.accounts.Get(p.name);
  if (!a.ok() && a.status().code() == Code::kNotFound) {
    return Status::Unauthenticated("the session's account is gone");
  }
  return a;
}

// "ABCD EFGH …": the secret in groups of four, easier to copy by hand.
std::string Grouped(const std::string& secret) {
  std::string out;
  for (size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += secret[i];
  }
  return out;
}

// The account page, with an optional message (role="status") or error.
Status RenderAccount(HttpExchange& ex, Services& s, int status, const std::string& notice,
                     const std::string& error) {
  const Principal& p = ex.principal();
  GARANT_ASSIGN_OR_RETURN(StaffAccount account, CurrentAccount(s, p));
  GARANT_ASSIGN_OR_RETURN(staff::SecondFactorStatus factor, s.second_factor.Status(account.id));
  ex.SendHtml(status, RenderPage("Sécurité du compte", "account.tpl", p,
                                 [&](ctemplate::TemplateDictionary& d) {
                                   d.SetValue("CSRF_TOKEN", p.csrf_token);
                                   d.SetValue("USERNAME", p.name);
                                   if (!notice.empty()) {
                                     d.AddSectionDictionary("NOTICE")->SetValue("MESSAGE", notice);
                                   }
                                   if (!error.empty()) {
                                     d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                                   }
                                   if (factor.state == staff::SecondFactorState::kEnrolled) {
                                     auto* e = d.AddSectionDictionary("ENROLLED");
                                     e->SetValue("SINCE", FormatParisHuman(*factor.confirmed_at));
                                     e->SetIntValue("CODES_LEFT", factor.recovery_codes_left);
                                   } else {
                                     auto* n = d.AddSectionDictionary("NOT_ENROLLED");
                                     n->SetValue("HREF", kEnrolmentPath);
                                     if (staff::RoleRequiresSecondFactor(account.role)) {
                                       n->ShowSection("REQUIRED");
                                     }
                                   }
                                 }));
  return Status::Ok();
}

// The enrolment page: the QR code, the secret in text and the code field.
Status RenderEnrolment(HttpExchange& ex, Services& s, int status, const std::string& error) {
  const Principal& p = ex.principal();
  GARANT_ASSIGN_OR_RETURN(StaffAccount account, CurrentAccount(s, p));
  auto secret = s.second_factor.PendingSecret(s.keys.sealing, account.id);
  if (!secret.ok() && secret.status().reason() == staff::reason::kTotpAlreadyEnrolled) {
    ex.Redirect(p.role == kRoleEnrolment ? "/console" : kAccountPath);
    return Status::Ok();
  }
  if (!secret.ok()) return secret.status();
  const std::string uri = staff::OtpauthUri(kIssuer, account.username, *secret);
  GARANT_ASSIGN_OR_RETURN(QrDrawing qr, DrawQr(uri));
  ex.SendHtml(status, RenderPage("Activer la double authentification", "account_totp.tpl", p,
                                 [&](ctemplate::TemplateDictionary& d) {
                                   d.SetValue("CSRF_TOKEN", p.csrf_token);
                                   d.SetIntValue("QR_SIZE", qr.size);
                                   d.SetValue("QR_PATH", qr.path);
                                   d.SetValue("SECRET", Grouped(*secret));
                                   d.SetValue("USERNAME", account.username);
                                   if (p.role == kRoleEnrolment) d.ShowSection("REQUIRED_STEP");
                                   if (!error.empty()) {
                                     d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                                   }
                                 }));
  return Status::Ok();
}

// Confirms the enrolment; an enrolment session becomes a full one (a new
// session and cookie, its staff.login entry; the restricted one ends).
Status ConfirmEnrolment(HttpExchange& ex, Services& s) {
  GARANT_ASSIGN_OR_RETURN(auto form, ex.FormBody());
  const Principal p = ex.principal();
  GARANT_ASSIGN_OR_RETURN(StaffAccount account, CurrentAccount(s, p));
  auto codes = s.second_factor.ConfirmEnrolment(s.recorder(p.Actor()), s.keys.sealing, account,
                                                form["code"]);
  if (!codes.ok()) {
    if (codes.status().code() == Code::kUnauthenticated) {
      return RenderEnrolment(ex, s, 400,
                             std::string(FrenchReason(staff::reason::kWrongSecondFactor)));
    }
    if (codes.status().reason() == staff::reason::kTotpAlreadyEnrolled ||
        codes.status().code() == Code::kNotFound) {
      ex.Redirect(kAccountPath);
      return Status::Ok();
    }
    return codes.status();
  }
  spdlog::info("staff account {} enrolled its second factor", account.id);
  Principal shown = p;
  if (p.role == kRoleEnrolment) {
    GARANT_RETURN_IF_ERROR(Logout(ex, s));
    auto session = s.sessions.Open(s.recorder(p.Actor()), account, ex.ClientAddress());
    if (!session.ok()) return Unrecorded(session.status(), "login", p.id);
    SetSessionCookie(ex, s, *session);
    shown = session->principal;
  }
  ex.SendHtml(200, RenderPage("Codes de secours", "account_codes.tpl", shown,
                              [&](ctemplate::TemplateDictionary& d) {
                                for (const auto& c : *codes) {
                                  d.AddSectionDictionary("CODE")->SetValue("VALUE", c);
                                }
                              }));
  return Status::Ok();
}

Status ChangePassword(HttpExchange& ex, Services& s) {
  GARANT_ASSIGN_OR_RETURN(auto form, ex.FormBody());
  const Principal& p = ex.principal();
  GARANT_ASSIGN_OR_RETURN(StaffAccount account, CurrentAccount(s, p));
  if (form["new_password"] != form["new_password_again"]) {
    return RenderAccount(ex, s, 400, "",
                         "Les deux saisies du nouveau mot de passe sont différentes.");
  }
  Status st =
      s.accounts.ChangeOwnPassword(s.recorder(p.Actor()), account, form["current_password"],
                                   form["new_password"], ex.Cookie(kSessionCookie).value_or(""));
  if (st.ok()) {
    spdlog::info("staff account {} changed its password", account.id);
    return RenderAccount(
        ex, s, 200, "Votre mot de passe a été changé. Vos autres sessions ont été fermées.", "");
  }
  if (st.code() == Code::kInvalidArgument || st.code() == Code::kUnauthenticated ||
      st.code() == Code::kConflict) {
    std::string_view french = FrenchReason(st.reason());
    return RenderAccount(
        ex, s, st.code() == Code::kInvalidArgument ? 400 : 401, "",
        french.empty() ? "Le mot de passe n'a pas été changé." : std::string(french));
  }
  return st;
}

}  // namespace

void AddAccountRoutes(Router& router, Services& s) {
  router.Add({.method = "GET",
              .pattern = kAccountPath,
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRoles,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) { return RenderAccount(ex, s, 200, "", ""); }});

  router.Add({.method = "POST",
              .pattern = kPasswordPath,
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRoles,
              .csrf = CsrfRule::kSession,
              .handler = [&s](HttpExchange& ex) { return ChangePassword(ex, s); }});

  router.Add({.method = "GET",
              .pattern = kEnrolmentPath,
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRolesAndEnrolment,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) { return RenderEnrolment(ex, s, 200, ""); }});

  router.Add({.method = "POST",
              .pattern = kEnrolmentPath,
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRolesAndEnrolment,
              .csrf = CsrfRule::kSession,
              .handler = [&s](HttpExchange& ex) { return ConfirmEnrolment(ex, s); }});
}

}  // namespace garant::server
