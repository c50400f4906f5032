// garant audit export: the signed part of the audit log as a self-contained
// directory in the tlog-tiles layout (garant/audit/export.h writes it from a
// PgLogSource; the layout is in garant/audit/tiled_log_source.h), with the public
// key and a French README for the auditor.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "garant/core/status.h"

namespace garant::cli {

// The verifier key string of the configured signing key and origin.
Result<std::string> ConfiguredVerifierKey(const Args& args);

struct ExportSummary {
  uint64_t entries = 0;
  uint64_t checkpoints = 0;
  uint64_t files = 0;
};
Result<ExportSummary> ExportAuditLog(const Args& args, const std::string& dir);

}  // namespace garant::cli
