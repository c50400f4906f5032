// garant_bench_trail: trail exports (docs/audit-trail-exports.md).
//
//   1. loads --events access events through AccessStore::RecordBatch (the
//      real path: leaves, side table, checks), each with --patients inline
//      patients drawn from --people tokens, so (event, patient) pairs =
//      events × patients; spread over the working hours of the weekdays of
//      2026 and over --accounts accounts (one event in 50 by an account no
//      authorisation names: a finding); signs a checkpoint;
//   2. the auditor's views, as the desk reads them (access/views.h), each
//      with its latency (p50 / p99 / max) and the plans (auto_explain, with
//      ANALYZE) of every query it runs:
//      - the trail of a person: ReadTrail (the export's cursor) and
//        ReadPersonTrail (the page) for --lookups random tokens;
//      - the trail of an account over a calendar month (ReadAccountTrail);
//      - the project report over the year and over a month
//        (ReadProjectReport);
//   3. exports of the whole project (every event) as FHIR and as JSON Lines
//      into a sink that discards the bytes: entries/s and bytes/s, with the
//      process's resident memory (VmRSS) before, at its highest during, and
//      after the export (sampled every 1,000 entries): flat means constant
//      memory.
//
//   garant_bench_trail [--events N] [--patients K] [--people P] [--lookups L]
//                      [--accounts A] [--plans 0|1] [--shared-buffers-mb M]
//                      [--views 0|1] [--exports R] [--keep-exports DIR]
//
// --views 0 skips step 2 (the exports only); --exports R times each export R
// times, alternating the formats (--exports 0 skips step 3); --keep-exports DIR writes the first
// export of each format to DIR/trail.fhir.json and DIR/trail.jsonl. The dataset is the same from
// run to run (event and finding ids from a seeded generator), so the exports of two builds can be
// compared byte for byte.
//
// --shared-buffers-mb M (default 0: PostgreSQL's 128 MB) sizes the server
// as a production host would (shared_buffers M MB, max_wal_size 8 GB): the
// runs at 10^7 and 10^8 pairs use it (docs/performance.md).
//
// Fresh durable cluster in a temporary directory, deleted at the end.
// Results go to docs/performance.md ("Trail exports").
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <span>
#include <streambuf>
#include <string>
#include <vector>

#include "check.h"
#include "garant/access/event.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/access/trail_export.h"
#include "garant/access/views.h"
#include "garant/audit/log_store.h"
#include "garant/audit/note.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/dates.h"
#include "garant/core/db.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/migrations.h"
#include "garant/core/random.h"
#include "garant/sql/migrations.h"

namespace {

namespace access = garant::access;
namespace audit = garant::audit;
namespace db = garant::db;
using SteadyClock = std::chrono::steady_clock;

using garant::bench::Check;
using garant::bench::Die;
using garant::bench::OnDie;

// CPU time (user + system) of this process so far, in seconds: on a shared
// machine, the client's cost per entry is steadier than the wall clock.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Resident memory of this process, in KiB.
long RssKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

// Counts bytes and newlines, keeps nothing; samples RSS every 1,000 lines.
class CountingBuf final : public std::streambuf {
 public:
  uint64_t bytes = 0, lines = 0;
  long max_rss = 0;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    bytes += static_cast<uint64_t>(n);
    for (std::streamsize i = 0; i < n; ++i) {
      if (s[i] == '\n' && ++lines % 1000 == 0) max_rss = std::max(max_rss, RssKiB());
    }
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      char ch = static_cast<char>(c);
      xsputn(&ch, 1);
    }
    return c;
  }
};

// Deterministic "randomness" (ids only): the same dataset every run.
class SeededRandom final : public garant::Random {
 public:
  explicit SeededRandom(uint64_t seed) : rng_(seed) {}
  void Fill(std::span<uint8_t> out) override {
    for (auto& b : out) b = static_cast<uint8_t>(rng_());
  }

 private:
  std::mt19937_64 rng_;
};

