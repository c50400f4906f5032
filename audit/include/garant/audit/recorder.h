// Who is acting, and where the entry of each change goes.
//
// The rule (ARCHITECTURE.md): a change and its audit leaf commit in the same
// transaction. Stores that change something take a Recorder and append their
// entry with Record() inside the transaction of the change, before its
// commit: both commit, or neither.
//
// Thread-safety: a Recorder is a value holding references; the referenced
// log, random source and clock are thread-safe.
#pragma once

#include <string>

#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::audit {

struct Recorder {
  AuditLog& log;
  Random& random;
  const Clock& clock;
  std::string actor;  // "staff:<id>", "service:<id>", "public" (leaf grammar)
};

// An event with a fresh UUID, dated by `clock`.
Event MakeEvent(Random& random, const Clock& clock, std::string type, std::string actor,
                std::string object, std::string payload = "{}");
// The same, dated `time` (a time the caller already read for the rest of its change).
Event MakeEvent(Random& random, TimePoint time, std::string type, std::string actor,
                std::string object, std::string payload = "{}");

// Appends one entry by `by` inside `tx` (READ COMMITTED). Errors: those of
// AuditLog::AppendInTx (kInvalidArgument for an event the leaf grammar
// refuses); the caller then lets `tx` roll back.
Status Record(db::Transaction& tx, const Recorder& by, std::string type, std::string object,
              std::string payload = "{}");

// For an action that has no database change of its own (e.g. a key file
// written by the CLI): the entry in a transaction of its own.
Status RecordAlone(db::Pool& pool, const Recorder& by, std::string type, std::string object,
                   std::string payload = "{}");

}  // namespace garant::audit
