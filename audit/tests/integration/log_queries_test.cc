// What garantd answers about its log (log_queries.h), against PostgreSQL:
// the auditor's search and its filters, an entry with its inclusion proof
// (checked with the library's own verifier), proofs, receipts, served tiles,
// the latest checkpoint and the /metrics gauges; and an export read back
// through TiledLogSource verifying like the database itself.
#include "garant/audit/log_queries.h"

#include <map>

#include "audit_db_fixture.h"
#include "garant/audit/export.h"
#include "garant/audit/retention.h"
#include "garant/audit/tiled_log_source.h"
#include "garant/audit/tlog_proof.h"

namespace garant::audit {
namespace {

using testing::FlipByte;
using testing::LogSigner;
using testing::MakeEvent;
using testing::MakeLeaf;

Bytes HashBytes(const Digest& d) { return Bytes(d.begin(), d.end()); }

// MakeEvent(n)'s time.
TimePoint EventTime(uint64_t n) { return MakeEvent(n).time; }

std::vector<uint64_t> Indexes(const EntryPage& page) {
  std::vector<uint64_t> out;
  for (const EntryRow& e : page.entries) out.push_back(e.index);
  return out;
}

// Newest first: the n in [begin, end) for which keep(n) holds.
template <typename Keep>
std::vector<uint64_t> Expected(uint64_t begin, uint64_t end, Keep keep) {
  std::vector<uint64_t> out;
  for (uint64_t n = end; n-- > begin;) {
    if (keep(n)) out.push_back(n);
  }
  return out;
}

class LogQueriesTest : public testing::AuditDbTest {
 protected:
  Result<db::PooledConnection> Conn() { return pool_->Acquire(); }
};

TEST_F(LogQueriesTest, AnEmptyLog) {
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  auto latest = ReadLatestCheckpoint(**conn);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_FALSE(latest->has_value());
  auto g = ReadLogGauges(**conn);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->size, 0u);
  EXPECT_EQ(g->signed_size, 0u);
  EXPECT_FALSE(g->checkpoint_age_seconds.has_value());
  auto page = SearchEntries(**conn, EntryFilter{});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->entries.empty());
  EXPECT_FALSE(page->signed_size.has_value());
  EXPECT_FALSE(page->next_cursor.has_value());
  EXPECT_EQ(ReadEntryWithProof(**conn, 0).status().code(), Code::kNotFound);
  EXPECT_EQ(ReceiptFor(**conn, 0).status().code(), Code::kNotFound);
  TilePathInfo bundle{true, Tile{0, 0, 1}};
  EXPECT_EQ(ReadSignedTile(**conn, bundle).status().code(), Code::kNotFound);
}

// 300 entries signed, 10 more not yet.
class SignedLogTest : public LogQueriesTest {
 protected:
  void SetUp() override {
    LogQueriesTest::SetUp();
    if (HasFatalFailure()) return;
    AppendRange(0, 300);
    note_ = Publish();
    AppendRange(300, 310);
  }
  Result<EntryPage> Search(EntryFilter f) {
    GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, Conn());
    return SearchEntries(*conn, f);
  }
  std::string note_;
};