// Writes what it is given to a file as well (the kept exports).
class TeeBuf final : public std::streambuf {
 public:
  TeeBuf(std::streambuf& a, std::ostream* b) : a_(a), b_(b) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (b_ != nullptr) b_->write(s, n);
    return a_.sputn(s, n);
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      char ch = static_cast<char>(c);
      xsputn(&ch, 1);
    }
    return c;
  }

 private:
  std::streambuf& a_;
  std::ostream* b_;
};

const char* ArgText(int argc, char** argv, const char* name) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return nullptr;
}

uint64_t Arg(int argc, char** argv, const char* name, uint64_t dflt) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::strtoull(argv[i + 1], nullptr, 10);
  }
  return dflt;
}

void Seed(db::Connection& owner) {
  for (const char* sql :
       {"INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')",
        "INSERT INTO gov_projects (reference, title, public_summary, purpose, "
        "no_forbidden_use, legal_basis, formality, formality_reference, investigator, "
        "organisation, data_domains, duration_months, committee_id, status) VALUES "
        "('CONTACT-2026-001', 't', 's', 'research', true, 'lb', 'mr-004', 'R-1', 'inv', 'org', "
        "'{visits}', 12, 1, 'active')",
        "INSERT INTO gov_project_transitions (project_id, from_status, to_status, at, actor) "
        "VALUES (1, 'approved', 'active', '2025-12-01T00:00:00Z', 'staff:1')",
        "INSERT INTO gov_meetings (committee_id, held_at) VALUES (1, '2025-10-01T00:00:00Z')",
        "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
        "recorded_by, signed_at, signed_by) VALUES (1, 1, 'favourable', 'ok', "
        "'2025-10-01T00:00:00Z', 'staff:1', '2025-10-01T00:00:00Z', 'staff:1')",
        "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, "
        "valid_from, valid_until, created_at, created_by, confirmed_at, confirmed_by) VALUES (1, "
        "1, "
        "'{chercheur.moreau}', '{visits}', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', "
        "'2025-12-01T00:00:00Z', 'staff:1', '2025-12-01T00:00:00Z', 'staff:2')"}) {
    Check(owner.Exec(sql).status(), "seed");
  }
}

// The start of event i of n: working hours (08:00-16:00 UTC, so 09:00-18:00
// in Paris all year) of the weekdays from Monday 5 January 2026 on, the
// events of a day evenly spaced.
constexpr int64_t kFirstDay = 1767571200;  // 2026-01-05T00:00:00Z, a Monday
constexpr int64_t kWorkingDays = 256;      // weekdays of 2026 from 5 January
int64_t OccurredAtMicros(uint64_t i, uint64_t n) {
  const uint64_t per_day = (n + kWorkingDays - 1) / kWorkingDays;
  const int64_t weekday = static_cast<int64_t>(i / per_day);  // 0 = 5 January
  const int64_t day = weekday / 5 * 7 + weekday % 5;
  const int64_t second =
      8 * 3600 + static_cast<int64_t>(i % per_day) * 8 * 3600 / static_cast<int64_t>(per_day);
  return (kFirstDay + day * 86400 + second) * 1000000;
}

struct Latency {
  std::vector<double> ms;
  void Print(const char* what) {
    std::sort(ms.begin(), ms.end());
    std::printf("%s (%zu runs): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", what, ms.size(),
                ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back());
  }
};

template <typename F>
double TimeMs(F&& f) {
  const auto t0 = SteadyClock::now();
  f();
  return Seconds(t0, SteadyClock::now()) * 1000;
}

