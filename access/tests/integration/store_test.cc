// AccessStore against a real PostgreSQL: one leaf per event, the side table,
// idempotency (same answer; other content → nothing of the batch written),
// patient sets (digest checked, stored once), the checks replayed with
// history (a revocation or an objection after occurred_at is not a finding).
#include "garant/access/store.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "garant/audit/leaf.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::access {
namespace {

using namespace std::chrono_literals;
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
const std::string kReporter = "service:7";

class AccessStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string info = SharedCluster().CreateDatabase();
    auto owner = db::Connection::Open(info);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    auto applied = db::ApplyMigrations(owner_, sql::Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
    pool_ = std::make_unique<db::Pool>(
        db::Pool::Options{SharedCluster().AppConninfo(info), 3, std::chrono::seconds(5)});
    store_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance());
    SeedGovernance();
  }

  void Exec(const std::string& sql, const db::Params& p = {}) {
    auto r = owner_.Exec(sql, p);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
  int64_t Count(const std::string& sql) {
    auto r = owner_.Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  // Project CONTACT-2026-001 (active), one authorisation for
  // chercheur.moreau on "visits" through 2026.
  void SeedGovernance() {
    Exec("INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')");
    Exec(
        "INSERT INTO gov_projects (reference, title, public_summary, purpose, no_forbidden_use, "
        "legal_basis, formality, formality_reference, investigator, organisation, data_domains, "
        "duration_months, committee_id, status) VALUES ('CONTACT-2026-001', 't', 's', "
        "'research', true, 'lb', 'mr-004', 'R-1', 'inv', 'org', '{visits}', 12, 1, 'active')");
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
        "valid_until, created_at, created_by) VALUES (1, 1, '{chercheur.moreau}', '{visits}', "
        "'2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '2025-12-01T00:00:00Z', 'staff:1')");
  }

  void AddObjection(const std::string& token, const char* effective_at, const char* scope = "all") {
    auto r = owner_.Exec(
        "INSERT INTO objections (id, reference, code_hash, requester, channel, scope, "
        "received_at, effective_at, status, notice_version, traits_sealed) VALUES "
        "(gen_random_uuid(), 'OPP-' || upper(substr(md5(random()::text), 1, 4)) || '-AAAA', "
        "decode(repeat('00', 32), 'hex'), 'patient', 'web', $1, $2, $2, 'effective', 'v1', "
        "decode(repeat('00', 28), 'hex')) RETURNING id::text",
        {scope, effective_at});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    Exec("INSERT INTO objection_tokens (objection_id, token, key_id) VALUES ($1::uuid, $2, 'k1')",
         {r->Str(0, 0), token});
  }

  AccessEvent Event(const std::string& id, const char* at) {
    AccessEvent e;
    e.id = id;
    e.occurred_at = T(at);
    e.account = "chercheur.moreau";
    e.action = Action::kQuery;
    e.project = "CONTACT-2026-001";
    e.domains = std::vector<std::string>{"visits"};
    e.source = "entrepot";
    return e;
  }

  Result<std::vector<RecordedEvent>> Record(const std::vector<AccessEvent>& events) {
    return store_->RecordBatch(kReporter, events);
  }

  Result<PatientSetInfo> Upload(const std::vector<std::string>& tokens, const std::string& digest) {
    GARANT_ASSIGN_OR_RETURN(auto u, store_->BeginPatientSet("service:7", digest));
    for (const auto& t : tokens) GARANT_RETURN_IF_ERROR(u->Add(t));
    return u->Finish();
  }

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{kNow};
  std::unique_ptr<AccessStore> store_;
};

const char* kId1 = "00000000-0000-4000-8000-000000000001";
const char* kId2 = "00000000-0000-4000-8000-000000000002";
const char* kId3 = "00000000-0000-4000-8000-000000000003";

TEST_F(AccessStoreTest, RecordsLeavesAndSideTableIdempotently) {
  AccessEvent a = Event(kId1, "2026-11-30T10:00:00Z");
  a.patients = std::vector<std::string>{kTokB, kTokA, kTokA};
  AccessEvent b = Event(kId2, "2026-11-30T11:00:00Z");
  b.action = Action::kLogin;
  auto first = Record({a, b});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].index, 0u);
  EXPECT_EQ((*first)[1].index, 1u);
  EXPECT_TRUE((*first)[0].findings.empty());

  auto leaf = audit::ReadLeaf(owner_, 0);
  ASSERT_TRUE(leaf.ok());
  auto ev = audit::DecodeLeaf(*leaf);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->id, kId1);
  EXPECT_EQ(ev->type, "access.query");
  EXPECT_EQ(ev->actor, kReporter);
  auto payload = boost::json::parse(ev->payload).as_object();
  EXPECT_EQ(payload["patients_digest"].as_string(), PatientsDigest({kTokA, kTokB}));
  EXPECT_EQ(payload["patient_count"].as_int64(), 2);
  EXPECT_EQ(ev->payload.find(kTokA), std::string::npos);  // no token in the leaf

  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients WHERE token = '" + kTokA +
                  "' AND audit_index = 0"),
            1);
  // A retry, later: the same answer, nothing new.
  clock_.Set(kNow + 1h);
  auto again = Record({a, b});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)[0].index, 0u);
  EXPECT_EQ((*again)[1].index, 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 2);
}

