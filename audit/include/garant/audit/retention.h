// Retention of the audit log's content (docs/audit-log.md "Retention",
// audit/DESIGN.md "Retention"): once an entry of a prunable family is older
// than its family's retention, its leaf (the content) is removed and
// `pruned_at` set; its leaf hash, chain value, the tile hashes and the
// checkpoints stay, so the log still verifies (verifier.h reports the entry
// as pruned). Families and their event types:
//   access: access.*  (warehouse accesses, patient sets)
//   staff:  staff.*   (logins, passwords, second factors)
// Every other type (objection.*, governance.*, case.*, finding.*, rights.*,
// exclusion.*, audit.*) is never pruned; sql/0023 refuses it whoever asks.
//
// PostgreSQL edge: runs inside the caller's transaction, which must be the
// owner role's (garant_app has no UPDATE on audit_entries).
// Thread-safety: none (one transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::audit {

struct RetentionPolicy {
  std::string family;       // "access", "staff"
  std::string type_prefix;  // "access.", "staff."
  int days = 365;           // 1 to kMaxRetentionDays (config.h)
};

// The policies for the configured retentions; kInvalidArgument when a value
// is outside 1 to kMaxRetentionDays.
Result<std::vector<RetentionPolicy>> RetentionPolicies(int access_days, int staff_days);

struct PrunedFamily {
  std::string family;
  TimePoint cutoff{};                   // entries whose event time is before this
  uint64_t count = 0;                   // entries pruned (or, in a dry run, prunable)
  std::optional<uint64_t> first, last;  // their lowest and highest index
};

// Prunes, in `tx`, every unpruned entry of each policy's family whose event
// time is before now - days; with dry_run, only counts them. Sets
// garant.retention_pruning for the transaction (SET LOCAL), and leaves the
// indexes pruned by this call in the temporary table garant_pruned_now
// (idx bigint, family text; dropped at commit) for what hangs on them
// (the access trail's patient rows). Nothing is appended to the log: the
// caller records the run (an `audit.pruned` entry) in the same transaction.
Result<std::vector<PrunedFamily>> PruneEntriesInTx(db::Transaction& tx,
                                                   const std::vector<RetentionPolicy>& policies,
                                                   TimePoint now, bool dry_run);

// For the readers of a pruned entry: a SQL scalar subquery giving the
// retention in days (int, NULL when unknown) that pruned the audit_entries
// row aliased `alias`: the `retention_days` of its family in the payload of
// the run's `audit.pruned` entry, found by its event time (a run's event
// time is the `pruned_at` it sets). NULL for an unpruned row. Uses the index
// audit_entries_type_time. `alias` must be a plain SQL identifier.
std::string PrunedRetentionDaysSql(std::string_view alias);

}  // namespace garant::audit
