// One result or publication of a project's directory fields (portal.h,
// store.h CorrectPortalResult, WithdrawPortalResult) over HTTP: the
// secretary's page that corrects or withdraws it
// (/console/gouvernance/projets/{id}/resultats/{result}), and the French
// words the public history uses for what happened to a result. Each change
// is a new version of the fields; the public page says the result was
// corrected or withdrawn and when, the history keeps the text before. The
// same changes over the JSON API.

#include <ctemplate/template.h>

#include <algorithm>
#include <initializer_list>

#include "garant/governance/reasons.h"
#include "governance/console.h"
#include "governance/portal_directory.h"
#include "http/pages.h"

namespace garant::server::gov::portal {

using namespace garant::governance;
using console::Form;
using console::Get;
using Dict = ctemplate::TemplateDictionary;

std::string ResultChangeText(const PortalResultChange& c) {
  const PortalResult& r = c.after;
  const std::string note = r.note.empty() ? "" : " Motif : " + r.note + ".";
  switch (c.kind) {
    case PortalResultChange::Kind::kAdded:
      return "Résultat ajouté : « " + r.title + " ».";
    case PortalResultChange::Kind::kWithdrawn:
      return "Résultat retiré : « " + c.before.title + " » (du " + Jjmmaaaa(c.before.date) + ")." +
             note;
    case PortalResultChange::Kind::kCorrected:
      break;
  }
  // What the correction changed, with the previous values.
  const PortalResult& b = c.before;
  std::vector<std::string> was;
  if (b.title != r.title) was.push_back("titre « " + b.title + " »");
  if (b.date != r.date) was.push_back("date " + Jjmmaaaa(b.date));
  if (b.url != r.url) was.push_back(b.url.empty() ? "sans lien" : "lien " + b.url);
  if (b.doi != r.doi) was.push_back(b.doi.empty() ? "sans DOI" : "DOI " + b.doi);
  std::string text = "Résultat corrigé : « " + r.title + " »";
  for (size_t i = 0; i < was.size(); ++i) text += (i == 0 ? " ; auparavant : " : ", ") + was[i];
  return text + "." + note;
}

namespace {

std::string ResultPath(int64_t project, int64_t result) {
  return "/console/gouvernance/projets/" + std::to_string(project) + "/resultats/" +
         std::to_string(result);
}

// The page of one result: as published, the correction form (filled with
// the result, or with what was posted when refused) and the withdrawal
// form; a withdrawn result is only shown.
Status RenderResultPage(Context& c, HttpExchange& ex, int64_t id, int64_t result_id, int status,
                        const std::string& error, const Form& posted) {
  GARANT_ASSIGN_OR_RETURN(Project p, c.store->GetProject(id));
  GARANT_ASSIGN_OR_RETURN(auto current, c.store->CurrentPortalFields(id));
  const PortalResult* r = current ? FindPortalResult(current->fields, result_id) : nullptr;
  if (r == nullptr) return Status::NotFound("no such result in this project's directory fields");
  const bool correcting = Get(posted, "action") == "corriger";
  const bool withdrawing = Get(posted, "action") == "retirer";
  auto value = [&](const std::string& k, const std::string& published) {
    return correcting ? Get(posted, k) : published;
  };
  ex.SendHtml(
      status,
      RenderPage("Corriger ou retirer un résultat — " + p.reference, "gov_result_edit.tpl",
                 ex.principal(), [&](Dict& d) {
                   d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
                   if (!error.empty()) {
                     d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                   }
                   d.SetIntValue("ID", p.id);
                   d.SetValue("REFERENCE", p.reference);
                   d.SetValue("PATH", ResultPath(p.id, r->id));
                   d.SetValue("TITLE", r->title);
                   d.SetValue("DATE", Jjmmaaaa(r->date));
                   if (!r->url.empty()) d.AddSectionDictionary("URL")->SetValue("HREF", r->url);
                   if (!r->doi.empty()) d.AddSectionDictionary("DOI")->SetValue("TEXT", r->doi);
                   if (r->corrected_at) {
                     d.AddSectionDictionary("CORRECTED")->SetValue("WHEN", Day(*r->corrected_at));
                   }
                   if (r->withdrawn_at) {
                     auto* w = d.AddSectionDictionary("WITHDRAWN");
                     w->SetValue("WHEN", Day(*r->withdrawn_at));
                     if (!r->note.empty()) {
                       w->AddSectionDictionary("NOTE")->SetValue("TEXT", r->note);
                     }
                     return;
                   }
                   d.ShowSection("EDITABLE");
                   d.SetValue("R_TITLE", value("result_title", r->title));
                   d.SetValue("R_DATE", value("result_date", FormatDate(r->date)));
                   d.SetValue("R_URL", value("result_url", r->url));
                   d.SetValue("R_DOI", value("result_doi", r->doi));
                   d.SetValue("CORRECTION_NOTE", correcting ? Get(posted, "note") : "");
                   d.SetValue("WITHDRAWAL_NOTE", withdrawing ? Get(posted, "note") : "");
                 }));
  return Status::Ok();
}

// The posted correction or withdrawal, strictly: the fields of its form
// only; then the store's change.
Status ApplyResultForm(Context& c, const HttpExchange& ex, int64_t id, int64_t result_id,
                       const Form& f) {
  const std::string action = Get(f, "action");
  const bool correcting = action == "corriger";
  if (!correcting && action != "retirer") {
    return Status::InvalidArgument("unknown action").WithReason(reason::kPortalUnknownField);
  }
  for (const auto& [k, v] : f) {
    const bool known = k == "csrf_token" || k == "action" || k == "note" ||
                       (correcting && (k == "result_title" || k == "result_date" ||
                                       k == "result_url" || k == "result_doi"));
    if (!known) {
      return Status::InvalidArgument("unknown field").WithReason(reason::kPortalUnknownField);
    }
  }
  const std::string note = Trim(Get(f, "note"));
  if (!correcting) {
    return c.store->WithdrawPortalResult(ex.principal().Actor(), id, result_id, note).status();
  }
  PortalResult r;
  r.title = Trim(Get(f, "result_title"));
  r.url = Trim(Get(f, "result_url"));
  r.doi = Trim(Get(f, "result_doi"));
  GARANT_ASSIGN_OR_RETURN(r.date, ParsePortalDate(Trim(Get(f, "result_date"))));
  return c.store->CorrectPortalResult(ex.principal().Actor(), id, result_id, r, note).status();
}

// The optional "note" of an API body (a string; null or absent: "").
Result<std::string> NoteOf(const boost::json::object& body) {
  const boost::json::value* v = body.if_contains("note");
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) {
    return Status::InvalidArgument("note must be a string").WithReason(reason::kPortalInvalidValue);
  }
  return std::string(v->as_string());
}

Status RefuseOtherKeys(const boost::json::object& body,
                       std::initializer_list<std::string_view> keys) {
  for (const auto& kv : body) {
    if (std::find(keys.begin(), keys.end(), kv.key()) == keys.end()) {
      return Status::InvalidArgument("unknown key " + std::string(kv.key()))
          .WithReason(reason::kPortalUnknownField);
    }
  }
  return Status::Ok();
}

// POST /api/v1/governance/projects/{id}/results/{result}/correction:
// {title, date, url?, doi?, note?}.
Status PostCorrection(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(int64_t result, IdParam(ex, "result"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  GARANT_RETURN_IF_ERROR(RefuseOtherKeys(body, {"title", "date", "url", "doi", "note"}));
  GARANT_ASSIGN_OR_RETURN(std::string note, NoteOf(body));
  body.erase("note");
  for (const char* k : {"url", "doi"}) {
    if (const boost::json::value* v = body.if_contains(k); v != nullptr && v->is_null()) {
      body.erase(k);
    }
  }
  // The text is read and checked as a result of the fields (portal.h).
  boost::json::object wrapped{{"results", boost::json::array{std::move(body)}}};
  GARANT_ASSIGN_OR_RETURN(PortalFields one, PortalFieldsFromJson(wrapped));
  GARANT_ASSIGN_OR_RETURN(PortalVersion v,
                          c.store->CorrectPortalResult(ex.principal().Actor(), id, result,
                                                       one.results.front(), Trim(note)));
  SendVersion(ex, v);
  return Status::Ok();
}

// POST /api/v1/governance/projects/{id}/results/{result}/withdrawal: {note?}.
Status PostWithdrawal(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(int64_t result, IdParam(ex, "result"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  GARANT_RETURN_IF_ERROR(RefuseOtherKeys(body, {"note"}));
  GARANT_ASSIGN_OR_RETURN(std::string note, NoteOf(body));
  GARANT_ASSIGN_OR_RETURN(PortalVersion v, c.store->WithdrawPortalResult(ex.principal().Actor(), id,
                                                                         result, Trim(note)));
  SendVersion(ex, v);
  return Status::Ok();
}

}  // namespace

void AddPortalResultRoutes(Router& router, const ContextPtr& ctx) {
  ContextPtr c = ctx;
  for (auto [path, handler] :
       {std::pair{"/correction", &PostCorrection}, std::pair{"/withdrawal", &PostWithdrawal}}) {
    router.Add({.method = "POST",
                .pattern = "/api/v1/governance/projects/{id}/results/{result}" + std::string(path),
                .kind = ResponseKind::kJson,
                .access = Access::kRoles,
                .roles = kWriteRoles,
                .csrf = CsrfRule::kSession,
                .handler = [c, handler](HttpExchange& ex) { return handler(*c, ex); }});
  }
  const std::string pattern = "/console/gouvernance/projets/{id}/resultats/{result}";
  router.Add({.method = "GET",
              .pattern = pattern,
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kWriteRoles,
              .csrf = CsrfRule::kNone,
              .handler = [c](HttpExchange& ex) -> Status {
                GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
                GARANT_ASSIGN_OR_RETURN(int64_t result, IdParam(ex, "result"));
                return RenderResultPage(*c, ex, id, result, 200, "", {});
              }});
  router.Add({.method = "POST",
              .pattern = pattern,
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kWriteRoles,
              .csrf = CsrfRule::kSession,
              .handler = [c](HttpExchange& ex) -> Status {
                GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
                GARANT_ASSIGN_OR_RETURN(int64_t result, IdParam(ex, "result"));
                GARANT_ASSIGN_OR_RETURN(Form f, ex.FormBody());
                GARANT_RETURN_IF_ERROR(c->store->GetProject(id).status());
                Status st = ApplyResultForm(*c, ex, id, result, f);
                if (st.ok()) {
                  ex.Redirect(
                      "/console/gouvernance/projets/" + std::to_string(id) + "/repertoire?ok=" +
                      (Get(f, "action") == "corriger" ? "correction" : "retrait") + "#resultats");
                  return Status::Ok();
                }
                // An unknown result (or project) is the not-found page.
                if (st.code() == Code::kNotFound) return st;
                return RenderResultPage(*c, ex, id, result, console::StatusFor(st),
                                        FrenchFieldMessage(st, "results"), f);
              }});
}

}  // namespace garant::server::gov::portal
