#include "garant/audit/log_store.h"

#include <map>
#include <string>
#include <utility>

#include "garant/audit/hash.h"

namespace garant::audit {
namespace {

using db::Param;

Result<Digest> DigestColumn(const db::Rows& rows, int row, int col, std::string_view what) {
  Result<Digest> d = DigestFromBytes(rows.Bytea(row, col));
  if (!d.ok()) {
    return Status::DataLoss(std::string(what) + " is not 32 bytes");
  }
  return d;
}

// COPY text format: escape backslash and the separators.
void AppendCopyText(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '\\':
        *out += "\\\\";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      default:
        *out += c;
    }
  }
}

// A bytea value in COPY text format: \\x<hex>.
void AppendCopyBytea(ByteView b, std::string* out) {
  *out += "\\\\x";
  *out += HexEncode(b);
}

std::string UuidArray(const std::vector<std::string>& ids) {
  std::string out = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += ids[i];  // validated canonical UUIDs: no quoting needed
  }
  out += '}';
  return out;
}

Status BadRows(std::string_view what) {
  return Status::DataLoss("audit log tables: " + std::string(what));
}

}  // namespace

Result<TreeHead> ReadTreeHead(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn.Exec("SELECT size, root FROM audit_tree_state WHERE id = 0"));
  if (rows.empty()) {
    return Status::FailedPrecondition("audit_tree_state has no row");
  }
  TreeHead head;
  head.size = static_cast<uint64_t>(rows.Int(0, 0));
  GARANT_ASSIGN_OR_RETURN(head.root, DigestColumn(rows, 0, 1, "tree state root"));
  return head;
}

Result<TreeHead> ReadReplicatedTreeHead(db::Connection& conn) {
  db::Transaction tx(conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT 1 FROM audit_tree_state WHERE id = 0 FOR UPDATE").status());
  GARANT_ASSIGN_OR_RETURN(TreeHead head, ReadTreeHead(conn));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return head;
}

Result<std::vector<Bytes>> PgTileReader::ReadTiles(std::span<const Tile> tiles) {
  std::vector<Bytes> out;
  out.reserve(tiles.size());
  for (const Tile& t : tiles) {
    const int64_t begin = static_cast<int64_t>(t.index * kTileWidth);
    const int64_t end = begin + t.width;
    Result<db::Rows> rows =
        t.level == 0 ? conn_.Exec(
                           "SELECT idx, leaf_hash FROM audit_entries WHERE idx >= $1 AND idx < $2 "
                           "ORDER BY idx",
                           {Param(begin), Param(end)})
                     : conn_.Exec(
                           "SELECT idx, hash FROM audit_tile_hashes WHERE level = $1 AND idx >= $2 "
                           "AND idx < $3 ORDER BY idx",
                           {Param(t.level * kTileHeight), Param(begin), Param(end)});
    if (!rows.ok()) {
      return rows.status();
    }
    if (rows->size() != t.width) {
      return Status::NotFound("tile " + TilePath(t) + " is not fully stored (" +
                              std::to_string(rows->size()) + " hashes)");
    }
    Bytes data;
    data.reserve(static_cast<size_t>(t.width) * kDigestSize);
    for (int r = 0; r < rows->size(); ++r) {
      if (rows->Int(r, 0) != begin + r) {
        return Status::NotFound("tile " + TilePath(t) + " has a gap");
      }
      GARANT_ASSIGN_OR_RETURN(Digest h, DigestColumn(*rows, r, 1, "tile hash"));
      data.insert(data.end(), h.begin(), h.end());
    }
    out.push_back(std::move(data));
  }
  return out;
}

Result<Bytes> ReadEntryBundle(db::Connection& conn, uint64_t index, int width) {
  if (width < 1 || width > kTileWidth) {
    return Status::InvalidArgument("bad bundle width");
  }
  const int64_t begin = static_cast<int64_t>(index * kTileWidth);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Exec("SELECT idx, leaf FROM audit_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
                {Param(begin), Param(begin + width)}));
  if (rows.size() != width) {
    return Status::NotFound("entry bundle is not fully stored");
  }
  Bytes bundle;
  for (int r = 0; r < rows.size(); ++r) {
    if (rows.Int(r, 0) != begin + r) {
      return Status::NotFound("entry bundle has a gap");
    }
    GARANT_RETURN_IF_ERROR(AppendToEntryBundle(rows.Bytea(r, 1), &bundle));
  }
  return bundle;
}

