// garant_bench_load: a mixed workload against the garantd of this build, as
// CONTACT would load it, for --seconds (600):
//
//   form     GET /opposition, then POST /opposition with its CSRF token and
//            cookie: --form-rps (20) submissions a second, each from its own
//            client address (X-Forwarded-For through the trusted proxy
//            127.0.0.1, as patients reach garant behind a reverse proxy),
//            over --form-connections (one per 2 submissions a second, at
//            least 2: a connection does its GET and POST in turn, so too
//            few of them cap the rate once the POST slows down);
//   events   POST /api/v1/access-events: --events-per-s (5,000) in batches
//            of --batch (500), on the demo's authorised project;
//   tiles    GET /tlog/checkpoint and full level-0 tiles: --tile-rps (500);
//   console  GET of three console pages as the demo's secretary:
//            --console-rps (5).
//
// Every minute it prints each workload's requests and errors, garantd's
// resident memory and the database's size; at the end, p50 and p99 latency
// per route and the rates reached (the form's offered and achieved
// submissions a second on their own line). Latency counts from the time a request
// was due (so a generator that falls behind shows it: no coordinated
// omission). Errors are any answer other than the expected status.
//
// Then (--compare-seconds, 30; 0 skips) the tile cache's effect: full tile
// reads as fast as --readers (4) connections go, while events are appended
// at --events-per-s, first with the tile cache (tile_cache_mib 64), then
// with a garantd restarted with tile_cache_mib 0 on the same database.
//
//   garant_bench_load [--seconds S] [--form-rps R] [--form-connections N]
//                     [--events-per-s E] [--batch B] [--tile-rps T]
//                     [--console-rps C] [--compare-seconds S] [--readers N]
//
// garantd runs --dev --demo on a throwaway data directory (its own embedded
// PostgreSQL, fsync on) next to this binary's build. Results go to
// docs/performance.md ("Load and soak").
#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "flags.h"
#include "garant/audit/tile.h"
#include "garant/core/random.h"
#include "garant/core/urlencoded.h"
#include "garantd_process.h"

namespace {

using garant::bench::Flag;

using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "garant_bench_load: %s\n", what.c_str());
  std::exit(1);
}

// ---- HTTP: one keep-alive connection per worker thread ----

struct Answer {
  int status = 0;  // 0: no answer (connection error)
  std::string body;
};

class Client {
 public:
  explicit Client(int port) : http_("127.0.0.1", static_cast<Poco::UInt16>(port)) {
    http_.setKeepAlive(true);
    http_.setTimeout(Poco::Timespan(60, 0));
  }

  Answer Do(const std::string& method, const std::string& path,
            const std::vector<std::pair<std::string, std::string>>& headers = {},
            const std::string& body = "", const std::string& content_type = "") {
    Answer a;
    try {
      Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
      for (const auto& [k, v] : headers) req.set(k, v);
      if (!cookies_.empty()) req.set("Cookie", CookieHeader());
      if (!body.empty() || method == "POST") {
        req.setContentType(content_type);
        req.setContentLength(static_cast<std::streamsize>(body.size()));
      }
      http_.sendRequest(req) << body;
      Poco::Net::HTTPResponse resp;
      std::istream& in = http_.receiveResponse(resp);
      Poco::StreamCopier::copyToString(in, a.body);
      a.status = static_cast<int>(resp.getStatus());
      std::vector<Poco::Net::HTTPCookie> cookies;
      resp.getCookies(cookies);
      for (const auto& c : cookies) cookies_[c.getName()] = c.getValue();
    } catch (const Poco::Exception& e) {
      http_.reset();
      a.body = e.displayText();
    }
    return a;
  }
  void ForgetCookies() { cookies_.clear(); }

 private:
  std::string CookieHeader() const {
    std::string h;
    for (const auto& [k, v] : cookies_) h += (h.empty() ? "" : "; ") + k + "=" + v;
    return h;
  }
  Poco::Net::HTTPClientSession http_;
  std::map<std::string, std::string> cookies_;
};

// ---- figures ----

// Latencies and errors of one route, merged from the workers at the end.
struct RouteStats {
  std::vector<double> ms;
  uint64_t errors = 0;
  std::string last_error;
};

