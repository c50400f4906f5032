// CaseStore (garant/access/cases.h): case ids and the workflow (pure), the
// queue and the case detail (reads), and the changes (one transaction with
// their leaves, under the case's advisory lock).
// Over 400 lines on purpose: the reads and the changes share the summary
// query and the case state; apart, the one definition of a case's status
// would live in two files.
#include "garant/access/cases.h"

#include <boost/json.hpp>
#include <map>

#include "case_sql.h"
#include "garant/audit/leaf.h"
#include "garant/audit/recorder.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/governance/rules.h"

namespace garant::access {
namespace {

std::vector<std::string> SplitCommas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (!s.empty()) {
    size_t comma = s.find(',', start);
    out.emplace_back(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool IsDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  TimePoint t;  // a real calendar date
  return ParseRfc3339(std::string(s) + "T00:00:00Z", &t);
}

int SeverityRank(std::string_view s) {
  if (s == "low") return 1;
  if (s == "medium") return 2;
  if (s == "high") return 3;
  if (s == "critical") return 4;
  return 0;
}
constexpr const char* kSeverityNames[] = {"", "low", "medium", "high", "critical"};

// The summary query: one row per case, the filters of `q` (status and
// cursor included when `paged`).
struct SummarySql {
  std::string sql;
  db::Params params;
};

Result<SummarySql> BuildSummary(const CaseQuery& q, bool with_status, bool paged) {
  SummarySql s;
  auto param = [&](db::Param p) {
    s.params.push_back(std::move(p));
    return "$" + std::to_string(s.params.size());
  };
  std::string where = "true";
  std::string having = "true";
  std::string outer = "true";
  if (q.account) where += " AND f.account = " + param(*q.account);
  if (q.from_day) {
    if (!IsDay(*q.from_day)) return Status::InvalidArgument("'from' must be a day AAAA-MM-JJ");
    where += " AND " + std::string(kCaseDaySql) + " >= " + param(*q.from_day) + "::date";
  }
  if (q.to_day) {
    if (!IsDay(*q.to_day)) return Status::InvalidArgument("'to' must be a day AAAA-MM-JJ");
    where += " AND " + std::string(kCaseDaySql) + " <= " + param(*q.to_day) + "::date";
  }
  if (q.rule) having += " AND bool_or(f.rule = " + param(*q.rule) + ")";
  if (q.project) having += " AND bool_or(f.project = " + param(*q.project) + ")";
  if (q.severity) {
    int rank = SeverityRank(*q.severity);
    if (rank == 0) {
      return Status::InvalidArgument("'severity' must be low, medium, high or critical");
    }
    outer += " AND c.sev = " + param(int64_t{rank});
  }
  if (with_status && q.status) {
    const std::string& st = *q.status;
    if (st == "open") {
      outer += " AND status IN ('new', 'under_review')";
    } else if (st == "closed") {
      outer += " AND status IN ('justified', 'incident')";
    } else if (ParseCaseStatus(st)) {
      outer += " AND status = " + param(st);
    } else {
      return Status::InvalidArgument(
          "'status' must be new, under_review, justified, incident, open or closed");
    }
  }
  if (paged && q.cursor) {
    GARANT_ASSIGN_OR_RETURN(CaseKey k, ParseCaseId(*q.cursor));
    outer += " AND (c.day, c.account) < (" + param(k.day) + "::date, " + param(k.account) + ")";
  }
  s.sql =
      "WITH c AS (SELECT f.account, " + std::string(kCaseDaySql) +
      " AS day, count(*) AS n, "
      "max(CASE f.severity WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 "
      "ELSE 4 END) AS sev, "
      "array_to_string(array_agg(DISTINCT f.rule ORDER BY f.rule), ',') AS rules, "
      "array_to_string(array_agg(DISTINCT f.project ORDER BY f.project) "
      "FILTER (WHERE f.project IS NOT NULL), ',') AS projects, "
      "min(f.occurred_at) AS first_at, max(f.occurred_at) AS last_at, "
      "max(f.raised_at) AS raised FROM access_findings f WHERE " +
      where + " GROUP BY 1, 2 HAVING " + having +
      "), s AS (SELECT c.*, COALESCE(t.to_status, 'new') AS status, t.at AS moved_at, "
      "a.assignee_id, u.updated FROM c "
      "LEFT JOIN LATERAL (SELECT to_status, at FROM access_case_events e WHERE e.account = "
      "c.account AND e.day = c.day AND e.kind = 'transition' ORDER BY e.seq DESC LIMIT 1) t "
      "ON true "
      "LEFT JOIN LATERAL (SELECT assignee_id FROM access_case_events e WHERE e.account = "
      "c.account AND e.day = c.day AND e.kind = 'assignment' ORDER BY e.seq DESC LIMIT 1) a "
      "ON true "
      "LEFT JOIN LATERAL (SELECT max(at) AS updated FROM access_case_events e WHERE e.account = "
      "c.account AND e.day = c.day) u ON true) ";
  if (paged) {
    s.sql +=
        "SELECT c.account, c.day::text, c.n, c.sev, c.rules, c.projects, c.first_at, c.last_at, "
        "c.raised, c.status, c.assignee_id, st.username, st.display_name, c.updated, "
        "(c.status IN ('justified', 'incident') AND c.raised > c.moved_at) FROM s c "
        "LEFT JOIN staff_accounts st ON st.id = c.assignee_id WHERE " +
        outer + " ORDER BY c.day DESC, c.account DESC LIMIT " + param(q.limit + 1);
  } else {
    s.sql += "SELECT c.status, count(*) FROM s c WHERE " + outer + " GROUP BY c.status";
  }
  return s;
}

CaseSummary SummaryOf(const db::Rows& r, int i) {
  CaseSummary c;
  c.key.account = r.Str(i, 0);
  c.key.day = r.Str(i, 1);
  c.id = c.key.Id();
  c.finding_count = r.Int(i, 2);
  int64_t sev = r.Int(i, 3);
  c.severity = kSeverityNames[sev >= 1 && sev <= 4 ? sev : 4];
  c.rules = SplitCommas(r.Text(i, 4));
  c.projects = SplitCommas(r.Text(i, 5));
  c.first_occurred_at = r.Time(i, 6);
  c.last_occurred_at = r.Time(i, 7);
  c.last_raised_at = r.Time(i, 8);
  c.status = ParseCaseStatus(r.Text(i, 9)).value_or(CaseStatus::kNew);
  if (!r.IsNull(i, 10)) c.assignee = StaffRef{r.Int(i, 10), r.Str(i, 11), r.Str(i, 12)};
  c.updated_at = r.OptionalTime(i, 13);
  c.raised_since_closed = r.Bool(i, 14);
  return c;
}

Result<std::optional<CaseSummary>> ReadSummary(db::Connection& conn, const CaseKey& key) {
  CaseQuery q;
  q.account = key.account;
  q.from_day = key.day;
  q.to_day = key.day;
  q.limit = 1;
  GARANT_ASSIGN_OR_RETURN(SummarySql s, BuildSummary(q, false, true));
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn.Exec(s.sql, s.params));
  if (r.empty()) return std::optional<CaseSummary>();
  return std::optional<CaseSummary>(SummaryOf(r, 0));
}

std::string NoteDigest(const std::string& note) {
  crypto::Digest d = crypto::Sha256(note);
  return HexEncode(ByteView(d.data(), d.size()));
}

// What a change reads of the case, under its lock.
struct CaseState {
  CaseKey key;
  CaseStatus status = CaseStatus::kNew;
  int64_t steps = 0;  // transitions so far
  std::optional<int64_t> assignee;
};

// A workflow row and its leaf, in the change's transaction.
struct Row {
  std::string kind;  // transition, assignment, note
  std::optional<CaseStatus> from, to;
  int64_t step = 0;
  std::optional<int64_t> assignee;
  std::optional<std::string> note;
};

}  // namespace

std::string_view ToString(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew:
      return "new";
    case CaseStatus::kUnderReview:
      return "under_review";
    case CaseStatus::kJustified:
      return "justified";
    case CaseStatus::kIncident:
      return "incident";
  }
  return "new";
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view s) {
  for (CaseStatus c : kCaseStatuses) {
    if (ToString(c) == s) return c;
  }
  return std::nullopt;
}

