// The field rules of Pseudonymisation v1 and their errors (field + French text).

#include "garant/consent/identity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "garant/core/status.h"

namespace garant::consent {
namespace {

constexpr int kYear = 2025;

IdentityTraits Valid() {
  IdentityTraits t;
  t.birth_name = "Dupont";
  t.given_names = "Marie";
  t.birth_date = "1985-03-14";
  t.sex = "F";
  return t;
}

// The field of the only error of `t`.
std::string OnlyErrorField(const IdentityTraits& t) {
  const std::vector<FieldError> errors = ValidateIdentity(t, kYear);
  EXPECT_EQ(errors.size(), 1u);
  return errors.empty() ? std::string("<none>") : errors.front().field;
}

TEST(FirstGivenNameTest, FirstNonEmptyElementOnCommasAndWhiteSpace) {
  EXPECT_EQ(FirstGivenName("Jean-Christophe Marie").value(), "Jean-Christophe");
  EXPECT_EQ(FirstGivenName("Anne-Sophie, Claire").value(), "Anne-Sophie");
  EXPECT_EQ(FirstGivenName("Anne-Sophie,Claire").value(), "Anne-Sophie");
  EXPECT_EQ(FirstGivenName(" , ,Paul ,Henri").value(), "Paul");
  EXPECT_EQ(FirstGivenName("Marie\u00a0Claire").value(), "Marie");  // no-break space
  EXPECT_EQ(FirstGivenName("Marie\u202fClaire").value(), "Marie");  // narrow NBSP
  EXPECT_EQ(FirstGivenName("Marie\u2009Claire").value(), "Marie");  // thin space
  EXPECT_EQ(FirstGivenName("Marie\u3000Claire").value(), "Marie");  // ideographic space
  EXPECT_EQ(FirstGivenName("\tAnne\nLaure").value(), "Anne");
  EXPECT_EQ(FirstGivenName("Ren\u00e9e").value(), "Ren\u00e9e");  // not normalised yet
  // Not separators: a zero-width space (not White_Space), a hyphen, a semicolon.
  EXPECT_EQ(FirstGivenName("Anne\u200bLaure").value(), "Anne\u200bLaure");
  EXPECT_EQ(FirstGivenName("Anne;Laure").value(), "Anne;Laure");
  // An element that normalises to nothing is still "non-empty" (see the docs).
  EXPECT_EQ(FirstGivenName("- Marie").value(), "-");
}

TEST(FirstGivenNameTest, Errors) {
  EXPECT_FALSE(FirstGivenName("").ok());
  EXPECT_FALSE(FirstGivenName(" ,\u00a0, ").ok());
  EXPECT_FALSE(FirstGivenName("Marie \xff").ok());  // invalid UTF-8 anywhere
  EXPECT_EQ(FirstGivenName("").status().message(), "given_names: missing");
}

TEST(BirthDateTest, ValidDates) {
  EXPECT_EQ(NormalizeBirthDate("1985-03-14", kYear).value(), "19850314");
  EXPECT_EQ(NormalizeBirthDate("1950-06-00", kYear).value(), "19500600");
  EXPECT_EQ(NormalizeBirthDate("1932-00-00", kYear).value(), "19320000");
  EXPECT_EQ(NormalizeBirthDate("1932-00-31", kYear).value(), "19320031");  // month unknown
  EXPECT_EQ(NormalizeBirthDate("2000-02-29", kYear).value(), "20000229");  // 400 rule
  EXPECT_EQ(NormalizeBirthDate("2024-02-29", kYear).value(), "20240229");
  EXPECT_EQ(NormalizeBirthDate("1880-01-01", kYear).value(), "18800101");
  EXPECT_EQ(NormalizeBirthDate("2025-12-31", kYear).value(), "20251231");
  EXPECT_EQ(NormalizeBirthDate("1985-04-30", kYear).value(), "19850430");
}

TEST(BirthDateTest, InvalidDates) {
  for (const char* bad :
       {"2023-02-29", "1900-02-29", "1985-13-01", "1985-04-31", "1985-00-32", "1985-01-32",
        "1879-12-31", "2026-01-01", "0000-00-00", "14/03/1985", "1985-3-14", "19850314",
        "1985-03-14 ", " 1985-03-14", "1985/03/14", "198a-03-14", "", "1985-03-1\xd9\xa4"}) {
    EXPECT_FALSE(NormalizeBirthDate(bad, kYear).ok()) << bad;
  }
  EXPECT_EQ(NormalizeBirthDate("1985-13-01", kYear).status().message(),
            "birth_date: the month must be 01 to 12, or 00 when unknown");
  EXPECT_EQ(NormalizeBirthDate("2023-02-29", kYear).status().message(),
            "birth_date: the day must be 01 to 28, or 00 when unknown");
  // The current year is a parameter: no clock inside.
  EXPECT_TRUE(NormalizeBirthDate("2026-01-01", 2026).ok());
}

TEST(SexTest, UpperAndLowerCase) {
  EXPECT_EQ(NormalizeSex("F").value(), "F");
  EXPECT_EQ(NormalizeSex("m").value(), "M");
  EXPECT_EQ(NormalizeSex("i").value(), "I");
  for (const char* bad : {"X", "x", "", "FF", " F", "F ", "Femme", "1", "2", "U"}) {
    EXPECT_FALSE(NormalizeSex(bad).ok()) << bad;
  }
}

TEST(InsTest, KeyIs97MinusNir13Mod97) {
  EXPECT_EQ(NormalizeIns("185057800608491").value(), "185057800608491");
  EXPECT_EQ(NormalizeIns("172112B03310561").value(), "172112B03310561");  // 2B -> 18
  EXPECT_EQ(NormalizeIns("269052A00401228").value(), "269052A00401228");  // 2A -> 19
  EXPECT_EQ(NormalizeIns("269052a00401228").value(), "269052A00401228");  // uppercased
  // 97 - (0 mod 97) = 97: the largest key.
  EXPECT_EQ(NormalizeIns("000000000000097").value(), "000000000000097");
}

TEST(InsTest, Rejections) {
  EXPECT_EQ(NormalizeIns("185057800608492").status().message(),
            "ins: the key does not match the number");
  EXPECT_EQ(NormalizeIns("269052A00401229").status().message(),
            "ins: the key does not match the number");
  EXPECT_EQ(NormalizeIns("18505780060849").status().message(),
            "ins: expected 15 characters (13 + a 2-digit key), got 14");
  EXPECT_FALSE(NormalizeIns("1850578006084910").ok());  // 16
  EXPECT_FALSE(NormalizeIns("").ok());
  EXPECT_FALSE(NormalizeIns("1 85 05 78 006 084 91").ok());  // spaces
  EXPECT_FALSE(NormalizeIns("269052C00401228").ok());        // 2C
  EXPECT_FALSE(NormalizeIns("2A9052000401228").ok());        // 2A elsewhere
  EXPECT_FALSE(NormalizeIns("26905AA00401228").ok());
  EXPECT_FALSE(NormalizeIns("1850578006084A1").ok());         // letter in key
  EXPECT_FALSE(NormalizeIns("18505780060849\xc3\xa9").ok());  // non-ASCII
  EXPECT_FALSE(NormalizeIns("000000000000000").ok());         // key 00 never valid
}

TEST(ValidateIdentityTest, ValidHasNoErrors) {
  EXPECT_TRUE(ValidateIdentity(Valid(), kYear).empty());
}

TEST(ValidateIdentityTest, EachInvalidFieldIsNamed) {
  IdentityTraits t = Valid();
  t.birth_name = "---";
  EXPECT_EQ(OnlyErrorField(t), "birth_name");
  t = Valid();
  t.birth_name = "Du\xffpont";
  EXPECT_EQ(OnlyErrorField(t), "birth_name");
  t = Valid();
  t.birth_name = std::string(101, 'a');
  EXPECT_EQ(OnlyErrorField(t), "birth_name");
  t = Valid();
  t.used_name = "-";
  EXPECT_EQ(OnlyErrorField(t), "used_name");
  t = Valid();
  t.given_names = " , ";
  EXPECT_EQ(OnlyErrorField(t), "given_names");
  t = Valid();
  t.given_names = "- Marie";  // the first element normalises to nothing
  EXPECT_EQ(OnlyErrorField(t), "given_names");
  t = Valid();
  t.birth_date = "2023-02-29";
  EXPECT_EQ(OnlyErrorField(t), "birth_date");
  t = Valid();
  t.sex = "X";
  EXPECT_EQ(OnlyErrorField(t), "sex");
  t = Valid();
  t.ins = "185057800608492";
  EXPECT_EQ(OnlyErrorField(t), "ins");
  t = Valid();
  t.birth_place = "not checked";  // not part of v1
  EXPECT_TRUE(ValidateIdentity(t, kYear).empty());
}

TEST(ValidateIdentityTest, ReportsEveryFieldInFormOrderWithAReason) {
  IdentityTraits t;
  t.birth_name = "";
  t.used_name = "'";
  t.given_names = "";
  t.birth_date = "1985-13-01";
  t.sex = "X";
  t.ins = "2A";
  const std::vector<FieldError> errors = ValidateIdentity(t, kYear);
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_EQ(errors[0], (FieldError{"birth_name", "missing", "birth_name_missing"}));
  EXPECT_EQ(errors[1].field, "used_name");
  EXPECT_EQ(errors[1].message, "no letter A-Z after normalisation");
  EXPECT_EQ(errors[1].reason, kReasonUsedNameNoLatinLetter);
  EXPECT_EQ(errors[2], (FieldError{"given_names", "missing", "given_names_missing"}));
  EXPECT_EQ(errors[3].field, "birth_date");
  EXPECT_EQ(errors[3].reason, kReasonBirthMonthOutOfRange);
  EXPECT_EQ(errors[4].field, "sex");
  EXPECT_EQ(errors[4].reason, kReasonSexInvalid);
  EXPECT_EQ(errors[5].field, "ins");
  EXPECT_EQ(errors[5].reason, kReasonInsLength);
  for (const FieldError& e : errors) {
    EXPECT_NE(std::find(kIdentityReasons.begin(), kIdentityReasons.end(), e.reason),
              kIdentityReasons.end())
        << e.field << ": " << e.reason;
  }
}

// The values a French text names travel with the error, not in its reason.
TEST(ValidateIdentityTest, RangeErrorsCarryTheirBounds) {
  IdentityTraits t = Valid();
  t.birth_date = "1850-01-01";
  auto errors = ValidateIdentity(t, kYear);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].reason, kReasonBirthYearOutOfRange);
  EXPECT_EQ(errors[0].args, (std::vector<std::pair<std::string, std::string>>{
                                {"min_year", "1880"}, {"max_year", std::to_string(kYear)}}));
  t.birth_date = "1985-02-30";
  errors = ValidateIdentity(t, kYear);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].reason, kReasonBirthDayOutOfRange);
  EXPECT_EQ(errors[0].args, (std::vector<std::pair<std::string, std::string>>{{"max_day", "28"}}));
}

