#include "checks.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "garant/audit/leaf.h"
#include "rollups.h"
#include "store_internal.h"

namespace garant::access {
namespace {

// Tokens per objection query (the array parameter stays a few MB at most).
constexpr size_t kTokensPerQuery = 20000;

std::string Micros(std::string_view col) {
  return "(extract(epoch from " + std::string(col) + ") * 1000000)::int8";
}

std::vector<std::string> Split(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    out.emplace_back(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// The history and authorisations (Snapshot::project, authorisations) of the
// projects named `references`, three queries for all of them.
Result<std::map<std::string, Snapshot>> LoadProjects(db::Transaction& tx,
                                                     const std::set<std::string>& references) {
  std::map<std::string, Snapshot> out;
  if (references.empty()) return out;
  GARANT_ASSIGN_OR_RETURN(
      db::Rows p,
      tx.Exec(
          "SELECT id, reference FROM gov_projects WHERE reference = ANY($1::text[])",
          {db::TextArrayLiteral(std::vector<std::string>(references.begin(), references.end()))}));
  std::map<int64_t, Snapshot*> by_project;
  std::vector<std::string> ids;
  for (int i = 0; i < p.size(); ++i) {
    Snapshot& s = out[p.Str(i, 1)];
    ProjectHistory h;
    h.id = p.Int(i, 0);
    h.reference = p.Str(i, 1);
    s.project = std::move(h);
    by_project[p.Int(i, 0)] = &s;
    ids.push_back(std::to_string(p.Int(i, 0)));
  }
  if (ids.empty()) return out;
  const std::string id_array = db::TextArrayLiteral(ids);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows t, tx.Exec("SELECT project_id, " + Micros("at") +
                              ", to_status FROM gov_project_transitions "
                              "WHERE project_id = ANY($1::int8[]) ORDER BY project_id, at, id",
                          {id_array}));
  for (int i = 0; i < t.size(); ++i) {
    auto st = governance::ParseProjectStatus(t.Text(i, 2));
    if (!st.ok()) continue;
    by_project[t.Int(i, 0)]->project->changes.push_back({FromUnixMicros(t.Int(i, 1)), *st});
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows a, tx.Exec("SELECT id, decision_id, array_to_string(accounts, ','), "
                          "array_to_string(domains, ','), array_to_string(associations, ','), " +
                              Micros("valid_from") + ", " + Micros("valid_until") + ", " +
                              Micros("revoked_at") + ", revoked_at IS NULL, " +
                              Micros("created_at") + ", project_id, " + Micros("confirmed_at") +
                              ", confirmed_at IS NULL FROM gov_authorisations WHERE project_id = "
                              "ANY($1::int8[]) "
                              "ORDER BY id",
                          {id_array}));
  std::map<int64_t, std::pair<Snapshot*, size_t>> by_id;
  for (int i = 0; i < a.size(); ++i) {
    Snapshot& s = *by_project[a.Int(i, 10)];
    Snapshot::AuthorisationFact f;
    governance::Authorisation& x = f.authorisation;
    x.id = a.Int(i, 0);
    x.project_id = s.project->id;
    x.decision_id = a.Int(i, 1);
    x.accounts = Split(a.Text(i, 2));
    x.scope.domains = Split(a.Text(i, 3));
    x.scope.associations = Split(a.Text(i, 4));
    x.valid_from = FromUnixMicros(a.Int(i, 5));
    x.valid_until = FromUnixMicros(a.Int(i, 6));
    if (!a.Bool(i, 8)) x.revoked_at = FromUnixMicros(a.Int(i, 7));
    f.created_at = FromUnixMicros(a.Int(i, 9));
    // Two-person rule (sql/0017): a pending authorisation does not count
    // (governance::CheckAccess skips it).
    if (!a.Bool(i, 12)) x.confirmed_at = FromUnixMicros(a.Int(i, 11));
    by_id[x.id] = {&s, s.authorisations.size()};
    s.authorisations.push_back(std::move(f));
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows su, tx.Exec("SELECT s.authorisation_id, " + Micros("s.suspended_at") + ", " +
                               Micros("s.resumed_at") +
                               ", s.resumed_at IS NULL FROM gov_authorisation_suspensions s "
                               "JOIN gov_authorisations a ON a.id = s.authorisation_id "
                               "WHERE a.project_id = ANY($1::int8[]) ORDER BY s.suspended_at, s.id",
                           {id_array}));
  for (int i = 0; i < su.size(); ++i) {
    auto it = by_id.find(su.Int(i, 0));
    if (it == by_id.end()) continue;
    governance::Interval iv;
    iv.from = FromUnixMicros(su.Int(i, 1));
    if (!su.Bool(i, 3)) iv.until = FromUnixMicros(su.Int(i, 2));
    it->second.first->authorisations[it->second.second].authorisation.suspensions.push_back(iv);
  }
  return out;
}

// The objection columns after the first `skip` ones of a row.
ObjectionFact ObjectionAt(const db::Rows& r, int i, int skip) {
  ObjectionFact f;
  f.token = r.Str(i, skip + 0);
  f.reference = r.Str(i, skip + 1);
  f.scope = r.Str(i, skip + 2);
  f.effective_at = FromUnixMicros(r.Int(i, skip + 3));
  if (!r.Bool(i, skip + 5)) f.withdrawn_at = FromUnixMicros(r.Int(i, skip + 4));
  return f;
}

const std::string kObjectionColumns = "ot.token, o.reference, o.scope, " +
                                      Micros("o.effective_at") + ", " + Micros("o.withdrawn_at") +
                                      ", o.withdrawn_at IS NULL";

// Objections of every patient of the targets: one query per kTokensPerQuery
// inline tokens, one for all the sets.
Status LoadObjections(db::Transaction& tx, const std::vector<CheckTarget>& targets,
                      std::vector<Snapshot>& out) {
  std::set<std::string> tokens;
  std::set<std::string> digests;
  for (const auto& t : targets) {
    if (t.event->patients) tokens.insert(t.event->patients->begin(), t.event->patients->end());
    if (t.event->patient_set) digests.insert(*t.event->patient_set);
  }
  std::unordered_map<std::string, std::vector<ObjectionFact>> by_token;
  std::vector<std::string> chunk;
  auto flush = [&]() -> Status {
    if (chunk.empty()) return Status::Ok();
    GARANT_ASSIGN_OR_RETURN(db::Rows r,
                            tx.Exec("SELECT DISTINCT " + kObjectionColumns +
                                        " FROM unnest($1::text[]) AS x(token) CROSS JOIN LATERAL "
                                        "(SELECT objection_id, token FROM objection_tokens "
                                        "WHERE token = x.token OFFSET 0) ot "
                                        "JOIN objections o ON o.id = ot.objection_id",
                                    {db::Param(db::TextArrayLiteral(chunk))}));
    for (int i = 0; i < r.size(); ++i) {
      ObjectionFact f = ObjectionAt(r, i, 0);
      by_token[f.token].push_back(std::move(f));
    }
    chunk.clear();
    return Status::Ok();
  };
  for (const auto& t : tokens) {
    chunk.push_back(t);
    if (chunk.size() == kTokensPerQuery) GARANT_RETURN_IF_ERROR(flush());
  }
  GARANT_RETURN_IF_ERROR(flush());

  std::map<std::string, std::vector<ObjectionFact>> by_set;
  if (!digests.empty()) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r,
        tx.Exec("SELECT DISTINCT s.digest, " + kObjectionColumns +
                    " FROM access_patient_sets s JOIN access_patient_set_chunks c ON "
                    "c.set_id = s.id CROSS JOIN LATERAL access_chunk_tokens(c.tokens) st(token) "
                    "JOIN objection_tokens ot ON ot.token = encode(st.token, 'hex') "
                    "JOIN objections o ON o.id = ot.objection_id "
                    "WHERE s.digest = ANY($1::text[])",
                {db::Param(db::TextArrayLiteral(
                    std::vector<std::string>(digests.begin(), digests.end())))}));
    for (int i = 0; i < r.size(); ++i) by_set[r.Str(i, 0)].push_back(ObjectionAt(r, i, 1));
  }

