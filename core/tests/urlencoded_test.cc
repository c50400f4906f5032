// UrlEncode (garant/core/urlencoded.h); the decoders' tests are in
// server/tests/router_test.cc.
#include "garant/core/urlencoded.h"

#include <gtest/gtest.h>

#include <string>

namespace garant {
namespace {

TEST(UrlEncodeTest, KeepsUnreservedAndEscapesEverythingElse) {
  EXPECT_EQ(UrlEncode(""), "");
  EXPECT_EQ(UrlEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(UrlEncode("a b+c&d=e/f?g#h%"), "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
  EXPECT_EQ(UrlEncode("2026-12-02T10:00:00Z"), "2026-12-02T10%3A00%3A00Z");
  EXPECT_EQ(UrlEncode("é"), "%C3%A9");  // UTF-8 bytes, upper-case hex
  EXPECT_EQ(UrlEncode(std::string("\0\x7f\xff", 3)), "%00%7F%FF");
}

TEST(UrlEncodeTest, DecodingInvertsItForEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  Result<std::string> query = UrlDecode(UrlEncode(all));
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(*query, all);
  Result<std::string> path = PathDecode(UrlEncode(all));
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, all);
}

}  // namespace
}  // namespace garant
