// garant_bench_filter: the ingestion filter against a 1-million-token list,
// beside the machine's raw HMAC-SHA-256 speed measured in the same run; time
// and memory to publish (build + sign) and to load (verify + index) the list.
//
//   garant_bench_filter [--tokens N] [--records N] [--objecting-percent P]
//
// Single-threaded throughout: the figures are per core. Results go to
// docs/performance.md ("Ingestion filter").
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "flags.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/filter.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"

namespace {

using garant::bench::Flag;

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

// CPU time of this thread, in seconds: the per-core figure, independent of
// other load on the machine (wall-clock rates are printed beside it).
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
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

// i written with the letters a-z (norm() turns digits into spaces, so names
// must differ by letters to be different people).
std::string Letters(uint64_t i) {
  std::string s;
  do {
    s.push_back(static_cast<char>('a' + i % 26));
    i /= 26;
  } while (i > 0);
  return s;
}

// A synthetic person as one JSON line, with realistic field lengths.
std::string RecordLine(uint64_t i) {
  static const char* kNames[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
                                 "Petit",  "Durand",  "Leroy",  "Moreau", "Simon",  "Laurent"};
  static const char* kGiven[] = {"Jean", "Marie",  "Pierre-Louis", "Anne Sophie",
                                 "Luc",  "Claire", "Émilie",       "Noël"};
  char line[512];
  unsigned day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 1930 + (i / 336) % 90;
  // One record in five has a used name (distinct per person: no accidental matches).
  std::string used;
  if (i % 5 == 0) {
    used = "\"used_name\":\"" + std::string(kNames[(i + 3) % 12]) + "-" + Letters(i) + "\",";
  }
  std::snprintf(line, sizeof line,
                "{\"visit_id\":%llu,\"birth_name\":\"%s-%s\",%s\"given_names\":\"%s\","
                "\"birth_date\":\"%04u-%02u-%02u\",\"sex\":\"%c\",\"birth_place\":\"75056\","
                "\"icpc2\":\"R05\",\"at\":\"2026-11-02T10:15:00Z\",\"association\":\"SOS-42\"}",
                static_cast<unsigned long long>(i), kNames[i % 12], Letters(i / 12).c_str(),
                used.c_str(), kGiven[i % 8], year, month, day, i % 2 ? 'F' : 'M');
  return line;
}

// An output that counts and discards what it is given (like /dev/null):
// the stream figure then excludes the storage's own speed.
class CountingBuf final : public std::streambuf {
 public:
  uint64_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<uint64_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++bytes;
    return traits_type::not_eof(c);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const uint64_t n_tokens = Flag(argc, argv, "--tokens", 1'000'000);
  const uint64_t n_records = Flag(argc, argv, "--records", 1'000'000);
  const uint64_t objecting_pct = Flag(argc, argv, "--objecting-percent", 1);
  // --stream-only 1: skip the in-memory phases (for profiling the stream).
  const bool stream_only = Flag(argc, argv, "--stream-only", 0) != 0;

  garant::consent::PseudonymKey key;
  key.fill(0x5a);
  garant::crypto::Ed25519Seed seed;
  seed.fill(0x33);
  const garant::TimePoint now = garant::SystemClock::Instance().Now();
  const int year = std::stoi(garant::FormatRfc3339Utc(now).substr(0, 4));

  std::printf("garant_bench_filter: %llu list tokens, %llu records, %llu%% objecting\n",
              static_cast<unsigned long long>(n_tokens), static_cast<unsigned long long>(n_records),
              static_cast<unsigned long long>(objecting_pct));

