// garant_bench_audit: the audit log's figures, each beside a baseline
// measured in the same run on the same machine.
//
//   1. appends/s through the group-commit Appender (batches of --batch
//      events from --clients threads) into a fresh PostgreSQL cluster, beside
//      a plain COPY of the same rows (same columns and indexes) into a
//      scratch table of the same database, in transactions of --batch rows;
//   2. time from a committed append to a signed checkpoint covering it
//      (publisher at one signature per second), p50 / p99;
//   3. full verification reading the database itself (PgLogSource, what
//      `garant audit verify --data-dir` runs) of the entries written above,
//      with text-format results (hex bytea, decoded) and with binary-format
//      results (raw bytea), beside reading the same rows without verifying,
//      in entries/s (wall clock; the server's work included);
//   4. full verification (VerifyLog: leaf hashes, chain, tree, stored
//      hashes, signature) of --verify-entries entries held in memory, in
//      entries/s per core, beside raw SHA-256/s on the same leaves;
//   5. proof sizes (inclusion, consistency, tlog-proof receipt).
//
//   garant_bench_audit [--events N] [--batch B] [--clients C] [--verify-entries M]
//
// The cluster is durable (fsync on), in a temporary directory deleted at the
// end. Results go to docs/performance.md ("Audit log").
// Over 400 lines on purpose: each figure sits beside its in-run baseline, in
// one program, so that both are measured under the same conditions.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "flags.h"
#include "garant/audit/appender.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"
#include "garant/audit/pg_log_source.h"
#include "garant/audit/publisher.h"
#include "garant/audit/tile.h"
#include "garant/audit/tlog_proof.h"
#include "garant/audit/verifier.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/migrations.h"
#include "garant/core/random.h"
#include "garant/sql/migrations.h"

namespace {

using garant::bench::Flag;

namespace audit = garant::audit;
namespace db = garant::db;
using garant::Bytes;
using SteadyClock = std::chrono::steady_clock;

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

using garant::bench::Check;
using garant::bench::Die;
using garant::bench::OnDie;

// A realistic data-access event (about 300 bytes once encoded).
audit::Event MakeEvent(uint64_t i, garant::Random& random) {
  audit::Event e;
  e.id = random.Uuid4();
  e.type = "access.query";
  e.time = garant::FromUnixMicros(1796000000000000LL + static_cast<int64_t>(i) * 137);
  e.actor = "service:2f0c7e52-5b7e-4d55-9a51-3c1e2d4b6a70";
  e.object = "project/P-" + std::to_string(i % 97);
  e.payload = "{\"user\":\"u" + std::to_string(i % 1300) +
              "\",\"rows\":" + std::to_string(i % 5000) +
              ",\"dataset\":\"omop.visit_occurrence\"," + "\"query\":\"q-" + std::to_string(i) +
              "\",\"authorisation\":\"A-2026-" + std::to_string(i % 41) + "\"}";
  return e;
}

// COPY text format escaping (bytea as \\x<hex>).
void CopyText(std::string_view s, std::string* out) {
  for (char c : s) {
    if (c == '\\') {
      *out += "\\\\";
    } else if (c == '\t') {
      *out += "\\t";
    } else if (c == '\n') {
      *out += "\\n";
    } else {
      *out += c;
    }
  }
}
void CopyBytea(garant::ByteView b, std::string* out) {
  *out += "\\\\x";
  *out += garant::HexEncode(b);
}

// A verified log held in memory: entries, stored level-8k hashes, one
// signed checkpoint.
class MemorySource final : public audit::LogSource {
 public:
  std::vector<audit::StoredEntry> entries;
  std::map<std::pair<int, uint64_t>, audit::Digest> stored;
  std::string checkpoint;

  garant::Result<std::string> LatestCheckpoint() override { return checkpoint; }
  garant::Result<std::vector<std::string>> CheckpointHistory() override {
    return std::vector<std::string>();
  }
  garant::Result<uint64_t> Size() override { return entries.size(); }
  garant::Status ReadEntries(uint64_t begin, uint64_t end,
                             std::vector<audit::StoredEntry>* out) override {
    end = std::min<uint64_t>(end, entries.size());
    for (uint64_t i = begin; i < end; ++i) out->push_back(entries[i]);
    return garant::Status::Ok();
  }
  bool KeepsTileHashes() const override { return true; }
  garant::Status ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                                  std::vector<std::optional<audit::Digest>>* out) override {
    for (uint64_t i = begin; i < end; ++i) {
      auto it = stored.find({level, i});
      out->push_back(it == stored.end() ? std::nullopt : std::optional(it->second));
    }
    return garant::Status::Ok();
  }
};

