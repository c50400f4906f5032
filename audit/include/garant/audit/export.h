// `garant audit export`: the signed part of a log (up to its latest
// checkpoint) copied from a LogSource into the C2SP tlog-tiles layout that
// TiledLogSource reads back (tiled_log_source.h): checkpoint,
// checkpoints/<size>, tile/<L>/..., tile/entries/..., chain/...
//
// Everything is written as the source stores it, never recomputed, so that
// the verifier sees the damage: an entry bundle (and its level-0 tile and
// chain values) stops at the first absent entry, an upper tile at the first
// absent stored hash. A stored hash the source cannot read as 32 bytes
// arrives as a value that matches nothing (pg_log_source.h), and is written
// so. Where the files go is the caller's (tools/ writes a directory).
//
// Thread-safety: one thread at a time, with the source's own rules (use
// PgLogSource inside one REPEATABLE READ transaction for one snapshot).
#pragma once

#include <cstdint>
#include <string>

#include "garant/audit/checkpoint.h"
#include "garant/audit/log_source.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::audit {

// Receives the files of an export, by path relative to its root.
class ExportSink {
 public:
  virtual ~ExportSink() = default;
  virtual Status Write(const std::string& path, ByteView data) = 0;
};

struct ExportSummary {
  Checkpoint checkpoint;     // the latest, as parsed (its signature is not checked)
  uint64_t entries = 0;      // entries written
  uint64_t checkpoints = 0;  // earlier checkpoints written
};

// kFailedPrecondition when the source has no signed checkpoint yet.
Result<ExportSummary> ExportLog(LogSource& source, ExportSink& sink);

}  // namespace garant::audit
