// Leader election between processes sharing one PostgreSQL database: the one
// holding a session-level advisory lock, on a connection of its own, is the
// leader. Several garantd serve the same database; only the leader runs the
// singleton workers (checkpoint signer, exclusion-list publisher, retries).
//
// How it works: a background thread keeps one dedicated connection (never
// from the pool). Not leader: every `check_interval` it tries
// pg_try_advisory_lock(key) (never blocks). Leader: every `check_interval`
// it checks that the connection still answers; the lock lives exactly as long
// as the server session, so a connection that answers still holds it. A lost
// connection (PostgreSQL restart, failover, network) makes it step down
// (on_deposed); it tries again on a new connection at its next round only, so
// a peer with a healthy connection gets the first go. When the leader
// process dies, even by SIGKILL, the kernel closes its socket, the server
// ends its session and frees the lock: another process takes it at its next
// try, within `check_interval` (plus, across a network, the TCP keepalive
// delays set on every connection by db::Connection::Open).
//
// A standby refuses advisory locks (recovery in progress), and connections
// default to target_session_attrs=read-write: the lock is always taken on
// the primary.
//
// The lock is for doing the work once, not for safety: every singleton must
// stay correct if, for the short time before a deposed leader notices, two
// processes run it (see audit/DESIGN.md, "Several garantd").
//
// Callbacks run on the election thread, one at a time: on_elected once each
// time the lock is taken, on_deposed once each time it is lost or at Stop()
// while leader. They may block (e.g. start or join worker threads) but must
// not call Stop().
//
// Thread-safety: Start, Stop and is_leader may be called from any thread;
// Step only from one thread, and not while started (tests).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "garant/core/db.h"

namespace garant::db {

class LeaderElection {
 public:
  struct Options {
    std::string conninfo;
    int64_t key = 0;  // the advisory lock's key (one per kind of leader)
    std::chrono::milliseconds check_interval{1000};
    std::string name = "leader";  // for log lines
  };
  struct Callbacks {
    std::function<void()> on_elected;
    std::function<void()> on_deposed;
  };

  LeaderElection(Options options, Callbacks callbacks);
  ~LeaderElection();  // Stop()
  LeaderElection(const LeaderElection&) = delete;
  LeaderElection& operator=(const LeaderElection&) = delete;

  // Starts the election thread; its first try happens at once.
  void Start();
  // Stops the thread; a leader steps down (on_deposed) and closes its
  // connection, which frees the lock at once. Idempotent.
  void Stop();

  // One round on the calling thread: connect when needed, try the lock or
  // check it is still held, calling the callbacks on a change. Returns
  // whether this process leads after the round.
  bool Step();

  bool is_leader() const { return leader_.load(); }

 private:
  void Loop();
  void StepDown(const std::string& why);

  const Options options_;
  const Callbacks callbacks_;
  std::unique_ptr<Connection> conn_;  // the election thread's (or Step's caller's)
  std::atomic<bool> leader_{false};
  std::string last_error_;  // logged once per distinct problem

  std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace garant::db