// Witnesses' cosignatures (sql/0020) are served after the log's signature,
// only beside the head they sign; a second one by a witness for a size is
// ignored; the table is append-only.
TEST_F(SignedLogTest, TheLatestCheckpointCarriesTheCosignaturesOfItsHead) {
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  auto latest = ReadLatestCheckpoint(**conn);
  ASSERT_TRUE(latest.ok() && latest->has_value());
  const TreeHead head = (*latest)->checkpoint.head;
  const std::string b = "\xE2\x80\x94 b.witness " + Base64Encode(Bytes(76, 1));
  const std::string a = "\xE2\x80\x94 a.witness " + Base64Encode(Bytes(76, 2));
  ASSERT_TRUE(StoreCosignature(**conn, head, "b.witness", b, 1800000000).ok());
  ASSERT_TRUE(StoreCosignature(**conn, head, "a.witness", a, 1800000001).ok());
  ASSERT_TRUE(StoreCosignature(**conn, head, "a.witness", a + "x", 1800000002).ok());  // ignored
  // Another root at the same size (a fork's cosignature) is never served here.
  TreeHead other = head;
  other.root[0] ^= 1;
  ASSERT_TRUE(StoreCosignature(**conn, TreeHead{head.size - 1, head.root}, "c.witness", a, 1).ok());
  EXPECT_EQ(*CosignatureLines(**conn, other), std::vector<std::string>{});
  auto cosigned = ReadLatestCheckpoint(**conn);
  ASSERT_TRUE(cosigned.ok() && cosigned->has_value());
  EXPECT_EQ((*cosigned)->note, note_ + a + "\n" + b + "\n");
  // The log's own signature still verifies; the witnesses' lines are unknown keys.
  std::vector<NoteVerifier> verifiers = {LogSigner().Verifier()};
  auto opened = OpenNote((*cosigned)->note, verifiers);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->unknown.size(), 2u);
  // Receipts carry them too.
  auto receipt = ReceiptFor(**conn, 7);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->checkpoint, (*cosigned)->note);
  EXPECT_FALSE((**conn).Exec("DELETE FROM audit_cosignatures").ok());
}

TEST_F(SignedLogTest, LatestCheckpointAndGauges) {
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  auto latest = ReadLatestCheckpoint(**conn);
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->note, note_);
  EXPECT_EQ((*latest)->checkpoint.head.size, 300u);
  EXPECT_EQ((*latest)->checkpoint.origin, testing::kOrigin);
  EXPECT_EQ((*latest)->signed_at.size(), 20u) << (*latest)->signed_at;  // 2026-11-28T17:20:51Z
  std::vector<NoteVerifier> verifiers = {LogSigner().Verifier()};
  auto opened = OpenCheckpoint((*latest)->note, testing::kOrigin, verifiers);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();

  auto g = ReadLogGauges(**conn);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->size, 310u);
  EXPECT_EQ(g->signed_size, 300u);
  EXPECT_EQ(g->unsigned_entries(), 10);
  ASSERT_TRUE(g->checkpoint_age_seconds.has_value());
  EXPECT_GE(*g->checkpoint_age_seconds, 0.0);
  EXPECT_LT(*g->checkpoint_age_seconds, 600.0);
}

TEST_F(SignedLogTest, SearchFilters) {
  EntryFilter all;
  all.limit = 500;
  auto page = Search(all);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(Indexes(*page), Expected(0, 310, [](uint64_t) { return true; }));
  EXPECT_EQ(page->tree_size, 310u);
  EXPECT_EQ(page->signed_size, std::optional<uint64_t>(300));
  EXPECT_FALSE(page->next_cursor.has_value());
  for (const EntryRow& e : page->entries) {
    EXPECT_EQ(e.is_signed, e.index < 300) << e.index;
    EXPECT_EQ(e.leaf, MakeLeaf(e.index));
    EXPECT_EQ(e.leaf_hash, HashBytes(LeafHash(e.leaf)));
  }

  EntryFilter by_type = all;
  by_type.type = "access.query";
  page = Search(by_type);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Indexes(*page), Expected(0, 310, [](uint64_t n) { return n % 3 == 1; }));

  EntryFilter by_actor = all;
  by_actor.actor = "service:warehouse-1";
  page = Search(by_actor);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Indexes(*page), Expected(0, 310, [](uint64_t n) { return n % 2 == 1; }));

  EntryFilter both = by_actor;
  both.type = "access.query";
  page = Search(both);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Indexes(*page), Expected(0, 310, [](uint64_t n) { return n % 6 == 1; }));

  EntryFilter by_object = all;
  by_object.object = "objection/R-17";
  page = Search(by_object);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Indexes(*page), std::vector<uint64_t>{17});

  EntryFilter by_time = all;
  by_time.from = EventTime(100);
  by_time.to = EventTime(110);  // exclusive
  page = Search(by_time);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Indexes(*page), Expected(100, 110, [](uint64_t) { return true; }));

  EntryFilter nothing = all;
  nothing.type = "no.such.type";
  page = Search(nothing);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->entries.empty());

  EntryFilter bad = all;
  bad.limit = 0;
  EXPECT_EQ(Search(bad).status().code(), Code::kInvalidArgument);
}

