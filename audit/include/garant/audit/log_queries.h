// What garantd answers about its audit log, read from the tables of
// sql/0002_audit.sql: the auditor's search, one entry with its inclusion
// proof, proofs and receipts, the latest checkpoint, the tiles served under
// /tlog/, and the gauges /metrics shows. The HTTP handlers (server/src/audit/)
// only parse the request, call one of these and render the answer.
//
// Thread-safety: the functions use the connection they are given, from one
// thread. They read without a transaction of their own: the log is
// append-only, so what a signed checkpoint covers never changes.
// Errors: kNotFound for an absent entry or tile, kInvalidArgument for sizes
// beyond the tree, kUnavailable while an entry awaits its first checkpoint
// (receipts), kDataLoss when stored data do not parse; database errors as
// db::MapSqlState maps them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/tile.h"
#include "garant/audit/tlog_proof.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::audit {

// The latest signed checkpoint: its note, the parsed head, when it was
// signed. The note's signature is not checked here. The note carries the
// witnesses' cosignature lines gathered for its head (audit_cosignatures,
// checked when they were stored), after the log's own signature.
struct LatestCheckpoint {
  std::string note;
  Checkpoint checkpoint;
  std::string signed_at;  // RFC 3339 UTC, to the second
};
// nullopt when nothing was signed yet.
Result<std::optional<LatestCheckpoint>> ReadLatestCheckpoint(db::Connection& conn);

// The auditor's search; every filter optional and exact. `to` is exclusive.
// Newest first; `before` (a cursor) keeps indexes below it. `limit` >= 1.
struct EntryFilter {
  std::optional<std::string> type, actor, object;
  std::optional<TimePoint> from, to;
  std::optional<uint64_t> before;
  int64_t limit = 100;
};
// What is left of a pruned entry (retention.h): its search columns, which
// the database keeps unchanged (sql/0023), when and under which retention
// its content was removed. The leaf is gone, so these fields can no longer
// be checked against the leaf hash.
struct PrunedEntry {
  std::string id, type, actor, object;
  TimePoint time{};
  TimePoint pruned_at{};
  std::optional<int64_t> retention_days;  // from the run's audit.pruned entry
};
// One stored entry, as stored. A pruned entry has an empty leaf and `pruned`.
struct EntryRow {
  uint64_t index = 0;
  Bytes leaf;
  Bytes leaf_hash;
  bool is_signed = false;  // covered by the latest signed checkpoint
  std::optional<PrunedEntry> pruned;
};
struct EntryPage {
  std::vector<EntryRow> entries;
  uint64_t tree_size = 0;               // audit_tree_state
  std::optional<uint64_t> signed_size;  // latest checkpoint's size, if any
  std::optional<uint64_t> next_cursor;  // `before` for the next page, if it may exist
};
Result<EntryPage> SearchEntries(db::Connection& conn, const EntryFilter& filter);

// The entry at `index` with its inclusion proof against the latest signed
// checkpoint (empty proof and no checkpoint while unsigned). kNotFound when
// there is no entry at `index`. A pruned entry has its proof too (the proof
// needs only the kept hashes): its leaf is empty and `pruned` set.
struct EntryWithProof {
  uint64_t index = 0;
  std::optional<PrunedEntry> pruned;
  Bytes leaf;
  Bytes leaf_hash;                             // as stored
  Bytes chain;                                 // as stored
  std::optional<LatestCheckpoint> checkpoint;  // set when it covers the entry
  std::vector<Digest> inclusion_proof;         // against checkpoint->checkpoint.head
};
Result<EntryWithProof> ReadEntryWithProof(db::Connection& conn, uint64_t index);

// The RFC 6962 inclusion proof of `index` in the tree of `size` entries
// (size <= the current tree size, index < size), with the leaf hash and root.
struct InclusionAnswer {
  Digest leaf_hash{};
  Digest root{};
  std::vector<Digest> proof;
};
Result<InclusionAnswer> ProveInclusionAt(db::Connection& conn, uint64_t index, uint64_t size);

// The consistency proof between trees of `old_size` <= `new_size` entries
// (new_size <= the current tree size), with both roots.
struct ConsistencyAnswer {
  Digest old_root{};
  Digest new_root{};
  std::vector<Digest> proof;
};
Result<ConsistencyAnswer> ProveConsistencyBetween(db::Connection& conn, uint64_t old_size,
                                                  uint64_t new_size);

// A C2SP tlog-proof receipt for `index` against the latest checkpoint.
// kNotFound without an entry; kUnavailable until a checkpoint covers it.
Result<TlogProof> ReceiptFor(db::Connection& conn, uint64_t index);

// The bytes of a tlog-tiles path (hash tile or entry bundle), served only
// within the latest signed checkpoint: kNotFound beyond it, or before any.
Result<Bytes> ReadSignedTile(db::Connection& conn, const TilePathInfo& path);

// What /metrics shows about the log.
struct LogGauges {
  uint64_t size = 0;         // entries in the log
  uint64_t signed_size = 0;  // entries covered by the latest checkpoint (0: none)
  std::optional<double> checkpoint_age_seconds;  // since the latest signature, if any
  // Negative when the log holds fewer entries than it signed (a rollback).
  int64_t unsigned_entries() const {
    return static_cast<int64_t>(size) - static_cast<int64_t>(signed_size);
  }
};
Result<LogGauges> ReadLogGauges(db::Connection& conn);

// Witnesses' cosignatures (sql/0020_audit_cosignatures.sql). Stores one
// verified cosignature line (without its newline) of the checkpoint `head`
// by `witness`; a second one for the same size and witness is ignored.
Status StoreCosignature(db::Connection& conn, const TreeHead& head, const std::string& witness,
                        const std::string& line, int64_t cosigned_unix);
// The stored cosignature lines of `head` (size and root), by witness name.
Result<std::vector<std::string>> CosignatureLines(db::Connection& conn, const TreeHead& head);

}  // namespace garant::audit
