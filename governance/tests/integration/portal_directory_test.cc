// The directory fields of a project on the portal (sql/0031, portal.h)
// against a real PostgreSQL: each published change is a new version with its
// audit entry, earlier versions never change, bad input is refused with its
// reason and nothing recorded, results only after the approval; a result is
// corrected or withdrawn by a new version that says so, the earlier ones
// keeping its text.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/audit/leaf.h"
#include "garant/governance/portal.h"
#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "governance_db.h"

namespace garant::governance {
namespace {

using govtest::kActor;
using govtest::T;
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
  PortalResult r{.title = "Recours aux soins non programmés chez l'enfant",
                 .date = D("2027-09-15"),
                 .url = "https://doi.org/10.1234/abcd.5678",
                 .doi = "10.1234/abcd.5678"};
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
  // The store numbers it; an id or a correction given with it is ignored.
  r.id = 1;
  EXPECT_EQ(added->fields.results[0], r);
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
  f.results = {
      {.title = "Article", .date = D("2027-01-01"), .url = "https://example.org/a", .id = 1},
      {.title = "Rapport",
       .date = D("2027-02-01"),
       .doi = "10.1234/x",
       .id = 2,
       .corrected_at = T("2027-03-01T08:00:00.123456Z"),
       .note = "coquille"},
      {.title = "Poster",
       .date = D("2027-02-02"),
       .id = 4,
       .withdrawn_at = T("2027-03-02T08:00:00Z")}};
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

class PortalResultCorrectionTest : public PortalDirectoryTest {
 protected:
  void SetUp() override {
    PortalDirectoryTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(
        owner_.Exec("UPDATE gov_projects SET status = 'active' WHERE id = $1", {project_}).ok());
    ASSERT_TRUE(store_->PublishPortalFields(kActor, project_, Filled()).ok());
    ASSERT_TRUE(store_->AddPortalResult(kActor, project_, Typo()).ok());
    ASSERT_TRUE(store_->AddPortalResult(kActor, project_, Second()).ok());
  }
  static PortalResult Typo() {
    return {.title = "Recours aux soins non programés",
            .date = D("2027-09-15"),
            .url = "https://hal.science/hal-0123"};
  }
  static PortalResult Second() {
    return {.title = "Poster au congrès", .date = D("2027-10-01"), .doi = "10.1234/poster"};
  }
  // The audit payload of the entry at `index`.
  boost::json::object Payload(uint64_t index) { return AuditPayload(index); }
};

TEST_F(PortalResultCorrectionTest, ACorrectionIsANewVersionThatSaysSoAndKeepsTheEarlierText) {
  ASSERT_EQ(Versions(), 3);
  clock_.Advance(std::chrono::hours(48));
  PortalResult fixed = Typo();
  fixed.title = "Recours aux soins non programmés";
  auto v = store_->CorrectPortalResult(kActor, project_, 1, fixed, "coquille dans le titre");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->version, 4);
  EXPECT_EQ(v->changed, std::vector<std::string>{"results"});
  ASSERT_EQ(v->fields.results.size(), 2u);
  const PortalResult& r = v->fields.results[0];
  EXPECT_EQ(r.id, 1);
  EXPECT_EQ(r.title, "Recours aux soins non programmés");
  EXPECT_EQ(r.corrected_at, clock_.Now());
  EXPECT_EQ(r.note, "coquille dans le titre");
  EXPECT_FALSE(r.withdrawn_at);
  EXPECT_EQ(v->fields.results[1].title, Second().title);  // the other one untouched

  // The audit entry names the result and what happened to it.
  boost::json::object payload = Payload(v->audit_index);
  EXPECT_EQ(payload["result_id"], 1);
  EXPECT_EQ(payload["result_action"], "corrected");
  EXPECT_EQ(payload["result_title"], "Recours aux soins non programmés");
  EXPECT_EQ(payload["note"], "coquille dans le titre");
  EXPECT_EQ(payload["changed"], boost::json::array{"results"});

