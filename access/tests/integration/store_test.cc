// AccessStore against a real PostgreSQL: one leaf per event, the side table,
// idempotency (same answer; other content → nothing of the batch written),
// patient sets (digest checked, stored once), the checks replayed with
// history (a revocation or an objection after occurred_at is not a finding).
#include "garant/access/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <thread>

#include "flu_project.h"
#include "garant/audit/leaf.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::access {
namespace {

using namespace std::chrono_literals;

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
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations(), 3);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    auto owner = db::Connection::Open(d->owner);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    pool_ = std::move(d->pool);
    // The tests of the registry rules pick their times freely (nights,
    // weekends) and record many patients: off_hours and volume_spike have
    // their own tests below, with the stores they need.
    const RuleConfig c = RuleConfig::Defaults().Without({rule::kOffHours, rule::kVolumeSpike});
    store_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance(), c);
    SeedFluProject(owner_);
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

  // `senders` threads send `batch` at once; each must get the same answer
  // (indexes and findings), which is returned.
  std::vector<RecordedEvent> SendAtOnce(const std::vector<AccessEvent>& batch, int senders) {
    std::vector<Result<std::vector<RecordedEvent>>> answers(senders, Status::Internal("not run"));
    std::vector<std::thread> threads;
    for (int t = 0; t < senders; ++t) {
      threads.emplace_back([&, t] { answers[t] = store_->RecordBatch(kReporter, batch); });
    }
    for (auto& t : threads) t.join();
    for (const auto& a : answers) {
      EXPECT_TRUE(a.ok()) << a.status().ToString();
      if (!a.ok() || !answers[0].ok()) return {};
      EXPECT_EQ(a->size(), batch.size());
      for (size_t i = 0; i < batch.size() && i < a->size(); ++i) {
        EXPECT_EQ((*a)[i].index, (*answers[0])[i].index) << i;
        EXPECT_EQ((*a)[i].findings, (*answers[0])[i].findings) << i;
      }
    }
    return *answers[0];
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

  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients WHERE token = decode('" + kTokA +
                  "', 'hex') AND audit_index = 0"),
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

TEST_F(AccessStoreTest, ABatchOfRecordedAndNewEventsKeepsTheFirstAnswers) {
  // The first try assumes new ids; this batch holds recorded ones, so it is
  // recorded again with the lookups: the recorded events keep their indexes
  // and findings, the new ones are added once.
  AccessEvent old_event = Event(kId1, "2026-11-30T10:00:00Z");
  old_event.action = Action::kReidentify;  // no justification: a finding
  auto first = Record({old_event});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ((*first)[0].findings, std::vector<std::string>{"reidentify_without_justification"});
  const int64_t entries = Count("SELECT count(*) FROM audit_entries");

  AccessEvent fresh = Event(kId2, "2026-11-30T11:00:00Z");
  fresh.patients = std::vector<std::string>{kTokA};
  auto mixed = Record({fresh, old_event});
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  ASSERT_EQ(mixed->size(), 2u);
  EXPECT_EQ((*mixed)[1].index, (*first)[0].index);
  EXPECT_EQ((*mixed)[1].findings, (*first)[0].findings);
  EXPECT_EQ((*mixed)[0].index, static_cast<uint64_t>(entries));
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings"), 1);
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
  EXPECT_EQ(
      Count("SELECT count(*) FROM access_patient_set_chunks c, access_chunk_tokens(c.tokens) m"),
      0);
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
  EXPECT_EQ(
      Count("SELECT count(*) FROM access_patient_set_chunks c, access_chunk_tokens(c.tokens) m"),
      3);
  // Stored as 32-byte tokens under the set's id, each the hex it was sent as.
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_chunks c CROSS JOIN LATERAL "
                  "access_chunk_tokens(c.tokens) m(token) JOIN access_patient_sets s "
                  "ON s.id = c.set_id WHERE s.digest = '" +
                  digest + "' AND encode(m.token, 'hex') IN ('" + kTokA + "', '" + kTokB + "', '" +
                  kTokC + "')"),
            3);

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
  // One reference to the set, no row per token.
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients WHERE event_id = '" +
                  std::string(kId3) + "'"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_sets r JOIN access_patient_sets s ON "
                  "s.id = r.set_id WHERE r.event_id = '" +
                  std::string(kId3) + "' AND s.digest = '" + digest +
                  "' AND r.audit_index = " + std::to_string((*r)[0].index)),
            1);
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
        "DELETE FROM access_event_patients", "DELETE FROM access_event_sets",
        "DELETE FROM access_patient_set_chunks", "UPDATE access_findings SET rule = 'x'"}) {
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
  ASSERT_EQ(SendAtOnce(batch, 4).size(), batch.size());
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
  auto first = Record({e});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // The purpose disallowed afterwards: a retry of the recorded event keeps
  // its first answer; a new event with it is refused.
  Exec("UPDATE gov_purposes SET allowed = false WHERE code = 'research'");
  auto again = Record({e});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)[0].index, (*first)[0].index);
  AccessEvent other = Event(kId2, "2026-12-01T09:00:00Z");
  other.purpose = "research";
  EXPECT_EQ(Record({other, e}).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 1);
}

