// Leaf format v1: exact bytes, round trips, and every rejection rule.
#include "garant/audit/leaf.h"

#include <string>

#include "audit_test_util.h"
#include "garant/audit/hash.h"
#include "gtest/gtest.h"

namespace garant::audit {
namespace {

Event Sample() {
  Event e;
  e.id = "0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10";
  e.type = "objection.created";
  e.time = testing::T(1'795'886'451'123'456);  // 2026-11-28T17:20:51.123456Z
  e.actor = "staff:42";
  e.object = "objection/R-7KD2-PQ";
  e.payload = "{\"channel\":\"web\",\"tokens\":2}";
  return e;
}

constexpr std::string_view kSampleLeaf =
    "garant-audit-v1\n"
    "id 0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10\n"
    "type objection.created\n"
    "time 2026-11-28T17:20:51.123456Z\n"
    "actor staff:42\n"
    "object objection/R-7KD2-PQ\n"
    "\n"
    "{\"channel\":\"web\",\"tokens\":2}";

Result<Event> DecodeString(std::string_view s) { return DecodeLeaf(AsBytes(s)); }

TEST(Leaf, EncodesExactBytes) {
  Result<Bytes> leaf = EncodeLeaf(Sample());
  ASSERT_TRUE(leaf.ok()) << leaf.status().ToString();
  EXPECT_EQ(AsString(*leaf), kSampleLeaf);
  // Leaf hash and first chain value, computed independently (Python hashlib).
  EXPECT_EQ(DigestHex(LeafHash(*leaf)),
            "ab92ac9ca370328d2c4a177ea6290a082831285fc7f7f4f0038fe03a92069dc4");
  EXPECT_EQ(DigestHex(ChainGenesis()),
            "8397fdd6da6f9fd20406cc5247d9245cb5f8106c32eab77da91f90cca89cb58d");
  EXPECT_EQ(DigestHex(ChainNext(ChainGenesis(), LeafHash(*leaf))),
            "5d0e6a9c9e5f84099578ddd6dec68ab687da443865306c82db3e22f62e9d6c08");
}

TEST(Leaf, RoundTrips) {
  Result<Event> e = DecodeString(kSampleLeaf);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(*e, Sample());
  for (uint64_t n = 0; n < 200; ++n) {
    const Event ev = testing::MakeEvent(n);
    Result<Bytes> b = EncodeLeaf(ev);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    Result<Event> back = DecodeLeaf(*b);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, ev);
    EXPECT_EQ(*EncodeLeaf(*back), *b);
  }
}

TEST(Leaf, AcceptsEdgeValues) {
  Event e = Sample();
  e.actor = "public";
  e.object = "";
  e.payload = "[1, \"é\", {\"a\": null}]\n";
  e.time = testing::T(0);
  Result<Bytes> b = EncodeLeaf(e);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_NE(AsString(*b).find("\nobject \n\n"), std::string::npos);
  EXPECT_NE(AsString(*b).find("time 1970-01-01T00:00:00.000000Z\n"), std::string::npos);
  EXPECT_EQ(*DecodeLeaf(*b), e);

  e.object = "projet « CONTACT » n°12 – révision";
  e.type = "a.b-c.d_e9";
  e.actor = "service:warehouse.eds_1-A";
  e.time = testing::T(253'402'300'799'999'999);  // 9999-12-31T23:59:59.999999Z
  b = EncodeLeaf(e);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(*DecodeLeaf(*b), e);
}

TEST(Leaf, TimeFormat) {
  EXPECT_EQ(FormatLeafTime(testing::T(1'795'886'451'000'007)), "2026-11-28T17:20:51.000007Z");
  EXPECT_EQ(*ParseLeafTime("2024-02-29T23:59:59.999999Z"), testing::T(1'709'251'199'999'999));
  for (const char* bad :
       {"2023-02-29T00:00:00.000000Z", "2024-13-01T00:00:00.000000Z", "2024-01-01T24:00:00.000000Z",
        "2024-01-01T00:60:00.000000Z", "2024-01-01T00:00:60.000000Z", "2024-01-01T00:00:00.00000Z",
        "2024-01-01T00:00:00.000000+00:00", "2024-01-01 00:00:00.000000Z",
        "1969-12-31T23:59:59.999999Z", "2024-01-01T00:00:00.0000001Z", "2024-1-01T00:00:00.000000Z",
        "+024-01-01T00:00:00.000000Z"}) {
    EXPECT_FALSE(ParseLeafTime(bad).ok()) << bad;
  }
}

TEST(Leaf, RejectsInvalidEvents) {
  auto invalid = [](auto mutate) {
    Event e = Sample();
    mutate(e);
    return EncodeLeaf(e).status().code();
  };
  EXPECT_EQ(invalid([](Event& e) { e.id = "0B7E4C1E-3F1A-4C53-9D55-6F3B2A8E9C10"; }),
            Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.id = "0b7e4c1e3f1a4c539d556f3b2a8e9c10"; }),
            Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.id = "{0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c1}"; }),
            Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.type = ""; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.type = "Objection.created"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.type = "objection..created"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.type = "objection.created."; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.type = "objection created"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.type = std::string(129, 'a'); }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.actor = "staff:"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.actor = "admin:1"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.actor = "staff:a b"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.actor = "Public"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.object = "a\nb"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.object = "a\rb"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.object = "a\tb"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.object = "a\x7f"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.object = "a\xc2\x85"; }), Code::kInvalidArgument);  // NEL
  EXPECT_EQ(invalid([](Event& e) { e.object = "caf\xe9"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.object = std::string(1025, 'o'); }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.payload = ""; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.payload = "{"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.payload = "{} {}"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.payload = "{'a':1}"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.payload = "{\"a\":\"\xff\"}"; }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.time = testing::T(-1); }), Code::kInvalidArgument);
  EXPECT_EQ(invalid([](Event& e) { e.time = testing::T(253'402'300'800'000'000); }),
            Code::kInvalidArgument);
}

TEST(Leaf, SizeLimit) {
  Event e = Sample();
  Result<Bytes> base = EncodeLeaf(e);
  ASSERT_TRUE(base.ok());
  // Pad the payload so the leaf is exactly kMaxLeafSize, then one byte more.
  const size_t room = kMaxLeafSize - base->size();
  e.payload = "{\"p\":\"" + std::string(room + e.payload.size() - 8, 'x') + "\"}";
  Result<Bytes> max = EncodeLeaf(e);
  ASSERT_TRUE(max.ok()) << max.status().ToString();
  EXPECT_EQ(max->size(), kMaxLeafSize);
  EXPECT_TRUE(DecodeLeaf(*max).ok());
  e.payload.insert(6, "x");
  EXPECT_EQ(EncodeLeaf(e).status().code(), Code::kTooLarge);
  Bytes over = *max;
  over.insert(over.end() - 2, 'x');
  EXPECT_EQ(DecodeLeaf(over).status().code(), Code::kTooLarge);
}

TEST(Leaf, DecodeRejectsNonCanonicalBytes) {
  const std::string good(kSampleLeaf);
  auto rejects = [](const std::string& s) { return !DecodeString(s).ok(); };
  auto replace = [&good](std::string_view from, std::string_view to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    s.replace(at, from.size(), to);
    return s;
  };
  EXPECT_FALSE(rejects(good));
  EXPECT_EQ(DecodeString(replace("garant-audit-v1", "garant-audit-v2")).status().message(),
            "audit leaf: unsupported format version \"garant-audit-v2\"");
  EXPECT_TRUE(rejects(replace("garant-audit-v1\n", "garant-audit-v1\r\n")));
  EXPECT_TRUE(rejects(replace("garant-audit-v1", "GARANT-AUDIT-V1")));
  EXPECT_TRUE(rejects("\xEF\xBB\xBF" + good));                            // BOM
  EXPECT_TRUE(rejects(replace("id ", "id  ")));                           // extra space
  EXPECT_TRUE(rejects(replace("id ", "id:")));                            // other separator
  EXPECT_TRUE(rejects(replace("type objection.created\ntime", "time")));  // missing field
  EXPECT_TRUE(rejects(replace("actor staff:42\nobject objection/R-7KD2-PQ",
                              "object objection/R-7KD2-PQ\nactor staff:42")));  // reordered
  EXPECT_TRUE(rejects(replace("actor staff:42\n", "actor staff:42\nactor staff:43\n")));
  EXPECT_TRUE(rejects(replace(".123456Z", ".123456+00:00")));
  EXPECT_TRUE(rejects(replace(".123456Z", ".1234560Z")));
  EXPECT_TRUE(rejects(replace("R-7KD2-PQ\n\n", "R-7KD2-PQ\n")));     // no blank line
  EXPECT_TRUE(rejects(replace("\n\n{", "\n\nx{")));                  // bad payload
  EXPECT_TRUE(rejects(good + " trailing"));                          // trailing bytes
  EXPECT_TRUE(rejects(good + std::string(1, '\0')));                 // NUL
  EXPECT_TRUE(rejects(good.substr(0, good.size() - 1)));             // truncated
  EXPECT_TRUE(rejects(replace("R-7KD2-PQ", "R-7KD2-\xC0\xAF")));     // overlong UTF-8
  EXPECT_TRUE(rejects(replace("R-7KD2-PQ", "R-\xED\xA0\x80")));      // surrogate
  EXPECT_TRUE(rejects(replace("R-7KD2-PQ", "R-\xF4\x90\x80\x80")));  // > U+10FFFF
  EXPECT_TRUE(rejects(""));
  EXPECT_TRUE(rejects("garant-audit-v1"));
  EXPECT_TRUE(rejects(good.substr(0, good.find("\n\n") + 2)));  // empty payload
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ascii"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));
}

}  // namespace
}  // namespace garant::audit