  // The earlier version keeps the text as published, and the history says
  // what changed, with the text before.
  auto all = store_->ListPortalVersions(project_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].fields.results[0].title, "Recours aux soins non programés");
  EXPECT_FALSE((*all)[1].fields.results[0].corrected_at);
  auto changes = PortalResultChanges((*all)[1].fields, (*all)[0].fields);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PortalResultChange::Kind::kCorrected);
  EXPECT_EQ(changes[0].before.title, "Recours aux soins non programés");
  EXPECT_EQ(changes[0].after.title, "Recours aux soins non programmés");

  // The same text again is refused; so are an unknown result, a bad
  // address, another project's result; nothing recorded.
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 1, fixed, "").status().reason(),
            reason::kPortalUnchanged);
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 3, fixed, "").status().code(),
            Code::kNotFound);
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 0, fixed, "").status().code(),
            Code::kNotFound);
  PortalResult bad = fixed;
  bad.url = "javascript:alert(1)";
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 1, bad, "").status().reason(),
            reason::kPortalInvalidUrl);
  bad = fixed;
  bad.title = "  ";
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 1, bad, "").status().reason(),
            reason::kPortalInvalidValue);
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 1, Typo(), std::string(501, 'n'))
                .status()
                .reason(),
            reason::kPortalTextTooLong);
  EXPECT_EQ(store_->CorrectPortalResult(kActor, 999999, 1, fixed, "").status().code(),
            Code::kNotFound);
  EXPECT_EQ(Versions(), 4);
  EXPECT_EQ(Entries(), 4);
}

TEST_F(PortalResultCorrectionTest, AWithdrawnResultStaysMarkedAndCannotBeChangedAgain) {
  clock_.Advance(std::chrono::hours(24));
  auto v = store_->WithdrawPortalResult(kActor, project_, 2, "résultat d'un autre projet");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->changed, std::vector<std::string>{"results"});
  // Kept in the fields, marked withdrawn now, with its reason.
  ASSERT_EQ(v->fields.results.size(), 2u);
  const PortalResult& w = v->fields.results[1];
  EXPECT_EQ(w.title, Second().title);
  EXPECT_EQ(w.withdrawn_at, clock_.Now());
  EXPECT_EQ(w.note, "résultat d'un autre projet");
  boost::json::object payload = Payload(v->audit_index);
  EXPECT_EQ(payload["result_action"], "withdrawn");
  EXPECT_EQ(payload["result_id"], 2);
  EXPECT_EQ(payload["result_title"], boost::json::value(Second().title));

  auto all = store_->ListPortalVersions(project_);
  ASSERT_TRUE(all.ok());
  auto changes = PortalResultChanges((*all)[1].fields, (*all)[0].fields);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, PortalResultChange::Kind::kWithdrawn);
  EXPECT_FALSE((*all)[1].fields.results[1].withdrawn_at);

  // Withdrawn: neither corrected nor withdrawn again.
  EXPECT_EQ(store_->WithdrawPortalResult(kActor, project_, 2, "").status().reason(),
            reason::kPortalResultWithdrawn);
  EXPECT_EQ(store_->CorrectPortalResult(kActor, project_, 2, Typo(), "").status().reason(),
            reason::kPortalResultWithdrawn);
  EXPECT_EQ(store_->WithdrawPortalResult(kActor, project_, 7, "").status().code(), Code::kNotFound);
  EXPECT_EQ(Versions(), 4);

  // A new result takes a new number (never the withdrawn one's); an edit of
  // the other fields keeps the corrected and withdrawn results as they are.
  auto third = store_->AddPortalResult(kActor, project_, Second());
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->fields.results.back().id, 3);
  PortalFields f = Filled();
  f.notice = "Notice mise à jour.";
  auto edited = store_->PublishPortalFields(kActor, project_, f);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->changed, std::vector<std::string>{"notice"});
  EXPECT_EQ(edited->fields.results, third->fields.results);
  // Read back from the table, as stored.
  auto current = store_->CurrentPortalFields(project_);
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->fields, edited->fields);
}

