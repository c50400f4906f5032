// The handler shape (server/DESIGN.md, "Handlers"): a handler returns a
// Status and never sends an error itself; only the Dispatcher may call
// HttpExchange::SendError. Checked at compile time.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <type_traits>

#include "http/router.h"

namespace garant::server {
namespace {

template <typename E>
concept CanSendStatusError = requires(E& ex, const Status& st) {
  ex.SendError(st);
};
template <typename E>
concept CanSendCodedError = requires(E& ex, const std::string& message) {
  ex.SendError(404, "not_found", message);
};

static_assert(!CanSendStatusError<HttpExchange>,
              "handlers return a Status: SendError is private to the Dispatcher");
static_assert(!CanSendCodedError<HttpExchange>,
              "handlers return a Status: SendError is private to the Dispatcher");
static_assert(std::is_same_v<Handler, std::function<Status(HttpExchange&)>>);
static_assert(std::is_aggregate_v<Route>, "routes are written with designated initialisers");

TEST(HandlerShape, RoutesAreDesignatedAggregatesWithStatusHandlers) {
  Route r{.method = "GET",
          .pattern = "/x/{id}",
          .kind = ResponseKind::kHtml,
          .access = Access::kPublic,
          .csrf = CsrfRule::kNone,
          .handler = [](HttpExchange&) { return Status::NotFound("no such x"); }};
  EXPECT_TRUE(r.roles.empty());
  EXPECT_EQ(r.access, Access::kPublic);
  ASSERT_TRUE(r.handler);
}

TEST(HandlerShape, DefaultsDenyAndCheckCsrf) {
  Route r{.method = "POST", .pattern = "/y", .handler = [](HttpExchange&) {
            return Status::Internal("not called");
          }};
  EXPECT_EQ(r.kind, ResponseKind::kJson);
  EXPECT_EQ(r.access, Access::kRoles);
  EXPECT_TRUE(r.roles.empty());  // no role listed: nobody may call it
  EXPECT_EQ(r.csrf, CsrfRule::kSession);
}

}  // namespace
}  // namespace garant::server
