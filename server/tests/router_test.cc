// Router (method + pattern → route, path parameters, 404 vs 405, HEAD),
// Allowed (default deny), and the percent-decoding of query strings, forms
// and request paths (UrlDecode, ParseUrlEncoded, PathDecode).
#include "http/router.h"

#include <gtest/gtest.h>

#include <string>

#include "http/exchange.h"

namespace garant::server {
namespace {

Route MakeRoute(std::string method, std::string pattern, std::string tag = "") {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.roles = {tag.empty() ? "admin" : tag};
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(MakeRoute("GET", "/"));
    router_.Add(MakeRoute("GET", "/api/v1/tokens", "list"));
    router_.Add(MakeRoute("POST", "/api/v1/tokens", "create"));
    router_.Add(MakeRoute("DELETE", "/api/v1/tokens/{id}", "revoke"));
    router_.Add(MakeRoute("GET", "/api/v1/projects/{ref}/decisions/{n}", "decision"));
    router_.Add(MakeRoute("GET", "/audit/tile/{path...}", "tile"));
    router_.Add(MakeRoute("GET", "/opposition/statut", "literal-first"));
    router_.Add(MakeRoute("GET", "/opposition/{page}", "param-second"));
  }
  // The tag (first role) of the matched route, or "" when none.
  std::string Tag(const std::string& method, const std::string& path) {
    RouteMatch m = router_.Match(method, path);
    return m.route ? m.route->roles[0] : "";
  }
  Router router_;
};

TEST_F(RouterTest, MatchesMethodAndLiteralPath) {
  EXPECT_EQ(Tag("GET", "/api/v1/tokens"), "list");
  EXPECT_EQ(Tag("POST", "/api/v1/tokens"), "create");
  EXPECT_EQ(Tag("GET", "/api/v1/token"), "");
  EXPECT_EQ(Tag("GET", "/api/v1/tokens/x/y"), "");
  EXPECT_EQ(Tag("GET", "/API/v1/tokens"), "");  // case-sensitive
  EXPECT_EQ(Tag("get", "/api/v1/tokens"), "");  // methods too
}

TEST_F(RouterTest, ExtractsOneSegmentParameters) {
  RouteMatch m = router_.Match("GET", "/api/v1/projects/P-2026-001/decisions/7");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->roles[0], "decision");
  EXPECT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params["ref"], "P-2026-001");
  EXPECT_EQ(m.params["n"], "7");
  // A parameter is exactly one non-empty segment.
  EXPECT_EQ(Tag("GET", "/api/v1/projects/P/decisions"), "");
  EXPECT_EQ(Tag("GET", "/api/v1/projects/P/decisions/7/8"), "");
  EXPECT_EQ(Tag("GET", "/api/v1/projects/decisions/7"), "");
}

TEST_F(RouterTest, ARestParameterTakesTheRemainingSegments) {
  RouteMatch m = router_.Match("GET", "/audit/tile/0/x001/234.p/5");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->roles[0], "tile");
  EXPECT_EQ(m.params["path"], "0/x001/234.p/5");
  EXPECT_EQ(router_.Match("GET", "/audit/tile/checkpoint").params["path"], "checkpoint");
  // ...at least one.
  EXPECT_EQ(Tag("GET", "/audit/tile"), "");
  EXPECT_EQ(Tag("GET", "/audit/tile/"), "");
}

TEST_F(RouterTest, RootMatchesOnlyItself) {
  EXPECT_EQ(Tag("GET", "/"), "admin");
  EXPECT_EQ(Tag("GET", ""), "");
  EXPECT_EQ(Tag("GET", "//"), "");
}

TEST_F(RouterTest, EmptySegmentsAreIgnoredElsewhere) {
  // Documented behaviour: "//" and a trailing "/" do not make another path.
  EXPECT_EQ(Tag("GET", "/api/v1/tokens/"), "list");
  EXPECT_EQ(Tag("GET", "/api//v1/tokens"), "list");
}

TEST_F(RouterTest, WrongMethodOnAKnownPathIsAMethodMismatch) {
  RouteMatch m = router_.Match("PUT", "/api/v1/tokens");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_mismatch);  // 405, not 404
  RouteMatch del = router_.Match("GET", "/api/v1/tokens/abc");
  EXPECT_EQ(del.route, nullptr);
  EXPECT_TRUE(del.method_mismatch);
  RouteMatch none = router_.Match("GET", "/nowhere");
  EXPECT_EQ(none.route, nullptr);
  EXPECT_FALSE(none.method_mismatch);  // 404
  // A later route with the right method clears the mismatch.
  RouteMatch ok = router_.Match("POST", "/api/v1/tokens");
  ASSERT_NE(ok.route, nullptr);
  EXPECT_FALSE(ok.method_mismatch);
}

TEST_F(RouterTest, HeadIsServedByTheGetRoute) {
  EXPECT_EQ(Tag("HEAD", "/api/v1/tokens"), "list");
  RouteMatch m = router_.Match("HEAD", "/api/v1/tokens/abc");  // DELETE only
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_mismatch);
}

TEST_F(RouterTest, TheFirstMatchingRouteWins) {
  EXPECT_EQ(Tag("GET", "/opposition/statut"), "literal-first");
  RouteMatch m = router_.Match("GET", "/opposition/retrait");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->roles[0], "param-second");
  EXPECT_EQ(m.params["page"], "retrait");
}