TEST_F(AccessStoreTest, SameIdOtherContentWritesNothingOfTheBatch) {
  ASSERT_TRUE(Record({Event(kId1, "2026-11-30T10:00:00Z")}).ok());
  AccessEvent changed = Event(kId1, "2026-11-30T10:00:00Z");
  changed.rows = 5;
  AccessEvent fresh = Event(kId2, "2026-11-30T10:00:00Z");
  fresh.patients = std::vector<std::string>{kTokC};
  auto r = Record({fresh, changed});
  EXPECT_EQ(r.status().code(), Code::kAlreadyExists);
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), 1);
}

TEST_F(AccessStoreTest, RevocationAfterOccurredAtIsNotAFinding) {
  Exec(
      "UPDATE gov_authorisations SET revoked_at = '2026-11-15T00:00:00Z', "
      "revocation_reason = 'fin'");
  clock_.Set(T("2026-11-15T01:00:00Z"));  // reported in time: no late_report
  auto before = Record({Event(kId1, "2026-11-14T23:59:59Z")});
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_TRUE((*before)[0].findings.empty());
  auto after = Record({Event(kId2, "2026-11-15T00:00:00Z")});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  ASSERT_EQ((*after)[0].findings.size(), 1u);
  EXPECT_EQ((*after)[0].findings[0], "revoked");

  // The finding: its row, and its own leaf referencing the event's index.
  auto page = store_->ListFindings({});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->findings.size(), 1u);
  const StoredFinding& f = page->findings[0];
  EXPECT_EQ(f.rule, "revoked");
  EXPECT_EQ(f.severity, "high");
  EXPECT_EQ(f.event_id, kId2);
  EXPECT_EQ(f.event_index, (*after)[0].index);
  auto leaf = audit::ReadLeaf(owner_, f.audit_index);
  ASSERT_TRUE(leaf.ok());
  auto ev = audit::DecodeLeaf(*leaf);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->type, "finding.raised");
  EXPECT_EQ(ev->id, f.id);
  auto payload = boost::json::parse(ev->payload).as_object();
  EXPECT_EQ(payload["event_index"].as_int64(), static_cast<int64_t>(f.event_index));
  EXPECT_EQ(payload["rule"].as_string(), "revoked");

  // The retry of the second batch answers the same findings.
  auto retry = Record({Event(kId2, "2026-11-15T00:00:00Z")});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ((*retry)[0].findings, (*after)[0].findings);
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings"), 1);

  // Filters.
  FindingQuery q;
  q.rule = "expired";
  EXPECT_TRUE(store_->ListFindings(q)->findings.empty());
  q.rule = "revoked";
  q.account = "chercheur.moreau";
  q.project = "CONTACT-2026-001";
  q.from = T("2026-11-15T00:00:00Z");
  q.to = T("2026-11-15T00:00:01Z");
  EXPECT_EQ(store_->ListFindings(q)->findings.size(), 1u);
  q.to = T("2026-11-15T00:00:00Z");
  EXPECT_TRUE(store_->ListFindings(q)->findings.empty());
}

TEST_F(AccessStoreTest, ObjectionAfterOccurredAtIsNotAFinding) {
  AddObjection(kTokA, "2026-11-20T00:00:00Z");
  clock_.Set(T("2026-11-20T01:00:00Z"));  // reported in time: no late_report
  AccessEvent before = Event(kId1, "2026-11-19T23:59:59Z");
  before.patients = std::vector<std::string>{kTokA, kTokB};
  auto r1 = Record({before});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_TRUE((*r1)[0].findings.empty());
  AccessEvent after = Event(kId2, "2026-11-20T00:00:00Z");
  after.patients = std::vector<std::string>{kTokA, kTokB};
  auto r2 = Record({after});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  ASSERT_EQ((*r2)[0].findings.size(), 1u);
  EXPECT_EQ((*r2)[0].findings[0], "objecting_patient");
  auto page = store_->ListFindings({});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->findings[0].severity, "critical");
}

