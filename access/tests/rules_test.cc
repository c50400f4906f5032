// The checks at occurred_at: each rule fires, and a near miss at its boundary
// does not.
#include "garant/access/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

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
  // Confirmed by a second secretary (two-person rule, sql/0017).
  f.authorisation.issued_by = "staff:1";
  f.authorisation.confirmed_by = "staff:2";
  f.authorisation.confirmed_at = f.created_at;
  s.authorisations.push_back(f);
  return s;
}

// The defaults without off_hours: the registry rules' boundaries fall at
// midnight on New Year's Day (off_hours has its own tests).
RuleConfig Daytime() { return RuleConfig::Defaults().Without({rule::kOffHours}); }

std::vector<std::string> Rules(const AccessEvent& e, const Snapshot& s,
                               TimePoint recorded = kAt + 1h) {
  std::vector<std::string> out;
  for (const auto& f : Evaluate(e, s, recorded, Daytime())) out.push_back(f.rule);
  return out;
}

bool Fires(const AccessEvent& e, const Snapshot& s, std::string_view rule,
           TimePoint recorded = kAt + 1h) {
  auto r = Rules(e, s, recorded);
  return std::find(r.begin(), r.end(), rule) != r.end();
}

// The Paris calendar day, across midnight in winter (UTC+1) and summer (UTC+2).
TEST(AccessRules, ParisIsoDay) {
  EXPECT_EQ(ParisIsoDay(T("2026-01-15T22:59:59Z")), "2026-01-15");
  EXPECT_EQ(ParisIsoDay(T("2026-01-15T23:00:00Z")), "2026-01-16");
  EXPECT_EQ(ParisIsoDay(T("2026-07-01T21:59:59Z")), "2026-07-01");
  EXPECT_EQ(ParisIsoDay(T("2026-07-01T22:00:00Z")), "2026-07-02");
  EXPECT_EQ(ParisIsoDay(T("2026-12-31T23:30:00Z")), "2027-01-01");
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

// Two-person rule: an authorisation not yet confirmed by a second secretary
// covers nothing.
TEST(AccessRules, PendingAuthorisationDoesNotCover) {
  Snapshot s = Snap();
  s.authorisations[0].authorisation.confirmed_at.reset();
  EXPECT_TRUE(Fires(Event(), s, rule::kNoAuthorisation));
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
  const RuleConfig c = RuleConfig::Defaults().Without({rule::kLateReport});
  EXPECT_TRUE(Evaluate(Event(), Snap(), kAt + 48h, c).empty());
}

// --- Rules over the account's activity (aggregates in the snapshot) ---

bool FiresOnly(const AccessEvent& e, const Snapshot& s, std::string_view name,
               const RuleConfig& base) {
  RuleConfig c = base;
  for (auto& [n, st] : c.rules) st.enabled = st.enabled && n == name;
  auto f = Evaluate(e, s, e.occurred_at + 1h, c);
  return !f.empty() && f[0].rule == name;
}
bool FiresOnly(const AccessEvent& e, const Snapshot& s, std::string_view name) {
  return FiresOnly(e, s, name, RuleConfig::Defaults());
}

TEST(AccessRules, RepeatedQueryAtTheSeventh) {
  AccessEvent e = Event();
  e.query_fingerprint = "q-7f3a";
  Snapshot s = Snap();
  s.activity.same_query = 7;
  auto f = Evaluate(e, s, kAt + 1h, RuleConfig::Defaults());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kRepeatedQuery);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_NE(f[0].facts.find("\"count\":7"), std::string::npos) << f[0].facts;
  // Near miss: the sixth; no fingerprint; a denied query.
  s.activity.same_query = 6;
  EXPECT_TRUE(Rules(e, s).empty());
  s.activity.same_query = 7;
  AccessEvent none = Event();
  EXPECT_TRUE(Rules(none, s).empty());
  AccessEvent denied = e;
  denied.outcome = Outcome::kDenied;
  EXPECT_FALSE(FiresOnly(denied, s, rule::kRepeatedQuery));
}

CountQuery Earlier(const char* id, const char* at, std::vector<std::string> criteria,
                   int64_t count) {
  return CountQuery{id, T(at), std::move(criteria), count};
}

