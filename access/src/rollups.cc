#include "rollups.h"

#include <map>
#include <set>
#include <tuple>

#include "garant/access/rules.h"
#include "garant/access/views.h"

namespace garant::access {

Status AddEventRollups(db::Transaction& tx, const std::string& reporter,
                       const std::vector<CheckTarget>& targets) {
  if (targets.empty()) return Status::Ok();
  // Counts: grouped here from the events as recorded (the same values as
  // the columns of access_events that the backfill of sql/0030 reads:
  // ResultCount, TouchedPatients, the Paris day), added to the rows already
  // there. Reading the rows back by id cost a primary-key probe per event.
  struct Group {
    int64_t events = 0;
    TimePoint first, last;
    int64_t result_rows = 0, touched = 0;
  };
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, int64_t>;
  std::map<Key, Group> groups;
  for (const CheckTarget& t : targets) {
    const AccessEvent& e = *t.event;
    Group& g = groups[Key{e.project.value_or(""), ParisIsoDay(e.occurred_at), e.account,
                          std::string(ToString(e.action)), std::string(ToString(e.outcome)),
                          e.decision.value_or(0)}];
    if (g.events == 0 || e.occurred_at < g.first) g.first = e.occurred_at;
    if (g.events == 0 || e.occurred_at > g.last) g.last = e.occurred_at;
    ++g.events;
    g.result_rows += ResultCount(e).value_or(0);
    g.touched += TouchedPatients(e, t.set_count);
  }
  std::vector<std::string> projects, days, accounts, actions, outcomes, decisions, counts, firsts,
      lasts, rows, touched;
  for (const auto& [k, g] : groups) {
    projects.push_back(std::get<0>(k));
    days.push_back(std::get<1>(k));
    accounts.push_back(std::get<2>(k));
    actions.push_back(std::get<3>(k));
    outcomes.push_back(std::get<4>(k));
    decisions.push_back(std::to_string(std::get<5>(k)));
    counts.push_back(std::to_string(g.events));
    firsts.push_back(FormatRfc3339Utc(g.first));
    lasts.push_back(FormatRfc3339Utc(g.last));
    rows.push_back(std::to_string(g.result_rows));
    touched.push_back(std::to_string(g.touched));
  }
  GARANT_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO access_rollup_days AS r (project, day, account, action, outcome, "
              "decision, by_garant, events, first_at, last_at, result_rows, touched) "
              "SELECT p, d, a, ac, o, de, $12::bool, n, f, l, rr, t FROM unnest($1::text[], "
              "$2::date[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::int8[], "
              "$8::timestamptz[], $9::timestamptz[], $10::int8[], $11::int8[]) "
              "u(p, d, a, ac, o, de, n, f, l, rr, t) "
              "ON CONFLICT (project, day, account, action, outcome, decision, by_garant) DO "
              "UPDATE SET events = r.events + excluded.events, first_at = least(r.first_at, "
              "excluded.first_at), last_at = greatest(r.last_at, excluded.last_at), result_rows "
              "= r.result_rows + excluded.result_rows, touched = r.touched + excluded.touched",
              {db::TextArrayLiteral(projects), db::TextArrayLiteral(days),
               db::TextArrayLiteral(accounts), db::TextArrayLiteral(actions),
               db::TextArrayLiteral(outcomes), db::TextArrayLiteral(decisions),
               db::TextArrayLiteral(counts), db::TextArrayLiteral(firsts),
               db::TextArrayLiteral(lasts), db::TextArrayLiteral(rows),
               db::TextArrayLiteral(touched), reporter == kGarantReporter ? "true" : "false"})
          .status());
  return Status::Ok();
}

