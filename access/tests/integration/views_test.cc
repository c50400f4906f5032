// The auditor's desk views (access/views.h) against a real PostgreSQL, on a
// known dataset recorded through AccessStore: each view's exact rows.
//
// The dataset (times UTC; Paris is UTC+1 in November/December):
//   project CONTACT-2026-001: authorisation 1 names chercheur.moreau
//   (2026-01-01 → 2027-01-01), authorisation 2 names analyste.roux
//   (2026-01-01 → 2026-11-30T00:00Z, so expired for e6).
//   e1 11-30T11:00 chercheur.moreau query      patients A, B
//   e2 11-30T15:00 chercheur.moreau export     patient A    (A objects since 12:00)
//   e6 11-30T23:30 analyste.roux    count      40 patients   (Paris: 12-01 00:30)
//   e3 12-01T08:00 stagiaire.x      query      patient B    (not named)
//   e4 12-01T09:00 chercheur.moreau reidentify patient C, justified
//   v  12-01T09:30 staff:3 (garant's own view of A's trail)
#include "garant/access/views.h"

#include <gtest/gtest.h>

#include "garant/access/retention.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/audit/retention.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::access {

// Readable failures: {"2026-11-30", 2}.
void PrintTo(const Count& c, std::ostream* os) {
  *os << "{\"" << c.key << "\", " << c.count << "}";
}

