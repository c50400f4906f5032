#include "garant/witness/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <istream>
#include <string>
#include <thread>

#include "garant/core/logging.h"

namespace garant::witness {
namespace {

using Poco::Net::HTTPRequestHandler;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void Send(HTTPServerResponse& res, int status, std::string_view content_type,
          const std::string& body) {
  res.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  res.setContentType(std::string(content_type));
  res.set("Cache-Control", "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.setContentLength(static_cast<std::streamsize>(body.size()));
  res.send() << body;
}

class Handler final : public HTTPRequestHandler {
 public:
  explicit Handler(Witness& witness) : witness_(witness) {}

  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& res) override {
    constexpr std::string_view kText = "text/plain; charset=utf-8";
    const std::string& path = req.getURI();
    if (path == "/healthz" && (req.getMethod() == "GET" || req.getMethod() == "HEAD")) {
      Send(res, 200, kText, "ok\n");
      return;
    }
    if (path != "/add-checkpoint") {
      Send(res, 404, kText, "not found\n");
      return;
    }
    if (req.getMethod() != "POST") {
      res.set("Allow", "POST");
      Send(res, 405, kText, "add-checkpoint wants POST\n");
      return;
    }
    if (req.hasContentLength() &&
        req.getContentLength64() > static_cast<Poco::Int64>(kMaxRequestBody)) {
      res.setKeepAlive(false);  // the body is not read
      Send(res, 413, kText, "body too large\n");
      return;
    }
    // Read at most one byte past the limit (chunked bodies have no length).
    std::string body;
    body.resize(kMaxRequestBody + 1);
    std::istream& in = req.stream();
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    body.resize(static_cast<size_t>(in.gcount()));
    if (body.size() > kMaxRequestBody) {
      res.setKeepAlive(false);
      Send(res, 413, kText, "body too large\n");
      return;
    }
    if (req.hasContentLength() &&
        static_cast<Poco::Int64>(body.size()) != req.getContentLength64()) {
      res.setKeepAlive(false);
      Send(res, 400, kText, "body shorter than its Content-Length\n");
      return;
    }
    const Outcome out = witness_.AddCheckpoint(body);
    const int status = HttpStatus(out.verdict);
    if (status != 200) {
      spdlog::warn("witness: add-checkpoint for '{}' refused: {} ({})", out.origin,
                   VerdictName(out.verdict), status);
    }
    Send(res, status, out.content_type, out.body);
  }

 private:
  Witness& witness_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Witness& witness) : witness_(witness) {}
  HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(witness_);  // NOLINT: Poco owns and deletes it
  }

 private:
  Witness& witness_;
};

}  // namespace

struct HttpServer::Impl {
  // The server's own threads (not Poco's default pool): Stop joins them, so
  // no request runs once it returns.
  std::unique_ptr<Poco::ThreadPool> threads;
  std::unique_ptr<Poco::Net::HTTPServer> server;
};

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const Options& o, Witness& witness) {
  std::unique_ptr<HttpServer> s(new HttpServer());
  s->impl_ = std::make_unique<Impl>();
  try {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(o.bind, static_cast<Poco::UInt16>(o.port)), true);
    socket.listen(64);
    s->port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(o.threads);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(10, 0));
    params->setKeepAliveTimeout(Poco::Timespan(30, 0));
    params->setServerName("garant-witness");
    // The connections' threads, and the dispatcher's (as garantd's listener).
    s->impl_->threads = std::make_unique<Poco::ThreadPool>(2, o.threads + 2);
    s->impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(witness),
                                                               *s->impl_->threads, socket, params);
    s->impl_->server->start();
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition("cannot listen on " + o.bind + ":" + std::to_string(o.port) +
                                      ": " + e.displayText());
  }
  return s;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Stop() {
  if (!impl_) return;
  if (impl_->server) {
    // No new connections; the open ones are shut down, and the requests
    // already running finish (a handler may be writing the witness's state).
    impl_->server->stopAll(true);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (impl_->server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    impl_->server.reset();
  }
  if (impl_->threads) {
    // Every handler has returned: the witness may be destroyed now.
    impl_->threads->joinAll();
    impl_->threads.reset();
  }
}

}  // namespace garant::witness
