// garant filter and health professionals: the RPPS member is replaced by its
// token; when the professional objected (scope "professional"), it is removed
// and the record flagged, never dropped (docs/exclusion-lists.md §6).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/filter.h"
#include "garant/consent/pseudonym.h"
#include "garant/consent/rpps.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

using ::testing::HasSubstr;

constexpr int kYear = 2026;
constexpr const char* kObjector = "10001234567";
constexpr const char* kOther = "10003456782";

crypto::Digest Raw(const std::string& hex) {
  crypto::Digest d;
  auto raw = *HexDecode(hex);
  std::copy(raw.begin(), raw.end(), d.begin());
  return d;
}

class FilterRppsTest : public ::testing::Test {
 protected:
  // A list, its patients' and professionals' indexes, and the filter options
  // that use them (this year; options may still be changed before a filter is
  // built). Not movable: options.professionals points into it.
  struct Filtering {
    explicit Filtering(ExclusionList l)
        : list(std::move(l)),
          index(ExclusionIndex::Build(list, std::nullopt)),
          pros(ExclusionIndex::BuildProfessionals(list)) {
      options.current_year = kYear;
      options.professionals = &pros;
    }
    Filtering(const Filtering&) = delete;
    Filtering& operator=(const Filtering&) = delete;
    ExclusionList list;
    ExclusionIndex index;
    ExclusionIndex pros;
    FilterOptions options;
  };

  FilterRppsTest() {
    key_.fill(0x11);
    seed_.fill(0x22);
    patient_.birth_name = "MARTIN";
    patient_.given_names = "Anne";
    patient_.birth_date = "1970-05-06";
    patient_.sex = "F";
  }