// The server log's text from byte `from` on.
std::string LogSince(const std::filesystem::path& log, std::streamoff from) {
  std::ifstream in(log);
  in.seekg(from);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string Token(uint64_t person) {
  garant::crypto::Digest d = garant::crypto::Sha256("person " + std::to_string(person));
  return garant::HexEncode(garant::ByteView(d.data(), d.size()));
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n_events = Arg(argc, argv, "--events", 20000);
  const uint64_t per_event = Arg(argc, argv, "--patients", 5);
  const uint64_t people = Arg(argc, argv, "--people", 10000);
  const uint64_t lookups = Arg(argc, argv, "--lookups", 200);
  const uint64_t accounts = std::max<uint64_t>(1, Arg(argc, argv, "--accounts", 200));
  const bool plans = Arg(argc, argv, "--plans", 1) != 0;
  const uint64_t shared_buffers_mb = Arg(argc, argv, "--shared-buffers-mb", 0);
  const bool views = Arg(argc, argv, "--views", 1) != 0;
  const uint64_t exports = Arg(argc, argv, "--exports", 1);
  const char* keep_dir = ArgText(argc, argv, "--keep-exports");
  SeededRandom seeded(20261203);

  char tmpl[] = "/tmp/garant-bench-trail-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 1;
  const std::filesystem::path dir = tmpl;
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all |
                                        std::filesystem::perms::group_exec |
                                        std::filesystem::perms::others_exec);
  db::EmbeddedPostgres::Options po;
  po.data_dir = dir;
  db::EmbeddedPostgres pg(po);
  Check(pg.Start(), "start PostgreSQL");
  // A failed step stops the cluster and keeps its directory (the server log).
  OnDie stop_postgres([&pg, &dir] {
    (void)pg.Stop();
    std::fprintf(stderr, "PostgreSQL stopped; its directory is kept: %s\n", dir.c_str());
  });
  Check(pg.EnsureRoleAndDatabase(), "create roles");
  if (shared_buffers_mb > 0) {  // ALTER SYSTEM takes no parameters: the value is an integer
    {
      auto su = Check(db::Connection::Open(pg.SuperuserConninfo(db::EmbeddedPostgres::kDatabase)),
                      "superuser");
      Check(
          su.Exec("ALTER SYSTEM SET shared_buffers = '" + std::to_string(shared_buffers_mb) + "MB'")
              .status(),
          "shared_buffers");
      Check(su.Exec("ALTER SYSTEM SET max_wal_size = '8GB'").status(), "max_wal_size");
    }
    Check(pg.Stop(), "restart PostgreSQL (stop)");
    Check(pg.Start(), "restart PostgreSQL (start)");
    std::printf("PostgreSQL: shared_buffers %llu MB, max_wal_size 8 GB\n",
                static_cast<unsigned long long>(shared_buffers_mb));
  }
  auto owner = Check(db::Connection::Open(pg.Conninfo(db::EmbeddedPostgres::kOwnerRole,
                                                      db::EmbeddedPostgres::kDatabase)),
                     "connect");
  Check(db::ApplyMigrations(owner, garant::sql::Migrations()).status(), "migrations");
  Seed(owner);
  {  // the one authorisation names every account of the pool
    std::string names;
    for (uint64_t a = 0; a < accounts; ++a) {
      names += (a ? "," : "") + std::string("chercheur.") + std::to_string(a);
    }
    Check(owner
              .Exec("UPDATE gov_authorisations SET accounts = string_to_array($1, ',')",
                    {db::Param(names)})
              .status(),
          "name accounts");
  }
  db::Pool pool(db::Pool::Options{
      pg.Conninfo(db::EmbeddedPostgres::kAppRole, db::EmbeddedPostgres::kDatabase), 4,
      std::chrono::seconds(60)});
  audit::AuditLog log;
  // Each batch is reported a minute after its last event (no late_report).
  garant::ManualClock clock(garant::FromUnixMicros(OccurredAtMicros(0, n_events)));
  access::AccessStore store(pool, log, clock, seeded);

  auto loadavg = [] {
    std::ifstream in("/proc/loadavg");
    std::string l;
    std::getline(in, l);
    return l;
  };
  std::printf("load average at start: %s\n", loadavg().c_str());
  std::printf(
      "garant_bench_trail: %llu events x %llu patients = %llu (event, patient) pairs, "
      "%llu people\n",
      static_cast<unsigned long long>(n_events), static_cast<unsigned long long>(per_event),
      static_cast<unsigned long long>(n_events * per_event),
      static_cast<unsigned long long>(people));

  // ---- 1. load ----
  std::mt19937_64 rng(42);
  const auto load_start = SteadyClock::now();
  for (uint64_t i = 0; i < n_events;) {
    std::vector<access::AccessEvent> batch;
    for (uint64_t j = 0; j < 1000 && i < n_events; ++j, ++i) {
      access::AccessEvent e;
      e.id = seeded.Uuid4();
      e.occurred_at = garant::FromUnixMicros(OccurredAtMicros(i, n_events));
      e.account = i % 50 == 0 ? "stagiaire.x" : "chercheur." + std::to_string(rng() % accounts);
      e.account_role = "chercheur";
      e.organisation = "CHU de Lyon";
      e.action = i % 3 == 0 ? access::Action::kView : access::Action::kQuery;
      e.purpose = "research";
      e.project = "CONTACT-2026-001";
      e.decision = 1;
      e.domains = std::vector<std::string>{"visits"};
      std::vector<std::string> patients;
      for (uint64_t k = 0; k < per_event; ++k) patients.push_back(Token(rng() % people));
      e.patients = std::move(patients);
      e.query_fingerprint = "q-" + std::to_string(i % 997);
      e.returned_count = 240;
      e.source = "entrepot";
      e.client_address = "10.0.0.8";
      batch.push_back(std::move(e));
    }
    clock.Set(batch.back().occurred_at + std::chrono::minutes(1));
    Check(store.RecordBatch("service:7", batch).status(), "record");
  }
  const double load_s = Seconds(load_start, SteadyClock::now());
  // The patients' rollup follows the batches (sql/0037): caught up here, as
  // garantd's access worker keeps it, so that the reports below read it.
  const auto follow_start = SteadyClock::now();
  while (!Check(store.FollowPatientRollup(), "follow the patients' rollup").caught_up) {
  }
  const double follow_s = Seconds(follow_start, SteadyClock::now());
  auto head = Check(audit::ReadTreeHead(owner), "tree head");
  garant::crypto::Ed25519Seed seed{};
  seed[0] = 1;
  auto signer = Check(audit::NoteSigner::Ed25519("bench.garant/trail", seed), "signer");
  std::vector<audit::NoteSigner> signers = {signer};
  auto note =
      Check(audit::SignNote(Check(audit::FormatCheckpoint({"bench.garant/trail", head, {}}), "cp"),
                            signers),
            "sign");
  Check(audit::StoreCheckpoint(owner, head, note), "store checkpoint");
  Check(owner.Exec("VACUUM ANALYZE").status(), "analyze");
  std::printf("load average after loading: %s\n", loadavg().c_str());
  std::printf("load: %.1f s (%.0f events/s through RecordBatch), log size %llu\n", load_s,
              static_cast<double>(n_events) / load_s, static_cast<unsigned long long>(head.size));
  std::printf("the patients' rollup followed after the load: %.1f s\n", follow_s);

  {
    auto conn = Check(pool.Acquire(), "acquire");
    const access::TrailCut cut = Check(access::CutTrail(*conn), "cut");

    // ---- 2. the auditor's views ----
    if (views) {
      Latency trail_cursor, person_page, account_month, report_month, report_year;
      uint64_t rows = 0, page_rows = 0;
      for (uint64_t l = 0; l < lookups; ++l) {
        access::TrailQuery q{access::TrailKey::kPerson, Token(rng() % people)};
        trail_cursor.ms.push_back(TimeMs([&] {
          db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
          Check(access::ReadTrail(*conn, q, cut.checkpoint.head.size,
                                  [&](access::TrailLeaves&&) {
                                    ++rows;
                                    return garant::Status::Ok();
                                  }),
                "person trail");
          Check(tx.Commit(), "commit");
        }));
        person_page.ms.push_back(TimeMs([&] {
          page_rows +=
              Check(access::ReadPersonTrail(*conn, {q.value}), "person page").entries.size();
        }));
      }
      std::printf("person trail: %.1f events each on average (%.1f on the page)\n",
                  static_cast<double>(rows) / static_cast<double>(lookups),
                  static_cast<double>(page_rows) / static_cast<double>(lookups));
      trail_cursor.Print("person trail, export cursor (ReadTrail)");
      person_page.Print("person trail, desk page (ReadPersonTrail)");

      // A calendar month of 2026 in whole Paris days, m in 1..12: what the
      // desk sends when an auditor types 01/MM/2026 and the month's last day
      // (ParsePeriodBound, as the desk's ReadPeriod).
      auto paris_days = [](const std::string& first, const std::string& last) {
        return access::Period{garant::ParsePeriodBound(first, false),
                              garant::ParsePeriodBound(last, true)};
      };
      auto month_of = [&](unsigned m) {
        using namespace std::chrono;
        const year_month_day_last end{year{2026} / month{m} / last};
        char first[16], last_day[16];
        std::snprintf(first, sizeof first, "2026-%02u-01", m);
        std::snprintf(last_day, sizeof last_day, "2026-%02u-%02u", m,
                      static_cast<unsigned>(end.day()));
        return paris_days(first, last_day);
      };
      uint64_t account_events = 0;
      const uint64_t account_runs = std::max<uint64_t>(20, lookups / 4);
      for (uint64_t l = 0; l < account_runs; ++l) {
        const std::string account = "chercheur." + std::to_string(rng() % accounts);
        const access::Period p = month_of(static_cast<unsigned>(1 + rng() % 12));
        account_month.ms.push_back(TimeMs([&] {
          account_events += static_cast<uint64_t>(
              Check(access::ReadAccountTrail(*conn, account, p), "account trail").events);
        }));
      }
      std::printf("account trail over a month: %.0f events each on average\n",
                  static_cast<double>(account_events) / static_cast<double>(account_runs));
      account_month.Print("account trail over a month (ReadAccountTrail)");
      int64_t report_events = 0, report_patients = 0, report_outside = 0, report_listed = 0;
      for (unsigned m = 1; m <= 12; m += 3) {
        report_month.ms.push_back(TimeMs([&] {
          Check(access::ReadProjectReport(*conn, "CONTACT-2026-001", month_of(m)), "report");
        }));
      }
      // 01/01/2026 to 31/12/2026, whole Paris days: every event of the data.
      const access::Period whole_year = paris_days("2026-01-01", "2026-12-31");
      for (int r = 0; r < 3; ++r) {
        report_year.ms.push_back(TimeMs([&] {
          auto rep =
              Check(access::ReadProjectReport(*conn, "CONTACT-2026-001", whole_year), "report");
          report_events = rep.events;
          report_patients = rep.patients;
          report_outside = rep.outside_total;
          report_listed = static_cast<int64_t>(rep.outside.size());
        }));
      }
      // The period overview (/audit): the 30 days before the end of the data
      // (the page's default, cut inside Paris days), and the year.
      Latency overview_30, overview_year;
      const access::Period last_30{clock.Now() - std::chrono::hours(24 * 30), clock.Now()};
      int64_t overview_events = 0;
      for (int r = 0; r < 3; ++r) {
        overview_30.ms.push_back(TimeMs([&] {
          overview_events = Check(access::ReadOverview(*conn, last_30), "overview").events;
        }));
        overview_year.ms.push_back(
            TimeMs([&] { Check(access::ReadOverview(*conn, whole_year), "overview"); }));
      }
      report_month.Print("project report over a month (ReadProjectReport)");
      std::printf(
          "project report over the year: %lld events, %lld distinct patients, %lld accesses "
          "outside an authorisation (%lld listed: the desk's page)\n",
          static_cast<long long>(report_events), static_cast<long long>(report_patients),
          static_cast<long long>(report_outside), static_cast<long long>(report_listed));
      report_year.Print("project report over the year (ReadProjectReport)");
      std::printf("overview over the last 30 days: %lld events\n",
                  static_cast<long long>(overview_events));
      overview_30.Print("overview over the last 30 days (ReadOverview)");
      overview_year.Print("overview over the year (ReadOverview)");

      // The plans of every query of each view, with ANALYZE and buffers:
      // auto_explain on a superuser connection, read back from the server log.
      if (plans) {
        auto super =
            Check(db::Connection::Open(pg.SuperuserConninfo(db::EmbeddedPostgres::kDatabase)),
                  "superuser");
        for (const char* sql :
             {"LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
              "SET auto_explain.log_analyze = on", "SET auto_explain.log_buffers = on",
              "SET auto_explain.log_level = notice",
              "SET auto_explain.log_nested_statements = on"}) {
          Check(super.Exec(sql).status(), sql);
        }
        const std::filesystem::path log = dir / "pg" / "server.log";
        // The plans come back as notices (auto_explain.log_level), which
        // db::Connection logs at debug level; and from the server log.
        auto show = [&](const char* what, auto&& run) {
          const auto from = static_cast<std::streamoff>(std::filesystem::file_size(log));
          std::printf("---- plans: %s ----\n", what);
          std::fflush(stdout);
          spdlog::set_level(spdlog::level::debug);
          run();
          spdlog::default_logger()->flush();
          spdlog::set_level(spdlog::level::info);
          std::printf("%s", LogSince(log, from).c_str());
        };
        show("person trail, export cursor", [&] {
          db::Transaction tx(super, db::Transaction::Isolation::kRepeatableRead);
          Check(access::ReadTrail(super, {access::TrailKey::kPerson, Token(7)},
                                  cut.checkpoint.head.size,
                                  [](access::TrailLeaves&&) { return garant::Status::Ok(); }),
                "t");
          Check(tx.Commit(), "commit");
        });
        show("person trail, desk page",
             [&] { Check(access::ReadPersonTrail(super, {Token(7)}), "p"); });
        show("account trail over a month",
             [&] { Check(access::ReadAccountTrail(super, "chercheur.1", month_of(6)), "a"); });
        show("project report over a month", [&] {
          Check(access::ReadProjectReport(super, "CONTACT-2026-001", month_of(6)), "r");
        });
        show("project report over the year",
             [&] { Check(access::ReadProjectReport(super, "CONTACT-2026-001", whole_year), "r"); });
        show("overview over the last 30 days",
             [&] { Check(access::ReadOverview(super, last_30), "o"); });
      }
    }  // views
    // ---- 3. exports of the whole project ----
    for (uint64_t run = 0; run < exports * 2; ++run) {
      const access::TrailFormat f =
          run % 2 == 0 ? access::TrailFormat::kFhir : access::TrailFormat::kJsonl;
      access::TrailHeader h;
      h.query.key = access::TrailKey::kProject;
      h.query.value = "CONTACT-2026-001";
      h.cut = cut;
      h.exported_at = clock.Now();
      h.export_event_id = "00000000-0000-4000-8000-000000000001";
      h.export_event_index = head.size;
      h.separator = ',';
      CountingBuf buf;
      std::ofstream kept;
      if (keep_dir != nullptr && run < 2) {
        kept.open(std::filesystem::path(keep_dir) /
                      (f == access::TrailFormat::kFhir ? "trail.fhir.json" : "trail.jsonl"),
                  std::ios::binary | std::ios::trunc);
      }
      TeeBuf tee(buf, kept.is_open() ? &kept : nullptr);
      std::ostream out(&tee);
      const long rss_before = RssKiB();
      const double cpu0 = CpuSeconds();
      const auto t0 = SteadyClock::now();
      db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
      uint64_t n = Check(access::WriteTrailExport(*conn, f, h, out), "export");
      Check(tx.Commit(), "commit");
      const double s = Seconds(t0, SteadyClock::now());
      const double cpu = CpuSeconds() - cpu0;
      std::printf(
          "%s export of %llu events: %.1f s, %.0f events/s, %.1f MB/s; client CPU %.1f s "
          "(%.1f us/event); RSS before %ld KiB, highest during %ld KiB, after %ld KiB\n",
          std::string(access::ToString(f)).c_str(), static_cast<unsigned long long>(n), s,
          static_cast<double>(n) / s, static_cast<double>(buf.bytes) / s / 1e6, cpu,
          cpu * 1e6 / static_cast<double>(std::max<uint64_t>(n, 1)), rss_before, buf.max_rss,
          RssKiB());
      std::fflush(stdout);
    }
  }
  std::printf("load average at end: %s\n", loadavg().c_str());
  Check(pg.Stop(), "stop PostgreSQL");
  std::filesystem::remove_all(dir);
  return 0;
}
