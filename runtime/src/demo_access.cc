#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <vector>

#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/access/store.h"
#include "garant/consent/objection_store.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/paris_time.h"
#include "garant/governance/store.h"
#include "garant/runtime/demo.h"
#include "garant/staff/accounts.h"

namespace garant::runtime {
namespace {

using access::AccessEvent;
using access::Action;
using access::Outcome;
using std::chrono::hours;
using std::chrono::minutes;

constexpr const char* kFlu = "CONTACT-2026-001";      // authorised: chercheur.moreau, biostat.leroy
constexpr const char* kRanking = "CONTACT-2026-003";  // unfavourable: no authorisation
constexpr const char* kHeat = "CONTACT-2026-005";     // authorised analyste.roussel, suspended
constexpr const char* kAsthma = "CONTACT-2026-002";   // favourable with conditions: see below
constexpr const char* kSeed = "service:demo-seed";

// A fictitious patient token: the SHA-256 of a label (never a real person's).
std::string Token(const std::string& label) {
  return HexEncode(crypto::Sha256("demo-patient/" + label));
}

struct Builder {
  Random& random;
  std::vector<AccessEvent> events;

  AccessEvent& Add(TimePoint at, const std::string& account, Action action,
                   const char* project = nullptr) {
    AccessEvent e;
    e.id = random.Uuid4();
    e.occurred_at = at;
    e.account = account;
    e.organisation =
        account == "analyste.roussel" ? "Santé publique France (démo)" : "Inserm U1018 (démo)";
    e.action = action;
    if (project != nullptr) e.project = project;
    e.source = "entrepot-demo";
    e.outcome = Outcome::kSuccess;
    events.push_back(std::move(e));
    return events.back();
  }
  AccessEvent& Query(TimePoint at, const std::string& account, const char* project,
                     std::vector<std::string> domains, int patients, const std::string& label) {
    AccessEvent& e = Add(at, account, Action::kQuery, project);
    e.purpose = "research";
    e.domains = std::move(domains);
    std::vector<std::string> tokens;
    for (int i = 0; i < patients; ++i) tokens.push_back(Token(label + "/" + std::to_string(i)));
    e.patients = std::move(tokens);
    e.returned_count = 120;
    e.query_fingerprint = HexEncode(crypto::Sha256("demo-query/" + label));
    return e;
  }
};

// A person who objected ten days before the week's end (a web objection,
// scope: every use), dated in the past with its audit entry dated now. Returns
// one of the person's tokens under the current key.
Result<std::string> SeedObjector(db::Pool& pool, audit::AuditLog& log, Random& random,
                                 const Clock& clock, const Keys& keys, TimePoint at) {
  ManualClock past(at);
  consent::ObjectionStore store(pool, log, random, past,
                                consent::MakeObjectionKeys(keys.pseudonymisation, keys.sealing,
                                                           keys.previous_pseudonymisation));
  store.UseAuditClock(clock);
  consent::NewObjection o;
  o.traits.birth_name = "Démo-Lambert";
  o.traits.given_names = "Camille";
  o.traits.birth_date = "1980-04-12";
  o.traits.sex = "F";
  GARANT_ASSIGN_OR_RETURN(consent::Receipt r, store.Create(o, "public"));
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> tokens, store.Tokens(r.objection));
  if (tokens.empty()) return Status::Internal("demo objection without tokens");
  return tokens.front();
}

// On the asthma feasibility project (favourable with conditions, 90 days
// ago), three authorisations that do not hold during the week, then the
// project's closure on its last day at `closed_at`:
//   biostat.leroy   twenty days from the start: expired long before the week;
//   data.girard     a year from the start, revoked the day before the last day;
//   interne.faure   granted two days before the week, valid only from five
//                   days after today.
Status SeedAsthmaAuthorisations(db::Pool& pool, audit::AuditLog& log, Random& random,
                                const Clock& clock, TimePoint week_start, TimePoint last_day,
                                TimePoint closed_at) {
  using std::chrono::days;
  ManualClock past(week_start);
  governance::GovernanceStore store(pool, log, past, random);
  store.UseAuditClock(clock);
  GARANT_ASSIGN_OR_RETURN(governance::Project p, store.GetProjectByReference(kAsthma));
  GARANT_ASSIGN_OR_RETURN(auto decisions, store.ListDecisions(p.id));
  if (decisions.empty() || !decisions.back().signed_at) {
    return Status::FailedPrecondition("demo accesses: the asthma project has no signed decision");
  }
  GARANT_ASSIGN_OR_RETURN(int delay, store.PublicationDelayDays());
  // As the demo's other authorisations: from midnight, Paris time, of the
  // Paris day after the publication delay ends; every bound a Paris midnight.
  const std::chrono::sys_days first_day =
      std::chrono::floor<days>(ParisWallClock(*decisions.back().signed_at + days(delay))) + days(1);
  const TimePoint start = ParisDayStart(first_day);
  // Confirmed at once by the second demo secretary (two-person rule).
  std::string confirmer = "service:demo-seed-cosigner";
  if (auto sec = staff::AccountStore(pool, random).Get("secretaire2"); sec.ok()) {
    confirmer = "staff:" + std::to_string(sec->id);
  }
  auto authorise = [&](std::string account, TimePoint from,
                       TimePoint until) -> Result<governance::Authorisation> {
    governance::Authorisation a;
    a.project_id = p.id;
    a.decision_id = decisions.back().id;
    a.accounts = {std::move(account)};
    a.scope.domains = {"visits", "diagnoses"};
    a.valid_from = from;
    a.valid_until = until;
    GARANT_ASSIGN_OR_RETURN(governance::Authorisation issued, store.CreateAuthorisation(kSeed, a));
    return store.ConfirmAuthorisation(confirmer, issued.id);
  };
  past.Set(start);
  GARANT_RETURN_IF_ERROR(
      authorise("biostat.leroy", start, ParisDayStart(first_day + days(20))).status());
  GARANT_ASSIGN_OR_RETURN(governance::Authorisation girard,
                          authorise("data.girard", start, ParisDayStart(first_day + days(365))));
  GARANT_RETURN_IF_ERROR(
      store.TransitionProject(kSeed, p.id, governance::ProjectStatus::kActive, "Démarrage")
          .status());
  const std::chrono::sys_days today = std::chrono::floor<days>(ParisWallClock(clock.Now()));
  past.Set(week_start - days(2));
  GARANT_RETURN_IF_ERROR(
      authorise("interne.faure", ParisDayStart(today + days(5)), ParisDayStart(today + days(370)))
          .status());
  past.Set(last_day - days(1));
  GARANT_RETURN_IF_ERROR(
      store.RevokeAuthorisation(kSeed, girard.id, "Fin de la mission de l'analyste"));
  past.Set(closed_at);
  return store
      .TransitionProject(kSeed, p.id, governance::ProjectStatus::kClosed,
                         "Étude de faisabilité terminée")
      .status();
}

}  // namespace

