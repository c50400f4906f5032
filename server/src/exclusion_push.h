// Pushes exclusion lists to consumers over HTTP (Poco::Net): the server side
// of consent::ListPushTransport.
//
// POST <url> with the signed document as the body, Content-Type
// application/json, X-Garant-List-Version: <version> and
// X-Garant-Pseudonym-Key-Id: <key id of the document>; any 2xx answer is a
// delivery. Plain http:// only for now (https:// needs Poco::NetSSL, not yet
// linked: such a push fails with a clear message and is retried). The
// consumer authenticates the list by its signature, not by the connection.
//
// Thread-safety: Push may be called from several threads (no shared state).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "garant/consent/exclusion_publisher.h"

namespace garant::server {

class HttpListPushTransport final : public consent::ListPushTransport {
 public:
  explicit HttpListPushTransport(std::chrono::seconds timeout = std::chrono::seconds(10))
      : timeout_(timeout) {}
  Status Push(const std::string& url, int64_t version, std::string_view pseudonym_key_id,
              std::string_view document) override;

 private:
  std::chrono::seconds timeout_;
};

}  // namespace garant::server
