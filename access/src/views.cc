// The auditor's desk queries (views.h). Over 400 lines: the four views share their
// column lists, leaf join and row readers; split, each file would repeat them.
#include "garant/access/views.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/audit/retention.h"
#include "garant/core/decimal.h"
#include "garant/core/paris_time.h"

namespace garant::access {
namespace {

// The columns of a TrailEntry, from access_events `e` and its leaf payload `j`
// (kLeafJoin), in the order ReadEntry reads them.
// A pruned event (retention): its leaf is NULL, so every j->> column is NULL;
// the last two columns say when and under which retention it was pruned.
const std::string kEntryColumns =
    "e.id::text, e.audit_index, e.occurred_at, e.account, e.action, e.outcome, e.project, "
    "j->>'organisation', j->>'account_role', j->>'decision', j->>'purpose', j->>'source', "
    "e.patient_count, "
    "(SELECT string_agg(f.rule, ',' ORDER BY f.seq) FROM access_findings f "
    "WHERE f.event_id = e.id), e.reported_by, a.pruned_at, " +
    audit::PrunedRetentionDaysSql("a");
constexpr int kEntryColumnCount = 17;
// The payload of the event's audit leaf: the bytes after the first empty line
// (leaf format v1: header lines, "\n\n", the JSON payload).
constexpr const char* kLeafJoin =
    " JOIN audit_entries a ON a.idx = e.audit_index CROSS JOIN LATERAL (SELECT convert_from("
    "substring(a.leaf FROM position('\\x0a0a'::bytea IN a.leaf) + 2), 'UTF8')::jsonb AS j) x ";
// Warehouse accesses only (garant's own views left out).
constexpr const char* kWarehouseOnly = " e.reported_by <> 'service:garantd' ";

// $1 (text[] of hex tokens) as bytea[], evaluated once.
constexpr const char* kTokenArray = "ARRAY(SELECT decode(t, 'hex') FROM unnest($1::text[]) t)";
// The ids of the patient sets holding one of the tokens $1: a chunk probe
// per set and token (access_set_holds, sql/0015).
constexpr const char* kSetsHolding =
    "SELECT s.id FROM access_patient_sets s WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) t "
    "WHERE access_set_holds(s.id, decode(t, 'hex')))";

// The distinct patients (column `token`) of the events selected by `where`
// (" FROM access_events e WHERE ..."): their inline tokens and their sets'
// tokens.
std::string PatientTokensSql(const std::string& where) {
  return "SELECT m.token FROM (SELECT e.patient_tokens" + where +
         ") x CROSS JOIN LATERAL access_chunk_tokens(x.patient_tokens) m(token) UNION SELECT "
         "m.token FROM access_patient_set_chunks c CROSS JOIN LATERAL "
         "access_chunk_tokens(c.tokens) m(token) WHERE c.set_id IN (SELECT s.id FROM "
         "access_patient_sets s WHERE s.digest IN (SELECT e.patient_set" +
         where + "))";
}
// Their number.
std::string DistinctPatientsSql(const std::string& where) {
  return "SELECT count(*) FROM (" + PatientTokensSql(where) + ") u";
}

std::optional<std::string> OptStr(const db::Rows& r, int i, int c) {
  if (r.IsNull(i, c)) return std::nullopt;
  return r.Str(i, c);
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t k = s.find(',');
    out.emplace_back(s.substr(0, k));
    if (k == std::string_view::npos) break;
    s.remove_prefix(k + 1);
  }
  return out;
}

TrailEntry ReadEntry(const db::Rows& r, int i, int c = 0) {
  TrailEntry e;
  e.id = r.Str(i, c);
  e.audit_index = static_cast<uint64_t>(r.Int(i, c + 1));
  e.occurred_at = r.Time(i, c + 2);
  e.account = r.Str(i, c + 3);
  e.action = r.Str(i, c + 4);
  e.outcome = r.Str(i, c + 5);
  e.project = OptStr(r, i, c + 6);
  e.organisation = OptStr(r, i, c + 7);
  e.account_role = OptStr(r, i, c + 8);
  if (!r.IsNull(i, c + 9)) e.decision = ParseDecimal(r.Text(i, c + 9));
  e.purpose = OptStr(r, i, c + 10);
  e.source = r.Str(i, c + 11);
  if (!r.IsNull(i, c + 12)) e.patient_count = r.Int(i, c + 12);
  if (!r.IsNull(i, c + 13)) e.findings = SplitComma(r.Text(i, c + 13));
  e.by_garant = r.Text(i, c + 14) == kGarantReporter;
  e.pruned_at = r.OptionalTime(i, c + 15);
  if (!r.IsNull(i, c + 16)) e.retention_days = r.Int(i, c + 16);
  return e;
}

// `from`/`to` as parameters $n and $n+1 (NULL = open).
db::Param TimeParam(const std::optional<TimePoint>& t) {
  return t ? db::Param(FormatRfc3339Utc(*t)) : db::Param::Null();
}
constexpr const char* kInPeriod2 =
    " ($2::timestamptz IS NULL OR e.occurred_at >= $2) AND ($3::timestamptz IS NULL OR "
    "e.occurred_at < $3) ";

// A period cut at Paris midnights (sql/0030, access/DESIGN.md "Rollups"):
// the whole Paris days [from_day, to_day) are read from the rollups, and
// what is left at each end, a part of a day, from the events themselves.
struct DaySplit {
  db::Param from_day = db::Param::Null();  // "YYYY-MM-DD", NULL = open
  db::Param to_day = db::Param::Null();    // exclusive
  std::string range = "(,)";               // the same as a daterange ("empty": none)
  // The partial days, [first, second) each; NULL bounds when absent.
  db::Param edge1_from = db::Param::Null(), edge1_to = db::Param::Null();
  db::Param edge2_from = db::Param::Null(), edge2_to = db::Param::Null();
};

DaySplit SplitDays(const Period& p) {
  DaySplit s;
  std::optional<std::chrono::sys_days> d1, d2;
  if (p.from) {
    d1 = ParisDay(*p.from);
    if (ParisDayStart(*d1) != *p.from) *d1 += std::chrono::days(1);
  }
  if (p.to) d2 = ParisDay(*p.to);
  if (d1 && d2 && *d1 >= *d2) {  // no whole day: all of it from the events
    s.range = "empty";
    s.from_day = FormatIsoDay(*d2);
    s.to_day = FormatIsoDay(*d2);
    s.edge1_from = FormatRfc3339Utc(*p.from);
    s.edge1_to = FormatRfc3339Utc(*p.to);
    return s;
  }
  s.range = "[" + (d1 ? FormatIsoDay(*d1) : "") + "," + (d2 ? FormatIsoDay(*d2) : "") + ")";
  if (d1) {
    s.from_day = FormatIsoDay(*d1);
    if (*p.from < ParisDayStart(*d1)) {
      s.edge1_from = FormatRfc3339Utc(*p.from);
      s.edge1_to = FormatRfc3339Utc(ParisDayStart(*d1));
    }
  }
  if (d2) {
    s.to_day = FormatIsoDay(*d2);
    if (ParisDayStart(*d2) < *p.to) {
      s.edge2_from = FormatRfc3339Utc(ParisDayStart(*d2));
      s.edge2_to = FormatRfc3339Utc(*p.to);
    }
  }
  return s;
}
// The rollup rows `r` of the whole days ($n, $n+1) and the events `e` of the
// partial days ($n+2 … $n+5).
std::string WholeDays(int n) {
  const std::string a = "$" + std::to_string(n), b = "$" + std::to_string(n + 1);
  return " (" + a + "::date IS NULL OR r.day >= " + a + "::date) AND (" + b +
         "::date IS NULL OR r.day < " + b + "::date) ";
}
std::string PartialDays(int n) {
  auto p = [&](int k) { return "$" + std::to_string(n + k) + "::timestamptz"; };
  return " ((e.occurred_at >= " + p(2) + " AND e.occurred_at < " + p(3) +
         ") OR (e.occurred_at >= " + p(4) + " AND e.occurred_at < " + p(5) + ")) ";
}
void AddSplit(db::Params& params, const DaySplit& s) {
  params.push_back(s.from_day);
  params.push_back(s.to_day);
  params.push_back(s.edge1_from);
  params.push_back(s.edge1_to);
  params.push_back(s.edge2_from);
  params.push_back(s.edge2_to);
}

// Per account (`account = ANY($n)` when `accounts` is set): the project's
// warehouse events over `period`, their first and last occurred_at, from the
// rollup and the partial days' events. By account.
Result<std::vector<AccountUse>> ProjectAccountUse(
    db::Connection& conn, const std::string& reference, const Period& period,
    const std::optional<std::vector<std::string>>& accounts) {
  const DaySplit split = SplitDays(period);
  db::Params p = {reference};
  AddSplit(p, split);  // $2 … $7
  std::string only_r, only_e;
  if (accounts) {
    p.push_back(db::TextArrayLiteral(*accounts));
    // A hashed semi-join: an authorisation may name hundreds of accounts.
    only_r = " AND r.account IN (SELECT unnest($8::text[]))";
    only_e = " AND e.account IN (SELECT unnest($8::text[]))";
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec("SELECT account, sum(n)::int8, min(f), max(l) FROM (SELECT r.account, r.events "
                "AS n, r.first_at AS f, r.last_at AS l FROM access_rollup_days r WHERE "
                "r.project = $1 AND NOT r.by_garant AND" +
                    WholeDays(2) + only_r +
                    " UNION ALL SELECT e.account, 1, e.occurred_at, e.occurred_at FROM "
                    "access_events e WHERE e.project = $1 AND" +
                    kWarehouseOnly + "AND" + PartialDays(2) + only_e + ") u GROUP BY 1 ORDER BY 1",
                p));
  std::vector<AccountUse> out;
  for (int i = 0; i < r.size(); ++i) {
    out.push_back({r.Str(i, 0), r.Int(i, 1), r.Time(i, 2), r.Time(i, 3)});
  }
  return out;
}

std::string ArrayLiteral(const std::vector<std::string>& items) {
  // Only for items already checked to be plain identifiers or hex.
  std::string a = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) a += ',';
    a += '"' + items[i] + '"';
  }
  return a + "}";
}

