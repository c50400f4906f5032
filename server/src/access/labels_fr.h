// French words for the access trail, one vocabulary for every page that shows
// it: the auditor's desk (/audit, /audit/personne, /audit/compte, /audit/projet,
// the DPO's letter) and the review of findings (/audit/alertes). Each function
// returns its key unchanged when it does not know it (a value written by a
// newer version stays readable).
#pragma once

#include <string>
#include <string_view>

#include "garant/access/cases.h"
#include "garant/core/clock.h"

namespace garant::server {

std::string RuleLabel(std::string_view rule);          // "Accès sans autorisation"
std::string ActionLabel(std::string_view action);      // "requête"
std::string OutcomeLabel(std::string_view outcome);    // "refusé"
std::string PurposeLabel(std::string_view purpose);    // "recherche"
std::string SeverityLabel(std::string_view severity);  // "élevée"
// A case status, or the queue's groups "open" and "closed".
std::string CaseStatusLabel(std::string_view status);  // "En cours d'examen"
inline std::string CaseStatusLabel(access::CaseStatus s) {
  return CaseStatusLabel(access::ToString(s));
}
// "30/11/2026 14:05" (Paris time, to the minute).
std::string ParisTime(TimePoint t);
// "2026-11-30" → "30/11/2026"; anything else unchanged.
std::string FrenchDay(std::string_view iso_day);

// A key of a finding's facts (access/src/rules.cc).
std::string FactLabel(std::string_view key);  // "Date de l'accès"

}  // namespace garant::server
