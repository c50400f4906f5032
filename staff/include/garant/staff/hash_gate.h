// Bounds the password hashes (PBKDF2, 600,000 iterations: ~0.3 s of a core
// each) computed at once, so that a burst of logins cannot take every worker
// thread and every core: `max_running` hash at once, `max_waiting` more wait
// for a turn, and any further caller is refused at once (the server answers
// 429 with Retry-After) instead of holding a thread. /readyz and the other
// routes keep their threads (server e2e: 20 parallel bad logins).
//
// Thread-safe. A Permit is move-only and frees its place when destroyed.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>

namespace garant::staff {

class HashGate {
 public:
  HashGate(int max_running, int max_waiting)
      : max_running_(max_running), max_waiting_(max_waiting) {}
  HashGate(const HashGate&) = delete;
  HashGate& operator=(const HashGate&) = delete;

  class Permit {
   public:
    explicit Permit(HashGate* gate) : gate_(gate) {}
    Permit(Permit&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() {
      if (gate_ != nullptr) gate_->Leave();
    }

   private:
    HashGate* gate_;
  };

  // A permit once a place is free (waiting for it when max_running hash and
  // fewer than max_waiting wait), or nullopt at once when the queue is full.
  std::optional<Permit> Enter();

  int running() const;
  int waiting() const;

 private:
  void Leave();

  const int max_running_;
  const int max_waiting_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  int running_ = 0;
  int waiting_ = 0;
};

}  // namespace garant::staff
