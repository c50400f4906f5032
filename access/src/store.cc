#include "garant/access/store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "case_sql.h"
#include "checks.h"
#include "garant/audit/leaf.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "rollups.h"
#include "store_internal.h"

namespace garant::access {
namespace {

// Serialises access batches (pg_advisory_xact_lock key: "garant.access.events").
constexpr int64_t kBatchLockKey = 0x6761726163636573;  // "garacces"

std::string Sha256Hex(std::string_view s) {
  crypto::Digest d = crypto::Sha256(s);
  return HexEncode(ByteView(d.data(), d.size()));
}

// A PostgreSQL array literal of values that need no quoting (uuids, hex,
// identifiers): {a,b,c}.
std::string ArrayLiteral(const std::vector<std::string>& v) {
  std::string out = "{";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ',';
    out += v[i];
  }
  out += '}';
  return out;
}

std::string Micros(std::string_view col) {
  return "(extract(epoch from " + std::string(col) + ") * 1000000)::int8";
}

std::string OptText(const std::optional<std::string>& v) { return v ? CopyText(*v) : "\\N"; }
// A text[] in COPY's text format. The criteria's grammar ([A-Za-z0-9._@:-])
// needs no escaping; each element is quoted so that "NULL" stays a string.
std::string OptTextArray(const std::optional<std::vector<std::string>>& v) {
  if (!v) return "\\N";
  std::string out = "{";
  for (size_t i = 0; i < v->size(); ++i) out += (i ? ",\"" : "\"") + (*v)[i] + "\"";
  return out + "}";
}

}  // namespace

std::string CopyText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// An event's rows in COPY text, but for its audit index (known only under the
// lock): its access_events row is event_head, the index, event_tail; each of
// its inline tokens' side-table rows is a head, the index and a newline.
struct RowText {
  std::string event_head;
  std::string event_tail;
  std::vector<std::string> patient_heads;
};

RowText EventRowText(const AccessEvent& e, const std::string& content_sha256,
                     const std::string& recorded_text, const std::string& reporter,
                     int64_t set_count) {
  RowText out;
  std::optional<int64_t> count = e.patient_count;
  if (e.patients) count = static_cast<int64_t>(DistinctCount(*e.patients));
  if (e.patient_set) count = set_count;
  // The inline tokens, sorted and distinct: packed on the event's row
  // (bytea's hex input, its backslash escaped for COPY), and one side-table
  // row each for the lookup by token.
  std::string packed = "\\N";
  if (e.patients && !e.patients->empty()) {
    std::set<std::string> distinct(e.patients->begin(), e.patients->end());
    packed = "\\\\x";
    out.patient_heads.reserve(distinct.size());
    for (const auto& t : distinct) {
      packed += t;
      out.patient_heads.push_back("\\\\x" + t + '\t' + e.id + '\t');
    }
  }
  out.event_head = e.id + '\t' + content_sha256 + '\t';
  const std::optional<int64_t> result_count = ResultCount(e);
  out.event_tail =
      '\t' + recorded_text + '\t' + CopyText(reporter) + '\t' + FormatRfc3339Utc(e.occurred_at) +
      '\t' + CopyText(e.account) + '\t' + std::string(ToString(e.action)) + '\t' +
      std::string(ToString(e.outcome)) + '\t' + OptText(e.project) + '\t' + OptText(e.patient_set) +
      '\t' + (count ? std::to_string(*count) : "\\N") + '\t' + OptText(e.query_fingerprint) + '\t' +
      std::to_string(TouchedPatients(e, set_count)) + '\t' + OptTextArray(e.query_criteria) + '\t' +
      (result_count ? std::to_string(*result_count) : "\\N") + '\t' + packed + '\n';
  return out;
}

// What the events of a batch refer to: the stored patient sets they name
// (digest -> token count, digest -> id) and garant's allowed purposes.
struct References {
  std::map<std::string, int64_t> set_counts;
  std::map<std::string, std::string> set_ids;
  std::set<std::string> known_purposes;
};

