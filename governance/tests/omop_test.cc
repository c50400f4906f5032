// OMOP CDM 5.4 tables → garant data domains (omop.h, docs/omop-domains.md),
// and the access check deciding on OMOP table names.

#include "garant/governance/omop.h"

#include <gtest/gtest.h>

#include <set>

#include "garant/governance/access_check.h"

namespace garant::governance {
namespace {

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

TEST(Omop, ClinicalTablesMapToTheirDomain) {
  EXPECT_EQ(DomainOfOmopTable("person"), "demographics");
  EXPECT_EQ(DomainOfOmopTable("visit_occurrence"), "visits");
  EXPECT_EQ(DomainOfOmopTable("condition_occurrence"), "diagnoses");
  EXPECT_EQ(DomainOfOmopTable("drug_exposure"), "prescriptions");
  EXPECT_EQ(DomainOfOmopTable("measurement"), "measurements");
  EXPECT_EQ(DomainOfOmopTable("observation"), "observations");
  EXPECT_EQ(DomainOfOmopTable("note"), "notes");
  EXPECT_EQ(DomainOfOmopTable("provider"), "professionals");
  // Vocabularies hold no personal data.
  EXPECT_EQ(DomainOfOmopTable("concept"), "");
  // Not an OMOP table, or not spelt as the CDM does.
  EXPECT_EQ(DomainOfOmopTable("visits"), std::nullopt);
  EXPECT_EQ(DomainOfOmopTable("Person"), std::nullopt);
  EXPECT_EQ(DomainOfOmopTable(""), std::nullopt);
}

TEST(Omop, EachTableOnce) {
  std::set<std::string_view> seen;
  for (const OmopTable& t : OmopTables()) EXPECT_TRUE(seen.insert(t.table).second) << t.table;
  EXPECT_GE(seen.size(), 30u);
}

TEST(Omop, ScopeCoversDomainsTablesAndVocabularies) {
  const std::vector<std::string> scope = {"visits", "diagnoses"};
  EXPECT_TRUE(ScopeCovers(scope, "visits"));
  EXPECT_TRUE(ScopeCovers(scope, "visit_occurrence"));
  EXPECT_TRUE(ScopeCovers(scope, "condition_occurrence"));
  EXPECT_TRUE(ScopeCovers(scope, "concept"));
  EXPECT_FALSE(ScopeCovers(scope, "drug_exposure"));
  EXPECT_FALSE(ScopeCovers(scope, "person"));
  EXPECT_FALSE(ScopeCovers(scope, "prescriptions"));
  EXPECT_FALSE(ScopeCovers(scope, "unknown_table"));
  // A scope may name an OMOP table itself.
  EXPECT_TRUE(ScopeCovers(std::vector<std::string>{"note"}, "note"));
  EXPECT_FALSE(ScopeCovers(std::vector<std::string>{"note"}, "note_nlp"));
}

TEST(Omop, TheAccessCheckDecidesOnOmopTables) {
  Authorisation a;
  a.id = 7;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits", "diagnoses", "demographics"};
  a.valid_from = T("2026-04-01T00:00:00Z");
  a.valid_until = T("2027-04-01T00:00:00Z");
  a.confirmed_by = "staff:2";
  a.confirmed_at = T("2026-03-02T00:00:00Z");
  AccessRequest r;
  r.account = "chercheur.dupont";
  r.time = T("2026-06-01T10:00:00Z");
  r.domains = {"person", "visit_occurrence", "condition_occurrence", "concept"};
  EXPECT_EQ(CheckAccess(r, {a}).reason, AccessReason::kAllowed);
  r.domains = {"visit_occurrence", "drug_exposure"};
  EXPECT_EQ(CheckAccess(r, {a}).reason, AccessReason::kOutOfScope);
  r.domains = {"measurement"};
  EXPECT_EQ(CheckAccess(r, {a}).reason, AccessReason::kOutOfScope);
}

}  // namespace
}  // namespace garant::governance
