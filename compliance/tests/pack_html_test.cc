#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "garant/compliance/pack.h"

namespace garant::compliance {
namespace {
namespace json = boost::json;

// A minimal pack as GatherPackJson writes it.
json::object MinimalPack() {
  return json::parse(R"({
    "format": "garant-compliance-pack-v1",
    "generated_at": "2026-04-01T08:00:00Z",
    "period": {"from": "", "to": "", "from_day": "2026-03-01", "to_day": "2026-03-31"},
    "register": {"controller_name": "SOS MÉDECINS FRANCE", "transfers": "Aucun transfert"},
    "figures": [
      {"id": "objections.received", "section": "droits", "label": "Oppositions reçues",
       "value": 7, "sql": "SELECT count(*) FROM objections WHERE received_at >= $1",
       "params": ["2026-03-01T00:00:00Z"], "audit_index_first": 10, "audit_index_last": 42}
    ],
    "projects": [{"reference": "CONTACT-1", "title": "<script>alert(1)</script>",
      "purpose": "research", "status": "active", "committee": "cse", "organisation": "Org",
      "legal_basis": "6.1.e", "formality": "mr-004", "formality_reference": "",
      "hdh_directory_number": "", "published_at": null, "audit_index_first": 1,
      "audit_index_last": 5, "decisions": [], "authorisations": []}],
    "habilitations": {"staff_accounts": [{"username": "dpo", "display_name": "D & P",
      "role": "dpo", "disabled_at": null, "second_factor": true, "last_login": null,
      "last_login_audit_index": null}], "service_tokens": [], "warehouse_accounts": []},
    "exclusion_lists": {"latest_version": null, "consumers": []},
    "keys": {"verify_key": "ab", "signing_key_id": "01234567", "audit_verifier_key": "k+1+x",
      "pseudonym_key_id": "89abcdef", "previous_pseudonym_key_id": "",
      "encryption_key_id": 1, "previous_encryption_key_id": null, "events": []},
    "retention": {"objection_registry": "vie de l'entrepôt", "publication_delay_days": 30},
    "security": {"file": "", "source": "", "headings": []},
    "log": {"verified": true, "verification": "ok: 43 entries", "checkpoint_size": 43,
      "checkpoint_root": "cm9vdA==", "checkpoint_file": "checkpoint.txt"}
  })")
      .as_object();
}

TEST(PackHtmlTest, FrenchStaticPageWithEveryFigureAndItsSource) {
  auto html = RenderPackHtml(json::serialize(MinimalPack()));
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_NE(html->find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html->find("Dossier de conformité"), std::string::npos);
  EXPECT_NE(html->find("id=\"fig-objections.received\""), std::string::npos);
  EXPECT_NE(html->find("10 à 42"), std::string::npos);
  EXPECT_NE(html->find("SELECT count(*) FROM objections"), std::string::npos);
  EXPECT_NE(html->find("du 01/03/2026 au 31/03/2026 inclus"), std::string::npos);
  // French habits: JJ/MM/AAAA and Paris time (08:00 UTC on 1 April 2026 is 10:00 in Paris).
  EXPECT_NE(html->find("01/04/2026 à 10:00"), std::string::npos);
  EXPECT_NE(html->find("@media print"), std::string::npos);
  EXPECT_NE(html->find("intègre"), std::string::npos);
  // Static: no script, no outside resource.
  EXPECT_EQ(html->find("<script"), std::string::npos);
  EXPECT_EQ(html->find("http://"), std::string::npos);
  EXPECT_EQ(html->find("https://"), std::string::npos);
  // Escaped.
  EXPECT_NE(html->find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html->find("D &amp; P"), std::string::npos);
  EXPECT_NE(html->find("Aucune identité de patient"), std::string::npos);
}

TEST(PackHtmlTest, AFailedVerificationIsShownAsSuch) {
  json::object pack = MinimalPack();
  pack["log"].as_object()["verified"] = false;
  pack["log"].as_object()["verification"] = "modified at index 17";
  auto html = RenderPackHtml(json::serialize(pack));
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("ÉCHEC — modified at index 17"), std::string::npos);
  EXPECT_NE(html->find("verdict ko"), std::string::npos);
}