  for (size_t k = 0; k < targets.size(); ++k) {
    const AccessEvent& e = *targets[k].event;
    if (e.patients) {
      std::set<std::string> mine(e.patients->begin(), e.patients->end());
      for (const auto& tok : mine) {
        auto it = by_token.find(tok);
        if (it == by_token.end()) continue;
        out[k].objections.insert(out[k].objections.end(), it->second.begin(), it->second.end());
      }
    } else if (e.patient_set) {
      auto it = by_set.find(*e.patient_set);
      if (it != by_set.end()) out[k].objections = it->second;
    }
  }
  return Status::Ok();
}

// The key of an account's window indexes (sql/0035): the account's byte
// length, a colon, the account, then `suffix` (empty, or a space and the
// query fingerprint). The length prefix keeps two (account, fingerprint)
// pairs from sharing a key. The SQL side is WindowIndex::key_sql below, the
// same expression as the indexes', so that only they can serve the counts.
std::string WindowKey(const std::string& account, const std::string& suffix) {
  return std::to_string(account.size()) + ":" + account + suffix;
}

// The window indexes of sql/0035, each with the expression of its key and
// the predicate of its rows (the partial index's WHERE).
struct WindowIndex {
  const char* key_sql;
  const char* rows_sql;
};
constexpr WindowIndex kSameQueryIndex{
    "octet_length(a.account)::text || ':' || a.account || ' ' || a.query_fingerprint",
    "a.query_fingerprint IS NOT NULL AND a.outcome = 'success'"};
constexpr WindowIndex kDenialsIndex{"octet_length(a.account)::text || ':' || a.account",
                                    "(a.outcome = 'denied' OR a.action = 'login_failed')"};

// One "count up to kCountCap in (since, t]" query per batch, for the targets
// at `which`, whose keys (WindowKey) are `keys`, over the rows of `index`.
// The key is the index's expression, which no other index of access_events
// has: each count reads at most kCountCap entries of that index, however
// busy the account (with the account as a plain column the planner could
// pick access_events_account and read every event of the account in the
// window, which it did).
Result<std::vector<int64_t>> CountInWindows(db::Transaction& tx,
                                            const std::vector<CheckTarget>& targets,
                                            const std::vector<size_t>& which,
                                            const std::vector<std::string>& keys,
                                            std::chrono::microseconds window,
                                            const WindowIndex& index) {
  std::vector<int64_t> counts(which.size(), 0);
  if (which.empty()) return counts;
  std::vector<std::string> since, until;
  for (size_t k : which) {
    const AccessEvent& e = *targets[k].event;
    since.push_back(FormatRfc3339Utc(e.occurred_at - window));
    until.push_back(FormatRfc3339Utc(e.occurred_at));
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      tx.Exec(std::string("SELECT x.i, (SELECT count(*) FROM (SELECT 1 FROM access_events a "
                          "WHERE ") +
                  index.key_sql + " = x.key AND " + index.rows_sql +
                  " AND a.occurred_at > x.since AND a.occurred_at <= x.t LIMIT $4::int8) c) "
                  "FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) "
                  "WITH ORDINALITY AS x(key, since, t, i)",
              {db::TextArrayLiteral(keys), db::TextArrayLiteral(since), db::TextArrayLiteral(until),
               kCountCap}));
  for (int i = 0; i < r.size(); ++i) counts[static_cast<size_t>(r.Int(i, 0) - 1)] = r.Int(i, 1);
  return counts;
}

}  // namespace

