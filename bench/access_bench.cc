// garant_bench_access: the access trail's figures, each beside a baseline
// measured in the same run on the same machine.
//
//   1. access events with every check (registry, objections, the account's
//      activity, the patients side table, the findings) recorded through
//      AccessStore::RecordBatch in batches of --batch, against a registry of
//      realistic size (50 projects, 200 authorisations, 100,000 objections),
//      beside the raw audit append (AuditLog::AppendInTx, one transaction per
//      batch) of the same number of leaves with the same payloads: events/s
//      and their ratio; then the same number of events (a week earlier)
//      through garantd's POST /api/v1/access-events, the garantd of this
//      build started on the bench's cluster (--http 0 to skip): over one
//      keep-alive connection, then over --http-clients connections at once
//      (default 4: a warehouse with several ingestion workers; 1 for one
//      run only), new events each time;
//   2. the upload of a --set-tokens patient set (PatientSetUpload: streamed,
//      digest checked, stored once): seconds and the process's peak resident
//      memory during the upload (VmHWM reset before it).
//
//   garant_bench_access [--events N] [--batch B] [--set-tokens T] [--http 0|1]
//                       [--http-clients C] [--statements 1] [--shared-buffers-mb M]
//
// --statements 1 loads pg_stat_statements and prints, after the in-process
// events and after each HTTP phase, where the server's time went per batch
// (statement by statement; in the HTTP phases garantd's background work too).
// It costs a little: the figures are taken without it.
//
// --shared-buffers-mb M (default 0: PostgreSQL's 128 MB, whose write-ahead
// log buffers, 4 MB, are smaller than one batch's 4-5 MB of log) sizes the
// server as a production host would: shared_buffers M MB, so wal_buffers
// 16 MB from 512 MB up, and max_wal_size 8 GB.
//
// The cluster is durable (fsync on), in a temporary directory deleted at the
// end. Results go to docs/performance.md ("Access trail").
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "flags.h"
#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/audit/leaf.h"
#include "garant/audit/log_store.h"
#include "garant/consent/exclusion_list.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/migrations.h"
#include "garant/core/random.h"
#include "garant/sql/migrations.h"
#include "garantd_process.h"

namespace {

using garant::bench::Flag;

namespace access = garant::access;
namespace audit = garant::audit;
namespace db = garant::db;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

using garant::bench::Check;
using garant::bench::Die;
using garant::bench::OnDie;

// A token: SHA-256 of a label, lowercase hex.
std::string Token(const std::string& label) {
  garant::crypto::Digest d = garant::crypto::Sha256(label);
  return garant::HexEncode(garant::ByteView(d.data(), d.size()));
}

// kB of a /proc/self/status line ("VmHWM:", "VmRSS:").
long StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + std::strlen(key), nullptr, 10);
  }
  return -1;
}

