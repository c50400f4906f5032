// The directory fields of a project on the portal (sql/0031, portal.h)
// against a real PostgreSQL: each published change is a new version with its
// audit entry, earlier versions never change, bad input is refused with its
// reason and nothing recorded, results only after the approval.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/governance/portal.h"
#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "governance_db.h"

namespace garant::governance {
namespace {

using govtest::kActor;
Date D(const char* s) { return *ParseDate(s); }

class PortalDirectoryTest : public govtest::GovernanceDbTest {
 protected:
  void SetUp() override {
    GovernanceDbTest::SetUp();
    if (HasFatalFailure()) return;
    const int64_t cse = CreateCse({1, 2, true, 0});
    ASSERT_NE(cse, 0);
    governance::Project p;
    p.reference = "CONTACT-2026-009";
    p.title = "Titre";
    p.public_summary = "Résumé.";
    p.purpose = "research";
    p.no_forbidden_use = true;
    p.legal_basis = "RGPD art. 6.1.e";
    p.formality = "mr-004";
    p.formality_reference = "MR-004 n° 1";
    p.investigator = "Dr X";
    p.organisation = "CHU de Lille";
    p.data_domains = {"visits"};
    p.committee_id = cse;
    auto r = store_->CreateProject(kActor, p);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    project_ = r->id;
  }

  static PortalFields Filled() {
    PortalFields f;
    f.funders = {{"Agence nationale de la recherche", FunderKind::kPublic, 180000},
                 {"Fondation de l'Avenir", FunderKind::kPrivate, std::nullopt}};
    f.start = D("2026-06-01");
    f.end = D("2028-05-31");
    f.milestones = {{D("2027-06-01"), "Rapport intermédiaire"}};
    f.sources = {"Entrepôt CONTACT (visites, diagnostics)", "SNDS (DCIR, PMSI)"};
    f.linkage = Linkage::kLinked;
    f.linkage_bases = "SNDS";
    f.linkage_method = "Appariement indirect par la CNAM, tiers de confiance.";
    f.sensitive = {"health", "fine_location"};
    f.platform = PortalPlatform::kContact;
    f.hds_hosting = true;
    f.notice = "Notice propre au projet.\nDeuxième paragraphe.";
    return f;
  }

  int64_t Versions() {
    return Count("SELECT count(*) FROM gov_portal_versions WHERE project_id = " +
                 std::to_string(project_));
  }
  int64_t Entries() {
    return Count(
        "SELECT count(*) FROM audit_entries WHERE event_type = 'governance.portal.published'");
  }

  int64_t project_ = 0;
};

TEST_F(PortalDirectoryTest, EachPublishedChangeIsAVersionWithItsAuditEntry) {
  auto none = store_->CurrentPortalFields(project_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto v1 = store_->PublishPortalFields(kActor, project_, Filled());
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(v1->changed, (std::vector<std::string>{"funders", "calendar", "sources", "linkage",
                                                   "sensitive", "platform", "notice"}));
  // The audit entry is the one recorded, on the project, naming the fields.
  EXPECT_EQ(
      Count("SELECT count(*) FROM audit_entries WHERE idx = " + std::to_string(v1->audit_index) +
            " AND event_type = 'governance.portal.published' AND object = "
            "'project/CONTACT-2026-009' AND actor = 'staff:1'"),
      1);

  PortalFields f = Filled();
  f.funders.pop_back();
  f.end = D("2028-12-31");
  clock_.Advance(std::chrono::hours(24));
  auto v2 = store_->PublishPortalFields(kActor, project_, f);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->changed, (std::vector<std::string>{"funders", "calendar"}));
  EXPECT_GT(v2->audit_index, v1->audit_index);

  auto current = store_->CurrentPortalFields(project_);
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->fields, f);
  // The history keeps the first version as it was, newest first.
  auto all = store_->ListPortalVersions(project_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].version, 2);
  EXPECT_EQ((*all)[1].fields, Filled());
  EXPECT_EQ(Entries(), 2);

  // Republishing the same fields is refused, nothing recorded.
  auto same = store_->PublishPortalFields(kActor, project_, f);
  EXPECT_EQ(same.status().reason(), reason::kPortalUnchanged);
  EXPECT_EQ(Versions(), 2);
  EXPECT_EQ(Entries(), 2);
}

TEST_F(PortalDirectoryTest, BadInputIsRefusedWithItsReasonAndNothingRecorded) {
  struct Case {
    const char* what;
    std::function<void(PortalFields&)> spoil;
    std::string_view reason;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"notice too long",
       [](PortalFields& f) { f.notice = std::string(kPortalNoticeMax + 1, 'a'); },
       reason::kPortalTextTooLong, "notice"},
      {"funder name too long",
       [](PortalFields& f) { f.funders[0].name = std::string(kPortalNameMax + 1, 'b'); },
       reason::kPortalTextTooLong, "funders"},
      {"end before start", [](PortalFields& f) { f.end = D("2025-01-01"); },
       reason::kPortalInvalidDate, "calendar"},
      {"milestone in 1999", [](PortalFields& f) { f.milestones[0].date = D("1999-12-31"); },
       reason::kPortalInvalidDate, "calendar"},
      {"unknown category", [](PortalFields& f) { f.sensitive.push_back("horoscope"); },
       reason::kPortalUnknownField, "sensitive"},
      {"linkage without method", [](PortalFields& f) { f.linkage_method = " "; },
       reason::kPortalInvalidValue, "linkage"},
      {"other platform unnamed", [](PortalFields& f) { f.platform = PortalPlatform::kOther; },
       reason::kPortalInvalidValue, "platform"},
      {"negative amount", [](PortalFields& f) { f.funders[0].amount_eur = -1; },
       reason::kPortalInvalidValue, "funders"},
      {"blank source", [](PortalFields& f) { f.sources.push_back("  "); },
       reason::kPortalInvalidValue, "sources"},
  };
  for (const Case& c : cases) {
    PortalFields f = Filled();
    c.spoil(f);
    std::string field;
    Status pure = ValidatePortalFields(f, &field);
    EXPECT_EQ(pure.reason(), c.reason) << c.what;
    EXPECT_EQ(field, c.field) << c.what;
    auto stored = store_->PublishPortalFields(kActor, project_, f);
    EXPECT_EQ(stored.status().code(), Code::kInvalidArgument) << c.what;
    EXPECT_EQ(stored.status().reason(), c.reason) << c.what;
  }
  EXPECT_EQ(Versions(), 0);
  EXPECT_EQ(Entries(), 0);
  EXPECT_EQ(store_->PublishPortalFields(kActor, 999999, Filled()).status().code(), Code::kNotFound);
}

