// Pool and PooledConnection: a bounded, lazily filled set of connections.
// Connections are opened and closed outside the lock; the lock only guards
// the counters and the idle list.

#include <utility>
#include <vector>

#include "garant/core/db.h"

namespace garant::db {

PooledConnection::~PooledConnection() {
  if (pool_ != nullptr && conn_ != nullptr) {
    pool_->Release(std::move(conn_));
  }
}

Pool::Pool(Options options) : options_(std::move(options)) {
  if (options_.max_size == 0) {
    options_.max_size = 1;
  }
}

Pool::~Pool() {
  std::lock_guard<std::mutex> lock(mu_);
  // Every PooledConnection must be back by now (documented contract).
  assert(in_use_ == 0 && "Pool destroyed while connections are borrowed");
  idle_.clear();
}

Result<PooledConnection> Pool::Acquire() {
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  std::vector<std::unique_ptr<Connection>> dead;  // closed after unlocking
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    while (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.front());
      idle_.pop_front();
      if (conn->CheckAlive()) {
        ++in_use_;
        lock.unlock();
        return PooledConnection(this, std::move(conn));
      }
      --open_;
      ++discarded_broken_;
      dead.push_back(std::move(conn));
    }
    if (open_ < options_.max_size) {
      // Reserve the slot, then connect without holding the lock.
      ++open_;
      ++in_use_;
      lock.unlock();
      dead.clear();
      Result<Connection> opened = Connection::Open(options_.conninfo);
      if (!opened.ok()) {
        lock.lock();
        --open_;
        --in_use_;
        ++connect_failures_;
        lock.unlock();
        cv_.notify_one();  // the slot is free again
        return opened.status();
      }
      return PooledConnection(this, std::make_unique<Connection>(std::move(opened).value()));
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_size) {
      ++acquire_timeouts_;
      return Status::ResourceExhausted("no database connection free within " +
                                       std::to_string(options_.acquire_timeout.count()) +
                                       " ms (pool of " + std::to_string(options_.max_size) + ")");
    }
  }
}

void Pool::Release(std::unique_ptr<Connection> conn) {
  // A transaction left open (a bug of the borrower) is rolled back; a
  // connection that cannot be brought back to idle is dropped.
  if (conn->Healthy() && conn->InTransaction()) {
    (void)conn->ExecScript("ROLLBACK");
  }
  const bool reusable = conn->Healthy() && !conn->InTransaction();
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_use_;
    if (reusable) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
      ++discarded_broken_;
    }
  }
  cv_.notify_one();
  // A dropped connection closes here, outside the lock.
}

Pool::Stats Pool::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stats s;
  s.max_size = options_.max_size;
  s.open = open_;
  s.in_use = in_use_;
  s.acquire_timeouts = acquire_timeouts_;
  s.connect_failures = connect_failures_;
  s.discarded_broken = discarded_broken_;
  return s;
}

}  // namespace garant::db