// --- Rules over the account's activity, through the store ---

// A store where only `name` (and check_failed) is enabled.
std::unique_ptr<AccessStore> Only(db::Pool& pool, audit::AuditLog& log, const Clock& clock,
                                  std::string_view name) {
  RuleConfig c = RuleConfig::Defaults();
  for (auto& [n, st] : c.rules) st.enabled = n == name || n == rule::kCheckFailed;
  return std::make_unique<AccessStore>(pool, log, clock, SecureRandom::Instance(), c);
}

std::string Id(int n) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
  return id;
}

std::string Tok(int n) {
  char t[80];
  std::snprintf(t, sizeof t, "%064x", n);
  return t;
}

// The rules raised per event, in the batch's order.
std::vector<std::vector<std::string>> Raised(const Result<std::vector<RecordedEvent>>& r) {
  std::vector<std::vector<std::string>> out;
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return out;
  for (const auto& e : *r) out.push_back(e.findings);
  return out;
}

using Rules = std::vector<std::vector<std::string>>;
const std::vector<std::string> kNone;

TEST_F(AccessStoreTest, RepeatedQueryCountsEarlierBatchesAndTheBatchInTimeOrder) {
  auto store = Only(*pool_, log_, clock_, rule::kRepeatedQuery);
  const TimePoint t0 = T("2026-10-01T08:00:00Z");
  clock_.Set(t0 + 40 * 24h);
  auto q = [&](int n, TimePoint at) {
    AccessEvent e = Event(Id(n), "2026-10-01T08:00:00Z");
    e.occurred_at = at;
    e.query_fingerprint = "sha256:7f3a";
    return e;
  };
  std::vector<AccessEvent> six;
  for (int k = 0; k < 6; ++k) six.push_back(q(k, t0 + k * 24h));
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, six)), Rules(6, kNone));
  // 30 days after the first: the first is out of the window, 6 in it.
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {q(10, t0 + 30 * 24h)})), Rules{kNone});
  // Just inside: the seventh.
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {q(11, t0 + 30 * 24h - 1us)})),
            Rules{{"repeated_query"}});
  // Another fingerprint, another account, a denied one: not counted.
  AccessEvent other = q(12, t0 + 6 * 24h);
  other.query_fingerprint = "sha256:0000";
  AccessEvent denied = q(13, t0 + 6 * 24h);
  denied.outcome = Outcome::kDenied;
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {other, denied})), Rules(2, kNone));

  // One batch, sent newest first: only the seventh in time order fires.
  std::vector<AccessEvent> batch;
  for (int k = 6; k >= 0; --k) {
    AccessEvent e = q(100 + k, t0 + 50 * 24h + k * 1h);
    e.query_fingerprint = "sha256:beef";
    batch.push_back(e);
  }
  auto r = Raised(store->RecordBatch(kReporter, batch));
  Rules expected(7, kNone);
  expected[0] = {"repeated_query"};
  EXPECT_EQ(r, expected);
}

