#include "garant/audit/pg_log_source.h"

#include <algorithm>
#include <string>
#include <utility>

#include "garant/audit/log_store.h"

namespace garant::audit {
namespace {

using db::Param;

Param Int(uint64_t v) { return Param(static_cast<int64_t>(std::min<uint64_t>(v, kMaxTreeSize))); }

// A stored 32-byte value, or a value that matches nothing when the column
// holds something else (the verifier then reports the row: a stored hash it
// cannot read does not match anything). A binary result's bytea is read in
// place (Text: its raw bytes), a text result's is decoded from hex.
std::optional<Digest> OptionalDigest(const db::Rows& rows, int row, int col) {
  Result<Digest> d = rows.binary() ? DigestFromBytes(AsBytes(rows.Text(row, col)))
                                   : DigestFromBytes(rows.Bytea(row, col));
  if (!d.ok()) {
    Digest bad{};
    bad[0] = 0xFF;  // never a stored value that could match by accident
    bad[31] = 0xFF;
    return bad;
  }
  return *d;
}

}  // namespace

Result<std::string> PgLogSource::LatestCheckpoint() {
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> note, LatestCheckpointNote(conn_));
  if (!note) {
    return Status::NotFound("the audit log has no signed checkpoint yet");
  }
  return std::move(*note);
}

Result<std::vector<std::string>> PgLogSource::CheckpointHistory() {
  GARANT_ASSIGN_OR_RETURN(db::Rows count, conn_.Exec("SELECT count(*) FROM audit_checkpoints"));
  const uint64_t n = static_cast<uint64_t>(count.Int(0, 0));
  if (n <= 1) {
    return std::vector<std::string>();
  }
  const uint64_t step =
      options_.max_history == 0
          ? n
          : std::max<uint64_t>(1, (n - 1 + options_.max_history - 1) / options_.max_history);
  // All but the latest, every step-th by size.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn_.Exec("SELECT note FROM (SELECT note, row_number() OVER (ORDER BY size DESC) AS rn "
                 "FROM audit_checkpoints) t WHERE rn > 1 AND (rn - 1) % $1 = 0 ORDER BY rn DESC",
                 {Int(step)}));
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back(rows.Str(r, 0));
  }
  return out;
}

Result<uint64_t> PgLogSource::Size() {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn_.Exec("SELECT size FROM audit_tree_state WHERE id = 0"));
  if (rows.empty()) {
    return Status::FailedPrecondition("audit_tree_state has no row");
  }
  return static_cast<uint64_t>(rows.Int(0, 0));
}

Result<db::Rows> PgLogSource::Query(std::string_view sql, const db::Params& params) {
  return options_.binary_results ? conn_.ExecBinary(sql, params) : conn_.Exec(sql, params);
}

Status PgLogSource::Fill(uint64_t begin, uint64_t end) {
  cache_.clear();
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, Query("SELECT idx, leaf, leaf_hash, chain, leaf IS NULL, "
                                               "event_type FROM audit_entries WHERE idx >= $1 AND "
                                               "idx < $2 ORDER BY idx",
                                               {Int(begin), Int(end)}));
  cache_.reserve(static_cast<size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    StoredEntry e;
    e.index = static_cast<uint64_t>(rows.Int(r, 0));
    e.leaf = rows.Bytea(r, 1);
    e.leaf_hash = OptionalDigest(rows, r, 2);
    e.chain = OptionalDigest(rows, r, 3);
    e.pruned = rows.Bool(r, 4);
    if (e.pruned) e.stored_type = rows.Text(r, 5);
    cache_.push_back(std::move(e));
  }
  cache_begin_ = begin;
  cache_end_ = end;
  return Status::Ok();
}

Status PgLogSource::ReadEntries(uint64_t begin, uint64_t end, std::vector<StoredEntry>* out) {
  if (begin >= end) {
    return Status::Ok();
  }
  if (begin < cache_begin_ || end > cache_end_) {
    GARANT_RETURN_IF_ERROR(Fill(begin, std::max(end, begin + options_.read_ahead)));
  }
  auto first = std::lower_bound(cache_.begin(), cache_.end(), begin,
                                [](const StoredEntry& e, uint64_t i) { return e.index < i; });
  for (auto it = first; it != cache_.end() && it->index < end; ++it) {
    out->push_back(*it);
  }
  return Status::Ok();
}

Status PgLogSource::ReadStoredHashes(int level, uint64_t begin, uint64_t end,
                                     std::vector<std::optional<Digest>>* out) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      Query("SELECT idx, hash FROM audit_tile_hashes WHERE level = $1 AND idx >= $2 AND "
            "idx < $3 ORDER BY idx",
            {Param(level), Int(begin), Int(end)}));
  const size_t base = out->size();
  out->resize(base + (end - begin));
  for (int r = 0; r < rows.size(); ++r) {
    const uint64_t i = static_cast<uint64_t>(rows.Int(r, 0));
    (*out)[base + (i - begin)] = OptionalDigest(rows, r, 1);
  }
  return Status::Ok();
}

Result<std::optional<uint64_t>> PgLogSource::FirstPresentIndex(uint64_t begin, uint64_t end) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows, conn_.Exec("SELECT min(idx) FROM audit_entries WHERE idx >= $1 AND idx < $2",
                                {Int(begin), Int(end)}));
  if (rows.empty() || rows.IsNull(0, 0)) {
    return std::optional<uint64_t>();
  }
  return std::optional<uint64_t>(static_cast<uint64_t>(rows.Int(0, 0)));
}

}  // namespace garant::audit