class Recorder {
 public:
  void Add(const std::string& route, double ms, bool ok, const std::string& error = "") {
    std::lock_guard<std::mutex> lock(mu_);
    RouteStats& r = routes_[route];
    r.ms.push_back(ms);
    if (!ok) {
      ++r.errors;
      r.last_error = error.substr(0, 200);
    }
    ++minute_requests_;
    if (!ok) ++minute_errors_;
  }
  // Requests and errors since the last call.
  std::pair<uint64_t, uint64_t> TakeMinute() {
    std::lock_guard<std::mutex> lock(mu_);
    auto out = std::make_pair(minute_requests_, minute_errors_);
    minute_requests_ = minute_errors_ = 0;
    return out;
  }
  std::map<std::string, RouteStats> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(routes_, {});
  }

 private:
  std::mutex mu_;
  std::map<std::string, RouteStats> routes_;
  uint64_t minute_requests_ = 0, minute_errors_ = 0;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void PrintRoutes(std::map<std::string, RouteStats>& routes, double seconds) {
  std::printf("  %-44s %9s %8s %9s %9s %7s\n", "route", "requests", "per s", "p50 ms", "p99 ms",
              "errors");
  for (auto& [route, r] : routes) {
    std::printf("  %-44s %9zu %8.1f %9.1f %9.1f %7llu\n", route.c_str(), r.ms.size(),
                static_cast<double>(r.ms.size()) / seconds, Percentile(r.ms, 0.50),
                Percentile(r.ms, 0.99), static_cast<unsigned long long>(r.errors));
    if (r.errors > 0) std::printf("      last error: %s\n", r.last_error.c_str());
  }
}

long ResidentKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// The size of PostgreSQL's data directory (tables, indexes and WAL), in MiB.
double DataMiB(const std::filesystem::path& dir) {
  std::error_code ec;
  uintmax_t total = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return static_cast<double>(total) / (1 << 20);
}

// ---- workloads ----

// Calls `once(due)` `rate` times a second (rate may be < 1) until `stop`,
// at the times due: late calls are made at once, never skipped.
template <typename F>
void Paced(double rate, const std::atomic<bool>& stop, F once) {
  const auto interval =
      std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(1.0 / rate));
  auto due = SteadyClock::now();
  while (!stop.load()) {
    std::this_thread::sleep_until(due);
    if (stop.load()) break;
    once(due);
    due += interval;
  }
}

double MsSince(SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

struct Target {
  int port = 0;
  std::string token;  // warehouse
};

// One connection of the form's generator; `phase` (0 to 1) spaces the
// connections' submissions evenly rather than all at once.
void FormWorker(const Target& t, double rate, double phase, uint32_t seed, Recorder& rec,
                const std::atomic<bool>& stop) {
  Client c(t.port);
  std::this_thread::sleep_for(std::chrono::duration<double>(phase / rate));
  std::mt19937 rng(seed);
  const std::regex token_re("name=\"csrf_token\" value=\"([0-9a-f]{64})\"");
  static const char* kNames[] = {"Martin",  "Bernard", "Dubois", "Thomas", "Robert",
                                 "Richard", "Petit",   "Durand", "Leroy",  "Moreau"};
  static const char* kGiven[] = {"Camille", "Louise", "Léa", "Gabriel", "Hugo", "Jules"};
  Paced(rate, stop, [&](SteadyClock::time_point due) {
    // A new visitor: no cookie, an address of its own behind the proxy.
    c.ForgetCookies();
    const std::string address = "10." + std::to_string(rng() % 256) + "." +
                                std::to_string(rng() % 256) + "." + std::to_string(rng() % 254 + 1);
    const std::vector<std::pair<std::string, std::string>> via = {{"X-Forwarded-For", address}};
    Answer page = c.Do("GET", "/opposition", via);
    rec.Add("GET /opposition", MsSince(due), page.status == 200, page.body);
    std::smatch m;
    if (page.status != 200 || !std::regex_search(page.body, m, token_re)) return;
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04u-%02u-%02u", static_cast<unsigned>(1930 + rng() % 90),
                  static_cast<unsigned>(1 + rng() % 12), static_cast<unsigned>(1 + rng() % 28));
    const std::string body =
        "csrf_token=" + m[1].str() + "&birth_name=" + garant::UrlEncode(kNames[rng() % 10]) +
        "&given_names=" + garant::UrlEncode(kGiven[rng() % 6]) + "&birth_date=" + birth +
        "&sex=" + (rng() % 2 ? "F" : "M") + "&requester=patient&scope=all";
    const auto sent = SteadyClock::now();
    Answer post = c.Do("POST", "/opposition", via, body, "application/x-www-form-urlencoded");
    const bool ok = post.status == 200 && post.body.find("OPP-") != std::string::npos;
    rec.Add("POST /opposition", MsSince(sent), ok, std::to_string(post.status) + " " + post.body);
  });
}