namespace {

using testsupport::SharedCluster;

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const TimePoint kNow = T("2026-12-01T10:00:00Z");
const std::string kTokA(64, 'a');
const std::string kTokB(64, 'b');
const std::string kTokC(64, 'c');
const std::string kSha(64, 'e');
const char* kE1 = "00000000-0000-4000-8000-000000000001";
const char* kE2 = "00000000-0000-4000-8000-000000000002";
const char* kE3 = "00000000-0000-4000-8000-000000000003";
const char* kE4 = "00000000-0000-4000-8000-000000000004";
const char* kE6 = "00000000-0000-4000-8000-000000000006";
const char* kV = "00000000-0000-4000-8000-0000000000f1";
const char* kProject = "CONTACT-2026-001";

std::vector<std::string> Ids(const std::vector<TrailEntry>& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(e.id);
  return out;
}

class ViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations(), 3);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    const std::string info = d->owner;
    auto owner = db::Connection::Open(info);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    pool_ = std::move(d->pool);
    // The dataset's accesses happen at any hour: off_hours (tested in
    // rules_test.cc and store_test.cc) would add findings to every night event.
    const RuleConfig rules = RuleConfig::Defaults().Without({rule::kOffHours});
    store_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance(), rules);
    RuleConfig none;  // garant's own views: no rule
    own_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance(), none);
    Seed();
    // The views read as the application role (its grants are part of the test).
    auto app = db::Connection::Open(SharedCluster().AppConninfo(info));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    conn_ = std::move(app).value();
  }

  void Exec(const std::string& sql, const db::Params& p = {}) {
    auto r = owner_.Exec(sql, p);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }

  AccessEvent Event(const char* id, const char* at, const char* account, Action action) {
    AccessEvent e;
    e.id = id;
    e.occurred_at = T(at);
    e.account = account;
    e.action = action;
    e.project = kProject;
    e.domains = std::vector<std::string>{"visits"};
    e.organisation = "Inserm U1018";
    e.account_role = "chercheur";
    e.purpose = "research";
    e.decision = 1;
    e.source = "entrepot";
    return e;
  }

  void Seed() {
    Exec("INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')");
    Exec(
        "INSERT INTO gov_projects (reference, title, public_summary, purpose, no_forbidden_use, "
        "legal_basis, formality, formality_reference, investigator, organisation, data_domains, "
        "duration_months, committee_id, status) VALUES ('CONTACT-2026-001', 'Recours aux soins', "
        "'s', 'research', true, 'Intérêt public (art. 6.1.e)', 'mr-004', 'R-1', 'Dr "
        "Investigatrice', "
        "'SOS Médecins France', '{visits}', 12, 1, 'active')");
    Exec(
        "INSERT INTO gov_project_transitions (project_id, from_status, to_status, at, actor) "
        "VALUES (1, 'approved', 'active', '2025-12-01T00:00:00Z', 'staff:1')");
    Exec("INSERT INTO gov_meetings (committee_id, held_at) VALUES (1, '2025-10-01T00:00:00Z')");
    Exec(
        "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
        "recorded_by, signed_at, signed_by) VALUES (1, 1, 'favourable', 'ok', "
        "'2025-10-01T00:00:00Z', 'staff:1', '2025-10-01T00:00:00Z', 'staff:1')");
    Exec(
        "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, valid_from, "
        "valid_until, created_at, created_by, confirmed_at, confirmed_by) VALUES (1, 1, "
        "'{chercheur.moreau}', '{visits}', "
        "'2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '2025-12-01T00:00:00Z', 'staff:1', "
        "'2025-12-01T00:00:00Z', 'staff:2')");
    Exec(
        "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, valid_from, "
        "valid_until, created_at, created_by, confirmed_at, confirmed_by) VALUES (1, 1, "
        "'{analyste.roux}', '{visits}', "
        "'2026-01-01T00:00:00Z', '2026-11-30T00:00:00Z', '2025-12-01T00:00:00Z', 'staff:1', "
        "'2025-12-01T00:00:00Z', 'staff:2')");
    // A's objection, effective between e1 and e2.
    Exec(
        "INSERT INTO objections (id, reference, code_hash, requester, channel, scope, "
        "received_at, effective_at, status, notice_version, traits_sealed) VALUES "
        "('10000000-0000-4000-8000-000000000001', 'OPP-AAAA-BBBB', decode(repeat('00', 32), "
        "'hex'), 'patient', 'web', 'all', '2026-11-30T12:00:00Z', '2026-11-30T12:00:00Z', "
        "'effective', 'v1', decode(repeat('00', 28), 'hex'))");
    Exec(
        "INSERT INTO objection_tokens (objection_id, token, key_id) VALUES "
        "('10000000-0000-4000-8000-000000000001', $1, 'k1')",
        {kTokA});
    // An exclusion list version acknowledged by the warehouse on 11-30.
    Exec(
        "INSERT INTO exclusion_list_versions (version, issued_at, expires_at, pseudonym_key_id, "
        "signing_key_id, token_count, digest, reason, document) VALUES (1, "
        "'2026-11-30T12:00:05Z', '2026-12-07T12:00:05Z', '0000000a', '0000000b', 1, $1, "
        "'changed', '{}')",
        {kSha});
    Exec("INSERT INTO exclusion_consumers (name) VALUES ('entrepot')");
    Exec(
        "INSERT INTO exclusion_acks (consumer_id, version, purged_count, applied_at) VALUES (1, "
        "1, 2, '2026-11-30T12:03:00Z')");

    AccessEvent e1 = Event(kE1, "2026-11-30T11:00:00Z", "chercheur.moreau", Action::kQuery);
    e1.patients = std::vector<std::string>{kTokA, kTokB};
    AccessEvent e2 = Event(kE2, "2026-11-30T15:00:00Z", "chercheur.moreau", Action::kExport);
    e2.patients = std::vector<std::string>{kTokA};
    e2.export_info = ExportInfo{"extrait.csv", kSha, 1200, "sftp://inserm"};
    AccessEvent e6 = Event(kE6, "2026-11-30T23:30:00Z", "analyste.roux", Action::kCount);
    e6.patient_count = 40;
    e6.organisation.reset();
    AccessEvent e3 = Event(kE3, "2026-12-01T08:00:00Z", "stagiaire.x", Action::kQuery);
    e3.patients = std::vector<std::string>{kTokB};
    AccessEvent e4 = Event(kE4, "2026-12-01T09:00:00Z", "chercheur.moreau", Action::kReidentify);
    e4.patients = std::vector<std::string>{kTokC};
    e4.justification = "Contrôle qualité du couplage";
    auto r = store_->RecordBatch("service:7", {e1, e2, e6, e3, e4});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ((*r)[1].findings, std::vector<std::string>{"objecting_patient"});
    ASSERT_EQ((*r)[2].findings, std::vector<std::string>{"expired"});
    ASSERT_EQ((*r)[3].findings, std::vector<std::string>{"account_not_named"});
    ASSERT_TRUE((*r)[4].findings.empty());
    for (const auto& x : *r) index_[x.id] = x.index;

    AccessEvent v;
    v.id = kV;
    v.occurred_at = T("2026-12-01T09:30:00Z");
    v.account = "staff:3";
    v.action = Action::kView;
    v.source = std::string(kGarantSource);
    v.query_fingerprint = "audit/personne";
    v.patients = std::vector<std::string>{kTokA};
    auto rv = own_->RecordBatch(std::string(kGarantReporter), {v});
    ASSERT_TRUE(rv.ok()) << rv.status().ToString();
    EXPECT_TRUE((*rv)[0].findings.empty());
  }

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{kNow};
  std::unique_ptr<AccessStore> store_, own_;
  db::Connection conn_;
  std::map<std::string, uint64_t> index_;
};