Result<Bytes> ReadLeaf(db::Connection& conn, uint64_t index) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn.Exec("SELECT leaf FROM audit_entries WHERE idx = $1",
                                                   {Param(static_cast<int64_t>(index))}));
  if (rows.empty()) {
    return Status::NotFound("no audit entry " + std::to_string(index));
  }
  if (rows.IsNull(0, 0)) {
    return Status::FailedPrecondition("the content of audit entry " + std::to_string(index) +
                                      " was pruned (retention)");
  }
  return rows.Bytea(0, 0);
}

Status StoreCheckpoint(db::Connection& conn, const TreeHead& head, std::string_view note) {
  return conn
      .Exec(
          "INSERT INTO audit_checkpoints (size, root, note) VALUES ($1, $2, $3) "
          "ON CONFLICT (size) DO NOTHING",
          {Param(static_cast<int64_t>(head.size)), Param::Binary(head.root), Param(note)})
      .status();
}

Result<std::optional<std::string>> LatestCheckpointNote(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows, conn.Exec("SELECT note FROM audit_checkpoints ORDER BY size DESC LIMIT 1"));
  if (rows.empty()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(rows.Str(0, 0));
}

Result<std::optional<uint64_t>> LatestCheckpointSize(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn.Exec("SELECT max(size) FROM audit_checkpoints"));
  if (rows.empty() || rows.IsNull(0, 0)) {
    return std::optional<uint64_t>();
  }
  return std::optional<uint64_t>(static_cast<uint64_t>(rows.Int(0, 0)));
}

Result<PreparedEvent> AuditLog::Prepare(const Event& event) {
  PreparedEvent p;
  GARANT_ASSIGN_OR_RETURN(p.leaf_, EncodeLeaf(event));
  p.id_ = event.id;
  p.leaf_hash_ = LeafHash(p.leaf_);
  p.head_ = "\t";
  AppendCopyBytea(p.leaf_, &p.head_);
  p.head_ += "\t";
  AppendCopyBytea(p.leaf_hash_, &p.head_);
  p.head_ += "\t";
  p.tail_ = "\t" + event.id + "\t";
  AppendCopyText(event.type, &p.tail_);
  p.tail_ += "\t" + FormatLeafTime(event.time) + "\t";
  AppendCopyText(event.actor, &p.tail_);
  p.tail_ += "\t";
  AppendCopyText(event.object, &p.tail_);
  p.tail_ += "\n";
  return p;
}

Result<std::vector<uint64_t>> AuditLog::AppendInTx(db::Transaction& tx, std::vector<Event> events,
                                                   IdCheck ids) {
  // 1. Encode everything before touching the database.
  std::vector<PreparedEvent> prepared;
  prepared.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    Result<PreparedEvent> p = Prepare(events[i]);
    if (!p.ok()) {
      return p.status().WithContext("event " + std::to_string(i));
    }
    prepared.push_back(std::move(*p));
  }
  return AppendPreparedInTx(tx, std::move(prepared), ids);
}