TEST_F(AccessStoreTest, VolumeSpikeAgainstTheMedianOfThePreviousDays) {
  auto store = Only(*pool_, log_, clock_, rule::kVolumeSpike);
  const TimePoint day = T("2026-11-20T09:00:00Z");
  clock_.Set(day + 1h);
  int next_token = 1;
  auto touching = [&](int id, TimePoint at, int patients, const char* account) {
    AccessEvent e = Event(Id(id), "2026-11-20T09:00:00Z");
    e.occurred_at = at;
    e.account = account;
    std::vector<std::string> tokens;
    for (int i = 0; i < patients; ++i) tokens.push_back(Tok(next_token++));
    e.patients = tokens;
    return e;
  };
  // 30 previous days at 20 patients a day: median 20, the limit is > 200.
  std::vector<AccessEvent> history;
  for (int d = 1; d <= 30; ++d) {
    history.push_back(touching(d, day - d * 24h, 20, "chercheur.moreau"));
    history.push_back(touching(100 + d, day - d * 24h, 20, "chercheur.durand"));
  }
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, history)), Rules(60, kNone));
  // The day: 150 then 51 (201), sent in reverse order: the second in time fires.
  AccessEvent a = touching(200, day, 150, "chercheur.moreau");
  AccessEvent b = touching(201, day + 1h, 51, "chercheur.moreau");
  // Near miss: exactly 10x the median (200) is not more.
  AccessEvent c = touching(202, day, 150, "chercheur.durand");
  AccessEvent d = touching(203, day + 1h, 50, "chercheur.durand");
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {b, a, d, c})),
            (Rules{{"volume_spike"}, kNone, kNone, kNone}));
  // Once a day: more patients the same day raise nothing new.
  EXPECT_EQ(
      Raised(store->RecordBatch(kReporter, {touching(204, day + 2h, 30, "chercheur.moreau")})),
      Rules{kNone});
  EXPECT_EQ(Count("SELECT touched_patients FROM access_account_days WHERE account = "
                  "'chercheur.moreau' AND day = '2026-11-20'"),
            231);
  auto page = store->ListFindings({});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->findings.size(), 1u);
  auto facts = boost::json::parse(page->findings[0].facts).as_object();
  EXPECT_EQ(facts["day_patients"].as_int64(), 201);
  EXPECT_EQ(facts["median"].as_double(), 20.0);
}

TEST_F(AccessStoreTest, DormantAccountAfterNinetyDaysOfSilence) {
  auto store = Only(*pool_, log_, clock_, rule::kDormantAccount);
  const TimePoint t0 = T("2026-01-05T09:00:00Z");
  clock_.Set(T("2026-12-01T09:00:00Z"));
  auto at = [&](int n, TimePoint t, const char* account = "chercheur.moreau") {
    AccessEvent e = Event(Id(n), "2026-01-05T09:00:00Z");
    e.occurred_at = t;
    e.account = account;
    e.action = Action::kLogin;
    return e;
  };
  // Never seen before: not dormant.
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {at(1, t0)})), Rules{kNone});
  // 90 days less a microsecond: not dormant; then 90 days after that: dormant.
  const TimePoint t1 = t0 + 90 * 24h - 1us;
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {at(2, t1)})), Rules{kNone});
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {at(3, t1 + 90 * 24h)})),
            Rules{{"dormant_account"}});
  // In one batch, in time order: the later event of a new account follows
  // the earlier one after 100 days.
  EXPECT_EQ(Raised(store->RecordBatch(
                kReporter, {at(4, t0 + 100 * 24h, "nouveau.compte"), at(5, t0, "nouveau.compte")})),
            (Rules{{"dormant_account"}, kNone}));
}