Status AddActivity(db::Transaction& tx, const std::vector<CheckTarget>& targets,
                   const RuleConfig& config, std::vector<Snapshot>& out) {
  if (out.size() != targets.size()) {
    return Status::Internal("AddActivity: one snapshot per target expected");
  }
  // dormant_account: the latest event of the account before occurred_at.
  if (config.Get(rule::kDormantAccount).enabled) {
    std::vector<std::string> accounts, times;
    for (const auto& t : targets) {
      accounts.push_back(t.event->account);
      times.push_back(FormatRfc3339Utc(t.event->occurred_at));
    }
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r,
        tx.Exec("SELECT x.i, (SELECT " + Micros("a.occurred_at") +
                    " FROM access_events a WHERE a.account = x.account AND a.occurred_at < x.t "
                    "ORDER BY a.occurred_at DESC LIMIT 1) FROM unnest($1::text[], "
                    "$2::timestamptz[]) WITH ORDINALITY AS x(account, t, i)",
                {db::TextArrayLiteral(accounts), db::TextArrayLiteral(times)}));
    for (int i = 0; i < r.size(); ++i) {
      if (r.IsNull(i, 1)) continue;
      out[static_cast<size_t>(r.Int(i, 0) - 1)].activity.previous = FromUnixMicros(r.Int(i, 1));
    }
  }

  // repeated_query: successful events with the same fingerprint.
  if (config.Get(rule::kRepeatedQuery).enabled) {
    std::vector<size_t> which;
    std::vector<std::string> keys;
    for (size_t k = 0; k < targets.size(); ++k) {
      const AccessEvent& e = *targets[k].event;
      if (!e.query_fingerprint || e.outcome != Outcome::kSuccess) continue;
      which.push_back(k);
      keys.push_back(WindowKey(e.account, " " + *e.query_fingerprint));
    }
    GARANT_ASSIGN_OR_RETURN(
        std::vector<int64_t> n,
        CountInWindows(tx, targets, which, keys, config.repeated_query_window, kSameQueryIndex));
    for (size_t j = 0; j < which.size(); ++j) out[which[j]].activity.same_query = n[j];
  }

  // repeated_query's differencing form: the account's earlier count queries
  // with criteria in the window whose number of criteria is within one of the
  // event's (one query per candidate event; only counts with criteria are).
  if (config.Get(rule::kRepeatedQuery).enabled) {
    for (size_t k = 0; k < targets.size(); ++k) {
      const AccessEvent& e = *targets[k].event;
      if (!IsDifferencingCandidate(e)) continue;
      const int64_t n = static_cast<int64_t>(e.query_criteria->size());
      GARANT_ASSIGN_OR_RETURN(
          db::Rows r,
          tx.Exec("SELECT a.id::text, " + Micros("a.occurred_at") +
                      ", a.result_count, array_to_string(a.query_criteria, ',') "
                      "FROM access_events a WHERE a.account = $1 AND a.action = 'count' "
                      "AND a.outcome = 'success' AND a.query_criteria IS NOT NULL "
                      "AND a.result_count IS NOT NULL AND a.occurred_at > $2::timestamptz "
                      "AND a.occurred_at <= $3::timestamptz AND a.id <> $4::uuid "
                      "AND cardinality(a.query_criteria) BETWEEN $5::int8 AND $6::int8 "
                      "ORDER BY a.occurred_at DESC LIMIT $7::int8",
                  {e.account, FormatRfc3339Utc(e.occurred_at - config.repeated_query_window),
                   FormatRfc3339Utc(e.occurred_at), e.id, n - 1, n + 1, kCountCap}));
      std::vector<CountQuery> earlier;
      for (int i = 0; i < r.size(); ++i) {
        CountQuery q;
        q.event_id = r.Str(i, 0);
        q.occurred_at = FromUnixMicros(r.Int(i, 1));
        q.result_count = r.Int(i, 2);
        std::string list = r.Str(i, 3);
        for (size_t start = 0; start <= list.size();) {
          size_t comma = list.find(',', start);
          if (comma == std::string::npos) comma = list.size();
          if (comma > start) q.criteria.push_back(list.substr(start, comma - start));
          start = comma + 1;
        }
        earlier.push_back(std::move(q));
      }
      out[k].activity.differencing = FindDifferencingPeer(*e.query_criteria, *ResultCount(e),
                                                          earlier, config.small_count_threshold);
    }
  }

  // repeated_denials.
  if (config.Get(rule::kRepeatedDenials).enabled) {
    std::vector<size_t> which;
    std::vector<std::string> keys;
    for (size_t k = 0; k < targets.size(); ++k) {
      if (!IsDenial(*targets[k].event)) continue;
      which.push_back(k);
      keys.push_back(WindowKey(targets[k].event->account, ""));
    }
    GARANT_ASSIGN_OR_RETURN(
        std::vector<int64_t> n,
        CountInWindows(tx, targets, which, keys, config.repeated_denials_window, kDenialsIndex));
    for (size_t j = 0; j < which.size(); ++j) out[which[j]].activity.denials = n[j];
  }

  // volume_spike: the account's days, from access_account_days (which
  // already holds the targets' own patients).
  if (config.Get(rule::kVolumeSpike).enabled) {
    struct Pair {
      std::vector<size_t> targets;
      int64_t total = 0;
      std::vector<int64_t> previous;
    };
    std::map<std::pair<std::string, std::string>, Pair> pairs;
    for (size_t k = 0; k < targets.size(); ++k) {
      const AccessEvent& e = *targets[k].event;
      const int64_t touched = TouchedPatients(e, targets[k].set_count);
      out[k].activity.touched = touched;
      if (touched == 0) continue;
      pairs[{e.account, ParisIsoDay(e.occurred_at)}].targets.push_back(k);
    }
    if (!pairs.empty()) {
      const int64_t days = config.volume_spike_days;
      std::vector<std::string> accounts, dates;
      for (auto& [key, p] : pairs) {
        accounts.push_back(key.first);
        dates.push_back(key.second);
        p.previous.assign(static_cast<size_t>(days), 0);
      }
      GARANT_ASSIGN_OR_RETURN(
          db::Rows r, tx.Exec("SELECT x.i, d.day - x.day, d.touched_patients FROM "
                              "unnest($1::text[], $2::date[]) WITH ORDINALITY AS x(account, day, "
                              "i) JOIN access_account_days d ON d.account = x.account AND "
                              "d.day >= x.day - $3::int AND d.day <= x.day",
                              {db::TextArrayLiteral(accounts), db::TextArrayLiteral(dates), days}));
      std::vector<Pair*> by_pos;
      for (auto& [key, p] : pairs) by_pos.push_back(&p);
      for (int i = 0; i < r.size(); ++i) {
        Pair& p = *by_pos[static_cast<size_t>(r.Int(i, 0) - 1)];
        const int64_t offset = r.Int(i, 1);  // -days .. 0
        if (offset == 0) {
          p.total = r.Int(i, 2);
        } else {
          p.previous[static_cast<size_t>(days + offset)] = r.Int(i, 2);
        }
      }
      for (auto& [key, p] : pairs) {
        // In occurred_at order, each event's day total leaves out the
        // targets that come after it.
        std::stable_sort(p.targets.begin(), p.targets.end(), [&](size_t a, size_t b) {
          return targets[a].event->occurred_at < targets[b].event->occurred_at;
        });
        int64_t later = 0;
        for (auto it = p.targets.rbegin(); it != p.targets.rend(); ++it) {
          Snapshot::AccountActivity& act = out[*it].activity;
          act.day_patients = p.total - later;
          act.previous_days = p.previous;
          later += act.touched;
        }
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<Snapshot>> LoadRegistrySnapshots(db::Transaction& tx,
                                                    const std::vector<CheckTarget>& targets) {
  std::vector<Snapshot> out(targets.size());
  std::set<std::string> references;
  for (const auto& t : targets) {
    if (t.event->project) references.insert(*t.event->project);
  }
  GARANT_ASSIGN_OR_RETURN(auto projects, LoadProjects(tx, references));
  for (size_t k = 0; k < targets.size(); ++k) {
    const AccessEvent& e = *targets[k].event;
    if (!e.project) continue;
    auto it = projects.find(*e.project);
    if (it == projects.end()) continue;  // unknown project: no_authorisation
    out[k].project = it->second.project;
    out[k].authorisations = it->second.authorisations;
  }
  GARANT_RETURN_IF_ERROR(LoadObjections(tx, targets, out));
  return out;
}

Result<std::vector<Snapshot>> LoadSnapshots(db::Transaction& tx,
                                            const std::vector<CheckTarget>& targets,
                                            const RuleConfig& config) {
  GARANT_ASSIGN_OR_RETURN(std::vector<Snapshot> out, LoadRegistrySnapshots(tx, targets));
  GARANT_RETURN_IF_ERROR(AddActivity(tx, targets, config, out));
  return out;
}

Status AddAccountDays(db::Transaction& tx, const std::vector<CheckTarget>& targets) {
  std::map<std::pair<std::string, std::string>, int64_t> days;
  for (const auto& t : targets) {
    const int64_t touched = TouchedPatients(*t.event, t.set_count);
    if (touched > 0) days[{t.event->account, ParisIsoDay(t.event->occurred_at)}] += touched;
  }
  if (days.empty()) return Status::Ok();
  std::vector<std::string> accounts, dates, counts;
  for (const auto& [key, n] : days) {
    accounts.push_back(key.first);
    dates.push_back(key.second);
    counts.push_back(std::to_string(n));
  }
  return tx
      .Exec(
          "INSERT INTO access_account_days (account, day, touched_patients) "
          "SELECT * FROM unnest($1::text[], $2::date[], $3::int8[]) "
          "ON CONFLICT (account, day) DO UPDATE SET touched_patients = "
          "access_account_days.touched_patients + EXCLUDED.touched_patients",
          {db::TextArrayLiteral(accounts), db::TextArrayLiteral(dates),
           db::TextArrayLiteral(counts)})
      .status();
}

Result<std::vector<std::vector<std::string>>> RecordFindings(
    db::Transaction& tx, audit::AuditLog& log, Random& random, TimePoint raised_at,
    const std::vector<CheckTarget>& targets, std::vector<std::pair<size_t, Finding>> raised) {
  std::vector<std::vector<std::string>> rules(targets.size());
  if (raised.empty()) return rules;
  std::vector<audit::Event> leaves;
  std::vector<std::string> ids;
  for (auto& [k, f] : raised) {
    const AccessEvent& e = *targets[k].event;
    std::string fid = random.Uuid4();
    boost::json::object payload;
    payload["rule"] = f.rule;
    payload["severity"] = ToString(f.severity);
    payload["event_id"] = e.id;
    payload["event_index"] = targets[k].index;
    payload["explanation"] = f.explanation;
    boost::system::error_code ec;
    payload["facts"] = boost::json::parse(f.facts, ec);
    leaves.push_back(audit::Event{fid, "finding.raised", raised_at, "service:garantd",
                                  "access-event/" + e.id, boost::json::serialize(payload)});
    rules[k].push_back(f.rule);
    ids.push_back(std::move(fid));
  }
  // Fresh random ids: no lookup (a collision fails the batch's transaction).
  GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> findex,
                          log.AppendInTx(tx, std::move(leaves), audit::IdCheck::kAssumeNew));
  std::string rows;
  for (size_t j = 0; j < raised.size(); ++j) {
    const auto& [k, f] = raised[j];
    const AccessEvent& e = *targets[k].event;
    rows += ids[j] + '\t' + f.rule + '\t' + std::string(ToString(f.severity)) + '\t' + e.id + '\t' +
            std::to_string(targets[k].index) + '\t' + CopyText(e.account) + '\t' +
            (e.project ? CopyText(*e.project) : "\\N") + '\t' + FormatRfc3339Utc(e.occurred_at) +
            '\t' + FormatRfc3339Utc(raised_at) + '\t' + CopyText(f.explanation) + '\t' +
            CopyText(f.facts) + '\t' + std::to_string(findex[j]) + '\n';
  }
  GARANT_RETURN_IF_ERROR(
      tx.connection()
          .CopyIn("COPY access_findings (id, rule, severity, event_id, event_index, account, "
                  "project, occurred_at, raised_at, explanation, facts, audit_index) FROM STDIN",
                  rows)
          .status());
  GARANT_RETURN_IF_ERROR(AddFindingRollups(tx, ids));
  return rules;
}

}  // namespace garant::access
