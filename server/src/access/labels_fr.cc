#include "access/labels_fr.h"

#include <map>

#include "garant/core/clock.h"

namespace garant::server {
namespace {

using Table = std::map<std::string_view, std::string_view>;

std::string Lookup(const Table& t, std::string_view key) {
  auto it = t.find(key);
  return std::string(it == t.end() ? key : it->second);
}

const Table kRules = {
    {"no_authorisation", "Accès sans autorisation"},
    {"account_not_named", "Compte non désigné dans l'autorisation"},
    {"not_yet_valid", "Autorisation pas encore valide"},
    {"expired", "Autorisation expirée"},
    {"revoked", "Autorisation révoquée"},
    {"suspended", "Autorisation suspendue"},
    {"out_of_scope", "Hors du périmètre autorisé"},
    {"project_closed", "Projet clos"},
    {"objecting_patient", "Personne opposée"},
    {"export_without_authorisation", "Export sans autorisation"},
    {"reidentify_without_justification", "Réidentification sans justification"},
    {"small_count", "Petit effectif"},
    {"late_report", "Signalement tardif"},
    {"check_failed", "Contrôle impossible"},
    {"repeated_query", "Requête répétée"},
    {"volume_spike", "Pic de volume"},
    {"off_hours", "Hors des heures ouvrées"},
    {"dormant_account", "Compte dormant réactivé"},
    {"repeated_denials", "Refus répétés"},
};
const Table kActions = {
    {"view", "consultation"},  {"query", "requête"},
    {"count", "comptage"},     {"extract", "extraction"},
    {"export", "export"},      {"reidentify", "réidentification"},
    {"login", "connexion"},    {"login_failed", "échec de connexion"},
    {"logout", "déconnexion"},
};
const Table kOutcomes = {{"success", "réussi"}, {"denied", "refusé"}, {"failed", "échoué"}};
const Table kPurposes = {
    {"research", "recherche"},
    {"feasibility", "étude de faisabilité"},
    {"indicators", "indicateurs de pilotage"},
    {"coding_quality", "qualité du codage"},
    {"decision_support", "aide à la décision médicale"},
};
const Table kSeverities = {
    {"low", "faible"}, {"medium", "moyenne"}, {"high", "élevée"}, {"critical", "critique"}};
const Table kCaseStatuses = {
    {"new", "Nouveau"},
    {"under_review", "En cours d'examen"},
    {"justified", "Justifié"},
    {"incident", "Incident"},
    {"open", "À traiter (nouveau ou en cours)"},
    {"closed", "Clos (justifié ou incident)"},
};
const Table kFacts = {
    {"account", "Compte"},
    {"project", "Projet"},
    {"occurred_at", "Date de l'accès"},
    {"recorded_at", "Date d'enregistrement"},
    {"domains", "Domaines de données"},
    {"associations", "Associations"},
    {"authorisation_id", "Autorisation n°"},
    {"reason", "Motif"},
    {"export", "Destination de l'export"},
    {"objecting_patients", "Personnes opposées"},
    {"objections", "Oppositions"},
    {"returned_count", "Effectif retourné"},
    {"threshold", "Seuil"},
    {"delay_hours", "Retard (heures)"},
    {"error", "Erreur"},
};

}  // namespace

std::string RuleLabel(std::string_view rule) { return Lookup(kRules, rule); }
std::string ActionLabel(std::string_view action) { return Lookup(kActions, action); }
std::string OutcomeLabel(std::string_view outcome) { return Lookup(kOutcomes, outcome); }
std::string PurposeLabel(std::string_view purpose) { return Lookup(kPurposes, purpose); }
std::string SeverityLabel(std::string_view severity) { return Lookup(kSeverities, severity); }
std::string CaseStatusLabel(std::string_view status) { return Lookup(kCaseStatuses, status); }
std::string FactLabel(std::string_view key) { return Lookup(kFacts, key); }

std::string ParisTime(TimePoint t) {
  std::string s = FormatParisHuman(t);  // "30/11/2026 à 14:05"
  if (auto p = s.find(" à "); p != std::string::npos) s.replace(p, std::string(" à ").size(), " ");
  return s;
}

std::string FrenchDay(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::string(d);
  std::string out;
  out.append(d.substr(8, 2)).append("/").append(d.substr(5, 2)).append("/").append(d.substr(0, 4));
  return out;
}

}  // namespace garant::server