TEST(NormalizeIdentityTest, FailsWithTheFirstFieldError) {
  IdentityTraits t = Valid();
  t.birth_date = "1985-04-31";
  t.sex = "X";
  Result<NormalizedIdentity> r = NormalizeIdentity(t, kYear);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "birth_date: the day must be 01 to 30, or 00 when unknown");
  EXPECT_EQ(ToStatus(ValidateIdentity(t, kYear).front()), r.status());
}

TEST(NormalizeIdentityTest, NamesAndGivenNameVariants) {
  IdentityTraits t = Valid();
  t.birth_name = "Martin";
  t.used_name = "Durand-Martin";
  t.given_names = "Jean-Christophe Marie";
  const NormalizedIdentity id = NormalizeIdentity(t, kYear).value();
  EXPECT_EQ(id.names, (std::vector<std::string>{"MARTIN", "DURAND MARTIN"}));
  EXPECT_EQ(id.given_names, (std::vector<std::string>{"JEAN CHRISTOPHE", "JEAN"}));
  EXPECT_EQ(id.birth_date, "19850314");
  EXPECT_EQ(id.sex, "F");
  EXPECT_EQ(id.ins, std::nullopt);
}

TEST(NormalizeIdentityTest, UsedNameAbsentBlankOrEqualAddsNothing) {
  for (const std::optional<std::string>& used :
       {std::optional<std::string>(), std::optional<std::string>(""),
        std::optional<std::string>(" \u00a0\t"), std::optional<std::string>("DUPONT"),
        std::optional<std::string>("  dupont-"), std::optional<std::string>("D\u00fcpont")}) {
    IdentityTraits t = Valid();
    t.used_name = used;
    EXPECT_EQ(NormalizeIdentity(t, kYear).value().names, std::vector<std::string>{"DUPONT"})
        << used.value_or("<absent>");
  }
}

