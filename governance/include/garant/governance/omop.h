// Data domains aligned with the tables of the OMOP Common Data Model 5.4
// (docs/omop-domains.md). The warehouse names what an access touched either
// by garant's data domains ("visits", "diagnoses"...) or by the OMOP tables
// it queried ("visit_occurrence", "condition_occurrence"...); an
// authorisation's scope lists domains. This mapping lets the access check
// (access_check.h) decide whether a scope covers an OMOP table.
// Pure, thread-safe, no IO.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace garant::governance {

// What an OMOP CDM 5.4 table is, for the access check.
struct OmopTable {
  std::string_view table;   // "condition_occurrence"
  std::string_view domain;  // "diagnoses"; "" for a vocabulary or metadata table
};

// Every table of the mapping, in the order of the CDM documentation.
std::span<const OmopTable> OmopTables();

// The garant domain of an OMOP table name (exact, lower-case), "" for a
// table that holds no personal data (standardised vocabularies, metadata),
// or nullopt when `name` is not an OMOP table of the mapping.
std::optional<std::string_view> DomainOfOmopTable(std::string_view name);

// Whether a scope listing `scope_domains` covers the requested `item`: the
// item is listed itself, or it is an OMOP table whose domain is listed, or
// an OMOP table that holds no personal data (always covered).
bool ScopeCovers(std::span<const std::string> scope_domains, std::string_view item);

}  // namespace garant::governance