TEST(AccessRules, DifferencingPeerDiffersByOneCriterionAndAFewPeople) {
  const std::vector<std::string> mine = {"age.ge.75", "region:ara", "dx:J10"};
  // One criterion more than an earlier query, 3 people fewer: a pair.
  auto p = FindDifferencingPeer(
      mine, 40, {Earlier("e1", "2026-01-02T09:00:00Z", {"region:ara", "age.ge.75"}, 43)}, 10);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->event_id, "e1");
  EXPECT_EQ(p->criterion, "dx:J10");
  EXPECT_TRUE(p->added);
  EXPECT_EQ(p->difference, 3);
  // One criterion fewer (removed), order and duplicates do not matter.
  p = FindDifferencingPeer(mine, 40,
                           {Earlier("e2", "2026-01-02T09:00:00Z",
                                    {"dx:J10", "sex:F", "age.ge.75", "region:ara", "sex:F"}, 31)},
                           10);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->criterion, "sex:F");
  EXPECT_FALSE(p->added);
  EXPECT_EQ(p->difference, 9);
  // The latest of several pairs.
  p = FindDifferencingPeer(mine, 40,
                           {Earlier("old", "2026-01-01T09:00:00Z", {"region:ara", "age.ge.75"}, 42),
                            Earlier("new", "2026-01-03T09:00:00Z", {"region:ara", "dx:J10"}, 41),
                            Earlier("mid", "2026-01-02T09:00:00Z", {"age.ge.75", "dx:J10"}, 39)},
                           10);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->event_id, "new");
}

TEST(AccessRules, DifferencingNearMisses) {
  const std::vector<std::string> mine = {"age.ge.75", "region:ara", "dx:J10"};
  const char* at = "2026-01-02T09:00:00Z";
  // Ten apart (the threshold), or the same count: no one is isolated.
  EXPECT_FALSE(
      FindDifferencingPeer(mine, 40, {Earlier("a", at, {"age.ge.75", "region:ara"}, 50)}, 10));
  EXPECT_FALSE(
      FindDifferencingPeer(mine, 40, {Earlier("b", at, {"age.ge.75", "region:ara"}, 40)}, 10));
  // Two criteria apart (one swapped), or the same criteria.
  EXPECT_FALSE(FindDifferencingPeer(
      mine, 40, {Earlier("c", at, {"age.ge.75", "region:ara", "dx:J11"}, 41)}, 10));
  EXPECT_FALSE(FindDifferencingPeer(mine, 40, {Earlier("d", at, mine, 41)}, 10));
  EXPECT_FALSE(FindDifferencingPeer(mine, 40, {}, 10));
}

TEST(AccessRules, DifferencingIsTheSecondFormOfRepeatedQuery) {
  AccessEvent e = Event();
  e.action = Action::kCount;
  e.query_criteria = std::vector<std::string>{"age.ge.75", "dx:J10"};
  e.returned_count = 45;
  e.true_count = 40;
  EXPECT_TRUE(IsDifferencingCandidate(e));
  EXPECT_EQ(*ResultCount(e), 40);  // the true count, when sent
  Snapshot s = Snap();
  s.activity.differencing = DifferencingPeer{"e1", T("2026-01-02T08:00:00Z"), "dx:J10", true, 3};
  auto f = Evaluate(e, s, kAt + 1h, Daytime());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kRepeatedQuery);
  EXPECT_NE(f[0].facts.find("\"form\":\"differencing\""), std::string::npos) << f[0].facts;
  EXPECT_NE(f[0].facts.find("\"other_event\":\"e1\""), std::string::npos) << f[0].facts;
  EXPECT_NE(f[0].explanation.find("attaque par différence"), std::string::npos);
  // Both forms at once: one finding, the first form's.
  e.query_fingerprint = "q-1";
  s.activity.same_query = 7;
  f = Evaluate(e, s, kAt + 1h, Daytime());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].facts.find("differencing"), std::string::npos) << f[0].facts;
  // Not a candidate: no criteria, no count, a query, a denied count.
  AccessEvent q = e;
  q.query_criteria.reset();
  EXPECT_FALSE(IsDifferencingCandidate(q));
  q = e;
  q.true_count.reset();
  q.returned_count.reset();
  EXPECT_FALSE(IsDifferencingCandidate(q));
  q = e;
  q.action = Action::kQuery;
  EXPECT_FALSE(IsDifferencingCandidate(q));
  q = e;
  q.outcome = Outcome::kDenied;
  EXPECT_FALSE(IsDifferencingCandidate(q));
}

