// garant_bench_filter: the ingestion filter against a 1-million-token list,
// beside the machine's raw HMAC-SHA-256 speed measured in the same run; time
// and memory to publish (build + sign) and to load (verify + index) the list.
//
//   garant_bench_filter [--tokens N] [--records N] [--objecting-percent P]
//
// Single-threaded throughout: the figures are per core. Results go to
// docs/performance.md ("Ingestion filter").
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/filter.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"

namespace {

using garant::consent::ExclusionIndex;
using garant::consent::ExclusionList;
using garant::consent::FilterOptions;
using garant::consent::FilterOutcome;
using garant::consent::ListContent;
using garant::consent::RecordFilter;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Resident set size now, in MiB (from /proc/self/statm).
double RssMiB() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// A synthetic person as one JSON line, with realistic field lengths.
std::string RecordLine(uint64_t i) {
  static const char* kNames[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
                                 "Petit",  "Durand",  "Leroy",  "Moreau", "Simon",  "Laurent"};
  static const char* kGiven[] = {"Jean", "Marie", "Pierre-Louis", "Anne Sophie", "Luc",
                                 "Claire", "Émilie", "Noël"};
  char line[512];
  unsigned day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 1930 + (i / 336) % 90;
  const bool used = i % 5 == 0;
  std::snprintf(line, sizeof line,
                "{\"visit_id\":%llu,\"birth_name\":\"%s%llu\",%s%s%s\"given_names\":\"%s\","
                "\"birth_date\":\"%04u-%02u-%02u\",\"sex\":\"%c\",\"birth_place\":\"75056\","
                "\"icpc2\":\"R05\",\"at\":\"2026-11-02T10:15:00Z\",\"association\":\"SOS-42\"}",
                static_cast<unsigned long long>(i), kNames[i % 12],
                static_cast<unsigned long long>(i / 12), used ? "\"used_name\":\"" : "",
                used ? kNames[(i + 3) % 12] : "", used ? "\"," : "", kGiven[i % 8], year, month,
                day, i % 2 ? 'F' : 'M');
  return line;
}

uint64_t Flag(int argc, char** argv, const char* name, uint64_t def) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::strtoull(argv[i + 1], nullptr, 10);
  }
  return def;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n_tokens = Flag(argc, argv, "--tokens", 1'000'000);
  const uint64_t n_records = Flag(argc, argv, "--records", 1'000'000);
  const uint64_t objecting_pct = Flag(argc, argv, "--objecting-percent", 1);

  garant::consent::PseudonymKey key;
  key.fill(0x5a);
  garant::crypto::Ed25519Seed seed;
  seed.fill(0x33);
  const garant::TimePoint now = garant::SystemClock::Instance().Now();
  const int year = std::stoi(garant::FormatRfc3339Utc(now).substr(0, 4));

  std::printf("garant_bench_filter: %llu list tokens, %llu records, %llu%% objecting\n",
              static_cast<unsigned long long>(n_tokens),
              static_cast<unsigned long long>(n_records),
              static_cast<unsigned long long>(objecting_pct));

  // ---- raw HMAC-SHA-256 (the baseline) ----
  {
    garant::crypto::HmacSha256Keyed hmac(key);
    const std::string msg = "garant-v1|traits|MARTIN DUPONT|JEAN|19800101|M";  // 46 bytes
    uint64_t n = 0;
    uint8_t sink = 0;
    auto t0 = Clock::now();
    auto t1 = t0;
    while (Seconds(t0, t1) < 1.0) {
      for (int k = 0; k < 10000; ++k) sink ^= hmac.Mac(msg)[0];
      n += 10000;
      t1 = Clock::now();
    }
    std::printf("raw HMAC-SHA-256 (46-byte message, prepared key): %.0f /s  [%u]\n",
                static_cast<double>(n) / Seconds(t0, t1), sink);
  }

  // ---- the records; 1 in 100/P belongs to an objecting patient ----
  std::vector<std::string> lines;
  lines.reserve(n_records);
  size_t input_bytes = 0;
  for (uint64_t i = 0; i < n_records; ++i) {
    lines.push_back(RecordLine(i));
    input_bytes += lines.back().size() + 1;
  }

  // ---- publish: build and sign a list of n_tokens tokens ----
  ListContent content;
  content.version = 1;
  content.issued_at = now;
  content.expires_at = now + std::chrono::hours(24);
  content.pseudonym_key_id = garant::consent::ListPseudonymKeyId(key);
  content.entries.reserve(n_tokens);
  {
    garant::consent::Pseudonymizer p(key);
    std::vector<garant::crypto::Digest> digests;
    ExclusionIndex none = ExclusionIndex::FromTokens({});
    FilterOptions o;
    o.current_year = year;
    // Objectors' tokens, computed from their records as the server would.
    RecordFilter f(none, key, o);
    std::string out, reason;
    for (uint64_t i = 0; objecting_pct > 0 && i < n_records; i += 100 / objecting_pct) {
      if (f.FilterJson(lines[i], &out, &reason) != FilterOutcome::kKept) continue;
      auto raw = garant::HexDecode(out.substr(out.size() - 66, 64));
      garant::crypto::Digest d;
      std::copy(raw->begin(), raw->end(), d.begin());
      content.entries.push_back({"all", d});
    }
    for (uint64_t i = content.entries.size(); i < n_tokens; ++i) {
      content.entries.push_back(
          {i % 10 == 0 ? "project:PRJ-2026-001" : "all",
           garant::crypto::Sha256("filler-" + std::to_string(i))});
    }
  }
  const size_t objecting = n_records * objecting_pct / 100;
  auto t0 = Clock::now();
  auto doc = garant::consent::SignExclusionList(content, seed);
  auto t1 = Clock::now();
  if (!doc.ok()) {
    std::fprintf(stderr, "sign failed: %s\n", doc.status().ToString().c_str());
    return 1;
  }
  std::printf("publish (sort + digest + sign + JSON) %llu tokens: %.3f s, document %.1f MiB\n",
              static_cast<unsigned long long>(n_tokens), Seconds(t0, t1),
              static_cast<double>(doc->size()) / (1024.0 * 1024.0));
  content = ListContent{};

  // ---- load: verify + index ----
  garant::consent::VerifyOptions vo;
  vo.verify_key = *garant::crypto::Ed25519PublicFromSeed(seed);
  vo.now = now;
  vo.expected_pseudonym_key_id = garant::consent::ListPseudonymKeyId(key);
  const double rss_before = RssMiB();
  t0 = Clock::now();
  auto list = garant::consent::VerifyExclusionList(*doc, vo);
  auto t2 = Clock::now();
  if (!list.ok()) {
    std::fprintf(stderr, "verify failed: %s\n", list.status().ToString().c_str());
    return 1;
  }
  ExclusionIndex index = ExclusionIndex::Build(*list, std::nullopt);
  t1 = Clock::now();
  const double rss_with_list = RssMiB();
  *list = ExclusionList{};
  const double rss_index_only = RssMiB();
  std::printf("load %llu tokens: parse+verify %.3f s, index %.3f s, total %.3f s\n",
              static_cast<unsigned long long>(n_tokens), Seconds(t0, t2), Seconds(t2, t1),
              Seconds(t0, t1));
  std::printf("load memory: +%.1f MiB with the parsed list, +%.1f MiB index alone "
              "(table %.1f MiB, %zu entries)\n",
              rss_with_list - rss_before, rss_index_only - rss_before,
              static_cast<double>(index.memory_bytes()) / (1024.0 * 1024.0), index.size());
  doc->clear();
  doc->shrink_to_fit();

  // ---- filter: per record, in memory (parse, normalise, HMAC, lookup, write) ----
  FilterOptions o;
  o.current_year = year;
  RecordFilter filter(index, key, o);
  std::string out, reason;
  uint64_t kept = 0, excluded = 0, rejected = 0;
  size_t out_bytes = 0;
  t0 = Clock::now();
  for (const std::string& l : lines) {
    switch (filter.FilterJson(l, &out, &reason)) {
      case FilterOutcome::kKept: ++kept; out_bytes += out.size(); break;
      case FilterOutcome::kExcluded: ++excluded; break;
      case FilterOutcome::kRejected: ++rejected; break;
    }
  }
  t1 = Clock::now();
  const double rps = static_cast<double>(n_records) / Seconds(t0, t1);
  std::printf("filter JSON records (in memory): %.0f records/s, %.2f us/record "
              "(kept %llu, excluded %llu, rejected %llu; expected excluded ~%zu)\n",
              rps, 1e6 / rps, static_cast<unsigned long long>(kept),
              static_cast<unsigned long long>(excluded),
              static_cast<unsigned long long>(rejected), objecting);

  // ---- the identity path alone (no JSON) ----
  {
    std::vector<garant::consent::IdentityTraits> traits;
    traits.reserve(std::min<uint64_t>(n_records, 200000));
    for (uint64_t i = 0; i < traits.capacity(); ++i) {
      garant::consent::IdentityTraits t;
      t.birth_name = "Martin" + std::to_string(i);
      t.given_names = i % 2 ? "Jean" : "Pierre-Louis";
      t.birth_date = "1980-01-01";
      t.sex = "M";
      if (i % 5 == 0) t.used_name = "Durand";
      traits.push_back(std::move(t));
    }
    std::string token;
    t0 = Clock::now();
    for (const auto& t : traits) (void)filter.FilterIdentity(t, &token, &reason);
    t1 = Clock::now();
    std::printf("filter identities (no JSON): %.0f records/s\n",
                static_cast<double>(traits.size()) / Seconds(t0, t1));
  }

  // ---- the whole stream: read, hash the input, filter, write ----
  {
    std::string input;
    input.reserve(input_bytes);
    for (const auto& l : lines) input.append(l).push_back('\n');
    lines.clear();
    lines.shrink_to_fit();
    std::istringstream in(std::move(input));
    std::ostringstream os, rejects;
    t0 = Clock::now();
    auto report =
        garant::consent::FilterStream(filter, garant::consent::RecordFormat::kJsonLines, in, os,
                                      rejects);
    t1 = Clock::now();
    if (!report.ok()) return 1;
    std::printf("filter stream (JSON Lines, input SHA-256, output): %.0f records/s, %.0f MiB/s in\n",
                static_cast<double>(n_records) / Seconds(t0, t1),
                static_cast<double>(input_bytes) / (1024.0 * 1024.0) / Seconds(t0, t1));
  }
  std::printf("peak RSS %.0f MiB\n", PeakRssMiB());
  return 0;
}