Result<CaseKey> ParseCaseId(std::string_view id) {
  auto bad = [] { return Status::InvalidArgument("a case id is '<AAAA-MM-JJ>~<account>'"); };
  if (id.size() < 12 || id[10] != '~') return bad();
  CaseKey k{std::string(id.substr(0, 10)), std::string(id.substr(11))};
  if (!IsDay(k.day) || !governance::ValidIdentifier(k.account)) return bad();
  return k;
}

Status CheckNote(std::string_view note) {
  if (note.empty() || note.size() > kMaxNoteBytes) {
    return Status::InvalidArgument("a note has 1 to 4,000 bytes")
        .WithReason(kReasonCaseNoteInvalid);
  }
  if (!audit::IsValidUtf8(note)) {
    return Status::InvalidArgument("a note must be valid UTF-8").WithReason(kReasonCaseNoteInvalid);
  }
  bool blank = true;
  for (char ch : note) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
      return Status::InvalidArgument("a note may not hold control characters")
          .WithReason(kReasonCaseNoteInvalid);
    }
    if (c == 0x7f)
      return Status::InvalidArgument("a note may not hold control characters")
          .WithReason(kReasonCaseNoteInvalid);
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') blank = false;
  }
  if (blank)
    return Status::InvalidArgument("a note may not be blank").WithReason(kReasonCaseNoteInvalid);
  return Status::Ok();
}

