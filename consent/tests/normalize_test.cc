// norm() of Pseudonymisation v1: the steps, their order, and the rejections.

#include <gtest/gtest.h>

#include <string>

#include "garant/consent/identity.h"
#include "garant/core/status.h"

namespace garant::consent {
namespace {

std::string Norm(const std::string& s) {
  Result<std::string> r = Normalize(s);
  EXPECT_TRUE(r.ok()) << "input: " << s << " -> " << r.status().ToString();
  return r.ok() ? r.value() : std::string("<error>");
}

void ExpectRejected(const std::string& s) {
  Result<std::string> r = Normalize(s);
  ASSERT_FALSE(r.ok()) << "input should be rejected, got " << r.value();
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
}

TEST(NormalizeTest, UppercasesAndTurnsEverythingElseIntoSingleSpaces) {
  EXPECT_EQ(Norm("dupont"), "DUPONT");
  EXPECT_EQ(Norm("Jean-Christophe"), "JEAN CHRISTOPHE");
  EXPECT_EQ(Norm("D'Artagnan"), "D ARTAGNAN");
  EXPECT_EQ(Norm("  O'Neil -- Smith Jr. 2  "), "O NEIL SMITH JR");
  EXPECT_EQ(Norm("a\t\r\nb"), "A B");
}

TEST(NormalizeTest, DropsAccentsPrecomposedOrCombining) {
  EXPECT_EQ(Norm("\u00c9lodie"), "ELODIE");        // É precomposed
  EXPECT_EQ(Norm("E\u0301lodie"), "ELODIE");       // E + combining acute
  EXPECT_EQ(Norm("Fran\u00e7oise"), "FRANCOISE");  // ç
  EXPECT_EQ(Norm("Lef\u00e8vre"), "LEFEVRE");
  EXPECT_EQ(Norm("\u0301\u0301abc"), "ABC");  // stray leading marks vanish
  EXPECT_EQ(Norm("\u212b"), "A");             // Angstrom sign: A + ring
}

TEST(NormalizeTest, SpecialMappingsBothCases) {
  EXPECT_EQ(Norm("C\u0153ur"), "COEUR");            // œ
  EXPECT_EQ(Norm("C\u0152UR"), "COEUR");            // Œ
  EXPECT_EQ(Norm("L\u00e6titia"), "LAETITIA");      // æ
  EXPECT_EQ(Norm("\u00c6LIS"), "AELIS");            // Æ
  EXPECT_EQ(Norm("Wei\u00df"), "WEISS");            // ß
  EXPECT_EQ(Norm("\u00d8re s\u00f8n"), "ORE SON");  // Ø ø
  EXPECT_EQ(Norm("\u0141\u00f3d\u017a"), "LODZ");   // Ł ó ź
  EXPECT_EQ(Norm("\u0110or\u0111e"), "DORDE");      // Đ đ
  EXPECT_EQ(Norm("\u01fe"), "O");                   // Ǿ: NFKD gives Ø + acute, then Ø -> O
  EXPECT_EQ(Norm("\u01e3"), "AE");                  // ǣ: æ + macron
}

TEST(NormalizeTest, CompatibilityDecompositions) {
  EXPECT_EQ(Norm("\u01c5emal"), "DZEMAL");                            // ǅ -> D + ž -> DZ
  EXPECT_EQ(Norm("\u01c4"), "DZ");                                    // Ǆ
  EXPECT_EQ(Norm("So\ufb01a"), "SOFIA");                              // ﬁ ligature
  EXPECT_EQ(Norm("Gri\ufb03n"), "GRIFFIN");                           // ﬃ ligature
  EXPECT_EQ(Norm("\uff24\uff35\uff30\uff2f\uff2e\uff34"), "DUPONT");  // full width
  EXPECT_EQ(Norm("\uff4d\uff41\uff52\uff49\uff45"), "MARIE");
  EXPECT_EQ(Norm("Le\u00a0Goff"), "LE GOFF");  // NBSP -> space
  EXPECT_EQ(Norm("x\u00b2"), "X");             // superscript two -> "2" -> space
  EXPECT_EQ(Norm("\u2167"), "VIII");           // Roman numeral eight
}

TEST(NormalizeTest, UppercaseIsTheUnicodeMappingSoDotlessIBecomesI) {
  // Documented choice: ı (U+0131) has no decomposition; its Unicode uppercase
  // is I, which is A-Z, so it is kept (a French clerk would type "ISIK").
  EXPECT_EQ(Norm("I\u015f\u0131k"), "ISIK");
  EXPECT_EQ(Norm("\u0130stanbul"), "ISTANBUL");  // İ: I + dot above
}

TEST(NormalizeTest, LettersOutsideTheSpecialListBecomeSpaces) {
  EXPECT_EQ(Norm("Papadopoulos (\u03a0\u03b1\u03c0\u03b1\u03b4\u03cc\u03c0\u03bf\u03c5\u03bb"
                 "\u03bf\u03c2)"),
            "PAPADOPOULOS");
  EXPECT_EQ(Norm("A\u03a9B"), "A B");   // Greek capital omega
  EXPECT_EQ(Norm("A\u0416B"), "A B");   // Cyrillic zhe
  EXPECT_EQ(Norm("Wei\u1e9e"), "WEI");  // capital sharp s: not in the spec's list
  EXPECT_EQ(Norm("A\u00d0B"), "A B");   // eth, not Đ
  EXPECT_EQ(Norm("A\u200bB"), "A B");   // zero-width space is a character too
}

TEST(NormalizeTest, AsciiFastPathAgreesWithTheUnicodePath) {
  // A trailing "É" sends the input through utf8proc; "E" keeps it on the
  // ASCII path. Both must agree for every ASCII character.
  for (int c = 0; c < 0x80; ++c) {
    const std::string ascii = std::string("x") + static_cast<char>(c) + "y";
    EXPECT_EQ(Norm(ascii + "E"), Norm(ascii + "\u00c9")) << "character " << c;
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const std::string middle =
        letter ? std::string(1, static_cast<char>(c >= 'a' ? c - 32 : c)) : std::string(" ");
    EXPECT_EQ(Norm(ascii), letter ? "X" + middle + "Y" : "X Y") << "character " << c;
  }
}

TEST(NormalizeTest, RejectsInvalidUtf8) {
  ExpectRejected("Du\xffpont");        // not a UTF-8 byte
  ExpectRejected("Dupon\xc3");         // truncated sequence
  ExpectRejected("\xc3\x28");          // bad continuation
  ExpectRejected("\xc0\xaf");          // overlong "/"
  ExpectRejected("\xe0\x80\xaf");      // overlong, 3 bytes
  ExpectRejected("\xed\xa0\x80");      // UTF-16 surrogate
  ExpectRejected("\xf4\x90\x80\x80");  // above U+10FFFF
  ExpectRejected("\x80");              // lone continuation
  EXPECT_EQ(Normalize("Du\xffpont").status().message(), "not valid UTF-8");
}

TEST(NormalizeTest, LimitIs100CodePointsOfTheInput) {
  EXPECT_EQ(Norm(std::string(100, 'a')), std::string(100, 'A'));
  ExpectRejected(std::string(101, 'a'));
  EXPECT_EQ(Normalize(std::string(101, 'a')).status().message(), "over 100 characters");
  // 100 two-byte characters are 100 code points: accepted.
  std::string hundred_e_acute;
  for (int i = 0; i < 100; ++i) {
    hundred_e_acute += "\u00e9";
  }
  EXPECT_EQ(Norm(hundred_e_acute), std::string(100, 'E'));
  // Counted before NFKD: "e" + U+0301 is 2 code points, so 51 of them are 102.
  std::string decomposed;
  for (int i = 0; i < 50; ++i) {
    decomposed += "e\u0301";
  }
  EXPECT_EQ(Norm(decomposed), std::string(50, 'E'));
  ExpectRejected(decomposed + "e\u0301");
  // Over-long and invalid: invalid UTF-8 is reported first.
  EXPECT_EQ(Normalize(std::string(200, 'a') + "\xff").status().message(), "not valid UTF-8");
}

TEST(NormalizeTest, RejectsAnEmptyResult) {
  ExpectRejected("");
  ExpectRejected("---");
  ExpectRejected("  '  ");
  ExpectRejected("\u00a0");
  ExpectRejected("1234");
  ExpectRejected("\u03a9\u03a9");
  ExpectRejected("\u0301");
  EXPECT_EQ(Normalize("---").status().message(), "no letter A-Z after normalisation");
}

TEST(NormalizeTest, NulIsACharacterLikeAnyOther) {
  EXPECT_EQ(Norm(std::string("A\0B", 3)), "A B");
  EXPECT_EQ(Norm(std::string("A\0\u00c9", 4)), "A E");
}

}  // namespace
}  // namespace garant::consent