// A text[] column ("{a,b}", elements of [A-Za-z0-9._@:-] so never quoted).
std::vector<std::string> ReadTextArray(std::string_view s) {
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  std::vector<std::string> out;
  for (std::string& v : SplitComma(s)) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<Count>> Counts(db::Connection& conn, const std::string& sql,
                                  const db::Params& p) {
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn.Exec(sql, p));
  std::vector<Count> out;
  for (int i = 0; i < r.size(); ++i) out.push_back({r.Str(i, 0), r.Int(i, 1)});
  return out;
}

// The activity of the events selected by `where` (" FROM access_events e
// WHERE …", parameters `p`): events per Paris day (ascending), per action and
// per project (by count descending, then name), and their total. Shared by
// the account trail and the overview.
Status ReadActivity(db::Connection& conn, const std::string& where, const db::Params& p,
                    std::vector<Count>* per_day, std::vector<Count>* actions,
                    std::vector<Count>* projects, int64_t* events) {
  GARANT_ASSIGN_OR_RETURN(
      *per_day, Counts(conn,
                       "SELECT ((e.occurred_at AT TIME ZONE 'Europe/Paris')::date)::text AS d, "
                       "count(*)" +
                           where + "GROUP BY d ORDER BY d",
                       p));
  *events = 0;
  for (const Count& c : *per_day) *events += c.count;
  GARANT_ASSIGN_OR_RETURN(
      *actions,
      Counts(conn, "SELECT e.action, count(*)" + where + "GROUP BY 1 ORDER BY 2 DESC, 1", p));
  GARANT_ASSIGN_OR_RETURN(*projects, Counts(conn,
                                            "SELECT coalesce(e.project, ''), count(*)" + where +
                                                "GROUP BY 1 ORDER BY 2 DESC, 1",
                                            p));
  return Status::Ok();
}

