// The rollups of the access trail (sql/0030, access/DESIGN.md "Rollups").
// The counts' rollups are kept inside the recording transaction: RecordBatch
// adds its new events, RecordFindings the findings it writes (derived data,
// updated in place under the batch lock; an event already recorded is never
// added again: the caller passes only the events it has just inserted). The
// patients' rollup follows the recorded events in their own transactions
// (sql/0037): FollowPatientRollupInTx.
// Thread-safety: none (one transaction).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checks.h"
#include "garant/access/event.h"
#include "garant/access/store.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::access {

// Adds the events of `targets` (reported by `reporter`; their patient sets'
// sizes in set_count) to access_rollup_days.
Status AddEventRollups(db::Transaction& tx, const std::string& reporter,
                       const std::vector<CheckTarget>& targets);

// One step of the patients' rollup (AccessStore::FollowPatientRollup): locks
// access_patients_rollup_state, adds the patients of the next `max_events`
// events above its `through` (by audit index; the warehouse's events of a
// project: inline tokens per Paris day, a set's tokens once per project, set
// and day) to access_project_patients, and moves `through` to the last
// event read. Commit or roll back with the caller's transaction.
Result<PatientRollupStep> FollowPatientRollupInTx(db::Transaction& tx, size_t max_events);

// Adds the findings of ids `finding_ids` (rows of access_findings written by
// the transaction) to access_rollup_findings.
Status AddFindingRollups(db::Transaction& tx, const std::vector<std::string>& finding_ids);

}  // namespace garant::access