Status CheckTransition(CaseStatus from, CaseStatus to, const std::optional<std::string>& note) {
  using S = CaseStatus;
  const bool allowed = (from == S::kNew && to == S::kUnderReview) ||
                       (from == S::kUnderReview && (to == S::kJustified || to == S::kIncident)) ||
                       (!IsOpen(from) && to == S::kUnderReview);
  if (!allowed) {
    return Status::Conflict("a case goes from " + std::string(ToString(from)) + " to " +
                            (from == S::kNew ? std::string("under_review")
                             : IsOpen(from)  ? std::string("justified or incident")
                                             : std::string("under_review (reopened)")) +
                            ", not to " + std::string(ToString(to)))
        .WithReason(kReasonCaseTransitionRefused);
  }
  const bool needs_note = to != S::kUnderReview || !IsOpen(from);
  if (needs_note && !note) {
    return Status::InvalidArgument("marking a case " + std::string(ToString(to)) +
                                   (IsOpen(from) ? "" : " again (reopening it)") + " needs a note")
        .WithReason(kReasonCaseNoteRequired);
  }
  return Status::Ok();
}

CaseStore::CaseStore(db::Pool& pool, audit::AuditLog& log, const Clock& clock, Random& random)
    : pool_(pool), log_(log), clock_(clock), random_(random) {}

Result<CasePage> CaseStore::List(const CaseQuery& q) {
  GARANT_ASSIGN_OR_RETURN(SummarySql s, BuildSummary(q, true, true));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn->Exec(s.sql, s.params));
  CasePage page;
  for (int i = 0; i < r.size() && i < q.limit; ++i) page.cases.push_back(SummaryOf(r, i));
  if (r.size() > q.limit && !page.cases.empty()) page.next_cursor = page.cases.back().id;
  return page;
}

Result<std::array<int64_t, 4>> CaseStore::CountByStatus(const CaseQuery& q) {
  GARANT_ASSIGN_OR_RETURN(SummarySql s, BuildSummary(q, false, false));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn->Exec(s.sql, s.params));
  std::array<int64_t, 4> out{};
  for (int i = 0; i < r.size(); ++i) {
    auto st = ParseCaseStatus(r.Text(i, 0));
    if (st) out[static_cast<size_t>(*st)] = r.Int(i, 1);
  }
  return out;
}

