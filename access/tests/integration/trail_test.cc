// The trail query and its exports against a real PostgreSQL: exact rows for
// a person, an account, a project and a period, cut at a signed checkpoint
// (a later event is not in it), the same rows whatever the fetch size, and
// each export verified offline.
#include "garant/access/trail.h"

#include <gtest/gtest.h>

#include <sstream>

#include "flu_project.h"
#include "garant/access/store.h"
#include "garant/access/trail_export.h"
#include "garant/access/trail_verify.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/log_store.h"
#include "garant/audit/note.h"
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
const std::string kProject = "CONTACT-2026-001";

class TrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations(), 3);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    auto owner = db::Connection::Open(d->owner);
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    pool_ = std::move(d->pool);
    store_ = std::make_unique<AccessStore>(*pool_, log_, clock_, SecureRandom::Instance());
    crypto::Ed25519Seed seed{};
    seed[3] = 42;
    signer_.emplace(*audit::NoteSigner::Ed25519("garant.test/trail", seed));
    SeedFluProject(owner_);
  }

  AccessEvent Event(const std::string& id, const char* at, const std::string& account,
                    std::vector<std::string> patients) {
    AccessEvent e;
    e.id = id;
    e.occurred_at = T(at);
    e.account = account;
    e.action = Action::kQuery;
    e.project = kProject;
    e.domains = std::vector<std::string>{"visits"};
    if (!patients.empty()) e.patients = std::move(patients);
    e.source = "entrepot";
    return e;
  }

  // Signs and stores a checkpoint of the whole tree as it is now.
  audit::TreeHead SignNow() {
    auto head = audit::ReadTreeHead(owner_);
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    audit::Checkpoint cp{"garant.test/trail", *head, {}};
    std::vector<audit::NoteSigner> signers = {*signer_};
    auto note = audit::SignNote(*audit::FormatCheckpoint(cp), signers);
    EXPECT_TRUE(note.ok());
    EXPECT_TRUE(audit::StoreCheckpoint(owner_, *head, *note).ok());
    return *head;
  }

  // Records the scenario and signs; returns the recorded events by name.
  //   a  chercheur.moreau  30/11 10:00  patients A, B
  //   b  autre.compte      30/11 12:00  patient A      (account_not_named)
  //   c  chercheur.moreau  30/11 15:00  patient C
  //   d  chercheur.moreau  30/11 16:00  login, no project
  //   then the checkpoint, then
  //   e  chercheur.moreau  30/11 17:00  patient A      (after the cut)
  void Scenario() {
    AccessEvent d = Event(kD, "2026-11-30T16:00:00Z", "chercheur.moreau", {});
    d.action = Action::kLogin;
    d.project.reset();
    d.domains.reset();
    auto r = store_->RecordBatch(
        "service:7", {Event(kA, "2026-11-30T10:00:00Z", "chercheur.moreau", {kTokA, kTokB}),
                      Event(kB, "2026-11-30T12:00:00Z", "autre.compte", {kTokA}),
                      Event(kC, "2026-11-30T15:00:00Z", "chercheur.moreau", {kTokC}), d});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& e : *r) recorded_[e.id] = e;
    ASSERT_EQ(recorded_[kB].findings, std::vector<std::string>{"account_not_named"});
    head_ = SignNow();
    auto late = store_->RecordBatch(
        "service:7", {Event(kE, "2026-11-30T17:00:00Z", "chercheur.moreau", {kTokA})});
    ASSERT_TRUE(late.ok()) << late.status().ToString();
    recorded_[kE] = (*late)[0];
  }

  // (index, finding rules) of each entry of the trail, below the cut.
  std::vector<std::pair<uint64_t, std::vector<std::string>>> Read(const TrailQuery& q,
                                                                  int chunk = 1000) {
    std::vector<std::pair<uint64_t, std::vector<std::string>>> out;
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
    Status st = ReadTrail(
        **conn, q, head_.size,
        [&](TrailLeaves&& e) {
          std::vector<std::string> rules;
          for (const auto& f : e.findings) rules.push_back(f.rule);
          EXPECT_FALSE(e.leaf.empty());
          out.emplace_back(e.index, rules);
          return Status::Ok();
        },
        chunk);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  uint64_t Index(const char* id) { return recorded_.at(id).index; }
  using Rows = std::vector<std::pair<uint64_t, std::vector<std::string>>>;

  static constexpr const char* kA = "00000000-0000-4000-8000-00000000000a";
  static constexpr const char* kB = "00000000-0000-4000-8000-00000000000b";
  static constexpr const char* kC = "00000000-0000-4000-8000-00000000000c";
  static constexpr const char* kD = "00000000-0000-4000-8000-00000000000d";
  static constexpr const char* kE = "00000000-0000-4000-8000-00000000000e";

  db::Connection owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{T("2026-12-01T09:00:00Z")};
  std::unique_ptr<AccessStore> store_;
  std::optional<audit::NoteSigner> signer_;
  std::map<std::string, RecordedEvent> recorded_;
  audit::TreeHead head_;
};