class MapHashReader final : public audit::HashReader {
 public:
  explicit MapHashReader(const std::map<std::pair<int, uint64_t>, audit::Digest>& m) : m_(m) {}
  garant::Result<audit::Digest> Hash(int level, uint64_t index) override {
    auto it = m_.find({level, index});
    if (it == m_.end()) return garant::Status::NotFound("no hash");
    return it->second;
  }

 private:
  const std::map<std::pair<int, uint64_t>, audit::Digest>& m_;
};

// Reads every row of audit_entries as PgLogSource does (same columns, same
// chunks), touching each value, without verifying: the floor of (3).
int64_t ReadAllEntries(db::Connection& conn, bool binary) {
  constexpr int64_t kChunk = 8192;
  int64_t rows = 0;
  uint64_t touched = 0;
  for (int64_t begin = 0;; begin += kChunk) {
    const char* sql =
        "SELECT idx, leaf, leaf_hash, chain FROM audit_entries WHERE idx >= $1 AND idx < $2 "
        "ORDER BY idx";
    const db::Params params = {db::Param(begin), db::Param(begin + kChunk)};
    db::Rows r = Check(binary ? conn.ExecBinary(sql, params) : conn.Exec(sql, params), "read");
    if (r.empty()) break;
    for (int i = 0; i < r.size(); ++i) {
      touched += static_cast<uint64_t>(r.Int(i, 0));
      for (int c = 1; c <= 3; ++c) touched += r.Bytea(i, c).size();
    }
    rows += r.size();
  }
  if (touched == 0) std::printf("(no rows)\n");
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n_events = Flag(argc, argv, "--events", 200000);
  const uint64_t batch = Flag(argc, argv, "--batch", 1000);
  const uint64_t clients = Flag(argc, argv, "--clients", 4);
  const uint64_t n_verify = Flag(argc, argv, "--verify-entries", 1000000);
  garant::Random& random = garant::SecureRandom::Instance();

  // ---- a fresh, durable cluster ----
  char tmpl[] = "/tmp/garant-bench-audit-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::filesystem::path dir = tmpl;
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all |
                                        std::filesystem::perms::group_exec |
                                        std::filesystem::perms::others_exec);
  db::EmbeddedPostgres::Options po;
  po.data_dir = dir;
  db::EmbeddedPostgres pg(po);
  Check(pg.Start(), "start PostgreSQL");
  // A failed step stops the cluster and keeps its directory (the server log).
  OnDie stop_postgres([&pg, &dir] {
    (void)pg.Stop();
    std::fprintf(stderr, "PostgreSQL stopped; its directory is kept: %s\n", dir.c_str());
  });
  Check(pg.EnsureRoleAndDatabase(), "create roles");
  const std::string owner_ci =
      pg.Conninfo(db::EmbeddedPostgres::kOwnerRole, db::EmbeddedPostgres::kDatabase);
  const std::string app_ci =
      pg.Conninfo(db::EmbeddedPostgres::kAppRole, db::EmbeddedPostgres::kDatabase);
  auto owner = Check(db::Connection::Open(owner_ci), "connect");
  Check(db::ApplyMigrations(owner, garant::sql::Migrations()).status(), "migrations");
  Check(owner.Exec("CREATE TABLE bench_copy (LIKE audit_entries INCLUDING ALL)").status(),
        "scratch table");
  auto pool_owner = std::make_unique<db::Pool>(
      db::Pool::Options{app_ci, static_cast<size_t>(clients + 2), std::chrono::seconds(30)});
  db::Pool& pool = *pool_owner;

  std::printf("garant_bench_audit: %llu events, batches of %llu, %llu client threads\n",
              static_cast<unsigned long long>(n_events), static_cast<unsigned long long>(batch),
              static_cast<unsigned long long>(clients));

  // ---- 1. appends through the Appender ----
  std::vector<std::vector<audit::Event>> batches;
  for (uint64_t i = 0; i < n_events; i += batch) {
    std::vector<audit::Event> b;
    for (uint64_t k = i; k < std::min(n_events, i + batch); ++k) b.push_back(MakeEvent(k, random));
    batches.push_back(std::move(b));
  }
  size_t leaf_bytes = 0;
  for (const auto& e : batches[0]) leaf_bytes += Check(audit::EncodeLeaf(e), "encode").size();
  std::printf("average leaf: %.0f bytes\n",
              static_cast<double>(leaf_bytes) / static_cast<double>(batches[0].size()));
  // COPY rows prepared from the same events (hashes precomputed: not timed).
  std::vector<std::string> copy_batches;
  {
    audit::Digest chain = audit::ChainGenesis();
    uint64_t idx = 0;
    for (const auto& b : batches) {
      std::string data;
      for (const auto& e : b) {
        Bytes leaf = Check(audit::EncodeLeaf(e), "encode");
        audit::Digest lh = audit::LeafHash(leaf);
        chain = audit::ChainNext(chain, lh);
        data += std::to_string(idx++) + "\t";
        CopyBytea(leaf, &data);
        data += "\t";
        CopyBytea(lh, &data);
        data += "\t";
        CopyBytea(chain, &data);
        data += "\t" + e.id + "\t" + e.type + "\t" + audit::FormatLeafTime(e.time) + "\t";
        CopyText(e.actor, &data);
        data += "\t";
        CopyText(e.object, &data);
        data += "\n";
      }
      copy_batches.push_back(std::move(data));
    }
  }

  audit::AuditLog log;
  double append_rate = 0;
  {
    audit::Appender appender(pool, log);
    std::atomic<size_t> next{0};
    auto t0 = SteadyClock::now();
    std::vector<std::thread> threads;
    for (uint64_t c = 0; c < clients; ++c) {
      threads.emplace_back([&] {
        for (size_t b = next++; b < batches.size(); b = next++) {
          Check(appender.Append(batches[b]), "append");
        }
      });
    }
    for (auto& t : threads) t.join();
    double s = Seconds(t0, SteadyClock::now());
    append_rate = static_cast<double>(n_events) / s;
    auto st = appender.stats();
    std::printf(
        "appender: %llu events in %.2f s = %.0f appends/s (%llu transactions, %llu "
        "fallbacks)\n",
        static_cast<unsigned long long>(n_events), s, append_rate,
        static_cast<unsigned long long>(st.transactions),
        static_cast<unsigned long long>(st.fallbacks));
  }
  {
    auto conn = Check(db::Connection::Open(owner_ci), "connect");
    auto t0 = SteadyClock::now();
    for (const auto& data : copy_batches) {
      Check(conn.CopyIn("COPY bench_copy (idx, leaf, leaf_hash, chain, event_id, event_type, "
                        "event_time, actor, object) FROM STDIN",
                        data),
            "COPY");
    }
    double s = Seconds(t0, SteadyClock::now());
    double copy_rate = static_cast<double>(n_events) / s;
    std::printf(
        "plain COPY (same rows, same indexes, one transaction per %llu rows): %.2f s = "
        "%.0f rows/s\n",
        static_cast<unsigned long long>(batch), s, copy_rate);
    std::printf("appender / COPY = %.2f\n", append_rate / copy_rate);
  }

  // ---- 2. append → signed checkpoint latency ----
  garant::crypto::Ed25519Seed log_seed{};
  random.Fill(log_seed);
  const audit::NoteSigner log_key =
      Check(audit::NoteSigner::Ed25519("bench.example/log", log_seed), "key");
  {
    audit::MemorySignerStateStore state;
    auto signer =
        Check(audit::CheckpointSigner::Create("bench.example/log", log_key, &state), "signer");
    audit::CheckpointPublisher publisher(pool, log, *signer, garant::SystemClock::Instance(),
                                         random, {});
    Check(publisher.CheckStartup().status(), "startup");
    publisher.Start();
    audit::Appender appender(pool, log);
    std::mutex mu;
    std::vector<std::pair<uint64_t, SteadyClock::time_point>> committed;  // max index, when
    std::vector<std::pair<uint64_t, SteadyClock::time_point>> signed_at;  // size, when
    std::atomic<bool> done{false};
    std::thread watcher([&] {
      auto conn = Check(db::Connection::Open(app_ci), "connect");
      uint64_t last = 0;
      while (!done) {
        auto size = Check(audit::LatestCheckpointSize(conn), "checkpoint size");
        if (size && *size > last) {
          last = *size;
          std::lock_guard<std::mutex> lock(mu);
          signed_at.emplace_back(last, SteadyClock::now());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
    auto end = SteadyClock::now() + std::chrono::seconds(10);
    uint64_t k = n_events;
    while (SteadyClock::now() < end) {
      std::vector<audit::Event> b;
      for (uint64_t i = 0; i < 100; ++i) b.push_back(MakeEvent(k++, random));
      auto idx = Check(appender.Append(std::move(b)), "append");
      {
        std::lock_guard<std::mutex> lock(mu);
        committed.emplace_back(idx.back(), SteadyClock::now());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    done = true;
    watcher.join();
    publisher.Stop();
    std::vector<double> lat;
    for (const auto& [index, when] : committed) {
      for (const auto& [size, at] : signed_at) {
        if (size > index) {
          lat.push_back(Seconds(when, at) * 1000);
          break;
        }
      }
    }
    std::sort(lat.begin(), lat.end());
    if (!lat.empty()) {
      std::printf(
          "append -> signed checkpoint: %zu batches, p50 %.0f ms, p99 %.0f ms, max %.0f "
          "ms (publisher: 1 signature/s at most)\n",
          lat.size(), lat[lat.size() / 2], lat[lat.size() * 99 / 100], lat.back());
    }
  }
  // ---- 3. verification reading PostgreSQL: text vs binary results ----
  {
    audit::VerifyOptions o;
    o.origin = "bench.example/log";
    o.verifiers = {log_key.Verifier()};
    // Twice each, alternating, so that a passing load spike shows.
    for (int round = 0; round < 2; ++round) {
      for (bool binary : {false, true}) {
        const char* format = binary ? "binary" : "text  ";
        auto conn = Check(db::Connection::Open(app_ci), "connect");
        {
          db::Transaction tx(conn, db::Transaction::Isolation::kRepeatableRead);
          Check(tx.status(), "begin");
          auto t0 = SteadyClock::now();
          double c0 = CpuSeconds();
          const int64_t rows = ReadAllEntries(conn, binary);
          double cpu = CpuSeconds() - c0;
          double wall = Seconds(t0, SteadyClock::now());
          std::printf(
              "read audit_entries only (%s results, 8192 rows a query, no verification): %lld "
              "rows in %.2f s = %.0f rows/s (client CPU %.2f s)\n",
              format, static_cast<long long>(rows), wall, static_cast<double>(rows) / wall, cpu);
        }
        {
          db::Transaction tx(conn, db::Transaction::Isolation::kRepeatableRead);
          Check(tx.status(), "begin");
          audit::PgLogSource::Options so;
          so.binary_results = binary;
          audit::PgLogSource source(conn, so);
          auto t0 = SteadyClock::now();
          double c0 = CpuSeconds();
          auto report = Check(audit::VerifyLog(source, o), "verify database");
          double cpu = CpuSeconds() - c0;
          double wall = Seconds(t0, SteadyClock::now());
          if (!report.ok()) Die("verify database", garant::Status::DataLoss(report.Summary()));
          std::printf(
              "verify the database (PgLogSource, %s results): %llu entries in %.2f s = %.0f "
              "entries/s (client CPU %.2f s = %.0f entries/s)\n",
              format, static_cast<unsigned long long>(report.entries_checked), wall,
              static_cast<double>(report.entries_checked) / wall, cpu,
              static_cast<double>(report.entries_checked) / cpu);
        }
      }
    }
  }

  pool_owner.reset();  // every connection closed before the server stops
  Check(pg.Stop(), "stop PostgreSQL");
  std::filesystem::remove_all(dir);

  // ---- 4. verification in memory, beside raw SHA-256 ----
  {
    MemorySource src;
    src.entries.reserve(n_verify);
    audit::CompactTree tree;
    audit::Digest chain = audit::ChainGenesis();
    std::vector<audit::StoredHash> completed;
    size_t bytes = 0;
    for (uint64_t i = 0; i < n_verify; ++i) {
      audit::StoredEntry e;
      e.index = i;
      e.leaf = Check(audit::EncodeLeaf(MakeEvent(i, random)), "encode");
      bytes += e.leaf.size();
      audit::Digest lh = audit::LeafHash(e.leaf);
      chain = audit::ChainNext(chain, lh);
      e.leaf_hash = lh;
      e.chain = chain;
      completed.clear();
      Check(tree.Append(lh, &completed), "tree");
      for (const auto& c : completed) {
        if (c.address.level > 0 && c.address.level % 8 == 0) {
          src.stored[{c.address.level, c.address.index}] = c.hash;
        }
      }
      src.entries.push_back(std::move(e));
    }
    garant::crypto::Ed25519Seed seed{};
    random.Fill(seed);
    auto note_signer = Check(audit::NoteSigner::Ed25519("bench.example/log", seed), "key");
    audit::Checkpoint cp{"bench.example/log", {n_verify, tree.Root()}, {}};
    std::vector<audit::NoteSigner> signers = {note_signer};
    src.checkpoint =
        Check(audit::SignNote(Check(audit::FormatCheckpoint(cp), "cp"), signers), "sign");
    audit::VerifyOptions o;
    o.origin = "bench.example/log";
    o.verifiers = {note_signer.Verifier()};
    double c0 = CpuSeconds();
    auto t0 = SteadyClock::now();
    auto report = Check(audit::VerifyLog(src, o), "verify");
    double cpu = CpuSeconds() - c0;
    double wall = Seconds(t0, SteadyClock::now());
    std::printf(
        "full verification: %llu entries (%.0f bytes avg), %s; %.2f s CPU = %.0f "
        "entries/s per core (wall %.2f s)\n",
        static_cast<unsigned long long>(n_verify),
        static_cast<double>(bytes) / static_cast<double>(n_verify), report.Summary().c_str(), cpu,
        static_cast<double>(n_verify) / cpu, wall);
    audit::TreeHasher h;
    c0 = CpuSeconds();
    audit::Digest acc{};
    for (const auto& e : src.entries) {
      acc = h.Leaf(e.leaf);
    }
    cpu = CpuSeconds() - c0;
    std::printf("raw SHA-256 of the same leaves: %.0f hashes/s per core (%.0f MB/s)\n",
                static_cast<double>(n_verify) / cpu, static_cast<double>(bytes) / cpu / 1e6);
    c0 = CpuSeconds();
    for (uint64_t i = 0; i < n_verify; ++i) acc = h.Node(acc, acc);
    cpu = CpuSeconds() - c0;
    std::printf("raw SHA-256 of 65-byte node inputs: %.0f hashes/s per core\n",
                static_cast<double>(n_verify) / cpu);

    // ---- 5. proof sizes ----
    audit::LeafHashesReader reader([&] {
      std::vector<audit::Digest> lhs;
      lhs.reserve(src.entries.size());
      for (const auto& e : src.entries) lhs.push_back(*e.leaf_hash);
      return lhs;
    }());
    const uint64_t i = n_verify / 3;
    auto inc = Check(audit::ProveRecord(n_verify, i, reader), "inclusion");
    auto con = Check(audit::ProveTree(n_verify, n_verify / 2 + 1, reader), "consistency");
    auto receipt = Check(audit::BuildTlogProof(i, src.checkpoint, reader), "receipt");
    std::printf(
        "proofs at %llu entries: inclusion %zu hashes = %zu bytes; consistency %zu "
        "hashes = %zu bytes; tlog-proof receipt %zu bytes (checkpoint note %zu bytes)\n",
        static_cast<unsigned long long>(n_verify), inc.size(), inc.size() * 32, con.size(),
        con.size() * 32, audit::FormatTlogProof(receipt).size(), src.checkpoint.size());
    std::printf("inclusion proof at 10^9 entries: 30 hashes = 960 bytes (ceil(log2(10^9)))\n");
  }
  return 0;
}