TEST_F(ViewsTest, PersonTrailListsEveryAccessWithLeafFieldsAndObjections) {
  auto t = ReadPersonTrail(conn_, {kTokA});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(Ids(t->entries), (std::vector<std::string>{kE1, kE2, kV}));
  const TrailEntry& e1 = t->entries[0];
  EXPECT_EQ(e1.audit_index, index_[kE1]);
  EXPECT_EQ(e1.occurred_at, T("2026-11-30T11:00:00Z"));
  EXPECT_EQ(e1.account, "chercheur.moreau");
  EXPECT_EQ(e1.action, "query");
  EXPECT_EQ(e1.outcome, "success");
  EXPECT_EQ(e1.project, kProject);
  EXPECT_EQ(e1.organisation, "Inserm U1018");
  EXPECT_EQ(e1.account_role, "chercheur");
  EXPECT_EQ(e1.decision, 1);
  EXPECT_EQ(e1.purpose, "research");
  EXPECT_EQ(e1.source, "entrepot");
  EXPECT_EQ(e1.patient_count, 2);
  EXPECT_TRUE(e1.findings.empty());
  EXPECT_FALSE(e1.by_garant);
  EXPECT_EQ(t->entries[1].findings, std::vector<std::string>{"objecting_patient"});
  const TrailEntry& v = t->entries[2];
  EXPECT_TRUE(v.by_garant);
  EXPECT_EQ(v.account, "staff:3");
  EXPECT_EQ(v.source, "garant");

  ASSERT_EQ(t->objections.size(), 1u);
  const PersonObjection& o = t->objections[0];
  EXPECT_EQ(o.reference, "OPP-AAAA-BBBB");
  EXPECT_EQ(o.scope, "all");
  EXPECT_EQ(o.status, "effective");
  EXPECT_EQ(o.effective_at, T("2026-11-30T12:00:00Z"));
  EXPECT_EQ(TimingOf(e1, o), ObjectionTiming::kBefore);
  EXPECT_EQ(TimingOf(t->entries[1], o), ObjectionTiming::kWhileEffective);

  // Several tokens (current and previous keys): each event once.
  auto both = ReadPersonTrail(conn_, {kTokA, kTokB});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(Ids(both->entries), (std::vector<std::string>{kE1, kE2, kE3, kV}));
  // Unknown token: nothing; a bad token: an error, not a query.
  auto none = ReadPersonTrail(conn_, {std::string(64, 'd')});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->entries.empty());
  EXPECT_TRUE(none->objections.empty());
  EXPECT_EQ(ReadPersonTrail(conn_, {"AA'; DROP TABLE x"}).status().code(), Code::kInvalidArgument);
}

TEST_F(ViewsTest, ObjectionTimingCoversScopeAndWithdrawal) {
  TrailEntry a;
  a.project = "P-1";
  a.occurred_at = T("2026-06-01T00:00:00Z");
  PersonObjection o{"OPP-X",
                    "project:P-2",
                    "withdrawn",
                    T("2026-01-01T00:00:00Z"),
                    T("2026-01-01T00:00:00Z"),
                    T("2026-07-01T00:00:00Z")};
  EXPECT_EQ(TimingOf(a, o), ObjectionTiming::kNotCovered);
  o.scope = "project:P-1";
  EXPECT_EQ(TimingOf(a, o), ObjectionTiming::kWhileEffective);
  a.occurred_at = T("2026-07-01T00:00:00Z");  // withdrawn at that instant
  EXPECT_EQ(TimingOf(a, o), ObjectionTiming::kAfterWithdrawal);
  a.occurred_at = T("2025-12-31T23:59:59Z");
  EXPECT_EQ(TimingOf(a, o), ObjectionTiming::kBefore);
}

