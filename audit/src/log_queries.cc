#include "garant/audit/log_queries.h"

#include <string>
#include <utility>

#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"
#include "garant/audit/retention.h"

namespace garant::audit {
namespace {

using db::Param;

Param Int(uint64_t v) { return Param(static_cast<int64_t>(v)); }

Status BeyondTree(std::string_view what, uint64_t tree_size) {
  return Status::InvalidArgument(std::string(what) + " is beyond the tree size " +
                                 std::to_string(tree_size));
}

// Whether the hashes [256·n, 256·n + width) of tile level `level` exist in
// the tree of `size` leaves.
bool TileWithin(const Tile& t, uint64_t size) {
  const int shift = kTileHeight * t.level;
  if (shift >= 64) return false;
  const uint64_t hashes_at_level = size >> shift;
  if (t.index > (UINT64_MAX - kTileWidth) / kTileWidth) return false;
  const uint64_t first = t.index * kTileWidth;
  return first + static_cast<uint64_t>(t.width) <= hashes_at_level;
}

// The columns after idx, leaf, leaf_hash: a pruned entry's search columns,
// its pruned_at and retention (ReadPruned), from audit_entries `a`.
std::string PrunedColumns() {
  return "a.event_id::text, a.event_type, a.event_time, a.actor, a.object, a.pruned_at, " +
         PrunedRetentionDaysSql("a");
}

std::optional<PrunedEntry> ReadPruned(const db::Rows& rows, int r, int c) {
  if (rows.IsNull(r, c + 5)) return std::nullopt;
  PrunedEntry p;
  p.id = rows.Str(r, c);
  p.type = rows.Str(r, c + 1);
  p.time = rows.Time(r, c + 2);
  p.actor = rows.Str(r, c + 3);
  p.object = rows.Str(r, c + 4);
  p.pruned_at = rows.Time(r, c + 5);
  if (!rows.IsNull(r, c + 6)) p.retention_days = rows.Int(r, c + 6);
  return p;
}

}  // namespace

Result<std::optional<LatestCheckpoint>> ReadLatestCheckpoint(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn.Exec("SELECT note, signed_at FROM audit_checkpoints "
                                                   "ORDER BY size DESC LIMIT 1"));
  if (rows.empty()) return std::optional<LatestCheckpoint>();
  LatestCheckpoint out;
  out.note = rows.Str(0, 0);
  out.signed_at = FormatRfc3339UtcSeconds(rows.Time(0, 1));
  GARANT_ASSIGN_OR_RETURN(Note note, ParseNote(out.note));
  GARANT_ASSIGN_OR_RETURN(out.checkpoint, ParseCheckpoint(note.text));
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> cosignatures,
                          CosignatureLines(conn, out.checkpoint.head));
  for (const std::string& line : cosignatures) out.note += line + "\n";
  return std::optional<LatestCheckpoint>(std::move(out));
}

Result<EntryPage> SearchEntries(db::Connection& conn, const EntryFilter& f) {
  if (f.limit < 1) return Status::InvalidArgument("limit must be at least 1");
  std::optional<std::string> from, to, before;
  if (f.from) from = FormatLeafTime(*f.from);
  if (f.to) to = FormatLeafTime(*f.to);
  if (f.before) before = std::to_string(*f.before);
  // Unnamed statements are planned with their parameter values, so the
  // "$n IS NULL OR ..." filters cost nothing when unused.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows, conn.Exec("SELECT a.idx, a.leaf, a.leaf_hash, " + PrunedColumns() +
                                   " FROM audit_entries a "
                                   "WHERE ($1::text IS NULL OR event_type = $1) "
                                   "AND ($2::text IS NULL OR actor = $2) "
                                   "AND ($3::text IS NULL OR object = $3) "
                                   "AND ($4::timestamptz IS NULL OR event_time >= $4::timestamptz) "
                                   "AND ($5::timestamptz IS NULL OR event_time < $5::timestamptz) "
                                   "AND ($6::bigint IS NULL OR idx < $6::bigint) "
                                   "ORDER BY idx DESC LIMIT $7",
                               {Param::Optional(f.type), Param::Optional(f.actor),
                                Param::Optional(f.object), Param::Optional(from),
                                Param::Optional(to), Param::Optional(before), Param(f.limit)}));
  EntryPage page;
  GARANT_ASSIGN_OR_RETURN(TreeHead head, ReadTreeHead(conn));
  page.tree_size = head.size;
  GARANT_ASSIGN_OR_RETURN(page.signed_size, LatestCheckpointSize(conn));
  page.entries.reserve(static_cast<size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    EntryRow e;
    e.index = static_cast<uint64_t>(rows.Int(r, 0));
    e.leaf = rows.Bytea(r, 1);
    e.leaf_hash = rows.Bytea(r, 2);
    e.is_signed = page.signed_size.has_value() && e.index < *page.signed_size;
    e.pruned = ReadPruned(rows, r, 3);
    page.entries.push_back(std::move(e));
  }
  if (static_cast<int64_t>(page.entries.size()) == f.limit) {
    page.next_cursor = page.entries.back().index;
  }
  return page;
}

