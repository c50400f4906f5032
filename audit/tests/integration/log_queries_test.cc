// What garantd answers about its log (log_queries.h), against PostgreSQL:
// the auditor's search and its filters, an entry with its inclusion proof
// (checked with the library's own verifier), proofs, receipts, served tiles,
// the latest checkpoint and the /metrics gauges; and an export read back
// through TiledLogSource verifying like the database itself.
#include "garant/audit/log_queries.h"

#include <map>

#include "audit_db_fixture.h"
#include "garant/audit/export.h"
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
