// The stamp of the notices shown with the opposition form
// (information/notices.h): the label recorded follows the requester's
// audience, and any change of the label or of its MAC is refused.
#include "information/notices.h"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace garant::server {
namespace {

using consent::Requester;

const std::array<uint8_t, 32> kKey = {1, 2, 3};

TEST(NoticeStamp, TheRequesterPicksTheLabelShownForItsAudience) {
  const std::string shown = NoticesShownValue("adult-2", "minor-1");
  EXPECT_EQ(shown, "adult-2 minor-1");
  const std::string mac = NoticesShownMac(kKey, shown);
  EXPECT_EQ(mac.size(), 64u);
  EXPECT_EQ(ShownNoticeFor(kKey, shown, mac, Requester::kPatient), "adult-2");
  EXPECT_EQ(ShownNoticeFor(kKey, shown, mac, Requester::kGuardian), "adult-2");
  EXPECT_EQ(ShownNoticeFor(kKey, shown, mac, Requester::kParent), "minor-1");
  const std::string none = NoticesShownValue("none", "none");
  EXPECT_EQ(ShownNoticeFor(kKey, none, NoticesShownMac(kKey, none), Requester::kParent), "none");
}

TEST(NoticeStamp, AnyChangeIsRefused) {
  const std::string shown = NoticesShownValue("adult-2", "minor-1");
  const std::string mac = NoticesShownMac(kKey, shown);
  // Another label with the MAC of the one shown.
  EXPECT_FALSE(ShownNoticeFor(kKey, "adult-1 minor-1", mac, Requester::kPatient));
  // A MAC made up, truncated, upper-cased, or under another key.
  EXPECT_FALSE(ShownNoticeFor(kKey, shown, std::string(64, '0'), Requester::kPatient));
  EXPECT_FALSE(ShownNoticeFor(kKey, shown, mac.substr(0, 63), Requester::kPatient));
  std::string upper = mac;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper != mac) {
    EXPECT_FALSE(ShownNoticeFor(kKey, shown, upper, Requester::kPatient));
  }
  const std::array<uint8_t, 32> other = {9};
  EXPECT_FALSE(ShownNoticeFor(other, shown, mac, Requester::kPatient));
  // Missing parts and malformed values, even correctly signed.
  EXPECT_FALSE(ShownNoticeFor(kKey, shown, "", Requester::kPatient));
  EXPECT_FALSE(ShownNoticeFor(kKey, "", NoticesShownMac(kKey, ""), Requester::kPatient));
  for (const char* bad : {"adult-2", "adult-2 minor-1 x", " minor-1", "adult-2 "}) {
    EXPECT_FALSE(ShownNoticeFor(kKey, bad, NoticesShownMac(kKey, bad), Requester::kPatient)) << bad;
  }
}

TEST(NoticeStamp, TheProfessionalsFormCarriesOneLabel) {
  const std::string mac = NoticesShownMac(kKey, "professional-3");
  EXPECT_EQ(ShownProfessionalNotice(kKey, "professional-3", mac), "professional-3");
  EXPECT_EQ(ShownProfessionalNotice(kKey, "none", NoticesShownMac(kKey, "none")), "none");
  // Another label, another MAC, another key: refused.
  EXPECT_FALSE(ShownProfessionalNotice(kKey, "professional-2", mac));
  EXPECT_FALSE(ShownProfessionalNotice(kKey, "professional-3", std::string(64, '0')));
  EXPECT_FALSE(ShownProfessionalNotice(kKey, "professional-3", ""));
  const std::vector<uint8_t> other(32, 0x43);
  EXPECT_FALSE(ShownProfessionalNotice(other, "professional-3", mac));
  // Well signed but not a professionals' label: a patients' stamp replayed,
  // an adults' label, a label with a space, the bare prefix.
  for (const std::string bad : {"adult-2 minor-1", "adult-2", "professional-3 minor-1",
                                "professional-", "", "professional-3 "}) {
    EXPECT_FALSE(ShownProfessionalNotice(kKey, bad, NoticesShownMac(kKey, bad))) << bad;
  }
}

TEST(NoticeStamp, ParagraphsAreSplitOnBlankLines) {
  EXPECT_EQ(NoticeParagraphs("Un.\n\nDeux,\nsuite.\r\n \r\nTrois.\n\n\n"),
            (std::vector<std::string>{"Un.", "Deux, suite.", "Trois."}));
  EXPECT_TRUE(NoticeParagraphs(" \n\t\n").empty());
}

}  // namespace
}  // namespace garant::server
