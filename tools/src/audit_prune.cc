// garant audit prune: retention of the audit log's content (docs/audit-log.md
// "Retention"). Runs as the owner role, in one transaction: the entries'
// leaves, then the access trail's patients, then the run's own audit entry.
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>

#include "cli.h"
#include "garant/access/retention.h"
#include "garant/audit/leaf.h"
#include "garant/audit/retention.h"
#include "garant/core/clock.h"
#include "garant/core/random.h"
#include "garant/runtime/config.h"

namespace garant::cli {
namespace {

std::string Range(const audit::PrunedFamily& f) {
  if (f.count == 0) return "none";
  return std::to_string(*f.first) + "-" + std::to_string(*f.last);
}

// The run's clock: garant's, unless GARANT_TEST_NOW (RFC 3339) is set, which
// end-to-end tests use to prune what they just wrote (docs/testing.md). The
// cutoffs it gives are recorded in the run's audit.pruned entry like any
// other, and the run says so on stderr. Only in test builds (GARANT_TEST_HOOKS,
// tools/CMakeLists.txt): a Release build prunes by the real clock alone.
Result<TimePoint> PruneNow() {
#ifndef GARANT_TEST_HOOKS
  return SystemClock::Instance().Now();
#else
  const char* injected = std::getenv("GARANT_TEST_NOW");
  if (injected == nullptr || *injected == '\0') return SystemClock::Instance().Now();
  TimePoint t;
  if (!ParseRfc3339(injected, &t)) {
    return Status::InvalidArgument("GARANT_TEST_NOW must be an RFC 3339 time");
  }
  std::cerr << "garant: the clock of this run is GARANT_TEST_NOW=" << FormatRfc3339Utc(t)
            << " (tests only)\n";
  return t;
#endif
}

}  // namespace

int AuditPrune(const Args& a) {
  const bool dry_run = a.Has("dry-run");
  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  auto policies = audit::RetentionPolicies(config->audit_retention_access_days,
                                           config->audit_retention_staff_days);
  if (!policies.ok()) return Fail(policies.status());
  auto database = Database::Open(a);
  if (!database.ok()) return Fail(database.status());
  auto owner = (*database)->OpenOwner();
  if (!owner.ok()) return Fail(owner.status());
  db::Transaction tx(*owner);
  if (!tx.status().ok()) return Fail(tx.status());

  auto clock = PruneNow();
  if (!clock.ok()) return Fail(clock.status());
  const TimePoint now = *clock;
  auto families = audit::PruneEntriesInTx(tx, *policies, now, dry_run);
  if (!families.ok()) return Fail(families.status());
  TimePoint access_cutoff = now;
  for (const auto& f : *families) {
    if (f.family == "access") access_cutoff = f.cutoff;
  }
  auto patients = access::PrunePatientsInTx(tx, access_cutoff, access_cutoff, dry_run);
  if (!patients.ok()) return Fail(patients.status());

  boost::json::object payload;
  boost::json::object per_family;
  uint64_t total = 0;
  for (const auto& f : *families) {
    boost::json::object o;
    o["retention_days"] = 0;
    for (const auto& p : *policies) {
      if (p.family == f.family) o["retention_days"] = p.days;
    }
    o["before"] = FormatRfc3339Utc(f.cutoff);
    o["count"] = f.count;
    if (f.count > 0) {
      o["first_index"] = *f.first;
      o["last_index"] = *f.last;
    }
    per_family[f.family] = std::move(o);
    total += f.count;
  }
  payload["families"] = std::move(per_family);
  payload["patients"] = boost::json::object{{"event_patient_rows", patients->event_patient_rows},
                                            {"event_set_rows", patients->event_set_rows},
                                            {"event_token_lists", patients->event_token_lists},
                                            {"patient_sets", patients->patient_sets},
                                            {"chunk_rows", patients->chunk_rows},
                                            {"partitions_dropped", patients->partitions},
                                            {"partition_rows", patients->partition_rows}};

  for (const auto& f : *families) {
    std::cout << (dry_run ? "would prune " : "pruned ") << f.family << ": " << f.count
              << " entries before " << FormatRfc3339Utc(f.cutoff) << " (indexes " << Range(f)
              << ")\n";
  }
  std::cout << (dry_run ? "would delete " : "deleted ")
            << "patients: " << patients->event_patient_rows << " inline token rows, "
            << patients->event_set_rows << " set references, " << patients->event_token_lists
            << " token lists, " << patients->patient_sets << " patient sets ("
            << patients->chunk_rows << " chunk rows)\n";
  std::cout << (dry_run ? "would drop " : "dropped ") << patients->partitions
            << " whole partition range(s) of the access side tables (" << patients->partition_rows
            << " of those rows; the others row by row)\n";
  if (dry_run) {
    std::cout << "dry run: nothing changed\n";
    return kExitOk;  // the transaction rolls back
  }
  audit::Event run{
      SecureRandom::Instance().Uuid4(), "audit.pruned", now,
      std::string(kCliActor),           "audit-log",    boost::json::serialize(payload)};
  auto idx = (*database)->audit_log().AppendInTx(tx, {std::move(run)});
  if (!idx.ok()) return Fail(idx.status());
  // Last: the partitions' ACCESS EXCLUSIVE locks come after the tree-state
  // row, in the order every writer takes them (access/retention.h).
  auto dropped = access::DropPrunedPartitionsInTx(tx);
  if (!dropped.ok()) return Fail(dropped.status());
  Status st = tx.Commit();
  if (!st.ok()) return Fail(st);
  std::cout << "recorded as audit entry " << (*idx)[0] << " (audit.pruned, " << total
            << " entries pruned)\n";
  return kExitOk;
}

}  // namespace garant::cli