TEST_F(PortalDirectoryTest, ResultsAreAddedOnlyAfterTheApprovalAndKeptByLaterEdits) {
  ASSERT_TRUE(store_->PublishPortalFields(kActor, project_, Filled()).ok());
  PortalResult r{"Recours aux soins non programmés chez l'enfant", D("2027-09-15"),
                 "https://doi.org/10.1234/abcd.5678", "10.1234/abcd.5678"};
  auto early = store_->AddPortalResult(kActor, project_, r);
  EXPECT_EQ(early.status().reason(), reason::kResultsBeforeApproval);
  EXPECT_EQ(Versions(), 1);

  ASSERT_TRUE(
      owner_.Exec("UPDATE gov_projects SET status = 'active' WHERE id = $1", {project_}).ok());
  PortalResult bad = r;
  bad.url = "javascript:alert(1)";
  EXPECT_EQ(store_->AddPortalResult(kActor, project_, bad).status().reason(),
            reason::kPortalInvalidUrl);
  bad = r;
  bad.doi = "doi:10.1234";
  EXPECT_EQ(store_->AddPortalResult(kActor, project_, bad).status().reason(),
            reason::kPortalInvalidUrl);
  EXPECT_EQ(Versions(), 1);

  auto added = store_->AddPortalResult(kActor, project_, r);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->changed, std::vector<std::string>{"results"});
  ASSERT_EQ(added->fields.results.size(), 1u);
  // A later edit of the other fields keeps the results.
  PortalFields f = Filled();
  f.notice = "Notice mise à jour.";
  auto edited = store_->PublishPortalFields(kActor, project_, f);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->changed, std::vector<std::string>{"notice"});
  EXPECT_EQ(edited->fields.results, std::vector<PortalResult>{r});
}

TEST_F(PortalDirectoryTest, PublishedVersionsCannotBeChangedOrDeleted) {
  auto v1 = store_->PublishPortalFields(kActor, project_, Filled());
  ASSERT_TRUE(v1.ok());
  // Neither the owner (trigger) nor the application role may change a version.
  EXPECT_FALSE(owner_.Exec("UPDATE gov_portal_versions SET fields = '{}'::jsonb").ok());
  EXPECT_FALSE(owner_.Exec("DELETE FROM gov_portal_versions").ok());
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE((*conn)->Exec("UPDATE gov_portal_versions SET version = 7").ok());
  EXPECT_EQ(Versions(), 1);
}

TEST(PortalFieldsJson, RoundTripsAndRefusesUnknownKeys) {
  PortalFields f;
  f.funders = {{"ANR", FunderKind::kPublic, 1000}};
  f.start = D("2026-01-01");
  f.results = {{"Article", D("2027-01-01"), "https://example.org/a", ""}};
  f.sensitive = {"nir"};
  f.platform = PortalPlatform::kOther;
  f.platform_name = "Plateforme du CHU";
  auto back = PortalFieldsFromJson(boost::json::value(PortalFieldsJson(f)));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, f);

  std::string field;
  auto unknown =
      PortalFieldsFromJson(boost::json::parse(R"({"funders":[],"horoscope":"x"})"), &field);
  EXPECT_EQ(unknown.status().reason(), reason::kPortalUnknownField);
  EXPECT_EQ(field, "horoscope");
  auto nested = PortalFieldsFromJson(
      boost::json::parse(R"({"funders":[{"name":"ANR","kind":"public","colour":"red"}]})"), &field);
  EXPECT_EQ(nested.status().reason(), reason::kPortalUnknownField);
  EXPECT_EQ(field, "funders");
  auto date = PortalFieldsFromJson(boost::json::parse(R"({"calendar":{"start":"31/02/2026"}})"));
  EXPECT_EQ(date.status().reason(), reason::kPortalInvalidDate);

  EXPECT_TRUE(ParsePortalDate("31/03/2026").ok());
  EXPECT_TRUE(ParsePortalDate("2026-03-31").ok());
  EXPECT_FALSE(ParsePortalDate("31/02/2026").ok());
  EXPECT_FALSE(ParsePortalDate("1999-12-31").ok());
  EXPECT_FALSE(ValidPortalUrl("https:// x"));
  EXPECT_FALSE(ValidPortalUrl("ftp://x.org"));
  EXPECT_TRUE(ValidPortalUrl("https://hal.science/hal-01234567"));
  EXPECT_TRUE(ValidDoi("10.1016/j.revepi.2026.01.002"));
  EXPECT_FALSE(ValidDoi("10.12/abc"));
}

}  // namespace
}  // namespace garant::governance