Result<References> ReadReferences(db::Transaction& tx, const std::vector<AccessEvent>& events) {
  References out;
  std::vector<std::string> digests;
  bool purposes = false;
  for (const auto& e : events) {
    if (e.patient_set) digests.push_back(*e.patient_set);
    purposes = purposes || e.purpose.has_value();
  }
  if (!digests.empty()) {
    // A set whose tokens retention removed is unknown until stored again.
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r,
        tx.Exec("SELECT s.digest, s.token_count, s.id FROM access_patient_sets s "
                "WHERE s.digest = ANY($1) AND (s.token_count = 0 OR EXISTS (SELECT 1 FROM "
                "access_patient_set_chunks c WHERE c.set_id = s.id))",
                {ArrayLiteral(digests)}));
    for (int i = 0; i < r.size(); ++i) {
      out.set_counts[r.Str(i, 0)] = r.Int(i, 1);
      out.set_ids[r.Str(i, 0)] = r.Str(i, 2);
    }
  }
  if (purposes) {
    GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec("SELECT code FROM gov_purposes WHERE allowed"));
    for (int i = 0; i < r.size(); ++i) out.known_purposes.insert(r.Str(i, 0));
  }
  return out;
}

}  // namespace

AccessStore::AccessStore(db::Pool& pool, audit::AuditLog& log, const Clock& clock, Random& random,
                         RuleConfig config)
    : pool_(pool), log_(log), clock_(clock), random_(random), config_(std::move(config)) {}

AccessStore::~AccessStore() = default;

Result<std::vector<RecordedEvent>> AccessStore::RecordBatch(
    const std::string& reporter, const std::vector<AccessEvent>& events) {
  // The events' content hashes: pure work, done before the batch lock.
  std::vector<std::string> hashes;
  hashes.reserve(events.size());
  for (const auto& e : events) hashes.push_back(Sha256Hex(CanonicalJson(e)));
  // Most batches are new: the first try does not look their ids up (an index
  // probe per event in access_events and in audit_entries). A batch holding
  // an id already recorded (a retry) fails that try at its first insert with
  // kAlreadyExists, nothing kept, and is recorded again with the lookups,
  // which give the first answer or the conflict. A refused reference
  // (kInvalidArgument: a set since pruned, a purpose since disallowed) is
  // tried again too: an event recorded before keeps its first answer.
  Result<std::vector<RecordedEvent>> first =
      RecordBatchOnce(reporter, events, hashes, audit::IdCheck::kAssumeNew);
  if (first.ok() || (first.status().code() != Code::kAlreadyExists &&
                     first.status().code() != Code::kInvalidArgument)) {
    return first;
  }
  return RecordBatchOnce(reporter, events, hashes, audit::IdCheck::kLookUp);
}

