#include "access/worker.h"

#include <spdlog/spdlog.h>

namespace garant::server {

AccessWorker::AccessWorker(Services& services, access::RuleConfig rules,
                           std::chrono::seconds follow_period, std::chrono::seconds retry_period)
    : services_(services),
      store_(services.pool, services.audit_log(), services.clock, services.random,
             std::move(rules)),
      follow_period_(follow_period),
      retry_period_(retry_period) {}

AccessWorker::~AccessWorker() { Stop(); }

void AccessWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void AccessWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool AccessWorker::Stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stop_ || services_.draining;
}

void AccessWorker::Report(std::string& last, const char* job, const Status& error) {
  if (!error.ok()) {
    if (error.message() != last) {
      last = error.message();
      spdlog::error("{}: {}", job, error.ToString());
    }
    return;
  }
  if (!last.empty()) {
    last.clear();
    spdlog::info("{}: working again", job);
  }
}

int64_t AccessWorker::FollowOnce() {
  int64_t total = 0;
  for (;;) {
    auto r = store_.FollowPatientRollup();
    Report(last_follow_error_, "access patients' rollup", r.ok() ? Status::Ok() : r.status());
    if (!r.ok()) return total;
    total += r->events;
    if (r->caught_up || Stopping()) return total;
  }
}

int64_t AccessWorker::RetryOnce() {
  int64_t total = 0;
  for (;;) {
    auto r = store_.RetryFailedChecks();
    Report(last_retry_error_, "access checks retry", r.ok() ? Status::Ok() : r.status());
    if (!r.ok()) return total;
    if (r->retried > 0) {
      spdlog::info("access checks retried for {} event(s): {} finding(s)", r->retried, r->findings);
    }
    total += r->retried;
    if (r->retried == 0 || Stopping()) return total;
  }
}

void AccessWorker::Loop() {
  auto next_retry = std::chrono::steady_clock::now() + retry_period_;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, follow_period_, [this] { return stop_ || services_.draining; });
      if (stop_ || services_.draining) return;
    }
    try {
      FollowOnce();
      if (std::chrono::steady_clock::now() >= next_retry) {
        RetryOnce();
        next_retry = std::chrono::steady_clock::now() + retry_period_;
      }
    } catch (const std::exception& e) {
      spdlog::error("access worker: unexpected exception: {}", e.what());
    }
  }
}

void AddAccessWorker(Services& services, const access::RuleConfig& rules) {
  Services* s = &services;
  services.singletons.push_back([s, rules]() -> std::shared_ptr<void> {
    auto worker = std::make_shared<AccessWorker>(*s, rules);
    worker->Start();
    return worker;  // joined when dropped
  });
}

std::vector<Metrics::Gauge> AccessGauges(Services& services) {
  access::AccessStore store(services.pool, services.audit_log(), services.clock, services.random);
  auto backlog = store.PatientRollupBacklog();
  if (!backlog.ok()) return {};
  return {{"garant_access_patients_rollup_lag_events",
           "Access events recorded and not yet in the patients' rollup (the desk counts them from "
           "their rows meanwhile).",
           "", static_cast<double>(*backlog)}};
}

}  // namespace garant::server