TEST_F(SignedLogTest, SearchPagesWithACursor) {
  EntryFilter f;
  f.type = "objection.created";  // n % 3 == 0: 104 entries in [0, 310)
  f.limit = 50;
  std::vector<uint64_t> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = Search(f);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (uint64_t i : Indexes(*page)) seen.push_back(i);
    if (!page->next_cursor) break;
    EXPECT_EQ(*page->next_cursor, page->entries.back().index);
    f.before = page->next_cursor;
  }
  EXPECT_EQ(seen, Expected(0, 310, [](uint64_t n) { return n % 3 == 0; }));
}

TEST_F(SignedLogTest, EntryWithProofVerifies) {
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  for (uint64_t index : {0, 137, 255, 256, 299}) {
    auto e = ReadEntryWithProof(**conn, index);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_EQ(e->index, index);
    EXPECT_EQ(e->leaf, MakeLeaf(index));
    const Digest leaf_hash = LeafHash(e->leaf);
    EXPECT_EQ(e->leaf_hash, HashBytes(leaf_hash));
    EXPECT_EQ(e->chain.size(), kDigestSize);
    ASSERT_TRUE(e->checkpoint.has_value());
    EXPECT_EQ(e->checkpoint->note, note_);
    // The checkpoint verifies with the log's key, and the proof against it.
    std::vector<NoteVerifier> verifiers = {LogSigner().Verifier()};
    auto opened = OpenCheckpoint(e->checkpoint->note, testing::kOrigin, verifiers);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    const TreeHead& head = opened->checkpoint.head;
    Status st = CheckRecord(e->inclusion_proof, head.size, head.root, index, leaf_hash);
    EXPECT_TRUE(st.ok()) << index << ": " << st.ToString();
    // ... and fails for another leaf.
    EXPECT_FALSE(
        CheckRecord(e->inclusion_proof, head.size, head.root, index, LeafHash(MakeLeaf(1000)))
            .ok());
  }
  auto pending = ReadEntryWithProof(**conn, 305);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_FALSE(pending->checkpoint.has_value());
  EXPECT_TRUE(pending->inclusion_proof.empty());
  EXPECT_EQ(ReadEntryWithProof(**conn, 310).status().code(), Code::kNotFound);
}

TEST_F(SignedLogTest, ProofsAndReceipts) {
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  auto inc = ProveInclusionAt(**conn, 42, 310);
  ASSERT_TRUE(inc.ok()) << inc.status().ToString();
  EXPECT_EQ(inc->leaf_hash, LeafHash(MakeLeaf(42)));
  EXPECT_TRUE(CheckRecord(inc->proof, 310, inc->root, 42, inc->leaf_hash).ok());
  EXPECT_EQ(ProveInclusionAt(**conn, 0, 311).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ProveInclusionAt(**conn, 5, 5).status().code(), Code::kInvalidArgument);

  auto con = ProveConsistencyBetween(**conn, 300, 310);
  ASSERT_TRUE(con.ok()) << con.status().ToString();
  EXPECT_TRUE(CheckTree(con->proof, 310, con->new_root, 300, con->old_root).ok());
  EXPECT_EQ(con->new_root, inc->root);
  EXPECT_EQ(ProveConsistencyBetween(**conn, 1, 311).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ProveConsistencyBetween(**conn, 20, 10).status().code(), Code::kInvalidArgument);

  auto receipt = ReceiptFor(**conn, 7);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  std::vector<NoteVerifier> verifiers = {LogSigner().Verifier()};
  auto cp = VerifyTlogProof(*receipt, LeafHash(MakeLeaf(7)), testing::kOrigin, verifiers);
  EXPECT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(ReceiptFor(**conn, 305).status().code(), Code::kUnavailable);
  EXPECT_EQ(ReceiptFor(**conn, 400).status().code(), Code::kNotFound);
}