AuthorisationRow ReadAuthorisation(const db::Rows& r, int i) {
  AuthorisationRow a;
  a.id = r.Int(i, 0);
  a.project = r.Str(i, 1);
  a.decision_id = r.Int(i, 2);
  a.accounts = ReadTextArray(r.Text(i, 3));
  a.domains = ReadTextArray(r.Text(i, 4));
  a.valid_from = r.Time(i, 5);
  a.valid_until = r.Time(i, 6);
  a.revoked_at = r.OptionalTime(i, 7);
  return a;
}
constexpr const char* kAuthorisationColumns =
    "a.id, p.reference, a.decision_id, a.accounts, a.domains, a.valid_from, a.valid_until, "
    "a.revoked_at";

}  // namespace

std::string_view ToString(ObjectionTiming t) {
  switch (t) {
    case ObjectionTiming::kBefore:
      return "avant";
    case ObjectionTiming::kWhileEffective:
      return "pendant";
    case ObjectionTiming::kNotCovered:
      return "hors_portee";
    case ObjectionTiming::kAfterWithdrawal:
      return "apres_retrait";
  }
  return "avant";
}

ObjectionTiming TimingOf(const TrailEntry& access, const PersonObjection& o) {
  if (access.occurred_at < o.effective_at) return ObjectionTiming::kBefore;
  if (o.withdrawn_at && *o.withdrawn_at <= access.occurred_at) {
    return ObjectionTiming::kAfterWithdrawal;
  }
  if (o.scope == "all" || (access.project && o.scope == "project:" + *access.project)) {
    return ObjectionTiming::kWhileEffective;
  }
  return ObjectionTiming::kNotCovered;
}

