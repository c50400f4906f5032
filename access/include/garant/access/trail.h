// The access trail as the auditor reads it: the access events of one person
// (a patient token), one account or one project, within [from, to) on
// occurred_at, in audit-index order, each with the findings it raised, cut at
// a signed checkpoint so that every entry comes with its inclusion proof.
//
// The audit leaf is the source of truth: a row gives the leaf's exact stored
// bytes (audit_entries, by the event's index) and those of its findings'
// finding.raised leaves; the copies in access_events and access_findings only
// select and order them.
//
// Memory: ReadTrail fetches through a NO SCROLL cursor, `chunk` rows at a
// time, and hands each entry to the caller before reading on; TrailProver
// keeps a bounded cache of tiles. So a trail of any length is read with
// constant memory.
//
// Thread-safety: the functions use the connection they are given, from one
// thread. Errors: kInvalidArgument for a bad query (French-free: the HTTP
// layer maps reasons), kUnavailable when no checkpoint is signed yet
// ("trail_no_checkpoint"), kNotFound for a checkpoint size never signed,
// kDataLoss when a stored leaf or note does not parse; database errors as
// db::MapSqlState maps them.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/merkle.h"
#include "garant/audit/tile.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::access {

// The reason slugs of a refused trail request (French texts:
// server/src/http/reasons_fr.cc).
inline constexpr std::array<std::string_view, 11> kTrailReasons = {
    "trail_one_key",        "trail_bad_time",           "trail_bad_token",    "trail_bad_account",
    "trail_bad_project",    "trail_bad_period",         "trail_bad_format",   "trail_bad_separator",
    "trail_bad_checkpoint", "trail_unknown_checkpoint", "trail_no_checkpoint"};

// Whose trail: exactly one key.
enum class TrailKey { kPerson, kAccount, kProject };
// "person_token", "account", "project" (the API's parameter names).
std::string_view ToString(TrailKey k);

struct TrailQuery {
  TrailKey key = TrailKey::kPerson;
  std::string value;  // a token (64 lowercase hex), an account, a project reference
  std::optional<TimePoint> from = std::nullopt;  // on occurred_at: [from, to)
  std::optional<TimePoint> to = std::nullopt;
};
// Checks the value's grammar (token: 64 lowercase hex; account: the grammar
// of access events; project: a project reference) and from < to when both
// are given. kInvalidArgument with a reason slug: trail_bad_token,
// trail_bad_account, trail_bad_project, trail_bad_period.
Status ValidateTrailQuery(const TrailQuery& q);

// A signed checkpoint the trail is cut from: only entries below its size are
// read, and proofs are against its root. The note is verbatim.
struct TrailCut {
  std::string note;
  audit::Checkpoint checkpoint;
};
// The latest signed checkpoint (size nullopt) or the one of exactly `size`
// entries, its note followed by the witnesses' cosignature lines stored for
// it (audit_cosignatures). The note's signature is not checked here (the
// reader checks it).
Result<TrailCut> CutTrail(db::Connection& conn, std::optional<uint64_t> size = std::nullopt);

// One finding of an entry: its finding.raised leaf, as stored.
struct TrailFindingLeaf {
  uint64_t index = 0;
  std::string rule;
  Bytes leaf;
};
// One access event of the trail: its access.<action> leaf, as stored, and
// the findings it raised that are within the cut, by index.
struct TrailLeaves {
  uint64_t index = 0;
  Bytes leaf;
  std::vector<TrailFindingLeaf> findings;
};

// The SELECT behind ReadTrail's cursor for `key`: $1 the value, $2 the cut
// size (int8), $3 and $4 the period (timestamptz or NULL). Rows: event index,
// leaf, finding index, rule, finding leaf. Public for the plans in bench/.
std::string TrailSql(TrailKey key);

// How many access events the trail of `q` below `cut_size` (and within its
// period) leaves out because retention pruned them (their leaf is gone,
// docs/audit-log.md "Retention"). For an account or a project: exactly
// theirs. For a person: every pruned access event of the range, whoever it
// concerned, since the patients of a pruned event are deleted with it (the
// person's own count is no longer known): an upper bound. Reads
// access_events and audit_entries; a person's count scans the access events
// of the period (docs/performance.md, "Partitions").
Result<uint64_t> CountPrunedInTrail(db::Connection& conn, const TrailQuery& q, uint64_t cut_size);

// Reads the trail of `q` below `cut_size` in index order and calls `each`
// once per entry; stops at the first error `each` returns. Must run inside a
// transaction on `conn` (the cursor lives in it); opens and closes its own
// cursor. `chunk` rows are fetched at a time.
Status ReadTrail(db::Connection& conn, const TrailQuery& q, uint64_t cut_size,
                 const std::function<Status(TrailLeaves&&)>& each, int chunk = 1000);

// Inclusion proofs against one cut, from the stored tiles. Two bounded
// caches keep memory constant: an LRU of at most `cache_tiles` tiles (one
// database round trip per tile), and the subtree hashes already computed
// from them (at most kMaxMemoHashes, forgotten all at once when full):
// consecutive entries share most of their proof, so an export in index order
// hashes each subtree about once.
class TrailProver {
 public:
  static constexpr size_t kMaxMemoHashes = 1 << 16;
  TrailProver(db::Connection& conn, uint64_t tree_size, size_t cache_tiles = 256);
  // The RFC 6962 proof of `index` (< tree_size) in the cut's tree.
  Result<std::vector<audit::Digest>> Prove(uint64_t index);

 private:
  class CachedTiles final : public audit::TileReader {
   public:
    CachedTiles(db::Connection& conn, size_t capacity) : conn_(conn), capacity_(capacity) {}
    Result<std::vector<Bytes>> ReadTiles(std::span<const audit::Tile> tiles) override;

   private:
    using Key = std::tuple<int, uint64_t, int>;
    db::Connection& conn_;
    size_t capacity_;
    std::list<Key> order_;  // most recently used first
    std::map<Key, std::pair<Bytes, std::list<Key>::iterator>> cache_;
  };
  class MemoHashes final : public audit::HashReader {
   public:
    explicit MemoHashes(audit::HashReader& inner) : inner_(inner) {}
    Result<audit::Digest> Hash(int level, uint64_t index) override;
    Result<std::vector<audit::Digest>> ReadHashes(
        std::span<const audit::HashAddress> addresses) override;

   private:
    audit::HashReader& inner_;
    std::map<audit::HashAddress, audit::Digest> memo_;
  };
  uint64_t tree_size_;
  CachedTiles tiles_;
  audit::TileHashReader tile_hashes_;
  MemoHashes hashes_;
};

}  // namespace garant::access
