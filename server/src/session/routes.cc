#include "http/routes.h"

#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include "garant/core/json.h"
#include "garant/staff/reasons.h"
#include "http/dispatcher.h"
#include "http/pages.h"
#include "http/reasons_fr.h"

namespace garant::server {
namespace {

const std::vector<std::string> kStaffRoles = {kRoleAdmin, kRoleDpo, kRoleSecretary, kRoleAuditor};
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

// A session change refused because its audit entry could not be written:
// the cause goes to the server log, the client gets 503 with the reason
// (login_not_recorded, logout_not_recorded) and its French text.
Status Unrecorded(const Status& st, const char* what, const std::string& account_id) {
  if (st.reason() != staff::reason::kLoginNotRecorded &&
      st.reason() != staff::reason::kLogoutNotRecorded) {
    return st;
  }
  spdlog::error("staff {} of account {} refused: {}", what, account_id, st.message());
  return Status(Code::kUnavailable,
                std::string("the ") + what + " could not be recorded in the audit log: retry later",
                st.reason());
}

// Ends the request's session (if it has one) with its staff.logout entry.
Status Logout(HttpExchange& ex, Services& s) {
  if (auto c = ex.Cookie(kSessionCookie)) {
    if (Status st = s.sessions.End(s.recorder(ex.principal().Actor()), *c); !st.ok()) {
      return Unrecorded(st, "logout", ex.principal().id);
    }
  }
  ex.SetCookie(kSessionCookie, "", 0);
  return Status::Ok();
}

// Shared by the JSON API and the login form. On success the session cookie is
// set and the opened session returned.
Result<OpenedSession> Login(HttpExchange& ex, Services& s, const std::string& username,
                            const std::string& password) {
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
    }
    return account.status();
  }
  s.throttle.RecordSuccess(username);
  // The session and its staff.login entry commit together: no session (and
  // no cookie) without its entry.
  auto session =
      s.sessions.Open(s.recorder("staff:" + std::to_string(account->id)), *account, address);
  if (!session.ok()) return Unrecorded(session.status(), "login", std::to_string(account->id));
  ex.SetCookie(kSessionCookie, session->cookie_value,
               std::chrono::duration_cast<std::chrono::seconds>(session->expires_at - s.clock.Now())
                   .count());
  spdlog::info("staff login account={}", account->id);
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
                if (Status st = f.RejectUnknown(); !st.ok()) return st;
                auto session = Login(ex, s, *username, *password);
                if (!session.ok()) {
                  if (session.status().code() == Code::kUnauthenticated) {
                    return Status::Unauthenticated("wrong username or password");
                  }
                  return session.status();
                }
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
              .roles = kStaffRoles,
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
                  ex.Redirect("/console");
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
                auto session = Login(ex, s, username, password);
                if (session.ok()) {
                  ex.Redirect("/console");
                  return Status::Ok();
                }
                Code c = session.status().code();
                if (c == Code::kUnauthenticated) {
                  RenderLogin(ex, s, 401,
                              std::string(FrenchReason(staff::reason::kWrongCredentials)),
                              username);
                  return Status::Ok();
                }
                if (c == Code::kResourceExhausted) {
                  RenderLogin(ex, s, 429, session.status().message(), username);
                  return Status::Ok();
                }
                return session.status();
              }});

  router.Add({.method = "POST",
              .pattern = "/deconnexion",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kStaffRoles,
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
                     {kRoleAdmin, kRoleSecretary},
                     "/console/gouvernance",
                     "Ouvrir le secrétariat"},
                    {"Journal d'audit",
                     "Recherche dans la piste d'audit, anomalies, vérification d'intégrité.",
                     {kRoleAdmin, kRoleAuditor, kRoleDpo},
                     "/audit",
                     "Ouvrir le journal"},
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
}

}  // namespace garant::server