// Retention: once a run (retention 365 days, recorded as its audit.pruned
// entry like the CLI does) pruned every access event, the views still list
// them from access_events, each marked pruned with the date and retention,
// and nothing that came from the leaf (organisation, purpose, export file,
// justification) is made up; the person trail no longer finds them; the
// trail export's reader leaves them out; an event recorded after the run
// reads as before.
TEST_F(ViewsTest, PrunedEventsAreMarkedAndTheirLeafFieldsAbsent) {
  const TimePoint run_at = kNow + std::chrono::hours(24 * 366);
  {
    db::Transaction tx(owner_);
    ASSERT_TRUE(tx.status().ok());
    auto policies = audit::RetentionPolicies(365, 365);
    ASSERT_TRUE(policies.ok());
    auto pruned = audit::PruneEntriesInTx(tx, *policies, run_at, false);
    ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
    ASSERT_EQ((*pruned)[0].count, 6u);  // e1 e2 e6 e3 e4 and the view v
    auto p = PrunePatientsInTx(tx, (*pruned)[0].cutoff, (*pruned)[0].cutoff, false);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    audit::Event run{
        SecureRandom::Instance().Uuid4(),
        "audit.pruned",
        run_at,
        "service:garant-cli",
        "audit-log",
        R"({"families":{"access":{"retention_days":365},"staff":{"retention_days":30}}})"};
    ASSERT_TRUE(log_.AppendInTx(tx, {std::move(run)}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  clock_.Set(run_at + std::chrono::hours(1));
  AccessEvent e7 = Event("00000000-0000-4000-8000-000000000007", "2027-12-02T10:30:00Z",
                         "chercheur.moreau", Action::kQuery);
  e7.patients = std::vector<std::string>{kTokA};
  ASSERT_TRUE(store_->RecordBatch("service:7", {e7}).ok());

  auto t = ReadAccountTrail(conn_, "chercheur.moreau", {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->events, 4);
  ASSERT_EQ(Ids(t->recent), (std::vector<std::string>{e7.id, kE4, kE2, kE1}));
  EXPECT_FALSE(t->recent[0].pruned_at.has_value());
  EXPECT_EQ(t->recent[0].organisation, "Inserm U1018");
  for (size_t i = 1; i < t->recent.size(); ++i) {
    const TrailEntry& e = t->recent[i];
    ASSERT_TRUE(e.pruned_at.has_value()) << e.id;
    EXPECT_EQ(*e.pruned_at, run_at);
    EXPECT_EQ(e.retention_days, 365);
    EXPECT_FALSE(e.organisation.has_value()) << e.id;
    EXPECT_FALSE(e.purpose.has_value()) << e.id;
    EXPECT_FALSE(e.decision.has_value()) << e.id;
    EXPECT_EQ(e.account, "chercheur.moreau");  // access_events keeps its columns
  }
  auto r =
      ReadProjectReport(conn_, kProject, {T("2026-11-01T00:00:00Z"), T("2027-01-01T00:00:00Z")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->events, 5);
  ASSERT_EQ(r->exports.size(), 1u);
  EXPECT_TRUE(r->exports[0].event.pruned_at.has_value());
  EXPECT_EQ(r->exports[0].file, "");
  ASSERT_EQ(r->reidentifications.size(), 1u);
  EXPECT_TRUE(r->reidentifications[0].event.pruned_at.has_value());
  EXPECT_FALSE(r->reidentifications[0].justification.has_value());
  ASSERT_EQ(r->outside.size(), 2u);
  EXPECT_TRUE(r->outside[0].event.pruned_at.has_value());
  EXPECT_EQ(r->outside[0].rule, "expired");  // findings are never pruned
  EXPECT_EQ(r->patients, 0);                 // their patients went with them

  auto person = ReadPersonTrail(conn_, {kTokA});
  ASSERT_TRUE(person.ok()) << person.status().ToString();
  EXPECT_EQ(Ids(person->entries), std::vector<std::string>{e7.id});

  db::Transaction tx(conn_);
  ASSERT_TRUE(tx.status().ok());
  std::vector<uint64_t> read;
  Status st =
      ReadTrail(conn_, {TrailKey::kAccount, "chercheur.moreau"}, 1000, [&](TrailLeaves&& e) {
        EXPECT_FALSE(e.leaf.empty());
        read.push_back(e.index);
        return Status::Ok();
      });
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(read.size(), 1u);  // e7 only
}

TEST_F(ViewsTest, AccountTrailCountsPerParisDay) {
  auto t = ReadAccountTrail(conn_, "chercheur.moreau",
                            {T("2026-11-30T00:00:00Z"), T("2026-12-02T00:00:00Z")});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->per_day, (std::vector<Count>{{"2026-11-30", 2}, {"2026-12-01", 1}}));
  EXPECT_EQ(t->events, 3);
  EXPECT_EQ(t->patients, 3);
  EXPECT_EQ(t->actions, (std::vector<Count>{{"export", 1}, {"query", 1}, {"reidentify", 1}}));
  EXPECT_EQ(t->projects, (std::vector<Count>{{kProject, 3}}));
  ASSERT_EQ(t->findings.size(), 1u);
  EXPECT_EQ(t->findings[0].rule, "objecting_patient");
  EXPECT_EQ(t->findings[0].event_index, index_[kE2]);
  ASSERT_EQ(t->authorisations.size(), 1u);
  EXPECT_EQ(t->authorisations[0].id, 1);
  EXPECT_EQ(t->authorisations[0].accounts, std::vector<std::string>{"chercheur.moreau"});
  EXPECT_EQ(t->authorisations[0].domains, std::vector<std::string>{"visits"});
  EXPECT_EQ(Ids(t->recent), (std::vector<std::string>{kE4, kE2, kE1}));

  // The period bounds: [from, to).
  auto day = ReadAccountTrail(conn_, "chercheur.moreau",
                              {T("2026-11-30T11:00:00Z"), T("2026-11-30T15:00:00Z")});
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->events, 1);
  EXPECT_EQ(Ids(day->recent), std::vector<std::string>{kE1});
  // e6 at 23:30 UTC is 00:30 on 12-01 in Paris.
  auto roux = ReadAccountTrail(conn_, "analyste.roux", {});
  ASSERT_TRUE(roux.ok());
  EXPECT_EQ(roux->per_day, (std::vector<Count>{{"2026-12-01", 1}}));
  EXPECT_EQ(roux->patients, 0);
  // garant's own views stay apart from the warehouse's accesses.
  auto staff = ReadAccountTrail(conn_, "staff:3", {});
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(staff->events, 0);
}

TEST_F(ViewsTest, ProjectReportComparesAuthorisationsWithAccesses) {
  auto r = ReadProjectReport(conn_, kProject, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->project.title, "Recours aux soins");
  EXPECT_EQ(r->project.legal_basis, "Intérêt public (art. 6.1.e)");
  EXPECT_EQ(r->events, 5);
  ASSERT_EQ(r->accessed.size(), 3u);
  EXPECT_EQ(r->accessed[0].account, "analyste.roux");
  EXPECT_EQ(r->accessed[1].account, "chercheur.moreau");
  EXPECT_EQ(r->accessed[1].events, 3);
  EXPECT_EQ(r->accessed[2].account, "stagiaire.x");
  EXPECT_EQ(r->unnamed, std::vector<std::string>{"stagiaire.x"});
  ASSERT_EQ(r->authorisations.size(), 2u);
  ASSERT_EQ(r->authorisations[0].named.size(), 1u);
  EXPECT_EQ(r->authorisations[0].named[0].account, "chercheur.moreau");
  EXPECT_EQ(r->authorisations[0].named[0].events, 3);
  EXPECT_EQ(r->authorisations[1].named[0].account, "analyste.roux");
  EXPECT_EQ(r->authorisations[1].named[0].events, 0);  // its only access was after valid_until
  ASSERT_EQ(r->outside.size(), 2u);
  EXPECT_EQ(r->outside[0].event.id, kE6);
  EXPECT_EQ(r->outside[0].rule, "expired");
  EXPECT_EQ(r->outside[1].event.id, kE3);
  EXPECT_EQ(r->outside[1].rule, "account_not_named");
  EXPECT_EQ(r->outside_total, 2);
  // A bounded list keeps the oldest and still counts them all.
  auto one = ReadProjectReport(conn_, kProject, {}, 1);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->outside.size(), 1u);
  EXPECT_EQ(one->outside[0].event.id, kE6);
  EXPECT_EQ(one->outside_total, 2);
  auto none = ReadProjectReport(conn_, kProject, {}, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->outside.empty());
  EXPECT_EQ(none->outside_total, 2);
  auto all = ReadProjectReport(conn_, kProject, {}, std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->outside.size(), 2u);
  EXPECT_EQ(ReadProjectReport(conn_, kProject, {}, -1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r->patients, 3);
  EXPECT_FALSE(r->cohort_size.has_value());
  ASSERT_EQ(r->exports.size(), 1u);
  EXPECT_EQ(r->exports[0].event.id, kE2);
  EXPECT_EQ(r->exports[0].file, "extrait.csv");
  EXPECT_EQ(r->exports[0].sha256, kSha);
  EXPECT_EQ(r->exports[0].bytes, 1200);
  EXPECT_EQ(r->exports[0].destination, "sftp://inserm");
  ASSERT_EQ(r->reidentifications.size(), 1u);
  EXPECT_EQ(r->reidentifications[0].event.id, kE4);
  EXPECT_EQ(r->reidentifications[0].justification, "Contrôle qualité du couplage");
  ASSERT_EQ(r->acks.size(), 1u);
  EXPECT_EQ(r->acks[0].consumer, "entrepot");
  EXPECT_EQ(r->acks[0].version, 1);
  EXPECT_EQ(r->acks[0].purged_count, 2);

  // A period: only 12-01 (UTC).
  auto day = ReadProjectReport(conn_, kProject, {T("2026-12-01T00:00:00Z"), std::nullopt});
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->events, 2);
  EXPECT_TRUE(day->exports.empty());
  EXPECT_TRUE(day->acks.empty());
  EXPECT_EQ(ReadProjectReport(conn_, "NOPE-1", {}).status().code(), Code::kNotFound);
  EXPECT_EQ(ReadProjectReport(conn_, "bad'ref", {}).status().code(), Code::kInvalidArgument);
}

TEST_F(ViewsTest, OverviewCountsThePeriod) {
  auto o = ReadOverview(conn_, {});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->events, 5);
  EXPECT_EQ(o->garant_views, 1);
  EXPECT_EQ(o->per_day, (std::vector<Count>{{"2026-11-30", 2}, {"2026-12-01", 3}}));
  EXPECT_EQ(o->actions,
            (std::vector<Count>{{"query", 2}, {"count", 1}, {"export", 1}, {"reidentify", 1}}));
  EXPECT_EQ(o->projects, (std::vector<Count>{{kProject, 5}}));
  ASSERT_EQ(o->findings.size(), 3u);
  EXPECT_EQ(o->findings[0].rule, "account_not_named");
  EXPECT_EQ(o->findings[0].severity, "critical");
  EXPECT_EQ(o->findings[1].rule, "expired");
  EXPECT_EQ(o->findings[2].rule, "objecting_patient");
  // 6 events + 3 findings, each an entry.
  EXPECT_EQ(o->log_size, 9u);
  auto later = ReadOverview(conn_, {T("2026-12-01T08:00:00Z"), std::nullopt});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->events, 2);
  EXPECT_EQ(later->findings.size(), 1u);
}