TEST_F(TrailTest, PersonAccountProjectAndPeriodGiveExactRowsBelowTheCut) {
  Scenario();
  // A person: a and b (with b's finding), not e (after the cut).
  EXPECT_EQ(Read({TrailKey::kPerson, kTokA}),
            (Rows{{Index(kA), {}}, {Index(kB), {"account_not_named"}}}));
  EXPECT_EQ(Read({TrailKey::kPerson, kTokC}), (Rows{{Index(kC), {}}}));
  EXPECT_EQ(Read({TrailKey::kPerson, std::string(64, 'f')}), Rows{});
  // An account: a, c, d.
  EXPECT_EQ(Read({TrailKey::kAccount, "chercheur.moreau"}),
            (Rows{{Index(kA), {}}, {Index(kC), {}}, {Index(kD), {}}}));
  EXPECT_EQ(Read({TrailKey::kAccount, "autre.compte"}), (Rows{{Index(kB), {"account_not_named"}}}));
  // A project: a, b, c (d has none).
  EXPECT_EQ(Read({TrailKey::kProject, kProject}),
            (Rows{{Index(kA), {}}, {Index(kB), {"account_not_named"}}, {Index(kC), {}}}));
  // A period, [from, to): 12:00 is in, 16:00 is out.
  EXPECT_EQ(Read({TrailKey::kAccount, "chercheur.moreau", T("2026-11-30T12:00:00Z"),
                  T("2026-11-30T16:00:00Z")}),
            (Rows{{Index(kC), {}}}));
  EXPECT_EQ(Read({TrailKey::kProject, kProject, T("2026-11-30T12:00:00Z"), std::nullopt}),
            (Rows{{Index(kB), {"account_not_named"}}, {Index(kC), {}}}));
  // Once signed again, e is in the person's trail.
  head_ = SignNow();
  EXPECT_EQ(Read({TrailKey::kPerson, kTokA}).size(), 3u);
}

TEST_F(TrailTest, FetchSizeDoesNotChangeTheRows) {
  Scenario();
  for (TrailQuery q :
       {TrailQuery{TrailKey::kProject, kProject}, TrailQuery{TrailKey::kPerson, kTokA},
        TrailQuery{TrailKey::kAccount, "chercheur.moreau"}}) {
    EXPECT_EQ(Read(q, 1), Read(q, 1000));
    EXPECT_EQ(Read(q, 2), Read(q, 1000));
  }
}

TEST_F(TrailTest, BadQueriesAreRefusedWithTheirReason) {
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  db::Transaction tx(**conn);
  auto none = [](TrailLeaves&&) { return Status::Ok(); };
  EXPECT_EQ(ReadTrail(**conn, {TrailKey::kPerson, "ABC"}, 10, none).reason(), "trail_bad_token");
  EXPECT_EQ(ReadTrail(**conn, {TrailKey::kAccount, "a b"}, 10, none).reason(), "trail_bad_account");
  EXPECT_EQ(ReadTrail(**conn, {TrailKey::kProject, "x"}, 10, none).reason(), "trail_bad_project");
  EXPECT_EQ(ReadTrail(**conn,
                      {TrailKey::kProject, kProject, T("2026-12-01T00:00:00Z"),
                       T("2026-12-01T00:00:00Z")},
                      10, none)
                .reason(),
            "trail_bad_period");
}

