#include "garant/audit/retention.h"

#include <chrono>

#include "garant/core/config.h"

namespace garant::audit {

Result<std::vector<RetentionPolicy>> RetentionPolicies(int access_days, int staff_days) {
  std::vector<RetentionPolicy> out = {{"access", "access.", access_days},
                                      {"staff", "staff.", staff_days}};
  for (const RetentionPolicy& p : out) {
    if (p.days < 1 || p.days > kMaxRetentionDays) {
      return Status::InvalidArgument(
          "audit_retention_" + p.family + "_days must be between 1 and " +
          std::to_string(kMaxRetentionDays) + " days, not " + std::to_string(p.days));
    }
  }
  return out;
}

Result<std::vector<PrunedFamily>> PruneEntriesInTx(db::Transaction& tx,
                                                   const std::vector<RetentionPolicy>& policies,
                                                   TimePoint now, bool dry_run) {
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT set_config('garant.retention_pruning', 'on', true)").status());
  GARANT_RETURN_IF_ERROR(tx.Exec("CREATE TEMPORARY TABLE IF NOT EXISTS garant_pruned_now "
                                 "(idx bigint PRIMARY KEY, family text NOT NULL) ON COMMIT DROP")
                             .status());
  const std::string now_text = FormatRfc3339Utc(now);
  std::vector<PrunedFamily> out;
  for (const RetentionPolicy& p : policies) {
    PrunedFamily f;
    f.family = p.family;
    f.cutoff = now - std::chrono::hours(24) * p.days;
    // The prefix holds no LIKE metacharacter but the final %.
    const std::string pattern = p.type_prefix + "%";
    const std::string cutoff_text = FormatRfc3339Utc(f.cutoff);
    const std::string sql =
        dry_run ? "SELECT count(*), min(idx), max(idx) FROM audit_entries WHERE pruned_at IS NULL "
                  "AND event_type LIKE $1 AND event_time < $2::timestamptz"
                : "WITH p AS (UPDATE audit_entries SET leaf = NULL, pruned_at = $3::timestamptz "
                  "WHERE pruned_at IS NULL AND event_type LIKE $1 AND event_time < $2::timestamptz "
                  "RETURNING idx), k AS (INSERT INTO garant_pruned_now (idx, family) SELECT idx, "
                  "$4 FROM p RETURNING idx) SELECT count(*), min(idx), max(idx) FROM k";
    db::Params params = {pattern, cutoff_text};
    if (!dry_run) {
      params.push_back(now_text);
      params.push_back(p.family);
    }
    GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec(sql, params));
    f.count = static_cast<uint64_t>(r.Int(0, 0));
    if (f.count > 0) {
      f.first = static_cast<uint64_t>(r.Int(0, 1));
      f.last = static_cast<uint64_t>(r.Int(0, 2));
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string PrunedRetentionDaysSql(std::string_view alias) {
  const std::string a(alias);
  return "(SELECT (convert_from(substring(r.leaf FROM position('\\x0a0a'::bytea IN r.leaf) + 2), "
         "'UTF8')::jsonb #>> ARRAY['families', CASE WHEN " +
         a +
         ".event_type LIKE 'staff.%' THEN 'staff' ELSE 'access' END, 'retention_days'])::int "
         "FROM audit_entries r WHERE " +
         a + ".pruned_at IS NOT NULL AND r.event_type = 'audit.pruned' AND r.event_time = " + a +
         ".pruned_at ORDER BY r.idx LIMIT 1)";
}

}  // namespace garant::audit