// The registry: 50 projects (active since 2025-12-01), 4 authorisations
// each (200; one account each, "chercheur.<n>", visits and diagnoses, valid
// through 2026), 100,000 effective objections ("all" for 9 in 10, a project
// for the others), one token each ("objecting-<i>") under `key_id` (that of
// garantd's pseudonymisation key: else garantd would retokenise them at start).
void SeedRegistry(db::Connection& owner, const std::string& key_id) {
  const char* sql[] = {
      "INSERT INTO gov_committees (code, name) VALUES ('cse', 'CSE')",
      "INSERT INTO gov_projects (reference, title, public_summary, purpose, no_forbidden_use, "
      "legal_basis, formality, formality_reference, investigator, organisation, data_domains, "
      "duration_months, committee_id, status) SELECT 'PRJ-2026-' || lpad(p::text, 3, '0'), "
      "'t', 's', 'research', true, 'lb', 'mr-004', 'R-' || p, 'inv', 'org', "
      "'{visits,diagnoses}', 12, 1, 'active' FROM generate_series(1, 50) p",
      "INSERT INTO gov_project_transitions (project_id, from_status, to_status, at, actor) "
      "SELECT id, 'approved', 'active', '2025-12-01T00:00:00Z', 'staff:1' FROM gov_projects",
      "INSERT INTO gov_meetings (committee_id, held_at) VALUES (1, '2025-10-01T00:00:00Z')",
      "INSERT INTO gov_decisions (project_id, meeting_id, outcome, reasons, recorded_at, "
      "recorded_by, signed_at, signed_by) SELECT id, 1, 'favourable', 'ok', "
      "'2025-10-01T00:00:00Z', 'staff:1', '2025-10-01T00:00:00Z', 'staff:1' FROM gov_projects",
      "INSERT INTO gov_authorisations (project_id, decision_id, accounts, domains, valid_from, "
      "valid_until, created_at, created_by, confirmed_at, confirmed_by) SELECT p.id, d.id, "
      "ARRAY['chercheur.' || "
      "((p.id - 1) * 4 + k)], '{visits,diagnoses}', '2026-01-01T00:00:00Z', "
      "'2027-01-01T00:00:00Z', '2025-12-01T00:00:00Z', 'staff:1', '2025-12-01T00:00:00Z', "
      "'staff:2' FROM gov_projects p JOIN "
      "gov_decisions d ON d.project_id = p.id CROSS JOIN generate_series(1, 4) k",
      "INSERT INTO objections (id, reference, code_hash, requester, channel, scope, "
      "received_at, effective_at, status, notice_version, traits_sealed) SELECT "
      "md5('objection-' || i)::uuid, 'OPP-' || lpad((i / 10000)::text, 4, '0') || '-' || "
      "lpad((i % 10000)::text, 4, '0'), decode(repeat('00', 32), 'hex'), 'patient', 'web', "
      "CASE WHEN i % 10 = 0 THEN 'project:PRJ-2026-' || lpad((i % 50 + 1)::text, 3, '0') "
      "ELSE 'all' END, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'effective', 'v1', "
      "decode(repeat('00', 28), 'hex') FROM generate_series(0, 99999) i",
      "INSERT INTO objection_tokens (objection_id, token, key_id) SELECT "
      "md5('objection-' || i)::uuid, encode(sha256(convert_to('objecting-' || i, 'UTF8')), "
      "'hex'), $1 FROM generate_series(0, 99999) i",
      "ANALYZE",
  };
  for (const char* s : sql) {
    const bool keyed = std::strstr(s, "$1") != nullptr;
    Check(owner.Exec(s, keyed ? db::Params{key_id} : db::Params{}).status(),
          std::string("seed: ") + s);
  }
}

