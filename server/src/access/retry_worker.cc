#include "access/retry_worker.h"

#include <spdlog/spdlog.h>

namespace garant::server {

AccessRetryWorker::AccessRetryWorker(Services& services, access::RuleConfig rules,
                                     std::chrono::seconds period)
    : services_(services),
      store_(services.pool, services.audit_log(), services.clock, services.random,
             std::move(rules)),
      period_(period) {}

AccessRetryWorker::~AccessRetryWorker() { Stop(); }

void AccessRetryWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void AccessRetryWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

int64_t AccessRetryWorker::RunOnce() {
  int64_t total = 0;
  for (;;) {
    auto r = store_.RetryFailedChecks();
    if (!r.ok()) {
      if (r.status().message() != last_error_) {
        last_error_ = r.status().message();
        spdlog::error("access checks retry: {}", r.status().ToString());
      }
      return total;
    }
    if (!last_error_.empty()) {
      last_error_.clear();
      spdlog::info("access checks retry: working again");
    }
    if (r->retried > 0) {
      spdlog::info("access checks retried for {} event(s): {} finding(s)", r->retried, r->findings);
    }
    total += r->retried;
    if (r->retried == 0) return total;
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_ || services_.draining) return total;
  }
}

void AccessRetryWorker::Loop() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, period_, [this] { return stop_ || services_.draining; });
      if (stop_ || services_.draining) return;
    }
    try {
      RunOnce();
    } catch (const std::exception& e) {
      spdlog::error("access retry worker: unexpected exception: {}", e.what());
    }
  }
}

void AddAccessRetryWorker(Services& services, const access::RuleConfig& rules) {
  Services* s = &services;
  services.singletons.push_back([s, rules]() -> std::shared_ptr<void> {
    auto worker = std::make_shared<AccessRetryWorker>(*s, rules);
    worker->Start();
    return worker;  // joined when dropped
  });
}

}  // namespace garant::server