Result<PersonTrail> ReadPersonTrail(db::Connection& conn, const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    if (!IsLowerHex64(t)) return Status::InvalidArgument("a token is 64 lowercase hex digits");
  }
  PersonTrail out;
  if (tokens.empty()) return out;
  const std::string arr = ArrayLiteral(tokens);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec("SELECT " + kEntryColumns +
                    " FROM (SELECT event_id FROM access_event_patients WHERE token = ANY(" +
                    kTokenArray +
                    ") UNION SELECT es.event_id FROM access_event_sets es "
                    "WHERE es.set_id IN (" +
                    kSetsHolding +
                    ")) h "
                    "JOIN access_events e ON e.id = h.event_id" +
                    kLeafJoin + "ORDER BY e.occurred_at, e.audit_index",
                {arr}));
  for (int i = 0; i < r.size(); ++i) out.entries.push_back(ReadEntry(r, i));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows o,
      conn.Exec("SELECT o.reference, o.scope, o.status, o.received_at, o.effective_at, "
                "o.withdrawn_at FROM objections o WHERE o.id IN (SELECT objection_id FROM "
                "objection_tokens WHERE token = ANY($1::text[])) ORDER BY o.effective_at, "
                "o.reference",
                {arr}));
  for (int i = 0; i < o.size(); ++i) {
    out.objections.push_back(
        {o.Str(i, 0), o.Str(i, 1), o.Str(i, 2), o.Time(i, 3), o.Time(i, 4), o.OptionalTime(i, 5)});
  }
  return out;
}

