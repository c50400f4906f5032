#include "garant/compliance/consent_fhir.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

namespace garant::compliance {
namespace json = boost::json;
namespace {

json::object Coding(std::string_view system, std::string_view code, std::string_view display) {
  json::object c{{"system", system}, {"code", code}};
  if (!display.empty()) c["display"] = display;
  return c;
}

json::object Concept(json::object coding, std::string_view text = {}) {
  json::object c{{"coding", json::array{std::move(coding)}}};
  if (!text.empty()) c["text"] = text;
  return c;
}

json::object StringExtension(std::string_view url, std::string_view value) {
  return {{"url", url}, {"valueString", value}};
}

bool KnownRequester(std::string_view requester) {
  return requester == "patient" || requester == "parent" || requester == "guardian" ||
         requester == "professional";  // a health professional (sql 0026)
}

}  // namespace

Result<std::string> ConsentBundleJson(const std::vector<ObjectionConsent>& objections,
                                      const ConsentBundleOptions& options) {
  json::array entries;
  for (const ObjectionConsent& o : objections) {
    if (o.tokens.empty()) {
      return Status::InvalidArgument("objection " + o.reference + " has no pseudonymous token");
    }
    if (!KnownRequester(o.requester)) {
      return Status::InvalidArgument("objection " + o.reference + ": unknown requester '" +
                                     o.requester + "'");
    }
    const std::string system = std::string(kPseudonymSystemPrefix) + ":" + o.pseudonym_key_id;
    json::array token_extensions;
    for (const std::string& t : o.tokens) {
      token_extensions.push_back(
          {{"url", kFhirPseudonymTokenUrl},
           {"valueIdentifier", json::object{{"system", system}, {"value", t}}}});
    }
    json::object period{{"start", FormatRfc3339UtcSeconds(o.effective_at)}};
    if (o.withdrawn) {
      if (!o.withdrawn_at) {
        return Status::InvalidArgument("objection " + o.reference + " is withdrawn without a date");
      }
      period["end"] = FormatRfc3339UtcSeconds(*o.withdrawn_at);
    }
    json::array extensions{StringExtension(kFhirObjectionScopeUrl, o.scope),
                           StringExtension(kFhirRequesterUrl, o.requester),
                           StringExtension(kFhirNoticeVersionUrl, o.notice_version)};
    for (auto& t : token_extensions) extensions.push_back(std::move(t));

    json::object consent{
        {"resourceType", "Consent"},
        {"id", o.reference},
        {"extension", std::move(extensions)},
        {"identifier",
         json::array{json::object{{"system", kObjectionIdentifierSystem}, {"value", o.reference}}}},
        // An objection in force is an active refusal; a withdrawn one no
        // longer applies (FHIR's "inactive").
        {"status", o.withdrawn ? "inactive" : "active"},
        {"scope", Concept(Coding("http://terminology.hl7.org/CodeSystem/consentscope", "research",
                                 "Research"))},
        {"category",
         json::array{Concept(Coding("http://loinc.org", "59284-0", "Patient Consent")),
                     Concept(Coding("http://terminology.hl7.org/CodeSystem/consentcategorycodes",
                                    "research", "Research Information Access"))}},
        {"patient",
         json::object{{"identifier", json::object{{"system", system}, {"value", o.tokens.front()}}},
                      {"display", "personne pseudonymisée (jeton Pseudonymisation v1)"}}},
        {"dateTime", FormatRfc3339UtcSeconds(o.received_at)},
        {"organization", json::array{json::object{{"display", options.controller_name}}}},
        {"policy", json::array{json::object{{"authority", "https://www.cnil.fr"},
                                            {"uri", kReferentielPolicyUri}}}},
        {"policyRule",
         json::object{{"text",
                       "Référentiel CNIL relatif aux entrepôts de données de santé (délibération "
                       "n° 2021-118 du 7 octobre 2021) ; droit d'opposition, article 21 du RGPD"}}},
        {"provision",
         json::object{
             {"type", "deny"},
             {"period", std::move(period)},
             {"purpose", json::array{Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
                                            "HRESCH", "healthcare research")}},
         }},
    };
    entries.push_back(
        json::object{{"fullUrl", "urn:uuid:" + o.id}, {"resource", std::move(consent)}});
  }
  json::object bundle{
      {"resourceType", "Bundle"},
      {"meta", json::object{{"lastUpdated", FormatRfc3339UtcSeconds(options.generated_at)}}},
      {"type", "collection"},
      {"timestamp", FormatRfc3339UtcSeconds(options.generated_at)},
      {"entry", std::move(entries)},
  };
  return json::serialize(bundle) + "\n";
}

Result<std::vector<ObjectionConsent>> LoadObjectionConsents(db::Connection& conn,
                                                            const std::string& pseudonym_key_id) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Exec(
          "SELECT o.id::text, o.reference, o.status, o.scope, o.requester, o.channel, "
          "o.notice_version, o.received_at, o.effective_at, o.withdrawn_at, "
          "coalesce(o.audit_index, 0)::int8, "
          "coalesce((SELECT string_agg(t.token, ' ' ORDER BY t.token) FROM objection_tokens t "
          "          WHERE t.objection_id = o.id AND t.key_id = $1), '') "
          "FROM objections o ORDER BY o.received_at, o.reference",
          {pseudonym_key_id}));
  std::vector<ObjectionConsent> out;
  out.reserve(rows.size());
  for (int i = 0; i < rows.size(); ++i) {
    ObjectionConsent o;
    o.id = rows.Str(i, 0);
    o.reference = rows.Str(i, 1);
    const std::string status = rows.Str(i, 2);
    if (status != "effective" && status != "withdrawn") {
      return db::UnknownStoredValue("objections.status", status);
    }
    o.withdrawn = status == "withdrawn";
    o.scope = rows.Str(i, 3);
    o.requester = rows.Str(i, 4);
    o.channel = rows.Str(i, 5);
    o.notice_version = rows.Str(i, 6);
    o.received_at = rows.Time(i, 7);
    o.effective_at = rows.Time(i, 8);
    o.withdrawn_at = rows.OptionalTime(i, 9);
    o.audit_index = static_cast<uint64_t>(rows.Int(i, 10));
    o.pseudonym_key_id = pseudonym_key_id;
    std::string tokens = rows.Str(i, 11);
    for (size_t p = 0; p < tokens.size();) {
      size_t e = tokens.find(' ', p);
      if (e == std::string::npos) e = tokens.size();
      o.tokens.push_back(tokens.substr(p, e - p));
      p = e + 1;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace garant::compliance
