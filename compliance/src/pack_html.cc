// RenderPackHtml: index.html from pack.json, through the embedded ctemplate
// templates compliance_pack.tpl and compliance_figures.tpl (auto-escaped).
#include <ctemplate/template.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>

#include "garant/compliance/pack.h"
#include "garant/core/clock.h"
#include "garant/core/json.h"
#include "garant/webui/files.h"

namespace garant::compliance {
namespace json = boost::json;
using Dict = ctemplate::TemplateDictionary;
namespace {

constexpr const char* kPackTemplate = "compliance_pack.tpl";
constexpr const char* kFiguresTemplate = "compliance_figures.tpl";

Status LoadTemplates() {
  static std::once_flag once;
  static Status loaded;
  std::call_once(once, [] {
    for (const char* name : {kPackTemplate, kFiguresTemplate}) {
      const std::string path = std::string("templates/") + name;
      bool found = false;
      for (const auto& f : webui::Files()) {
        if (f.name != path) continue;
        found = true;
        // Already in the cache (a process that loaded every template): fine.
        ctemplate::StringToTemplateCache(name, f.content, ctemplate::DO_NOT_STRIP);
      }
      if (!found) loaded = Status::Internal(std::string("template ") + name + " is not embedded");
    }
  });
  return loaded;
}

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  if (v->is_bool()) return v->get_bool() ? "oui" : "non";
  return json::serialize(*v);
}

// "2026-03-01T09:30:05Z" → "01/03/2026 à 10:30" (Paris time, as French
// readers expect); empty or unreadable → `none`.
std::string When(const json::object& o, std::string_view key, const char* none = "—") {
  TimePoint t;
  if (!ParseRfc3339(Str(o, key), &t)) return none;
  return FormatParisHuman(t);
}

// A day as JJ/MM/AAAA: "2026-03-01" as written, a timestamp's Paris day.
std::string Day(const json::object& o, std::string_view key) {
  std::string t = Str(o, key);
  TimePoint at;
  if (t.size() > 10 && ParseRfc3339(t, &at)) return FormatParisHuman(at).substr(0, 10);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return "—";
  return t.substr(8, 2) + "/" + t.substr(5, 2) + "/" + t.substr(0, 4);
}

std::string OrDash(std::string s) { return s.empty() ? "—" : s; }

// A committee as a reader names it ("Comité stratégique"): committee_name,
// or the code for a pack written before the name was gathered.
std::string CommitteeName(const json::object& o) {
  std::string name = Str(o, "committee_name");
  return name.empty() ? Str(o, "committee") : name;
}

// A decision's SIGNED and COSIGNED cells: "<when> par <who>", or that it is
// not (co)signed yet.
void SetSignatures(Dict* r, const json::object& x) {
  r->SetValue("SIGNED", x.at("signed_at").is_null()
                            ? "non signée"
                            : When(x, "signed_at") + " par " + Str(x, "signed_by"));
  r->SetValue("COSIGNED", x.at("cosigned_at").is_null()
                              ? "—"
                              : When(x, "cosigned_at") + " par " + Str(x, "cosigned_by"));
}

std::string Joined(const json::value* v) {
  std::string out;
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& x : v->get_array()) {
    if (!out.empty()) out += ", ";
    if (x.is_string()) out += std::string(x.get_string());
  }
  return out;
}

std::string Label(const std::map<std::string, std::string>& m, const std::string& code) {
  auto it = m.find(code);
  return it == m.end() ? code : it->second;
}

