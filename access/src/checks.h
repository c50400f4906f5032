// The checks of recorded events inside the recording transaction, shared by
// RecordBatch and RetryFailedChecks: the snapshots of a whole batch loaded
// with one query per kind (projects per project, objections per batch, the
// accounts' activity per batch), Evaluate, and the findings recorded (rows
// of access_findings and finding.raised leaves).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"

namespace garant::access {

// An event whose checks run: already in access_events (and in
// access_account_days), its leaf at `index`.
struct CheckTarget {
  const AccessEvent* event = nullptr;
  uint64_t index = 0;
  int64_t set_count = 0;  // the size of its patient set, if any
};

// The snapshots of `targets`, in their order: LoadRegistrySnapshots then
// AddActivity.
Result<std::vector<Snapshot>> LoadSnapshots(db::Transaction& tx,
                                            const std::vector<CheckTarget>& targets,
                                            const RuleConfig& config);
// The registries' part of the snapshots (the project's history, its
// authorisations, the patients' objections), in the targets' order. It reads
// only the governance and objection registries, never the access tables, so
// it may run before the batch is written (only the targets' events are
// used: their indexes and set sizes may still be unknown).
Result<std::vector<Snapshot>> LoadRegistrySnapshots(db::Transaction& tx,
                                                    const std::vector<CheckTarget>& targets);
// Adds the accounts' activity to `snapshots` (one per target). Its
// aggregates see every event recorded in `tx` so far, the targets' own
// included.
Status AddActivity(db::Transaction& tx, const std::vector<CheckTarget>& targets,
                   const RuleConfig& config, std::vector<Snapshot>& snapshots);

// Records `raised` (target position, finding) as rows and finding.raised
// leaves at `raised_at`. Returns, per target, the rules raised.
Result<std::vector<std::vector<std::string>>> RecordFindings(
    db::Transaction& tx, audit::AuditLog& log, Random& random, TimePoint raised_at,
    const std::vector<CheckTarget>& targets, std::vector<std::pair<size_t, Finding>> raised);

// Adds the targets' touched patients to access_account_days.
Status AddAccountDays(db::Transaction& tx, const std::vector<CheckTarget>& targets);

}  // namespace garant::access
