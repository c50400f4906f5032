#include "exclusions/push.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <sstream>

#include "garant/runtime/tls_client.h"

namespace garant::server {

HttpListPushTransport::HttpListPushTransport(std::chrono::seconds timeout, std::string ca_file,
                                             bool allow_http)
    : timeout_(timeout), ca_file_(std::move(ca_file)), allow_http_(allow_http) {}

Result<Poco::Net::Context::Ptr> HttpListPushTransport::TlsContext() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!context_) {
    runtime::ClientTlsFiles files;
    files.ca_file = ca_file_;  // garantd presents no client certificate
    GARANT_ASSIGN_OR_RETURN(runtime::ClientTls tls, runtime::ClientTls::Create(files));
    context_ = Poco::Net::Context::Ptr(tls.context(), /*shared=*/true);
  }
  return context_;
}

Status HttpListPushTransport::Push(const std::string& url, int64_t version,
                                   std::string_view pseudonym_key_id, std::string_view document) {
  try {
    Poco::URI uri(url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
      GARANT_ASSIGN_OR_RETURN(Poco::Net::Context::Ptr ctx, TlsContext());
      session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), ctx);
    } else if (uri.getScheme() == "http" && !allow_http_) {
      return Status::FailedPrecondition(
          "http:// consumers are refused outside --dev: register an https:// URL");
    } else if (uri.getScheme() == "http") {
      session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    } else {
      return Status::FailedPrecondition("consumer URLs must be http:// or https://");
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(timeout_.count()), 0));
    std::string path = uri.getPathAndQuery();
    if (path.empty()) path = "/";
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(document.size()));
    req.set("X-Garant-List-Version", std::to_string(version));
    req.set("X-Garant-Pseudonym-Key-Id", std::string(pseudonym_key_id));
    req.set("User-Agent", "garantd");
    std::ostream& body = session->sendRequest(req);
    body.write(document.data(), static_cast<std::streamsize>(document.size()));
    Poco::Net::HTTPResponse resp;
    std::istream& in = session->receiveResponse(resp);
    // Read (and drop) at most kMaxResponseBody: the status is all garantd
    // needs; the session is closed with whatever is left.
    char buf[8192];
    std::streamsize left = kMaxResponseBody;
    while (left > 0 && in.good()) {
      in.read(buf, std::min<std::streamsize>(left, sizeof buf));
      if (in.gcount() <= 0) break;
      left -= in.gcount();
    }
    const int status = static_cast<int>(resp.getStatus());
    if (status < 200 || status > 299) {
      return Status::Unavailable("the consumer answered HTTP " + std::to_string(status));
    }
    return Status::Ok();
  } catch (const Poco::Net::SSLException& e) {
    return Status::Unavailable(
        "TLS failure (certificate not trusted or not valid for the host?): " + e.displayText());
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("push failed: " + e.displayText());
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("push failed: ") + e.what());
  }
}

}  // namespace garant::server
