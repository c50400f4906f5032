// garant_bench_trail: trail exports (docs/audit-trail-exports.md).
//
//   1. loads --events access events through AccessStore::RecordBatch (the
//      real path: leaves, side table, checks), each with --patients inline
//      patients drawn from --people tokens, so (event, patient) pairs =
//      events × patients; one event in 50 raises a finding; signs a
//      checkpoint;
//   2. the trail of a person: ReadTrail for --lookups random tokens, p50 /
//      p99 / max latency, and the plan (EXPLAIN ANALYZE) of its query;
//   3. exports of the whole project (every event) as FHIR and as JSON Lines
//      into a sink that discards the bytes: entries/s and bytes/s, with the
//      process's resident memory (VmRSS) before, at its highest during, and
//      after the export (sampled every 1,000 entries): flat means constant
//      memory.
//
//   garant_bench_trail [--events N] [--patients K] [--people P] [--lookups L]
//
// Fresh durable cluster in a temporary directory, deleted at the end.
// Results go to docs/performance.md ("Trail exports").
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
#include <streambuf>
#include <string>
#include <vector>

#include "garant/access/event.h"
#include "garant/access/store.h"
#include "garant/access/trail.h"
#include "garant/access/trail_export.h"
#include "garant/audit/log_store.h"
#include "garant/audit/note.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
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

[[noreturn]] void Die(const std::string& what, const garant::Status& st) {
  std::fprintf(stderr, "garant_bench_trail: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}
template <typename T>
T Check(garant::Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}
void Check(const garant::Status& st, const std::string& what) {
  if (!st.ok()) Die(what, st);
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
        "valid_from, valid_until, created_at, created_by) VALUES (1, 1, "
        "'{chercheur.moreau}', '{visits}', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', "
        "'2025-12-01T00:00:00Z', 'staff:1')"}) {
    Check(owner.Exec(sql).status(), "seed");
  }
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
  Check(pg.EnsureRoleAndDatabase(), "create roles");
  auto owner = Check(db::Connection::Open(pg.Conninfo(db::EmbeddedPostgres::kOwnerRole,
                                                      db::EmbeddedPostgres::kDatabase)),
                     "connect");
  Check(db::ApplyMigrations(owner, garant::sql::Migrations()).status(), "migrations");
  Seed(owner);
  db::Pool pool(db::Pool::Options{
      pg.Conninfo(db::EmbeddedPostgres::kAppRole, db::EmbeddedPostgres::kDatabase), 4,
      std::chrono::seconds(60)});
  audit::AuditLog log;
  // Reported within the hour (no late_report): events every 0.5 s before it.
  garant::ManualClock clock(garant::FromUnixMicros(
      1797000000000000LL + static_cast<int64_t>(n_events) * 500000 + 3600000000LL));
  access::AccessStore store(pool, log, clock, garant::SecureRandom::Instance());

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
      e.id = garant::SecureRandom::Instance().Uuid4();
      e.occurred_at = garant::FromUnixMicros(1797000000000000LL + static_cast<int64_t>(i) * 500000);
      e.account = i % 50 == 0 ? "stagiaire.x" : "chercheur.moreau";
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
    Check(store.RecordBatch("service:7", batch).status(), "record");
  }
  const double load_s = Seconds(load_start, SteadyClock::now());
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
  std::printf("load: %.1f s (%.0f events/s through RecordBatch), log size %llu\n", load_s,
              static_cast<double>(n_events) / load_s, static_cast<unsigned long long>(head.size));

  {
    auto conn = Check(pool.Acquire(), "acquire");
    const access::TrailCut cut = Check(access::CutTrail(*conn), "cut");

    // ---- 2. the trail of a person ----
    std::vector<double> ms;
    uint64_t rows = 0;
    for (uint64_t l = 0; l < lookups; ++l) {
      access::TrailQuery q{access::TrailKey::kPerson, Token(rng() % people)};
      const auto t0 = SteadyClock::now();
      db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
      Check(access::ReadTrail(*conn, q, cut.checkpoint.head.size,
                              [&](access::TrailLeaves&&) {
                                ++rows;
                                return garant::Status::Ok();
                              }),
            "person trail");
      Check(tx.Commit(), "commit");
      ms.push_back(Seconds(t0, SteadyClock::now()) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    std::printf(
        "person trail (%llu lookups, %.1f events each on average): p50 %.2f ms, p99 %.2f ms, "
        "max %.2f ms\n",
        static_cast<unsigned long long>(lookups),
        static_cast<double>(rows) / static_cast<double>(lookups), ms[ms.size() / 2],
        ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back());
    auto plan = Check(
        owner.Exec(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + access::TrailSql(access::TrailKey::kPerson),
            {db::Param(Token(7)), db::Param(static_cast<int64_t>(cut.checkpoint.head.size)),
             db::Param::Null(), db::Param::Null()}),
        "explain");
    std::printf("plan of a person's trail:\n");
    for (int r = 0; r < plan.size(); ++r) std::printf("  %s\n", plan.Str(r, 0).c_str());

    // ---- 3. exports of the whole project ----
    for (access::TrailFormat f : {access::TrailFormat::kFhir, access::TrailFormat::kJsonl}) {
      access::TrailHeader h;
      h.query.key = access::TrailKey::kProject;
      h.query.value = "CONTACT-2026-001";
      h.cut = cut;
      h.exported_at = clock.Now();
      h.export_event_id = "00000000-0000-4000-8000-000000000001";
      h.export_event_index = head.size;
      h.separator = ',';
      CountingBuf buf;
      std::ostream out(&buf);
      const long rss_before = RssKiB();
      const auto t0 = SteadyClock::now();
      db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
      uint64_t n = Check(access::WriteTrailExport(*conn, f, h, out), "export");
      Check(tx.Commit(), "commit");
      const double s = Seconds(t0, SteadyClock::now());
      std::printf(
          "%s export of %llu events: %.1f s, %.0f events/s, %.1f MB/s; RSS before %ld KiB, "
          "highest during %ld KiB, after %ld KiB\n",
          std::string(access::ToString(f)).c_str(), static_cast<unsigned long long>(n), s,
          static_cast<double>(n) / s, static_cast<double>(buf.bytes) / s / 1e6, rss_before,
          buf.max_rss, RssKiB());
    }
  }
  Check(pg.Stop(), "stop PostgreSQL");
  std::filesystem::remove_all(dir);
  return 0;
}