TEST_F(TrailTest, CutNeedsASignedCheckpoint) {
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto none = CutTrail(**conn);
  EXPECT_EQ(none.status().code(), Code::kUnavailable);
  EXPECT_EQ(none.status().reason(), "trail_no_checkpoint");
  Scenario();
  auto latest = CutTrail(**conn);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_EQ(latest->checkpoint.head, head_);
  auto pinned = CutTrail(**conn, head_.size);
  ASSERT_TRUE(pinned.ok());
  EXPECT_EQ(pinned->note, latest->note);
  EXPECT_EQ(CutTrail(**conn, head_.size + 100).status().reason(), "trail_unknown_checkpoint");
}

// The witnesses' cosignatures stored for the cut's checkpoint travel with it
// (garant audit verify-export --witness checks them); every format keeps
// them and the verified note is the cut's, lines included.
TEST_F(TrailTest, TheCutCarriesTheCheckpointsCosignatures) {
  Scenario();
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  const std::string line = "\xE2\x80\x94 w.test/witness " + Base64Encode(Bytes(76, 7));
  ASSERT_TRUE(audit::StoreCosignature(owner_, head_, "w.test/witness", line, 1764950000).ok());
  // A cosignature of another tree head is not this checkpoint's.
  audit::TreeHead other = head_;
  other.root[0] ^= 1;
  ASSERT_TRUE(audit::StoreCosignature(owner_, other, "x.test/witness",
                                      "\xE2\x80\x94 x.test/witness " + Base64Encode(Bytes(76, 8)),
                                      1764950000)
                  .ok());
  auto cut = CutTrail(**conn);
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  EXPECT_TRUE(cut->note.ends_with("\n" + line + "\n")) << cut->note;
  EXPECT_EQ(cut->note.find("x.test"), std::string::npos) << cut->note;
  TrailHeader h{{TrailKey::kPerson, kTokA},
                *cut,
                T("2026-12-01T09:30:00Z"),
                "00000000-0000-4000-8000-0000000000ff",
                99,
                ';'};
  db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
  std::vector<audit::NoteVerifier> verifiers = {signer_->Verifier()};
  for (TrailFormat f : {TrailFormat::kJsonl, TrailFormat::kFhir}) {
    std::ostringstream out;
    ASSERT_TRUE(WriteTrailExport(**conn, f, h, out).ok());
    std::istringstream in(out.str());
    auto v = VerifyTrailExport(in, nullptr, verifiers, "garant.test/trail");
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->ok) << ToString(f) << ": " << v->problem;
    EXPECT_EQ(v->note, cut->note) << ToString(f);
  }
}

TEST_F(TrailTest, EveryExportOfTheDatabaseVerifiesOffline) {
  Scenario();
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto cut = CutTrail(**conn);
  ASSERT_TRUE(cut.ok());
  TrailHeader h{{TrailKey::kPerson, kTokA},
                *cut,
                T("2026-12-01T09:30:00Z"),
                "00000000-0000-4000-8000-0000000000ff",
                99,
                ';'};
  db::Transaction tx(**conn, db::Transaction::Isolation::kRepeatableRead);
  std::vector<audit::NoteVerifier> verifiers = {signer_->Verifier()};
  std::ostringstream proofs;
  auto n = WriteTrailExport(**conn, TrailFormat::kCsvProofs, h, proofs);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2u);
  for (TrailFormat f : {TrailFormat::kJsonl, TrailFormat::kFhir, TrailFormat::kCsv}) {
    std::ostringstream out;
    auto written = WriteTrailExport(**conn, f, h, out);
    ASSERT_TRUE(written.ok()) << written.status().ToString();
    EXPECT_EQ(*written, 2u);
    std::istringstream in(out.str()), side(proofs.str());
    auto v = VerifyTrailExport(in, f == TrailFormat::kCsv ? &side : nullptr, verifiers,
                               "garant.test/trail");
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->ok) << ToString(f) << ": " << v->problem;
    EXPECT_EQ(v->entries, 2u);
  }
}

}  // namespace
}  // namespace garant::access
