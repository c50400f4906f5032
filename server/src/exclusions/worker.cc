#include "exclusions/worker.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "garant/consent/exclusion_store.h"

namespace garant::server {

namespace {

consent::PublisherKeys KeysOf(const Services& s) {
  consent::PublisherKeys k;
  k.signing = s.keys.signing_seed;
  k.pseudonym = s.keys.pseudonymisation;
  k.previous_pseudonym = s.keys.previous_pseudonymisation;
  return k;
}

consent::PublisherOptions OptionsOf(const Services& s) {
  consent::PublisherOptions o;
  o.min_interval = std::chrono::seconds(s.config.exclusion_publish_interval_seconds);
  return o;
}

}  // namespace

ExclusionWorker::ExclusionWorker(Services& services)
    : services_(services),
      publisher_(services.pool, services.audit_log(), services.random, services.clock,
                 KeysOf(services), OptionsOf(services)),
      transport_(std::chrono::seconds(10), services.config.consumer_ca_file,
                 /*allow_http=*/services.config.dev) {}

ExclusionWorker::~ExclusionWorker() { Stop(); }

void ExclusionWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void ExclusionWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void ExclusionWorker::RunOnce() {
  auto published = publisher_.RunPublishRound();
  if (!published.ok()) {
    // Logged once per distinct problem, not every second.
    if (published.status().message() != last_publish_error_) {
      last_publish_error_ = published.status().message();
      spdlog::error("exclusion list publication: {}", published.status().ToString());
    }
  } else if (!last_publish_error_.empty()) {
    last_publish_error_.clear();
    spdlog::info("exclusion list publication: working again");
  }
  auto delivered = publisher_.RunDeliveryRound(transport_);
  if (!delivered.ok()) {
    if (delivered.status().message() != last_delivery_error_) {
      last_delivery_error_ = delivered.status().message();
      spdlog::error("exclusion list delivery: {}", delivered.status().ToString());
    }
  } else {
    last_delivery_error_.clear();
  }
}

void ExclusionWorker::Loop() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (stop_ || services_.draining) return;
    }
    try {
      RunOnce();
    } catch (const std::exception& e) {
      spdlog::error("exclusion worker: unexpected exception: {}", e.what());
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_ || services_.draining; });
    if (stop_ || services_.draining) return;
  }
}

void AddExclusionWorker(Services& services) {
  Services* s = &services;
  services.singletons.push_back([s]() -> std::shared_ptr<void> {
    auto worker = std::make_shared<ExclusionWorker>(*s);
    worker->Start();
    return worker;  // joined when dropped
  });
}

std::vector<Metrics::Gauge> ExclusionGauges(Services& services) {
  std::vector<Metrics::Gauge> g;
  consent::ExclusionStore store(services.pool);
  const TimePoint now = services.clock.Now();
  auto current = store.Current();
  if (current.ok()) {
    TimePoint expires{};
    ParseRfc3339(current->expires_at, &expires);
    g.push_back({"garant_exclusion_list_version", "Latest published exclusion list version.", "",
                 static_cast<double>(current->version)});
    g.push_back({"garant_exclusion_list_tokens", "Tokens in the latest exclusion list.", "",
                 static_cast<double>(current->token_count)});
    g.push_back({"garant_exclusion_list_expires_in_seconds",
                 "Seconds until the latest exclusion list expires.", "",
                 std::chrono::duration<double>(expires - now).count()});
  }
  auto consumers = store.Consumers(now);
  if (consumers.ok()) {
    // One metric family after the other (the exposition format wants them grouped).
    // Consumer names are [A-Za-z0-9._-]: nothing to escape in the label.
    bool first = true;
    for (const auto& c : *consumers) {
      if (c.disabled) continue;
      g.push_back({"garant_exclusion_consumer_lag_versions",
                   first ? "Versions published since the consumer's last acknowledgement." : "",
                   "consumer=\"" + c.name + "\"", static_cast<double>(c.lag_versions)});
      first = false;
    }
    first = true;
    for (const auto& c : *consumers) {
      if (c.disabled) continue;
      g.push_back({"garant_exclusion_consumer_lag_seconds",
                   first ? "Seconds since the first version the consumer has not acknowledged "
                           "was issued."
                         : "",
                   "consumer=\"" + c.name + "\"", c.lag_seconds});
      first = false;
    }
  }
  return g;
}

}  // namespace garant::server
