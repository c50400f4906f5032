// The filter's fast paths against straightforward references: the
// fingerprint index against exact set membership (tokens built to collide on
// the slot and on the fingerprint), the pipelined stream against one
// FilterJson per line, the kept record's bytes against the members joined
// one by one, and the word-at-a-time string scanning against Boost.JSON.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../src/filter_json.h"
#include "garant/consent/filter.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

constexpr int kYear = 2026;

crypto::Digest RandomDigest(std::mt19937_64& rng) {
  crypto::Digest d;
  for (uint8_t& b : d) b = static_cast<uint8_t>(rng());
  return d;
}

// Tokens that share the slot bytes (0-7) and the fingerprint bytes (8-11)
// with each other, or only one of them, and differ in a single later byte:
// only the full comparison tells them apart.
TEST(FingerprintIndexTest, ExactOnCollidingSlotsAndFingerprints) {
  std::mt19937_64 rng(1);
  std::vector<crypto::Digest> members, others;
  for (int group = 0; group < 200; ++group) {
    const crypto::Digest base = RandomDigest(rng);
    for (int v = 0; v < 6; ++v) {
      crypto::Digest d = base;
      d[12 + v] ^= 0x01;  // same slot, same fingerprint
      (v % 2 == 0 ? members : others).push_back(d);
    }
    crypto::Digest same_slot = base;
    same_slot[8] ^= 0x02;  // same slot, other fingerprint
    (group % 2 == 0 ? members : others).push_back(same_slot);
    crypto::Digest low_bit = base;
    low_bit[8] ^= 0x01;  // fingerprints differ only in the bit the index forces to 1
    (group % 2 == 0 ? others : members).push_back(low_bit);
  }
  members.push_back(crypto::Digest{});  // the all-zero token is an ordinary member
  for (int i = 0; i < 5000; ++i) members.push_back(RandomDigest(rng));
  for (int i = 0; i < 5000; ++i) others.push_back(RandomDigest(rng));

  const std::set<crypto::Digest> reference(members.begin(), members.end());
  std::vector<crypto::Digest> with_duplicates = members;
  with_duplicates.insert(with_duplicates.end(), members.begin(), members.begin() + 100);
  const ExclusionIndex index = ExclusionIndex::FromTokens(with_duplicates);
  EXPECT_EQ(index.size(), reference.size());
  for (const crypto::Digest& d : members) {
    index.Prefetch(d);
    EXPECT_TRUE(index.Contains(d));
  }
  for (const crypto::Digest& d : others) {
    EXPECT_EQ(index.Contains(d), reference.count(d) == 1) << HexEncode(d);
  }
  EXPECT_GT(index.memory_bytes(), reference.size() * sizeof(crypto::Digest));
}

std::string Letter(int i) { return std::string(1, static_cast<char>('a' + i % 26)); }

std::string Line(int i, const char* sep) {
  static const char* kNames[] = {"Martin", "Bernard", "L\\u00e9a", "Dubois", "Thomas"};
  static const char* kGiven[] = {"Jean", "Marie", "Pierre-Louis", "\\u00c9milie", "Anne Sophie"};
  std::string s = "{\"visit_id\":" + std::to_string(i) + sep;
  s += "\"birth_name\":\"" + std::string(kNames[i % 5]) + "-" + Letter(i) + Letter(i / 26) + "\"" +
       sep;
  if (i % 3 == 0) s += "\"icpc2\":\"R05\"" + std::string(sep);
  s += "\"given_names\":\"" + std::string(kGiven[i % 5]) + "\"" + sep;
  s += "\"birth_date\":\"19" + std::to_string(30 + i % 60) + "-0" + std::to_string(1 + i % 9) +
       "-1" + std::to_string(i % 10) + "\"" + sep;
  if (i % 4 == 0) s += "\"used_name\":\"Durand " + Letter(i) + "\"" + sep;
  s += "\"sex\":\"" + std::string(i % 2 ? "F" : "m") + "\"" + sep;
  s += "\"note\":\"a long value with \\\"quotes\\\", \\\\ and \\n escapes\"" + std::string(sep);
  s += "\"at\":\"2026-11-02T10:15:00Z\",\"nested\":{\"a\":[1,2,{\"b\":null}]}}";
  return s;
}

