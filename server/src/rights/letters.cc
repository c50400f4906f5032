// The DPO's letters for a rights request (role dpo, session CSRF):
//   POST /console/droits/{reference}/lettre   kind = accuse | identite |
//        reponse | refus | prolongation
//        | releve (access requests in progress or answered: the access-trail
//        letter of /console/demandes/acces for the person's tokens)
// A printable French letter (rights_letter.tpl, print CSS hides the console),
// addressed from the sealed identity, contact and requester name, decrypted
// for this answer only: the rendering is an audit entry
// (rights.request.identity_viewed, purpose "letter:<kind>") and a history
// row; nothing of the letter is stored. A letter that does not fit the state
// (a refusal letter for a request not refused…) is refused before anything
// is decrypted.
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include "audit/http.h"
#include "garant/consent/objection.h"
#include "garant/consent/pseudonym.h"
#include "http/pages.h"
#include "objections/forms.h"
#include "rights/context.h"

namespace garant::server {
namespace {

using consent::RightsState;

enum class LetterKind { kAcknowledgement, kIdentity, kAnswer, kRefusal, kExtension, kAccessTrail };

struct LetterInfo {
  LetterKind kind;
  std::string_view form;     // the form value (French, as in the console's URLs)
  std::string_view purpose;  // the audit entry's purpose
  std::string_view title;
};

constexpr LetterInfo kLetters[] = {
    {LetterKind::kAcknowledgement, "accuse", "letter:acknowledgement", "Accusé de réception"},
    {LetterKind::kIdentity, "identite", "letter:identity", "Demande de justificatif d'identité"},
    {LetterKind::kAnswer, "reponse", "letter:answer", "Réponse"},
    {LetterKind::kRefusal, "refus", "letter:refusal", "Refus motivé"},
    {LetterKind::kExtension, "prolongation", "letter:extension", "Prolongation du délai"},
    {LetterKind::kAccessTrail, "releve", "letter:access-trail", "Relevé des accès"},
};

// Whether the letter fits the request as it stands.
bool Fits(LetterKind k, const consent::RightsRequest& q) {
  switch (k) {
    case LetterKind::kAcknowledgement:
      return true;
    case LetterKind::kIdentity:
      return q.state == RightsState::kIdentityCheck;
    case LetterKind::kAnswer:
      return q.state == RightsState::kAnswered;
    case LetterKind::kRefusal:
      return q.state == RightsState::kRefused;
    case LetterKind::kExtension:
      return q.extended_at.has_value();
    case LetterKind::kAccessTrail:
      return q.type == consent::RightType::kAccess &&
             (q.state == RightsState::kInProgress || q.state == RightsState::kAnswered);
  }
  return false;
}

void FillLines(ctemplate::TemplateDictionary& d, const std::string& text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) d.AddSectionDictionary("LINE")->SetValue("TEXT", line);
    start = end + 1;
  }
}

