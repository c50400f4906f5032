// The DPO's console page for exclusion lists and their consumers (roles dpo
// and admin), in French:
//   GET  /console/exclusions                                   current version, the
//        last 20 versions, every consumer with its deliveries, acknowledgements,
//        purges, lag (flagged when late) and last push error
//   POST /console/exclusions/consommateurs                     register a consumer
//   POST /console/exclusions/consommateurs/{name}/desactivation   disable one
// Both POSTs need the session's CSRF token (CsrfRule::kSession) and are
// recorded in the audit log (exclusion.consumer.added / .disabled).
//
// Lag rule (docs/exclusion-lists.md §7): an enabled consumer is "en retard"
// when it has not acknowledged the current version (lag_versions > 0) and the
// first version it has not acknowledged was issued more than kLateAfter ago.
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>

#include "audit_events.h"
#include "garant/consent/exclusion_store.h"
#include "garant/core/clock.h"
#include "http/pages.h"
#include "http/routes.h"

namespace garant::server {
namespace {

const std::vector<std::string> kExclusionStaff = {kRoleDpo, kRoleAdmin};
constexpr double kLateAfterSeconds = 600;  // 10 minutes
constexpr int kVersionsShown = 20;

// The add form as typed, and its French errors by field.
struct ConsumerForm {
  std::string name;
  std::string url;
  std::map<std::string, std::string> errors;  // "name" / "url" → message
  std::string notice;                         // success message after a redirect
  std::string alert;                          // a page-level error
};

std::string ParisTime(const std::string& rfc3339) {
  TimePoint t;
  return ParseRfc3339(rfc3339, &t) ? FormatParisHuman(t) : rfc3339;
}

// "45 s", "12 min", "3 h 05", "2 j 4 h".
std::string HumanDuration(double seconds) {
  const auto s = static_cast<int64_t>(seconds < 0 ? 0 : seconds);
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min";
  if (s < 86400) {
    const int64_t m = (s % 3600) / 60;
    return std::to_string(s / 3600) + " h " + (m < 10 ? "0" : "") + std::to_string(m);
  }
  return std::to_string(s / 86400) + " j " + std::to_string((s % 86400) / 3600) + " h";
}

std::string ReasonLabel(const std::string& reason) {
  if (reason == "initial") return "première version";
  if (reason == "changed") return "oppositions modifiées";
  if (reason == "reissued") return "renouvellement avant expiration";
  return reason;
}

void FillCurrent(consent::ExclusionStore& store, ctemplate::TemplateDictionary& d) {
  auto versions = store.Versions(kVersionsShown);
  if (!versions.ok() || versions->empty()) {
    d.ShowSection(versions.ok() ? "NO_VERSION" : "VERSIONS_UNAVAILABLE");
    return;
  }
  const consent::StoredVersion& cur = versions->front();
  auto* c = d.AddSectionDictionary("CURRENT");
  c->SetIntValue("VERSION", static_cast<long>(cur.version));
  c->SetValue("ISSUED", ParisTime(cur.issued_at));
  c->SetValue("EXPIRES", ParisTime(cur.expires_at));
  c->SetIntValue("TOKENS", static_cast<long>(cur.token_count));
  c->SetValue("KEY_ID", cur.pseudonym_key_id);
  // During a key rotation: the companion documents' keys.
  for (const auto& k : cur.other_key_ids) {
    c->AddSectionDictionary("OTHER_KEY")->SetValue("KEY_ID", k);
  }
  c->SetValue("SIGNING_KEY_ID", cur.signing_key_id);
  c->SetValue("DIGEST_PREFIX", cur.digest.substr(0, 16));
  for (const auto& v : *versions) {
    auto* r = d.AddSectionDictionary("VERSION_ROW");
    r->SetIntValue("VERSION", static_cast<long>(v.version));
    r->SetValue("ISSUED", ParisTime(v.issued_at));
    r->SetValue("EXPIRES", ParisTime(v.expires_at));
    r->SetIntValue("TOKENS", static_cast<long>(v.token_count));
    r->SetValue("REASON", ReasonLabel(v.reason));
    r->SetValue("DIGEST_PREFIX", v.digest.substr(0, 16));
  }
}

// What a failed push means, in French, from the transport's technical
// message (exclusions/push.cc); the message itself is shown folded.
std::string PushErrorSentence(const std::string& technical) {
  auto has = [&](const char* s) { return technical.find(s) != std::string::npos; };
  if (has("TLS") || has("SSL") || has("certificate")) {
    return "La connexion sécurisée a été refusée : le certificat du consommateur n'est pas "
           "reconnu ou ne correspond pas à son adresse.";
  }
  if (has("answered HTTP")) {
    return "Le consommateur a reçu la liste mais a répondu par une erreur.";
  }
  if (has("must be http")) return "L'adresse d'envoi n'est ni en http:// ni en https://.";
  if (has("Timeout") || has("timed out") || has("timeout")) {
    return "Le consommateur n'a pas répondu à temps.";
  }
  return "Le consommateur n'a pas pu être joint (connexion refusée ou interrompue).";
}

void FillConsumers(const std::vector<consent::ConsumerState>& consumers,
                   const std::string& csrf_token, ctemplate::TemplateDictionary& d) {
  int late = 0;
  for (const auto& c : consumers) {
    auto* r = d.AddSectionDictionary("CONSUMER");
    r->SetValue("NAME", c.name);
    r->SetValue("URL", c.url.value_or("— (récupère la liste lui-même)"));
    r->SetValue("DELIVERED", c.delivered_version ? std::to_string(*c.delivered_version) : "aucune");
    r->SetValue("ACKED", c.acked_version ? std::to_string(*c.acked_version) : "aucune");
    r->SetValue("ACKED_AT", c.acked_at ? ParisTime(*c.acked_at) : "—");
    if (c.acked_key_id) r->AddSectionDictionary("ACKED_KEY")->SetValue("KEY_ID", *c.acked_key_id);
    r->SetIntValue("PURGED", static_cast<long>(c.purged_total));
    if (c.lag_versions > 0) {
      auto* b = r->AddSectionDictionary("BEHIND");
      b->SetIntValue("LAG_VERSIONS", static_cast<long>(c.lag_versions));
      b->SetValue("LAG_TIME", HumanDuration(c.lag_seconds));
    }
    if (c.last_error) {
      auto* e = r->AddSectionDictionary("LAST_ERROR");
      e->SetValue("SENTENCE", PushErrorSentence(*c.last_error));
      e->SetValue("TEXT", *c.last_error);
    }
    if (c.disabled) {
      r->ShowSection("DISABLED");
      continue;
    }
    r->ShowSection("ENABLED");
    if (c.lag_versions > 0 && c.lag_seconds > kLateAfterSeconds) {
      r->ShowSection("LATE");
      ++late;
    } else if (c.lag_versions == 0) {
      r->ShowSection("UP_TO_DATE");
    }
    r->AddSectionDictionary("CAN_DISABLE")->SetValue("CSRF_TOKEN", csrf_token);
  }
  d.SetIntValue("CONSUMER_COUNT", static_cast<long>(consumers.size()));
  if (late > 0) d.AddSectionDictionary("ANY_LATE")->SetIntValue("LATE_COUNT", late);
  if (std::none_of(consumers.begin(), consumers.end(),
                   [](const consent::ConsumerState& c) { return !c.disabled; })) {
    d.ShowSection("NO_CONSUMER");
  }
}

Status RenderConsole(HttpExchange& ex, Services& s, int status, const ConsumerForm& form) {
  consent::ExclusionStore store(s.pool);
  auto consumers = store.Consumers(s.clock.Now());
  if (!consumers.ok()) return consumers.status();
  const Principal& p = ex.principal();
  ex.SendHtml(
      status,
      RenderPage("Listes d'exclusion", "excl_console.tpl", p,
                 [&](ctemplate::TemplateDictionary& d) {
                   FillCurrent(store, d);
                   FillConsumers(*consumers, p.csrf_token, d);
                   d.SetIntValue("LATE_MINUTES", static_cast<long>(kLateAfterSeconds / 60));
                   d.SetValue("CSRF_TOKEN", p.csrf_token);
                   d.SetValue("FORM_NAME", form.name);
                   d.SetValue("FORM_URL", form.url);
                   for (const auto& [field, message] : form.errors) {
                     auto* e = d.AddSectionDictionary(field == "name" ? "NAME_ERROR" : "URL_ERROR");
                     e->SetValue("MESSAGE", message);
                   }
                   if (!form.errors.empty()) d.ShowSection("FORM_OPEN_ERRORS");
                   if (!form.notice.empty()) {
                     d.AddSectionDictionary("NOTICE")->SetValue("TEXT", form.notice);
                   }
                   if (!form.alert.empty()) {
                     d.AddSectionDictionary("ALERT")->SetValue("TEXT", form.alert);
                   }
                 }));
  return Status::Ok();
}

Status AddConsumer(HttpExchange& ex, Services& s) {
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  ConsumerForm form;
  form.name = (*fields)["name"];
  form.url = (*fields)["url"];
  while (!form.url.empty() && form.url.back() == ' ') form.url.pop_back();
  if (!consent::IsValidConsumerName(form.name)) {
    form.errors["name"] =
        "Le nom doit compter de 1 à 64 caractères parmi A–Z, a–z, 0–9, point, tiret et "
        "souligné, et commencer par une lettre ou un chiffre.";
  }
  if (!form.url.empty() && !consent::IsValidConsumerUrl(form.url)) {
    form.errors["url"] =
        "L'adresse doit commencer par http:// ou https:// et ne contenir aucun "
        "espace.";
  } else if (!form.url.empty() && !consent::IsAllowedConsumerUrl(form.url, s.config.dev)) {
    form.errors["url"] =
        "L'adresse doit commencer par https:// : les listes ne circulent jamais en clair.";
  }
  if (!form.errors.empty()) return RenderConsole(ex, s, 400, form);
  consent::ExclusionStore store(s.pool);
  std::optional<std::string> url;
  if (!form.url.empty()) url = form.url;
  auto id = store.AddConsumer(s.recorder(ex.principal().Actor()), form.name, url);
  if (!id.ok()) {
    if (id.status().code() != Code::kAlreadyExists) return id.status();
    form.errors["name"] =
        "Un consommateur porte déjà ce nom (même désactivé) : choisissez-en un "
        "autre.";
    return RenderConsole(ex, s, 409, form);
  }
  spdlog::info("exclusion consumer added name={} push={}", form.name, url.has_value());
  ex.Redirect("/console/exclusions?ajout=" + form.name);
  return Status::Ok();
}

Status DisableConsumer(HttpExchange& ex, Services& s) {
  const std::string name = ex.params().at("name");
  if (!consent::IsValidConsumerName(name)) {
    return Status::NotFound("Aucun consommateur ne porte ce nom.");
  }
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  if ((*fields)["confirm"] != "oui") {
    ConsumerForm form;
    form.alert = "Cochez la case de confirmation pour désactiver le consommateur " + name + ".";
    return RenderConsole(ex, s, 400, form);
  }
  consent::ExclusionStore store(s.pool);
  if (Status st = store.DisableConsumer(s.recorder(ex.principal().Actor()), name); !st.ok()) {
    if (st.code() == Code::kNotFound) {
      return Status::NotFound("Aucun consommateur actif ne porte ce nom.");
    }
    return st;
  }
  spdlog::info("exclusion consumer disabled name={}", name);
  ex.Redirect("/console/exclusions?desactivation=" + name);
  return Status::Ok();
}

}  // namespace

void AddExclusionConsoleRoutes(Router& router, Services& s) {
  router.Add({.method = "GET",
              .pattern = "/console/exclusions",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kExclusionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                ConsumerForm form;
                // Only a valid name is echoed back (it was just registered or disabled).
                if (auto n = ex.Query("ajout"); n && consent::IsValidConsumerName(*n)) {
                  form.notice = "Le consommateur " + *n + " est enregistré.";
                } else if (auto m = ex.Query("desactivation");
                           m && consent::IsValidConsumerName(*m)) {
                  form.notice = "Le consommateur " + *m + " est désactivé.";
                }
                return RenderConsole(ex, s, 200, form);
              }});
  router.Add({.method = "POST",
              .pattern = "/console/exclusions/consommateurs",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kExclusionStaff,
              .csrf = CsrfRule::kSession,
              .handler = [&s](HttpExchange& ex) -> Status { return AddConsumer(ex, s); }});
  router.Add({.method = "POST",
              .pattern = "/console/exclusions/consommateurs/{name}/desactivation",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kExclusionStaff,
              .csrf = CsrfRule::kSession,
              .handler = [&s](HttpExchange& ex) -> Status { return DisableConsumer(ex, s); }});
}

}  // namespace garant::server