std::string EventsBody(garant::Random& random, uint64_t n, uint64_t seq) {
  // Occurred a minute ago: within every rule's window, never in the future.
  const auto now = std::chrono::system_clock::now() - 60s;
  const std::time_t tt = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char at[32];
  std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string body = "{\"events\":[";
  for (uint64_t i = 0; i < n; ++i) {
    if (i > 0) body += ',';
    const std::string patients =
        "\"" + random.Hex(32) + "\",\"" + random.Hex(32) + "\",\"" + random.Hex(32) + "\"";
    body += "{\"id\":\"" + random.Uuid4() + "\",\"occurred_at\":\"" + at +
            "\",\"account\":\"chercheur.moreau\",\"action\":\"query\","
            "\"project\":\"CONTACT-2026-001\",\"domains\":[\"visits\"],"
            "\"query_fingerprint\":\"q" +
            std::to_string((seq * n + i) % 97) + "\",\"returned_count\":3,\"patients\":[" +
            patients + "],\"source\":\"entrepot-1\",\"outcome\":\"success\"}";
  }
  return body + "]}";
}

void EventsWorker(const Target& t, double batches_per_s, uint64_t batch, Recorder& rec,
                  const std::atomic<bool>& stop) {
  Client c(t.port);
  garant::Random& random = garant::SecureRandom::Instance();
  uint64_t seq = 0;
  Paced(batches_per_s, stop, [&](SteadyClock::time_point due) {
    const std::string body = EventsBody(random, batch, seq++);
    Answer a = c.Do("POST", "/api/v1/access-events", {{"Authorization", "Bearer " + t.token}}, body,
                    "application/json");
    rec.Add("POST /api/v1/access-events", MsSince(due), a.status == 200,
            std::to_string(a.status) + " " + a.body);
  });
}

// The number of full level-0 tiles under a checkpoint note (its second line
// is the tree size); 0 if it does not parse.
uint64_t FullTilesOf(const std::string& checkpoint) {
  const size_t nl = checkpoint.find('\n');
  if (nl == std::string::npos) return 0;
  return std::strtoull(checkpoint.c_str() + nl + 1, nullptr, 10) / garant::audit::kTileWidth;
}

// The number of full level-0 tiles under the latest checkpoint (0 if none).
uint64_t FullTiles(Client& c) {
  Answer cp = c.Do("GET", "/tlog/checkpoint");
  return cp.status == 200 ? FullTilesOf(cp.body) : 0;
}

// One tile read: a checkpoint every tenth request, else a full tile.
void TileRead(Client& c, std::mt19937& rng, uint64_t& tiles, uint64_t& count,
              SteadyClock::time_point due, Recorder& rec) {
  if (count++ % 10 == 0 || tiles == 0) {
    Answer a = c.Do("GET", "/tlog/checkpoint");
    rec.Add("GET /tlog/checkpoint", MsSince(due), a.status == 200, a.body);
    if (a.status == 200) tiles = FullTilesOf(a.body);
    return;
  }
  namespace audit = garant::audit;
  const std::string path = "/tlog/" + audit::TilePath({0, rng() % tiles, audit::kTileWidth});
  Answer a = c.Do("GET", path);
  const size_t full = audit::kTileWidth * audit::kDigestSize;
  rec.Add("GET /tlog/tile/0/{n}", MsSince(due), a.status == 200 && a.body.size() == full,
          std::to_string(a.status) + " " + a.body.substr(0, 100));
}

void TileWorker(const Target& t, double rate, uint32_t seed, Recorder& rec,
                const std::atomic<bool>& stop) {
  Client c(t.port);
  std::mt19937 rng(seed);
  uint64_t tiles = FullTiles(c), count = 0;
  Paced(rate, stop, [&](SteadyClock::time_point due) { TileRead(c, rng, tiles, count, due, rec); });
}

