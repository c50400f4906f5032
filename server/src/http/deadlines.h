// Per-request deadlines (docs/security.md, "Slow clients"): a connection's
// request (and, on a TLS listener, the handshake before the first one) must
// arrive whole, headers and body, within `deadline` of the
// moment garantd starts waiting for it (the connection is accepted, or the
// previous response on a kept-alive connection is sent); otherwise its
// receiving side is shut down, the read in progress ends, and the worker
// thread is free again. Without it, a client that sends one byte every
// request_timeout_seconds holds a worker thread for as long as it likes, and
// `threads` such clients hold them all.
//
// The handler's own work (database, a long export) is never cut: the clock
// stops when the body has been read (HttpExchange::Body, BodyStream) or, for
// a request without a body, when the headers are. Routes that stream a body
// (BodyStream) bound it themselves.
//
// A watchdog thread checks the deadlines every 100 ms. Thread-safe.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace garant::server {

class RequestDeadlines {
 public:
  explicit RequestDeadlines(std::chrono::milliseconds deadline);
  ~RequestDeadlines();
  RequestDeadlines(const RequestDeadlines&) = delete;
  RequestDeadlines& operator=(const RequestDeadlines&) = delete;

  // Starts (or restarts) the clock of `socket`.
  void Arm(const Poco::Net::StreamSocket& socket);
  // Stops it (the request is in; or the connection ends).
  void Disarm(const Poco::Net::StreamSocket& socket);
  // Connections whose receiving side was shut down so far.
  uint64_t expired() const;

 private:
  void Watch();

  const std::chrono::milliseconds deadline_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t expired_ = 0;
  struct Entry {
    Poco::Net::StreamSocket socket;
    std::chrono::steady_clock::time_point due;
  };
  std::map<const void*, Entry> armed_;  // by socket implementation
  std::thread thread_;
};

}  // namespace garant::server
