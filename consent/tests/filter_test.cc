#include "garant/consent/filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

using ::testing::HasSubstr;

constexpr int kYear = 2026;

struct Person {
  std::string birth_name, used_name, given_names, birth_date, sex, ins;
};

// A synthetic, valid person number i (distinct traits for distinct i).
Person PersonNumber(int i) {
  static const char* kNames[] = {"Martin",  "Bernard", "Dubois", "Thomas", "Robert",
                                 "Richard", "Petit",   "Durand", "Leroy",  "Moreau"};
  static const char* kGiven[] = {"Jean", "Marie", "Pierre", "Anne", "Luc", "Claire"};
  Person p;
  p.birth_name = std::string(kNames[i % 10]) + "-" +
                 std::string(1, static_cast<char>('A' + (i / 10) % 26)) +
                 std::string(1, static_cast<char>('a' + (i / 260) % 26));
  p.given_names = kGiven[i % 6];
  unsigned day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 1930 + (i / 336) % 90;
  char date[32];
  std::snprintf(date, sizeof date, "%04u-%02u-%02u", year, month, day);
  p.birth_date = date;
  p.sex = (i % 2) ? "F" : "M";
  return p;
}

std::string JsonLine(const Person& p, int id) {
  std::string s = "{\"id\":" + std::to_string(id) + ",\"birth_name\":\"" + p.birth_name +
                  "\",\"given_names\":\"" + p.given_names + "\",\"birth_date\":\"" + p.birth_date +
                  "\",\"sex\":\"" + p.sex + "\"";
  if (!p.used_name.empty()) s += ",\"used_name\":\"" + p.used_name + "\"";
  if (!p.ins.empty()) s += ",\"ins\":\"" + p.ins + "\"";
  s += ",\"birth_place\":\"75056\",\"diagnosis\":\"R05\",\"visit\":{\"at\":\"2026-11-02\"}}";
  return s;
}

IdentityTraits TraitsOf(const Person& p) {
  IdentityTraits t;
  t.birth_name = p.birth_name;
  t.given_names = p.given_names;
  t.birth_date = p.birth_date;
  t.sex = p.sex;
  if (!p.used_name.empty()) t.used_name = p.used_name;
  if (!p.ins.empty()) t.ins = p.ins;
  return t;
}

class FilterTest : public ::testing::Test {
 protected:
  FilterTest() {
    key_.fill(0x11);
    seed_.fill(0x22);
  }