// A kept record as FilterJson wrote it before the fast path: the kept members
// one by one, joined by ",", then the token.
std::string ReferenceKept(const std::string& line, const std::string& token) {
  internal::JsonRecordScanner sc({"birth_name", "used_name", "given_names", "birth_date", "sex",
                                  "ins", "birth_place", "person_token"});
  std::string error;
  EXPECT_TRUE(sc.Scan(line, &error)) << error;
  std::string out = "{";
  bool first = true;
  for (const internal::JsonMember& m : sc.members()) {
    if (m.field >= 0) continue;
    if (!first) out.push_back(',');
    first = false;
    out.append(line, m.begin, m.end - m.begin);
  }
  out += first ? "\"" : ",\"";
  return out + "person_token\":\"" + token + "\"}";
}

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() { key_.fill(0x21); }

  // Lines of every kind: kept (with bare "," or spaced separators),
  // excluded, rejected for several reasons, blank.
  std::vector<std::string> Lines() const {
    std::vector<std::string> lines;
    const char* seps[] = {",", " , ", ",\t", " ,"};
    for (int i = 0; i < 400; ++i) {
      lines.push_back(Line(i, seps[i % 4]));
      if (i % 37 == 0) lines.push_back("{\"birth_name\":\"X\"");             // not JSON
      if (i % 41 == 0) lines.push_back("{\"birth_name\":\"X\",\"sex\":1}");  // wrong type
      if (i % 43 == 0) lines.push_back("   ");                               // blank
      if (i % 47 == 0) lines.push_back(Line(i, ",") + " ");                  // trailing space
      if (i % 53 == 0) lines.push_back("{\"person_token\":\"x\"}");
    }
    return lines;
  }

  // The index: every token of every 10th line's person.
  ExclusionIndex Index(const std::vector<std::string>& lines) const {
    std::vector<crypto::Digest> tokens;
    ExclusionIndex none = ExclusionIndex::FromTokens({});
    FilterOptions o;
    o.current_year = kYear;
    RecordFilter f(none, key_, o);
    std::string out, reason;
    for (size_t i = 0; i < lines.size(); i += 10) {
      if (f.FilterJson(lines[i], &out, &reason) != FilterOutcome::kKept) continue;
      const Bytes raw = *HexDecode(out.substr(out.size() - 66, 64));
      crypto::Digest d;
      std::copy(raw.begin(), raw.end(), d.begin());
      tokens.push_back(d);
    }
    return ExclusionIndex::FromTokens(tokens);
  }

  PseudonymKey key_{};
};

TEST_F(PipelineTest, StreamEqualsOneFilterJsonPerLine) {
  const std::vector<std::string> lines = Lines();
  const ExclusionIndex index = Index(lines);
  FilterOptions o;
  o.current_year = kYear;

  // Expected: each line alone, by FilterJson, on its own filter.
  RecordFilter single(index, key_, o);
  std::string expected_out, expected_rejects, input;
  int kept = 0, excluded = 0, rejected = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    input += lines[i] + "\n";
    if (lines[i].find_first_not_of(" \t") == std::string::npos) continue;
    std::string out, reason;
    switch (single.FilterJson(lines[i], &out, &reason)) {
      case FilterOutcome::kKept:
        ++kept;
        expected_out += out + "\n";
        break;
      case FilterOutcome::kExcluded:
        ++excluded;
        break;
      case FilterOutcome::kRejected:
        ++rejected;
        expected_rejects += "{\"line\":" + std::to_string(i + 1) + ",\"error\":";
        expected_rejects += boost::json::serialize(boost::json::value(reason)) + "}\n";
        break;
    }
  }
  ASSERT_GT(kept, 200);
  ASSERT_GT(excluded, 20);
  ASSERT_GT(rejected, 20);

  RecordFilter streaming(index, key_, o);
  std::istringstream in(input);
  std::ostringstream out, rejects;
  const Result<FilterReport> report =
      FilterStream(streaming, RecordFormat::kJsonLines, in, out, rejects);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(out.str(), expected_out);
  EXPECT_EQ(rejects.str(), expected_rejects);
  EXPECT_EQ(report->counts.kept, static_cast<uint64_t>(kept));
  EXPECT_EQ(report->counts.excluded, static_cast<uint64_t>(excluded));
  EXPECT_EQ(report->counts.rejected, static_cast<uint64_t>(rejected));
}