Result<std::vector<RecordedEvent>> AccessStore::RecordBatchOnce(
    const std::string& reporter, const std::vector<AccessEvent>& events,
    const std::vector<std::string>& hashes, audit::IdCheck ids) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  // The registries' part of the checks (projects, authorisations, the
  // patients' objections) reads committed history only, none of the tables a
  // batch writes: it is read before the batch lock, while another sender's
  // batch holds it. In a savepoint of its own: when a registry is
  // unreadable, the events are still recorded, with check_failed (below).
  std::vector<CheckTarget> all;
  all.reserve(events.size());
  for (const auto& e : events) all.push_back({&e, 0, 0});
  GARANT_RETURN_IF_ERROR(tx.Exec("SAVEPOINT access_registry").status());
  Result<std::vector<Snapshot>> registry = LoadRegistrySnapshots(tx, all);
  if (registry.ok()) {
    GARANT_RETURN_IF_ERROR(tx.Exec("RELEASE SAVEPOINT access_registry").status());
  } else {
    if (registry.status().code() == Code::kUnavailable) return registry.status();
    GARANT_RETURN_IF_ERROR(tx.Exec("ROLLBACK TO SAVEPOINT access_registry").status());
  }
  // References (checked below for the events to record), and the leaves'
  // payloads, which name the sets' sizes: also before the lock.
  GARANT_ASSIGN_OR_RETURN(References refs, ReadReferences(tx, events));
  auto& [set_counts, set_ids, known_purposes] = refs;
  // Then what the rows hold but their indexes, also before the lock: each
  // event's leaf, encoded and hashed, and its COPY text around the index.
  const TimePoint recorded_at = clock_.Now();
  const std::string recorded_text = FormatRfc3339Utc(recorded_at);
  std::vector<std::optional<audit::PreparedEvent>> leaves(events.size());
  std::vector<RowText> texts(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const AccessEvent& e = events[i];
    if (e.patient_set && !set_counts.contains(*e.patient_set)) continue;  // refused if new
    const int64_t set_count = e.patient_set ? set_counts[*e.patient_set] : 0;
    Result<audit::PreparedEvent> leaf = audit::AuditLog::Prepare(audit::Event{
        e.id, LeafType(e), recorded_at, reporter, LeafObject(e), LeafPayload(e, set_count)});
    if (!leaf.ok()) return leaf.status().WithContext("events[" + std::to_string(i) + "]");
    leaves[i] = std::move(*leaf);
    texts[i] = EventRowText(e, hashes[i], recorded_text, reporter, set_count);
  }

  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT pg_advisory_xact_lock($1::int8)", {kBatchLockKey}).status());

  // Idempotency: what is already recorded.
  db::Rows existing;
  if (ids == audit::IdCheck::kLookUp) {
    std::vector<std::string> id_list;
    id_list.reserve(events.size());
    for (const auto& e : events) id_list.push_back(e.id);
    GARANT_ASSIGN_OR_RETURN(existing, tx.Exec("SELECT id::text, content_sha256, audit_index FROM "
                                              "access_events WHERE id = ANY($1::uuid[])",
                                              {ArrayLiteral(id_list)}));
  }
  std::map<std::string, std::pair<std::string, uint64_t>> stored;
  for (int i = 0; i < existing.size(); ++i) {
    stored[existing.Str(i, 0)] = {existing.Str(i, 1), static_cast<uint64_t>(existing.Int(i, 2))};
  }
  std::vector<RecordedEvent> answer(events.size());
  std::vector<size_t> fresh;  // positions of the events to record
  for (size_t i = 0; i < events.size(); ++i) {
    answer[i].id = events[i].id;
    auto it = stored.find(events[i].id);
    if (it == stored.end()) {
      fresh.push_back(i);
      continue;
    }
    if (it->second.first != hashes[i]) {
      return Status::AlreadyExists("events[" + std::to_string(i) + "]: event " + events[i].id +
                                   " was already recorded with other content");
    }
    answer[i].index = it->second.second;
  }

  if (!fresh.empty()) {
    // The references of the events to record (read above).
    for (size_t i : fresh) {
      const AccessEvent& e = events[i];
      if (e.patient_set && !set_counts.contains(*e.patient_set)) {
        return Status::InvalidArgument("events[" + std::to_string(i) +
                                       "]: field 'patient_set' names a set that was never "
                                       "uploaded (PUT /api/v1/patient-sets/" +
                                       *e.patient_set + ")");
      }
      if (e.purpose && !known_purposes.contains(*e.purpose)) {
        return Status::InvalidArgument("events[" + std::to_string(i) + "]: field 'purpose' '" +
                                       *e.purpose + "' is not one of garant's purposes");
      }
    }

    // The events' leaves (prepared above).
    std::vector<audit::PreparedEvent> fresh_leaves;
    fresh_leaves.reserve(fresh.size());
    for (size_t i : fresh) fresh_leaves.push_back(std::move(*leaves[i]));
    auto indexes = log_.AppendPreparedInTx(tx, std::move(fresh_leaves), ids);
    if (!indexes.ok()) {
      if (indexes.status().code() == Code::kAlreadyExists) {
        return Status::AlreadyExists(
            "an event id of the batch is already in the audit log "
            "with other content");
      }
      return indexes.status();
    }
    // The side tables' partitions cover the batch's indexes and the next
    // range before any row goes in (sql/0032: created ahead of the writer).
    GARANT_RETURN_IF_ERROR(tx.Exec("SELECT access_ensure_partitions($1)",
                                   {db::Param(static_cast<int64_t>(
                                       *std::max_element(indexes->begin(), indexes->end())))})
                               .status());
    // The rows' text (built above) around their indexes.
    std::string rows;
    std::string patients;
    for (size_t k = 0; k < fresh.size(); ++k) {
      const RowText& text = texts[fresh[k]];
      const std::string index = std::to_string((*indexes)[k]);
      answer[fresh[k]].index = (*indexes)[k];
      rows += text.event_head;
      rows += index;
      rows += text.event_tail;
      for (const std::string& head : text.patient_heads) {
        patients += head;
        patients += index;
        patients += '\n';
      }
    }
    GARANT_RETURN_IF_ERROR(
        tx.connection()
            .CopyIn("COPY access_events (id, content_sha256, audit_index, recorded_at, "
                    "reported_by, occurred_at, account, action, outcome, project, patient_set, "
                    "patient_count, query_fingerprint, touched_patients, query_criteria, "
                    "result_count, patient_tokens) FROM STDIN",
                    rows)
            .status());
    if (!patients.empty()) {
      GARANT_RETURN_IF_ERROR(
          tx.connection()
              .CopyIn("COPY access_event_patients (token, event_id, audit_index) FROM STDIN",
                      patients)
              .status());
    }
    // One reference row per event naming a set (not a row per token).
    std::vector<std::string> ref_sets, ref_indexes, ref_events;
    for (size_t k = 0; k < fresh.size(); ++k) {
      const AccessEvent& e = events[fresh[k]];
      if (!e.patient_set) continue;
      ref_sets.push_back(set_ids[*e.patient_set]);
      ref_indexes.push_back(std::to_string((*indexes)[k]));
      ref_events.push_back(e.id);
    }
    if (!ref_sets.empty()) {
      GARANT_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO access_event_sets (set_id, audit_index, event_id) "
                  "SELECT * FROM unnest($1::int8[], $2::int8[], $3::uuid[])",
                  {ArrayLiteral(ref_sets), ArrayLiteral(ref_indexes), ArrayLiteral(ref_events)})
              .status());
    }

    std::vector<CheckTarget> targets;
    targets.reserve(fresh.size());
    for (size_t k = 0; k < fresh.size(); ++k) {
      const AccessEvent& e = events[fresh[k]];
      targets.push_back({&e, (*indexes)[k], e.patient_set ? set_counts[*e.patient_set] : 0});
    }
    // The counts' rollups (sql/0030): the new events only, so a retried
    // batch adds nothing. The patients' rollup follows, outside the batch
    // (sql/0037, FollowPatientRollup).
    GARANT_RETURN_IF_ERROR(AddEventRollups(tx, reporter, targets));

    // The checks at occurred_at, and their findings. The account's activity
    // counts the batch's own events (in access_events and
    // access_account_days from here on). The checks only read: when a read
    // fails (a registry unreadable, above, or the activity), the events are
    // kept, each with a check_failed finding, and the savepoint undoes the
    // failed reads.
    GARANT_RETURN_IF_ERROR(AddAccountDays(tx, targets));
    GARANT_RETURN_IF_ERROR(tx.Exec("SAVEPOINT access_checks").status());
    std::vector<std::pair<size_t, Finding>> raised;  // (k, finding)
    Status checked = [&]() -> Status {
      GARANT_RETURN_IF_ERROR(registry.status());
      std::vector<Snapshot> snaps;
      snaps.reserve(fresh.size());
      for (size_t i : fresh) snaps.push_back(std::move((*registry)[i]));
      GARANT_RETURN_IF_ERROR(AddActivity(tx, targets, config_, snaps));
      for (size_t k = 0; k < targets.size(); ++k) {
        for (Finding& f : Evaluate(*targets[k].event, snaps[k], recorded_at, config_)) {
          raised.emplace_back(k, std::move(f));
        }
      }
      return Status::Ok();
    }();
    if (checked.ok()) {
      GARANT_RETURN_IF_ERROR(tx.Exec("RELEASE SAVEPOINT access_checks").status());
    } else {
      if (checked.code() == Code::kUnavailable) return checked;
      spdlog::warn("access checks failed, events recorded with check_failed: {}",
                   checked.ToString());
      GARANT_RETURN_IF_ERROR(tx.Exec("ROLLBACK TO SAVEPOINT access_checks").status());
      raised.clear();
      for (size_t k = 0; k < targets.size(); ++k) {
        raised.emplace_back(k, CheckFailed(*targets[k].event, checked, config_));
      }
    }
    GARANT_ASSIGN_OR_RETURN(
        std::vector<std::vector<std::string>> rules,
        RecordFindings(tx, log_, random_, recorded_at, targets, std::move(raised)));
    for (size_t k = 0; k < fresh.size(); ++k) answer[fresh[k]].findings = std::move(rules[k]);
  }

  // Findings of the events recorded before (same answer as the first time).
  if (fresh.size() < events.size()) {
    std::vector<std::string> old;
    for (size_t i = 0; i < events.size(); ++i) {
      if (stored.contains(events[i].id)) old.push_back(events[i].id);
    }
    GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec("SELECT event_id::text, rule FROM access_findings "
                                                "WHERE event_id = ANY($1::uuid[]) ORDER BY seq",
                                                {ArrayLiteral(old)}));
    std::map<std::string, std::vector<std::string>> by_event;
    for (int i = 0; i < r.size(); ++i) by_event[r.Str(i, 0)].push_back(r.Str(i, 1));
    for (auto& a : answer) {
      if (stored.contains(a.id)) a.findings = by_event[a.id];
    }
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return answer;
}