const std::map<std::string, std::string>& Purposes() {
  static const std::map<std::string, std::string> m = {
      {"indicators", "indicateurs et pilotage"},
      {"coding_quality", "qualité du codage"},
      {"decision_support", "aide à la décision"},
      {"feasibility", "étude de faisabilité"},
      {"research", "recherche, étude ou évaluation"}};
  return m;
}
const std::map<std::string, std::string>& ProjectStatuses() {
  static const std::map<std::string, std::string> m = {
      {"submitted", "soumis"},   {"under_review", "en examen"},
      {"approved", "approuvé"},  {"approved_with_conditions", "approuvé sous conditions"},
      {"rejected", "refusé"},    {"active", "en cours"},
      {"suspended", "suspendu"}, {"closed", "clos"}};
  return m;
}
const std::map<std::string, std::string>& Outcomes() {
  static const std::map<std::string, std::string> m = {
      {"favourable", "favorable"},
      {"favourable_with_conditions", "favorable sous réserve"},
      {"unfavourable", "défavorable"},
      {"deferred", "ajourné"}};
  return m;
}
const std::map<std::string, std::string>& Formalities() {
  static const std::map<std::string, std::string> m = {
      {"mr-004", "MR-004"},
      {"mr-003", "MR-003"},
      {"mr-001", "MR-001"},
      {"cnil_authorisation", "autorisation de la CNIL"},
      {"other", "autre"}};
  return m;
}
const std::map<std::string, std::string>& Roles() {
  static const std::map<std::string, std::string> m = {
      {"admin", "administration"},          {"dpo", "protection des données"},
      {"secretary", "secrétariat"},         {"auditor", "audit"},
      {"ingestion", "service d'ingestion"}, {"warehouse", "plateforme de l'entrepôt"}};
  return m;
}

std::string IndexRange(const json::object& o, std::string_view first, std::string_view last) {
  const std::string a = Str(o, first), b = Str(o, last);
  if (a.empty()) return "—";
  return a == b ? a : a + " à " + b;
}

void FillFigures(Dict& d, const json::array& figures, const std::string& section,
                 const std::string& caption) {
  Dict* inc = d.AddIncludeDictionary("FIG_" + [&] {
    std::string up;
    for (char c : section) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }());
  inc->SetFilename(kFiguresTemplate);
  inc->SetValue("CAPTION", caption);
  int n = 0;
  for (const auto& v : figures) {
    const json::object& f = v.as_object();
    if (Str(f, "section") != section) continue;
    ++n;
    Dict* r = inc->AddSectionDictionary("FIGURE");
    r->SetValue("ID", Str(f, "id"));
    r->SetValue("LABEL", Str(f, "label"));
    r->SetValue("VALUE", Str(f, "value"));
    r->SetValue("INDEXES", IndexRange(f, "audit_index_first", "audit_index_last"));
    r->SetValue("SQL", Str(f, "sql"));
    const json::value* ps = f.if_contains("params");
    if (ps != nullptr && ps->is_array() && !ps->get_array().empty()) {
      r->AddSectionDictionary("PARAMS")->SetValue("PARAMS_TEXT", "$1, $2… = " + Joined(ps));
    }
  }
  if (n == 0) inc->ShowSection("NO_FIGURE");
}

void FillProjects(Dict& d, const json::array& projects) {
  if (projects.empty()) d.ShowSection("NO_PROJECT");
  for (const auto& v : projects) {
    const json::object& p = v.as_object();
    Dict* s = d.AddSectionDictionary("PROJECT");
    s->SetValue("REFERENCE", Str(p, "reference"));
    s->SetValue("TITLE", Str(p, "title"));
    s->SetValue("PURPOSE", Label(Purposes(), Str(p, "purpose")));
    s->SetValue("STATUS", Label(ProjectStatuses(), Str(p, "status")));
    s->SetValue("COMMITTEE", CommitteeName(p));
    s->SetValue("ORGANISATION", Str(p, "organisation"));
    s->SetValue("LEGAL_BASIS", Str(p, "legal_basis"));
    s->SetValue("FORMALITY", Label(Formalities(), Str(p, "formality")));
    s->SetValue("FORMALITY_REFERENCE", Str(p, "formality_reference"));
    s->SetValue("HDH", OrDash(Str(p, "hdh_directory_number")));
    s->SetValue("PUBLISHED_AT", When(p, "published_at", "non publié"));
    s->SetValue("INDEXES", IndexRange(p, "audit_index_first", "audit_index_last"));
    const json::array& decisions = p.at("decisions").as_array();
    if (decisions.empty()) s->ShowSection("NO_DECISION");
    for (const auto& dv : decisions) {
      const json::object& x = dv.as_object();
      Dict* r = s->AddSectionDictionary("DECISION");
      r->SetValue("ID", Str(x, "id"));
      r->SetValue("OUTCOME", Label(Outcomes(), Str(x, "outcome")));
      r->SetValue("MEETING", Day(x, "meeting_held_at"));
      SetSignatures(r, x);
      r->SetValue("AMENDS", OrDash(Str(x, "amends_decision_id")));
      r->SetValue("INDEX", OrDash(Str(x, "audit_index")));
    }
    const json::array& auths = p.at("authorisations").as_array();
    if (auths.empty()) s->ShowSection("NO_AUTHORISATION");
    for (const auto& av : auths) {
      const json::object& x = av.as_object();
      Dict* r = s->AddSectionDictionary("AUTHORISATION");
      r->SetValue("ID", Str(x, "id"));
      r->SetValue("DECISION", Str(x, "decision_id"));
      r->SetValue("ACCOUNTS", Joined(x.if_contains("accounts")));
      r->SetValue("DOMAINS", Joined(x.if_contains("domains")));
      r->SetValue("FROM", Day(x, "valid_from"));
      r->SetValue("UNTIL", Day(x, "valid_until"));
      r->SetValue("CONFIRMED", When(x, "confirmed_at", "non confirmée"));
      r->SetValue("REVOKED", When(x, "revoked_at", "—"));
      r->SetValue("INDEX", OrDash(Str(x, "audit_index")));
    }
  }
}