TEST_F(PipelineTest, InterleavedSlotsEqualFilterJson) {
  const std::vector<std::string> lines = Lines();
  const ExclusionIndex index = Index(lines);
  FilterOptions o;
  o.current_year = kYear;
  RecordFilter single(index, key_, o), pipelined(index, key_, o);
  std::string out, reason, expected_out, expected_reason;
  for (size_t i = 0; i + 1 < lines.size(); i += 2) {
    // Start two, finish them in either order: each slot keeps its own record.
    pipelined.StartJson(lines[i], 0);
    pipelined.StartJson(lines[i + 1], 1);
    for (const size_t k : {i % 4 == 0 ? i + 1 : i, i % 4 == 0 ? i : i + 1}) {
      out.clear();
      reason.clear();
      const FilterOutcome got = pipelined.FinishJson(k - i, &out, &reason);
      const FilterOutcome want = single.FilterJson(lines[k], &expected_out, &expected_reason);
      ASSERT_EQ(got, want) << lines[k];
      if (want == FilterOutcome::kKept) {
        ASSERT_EQ(out, expected_out);
      }
      if (want == FilterOutcome::kRejected) {
        ASSERT_EQ(reason, expected_reason);
      }
    }
  }
  // A slot finished twice (or never started) never yields a kept record.
  EXPECT_EQ(pipelined.FinishJson(0, &out, &reason), FilterOutcome::kRejected);
}

TEST_F(PipelineTest, KeptRecordIsTheMembersJoinedOneByOne) {
  const std::vector<std::string> lines = Lines();
  const ExclusionIndex none = ExclusionIndex::FromTokens({});
  FilterOptions o;
  o.current_year = kYear;
  RecordFilter filter(none, key_, o);
  int checked = 0;
  for (const std::string& line : lines) {
    std::string out, reason;
    if (filter.FilterJson(line, &out, &reason) != FilterOutcome::kKept) continue;
    const std::string token = out.substr(out.size() - 66, 64);
    ASSERT_EQ(out, ReferenceKept(line, token));
    ++checked;
    // And it is JSON with the token.
    ASSERT_EQ(boost::json::parse(out).as_object().at("person_token").as_string(), token);
  }
  EXPECT_GT(checked, 300);
  // A record with no member besides the identity keeps only the token.
  std::string out, reason;
  ASSERT_EQ(
      filter.FilterJson(
          R"({"birth_name":"Dupont","given_names":"Marie","birth_date":"1985-03-14","sex":"F"})",
          &out, &reason),
      FilterOutcome::kKept)
      << reason;
  EXPECT_EQ(out.substr(0, 17), "{\"person_token\":\"");
}

// Strings of every length up to past two words, with a quote, backslash
// escape, control character or non-ASCII byte at every offset: the scanner
// accepts and decodes exactly as Boost.JSON does.
TEST(FilterJsonWordScanTest, SpecialCharacterAtEveryOffset) {
  internal::JsonRecordScanner sc({"birth_name"});
  const std::string inserts[] = {"\\\"", "\\\\", "\\n",  "\\u00e9", "\xc3\xa9", "\x01",
                                 "\"",   "\x7f", "\xff", "\\x",     "\t",       "\\/"};
  std::string error;
  int accepted = 0;
  for (size_t length = 0; length < 24; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& insert : inserts) {
        std::string value(length, 'v');
        value.insert(at, insert);
        const std::string line = "{\"birth_name\":\"" + value + "\",\"k\":\"" + value + "\"}";
        boost::json::error_code ec;
        const boost::json::value v = boost::json::parse(line, ec);
        const bool ours = sc.Scan(line, &error);
        ASSERT_EQ(ours, !ec) << line;
        if (ours) {
          ++accepted;
          ASSERT_EQ(sc.wanted(0).value, std::string(v.as_object().at("birth_name").as_string()))
              << line;
        }
      }
    }
  }
  EXPECT_GT(accepted, 1000);
}

}  // namespace
}  // namespace garant::consent
