// A LogSource (verifier.h) reading the audit log tables of PostgreSQL, for
// `garant audit verify` against a database and for the tamper tests.
//
// Use it inside one REPEATABLE READ transaction so that the whole
// verification sees one snapshot while appends go on:
//
//   db::Transaction tx(conn, db::Transaction::Isolation::kRepeatableRead);
//   PgLogSource source(tx.connection());
//   Result<VerifyReport> report = VerifyLog(source, options);
//
// Entries are read ahead in chunks of `read_ahead` rows. The stored checkpoint
// history is sampled evenly down to at most `max_history` notes. Entries and
// stored hashes are read as binary results (raw bytea, no hex to decode);
// `binary_results = false` reads them in text format instead, the slower
// path kept so that bench/audit_bench.cc can measure one beside the other.
// One thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/verifier.h"
#include "garant/core/db.h"

namespace garant::audit {

class PgLogSource final : public LogSource {
 public:
  struct Options {
    uint64_t read_ahead = 8192;
    uint64_t max_history = 100000;
    bool binary_results = true;
  };
  explicit PgLogSource(db::Connection& conn) : PgLogSource(conn, Options()) {}
  PgLogSource(db::Connection& conn, Options options) : conn_(conn), options_(options) {}

  Result<std::string> LatestCheckpoint() override;
  Result<std::vector<std::string>> CheckpointHistory() override;
  Result<uint64_t> Size() override;
  Status ReadEntries(uint64_t begin, uint64_t end, std::vector<StoredEntry>* out) override;
  bool KeepsTileHashes() const override { return true; }
  Status ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                          std::vector<std::optional<Digest>>* out) override;
  Result<std::optional<uint64_t>> FirstPresentIndex(uint64_t begin, uint64_t end) override;

 private:
  Status Fill(uint64_t begin, uint64_t end);
  // Exec or ExecBinary, as options_.binary_results says.
  Result<db::Rows> Query(std::string_view sql, const db::Params& params);

  db::Connection& conn_;
  Options options_;
  // Read-ahead window [cache_begin_, cache_end_) and the entries in it.
  uint64_t cache_begin_ = 0;
  uint64_t cache_end_ = 0;
  std::vector<StoredEntry> cache_;
};

}  // namespace garant::audit