TEST(NormalizeIdentityTest, BlankInsIsNotGiven) {
  IdentityTraits t = Valid();
  t.ins = " ";
  EXPECT_EQ(NormalizeIdentity(t, kYear).value().ins, std::nullopt);
  t.ins = "269052a00401228";
  EXPECT_EQ(NormalizeIdentity(t, kYear).value().ins, "269052A00401228");
}

TEST(NormalizeIdentityTest, SingleWordGivenNameHasNoG2) {
  IdentityTraits t = Valid();
  t.given_names = "Fran\u00e7oise H\u00e9l\u00e8ne";
  EXPECT_EQ(NormalizeIdentity(t, kYear).value().given_names, std::vector<std::string>{"FRANCOISE"});
}

// Forms: the shapes a French person types give the spec's YYYY-MM-DD, and
// the result is what NormalizeBirthDate reads; other text is left for the
// validation to report.
TEST(TypedBirthDateTest, FrenchShapesBecomeTheSpecFormat) {
  EXPECT_EQ(TypedBirthDate("14/03/1985"), "1985-03-14");
  EXPECT_EQ(TypedBirthDate("14031985"), "1985-03-14");
  EXPECT_EQ(TypedBirthDate("4.3.1985"), "1985-03-04");
  EXPECT_EQ(TypedBirthDate(" 1985-03-14 "), "1985-03-14");
  EXPECT_EQ(TypedBirthDate("00/00/1985"), "1985-00-00");
  EXPECT_EQ(NormalizeBirthDate(TypedBirthDate("14/03/1985"), kYear).value(), "19850314");
  // Not a date shape: unchanged, so the error names what was typed.
  EXPECT_EQ(TypedBirthDate("14/03/85"), "14/03/85");
  EXPECT_EQ(TypedBirthDate("mars 1985"), "mars 1985");
  EXPECT_FALSE(NormalizeBirthDate(TypedBirthDate("31/04/1985"), kYear).ok());
}

TEST(TypedInsTest, CarteVitaleSeparatorsAreDropped) {
  EXPECT_EQ(TypedIns("1 85 03 75 123 456 78"),
            "1850375123456"
            "78");
  EXPECT_EQ(TypedIns("1.85.03.2A.123.456-78"), "185032A12345678");
  EXPECT_EQ(TypedIns("1\xC2\xA0"
                     "85\xE2\x80\xAF"
                     "03"),
            "18503");
  EXPECT_EQ(TypedIns("185/03"), "185/03");  // other characters stay, for the check to refuse
  EXPECT_EQ(TypedIns(""), "");
}

}  // namespace
}  // namespace garant::consent