TEST_F(ViewsTest, LetterGroupsByProjectWithoutAccountsOrGarantViews) {
  auto t = ReadPersonTrail(conn_, {kTokA});
  ASSERT_TRUE(t.ok());
  auto projects = ReadProjects(conn_, {kProject, "UNKNOWN-1"});
  ASSERT_TRUE(projects.ok());
  EXPECT_EQ(projects->size(), 1u);
  std::vector<LetterLine> lines = LetterLines(*t, *projects);
  ASSERT_EQ(lines.size(), 1u);
  const LetterLine& l = lines[0];
  EXPECT_EQ(l.project, kProject);
  EXPECT_EQ(l.title, "Recours aux soins");
  EXPECT_EQ(l.accesses, 2);
  EXPECT_EQ(l.first, T("2026-11-30T11:00:00Z"));
  EXPECT_EQ(l.last, T("2026-11-30T15:00:00Z"));
  EXPECT_EQ(l.organisations, (std::vector<std::string>{"Inserm U1018", "SOS Médecins France"}));
  EXPECT_EQ(l.purposes, std::vector<std::string>{"research"});
  EXPECT_EQ(l.legal_basis, "Intérêt public (art. 6.1.e)");
  EXPECT_EQ(l.formality, "mr-004");
  EXPECT_EQ(l.recipient_categories, std::vector<std::string>{"chercheur"});
}

}  // namespace
}  // namespace garant::access