TEST_F(AccessStoreTest, RepeatedDenialsWithinAnHour) {
  auto store = Only(*pool_, log_, clock_, rule::kRepeatedDenials);
  const TimePoint t0 = T("2026-11-30T09:00:00Z");
  clock_.Set(t0 + 2h);
  auto denied = [&](int n, TimePoint t) {
    AccessEvent e = Event(Id(n), "2026-11-30T09:00:00Z");
    e.occurred_at = t;
    e.outcome = Outcome::kDenied;
    return e;
  };
  AccessEvent ok = Event(Id(9), "2026-11-30T09:05:00Z");  // a success is not a denial
  EXPECT_EQ(
      Raised(store->RecordBatch(kReporter, {denied(1, t0), denied(2, t0 + 10min),
                                            denied(3, t0 + 20min), ok, denied(4, t0 + 30min)})),
      Rules(5, kNone));
  // An hour after the first: it is out of the window, 4 in it.
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {denied(5, t0 + 60min)})), Rules{kNone});
  // Within the hour of the first: the fifth.
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {denied(6, t0 + 50min)})),
            Rules{{"repeated_denials"}});
}

TEST_F(AccessStoreTest, OffHoursWithTheDefaultRules) {
  auto store = Only(*pool_, log_, clock_, rule::kOffHours);
  clock_.Set(T("2026-11-16T12:00:00Z"));
  // Saturday 14 November 2026 at noon in Paris; Monday 16th at 10:00.
  EXPECT_EQ(Raised(store->RecordBatch(kReporter, {Event(kId1, "2026-11-14T11:00:00Z"),
                                                  Event(kId2, "2026-11-16T09:00:00Z")})),
            (Rules{{"off_hours"}, kNone}));
}

TEST_F(AccessStoreTest, FailedChecksAreRetriedAndRaiseTheirRealFindings) {
  Exec("REVOKE SELECT ON gov_authorisations FROM garant_app");
  AccessEvent e = Event(kId1, "2026-12-01T09:00:00Z");
  e.account = "stagiaire";  // not named: account_not_named once the checks run
  e.patients = std::vector<std::string>{kTokA, kTokB};
  AddObjection(kTokB, "2026-01-01T00:00:00Z");
  AccessEvent fine = Event(kId2, "2026-12-01T09:00:00Z");
  EXPECT_EQ(Raised(Record({e, fine})), (Rules{{"check_failed"}, {"check_failed"}}));
  const int64_t entries = Count("SELECT count(*) FROM audit_entries");

  // Still unreadable: the retry fails and writes nothing.
  auto failed = store_->RetryFailedChecks();
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Count("SELECT count(*) FROM access_check_retries"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries);

  Exec("GRANT SELECT ON gov_authorisations TO garant_app");
  clock_.Set(kNow + 3h);
  auto retried = store_->RetryFailedChecks();
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->retried, 2);
  EXPECT_EQ(retried->findings, 2);  // account_not_named and objecting_patient
  FindingQuery q;
  q.account = "stagiaire";
  auto page = store_->ListFindings(q);
  ASSERT_TRUE(page.ok());
  std::vector<std::string> rules;
  for (const auto& f : page->findings) {
    rules.push_back(f.rule);
    EXPECT_EQ(f.event_id, kId1);
    EXPECT_EQ(f.event_index, 0u);
  }
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules,
            (std::vector<std::string>{"account_not_named", "check_failed", "objecting_patient"}));
  // The retry's findings join the overview's rollup (sql/0030): its rows
  // count every finding, the check_failed ones and the retry's.
  EXPECT_EQ(Count("SELECT coalesce(sum(findings), 0) FROM access_rollup_findings"),
            Count("SELECT count(*) FROM access_findings"));
  EXPECT_EQ(Count("SELECT findings FROM access_rollup_findings WHERE rule = 'account_not_named'"),
            1);
  // The retry is recorded append-only, with its own leaf.
  EXPECT_EQ(Count("SELECT count(*) FROM access_check_retries"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), entries + 2 + 2);
  auto retry_index = Count("SELECT audit_index FROM access_check_retries WHERE event_id = '" +
                           std::string(kId1) + "'");
  auto leaf = audit::ReadLeaf(owner_, static_cast<uint64_t>(retry_index));
  ASSERT_TRUE(leaf.ok());
  auto ev = audit::DecodeLeaf(*leaf);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->type, "finding.rechecked");
  auto payload = boost::json::parse(ev->payload).as_object();
  EXPECT_EQ(payload["event_index"].as_int64(), 0);
  EXPECT_EQ(payload["findings"].as_array().size(), 2u);
  // Done once: nothing left to retry; the table refuses changes.
  auto again = store_->RetryFailedChecks();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->retried, 0);
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->Exec("DELETE FROM access_check_retries").status().code(),
            Code::kPermissionDenied);
}