void ConsoleWorker(const Target& t, double rate, Recorder& rec, const std::atomic<bool>& stop) {
  Client c(t.port);
  Answer login =
      c.Do("POST", "/api/v1/session", {},
           R"({"username":"secretaire","password":"garant-demo-secretaire"})", "application/json");
  if (login.status != 201) Die("secretary login: HTTP " + std::to_string(login.status));
  static const char* kPages[] = {"/console", "/console/gouvernance",
                                 "/console/gouvernance/comites/1"};
  uint64_t i = 0;
  Paced(rate, stop, [&](SteadyClock::time_point due) {
    const char* page = kPages[i++ % 3];
    Answer a = c.Do("GET", page);
    rec.Add(std::string("GET ") + page, MsSince(due), a.status == 200,
            std::to_string(a.status) + " " + a.body.substr(0, 100));
  });
}

// The demo (accounts, projects, authorisations) is seeded by the first
// garantd only.
std::string Config(int tile_cache_mib, bool demo) {
  return std::string(demo ? "demo = true\n" : "") +
         "trusted_proxies = 127.0.0.1/32\n"
         "exclusion_publish_interval_seconds = 30\n"
         "tile_cache_mib = " +
         std::to_string(tile_cache_mib) + "\n";
}

// One form connection per 2 submissions a second, at least 2.
uint64_t DefaultFormConnections(double form_rps) {
  return std::max<uint64_t>(2, static_cast<uint64_t>(std::ceil(form_rps / 2)));
}

// The form's submissions a second: offered (--form-rps) and achieved (POST
// /opposition answered with a receipt). Achieved below offered: the
// generator fell behind (its late submissions are made at once, never
// skipped, so the backlog shows in the GET's latency too).
void PrintFormRate(const std::map<std::string, RouteStats>& routes, double form_rps,
                   uint64_t connections, double seconds) {
  uint64_t accepted = 0, failed = 0;
  if (auto it = routes.find("POST /opposition"); it != routes.end()) {
    failed = it->second.errors;
    accepted = it->second.ms.size() - failed;
  }
  std::printf(
      "\nform: %.1f submissions/s offered on %llu connections, %.1f/s achieved "
      "(%llu receipts in %.0f s, %llu failed)\n",
      form_rps, static_cast<unsigned long long>(connections),
      static_cast<double>(accepted) / seconds, static_cast<unsigned long long>(accepted), seconds,
      static_cast<unsigned long long>(failed));
}

std::filesystem::path BinDir(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(argv0);
  return self.parent_path();
}

