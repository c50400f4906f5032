#include "garant/access/trail.h"

#include <algorithm>
#include <utility>

#include "garant/access/event.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/log_store.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"
#include "garant/governance/rules.h"

namespace garant::access {
namespace {

using db::Param;

bool IsProjectReference(std::string_view s) {
  if (s.size() < 3 || s.size() > 32) return false;
  auto ok = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!ok(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return ok(c) || c == '-'; });
}

}  // namespace

// The selection by key. Each reads the events in audit-index order from an
// index: for a person, access_event_patients (token, audit_index) (inline
// tokens, sql/0010) merged with the events of the sets holding the token
// (access_event_sets (set_id, audit_index), sql/0015); else access_events
// (account | project, occurred_at) then sorted. Pruned events (retention:
// their leaf is gone, so there is nothing to render or prove a content of)
// are left out; a person's are already gone with their patient rows.
std::string TrailSql(TrailKey key) {
  const std::string head = "SELECT e.audit_index, a.leaf, f.audit_index, f.rule, fa.leaf FROM ";
  const std::string tail =
      " JOIN audit_entries a ON a.idx = e.audit_index "
      "LEFT JOIN access_findings f ON f.event_id = e.id AND f.audit_index < $2 "
      "LEFT JOIN audit_entries fa ON fa.idx = f.audit_index "
      "WHERE e.audit_index < $2 AND a.pruned_at IS NULL "
      "AND ($3::timestamptz IS NULL OR e.occurred_at >= $3::timestamptz) "
      "AND ($4::timestamptz IS NULL OR e.occurred_at < $4::timestamptz) ";
  switch (key) {
    case TrailKey::kPerson:
      return head +
             "(SELECT i.event_id, i.audit_index FROM access_event_patients i "
             "WHERE i.token = decode($1, 'hex') AND i.audit_index < $2 UNION ALL "
             "SELECT r.event_id, r.audit_index FROM access_event_sets r WHERE r.set_id IN "
             "(SELECT s.id FROM access_patient_sets s WHERE access_set_holds(s.id, "
             "decode($1, 'hex'))) AND r.audit_index < $2) p "
             "JOIN access_events e ON e.id = p.event_id" +
             tail + "ORDER BY p.audit_index, f.audit_index";
    case TrailKey::kAccount:
      return head + "access_events e" + tail +
             "AND e.account = $1 ORDER BY e.audit_index, f.audit_index";
    case TrailKey::kProject:
      return head + "access_events e" + tail +
             "AND e.project = $1 ORDER BY e.audit_index, f.audit_index";
  }
  return {};
}

std::string_view ToString(TrailKey k) {
  switch (k) {
    case TrailKey::kPerson:
      return "person_token";
    case TrailKey::kAccount:
      return "account";
    case TrailKey::kProject:
      return "project";
  }
  return "person_token";
}

Status ValidateTrailQuery(const TrailQuery& q) {
  switch (q.key) {
    case TrailKey::kPerson:
      if (!IsLowerHex64(q.value)) {
        return Status::InvalidArgument("'person_token' must be 64 lowercase hex digits")
            .WithReason("trail_bad_token");
      }
      break;
    case TrailKey::kAccount:
      if (q.value.size() > 128 || !governance::ValidIdentifier(q.value)) {
        return Status::InvalidArgument(
                   "'account' must be an identifier of 1 to 128 characters [A-Za-z0-9._@:-]")
            .WithReason("trail_bad_account");
      }
      break;
    case TrailKey::kProject:
      if (!IsProjectReference(q.value)) {
        return Status::InvalidArgument("'project' must be a project reference")
            .WithReason("trail_bad_project");
      }
      break;
  }
  if (q.from && q.to && !(*q.from < *q.to)) {
    return Status::InvalidArgument("'from' must be before 'to'").WithReason("trail_bad_period");
  }
  return Status::Ok();
}

