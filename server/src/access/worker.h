// The background work of the access trail inside garantd (access/DESIGN.md):
//   * each second, the patients' rollup follows the recorded events
//     (AccessStore::FollowPatientRollup, until it has caught up);
//   * once a minute, the checks of the events recorded with a check_failed
//     finding (a registry was unreadable when they were recorded) run again
//     (AccessStore::RetryFailedChecks, which records their real findings and
//     marks each retry done, append-only).
//
// Lifetime: registered by AddAccessRoutes as a singleton (run by the leader
// of several garantd, leadership.h), owned by Services::workers while this
// garantd leads, like the exclusion worker: it stops when the server starts
// draining and, at the latest, when destroyed (the destructor joins the
// thread) before the pool and the audit log close.
//
// Thread-safety: Start and Stop may be called from any thread; FollowOnce
// and RetryOnce are not to be called concurrently with the worker thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "garant/access/store.h"
#include "services.h"

namespace garant::server {

class AccessWorker {
 public:
  AccessWorker(Services& services, access::RuleConfig rules,
               std::chrono::seconds follow_period = std::chrono::seconds(1),
               std::chrono::seconds retry_period = std::chrono::seconds(60));
  ~AccessWorker();
  AccessWorker(const AccessWorker&) = delete;
  AccessWorker& operator=(const AccessWorker&) = delete;

  void Start();
  void Stop();
  // One round of the patients' rollup: steps until it has caught up or a
  // step fails. Returns the events it added (logs a failure once per
  // distinct error).
  int64_t FollowOnce();
  // One round of retries: retries pending events until none is left or a
  // retry fails. Returns the events retried (logs as FollowOnce).
  int64_t RetryOnce();

 private:
  void Loop();
  bool Stopping();
  // Logs `error` unless it is the last one logged for `job` (empty: working).
  void Report(std::string& last, const char* job, const Status& error);

  Services& services_;
  access::AccessStore store_;
  std::chrono::seconds follow_period_;
  std::chrono::seconds retry_period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
  std::string last_follow_error_;
  std::string last_retry_error_;
};

// Registers the worker in services.singletons (started by the leader).
void AddAccessWorker(Services& services, const access::RuleConfig& rules);

// garant_access_patients_rollup_lag_events: the events the patients' rollup
// has not reached (none when the database cannot say).
std::vector<Metrics::Gauge> AccessGauges(Services& services);

}  // namespace garant::server
