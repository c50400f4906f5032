// LeaderElection: a session-level advisory lock on a dedicated connection.

#include "garant/core/leader.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace garant::db {

LeaderElection::LeaderElection(Options options, Callbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)) {}

LeaderElection::~LeaderElection() { Stop(); }

void LeaderElection::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void LeaderElection::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LeaderElection::Loop() {
  for (;;) {
    Step();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, options_.check_interval, [this] { return !running_; });
    if (!running_) break;
  }
  if (leader_) StepDown("stopping");
  conn_.reset();  // ends the session: the lock is free at once
}

void LeaderElection::StepDown(const std::string& why) {
  leader_ = false;
  spdlog::warn("{}: this process is no longer the leader ({})", options_.name, why);
  if (callbacks_.on_deposed) callbacks_.on_deposed();
}

bool LeaderElection::Step() {
  if (conn_ && !conn_->CheckAlive()) {
    conn_.reset();
  }
  if (!conn_) {
    if (leader_) {
      // A leader whose session was lost tries again only at its next round,
      // not at once: a peer whose connection is healthy gets the first go.
      StepDown("the lock's database connection was lost");
      return false;
    }
    Result<Connection> opened = Connection::Open(options_.conninfo);
    if (!opened.ok()) {
      if (opened.status().message() != last_error_) {
        last_error_ = opened.status().message();
        spdlog::error("{}: cannot connect to take the lock: {}", options_.name, last_error_);
      }
      return false;
    }
    conn_ = std::make_unique<Connection>(std::move(opened).value());
  }
  if (leader_) {
    // The session still answers, so it still holds its session-level lock.
    Result<Rows> r = conn_->Exec("SELECT 1");
    if (!r.ok()) {
      conn_.reset();
      StepDown("the lock's database connection failed: " + r.status().message());
    }
    return leader_;
  }
  Result<Rows> r = conn_->Exec("SELECT pg_try_advisory_lock($1::int8)",
                               {Param(static_cast<int64_t>(options_.key))});
  if (!r.ok()) {
    if (r.status().message() != last_error_) {
      last_error_ = r.status().message();
      spdlog::error("{}: cannot try the lock: {}", options_.name, last_error_);
    }
    // A standby refuses the lock; a new connection may reach the primary.
    conn_.reset();
    return false;
  }
  last_error_.clear();
  if (!r->Bool(0, 0)) return false;
  leader_ = true;
  spdlog::info("{}: this process is now the leader", options_.name);
  if (callbacks_.on_elected) callbacks_.on_elected();
  return true;
}

}  // namespace garant::db