  // ---- raw HMAC-SHA-256 (the baseline) ----
  {
    garant::crypto::HmacSha256Keyed hmac(key);
    const std::string msg = "garant-v1|traits|MARTIN DUPONT|JEAN|19800101|M";  // 46 bytes
    uint64_t n = 0;
    uint8_t sink = 0;
    auto t0 = Clock::now();
    auto t1 = t0;
    const double c0 = CpuSeconds();
    while (Seconds(t0, t1) < 2.0) {
      for (int k = 0; k < 10000; ++k) sink ^= hmac.Mac(msg)[0];
      n += 10000;
      t1 = Clock::now();
    }
    const double c1 = CpuSeconds();
    std::printf(
        "raw HMAC-SHA-256 (46-byte message, prepared key): %.0f /s per core (CPU time), "
        "%.0f /s wall  [%u]\n",
        static_cast<double>(n) / (c1 - c0), static_cast<double>(n) / Seconds(t0, t1), sink);
    // For reference: OpenSSL's own HMAC, key set up on every call (the one-shot).
    n = 0;
    const double o0 = CpuSeconds();
    for (; n < 500000; ++n) sink ^= garant::crypto::HmacSha256(key, garant::AsBytes(msg))[0];
    const double o1 = CpuSeconds();
    std::printf(
        "OpenSSL HMAC one-shot (same message, key set up per call): %.0f /s per core [%u]\n",
        static_cast<double>(n) / (o1 - o0), sink);
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
      content.entries.push_back({i % 10 == 0 ? "project:PRJ-2026-001" : "all",
                                 garant::crypto::Sha256("filler-" + std::to_string(i))});
    }
  }
  const size_t objecting = n_records * objecting_pct / 100;
  const double pub_c0 = CpuSeconds();
  auto t0 = Clock::now();
  auto doc = garant::consent::SignExclusionList(content, seed);
  auto t1 = Clock::now();
  const double pub_c1 = CpuSeconds();
  if (!doc.ok()) {
    std::fprintf(stderr, "sign failed: %s\n", doc.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "publish (sort + digest + sign + JSON) %llu tokens: %.3f s wall (%.3f s CPU), "
      "document %.1f MiB\n",
      static_cast<unsigned long long>(n_tokens), Seconds(t0, t1), pub_c1 - pub_c0,
      static_cast<double>(doc->size()) / (1024.0 * 1024.0));
  content = ListContent{};

  // ---- load: verify + index ----
  garant::consent::VerifyOptions vo;
  vo.verify_key = *garant::crypto::Ed25519PublicFromSeed(seed);
  vo.now = now;
  vo.expected_pseudonym_key_id = garant::consent::ListPseudonymKeyId(key);
  const double rss_before = RssMiB();
  const double load_c0 = CpuSeconds();
  t0 = Clock::now();
  auto list = garant::consent::VerifyExclusionList(*doc, vo);
  auto t2 = Clock::now();
  if (!list.ok()) {
    std::fprintf(stderr, "verify failed: %s\n", list.status().ToString().c_str());
    return 1;
  }
  ExclusionIndex index = ExclusionIndex::Build(*list, std::nullopt);
  t1 = Clock::now();
  const double load_c1 = CpuSeconds();
  const double rss_with_list = RssMiB();
  *list = ExclusionList{};
  const double rss_index_only = RssMiB();
  std::printf(
      "load %llu tokens: parse+verify %.3f s, index %.3f s, total %.3f s wall "
      "(%.3f s CPU)\n",
      static_cast<unsigned long long>(n_tokens), Seconds(t0, t2), Seconds(t2, t1), Seconds(t0, t1),
      load_c1 - load_c0);
  std::printf(
      "load memory: +%.1f MiB with the parsed list, +%.1f MiB index alone "
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
  double c0 = CpuSeconds();
  t0 = Clock::now();
  for (const std::string& l : lines) {
    if (stream_only) break;
    switch (filter.FilterJson(l, &out, &reason)) {
      case FilterOutcome::kKept:
        ++kept;
        out_bytes += out.size();
        break;
      case FilterOutcome::kExcluded:
        ++excluded;
        break;
      case FilterOutcome::kRejected:
        ++rejected;
        break;
    }
  }
  t1 = Clock::now();
  double c1 = CpuSeconds();
  const double rps = static_cast<double>(n_records) / (c1 - c0);
  std::printf(
      "filter JSON records (in memory): %.0f records/s per core (CPU time), %.2f us/record, "
      "%.0f records/s wall (kept %llu, excluded %llu, rejected %llu; objecting ~%zu)\n",
      rps, 1e6 / rps, static_cast<double>(n_records) / Seconds(t0, t1),
      static_cast<unsigned long long>(kept), static_cast<unsigned long long>(excluded),
      static_cast<unsigned long long>(rejected), objecting);

  // ---- the identity path alone (no JSON) ----
  {
    std::vector<garant::consent::IdentityTraits> traits;
    traits.reserve(std::min<uint64_t>(n_records, 200000));
    for (uint64_t i = 0; !stream_only && i < traits.capacity(); ++i) {
      garant::consent::IdentityTraits t;
      t.birth_name = "Martin" + std::to_string(i);
      t.given_names = i % 2 ? "Jean" : "Pierre-Louis";
      t.birth_date = "1980-01-01";
      t.sex = "M";
      if (i % 5 == 0) t.used_name = "Durand";
      traits.push_back(std::move(t));
    }
    std::string token;
    c0 = CpuSeconds();
    for (const auto& t : traits) (void)filter.FilterIdentity(t, &token, &reason);
    c1 = CpuSeconds();
    std::printf("filter identities (no JSON): %.0f records/s per core (CPU time)\n",
                static_cast<double>(traits.size()) / (c1 - c0));
  }

  // ---- the whole stream: read, hash the input, filter, write ----
  // --stream-runs R: R runs of the same input (for profiling and to see the
  // spread on a shared machine); each run is printed.
  {
    std::string input;
    input.reserve(input_bytes);
    for (const auto& l : lines) input.append(l).push_back('\n');
    lines.clear();
    lines.shrink_to_fit();
    const uint64_t runs = std::max<uint64_t>(1, Flag(argc, argv, "--stream-runs", 1));
    for (uint64_t run = 0; run < runs; ++run) {
      std::istringstream in(input);
      CountingBuf out_buf, rejects_buf;
      std::ostream os(&out_buf), rejects(&rejects_buf);
      c0 = CpuSeconds();
      t0 = Clock::now();
      auto report = garant::consent::FilterStream(filter, garant::consent::RecordFormat::kJsonLines,
                                                  in, os, rejects);
      t1 = Clock::now();
      c1 = CpuSeconds();
      if (!report.ok()) return 1;
      std::printf(
          "filter stream (JSON Lines from memory, input SHA-256, output discarded): "
          "%.0f records/s per core "
          "(CPU time), %.0f MiB/s in; %.0f records/s wall\n",
          static_cast<double>(n_records) / (c1 - c0),
          static_cast<double>(input_bytes) / (1024.0 * 1024.0) / (c1 - c0),
          static_cast<double>(n_records) / Seconds(t0, t1));
    }
  }
  std::printf("peak RSS %.0f MiB\n", PeakRssMiB());
  return 0;
}
