// Request metrics in Prometheus text format (exposition format 0.0.4):
//   garant_http_requests_total{method,route,status}
//   garant_http_request_duration_seconds{route} (histogram)
// plus gauges supplied by the caller at render time (pool usage, audit size).
// The route label is the route pattern, never the raw path, and the method
// label one of eight values, so cardinality stays bounded. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace garant::server {

// The method label: the standard methods as they are, any other "OTHER" (a
// client choosing the method must not grow the series without bound).
std::string MetricsMethod(const std::string& method);

class Metrics {
 public:
  void RecordRequest(const std::string& method, const std::string& route, int status,
                     double seconds);
  struct Gauge {
    std::string name;
    std::string help;
    std::string labels;  // e.g. state="idle" (already escaped), may be empty
    double value;
  };
  std::string Render(const std::vector<Gauge>& gauges) const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
};

}  // namespace garant::server