Result<EntryWithProof> ReadEntryWithProof(db::Connection& conn, uint64_t index) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn.Exec("SELECT a.leaf, a.leaf_hash, a.chain, " + PrunedColumns() +
                                        " FROM audit_entries a WHERE a.idx = $1",
                                    {Int(index)}));
  if (rows.empty()) return Status::NotFound("no entry at this index");
  EntryWithProof out;
  out.index = index;
  out.pruned = ReadPruned(rows, 0, 3);
  out.leaf = rows.Bytea(0, 0);
  out.leaf_hash = rows.Bytea(0, 1);
  out.chain = rows.Bytea(0, 2);
  GARANT_ASSIGN_OR_RETURN(std::optional<LatestCheckpoint> latest, ReadLatestCheckpoint(conn));
  if (!latest || index >= latest->checkpoint.head.size) return out;
  const uint64_t size = latest->checkpoint.head.size;
  PgTileReader tiles(conn);
  TileHashReader reader(size, tiles);
  GARANT_ASSIGN_OR_RETURN(out.inclusion_proof, ProveRecord(size, index, reader));
  out.checkpoint = std::move(latest);
  return out;
}

Result<InclusionAnswer> ProveInclusionAt(db::Connection& conn, uint64_t index, uint64_t size) {
  GARANT_ASSIGN_OR_RETURN(TreeHead head, ReadTreeHead(conn));
  if (size > head.size) return BeyondTree("size", head.size);
  if (index >= size) return Status::InvalidArgument("index must be below size");
  PgTileReader tiles(conn);
  TileHashReader reader(size, tiles);
  InclusionAnswer out;
  GARANT_ASSIGN_OR_RETURN(out.proof, ProveRecord(size, index, reader));
  GARANT_ASSIGN_OR_RETURN(out.root, TreeHash(size, reader));
  GARANT_ASSIGN_OR_RETURN(out.leaf_hash, reader.Hash(0, index));
  return out;
}

Result<ConsistencyAnswer> ProveConsistencyBetween(db::Connection& conn, uint64_t old_size,
                                                  uint64_t new_size) {
  GARANT_ASSIGN_OR_RETURN(TreeHead head, ReadTreeHead(conn));
  if (new_size > head.size) return BeyondTree("new", head.size);
  if (old_size > new_size) return Status::InvalidArgument("old must be <= new");
  PgTileReader tiles(conn);
  TileHashReader reader(new_size, tiles);
  ConsistencyAnswer out;
  GARANT_ASSIGN_OR_RETURN(out.proof, ProveTree(new_size, old_size, reader));
  GARANT_ASSIGN_OR_RETURN(out.new_root, TreeHash(new_size, reader));
  TileHashReader old_reader(old_size, tiles);
  GARANT_ASSIGN_OR_RETURN(out.old_root, TreeHash(old_size, old_reader));
  return out;
}

Result<TlogProof> ReceiptFor(db::Connection& conn, uint64_t index) {
  GARANT_ASSIGN_OR_RETURN(db::Rows exists,
                          conn.Exec("SELECT 1 FROM audit_entries WHERE idx = $1", {Int(index)}));
  if (exists.empty()) return Status::NotFound("no entry at this index");
  GARANT_ASSIGN_OR_RETURN(std::optional<LatestCheckpoint> latest, ReadLatestCheckpoint(conn));
  if (!latest || index >= latest->checkpoint.head.size) {
    return Status::Unavailable("the entry is not in a signed checkpoint yet; retry in a moment");
  }
  PgTileReader tiles(conn);
  TileHashReader reader(latest->checkpoint.head.size, tiles);
  return BuildTlogProof(index, latest->note, reader);
}

Result<Bytes> ReadSignedTile(db::Connection& conn, const TilePathInfo& path) {
  GARANT_ASSIGN_OR_RETURN(std::optional<uint64_t> size, LatestCheckpointSize(conn));
  if (!size || !TileWithin(path.tile, *size)) {
    return Status::NotFound("this tile is beyond the latest checkpoint");
  }
  if (path.entries) return ReadEntryBundle(conn, path.tile.index, path.tile.width);
  std::vector<Tile> tiles = {path.tile};
  PgTileReader reader(conn);
  GARANT_ASSIGN_OR_RETURN(std::vector<Bytes> read, reader.ReadTiles(tiles));
  return std::move(read.at(0));
}

Result<LogGauges> ReadLogGauges(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec("SELECT t.size, coalesce(c.size, 0), "
                "coalesce(extract(epoch FROM (now() - c.signed_at)), -1)::float8 "
                "FROM audit_tree_state t LEFT JOIN LATERAL (SELECT size, signed_at FROM "
                "audit_checkpoints ORDER BY size DESC LIMIT 1) c ON true WHERE t.id = 0"));
  if (r.empty()) return Status::FailedPrecondition("audit_tree_state has no row");
  LogGauges g;
  g.size = static_cast<uint64_t>(r.Int(0, 0));
  g.signed_size = static_cast<uint64_t>(r.Int(0, 1));
  const double age = std::stod(std::string(r.Text(0, 2)));
  if (age >= 0) g.checkpoint_age_seconds = age;
  return g;
}

Status StoreCosignature(db::Connection& conn, const TreeHead& head, const std::string& witness,
                        const std::string& line, int64_t cosigned_unix) {
  return conn
      .Exec(
          "INSERT INTO audit_cosignatures (size, root, witness, line, cosigned_at) "
          "VALUES ($1, $2, $3, $4, to_timestamp($5)) ON CONFLICT (size, witness) DO NOTHING",
          {Int(head.size), db::Param::Binary(head.root), witness, line, cosigned_unix})
      .status();
}

Result<std::vector<std::string>> CosignatureLines(db::Connection& conn, const TreeHead& head) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn.Exec("SELECT line FROM audit_cosignatures WHERE size = $1 AND "
                                    "root = $2 ORDER BY witness",
                                    {Int(head.size), db::Param::Binary(head.root)}));
  std::vector<std::string> out;
  for (int r = 0; r < rows.size(); ++r) out.push_back(rows.Str(r, 0));
  return out;
}

}  // namespace garant::audit