TEST(PackHtmlTest, NotAPackIsRefused) {
  EXPECT_EQ(RenderPackHtml("{}").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(RenderPackHtml("not json").status().code(), Code::kInvalidArgument);
  json::object pack = MinimalPack();
  pack.erase("figures");
  EXPECT_EQ(RenderPackHtml(json::serialize(pack)).status().code(), Code::kInvalidArgument);
}

TEST(PackHtmlTest, RightsRequestsAndNoticesAreListed) {
  json::object pack = MinimalPack();
  // A pack written before these sections: "aucune", nothing else breaks.
  auto before = RenderPackHtml(json::serialize(pack));
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_NE(before->find("Aucune demande enregistrée."), std::string::npos);
  EXPECT_NE(before->find("Aucune version publiée."), std::string::npos);

  pack["rights_requests"] = json::parse(R"([
    {"reference": "DRT-AAAA-0001", "type": "access", "requester": "heir", "channel": "letter",
     "state": "answered", "received_at": "2026-01-10T09:00:00Z", "paused_seconds": 0,
     "extended_at": null, "deadline": "2026-02-10T09:00:00Z", "closed_at": "2026-02-01T09:00:00Z",
     "delay_met": true, "refusal_ground": null, "objection": null,
     "audit_index_first": 3, "audit_index_last": 9},
    {"reference": "DRT-AAAA-0002", "type": "erasure", "requester": "person", "channel": "email",
     "state": "in_progress", "received_at": "2026-01-10T09:00:00Z", "paused_seconds": 0,
     "extended_at": "2026-01-20T09:00:00Z", "deadline": "2026-04-10T08:00:00Z",
     "closed_at": null, "delay_met": false, "refusal_ground": null, "objection": null,
     "audit_index_first": 4, "audit_index_last": 4},
    {"reference": "DRT-AAAA-0003", "type": "restriction", "requester": "parent",
     "channel": "letter", "state": "identity_check", "received_at": "2026-03-30T09:00:00Z",
     "paused_seconds": 0, "extended_at": null, "deadline": "2026-04-30T09:00:00Z",
     "closed_at": null, "delay_met": null, "refusal_ground": null, "objection": null,
     "audit_index_first": 20, "audit_index_last": 21}
  ])");
  pack["notices"] = json::parse(R"([
    {"version": "minor-1", "audience": "minor", "number": 1, "title": "Tes données <b>",
     "published_at": "2026-02-02T10:00:00Z", "published_by": "staff:2", "audit_index": 5,
     "body_sha256": "ab12"}
  ])");
  auto html = RenderPackHtml(json::serialize(pack));
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->find("Aucune demande enregistrée."), std::string::npos);
  EXPECT_NE(html->find("id=\"rights-requests\""), std::string::npos);
  EXPECT_NE(html->find("data-reference=\"DRT-AAAA-0001\""), std::string::npos);
  EXPECT_NE(html->find("accès (art. 15)"), std::string::npos);
  EXPECT_NE(html->find("un héritier"), std::string::npos);
  EXPECT_NE(html->find("10/02/2026"), std::string::npos);  // the deadline, JJ/MM/AAAA
  EXPECT_NE(html->find("<td class=\"met-ok\">oui</td>"), std::string::npos);
  EXPECT_NE(html->find("<td class=\"met-ko\">non</td>"), std::string::npos);
  EXPECT_NE(html->find("en cours, dans le délai"), std::string::npos);
  EXPECT_NE(html->find("(prolongé de deux mois)"), std::string::npos);
  EXPECT_NE(html->find("3 à 9"), std::string::npos);
  EXPECT_NE(html->find("id=\"notice-versions\""), std::string::npos);
  EXPECT_NE(html->find("minor-1"), std::string::npos);
  EXPECT_NE(html->find("Tes données &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html->find("02/02/2026"), std::string::npos);
}

TEST(PackHtmlTest, TopicDecisionsAndDeclarationsOfInterestAreListed) {
  json::object pack = MinimalPack();
  // A pack written before these sections: "aucune", nothing else breaks.
  auto before = RenderPackHtml(json::serialize(pack));
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_NE(before->find("Aucune décision hors projet."), std::string::npos);
  EXPECT_NE(before->find("Aucune déclaration enregistrée."), std::string::npos);

  pack["topic_decisions"] = json::parse(R"([
    {"id": 12, "committee": "strategique", "category": "charter", "title": "Charte <v2>",
     "outcome": "favourable", "meeting_held_at": "2026-03-01T09:00:00Z",
     "recorded_at": "2026-03-01T11:00:00Z", "signed_at": "2026-03-01T11:05:00Z",
     "signed_by": "secretaire", "cosigned_at": "2026-03-02T08:00:00Z", "cosigned_by": "secretaire2",
     "amends_decision_id": null, "amended_by_decision_id": 15, "public": true, "audit_index": 310},
    {"id": 13, "committee": "strategique", "category": "access_rules", "title": "Comptes",
     "outcome": "unfavourable", "meeting_held_at": "2026-03-01T09:00:00Z",
     "recorded_at": "2026-03-01T11:00:00Z", "signed_at": null, "signed_by": "",
     "cosigned_at": null, "cosigned_by": "", "amends_decision_id": null,
     "amended_by_decision_id": null, "public": false, "audit_index": 311}
  ])");
  pack["interest_declarations"] = json::parse(R"([
    {"id": 3, "member": "Dr Nadia Benali", "committee": "cse", "role": "patient_representative",
     "year": 2026, "signed_on": "2026-01-15", "public_summary": "Conseil & <études>",
     "recorded_at": "2026-01-16T10:00:00Z", "audit_index": 290}
  ])");
  auto html = RenderPackHtml(json::serialize(pack));
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->find("Aucune décision hors projet."), std::string::npos);
  EXPECT_EQ(html->find("Aucune déclaration enregistrée."), std::string::npos);
  EXPECT_NE(html->find("id=\"comites\""), std::string::npos);
  EXPECT_NE(html->find("id=\"topic-decisions\""), std::string::npos);
  EXPECT_NE(html->find("Charte &lt;v2&gt;"), std::string::npos);
  EXPECT_NE(html->find("<td>charte</td>"), std::string::npos);
  EXPECT_NE(html->find("<td>adoptée</td>"), std::string::npos);
  EXPECT_NE(html->find("<td>rejetée</td>"), std::string::npos);
  EXPECT_NE(html->find("<td>non signée</td>"), std::string::npos);
  EXPECT_NE(html->find("<td>15</td>"), std::string::npos);  // amended by
  EXPECT_NE(html->find(">310</td>"), std::string::npos);
  EXPECT_NE(html->find("id=\"interest-declarations\""), std::string::npos);
  EXPECT_NE(html->find("Dr Nadia Benali"), std::string::npos);
  EXPECT_NE(html->find("représentation des patients"), std::string::npos);
  EXPECT_NE(html->find("15/01/2026"), std::string::npos);
  EXPECT_NE(html->find("Conseil &amp; &lt;études&gt;"), std::string::npos);
  EXPECT_NE(html->find(">290</td>"), std::string::npos);
}