// Event i of the run: account i % 200 on its own project, 8 in 10 a query of
// 3 inline patients (one in 500 of them objecting), the others counts with
// a returned_count, logins, one export; query fingerprints repeat (a pool
// of 50 per account); times in working hours over the week of 2026-11-23,
// `weeks_before` weeks earlier.
access::AccessEvent MakeEvent(uint64_t i, garant::Random& random, int weeks_before = 0) {
  access::AccessEvent e;
  e.id = random.Uuid4();
  const uint64_t account = i % 200;
  e.account = "chercheur." + std::to_string(account + 1);
  e.project = "PRJ-2026-" + std::string(account / 4 + 1 < 10 ? "00" : "0") +
              std::to_string(account / 4 + 1);
  const uint64_t day = (i / 7000) % 5;  // Monday to Friday
  e.occurred_at = garant::FromUnixMicros(1795417200000000LL) + std::chrono::hours(24 * day) +
                  std::chrono::seconds((i * 7) % (10 * 3600)) -  // 08:00 + up to 10 h (CET)
                  std::chrono::hours(24 * 7 * weeks_before);
  e.source = "entrepot";
  e.domains = std::vector<std::string>{"visits"};
  e.outcome = access::Outcome::kSuccess;
  switch (i % 10) {
    case 8:
      e.action = access::Action::kCount;
      e.patient_count = static_cast<int64_t>(1000 + i % 5000);
      e.returned_count = static_cast<int64_t>(10 + i % 5000);
      break;
    case 9:
      e.action = i % 20 == 9 ? access::Action::kLogin : access::Action::kExport;
      if (e.action == access::Action::kExport) {
        e.export_info =
            access::ExportInfo{"extract-" + std::to_string(i) + ".csv",
                               Token("export-" + std::to_string(i)), 123456, "sftp://stats"};
        e.rows = 1234;
      }
      break;
    default: {
      e.action = access::Action::kQuery;
      std::vector<std::string> patients;
      for (int k = 0; k < 3; ++k) {
        patients.push_back(i % 500 == 0 && k == 0
                               ? Token("objecting-" + std::to_string(i % 100000))
                               : Token("patient-" + std::to_string((i * 3 + k) % 400000)));
      }
      e.patients = patients;
      // A pool of 50 per account and per phase (weeks_before): each phase
      // raises the same findings (repeated_query counts 30 days back, and
      // the phases are a week apart).
      e.query_fingerprint =
          "sha256:" + Token("q-" + std::to_string(account) + "-" + std::to_string(weeks_before) +
                            "-" + std::to_string((i / 200) % 50))
                          .substr(0, 16);
      e.returned_count = 25;
    }
  }
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n_events = Flag(argc, argv, "--events", 20000);
  const uint64_t batch = Flag(argc, argv, "--batch", 1000);
  const uint64_t set_tokens = Flag(argc, argv, "--set-tokens", 1000000);
  const bool http = Flag(argc, argv, "--http", 1) != 0;
  const bool statements = Flag(argc, argv, "--statements", 0) != 0;
  const uint64_t http_clients = Flag(argc, argv, "--http-clients", 4);
  const uint64_t shared_buffers_mb = Flag(argc, argv, "--shared-buffers-mb", 0);
  garant::Random& random = garant::SecureRandom::Instance();
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines as they come, even to a file

  char tmpl[] = "/tmp/garant-bench-access-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
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
  const std::string owner_ci =
      pg.Conninfo(db::EmbeddedPostgres::kOwnerRole, db::EmbeddedPostgres::kDatabase);
  const std::string app_ci =
      pg.Conninfo(db::EmbeddedPostgres::kAppRole, db::EmbeddedPostgres::kDatabase);
  const std::string super_ci =
      pg.Conninfo(db::EmbeddedPostgres::kSuperuser, db::EmbeddedPostgres::kDatabase);
  if (statements || shared_buffers_mb > 0) {
    auto su = Check(db::Connection::Open(super_ci), "connect as superuser");
    if (statements) {
      Check(su.Exec("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'").status(),
            "preload pg_stat_statements");
    }
    if (shared_buffers_mb > 0) {  // ALTER SYSTEM takes no parameters: the value is an integer
      Check(
          su.Exec("ALTER SYSTEM SET shared_buffers = '" + std::to_string(shared_buffers_mb) + "MB'")
              .status(),
          "shared_buffers");
      Check(su.Exec("ALTER SYSTEM SET max_wal_size = '8GB'").status(), "max_wal_size");
      std::printf(
          "PostgreSQL: shared_buffers %llu MB (wal_buffers 1/32 of it, at most 16 MB), "
          "max_wal_size 8 GB\n",
          static_cast<unsigned long long>(shared_buffers_mb));
    }
    su = db::Connection();
    Check(pg.Stop(), "stop PostgreSQL");
    Check(pg.Start(), "restart PostgreSQL");
  }
  if (statements) {
    auto su = Check(db::Connection::Open(super_ci), "connect as superuser");
    Check(su.Exec("CREATE EXTENSION pg_stat_statements").status(), "create extension");
    // Known only once the library is loaded: set after the restart.
    Check(su.Exec("ALTER SYSTEM SET pg_stat_statements.track = 'all'").status(), "track all");
    Check(su.Exec("SELECT pg_reload_conf()").status(), "reload");
  }
  auto owner = Check(db::Connection::Open(owner_ci), "connect");
  Check(db::ApplyMigrations(owner, garant::sql::Migrations()).status(), "migrations");
  auto t_seed = SteadyClock::now();
  // The dev pseudonymisation key garantd will use (--dev reads data_dir/keys).
  std::string key_id;
  {
    const std::string hex = random.Hex(32);
    std::filesystem::create_directories(dir / "keys");
    std::filesystem::permissions(dir / "keys", std::filesystem::perms::owner_all);
    const auto path = dir / "keys" / "pseudonymisation.key";
    std::ofstream(path) << hex << "\n";
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    key_id = garant::consent::ListPseudonymKeyId(Check(garant::HexDecode(hex), "key"));
  }
  SeedRegistry(owner, key_id);
  std::printf(
      "garant_bench_access: registry seeded in %.1f s (50 projects, 200 authorisations, "
      "100,000 objections)\n",
      Seconds(t_seed, SteadyClock::now()));
  auto pool_owner =
      std::make_unique<db::Pool>(db::Pool::Options{app_ci, 4, std::chrono::seconds(30)});
  db::Pool& pool = *pool_owner;
  audit::AuditLog log;
  garant::ManualClock clock(garant::FromUnixMicros(1795417200000000LL) + 24h * 5);

  std::vector<std::vector<access::AccessEvent>> batches;
  for (uint64_t i = 0; i < n_events; i += batch) {
    std::vector<access::AccessEvent> b;
    for (uint64_t k = i; k < std::min(n_events, i + batch); ++k) b.push_back(MakeEvent(k, random));
    batches.push_back(std::move(b));
  }
  std::printf("%llu events in batches of %llu (8 in 10 with 3 inline patients)\n",
              static_cast<unsigned long long>(n_events), static_cast<unsigned long long>(batch));

  // ---- 1a. the raw audit append of the same leaves (other ids) ----
  double raw_rate = 0;
  {
    std::vector<std::vector<audit::Event>> leaves;
    for (const auto& b : batches) {
      std::vector<audit::Event> l;
      for (const auto& e : b) {
        l.push_back(audit::Event{random.Uuid4(), access::LeafType(e), clock.Now(), "service:7",
                                 access::LeafObject(e), access::LeafPayload(e, 0)});
      }
      leaves.push_back(std::move(l));
    }
    auto t0 = SteadyClock::now();
    for (auto& l : leaves) {
      auto conn = Check(pool.Acquire(), "acquire");
      db::Transaction tx(*conn);
      Check(tx.status(), "begin");
      Check(log.AppendInTx(tx, std::move(l)).status(), "append");
      Check(tx.Commit(), "commit");
    }
    const double s = Seconds(t0, SteadyClock::now());
    raw_rate = static_cast<double>(n_events) / s;
    std::printf("raw audit append: %llu leaves in %.2f s = %.0f leaves/s\n",
                static_cast<unsigned long long>(n_events), s, raw_rate);
  }

  // --statements 1: where the server's time went, statement by statement,
  // since the last reset (every connection of the cluster: garantd's
  // background work too in the HTTP phase).
  auto reset_statements = [&] {
    auto su = Check(db::Connection::Open(super_ci), "connect as superuser");
    Check(su.Exec("SELECT pg_stat_statements_reset(), pg_stat_reset_shared('wal')").status(),
          "reset statements");
  };
  auto print_statements = [&](size_t batches_sent) {
    auto su = Check(db::Connection::Open(super_ci), "connect as superuser");
    auto r = Check(su.Exec("SELECT total_exec_time / $1::float8, calls, left(regexp_replace("
                           "query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements "
                           "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
                           "current_database()) ORDER BY total_exec_time DESC LIMIT 20",
                           {static_cast<int64_t>(batches_sent)}),
                   "statements");
    auto w = Check(su.Exec("SELECT wal_records / $1::float8, wal_fpi / $1::float8, "
                           "wal_bytes / $1::float8 / 1e6 FROM pg_stat_wal",
                           {static_cast<int64_t>(batches_sent)}),
                   "wal");
    std::printf("write-ahead log per batch: %.0f records, %.0f full-page images, %.2f MB\n",
                std::strtod(w.Str(0, 0).c_str(), nullptr),
                std::strtod(w.Str(0, 1).c_str(), nullptr),
                std::strtod(w.Str(0, 2).c_str(), nullptr));
    std::printf("server time per batch of %llu, by statement (pg_stat_statements):\n",
                static_cast<unsigned long long>(batch));
    for (int i = 0; i < r.size(); ++i) {
      std::printf("  %7.2f ms  %6s calls  %s\n", std::strtod(r.Str(i, 0).c_str(), nullptr),
                  r.Str(i, 1).c_str(), r.Str(i, 2).c_str());
    }
  };

  // ---- 1b. access events with every check ----
  {
    access::AccessStore store(pool, log, clock, random);
    if (statements) reset_statements();
    uint64_t findings = 0;
    std::map<std::string, uint64_t> by_rule;
    // The patients' rollup's follower beside the batches, as garantd's
    // access worker runs it (but polling every 100 ms, not every second, so
    // that its lag measures its work).
    std::atomic<bool> recorded{false};
    SteadyClock::time_point caught_up_at;
    auto t0 = SteadyClock::now();
    std::thread follower([&] {
      access::AccessStore own(pool, log, clock, random);
      for (;;) {
        const bool last_round = recorded.load();
        auto step = Check(own.FollowPatientRollup(), "follow the patients' rollup");
        if (!step.caught_up) continue;
        if (last_round) break;
        std::this_thread::sleep_for(100ms);
      }
      caught_up_at = SteadyClock::now();
    });
    for (const auto& b : batches) {
      // Reported a minute after the batch's last access (no late_report).
      garant::TimePoint last = b.front().occurred_at;
      for (const auto& e : b) last = std::max(last, e.occurred_at);
      clock.Set(last + 1min);
      auto r = Check(store.RecordBatch("service:7", b), "record");
      for (const auto& e : r) {
        findings += e.findings.size();
        for (const auto& f : e.findings) ++by_rule[f];
      }
    }
    const auto answered_at = SteadyClock::now();
    recorded = true;
    follower.join();
    const double s = Seconds(t0, answered_at);
    const double rate = static_cast<double>(n_events) / s;
    std::printf(
        "access events (all checks): %llu events in %.2f s = %.0f events/s, "
        "%llu findings; %.2fx the raw append\n",
        static_cast<unsigned long long>(n_events), s, rate,
        static_cast<unsigned long long>(findings), rate / raw_rate);
    const double all_s = Seconds(t0, caught_up_at);
    std::printf(
        "  with the patients' rollup caught up (its follower beside the batches): %.2f s "
        "after the last answer; %.2f s = %.0f events/s; %.2fx the raw append\n",
        Seconds(answered_at, caught_up_at), all_s, static_cast<double>(n_events) / all_s,
        static_cast<double>(n_events) / all_s / raw_rate);
    for (const auto& [rule, n] : by_rule) {
      std::printf("  %s: %llu\n", rule.c_str(), static_cast<unsigned long long>(n));
    }
    // Storage per event (docs/scaling.md): tables, indexes and TOAST of the
    // access tables, and of the audit log per leaf (raw appends included).
    {
      auto su = Check(db::Connection::Open(super_ci), "connect as superuser");
      Check(su.Exec("VACUUM ANALYZE").status(), "vacuum");
      auto r = Check(su.Exec("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
                             "AND (c.relname LIKE 'access\\_%' OR c.relname LIKE 'audit\\_%') "
                             "ORDER BY 2 DESC"),
                     "table sizes");
      auto leaves = Check(su.Exec("SELECT count(*) FROM audit_entries"), "leaves");
      std::printf("storage after the checked events (table + indexes + TOAST):\n");
      for (int i = 0; i < r.size(); ++i) {
        const double bytes = static_cast<double>(r.Int(i, 1));
        const bool audit = r.Str(i, 0).rfind("audit_", 0) == 0;
        const double per = audit ? bytes / static_cast<double>(leaves.Int(0, 0))
                                 : bytes / static_cast<double>(n_events);
        std::printf("  %-28s %10.1f MB  %8.0f bytes per %s\n", r.Str(i, 0).c_str(), bytes / 1e6,
                    per, audit ? "leaf" : "event");
      }
    }
    if (statements) print_statements(batches.size());
  }

  // ---- 1c. the same through garantd's HTTP API ----
  // Once over one connection, then over --http-clients connections at once
  // (a warehouse with several ingestion workers), each time new events.
  if (http) {
    // Every rule on with its defaults, but late_report: these accesses are
    // from a week before garantd's real clock (in process, the clock is set a
    // minute after each batch). The rule still runs.
    garant::bench::GarantdProcess garantd(
        std::filesystem::read_symlink("/proc/self/exe").parent_path(), dir,
        "[access.rules.late_report]\nhours = 8760\n");
    Check(garantd.Start(), "start garantd");
    // garantd's start-up work (its first exclusion list, over the 100,000
    // objections: 2.7 s of server time) would otherwise run during the first
    // HTTP phase: the phases measure the steady state. Waits for the list,
    // then for no other statement running on the cluster for a second.
    {
      auto su = Check(db::Connection::Open(super_ci), "connect as superuser");
      int quiet = 0;
      for (int tries = 0; tries < 600 && quiet < 10; ++tries) {
        std::this_thread::sleep_for(100ms);
        auto r = Check(su.Exec("SELECT (SELECT count(*) FROM exclusion_list_versions), "
                               "(SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                               "AND backend_type = 'client backend' AND pid <> pg_backend_pid())"),
                       "garantd's start-up work");
        quiet = r.Int(0, 0) > 0 && r.Int(0, 1) == 0 ? quiet + 1 : 0;
      }
      Check(quiet >= 10 ? garant::Status::Ok()
                        : garant::Status::Unavailable("garantd still busy after 60 s"),
            "garantd idle");
    }
    std::vector<uint64_t> client_counts = {1};
    if (http_clients > 1) client_counts.push_back(http_clients);
    int weeks_before = 1;
    for (const uint64_t clients : client_counts) {
      // The batches as the warehouse sends them (built before the clock starts).
      std::vector<std::string> bodies;
      for (uint64_t i = 0; i < n_events; i += batch) {
        std::string body = "{\"events\":[";
        for (uint64_t k = i; k < std::min(n_events, i + batch); ++k) {
          if (k > i) body += ',';
          body += access::CanonicalJson(MakeEvent(k, random, weeks_before));
        }
        bodies.push_back(body + "]}");
      }
      // The next phase two weeks earlier: the week before it has
      // Wednesday 11 November (a public holiday), whose every access is an
      // off_hours finding, which would make the phases unequal.
      weeks_before += 2;
      std::vector<std::unique_ptr<garant::bench::GarantdProcess::Client>> conns;
      for (uint64_t c = 0; c < clients; ++c) conns.push_back(garantd.NewClient());
      auto findings_count = [&] {
        return Check(owner.Exec("SELECT count(*) FROM access_findings"), "count findings")
            .Int(0, 0);
      };
      const int64_t findings_before = findings_count();
      if (statements) reset_statements();
      auto t0 = SteadyClock::now();
      std::vector<std::thread> threads;
      for (uint64_t c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
          for (size_t b = c; b < bodies.size(); b += clients) {
            Check(conns[c]->PostJson("/api/v1/access-events", bodies[b]), "post");
          }
        });
      }
      for (auto& t : threads) t.join();
      const auto answered_at = SteadyClock::now();
      const double s = Seconds(t0, answered_at);
      const double rate = static_cast<double>(n_events) / s;
      std::printf(
          "access events through HTTP (garantd, all checks), %llu connection(s): %llu events in "
          "%.2f s = %.0f events/s, %lld findings; %.2fx the raw append\n",
          static_cast<unsigned long long>(clients), static_cast<unsigned long long>(n_events), s,
          rate, static_cast<long long>(findings_count() - findings_before), rate / raw_rate);
      // garantd's access worker follows each second: its lag after the last
      // answer.
      for (int i = 0;; ++i) {
        auto r = Check(owner.Exec("SELECT (SELECT through FROM access_patients_rollup_state) >= "
                                  "(SELECT max(audit_index) FROM access_events)"),
                       "the patients' rollup's lag");
        if (r.Bool(0, 0)) break;
        Check(i < 6000
                  ? garant::Status::Ok()
                  : garant::Status::Unavailable("the patients' rollup still behind after 60 s"),
              "the patients' rollup");
        std::this_thread::sleep_for(10ms);
      }
      const double all_s = Seconds(t0, SteadyClock::now());
      std::printf(
          "  with the patients' rollup caught up (garantd's worker, each second): %.2f s after "
          "the last answer; %.0f events/s\n",
          all_s - s, static_cast<double>(n_events) / all_s);
      if (statements) print_statements(bodies.size());
    }
  }

  // ---- 2. a patient set upload ----
  if (set_tokens > 0) {
    std::string digest;
    {
      std::vector<std::string> all;
      all.reserve(set_tokens);
      for (uint64_t i = 0; i < set_tokens; ++i) all.push_back(Token("set-" + std::to_string(i)));
      digest = access::PatientsDigest(std::move(all));
    }
    malloc_trim(0);
    {
      std::ofstream reset("/proc/self/clear_refs");
      reset << "5";  // resets VmHWM to the current resident size
    }
    const long before = StatusKb("VmRSS:");
    access::AccessStore store(pool, log, clock, random);
    auto t0 = SteadyClock::now();
    auto upload = Check(store.BeginPatientSet("service:7", digest), "begin upload");
    for (uint64_t i = 0; i < set_tokens; ++i) {
      Check(upload->Add(Token("set-" + std::to_string(i))), "add");
    }
    auto info = Check(upload->Finish(), "finish upload");
    const double s = Seconds(t0, SteadyClock::now());
    std::printf(
        "patient set: %lld tokens uploaded in %.2f s; resident memory %ld kB before, "
        "peak %ld kB during the upload\n",
        static_cast<long long>(info.token_count), s, before, StatusKb("VmHWM:"));

    // ---- 3. an event naming the set, and a person's trail through it ----
    access::AccessEvent named = MakeEvent(1, random);
    named.patients.reset();
    named.query_fingerprint.reset();
    named.action = access::Action::kExtract;
    named.patient_set = digest;
    clock.Set(named.occurred_at + 1min);
    if (statements) reset_statements();
    auto t1 = SteadyClock::now();
    Check(store.RecordBatch("service:7", {named}).status(), "record the set's event");
    std::printf("an event naming the set (its objections checked): %.2f s\n",
                Seconds(t1, SteadyClock::now()));
    if (statements) print_statements(1);
    if (statements) reset_statements();
    auto t2 = SteadyClock::now();
    for (;;) {
      if (Check(store.FollowPatientRollup(), "follow the set's event").caught_up) break;
    }
    std::printf(
        "the patients' rollup of that event (its tokens per project and day, outside the batch "
        "lock): %.2f s\n",
        Seconds(t2, SteadyClock::now()));
    if (statements) print_statements(1);
    Check(owner.Exec("ANALYZE").status(), "analyze");
    for (const std::string& token : {Token("set-7"), Token("patient-7")}) {
      auto plan = Check(owner.Exec("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " +
                                       access::TrailSql(access::TrailKey::kPerson),
                                   {db::Param(token), db::Param(int64_t{1} << 40),
                                    db::Param::Null(), db::Param::Null()}),
                        "explain");
      std::printf("plan of a person's trail (%s):\n",
                  token == Token("set-7") ? "a token of the set" : "an inline token");
      for (int r = 0; r < plan.size(); ++r) std::printf("  %s\n", plan.Str(r, 0).c_str());
    }
  }

  pool_owner.reset();  // every connection closed before the server stops
  Check(pg.Stop(), "stop PostgreSQL");
  std::filesystem::remove_all(dir);
  return 0;
}
