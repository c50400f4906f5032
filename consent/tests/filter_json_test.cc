// The filter's JSON Lines scanner against Boost.JSON: the same records are
// accepted and refused, and a kept record is the input minus its identity
// members plus the person token.
#include "../src/filter_json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <random>
#include <string>
#include <vector>

namespace garant::consent::internal {
namespace {

bool BoostAccepts(const std::string& line) {
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  return !ec && v.is_object();
}

const std::vector<std::string> kValid = {
    R"({})",
    R"( { "a" : 1 } )",
    R"({"birth_name":"Dupont","given_names":"Jean","n":-0.5e+3,"arr":[1,[2,{"x":null}],true,false],"s":"\u00e9\ud83d\ude00\n\"\\/"})",
    R"({"birth_name":"A\u0042","x":{},"y":[],"z":0,"w":1E5,"v":"tab\there"})",
    R"({"k":"ü€𝄞"})",
    R"({"a":1,"a":2})",
};

const std::vector<std::string> kInvalid = {
    "",
    "[]",
    "1",
    "\"x\"",
    "{",
    "{\"a\"}",
    "{\"a\":}",
    "{\"a\":1,}",
    "{,}",
    "{\"a\":01}",
    "{\"a\":1.}",
    "{\"a\":.5}",
    "{\"a\":-}",
    "{\"a\":1e}",
    "{\"a\":tru}",
    "{\"a\":nul}",
    "{\"a\":\"\\x\"}",
    "{\"a\":\"\\u12\"}",
    "{\"a\":\"\\ud800\"}",
    "{\"a\":\"\\udc00\"}",
    "{\"a\":\"x}",
    "{\"a\":[1,]}",
    "{\"a\":[1 2]}",
    "{\"a\":1} x",
    "{\"a\":1}{}",
    "{'a':1}",
    "{\"a\":\"\x01\"}",
    "{\"a\":\"\xff\"}",
    "{\"a\":\"\xc3\"}",
    "{a:1}",
    "{\"a\":1 \"b\":2}",
    "{\"a\":[}",
    "{\"a\":{\"b\"}}",
    "{\"a\":+1}",
};

TEST(FilterJsonScanner, AgreesWithBoostOnHandPickedRecords) {
  JsonRecordScanner sc({"birth_name", "given_names"});
  std::string error;
  for (const auto& l : kValid) {
    EXPECT_TRUE(BoostAccepts(l)) << l;
    EXPECT_TRUE(sc.Scan(l, &error)) << l << ": " << error;
  }
  for (const auto& l : kInvalid) {
    EXPECT_FALSE(BoostAccepts(l)) << l;
    EXPECT_FALSE(sc.Scan(l, &error)) << l;
  }
  std::string deep(40, '[');
  deep = "{\"a\":" + deep + std::string(40, ']') + "}";
  EXPECT_FALSE(sc.Scan(deep, &error));
}

TEST(FilterJsonScanner, DecodesWantedStringsAndMembers) {
  JsonRecordScanner sc({"birth_name", "sex", "ins"});
  std::string error;
  std::string line = R"({"id":7, "birth_name":"L\u00e9a\"x","sex":null,"ins":12,"z":[1]})";
  ASSERT_TRUE(sc.Scan(line, &error)) << error;
  EXPECT_EQ(sc.wanted(0).kind, WantedValue::Kind::kString);
  EXPECT_EQ(sc.wanted(0).value, "Léa\"x");
  EXPECT_EQ(sc.wanted(1).kind, WantedValue::Kind::kNull);
  EXPECT_EQ(sc.wanted(2).kind, WantedValue::Kind::kOther);
  ASSERT_EQ(sc.members().size(), 5u);
  EXPECT_EQ(line.substr(sc.members()[0].begin, sc.members()[0].end - sc.members()[0].begin),
            "\"id\":7");
  EXPECT_EQ(sc.members()[1].field, 0);
  EXPECT_EQ(line.substr(sc.members()[4].begin, sc.members()[4].end - sc.members()[4].begin),
            "\"z\":[1]");
  // An escaped key still names the field.
  ASSERT_TRUE(sc.Scan(R"({"birth\u005fname":"X"})", &error));
  EXPECT_EQ(sc.wanted(0).value, "X");
}

// Random mutations of valid records: the scanner and Boost agree on every one.
TEST(FilterJsonScanner, AgreesWithBoostOnMutatedRecords) {
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]\":,\\ 0123456789-+.eEtrufalsn\"ab\xc3\xa9u";
  JsonRecordScanner sc({"birth_name"});
  std::string error;
  int accepted = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string l = kValid[rng() % kValid.size()];
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !l.empty(); ++e) {
      size_t at = rng() % l.size();
      switch (rng() % 3) {
        case 0:
          l.erase(at, 1);
          break;
        case 1:
          l.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          l[at] = alphabet[rng() % alphabet.size()];
      }
    }
    bool boost_ok = BoostAccepts(l);
    bool ours = sc.Scan(l, &error);
    ASSERT_EQ(ours, boost_ok) << "line: " << l << " (ours: " << error << ")";
    accepted += ours;
  }
  EXPECT_GT(accepted, 100);
}

}  // namespace
}  // namespace garant::consent::internal