  // A verified list holding the tokens of the given persons with a scope.
  ExclusionList ListOf(const std::vector<std::pair<Person, std::string>>& objectors) {
    ListContent c;
    c.version = 1;
    c.issued_at = FromUnixMicros(1'790'000'000'000'000);
    c.expires_at = c.issued_at + std::chrono::hours(24);
    c.pseudonym_key_id = ListPseudonymKeyId(key_);
    for (const auto& [p, scope] : objectors) {
      auto tokens = ComputeTokens(key_, TraitsOf(p), kYear);
      EXPECT_TRUE(tokens.ok());
      for (const auto& t : *tokens) {
        crypto::Digest d;
        auto raw = *HexDecode(t);
        std::copy(raw.begin(), raw.end(), d.begin());
        c.entries.push_back({scope, d});
      }
    }
    auto doc = SignExclusionList(c, seed_);
    VerifyOptions o;
    o.verify_key = *crypto::Ed25519PublicFromSeed(seed_);
    o.now = c.issued_at;
    auto list = VerifyExclusionList(*doc, o);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return *list;
  }

  FilterOptions Options() const {
    FilterOptions o;
    o.current_year = kYear;
    return o;
  }

  PseudonymKey key_{};
  crypto::Ed25519Seed seed_{};
};

TEST_F(FilterTest, IndexFindsEveryTokenAndNothingElse) {
  std::vector<crypto::Digest> tokens;
  for (int i = 0; i < 5000; ++i) tokens.push_back(crypto::Sha256("t" + std::to_string(i)));
  crypto::Digest zero{};
  tokens.push_back(zero);
  ExclusionIndex index = ExclusionIndex::FromTokens(tokens);
  EXPECT_EQ(index.size(), tokens.size());
  for (const auto& t : tokens) EXPECT_TRUE(index.Contains(t));
  for (int i = 0; i < 5000; ++i)
    EXPECT_FALSE(index.Contains(crypto::Sha256("u" + std::to_string(i))));
  ExclusionIndex empty = ExclusionIndex::FromTokens({});
  EXPECT_FALSE(empty.Contains(zero));
  EXPECT_FALSE(empty.Contains(tokens[0]));
}

TEST_F(FilterTest, DropsObjectorsKeepsOthersAndStripsIdentity) {
  Person objector = PersonNumber(3);
  ExclusionList list = ListOf({{objector, "all"}});
  ExclusionIndex index = ExclusionIndex::Build(list, std::nullopt);
  RecordFilter filter(index, key_, Options());

  std::string out, reason;
  // The objector, written differently (case, accents, used name), is excluded.
  Person variant = objector;
  for (auto& ch : variant.birth_name) ch = static_cast<char>(std::tolower(ch));
  variant.used_name = "Épouse-Nom";
  EXPECT_EQ(filter.FilterJson(JsonLine(variant, 1), &out, &reason), FilterOutcome::kExcluded);

  Person other = PersonNumber(4);
  ASSERT_EQ(filter.FilterJson(JsonLine(other, 2), &out, &reason), FilterOutcome::kKept) << reason;
  auto v = boost::json::parse(out).as_object();
  for (const char* f :
       {"birth_name", "used_name", "given_names", "birth_date", "sex", "ins", "birth_place"}) {
    EXPECT_FALSE(v.contains(f)) << f;
  }
  EXPECT_EQ(v.at("id").as_int64(), 2);
  EXPECT_EQ(v.at("diagnosis").as_string(), "R05");
  EXPECT_EQ(v.at("visit").as_object().at("at").as_string(), "2026-11-02");
  // person_token = the first token in canonical order.
  auto tokens = ComputeTokens(key_, TraitsOf(other), kYear);
  EXPECT_EQ(v.at("person_token").as_string(), (*tokens)[0]);
}

TEST_F(FilterTest, InsTokenAloneExcludes) {
  Person objector = PersonNumber(5);
  objector.ins = "255081416802538";  // a valid NIR (key 38)
  ExclusionList list = ListOf({{objector, "all"}});
  ExclusionIndex index = ExclusionIndex::Build(list, std::nullopt);
  RecordFilter filter(index, key_, Options());
  // Same INS, traits spelt differently enough to change every traits token.
  Person record = PersonNumber(6);
  record.ins = objector.ins;
  std::string out, reason;
  EXPECT_EQ(filter.FilterJson(JsonLine(record, 1), &out, &reason), FilterOutcome::kExcluded)
      << reason;
}

TEST_F(FilterTest, ProjectScopeAppliesOnlyToThatProject) {
  Person a = PersonNumber(10), b = PersonNumber(11);
  ExclusionList list = ListOf({{a, "all"}, {b, "project:PRJ-7"}});
  std::string out, reason;
  {
    ExclusionIndex index = ExclusionIndex::Build(list, std::nullopt);
    RecordFilter f(index, key_, Options());
    EXPECT_EQ(f.FilterJson(JsonLine(a, 1), &out, &reason), FilterOutcome::kExcluded);
    EXPECT_EQ(f.FilterJson(JsonLine(b, 2), &out, &reason), FilterOutcome::kKept);
  }
  {
    ExclusionIndex index = ExclusionIndex::Build(list, std::string("project:PRJ-7"));
    RecordFilter f(index, key_, Options());
    EXPECT_EQ(f.FilterJson(JsonLine(a, 1), &out, &reason), FilterOutcome::kExcluded);
    EXPECT_EQ(f.FilterJson(JsonLine(b, 2), &out, &reason), FilterOutcome::kExcluded);
  }
  {
    ExclusionIndex index = ExclusionIndex::Build(list, std::string("project:PRJ-8"));
    RecordFilter f(index, key_, Options());
    EXPECT_EQ(f.FilterJson(JsonLine(b, 2), &out, &reason), FilterOutcome::kKept);
  }
}

TEST_F(FilterTest, MalformedRecordsAreRejectedNeverKept) {
  ExclusionIndex index = ExclusionIndex::Build(ListOf({}), std::nullopt);
  RecordFilter filter(index, key_, Options());
  std::string out, reason;
  Person p = PersonNumber(1);
  struct Case {
    std::string line;
    std::string why;
  };
  Person bad_date = p;
  bad_date.birth_date = "1990-02-30";
  Person bad_ins = p;
  bad_ins.ins = "255081416802539";
  Person no_name = p;
  no_name.birth_name = "---";
  std::string with_token = JsonLine(p, 1);
  with_token.insert(1, "\"person_token\":\"x\",");
  for (const Case& c : std::vector<Case>{
           {"{not json", "not valid JSON"},
           {"[1,2]", "not a JSON object"},
           {"{\"birth_name\":12}", "birth_name"},
           {JsonLine(bad_date, 1), "birth_date"},
           {JsonLine(bad_ins, 1), "ins"},
           {JsonLine(no_name, 1), "birth_name"},
           {"{\"given_names\":\"Jean\",\"birth_date\":\"1990-01-01\",\"sex\":\"M\"}", "birth_name"},
           {with_token, "person_token"},
       }) {
    out = "untouched";
    EXPECT_EQ(filter.FilterJson(c.line, &out, &reason), FilterOutcome::kRejected) << c.line;
    EXPECT_THAT(reason, HasSubstr(c.why));
    EXPECT_EQ(out, "untouched");
  }
}

TEST_F(FilterTest, FieldNamesAreMappable) {
  Person objector = PersonNumber(20);
  ExclusionIndex index = ExclusionIndex::Build(ListOf({{objector, "all"}}), std::nullopt);
  FilterOptions o = Options();
  o.fields.birth_name = "nom";
  o.fields.given_names = "prenoms";
  RecordFilter filter(index, key_, o);
  std::string line = JsonLine(objector, 1);
  line.replace(line.find("\"birth_name\""), 12, "\"nom\"");
  line.replace(line.find("\"given_names\""), 13, "\"prenoms\"");
  std::string out, reason;
  EXPECT_EQ(filter.FilterJson(line, &out, &reason), FilterOutcome::kExcluded) << reason;
}

TEST_F(FilterTest, StreamCountsRejectsWithLineNumbersAndDigest) {
  std::vector<std::pair<Person, std::string>> objectors;
  for (int i = 0; i < 100; i += 10) objectors.push_back({PersonNumber(i), "all"});
  ExclusionIndex index = ExclusionIndex::Build(ListOf(objectors), std::nullopt);
  RecordFilter filter(index, key_, Options());
  std::string input;
  for (int i = 0; i < 100; ++i) {
    input += JsonLine(PersonNumber(i), i) + (i % 7 == 0 ? "\r\n" : "\n");
    if (i == 50) input += "\n";              // blank: skipped (line 52)
    if (i == 60) input += "{\"broken\":\n";  // line 63: rejected
  }
  input += JsonLine(PersonNumber(500), 500);  // no final newline
  std::istringstream in(input);
  std::ostringstream out, rejects;
  auto report = FilterStream(filter, RecordFormat::kJsonLines, in, out, rejects);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->counts.records, 102u);
  EXPECT_EQ(report->counts.excluded, 10u);
  EXPECT_EQ(report->counts.rejected, 1u);
  EXPECT_EQ(report->counts.kept, 91u);
  EXPECT_EQ(report->input_sha256, HexEncode(crypto::Sha256(input)));
  EXPECT_THAT(rejects.str(), HasSubstr("{\"line\":63,\"error\":\"not valid JSON"));
  // Every output line is a JSON object with a person token and no identity.
  std::istringstream lines(out.str());
  std::string l;
  int n = 0;
  while (std::getline(lines, l)) {
    auto v = boost::json::parse(l).as_object();
    EXPECT_TRUE(v.contains("person_token"));
    EXPECT_FALSE(v.contains("birth_name"));
    int64_t id = v.at("id").as_int64();
    EXPECT_TRUE(id == 500 || id % 10 != 0) << id;
    ++n;
  }
  EXPECT_EQ(n, 91);
}