void FillHabilitations(Dict& d, const json::object& h) {
  for (const auto& v : h.at("staff_accounts").as_array()) {
    const json::object& s = v.as_object();
    Dict* r = d.AddSectionDictionary("STAFF");
    r->SetValue("USERNAME", Str(s, "username"));
    r->SetValue("DISPLAY_NAME", Str(s, "display_name"));
    r->SetValue("ROLE", Label(Roles(), Str(s, "role")));
    r->SetValue("STATUS",
                s.at("disabled_at").is_null() ? "actif" : "désactivé le " + Day(s, "disabled_at"));
    r->SetValue("SECOND_FACTOR", s.at("second_factor").as_bool() ? "oui" : "non");
    r->SetValue("LAST_LOGIN", When(s, "last_login", "jamais"));
    r->SetValue("INDEX", OrDash(Str(s, "last_login_audit_index")));
  }
  const json::array& tokens = h.at("service_tokens").as_array();
  if (tokens.empty()) d.ShowSection("NO_TOKEN");
  for (const auto& v : tokens) {
    const json::object& t = v.as_object();
    Dict* r = d.AddSectionDictionary("TOKEN");
    r->SetValue("NAME", Str(t, "name"));
    r->SetValue("ROLE", Label(Roles(), Str(t, "role")));
    r->SetValue("CREATED", Day(t, "created_at"));
    r->SetValue("EXPIRES", Day(t, "expires_at"));
    r->SetValue("REVOKED", Day(t, "revoked_at"));
    r->SetValue("LAST_USED", When(t, "last_used_at"));
  }
  const json::array& wh = h.at("warehouse_accounts").as_array();
  if (wh.empty()) d.ShowSection("NO_WAREHOUSE");
  for (const auto& v : wh) {
    const json::object& w = v.as_object();
    Dict* r = d.AddSectionDictionary("WAREHOUSE");
    r->SetValue("ACCOUNT", Str(w, "account"));
    r->SetValue("PROJECTS", Joined(w.if_contains("projects")));
    r->SetValue("UNTIL", Day(w, "valid_until"));
    r->SetValue("IN_FORCE", w.at("in_force").as_bool() ? "oui" : "non");
  }
}

void FillLists(Dict& d, const json::object& l) {
  const json::value& latest = l.at("latest_version");
  if (latest.is_null()) {
    d.SetValue("LATEST_LIST", "aucune liste publiée");
  } else {
    const json::object& v = latest.as_object();
    d.SetValue("LATEST_LIST", "version " + Str(v, "version") + " du " + When(v, "issued_at") +
                                  ", " + Str(v, "token_count") + " jetons (clé " +
                                  Str(v, "pseudonym_key_id") + ")");
  }
  const json::array& consumers = l.at("consumers").as_array();
  if (consumers.empty()) d.ShowSection("NO_CONSUMER");
  for (const auto& v : consumers) {
    const json::object& c = v.as_object();
    Dict* r = d.AddSectionDictionary("CONSUMER");
    r->SetValue("NAME", Str(c, "name"));
    r->SetValue("VERSION", OrDash(Str(c, "acknowledged_version")));
    r->SetValue("AT", When(c, "acknowledged_at"));
    r->SetValue("PURGED", Str(c, "purged_total"));
    r->SetValue("DISABLED", Day(c, "disabled_at"));
  }
}

