// The access trail's storage (sql/0015) against a real PostgreSQL:
//   * an event naming a patient set keeps one reference row, and the person
//     views (ReadTrail, ReadPersonTrail, the account's patient count) still
//     find it through the set's tokens;
//   * rows written in the format of 0007..0014 (hex tokens, a side-table row
//     per token of a set) read back the same after the migration.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "flu_project.h"
#include "garant/access/retention.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/access/views.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/audit/note.h"
#include "garant/audit/retention.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::access {
namespace {

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

const std::string kTokA(64, 'a');
const std::string kTokB(64, 'b');
const std::string kTokC(64, 'c');
const std::string kTokD(64, 'd');
const std::string kProject = "CONTACT-2026-001";
const char* kE1 = "00000000-0000-4000-8000-000000000001";
const char* kE2 = "00000000-0000-4000-8000-000000000002";
const char* kE3 = "00000000-0000-4000-8000-000000000003";
const char* kE4 = "00000000-0000-4000-8000-000000000004";

std::vector<db::Migration> MigrationsUpTo(int version) {
  std::vector<db::Migration> out;
  for (const auto& m : sql::Migrations()) {
    if (m.version <= version) out.push_back(m);
  }
  return out;
}

std::vector<std::string> Ids(const std::vector<TrailEntry>& v) {
  std::vector<std::string> out;
  for (const auto& e : v) out.push_back(e.id);
  return out;
}

class StorageTest : public ::testing::Test {
 protected:
  // A database with the migrations up to `version` (all by default).
  void Open(int version = 1 << 30) {
    auto d = testsupport::CreateMigratedDatabase(MigrationsUpTo(version), 3);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    auto owner = db::Connection::Open(d->owner);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    pool_ = std::move(d->pool);
    store_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance());
    SeedFluProject(owner_);
  }

