#include "garant/compliance/consent_fhir.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace garant::compliance {
namespace {
namespace json = boost::json;

TimePoint At(const char* s) {
  TimePoint t{};
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

ObjectionConsent Objection() {
  ObjectionConsent o;
  o.id = "0d9c1a52-5a8e-4c1f-9f0e-3b1f7c1e2a10";
  o.reference = "OPP-7K2M-Q9XA";
  o.scope = "all";
  o.requester = "parent";
  o.channel = "letter";
  o.notice_version = "2026-01";
  o.received_at = At("2026-03-01T09:30:00Z");
  o.effective_at = At("2026-03-01T09:30:05Z");
  o.audit_index = 42;
  o.pseudonym_key_id = "1a2b3c4d";
  o.tokens = {std::string(64, 'a'), std::string(64, 'b')};
  return o;
}

std::string S(const json::value& v) { return std::string(v.as_string()); }

json::object Render(const std::vector<ObjectionConsent>& os) {
  ConsentBundleOptions opt{At("2026-04-01T00:00:00Z"), "SOS MÉDECINS FRANCE"};
  auto r = ConsentBundleJson(os, opt);
  EXPECT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->back(), '\n');
  return json::parse(*r).as_object();
}

TEST(ConsentFhirTest, ACollectionBundleWithOneConsentPerObjection) {
  ObjectionConsent withdrawn = Objection();
  withdrawn.id = "5b0e7c0a-0000-4000-8000-000000000001";
  withdrawn.reference = "OPP-AAAA-BBBB";
  withdrawn.withdrawn = true;
  withdrawn.withdrawn_at = At("2026-03-20T10:00:00Z");
  withdrawn.scope = "project:CONTACT-2026-01";
  json::object b = Render({Objection(), withdrawn});
  EXPECT_EQ(S(b["resourceType"]), "Bundle");
  EXPECT_EQ(S(b["type"]), "collection");
  EXPECT_EQ(S(b["timestamp"]), "2026-04-01T00:00:00Z");
  const json::array& entries = b["entry"].as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(S(entries[0].at("fullUrl")), "urn:uuid:0d9c1a52-5a8e-4c1f-9f0e-3b1f7c1e2a10");

  const json::object& c = entries[0].at("resource").as_object();
  EXPECT_EQ(S(c.at("resourceType")), "Consent");
  EXPECT_EQ(S(c.at("id")), "OPP-7K2M-Q9XA");
  EXPECT_EQ(S(c.at("status")), "active");
  EXPECT_EQ(S(c.at("scope").at("coding").at(0).at("code")), "research");
  EXPECT_EQ(S(c.at("scope").at("coding").at(0).at("system")),
            "http://terminology.hl7.org/CodeSystem/consentscope");
  EXPECT_EQ(c.at("category").as_array().size(), 2u);
  EXPECT_EQ(S(c.at("provision").at("type")), "deny");
  EXPECT_EQ(S(c.at("provision").at("period").at("start")), "2026-03-01T09:30:05Z");
  EXPECT_FALSE(c.at("provision").at("period").as_object().contains("end"));
  EXPECT_EQ(S(c.at("dateTime")), "2026-03-01T09:30:00Z");
  EXPECT_EQ(S(c.at("policy").at(0).at("uri")), kReferentielPolicyUri);
  EXPECT_NE(c.at("policyRule").at("text").as_string().find("2021-118"), json::string::npos);
  // The patient is the first token, under its key's system; all tokens in extensions.
  EXPECT_EQ(S(c.at("patient").at("identifier").at("value")), std::string(64, 'a'));
  EXPECT_EQ(S(c.at("patient").at("identifier").at("system")), "urn:garant:pseudonym-v1:1a2b3c4d");
  int tokens = 0;
  for (const auto& x : c.at("extension").as_array()) {
    if (x.at("url").as_string() == kFhirPseudonymTokenUrl) ++tokens;
    if (x.at("url").as_string() == kFhirObjectionScopeUrl) {
      EXPECT_EQ(S(x.at("valueString")), "all");
    }
  }
  EXPECT_EQ(tokens, 2);

  const json::object& w = entries[1].at("resource").as_object();
  EXPECT_EQ(S(w.at("status")), "inactive");
  EXPECT_EQ(S(w.at("provision").at("period").at("end")), "2026-03-20T10:00:00Z");
  EXPECT_EQ(S(w.at("extension").at(0).at("valueString")), "project:CONTACT-2026-01");
}

TEST(ConsentFhirTest, AnEmptyRegistryIsAnEmptyCollection) {
  json::object b = Render({});
  EXPECT_TRUE(b["entry"].as_array().empty());
}

TEST(ConsentFhirTest, NoClearTraitEverAppears) {
  // The builder has no field for a trait: the output holds only what the
  // struct carries. Check the known values and nothing name-like.
  ConsentBundleOptions opt{At("2026-04-01T00:00:00Z"), "Responsable"};
  auto r = ConsentBundleJson({Objection()}, opt);
  ASSERT_TRUE(r.ok());
  for (const char* forbidden : {"birth", "given", "name\"", "ins\"", "contact"}) {
    EXPECT_EQ(r->find(forbidden), std::string::npos) << forbidden;
  }
}

TEST(ConsentFhirTest, BadInputIsRefused) {
  ConsentBundleOptions opt{At("2026-04-01T00:00:00Z"), "x"};
  ObjectionConsent no_token = Objection();
  no_token.tokens.clear();
  EXPECT_EQ(ConsentBundleJson({no_token}, opt).status().code(), Code::kInvalidArgument);
  ObjectionConsent bad_requester = Objection();
  bad_requester.requester = "neighbour";
  EXPECT_EQ(ConsentBundleJson({bad_requester}, opt).status().code(), Code::kInvalidArgument);
  ObjectionConsent withdrawn_undated = Objection();
  withdrawn_undated.withdrawn = true;
  EXPECT_EQ(ConsentBundleJson({withdrawn_undated}, opt).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace garant::compliance
