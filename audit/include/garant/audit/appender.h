// Group commit for audit appends that have no business transaction of their
// own (POST /api/v1/audit/events, staff actions logged after the fact).
//
// Callers on any thread call Append(); a single worker thread takes every
// request queued at that moment (up to max_batch events), appends them all
// in ONE transaction (AuditLog::AppendInTx), commits, and only then answers
// each caller with its indexes. Under load, one commit serves many callers.
//
// Failure isolation: if a merged transaction fails and held more than one
// request, each request is retried in its own transaction, so one caller's
// conflicting event id (kAlreadyExists) does not fail the others. A caller
// whose commit outcome is unknown (kUnavailable) may retry: appends are
// idempotent by event id.
//
// Thread-safety: Append() and stats() are thread-safe. The pool and the log
// must outlive the Appender. The destructor answers pending requests, then
// joins the worker.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::audit {

class Appender {
 public:
  struct Options {
    size_t max_batch = 10000;  // events per transaction (a larger request goes alone)
  };
  struct Stats {
    uint64_t requests = 0;
    uint64_t events = 0;
    uint64_t transactions = 0;  // committed merged transactions
    uint64_t fallbacks = 0;     // merged batches retried one request at a time
  };

  Appender(db::Pool& pool, AuditLog& log) : Appender(pool, log, Options()) {}
  Appender(db::Pool& pool, AuditLog& log, Options options);
  ~Appender();
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  // Appends `events` and returns their indexes once committed. Invalid events
  // fail at once (kInvalidArgument / kTooLarge) without a transaction.
  Result<std::vector<uint64_t>> Append(std::vector<Event> events);

  Stats stats() const;

 private:
  struct Request {
    std::vector<Event> events;
    std::promise<Result<std::vector<uint64_t>>> done;
  };

  void Run();
  // Appends several requests in one transaction and commits.
  Result<std::vector<uint64_t>> Commit(const std::vector<Request*>& batch);

  db::Pool& pool_;
  AuditLog& log_;
  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Request*> queue_;  // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  Stats stats_;                 // guarded by mu_
  std::thread worker_;
};

}  // namespace garant::audit
