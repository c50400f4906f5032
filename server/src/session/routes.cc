#include "http/routes.h"

#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include "audit_events.h"
#include "garant/core/json.h"
#include "garant/staff/reasons.h"
#include "http/dispatcher.h"
#include "http/pages.h"
#include "http/reasons_fr.h"
#include "session/session.h"

namespace garant::server {
namespace {

const std::vector<std::string> kStaffRoles = {kRoleAdmin, kRoleDpo, kRoleSecretary, kRoleAuditor};
// Logout is also open to the restricted enrolment session.
const std::vector<std::string> kStaffRolesAndEnrolment = {kRoleAdmin, kRoleDpo, kRoleSecretary,
                                                          kRoleAuditor, kRoleEnrolment};
const std::vector<std::string> kAllRoles = {kRoleAdmin,   kRoleDpo,       kRoleSecretary,
                                            kRoleAuditor, kRoleIngestion, kRoleWarehouse};

boost::json::object PrincipalJson(const Principal& p) {
  boost::json::object o;
  o["kind"] = p.kind == Principal::Kind::kStaff ? "staff" : "service";
  o["id"] = p.id;
  o["name"] = p.name;
  o["role"] = p.role;
  if (p.kind == Principal::Kind::kStaff) o["display_name"] = p.display_name;
  return o;
}

// A failed login as an audit entry: the hash of the canonical name (never the
// typed name: it may be a password typed in the wrong field), the address and
// what failed. Best effort: a failure to record is logged, the refusal stands.
void RecordFailedLogin(Services& s, const std::string& username, const std::string& address,
                       const char* what) {
  boost::json::object payload{{"username_sha256", LoginThrottle::UsernameHash(username)},
                              {"address", address},
                              {"failed", what}};
  auto recorded = RecordRequiredAuditEvent(s, "staff.login.failed", "public", "staff-login",
                                           boost::json::serialize(payload), "login_failure");
  if (!recorded.ok()) spdlog::warn("failed staff login from {} not recorded", address);
}

// Shared by the JSON API and the login form. `code` is the second factor (a
// TOTP code or a recovery code; empty when none was typed). On success the
// session cookie is set and the opened session returned: a full session, or,
// for a role that requires the second factor on an account that has not
// enrolled it, the restricted enrolment session when `allow_enrolment` (the
// form; the JSON API opens none: 403 second_factor_enrolment_required).
Result<OpenedSession> Login(HttpExchange& ex, Services& s, const std::string& username,
                            const std::string& password, const std::string& code,
                            bool allow_enrolment) {
  static const Status kWrong = Status::Unauthenticated("wrong username or password")
                                   .WithReason(staff::reason::kWrongCredentials);
  // No account has such a name: refused before any bookkeeping (a flood of
  // distinct huge names costs no throttle entry, no hash, no audit entry).
  if (username.size() > LoginThrottle::kMaxUsernameBytes) return kWrong;
  std::string address = ex.ClientAddress();
  if (int64_t wait = s.throttle.RetryAfterSeconds(username, address); wait > 0) {
    ex.SetHeader("Retry-After", std::to_string(wait));
    return Status::ResourceExhausted("Trop de tentatives de connexion. Réessayez dans " +
                                     std::to_string(wait) + " secondes.");
  }
  auto account = s.accounts.Authenticate(username, password);
  if (!account.ok()) {
    if (account.status().code() == Code::kUnauthenticated) {
      s.throttle.RecordFailure(username, address);
      spdlog::warn("failed staff login from {}", address);
      RecordFailedLogin(s, username, address, "password");
    } else if (account.status().code() == Code::kResourceExhausted) {
      // The hash gate is full (too many logins checked at once).
      ex.SetHeader("Retry-After", "1");
      return Status::ResourceExhausted("Trop de connexions en cours. Réessayez dans une seconde.");
    }
    return account.status();
  }
  const std::string account_id = std::to_string(account->id);
  GARANT_ASSIGN_OR_RETURN(staff::SecondFactorStatus factor, s.second_factor.Status(account->id));
  SessionStage stage = SessionStage::kFull;
  if (factor.state == staff::SecondFactorState::kEnrolled) {
    if (code.empty()) {
      return Status::Unauthenticated("this account needs its verification code")
          .WithReason(staff::reason::kSecondFactorRequired);
    }
    Status verified =
        s.second_factor.Verify(s.recorder("staff:" + account_id), s.keys.sealing, *account, code);
    if (!verified.ok()) {
      if (verified.code() == Code::kUnauthenticated) {
        s.throttle.RecordFailure(username, address);
        spdlog::warn("failed second factor of account {} from {}", account_id, address);
        RecordFailedLogin(s, username, address, "second_factor");
      }
      return verified;
    }
  } else if (staff::RoleRequiresSecondFactor(account->role)) {
    if (!allow_enrolment) {
      return Status::PermissionDenied(
                 "this role requires a second factor: enrol it through the login page first")
          .WithReason(staff::reason::kSecondFactorEnrolmentRequired);
    }
    stage = SessionStage::kEnrolment;
  }
  s.throttle.RecordSuccess(username);
  // The session and its staff.login entry commit together: no session (and
  // no cookie) without its entry.
  auto session = s.sessions.Open(s.recorder("staff:" + account_id), *account, address, stage);
  if (!session.ok()) return Unrecorded(session.status(), "login", account_id);
  SetSessionCookie(ex, s, *session);
  spdlog::info("staff login account={}{}", account->id,
               stage == SessionStage::kEnrolment ? " (enrolment step)" : "");
  return *session;
}

void RenderLogin(HttpExchange& ex, Services& s, int status, const std::string& error,
                 const std::string& username) {
  std::string csrf = AnonymousCsrfToken(ex, s);
  ex.SendHtml(status, RenderPage("Connexion", "login.tpl", Principal{},
                                 [&](ctemplate::TemplateDictionary& d) {
                                   d.SetValue("CSRF_TOKEN", csrf);
                                   d.SetValue("USERNAME", username);
                                   if (!error.empty()) {
                                     d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                                   }
                                 }));
}

struct ConsoleModule {
  const char* name;
  const char* description;
  std::vector<std::string> roles;
  const char* href;  // nullptr: not available yet
  const char* link_label;
};

}  // namespace

void AddSessionRoutes(Router& router, Services& s) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/session",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                auto body = ex.JsonBody();
                if (!body.ok()) return body.status();
                JsonFields f(*body);
                auto username = f.RequiredString("username", 256);
                if (!username.ok()) return username.status();
                auto password = f.RequiredString("password", 1024);
                if (!password.ok()) return password.status();
                // The second factor: a TOTP code or a recovery code.
                auto totp = f.OptionalString("totp", 64);
                if (!totp.ok()) return totp.status();
                if (Status st = f.RejectUnknown(); !st.ok()) return st;
                auto session = Login(ex, s, *username, *password, totp->value_or(""), false);
                if (!session.ok()) return session.status();
                boost::json::object out;
                out["user"] = PrincipalJson(session->principal);
                out["csrf_token"] = session->principal.csrf_token;
                out["expires_at"] = FormatRfc3339Utc(session->expires_at);
                ex.SendJson(201, out);
                return Status::Ok();
              }});

  router.Add({.method = "DELETE",
              .pattern = "/api/v1/session",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kStaffRolesAndEnrolment,
              .csrf = CsrfRule::kSession,
              .handler = [&s](HttpExchange& ex) -> Status {
                GARANT_RETURN_IF_ERROR(Logout(ex, s));
                ex.SendJson(200, {{"status", "ended"}});
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/me",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAllRoles,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                boost::json::object out = PrincipalJson(ex.principal());
                if (!ex.principal().csrf_token.empty()) {
                  out["csrf_token"] = ex.principal().csrf_token;
                }
                ex.SendJson(200, out);
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/connexion",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                if (ex.principal().kind == Principal::Kind::kStaff) {
                  ex.Redirect(ex.principal().role == kRoleEnrolment ? kEnrolmentPath : "/console");
                  return Status::Ok();
                }
                RenderLogin(ex, s, 200, "", "");
                return Status::Ok();
              }});

  router.Add({.method = "POST",
              .pattern = "/connexion",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kAnonymousForm,
              .handler = [&s](HttpExchange& ex) -> Status {
                auto form = ex.FormBody();
                if (!form.ok()) return form.status();
                std::string username = (*form)["username"];
                std::string password = (*form)["password"];
                std::string code = (*form)["code"];
                auto session = Login(ex, s, username, password, code, true);
                if (session.ok()) {
                  ex.Redirect(session->principal.role == kRoleEnrolment ? kEnrolmentPath
                                                                        : "/console");
                  return Status::Ok();
                }
                Code c = session.status().code();
                if (c == Code::kUnauthenticated) {
                  std::string_view why = session.status().reason();
                  if (why != staff::reason::kSecondFactorRequired &&
                      why != staff::reason::kWrongSecondFactor) {
                    why = staff::reason::kWrongCredentials;
                  }
                  // What was typed comes back (a name over 64 bytes is no account's).
                  RenderLogin(ex, s, 401, std::string(FrenchReason(why)), username.substr(0, 64));
                  return Status::Ok();
                }
                if (c == Code::kResourceExhausted) {
                  RenderLogin(ex, s, 429, session.status().message(), username.substr(0, 64));
                  return Status::Ok();
                }
                return session.status();
              }});

  router.Add({.method = "POST",
              .pattern = "/deconnexion",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRolesAndEnrolment,
              .csrf = CsrfRule::kSession,
              .handler = [&s](HttpExchange& ex) -> Status {
                GARANT_RETURN_IF_ERROR(Logout(ex, s));
                ex.Redirect("/connexion");
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/console",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRoles,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                static const std::vector<ConsoleModule> kModules = {
                    {"Oppositions",
                     "Saisir les oppositions reçues par courrier ou par téléphone, suivre le délai "
                     "de réponse d'un mois.",
                     {kRoleAdmin, kRoleDpo},
                     "/console/oppositions",
                     "Gérer les oppositions"},
                    {"Listes d'exclusion",
                     "Versions publiées, accusés de réception des consommateurs et des purges.",
                     {kRoleAdmin, kRoleDpo},
                     "/console/exclusions",
                     "Ouvrir les listes"},
                    {"Comités et décisions",
                     "Comités, membres, séances, projets, votes, conflits d'intérêts, "
                     "autorisations.",
                     {kRoleSecretary},
                     "/console/gouvernance",
                     "Ouvrir le secrétariat"},
                    {"Journal d'audit",
                     "Recherche dans la piste d'audit, anomalies, vérification d'intégrité.",
                     {kRoleAdmin, kRoleAuditor, kRoleDpo},
                     "/audit",
                     "Ouvrir le journal"},
                    {"Sécurité du compte",
                     "Changer votre mot de passe, activer la double authentification.",
                     {kRoleAdmin, kRoleDpo, kRoleSecretary, kRoleAuditor},
                     kAccountPath,
                     "Gérer mon compte"},
                    {"Droits des personnes",
                     "Demandes d'accès, de rectification, d'effacement ou de limitation : "
                     "délais, vérification d'identité, lettres.",
                     {kRoleDpo},
                     "/console/droits",
                     "Suivre les demandes"},
                    {"Notices d'information",
                     "Publier une nouvelle version de la notice pour les adultes, les mineurs ou "
                     "les professionnels de santé ; l'historique reste public.",
                     {kRoleDpo},
                     "/console/notices",
                     "Gérer les notices"},
                    {"Demandes d'accès",
                     "Répondre à une personne qui demande qui a utilisé ses données (RGPD, "
                     "article 15) : une lettre à imprimer.",
                     {kRoleDpo},
                     "/console/demandes/acces",
                     "Répondre à une demande"},
                };
                const Principal& p = ex.principal();
                ex.SendHtml(
                    200,
                    RenderPage("Console", "console.tpl", p, [&](ctemplate::TemplateDictionary& d) {
                      d.SetValue("DISPLAY_NAME", p.display_name);
                      d.SetValue("USERNAME", p.name);
                      d.SetValue("ROLE_LABEL", RoleLabel(p.role));
                      d.SetIntValue("IDLE_MINUTES", s.config.session_idle_minutes);
                      for (const auto& m : kModules) {
                        if (std::find(m.roles.begin(), m.roles.end(), p.role) == m.roles.end()) {
                          continue;
                        }
                        auto* md = d.AddSectionDictionary("MODULE");
                        md->SetValue("NAME", m.name);
                        md->SetValue("DESCRIPTION", m.description);
                        if (m.href != nullptr) {
                          auto* link = md->AddSectionDictionary("LINK");
                          link->SetValue("HREF", m.href);
                          link->SetValue("LABEL", m.link_label);
                        }
                      }
                    }));
                return Status::Ok();
              }});

  AddAccountRoutes(router, s);
}

}  // namespace garant::server
