// The background worker of exclusion lists inside garantd: once a second it
// runs a publication round (a new signed version when objections changed,
// a re-issue before expiry) and a delivery round (pushes with retries and
// backoff), see consent/exclusion_publisher.h.
//
// Lifetime: registered by AddExclusionRoutes as a singleton (one garantd of
// several runs it: the leader, see leadership.h), owned by Services::workers
// while this garantd leads. It
// stops when the server starts draining (Services::draining) and, at the
// latest, when the worker object is destroyed (the destructor joins the
// thread): GarantServer::Stop clears Services::workers before it stops the
// audit log and closes the pool.
//
// Thread-safety: Start and Stop may be called from any thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "exclusions/push.h"
#include "garant/consent/exclusion_publisher.h"
#include "http/metrics.h"
#include "services.h"

namespace garant::server {

class ExclusionWorker {
 public:
  explicit ExclusionWorker(Services& services);
  ~ExclusionWorker();
  ExclusionWorker(const ExclusionWorker&) = delete;
  ExclusionWorker& operator=(const ExclusionWorker&) = delete;

  void Start();
  void Stop();
  // One publication and one delivery round on the calling thread. Called by
  // the worker thread; not to be called concurrently with it.
  void RunOnce();

 private:
  void Loop();

  Services& services_;
  consent::ExclusionPublisher publisher_;
  HttpListPushTransport transport_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
  std::string last_publish_error_;
  std::string last_delivery_error_;
};

// Registers the worker in services.singletons: the leader starts it, and
// it is joined when deposed or when Services is destroyed (before the pool
// closes).
void AddExclusionWorker(Services& services);

// Gauges for /metrics: current version, seconds until it expires, and per
// consumer the versions and seconds it lags behind (acknowledgements).
std::vector<Metrics::Gauge> ExclusionGauges(Services& services);

}  // namespace garant::server
