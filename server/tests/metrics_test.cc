// Metrics: the method label is bounded (unknown methods are OTHER).
#include "http/metrics.h"

#include <gtest/gtest.h>

namespace garant::server {
namespace {

TEST(MetricsTest, UnknownMethodsAreCountedAsOther) {
  EXPECT_EQ(MetricsMethod("GET"), "GET");
  EXPECT_EQ(MetricsMethod("OPTIONS"), "OPTIONS");
  EXPECT_EQ(MetricsMethod("get"), "OTHER");
  EXPECT_EQ(MetricsMethod("BREW"), "OTHER");
  Metrics m;
  for (int i = 0; i < 100; ++i) m.RecordRequest("X" + std::to_string(i), "unmatched", 405, 0.001);
  m.RecordRequest("POST", "/opposition", 200, 0.001);
  std::string text = m.Render({});
  EXPECT_NE(
      text.find(
          "garant_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"405\"} 100"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("method=\"POST\""), std::string::npos);
  EXPECT_EQ(text.find("method=\"X1\""), std::string::npos);
}

}  // namespace
}  // namespace garant::server
