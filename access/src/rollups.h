// The rollups of the access trail (sql/0030, access/DESIGN.md "Rollups"),
// kept inside the recording transaction: RecordBatch adds its new events,
// RecordFindings the findings it writes. Derived data, updated in place
// under the batch lock; an event already recorded is never added again (the
// caller passes only the events it has just inserted).
// Thread-safety: none (one transaction).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checks.h"
#include "garant/access/event.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::access {

// Adds the events of `targets` (reported by `reporter`; their patient sets'
// sizes in set_count) to access_rollup_days and, for the warehouse's events
// of a project, their patients to access_project_patients (inline tokens from
// the events, a set's tokens once per project, set and Paris day). The
// events' rows are in access_events already (a set's tokens are found from
// them).
Status AddEventRollups(db::Transaction& tx, const std::string& reporter,
                       const std::vector<CheckTarget>& targets);

// Adds the findings of ids `finding_ids` (rows of access_findings written by
// the transaction) to access_rollup_findings.
Status AddFindingRollups(db::Transaction& tx, const std::vector<std::string>& finding_ids);

}  // namespace garant::access
