#include "garant/access/retention.h"

#include <optional>
#include <string>

namespace garant::access {
namespace {

Result<uint64_t> Count(db::Transaction& tx, const std::string& sql, const db::Params& params) {
  GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec(sql, params));
  return static_cast<uint64_t>(r.Int(0, 0));
}

// The partition of `table` for the range starting at `lo` (sql/0032's
// access_partition_name): an integer, so the name needs no quoting.
std::string PartitionName(const std::string& table, int64_t lo) {
  std::string digits = std::to_string(lo);
  if (digits.size() < 19) digits.insert(0, 19 - digits.size(), '0');
  return table + "_p" + digits;
}

// Fills garant_droppable with the ranges whose partitions can go whole: hi
// at most the tree's size, and no access entry of the range left unpruned
// (with `cutoff`, a dry run: none left that the run would not prune).
// Returns the ranges' row count of both tables, and how many ranges.
Status FindDroppable(db::Transaction& tx, const std::optional<std::string>& cutoff,
                     PrunedPatients& out) {
  GARANT_RETURN_IF_ERROR(tx.Exec("CREATE TEMPORARY TABLE IF NOT EXISTS garant_droppable "
                                 "(lo bigint PRIMARY KEY, hi bigint NOT NULL) ON COMMIT DROP")
                             .status());
  GARANT_RETURN_IF_ERROR(tx.Exec("DELETE FROM garant_droppable").status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      tx.Exec("INSERT INTO garant_droppable (lo, hi) SELECT p.lo, p.hi FROM access_partitions p "
              "WHERE p.dropped_at IS NULL AND p.hi <= (SELECT size FROM audit_tree_state WHERE "
              "id = 0) AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.idx >= p.lo AND "
              "a.idx < p.hi AND a.pruned_at IS NULL AND a.event_type LIKE 'access.%' AND "
              "($1::timestamptz IS NULL OR a.event_time >= $1::timestamptz)) RETURNING lo",
              {db::Param::Optional(cutoff)}));
  out.partitions = static_cast<uint64_t>(r.size());
  for (int i = 0; i < r.size(); ++i) {
    for (const char* table : {"access_event_patients", "access_event_sets"}) {
      GARANT_ASSIGN_OR_RETURN(
          uint64_t n, Count(tx, "SELECT count(*) FROM " + PartitionName(table, r.Int(i, 0)), {}));
      out.partition_rows += n;
      if (std::string(table) == "access_event_patients") {
        out.event_patient_rows += n;
      } else {
        out.event_set_rows += n;
      }
    }
  }
  return Status::Ok();
}

// Rows outside the ranges that go whole.
const char* kOutsideDroppable =
    "NOT EXISTS (SELECT 1 FROM garant_droppable d WHERE %s >= d.lo AND %s < d.hi)";

std::string Outside(const std::string& column) {
  std::string s = kOutsideDroppable;
  for (int k = 0; k < 2; ++k) s.replace(s.find("%s"), 2, column);
  return s;
}

}  // namespace