std::string Word(const std::map<std::string, std::string>& m, const std::string& code) {
  auto it = m.find(code);
  return it == m.end() ? code : it->second;
}

// The rights requests (absent from packs written before them: nothing shown).
void FillRights(Dict& d, const json::object& pack) {
  static const std::map<std::string, std::string> kTypes = {
      {"access", "accès (art. 15)"},
      {"rectification", "rectification (art. 16)"},
      {"erasure", "effacement (art. 17)"},
      {"restriction", "limitation (art. 18)"},
      {"objection", "opposition (art. 21)"}};
  static const std::map<std::string, std::string> kRequesters = {
      {"person", "la personne"},
      {"parent", "un parent"},
      {"guardian", "un représentant légal"},
      {"heir", "un héritier"},
      {"lawyer", "un avocat"}};
  static const std::map<std::string, std::string> kStates = {
      {"received", "reçue"},
      {"identity_check", "vérification d'identité (délai suspendu)"},
      {"in_progress", "en cours"},
      {"answered", "répondue"},
      {"refused", "refusée"}};
  const json::value* v = pack.if_contains("rights_requests");
  if (v == nullptr || !v->is_array() || v->as_array().empty()) {
    d.ShowSection("NO_RIGHTS_REQUEST");
    return;
  }
  for (const auto& x : v->as_array()) {
    const json::object& r = x.as_object();
    Dict* row = d.AddSectionDictionary("RIGHTS_REQUEST");
    row->SetValue("REFERENCE", Str(r, "reference"));
    row->SetValue("TYPE", Word(kTypes, Str(r, "type")));
    row->SetValue("REQUESTER", Word(kRequesters, Str(r, "requester")));
    row->SetValue("STATE", Word(kStates, Str(r, "state")));
    row->SetValue("RECEIVED", Day(r, "received_at"));
    row->SetValue(
        "DEADLINE",
        Day(r, "deadline") + (r.at("extended_at").is_null() ? "" : " (prolongé de deux mois)"));
    row->SetValue("CLOSED", OrDash(Day(r, "closed_at")));
    const json::value& met = r.at("delay_met");
    row->SetValue("MET", met.is_null() ? "en cours, dans le délai" : met.as_bool() ? "oui" : "non");
    row->SetValue("MET_CLASS", met.is_null() ? "" : met.as_bool() ? "ok" : "ko");
    row->SetValue("INDEX", IndexRange(r, "audit_index_first", "audit_index_last"));
  }
}

// The committees' decisions not about a project (a topic) and the members'
// declarations of interest (public summary only).
void FillCommittee(Dict& d, const json::object& pack) {
  static const std::map<std::string, std::string> kCategories = {{"charter", "charte"},
                                                                 {"access_rules", "règles d'accès"},
                                                                 {"priorities", "priorités"},
                                                                 {"other", "autre sujet"}};
  static const std::map<std::string, std::string> kTopicOutcomes = {
      {"favourable", "adoptée"},
      {"favourable_with_conditions", "adoptée sous réserve"},
      {"unfavourable", "rejetée"},
      {"deferred", "ajournée"}};
  static const std::map<std::string, std::string> kMemberRoles = {
      {"chair", "présidence"},
      {"secretary", "secrétariat"},
      {"member", "membre"},
      {"patient_representative", "représentation des patients"},
      {"external_expert", "expertise extérieure"}};
  const json::value* t = pack.if_contains("topic_decisions");
  if (t == nullptr || !t->is_array() || t->as_array().empty()) d.ShowSection("NO_TOPIC_DECISION");
  if (t != nullptr && t->is_array()) {
    for (const auto& v : t->as_array()) {
      const json::object& x = v.as_object();
      Dict* r = d.AddSectionDictionary("TOPIC_DECISION");
      r->SetValue("ID", Str(x, "id"));
      r->SetValue("COMMITTEE", CommitteeName(x));
      r->SetValue("CATEGORY", Label(kCategories, Str(x, "category")));
      r->SetValue("TITLE", Str(x, "title"));
      r->SetValue("OUTCOME", Label(kTopicOutcomes, Str(x, "outcome")));
      r->SetValue("MEETING", Day(x, "meeting_held_at"));
      SetSignatures(r, x);
      r->SetValue("AMENDS", OrDash(Str(x, "amends_decision_id")));
      r->SetValue("AMENDED_BY", OrDash(Str(x, "amended_by_decision_id")));
      r->SetValue("PUBLIC", Str(x, "public"));
      r->SetValue("INDEX", OrDash(Str(x, "audit_index")));
    }
  }
  const json::value* k = pack.if_contains("interest_declarations");
  if (k == nullptr || !k->is_array() || k->as_array().empty()) d.ShowSection("NO_DECLARATION");
  if (k != nullptr && k->is_array()) {
    for (const auto& v : k->as_array()) {
      const json::object& x = v.as_object();
      Dict* r = d.AddSectionDictionary("DECLARATION");
      r->SetValue("ID", Str(x, "id"));
      r->SetValue("MEMBER", Str(x, "member"));
      r->SetValue("COMMITTEE", CommitteeName(x));
      r->SetValue("ROLE", Label(kMemberRoles, Str(x, "role")));
      r->SetValue("YEAR", Str(x, "year"));
      r->SetValue("SIGNED_ON", Day(x, "signed_on"));
      r->SetValue("SUMMARY", Str(x, "public_summary"));
      r->SetValue("INDEX", OrDash(Str(x, "audit_index")));
    }
  }
}

