// The Dispatcher over a real socket (Poco's HTTPServer on 127.0.0.1, port 0)
// with routes whose handlers fail on purpose: what a client sees when a page
// or an API route fails internally (a French HTML page or the JSON error, both
// saying only "internal error"), and how the request path is decoded. The
// real garantd routes are tested end to end in tests/e2e; a handler that fails
// on demand exists only here.
#include "http/dispatcher.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "garant/core/clock.h"
#include "garant/core/random.h"
#include "garant/sql/migrations.h"
#include "http/pages.h"
#include "pg_cluster.h"

namespace garant::server {
namespace {

// What the failing handlers know and a client must never see.
constexpr const char* kSecretDetail = "tile hash is not 32 bytes (row 42, secret-detail)";

struct Answer {
  int status = 0;
  std::string content_type;
  std::string body;
};

class DispatcherTest : public ::testing::Test {
 protected:
  // The templates are loaded once per process (as garantd does at start).
  static void SetUpTestSuite() {
    Status pages = InitPages();
    ASSERT_TRUE(pages.ok()) << pages.ToString();
  }

  void SetUp() override {
    auto db = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    HttpExchange::SetErrorPageRenderer(&RenderErrorPage);
    services_ = std::make_unique<Services>(config_, *db_.pool, SecureRandom::Instance(),
                                           SystemClock::Instance());
    auto page = [](std::string pattern, Handler h) {
      return Route{.method = "GET",
                   .pattern = std::move(pattern),
                   .kind = ResponseKind::kHtml,
                   .access = Access::kPublic,
                   .csrf = CsrfRule::kNone,
                   .handler = std::move(h)};
    };
    router_.Add(page("/page/throws",
                     [](HttpExchange&) -> Status { throw std::runtime_error(kSecretDetail); }));
    router_.Add(page("/page/fails", [](HttpExchange&) { return Status::Internal(kSecretDetail); }));
    router_.Add(page("/page/data-loss", [](HttpExchange&) {
      return Status::DataLoss(kSecretDetail).WithReason("tile_hash_size");
    }));
    router_.Add(page("/page/silent", [](HttpExchange&) { return Status::Ok(); }));
    router_.Add(
        Route{.method = "GET",
              .pattern = "/api/v1/fails",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange&) -> Status { throw std::runtime_error(kSecretDetail); }});
    router_.Add(Route{.method = "GET",
                      .pattern = "/echo/{word}",
                      .kind = ResponseKind::kText,
                      .access = Access::kPublic,
                      .csrf = CsrfRule::kNone,
                      .handler = [](HttpExchange& ex) -> Status {
                        ex.SendText(200, "text/plain; charset=utf-8",
                                    ex.path() + "|" + ex.params().at("word") + "|" +
                                        ex.Query("q").value_or("-"));
                        return Status::Ok();
                      }});
    dispatcher_ = std::make_unique<Dispatcher>(router_, *services_);

    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;  // NOLINT: HTTPServer takes ownership
    params->setMaxThreads(2);
    params->setKeepAlive(false);
    threads_ = std::make_unique<Poco::ThreadPool>(1, 4);
    http_ = std::make_unique<Poco::Net::HTTPServer>(new ForwardingFactory(*dispatcher_), *threads_,
                                                    socket, params);
    http_->start();
  }

  void TearDown() override {
    if (http_) http_->stopAll(true);
    http_.reset();
    if (threads_) threads_->joinAll();
  }

  Answer Get(const std::string& target) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, target,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    Answer a;
    a.status = static_cast<int>(resp.getStatus());
    a.content_type = resp.getContentType();
    Poco::StreamCopier::copyToString(in, a.body);
    return a;
  }

  Config config_;
  testsupport::MigratedDatabase db_;
  std::unique_ptr<Services> services_;
  Router router_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> http_;
  int port_ = 0;
};

// A page route that fails internally, by an exception, an internal or a
// data-loss Status, or by answering nothing, answers the French HTML error
// page with status 500 and nothing of the failure.
TEST_F(DispatcherTest, APageThatFailsAnswersTheFrenchInternalErrorPage) {
  for (const char* path : {"/page/throws", "/page/fails", "/page/data-loss", "/page/silent"}) {
    SCOPED_TRACE(path);
    Answer a = Get(path);
    EXPECT_EQ(a.status, 500);
    EXPECT_EQ(a.content_type, "text/html; charset=utf-8");
    EXPECT_NE(a.body.find("<html lang=\"fr\">"), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("Erreur du service"), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("Une erreur interne est survenue. Réessayez plus tard."),
              std::string::npos)
        << a.body;
    EXPECT_EQ(a.body.find("secret-detail"), std::string::npos) << a.body;
    EXPECT_EQ(a.body.find("tile_hash_size"), std::string::npos) << a.body;
    EXPECT_EQ(a.body.find("\"error\""), std::string::npos) << "JSON on a page route";
  }
}

// The same failure on an API route: the JSON error, "internal error" only.
TEST_F(DispatcherTest, AnApiRouteThatThrowsAnswersInternalErrorInJson) {
  Answer a = Get("/api/v1/fails");
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(a.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(a.body, "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}\n");
}

// A '+' in a path is a '+' (RFC 3986); only query strings and forms decode
// it as a space. Percent-escapes are decoded in both.
TEST_F(DispatcherTest, APlusInThePathStaysAPlusButIsASpaceInTheQuery) {
  Answer a = Get("/echo/a+b%2Bc%20d?q=e+f%2Bg");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "/echo/a+b+c d|a+b+c d|e f+g");
}

}  // namespace
}  // namespace garant::server