TEST_F(SignedLogTest, TilesOnlyWithinTheLatestCheckpoint) {
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  auto full = ReadSignedTile(**conn, TilePathInfo{true, Tile{0, 0, 256}});
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  auto entries = DecodeEntryBundle(*full);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 256u);
  EXPECT_EQ(entries->at(200), MakeLeaf(200));
  auto hashes = ReadSignedTile(**conn, TilePathInfo{false, Tile{0, 1, 44}});
  ASSERT_TRUE(hashes.ok()) << hashes.status().ToString();
  EXPECT_EQ(hashes->size(), 44 * kDigestSize);
  auto upper = ReadSignedTile(**conn, TilePathInfo{false, Tile{1, 0, 1}});
  ASSERT_TRUE(upper.ok()) << upper.status().ToString();
  EXPECT_EQ(upper->size(), kDigestSize);
  // Entries 300..309 exist but are not signed yet.
  EXPECT_EQ(ReadSignedTile(**conn, TilePathInfo{true, Tile{0, 1, 45}}).status().code(),
            Code::kNotFound);
  EXPECT_EQ(ReadSignedTile(**conn, TilePathInfo{false, Tile{0, 1, 256}}).status().code(),
            Code::kNotFound);
}

// An export kept in memory, read back as a tlog-tiles layout.
class MemoryLayout final : public ExportSink, public TileFetcher {
 public:
  Status Write(const std::string& path, ByteView data) override {
    files_[path] = Bytes(data.begin(), data.end());
    return Status::Ok();
  }
  Result<std::optional<Bytes>> Fetch(const std::string& path) override {
    auto it = files_.find(path);
    if (it == files_.end()) return std::optional<Bytes>();
    return std::optional<Bytes>(it->second);
  }
  Result<std::vector<std::string>> HistoryPaths() override {
    std::vector<std::string> out;
    for (const auto& [path, data] : files_) {
      if (path.starts_with("checkpoints/")) out.push_back(path);
    }
    return out;
  }
  bool HasChain() const override { return true; }
  std::string Describe() const override { return "memory"; }
  const std::map<std::string, Bytes>& files() const { return files_; }

 private:
  std::map<std::string, Bytes> files_;
};

class ExportTest : public LogQueriesTest {
 protected:
  void SetUp() override {
    LogQueriesTest::SetUp();
    if (HasFatalFailure()) return;
    AppendRange(0, 200);
    first_ = Publish();
    AppendRange(200, 600);
    latest_ = Publish();
    AppendRange(600, 610);  // not signed: not exported
  }

  Result<ExportSummary> Export(MemoryLayout* layout) {
    GARANT_ASSIGN_OR_RETURN(db::Connection conn, db::Connection::Open(cluster_->AppConninfo(db_)));
    db::Transaction tx(conn, db::Transaction::Isolation::kRepeatableRead);
    GARANT_RETURN_IF_ERROR(tx.status());
    PgLogSource source(tx.connection());
    return ExportLog(source, *layout);
  }

  Result<VerifyReport> VerifyExport(MemoryLayout& layout) {
    TiledLogSource source(layout);
    VerifyOptions o;
    o.origin = std::string(testing::kOrigin);
    o.verifiers = {LogSigner().Verifier()};
    o.trusted_checkpoints = {first_};
    return VerifyLog(source, o);
  }

  std::string first_, latest_;
};

TEST_F(ExportTest, RoundTripsThroughTheTiledSource) {
  MemoryLayout layout;
  auto summary = Export(&layout);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->entries, 600u);
  EXPECT_EQ(summary->checkpoints, 1u);
  EXPECT_EQ(summary->checkpoint.head.size, 600u);
  EXPECT_EQ(AsString(layout.files().at("checkpoint")), latest_);
  EXPECT_EQ(AsString(layout.files().at("checkpoints/200")), first_);
  EXPECT_TRUE(layout.files().contains("tile/entries/002.p/88"));
  EXPECT_TRUE(layout.files().contains("chain/002.p/88"));
  EXPECT_TRUE(layout.files().contains("tile/1/000.p/2"));
  EXPECT_EQ(layout.files().at("tile/1/000.p/2").size(), 2 * kDigestSize);
  auto report = VerifyExport(layout);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->Summary();
  EXPECT_EQ(report->entries_checked, 600u);
}