// The versions of the information notices.
void FillNotices(Dict& d, const json::object& pack) {
  static const std::map<std::string, std::string> kAudiences = {
      {"adult", "adultes"}, {"minor", "mineurs"}, {"professional", "professionnels de santé"}};
  const json::value* v = pack.if_contains("notices");
  if (v == nullptr || !v->is_array() || v->as_array().empty()) {
    d.ShowSection("NO_NOTICE");
    return;
  }
  for (const auto& x : v->as_array()) {
    const json::object& n = x.as_object();
    Dict* row = d.AddSectionDictionary("NOTICE");
    row->SetValue("VERSION", Str(n, "version"));
    row->SetValue("AUDIENCE", Word(kAudiences, Str(n, "audience")));
    row->SetValue("TITLE", Str(n, "title"));
    row->SetValue("PUBLISHED", Day(n, "published_at"));
    row->SetValue("BY", Str(n, "published_by"));
    row->SetValue("SHA256", Str(n, "body_sha256"));
    row->SetValue("INDEX", Str(n, "audit_index"));
  }
}

}  // namespace

Result<std::string> RenderPackHtml(std::string_view pack_json) {
  GARANT_RETURN_IF_ERROR(LoadTemplates());
  GARANT_ASSIGN_OR_RETURN(json::object pack, ParseJsonObject(pack_json, 64));
  if (Str(pack, "format") != kPackFormat) {
    return Status::InvalidArgument("not a garant compliance pack");
  }
  try {
    Dict d("compliance_pack");
    const json::object& reg = pack.at("register").as_object();
    auto given = [&](std::string_view key) {
      std::string v = Str(reg, key);
      return v.empty() ? std::string("non renseigné dans la configuration") : v;
    };
    d.SetValue("CONTROLLER_NAME", given("controller_name"));
    d.SetValue("CONTROLLER_ADDRESS", given("controller_address"));
    std::string dpo;
    for (const char* key : {"dpo_postal_address", "dpo_email", "dpo_phone"}) {
      const std::string v = Str(reg, key);
      if (v.empty()) continue;
      dpo += (dpo.empty() ? "" : " · ") + v;
    }
    d.SetValue("DPO", dpo.empty() ? "coordonnées non renseignées dans la configuration" : dpo);
    d.SetValue("PURPOSES", given("purposes"));
    d.SetValue("LEGAL_BASIS", given("legal_basis"));
    d.SetValue("CNIL_FORMALITY", given("cnil_formality"));
    d.SetValue("RECIPIENTS", given("recipients"));
    d.SetValue("DATA_RETENTION", given("data_retention"));
    d.SetValue("LOG_RETENTION", given("log_retention"));
    d.SetValue("TRANSFERS", given("transfers"));
    d.SetValue("HOSTING_PROVIDER", given("hosting_provider"));
    d.SetValue("GENERATED_AT", When(pack, "generated_at"));
    const json::object& period = pack.at("period").as_object();
    const std::string from = Str(period, "from_day").empty() ? "" : Day(period, "from_day");
    const std::string to = Str(period, "to_day").empty() ? "" : Day(period, "to_day");
    d.SetValue("PERIOD", from.empty() && to.empty() ? "depuis l'origine du journal"
                         : from.empty()             ? "jusqu'au " + to + " inclus"
                         : to.empty()               ? "depuis le " + from
                                                    : "du " + from + " au " + to + " inclus");

    const json::array& figures = pack.at("figures").as_array();
    const std::pair<const char*, const char*> sections[] = {
        {"projets", "Projets, décisions et autorisations"},
        {"comite", "Comités : décisions hors projet et déclarations d'intérêts"},
        {"habilitations", "Habilitations"},
        {"droits", "Oppositions"},
        {"listes", "Listes d'exclusion"},
        {"traces", "Accès à l'entrepôt"},
        {"surveillance", "Alertes"},
        {"incidents", "Dossiers d'alertes"},
        {"horodatage", "Journal d'audit"},
        {"pseudonymisation", "Clés"},
        {"audits", "Dossiers de conformité"}};
    for (const auto& [section, caption] : sections) FillFigures(d, figures, section, caption);

    FillProjects(d, pack.at("projects").as_array());
    FillHabilitations(d, pack.at("habilitations").as_object());
    FillLists(d, pack.at("exclusion_lists").as_object());
    FillRights(d, pack);
    FillNotices(d, pack);
    FillCommittee(d, pack);

    const json::object& log = pack.at("log").as_object();
    const bool ok = log.at("verified").as_bool();
    d.SetValue("VERDICT_CLASS", ok ? "ok" : "ko");
    d.SetValue("VERDICT", (ok ? "intègre — " : "ÉCHEC — ") + Str(log, "verification"));
    d.SetValue("CHECKPOINT_SIZE", Str(log, "checkpoint_size"));
    d.SetValue("CHECKPOINT_ROOT", Str(log, "checkpoint_root"));

    const json::object& keys = pack.at("keys").as_object();
    d.SetValue("AUDIT_VERIFIER_KEY", Str(keys, "audit_verifier_key"));
    d.SetValue("PSEUDONYM_KEY_ID", Str(keys, "pseudonym_key_id"));
    d.SetValue("PREVIOUS_PSEUDONYM_KEY_ID", OrDash(Str(keys, "previous_pseudonym_key_id")));
    d.SetValue("VERIFY_KEY", Str(keys, "verify_key"));
    d.SetValue("SIGNING_KEY_ID", Str(keys, "signing_key_id"));
    d.SetValue("ENCRYPTION_KEY_ID", Str(keys, "encryption_key_id"));
    const json::array& events = keys.at("events").as_array();
    if (events.empty()) d.ShowSection("NO_KEY_EVENT");
    for (const auto& v : events) {
      const json::object& e = v.as_object();
      Dict* r = d.AddSectionDictionary("KEY_EVENT");
      r->SetValue("INDEX", Str(e, "audit_index"));
      r->SetValue("TYPE", Str(e, "type"));
      r->SetValue("TIME", When(e, "time"));
      r->SetValue("OBJECT", Str(e, "object"));
    }

    const json::object& retention = pack.at("retention").as_object();
    d.SetValue("OBJECTION_RETENTION", Str(retention, "objection_registry"));
    d.SetValue("PUBLICATION_DELAY", Str(retention, "publication_delay_days"));

    const json::object& security = pack.at("security").as_object();
    if (Str(security, "file").empty()) {
      d.ShowSection("NO_SECURITY");
    } else {
      Dict* s = d.AddSectionDictionary("SECURITY");
      s->SetValue("FILE", Str(security, "file"));
      s->SetValue("SOURCE", Str(security, "source"));
      for (const auto& h : security.at("headings").as_array()) {
        s->AddSectionDictionary("HEADING")->SetValue("TEXT", std::string(h.as_string()));
      }
    }

    std::string out;
    if (!ctemplate::ExpandTemplate(kPackTemplate, ctemplate::DO_NOT_STRIP, &d, &out)) {
      return Status::Internal("compliance_pack.tpl did not expand");
    }
    return out;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("not a complete garant compliance pack: ") +
                                   e.what());
  }
}

}  // namespace garant::compliance