// The committee a reader sees is its name ("Comité stratégique"), never the
// code the database keys it by; a pack without the name (written before
// committee_name) still shows the code.
TEST(PackHtmlTest, CommitteesAreShownByTheirNames) {
  json::object pack = MinimalPack();
  pack["projects"].as_array()[0].as_object()["committee_name"] = "Comité scientifique et éthique";
  pack["topic_decisions"] = json::parse(R"([
    {"id": 12, "committee": "strategique", "committee_name": "Comité stratégique",
     "category": "charter", "title": "Charte", "outcome": "favourable",
     "meeting_held_at": "2026-03-01T09:00:00Z", "recorded_at": "2026-03-01T11:00:00Z",
     "signed_at": null, "signed_by": "", "cosigned_at": null, "cosigned_by": "",
     "amends_decision_id": null, "amended_by_decision_id": null, "public": true,
     "audit_index": 310}
  ])");
  pack["interest_declarations"] = json::parse(R"([
    {"id": 3, "member": "Dr Nadia Benali", "committee": "cse",
     "committee_name": "Comité scientifique & éthique", "role": "member", "year": 2026,
     "signed_on": "2026-01-15", "public_summary": "Aucun lien", "recorded_at": null,
     "audit_index": 290},
    {"id": 4, "member": "M. Paul Roux", "committee": "ancien", "role": "member", "year": 2026,
     "signed_on": "2026-01-15", "public_summary": "Aucun lien", "recorded_at": null,
     "audit_index": 291}
  ])");
  auto html = RenderPackHtml(json::serialize(pack));
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_NE(html->find("<td>12</td><td>Comité stratégique</td>"), std::string::npos);
  EXPECT_EQ(html->find(">strategique<"), std::string::npos);
  EXPECT_NE(html->find("<td>Dr Nadia Benali</td><td>Comité scientifique &amp; éthique</td>"),
            std::string::npos);
  EXPECT_EQ(html->find(">cse<"), std::string::npos);
  EXPECT_NE(html->find("Comité&nbsp;: Comité scientifique et éthique ·"), std::string::npos);
  EXPECT_NE(html->find("<td>M. Paul Roux</td><td>ancien</td>"), std::string::npos);
}

}  // namespace
}  // namespace garant::compliance