Status Letter(HttpExchange& ex, RightsContext& c) {
  GARANT_ASSIGN_OR_RETURN(std::string ref,
                          consent::CanonicalRightsReference(ex.params().at("reference")));
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  const LetterInfo* info = nullptr;
  for (const LetterInfo& l : kLetters) {
    if (l.form == fields["kind"]) info = &l;
  }
  if (info == nullptr) return Status::InvalidArgument("Modèle de lettre inconnu.");
  GARANT_ASSIGN_OR_RETURN(consent::RightsRequest current, c.store.Get(ref));
  if (!Fits(info->kind, current)) {
    return Status::Conflict("this letter does not fit the request's state")
        .WithReason(std::string(consent::kReasonTransitionRefused));
  }
  GARANT_ASSIGN_OR_RETURN(consent::RightsRequestDetail d,
                          c.store.Detail(ref, ex.principal().Actor(), info->purpose));
  spdlog::info("rights request letter prepared reference={} kind={}", ref, info->form);
  if (info->kind == LetterKind::kAccessTrail) {
    // The access answer reuses the access-trail letter of the auditor's desk,
    // for the person's tokens computed here from the sealed traits (current
    // key, and the previous one during a rotation); nothing is kept.
    const int year = consent::UtcYear(c.services.clock.Now());
    GARANT_ASSIGN_OR_RETURN(
        std::vector<std::string> tokens,
        consent::ComputeTokens(c.services.keys.pseudonymisation, d.traits, year));
    if (c.services.keys.previous_pseudonymisation) {
      auto previous =
          consent::ComputeTokens(*c.services.keys.previous_pseudonymisation, d.traits, year);
      if (previous.ok()) {
        for (auto& t : *previous) tokens.push_back(std::move(t));
      }
    }
    // Addressed as the request's other letters: from the sealed identity,
    // contact and requester name.
    LetterAddressee to;
    const auto& t = d.traits;
    const std::string person = t.given_names + " " + t.used_name.value_or(t.birth_name);
    if (d.requester_name && d.request.requester != consent::RightsRequester::kPerson) {
      to.name = *d.requester_name;
      to.on_behalf = person;
    } else {
      to.name = person;
    }
    if (t.used_name && *t.used_name != t.birth_name) to.birth_name = t.birth_name;
    to.contact = d.contact;
    ex.SetHeader("Cache-Control", "no-store");
    return SendAccessTrailLetter(ex, c.services, tokens, to);
  }
  const consent::RightsRequest& q = d.request;
  const auto& t = d.traits;
  const TimePoint now = c.services.clock.Now();
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(
      200, RenderPage(
               std::string(info->title) + " " + q.reference, "rights_letter.tpl", ex.principal(),
               [&](ctemplate::TemplateDictionary& p) {
                 p.SetValue("REFERENCE", q.reference);
                 p.SetValue("TODAY", FormatParisDayWords(now));
                 p.SetValue("TITLE", std::string(info->title));
                 p.SetValue("KIND", std::string(info->form));
                 p.SetValue("TYPE_LABEL", RightTypeLabel(q.type));
                 p.SetValue("ARTICLE", RightArticle(q.type));
                 p.SetValue("RECEIVED_WORDS", FormatParisDayWords(q.clock.received_at));
                 p.SetValue("DEADLINE_WORDS",
                            FormatParisDayWords(consent::RightsDeadline(q.clock, now)));
                 p.SetValue("SIGNATORY", ex.principal().display_name);
                 // The addressee: the one who wrote (a parent, an heir, a
                 // lawyer…), about the person concerned.
                 const std::string person =
                     t.given_names + " " + t.used_name.value_or(t.birth_name);
                 if (d.requester_name && q.requester != consent::RightsRequester::kPerson) {
                   p.SetValue("NAME", *d.requester_name);
                   p.AddSectionDictionary("ON_BEHALF")->SetValue("PERSON", person);
                 } else {
                   p.SetValue("NAME", person);
                 }
                 if (t.used_name && *t.used_name != t.birth_name) {
                   p.AddSectionDictionary("BIRTH_NAME")->SetValue("TEXT", t.birth_name);
                 }
                 if (d.contact) {
                   FillLines(*p.AddSectionDictionary("ADDRESS"), *d.contact);
                 } else {
                   p.ShowSection("NO_ADDRESS");
                 }
                 switch (info->kind) {
                   case LetterKind::kAcknowledgement:
                     p.ShowSection("ACKNOWLEDGEMENT");
                     break;
                   case LetterKind::kIdentity:
                     p.ShowSection("IDENTITY");
                     break;
                   case LetterKind::kAnswer: {
                     auto* a = p.AddSectionDictionary("ANSWER");
                     FillLines(*a->AddSectionDictionary("SUMMARY"), q.answer_summary.value_or(""));
                     if (q.type == consent::RightType::kAccess) a->ShowSection("ACCESS");
                     break;
                   }
                   case LetterKind::kRefusal: {
                     auto* a = p.AddSectionDictionary("REFUSAL");
                     a->SetValue("GROUND", RefusalGroundLabel(q.refusal_ground.value_or(
                                               consent::RefusalGround::kManifestlyUnfounded)));
                     FillLines(*a->AddSectionDictionary("REASON"), q.refusal_reason.value_or(""));
                     break;
                   }
                   case LetterKind::kExtension: {
                     auto* a = p.AddSectionDictionary("EXTENSION");
                     FillLines(*a->AddSectionDictionary("REASON"), q.extension_reason.value_or(""));
                     break;
                   }
                   case LetterKind::kAccessTrail:
                     break;  // sent above, by SendAccessTrailLetter
                 }
               }));
  return Status::Ok();
}

}  // namespace

void AddRightsLetterRoutes(Router& router, const std::shared_ptr<RightsContext>& ctx) {
  router.Add({.method = "POST",
              .pattern = "/console/droits/{reference}/lettre",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Letter(ex, *ctx); }});
}

}  // namespace garant::server