Result<PrunedPatients> PrunePatientsInTx(db::Transaction& tx, TimePoint event_cutoff,
                                         TimePoint set_cutoff, bool dry_run) {
  PrunedPatients out;
  const std::string sets = FormatRfc3339Utc(set_cutoff);
  if (dry_run) {
    GARANT_RETURN_IF_ERROR(FindDroppable(tx, FormatRfc3339Utc(event_cutoff), out));
    // The events the run would prune: unpruned access entries before the cutoff.
    const std::string pruned =
        "(SELECT idx FROM audit_entries WHERE pruned_at IS NULL AND event_type LIKE 'access.%' "
        "AND event_time < $1::timestamptz)";
    const db::Params p = {FormatRfc3339Utc(event_cutoff)};
    GARANT_ASSIGN_OR_RETURN(uint64_t patient_rows,
                            Count(tx,
                                  "SELECT count(*) FROM access_event_patients WHERE audit_index "
                                  "IN " +
                                      pruned + " AND " + Outside("audit_index"),
                                  p));
    out.event_patient_rows += patient_rows;
    GARANT_ASSIGN_OR_RETURN(uint64_t set_rows,
                            Count(tx,
                                  "SELECT count(*) FROM access_event_sets WHERE audit_index IN " +
                                      pruned + " AND " + Outside("audit_index"),
                                  p));
    out.event_set_rows += set_rows;
    GARANT_ASSIGN_OR_RETURN(out.event_token_lists,
                            Count(tx,
                                  "SELECT count(*) FROM access_events WHERE patient_tokens IS NOT "
                                  "NULL AND audit_index IN " +
                                      pruned,
                                  p));
    const std::string doomed =
        "SELECT s.id FROM access_patient_sets s WHERE s.stored_at < $2::timestamptz AND NOT "
        "EXISTS (SELECT 1 FROM access_event_sets r WHERE r.set_id = s.id AND r.audit_index NOT "
        "IN " +
        pruned + ")";
    const db::Params p2 = {FormatRfc3339Utc(event_cutoff), sets};
    GARANT_ASSIGN_OR_RETURN(out.chunk_rows,
                            Count(tx,
                                  "SELECT count(*) FROM access_patient_set_chunks WHERE set_id IN "
                                  "(" +
                                      doomed + ")",
                                  p2));
    GARANT_ASSIGN_OR_RETURN(out.patient_sets,
                            Count(tx,
                                  "SELECT count(DISTINCT set_id) FROM access_patient_set_chunks "
                                  "WHERE set_id IN (" +
                                      doomed + ")",
                                  p2));
    return out;
  }
  GARANT_RETURN_IF_ERROR(FindDroppable(tx, std::nullopt, out));
  // Row by row only outside the ranges that go whole.
  const std::string pruned_outside =
      "(SELECT n.idx FROM garant_pruned_now n WHERE n.family = 'access' AND " + Outside("n.idx") +
      ")";
  GARANT_ASSIGN_OR_RETURN(uint64_t patient_rows,
                          Count(tx,
                                "WITH d AS (DELETE FROM access_event_patients WHERE audit_index "
                                "IN " +
                                    pruned_outside + " RETURNING 1) SELECT count(*) FROM d",
                                {}));
  out.event_patient_rows += patient_rows;
  GARANT_ASSIGN_OR_RETURN(uint64_t set_rows,
                          Count(tx,
                                "WITH d AS (DELETE FROM access_event_sets WHERE audit_index IN " +
                                    pruned_outside + " RETURNING 1) SELECT count(*) FROM d",
                                {}));
  out.event_set_rows += set_rows;
  GARANT_ASSIGN_OR_RETURN(
      out.event_token_lists,
      Count(tx,
            "WITH u AS (UPDATE access_events SET patient_tokens = NULL WHERE patient_tokens IS "
            "NOT NULL AND audit_index IN (SELECT idx FROM garant_pruned_now WHERE family = "
            "'access') RETURNING 1) SELECT count(*) FROM u",
            {}));
  // A set's chunks go when no event outside the dropped ranges names it.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      tx.Exec("WITH d AS (DELETE FROM access_patient_set_chunks c WHERE c.set_id IN (SELECT s.id "
              "FROM access_patient_sets s WHERE s.stored_at < $1::timestamptz AND NOT EXISTS "
              "(SELECT 1 FROM access_event_sets r WHERE r.set_id = s.id AND " +
                  Outside("r.audit_index") +
                  ")) RETURNING c.set_id) SELECT count(*), count(DISTINCT set_id) FROM d",
              {sets}));
  out.chunk_rows = static_cast<uint64_t>(r.Int(0, 0));
  out.patient_sets = static_cast<uint64_t>(r.Int(0, 1));
  // The rollup of the patients each project touched (sql/0030) holds tokens:
  // the projects of the pruned events have theirs recomputed from what is
  // left, so no token outlives its events there either. The counts' rollups
  // hold none and stay (access_events keeps its rows too). The follower of
  // that rollup (sql/0037) waits meanwhile: the rebuild deletes and inserts
  // the rows it upserts.
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT 1 FROM access_patients_rollup_state WHERE id = 0 FOR UPDATE").status());
  GARANT_ASSIGN_OR_RETURN(
      out.rollup_projects,
      Count(tx,
            "SELECT count(*) FROM (SELECT access_project_patients_rebuild(p.project) FROM "
            "(SELECT DISTINCT e.project FROM access_events e WHERE e.project IS NOT NULL AND "
            "e.audit_index IN (SELECT idx FROM garant_pruned_now WHERE family = 'access')) p) x",
            {}));
  return out;
}

Result<uint64_t> DropPrunedPartitionsInTx(db::Transaction& tx) {
  GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec("SELECT lo FROM garant_droppable ORDER BY lo"));
  for (int i = 0; i < r.size(); ++i) {
    const int64_t lo = r.Int(i, 0);
    for (const std::string table : {"access_event_patients", "access_event_sets"}) {
      const std::string part = PartitionName(table, lo);
      GARANT_RETURN_IF_ERROR(
          tx.Exec("ALTER TABLE " + table + " DETACH PARTITION " + part).status());
      GARANT_RETURN_IF_ERROR(tx.Exec("DROP TABLE " + part).status());
    }
    GARANT_RETURN_IF_ERROR(
        tx.Exec("UPDATE access_partitions SET dropped_at = now() WHERE lo = $1", {db::Param(lo)})
            .status());
  }
  return static_cast<uint64_t>(r.size());
}

}  // namespace garant::access
