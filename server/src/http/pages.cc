#include "http/pages.h"

#include <ctemplate/template.h>

#include "garant/webui/files.h"

namespace garant::server {

Status InitPages() {
  for (const auto& f : webui::Files()) {
    if (f.name.rfind("templates/", 0) != 0) continue;
    std::string key = f.name.substr(std::string("templates/").size());
    if (!ctemplate::StringToTemplateCache(key, f.content, ctemplate::DO_NOT_STRIP)) {
      return Status::Internal("template " + key + " does not parse");
    }
  }
  return Status::Ok();
}

std::string RoleLabel(const std::string& role) {
  if (role == "admin") return "administration";
  if (role == "dpo") return "protection des données";
  if (role == "secretary") return "secrétariat des comités";
  if (role == "auditor") return "audit";
  if (role == "ingestion") return "service d'ingestion";
  if (role == "warehouse") return "plateforme de l'entrepôt";
  if (role == "enrolment") return "activation de la double authentification";
  return role;
}

std::string RenderPage(const std::string& title, const std::string& body_template,
                       const Principal& principal, const PageFiller& fill) {
  ctemplate::TemplateDictionary dict("layout");
  dict.SetValue("TITLE", title);
  if (principal.kind == Principal::Kind::kStaff) {
    auto* staff = dict.AddSectionDictionary("STAFF");
    staff->SetValue("DISPLAY_NAME", principal.display_name);
    staff->SetValue("ROLE_LABEL", RoleLabel(principal.role));
    staff->SetValue("CSRF_TOKEN", principal.csrf_token);
  } else {
    dict.ShowSection("ANONYMOUS");
  }
  auto* body = dict.AddIncludeDictionary("BODY");
  body->SetFilename(body_template);
  if (fill) fill(*body);
  std::string out;
  ctemplate::ExpandTemplate("layout.tpl", ctemplate::DO_NOT_STRIP, &dict, &out);
  return out;
}

namespace {
// `text` with every occurrence of `from` (not empty) replaced by `to`.
std::string ReplaceAll(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (size_t hit = text.find(from); hit != std::string_view::npos; hit = text.find(from, at)) {
    out.append(text.substr(at, hit - at));
    out.append(to);
    at = hit + from.size();
  }
  out.append(text.substr(at));
  return out;
}
}  // namespace

std::string PageForKeeping(std::string_view page, std::string_view csrf_token) {
  if (csrf_token.empty()) return std::string(page);
  return ReplaceAll(page, csrf_token, kCsrfTokenSlot);
}

std::string PageForSending(std::string_view kept, std::string_view csrf_token) {
  return ReplaceAll(kept, kCsrfTokenSlot, csrf_token);
}

std::string RenderErrorPage(int http_status, const std::string& message) {
  std::string heading = http_status == 404   ? "Page introuvable"
                        : http_status == 403 ? "Accès refusé"
                        : http_status == 401 ? "Connexion nécessaire"
                        : http_status < 500  ? "Demande refusée"
                                             : "Erreur du service";
  return RenderPage(heading, "error.tpl", Principal{}, [&](ctemplate::TemplateDictionary& d) {
    d.SetValue("HEADING", heading);
    d.SetValue("MESSAGE", message);
  });
}

const std::string* StaticAsset(const std::string& name) {
  for (const auto& f : webui::Files()) {
    if (f.name == "static/" + name) return &f.content;
  }
  return nullptr;
}

}  // namespace garant::server
