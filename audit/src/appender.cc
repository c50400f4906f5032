#include "garant/audit/appender.h"

#include <string>
#include <utility>

namespace garant::audit {

Appender::Appender(db::Pool& pool, AuditLog& log, Options options)
    : pool_(pool), log_(log), options_(options) {
  worker_ = std::thread([this] { Run(); });
}

Appender::~Appender() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

Appender::Stats Appender::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

Result<std::vector<uint64_t>> Appender::Append(std::vector<Event> events) {
  if (events.empty()) {
    return std::vector<uint64_t>();
  }
  for (size_t i = 0; i < events.size(); ++i) {
    Status valid = ValidateEvent(events[i]);
    if (!valid.ok()) {
      return valid.WithContext("event " + std::to_string(i));
    }
  }
  Request request{std::move(events), {}};
  std::future<Result<std::vector<uint64_t>>> result = request.done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      return Status::Unavailable("the audit appender is stopping");
    }
    queue_.push_back(&request);
    ++stats_.requests;
    stats_.events += request.events.size();
  }
  cv_.notify_one();
  return result.get();
}

Result<std::vector<uint64_t>> Appender::Commit(const std::vector<Request*>& batch) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  std::vector<Event> all;
  for (Request* r : batch) {
    all.insert(all.end(), r->events.begin(), r->events.end());
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> indexes, log_.AppendInTx(tx, std::move(all)));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return indexes;
}

void Appender::Run() {
  while (true) {
    std::vector<Request*> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping, nothing left
      }
      size_t events = 0;
      while (!queue_.empty() &&
             (batch.empty() || events + queue_.front()->events.size() <= options_.max_batch)) {
        events += queue_.front()->events.size();
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    Result<std::vector<uint64_t>> merged = Commit(batch);
    if (merged.ok()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++stats_.transactions;
      }
      size_t offset = 0;
      for (Request* r : batch) {
        const size_t n = r->events.size();
        r->done.set_value(
            std::vector<uint64_t>(merged->begin() + static_cast<ptrdiff_t>(offset),
                                  merged->begin() + static_cast<ptrdiff_t>(offset + n)));
        offset += n;
      }
      continue;
    }
    if (batch.size() == 1) {
      batch[0]->done.set_value(merged.status());
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.fallbacks;
    }
    for (Request* r : batch) {
      Result<std::vector<uint64_t>> alone = Commit({r});
      if (alone.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        ++stats_.transactions;
      }
      r->done.set_value(std::move(alone));
    }
  }
}

}  // namespace garant::audit
