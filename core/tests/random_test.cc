#include "garant/core/random.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace garant {
namespace {

// A deterministic source: bytes 0, 1, 2, ... so the derived formats can be
// checked exactly.
class CountingRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override {
    for (uint8_t& b : out) {
      b = next_++;
    }
  }

 private:
  uint8_t next_ = 0;
};

TEST(RandomTest, BytesAndHexUseFill) {
  CountingRandom r;
  EXPECT_EQ(r.Bytes(3), (std::vector<uint8_t>{0, 1, 2}));
  EXPECT_EQ(r.Hex(2), "0304");
  EXPECT_EQ(r.Hex(0), "");
}

TEST(RandomTest, Uuid4SetsVersionAndVariant) {
  CountingRandom r;
  // Bytes 00..0f; byte 6 becomes 0x46 (version 4), byte 8 becomes 0x88 (variant 10).
  EXPECT_EQ(r.Uuid4(), "00010203-0405-4607-8809-0a0b0c0d0e0f");
}

TEST(SecureRandomTest, ProducesDistinctValues) {
  Random& r = SecureRandom::Instance();
  EXPECT_EQ(&r, &SecureRandom::Instance());
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string hex = r.Hex(16);
    EXPECT_EQ(hex.size(), 32u);
    EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(hex);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_TRUE(r.Bytes(0).empty());
  EXPECT_EQ(r.Bytes(1000).size(), 1000u);
}

TEST(SecureRandomTest, Uuid4Format) {
  for (int i = 0; i < 50; ++i) {
    const std::string u = SecureRandom::Instance().Uuid4();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[8], '-');
    EXPECT_EQ(u[13], '-');
    EXPECT_EQ(u[18], '-');
    EXPECT_EQ(u[23], '-');
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
  }
}

}  // namespace
}  // namespace garant
