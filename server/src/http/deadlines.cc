#include "http/deadlines.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <vector>

namespace garant::server {

RequestDeadlines::RequestDeadlines(std::chrono::milliseconds deadline)
    : deadline_(deadline), thread_([this] { Watch(); }) {}

RequestDeadlines::~RequestDeadlines() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RequestDeadlines::Arm(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mu_);
  armed_[socket.impl()] = Entry{socket, std::chrono::steady_clock::now() + deadline_};
}

void RequestDeadlines::Disarm(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mu_);
  armed_.erase(socket.impl());
}

uint64_t RequestDeadlines::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

void RequestDeadlines::Watch() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    auto now = std::chrono::steady_clock::now();
    for (auto it = armed_.begin(); it != armed_.end();) {
      if (it->second.due > now) {
        ++it;
        continue;
      }
      // Under the lock: the connection's Disarm (before its socket closes)
      // waits for this, so the descriptor is still the connection's own.
      // The descriptor itself, not Poco's shutdownReceive: on a TLS socket
      // that does nothing (TLS has no half shutdown), and the TLS state must
      // not be touched from this thread anyway. The read in progress (the
      // request, or the TLS handshake) ends with end of file.
      (void)::shutdown(it->second.socket.impl()->sockfd(), SHUT_RD);
      ++expired_;
      spdlog::warn("a client did not send its request within {} s: connection closed",
                   std::chrono::duration_cast<std::chrono::seconds>(deadline_).count());
      it = armed_.erase(it);
    }
  }
}

}  // namespace garant::server