TEST_F(FilterTest, CsvStream) {
  Person objector = PersonNumber(30), other = PersonNumber(31);
  ExclusionIndex index = ExclusionIndex::Build(ListOf({{objector, "all"}}), std::nullopt);
  RecordFilter filter(index, key_, Options());
  auto row = [](const Person& p, const std::string& note) {
    return p.birth_name + ",\"" + p.given_names + "\"," + p.birth_date + "," + p.sex + "," + note +
           "\n";
  };
  std::string input = "birth_name,given_names,birth_date,sex,note\n" + row(objector, "a") +
                      row(other, "\"multi\nline, \"\"quoted\"\"\"") + "x,y\n";
  std::istringstream in(input);
  std::ostringstream out, rejects;
  auto report = FilterStream(filter, RecordFormat::kCsv, in, out, rejects);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->counts.kept, 1u);
  EXPECT_EQ(report->counts.excluded, 1u);
  EXPECT_EQ(report->counts.rejected, 1u);
  auto tokens = ComputeTokens(key_, TraitsOf(other), kYear);
  EXPECT_EQ(out.str(), "note,person_token\n\"multi\nline, \"\"quoted\"\"\"," + (*tokens)[0] + "\n");
  EXPECT_THAT(rejects.str(), HasSubstr("\"line\":5"));
}

TEST_F(FilterTest, CsvWithoutIdentityColumnsFails) {
  ExclusionIndex index = ExclusionIndex::Build(ListOf({}), std::nullopt);
  RecordFilter filter(index, key_, Options());
  std::istringstream in("a,b\n1,2\n");
  std::ostringstream out, rejects;
  EXPECT_FALSE(FilterStream(filter, RecordFormat::kCsv, in, out, rejects).ok());
}

}  // namespace
}  // namespace garant::consent