Result<AccountTrail> ReadAccountTrail(db::Connection& conn, const std::string& account,
                                      const Period& period, int64_t limit) {
  AccountTrail t;
  t.account = account;
  const db::Params p = {account, TimeParam(period.from), TimeParam(period.to)};
  const std::string where = std::string(" FROM access_events e WHERE e.account = $1 AND") +
                            kInPeriod2 + "AND" + kWarehouseOnly;
  GARANT_RETURN_IF_ERROR(
      ReadActivity(conn, where, p, &t.per_day, &t.actions, &t.projects, &t.events));
  GARANT_ASSIGN_OR_RETURN(db::Rows pt, conn.Exec(DistinctPatientsSql(where), p));
  t.patients = pt.Int(0, 0);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows f,
      conn.Exec(std::string("SELECT f.rule, f.severity, f.account, f.project, f.occurred_at, "
                            "f.event_index, f.explanation FROM access_findings f JOIN "
                            "access_events e ON e.id = f.event_id WHERE f.account = $1 AND") +
                    kInPeriod2 + "ORDER BY f.occurred_at, f.seq",
                p));
  for (int i = 0; i < f.size(); ++i) {
    t.findings.push_back({f.Str(i, 0), f.Str(i, 1), f.Str(i, 2), OptStr(f, i, 3), f.Time(i, 4),
                          static_cast<uint64_t>(f.Int(i, 5)), f.Str(i, 6)});
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows a,
      conn.Exec(std::string("SELECT ") + kAuthorisationColumns +
                    " FROM gov_authorisations a JOIN gov_projects p ON p.id = a.project_id "
                    "WHERE $1 = ANY(a.accounts) ORDER BY a.valid_from, a.id",
                {account}));
  for (int i = 0; i < a.size(); ++i) t.authorisations.push_back(ReadAuthorisation(a, i));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows recent,
      conn.Exec("SELECT " + kEntryColumns + " FROM access_events e" + kLeafJoin +
                    "WHERE e.account = $1 AND" + kInPeriod2 + "AND" + kWarehouseOnly +
                    "ORDER BY e.occurred_at DESC, e.audit_index DESC LIMIT $4",
                {account, TimeParam(period.from), TimeParam(period.to), limit}));
  for (int i = 0; i < recent.size(); ++i) t.recent.push_back(ReadEntry(recent, i));
  return t;
}

const std::vector<std::string>& OutsideAuthorisationRules() {
  static const std::vector<std::string> kRules = {std::string(rule::kNoAuthorisation),
                                                  std::string(rule::kAccountNotNamed),
                                                  std::string(rule::kNotYetValid),
                                                  std::string(rule::kExpired),
                                                  std::string(rule::kRevoked),
                                                  std::string(rule::kSuspended),
                                                  std::string(rule::kOutOfScope),
                                                  std::string(rule::kProjectClosed),
                                                  std::string(rule::kExportWithoutAuthorisation)};
  return kRules;
}

