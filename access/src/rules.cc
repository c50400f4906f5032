#include "garant/access/rules.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <iterator>
#include <set>

#include "garant/core/decimal.h"
#include "garant/core/paris_time.h"
#include "garant/governance/access_check.h"

namespace garant::access {
namespace {

using governance::AccessReason;

std::string Fr(TimePoint t) { return FormatParisHuman(t); }

std::string Project(const AccessEvent& e) { return e.project ? *e.project : "(aucun)"; }

int64_t Days(std::chrono::microseconds d) {
  return std::chrono::duration_cast<std::chrono::hours>(d).count() / 24;
}

std::string HourMinute(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

// "30/11/2026".
std::string DayFr(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

// A median for people: "12" or "12,5".
std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) return s.substr(0, s.size() - 2);
  for (char& ch : s) {
    if (ch == '.') ch = ',';
  }
  return s;
}

Finding Make(const RuleConfig& c, std::string_view name, std::string explanation,
             boost::json::object facts) {
  return Finding{std::string(name), c.Get(name).severity, std::move(explanation),
                 boost::json::serialize(facts)};
}

std::string_view RuleFor(AccessReason r) {
  switch (r) {
    case AccessReason::kAllowed:
      return {};
    case AccessReason::kNoAuthorisation:
      return rule::kNoAuthorisation;
    case AccessReason::kAccountNotNamed:
      return rule::kAccountNotNamed;
    case AccessReason::kNotYetValid:
      return rule::kNotYetValid;
    case AccessReason::kExpired:
      return rule::kExpired;
    case AccessReason::kRevoked:
      return rule::kRevoked;
    case AccessReason::kSuspended:
      return rule::kSuspended;
    case AccessReason::kOutOfScope:
      return rule::kOutOfScope;
  }
  return rule::kNoAuthorisation;
}

const governance::Authorisation* FindAuthorisation(const std::vector<governance::Authorisation>& v,
                                                   std::optional<int64_t> id) {
  if (!id) return nullptr;
  for (const auto& a : v) {
    if (a.id == *id) return &a;
  }
  return nullptr;
}

// The authorisations as they stood at occurred_at, of the event's decision
// when it names one.
std::vector<governance::Authorisation> StandingAt(const AccessEvent& e, const Snapshot& s) {
  std::vector<governance::Authorisation> out;
  for (const auto& f : s.authorisations) {
    if (f.created_at > e.occurred_at) continue;
    if (e.decision && f.authorisation.decision_id != *e.decision) continue;
    out.push_back(f.authorisation);
  }
  return out;
}

std::string ExplainAccess(const AccessEvent& e, AccessReason r,
                          const governance::Authorisation* a) {
  std::string who = "Le compte « " + e.account + " » a accédé aux données du projet " + Project(e) +
                    " le " + Fr(e.occurred_at);
  switch (r) {
    case AccessReason::kNoAuthorisation:
      return who + " sans qu'aucune autorisation n'existe pour ce projet.";
    case AccessReason::kAccountNotNamed:
      return who + " alors qu'aucune autorisation du projet ne nomme ce compte.";
    case AccessReason::kNotYetValid:
      return who + ", avant le début de validité de son autorisation" +
             (a ? " (le " + Fr(a->valid_from) + ")." : ".");
    case AccessReason::kExpired:
      return who + ", après l'expiration de son autorisation" +
             (a ? " (le " + Fr(a->valid_until) + ")." : ".");
    case AccessReason::kRevoked:
      return who + ", après la révocation de son autorisation" +
             (a && a->revoked_at ? " (le " + Fr(*a->revoked_at) + ")." : ".");
    case AccessReason::kSuspended:
      return who + " pendant une suspension de son autorisation.";
    case AccessReason::kOutOfScope:
      return who +
             " en touchant des domaines ou des associations que son autorisation ne couvre "
             "pas.";
    case AccessReason::kAllowed:
      break;
  }
  return who + ".";
}

boost::json::array JsonList(const std::optional<std::vector<std::string>>& v) {
  boost::json::array a;
  if (v) {
    for (const auto& s : *v) a.emplace_back(s);
  }
  return a;
}

}  // namespace

std::string_view ToString(Severity s) {
  switch (s) {
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "high";
}

const std::vector<std::string_view>& RuleNames() {
  static const std::vector<std::string_view> kNames = {
      rule::kNoAuthorisation,
      rule::kAccountNotNamed,
      rule::kNotYetValid,
      rule::kExpired,
      rule::kRevoked,
      rule::kSuspended,
      rule::kOutOfScope,
      rule::kProjectClosed,
      rule::kExportWithoutAuthorisation,
      rule::kObjectingPatient,
      rule::kReidentifyWithoutJustification,
      rule::kSmallCount,
      rule::kLateReport,
      rule::kRepeatedQuery,
      rule::kVolumeSpike,
      rule::kOffHours,
      rule::kDormantAccount,
      rule::kRepeatedDenials,
      rule::kCheckFailed,
  };
  return kNames;
}

RuleConfig RuleConfig::Defaults() {
  RuleConfig c;
  auto add = [&](std::string_view n, Severity s) {
    c.rules.push_back({std::string(n), {true, s}});
  };
  add(rule::kNoAuthorisation, Severity::kCritical);
  add(rule::kAccountNotNamed, Severity::kCritical);
  add(rule::kNotYetValid, Severity::kHigh);
  add(rule::kExpired, Severity::kHigh);
  add(rule::kRevoked, Severity::kHigh);
  add(rule::kSuspended, Severity::kHigh);
  add(rule::kOutOfScope, Severity::kHigh);
  add(rule::kProjectClosed, Severity::kHigh);
  add(rule::kExportWithoutAuthorisation, Severity::kCritical);
  add(rule::kObjectingPatient, Severity::kCritical);
  add(rule::kReidentifyWithoutJustification, Severity::kHigh);
  add(rule::kSmallCount, Severity::kMedium);
  add(rule::kLateReport, Severity::kLow);
  add(rule::kRepeatedQuery, Severity::kMedium);
  add(rule::kVolumeSpike, Severity::kHigh);
  add(rule::kOffHours, Severity::kLow);
  add(rule::kDormantAccount, Severity::kMedium);
  add(rule::kRepeatedDenials, Severity::kMedium);
  add(rule::kCheckFailed, Severity::kHigh);
  return c;
}

RuleSetting RuleConfig::Get(std::string_view name) const {
  for (const auto& [n, s] : rules) {
    if (n == name) return s;
  }
  return RuleSetting{false, Severity::kLow};
}

RuleConfig RuleConfig::Without(std::initializer_list<std::string_view> names) const {
  RuleConfig out = *this;
  for (auto& [n, s] : out.rules) {
    for (std::string_view off : names) {
      if (n == off) s.enabled = false;
    }
  }
  return out;
}

std::optional<int64_t> ResultCount(const AccessEvent& e) {
  return e.true_count ? e.true_count : e.returned_count;
}

bool IsDifferencingCandidate(const AccessEvent& e) {
  return e.action == Action::kCount && e.outcome == Outcome::kSuccess && e.query_criteria &&
         !e.query_criteria->empty() && ResultCount(e).has_value();
}

std::optional<DifferencingPeer> FindDifferencingPeer(const std::vector<std::string>& criteria,
                                                     int64_t count,
                                                     const std::vector<CountQuery>& earlier,
                                                     int64_t threshold) {
  const std::set<std::string> mine(criteria.begin(), criteria.end());
  std::optional<DifferencingPeer> best;
  for (const CountQuery& q : earlier) {
    const std::set<std::string> theirs(q.criteria.begin(), q.criteria.end());
    std::vector<std::string> only_mine, only_theirs;
    std::set_difference(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                        std::back_inserter(only_mine));
    std::set_difference(theirs.begin(), theirs.end(), mine.begin(), mine.end(),
                        std::back_inserter(only_theirs));
    if (only_mine.size() + only_theirs.size() != 1) continue;
    const int64_t difference =
        count > q.result_count ? count - q.result_count : q.result_count - count;
    if (difference < 1 || difference >= threshold) continue;
    if (best && best->occurred_at >= q.occurred_at) continue;
    best = DifferencingPeer{q.event_id, q.occurred_at,
                            only_mine.empty() ? only_theirs.front() : only_mine.front(),
                            !only_mine.empty(), difference};
  }
  return best;
}

bool ProjectHistory::ClosedAt(TimePoint t) const {
  std::optional<governance::ProjectStatus> status;
  for (const auto& c : changes) {
    if (c.at <= t) status = c.to;
  }
  return status == governance::ProjectStatus::kClosed;
}

bool ObjectionFact::CoversAt(TimePoint t, const std::optional<std::string>& project) const {
  if (effective_at > t) return false;
  if (withdrawn_at && *withdrawn_at <= t) return false;
  if (scope == "all") return true;
  return project && scope == "project:" + *project;
}

std::vector<Finding> Evaluate(const AccessEvent& e, const Snapshot& s, TimePoint recorded_at,
                              const RuleConfig& c) {
  std::vector<Finding> out;
  auto on = [&](std::string_view name) { return c.Get(name).enabled; };

  // The access check replayed at occurred_at: only for an access that
  // happened (a denied or failed one touched no data).
  if (TouchesData(e.action) && e.outcome == Outcome::kSuccess) {
    boost::json::object facts;
    facts["account"] = e.account;
    facts["project"] = e.project ? boost::json::value(*e.project) : boost::json::value(nullptr);
    facts["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
    facts["domains"] = JsonList(e.domains);
    facts["associations"] = JsonList(e.associations);
    std::string_view name;
    std::string explanation;
    if (s.project && s.project->ClosedAt(e.occurred_at)) {
      name = rule::kProjectClosed;
      explanation = "Le compte « " + e.account + " » a accédé aux données du projet " + Project(e) +
                    " le " + Fr(e.occurred_at) + ", alors que le projet était clos.";
    } else {
      governance::AccessRequest req;
      req.account = e.account;
      if (e.domains) req.domains = *e.domains;
      if (e.associations) req.associations = *e.associations;
      req.time = e.occurred_at;
      std::vector<governance::Authorisation> standing = StandingAt(e, s);
      governance::AccessDecision d =
          s.project ? governance::CheckAccess(req, standing) : governance::AccessDecision{};
      if (!d.allowed()) {
        name = RuleFor(d.reason);
        explanation = ExplainAccess(e, d.reason, FindAuthorisation(standing, d.authorisation_id));
        if (d.authorisation_id) facts["authorisation_id"] = *d.authorisation_id;
      }
    }
    if (!name.empty()) {
      facts["reason"] = name;
      if (e.action == Action::kExport) {
        if (on(rule::kExportWithoutAuthorisation)) {
          facts["export"] = e.export_info ? boost::json::value(e.export_info->destination)
                                          : boost::json::value(nullptr);
          out.push_back(Make(c, rule::kExportWithoutAuthorisation,
                             "Export sans autorisation valable : " + explanation,
                             std::move(facts)));
        }
      } else if (on(name)) {
        out.push_back(Make(c, name, std::move(explanation), std::move(facts)));
      }
    }
  }

  if (on(rule::kObjectingPatient)) {
    std::set<std::string> tokens;
    std::vector<std::string> references;
    for (const auto& o : s.objections) {
      if (!o.CoversAt(e.occurred_at, e.project)) continue;
      tokens.insert(o.token);
      if (references.size() < 20) references.push_back(o.reference);
    }
    if (!tokens.empty()) {
      boost::json::object facts;
      facts["objecting_patients"] = static_cast<int64_t>(tokens.size());
      boost::json::array refs;
      for (const auto& r : references) refs.emplace_back(r);
      facts["objections"] = std::move(refs);
      facts["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
      out.push_back(Make(c, rule::kObjectingPatient,
                         std::to_string(tokens.size()) + " patient(s) de cet accès (projet " +
                             Project(e) + ", le " + Fr(e.occurred_at) +
                             ") s'étaient opposés à l'usage de leurs données : le filtre ou une "
                             "purge a échoué.",
                         std::move(facts)));
    }
  }

  if (e.action == Action::kReidentify && on(rule::kReidentifyWithoutJustification)) {
    bool blank = !e.justification || e.justification->find_first_not_of(" \t") == std::string::npos;
    if (blank) {
      boost::json::object facts;
      facts["account"] = e.account;
      out.push_back(Make(c, rule::kReidentifyWithoutJustification,
                         "Le compte « " + e.account + " » a demandé une réidentification le " +
                             Fr(e.occurred_at) + " sans justification.",
                         std::move(facts)));
    }
  }

  if (e.returned_count && *e.returned_count > 0 && *e.returned_count < c.small_count_threshold &&
      on(rule::kSmallCount)) {
    boost::json::object facts;
    facts["returned_count"] = *e.returned_count;
    facts["threshold"] = c.small_count_threshold;
    out.push_back(Make(c, rule::kSmallCount,
                       "Un résultat de " + std::to_string(*e.returned_count) +
                           " patient(s), sous le seuil de " +
                           std::to_string(c.small_count_threshold) +
                           ", a été rendu sans masquage (risque de réidentification).",
                       std::move(facts)));
  }

  if (recorded_at - e.occurred_at > c.late_report_after && on(rule::kLateReport)) {
    boost::json::object facts;
    facts["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
    facts["recorded_at"] = FormatRfc3339Utc(recorded_at);
    auto hours = std::chrono::duration_cast<std::chrono::hours>(recorded_at - e.occurred_at);
    facts["delay_hours"] = static_cast<int64_t>(hours.count());
    out.push_back(
        Make(c, rule::kLateReport,
             "Cet accès a été déclaré " + std::to_string(hours.count()) +
                 " heures après avoir eu lieu (plus de " +
                 std::to_string(
                     std::chrono::duration_cast<std::chrono::hours>(c.late_report_after).count()) +
                 " heures).",
             std::move(facts)));
  }

  const Snapshot::AccountActivity& act = s.activity;
  if (e.query_fingerprint && e.outcome == Outcome::kSuccess &&
      act.same_query >= c.repeated_query_count && on(rule::kRepeatedQuery)) {
    boost::json::object facts;
    facts["query_fingerprint"] = *e.query_fingerprint;
    facts["count"] = act.same_query;
    facts["threshold"] = c.repeated_query_count;
    facts["window_days"] = Days(c.repeated_query_window);
    out.push_back(Make(c, rule::kRepeatedQuery,
                       "Le compte « " + e.account + " » a lancé la même requête " +
                           std::to_string(act.same_query) + " fois en " +
                           std::to_string(Days(c.repeated_query_window)) +
                           " jours (seuil : " + std::to_string(c.repeated_query_count) +
                           ") : risque de réidentification par différence.",
                       std::move(facts)));
  } else if (act.differencing && on(rule::kRepeatedQuery)) {
    const DifferencingPeer& p = *act.differencing;
    boost::json::object facts;
    facts["form"] = "differencing";
    facts["other_event"] = p.event_id;
    facts["other_occurred_at"] = FormatRfc3339Utc(p.occurred_at);
    facts["criterion"] = p.criterion;
    facts["criterion_added"] = p.added;
    facts["count_difference"] = p.difference;
    facts["threshold"] = c.small_count_threshold;
    out.push_back(
        Make(c, rule::kRepeatedQuery,
             "Le compte « " + e.account + " » a lancé le " + Fr(e.occurred_at) +
                 " un comptage qui ne diffère de celui du " + Fr(p.occurred_at) +
                 " que par un critère (" + (p.added ? "ajouté" : "retiré") +
                 "), et leurs effectifs diffèrent de " + std::to_string(p.difference) +
                 " (moins de " + std::to_string(c.small_count_threshold) +
                 ") : la différence isole ces quelques personnes (attaque par différence).",
             std::move(facts)));
  }

  if (act.touched > 0 && on(rule::kVolumeSpike)) {
    const double median = Median(act.previous_days);
    auto spike = [&](int64_t total) {
      return total >= c.volume_spike_min &&
             static_cast<double>(total) > static_cast<double>(c.volume_spike_factor) * median;
    };
    if (spike(act.day_patients) && !spike(act.day_patients - act.touched)) {
      boost::json::object facts;
      facts["day"] = ParisIsoDay(e.occurred_at);
      facts["day_patients"] = act.day_patients;
      facts["median"] = median;
      facts["factor"] = c.volume_spike_factor;
      facts["min"] = c.volume_spike_min;
      facts["days"] = c.volume_spike_days;
      out.push_back(Make(
          c, rule::kVolumeSpike,
          "Le compte « " + e.account + " » a touché " + std::to_string(act.day_patients) +
              " patients le " + DayFr(ParisDay(e.occurred_at)) + ", plus de " +
              std::to_string(c.volume_spike_factor) + " fois sa médiane des " +
              std::to_string(c.volume_spike_days) + " jours précédents (" + Number(median) + ").",
          std::move(facts)));
    }
  }

  if (e.outcome == Outcome::kSuccess && e.action != Action::kLogout &&
      OutsideWorkingHours(e.occurred_at, c) && on(rule::kOffHours)) {
    const std::chrono::sys_days day = ParisDay(e.occurred_at);
    const bool holiday = IsFrenchPublicHoliday(std::chrono::year_month_day{day});
    const unsigned wd = std::chrono::weekday{day}.c_encoding();
    boost::json::object facts;
    facts["paris_time"] = FormatParisHuman(e.occurred_at);
    facts["weekend"] = wd == 0 || wd == 6;
    facts["public_holiday"] = holiday;
    facts["working_hours"] = HourMinute(c.off_hours_start) + "-" + HourMinute(c.off_hours_end);
    std::string when = holiday ? " un jour férié"
                       : wd == 0 || wd == 6
                           ? " un week-end"
                           : " hors des heures ouvrées (" + HourMinute(c.off_hours_start) + "–" +
                                 HourMinute(c.off_hours_end) + ")";
    out.push_back(Make(c, rule::kOffHours,
                       "Le compte « " + e.account + " » a agi le " + Fr(e.occurred_at) +
                           " (heure de Paris)," + when + ".",
                       std::move(facts)));
  }

  if (act.previous && e.occurred_at - *act.previous >= c.dormant_after &&
      on(rule::kDormantAccount)) {
    boost::json::object facts;
    facts["previous_activity"] = FormatRfc3339Utc(*act.previous);
    facts["idle_days"] = Days(e.occurred_at - *act.previous);
    facts["threshold_days"] = Days(c.dormant_after);
    out.push_back(Make(c, rule::kDormantAccount,
                       "Le compte « " + e.account + " », inactif depuis le " + Fr(*act.previous) +
                           " (" + std::to_string(Days(e.occurred_at - *act.previous)) +
                           " jours), a de nouveau été utilisé le " + Fr(e.occurred_at) + ".",
                       std::move(facts)));
  }

  if (IsDenial(e) && act.denials >= c.repeated_denials_count && on(rule::kRepeatedDenials)) {
    boost::json::object facts;
    facts["denials"] = act.denials;
    facts["threshold"] = c.repeated_denials_count;
    facts["window_minutes"] = static_cast<int64_t>(
        std::chrono::duration_cast<std::chrono::minutes>(c.repeated_denials_window).count());
    out.push_back(Make(c, rule::kRepeatedDenials,
                       "Le compte « " + e.account + " » a essuyé " + std::to_string(act.denials) +
                           " refus d'accès en " +
                           std::to_string(std::chrono::duration_cast<std::chrono::minutes>(
                                              c.repeated_denials_window)
                                              .count()) +
                           " minutes (jusqu'au " + Fr(e.occurred_at) + ").",
                       std::move(facts)));
  }
  return out;
}

int64_t TouchedPatients(const AccessEvent& e, int64_t set_count) {
  if (!TouchesData(e.action) || e.outcome != Outcome::kSuccess) return 0;
  if (e.patients) return static_cast<int64_t>(DistinctCount(*e.patients));
  if (e.patient_set) return set_count;
  return 0;
}

bool IsDenial(const AccessEvent& e) {
  return e.outcome == Outcome::kDenied || e.action == Action::kLoginFailed;
}

double Median(std::vector<int64_t> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  if (n % 2 == 1) return static_cast<double>(v[n / 2]);
  return (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
}

std::chrono::year_month_day EasterSunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19, b = year / 100, cc = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = cc / 4, k = cc % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return std::chrono::year{year} / month / day;
}

bool IsFrenchPublicHoliday(std::chrono::year_month_day day) {
  using std::chrono::month_day;
  const unsigned m = static_cast<unsigned>(day.month()), d = static_cast<unsigned>(day.day());
  static constexpr std::pair<unsigned, unsigned> kFixed[] = {{1, 1},  {5, 1},  {5, 8},   {7, 14},
                                                             {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (const auto& [fm, fd] : kFixed) {
    if (m == fm && d == fd) return true;
  }
  const std::chrono::sys_days easter{EasterSunday(static_cast<int>(day.year()))};
  const std::chrono::sys_days t{day};
  const auto after = (t - easter).count();
  return after == 1 || after == 39 || after == 50;  // Monday, Ascension, Whit Monday
}

std::chrono::sys_days ParisDay(TimePoint t) {
  return std::chrono::floor<std::chrono::days>(ParisWallClock(t));
}

std::string ParisIsoDay(TimePoint t) { return FormatIsoDay(ParisDay(t)); }

bool OutsideWorkingHours(TimePoint t, const RuleConfig& c) {
  const TimePoint local = ParisWallClock(t);
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(local);
  const unsigned wd = std::chrono::weekday{day}.c_encoding();  // 0 = Sunday
  if (wd == 0 || wd == 6) return true;
  if (IsFrenchPublicHoliday(std::chrono::year_month_day{day})) return true;
  const auto minute =
      std::chrono::duration_cast<std::chrono::minutes>(local - TimePoint(day)).count();
  return minute < c.off_hours_start || minute >= c.off_hours_end;
}

Finding CheckFailed(const AccessEvent& e, const Status& why, const RuleConfig& c) {
  boost::json::object facts;
  facts["error"] = why.ToString();
  facts["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
  Finding f =
      Make(c, rule::kCheckFailed,
           "Les contrôles de cet accès (compte « " + e.account + " », projet " + Project(e) +
               ") n'ont pas pu être faits : les registres étaient illisibles. "
               "L'accès est enregistré ; il faut le vérifier.",
           std::move(facts));
  if (!c.Get(rule::kCheckFailed).enabled) f.severity = Severity::kHigh;  // never silent
  return f;
}

}  // namespace garant::access