namespace {

// Adds (project, token) -> the Paris days it was touched on, and the tokens
// of the sets the events `set_events` name, to access_project_patients. A
// union of days: adding what is there already changes nothing.
Status AddPatients(
    db::Transaction& tx,
    const std::map<std::pair<std::string, std::string>, std::set<std::string>>& inline_days,
    const std::vector<std::string>& set_events) {
  if (!inline_days.empty()) {
    // One row per (project, token): its day, or when it was touched on
    // several days, all of them as a multirange. Parsing a multirange costs
    // about 10 us in PostgreSQL, a date a fraction of it.
    std::vector<std::string> projects, tokens, days;
    std::vector<std::optional<std::string>> several;
    projects.reserve(inline_days.size());
    tokens.reserve(inline_days.size());
    days.reserve(inline_days.size());
    several.reserve(inline_days.size());
    for (const auto& [key, ds] : inline_days) {
      projects.push_back(key.first);
      tokens.push_back(key.second);
      days.push_back(*ds.begin());
      if (ds.size() == 1) {
        several.emplace_back();
        continue;
      }
      std::string m = "{";
      for (const std::string& d : ds) m += (m.size() > 1 ? ",[" : "[") + d + "," + d + "]";
      several.push_back(m + "}");
    }
    GARANT_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO access_project_patients AS r (project, token, days) "
                "SELECT p, decode(t, 'hex'), coalesce(m, datemultirange(daterange(d, d, '[]'))) "
                "FROM unnest($1::text[], $2::text[], $3::date[], $4::datemultirange[]) "
                "u(p, t, d, m) ON CONFLICT (project, token) DO UPDATE SET "
                "days = r.days + excluded.days WHERE NOT r.days @> excluded.days",
                {db::TextArrayLiteral(projects), db::TextArrayLiteral(tokens),
                 db::TextArrayLiteral(days), db::TextArrayLiteral(several)})
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

}  // namespace

Result<PatientRollupStep> FollowPatientRollupInTx(db::Transaction& tx, size_t max_events) {
  // The row lock serialises followers (and the retention's rebuild, which
  // takes it too); batches never wait for it.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows state,
      tx.Exec("SELECT through FROM access_patients_rollup_state WHERE id = 0 FOR UPDATE"));
  if (state.size() != 1) return Status::Internal("access_patients_rollup_state has no row");
  PatientRollupStep step;
  step.through = state.Int(0, 0);
  // The next events in index order, with what the rollup needs of the
  // warehouse's events of a project (the project is NULL for the others):
  // their Paris day, their inline tokens (packed, sorted, distinct), whether
  // they name a set.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("SELECT audit_index, id::text, CASE WHEN reported_by <> $3 THEN project END, "
              "(occurred_at AT TIME ZONE 'Europe/Paris')::date::text, "
              "encode(patient_tokens, 'hex'), patient_set IS NOT NULL FROM access_events "
              "WHERE audit_index > $1::int8 ORDER BY audit_index LIMIT $2::int8",
              {db::Param(step.through), db::Param(static_cast<int64_t>(max_events)),
               std::string(kGarantReporter)}));
  std::map<std::pair<std::string, std::string>, std::set<std::string>> inline_days;
  std::vector<std::string> set_events;
  for (int i = 0; i < rows.size(); ++i) {
    if (rows.IsNull(i, 2)) continue;
    ++step.events;
    if (rows.Bool(i, 5)) set_events.push_back(rows.Str(i, 1));
    if (rows.IsNull(i, 4)) continue;
    const std::string project = rows.Str(i, 2);
    const std::string day = rows.Str(i, 3);
    const std::string_view hex = rows.Text(i, 4);
    for (size_t at = 0; at + 64 <= hex.size(); at += 64) {
      inline_days[{project, std::string(hex.substr(at, 64))}].insert(day);
    }
  }
  GARANT_RETURN_IF_ERROR(AddPatients(tx, inline_days, set_events));
  step.caught_up = rows.size() < static_cast<int>(max_events);
  if (!rows.empty()) {
    const int64_t last = rows.Int(rows.size() - 1, 0);
    GARANT_RETURN_IF_ERROR(
        tx.Exec("UPDATE access_patients_rollup_state SET through = $1::int8 WHERE id = 0",
                {db::Param(last)})
            .status());
    step.through = last;
    step.read = rows.size();
  }
  return step;
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