TEST_F(AccessStoreTest, AnEventComesBackWholeFromItsLeaf) {
  AccessEvent e = Event(kId1, "2026-12-01T09:00:00Z");
  e.patients = std::vector<std::string>{kTokA, kTokB};
  e.query_fingerprint = "q\"1";
  e.returned_count = 12;
  e.justification = "contrôle";
  e.export_info = ExportInfo{"f.csv", std::string(64, 'd'), 10, "sftp"};
  auto r = Record({e});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto leaf = audit::ReadLeaf(owner_, (*r)[0].index);
  ASSERT_TRUE(leaf.ok());
  auto back = EventFromLeaf(kId1, audit::DecodeLeaf(*leaf)->payload,
                            std::vector<std::string>{kTokA, kTokB}, std::nullopt);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(CanonicalJson(*back), CanonicalJson(e));
}

// repeated_query's differencing form over earlier batches: the account's
// earlier count query with one criterion less and 3 people more pairs with
// it; one two criteria away, one too far apart and another account's do not.
TEST_F(AccessStoreTest, DifferencingCountQueriesOfOneAccount) {
  auto count = [&](const char* id, const char* at, std::vector<std::string> criteria, int64_t n,
                   const char* account = "chercheur.moreau") {
    AccessEvent e = Event(id, at);
    e.action = Action::kCount;
    e.account = account;
    e.query_criteria = std::move(criteria);
    e.true_count = n;
    e.returned_count = n;
    return e;
  };
  auto first = Record({count(kId1, "2026-11-30T10:00:00Z", {"age.ge.75", "region:ara"}, 43),
                       count("00000000-0000-4000-8000-000000000009", "2026-11-30T10:05:00Z",
                             {"age.ge.75", "region:ara", "dx:J10"}, 42, "biostat.leroy")});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE((*first)[0].findings.empty());
  // Another account's queries do not pair (this one is only not named).
  EXPECT_EQ((*first)[1].findings, std::vector<std::string>{"account_not_named"});
  auto second =
      Record({count(kId2, "2026-11-30T10:10:00Z", {"age.ge.75", "region:ara", "dx:J10"}, 40),
              count(kId3, "2026-11-30T10:20:00Z", {"age.ge.75", "region:ara", "sex:F"}, 30)});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ((*second)[0].findings, std::vector<std::string>{"repeated_query"});
  EXPECT_TRUE(
      (*second)[1].findings.empty());  // 13 apart from the first, two criteria from the second
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings WHERE facts::jsonb ->> 'form' = "
                  "'differencing' AND facts::jsonb ->> 'other_event' = '" +
                  std::string(kId1) + "'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_events WHERE result_count = 40 AND "
                  "query_criteria = ARRAY['age.ge.75', 'region:ara', 'dx:J10']"),
            1);
}