Result<CaseDetail> CaseStore::Get(std::string_view id) {
  GARANT_ASSIGN_OR_RETURN(CaseKey key, ParseCaseId(id));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  // One snapshot for the whole page.
  db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(std::optional<CaseSummary> summary, ReadSummary(*conn, key));
  if (!summary) return Status::NotFound("no case " + key.Id());
  CaseDetail d;
  d.summary = std::move(*summary);
  const db::Params k = {key.account, key.day};
  GARANT_ASSIGN_OR_RETURN(
      db::Rows f,
      tx.Exec("SELECT id::text, seq, rule, severity, event_id::text, event_index, account, "
              "project, occurred_at, raised_at, explanation, facts, audit_index "
              "FROM access_findings f WHERE f.account = $1 AND " +
                  std::string(kCaseDaySql) + " = $2::date ORDER BY f.occurred_at, f.seq",
              k));
  for (int i = 0; i < f.size(); ++i) {
    StoredFinding s;
    s.id = f.Str(i, 0);
    s.seq = f.Int(i, 1);
    s.rule = f.Str(i, 2);
    s.severity = f.Str(i, 3);
    s.event_id = f.Str(i, 4);
    s.event_index = static_cast<uint64_t>(f.Int(i, 5));
    s.account = f.Str(i, 6);
    if (!f.IsNull(i, 7)) s.project = f.Str(i, 7);
    s.occurred_at = f.Time(i, 8);
    s.raised_at = f.Time(i, 9);
    s.explanation = f.Str(i, 10);
    s.facts = f.Str(i, 11);
    s.audit_index = static_cast<uint64_t>(f.Int(i, 12));
    s.case_id = d.summary.id;
    s.status = std::string(ToString(d.summary.status));
    d.findings.push_back(std::move(s));
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows e,
      tx.Exec("SELECT id::text, audit_index, occurred_at, recorded_at, action, outcome, project, "
              "patient_count FROM access_events WHERE id IN (SELECT event_id FROM "
              "access_findings f WHERE f.account = $1 AND " +
                  std::string(kCaseDaySql) + " = $2::date) ORDER BY occurred_at, audit_index",
              k));
  for (int i = 0; i < e.size(); ++i) {
    CaseEvent ev;
    ev.id = e.Str(i, 0);
    ev.index = static_cast<uint64_t>(e.Int(i, 1));
    ev.occurred_at = e.Time(i, 2);
    ev.recorded_at = e.Time(i, 3);
    ev.action = e.Str(i, 4);
    ev.outcome = e.Str(i, 5);
    if (!e.IsNull(i, 6)) ev.project = e.Str(i, 6);
    if (!e.IsNull(i, 7)) ev.patient_count = e.Int(i, 7);
    d.events.push_back(std::move(ev));
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows h,
      tx.Exec("SELECT e.id::text, e.kind, e.from_status, e.to_status, e.assignee_id, "
              "sa.username, sa.display_name, e.note, e.actor_id, ac.username, ac.display_name, "
              "e.at, e.audit_index FROM access_case_events e "
              "JOIN staff_accounts ac ON ac.id = e.actor_id "
              "LEFT JOIN staff_accounts sa ON sa.id = e.assignee_id "
              "WHERE e.account = $1 AND e.day = $2::date ORDER BY e.seq",
              k));
  for (int i = 0; i < h.size(); ++i) {
    CaseHistoryEntry x;
    x.id = h.Str(i, 0);
    x.kind = h.Str(i, 1);
    if (!h.IsNull(i, 2)) x.from = ParseCaseStatus(h.Text(i, 2));
    if (!h.IsNull(i, 3)) x.to = ParseCaseStatus(h.Text(i, 3));
    if (!h.IsNull(i, 4)) x.assignee = StaffRef{h.Int(i, 4), h.Str(i, 5), h.Str(i, 6)};
    if (!h.IsNull(i, 7)) x.note = h.Str(i, 7);
    x.actor = StaffRef{h.Int(i, 8), h.Str(i, 9), h.Str(i, 10)};
    x.at = h.Time(i, 11);
    x.audit_index = static_cast<uint64_t>(h.Int(i, 12));
    d.history.push_back(std::move(x));
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return d;
}

namespace {

// Runs `change` on the case `id` under its lock, in one transaction with its
// rows and leaves; answers the case as it stands after the commit.
template <typename Fn>
Result<CaseChange> Mutate(db::Pool& pool, audit::AuditLog& log, const Clock& clock, Random& random,
                          std::string_view id, int64_t actor, Fn&& change) {
  GARANT_ASSIGN_OR_RETURN(CaseKey key, ParseCaseId(id));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  std::vector<uint64_t> leaves;
  {
    db::Transaction tx(*conn);
    GARANT_RETURN_IF_ERROR(tx.status());
    const std::string case_id = key.Id();
    GARANT_RETURN_IF_ERROR(
        tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended('garant.case/' || $1, 0))",
                {case_id})
            .status());
    const db::Params k = {key.account, key.day};
    GARANT_ASSIGN_OR_RETURN(db::Rows exists,
                            tx.Exec("SELECT 1 FROM access_findings f WHERE f.account = $1 AND " +
                                        std::string(kCaseDaySql) + " = $2::date LIMIT 1",
                                    k));
    if (exists.empty()) return Status::NotFound("no case " + case_id);
    CaseState state;
    state.key = key;
    GARANT_ASSIGN_OR_RETURN(
        db::Rows t, tx.Exec("SELECT to_status, step FROM access_case_events WHERE account = $1 "
                            "AND day = $2::date AND kind = 'transition' ORDER BY seq DESC LIMIT 1",
                            k));
    if (!t.empty()) {
      auto st = ParseCaseStatus(t.Text(0, 0));
      if (!st) return db::UnknownStoredValue("access_case_events.to_status", t.Text(0, 0));
      state.status = *st;
      state.steps = t.Int(0, 1);
    }
    GARANT_ASSIGN_OR_RETURN(
        db::Rows a, tx.Exec("SELECT assignee_id FROM access_case_events WHERE account = $1 "
                            "AND day = $2::date AND kind = 'assignment' ORDER BY seq DESC LIMIT 1",
                            k));
    if (!a.empty() && !a.IsNull(0, 0)) state.assignee = a.Int(0, 0);

    GARANT_ASSIGN_OR_RETURN(std::vector<Row> rows, change(tx, state));
    const TimePoint now = clock.Now();
    const std::string actor_text = "staff:" + std::to_string(actor);
    for (const Row& row : rows) {
      boost::json::object p;
      p["case_id"] = case_id;
      std::string type;
      if (row.kind == "transition") {
        type = "case." + std::string(ToString(*row.to));
        p["from"] = ToString(*row.from);
        p["to"] = ToString(*row.to);
      } else if (row.kind == "assignment") {
        type = "case.assigned";
        p["assignee"] = row.assignee ? boost::json::value("staff:" + std::to_string(*row.assignee))
                                     : boost::json::value(nullptr);
      } else {
        type = "case.noted";
      }
      if (row.note) {
        p["note_sha256"] = NoteDigest(*row.note);
        p["note_bytes"] = row.note->size();
      }
      audit::Event leaf = audit::MakeEvent(random, now, type, actor_text, "case/" + case_id,
                                           boost::json::serialize(p));
      const std::string leaf_id = leaf.id;
      std::vector<audit::Event> one;
      one.push_back(std::move(leaf));
      GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> idx, log.AppendInTx(tx, std::move(one)));
      leaves.push_back(idx.at(0));
      auto inserted = tx.Exec(
          "INSERT INTO access_case_events (id, account, day, kind, from_status, to_status, step, "
          "assignee_id, note, actor_id, at, audit_index) VALUES ($1::uuid, $2, $3::date, $4, $5, "
          "$6, $7::int4, $8::int8, $9, $10::int8, $11::timestamptz, $12::int8)",
          {leaf_id, key.account, key.day, row.kind,
           row.from ? db::Param(ToString(*row.from)) : db::Param::Null(),
           row.to ? db::Param(ToString(*row.to)) : db::Param::Null(),
           row.kind == "transition" ? db::Param(row.step) : db::Param::Null(),
           row.assignee ? db::Param(*row.assignee) : db::Param::Null(),
           db::Param::Optional(row.note), actor, FormatRfc3339Utc(now),
           static_cast<int64_t>(idx.at(0))});
      if (!inserted.ok()) {
        if (inserted.status().code() == Code::kAlreadyExists) {  // the step's unique index
          return Status::Conflict("the case changed meanwhile").WithReason(kReasonCaseStatusStale);
        }
        return inserted.status();
      }
    }
    GARANT_RETURN_IF_ERROR(tx.Commit());
  }
  GARANT_ASSIGN_OR_RETURN(std::optional<CaseSummary> after, ReadSummary(*conn, key));
  if (!after) return Status::Internal("case " + key.Id() + " vanished");
  return CaseChange{std::move(*after), std::move(leaves)};
}