TEST(AccessRules, VolumeSpikeOnTheEventThatCrossesTheThreshold) {
  AccessEvent e = Event();
  Snapshot s = Snap();
  s.activity.previous_days.assign(30, 30);  // median 30: the limit is > 300
  s.activity.touched = 50;
  s.activity.day_patients = 301;  // 251 before this event, 301 with it
  auto f = Evaluate(e, s, kAt + 1h, RuleConfig::Defaults());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kVolumeSpike);
  EXPECT_NE(f[0].facts.find("\"day\":\"2026-06-01\""), std::string::npos) << f[0].facts;
  // Near miss: exactly 10x the median is not more than 10x.
  s.activity.day_patients = 300;
  EXPECT_TRUE(Rules(e, s).empty());
  // Already over before this event: raised once, by the crossing event.
  s.activity.day_patients = 400;
  EXPECT_TRUE(Rules(e, s).empty());
  // The floor: a quiet account (median 0) needs at least 200 patients.
  s.activity.previous_days.assign(30, 0);
  s.activity.touched = 199;
  s.activity.day_patients = 199;
  EXPECT_TRUE(Rules(e, s).empty());
  s.activity.touched = 200;
  s.activity.day_patients = 200;
  EXPECT_TRUE(FiresOnly(e, s, rule::kVolumeSpike));
  // An even number of days: the median is the mean of the middle two.
  EXPECT_EQ(Median({1, 2, 3, 10}), 2.5);
  EXPECT_EQ(Median({5, 1, 3}), 3);
  EXPECT_EQ(Median({}), 0);
}

TEST(AccessRules, EasterAndFrenchPublicHolidays) {
  using namespace std::chrono;
  EXPECT_EQ(EasterSunday(2000), year{2000} / April / 23);
  EXPECT_EQ(EasterSunday(2019), year{2019} / April / 21);
  EXPECT_EQ(EasterSunday(2024), year{2024} / March / 31);
  EXPECT_EQ(EasterSunday(2025), year{2025} / April / 20);
  EXPECT_EQ(EasterSunday(2026), year{2026} / April / 5);
  EXPECT_EQ(EasterSunday(2027), year{2027} / March / 28);
  EXPECT_EQ(EasterSunday(2038), year{2038} / April / 25);
  // Lundi de Pâques, Ascension, lundi de Pentecôte.
  for (auto d : {year{2024} / April / 1, year{2024} / May / 9, year{2024} / May / 20,
                 year{2025} / April / 21, year{2025} / May / 29, year{2025} / June / 9,
                 year{2026} / April / 6, year{2026} / May / 14, year{2026} / May / 25,
                 year{2027} / March / 29, year{2027} / May / 6, year{2027} / May / 17}) {
    EXPECT_TRUE(IsFrenchPublicHoliday(d))
        << static_cast<int>(d.year()) << "-" << static_cast<unsigned>(d.month()) << "-"
        << static_cast<unsigned>(d.day());
  }
  for (auto d : {year{2026} / January / 1, year{2026} / May / 1, year{2026} / May / 8,
                 year{2026} / July / 14, year{2026} / August / 15, year{2026} / November / 1,
                 year{2026} / November / 11, year{2026} / December / 25}) {
    EXPECT_TRUE(IsFrenchPublicHoliday(d));
  }
  // Near misses: Easter Sunday itself is a Sunday, not a listed holiday; Good
  // Friday and 26 December are holidays in Alsace-Moselle only.
  for (auto d : {year{2026} / April / 5, year{2026} / April / 3, year{2026} / December / 26,
                 year{2026} / May / 13, year{2026} / May / 26, year{2026} / June / 1}) {
    EXPECT_FALSE(IsFrenchPublicHoliday(d));
  }
}