  void Exec(const std::string& sql, const db::Params& p = {}) {
    auto r = owner_.Exec(sql, p);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
  int64_t Count(const std::string& sql) {
    auto r = owner_.Exec(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  }

  AccessEvent Event(const char* id, const char* at, std::vector<std::string> patients) {
    AccessEvent e;
    e.id = id;
    e.occurred_at = T(at);
    e.account = "chercheur.moreau";
    e.action = Action::kQuery;
    e.project = kProject;
    e.domains = std::vector<std::string>{"visits"};
    if (!patients.empty()) e.patients = std::move(patients);
    e.source = "entrepot";
    return e;
  }

  Result<PatientSetInfo> Upload(const std::vector<std::string>& tokens) {
    GARANT_ASSIGN_OR_RETURN(auto u, store_->BeginPatientSet("service:7", PatientsDigest(tokens)));
    for (const auto& t : tokens) GARANT_RETURN_IF_ERROR(u->Add(t));
    return u->Finish();
  }

  // The events of a person's trail (ReadTrail, below a checkpoint of the
  // whole tree), by id.
  std::vector<std::string> Trail(const std::string& token) {
    auto head = audit::ReadTreeHead(owner_);
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    std::map<uint64_t, std::string> by_index;
    auto ids = owner_.Exec("SELECT audit_index, id::text FROM access_events");
    EXPECT_TRUE(ids.ok());
    for (int i = 0; ids.ok() && i < ids->size(); ++i) {
      by_index[static_cast<uint64_t>(ids->Int(i, 0))] = ids->Str(i, 1);
    }
    std::vector<std::string> out;
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
    Status st = ReadTrail(**conn, {TrailKey::kPerson, token}, head->size, [&](TrailLeaves&& e) {
      out.push_back(by_index[e.index]);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::vector<std::string> PersonTrail(const std::vector<std::string>& tokens) {
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto t = ReadPersonTrail(**conn, tokens);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? Ids(t->entries) : std::vector<std::string>{};
  }

  int64_t AccountPatients() {
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto t = ReadAccountTrail(**conn, "chercheur.moreau", {});
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? t->patients : -1;
  }

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{T("2026-12-01T09:00:00Z")};
  std::unique_ptr<AccessStore> store_;
};

TEST_F(StorageTest, AnEventNamingASetIsOneReferenceFoundThroughTheSetsTokens) {
  Open();
  auto set = Upload({kTokD, kTokA});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  AccessEvent e2 = Event(kE2, "2026-11-30T11:00:00Z", {});
  e2.action = Action::kExtract;
  e2.patient_set = set->digest;
  auto r = store_->RecordBatch("service:7", {Event(kE1, "2026-11-30T10:00:00Z", {kTokA, kTokB}), e2,
                                             Event(kE3, "2026-11-30T12:00:00Z", {kTokC})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  // One reference row, the inline tokens only in the side table.
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_sets"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 3);
  EXPECT_EQ(
      Count("SELECT count(*) FROM access_patient_set_chunks c, access_chunk_tokens(c.tokens) m"),
      2);

  // The person trail: inline tokens or membership of a referenced set.
  EXPECT_EQ(Trail(kTokA), (std::vector<std::string>{kE1, kE2}));
  EXPECT_EQ(Trail(kTokD), (std::vector<std::string>{kE2}));
  EXPECT_EQ(Trail(kTokB), (std::vector<std::string>{kE1}));
  EXPECT_EQ(Trail(std::string(64, 'f')), (std::vector<std::string>{}));
  EXPECT_EQ(PersonTrail({kTokA}), (std::vector<std::string>{kE1, kE2}));
  EXPECT_EQ(PersonTrail({kTokD}), (std::vector<std::string>{kE2}));
  EXPECT_EQ(PersonTrail({kTokA, kTokD}), (std::vector<std::string>{kE1, kE2}));  // once each
  // Distinct patients of the account: A, B, C inline, D from the set.
  EXPECT_EQ(AccountPatients(), 4);
}

// Retention (sql/0023, access/retention.h): a pruning run removes the
// patients of the pruned access events and the tokens of the sets only they
// referenced; the set's row stays, the set is unknown until uploaded again,
// and the upload stores its tokens again. A dry run changes nothing.
TEST_F(StorageTest, RetentionRemovesThePatientsOfPrunedEventsAndASetIsStoredAgain) {
  Open();
  auto set = Upload({kTokD, kTokA});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  AccessEvent e2 = Event(kE2, "2026-11-30T11:00:00Z", {});
  e2.patient_set = set->digest;
  ASSERT_TRUE(store_
                  ->RecordBatch("service:7", {Event(kE1, "2026-11-30T10:00:00Z", {kTokA, kTokB}),
                                              e2, Event(kE3, "2026-11-30T12:00:00Z", {kTokC})})
                  .ok());
  const std::string counts =
      "SELECT (SELECT count(*) FROM access_event_patients) * 1000000 + (SELECT count(*) FROM "
      "access_event_sets) * 10000 + (SELECT count(*) FROM access_events WHERE patient_tokens IS "
      "NOT NULL) * 100 + (SELECT count(*) FROM access_patient_set_chunks)";
  ASSERT_EQ(Count(counts), 3010201);

  // Everything is older than the cutoff of a run a year and more from now.
  auto policies = audit::RetentionPolicies(365, 365);
  ASSERT_TRUE(policies.ok());
  const TimePoint now = SystemClock::Instance().Now() + std::chrono::hours(24 * 400);
  for (bool dry_run : {true, false}) {
    db::Transaction tx(owner_);
    ASSERT_TRUE(tx.status().ok());
    auto pruned = audit::PruneEntriesInTx(tx, *policies, now, dry_run);
    ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
    EXPECT_EQ((*pruned)[0].count, 4u);  // the set's entry and the three events
    auto p = PrunePatientsInTx(tx, (*pruned)[0].cutoff, (*pruned)[0].cutoff, dry_run);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->event_patient_rows, 3u);
    EXPECT_EQ(p->event_set_rows, 1u);
    EXPECT_EQ(p->event_token_lists, 2u);
    EXPECT_EQ(p->patient_sets, 1u);
    EXPECT_EQ(p->chunk_rows, 1u);
    ASSERT_TRUE(tx.Commit().ok());  // even in a dry run, which must change nothing itself
    if (dry_run) {
      EXPECT_EQ(Count(counts), 3010201);
    }
  }
  EXPECT_EQ(Count(counts), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_sets"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 3);
  EXPECT_EQ(Trail(kTokA), (std::vector<std::string>{}));
  EXPECT_EQ(PersonTrail({kTokA, kTokD}), (std::vector<std::string>{}));

  // The set is unknown until stored again; then an event can name it.
  auto found = store_->FindPatientSet(set->digest);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  AccessEvent e4 = Event(kE4, "2026-12-01T08:00:00Z", {});
  e4.patient_set = set->digest;
  EXPECT_FALSE(store_->RecordBatch("service:7", {e4}).ok());
  auto again = Upload({kTokD, kTokA});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->created);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_sets"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_chunks"), 1);
  ASSERT_TRUE(store_->RecordBatch("service:7", {e4}).ok());
  EXPECT_EQ(Trail(kTokD), (std::vector<std::string>{kE4}));
}

// An event id of the partition tests: ...0100 + n.
std::string PartId(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", 100 + n);
  return buf;
}

// sql/0032: the side tables are partitioned by index range; the recording
// transaction makes the partitions of its batch and of the next range before
// it inserts, so no insert finds no partition, whatever the batch's length.
// With a range of 4 indexes, batches of 1, 3, 9 and 2 events cross several
// boundaries, one of them in the middle of a batch longer than a range.
TEST_F(StorageTest, PartitionsAreMadeAheadOfTheWriterAcrossTinyRanges) {
  Open();
  const int64_t size0 = Count("SELECT size FROM audit_tree_state");
  EXPECT_GT(Count("SELECT access_repartition(4)"), size0 + 4);
  EXPECT_EQ(Count("SELECT range_size FROM access_partition_settings"), 4);
  // An index past the partitions has nowhere to go: what the writer prevents.
  auto beyond = owner_.Exec(
      "INSERT INTO access_event_patients VALUES (decode(repeat('ab', 32), 'hex'), "
      "gen_random_uuid(), 1000000)");
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.status().message().find("no partition"), std::string::npos)
      << beyond.status().ToString();

  int n = 0;
  std::vector<std::string> with_a;
  for (int batch : {1, 3, 9, 2}) {
    std::vector<std::string> ids;
    std::vector<AccessEvent> events;
    for (int i = 0; i < batch; ++i, ++n) {
      ids.push_back(PartId(n));
      events.push_back(
          Event(ids.back().c_str(), "2026-11-30T10:00:00Z", {kTokA, n % 2 == 0 ? kTokB : kTokC}));
    }
    auto r = store_->RecordBatch("service:7", events);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    with_a.insert(with_a.end(), ids.begin(), ids.end());
    // The next range exists before the current one fills.
    EXPECT_GT(Count("SELECT max(hi) FROM access_partitions"),
              Count("SELECT max(audit_index) FROM access_event_patients") + 4);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 2 * n);
  EXPECT_GE(Count("SELECT count(DISTINCT tableoid) FROM access_event_patients"), 4);
  // Contiguous ranges of 4 after the first; a partition of each table per range.
  EXPECT_EQ(Count("SELECT count(*) FROM access_partitions a JOIN access_partitions b ON b.lo = "
                  "a.hi"),
            Count("SELECT count(*) FROM access_partitions") - 1);
  EXPECT_EQ(Count("SELECT count(*) FROM access_partitions WHERE lo > 0 AND hi - lo <> 4"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                  "'access_event_patients'::regclass"),
            Count("SELECT count(*) FROM access_partitions"));
  EXPECT_EQ(Count("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                  "'access_event_sets'::regclass"),
            Count("SELECT count(*) FROM access_partitions"));
  // The trail of a person reads across the partitions, in index order.
  EXPECT_EQ(Trail(kTokA), with_a);
  EXPECT_EQ(PersonTrail({kTokA}).size(), with_a.size());
  // The rows stay append-only in every partition.
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->Exec("DELETE FROM access_event_patients").ok());
  EXPECT_FALSE(owner_.Exec("DELETE FROM access_event_patients").ok());
  EXPECT_FALSE(owner_.Exec("TRUNCATE access_event_patients").ok());
  // garant_app makes partitions only through the owner's function.
  EXPECT_FALSE((*conn)->Exec("SELECT access_repartition(8)").ok());
  EXPECT_FALSE((*conn)
                   ->Exec("CREATE TABLE access_event_patients_x PARTITION OF "
                          "access_event_patients FOR VALUES FROM (5000000) TO (5000004)")
                   .ok());
  EXPECT_TRUE((*conn)->Exec("SELECT access_ensure_partitions(0)").ok());
  // ... and only for indexes the log has given: no ranges made far ahead.
  const int64_t ranges = Count("SELECT count(*) FROM access_partitions");
  auto far = (*conn)->Exec("SELECT access_ensure_partitions(1000000000000)");
  ASSERT_FALSE(far.ok());
  EXPECT_NE(far.status().message().find("beyond the log's size"), std::string::npos)
      << far.status().ToString();
  EXPECT_EQ(Count("SELECT count(*) FROM access_partitions"), ranges);
}

// Pruning drops the partitions whose every access entry is past retention
// (DETACH, DROP) and deletes rows only in the partition at the boundary; the
// person's trail keeps the fresh events, and the dry run says the same.
TEST_F(StorageTest, PruningDropsWholePartitionsAndDeletesRowsOnlyAtTheBoundary) {
  Open();
  ASSERT_EQ(Count("SELECT (access_repartition(4) > 0)::int"), 1);
  clock_.Set(T("2025-01-10T09:00:00Z"));
  auto set = Upload({kTokD, kTokA});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  int n = 0;
  for (int batch : {3, 4, 5}) {
    std::vector<AccessEvent> events;
    for (int i = 0; i < batch; ++i, ++n) {
      events.push_back(Event(PartId(n).c_str(), "2025-01-10T08:00:00Z", {kTokA}));
    }
    if (batch == 4) {
      AccessEvent s = Event(PartId(100).c_str(), "2025-01-10T08:00:00Z", {});
      s.patient_set = set->digest;
      events.push_back(s);
    }
    ASSERT_TRUE(store_->RecordBatch("service:7", events).ok());
  }
  const int64_t old_rows = Count("SELECT count(*) FROM access_event_patients");
  ASSERT_EQ(old_rows, n);
  clock_.Set(T("2026-11-30T09:00:00Z"));
  const std::vector<std::string> fresh = {PartId(50), PartId(51)};
  ASSERT_TRUE(
      store_
          ->RecordBatch("service:7", {Event(fresh[0].c_str(), "2026-11-30T08:00:00Z", {kTokA}),
                                      Event(fresh[1].c_str(), "2026-11-30T08:00:00Z", {kTokA})})
          .ok());
  const int64_t first_fresh =
      Count("SELECT min(audit_index) FROM access_events WHERE id = '" + fresh[0] + "'");
  const int64_t before_partitions = Count("SELECT count(*) FROM access_partitions");
  // The ranges that hold only old access entries, and are complete.
  const int64_t whole = Count(
      "SELECT count(*) FROM access_partitions p WHERE p.hi <= (SELECT size FROM audit_tree_state) "
      "AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.idx >= p.lo AND a.idx < p.hi AND "
      "a.event_type LIKE 'access.%' AND a.event_time >= '2025-12-01')");
  ASSERT_GE(whole, 2);
  const int64_t rows_in_whole = Count(
      "SELECT count(*) FROM access_event_patients e JOIN access_partitions p ON e.audit_index >= "
      "p.lo AND e.audit_index < p.hi WHERE p.hi <= " +
      std::to_string(first_fresh) + " AND p.hi <= (SELECT size FROM audit_tree_state)");

  auto policies = audit::RetentionPolicies(365, 365);
  ASSERT_TRUE(policies.ok());
  const TimePoint now = T("2026-12-01T09:00:00Z");
  for (bool dry_run : {true, false}) {
    db::Transaction tx(owner_);
    ASSERT_TRUE(tx.status().ok());
    auto pruned = audit::PruneEntriesInTx(tx, *policies, now, dry_run);
    ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
    auto p = PrunePatientsInTx(tx, (*pruned)[0].cutoff, (*pruned)[0].cutoff, dry_run);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->partitions, static_cast<uint64_t>(whole)) << (dry_run ? "dry run" : "run");
    EXPECT_EQ(p->event_patient_rows, static_cast<uint64_t>(old_rows));
    EXPECT_EQ(p->event_set_rows, 1u);
    EXPECT_GE(p->partition_rows, static_cast<uint64_t>(rows_in_whole));
    if (!dry_run) {
      auto dropped = DropPrunedPartitionsInTx(tx);
      ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
      EXPECT_EQ(*dropped, static_cast<uint64_t>(whole));
    }
    ASSERT_TRUE(tx.Commit().ok());
    if (dry_run) {
      EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), old_rows + 2);
      EXPECT_EQ(Count("SELECT count(*) FROM access_partitions WHERE dropped_at IS NOT NULL"), 0);
    }
  }
  // Whole ranges gone (their tables too), the boundary emptied row by row.
  EXPECT_EQ(Count("SELECT count(*) FROM access_partitions WHERE dropped_at IS NOT NULL"), whole);
  EXPECT_EQ(Count("SELECT count(*) FROM access_partitions"), before_partitions);
  EXPECT_EQ(Count("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                  "'access_event_patients'::regclass"),
            before_partitions - whole);
  EXPECT_EQ(Count("SELECT count(*) FROM pg_class c JOIN access_partitions p ON c.relname = "
                  "access_partition_name('access_event_patients', p.lo) WHERE p.dropped_at IS "
                  "NOT NULL"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_sets"), 0);
  // The set's row was stored by the database's clock (today), after the
  // cutoff: its chunks stay until a run whose cutoff passes it.
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_chunks"), 1);
  EXPECT_EQ(Trail(kTokA), fresh);
  EXPECT_EQ(Trail(kTokD), (std::vector<std::string>{}));
  // The tree's hashes are untouched: every entry is still there.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_entries"),
            Count("SELECT size FROM audit_tree_state"));
  // Writing goes on in the partitions ahead.
  ASSERT_TRUE(
      store_->RecordBatch("service:7", {Event(PartId(60).c_str(), "2026-11-30T08:30:00Z", {kTokA})})
          .ok());
  EXPECT_EQ(Trail(kTokA).size(), 3u);
}

// The content hash of an event and the token of an exclusion-list entry are
// 64 lowercase hex digits (sql/0036, without a regular expression): anything
// else is refused, whatever error says so.
TEST_F(StorageTest, HashesAndListTokensAreSixtyFourLowercaseHexDigits) {
  Open();
  const auto insert_event = [&](const std::string& hash) {
    return owner_
        .Exec(
            "INSERT INTO access_events (id, content_sha256, audit_index, recorded_at, "
            "reported_by, occurred_at, account, action, outcome) VALUES (gen_random_uuid(), "
            "$1, (SELECT coalesce(max(audit_index), 0) + 1 FROM access_events), now(), "
            "'service:7', now(), 'chercheur.moreau', 'login', 'success')",
            {hash})
        .status();
  };
  const auto insert_entry = [&](const std::string& token) {
    return owner_
        .Exec(
            "INSERT INTO exclusion_list_entries (pseudonym_key_id, scope, token, added_in) "
            "VALUES ('0123abcd', 'all', $1, 1)",
            {token})
        .status();
  };
  const std::string good = std::string(32, 'a') + std::string(32, '9');
  EXPECT_TRUE(insert_event(good).ok());
  EXPECT_TRUE(insert_entry(good).ok());
  for (const std::string& bad :
       {std::string(64, 'A'), std::string(62, 'a'), std::string(66, 'a'),
        std::string(62, 'a') + " a", std::string(62, 'a') + "zz", std::string(62, 'a') + "\xc3\xa9",
        std::string(60, 'a') + "\n\naa"}) {
    EXPECT_FALSE(insert_event(bad).ok()) << bad;
    EXPECT_FALSE(insert_entry(bad).ok()) << bad;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM access_events"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM exclusion_list_entries"), 1);
}

// Rows as 0007..0014 wrote them (hex tokens under the digest, a side-table
// row per token of a set) read back the same after 0015.
TEST_F(StorageTest, MigrationConvertsExistingRows) {
  Open(14);
  // A set {A, D} stored the old way, and two events: e1 with A, B inline, e2
  // naming the set (its tokens copied into the side table, as before).
  const std::string digest = PatientsDigest({kTokA, kTokD});
  {
    db::Transaction tx(owner_);
    ASSERT_TRUE(tx.status().ok());
    AccessEvent e1 = Event(kE1, "2026-11-30T10:00:00Z", {kTokA, kTokB});
    AccessEvent e2 = Event(kE2, "2026-11-30T11:00:00Z", {});
    e2.patient_set = digest;
    auto idx = log_.AppendInTx(
        tx, {audit::Event{"00000000-0000-4000-8000-0000000000f0", "access.patient_set.stored",
                          clock_.Now(), "service:7", "patient-set/" + digest, "{}"},
             audit::Event{kE1, LeafType(e1), clock_.Now(), "service:7", LeafObject(e1),
                          LeafPayload(e1, 0)},
             audit::Event{kE2, LeafType(e2), clock_.Now(), "service:7", LeafObject(e2),
                          LeafPayload(e2, 2)}});
    ASSERT_TRUE(idx.ok()) << idx.status().ToString();
    for (const auto& [sql, params] : std::vector<std::pair<std::string, db::Params>>{
             {"INSERT INTO access_patient_sets (digest, token_count, stored_at, stored_by, "
              "audit_index) VALUES ($1, 2, now(), 'service:7', 0)",
              {digest}},
             {"INSERT INTO access_patient_set_tokens (digest, token) VALUES ($1, $2), ($1, $3)",
              {digest, kTokA, kTokD}},
             {"INSERT INTO access_events (id, content_sha256, audit_index, recorded_at, "
              "reported_by, occurred_at, account, action, outcome, project, patient_set, "
              "patient_count, touched_patients) VALUES ($1, repeat('0', 64), 1, now(), "
              "'service:7', '2026-11-30T10:00:00Z', 'chercheur.moreau', 'query', 'success', "
              "$3, NULL, 2, 2), ($2, repeat('1', 64), 2, now(), 'service:7', "
              "'2026-11-30T11:00:00Z', 'chercheur.moreau', 'query', 'success', $3, $4, 2, 2)",
              {kE1, kE2, kProject, digest}},
             {"INSERT INTO access_event_patients (token, event_id, audit_index) VALUES "
              "($1, $3, 1), ($2, $3, 1), ($1, $4, 2), ($5, $4, 2)",
              {kTokA, kTokB, kE1, kE2, kTokD}},
         }) {
      auto r = tx.Exec(sql, params);
      ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    }
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto applied = db::ApplyMigrations(owner_, sql::Migrations());
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_FALSE(applied->applied.empty());

  // The set under an id, its tokens as bytes; e2 by reference; e1 inline.
  EXPECT_EQ(Count("SELECT count(*) FROM access_patient_set_chunks c CROSS JOIN LATERAL "
                  "access_chunk_tokens(c.tokens) m(token) JOIN access_patient_sets s "
                  "ON s.id = c.set_id WHERE s.digest = '" +
                  digest + "' AND encode(m.token, 'hex') IN ('" + kTokA + "', '" + kTokD + "')"),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_sets r JOIN access_patient_sets s ON s.id = "
                  "r.set_id WHERE r.event_id = '" +
                  std::string(kE2) + "' AND r.audit_index = 2 AND s.digest = '" + digest + "'"),
            1);
  EXPECT_EQ(
      Count("SELECT count(*) FROM access_event_patients WHERE event_id = '" + std::string(kE1) +
            "' AND encode(token, 'hex') IN ('" + kTokA + "', '" + kTokB + "')"),
      2);
  EXPECT_EQ(Count("SELECT count(*) FROM access_event_patients"), 2);
  for (const char* gone :
       {"access_patient_set_tokens", "access_patient_set_uploads", "access_event_patients_0007"}) {
    EXPECT_EQ(Count(std::string("SELECT count(*) FROM pg_class WHERE relname = '") + gone + "'"), 0)
        << gone;
  }

  // The same trails as before the migration.
  EXPECT_EQ(Trail(kTokA), (std::vector<std::string>{kE1, kE2}));
  EXPECT_EQ(Trail(kTokD), (std::vector<std::string>{kE2}));
  EXPECT_EQ(PersonTrail({kTokA}), (std::vector<std::string>{kE1, kE2}));
  EXPECT_EQ(PersonTrail({kTokB}), (std::vector<std::string>{kE1}));
  EXPECT_EQ(AccountPatients(), 3);

  // The old set is referenced by new events; a new set gets its own id.
  AccessEvent e3 = Event(kE3, "2026-11-30T12:00:00Z", {});
  e3.patient_set = digest;
  auto r = store_->RecordBatch("service:7", {e3, Event(kE4, "2026-11-30T13:00:00Z", {kTokC})});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Trail(kTokD), (std::vector<std::string>{kE2, kE3}));
  auto fresh = Upload({kTokC, kTokB});
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_TRUE(fresh->created);
  EXPECT_EQ(Count("SELECT count(DISTINCT id) FROM access_patient_sets"), 2);
  EXPECT_EQ(AccountPatients(), 4);
}

}  // namespace
}  // namespace garant::access
