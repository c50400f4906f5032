// The enrolment page's QR code: libqrencode's matrix drawn as SVG.
#include "session/qr_svg.h"

#include <gtest/gtest.h>

#include <regex>

namespace garant::server {
namespace {

// The 7×7 finder pattern of a QR code's top-left corner (ISO/IEC 18004 6.3.3).
bool FinderAt(const std::vector<std::vector<bool>>& m, size_t y0, size_t x0) {
  for (size_t y = 0; y < 7; ++y) {
    for (size_t x = 0; x < 7; ++x) {
      const bool ring = y == 0 || y == 6 || x == 0 || x == 6;
      const bool core = y >= 2 && y <= 4 && x >= 2 && x <= 4;
      if (m[y0 + y][x0 + x] != (ring || core)) return false;
    }
  }
  return true;
}

TEST(QrSvgTest, TheMatrixIsAQrCodeOfTheRightVersion) {
  const std::string uri =
      "otpauth://totp/garant%20SOS%20M%C3%A9decins:dpo?secret=GARANTDEMODPOGARANTDEMODPOGARANT"
      "&issuer=garant%20SOS%20M%C3%A9decins&algorithm=SHA1&digits=6&period=30";
  auto m = QrMatrix(uri);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const size_t n = m->size();
  // 148 bytes at level M need version 7 (45 modules) or so: 21 + 4 (version - 1).
  EXPECT_GE(n, 41u);
  EXPECT_EQ((n - 21) % 4, 0u);
  for (const auto& row : *m) EXPECT_EQ(row.size(), n);
  EXPECT_TRUE(FinderAt(*m, 0, 0));
  EXPECT_TRUE(FinderAt(*m, 0, n - 7));
  EXPECT_TRUE(FinderAt(*m, n - 7, 0));
  EXPECT_FALSE(FinderAt(*m, n - 7, n - 7));  // the fourth corner has none
  // Another text, another code.
  EXPECT_NE(*QrMatrix(uri + "x"), *m);
}

TEST(QrSvgTest, TheSvgDrawsEveryDarkModuleInsideAQuietZone) {
  auto m = QrMatrix("otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP");
  auto svg = QrSvg("otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(m.ok() && svg.ok());
  const size_t size = m->size() + 8;
  EXPECT_NE(svg->find("viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) + "\""),
            std::string::npos);
  size_t dark = 0;
  for (const auto& row : *m) {
    for (bool b : row) dark += b ? 1 : 0;
  }
  std::regex square("M(\\d+) (\\d+)h1v1h-1z");
  size_t drawn = 0;
  for (auto it = std::sregex_iterator(svg->begin(), svg->end(), square);
       it != std::sregex_iterator(); ++it) {
    const size_t x = std::stoul((*it)[1]);
    const size_t y = std::stoul((*it)[2]);
    ASSERT_GE(x, 4u);
    ASSERT_GE(y, 4u);
    EXPECT_TRUE((*m)[y - 4][x - 4]) << x << "," << y;
    ++drawn;
  }
  EXPECT_EQ(drawn, dark);
  // The text itself is not in the SVG: the picture carries it.
  EXPECT_EQ(svg->find("JBSWY3DPEHPK3PXP"), std::string::npos);
  auto drawing = DrawQr("otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(drawing.ok());
  EXPECT_EQ(drawing->size, static_cast<int>(size));
  // Only what HTML escaping leaves as it is: the template writes it inline.
  EXPECT_EQ(drawing->path.find_first_not_of("Mhvz0123456789 -"), std::string::npos);
}

TEST(QrSvgTest, RefusesWhatCannotBeEncoded) {
  EXPECT_EQ(QrMatrix("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(QrMatrix(std::string(5000, 'a')).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace garant::server