TEST(AccessRules, OffHoursInParisTimeAcrossSummerTime) {
  RuleConfig c = RuleConfig::Defaults();
  // Summer (CEST, UTC+2): Monday 1 June 2026, 20:00 Paris is 18:00 UTC.
  EXPECT_TRUE(OutsideWorkingHours(T("2026-06-01T18:00:00Z"), c));
  EXPECT_FALSE(OutsideWorkingHours(T("2026-06-01T17:59:59Z"), c));
  EXPECT_FALSE(OutsideWorkingHours(T("2026-06-01T06:00:00Z"), c));
  EXPECT_TRUE(OutsideWorkingHours(T("2026-06-01T05:59:59Z"), c));
  // Winter (CET, UTC+1): Friday 27 March 2026, 08:00 Paris is 07:00 UTC.
  EXPECT_FALSE(OutsideWorkingHours(T("2026-03-27T07:00:00Z"), c));
  EXPECT_TRUE(OutsideWorkingHours(T("2026-03-27T06:59:59Z"), c));
  // The Monday after the change (29 March 2026): 08:00 Paris is 06:00 UTC.
  EXPECT_FALSE(OutsideWorkingHours(T("2026-03-30T06:00:00Z"), c));
  EXPECT_TRUE(OutsideWorkingHours(T("2026-03-30T05:59:59Z"), c));
  // Back to winter time on 25 October 2026: Monday 26th, 08:00 is 07:00 UTC.
  EXPECT_TRUE(OutsideWorkingHours(T("2026-10-26T06:30:00Z"), c));
  EXPECT_FALSE(OutsideWorkingHours(T("2026-10-26T07:00:00Z"), c));
  // Weekend and holiday, at noon; the Paris day, not the UTC one: Friday
  // 23:30 UTC in summer is Saturday 01:30 in Paris.
  EXPECT_TRUE(OutsideWorkingHours(T("2026-06-06T10:00:00Z"), c));  // Saturday
  EXPECT_TRUE(OutsideWorkingHours(T("2026-05-14T10:00:00Z"), c));  // Ascension
  EXPECT_TRUE(OutsideWorkingHours(T("2026-06-05T22:30:00Z"), c));
  // Configured hours.
  c.off_hours_start = 7 * 60 + 30;
  EXPECT_FALSE(OutsideWorkingHours(T("2026-06-01T05:30:00Z"), c));
}

TEST(AccessRules, OffHoursFinding) {
  AccessEvent e = Event();
  e.occurred_at = T("2026-06-01T18:00:00Z");  // Monday 20:00 in Paris
  auto f = Evaluate(e, Snap(), e.occurred_at + 1h, RuleConfig::Defaults());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kOffHours);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_NE(f[0].explanation.find("01/06/2026 à 20:00"), std::string::npos) << f[0].explanation;
  e.occurred_at = T("2026-06-01T17:59:59Z");
  EXPECT_TRUE(Evaluate(e, Snap(), e.occurred_at + 1h, RuleConfig::Defaults()).empty());
  // A logout at night is not an access; a denied login is reported elsewhere.
  e.occurred_at = T("2026-06-06T10:00:00Z");
  e.action = Action::kLogout;
  EXPECT_FALSE(FiresOnly(e, Snap(), rule::kOffHours));
  e.action = Action::kLogin;
  EXPECT_TRUE(FiresOnly(e, Snap(), rule::kOffHours));
}

TEST(AccessRules, DormantAccountAfterNinetyDays) {
  Snapshot s = Snap();
  s.activity.previous = kAt - 90 * 24h;
  auto f = Evaluate(Event(), s, kAt + 1h, RuleConfig::Defaults());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, rule::kDormantAccount);
  EXPECT_NE(f[0].facts.find("\"idle_days\":90"), std::string::npos) << f[0].facts;
  s.activity.previous = kAt - 90 * 24h + 1us;
  EXPECT_TRUE(Rules(Event(), s).empty());
  // Never seen before: not dormant.
  s.activity.previous.reset();
  EXPECT_TRUE(Rules(Event(), s).empty());
}

TEST(AccessRules, RepeatedDenialsFromTheFifth) {
  AccessEvent e = Event();
  e.outcome = Outcome::kDenied;
  Snapshot s = Snap();
  s.activity.denials = 5;
  auto r = Rules(e, s);
  ASSERT_EQ(r, std::vector<std::string>{std::string(rule::kRepeatedDenials)});
  s.activity.denials = 4;
  EXPECT_TRUE(Rules(e, s).empty());
  // A failed login is a denial; a success is not, whatever the count.
  s.activity.denials = 5;
  AccessEvent login = Event();
  login.action = Action::kLoginFailed;
  login.outcome = Outcome::kFailed;
  EXPECT_TRUE(FiresOnly(login, s, rule::kRepeatedDenials));
  EXPECT_FALSE(FiresOnly(Event(), s, rule::kRepeatedDenials));
}

TEST(AccessRules, TouchedPatientsCountIndividualDataOfSuccessfulAccesses) {
  AccessEvent e = Event();
  e.patients = std::vector<std::string>{kTok, kTok, std::string(64, 'b')};
  EXPECT_EQ(TouchedPatients(e, 0), 2);
  e.patients.reset();
  e.patient_set = std::string(64, 'c');
  EXPECT_EQ(TouchedPatients(e, 1000), 1000);
  e.outcome = Outcome::kDenied;
  EXPECT_EQ(TouchedPatients(e, 1000), 0);
  AccessEvent count = Event();
  count.patient_count = 5000;  // an aggregate: no individual data
  EXPECT_EQ(TouchedPatients(count, 0), 0);
}

