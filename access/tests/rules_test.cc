// The checks at occurred_at: each rule fires, and a near miss at its boundary
// does not.
#include "garant/access/rules.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace garant::access {
namespace {

using namespace std::chrono_literals;
using governance::ProjectStatus;

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const TimePoint kFrom = T("2026-01-01T00:00:00Z");
const TimePoint kUntil = T("2027-01-01T00:00:00Z");
const TimePoint kAt = T("2026-06-01T12:00:00Z");
const std::string kTok(64, 'a');

AccessEvent Event() {
  AccessEvent e;
  e.id = "0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10";
  e.occurred_at = kAt;
  e.account = "chercheur.moreau";
  e.action = Action::kQuery;
  e.project = "CONTACT-2026-001";
  e.domains = std::vector<std::string>{"visits"};
  e.source = "entrepot";
  e.outcome = Outcome::kSuccess;
  return e;
}

Snapshot Snap() {
  Snapshot s;
  ProjectHistory p;
  p.id = 1;
  p.reference = "CONTACT-2026-001";
  p.changes = {{T("2025-12-01T00:00:00Z"), ProjectStatus::kActive}};
  s.project = p;
  Snapshot::AuthorisationFact f;
  f.authorisation.id = 7;
  f.authorisation.project_id = 1;
  f.authorisation.decision_id = 3;
  f.authorisation.accounts = {"chercheur.moreau"};
  f.authorisation.scope.domains = {"visits", "diagnoses"};
  f.authorisation.valid_from = kFrom;
  f.authorisation.valid_until = kUntil;
  f.created_at = T("2025-12-15T00:00:00Z");
  s.authorisations.push_back(f);
  return s;
}

std::vector<std::string> Rules(const AccessEvent& e, const Snapshot& s,
                               TimePoint recorded = kAt + 1h) {
  std::vector<std::string> out;
  for (const auto& f : Evaluate(e, s, recorded, RuleConfig::Defaults())) out.push_back(f.rule);
  return out;
}

bool Fires(const AccessEvent& e, const Snapshot& s, std::string_view rule,
           TimePoint recorded = kAt + 1h) {
  auto r = Rules(e, s, recorded);
  return std::find(r.begin(), r.end(), rule) != r.end();
}

TEST(AccessRules, AllowedAccessRaisesNothing) { EXPECT_TRUE(Rules(Event(), Snap()).empty()); }

TEST(AccessRules, NoAuthorisation) {
  Snapshot s = Snap();
  s.authorisations.clear();
  EXPECT_TRUE(Fires(Event(), s, rule::kNoAuthorisation));
  Snapshot unknown;  // unknown project
  EXPECT_TRUE(Fires(Event(), unknown, rule::kNoAuthorisation));
  AccessEvent none = Event();
  none.project.reset();
  EXPECT_TRUE(Fires(none, Snapshot{}, rule::kNoAuthorisation));
  // Near miss: a login needs no authorisation; a denied access touched nothing.
  AccessEvent login = Event();
  login.action = Action::kLogin;
  EXPECT_TRUE(Rules(login, s).empty());
  AccessEvent denied = Event();
  denied.outcome = Outcome::kDenied;
  EXPECT_TRUE(Rules(denied, s).empty());
}

TEST(AccessRules, AuthorisationCreatedAfterTheAccessDoesNotCover) {
  Snapshot s = Snap();
  s.authorisations[0].created_at = kAt + 1us;
  EXPECT_TRUE(Fires(Event(), s, rule::kNoAuthorisation));
  s.authorisations[0].created_at = kAt;
  EXPECT_TRUE(Rules(Event(), s).empty());
}

TEST(AccessRules, DecisionNamedByTheEvent) {
  AccessEvent e = Event();
  e.decision = 4;
  EXPECT_TRUE(Fires(e, Snap(), rule::kNoAuthorisation));
  e.decision = 3;
  EXPECT_TRUE(Rules(e, Snap()).empty());
}

TEST(AccessRules, AccountNotNamed) {
  AccessEvent e = Event();
  e.account = "stagiaire";
  auto f = Evaluate(e, Snap(), kAt, RuleConfig::Defaults());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kAccountNotNamed);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_NE(f[0].explanation.find("stagiaire"), std::string::npos);
  EXPECT_NE(f[0].facts.find("\"reason\":\"account_not_named\""), std::string::npos);
}

TEST(AccessRules, NotYetValidAtTheBoundary) {
  AccessEvent e = Event();
  e.occurred_at = kFrom - 1us;
  EXPECT_TRUE(Fires(e, Snap(), rule::kNotYetValid));
  e.occurred_at = kFrom;
  EXPECT_TRUE(Rules(e, Snap(), kFrom + 1h).empty());
}

TEST(AccessRules, ExpiredAtTheBoundary) {
  AccessEvent e = Event();
  e.occurred_at = kUntil;
  EXPECT_TRUE(Fires(e, Snap(), rule::kExpired, kUntil));
  e.occurred_at = kUntil - 1us;
  EXPECT_TRUE(Rules(e, Snap(), kUntil).empty());
}

TEST(AccessRules, RevokedOnlyFromItsDate) {
  Snapshot s = Snap();
  s.authorisations[0].authorisation.revoked_at = kAt;
  EXPECT_TRUE(Fires(Event(), s, rule::kRevoked));
  // Revoked after the access: the access was covered.
  s.authorisations[0].authorisation.revoked_at = kAt + 1us;
  EXPECT_TRUE(Rules(Event(), s).empty());
}

