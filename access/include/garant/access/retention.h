// Retention of the access trail's patients (docs/audit-log.md "Retention";
// sql/0023): what hangs on the access entries a pruning run just pruned.
//
// PostgreSQL edge, inside the pruning transaction (the owner role's), after
// audit::PruneEntriesInTx filled garant_pruned_now.
// Thread-safety: none (one transaction).
#pragma once

#include <cstdint>

#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::access {

struct PrunedPatients {
  uint64_t event_patient_rows = 0;  // access_event_patients rows removed (inline tokens)
  uint64_t event_set_rows = 0;      // access_event_sets rows removed (event -> set references)
  uint64_t event_token_lists = 0;   // access_events.patient_tokens set to NULL
  uint64_t patient_sets = 0;        // sets whose token chunks were deleted
  uint64_t chunk_rows = 0;          // access_patient_set_chunks rows deleted
  // Projects whose access_project_patients rows were recomputed (sql/0030;
  // not counted by a dry run).
  uint64_t rollup_projects = 0;
  // Index ranges whose partitions of both side tables go whole (sql/0032):
  // their rows are counted above but dropped by DropPrunedPartitionsInTx,
  // not deleted one by one.
  uint64_t partitions = 0;
  uint64_t partition_rows = 0;  // rows of both tables in those partitions
};

// Removes the patients of the events whose entries are in garant_pruned_now
// (their inline tokens, set references and token lists), then the token
// chunks of every set stored before `set_cutoff` that no remaining event
// references (the set's row, digest and count stay: a later upload of the
// same set stores its tokens again), and recomputes the patients' rollup
// (access_project_patients) of the projects of those events. With dry_run,
// counts only (the access
// events older than `event_cutoff` stand for garant_pruned_now).
//
// A partition range [lo, hi) of the side tables goes whole when hi is at
// most the tree's size (no index of it is still to come) and no access.*
// entry in it is left unpruned: such ranges are listed in the temporary table
// garant_droppable (lo, hi; dropped at commit) and their rows are not
// deleted here; only the rows of the other partitions (the one at the
// retention boundary) are. The caller then calls DropPrunedPartitionsInTx.
Result<PrunedPatients> PrunePatientsInTx(db::Transaction& tx, TimePoint event_cutoff,
                                         TimePoint set_cutoff, bool dry_run);

// DETACHes and DROPs the partitions listed in garant_droppable (both side
// tables) and marks their range dropped in access_partitions; returns how
// many ranges. Takes an ACCESS EXCLUSIVE lock on both partitioned tables
// until commit: call it last, after the run's audit entry is appended (the
// append takes the tree-state row first, as every writer does, so no writer
// waits on the tables while holding that row). Owner role only.
Result<uint64_t> DropPrunedPartitionsInTx(db::Transaction& tx);

}  // namespace garant::access
