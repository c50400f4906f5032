#include "garant/governance/omop.h"

#include <algorithm>
#include <array>

namespace garant::governance {
namespace {

// OMOP CDM 5.4 (ohdsi.github.io/CommonDataModel/cdm54.html), by table
// family. SOS Médecins' own domains with no OMOP table (calls,
// consultations) are named directly.
constexpr std::array<OmopTable, 39> kTables = {{
    // Clinical data tables.
    {"person", "demographics"},
    {"observation_period", "demographics"},
    {"death", "demographics"},
    {"visit_occurrence", "visits"},
    {"visit_detail", "visits"},
    {"condition_occurrence", "diagnoses"},
    {"drug_exposure", "prescriptions"},
    {"procedure_occurrence", "procedures"},
    {"device_exposure", "procedures"},
    {"measurement", "measurements"},
    {"observation", "observations"},
    {"note", "notes"},
    {"note_nlp", "notes"},
    {"specimen", "measurements"},
    {"fact_relationship", "observations"},
    {"episode", "diagnoses"},
    {"episode_event", "diagnoses"},
    // Health system data tables.
    {"location", "demographics"},
    {"care_site", "visits"},
    {"provider", "professionals"},
    // Health economics data tables.
    {"payer_plan_period", "costs"},
    {"cost", "costs"},
    // Derived elements.
    {"drug_era", "prescriptions"},
    {"dose_era", "prescriptions"},
    {"condition_era", "diagnoses"},
    // Metadata and vocabularies: no personal data.
    {"metadata", ""},
    {"cdm_source", ""},
    {"concept", ""},
    {"vocabulary", ""},
    {"domain", ""},
    {"concept_class", ""},
    {"concept_relationship", ""},
    {"relationship", ""},
    {"concept_synonym", ""},
    {"concept_ancestor", ""},
    {"source_to_concept_map", ""},
    {"drug_strength", ""},
    {"cohort", "cohorts"},
    {"cohort_definition", ""},
}};

}  // namespace

std::span<const OmopTable> OmopTables() { return kTables; }

std::optional<std::string_view> DomainOfOmopTable(std::string_view name) {
  for (const OmopTable& t : kTables) {
    if (t.table == name) return t.domain;
  }
  return std::nullopt;
}

bool ScopeCovers(std::span<const std::string> scope_domains, std::string_view item) {
  auto listed = [&](std::string_view d) {
    return std::find(scope_domains.begin(), scope_domains.end(), d) != scope_domains.end();
  };
  if (listed(item)) return true;
  std::optional<std::string_view> domain = DomainOfOmopTable(item);
  if (!domain) return false;
  return domain->empty() || listed(*domain);
}

}  // namespace garant::governance