Result<ProjectReport> ReadProjectReport(db::Connection& conn, const std::string& reference,
                                        const Period& period,
                                        std::optional<int64_t> outside_limit) {
  if (outside_limit && *outside_limit < 0) {
    return Status::InvalidArgument("the limit of listed accesses must be 0 or more");
  }
  ProjectReport rep;
  rep.period = period;
  using ProjectMap = std::map<std::string, ProjectInfo>;
  GARANT_ASSIGN_OR_RETURN(ProjectMap info, ReadProjects(conn, {reference}));
  auto it = info.find(reference);
  if (it == info.end()) return Status::NotFound("no project with this reference");
  rep.project = it->second;
  rep.cohort_size = rep.project.cohort_size;
  const db::Params p = {reference, TimeParam(period.from), TimeParam(period.to)};

  // Counts from the rollup (whole Paris days) and the events of the partial
  // days at the ends (sql/0030).
  GARANT_ASSIGN_OR_RETURN(rep.accessed, ProjectAccountUse(conn, reference, period, std::nullopt));
  for (const AccountUse& u : rep.accessed) rep.events += u.events;

  GARANT_ASSIGN_OR_RETURN(
      db::Rows a,
      conn.Exec(std::string("SELECT ") + kAuthorisationColumns +
                    " FROM gov_authorisations a JOIN gov_projects p ON p.id = a.project_id "
                    "WHERE p.reference = $1 ORDER BY a.id",
                {reference}));
  std::set<std::string> named_anywhere;
  for (int i = 0; i < a.size(); ++i) {
    AuthorisationReport ar;
    ar.authorisation = ReadAuthorisation(a, i);
    // Accesses of the named accounts to the project within the
    // authorisation's window (and the report's period).
    Period window{ar.authorisation.valid_from, ar.authorisation.valid_until};
    if (period.from) window.from = std::max(*window.from, *period.from);
    if (period.to) window.to = std::min(*window.to, *period.to);
    std::vector<AccountUse> used;
    if (*window.from < *window.to && !ar.authorisation.accounts.empty()) {
      GARANT_ASSIGN_OR_RETURN(
          used, ProjectAccountUse(conn, reference, window, ar.authorisation.accounts));
    }
    for (const std::string& account : ar.authorisation.accounts) {
      named_anywhere.insert(account);
      auto u = std::find_if(used.begin(), used.end(),
                            [&](const AccountUse& x) { return x.account == account; });
      ar.named.push_back(u != used.end() ? *u : AccountUse{account, 0, std::nullopt, std::nullopt});
    }
    rep.authorisations.push_back(std::move(ar));
  }
  for (const AccountUse& u : rep.accessed) {
    if (!named_anywhere.contains(u.account)) rep.unnamed.push_back(u.account);
  }

  // The accesses outside an authorisation: all counted (no leaf read), the
  // first `outside_limit` listed.
  const std::string outside_from =
      " FROM access_findings f JOIN access_events e ON e.id = f.event_id";
  const std::string outside_where = std::string("WHERE e.project = $1 AND") + kInPeriod2 + "AND" +
                                    kWarehouseOnly + "AND f.rule = ANY($4::text[])";
  const db::Params outside_params = {reference, TimeParam(period.from), TimeParam(period.to),
                                     ArrayLiteral(OutsideAuthorisationRules())};
  GARANT_ASSIGN_OR_RETURN(
      db::Rows total,
      conn.Exec("SELECT count(*)" + outside_from + " " + outside_where, outside_params));
  rep.outside_total = total.Int(0, 0);
  db::Params listed_params = outside_params;
  listed_params.push_back(outside_limit ? db::Param(*outside_limit) : db::Param::Null());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows out,
      conn.Exec("SELECT " + kEntryColumns + ", f.rule, f.explanation" + outside_from + kLeafJoin +
                    outside_where + " ORDER BY e.occurred_at, f.seq LIMIT $5::bigint",
                listed_params));
  for (int i = 0; i < out.size(); ++i) {
    rep.outside.push_back(
        {ReadEntry(out, i), out.Str(i, kEntryColumnCount), out.Str(i, kEntryColumnCount + 1)});
  }

  {
    // Distinct patients: the rows of access_project_patients touched on a
    // whole day of the period, and the tokens that are not among them of the
    // partial days' events and of the period's events the rollup does not
    // cover yet (above its `through`: it follows the batches, sql/0037).
    // Exact whatever the follower did in between: a token it added since
    // `through` was read is found in the rollup and not counted twice.
    GARANT_ASSIGN_OR_RETURN(
        db::Rows state, conn.Exec("SELECT through FROM access_patients_rollup_state WHERE id = 0"));
    if (state.size() != 1) return Status::Internal("access_patients_rollup_state has no row");
    const DaySplit split = SplitDays(period);
    const db::Params pp = {
        reference,           split.range,    split.edge1_from, split.edge1_to,
        split.edge2_from,    split.edge2_to, state.Int(0, 0),  TimeParam(period.from),
        TimeParam(period.to)};
    const std::string edge_where = std::string(" FROM access_events e WHERE e.project = $1 AND") +
                                   kWarehouseOnly + "AND" + PartialDays(1);
    const std::string tail_where =
        std::string(" FROM access_events e WHERE e.audit_index > $7::int8 AND e.project = $1 AND") +
        kWarehouseOnly +
        "AND ($8::timestamptz IS NULL OR e.occurred_at >= $8) AND ($9::timestamptz IS NULL OR "
        "e.occurred_at < $9)";
    GARANT_ASSIGN_OR_RETURN(
        db::Rows pt,
        // Those tokens are few: a primary-key probe each (a scalar subquery,
        // which the planner keeps as such; as NOT EXISTS it hashed the
        // project's every row).
        conn.Exec("SELECT (SELECT count(*) FROM access_project_patients r WHERE r.project = $1 "
                  "AND r.days && $2::daterange) + (SELECT count(*) FILTER (WHERE NOT "
                  "coalesce((SELECT r.days && $2::daterange FROM access_project_patients r "
                  "WHERE r.project = $1 AND r.token = u.token), false)) FROM (" +
                      PatientTokensSql(edge_where) + " UNION " + PatientTokensSql(tail_where) +
                      ") u)",
                  pp));
    rep.patients = pt.Int(0, 0);
  }

  GARANT_ASSIGN_OR_RETURN(
      db::Rows ex,
      conn.Exec("SELECT " + kEntryColumns +
                    ", j->'export'->>'file', j->'export'->>'sha256', j->'export'->>'destination', "
                    "j->'export'->>'bytes' FROM access_events e" +
                    kLeafJoin + "WHERE e.project = $1 AND" + kInPeriod2 + "AND" + kWarehouseOnly +
                    "AND e.action = 'export' ORDER BY e.occurred_at, e.audit_index",
                p));
  for (int i = 0; i < ex.size(); ++i) {
    ExportRow row;
    row.event = ReadEntry(ex, i);
    row.file = ex.Str(i, kEntryColumnCount);
    row.sha256 = ex.Str(i, kEntryColumnCount + 1);
    row.destination = ex.Str(i, kEntryColumnCount + 2);
    row.bytes = ParseDecimal(ex.Text(i, kEntryColumnCount + 3)).value_or(0);
    rep.exports.push_back(std::move(row));
  }

  GARANT_ASSIGN_OR_RETURN(
      db::Rows re,
      conn.Exec("SELECT " + kEntryColumns + ", j->>'justification' FROM access_events e" +
                    kLeafJoin + "WHERE e.project = $1 AND" + kInPeriod2 + "AND" + kWarehouseOnly +
                    "AND e.action = 'reidentify' ORDER BY e.occurred_at, "
                    "e.audit_index",
                p));
  for (int i = 0; i < re.size(); ++i) {
    rep.reidentifications.push_back({ReadEntry(re, i), OptStr(re, i, kEntryColumnCount)});
  }

  GARANT_ASSIGN_OR_RETURN(
      db::Rows k, conn.Exec("SELECT c.name, k.version, v.issued_at, k.applied_at, k.purged_count "
                            "FROM exclusion_acks k JOIN exclusion_consumers c ON c.id = "
                            "k.consumer_id JOIN exclusion_list_versions v ON v.version = "
                            "k.version WHERE ($1::timestamptz IS NULL OR k.applied_at >= $1) AND "
                            "($2::timestamptz IS NULL OR k.applied_at < $2) ORDER BY "
                            "k.applied_at, c.name",
                            {TimeParam(period.from), TimeParam(period.to)}));
  for (int i = 0; i < k.size(); ++i) {
    rep.acks.push_back({k.Str(i, 0), k.Int(i, 1), k.Time(i, 2), k.Time(i, 3), k.Int(i, 4)});
  }
  return rep;
}