// Full tile reads as fast as `readers` connections go for `seconds`, while
// events are appended: reads/s and latency.
void CompareRun(const char* label, const Target& t, uint64_t seconds, uint64_t readers,
                double batches_per_s, uint64_t batch) {
  Recorder rec;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  threads.emplace_back([&] { EventsWorker(t, batches_per_s, batch, rec, stop); });
  for (uint64_t r = 0; r < readers; ++r) {
    threads.emplace_back([&, r] {
      Client c(t.port);
      std::mt19937 rng(static_cast<uint32_t>(100 + r));
      uint64_t tiles = FullTiles(c), count = 1;  // count 1: tiles first
      while (!stop.load()) {
        TileRead(c, rng, tiles, count, SteadyClock::now(), rec);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  std::printf("\n%s (%llu s, %llu readers, events appended meanwhile):\n", label,
              static_cast<unsigned long long>(seconds), static_cast<unsigned long long>(readers));
  auto routes = rec.Take();
  PrintRoutes(routes, static_cast<double>(seconds));
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t seconds = Flag(argc, argv, "--seconds", 600);
  const double form_rps = static_cast<double>(Flag(argc, argv, "--form-rps", 20));
  // No form at --form-rps 0 (and no connection for it).
  const uint64_t form_connections =
      form_rps > 0 ? std::max<uint64_t>(1, Flag(argc, argv, "--form-connections",
                                                DefaultFormConnections(form_rps)))
                   : 0;
  const uint64_t events_per_s = Flag(argc, argv, "--events-per-s", 5000);
  const uint64_t batch = std::max<uint64_t>(1, Flag(argc, argv, "--batch", 500));
  const double tile_rps = static_cast<double>(Flag(argc, argv, "--tile-rps", 500));
  const double console_rps = static_cast<double>(Flag(argc, argv, "--console-rps", 5));
  const uint64_t compare_seconds = Flag(argc, argv, "--compare-seconds", 30);
  const uint64_t readers = std::max<uint64_t>(1, Flag(argc, argv, "--readers", 4));
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  char tmpl[] = "/tmp/garant-bench-load-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp failed");
  const std::filesystem::path dir = tmpl;
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all |
                                        std::filesystem::perms::group_exec |
                                        std::filesystem::perms::others_exec);
  const std::filesystem::path bin = BinDir(argv[0]).parent_path() / "bin";
  // The events go in batches over several connections (one batch is a
  // transaction of its own in garantd: several in flight use both cores).
  constexpr int kEventConnections = 4;
  constexpr int kTileConnections = 2;
  const double batches_per_s = static_cast<double>(events_per_s) / static_cast<double>(batch);

  {
    auto g = std::make_unique<garant::bench::GarantdProcess>(bin, dir, Config(64, true));
    if (auto st = g->Start(); !st.ok()) Die(st.ToString());
    const Target t{g->port(), g->token()};
    std::printf(
        "garant_bench_load: garantd --dev --demo on port %d; %llu s: form %.0f/s (%llu "
        "connections), events %llu/s (batches of %llu), tiles %.0f/s, console %.0f/s\n",
        t.port, static_cast<unsigned long long>(seconds), form_rps,
        static_cast<unsigned long long>(form_connections),
        static_cast<unsigned long long>(events_per_s), static_cast<unsigned long long>(batch),
        tile_rps, console_rps);
    // Entries for the tile readers: ten seconds of events first (full tiles
    // under a checkpoint).
    {
      Recorder warm;
      std::atomic<bool> stop{false};
      std::thread w([&] { EventsWorker(t, batches_per_s, batch, warm, stop); });
      std::this_thread::sleep_for(10s);
      stop = true;
      w.join();
      std::this_thread::sleep_for(2s);  // a checkpoint over them
    }

    Recorder rec;
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (uint64_t i = 0; i < form_connections; ++i) {
      threads.emplace_back([&, i] {
        FormWorker(t, form_rps / static_cast<double>(form_connections),
                   static_cast<double>(i) / static_cast<double>(form_connections),
                   static_cast<uint32_t>(i + 1), rec, stop);
      });
    }
    for (int i = 0; i < kEventConnections; ++i) {
      threads.emplace_back(
          [&] { EventsWorker(t, batches_per_s / kEventConnections, batch, rec, stop); });
    }
    for (int i = 0; i < kTileConnections; ++i) {
      threads.emplace_back([&, i] {
        TileWorker(t, tile_rps / kTileConnections, static_cast<uint32_t>(i + 10), rec, stop);
      });
    }
    threads.emplace_back([&] { ConsoleWorker(t, console_rps, rec, stop); });

    std::printf("%6s %10s %8s %12s %14s\n", "minute", "requests", "errors", "garantd RSS",
                "PostgreSQL MiB");
    const auto start = SteadyClock::now();
    for (uint64_t minute = 1; minute * 60 <= seconds || minute == 1; ++minute) {
      std::this_thread::sleep_until(start + std::chrono::seconds(std::min(minute * 60, seconds)));
      auto [requests, errors] = rec.TakeMinute();
      std::printf("%6llu %10llu %8llu %9.1f MB %14.1f\n", static_cast<unsigned long long>(minute),
                  static_cast<unsigned long long>(requests),
                  static_cast<unsigned long long>(errors),
                  static_cast<double>(ResidentKb(g->pid())) / 1024.0, DataMiB(dir / "pg"));
      if (minute * 60 >= seconds) break;
    }
    // The rates are over the time the workers were running (not the wait
    // for a worker's next due time after it, up to 1/rate).
    const double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
    stop = true;
    for (auto& th : threads) th.join();
    std::printf("\nper route over %.0f s:\n", elapsed);
    auto routes = rec.Take();
    PrintRoutes(routes, elapsed);
    PrintFormRate(routes, form_rps, form_connections, elapsed);

    if (compare_seconds > 0) {
      CompareRun("tile reads with the tile cache (tile_cache_mib 64)", t, compare_seconds, readers,
                 batches_per_s, batch);
    }
  }  // garantd stops
  if (compare_seconds > 0) {
    garant::bench::GarantdProcess g(bin, dir, Config(0, false));
    if (auto st = g.Start(); !st.ok()) Die(st.ToString());
    CompareRun("tile reads without the tile cache (tile_cache_mib 0)", {g.port(), g.token()},
               compare_seconds, readers, batches_per_s, batch);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
