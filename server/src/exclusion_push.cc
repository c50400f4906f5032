#include "exclusion_push.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sstream>

namespace garant::server {

Status HttpListPushTransport::Push(const std::string& url, int64_t version,
                                   std::string_view pseudonym_key_id, std::string_view document) {
  try {
    Poco::URI uri(url);
    if (uri.getScheme() != "http") {
      return Status::FailedPrecondition("only http:// consumer URLs are supported by this build");
    }
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(static_cast<long>(timeout_.count()), 0));
    std::string path = uri.getPathAndQuery();
    if (path.empty()) path = "/";
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(document.size()));
    req.set("X-Garant-List-Version", std::to_string(version));
    req.set("X-Garant-Pseudonym-Key-Id", std::string(pseudonym_key_id));
    req.set("User-Agent", "garantd");
    std::ostream& body = session.sendRequest(req);
    body.write(document.data(), static_cast<std::streamsize>(document.size()));
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    std::ostringstream discard;
    Poco::StreamCopier::copyStream(in, discard, 8192);
    const int status = static_cast<int>(resp.getStatus());
    if (status < 200 || status > 299) {
      return Status::Unavailable("the consumer answered HTTP " + std::to_string(status));
    }
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("push failed: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("push failed: ") + e.what());
  }
}

}  // namespace garant::server