  // A verified list: the professional kObjector (scope "professional"),
  // and, when asked, the patient with scope "all".
  ExclusionList List(bool with_patient) {
    ListContent c;
    c.version = 1;
    c.issued_at = FromUnixMicros(1'790'000'000'000'000);
    c.expires_at = c.issued_at + std::chrono::hours(24);
    c.pseudonym_key_id = ListPseudonymKeyId(key_);
    c.entries.push_back({std::string(kListScopeProfessional), Raw(*RppsToken(key_, kObjector))});
    if (with_patient) {
      const std::vector<std::string> tokens = *ComputeTokens(key_, patient_, kYear);
      for (const auto& t : tokens) c.entries.push_back({"all", Raw(t)});
    }
    auto doc = SignExclusionList(c, seed_);
    EXPECT_TRUE(doc.ok());
    VerifyOptions o;
    o.verify_key = *crypto::Ed25519PublicFromSeed(seed_);
    o.now = c.issued_at;
    auto list = VerifyExclusionList(*doc, o);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return *list;
  }

  std::string Line(const std::string& rpps_member) const {
    return "{\"id\":7,\"birth_name\":\"MARTIN\",\"given_names\":\"Anne\",\"birth_date\":"
           "\"1970-05-06\",\"sex\":\"F\"" +
           rpps_member + ",\"diagnosis\":\"R05\"}";
  }

  PseudonymKey key_{};
  crypto::Ed25519Seed seed_{};
  IdentityTraits patient_;
};

TEST_F(FilterRppsTest, TheProfessionalScopeIsNotAPatientExclusion) {
  ExclusionList list = List(false);
  EXPECT_EQ(ExclusionIndex::Build(list, std::nullopt).size(), 0u);
  EXPECT_EQ(ExclusionIndex::Build(list, std::string("project:professional")).size(), 0u);
  EXPECT_EQ(ExclusionIndex::BuildProfessionals(list).size(), 1u);
}

TEST_F(FilterRppsTest, ReplacesTheRppsByItsToken) {
  Filtering f(List(false));
  FilterOptions& options = f.options;
  RecordFilter filter(f.index, key_, options);
  std::string out, reason;
  ASSERT_EQ(filter.FilterJson(Line(std::string(",\"rpps\":\"") + kOther + "\""), &out, &reason),
            FilterOutcome::kKept)
      << reason;
  EXPECT_EQ(filter.last_rpps_outcome(), RppsOutcome::kTokenised);
  auto v = boost::json::parse(out).as_object();
  EXPECT_EQ(v.at("rpps").as_string(), *RppsToken(key_, kOther));
  EXPECT_FALSE(v.contains("professional_objection"));
  EXPECT_EQ(out.find(kOther), std::string::npos) << "the clear number left the filter";
  EXPECT_EQ(v.at("diagnosis").as_string(), "R05");
}

TEST_F(FilterRppsTest, AnObjectingProfessionalIsRemovedAndTheRecordFlaggedNotDropped) {
  Filtering f(List(false));
  FilterOptions& options = f.options;
  RecordFilter filter(f.index, key_, options);
  std::string out, reason;
  ASSERT_EQ(filter.FilterJson(Line(std::string(",\"rpps\":\"") + kObjector + "\""), &out, &reason),
            FilterOutcome::kKept)
      << reason;
  EXPECT_EQ(filter.last_rpps_outcome(), RppsOutcome::kFlagged);
  auto v = boost::json::parse(out).as_object();
  EXPECT_FALSE(v.contains("rpps"));
  EXPECT_EQ(v.at("professional_objection").as_bool(), true);
  EXPECT_EQ(out.find(*RppsToken(key_, kObjector)), std::string::npos);
  EXPECT_EQ(out.find(kObjector), std::string::npos);
  EXPECT_EQ(v.at("id").as_int64(), 7);
}

TEST_F(FilterRppsTest, APatientsObjectionStillDropsTheRecord) {
  Filtering f(List(true));
  FilterOptions& options = f.options;
  RecordFilter filter(f.index, key_, options);
  std::string out, reason;
  EXPECT_EQ(filter.FilterJson(Line(std::string(",\"rpps\":\"") + kOther + "\""), &out, &reason),
            FilterOutcome::kExcluded);
}

TEST_F(FilterRppsTest, FieldNamesAreConfigurable) {
  Filtering f(List(false));
  FilterOptions& options = f.options;
  options.rpps_field = "medecin_rpps";
  options.flag_field = "medecin \"opposé\"";
  RecordFilter filter(f.index, key_, options);
  std::string out, reason;
  ASSERT_EQ(filter.FilterJson(Line(std::string(",\"medecin_rpps\":\"") + kObjector + "\""), &out,
                              &reason),
            FilterOutcome::kKept)
      << reason;
  auto v = boost::json::parse(out).as_object();
  EXPECT_FALSE(v.contains("medecin_rpps"));
  EXPECT_EQ(v.at("medecin \"opposé\"").as_bool(), true);
  // The default name is now an ordinary member, passed through.
  ASSERT_EQ(filter.FilterJson(Line(",\"rpps\":\"x\""), &out, &reason), FilterOutcome::kKept);
  EXPECT_THAT(out, HasSubstr("\"rpps\":\"x\""));
}

TEST_F(FilterRppsTest, BadRppsValuesAreRejectedNeverKept) {
  Filtering f(List(false));
  FilterOptions& options = f.options;
  RecordFilter filter(f.index, key_, options);
  struct Case {
    std::string member, reason;
  };
  const std::vector<Case> cases = {
      {",\"rpps\":\"1000123456\"", "rpps: must be exactly 11 digits"},    // 10 digits
      {",\"rpps\":\"100012345678\"", "rpps: must be exactly 11 digits"},  // 12 digits
      {",\"rpps\":\"1000123456A\"", "rpps: must be digits only"},         // a letter
      {",\"rpps\":\"10 00 123 4567\"", "rpps: must be digits only"},      // spaces
      {",\"rpps\":\"\"", "rpps: required"},                               // empty
      {",\"rpps\":10001234567", "rpps: must be a string"},                // a number
      {",\"rpps\":\"10001234567\",\"rpps\":\"10001234567\"", "rpps: given more than once"},
      {",\"professional_objection\":false", "professional_objection: reserved field present"},
  };
  for (const Case& c : cases) {
    std::string out, reason;
    EXPECT_EQ(filter.FilterJson(Line(c.member), &out, &reason), FilterOutcome::kRejected)
        << c.member;
    EXPECT_THAT(reason, HasSubstr(c.reason)) << c.member;
    EXPECT_EQ(reason.find("1000123456"), std::string::npos) << "the reason quotes the value";
  }
  // null and absent: nothing to replace, the record is kept.
  std::string out, reason;
  ASSERT_EQ(filter.FilterJson(Line(",\"rpps\":null"), &out, &reason), FilterOutcome::kKept);
  EXPECT_EQ(filter.last_rpps_outcome(), RppsOutcome::kAbsent);
  EXPECT_FALSE(boost::json::parse(out).as_object().contains("rpps"));
}

TEST_F(FilterRppsTest, StreamCountsTokenisedAndFlagged) {
  Filtering f(List(false));
  FilterOptions& options = f.options;
  RecordFilter filter(f.index, key_, options);
  std::string input = Line(std::string(",\"rpps\":\"") + kObjector + "\"") + "\n" +
                      Line(std::string(",\"rpps\":\"") + kOther + "\"") + "\n" + Line("") + "\n" +
                      Line(",\"rpps\":\"123\"") + "\n" +
                      Line(std::string(",\"rpps\":\"") + kObjector + "\"") + "\n";
  std::istringstream in(input);
  std::ostringstream out, rejects;
  auto report = FilterStream(filter, RecordFormat::kJsonLines, in, out, rejects);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->counts.records, 5u);
  EXPECT_EQ(report->counts.kept, 4u);
  EXPECT_EQ(report->counts.excluded, 0u);
  EXPECT_EQ(report->counts.rejected, 1u);
  EXPECT_EQ(report->counts.rpps_tokenised, 1u);
  EXPECT_EQ(report->counts.professional_flagged, 2u);
  EXPECT_THAT(rejects.str(), HasSubstr("\"line\":4"));
}

TEST_F(FilterRppsTest, CsvReplacesTheColumnAndAddsTheFlagBeforePersonToken) {
  Filtering f(List(false));
  FilterOptions& options = f.options;
  RecordFilter filter(f.index, key_, options);
  const std::string row = "MARTIN,Anne,1970-05-06,F,";
  std::string input = "birth_name,given_names,birth_date,sex,rpps,note\n" + row + kObjector +
                      ",a\n" + row + kOther + ",b\n" + row + ",c\n" + row + "1000123456A,d\n";
  std::istringstream in(input);
  std::ostringstream out, rejects;
  auto report = FilterStream(filter, RecordFormat::kCsv, in, out, rejects);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->counts.kept, 3u);
  EXPECT_EQ(report->counts.rejected, 1u);
  EXPECT_EQ(report->counts.rpps_tokenised, 1u);
  EXPECT_EQ(report->counts.professional_flagged, 1u);
  const std::string person = (*ComputeTokens(key_, patient_, kYear))[0];
  EXPECT_EQ(out.str(),
            "rpps,note,professional_objection,person_token\n"
            ",a,true," +
                person + "\n" + *RppsToken(key_, kOther) + ",b,false," + person + "\n" +
                ",c,false," + person + "\n");
  EXPECT_THAT(rejects.str(), HasSubstr("rpps: must be digits only"));
}

}  // namespace
}  // namespace garant::consent