TEST(AccessRules, SuspendedInsideTheInterval) {
  Snapshot s = Snap();
  s.authorisations[0].authorisation.suspensions.push_back({kAt - 1h, kAt + 1us});
  EXPECT_TRUE(Fires(Event(), s, rule::kSuspended));
  s.authorisations[0].authorisation.suspensions[0].until = kAt;  // resumed at the access
  EXPECT_TRUE(Rules(Event(), s).empty());
}

TEST(AccessRules, OutOfScope) {
  AccessEvent e = Event();
  e.domains = std::vector<std::string>{"visits", "genomics"};
  EXPECT_TRUE(Fires(e, Snap(), rule::kOutOfScope));
  e.domains = std::vector<std::string>{"visits", "diagnoses"};
  EXPECT_TRUE(Rules(e, Snap()).empty());
}

TEST(AccessRules, ProjectClosedAtOccurredAt) {
  Snapshot s = Snap();
  s.project->changes.push_back({kAt, ProjectStatus::kClosed});
  s.authorisations[0].authorisation.revoked_at = kAt;  // closing revokes
  auto r = Rules(Event(), s);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], rule::kProjectClosed);
  s.project->changes.back().at = kAt + 1us;
  s.authorisations[0].authorisation.revoked_at = kAt + 1us;
  EXPECT_TRUE(Rules(Event(), s).empty());
}

TEST(AccessRules, ExportWithoutAuthorisation) {
  AccessEvent e = Event();
  e.action = Action::kExport;
  e.account = "stagiaire";
  auto r = Rules(e, Snap());
  ASSERT_EQ(r.size(), 1u);  // replaces account_not_named
  EXPECT_EQ(r[0], rule::kExportWithoutAuthorisation);
  e.account = "chercheur.moreau";
  EXPECT_TRUE(Rules(e, Snap()).empty());
}

TEST(AccessRules, ObjectingPatientAtOccurredAt) {
  Snapshot s = Snap();
  ObjectionFact o{kTok, "OPP-AAAA-BBBB", "all", kAt, std::nullopt};
  s.objections.push_back(o);
  AccessEvent e = Event();
  e.patients = std::vector<std::string>{kTok};
  auto f = Evaluate(e, s, kAt, RuleConfig::Defaults());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kObjectingPatient);
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  // Recorded after the access: not a finding.
  s.objections[0].effective_at = kAt + 1us;
  EXPECT_TRUE(Rules(e, s).empty());
  // Withdrawn at or before the access: not effective.
  s.objections[0].effective_at = kAt - 24h;
  s.objections[0].withdrawn_at = kAt;
  EXPECT_TRUE(Rules(e, s).empty());
  s.objections[0].withdrawn_at = kAt + 1us;
  EXPECT_TRUE(Fires(e, s, rule::kObjectingPatient));
  // Scope: another project does not cover this one.
  s.objections[0].withdrawn_at.reset();
  s.objections[0].scope = "project:CONTACT-2026-002";
  EXPECT_TRUE(Rules(e, s).empty());
  s.objections[0].scope = "project:CONTACT-2026-001";
  EXPECT_TRUE(Fires(e, s, rule::kObjectingPatient));
}

TEST(AccessRules, ReidentifyWithoutJustification) {
  AccessEvent e = Event();
  e.action = Action::kReidentify;
  EXPECT_TRUE(Fires(e, Snap(), rule::kReidentifyWithoutJustification));
  e.justification = "  ";
  EXPECT_TRUE(Fires(e, Snap(), rule::kReidentifyWithoutJustification));
  e.justification = "appel du médecin traitant";
  EXPECT_TRUE(Rules(e, Snap()).empty());
}

TEST(AccessRules, SmallCountBoundaries) {
  AccessEvent e = Event();
  e.returned_count = 9;
  EXPECT_TRUE(Fires(e, Snap(), rule::kSmallCount));
  e.returned_count = 1;
  EXPECT_TRUE(Fires(e, Snap(), rule::kSmallCount));
  e.returned_count = 10;
  EXPECT_TRUE(Rules(e, Snap()).empty());
  e.returned_count = 0;
  EXPECT_TRUE(Rules(e, Snap()).empty());
}

TEST(AccessRules, LateReportAfter24Hours) {
  EXPECT_TRUE(Fires(Event(), Snap(), rule::kLateReport, kAt + 24h + 1us));
  EXPECT_TRUE(Rules(Event(), Snap(), kAt + 24h).empty());
}

TEST(AccessRules, CheckFailedFinding) {
  Finding f = CheckFailed(Event(), Status::PermissionDenied("no"), RuleConfig::Defaults());
  EXPECT_EQ(f.rule, rule::kCheckFailed);
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_NE(f.facts.find("permission_denied"), std::string::npos) << f.facts;
}

TEST(AccessRules, DisabledRuleDoesNotFire) {
  RuleConfig c = RuleConfig::Defaults();
  for (auto& [n, s] : c.rules) {
    if (n == rule::kLateReport) s.enabled = false;
  }
  EXPECT_TRUE(Evaluate(Event(), Snap(), kAt + 48h, c).empty());
}

}  // namespace
}  // namespace garant::access
