// The audit log in PostgreSQL (tables of sql/0002_audit.sql): appends inside
// a caller's transaction, tiles and entry bundles for tlog-tiles serving, and
// the signed checkpoints.
//
// Appending follows Tessera's pattern: lock the single audit_tree_state row
// (SELECT ... FOR UPDATE), assign gap-free indexes from its size, write the
// entries (leaf, leaf hash, chain) and the tile hashes of the subtrees they
// complete, update the state, all in the caller's transaction. A business
// change and its audit entry therefore commit together or not at all.
//
// Thread-safety: AuditLog is thread-safe (the database row lock serialises
// appenders; the in-memory right edge is guarded by a mutex). The free
// functions use the connection they are given, from one thread.
// Errors: kInvalidArgument / kTooLarge for a bad event (nothing written),
// kAlreadyExists for an event id already logged with other content, kDataLoss
// when the stored tree contradicts its state row, database errors as mapped
// by db::MapSqlState (kConflict on serialization failures: retry).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/leaf.h"
#include "garant/audit/merkle.h"
#include "garant/audit/tile.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::audit {

// The size and root of the committed tree (audit_tree_state).
Result<TreeHead> ReadTreeHead(db::Connection& conn);
// The same, but only once it is as durable as an acknowledged append: read
// in a transaction that locks the state row (which WAL-logs the lock and so
// gives the transaction a commit record), returned only after that COMMIT.
// With synchronous replication a COMMIT returns once a standby has flushed
// the WAL up to it, so every entry of the returned tree is on the standby
// too. Without it this is ReadTreeHead and a short lock. What a signer signs
// (the checkpoint publisher): a primary that crashed and came back for a
// moment before being demoted holds, after its crash recovery, commits no
// standby has; their COMMIT never returns there, and neither does this one.
Result<TreeHead> ReadReplicatedTreeHead(db::Connection& conn);

// Tiles read from the tables: level 0 from audit_entries.leaf_hash, higher
// levels from audit_tile_hashes. kNotFound if a tile is not (fully) stored.
class PgTileReader final : public TileReader {
 public:
  explicit PgTileReader(db::Connection& conn) : conn_(conn) {}
  Result<std::vector<Bytes>> ReadTiles(std::span<const Tile> tiles) override;

 private:
  db::Connection& conn_;
};

// The entry bundle `index` of width `width` (1..256). kNotFound if absent. A
// pruned entry (retention.h) is a zero-length entry of its bundle.
Result<Bytes> ReadEntryBundle(db::Connection& conn, uint64_t index, int width);
// The leaf stored at `index`. kNotFound if absent; kFailedPrecondition when
// the entry was pruned (its leaf is gone, its hash kept).
Result<Bytes> ReadLeaf(db::Connection& conn, uint64_t index);

// Stores a signed checkpoint (idempotent for the same size).
Status StoreCheckpoint(db::Connection& conn, const TreeHead& head, std::string_view note);
// The note of the largest stored checkpoint, or nullopt when none.
Result<std::optional<std::string>> LatestCheckpointNote(db::Connection& conn);
// The size of the largest stored checkpoint, or nullopt when none.
Result<std::optional<uint64_t>> LatestCheckpointSize(db::Connection& conn);

// How AppendInTx learns whether an id is already in the log.
enum class IdCheck {
  // Looks the batch's ids up first (one index probe each): an id already in
  // the log with the same content keeps its index.
  kLookUp,
  // For callers whose ids are new but for a rare retry (fresh random ids; a
  // batch most likely never sent before): no lookup; an id already in the
  // log fails the insert with kAlreadyExists and leaves `tx` aborted. The
  // caller rolls back and, for a retry, appends again with kLookUp.
  kAssumeNew,
};

// An event encoded for the log: its leaf, leaf hash and COPY text, none of
// which depends on the index it will get. Made by AuditLog::Prepare, before
// any lock; appended by AuditLog::AppendPreparedInTx.
class PreparedEvent {
 public:
  const std::string& id() const { return id_; }

 private:
  friend class AuditLog;
  std::string id_;
  Bytes leaf_;
  Digest leaf_hash_{};
  std::string head_;  // the entry's COPY text between its index and its chain
  std::string tail_;  // the entry's COPY text after its chain, with the newline
};

class AuditLog {
 public:
  AuditLog() = default;
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Appends `events` inside `tx` and returns their indexes, in order. The
  // indexes are final only once the caller commits. Idempotent by event id:
  // an id already in the log (or earlier in the batch) with the same content
  // returns its existing index; with other content, the call fails with
  // kAlreadyExists and nothing is written. `tx` must be READ COMMITTED (with
  // REPEATABLE READ a concurrent append makes the lock fail with kConflict).
  // With IdCheck::kAssumeNew, an id already in the log fails instead (above).
  Result<std::vector<uint64_t>> AppendInTx(db::Transaction& tx, std::vector<Event> events,
                                           IdCheck ids = IdCheck::kLookUp);

  // Encodes `event` for AppendPreparedInTx: pure work, no database (what a
  // caller may do before it takes its locks). kInvalidArgument / kTooLarge
  // for a bad event, as AppendInTx.
  static Result<PreparedEvent> Prepare(const Event& event);
  // AppendInTx for events prepared before: the same indexes, rows, errors
  // and idempotency; only the encoding is not done here.
  Result<std::vector<uint64_t>> AppendPreparedInTx(db::Transaction& tx,
                                                   std::vector<PreparedEvent> events,
                                                   IdCheck ids = IdCheck::kLookUp);

 private:
  // The right edge of the tree as of the last append made through this
  // object; reused when the state row still has the same size and root.
  std::mutex mu_;
  std::optional<CompactTree> edge_;
};

}  // namespace garant::audit
