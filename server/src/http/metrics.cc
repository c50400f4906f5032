#include "http/metrics.h"

#include <sstream>

namespace garant::server {
namespace {
std::string EscapeLabel(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

std::string MetricsMethod(const std::string& method) {
  static const char* const kKnown[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  for (const char* m : kKnown) {
    if (method == m) return method;
  }
  return "OTHER";
}

void Metrics::RecordRequest(const std::string& method, const std::string& route, int status,
                            double seconds) {
  std::lock_guard lock(mu_);
  requests_[{MetricsMethod(method), route, status}]++;
  Histogram& h = durations_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) h.buckets[i]++;
  }
  h.count++;
  h.sum += seconds;
}

std::string Metrics::Render(const std::vector<Gauge>& gauges) const {
  std::ostringstream out;
  {
    std::lock_guard lock(mu_);
    out << "# HELP garant_http_requests_total HTTP requests served, by route pattern and status.\n"
        << "# TYPE garant_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      out << "garant_http_requests_total{method=\"" << EscapeLabel(method) << "\",route=\""
          << EscapeLabel(route) << "\",status=\"" << status << "\"} " << n << "\n";
    }
    out << "# HELP garant_http_request_duration_seconds Time to serve a request.\n"
        << "# TYPE garant_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : durations_) {
      std::string r = EscapeLabel(route);
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out << "garant_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\""
            << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
      }
      out << "garant_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} "
          << h.count << "\n";
      out << "garant_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << "\n";
      out << "garant_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count
          << "\n";
    }
  }
  std::string last;
  for (const Gauge& g : gauges) {
    if (g.name != last) {
      out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n";
      last = g.name;
    }
    out << g.name;
    if (!g.labels.empty()) out << "{" << g.labels << "}";
    out << " " << g.value << "\n";
  }
  return out.str();
}

}  // namespace garant::server
