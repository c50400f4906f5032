// What a service may report on POST /api/v1/audit/events beyond the leaf
// grammar (audit/reported_events.h): garant's own type roots are refused,
// and so is a time more than 5 minutes ahead, exactly at the boundary.
#include "audit/reported_events.h"

#include <gtest/gtest.h>

#include <string>

namespace garant::server {
namespace {

const TimePoint kNow = FromUnixMicros(1'800'000'000'000'000);

audit::Event Reported(std::string type, TimePoint time = kNow) {
  audit::Event e;
  e.id = "0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10";
  e.type = std::move(type);
  e.time = time;
  e.actor = "service:t";
  e.object = "project/P-1";
  e.payload = "{}";
  return e;
}

TEST(ReportedEvents, GarantsOwnTypeRootsAreRefused) {
  for (const char* root : {"objection", "staff", "exclusion", "keys", "gov", "governance", "audit",
                           "access", "service_token", "finding", "rights", "case", "notice"}) {
    for (const std::string& type :
         {std::string(root), std::string(root) + ".x", std::string(root) + ".created.again"}) {
      Status st = CheckReportedEvent(Reported(type), kNow);
      EXPECT_EQ(st.code(), Code::kInvalidArgument) << type;
      EXPECT_EQ(st.reason(), kReasonReservedEventType) << type;
      EXPECT_TRUE(IsReservedEventType(type)) << type;
    }
  }
  // Every listed root is tested above, and no other.
  EXPECT_EQ(kReservedEventTypeRoots.size(), 13u);
}

TEST(ReportedEvents, OtherTypesAreTheServicesOwn) {
  // Roots that only begin like a reserved one, or hold one further on.
  for (const char* type : {"filter.run", "warehouse.query", "accesses.query", "access_log.x",
                           "objections", "gov2.vote", "cases.x", "entrepot.access.query",
                           "keysmith", "auditor.read", "staffing.plan"}) {
    EXPECT_TRUE(CheckReportedEvent(Reported(type), kNow).ok()) << type;
    EXPECT_FALSE(IsReservedEventType(type)) << type;
  }
}

TEST(ReportedEvents, AtMostFiveMinutesAhead) {
  const auto five = std::chrono::minutes(5);
  const auto us = std::chrono::microseconds(1);
  EXPECT_TRUE(CheckReportedEvent(Reported("filter.run", kNow + five), kNow).ok());
  Status late = CheckReportedEvent(Reported("filter.run", kNow + five + us), kNow);
  EXPECT_EQ(late.code(), Code::kInvalidArgument);
  EXPECT_EQ(late.reason(), kReasonEventTimeInFuture);
  EXPECT_NE(late.message().find("5 minutes"), std::string::npos) << late.message();
  // No lower bound: a late report is a fact, not an error.
  EXPECT_TRUE(CheckReportedEvent(Reported("filter.run", FromUnixMicros(0)), kNow).ok());
  EXPECT_TRUE(CheckReportedEvent(Reported("filter.run", kNow), kNow).ok());
}

TEST(ReportedEvents, TheTypeIsJudgedBeforeTheTime) {
  Status st = CheckReportedEvent(Reported("access.query", kNow + std::chrono::hours(1)), kNow);
  EXPECT_EQ(st.reason(), kReasonReservedEventType);
}

}  // namespace
}  // namespace garant::server