Status Stale(CaseStatus expected, CaseStatus actual) {
  return Status::Conflict("the case is " + std::string(ToString(actual)) + ", not " +
                          std::string(ToString(expected)) + ": reload it")
      .WithReason(kReasonCaseStatusStale);
}

// An active auditor or DPO, by username or by id.
Result<int64_t> Reviewer(db::Transaction& tx, const std::string& where, db::Param who) {
  GARANT_ASSIGN_OR_RETURN(db::Rows r,
                          tx.Exec("SELECT id FROM staff_accounts WHERE " + where +
                                      " AND disabled_at IS NULL AND role IN ('auditor', 'dpo')",
                                  {std::move(who)}));
  if (r.empty()) {
    return Status::InvalidArgument("a case is assigned to an active auditor or DPO account")
        .WithReason(kReasonCaseAssigneeRefused);
  }
  return r.Int(0, 0);
}

}  // namespace

Result<CaseChange> CaseStore::Transition(std::string_view id, CaseStatus expected, CaseStatus to,
                                         const std::optional<std::string>& note, int64_t actor) {
  if (note) GARANT_RETURN_IF_ERROR(CheckNote(*note));
  return Mutate(pool_, log_, clock_, random_, id, actor,
                [&](db::Transaction&, const CaseState& s) -> Result<std::vector<Row>> {
                  if (s.status != expected) return Stale(expected, s.status);
                  GARANT_RETURN_IF_ERROR(CheckTransition(s.status, to, note));
                  Row r;
                  r.kind = "transition";
                  r.from = s.status;
                  r.to = to;
                  r.step = s.steps + 1;
                  r.note = note;
                  return std::vector<Row>{r};
                });
}

