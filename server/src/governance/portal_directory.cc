// The directory fields of a project (governance/portal.h, sql/0031) over
// HTTP: the secretary's form (/console/gouvernance/projets/{id}/repertoire)
// and its "add a result" form, the public project page (/projets/{ref}) and
// its history (/projets/{ref}/historique, each version with its audit entry
// and the entry's inclusion proof), and the same as JSON
// (/api/v1/public/projects/{ref}[/history]). French pages, no script.
// Over 400 lines on purpose: the form, its strict parsing and the two public
// pages share the French labels of the fields at the top. The page that
// corrects or withdraws one result is portal_results.cc.

#include "governance/portal_directory.h"

#include <ctemplate/template.h>

#include <algorithm>
#include <set>

#include "garant/audit/log_queries.h"
#include "garant/audit/tlog_proof.h"
#include "garant/core/decimal.h"
#include "garant/governance/portal.h"
#include "garant/governance/reasons.h"
#include "governance/console.h"
#include "http/pages.h"

namespace garant::server::gov {

using namespace garant::governance;
using console::Form;
using console::Get;
using Dict = ctemplate::TemplateDictionary;

namespace portal {

std::string FieldLabel(std::string_view name) {
  if (name == "funders") return "Financeurs";
  if (name == "calendar") return "Calendrier";
  if (name == "sources") return "Sources de données";
  if (name == "linkage") return "Appariement avec d'autres bases";
  if (name == "sensitive") return "Variables sensibles";
  if (name == "platform") return "Plateforme de traitement";
  if (name == "results") return "Résultats et publications";
  if (name == "notice") return "Notice d'information du projet";
  return "Formulaire";
}

std::string Jjmmaaaa(Date d) {
  const std::string iso = FormatDate(d);
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string Day(TimePoint t) { return FormatParisHuman(t).substr(0, 10); }

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

std::string FrenchFieldMessage(const Status& st, const std::string& field) {
  std::string msg = FrenchError(st);
  if (!field.empty()) msg += " Rubrique concernée : " + FieldLabel(field) + ".";
  return msg + " Rien n'a été publié.";
}

boost::json::object VersionJson(const PortalVersion& v) {
  boost::json::array changed;
  for (const auto& s : v.changed) changed.emplace_back(s);
  return {{"version", v.version},
          {"published_at", FormatRfc3339Utc(v.published_at)},
          {"changed", std::move(changed)},
          {"audit_index", v.audit_index}};
}

// The secretary's JSON answer for a published version: the version and the
// fields it holds.
void SendVersion(HttpExchange& ex, const PortalVersion& v) {
  boost::json::object out = VersionJson(v);
  out["directory"] = PortalFieldsJson(v.fields);
  ex.SendJson(201, out);
}

}  // namespace portal

namespace {

using namespace portal;

// Rows of each list offered by the form: the current items and two blank
// rows, up to the limit. "Ajouter une ligne" (add_row) adds one more.
constexpr size_t kBlankRows = 2;

// The lists of the form that "Ajouter une ligne" extends: the value of
// add_row, the prefix of the field that counts its rows, its label.
struct RowList {
  std::string_view name;
  std::string_view prefix;
  std::string_view label;
};
constexpr RowList kRowLists[] = {{"funders", "funder_name_", "Financeurs"},
                                 {"milestones", "milestone_label_", "Étapes du calendrier"},
                                 {"sources", "source_", "Sources de données"}};

std::string SensitiveLabel(std::string_view c) {
  if (c == "health") return "Données de santé";
  if (c == "genetic") return "Données génétiques";
  if (c == "sexual_life") return "Vie sexuelle ou orientation sexuelle";
  if (c == "ethnic_origin") return "Origine raciale ou ethnique";
  if (c == "opinions") return "Opinions politiques, convictions religieuses ou syndicales";
  if (c == "offences") return "Infractions et condamnations pénales";
  if (c == "nir") return "Numéro de sécurité sociale (NIR)";
  if (c == "social_difficulties") return "Difficultés sociales";
  if (c == "fine_location") return "Localisation fine (adresse, commune de résidence)";
  return std::string(c);
}

std::string PlatformLabel(const PortalFields& f) {
  if (!f.platform) return "";
  switch (*f.platform) {
    case PortalPlatform::kContact:
      return "la plateforme sécurisée de l'entrepôt CONTACT";
    case PortalPlatform::kHealthDataHub:
      return "la Plateforme des données de santé (Health Data Hub)";
    case PortalPlatform::kOther:
      return f.platform_name;
  }
  return "";
}

// "180 000 €", no-break spaces.
std::string Euros(int64_t n) { return FormatFrenchInteger(n) + "\u00a0€"; }

std::string ChangedText(const std::vector<std::string>& changed) {
  std::string out;
  for (const std::string& c : changed) out += (out.empty() ? "" : ", ") + FieldLabel(c);
  return out;
}

std::string N(size_t i) { return std::to_string(i + 1); }

// The form's fields for a set of directory fields (what the form shows).
Form FieldsToForm(const PortalFields& f) {
  Form m;
  for (size_t i = 0; i < f.funders.size(); ++i) {
    m["funder_name_" + N(i)] = f.funders[i].name;
    m["funder_kind_" + N(i)] = std::string(ToString(f.funders[i].kind));
    if (f.funders[i].amount_eur)
      m["funder_amount_" + N(i)] = std::to_string(*f.funders[i].amount_eur);
  }
  if (f.start) m["start"] = FormatDate(*f.start);
  if (f.end) m["end"] = FormatDate(*f.end);
  for (size_t i = 0; i < f.milestones.size(); ++i) {
    m["milestone_date_" + N(i)] = FormatDate(f.milestones[i].date);
    m["milestone_label_" + N(i)] = f.milestones[i].label;
  }
  for (size_t i = 0; i < f.sources.size(); ++i) m["source_" + N(i)] = f.sources[i];
  m["linkage"] = std::string(ToString(f.linkage));
  m["linkage_bases"] = f.linkage_bases;
  m["linkage_method"] = f.linkage_method;
  for (const std::string& s : f.sensitive) m["sensitive_" + s] = "oui";
  m["sensitive_details"] = f.sensitive_details;
  if (f.platform) m["platform"] = std::string(ToString(*f.platform));
  m["platform_name"] = f.platform_name;
  if (f.hds_hosting) m["hds"] = "oui";
  m["notice"] = f.notice;
  return m;
}

size_t RowsOf(const Form& m, const std::string& prefix) {
  size_t n = 0;
  for (size_t i = 1; i <= kPortalListMax; ++i) {
    if (m.contains(prefix + std::to_string(i))) n = i;
  }
  return n;
}

Status Refuse(std::string_view reason, std::string_view field, std::string* out_field) {
  *out_field = std::string(field);
  return Status::InvalidArgument("invalid directory form field").WithReason(reason);
}

// A row index 1..kPortalListMax after `prefix`, or 0.
size_t RowIndex(std::string_view key, std::string_view prefix) {
  if (!key.starts_with(prefix)) return 0;
  std::optional<int64_t> n = ParseDecimal(key.substr(prefix.size()));
  return (n && *n >= 1 && *n <= static_cast<int64_t>(kPortalListMax)) ? static_cast<size_t>(*n) : 0;
}

// A textarea's text as stored: browsers send CRLF line ends, kept as LF.
std::string Lines(std::string s) {
  std::erase(s, '\r');
  return s;
}

// The list that "Ajouter une ligne" extends (add_row), or nullptr.
const RowList* AddRowList(const Form& form) {
  auto it = form.find("add_row");
  if (it == form.end()) return nullptr;
  for (const RowList& l : kRowLists) {
    if (l.name == it->second) return &l;
  }
  return nullptr;
}

// The form's field names, strictly: an unknown name (or category, or list
// for add_row) is refused.
Status CheckFormKeys(const Form& form, std::string* field) {
  static const std::set<std::string> kSingles = {"csrf_token",
                                                 "start",
                                                 "end",
                                                 "linkage",
                                                 "linkage_bases",
                                                 "linkage_method",
                                                 "sensitive_details",
                                                 "platform",
                                                 "platform_name",
                                                 "hds",
                                                 "notice"};
  static const char* const kRowPrefixes[] = {"funder_name_",     "funder_kind_",
                                             "funder_amount_",   "milestone_date_",
                                             "milestone_label_", "source_"};
  for (const auto& [k, v] : form) {
    if (kSingles.contains(k)) continue;
    if (k == "add_row") {
      if (AddRowList(form) == nullptr) return Refuse(reason::kPortalUnknownField, "", field);
      continue;
    }
    if (k.starts_with("sensitive_") && KnownSensitiveCategory(std::string_view(k).substr(10))) {
      continue;
    }
    bool row = std::any_of(std::begin(kRowPrefixes), std::end(kRowPrefixes),
                           [&](const char* p) { return RowIndex(k, p) != 0; });
    if (!row) return Refuse(reason::kPortalUnknownField, "", field);
  }
  return Status::Ok();
}

// The form → the fields, strictly (CheckFormKeys): malformed dates and
// amounts are refused. `field` names the field.
Result<PortalFields> FormToFields(const Form& form, std::string* field) {
  GARANT_RETURN_IF_ERROR(CheckFormKeys(form, field));
  PortalFields f;
  for (size_t i = 1; i <= kPortalListMax; ++i) {
    const std::string n = std::to_string(i);
    std::string name = Get(form, "funder_name_" + n);
    std::string amount = Trim(Get(form, "funder_amount_" + n));
    if (!Trim(name).empty() || !amount.empty()) {
      Funder x;
      x.name = Trim(name);
      auto kind = ParseFunderKind(Get(form, "funder_kind_" + n));
      if (!kind.ok()) return Refuse(reason::kPortalInvalidValue, "funders", field);
      x.kind = *kind;
      if (!amount.empty()) {
        std::erase_if(amount, [](char ch) { return ch == ' '; });
        std::optional<int64_t> a = ParseDecimal(amount);
        if (!a) return Refuse(reason::kPortalInvalidValue, "funders", field);
        x.amount_eur = *a;
      }
      f.funders.push_back(std::move(x));
    }
    std::string md = Trim(Get(form, "milestone_date_" + n));
    std::string ml = Trim(Get(form, "milestone_label_" + n));
    if (!md.empty() || !ml.empty()) {
      auto d = ParsePortalDate(md);
      if (!d.ok()) return Refuse(reason::kPortalInvalidDate, "calendar", field);
      f.milestones.push_back({*d, ml});
    }
    std::string src = Trim(Get(form, "source_" + n));
    if (!src.empty()) f.sources.push_back(src);
  }
  for (const char* k : {"start", "end"}) {
    std::string v = Trim(Get(form, k));
    if (v.empty()) continue;
    auto d = ParsePortalDate(v);
    if (!d.ok()) return Refuse(reason::kPortalInvalidDate, "calendar", field);
    (std::string_view(k) == "start" ? f.start : f.end) = *d;
  }
  const std::string linkage = Get(form, "linkage");
  auto l = ParseLinkage(linkage.empty() ? "none" : linkage);
  if (!l.ok()) return Refuse(reason::kPortalInvalidValue, "linkage", field);
  f.linkage = *l;
  f.linkage_bases = Trim(Get(form, "linkage_bases"));
  f.linkage_method = Trim(Lines(Get(form, "linkage_method")));
  for (std::string_view c : kSensitiveCategories) {
    if (!Get(form, "sensitive_" + std::string(c)).empty()) f.sensitive.emplace_back(c);
  }
  f.sensitive_details = Trim(Lines(Get(form, "sensitive_details")));
  if (const std::string p = Get(form, "platform"); !p.empty()) {
    auto parsed = ParsePortalPlatform(p);
    if (!parsed.ok()) return Refuse(reason::kPortalInvalidValue, "platform", field);
    f.platform = *parsed;
  }
  f.platform_name = Trim(Get(form, "platform_name"));
  f.hds_hosting = !Get(form, "hds").empty();
  f.notice = Lines(Get(form, "notice"));
  GARANT_RETURN_IF_ERROR(ValidatePortalFields(f, field));
  return f;
}

void Option(Dict* row, const char* section, const std::string& value, const std::string& chosen,
            const std::string& label) {
  auto* o = row->AddSectionDictionary(section);
  o->SetValue("VALUE", value);
  o->SetValue("LABEL", label);
  if (value == chosen) o->ShowSection("SELECTED");
}

// The rows of a list the form shows: from the published version, its items
// and kBlankRows blank ones; from a posted form, the rows it had, and one
// more for "Ajouter une ligne"; at most kPortalListMax.
size_t RowsShown(const Form& values, bool posted, std::string_view prefix, bool add) {
  const size_t n = RowsOf(values, std::string(prefix)) + (posted ? 0 : kBlankRows) + (add ? 1 : 0);
  return std::min(n, kPortalListMax);
}

// The secretary's page: the form filled with `values` (the current version,
// or what was posted when refused or when a row was added: `add_row`), the
// results and the add-a-result form.
Status RenderDirectoryForm(Context& c, HttpExchange& ex, int64_t id, int status,
                           const std::string& error, const std::optional<Form>& posted,
                           const Form& posted_result = {}, const RowList* add_row = nullptr) {
  GARANT_ASSIGN_OR_RETURN(Project p, c.store->GetProject(id));
  GARANT_ASSIGN_OR_RETURN(auto current, c.store->CurrentPortalFields(id));
  PortalFields fields = current ? current->fields : PortalFields{};
  const Form values = posted ? *posted : FieldsToForm(fields);
  std::string ok;
  if (auto q = ex.Query("ok")) {
    if (*q == "repertoire") ok = "Modification publiée sur le portail de transparence.";
    if (*q == "resultat") ok = "Résultat ajouté et publié sur le portail de transparence.";
    if (*q == "correction") ok = "Correction du résultat publiée sur le portail de transparence.";
    if (*q == "retrait")
      ok = "Résultat retiré : le portail de transparence l'indique comme retiré.";
  }
  // The rows of each list, and the row that "Ajouter une ligne" added (0:
  // none), which takes the focus.
  size_t rows[std::size(kRowLists)];
  size_t added = 0;
  std::string row_message;
  for (size_t l = 0; l < std::size(kRowLists); ++l) {
    const bool add = add_row == &kRowLists[l];
    rows[l] = RowsShown(values, posted.has_value(), kRowLists[l].prefix, add);
    if (!add) continue;
    const std::string label = "« " + std::string(kRowLists[l].label) + " »";
    if (rows[l] > RowsShown(values, true, kRowLists[l].prefix, false)) {
      added = rows[l];
      row_message = "Une ligne vide a été ajoutée à la rubrique " + label +
                    ". Rien n'a été publié : remplissez-la, puis publiez la modification.";
    } else {
      row_message = "La rubrique " + label + " compte déjà " + std::to_string(kPortalListMax) +
                    " lignes, le maximum. Rien n'a été publié.";
    }
  }
  auto list_rows = [&](Dict& d, size_t l, const char* section, auto fill) {
    for (size_t i = 1; i <= rows[l]; ++i) {
      auto* r = d.AddSectionDictionary(section);
      r->SetValue("N", std::to_string(i));
      if (add_row == &kRowLists[l] && i == added) r->ShowSection("AUTOFOCUS");
      fill(r, std::to_string(i));
    }
    const std::string name = std::string(kRowLists[l].name);
    d.ShowSection(rows[l] < kPortalListMax ? "ADD_" + name : "FULL_" + name);
  };
  ex.SendHtml(
      status,
      RenderPage(
          "Fiche du répertoire public — " + p.reference, "gov_directory_edit.tpl", ex.principal(),
          [&](Dict& d) {
            d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
            if (!error.empty()) d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
            if (!ok.empty()) d.AddSectionDictionary("OK")->SetValue("MESSAGE", ok);
            if (!row_message.empty()) {
              d.AddSectionDictionary("ROW_ADDED")->SetValue("MESSAGE", row_message);
            }
            d.SetIntValue("ID", p.id);
            d.SetValue("REFERENCE", p.reference);
            d.SetValue("TITLE", p.title);
            d.SetIntValue("LIST_MAX", static_cast<int>(kPortalListMax));
            if (current) {
              auto* v = d.AddSectionDictionary("VERSION");
              v->SetIntValue("NUMBER", current->version);
              v->SetValue("DATE", Day(current->published_at));
            } else {
              d.ShowSection("NO_VERSION");
            }
            if (p.published_at) d.ShowSection("PUBLIC");
            list_rows(d, 0, "FUNDER", [&](Dict* r, const std::string& n) {
              r->SetValue("NAME", Get(values, "funder_name_" + n));
              r->SetValue("AMOUNT", Get(values, "funder_amount_" + n));
              const std::string kind = Get(values, "funder_kind_" + n);
              Option(r, "KIND", "public", kind, "Public");
              Option(r, "KIND", "private", kind, "Privé");
            });
            d.SetValue("START", Get(values, "start"));
            d.SetValue("END", Get(values, "end"));
            list_rows(d, 1, "MILESTONE", [&](Dict* r, const std::string& n) {
              r->SetValue("DATE", Get(values, "milestone_date_" + n));
              r->SetValue("LABEL", Get(values, "milestone_label_" + n));
            });
            list_rows(d, 2, "SOURCE", [&](Dict* r, const std::string& n) {
              r->SetValue("NAME", Get(values, "source_" + n));
            });
            const std::string linkage = Get(values, "linkage");
            d.ShowSection(linkage == "linked" ? "LINKED" : "NOT_LINKED");
            d.SetValue("LINKAGE_BASES", Get(values, "linkage_bases"));
            d.SetValue("LINKAGE_METHOD", Get(values, "linkage_method"));
            for (std::string_view cat : kSensitiveCategories) {
              auto* r = d.AddSectionDictionary("SENSITIVE");
              r->SetValue("CODE", std::string(cat));
              r->SetValue("LABEL", SensitiveLabel(cat));
              if (!Get(values, "sensitive_" + std::string(cat)).empty()) r->ShowSection("CHECKED");
            }
            d.SetValue("SENSITIVE_DETAILS", Get(values, "sensitive_details"));
            const std::string platform = Get(values, "platform");
            for (auto [code, label] :
                 {std::pair{"", "Non renseignée"},
                  std::pair{"contact", "Plateforme sécurisée de l'entrepôt CONTACT"},
                  std::pair{"health_data_hub", "Plateforme des données de santé (Health Data Hub)"},
                  std::pair{"other", "Autre plateforme (à nommer)"}}) {
              Option(&d, "PLATFORM", code, platform, label);
            }
            d.SetValue("PLATFORM_NAME", Get(values, "platform_name"));
            if (!Get(values, "hds").empty()) d.ShowSection("HDS");
            d.SetValue("NOTICE", Get(values, "notice"));
            if (fields.results.empty()) d.ShowSection("NO_RESULT");
            for (const PortalResult& r : fields.results) {
              auto* s = d.AddSectionDictionary("RESULT");
              s->SetIntValue("RID", static_cast<int>(r.id));
              s->SetValue("TITLE", r.title);
              s->SetValue("DATE", Jjmmaaaa(r.date));
              if (!r.url.empty()) s->AddSectionDictionary("URL")->SetValue("HREF", r.url);
              if (!r.doi.empty()) s->AddSectionDictionary("DOI")->SetValue("TEXT", r.doi);
              if (r.withdrawn_at) {
                s->AddSectionDictionary("WITHDRAWN")->SetValue("WHEN", Day(*r.withdrawn_at));
              } else {
                if (r.corrected_at) {
                  s->AddSectionDictionary("CORRECTED")->SetValue("WHEN", Day(*r.corrected_at));
                }
                s->ShowSection("EDITABLE");
              }
            }
            d.SetValue("RESULT_TITLE", Get(posted_result, "result_title"));
            d.SetValue("RESULT_DATE", Get(posted_result, "result_date"));
            d.SetValue("RESULT_URL", Get(posted_result, "result_url"));
            d.SetValue("RESULT_DOI", Get(posted_result, "result_doi"));
          }));
  return Status::Ok();
}

// The published project `reference` (kNotFound when unknown or not yet
// published: the portal shows a project only once published).
Result<PublishedProject> FindPublished(Context& c, const std::string& reference) {
  GARANT_ASSIGN_OR_RETURN(auto list, c.store->ListPublishedProjects());
  for (PublishedProject& pp : list) {
    if (pp.project.reference == reference) return std::move(pp);
  }
  return Status::NotFound("no published project with this reference");
}

// Fills the directory fields of the public page.
void FillPublicFields(Dict& d, const std::string& reference, const PortalFields& f) {
  d.ShowSection(f.funders.empty() ? "NO_FUNDER" : "HAS_FUNDERS");
  for (const Funder& x : f.funders) {
    auto* s = d.AddSectionDictionary("FUNDER");
    s->SetValue("NAME", x.name);
    s->SetValue("KIND", x.kind == FunderKind::kPublic ? "public" : "privé");
    s->SetValue("AMOUNT", x.amount_eur ? Euros(*x.amount_eur) : "non communiqué");
  }
  if (f.start || f.end) {
    auto* s = d.AddSectionDictionary("PERIOD");
    s->SetValue("START", f.start ? Jjmmaaaa(*f.start) : "date à préciser");
    s->SetValue("END", f.end ? Jjmmaaaa(*f.end) : "date à préciser");
  } else {
    d.ShowSection("NO_PERIOD");
  }
  for (const Milestone& m : f.milestones) {
    auto* s = d.AddSectionDictionary("MILESTONE");
    s->SetValue("DATE", Jjmmaaaa(m.date));
    s->SetValue("LABEL", m.label);
  }
  if (!f.milestones.empty()) d.ShowSection("HAS_MILESTONES");
  d.ShowSection(f.sources.empty() ? "NO_SOURCE" : "HAS_SOURCES");
  for (const std::string& s : f.sources) d.AddSectionDictionary("SOURCE")->SetValue("NAME", s);
  if (f.linkage == Linkage::kLinked) {
    auto* s = d.AddSectionDictionary("LINKED");
    s->SetValue("BASES", f.linkage_bases);
    s->SetValue("METHOD", f.linkage_method);
  } else {
    d.ShowSection("NOT_LINKED");
  }
  d.ShowSection(f.sensitive.empty() ? "NO_SENSITIVE" : "HAS_SENSITIVE");
  for (const std::string& c : f.sensitive) {
    d.AddSectionDictionary("SENSITIVE")->SetValue("LABEL", SensitiveLabel(c));
  }
  if (!f.sensitive_details.empty()) {
    d.AddSectionDictionary("SENSITIVE_DETAILS")->SetValue("TEXT", f.sensitive_details);
  }
  if (f.platform) {
    auto* s = d.AddSectionDictionary("PLATFORM");
    s->SetValue("NAME", PlatformLabel(f));
    s->ShowSection(f.hds_hosting ? "HDS" : "NOT_HDS");
  } else {
    d.ShowSection("NO_PLATFORM");
  }
  // Results in force, each corrected one saying so and when; then the
  // withdrawn ones, named, with when and why, without their link.
  size_t in_force = 0;
  for (const PortalResult& r : f.results) {
    if (r.withdrawn_at) {
      auto* s = d.AddSectionDictionary("WITHDRAWN");
      s->SetValue("TITLE", r.title);
      s->SetValue("DATE", Jjmmaaaa(r.date));
      s->SetValue("WHEN", Day(*r.withdrawn_at));
      if (!r.note.empty()) s->AddSectionDictionary("NOTE")->SetValue("TEXT", r.note);
      continue;
    }
    ++in_force;
    auto* s = d.AddSectionDictionary("RESULT");
    s->SetValue("TITLE", r.title);
    s->SetValue("DATE", Jjmmaaaa(r.date));
    if (!r.url.empty()) s->AddSectionDictionary("URL")->SetValue("HREF", r.url);
    if (!r.doi.empty()) s->AddSectionDictionary("DOI")->SetValue("TEXT", r.doi);
    if (r.corrected_at) {
      auto* c = s->AddSectionDictionary("CORRECTED");
      c->SetValue("WHEN", Day(*r.corrected_at));
      if (!r.note.empty()) c->AddSectionDictionary("NOTE")->SetValue("TEXT", r.note);
    }
  }
  d.SetValue("REFERENCE", reference);
  if (f.results.empty()) d.ShowSection("NO_RESULT");
  if (!f.results.empty() && in_force == 0) d.ShowSection("NO_RESULT_IN_FORCE");
  if (in_force > 0) d.ShowSection("HAS_RESULTS");
  if (in_force < f.results.size()) d.ShowSection("HAS_WITHDRAWN");
  if (f.notice.empty()) {
    d.ShowSection("NO_NOTICE");
  } else {
    // One paragraph per blank-line-separated block.
    std::string para;
    auto flush = [&] {
      if (!Trim(para).empty())
        d.AddSectionDictionary("NOTICE_PARAGRAPH")->SetValue("TEXT", Trim(para));
      para.clear();
    };
    size_t start = 0;
    while (start <= f.notice.size()) {
      size_t end = f.notice.find('\n', start);
      std::string line =
          f.notice.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (Trim(line).empty()) {
        flush();
      } else {
        para += (para.empty() ? "" : " ") + Trim(line);
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
    flush();
  }
}

Status RenderPublicProject(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(PublishedProject pp, FindPublished(c, ex.params().at("reference")));
  GARANT_ASSIGN_OR_RETURN(auto current, c.store->CurrentPortalFields(pp.project.id));
  const Project& p = pp.project;
  ex.SetHeader("Cache-Control", "no-cache");
  ex.SendHtml(200, RenderPage(p.title, "gov_portal_project.tpl", ex.principal(), [&](Dict& d) {
                d.SetValue("REFERENCE", p.reference);
                d.SetValue("TITLE", p.title);
                d.SetValue("STATUS", std::string(ToString(p.status)));
                d.SetValue("STATUS_LABEL", StatusLabel(p.status));
                d.SetValue("SUMMARY", p.public_summary);
                d.SetValue("ORGANISATION", p.organisation);
                d.SetValue("INVESTIGATOR", p.investigator);
                d.SetValue("FORMALITY", FormalityLabel(p.formality));
                if (!p.hdh_directory_number.empty()) {
                  d.AddSectionDictionary("HDH")->SetValue("TEXT", p.hdh_directory_number);
                }
                d.SetValue("PUBLISHED", p.published_at ? Day(*p.published_at) : "");
                if (pp.opinion) {
                  auto* o = d.AddSectionDictionary("OPINION");
                  o->SetValue("LABEL", OutcomeLabel(*pp.opinion));
                  o->SetValue("COMMITTEE", pp.committee_name);
                  o->SetValue("DATE", pp.opinion_date ? Day(*pp.opinion_date) : "");
                } else {
                  d.ShowSection("NO_OPINION");
                }
                if (current) {
                  auto* v = d.AddSectionDictionary("VERSION");
                  v->SetIntValue("NUMBER", current->version);
                  v->SetValue("DATE", Day(current->published_at));
                } else {
                  d.ShowSection("NO_VERSION");
                }
                FillPublicFields(d, p.reference, current ? current->fields : PortalFields{});
              }));
  return Status::Ok();
}

Status RenderPublicHistory(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(PublishedProject pp, FindPublished(c, ex.params().at("reference")));
  GARANT_ASSIGN_OR_RETURN(auto versions, c.store->ListPortalVersions(pp.project.id));
  const Project& p = pp.project;
  ex.SetHeader("Cache-Control", "no-cache");
  ex.SendHtml(
      200,
      RenderPage("Historique — " + p.title, "gov_portal_history.tpl", ex.principal(), [&](Dict& d) {
        d.SetValue("REFERENCE", p.reference);
        d.SetValue("TITLE", p.title);
        if (versions.empty())
          d.ShowSection("NONE");
        else
          d.ShowSection("HAS_VERSIONS");
        // Newest first: each version is compared with the one before it
        // (the next in the list), so that what happened to each result —
        // added, corrected (with its previous text), withdrawn — is said.
        static const PortalFields kNone;
        for (size_t i = 0; i < versions.size(); ++i) {
          const PortalVersion& v = versions[i];
          auto* r = d.AddSectionDictionary("VERSION");
          r->SetIntValue("NUMBER", v.version);
          r->SetValue("DATE", Day(v.published_at));
          r->SetValue("CHANGED", ChangedText(v.changed));
          r->SetValue("INDEX", std::to_string(v.audit_index));
          const PortalFields& before = i + 1 < versions.size() ? versions[i + 1].fields : kNone;
          auto changes = PortalResultChanges(before, v.fields);
          if (!changes.empty()) r->ShowSection("RESULT_CHANGES");
          for (const PortalResultChange& c : changes) {
            r->AddSectionDictionary("RESULT_CHANGE")->SetValue("TEXT", ResultChangeText(c));
          }
        }
      }));
  return Status::Ok();
}

// The inclusion proof (C2SP tlog-proof) of one entry of the portal's
// history: only an entry that publishes this project's directory fields, so
// this public route never discloses another entry of the log.
Status SendHistoryProof(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(PublishedProject pp, FindPublished(c, ex.params().at("reference")));
  std::optional<int64_t> index = ParseDecimal(ex.params().at("index"));
  if (!index) return Status::NotFound("no such entry in this project's history");
  GARANT_ASSIGN_OR_RETURN(auto versions, c.store->ListPortalVersions(pp.project.id));
  if (std::none_of(versions.begin(), versions.end(), [&](const PortalVersion& v) {
        return v.audit_index == static_cast<uint64_t>(*index);
      })) {
    return Status::NotFound("no such entry in this project's history");
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, c.services.pool.Acquire());
  auto proof = audit::ReceiptFor(*conn, static_cast<uint64_t>(*index));
  if (!proof.ok()) {
    if (proof.status().code() == Code::kUnavailable) ex.SetHeader("Retry-After", "2");
    return proof.status();
  }
  ex.SetHeader("Content-Disposition", "attachment; filename=\"" + pp.project.reference + "-" +
                                          std::to_string(*index) + ".tlog-proof\"");
  ex.SendText(200, "text/plain; charset=utf-8", audit::FormatTlogProof(*proof));
  return Status::Ok();
}

// POST /api/v1/governance/projects/{id}/directory: every field but the
// results (added one by one), strict (portal.h PortalFieldsFromJson).
Status PostDirectory(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  if (body.contains("results")) {
    return Status::InvalidArgument("results are added one by one: POST …/results")
        .WithReason(reason::kPortalUnknownField);
  }
  GARANT_ASSIGN_OR_RETURN(PortalFields fields, PortalFieldsFromJson(body));
  GARANT_ASSIGN_OR_RETURN(PortalVersion v,
                          c.store->PublishPortalFields(ex.principal().Actor(), id, fields));
  SendVersion(ex, v);
  return Status::Ok();
}

// POST /api/v1/governance/projects/{id}/results: {title, date, url?, doi?}.
Status PostResult(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  // The store numbers the result; corrections have their own page.
  for (const auto& kv : body) {
    const std::string_view k = kv.key();
    if (k != "title" && k != "date" && k != "url" && k != "doi") {
      return Status::InvalidArgument("unknown result key " + std::string(k))
          .WithReason(reason::kPortalUnknownField);
    }
  }
  for (const char* k : {"url", "doi"}) {
    if (const boost::json::value* v = body.if_contains(k); v != nullptr && v->is_null()) {
      body.erase(k);
    }
  }
  boost::json::object wrapped{{"results", boost::json::array{std::move(body)}}};
  GARANT_ASSIGN_OR_RETURN(PortalFields one, PortalFieldsFromJson(wrapped));
  GARANT_ASSIGN_OR_RETURN(
      PortalVersion v, c.store->AddPortalResult(ex.principal().Actor(), id, one.results.front()));
  SendVersion(ex, v);
  return Status::Ok();
}

}  // namespace

void AddPortalDirectoryRoutes(Router& router, const ContextPtr& ctx) {
  portal::AddPortalResultRoutes(router, ctx);
  ContextPtr c = ctx;
  const std::string base = "/console/gouvernance/projets/{id}";
  router.Add({.method = "GET",
              .pattern = base + "/repertoire",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kWriteRoles,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) -> Status {
                GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
                return RenderDirectoryForm(*c, ex, id, 200, "", std::nullopt);
              }});
  router.Add({.method = "POST",
              .pattern = base + "/repertoire",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kWriteRoles,
              .csrf = CsrfRule::kSession,
              .handler = [c](HttpExchange& ex) -> Status {
                GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
                GARANT_ASSIGN_OR_RETURN(Form f, ex.FormBody());
                GARANT_RETURN_IF_ERROR(c->store->GetProject(id).status());
                std::string field;
                // "Ajouter une ligne": the same page with what was typed and
                // one more blank row in that list; nothing is published.
                if (f.contains("add_row")) {
                  Status keys = CheckFormKeys(f, &field);
                  if (!keys.ok()) {
                    return RenderDirectoryForm(*c, ex, id, console::StatusFor(keys),
                                               FrenchFieldMessage(keys, field), f);
                  }
                  return RenderDirectoryForm(*c, ex, id, 200, "", f, {}, AddRowList(f));
                }
                auto fields = FormToFields(f, &field);
                Status st = fields.status();
                if (st.ok()) {
                  st = c->store->PublishPortalFields(ex.principal().Actor(), id, *fields).status();
                }
                if (st.ok()) {
                  ex.Redirect("/console/gouvernance/projets/" + std::to_string(id) +
                              "/repertoire?ok=repertoire");
                  return Status::Ok();
                }
                return RenderDirectoryForm(*c, ex, id, console::StatusFor(st),
                                           FrenchFieldMessage(st, field), f);
              }});
  router.Add(
      {.method = "POST",
       .pattern = base + "/resultats",
       .kind = ResponseKind::kHtml,
       .access = Access::kRoles,
       .roles = kWriteRoles,
       .csrf = CsrfRule::kSession,
       .handler = [c](HttpExchange& ex) -> Status {
         GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
         GARANT_ASSIGN_OR_RETURN(Form f, ex.FormBody());
         GARANT_RETURN_IF_ERROR(c->store->GetProject(id).status());
         Status st;
         for (const auto& [k, v] : f) {
           if (k != "csrf_token" && k != "result_title" && k != "result_date" &&
               k != "result_url" && k != "result_doi") {
             st = Status::InvalidArgument("unknown field").WithReason(reason::kPortalUnknownField);
           }
         }
         PortalResult r;
         r.title = Trim(Get(f, "result_title"));
         r.url = Trim(Get(f, "result_url"));
         r.doi = Trim(Get(f, "result_doi"));
         if (st.ok()) {
           auto d = ParsePortalDate(Trim(Get(f, "result_date")));
           if (d.ok()) r.date = *d;
           st = d.status();
         }
         if (st.ok()) st = c->store->AddPortalResult(ex.principal().Actor(), id, r).status();
         if (st.ok()) {
           ex.Redirect("/console/gouvernance/projets/" + std::to_string(id) +
                       "/repertoire?ok=resultat#resultats");
           return Status::Ok();
         }
         return RenderDirectoryForm(*c, ex, id, console::StatusFor(st),
                                    FrenchFieldMessage(st, "results"), std::nullopt, f);
       }});

  for (auto [path, handler] :
       {std::pair{"/directory", &PostDirectory}, std::pair{"/results", &PostResult}}) {
    router.Add({.method = "POST",
                .pattern = "/api/v1/governance/projects/{id}" + std::string(path),
                .kind = ResponseKind::kJson,
                .access = Access::kRoles,
                .roles = kWriteRoles,
                .csrf = CsrfRule::kSession,
                .handler = [c, handler](HttpExchange& ex) { return handler(*c, ex); }});
  }

  router.Add({.method = "GET",
              .pattern = "/projets/{reference}",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) { return RenderPublicProject(*c, ex); }});
  router.Add({.method = "GET",
              .pattern = "/projets/{reference}/historique",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) { return RenderPublicHistory(*c, ex); }});
  router.Add({.method = "GET",
              .pattern = "/projets/{reference}/historique/{index}/preuve",
              .kind = ResponseKind::kText,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) { return SendHistoryProof(*c, ex); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/public/projects/{reference}",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) -> Status {
                GARANT_ASSIGN_OR_RETURN(PublishedProject pp,
                                        FindPublished(*c, ex.params().at("reference")));
                GARANT_ASSIGN_OR_RETURN(auto current, c->store->CurrentPortalFields(pp.project.id));
                boost::json::object out = PublicProjectJson(pp);
                out["directory"] = PortalFieldsJson(current ? current->fields : PortalFields{});
                out["directory_version"] =
                    current ? boost::json::value(current->version) : boost::json::value(nullptr);
                ex.SetHeader("Cache-Control", "public, max-age=60");
                ex.SendJson(200, out);
                return Status::Ok();
              }});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/public/projects/{reference}/history",
       .kind = ResponseKind::kJson,
       .access = Access::kPublic,
       .csrf = CsrfRule::kNone,
       .handler = [c](HttpExchange& ex) -> Status {
         GARANT_ASSIGN_OR_RETURN(PublishedProject pp,
                                 FindPublished(*c, ex.params().at("reference")));
         GARANT_ASSIGN_OR_RETURN(auto versions, c->store->ListPortalVersions(pp.project.id));
         boost::json::array out;
         for (const PortalVersion& v : versions) out.push_back(VersionJson(v));
         ex.SetHeader("Cache-Control", "public, max-age=60");
         ex.SendJson(200, {{"reference", pp.project.reference}, {"versions", std::move(out)}});
         return Status::Ok();
       }});
}

}  // namespace garant::server::gov