Result<PatientRollupStep> AccessStore::FollowPatientRollup(size_t max_events) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(PatientRollupStep step, FollowPatientRollupInTx(tx, max_events));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return step;
}

Result<int64_t> AccessStore::PatientRollupBacklog(int64_t cap) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r, conn->Exec("SELECT count(*) FROM (SELECT 1 FROM access_events WHERE audit_index "
                             "> (SELECT through FROM access_patients_rollup_state WHERE id = 0) "
                             "LIMIT $1::int8) x",
                             {db::Param(cap)}));
  return r.Int(0, 0);
}

Result<FindingPage> AccessStore::ListFindings(const FindingQuery& q) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  std::string sql =
      "SELECT id::text, seq, rule, severity, event_id::text, event_index, account, project, " +
      Micros("occurred_at") + ", " + Micros("raised_at") + ", explanation, facts, audit_index, " +
      std::string(kCaseIdSql) + ", " + std::string(kCaseStatusSql) +
      " FROM access_findings f WHERE true";
  db::Params params;
  auto add = [&](const std::string& cond, db::Param p) {
    params.push_back(std::move(p));
    sql += " AND " + cond + " $" + std::to_string(params.size());
  };
  if (q.rule) add("rule =", *q.rule);
  if (q.account) add("account =", *q.account);
  if (q.project) add("project =", *q.project);
  if (q.from) add("occurred_at >=", FormatRfc3339Utc(*q.from));
  if (q.to) add("occurred_at <", FormatRfc3339Utc(*q.to));
  if (q.status) add(std::string(kCaseStatusSql) + " =", *q.status);
  if (q.before_seq) add("seq <", *q.before_seq);
  params.push_back(q.limit + 1);
  sql += " ORDER BY seq DESC LIMIT $" + std::to_string(params.size());
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn->Exec(sql, params));
  FindingPage page;
  for (int i = 0; i < r.size() && i < q.limit; ++i) {
    StoredFinding f;
    f.id = r.Str(i, 0);
    f.seq = r.Int(i, 1);
    f.rule = r.Str(i, 2);
    f.severity = r.Str(i, 3);
    f.event_id = r.Str(i, 4);
    f.event_index = static_cast<uint64_t>(r.Int(i, 5));
    f.account = r.Str(i, 6);
    if (!r.IsNull(i, 7)) f.project = r.Str(i, 7);
    f.occurred_at = FromUnixMicros(r.Int(i, 8));
    f.raised_at = FromUnixMicros(r.Int(i, 9));
    f.explanation = r.Str(i, 10);
    f.facts = r.Str(i, 11);
    f.audit_index = static_cast<uint64_t>(r.Int(i, 12));
    f.case_id = r.Str(i, 13);
    f.status = r.Str(i, 14);
    page.findings.push_back(std::move(f));
  }
  if (r.size() > q.limit && !page.findings.empty()) page.next_cursor = page.findings.back().seq;
  return page;
}

}  // namespace garant::access