TEST_F(AccessStoreTest, PatientSetsDigestCheckedAndStoredOnce) {
  std::vector<std::string> tokens = {kTokC, kTokA, kTokB, kTokA};
  const std::string digest = PatientsDigest(tokens);
  // A wrong digest stores nothing.
  auto wrong = Upload(tokens, std::string(64, '0'));
  EXPECT_EQ(wrong.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_sets"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_uploads"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), 0);
  // A bad token.
  auto bad = Upload({kTokA, "xyz"}, digest);
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);

  auto stored = Upload(tokens, digest);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_TRUE(stored->created);
  EXPECT_EQ(stored->token_count, 3);
  auto twice = Upload(tokens, digest);
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  EXPECT_FALSE(twice->created);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_tokens"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_uploads"), 0);

  // Over the limit (lowered here): kTooLarge, nothing stored.
  {
    auto u = store_->BeginPatientSet("service:7", PatientsDigest({kTokA, kTokB, kTokC}), 2);
    ASSERT_TRUE(u.ok());
    EXPECT_TRUE((*u)->Add(kTokA).ok());
    EXPECT_TRUE((*u)->Add(kTokB).ok());
    EXPECT_EQ((*u)->Add(kTokC).code(), Code::kTooLarge);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_sets"), 1);

  // An event may reference only a stored set.
  AccessEvent unknown = Event(kId1, "2026-11-30T10:00:00Z");
  unknown.patient_set = std::string(64, 'e');
  EXPECT_EQ(Record({unknown}).status().code(), Code::kInvalidArgument);

  AddObjection(kTokB, "2026-01-01T00:00:00Z", "project:CONTACT-2026-001");
  AccessEvent e = Event(kId3, "2026-11-30T10:00:00Z");
  e.patient_set = digest;
  auto r = Record({e});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)[0].findings.size(), 1u);
  EXPECT_EQ((*r)[0].findings[0], "objecting_patient");
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients WHERE event_id = '" +
                  std::string(kId3) + "'"),
            3);
  auto leaf = audit::ReadLeaf(owner_, (*r)[0].index);
  ASSERT_TRUE(leaf.ok());
  auto payload = boost::json::parse(audit::DecodeLeaf(*leaf)->payload).as_object();
  EXPECT_EQ(payload["patients_digest"].as_string(), digest);
  EXPECT_EQ(payload["patient_count"].as_int64(), 3);
}

TEST_F(AccessStoreTest, TablesAreAppendOnlyForTheApplication) {
  ASSERT_TRUE(Record({Event(kId1, "2026-11-30T10:00:00Z")}).ok());
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  for (const char* sql :
       {"UPDATE access_events SET account = 'x'", "DELETE FROM access_events",
        "DELETE FROM access_event_patients", "UPDATE access_findings SET rule = 'x'"}) {
    auto r = (*conn)->Exec(sql);
    EXPECT_EQ(r.status().code(), Code::kPermissionDenied) << sql;
  }
  // Even the owner cannot.
  auto r = owner_.Exec("DELETE FROM access_events");
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
}

TEST_F(AccessStoreTest, ReidentifyWithoutJustificationIsRecordedWithItsFinding) {
  AccessEvent e = Event(kId1, "2026-11-30T10:00:00Z");
  e.action = Action::kReidentify;
  auto r = Record({e});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)[0].findings.size(), 1u);
  EXPECT_EQ((*r)[0].findings[0], "reidentify_without_justification");
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 1);
}

TEST_F(AccessStoreTest, ConcurrentSendersOfOneBatchRecordItOnce) {
  std::vector<AccessEvent> batch;
  for (int i = 0; i < 200; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", 100 + i);
    AccessEvent e = Event(id, "2026-12-01T09:00:00Z");
    e.patients = std::vector<std::string>{kTokA, kTokB};
    if (i % 10 == 0) e.account = "stagiaire";  // a finding each tenth event
    batch.push_back(e);
  }
  std::vector<Result<std::vector<RecordedEvent>>> answers(4, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] { answers[t] = store_->RecordBatch(kReporter, batch); });
  }
  for (auto& t : threads) t.join();
  for (const auto& a : answers) {
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    ASSERT_EQ(a->size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ((*a)[i].index, (*answers[0])[i].index);
      EXPECT_EQ((*a)[i].findings, (*answers[0])[i].findings);
    }
  }
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 200);
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings"), 20);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), 220);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 400);
}

TEST_F(AccessStoreTest, UnreadableRegistryKeepsTheEventWithCheckFailed) {
  Exec("REVOKE SELECT ON gov_authorisations FROM garant_app");
  AccessEvent e = Event(kId1, "2026-12-01T09:00:00Z");
  e.patients = std::vector<std::string>{kTokA};
  auto r = Record({e, Event(kId2, "2026-12-01T09:00:00Z")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)[0].findings, std::vector<std::string>{"check_failed"});
  ASSERT_EQ((*r)[1].findings, std::vector<std::string>{"check_failed"});
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings WHERE rule = 'check_failed'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), 4);
}

TEST_F(AccessStoreTest, UnknownOrForbiddenPurposeIsRefused) {
  AccessEvent e = Event(kId1, "2026-12-01T09:00:00Z");
  e.purpose = "product_promotion";
  EXPECT_EQ(Record({e}).status().code(), Code::kInvalidArgument);
  e.purpose = "nope";
  EXPECT_EQ(Record({e}).status().code(), Code::kInvalidArgument);
  e.purpose = "research";
  EXPECT_TRUE(Record({e}).ok());
}

}  // namespace
}  // namespace garant::access