// --- Configuration from the config file ---

ConfigSection Section(std::string name, std::vector<std::pair<std::string, std::string>> kv) {
  ConfigSection s{std::move(name), "/etc/garant.conf:10", {}};
  int line = 11;
  for (auto& [k, v] : kv) {
    s.entries.push_back({k, v, "/etc/garant.conf:" + std::to_string(line++)});
  }
  return s;
}

TEST(AccessRuleConfig, SectionsOverrideTheDefaults) {
  auto c = RuleConfigFromSections(
      {Section("access.rules.off_hours", {{"start", "07:30"}, {"end", "19:00"}}),
       Section("access.rules.small_count", {{"threshold", "5"}, {"severity", "high"}}),
       Section("access.rules.late_report", {{"enabled", "false"}, {"hours", "48"}}),
       Section("access.rules.repeated_query", {{"count", "3"}, {"days", "7"}}),
       Section("access.rules.volume_spike", {{"factor", "5"}, {"min", "50"}, {"days", "14"}}),
       Section("access.rules.dormant_account", {{"days", "60"}}),
       Section("access.rules.repeated_denials", {{"count", "3"}, {"window_minutes", "10"}})});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->off_hours_start, 7 * 60 + 30);
  EXPECT_EQ(c->off_hours_end, 19 * 60);
  EXPECT_EQ(c->small_count_threshold, 5);
  EXPECT_EQ(c->Get(rule::kSmallCount).severity, Severity::kHigh);
  EXPECT_FALSE(c->Get(rule::kLateReport).enabled);
  EXPECT_EQ(c->late_report_after, std::chrono::hours(48));
  EXPECT_EQ(c->repeated_query_count, 3);
  EXPECT_EQ(c->repeated_query_window, std::chrono::hours(24 * 7));
  EXPECT_EQ(c->volume_spike_factor, 5);
  EXPECT_EQ(c->volume_spike_min, 50);
  EXPECT_EQ(c->volume_spike_days, 14);
  EXPECT_EQ(c->dormant_after, std::chrono::hours(24 * 60));
  EXPECT_EQ(c->repeated_denials_count, 3);
  EXPECT_EQ(c->repeated_denials_window, std::chrono::minutes(10));
  EXPECT_TRUE(c->Get(rule::kOffHours).enabled);  // untouched
  auto none = RuleConfigFromSections({});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->small_count_threshold, 10);
}

TEST(AccessRuleConfig, UnknownKeysRulesAndBadValuesAreRefusedWithTheirLine) {
  auto key = RuleConfigFromSections({Section("access.rules.small_count", {{"treshold", "5"}})});
  EXPECT_EQ(key.status().code(), Code::kInvalidArgument);
  EXPECT_NE(key.status().message().find("/etc/garant.conf:11: unknown key 'treshold'"),
            std::string::npos)
      << key.status().message();
  EXPECT_NE(key.status().message().find("keys: enabled, severity, threshold"), std::string::npos);
  // A threshold of another rule.
  EXPECT_FALSE(RuleConfigFromSections({Section("access.rules.off_hours", {{"days", "3"}})}).ok());
  auto rule = RuleConfigFromSections({Section("access.rules.of_hours", {})});
  EXPECT_NE(rule.status().message().find("/etc/garant.conf:10: unknown rule 'of_hours'"),
            std::string::npos)
      << rule.status().message();
  auto severity =
      RuleConfigFromSections({Section("access.rules.off_hours", {{"severity", "urgent"}})});
  EXPECT_EQ(severity.status().code(), Code::kInvalidArgument);
  EXPECT_NE(severity.status().message().find("low, medium, high or critical"), std::string::npos);
  for (auto [name, k, v] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"access.rules.off_hours", "enabled", "yes"},
           {"access.rules.off_hours", "start", "8h"},
           {"access.rules.off_hours", "end", "24:01"},
           {"access.rules.small_count", "threshold", "0"},
           {"access.rules.small_count", "threshold", "-3"},
           {"access.rules.repeated_query", "count", "1"},
           {"access.rules.check_failed", "enabled", "false"}}) {
    EXPECT_EQ(RuleConfigFromSections({Section(name, {{k, v}})}).status().code(),
              Code::kInvalidArgument)
        << name << " " << k << " = " << v;
  }
  auto order = RuleConfigFromSections(
      {Section("access.rules.off_hours", {{"start", "20:00"}, {"end", "08:00"}})});
  EXPECT_NE(order.status().message().find("start must be before end"), std::string::npos);
}

}  // namespace
}  // namespace garant::access