TEST_F(RouterTest, ParametersOfAFailedCandidateDoNotLeak) {
  Router r;
  r.Add(MakeRoute("POST", "/a/{x}", "post"));
  r.Add(MakeRoute("GET", "/a/{y}", "get"));
  RouteMatch m = r.Match("GET", "/a/1");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params.count("x"), 0u);
  EXPECT_EQ(m.params["y"], "1");
}

Principal Staff(const std::string& role) {
  Principal p;
  p.kind = Principal::Kind::kStaff;
  p.id = "1";
  p.role = role;
  return p;
}

TEST(AllowedTest, DefaultDenyByRole) {
  Route r = MakeRoute("GET", "/x");
  r.roles = {"admin", "dpo"};
  EXPECT_TRUE(Allowed(r, Staff("admin")));
  EXPECT_TRUE(Allowed(r, Staff("dpo")));
  EXPECT_FALSE(Allowed(r, Staff("auditor")));
  EXPECT_FALSE(Allowed(r, Staff("")));
  EXPECT_FALSE(Allowed(r, Principal{}));  // anonymous
  // An anonymous principal never passes, even with a listed role string.
  Principal forged;
  forged.role = "admin";
  EXPECT_FALSE(Allowed(r, forged));
  // No roles listed: nobody.
  r.roles.clear();
  EXPECT_FALSE(Allowed(r, Staff("admin")));
}

TEST(AllowedTest, PublicRoutesAreOpenToAnyone) {
  Route r = MakeRoute("GET", "/opposition");
  r.access = Access::kPublic;
  r.roles.clear();
  EXPECT_TRUE(Allowed(r, Principal{}));
  EXPECT_TRUE(Allowed(r, Staff("auditor")));
}

TEST(AllowedTest, ServicePrincipalsNeedTheirRoleListed) {
  Route r = MakeRoute("POST", "/api/v1/audit/events");
  r.roles = {"ingestion"};
  Principal svc;
  svc.kind = Principal::Kind::kService;
  svc.role = "ingestion";
  EXPECT_TRUE(Allowed(r, svc));
  svc.role = "warehouse";
  EXPECT_FALSE(Allowed(r, svc));
}

// ------------------------------------------------------------ URL decoding

TEST(UrlDecodeTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(*UrlDecode(""), "");
  EXPECT_EQ(*UrlDecode("abc"), "abc");
  EXPECT_EQ(*UrlDecode("a+b"), "a b");
  EXPECT_EQ(*UrlDecode("%41%42%43"), "ABC");
  EXPECT_EQ(*UrlDecode("%c3%a9t%C3%A9"), "\xC3\xA9t\xC3\xA9");  // both hex cases
  EXPECT_EQ(*UrlDecode("100%25"), "100%");
  EXPECT_EQ(*UrlDecode("%2B"), "+");  // an escaped plus stays a plus
  EXPECT_EQ(*UrlDecode("a%2Fb"), "a/b");
  EXPECT_EQ(*UrlDecode("%00"), std::string(1, '\0'));
}

// A request path: '+' has no special meaning there (RFC 3986), so it stays
// a '+'; escapes are decoded as in a query string (HttpExchange::path()).
TEST(PathDecodeTest, KeepsPlusAndDecodesEscapes) {
  EXPECT_EQ(*PathDecode("/a+b"), "/a+b");
  EXPECT_EQ(*PathDecode("/a%2Bb%20c"), "/a+b c");
  EXPECT_EQ(*PathDecode("/caf%C3%A9"), "/caf\xC3\xA9");
  EXPECT_EQ(PathDecode("/a%G1").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(*UrlDecode("a+b"), "a b");  // the query string's rule is unchanged
}

TEST(UrlDecodeTest, RejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "a%", "a%4", "%G1", "%1G", "%%41", "%-1", "% 1"}) {
    Result<std::string> r = UrlDecode(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
    }
  }
  // A valid escape at the very end is fine.
  EXPECT_EQ(*UrlDecode("x%41"), "xA");
}

TEST(ParseUrlEncodedTest, SplitsPairsAndDecodesBothSides) {
  Result<std::map<std::string, std::string>> r =
      ParseUrlEncoded("reference=OPP-1234&code+secret=a%26b%3Dc&empty=&flag&&x=1&x=2");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::map<std::string, std::string> want = {
      {"reference", "OPP-1234"}, {"code secret", "a&b=c"}, {"empty", ""}, {"flag", ""}, {"x", "2"}};
  EXPECT_EQ(*r, want);
  EXPECT_TRUE(ParseUrlEncoded("")->empty());
  EXPECT_EQ(ParseUrlEncoded("a=b=c")->at("a"), "b=c");
}

TEST(ParseUrlEncodedTest, RejectsBadEscapesAndInvalidUtf8) {
  EXPECT_EQ(ParseUrlEncoded("a=%zz").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ParseUrlEncoded("%zz=a").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ParseUrlEncoded("ok=1&a=%").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ParseUrlEncoded("name=%C3").status().code(), Code::kInvalidArgument);  // truncated
  EXPECT_EQ(ParseUrlEncoded("name=%FF").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(ParseUrlEncoded("%C0%AF=x").status().code(), Code::kInvalidArgument);  // overlong
  EXPECT_TRUE(ParseUrlEncoded("name=%C3%A9").ok());
}

}  // namespace
}  // namespace garant::server