Status SeedAccessDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock,
                      const Keys& keys) {
  {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
    GARANT_ASSIGN_OR_RETURN(
        db::Rows seeded,
        conn->Exec("SELECT 1 FROM access_events WHERE reported_by = 'service:demo-seed' LIMIT 1",
                   {}));
    if (seeded.size() > 0) return Status::Ok();
  }
  const TimePoint now = clock.Now();
  const auto today = std::chrono::floor<std::chrono::days>(now);
  access::RuleConfig defaults = access::RuleConfig::Defaults();
  // Working days of the last week (Paris: 10:00 UTC is 11:00 or 12:00).
  std::vector<TimePoint> days;
  TimePoint weekend_night{};
  for (int back = 7; back >= 1; --back) {
    const TimePoint morning =
        std::chrono::time_point_cast<std::chrono::microseconds>(today - std::chrono::days(back)) +
        hours(9);
    if (access::OutsideWorkingHours(morning, defaults)) {
      if (weekend_night == TimePoint{}) weekend_night = morning + hours(12);
    } else {
      days.push_back(morning);
    }
  }
  if (days.size() < 3) return Status::FailedPrecondition("demo accesses: no working week");
  // Off hours: a weekend evening if the week had one, else a working night.
  if (weekend_night == TimePoint{}) weekend_night = days.front() + hours(12) + minutes(30);

  Builder b{random, {}};
  const std::vector<std::string> flu_domains = {"visits", "diagnoses"};
  // The ordinary week: chercheur.moreau queries, biostat.leroy counts, one
  // of its queries saved and re-run each day.
  int n = 0;
  for (size_t d = 0; d < days.size(); ++d) {
    for (int k = 0; k < 3; ++k) {
      b.Query(days[d] + hours(k * 2), "chercheur.moreau", kFlu, flu_domains, 5,
              "moreau/" + std::to_string(n++));
    }
    AccessEvent& count = b.Add(days[d] + minutes(45), "biostat.leroy", Action::kCount, kFlu);
    count.purpose = "research";
    count.domains = flu_domains;
    count.patient_count = 1500 + static_cast<int64_t>(d);
    count.returned_count = count.patient_count;
    count.query_fingerprint =
        HexEncode(crypto::Sha256("demo-query/leroy-daily/" + std::to_string(d)));
  }
  // repeated_query: the same query seven times (the seventh is the finding).
  for (int i = 0; i < 7; ++i) {
    TimePoint at = days[static_cast<size_t>(i) % days.size()] + hours(5) + minutes(i);
    b.Query(at, "biostat.leroy", kFlu, flu_domains, 2, "leroy-same").query_fingerprint =
        HexEncode(crypto::Sha256("demo-query/leroy-same"));
  }
  const TimePoint last = days.back();
  // account_not_named, then five denials in twenty minutes (repeated_denials).
  b.Query(last + minutes(10), "stagiaire.petit", kFlu, flu_domains, 3, "petit");
  for (int i = 0; i < 5; ++i) {
    AccessEvent& e = b.Query(last + hours(1) + minutes(4 * i), "stagiaire.petit", kFlu, flu_domains,
                             0, "petit-denied/" + std::to_string(i));
    e.patients.reset();
    e.returned_count.reset();
    e.outcome = Outcome::kDenied;
    e.outcome_reason = "compte non autorisé sur ce projet";
  }
  // no_authorisation (a project the committee refused) and an export there.
  b.Query(last + hours(2), "chercheur.moreau", kRanking, {"visits"}, 4, "ranking");
  AccessEvent& exp =
      b.Add(last + hours(2) + minutes(30), "biostat.leroy", Action::kExport, kRanking);
  exp.export_info = access::ExportInfo{"classement-medecins.csv",
                                       HexEncode(crypto::Sha256("demo-export/classement")), 48213,
                                       "poste de travail de l'analyste"};
  // out_of_scope: a domain the authorisation does not cover.
  b.Query(last + hours(3), "chercheur.moreau", kFlu, {"calls"}, 3, "scope");
  // reidentify_without_justification.
  AccessEvent& re = b.Add(last + hours(4), "chercheur.moreau", Action::kReidentify, kFlu);
  re.domains = std::vector<std::string>{"demographics"};
  re.patients = std::vector<std::string>{Token("moreau/0/0")};
  // small_count: a count of 4 patients.
  AccessEvent& small = b.Add(last + hours(5), "biostat.leroy", Action::kCount, kFlu);
  small.domains = flu_domains;
  small.patient_count = 4;
  small.returned_count = 4;
  // volume_spike: 300 patients in one extraction.
  AccessEvent& big = b.Add(last + hours(6), "chercheur.moreau", Action::kExtract, kFlu);
  big.domains = flu_domains;
  std::vector<std::string> many;
  for (int i = 0; i < 300; ++i) many.push_back(Token("spike/" + std::to_string(i)));
  big.patients = std::move(many);
  // off_hours.
  b.Query(weekend_night, "biostat.leroy", kFlu, flu_domains, 2, "night");
  // objecting_patient: a person who objected before the week, in a query.
  GARANT_ASSIGN_OR_RETURN(std::string objector, SeedObjector(pool, log, random, clock, keys,
                                                             days.front() - std::chrono::days(3)));
  AccessEvent& obj =
      b.Query(days[2] + hours(1), "chercheur.moreau", kFlu, flu_domains, 1, "objector");
  obj.patients->push_back(objector);
  // The asthma project's authorisations that do not hold: expired,
  // not_yet_valid, revoked; then project_closed after its closure.
  const TimePoint closed_at = last + hours(6) + minutes(20);
  GARANT_RETURN_IF_ERROR(
      SeedAsthmaAuthorisations(pool, log, random, clock, days.front(), last, closed_at));
  const std::vector<std::string> asthma_domains = {"visits"};
  b.Query(days[1] + hours(3), "biostat.leroy", kAsthma, asthma_domains, 3, "asthma-leroy");
  b.Query(days[1] + hours(4), "interne.faure", kAsthma, asthma_domains, 3, "asthma-faure");
  b.Query(last + hours(2) + minutes(30), "data.girard", kAsthma, asthma_domains, 3,
          "asthma-girard");
  b.Query(closed_at + minutes(20), "interne.faure", kAsthma, asthma_domains, 3, "asthma-closed");
  // dormant_account, then an access to a suspended project.
  b.Add(last - std::chrono::days(120), "analyste.roussel", Action::kLogin);
  b.Query(last + hours(1), "analyste.roussel", kHeat, {"calls"}, 6, "heat");

  access::AccessStore week(pool, log, clock, random, defaults.Without({access::rule::kLateReport}));
  GARANT_RETURN_IF_ERROR(week.RecordBatch(kSeed, b.events).status());

  // late_report: reported three days after it happened.
  Builder late{random, {}};
  late.Query(days.front() + hours(3), "biostat.leroy", kFlu, flu_domains, 2, "late");
  access::AccessStore reporting(pool, log, clock, random, defaults);
  GARANT_RETURN_IF_ERROR(reporting.RecordBatch(kSeed, late.events).status());
  spdlog::info("demo accesses seeded: {} events", b.events.size() + late.events.size());
  return Status::Ok();
}

}  // namespace garant::runtime
