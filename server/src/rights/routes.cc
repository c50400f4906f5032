// Rights requests (RGPD art. 15–18 and 21): the DPO's console pages, letters
// and JSON API, role dpo only (default deny). docs/rights-requests.md.
#include "http/routes.h"

#include "rights/context.h"

namespace garant::server {

RightsContext::RightsContext(Services& s)
    : services(s), store(s.pool, s.audit_log(), s.random, s.clock, s.keys.sealing) {}

std::string RightTypeLabel(consent::RightType t) {
  switch (t) {
    case consent::RightType::kAccess:
      return "droit d'accès";
    case consent::RightType::kRectification:
      return "droit de rectification";
    case consent::RightType::kErasure:
      return "droit à l'effacement";
    case consent::RightType::kRestriction:
      return "droit à la limitation du traitement";
    case consent::RightType::kObjection:
      return "droit d'opposition";
  }
  return "";
}

std::string RightArticle(consent::RightType t) {
  switch (t) {
    case consent::RightType::kAccess:
      return "article 15 du RGPD";
    case consent::RightType::kRectification:
      return "article 16 du RGPD";
    case consent::RightType::kErasure:
      return "article 17 du RGPD";
    case consent::RightType::kRestriction:
      return "article 18 du RGPD";
    case consent::RightType::kObjection:
      return "article 21 du RGPD";
  }
  return "";
}

std::string RightsRequesterLabel(consent::RightsRequester r) {
  switch (r) {
    case consent::RightsRequester::kPerson:
      return "la personne concernée elle-même";
    case consent::RightsRequester::kParent:
      return "un parent d'un enfant mineur";
    case consent::RightsRequester::kGuardian:
      return "un représentant légal (tuteur, curateur)";
    case consent::RightsRequester::kHeir:
      return "un héritier (article 85 de la loi Informatique et Libertés)";
    case consent::RightsRequester::kLawyer:
      return "un avocat";
  }
  return "";
}

std::string RightsChannelLabel(consent::RightsChannel c) {
  switch (c) {
    case consent::RightsChannel::kLetter:
      return "courrier";
    case consent::RightsChannel::kEmail:
      return "courriel";
    case consent::RightsChannel::kPhone:
      return "téléphone";
    case consent::RightsChannel::kInPerson:
      return "en personne";
    case consent::RightsChannel::kWeb:
      return "formulaire en ligne";
  }
  return "";
}

std::string RightsStateLabel(consent::RightsState s) {
  switch (s) {
    case consent::RightsState::kReceived:
      return "reçue";
    case consent::RightsState::kIdentityCheck:
      return "vérification d'identité (délai suspendu)";
    case consent::RightsState::kInProgress:
      return "en cours de traitement";
    case consent::RightsState::kAnswered:
      return "répondue";
    case consent::RightsState::kRefused:
      return "refusée";
  }
  return "";
}

std::string RefusalGroundLabel(consent::RefusalGround g) {
  switch (g) {
    case consent::RefusalGround::kManifestlyUnfounded:
      return "demande manifestement infondée (article 12.5 du RGPD)";
    case consent::RefusalGround::kExcessive:
      return "demande excessive, notamment par son caractère répétitif (article 12.5 du RGPD)";
    case consent::RefusalGround::kIdentityNotEstablished:
      return "identité non établie (articles 12.2 et 12.6 du RGPD)";
    case consent::RefusalGround::kResearchException:
      return "recherche scientifique rendue impossible ou gravement compromise (articles 17.3.d "
             "et 89 du RGPD)";
    case consent::RefusalGround::kLegalObligation:
      return "obligation légale de conservation (article 17.3.b du RGPD)";
    case consent::RefusalGround::kNoDataHeld:
      return "aucune donnée concernant la personne n'est détenue";
  }
  return "";
}

std::string IdentityMethodLabel(consent::IdentityMethod m) {
  switch (m) {
    case consent::IdentityMethod::kKnownContact:
      return "demande venue de l'adresse de contact déjà connue";
    case consent::IdentityMethod::kDocumentSeen:
      return "pièce d'identité vue, non conservée";
    case consent::IdentityMethod::kInPerson:
      return "en personne, au guichet";
    case consent::IdentityMethod::kAuthenticated:
      return "canal authentifié";
    case consent::IdentityMethod::kOther:
      return "autre moyen (voir la note)";
  }
  return "";
}

void AddRightsRoutes(Router& router, Services& services) {
  auto ctx = std::make_shared<RightsContext>(services);
  AddRightsConsoleRoutes(router, ctx);
  AddRightsLetterRoutes(router, ctx);
  AddRightsApiRoutes(router, ctx);
}

}  // namespace garant::server
