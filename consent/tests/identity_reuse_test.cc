// NormalizeIdentityInto, the bulk path that reuses one NormalizedIdentity,
// against the per-field public functions and against ValidateIdentity: over
// a random sequence of valid and invalid identities, nothing of one identity
// leaks into the next.
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "garant/consent/identity.h"
#include "garant/core/status.h"

namespace garant::consent {
namespace {

constexpr int kYear = 2026;

bool IsBlankForTest(const std::optional<std::string>& s) {
  return !s.has_value() || s->find_first_not_of(" \t") == std::string::npos;
}

// The expected identity, from the per-field functions (valid inputs only).
NormalizedIdentity Expected(const IdentityTraits& t) {
  NormalizedIdentity id;
  id.names.push_back(Normalize(t.birth_name).value());
  if (!IsBlankForTest(t.used_name)) {
    const std::string n2 = Normalize(*t.used_name).value();
    if (n2 != id.names.front()) id.names.push_back(n2);
  }
  const std::string g1 = Normalize(FirstGivenName(t.given_names).value()).value();
  id.given_names.push_back(g1);
  if (g1.find(' ') != std::string::npos) id.given_names.push_back(g1.substr(0, g1.find(' ')));
  id.birth_date = NormalizeBirthDate(t.birth_date, kYear).value();
  id.sex = NormalizeSex(t.sex).value();
  if (!IsBlankForTest(t.ins)) id.ins = NormalizeIns(*t.ins).value();
  return id;
}

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[rng() % v.size()];
}

TEST(NormalizeIdentityIntoTest, ReusedObjectMatchesTheReferenceOnRandomIdentities) {
  const std::vector<std::string> birth_names = {"Dupont",
                                                "Lef\u00e8vre",
                                                "O'Neil-Smith",
                                                "De La Rochefoucauld-Liancourt",
                                                "\u0152uf",
                                                "  ",
                                                "",
                                                "---",
                                                "Du\xffpont",
                                                std::string(101, 'a'),
                                                "\u03a9\u03bc\u03ad\u03b3\u03b1",
                                                "So\ufb01a"};
  const std::vector<std::optional<std::string>> used_names = {
      std::nullopt,          std::string(""),
      std::string("  "),     std::string("Dupont"),
      std::string("DUPONT"), std::string("Martin"),
      std::string("---"),    std::string("\u00c9pouse-Nom-Tr\u00e8s-Long-Pour-Une-Allocation"),
      std::string("x\xc3")};
  const std::vector<std::string> given_names = {
      "Marie",        "Jean-Christophe Marie",
      ", Paul Henri", "",
      "\u00c9milie",  "Anne Sophie",
      "\xff",         "Marie-Th\u00e9r\u00e8se Bernadette Jos\u00e9phine",
      "  ,  ",        "Luc"};
  const std::vector<std::string> dates = {"1985-03-14", "1985-00-00", "2024-02-29", "2023-02-29",
                                          "1879-01-01", "85-03-14",   "2030-01-01", "1999-13-01"};
  const std::vector<std::string> sexes = {"F", "m", "I", "x", ""};
  const std::vector<std::optional<std::string>> inses = {std::nullopt,
                                                         std::string(""),
                                                         std::string("  "),
                                                         std::string("185057800608491"),
                                                         std::string("269052a00401228"),
                                                         std::string("185057800608492"),
                                                         std::string("123")};

  std::mt19937 rng(42);
  NormalizedIdentity reused;
  int valid = 0, invalid = 0;
  for (int n = 0; n < 5000; ++n) {
    IdentityTraits t;
    t.birth_name = Pick(rng, birth_names);
    t.used_name = Pick(rng, used_names);
    t.given_names = Pick(rng, given_names);
    t.birth_date = Pick(rng, dates);
    t.sex = Pick(rng, sexes);
    t.ins = Pick(rng, inses);

    const Status status = NormalizeIdentityInto(t, kYear, &reused);
    const std::vector<FieldError> errors = ValidateIdentity(t, kYear);
    const Result<NormalizedIdentity> fresh = NormalizeIdentity(t, kYear);
    ASSERT_EQ(status.ok(), errors.empty()) << n;
    ASSERT_EQ(fresh.ok(), errors.empty()) << n;
    if (errors.empty()) {
      ++valid;
      const NormalizedIdentity expected = Expected(t);
      ASSERT_EQ(reused, expected) << n;
      ASSERT_EQ(*fresh, expected) << n;
    } else {
      ++invalid;
      ASSERT_EQ(status.message(), ToStatus(errors.front()).message()) << n;
      ASSERT_EQ(status.code(), Code::kInvalidArgument) << n;
      ASSERT_EQ(fresh.status().message(), status.message()) << n;
    }
  }
  EXPECT_GT(valid, 150);
  EXPECT_GT(invalid, 300);
}

TEST(NormalizeIdentityIntoTest, FieldsOfAPreviousIdentityDoNotLinger) {
  NormalizedIdentity reused;
  IdentityTraits full;
  full.birth_name = "Dupont";
  full.used_name = "Martin";
  full.given_names = "Jean-Pierre Paul";
  full.birth_date = "1985-03-14";
  full.sex = "M";
  full.ins = "185057800608491";
  ASSERT_TRUE(NormalizeIdentityInto(full, kYear, &reused).ok());
  EXPECT_EQ(reused.names.size(), 2u);
  EXPECT_EQ(reused.given_names.size(), 2u);
  EXPECT_TRUE(reused.ins.has_value());

  IdentityTraits bare;
  bare.birth_name = "Durand";
  bare.given_names = "Luc";
  bare.birth_date = "1990-01-02";
  bare.sex = "F";
  ASSERT_TRUE(NormalizeIdentityInto(bare, kYear, &reused).ok());
  EXPECT_EQ(reused.names, std::vector<std::string>{"DURAND"});
  EXPECT_EQ(reused.given_names, std::vector<std::string>{"LUC"});
  EXPECT_EQ(reused.birth_date, "19900102");
  EXPECT_EQ(reused.sex, "F");
  EXPECT_FALSE(reused.ins.has_value());

  // A failure, then a success: the object is whole again.
  IdentityTraits bad = bare;
  bad.birth_date = "1990-02-30";
  const Status failed = NormalizeIdentityInto(bad, kYear, &reused);
  EXPECT_EQ(failed.message(), "birth_date: the day must be 01 to 28, or 00 when unknown");
  ASSERT_TRUE(NormalizeIdentityInto(full, kYear, &reused).ok());
  EXPECT_EQ(reused, NormalizeIdentity(full, kYear).value());
}

}  // namespace
}  // namespace garant::consent
