// AccessStore::RetryFailedChecks: the checks of check_failed events, run again.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <map>

#include "checks.h"
#include "garant/access/store.h"
#include "garant/audit/leaf.h"

namespace garant::access {
namespace {

constexpr int64_t kBatchLockKey = 0x6761726163636573;  // as RecordBatch: "garacces"

}  // namespace

Result<RetryReport> AccessStore::RetryFailedChecks(size_t limit) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT pg_advisory_xact_lock($1::int8)", {kBatchLockKey}).status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows pending,
      tx.Exec(
          "SELECT e.id::text, e.audit_index, e.patient_set, COALESCE(s.token_count, 0), "
          "(extract(epoch from e.recorded_at) * 1000000)::int8, encode(e.patient_tokens, 'hex') "
          "FROM access_events e LEFT JOIN access_patient_sets s ON s.digest = e.patient_set "
          "WHERE e.id IN (SELECT f.event_id FROM access_findings f "
          "WHERE f.rule = 'check_failed') "
          "AND NOT EXISTS (SELECT 1 FROM access_check_retries r WHERE r.event_id = e.id) "
          // A pruned event's leaf is gone: nothing left to check it against.
          "AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.idx = e.audit_index AND "
          "a.pruned_at IS NOT NULL) "
          "ORDER BY e.audit_index LIMIT $1::int8",
          {static_cast<int64_t>(limit)}));
  RetryReport report;
  if (pending.empty()) return report;

  std::vector<AccessEvent> events;
  std::vector<CheckTarget> targets;
  std::vector<TimePoint> recorded;
  events.reserve(static_cast<size_t>(pending.size()));
  for (int i = 0; i < pending.size(); ++i) {
    const std::string id = pending.Str(i, 0);
    const uint64_t index = static_cast<uint64_t>(pending.Int(i, 1));
    GARANT_ASSIGN_OR_RETURN(Bytes leaf, audit::ReadLeaf(tx.connection(), index));
    GARANT_ASSIGN_OR_RETURN(audit::Event ev, audit::DecodeLeaf(leaf));
    std::optional<std::string> set;
    std::optional<std::vector<std::string>> patients;
    if (!pending.IsNull(i, 2)) {
      set = pending.Str(i, 2);
    } else if (ev.payload.find("\"patients_digest\"") != std::string::npos) {
      // The inline tokens, packed on the event's row (sorted, distinct).
      const std::string_view hex = pending.Text(i, 5);
      patients.emplace();
      for (size_t at = 0; at + 64 <= hex.size(); at += 64)
        patients->emplace_back(hex.substr(at, 64));
    }
    auto event = EventFromLeaf(id, ev.payload, std::move(patients), std::move(set));
    if (!event.ok()) return event.status().WithContext("access event " + id);
    events.push_back(std::move(event).value());
    targets.push_back({nullptr, index, pending.Int(i, 3)});
    recorded.push_back(FromUnixMicros(pending.Int(i, 4)));
  }
  for (size_t k = 0; k < targets.size(); ++k) targets[k].event = &events[k];

  GARANT_ASSIGN_OR_RETURN(std::vector<Snapshot> snaps, LoadSnapshots(tx, targets, config_));
  std::vector<std::pair<size_t, Finding>> raised;
  for (size_t k = 0; k < targets.size(); ++k) {
    for (Finding& f : Evaluate(events[k], snaps[k], recorded[k], config_)) {
      raised.emplace_back(k, std::move(f));
    }
  }
  report.findings = static_cast<int64_t>(raised.size());
  const TimePoint now = clock_.Now();
  GARANT_ASSIGN_OR_RETURN(std::vector<std::vector<std::string>> rules,
                          RecordFindings(tx, log_, random_, now, targets, std::move(raised)));

  std::vector<audit::Event> leaves;
  for (size_t k = 0; k < targets.size(); ++k) {
    boost::json::object payload;
    payload["event_id"] = events[k].id;
    payload["event_index"] = targets[k].index;
    boost::json::array found;
    for (const auto& r : rules[k]) found.emplace_back(r);
    payload["findings"] = std::move(found);
    leaves.push_back(audit::Event{random_.Uuid4(), "finding.rechecked", now, "service:garantd",
                                  "access-event/" + events[k].id, boost::json::serialize(payload)});
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> at, log_.AppendInTx(tx, std::move(leaves)));
  std::string rows;
  for (size_t k = 0; k < targets.size(); ++k) {
    rows += events[k].id + '\t' + FormatRfc3339Utc(now) + '\t' + std::to_string(rules[k].size()) +
            '\t' + std::to_string(at[k]) + '\n';
  }
  GARANT_RETURN_IF_ERROR(
      tx.connection()
          .CopyIn("COPY access_check_retries (event_id, retried_at, findings, audit_index) "
                  "FROM STDIN",
                  rows)
          .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  report.retried = static_cast<int64_t>(targets.size());
  return report;
}

}  // namespace garant::access
