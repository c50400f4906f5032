#include "http/connection.h"

#include <Poco/Delegate.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <array>
#include <memory>

namespace garant::server {

HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket,
                               Poco::Net::HTTPServerParams::Ptr params,
                               Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                               ForwardingFactory& forwarding, RequestDeadlines& deadlines)
    : TCPServerConnection(socket),
      params_(std::move(params)),
      handlers_(std::move(handlers)),
      forwarding_(forwarding),
      deadlines_(deadlines) {
  forwarding_.stop_notice() += Poco::delegate(this, &HttpConnection::OnServerStopped);
}

HttpConnection::~HttpConnection() {
  try {
    forwarding_.stop_notice() -= Poco::delegate(this, &HttpConnection::OnServerStopped);
  } catch (...) {  // a destructor does not throw
  }
}

void HttpConnection::run() {
  deadlines_.Arm(socket());
  try {
    Serve();
  } catch (...) {
    deadlines_.Disarm(socket());
    throw;
  }
  deadlines_.Disarm(socket());
}

void HttpConnection::Serve() {
  Poco::Net::HTTPServerSession session(socket(), params_);
  const std::string software = params_->getSoftwareVersion();
  while (!stopped_ && session.hasMoreRequests()) {
    std::lock_guard lock(serving_);
    if (stopped_) break;
    bool read = false;
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      // Reads the request line and the headers.
      Poco::Net::HTTPServerRequestImpl request(response, session, params_);
      read = true;
      response.setDate(Poco::Timestamp());
      response.setVersion(request.getVersion());
      response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() &&
                            session.canKeepAlive());
      if (!software.empty()) response.set("Server", software);
      std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
          handlers_->createRequestHandler(request));
      if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
        response.sendContinue();
      }
      // The Dispatcher catches what a handler throws, and always answers.
      handler->handleRequest(request, response);
      session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() &&
                           session.canKeepAlive());
      continue;
    } catch (const Poco::Net::NoMessageException&) {
      if (read) throw;
      return;  // the client closed a kept-alive connection, or sent nothing
    } catch (const Poco::Net::MessageException&) {
      if (read) throw;  // malformed request line or header, or over Poco's limits
    } catch (const Poco::SyntaxException&) {
      if (read) throw;  // a Content-Length that is not a number
    }
    // The request could not be read. A fresh response: the one above was
    // tied to the request object that failed to construct.
    if (session.networkException() != nullptr) return;
    Poco::Net::HTTPServerResponseImpl refusal(session);
    refusal.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    refusal.setDate(Poco::Timestamp());
    forwarding_.SendMalformedRequest(refusal);
    session.setKeepAlive(false);
    DrainInput();
    return;
  }
}

void HttpConnection::DrainInput() {
  try {
    socket().setReceiveTimeout(Poco::Timespan(0, 500'000));
    std::array<char, 16 * 1024> buffer{};
    size_t total = 0;
    while (total < (1U << 20)) {
      const int n = socket().receiveBytes(buffer.data(), static_cast<int>(buffer.size()));
      if (n <= 0) break;
      total += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {  // a pause (timeout), a reset: done
  }
}

void HttpConnection::OnServerStopped(const bool& abort_current) {
  stopped_ = true;
  try {
    if (abort_current) {
      socket().shutdown();
    } else {
      // After the request being served, if any: an idle kept-alive
      // connection ends now.
      std::lock_guard lock(serving_);
      socket().shutdown();
    }
  } catch (...) {  // already closed
  }
}

}  // namespace garant::server
