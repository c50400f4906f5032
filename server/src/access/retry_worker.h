// The background worker that runs again, inside garantd, the checks of access
// events recorded with a check_failed finding (a registry was unreadable when
// they were recorded): once a minute, AccessStore::RetryFailedChecks, which
// records their real findings and marks each retry done (append-only).
//
// Lifetime: registered by AddAccessRoutes as a singleton (run by the leader
// of several garantd, leadership.h), owned by Services::workers while this
// garantd leads, like the exclusion worker: it stops when the server starts draining and, at the
// latest, when destroyed (the destructor joins the thread) before the pool
// and the audit log close.
//
// Thread-safety: Start and Stop may be called from any thread; RunOnce is
// not to be called concurrently with the worker thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "garant/access/store.h"
#include "services.h"

namespace garant::server {

class AccessRetryWorker {
 public:
  AccessRetryWorker(Services& services, access::RuleConfig rules,
                    std::chrono::seconds period = std::chrono::seconds(60));
  ~AccessRetryWorker();
  AccessRetryWorker(const AccessRetryWorker&) = delete;
  AccessRetryWorker& operator=(const AccessRetryWorker&) = delete;

  void Start();
  void Stop();
  // One round: retries pending events until none is left or a retry fails.
  // Returns the events retried (logs a failure once per distinct error).
  int64_t RunOnce();

 private:
  void Loop();

  Services& services_;
  access::AccessStore store_;
  std::chrono::seconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
  std::string last_error_;
};

// Registers the worker in services.singletons (started by the leader).
void AddAccessRetryWorker(Services& services, const access::RuleConfig& rules);

}  // namespace garant::server