TEST_F(PortalResultCorrectionTest, ResultsStoredBeforeTheyHadNumbersTakeTheirPosition) {
  // A version as written before results could be corrected: results without
  // id, corrected_at, withdrawn_at or note.
  ASSERT_TRUE(
      owner_
          .Exec("INSERT INTO gov_portal_versions (project_id, version, fields, changed, "
                "published_at, published_by, audit_index) VALUES ($1, 4, $2::jsonb, "
                "ARRAY['results'], now(), 'staff:1', 999)",
                {project_, std::string(R"({"results":[)"
                                       R"({"title":"A","date":"2027-01-01","url":"","doi":""},)"
                                       R"({"title":"B","date":"2027-01-02","url":"","doi":""}]})")})
          .ok());
  auto current = store_->CurrentPortalFields(project_);
  ASSERT_TRUE(current.ok() && current->has_value()) << current.status().ToString();
  ASSERT_EQ((*current)->fields.results.size(), 2u);
  EXPECT_EQ((*current)->fields.results[1].id, 2);
  PortalResult fixed = (*current)->fields.results[1];
  fixed.title = "B corrigé";
  auto v = store_->CorrectPortalResult(kActor, project_, 2, fixed, "");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->fields.results[1].title, "B corrigé");
  EXPECT_EQ(NextPortalResultId(v->fields), 3);
}

TEST(PortalResults, TheFieldsRefuseBadNumbersAndNotesWithoutACorrection) {
  PortalFields f;
  f.results = {{.title = "A", .date = D("2027-01-01"), .id = 1},
               {.title = "B", .date = D("2027-01-02"), .id = 1}};
  std::string field;
  EXPECT_EQ(ValidatePortalFields(f, &field).reason(), reason::kPortalInvalidValue);
  EXPECT_EQ(field, "results");
  f.results[1].id = 0;
  EXPECT_EQ(ValidatePortalFields(f).reason(), reason::kPortalInvalidValue);
  f.results[1].id = 2;
  EXPECT_TRUE(ValidatePortalFields(f).ok());
  f.results[1].note = "sans correction";
  EXPECT_EQ(ValidatePortalFields(f).reason(), reason::kPortalInvalidValue);
  f.results[1].withdrawn_at = T("2027-02-01T00:00:00Z");
  EXPECT_TRUE(ValidatePortalFields(f).ok());
  f.results[1].note = std::string(kPortalNoteMax + 1, 'n');
  EXPECT_EQ(ValidatePortalFields(f).reason(), reason::kPortalTextTooLong);
  auto time = PortalFieldsFromJson(boost::json::parse(
      R"({"results":[{"title":"A","date":"2027-01-01","corrected_at":"hier"}]})"));
  EXPECT_EQ(time.status().reason(), reason::kPortalInvalidDate);

  // Changes matched by number: added, corrected, withdrawn, in order.
  PortalFields before;
  before.results = {{.title = "A", .date = D("2027-01-01"), .id = 1},
                    {.title = "B", .date = D("2027-01-02"), .id = 2}};
  PortalFields after = before;
  after.results[0].title = "A'";
  after.results[0].corrected_at = T("2027-03-01T00:00:00Z");
  after.results[1].withdrawn_at = T("2027-03-01T00:00:00Z");
  after.results.push_back({.title = "C", .date = D("2027-01-03"), .id = 3});
  auto changes = PortalResultChanges(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].kind, PortalResultChange::Kind::kCorrected);
  EXPECT_EQ(changes[0].before.title, "A");
  EXPECT_EQ(changes[1].kind, PortalResultChange::Kind::kWithdrawn);
  EXPECT_EQ(changes[2].kind, PortalResultChange::Kind::kAdded);
  EXPECT_TRUE(PortalResultChanges(after, after).empty());
}

}  // namespace
}  // namespace garant::governance
