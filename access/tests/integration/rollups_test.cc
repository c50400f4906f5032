// The rollups of sql/0030 (access/DESIGN.md "Rollups") against a real
// PostgreSQL: the project report's and the overview's figures, read from the
// rollups for whole Paris days and from the events for the partial days,
// equal a recomputation from the raw events (the queries the desk ran before
// 0030) over periods of every shape, on a dataset that has a retried batch,
// a late event, a patient set, a second project and garant's own views; the
// rollup tables equal their rebuild from the raw rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "garant/access/store.h"
#include "garant/access/views.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::access {
namespace {

using testsupport::SharedCluster;

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const char* kP1 = "CONTACT-2026-001";
const char* kP2 = "GRIPPE-2026-002";

std::string Tok(int i) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02x", i);
  std::string t;
  for (int k = 0; k < 32; ++k) t += buf;
  return t;
}

std::string Uuid(int i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", i);
  return buf;
}

// The rows of a query as text, for comparisons.
std::vector<std::string> Lines(db::Connection& c, const std::string& sql,
                               const db::Params& p = {}) {
  auto r = c.Exec(sql, p);
  EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  for (int i = 0; i < r->size(); ++i) {
    std::string line;
    for (int k = 0; k < r->columns(); ++k) {
      line += (k ? "|" : "") + (r->IsNull(i, k) ? std::string("∅") : std::string(r->Text(i, k)));
    }
    out.push_back(line);
  }
  return out;
}

class RollupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations(), 3);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    auto owner = db::Connection::Open(d->owner);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    pool_ = std::move(d->pool);
    store_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance(),
                                           RuleConfig::Defaults());
    own_ =
        std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance(), RuleConfig{});
    Seed();
    auto app = db::Connection::Open(SharedCluster().AppConninfo(d->owner));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    conn_ = std::move(app).value();
  }

  void Exec(const std::string& sql, const db::Params& p = {}) {
    auto r = owner_.Exec(sql, p);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
  int64_t Int(const std::string& sql) {
    auto r = owner_.Exec(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() && r->size() == 1 ? r->Int(0, 0) : -2;
  }

  void Seed() {
    Exec("INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')");
    for (const char* ref : {kP1, kP2}) {
      Exec(
          "INSERT INTO gov_projects (reference, title, public_summary, purpose, "
          "no_forbidden_use, legal_basis, formality, formality_reference, investigator, "
          "organisation, data_domains, duration_months, committee_id, status) VALUES ($1, 't', "
          "'s', 'research', true, 'lb', 'mr-004', 'R-1', 'inv', 'org', '{visits}', 12, 1, "
          "'active')",
          {ref});
    }
    Exec(
        "INSERT INTO gov_project_transitions (project_id, from_status, to_status, at, actor) "
        "VALUES (1, 'approved', 'active', '2025-12-01T00:00:00Z', 'staff:1')");
    Exec("INSERT INTO gov_meetings (committee_id, held_at) VALUES (1, '2025-10-01T00:00:00Z')");
    Exec(
        "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
        "recorded_by, signed_at, signed_by) VALUES (1, 1, 'favourable', 'ok', "
        "'2025-10-01T00:00:00Z', 'staff:1', '2025-10-01T00:00:00Z', 'staff:1')");
    // Windows that end and start inside Paris days.
    Exec(
        "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, valid_from, "
        "valid_until, created_at, created_by, confirmed_at, confirmed_by) VALUES "
        "(1, 1, '{chercheur.a,chercheur.b}', '{visits}', '2026-03-20T10:00:00Z', "
        "'2026-03-30T13:30:00Z', '2025-12-01T00:00:00Z', 'staff:1', '2025-12-01T00:00:00Z', "
        "'staff:2'), "
        "(1, 1, '{chercheur.c,absent.z}', '{visits}', '2026-03-28T22:59:59Z', "
        "'2027-01-01T00:00:00Z', '2025-12-01T00:00:00Z', 'staff:1', '2025-12-01T00:00:00Z', "
        "'staff:2')");

    // A patient set of tokens 40..59.
    std::vector<std::string> set;
    for (int i = 40; i < 60; ++i) set.push_back(Tok(i));
    auto u = store_->BeginPatientSet("service:7", PatientsDigest(set));
    ASSERT_TRUE(u.ok()) << u.status().ToString();
    for (const auto& t : set) ASSERT_TRUE((*u)->Add(t).ok());
    auto done = (*u)->Finish();
    ASSERT_TRUE(done.ok()) << done.status().ToString();
    set_digest_ = PatientsDigest(set);

    // Events from 2026-03-26 to 04-02 (Paris changes to CEST on 03-29), at
    // hours that fall on both sides of Paris midnights, in three batches.
    const char* accounts[] = {"chercheur.a", "chercheur.b", "chercheur.c", "stagiaire.x"};
    const Action actions[] = {Action::kQuery, Action::kView, Action::kCount, Action::kExport};
    std::vector<AccessEvent> batches[3];
    int n = 0;
    for (int day = 0; day < 8; ++day) {
      for (int h : {0, 7, 12, 22, 23}) {
        AccessEvent e;
        e.id = Uuid(++n);
        char at[32];
        std::snprintf(at, sizeof at, "2026-%02d-%02dT%02d:%02d:00Z", day < 6 ? 3 : 4,
                      day < 6 ? 26 + day : day - 5, h, (n * 7) % 60);
        e.occurred_at = T(at);
        e.account = accounts[n % 4];
        e.action = actions[n % 4];
        e.outcome = n % 9 == 0 ? Outcome::kDenied : Outcome::kSuccess;
        e.project = n % 6 == 0 ? std::optional<std::string>(kP2)
                               : (n % 11 == 0 ? std::nullopt : std::optional<std::string>(kP1));
        e.decision = n % 5 == 0 ? std::optional<int64_t>() : std::optional<int64_t>(1);
        e.domains = std::vector<std::string>{"visits"};
        e.source = "entrepot";
        if (e.action == Action::kExport) {
          e.export_info = ExportInfo{"x.csv", std::string(64, 'e'), 10, "sftp://x"};
        }
        if (n % 13 == 0) {
          e.patient_set = set_digest_;
        } else if (e.action == Action::kCount) {
          e.patient_count = 30;
          e.returned_count = 30;
        } else {
          std::vector<std::string> p;
          for (int k = 0; k < 1 + n % 4; ++k) p.push_back(Tok((n * 3 + k * 5) % 40));
          if (n % 8 == 0) p.push_back(p.front());  // a token twice in one event
          e.patients = std::move(p);
          e.returned_count = static_cast<int64_t>(e.patients->size());
        }
        batches[n % 3].push_back(std::move(e));
      }
    }
    for (auto& b : batches) {
      clock_.Set(T("2026-04-03T10:00:00Z"));
      auto r = store_->RecordBatch("service:7", b);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    // A retried batch (the sender did not get the answer): nothing changes.
    auto again = store_->RecordBatch("service:7", batches[1]);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    // Part of a batch retried with new events beside it.
    AccessEvent late;
    late.id = Uuid(900);
    late.occurred_at = T("2026-03-25T23:30:00Z");  // 03-26 00:30 in Paris, before everything
    late.account = "chercheur.a";
    late.action = Action::kQuery;
    late.project = kP1;
    late.decision = 1;
    late.domains = std::vector<std::string>{"visits"};
    late.source = "entrepot";
    late.patients = std::vector<std::string>{Tok(3), Tok(77)};
    clock_.Set(T("2026-04-20T10:00:00Z"));  // reported weeks later
    auto mixed = store_->RecordBatch("service:7", {batches[0][0], late, batches[2][3]});
    ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
    // garant's own views (no project) and one with patients.
    AccessEvent v;
    v.id = Uuid(901);
    v.occurred_at = T("2026-03-29T09:30:00Z");
    v.account = "staff:3";
    v.action = Action::kView;
    v.source = std::string(kGarantSource);
    v.query_fingerprint = "audit/personne";
    v.patients = std::vector<std::string>{Tok(3)};
    ASSERT_TRUE(own_->RecordBatch(std::string(kGarantReporter), {v}).ok());
    for (int i = 0; i < 3; ++i) batches_[i] = batches[i];
    late_ = late;
  }

  // Runs the patients' rollup's follower until it has caught up; the events
  // it added.
  int64_t Follow(size_t step = 20000) {
    int64_t added = 0;
    for (int guard = 0; guard < 1000; ++guard) {
      auto r = store_->FollowPatientRollup(step);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok()) return -1;
      added += r->events;
      if (r->caught_up) return added;
    }
    ADD_FAILURE() << "the follower never caught up";
    return -1;
  }
  int64_t Through() { return Int("SELECT through FROM access_patients_rollup_state"); }

  // ProjectReportEqualsTheRawEventsOverEveryPeriod, at one stage.
  void CheckProjectReports();

  // The rollup tables as text, sorted.
  std::vector<std::string> Rollups() {
    std::vector<std::string> all;
    for (const char* sql :
         {"SELECT 'd', project, day, account, action, outcome, decision, by_garant, events, "
          "first_at, last_at, result_rows, touched FROM access_rollup_days",
          "SELECT 'f', day, project, rule, severity, findings FROM access_rollup_findings",
          "SELECT 'p', project, encode(token, 'hex'), days FROM access_project_patients",
          "SELECT 's', project, set_id, day FROM access_project_set_days"}) {
      for (auto& l : Lines(owner_, sql)) all.push_back(std::move(l));
    }
    std::sort(all.begin(), all.end());
    return all;
  }

  // The project report's figures, recomputed from the raw events as the desk
  // did before sql/0030.
  struct Raw {
    std::vector<std::string> accessed;  // account|events|first|last
    int64_t patients = 0;
  };
  Raw RawReport(const std::string& project, const Period& p) {
    const db::Param from = p.from ? db::Param(FormatRfc3339Utc(*p.from)) : db::Param::Null();
    const db::Param to = p.to ? db::Param(FormatRfc3339Utc(*p.to)) : db::Param::Null();
    const std::string where =
        " FROM access_events e WHERE e.project = $1 AND ($2::timestamptz IS NULL OR "
        "e.occurred_at >= $2) AND ($3::timestamptz IS NULL OR e.occurred_at < $3) AND "
        "e.reported_by <> 'service:garantd' ";
    Raw raw;
    raw.accessed = Lines(owner_,
                         "SELECT e.account, count(*), min(e.occurred_at), max(e.occurred_at)" +
                             where + "GROUP BY 1 ORDER BY 1",
                         {project, from, to});
    auto n = owner_.Exec(
        "SELECT count(*) FROM (SELECT m.token FROM (SELECT e.patient_tokens" + where +
            ") x CROSS JOIN LATERAL access_chunk_tokens(x.patient_tokens) m(token) UNION SELECT "
            "m.token FROM access_patient_set_chunks c CROSS JOIN LATERAL "
            "access_chunk_tokens(c.tokens) m(token) WHERE c.set_id IN (SELECT s.id FROM "
            "access_patient_sets s WHERE s.digest IN (SELECT e.patient_set" +
            where + "))) u",
        {project, from, to});
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    if (n.ok()) raw.patients = n->Int(0, 0);
    return raw;
  }

  std::vector<std::string> RawOverview(const Period& p) {
    const db::Param from = p.from ? db::Param(FormatRfc3339Utc(*p.from)) : db::Param::Null();
    const db::Param to = p.to ? db::Param(FormatRfc3339Utc(*p.to)) : db::Param::Null();
    const std::string in =
        " ($1::timestamptz IS NULL OR e.occurred_at >= $1) AND ($2::timestamptz IS NULL OR "
        "e.occurred_at < $2) ";
    const std::string where =
        " FROM access_events e WHERE" + in + "AND e.reported_by <> 'service:garantd' ";
    std::vector<std::string> out;
    for (const std::string& sql :
         {"SELECT 'day', ((e.occurred_at AT TIME ZONE 'Europe/Paris')::date)::text AS d, "
          "count(*)" +
              where + "GROUP BY d ORDER BY d",
          "SELECT 'action', e.action, count(*)" + where + "GROUP BY 2 ORDER BY 3 DESC, 2",
          "SELECT 'project', coalesce(e.project, ''), count(*)" + where +
              "GROUP BY 2 ORDER BY 3 DESC, 2",
          "SELECT 'views', count(*) FROM access_events e WHERE" + in +
              "AND e.reported_by = 'service:garantd'",
          "SELECT 'rule', f.rule, max(f.severity), count(*) FROM access_findings f JOIN "
          "access_events e ON e.id = f.event_id WHERE" +
              in + "GROUP BY 2 ORDER BY 4 DESC, 2"}) {
      for (auto& l : Lines(owner_, sql, {from, to})) out.push_back(std::move(l));
    }
    return out;
  }
  static std::vector<std::string> OverviewLines(const Overview& o) {
    std::vector<std::string> out;
    for (const Count& c : o.per_day) out.push_back("day|" + c.key + "|" + std::to_string(c.count));
    for (const Count& c : o.actions) {
      out.push_back("action|" + c.key + "|" + std::to_string(c.count));
    }
    for (const Count& c : o.projects) {
      out.push_back("project|" + c.key + "|" + std::to_string(c.count));
    }
    out.push_back("views|" + std::to_string(o.garant_views));
    for (const auto& f : o.findings) {
      out.push_back("rule|" + f.rule + "|" + f.severity + "|" + std::to_string(f.count));
    }
    return out;
  }
  static std::vector<std::string> AccessedLines(const std::vector<AccountUse>& v) {
    std::vector<std::string> out;
    for (const AccountUse& u : v) {
      out.push_back(u.account + "|" + std::to_string(u.events) + "|" +
                    (u.first ? FormatRfc3339Utc(*u.first) : "∅") + "|" +
                    (u.last ? FormatRfc3339Utc(*u.last) : "∅"));
    }
    return out;
  }
  std::vector<std::string> RawAccessedLines(const std::vector<std::string>& raw) {
    // PostgreSQL's timestamptz text to RFC 3339, through the same parser.
    std::vector<std::string> out;
    for (const std::string& l : raw) {
      auto r = owner_.Exec(
          "SELECT split_part($1, '|', 1), split_part($1, '|', 2), "
          "split_part($1, '|', 3)::timestamptz, split_part($1, '|', 4)::timestamptz",
          {l});
      EXPECT_TRUE(r.ok());
      out.push_back(r->Str(0, 0) + "|" + r->Str(0, 1) + "|" + FormatRfc3339Utc(r->Time(0, 2)) +
                    "|" + FormatRfc3339Utc(r->Time(0, 3)));
    }
    return out;
  }

  // Periods of every shape: open, Paris-day aligned, cut inside days, inside
  // one day, empty, across the change to summer time, before everything.
  std::vector<Period> Periods() {
    std::vector<Period> v = {
        {},
        {T("2026-03-27T23:00:00Z"), std::nullopt},               // from a Paris midnight (CET)
        {std::nullopt, T("2026-03-29T22:00:00Z")},               // to a Paris midnight (CEST)
        {T("2026-03-26T23:00:00Z"), T("2026-03-30T22:00:00Z")},  // whole Paris days
        {T("2026-03-26T12:30:00Z"), T("2026-04-01T07:10:00Z")},  // cut inside days
        {T("2026-03-28T05:00:00Z"), T("2026-03-28T20:00:00Z")},  // inside one day
        {T("2026-03-28T22:59:00Z"), T("2026-03-29T00:01:00Z")},  // around a midnight
        {T("2026-03-29T10:00:00Z"), T("2026-03-29T10:00:00Z")},  // empty
        {T("2026-03-01T00:00:00Z"), T("2026-03-26T12:00:00Z")},  // the late event only
        {T("2026-04-10T00:00:00Z"), std::nullopt},               // after everything
    };
    return v;
  }

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{T("2026-04-03T10:00:00Z")};
  std::unique_ptr<AccessStore> store_, own_;
  db::Connection conn_;
  std::string set_digest_;
  std::vector<AccessEvent> batches_[3];
  AccessEvent late_;
};

// Exact whatever the follower of the patients' rollup has done: nothing (the
// report counts every event's tokens above `through`), part, or all of it.
TEST_F(RollupsTest, ProjectReportEqualsTheRawEventsOverEveryPeriod) {
  for (const char* stage : {"nothing followed", "part followed", "all followed"}) {
    SCOPED_TRACE(stage);
    if (stage[0] == 'p') {
      auto r = store_->FollowPatientRollup(30);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ASSERT_FALSE(r->caught_up);
      ASSERT_GT(Int("SELECT count(*) FROM access_project_patients"), 0);
    }
    if (stage[0] == 'a') {
      ASSERT_GT(Follow(), 0);
    }
    CheckProjectReports();
  }
}

void RollupsTest::CheckProjectReports() {
  for (const char* project : {kP1, kP2}) {
    for (const Period& p : Periods()) {
      SCOPED_TRACE(std::string(project) + " from " + (p.from ? FormatRfc3339Utc(*p.from) : "-") +
                   " to " + (p.to ? FormatRfc3339Utc(*p.to) : "-"));
      auto rep = ReadProjectReport(conn_, project, p);
      ASSERT_TRUE(rep.ok()) << rep.status().ToString();
      Raw raw = RawReport(project, p);
      EXPECT_EQ(AccessedLines(rep->accessed), RawAccessedLines(raw.accessed));
      EXPECT_EQ(rep->patients, raw.patients);
      int64_t total = 0;
      for (const AccountUse& u : rep->accessed) total += u.events;
      EXPECT_EQ(rep->events, total);
      // Each authorisation's named accounts: the raw events in its window.
      for (const AuthorisationReport& a : rep->authorisations) {
        Period w{a.authorisation.valid_from, a.authorisation.valid_until};
        if (p.from) w.from = std::max(*w.from, *p.from);
        if (p.to) w.to = std::min(*w.to, *p.to);
        Raw in = RawReport(project, w);
        std::vector<std::string> expected;
        for (const std::string& account : a.authorisation.accounts) {
          std::string line = account + "|0|∅|∅";
          for (const std::string& l : RawAccessedLines(in.accessed)) {
            if (*w.from < *w.to && l.rfind(account + "|", 0) == 0) line = l;
          }
          expected.push_back(line);
        }
        EXPECT_EQ(AccessedLines(a.named), expected) << "authorisation " << a.authorisation.id;
      }
    }
  }
  // The whole-life figures are not trivial: the set, the late event and the
  // duplicate token are in them.
  auto all = ReadProjectReport(conn_, kP1, {});
  ASSERT_TRUE(all.ok());
  EXPECT_GT(all->patients, 40);
  EXPECT_EQ(all->accessed.front().first, T("2026-03-25T23:30:00Z"));  // the late event
}

TEST_F(RollupsTest, OverviewEqualsTheRawEventsOverEveryPeriod) {
  for (const Period& p : Periods()) {
    SCOPED_TRACE(std::string("from ") + (p.from ? FormatRfc3339Utc(*p.from) : "-") + " to " +
                 (p.to ? FormatRfc3339Utc(*p.to) : "-"));
    auto o = ReadOverview(conn_, p);
    ASSERT_TRUE(o.ok()) << o.status().ToString();
    EXPECT_EQ(OverviewLines(*o), RawOverview(p));
  }
  auto all = ReadOverview(conn_, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->garant_views, 1);
  EXPECT_FALSE(all->findings.empty());
}

TEST_F(RollupsTest, TheRollupsEqualTheirRebuildFromTheRawRows) {
  // The dataset has a retried batch, a batch mixing a replay with a late
  // event, a set and garant's own views. The batches left the patients'
  // rollup to its follower.
  EXPECT_EQ(Int("SELECT count(*) FROM access_project_patients"), 0);
  EXPECT_EQ(Int("SELECT count(*) FROM access_project_set_days"), 0);
  EXPECT_GT(Follow(), 0);
  EXPECT_EQ(Through(), Int("SELECT max(audit_index) FROM access_events"));
  // The counts' rollup equals a GROUP BY over the events (the backfill's).
  EXPECT_EQ(
      Lines(owner_,
            "SELECT project, day, account, action, outcome, decision, by_garant, events, "
            "first_at, last_at, result_rows, touched FROM access_rollup_days ORDER BY 1, 2, 3, "
            "4, 5, 6, 7"),
      Lines(owner_,
            "SELECT coalesce(e.project, ''), (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, "
            "e.account, e.action, e.outcome, coalesce((convert_from(substring(a.leaf FROM "
            "position('\\x0a0a'::bytea IN a.leaf) + 2), 'UTF8')::jsonb ->> 'decision')::bigint, "
            "0), e.reported_by = 'service:garantd', count(*), min(e.occurred_at), "
            "max(e.occurred_at), coalesce(sum(e.result_count), 0), "
            "coalesce(sum(e.touched_patients), 0) FROM access_events e JOIN audit_entries a ON "
            "a.idx = e.audit_index GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7"));
  EXPECT_EQ(Lines(owner_,
                  "SELECT day, project, rule, severity, findings FROM access_rollup_findings "
                  "ORDER BY 1, 2, 3, 4"),
            Lines(owner_,
                  "SELECT (e.occurred_at AT TIME ZONE 'Europe/Paris')::date, "
                  "coalesce(e.project, ''), f.rule, f.severity, count(*) FROM access_findings f "
                  "JOIN access_events e ON e.id = f.event_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, "
                  "3, 4"));
  // The patients' rollup equals its rebuild from the stored tokens.
  const std::string patients =
      "SELECT project, encode(token, 'hex'), days FROM access_project_patients ORDER BY 1, 2";
  const std::vector<std::string> kept = Lines(owner_, patients);
  EXPECT_GT(kept.size(), 40u);
  Exec("SELECT access_project_patients_rebuild(p) FROM unnest(ARRAY[$1, $2]) p", {kP1, kP2});
  EXPECT_EQ(Lines(owner_, patients), kept);
  // The late event's token 77 was touched on its own Paris day only.
  EXPECT_EQ(Lines(owner_,
                  "SELECT days FROM access_project_patients WHERE project = $1 AND token = "
                  "decode(repeat('4d', 32), 'hex')",
                  {kP1}),
            std::vector<std::string>{"{[2026-03-26,2026-03-27)}"});
}

TEST_F(RollupsTest, ReplayingEveryBatchAddsNothingAndANewEventDoes) {
  ASSERT_GT(Follow(), 0);
  const std::vector<std::string> before = Rollups();
  for (const auto& b : batches_) ASSERT_TRUE(store_->RecordBatch("service:7", b).ok());
  ASSERT_TRUE(store_->RecordBatch("service:7", {batches_[2][1], late_, batches_[0][2]}).ok());
  EXPECT_EQ(Follow(), 0);
  EXPECT_EQ(Rollups(), before);
  // The comparison can see a change: one new event changes the rollups, its
  // token in the patients' rollup once followed.
  AccessEvent e = late_;
  e.id = Uuid(902);
  e.occurred_at = T("2026-04-02T10:00:00Z");
  ASSERT_TRUE(store_->RecordBatch("service:7", {e}).ok());
  const std::string token77 =
      "SELECT days FROM access_project_patients WHERE project = $1 AND token = "
      "decode(repeat('4d', 32), 'hex')";
  EXPECT_EQ(Lines(owner_, token77, {kP1}), std::vector<std::string>{"{[2026-03-26,2026-03-27)}"});
  EXPECT_EQ(Follow(), 1);
  EXPECT_EQ(Lines(owner_, token77, {kP1}),
            std::vector<std::string>{"{[2026-03-26,2026-03-27),[2026-04-02,2026-04-03)}"});
  EXPECT_NE(Rollups(), before);
}

// The follower goes in steps of audit indexes, and following again from the
// start, or from two threads at once, gives the same rollup: a union of days.
TEST_F(RollupsTest, TheFollowerStepsThroughTheIndexesAndAddingTwiceChangesNothing) {
  EXPECT_EQ(Through(), -1);  // sql/0037 on an empty trail
  auto first = store_->FollowPatientRollup(10);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->read, 10);
  EXPECT_FALSE(first->caught_up);
  EXPECT_EQ(Through(), first->through);
  EXPECT_EQ(first->through,
            Int("SELECT max(audit_index) FROM (SELECT audit_index FROM access_events ORDER BY "
                "audit_index LIMIT 10) x"));
  ASSERT_GT(Follow(10), 0);
  const std::vector<std::string> once = Rollups();
  Exec("UPDATE access_patients_rollup_state SET through = -1");
  std::thread other([&] { Follow(7); });
  Follow(13);
  other.join();
  EXPECT_EQ(Rollups(), once);
  EXPECT_EQ(Through(), Int("SELECT max(audit_index) FROM access_events"));
  // A step with nothing above `through` reads nothing and moves nothing.
  auto idle = store_->FollowPatientRollup(10);
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->read, 0);
  EXPECT_TRUE(idle->caught_up);
  EXPECT_EQ(idle->through, Through());
}

}  // namespace
}  // namespace garant::access
