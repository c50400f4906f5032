#include "garant/staff/hash_gate.h"

namespace garant::staff {

std::optional<HashGate::Permit> HashGate::Enter() {
  std::unique_lock lock(mu_);
  if (running_ >= max_running_) {
    if (waiting_ >= max_waiting_) return std::nullopt;
    ++waiting_;
    freed_.wait(lock, [this] { return running_ < max_running_; });
    --waiting_;
  }
  ++running_;
  return Permit(this);
}

int HashGate::running() const {
  std::lock_guard lock(mu_);
  return running_;
}

int HashGate::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

void HashGate::Leave() {
  {
    std::lock_guard lock(mu_);
    --running_;
  }
  freed_.notify_one();
}

}  // namespace garant::staff