Result<Overview> ReadOverview(db::Connection& conn, const Period& period) {
  Overview o;
  o.period = period;
  // Whole Paris days from the rollups, the partial days at the ends from the
  // events (sql/0030): the same figures as counting every event.
  const DaySplit split = SplitDays(period);
  db::Params p;
  AddSplit(p, split);  // $1 … $6
  const std::string days = WholeDays(1), partial = PartialDays(1);
  auto counts = [&](const std::string& rolled_key, const std::string& event_key,
                    const std::string& order) -> Result<std::vector<Count>> {
    return Counts(conn,
                  "SELECT k, sum(n)::int8 FROM (SELECT " + rolled_key +
                      " AS k, r.events AS n FROM access_rollup_days r WHERE NOT r.by_garant "
                      "AND" +
                      days + "UNION ALL SELECT " + event_key + ", 1 FROM access_events e WHERE" +
                      kWarehouseOnly + "AND" + partial + ") u GROUP BY k ORDER BY " + order,
                  p);
  };
  GARANT_ASSIGN_OR_RETURN(
      o.per_day,
      counts("r.day::text", "((e.occurred_at AT TIME ZONE 'Europe/Paris')::date)::text", "1"));
  for (const Count& c : o.per_day) o.events += c.count;
  GARANT_ASSIGN_OR_RETURN(o.actions, counts("r.action", "e.action", "2 DESC, 1"));
  GARANT_ASSIGN_OR_RETURN(o.projects, counts("r.project", "coalesce(e.project, '')", "2 DESC, 1"));
  GARANT_ASSIGN_OR_RETURN(
      db::Rows g,
      conn.Exec("SELECT (SELECT coalesce(sum(r.events), 0)::int8 FROM access_rollup_days r WHERE "
                "r.by_garant AND" +
                    days +
                    ") + (SELECT count(*) FROM access_events e WHERE e.reported_by = "
                    "'service:garantd' AND" +
                    partial + ")",
                p));
  o.garant_views = g.Int(0, 0);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows f,
      conn.Exec("SELECT rule, max(severity), sum(n)::int8 FROM (SELECT r.rule, r.severity, "
                "r.findings AS n FROM access_rollup_findings r WHERE" +
                    days +
                    "UNION ALL SELECT f.rule, f.severity, 1 FROM access_findings f JOIN "
                    "access_events e ON e.id = f.event_id WHERE" +
                    partial + ") u GROUP BY 1 ORDER BY 3 DESC, 1",
                p));
  for (int i = 0; i < f.size(); ++i) o.findings.push_back({f.Str(i, 0), f.Str(i, 1), f.Int(i, 2)});
  GARANT_ASSIGN_OR_RETURN(db::Rows s, conn.Exec("SELECT size FROM audit_tree_state WHERE id = 0"));
  if (s.size() == 1) o.log_size = static_cast<uint64_t>(s.Int(0, 0));
  return o;
}

