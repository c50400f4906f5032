// The access trail's storage (sql/0015) against a real PostgreSQL:
//   * an event naming a patient set keeps one reference row, and the person
//     views (ReadTrail, ReadPersonTrail, the account's patient count) still
//     find it through the set's tokens;
//   * rows written in the format of 0007..0014 (hex tokens, a side-table row
//     per token of a set) read back the same after the migration.
#include <gtest/gtest.h>

#include <algorithm>

#include "flu_project.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/access/views.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/audit/note.h"
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