Result<TrailCut> CutTrail(db::Connection& conn, std::optional<uint64_t> size) {
  Result<db::Rows> rows =
      size ? conn.Exec("SELECT note FROM audit_checkpoints WHERE size = $1",
                       {Param(static_cast<int64_t>(*size))})
           : conn.Exec("SELECT note FROM audit_checkpoints ORDER BY size DESC LIMIT 1");
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    if (size) {
      return Status::NotFound("no checkpoint of this size was signed")
          .WithReason("trail_unknown_checkpoint");
    }
    return Status::Unavailable("no checkpoint is signed yet; retry in a moment")
        .WithReason("trail_no_checkpoint");
  }
  TrailCut cut;
  cut.note = rows->Str(0, 0);
  auto note = audit::ParseNote(cut.note);
  if (!note.ok()) return Status::DataLoss("stored checkpoint note: " + note.status().message());
  auto cp = audit::ParseCheckpoint(note->text);
  if (!cp.ok()) return Status::DataLoss("stored checkpoint: " + cp.status().message());
  cut.checkpoint = std::move(*cp);
  // The witnesses' cosignatures gathered so far (docs/audit-log.md,
  // "Witnesses"): `garant audit verify-export --witness` checks them.
  auto cosignatures = audit::CosignatureLines(conn, cut.checkpoint.head);
  if (!cosignatures.ok()) return cosignatures.status();
  for (const std::string& line : *cosignatures) cut.note += line + "\n";
  return cut;
}

Status ReadTrail(db::Connection& conn, const TrailQuery& q, uint64_t cut_size,
                 const std::function<Status(TrailLeaves&&)>& each, int chunk) {
  GARANT_RETURN_IF_ERROR(ValidateTrailQuery(q));
  if (chunk < 1) return Status::InvalidArgument("chunk must be at least 1");
  std::optional<std::string> from, to;
  if (q.from) from = audit::FormatLeafTime(*q.from);
  if (q.to) to = audit::FormatLeafTime(*q.to);
  // Unnamed statement: planned with the values (a NULL period costs nothing).
  GARANT_RETURN_IF_ERROR(conn.Exec("DECLARE garant_trail NO SCROLL CURSOR FOR " + TrailSql(q.key),
                                   {Param(q.value), Param(static_cast<int64_t>(cut_size)),
                                    Param::Optional(from), Param::Optional(to)})
                             .status());
  const std::string fetch = "FETCH FORWARD " + std::to_string(chunk) + " FROM garant_trail";
  std::optional<TrailLeaves> current;
  while (true) {
    GARANT_ASSIGN_OR_RETURN(db::Rows r, conn.ExecBinary(fetch));
    for (int i = 0; i < r.size(); ++i) {
      const uint64_t index = static_cast<uint64_t>(r.Int(i, 0));
      if (!current || current->index != index) {
        if (current) GARANT_RETURN_IF_ERROR(each(std::move(*current)));
        current.emplace();
        current->index = index;
        current->leaf = r.Bytea(i, 1);
      }
      if (!r.IsNull(i, 2)) {
        current->findings.push_back(
            {static_cast<uint64_t>(r.Int(i, 2)), r.Str(i, 3), r.Bytea(i, 4)});
      }
    }
    if (r.size() < chunk) break;
  }
  if (current) GARANT_RETURN_IF_ERROR(each(std::move(*current)));
  return conn.Exec("CLOSE garant_trail").status();
}