// The load case: a batch of 10,000 events, two of them referencing
// 100,000-token sets, recorded exactly once although the sets are uploaded
// twice at the same time, the first attempt covers only part of the batch
// (its answer lost), and three senders then retry the whole batch at once.
TEST_F(AccessStoreTest, TenThousandEventsAndLargeSetsRecordedOnceUnderRetriesAndConcurrency) {
  constexpr int kEvents = 10000;
  constexpr int kSetTokens = 100000;
  const std::string kObjector = HexEncode(crypto::Sha256("large set/0/objector"));
  AddObjection(kObjector, "2026-01-01T00:00:00Z");
  std::vector<std::vector<std::string>> sets(2);
  for (int s = 0; s < 2; ++s) {
    for (int i = 0; i < kSetTokens; ++i) {
      sets[s].push_back(
          HexEncode(crypto::Sha256("large set/" + std::to_string(s) + "/" + std::to_string(i))));
    }
  }
  sets[0][kSetTokens / 2] = kObjector;
  std::vector<std::string> digests = {PatientsDigest(sets[0]), PatientsDigest(sets[1])};

  // Each set sent by two uploaders at once: stored once. (One set at a time:
  // an upload holds one of the pool's three connections while it streams.)
  std::vector<Result<PatientSetInfo>> uploads(4, Status::Internal("not run"));
  for (int s = 0; s < 2; ++s) {
    std::thread other([&] { uploads[s + 2] = Upload(sets[s], digests[s]); });
    uploads[s] = Upload(sets[s], digests[s]);
    other.join();
  }
  for (int s = 0; s < 2; ++s) {
    ASSERT_TRUE(uploads[s].ok()) << uploads[s].status().ToString();
    ASSERT_TRUE(uploads[s + 2].ok()) << uploads[s + 2].status().ToString();
    EXPECT_NE(uploads[s]->created, uploads[s + 2]->created) << "set " << s << " created once";
    EXPECT_EQ(uploads[s]->audit_index, uploads[s + 2]->audit_index);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_sets"), 2);
  EXPECT_EQ(
      Count("SELECT count(*) FROM access_patient_set_chunks c, access_chunk_tokens(c.tokens) m"),
      2 * kSetTokens);

  std::vector<AccessEvent> batch;
  for (int i = 0; i < kEvents; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", 100000 + i);
    AccessEvent e = Event(id, "2026-12-01T09:00:00Z");
    e.occurred_at += std::chrono::milliseconds(i);
    if (i == 10 || i == 7000) {
      e.patient_set = digests[i == 10 ? 0 : 1];
    } else {
      e.patients =
          std::vector<std::string>{HexEncode(crypto::Sha256("inline/" + std::to_string(i))), kTokA};
    }
    if (i % 100 == 1) e.account = "stagiaire";  // account_not_named, 100 times
    batch.push_back(e);
  }
  // The first attempt: the first 6,000 events; its answer is lost.
  const std::vector<AccessEvent> first(batch.begin(), batch.begin() + 6000);
  auto lost = store_->RecordBatch(kReporter, first);
  ASSERT_TRUE(lost.ok()) << lost.status().ToString();
  // Three senders retry the whole batch at once.
  const std::vector<RecordedEvent> answer = SendAtOnce(batch, 3);
  ASSERT_EQ(answer.size(), batch.size());
  for (size_t i = 0; i < first.size(); ++i) {
    ASSERT_EQ((*lost)[i].index, answer[i].index) << i;
    ASSERT_EQ((*lost)[i].findings, answer[i].findings) << i;
  }
  // The set holding the objector raised its finding, once.
  EXPECT_EQ(answer[10].findings, std::vector<std::string>{"objecting_patient"});
  EXPECT_TRUE(answer[7000].findings.empty());

  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), kEvents);
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings WHERE rule = 'account_not_named'"), 100);
  EXPECT_EQ(Count("SELECT count(*) FROM access_findings"), 101);
  // Leaves: two sets, the events, the findings; nothing twice.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"), 2 + kEvents + 101);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 2 * (kEvents - 2));
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_sets"), 2);
  EXPECT_EQ(Count("SELECT count(DISTINCT audit_index) FROM access_events"), kEvents);
}

}  // namespace
}  // namespace garant::access
