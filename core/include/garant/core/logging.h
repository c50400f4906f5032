// Logging over spdlog: human-readable lines by default, JSON lines on request.
// Every line carries the request id of the request being served on this
// thread ("-" outside requests).
//
// Rule (docs/operations.md): never log a secret, a password, a token, a
// session id or a clear identity trait. Log references (ids, pseudonyms,
// event indexes) instead. Thread-safe.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace garant::logging {

// Installs the process-wide logger. format: "text" or "json"; level: spdlog
// level name. Safe to call again (replaces the logger).
void Init(std::string_view format, std::string_view level);

// The request id attached to log lines written by this thread.
void SetRequestId(std::string_view id);
const std::string& RequestId();

// Sets the request id for a scope, restoring the previous one after.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string_view id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

// Escapes s for inclusion in a JSON string (without the quotes).
std::string JsonEscape(std::string_view s);

}  // namespace garant::logging