Result<std::map<std::string, ProjectInfo>> ReadProjects(
    db::Connection& conn, const std::vector<std::string>& references) {
  std::map<std::string, ProjectInfo> out;
  if (references.empty()) return out;
  for (const std::string& r : references) {
    if (r.empty() || r.size() > 32 || !std::all_of(r.begin(), r.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        })) {
      return Status::InvalidArgument("a project reference is [A-Z0-9][A-Z0-9-]{2,31}");
    }
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec("SELECT reference, title, organisation, purpose, legal_basis, "
                "formality, formality_reference, status, cohort_size FROM gov_projects WHERE "
                "reference = ANY($1::text[])",
                {ArrayLiteral(references)}));
  for (int i = 0; i < r.size(); ++i) {
    ProjectInfo p{r.Str(i, 0),
                  r.Str(i, 1),
                  r.Str(i, 2),
                  r.Str(i, 3),
                  r.Str(i, 4),
                  r.Str(i, 5),
                  r.Str(i, 6),
                  r.Str(i, 7),
                  r.IsNull(i, 8) ? std::nullopt : std::optional<int64_t>(r.Int(i, 8))};
    out[p.reference] = std::move(p);
  }
  return out;
}

std::vector<LetterLine> LetterLines(const PersonTrail& trail,
                                    const std::map<std::string, ProjectInfo>& projects) {
  std::vector<LetterLine> lines;
  auto add_unique = [](std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  for (const TrailEntry& e : trail.entries) {
    if (e.by_garant || e.outcome != "success") continue;
    // One line per project; accesses without a project, one line per organisation.
    auto it = std::find_if(lines.begin(), lines.end(), [&](const LetterLine& l) {
      if (e.project) return l.project == e.project;
      return !l.project && !l.organisations.empty() && e.organisation &&
             l.organisations.front() == *e.organisation;
    });
    if (it == lines.end()) {
      LetterLine l;
      l.project = e.project;
      l.first = e.occurred_at;
      l.last = e.occurred_at;
      if (e.project) {
        auto p = projects.find(*e.project);
        if (p != projects.end()) {
          l.title = p->second.title;
          l.legal_basis = p->second.legal_basis;
          l.formality = p->second.formality;
        }
      }
      lines.push_back(std::move(l));
      it = lines.end() - 1;
    }
    LetterLine& l = *it;
    l.first = std::min(l.first, e.occurred_at);
    l.last = std::max(l.last, e.occurred_at);
    ++l.accesses;
    if (e.organisation) add_unique(l.organisations, *e.organisation);
    if (e.purpose) add_unique(l.purposes, *e.purpose);
    if (e.account_role) add_unique(l.recipient_categories, *e.account_role);
  }
  for (LetterLine& l : lines) {
    if (!l.project) continue;
    auto p = projects.find(*l.project);
    if (p == projects.end()) continue;
    add_unique(l.organisations, p->second.organisation);
    add_unique(l.purposes, p->second.purpose);
  }
  return lines;
}

}  // namespace garant::access