Result<uint64_t> CountPrunedInTrail(db::Connection& conn, const TrailQuery& q, uint64_t cut_size) {
  GARANT_RETURN_IF_ERROR(ValidateTrailQuery(q));
  std::optional<std::string> from, to;
  if (q.from) from = audit::FormatLeafTime(*q.from);
  if (q.to) to = audit::FormatLeafTime(*q.to);
  std::string key = "($1::text IS NULL)";
  std::optional<std::string> value;
  if (q.key == TrailKey::kAccount) {
    key = "e.account = $1";
    value = q.value;
  } else if (q.key == TrailKey::kProject) {
    key = "e.project = $1";
    value = q.value;
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r, conn.Exec("SELECT count(*) FROM access_events e JOIN audit_entries a ON a.idx = "
                            "e.audit_index WHERE " +
                                key +
                                " AND e.audit_index < $2 AND a.pruned_at IS NOT NULL "
                                "AND ($3::timestamptz IS NULL OR e.occurred_at >= $3::timestamptz) "
                                "AND ($4::timestamptz IS NULL OR e.occurred_at < $4::timestamptz)",
                            {Param::Optional(value), Param(static_cast<int64_t>(cut_size)),
                             Param::Optional(from), Param::Optional(to)}));
  return static_cast<uint64_t>(r.Int(0, 0));
}

Result<std::vector<Bytes>> TrailProver::CachedTiles::ReadTiles(std::span<const audit::Tile> tiles) {
  std::vector<Bytes> out(tiles.size());
  std::vector<audit::Tile> missing;
  std::vector<size_t> where;
  for (size_t i = 0; i < tiles.size(); ++i) {
    Key k{tiles[i].level, tiles[i].index, tiles[i].width};
    auto it = cache_.find(k);
    if (it == cache_.end()) {
      missing.push_back(tiles[i]);
      where.push_back(i);
      continue;
    }
    order_.splice(order_.begin(), order_, it->second.second);
    out[i] = it->second.first;
  }
  if (missing.empty()) return out;
  audit::PgTileReader reader(conn_);
  GARANT_ASSIGN_OR_RETURN(std::vector<Bytes> read, reader.ReadTiles(missing));
  for (size_t j = 0; j < missing.size(); ++j) {
    out[where[j]] = read[j];
    Key k{missing[j].level, missing[j].index, missing[j].width};
    if (cache_.count(k) != 0) continue;
    order_.push_front(k);
    cache_.emplace(k, std::make_pair(std::move(read[j]), order_.begin()));
    while (cache_.size() > capacity_) {
      cache_.erase(order_.back());
      order_.pop_back();
    }
  }
  return out;
}

Result<audit::Digest> TrailProver::MemoHashes::Hash(int level, uint64_t index) {
  const audit::HashAddress a{level, index};
  GARANT_ASSIGN_OR_RETURN(std::vector<audit::Digest> one, ReadHashes({&a, 1}));
  return one.at(0);
}

Result<std::vector<audit::Digest>> TrailProver::MemoHashes::ReadHashes(
    std::span<const audit::HashAddress> addresses) {
  std::vector<audit::Digest> out(addresses.size());
  std::vector<audit::HashAddress> missing;
  std::vector<size_t> where;
  for (size_t i = 0; i < addresses.size(); ++i) {
    auto it = memo_.find(addresses[i]);
    if (it != memo_.end()) {
      out[i] = it->second;
    } else {
      missing.push_back(addresses[i]);
      where.push_back(i);
    }
  }
  if (missing.empty()) return out;
  GARANT_ASSIGN_OR_RETURN(std::vector<audit::Digest> read, inner_.ReadHashes(missing));
  if (memo_.size() + read.size() > kMaxMemoHashes) memo_.clear();
  for (size_t j = 0; j < missing.size(); ++j) {
    out[where[j]] = read.at(j);
    memo_.emplace(missing[j], read[j]);
  }
  return out;
}

TrailProver::TrailProver(db::Connection& conn, uint64_t tree_size, size_t cache_tiles)
    : tree_size_(tree_size),
      tiles_(conn, std::max<size_t>(cache_tiles, 1)),
      tile_hashes_(tree_size, tiles_),
      hashes_(tile_hashes_) {}

Result<std::vector<audit::Digest>> TrailProver::Prove(uint64_t index) {
  return audit::ProveRecord(tree_size_, index, hashes_);
}

}  // namespace garant::access