Result<std::vector<uint64_t>> AuditLog::AppendPreparedInTx(db::Transaction& tx,
                                                           std::vector<PreparedEvent> events,
                                                           IdCheck ids) {
  if (events.empty()) {
    return std::vector<uint64_t>();
  }
  GARANT_RETURN_IF_ERROR(tx.status());

  // The first position of each id; repeats must carry the same leaf.
  std::map<std::string, size_t, std::less<>> first;
  std::vector<size_t> origin(events.size());
  std::vector<std::string> unique_ids;
  for (size_t i = 0; i < events.size(); ++i) {
    auto [it, inserted] = first.try_emplace(events[i].id_, i);
    if (!inserted && events[it->second].leaf_ != events[i].leaf_) {
      return Status::AlreadyExists("event " + events[i].id_ +
                                   " appears twice in the batch with different content");
    }
    origin[i] = it->second;
    if (inserted) {
      unique_ids.push_back(events[i].id_);
    }
  }

  // 2. The single writer lock.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows state,
      tx.Exec("SELECT size, root, chain FROM audit_tree_state WHERE id = 0 FOR UPDATE"));
  if (state.empty()) {
    return Status::FailedPrecondition("audit_tree_state has no row (migration 0002 not applied?)");
  }
  const uint64_t size = static_cast<uint64_t>(state.Int(0, 0));
  GARANT_ASSIGN_OR_RETURN(Digest root, DigestColumn(state, 0, 1, "tree state root"));
  GARANT_ASSIGN_OR_RETURN(Digest chain, DigestColumn(state, 0, 2, "tree state chain"));

  // 3. Ids already in the log (visible now that we hold the lock); with
  // kAssumeNew, the unique index on event_id finds them at the COPY instead.
  std::vector<std::optional<uint64_t>> index(events.size());
  db::Rows existing;
  if (ids == IdCheck::kLookUp) {
    GARANT_ASSIGN_OR_RETURN(
        existing,
        tx.Exec(
            "SELECT event_id::text, idx, leaf FROM audit_entries WHERE event_id = ANY($1::uuid[])",
            {Param(UuidArray(unique_ids))}));
  }
  for (int r = 0; r < existing.size(); ++r) {
    const std::string id = existing.Str(r, 0);
    auto it = first.find(id);
    if (it == first.end()) {
      return BadRows("lookup returned an unknown event id");
    }
    if (existing.IsNull(r, 2)) {
      return Status::AlreadyExists("event " + id + " is already in the audit log (index " +
                                   existing.Str(r, 1) + "), its content since pruned (retention)");
    }
    if (existing.Bytea(r, 2) != events[it->second].leaf_) {
      return Status::AlreadyExists("event " + id + " is already in the audit log (index " +
                                   existing.Str(r, 1) + ") with different content");
    }
    index[it->second] = static_cast<uint64_t>(existing.Int(r, 1));
  }

  // 4. The right edge of the committed tree.
  CompactTree tree;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (edge_ && edge_->size() == size && edge_->Root() == root) {
      tree = *edge_;
    }
  }
  if (tree.size() != size || tree.Root() != root) {
    PgTileReader tiles(tx.connection());
    TileHashReader reader(size, tiles);
    Result<CompactTree> loaded = CompactTree::Load(size, reader);
    if (!loaded.ok()) {
      return Status::DataLoss("cannot load the audit tree of size " + std::to_string(size) + ": " +
                              loaded.status().message());
    }
    if (loaded->Root() != root) {
      return Status::DataLoss("the stored audit tree hashes do not match the tree state root");
    }
    tree = std::move(*loaded);
  }

  // 5. New entries: indexes, hashes, chain; rows in COPY text format.
  std::string entry_rows;
  std::string hash_rows;
  std::vector<StoredHash> completed;
  uint64_t next = size;
  for (size_t i = 0; i < events.size(); ++i) {
    if (origin[i] != i || index[i]) {
      continue;
    }
    const Digest& leaf_hash = events[i].leaf_hash_;
    chain = ChainNext(chain, leaf_hash);
    completed.clear();
    GARANT_RETURN_IF_ERROR(tree.Append(leaf_hash, &completed));
    for (const StoredHash& c : completed) {
      if (c.address.level == 0 || c.address.level % kTileHeight != 0) {
        continue;
      }
      hash_rows += std::to_string(c.address.level) + "\t" + std::to_string(c.address.index) + "\t";
      AppendCopyBytea(c.hash, &hash_rows);
      hash_rows += "\n";
    }
    entry_rows += std::to_string(next);
    entry_rows += events[i].head_;
    AppendCopyBytea(chain, &entry_rows);
    entry_rows += events[i].tail_;
    index[i] = next++;
  }

  if (next > size) {
    GARANT_RETURN_IF_ERROR(
        tx.connection()
            .CopyIn("COPY audit_entries (idx, leaf, leaf_hash, chain, event_id, event_type, "
                    "event_time, actor, object) FROM STDIN",
                    entry_rows)
            .status());
    if (!hash_rows.empty()) {
      GARANT_RETURN_IF_ERROR(
          tx.connection()
              .CopyIn("COPY audit_tile_hashes (level, idx, hash) FROM STDIN", hash_rows)
              .status());
    }
    const Digest new_root = tree.Root();
    GARANT_RETURN_IF_ERROR(
        tx.Exec("UPDATE audit_tree_state SET size = $1, root = $2, chain = $3, updated_at = now() "
                "WHERE id = 0",
                {Param(static_cast<int64_t>(next)), Param::Binary(new_root), Param::Binary(chain)})
            .status());
    std::lock_guard<std::mutex> lock(mu_);
    edge_ = tree;  // checked against the state row before any reuse
  }

  std::vector<uint64_t> out(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    out[i] = *index[origin[i]];
  }
  return out;
}

}  // namespace garant::audit
