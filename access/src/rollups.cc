#include "rollups.h"

#include <cstdio>
#include <map>
#include <set>

#include "garant/access/rules.h"
#include "garant/access/views.h"

namespace garant::access {
namespace {

// The Paris day of `t` as "YYYY-MM-DD" (the desk's day, rules.h ParisDay).
std::string ParisDayText(TimePoint t) {
  const std::chrono::year_month_day ymd{ParisDay(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

Status AddEventRollups(db::Transaction& tx, const std::string& reporter,
                       const std::vector<const AccessEvent*>& events) {
  if (events.empty()) return Status::Ok();
  std::vector<std::string> ids, decisions;
  ids.reserve(events.size());
  decisions.reserve(events.size());
  for (const AccessEvent* e : events) {
    ids.push_back(e->id);
    decisions.push_back(std::to_string(e->decision.value_or(0)));
  }
  // Counts: the events read back from access_events (the same expressions as
  // the backfill of sql/0030), grouped, added to the rows already there.
  GARANT_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO access_rollup_days AS r (project, day, account, action, outcome, "
              "decision, by_garant, events, first_at, last_at, result_rows, touched) "
              "SELECT coalesce(e.project, ''), (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, "
              "e.account, e.action, e.outcome, x.decision, e.reported_by = 'service:garantd', "
              "count(*), min(e.occurred_at), max(e.occurred_at), coalesce(sum(e.result_count), "
              "0), coalesce(sum(e.touched_patients), 0) FROM unnest($1::uuid[], $2::int8[]) "
              "x(id, decision) JOIN access_events e ON e.id = x.id GROUP BY 1, 2, 3, 4, 5, 6, 7 "
              "ON CONFLICT (project, day, account, action, outcome, decision, by_garant) DO "
              "UPDATE SET events = r.events + excluded.events, first_at = least(r.first_at, "
              "excluded.first_at), last_at = greatest(r.last_at, excluded.last_at), result_rows "
              "= r.result_rows + excluded.result_rows, touched = r.touched + excluded.touched",
              {db::TextArrayLiteral(ids), db::TextArrayLiteral(decisions)})
          .status());

  // Patients: the warehouse's events of a project only (as the desk counts).
  if (reporter == kGarantReporter) return Status::Ok();
  // (project, token) -> the Paris days of the batch that touched it.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> inline_days;
  std::vector<std::string> set_events;
  for (const AccessEvent* e : events) {
    if (!e->project) continue;
    if (e->patient_set) set_events.push_back(e->id);
    if (!e->patients || e->patients->empty()) continue;
    const std::string day = ParisDayText(e->occurred_at);
    for (const std::string& t : *e->patients) inline_days[{*e->project, t}].insert(day);
  }
  if (!inline_days.empty()) {
    std::vector<std::string> projects, tokens, days;
    projects.reserve(inline_days.size());
    tokens.reserve(inline_days.size());
    days.reserve(inline_days.size());
    for (const auto& [key, ds] : inline_days) {
      projects.push_back(key.first);
      tokens.push_back(key.second);
      std::string m = "{";
      for (const std::string& d : ds) m += (m.size() > 1 ? ",[" : "[") + d + "," + d + "]";
      days.push_back(m + "}");
    }
    GARANT_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO access_project_patients AS r (project, token, days) "
                "SELECT p, decode(t, 'hex'), d FROM unnest($1::text[], $2::text[], "
                "$3::datemultirange[]) u(p, t, d) ON CONFLICT (project, token) DO UPDATE SET "
                "days = r.days + excluded.days WHERE NOT r.days @> excluded.days",
                {db::TextArrayLiteral(projects), db::TextArrayLiteral(tokens),
                 db::TextArrayLiteral(days)})
            .status());
  }
  if (!set_events.empty()) {
    // A set's tokens are unpacked once per (project, set, day) ever seen.
    GARANT_RETURN_IF_ERROR(
        tx.Exec("WITH s AS (INSERT INTO access_project_set_days (project, set_id, day) "
                "SELECT DISTINCT e.project, ps.id, (e.occurred_at AT TIME ZONE "
                "'Europe/Paris')::date FROM access_events e JOIN access_patient_sets ps ON "
                "ps.digest = e.patient_set WHERE e.id = ANY($1::uuid[]) ON CONFLICT DO NOTHING "
                "RETURNING project, set_id, day) "
                "INSERT INTO access_project_patients AS r (project, token, days) "
                "SELECT s.project, m.token, range_agg(daterange(s.day, s.day, '[]')) FROM s "
                "JOIN access_patient_set_chunks c ON c.set_id = s.set_id CROSS JOIN LATERAL "
                "access_chunk_tokens(c.tokens) m(token) GROUP BY 1, 2 "
                "ON CONFLICT (project, token) DO UPDATE SET days = r.days + excluded.days "
                "WHERE NOT r.days @> excluded.days",
                {db::TextArrayLiteral(set_events)})
            .status());
  }
  return Status::Ok();
}

Status AddFindingRollups(db::Transaction& tx, const std::vector<std::string>& finding_ids) {
  if (finding_ids.empty()) return Status::Ok();
  return tx
      .Exec(
          "INSERT INTO access_rollup_findings AS r (day, project, rule, severity, findings) "
          "SELECT (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, coalesce(e.project, ''), "
          "f.rule, f.severity, count(*) FROM access_findings f JOIN access_events e ON e.id = "
          "f.event_id WHERE f.id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4 "
          "ON CONFLICT (day, project, rule, severity) DO UPDATE SET findings = r.findings + "
          "excluded.findings",
          {db::TextArrayLiteral(finding_ids)})
      .status();
}

}  // namespace garant::access