TEST_F(ExportTest, DamageIsExportedAsStoredAndNamed) {
  Tamper(FlipByte("leaf", 40, "idx = 437"));
  Tamper(FlipByte("chain", 3, "idx = 321"));
  MemoryLayout layout;
  auto summary = Export(&layout);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  auto report = VerifyExport(layout);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(DamageKindName(report->kind), "modified") << report->Summary();
  EXPECT_EQ(report->index, 321u) << report->Summary();
}

TEST_F(ExportTest, AMissingRowEndsItsBundle) {
  Tamper("DELETE FROM audit_entries WHERE idx = 300;");
  MemoryLayout layout;
  auto summary = Export(&layout);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->entries, 300u + 88u);  // bundle 1 stops at 300; bundle 2 is whole
  auto report = VerifyExport(layout);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(DamageKindName(report->kind), "missing") << report->Summary();
  EXPECT_EQ(report->index, 300u) << report->Summary();
}

// Retention, the readers: after a run (access retention 365 days, staff 364,
// recorded as an audit.pruned entry like the CLI does), the search and the
// entry-with-proof answer a pruned entry without content but with its kept
// search columns, when and under which retention (per family) it was pruned;
// its inclusion proof and receipt still verify from the kept hashes; the
// served entry bundle holds it as a zero-length entry; ReadLeaf refuses it.
TEST_F(ExportTest, APrunedEntryIsReadAsPrunedAndStillProves) {
  const TimePoint now = testing::T(1'764'350'451'123'456 + 300'000) + std::chrono::hours(24 * 365);
  {
    auto owner = db::Connection::Open(db_);
    ASSERT_TRUE(owner.ok());
    db::Transaction tx(*owner);
    auto policies = RetentionPolicies(365, 364);
    ASSERT_TRUE(policies.ok());
    auto pruned = PruneEntriesInTx(tx, *policies, now, false);
    ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
    Event run{SecureRandom::Instance().Uuid4(),
              "audit.pruned",
              now,
              "service:garant-cli",
              "audit-log",
              R"({"families":{"access":{"retention_days":365},"staff":{"retention_days":364}}})"};
    ASSERT_TRUE(log_.AppendInTx(tx, {std::move(run)}).ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  EntryFilter f;
  f.limit = 500;
  std::map<uint64_t, EntryRow> by_index;
  for (int pages = 0; pages < 3; ++pages) {
    auto page = SearchEntries(**conn, f);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (EntryRow& e : page->entries) by_index[e.index] = std::move(e);
    if (!page->next_cursor) break;
    f.before = page->next_cursor;
  }
  ASSERT_EQ(by_index.size(), 611u);  // 610 and the run's own entry
  EXPECT_FALSE(by_index[610].pruned.has_value());
  for (uint64_t n : {0, 1, 2, 3, 299, 300, 301, 302, 605}) {
    const EntryRow& e = by_index[n];
    const bool pruned = (n % 3 == 1 && n < 300) || n % 3 == 2;  // access before, every staff
    ASSERT_EQ(e.pruned.has_value(), pruned) << n;
    EXPECT_EQ(e.leaf_hash, HashBytes(LeafHash(MakeLeaf(n)))) << n;
    if (!pruned) {
      EXPECT_EQ(e.leaf, MakeLeaf(n)) << n;
      continue;
    }
    EXPECT_TRUE(e.leaf.empty()) << n;
    const Event want = MakeEvent(n);
    EXPECT_EQ(e.pruned->id, want.id);
    EXPECT_EQ(e.pruned->type, want.type);
    EXPECT_EQ(e.pruned->time, want.time);
    EXPECT_EQ(e.pruned->actor, want.actor);
    EXPECT_EQ(e.pruned->object, want.object);
    EXPECT_EQ(e.pruned->pruned_at, now);
    EXPECT_EQ(e.pruned->retention_days, n % 3 == 1 ? 365 : 364) << n;
  }
  // One entry, with its proof against the latest checkpoint.
  auto one = ReadEntryWithProof(**conn, 1);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_TRUE(one->pruned.has_value());
  EXPECT_TRUE(one->leaf.empty());
  EXPECT_EQ(one->pruned->retention_days, 365);
  ASSERT_TRUE(one->checkpoint.has_value());
  const TreeHead& head = one->checkpoint->checkpoint.head;
  const Digest hash = LeafHash(MakeLeaf(1));
  EXPECT_EQ(one->leaf_hash, HashBytes(hash));
  EXPECT_TRUE(CheckRecord(one->inclusion_proof, head.size, head.root, 1, hash).ok());
  auto inc = ProveInclusionAt(**conn, 2, 600);
  ASSERT_TRUE(inc.ok()) << inc.status().ToString();
  EXPECT_EQ(inc->leaf_hash, LeafHash(MakeLeaf(2)));
  EXPECT_TRUE(CheckRecord(inc->proof, 600, inc->root, 2, inc->leaf_hash).ok());
  auto receipt = ReceiptFor(**conn, 1);
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  // The bundle as /tlog/ serves it; the level-0 tile still has the hash.
  auto bundle = ReadSignedTile(**conn, TilePathInfo{true, Tile{0, 0, 256}});
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  auto entries = DecodeEntryBundle(*bundle);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->at(0), MakeLeaf(0));
  EXPECT_TRUE(entries->at(1).empty());
  EXPECT_TRUE(entries->at(2).empty());
  auto hashes = ReadSignedTile(**conn, TilePathInfo{false, Tile{0, 0, 256}});
  ASSERT_TRUE(hashes.ok()) << hashes.status().ToString();
  EXPECT_EQ(Bytes(hashes->begin() + kDigestSize, hashes->begin() + 2 * kDigestSize),
            HashBytes(hash));
  EXPECT_EQ(ReadLeaf(**conn, 1).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(*ReadLeaf(**conn, 0), MakeLeaf(0));
}

// Retention: a pruned entry is exported as a zero-length entry of its bundle
// (its hash and chain value as stored), and the export verifies, saying what
// is pruned; a changed hash of a pruned entry is named in the export too.
TEST_F(ExportTest, APrunedEntryIsAZeroLengthEntryAndTheExportVerifies) {
  {
    auto owner = db::Connection::Open(db_);
    ASSERT_TRUE(owner.ok());
    db::Transaction tx(*owner);
    auto policies = RetentionPolicies(365, 365);
    ASSERT_TRUE(policies.ok());
    const TimePoint now =
        testing::T(1'764'350'451'123'456 + 300'000) + std::chrono::hours(24 * 365);
    auto pruned = PruneEntriesInTx(tx, *policies, now, false);
    ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
    ASSERT_TRUE(tx.Commit().ok());
  }
  MemoryLayout layout;
  auto summary = Export(&layout);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->entries, 600u);
  auto bundle = DecodeEntryBundle(layout.files().at("tile/entries/000"));
  ASSERT_TRUE(bundle.ok());
  EXPECT_FALSE((*bundle)[0].empty());  // an objection
  EXPECT_TRUE((*bundle)[1].empty());   // an access entry, pruned
  EXPECT_TRUE((*bundle)[2].empty());   // a staff entry, pruned
  auto report = VerifyExport(layout);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << report->Summary();
  EXPECT_EQ(report->pruned, 200u);

  Tamper(FlipByte("leaf_hash", 5, "idx = 100"));
  MemoryLayout damaged;
  ASSERT_TRUE(Export(&damaged).ok());
  report = VerifyExport(damaged);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(DamageKindName(report->kind), "modified") << report->Summary();
  EXPECT_EQ(report->index, 100u) << report->Summary();
}

TEST_F(LogQueriesTest, NothingToExportBeforeTheFirstCheckpoint) {
  AppendRange(0, 3);
  auto conn = Conn();
  ASSERT_TRUE(conn.ok());
  PgLogSource source(**conn);
  MemoryLayout layout;
  EXPECT_EQ(ExportLog(source, layout).status().code(), Code::kFailedPrecondition);
  EXPECT_TRUE(layout.files().empty());
}

}  // namespace
}  // namespace garant::audit
