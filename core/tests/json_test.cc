#include "garant/core/json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/bytes.h"

namespace garant {
namespace {

using namespace std::string_view_literals;

boost::json::object MustParse(std::string_view body) {
  Result<boost::json::object> r = ParseJsonObject(body);
  EXPECT_TRUE(r.ok()) << body << ": " << r.status().ToString();
  return r.ok() ? std::move(r).value() : boost::json::object();
}

// Expects kInvalidArgument with a message containing `needle`.
void ExpectInvalid(const Status& s, std::string_view needle) {
  EXPECT_EQ(s.code(), Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find(needle), std::string::npos)
      << "message \"" << s.message() << "\" lacks \"" << needle << "\"";
}

// ------------------------------------------------------------ ParseJsonObject

TEST(ParseJsonObjectTest, AcceptsObject) {
  const boost::json::object obj =
      MustParse(R"({"subject":"alice","n":3,"tags":["a"],"nested":{"x":null}})");
  EXPECT_EQ(obj.size(), 4u);
  EXPECT_EQ(obj.at("subject").as_string(), "alice");
  // Whitespace around the value is fine.
  EXPECT_TRUE(MustParse(" \n\t{ } \r\n").empty());
}

TEST(ParseJsonObjectTest, RejectsMalformed) {
  for (const char* bad : {"", " ", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\":1} x",
                          "{\"a\":1}{}", "{\"a\":1 // c\n}", "{\"a\":NaN}", "{\"a\":01}",
                          "{\"a\":\"\\x41\"}", "{\"a\":\"tab\there\"}"}) {
    const Result<boost::json::object> r = ParseJsonObject(bad);
    ASSERT_FALSE(r.ok()) << bad;
    ExpectInvalid(r.status(), "malformed JSON");
  }
  ExpectInvalid(ParseJsonObject("{\"a\":1,}").status(), "at offset 7");
}

// Found by fuzz/json_fuzz.cc (fuzz/regressions/json/number_out_of_range):
// 1e400 parsed as infinity, a value no JSON text can carry back.
TEST(ParseJsonObjectTest, RejectsNumbersOutOfRange) {
  for (const char* bad : {R"({"j":1.0e223373})", R"({"a":[-1e400]})", R"({"a":{"b":1e309}})"}) {
    const Result<boost::json::object> r = ParseJsonObject(bad);
    ASSERT_FALSE(r.ok()) << bad;
    ExpectInvalid(r.status(), "number out of range");
  }
  EXPECT_EQ(MustParse(R"({"a":1e308,"b":-1e-400})").size(), 2u);  // finite (or zero)
}

TEST(ParseJsonObjectTest, RejectsNonObject) {
  for (const char* bad : {"[]", "[{}]", "\"s\"", "1", "true", "null"}) {
    const Result<boost::json::object> r = ParseJsonObject(bad);
    ASSERT_FALSE(r.ok()) << bad;
    ExpectInvalid(r.status(), "must be an object");
  }
}

TEST(ParseJsonObjectTest, RejectsInvalidUtf8) {
  for (const std::string_view bad : {
           "{\"a\":\"\xC0\x80\"}"sv,      // overlong NUL
           "{\"a\":\"\xED\xA0\x80\"}"sv,  // surrogate
           "{\"a\":\"\xC3\"}"sv,          // truncated
           "{\"\xFF\":1}"sv,              // in a key
           "{\"a\":1}\xE2\x82"sv,         // after the value
       }) {
    const Result<boost::json::object> r = ParseJsonObject(bad);
    ASSERT_FALSE(r.ok()) << bad;
    ExpectInvalid(r.status(), "not valid UTF-8");
  }
  // Valid multi-byte text passes, and \u escapes of lone surrogates fail.
  EXPECT_EQ(MustParse("{\"a\":\"d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80\"}").at("a").as_string(),
            "d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80");
  EXPECT_FALSE(ParseJsonObject(R"({"a":"\ud800"})").ok());
  EXPECT_FALSE(ParseJsonObject(R"({"a":"\udc00"})").ok());
  EXPECT_EQ(MustParse(R"({"a":"\ud83d\ude00"})").at("a").as_string(), "\xF0\x9F\x98\x80");
}

TEST(ParseJsonObjectTest, DepthLimit) {
  EXPECT_TRUE(ParseJsonObject("{}", 1).ok());
  EXPECT_TRUE(ParseJsonObject(R"({"a":{}})", 2).ok());
  ExpectInvalid(ParseJsonObject(R"({"a":{}})", 1).status(), "nested deeper than 1 levels");
  ExpectInvalid(ParseJsonObject(R"({"a":[1]})", 1).status(), "nested deeper");
  EXPECT_TRUE(ParseJsonObject(R"({"a":[[1]]})", 3).ok());
  ExpectInvalid(ParseJsonObject(R"({"a":[[1]]})", 2).status(), "nested deeper");

  // The default limit is 32.
  std::string deep = "{\"a\":";
  for (int i = 0; i < 30; ++i) {
    deep += "[";
  }
  deep += "1";
  for (int i = 0; i < 30; ++i) {
    deep += "]";
  }
  deep += "}";  // 31 levels
  EXPECT_TRUE(ParseJsonObject(deep).ok());
  std::string too_deep = "{\"a\":" + std::string(32, '[') + "1" + std::string(32, ']') + "}";
  ExpectInvalid(ParseJsonObject(too_deep).status(), "nested deeper than 32 levels");
  // A hostile body nesting far deeper fails cleanly (no stack overflow).
  const std::string hostile = "{\"a\":" + std::string(100'000, '[');
  EXPECT_FALSE(ParseJsonObject(hostile).ok());
}

TEST(ParseJsonObjectTest, RejectsDuplicateKeys) {
  ExpectInvalid(ParseJsonObject(R"({"a":1,"a":2})").status(), "duplicate field 'a'");
  ExpectInvalid(ParseJsonObject(R"({"a":1,"b":{"c":1,"c":1}})").status(), "duplicate field 'c'");
  ExpectInvalid(ParseJsonObject(R"({"x":[{"k":1},{"k":2,"k":3}]})").status(),
                "duplicate field 'k'");
  // Escapes are decoded before comparing: "\u0061" is "a".
  ExpectInvalid(ParseJsonObject(R"({"a":1,"\u0061":2})").status(), "duplicate field 'a'");
  // After a nested object closes, the outer object's keys still count.
  ExpectInvalid(ParseJsonObject(R"({"a":{"b":1},"a":2})").status(), "duplicate field 'a'");
  // The same key in different objects is fine.
  EXPECT_TRUE(ParseJsonObject(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]})").ok());
}

// ------------------------------------------------------------ JsonFields

TEST(JsonFieldsTest, ReadsTypedFields) {
  const boost::json::object obj =
      MustParse(R"({"subject":"alice","count":-42,"notify":true,"note":"hi","tags":["x","y"],)"
                R"("limit":7,"meta":{"k":"v"},"on":false})");
  JsonFields f(obj);
  EXPECT_EQ(*f.RequiredString("subject", 100), "alice");
  EXPECT_EQ(*f.RequiredInt("count"), -42);
  EXPECT_EQ(*f.RequiredBool("on"), false);
  EXPECT_EQ(*f.OptionalBool("notify"), std::optional<bool>(true));
  EXPECT_EQ(*f.OptionalString("note", 10), std::optional<std::string>("hi"));
  EXPECT_EQ(*f.OptionalInt("limit", 1, 10), std::optional<int64_t>(7));
  const auto tags = f.OptionalStringArray("tags", 5, 10);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(**tags, (std::vector<std::string>{"x", "y"}));
  const Result<const boost::json::object*> meta = f.RequiredObject("meta");
  ASSERT_TRUE(meta.ok());
  JsonFields inner(**meta);
  EXPECT_EQ(*inner.RequiredString("k", 1), "v");
  EXPECT_TRUE(inner.RejectUnknown().ok());
  EXPECT_TRUE(f.RejectUnknown().ok());
}

TEST(JsonFieldsTest, OptionalAbsentOrNull) {
  const boost::json::object obj = MustParse(R"({"a":null})");
  JsonFields f(obj);
  for (const char* key : {"a", "missing"}) {
    EXPECT_EQ(*f.OptionalString(key, 10), std::nullopt) << key;
    EXPECT_EQ(*f.OptionalInt(key), std::nullopt) << key;
    EXPECT_EQ(*f.OptionalBool(key), std::nullopt) << key;
    EXPECT_EQ(*f.OptionalStringArray(key, 1, 1), std::nullopt) << key;
  }
  EXPECT_TRUE(f.RejectUnknown().ok());
}

TEST(JsonFieldsTest, RequiredMissingOrNull) {
  const boost::json::object obj = MustParse(R"({"a":null})");
  JsonFields f(obj);
  ExpectInvalid(f.RequiredString("a", 10).status(), "field 'a' is required");
  ExpectInvalid(f.RequiredString("b", 10).status(), "field 'b' is required");
  ExpectInvalid(f.RequiredInt("b").status(), "field 'b' is required");
  ExpectInvalid(f.RequiredBool("b").status(), "field 'b' is required");
  ExpectInvalid(f.RequiredObject("b").status(), "field 'b' is required");
}

TEST(JsonFieldsTest, WrongTypes) {
  const boost::json::object obj =
      MustParse(R"({"s":1,"i":"1","f":1.0,"e":1e3,"b":"true","n":0,"arr":"x","arr2":[1],"o":[]})");
  JsonFields f(obj);
  ExpectInvalid(f.RequiredString("s", 10).status(), "field 's' must be a string");
  ExpectInvalid(f.OptionalString("s", 10).status(), "field 's' must be a string");
  ExpectInvalid(f.RequiredInt("i").status(), "field 'i' must be an integer");
  ExpectInvalid(f.RequiredInt("f").status(), "field 'f' must be an integer");
  ExpectInvalid(f.OptionalInt("e").status(), "field 'e' must be an integer");
  ExpectInvalid(f.RequiredBool("b").status(), "field 'b' must be a boolean");
  ExpectInvalid(f.OptionalBool("n").status(), "field 'n' must be a boolean");
  ExpectInvalid(f.OptionalStringArray("arr", 5, 5).status(),
                "field 'arr' must be an array of strings");
  ExpectInvalid(f.OptionalStringArray("arr2", 5, 5).status(),
                "field 'arr2' must be an array of strings");
  ExpectInvalid(f.RequiredObject("o").status(), "field 'o' must be an object");
}

TEST(JsonFieldsTest, IntegerRanges) {
  const boost::json::object obj = MustParse(
      R"({"max":9223372036854775807,"min":-9223372036854775808,"over":9223372036854775808,)"
      R"("huge":1e300,"five":5})");  // 1e400: refused by the parse (RejectsNumbersOutOfRange)
  JsonFields f(obj);
  EXPECT_EQ(*f.RequiredInt("max"), INT64_MAX);
  EXPECT_EQ(*f.RequiredInt("min"), INT64_MIN);
  ExpectInvalid(f.RequiredInt("over").status(), "field 'over' is out of range");
  ExpectInvalid(f.RequiredInt("huge").status(), "field 'huge' must be an integer");
  EXPECT_EQ(*f.RequiredInt("five", 5, 5), 5);
  ExpectInvalid(f.RequiredInt("five", 6, 10).status(), "field 'five' must be between 6 and 10");
  ExpectInvalid(f.OptionalInt("five", 0, 4).status(), "field 'five' must be between 0 and 4");
}

TEST(JsonFieldsTest, StringLimits) {
  const boost::json::object obj =
      MustParse(R"({"s":"abcd","accent":"\u00e9t\u00e9","nul":"a\u0000b","list":["ab","abc"]})");
  JsonFields f(obj);
  EXPECT_EQ(*f.RequiredString("s", 4), "abcd");
  ExpectInvalid(f.RequiredString("s", 3).status(), "field 's' is longer than 3 bytes");
  // max_len counts UTF-8 bytes: "été" is 5 bytes.
  EXPECT_TRUE(f.RequiredString("accent", 5).ok());
  ExpectInvalid(f.RequiredString("accent", 4).status(), "longer than 4 bytes");
  ExpectInvalid(f.RequiredString("nul", 10).status(), "field 'nul' must not contain NUL");
  EXPECT_TRUE(f.OptionalStringArray("list", 2, 3).ok());
  ExpectInvalid(f.OptionalStringArray("list", 1, 3).status(), "field 'list' has more than 1 items");
  ExpectInvalid(f.OptionalStringArray("list", 2, 2).status(), "field 'list' is longer than 2");
}

TEST(JsonFieldsTest, RejectUnknownNamesFirstUnknownField) {
  const boost::json::object obj = MustParse(R"({"subject":"a","zeta":1,"alpha":2})");
  JsonFields f(obj);
  ASSERT_TRUE(f.RequiredString("subject", 10).ok());
  // Document order: "zeta" comes first.
  const Status s = f.RejectUnknown();
  ExpectInvalid(s, "unknown field 'zeta'");
  EXPECT_EQ(s.message(), "unknown field 'zeta'");
}

TEST(JsonFieldsTest, GettersMarkKnownEvenOnError) {
  const boost::json::object obj = MustParse(R"({"a":1,"b":"x"})");
  JsonFields f(obj);
  EXPECT_FALSE(f.RequiredString("a", 10).ok());  // wrong type, but asked for
  EXPECT_TRUE(f.OptionalString("c", 10).ok());   // absent is fine
  ExpectInvalid(f.RejectUnknown(), "unknown field 'b'");
  EXPECT_TRUE(f.OptionalString("b", 10).ok());
  EXPECT_TRUE(f.RejectUnknown().ok());
}

TEST(JsonFieldsTest, LongUnknownKeyIsTruncatedInMessage) {
  const std::string key(500, 'k');
  const boost::json::object obj = MustParse("{\"" + key + "\":1}");
  const Status s = JsonFields(obj).RejectUnknown();
  ExpectInvalid(s, "unknown field 'kkkk");
  EXPECT_LT(s.message().size(), 100u);
  // Truncation never splits a UTF-8 sequence.
  std::string accented;
  for (int i = 0; i < 100; ++i) {
    accented += "\xC3\xA9";
  }
  const boost::json::object obj2 = MustParse("{\"x" + accented + "\":1}");
  const Status s2 = JsonFields(obj2).RejectUnknown();
  EXPECT_TRUE(IsValidUtf8(s2.message())) << s2.message();
}

}  // namespace
}  // namespace garant
