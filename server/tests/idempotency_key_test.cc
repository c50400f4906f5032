// The Idempotency-Key header's forms and the canonical body digest
// (http/idempotency_key.h).
#include "http/idempotency_key.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/consent/idempotency.h"

namespace garant::server {
namespace {

TEST(IdempotencyKeyHeaderTest, TakesAStructuredFieldStringOrABareValue) {
  EXPECT_EQ(*ParseIdempotencyKey("\"8e03978e-40d5\""), "8e03978e-40d5");
  EXPECT_EQ(*ParseIdempotencyKey("8e03978e-40d5"), "8e03978e-40d5");
  EXPECT_EQ(*ParseIdempotencyKey(R"("a \"b\" \\c")"), R"(a "b" \c)");
  EXPECT_EQ(*ParseIdempotencyKey("a b"), "a b");
}

TEST(IdempotencyKeyHeaderTest, RefusesMalformedValuesWithAClearMessage) {
  struct Case {
    std::string value;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{{"", "empty"},
                                         {"\"\"", "empty"},
                                         {std::string(256, 'k'), "255"},
                                         {"\"" + std::string(256, 'k') + "\"", "255"},
                                         {"\"abc", "must end"},
                                         {"\"abc\"x", "follow"},
                                         {"\"a\\nb\"", "backslash"},
                                         {"a\tb", "printable"},
                                         {"caf\xc3\xa9", "printable"}}) {
    auto r = ParseIdempotencyKey(c.value);
    ASSERT_FALSE(r.ok()) << c.value;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << c.value;
    EXPECT_EQ(r.status().reason(), consent::kReasonIdempotencyKeyInvalid) << c.value;
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
  }
}

TEST(IdempotencyKeyRefusalTest, AKeyReusedWithAnotherBodyIsTheDraftsUnprocessableContent) {
  Status reused = Status::Conflict("key used with another body")
                      .WithReason(consent::kReasonIdempotencyKeyReused);
  Status refusal = KeyRefusal(reused);
  EXPECT_EQ(refusal.code(), Code::kUnprocessableContent);
  EXPECT_EQ(HttpStatusFor(refusal.code()), 422);
  EXPECT_EQ(CodeName(refusal.code()), "unprocessable_content");
  EXPECT_EQ(refusal.message(), reused.message());
  EXPECT_EQ(refusal.reason(), consent::kReasonIdempotencyKeyReused);
  // Every other refusal goes on as it came.
  for (const Status& other :
       {Status::Conflict("busy").WithReason(consent::kReasonIdempotencyKeyInProgress),
        Status::DataLoss("does not open"), Status::Unavailable("database down")}) {
    EXPECT_EQ(KeyRefusal(other), other) << other.ToString();
  }
}

TEST(CanonicalJsonTest, MemberOrderAndSpacingDoNotChangeTheDigest) {
  auto a = boost::json::parse(R"({"b": 1, "a": {"y": [1, {"q": "x", "p": null}], "x": "é"}})");
  auto b = boost::json::parse(R"({"a":{"x":"é","y":[1,{"p":null,"q":"x"}]},"b":1})");
  EXPECT_EQ(CanonicalJson(a), R"({"a":{"x":"é","y":[1,{"p":null,"q":"x"}]},"b":1})");
  EXPECT_EQ(CanonicalJsonSha256(a), CanonicalJsonSha256(b));
  // Any change of content changes it: a value, a name, array order, a type.
  for (const char* other : {R"({"a":{"x":"e","y":[1,{"p":null,"q":"x"}]},"b":1})",
                            R"({"a":{"x":"é","y":[1,{"p":null,"r":"x"}]},"b":1})",
                            R"({"a":{"x":"é","y":[{"p":null,"q":"x"},1]},"b":1})",
                            R"({"a":{"x":"é","y":[1,{"p":null,"q":"x"}]},"b":"1"})"}) {
    EXPECT_NE(CanonicalJsonSha256(boost::json::parse(other)), CanonicalJsonSha256(a)) << other;
  }
}

}  // namespace
}  // namespace garant::server