Result<CaseChange> CaseStore::Assign(std::string_view id,
                                     const std::optional<std::string>& assignee, int64_t actor) {
  return Mutate(pool_, log_, clock_, random_, id, actor,
                [&](db::Transaction& tx, const CaseState& s) -> Result<std::vector<Row>> {
                  if (!IsOpen(s.status)) {
                    return Status::Conflict("the case is closed (" +
                                            std::string(ToString(s.status)) +
                                            "): reopen it before assigning it")
                        .WithReason(kReasonCaseClosed);
                  }
                  std::optional<int64_t> who;
                  if (assignee) {
                    GARANT_ASSIGN_OR_RETURN(int64_t w, Reviewer(tx, "username = $1", *assignee));
                    who = w;
                  }
                  if (who == s.assignee)
                    return std::vector<Row>{};  // already so: nothing to record
                  Row r;
                  r.kind = "assignment";
                  r.assignee = who;
                  return std::vector<Row>{r};
                });
}

Result<CaseChange> CaseStore::AddNote(std::string_view id, const std::string& note, int64_t actor) {
  GARANT_RETURN_IF_ERROR(CheckNote(note));
  return Mutate(pool_, log_, clock_, random_, id, actor,
                [&](db::Transaction&, const CaseState&) -> Result<std::vector<Row>> {
                  Row r;
                  r.kind = "note";
                  r.note = note;
                  return std::vector<Row>{r};
                });
}

Result<CaseChange> CaseStore::Take(std::string_view id, CaseStatus expected, int64_t actor) {
  return Mutate(
      pool_, log_, clock_, random_, id, actor,
      [&](db::Transaction& tx, const CaseState& s) -> Result<std::vector<Row>> {
        if (s.status != expected) return Stale(expected, s.status);
        if (!IsOpen(s.status)) {
          return Status::Conflict("the case is closed (" + std::string(ToString(s.status)) + ")")
              .WithReason(kReasonCaseClosed);
        }
        GARANT_ASSIGN_OR_RETURN(int64_t me, Reviewer(tx, "id = $1::int8", db::Param(actor)));
        std::vector<Row> rows;
        if (s.assignee != me) {
          Row r;
          r.kind = "assignment";
          r.assignee = me;
          rows.push_back(r);
        }
        if (s.status == CaseStatus::kNew) {
          Row r;
          r.kind = "transition";
          r.from = s.status;
          r.to = CaseStatus::kUnderReview;
          r.step = s.steps + 1;
          rows.push_back(r);
        }
        return rows;
      });
}

}  // namespace garant::access
