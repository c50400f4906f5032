// The FHIR rendering written straight into text (trail_export.cc) against
// the rendering it replaced, kept here as the reference: the same
// AuditEvent built as Boost.JSON objects and serialised. Both must give the
// same bytes, entry for entry, on a dataset that takes every branch of the
// mapping (every optional field present and absent, every action and
// outcome, findings with and without severity or explanation, strings with
// quotes, backslashes, control characters and non-ASCII text, numbers where
// strings are expected) and on random combinations of it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <random>

#include "garant/access/event.h"
#include "garant/access/trail_export.h"
#include "garant/audit/leaf.h"
#include "garant/core/bytes.h"

namespace garant::access {
namespace {
namespace reference {

namespace json = boost::json;

constexpr std::string_view kDcm = "http://dicom.nema.org/resources/ontology/DCM";
constexpr std::string_view kEntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
constexpr std::string_view kObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";
constexpr std::string_view kSourceType =
    "http://terminology.hl7.org/CodeSystem/security-source-type";
constexpr std::string_view kV3ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
constexpr std::string_view kRoleType =
    "http://terminology.hl7.org/CodeSystem/extra-security-role-type";

// A decoded leaf: the event and its payload object.
struct Decoded {
  audit::Event event;
  json::object payload;
};

Result<Decoded> DecodeAs(ByteView leaf, std::string_view type_prefix, uint64_t index) {
  auto ev = audit::DecodeLeaf(leaf);
  if (!ev.ok()) {
    return Status::DataLoss("entry " + std::to_string(index) + ": " + ev.status().message());
  }
  if (ev->type.rfind(type_prefix, 0) != 0) {
    return Status::DataLoss("entry " + std::to_string(index) + " is a " + ev->type + " leaf, not " +
                            std::string(type_prefix) + "*");
  }
  json::error_code ec;
  json::value v = json::parse(ev->payload, ec);
  if (ec || !v.is_object()) {
    return Status::DataLoss("entry " + std::to_string(index) + ": payload is not a JSON object");
  }
  return Decoded{std::move(*ev), std::move(v.as_object())};
}

std::optional<std::string> Str(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}
// A number or string field as text (numbers as JSON writes them).
std::optional<std::string> Text(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_array()) {
    std::string out;
    for (const auto& x : v->as_array()) {
      if (!out.empty()) out += ' ';
      out += x.is_string() ? std::string(x.as_string()) : json::serialize(x);
    }
    return out;
  }
  return json::serialize(*v);
}

// ---- FHIR R4 AuditEvent ----

json::object Coding(std::string_view system, std::string_view code, std::string_view display) {
  json::object c;
  c["system"] = system;
  c["code"] = code;
  if (!display.empty()) c["display"] = display;
  return c;
}
json::object Concept(json::object coding) {
  json::object cc;
  json::array a;
  a.push_back(std::move(coding));
  cc["coding"] = std::move(a);
  return cc;
}
json::object Ext(std::string_view url, std::string_view value_key, std::string_view value) {
  json::object e;
  e["url"] = url;
  e[value_key] = value;
  return e;
}
json::object IdentifierRef(std::string_view system, std::string_view value) {
  json::object id;
  id["system"] = system;
  id["value"] = value;
  json::object ref;
  ref["identifier"] = std::move(id);
  return ref;
}
json::object Detail(std::string_view type, std::string_view value) {
  json::object d;
  d["type"] = type;
  d["valueString"] = value;
  return d;
}
json::object Entity(std::string_view type_code, std::string_view type_display,
                    std::string_view role_code, std::string_view role_display) {
  json::object e;
  e["type"] = Coding(kEntityType, type_code, type_display);
  e["role"] = Coding(kObjectRole, role_code, role_display);
  return e;
}

struct ActionCodes {
  std::string_view action, dcm, dcm_display, fhir_action;
};
ActionCodes CodesFor(std::string_view action) {
  if (action == "view") return {action, "110110", "Patient Record", "R"};
  if (action == "reidentify") return {action, "110110", "Patient Record", "R"};
  if (action == "export") return {action, "110106", "Export", "R"};
  if (action == "extract") return {action, "110112", "Query", "R"};
  if (action == "query" || action == "count") return {action, "110112", "Query", "E"};
  return {action, "110114", "User Authentication", "E"};  // login, login_failed, logout
}

std::string_view FhirOutcome(std::string_view outcome) {
  if (outcome == "success") return "0";
  if (outcome == "denied") return "4";
  return "8";
}

Result<json::object> AuditEventJson(const TrailHeader& h, const ProvenEntry& e) {
  GARANT_ASSIGN_OR_RETURN(Decoded d, DecodeAs(e.entry.leaf, "access.", e.entry.index));
  const json::object& p = d.payload;
  const std::string action = Str(p, "action").value_or("");
  const ActionCodes codes = CodesFor(action);
  json::object r;
  r["resourceType"] = "AuditEvent";
  r["id"] = d.event.id;

  json::array exts;
  {
    json::array sub;
    sub.push_back(Ext("index", "valueString", std::to_string(e.entry.index)));
    sub.push_back(Ext("leaf", "valueBase64Binary", Base64Encode(e.entry.leaf)));
    for (const auto& hsh : e.proof)
      sub.push_back(Ext("proof", "valueBase64Binary", Base64Encode(hsh)));
    json::object x;
    x["url"] = kFhirEntryUrl;
    x["extension"] = std::move(sub);
    exts.push_back(std::move(x));
  }
  for (size_t i = 0; i < e.entry.findings.size(); ++i) {
    const TrailFindingLeaf& f = e.entry.findings[i];
    GARANT_ASSIGN_OR_RETURN(Decoded fd, DecodeAs(f.leaf, "finding.raised", f.index));
    json::array sub;
    sub.push_back(Ext("rule", "valueCode", Str(fd.payload, "rule").value_or("unknown")));
    if (auto s = Str(fd.payload, "severity")) sub.push_back(Ext("severity", "valueCode", *s));
    if (auto s = Str(fd.payload, "explanation"); s && !s->empty()) {
      sub.push_back(Ext("explanation", "valueString", *s));
    }
    sub.push_back(Ext("index", "valueString", std::to_string(f.index)));
    sub.push_back(Ext("leaf", "valueBase64Binary", Base64Encode(f.leaf)));
    for (const auto& hsh : e.finding_proofs.at(i)) {
      sub.push_back(Ext("proof", "valueBase64Binary", Base64Encode(hsh)));
    }
    json::object x;
    x["url"] = kFhirFindingUrl;
    x["extension"] = std::move(sub);
    exts.push_back(std::move(x));
  }
  r["extension"] = std::move(exts);

  r["type"] = Coding(kDcm, codes.dcm, codes.dcm_display);
  {
    json::array st;
    st.push_back(Coding("urn:garant:fhir:CodeSystem:access-action", action, action));
    r["subtype"] = std::move(st);
  }
  r["action"] = codes.fhir_action;
  {
    json::object period;
    if (auto s = Str(p, "occurred_at")) period["start"] = *s;
    if (auto s = Str(p, "ended_at")) period["end"] = *s;
    if (!period.empty()) r["period"] = std::move(period);
  }
  r["recorded"] = audit::FormatLeafTime(d.event.time);
  const std::string outcome = Str(p, "outcome").value_or("");
  r["outcome"] = FhirOutcome(outcome);
  if (auto s = Str(p, "outcome_reason"); s && !s->empty()) {
    r["outcomeDesc"] = *s;
  } else if (outcome != "success" && !outcome.empty()) {
    r["outcomeDesc"] = outcome;
  }
  if (auto s = Str(p, "purpose"); s && !s->empty()) {
    json::object cc;
    json::array codings;
    codings.push_back(Coding("urn:garant:fhir:CodeSystem:purpose", *s, ""));
    if (*s == "research") codings.push_back(Coding(kV3ActReason, "HRESCH", "healthcare research"));
    cc["coding"] = std::move(codings);
    json::array a;
    a.push_back(std::move(cc));
    r["purposeOfEvent"] = std::move(a);
  }

  json::array agents;
  {
    json::object user;
    user["type"] = Concept(Coding(kRoleType, "humanuser", "human user"));
    if (auto s = Str(p, "account_role"); s && !s->empty()) {
      json::object role;
      role["text"] = *s;
      json::array roles;
      roles.push_back(std::move(role));
      user["role"] = std::move(roles);
    }
    const std::string account = Str(p, "account").value_or("");
    user["who"] = IdentifierRef("urn:garant:account", account);
    user["altId"] = account;
    user["requestor"] = true;
    if (const json::value* dec = p.if_contains("decision"); dec != nullptr && !dec->is_null()) {
      json::array policy;
      policy.emplace_back("urn:garant:decision:" + json::serialize(*dec));
      user["policy"] = std::move(policy);
    }
    if (auto s = Str(p, "client_address"); s && !s->empty()) {
      json::object net;
      net["address"] = *s;
      net["type"] = "2";
      user["network"] = std::move(net);
    }
    agents.push_back(std::move(user));
  }
  if (auto s = Str(p, "organisation"); s && !s->empty()) {
    json::object org;
    json::object type;
    type["text"] = "organisation";
    org["type"] = std::move(type);
    json::object who;
    who["display"] = *s;
    org["who"] = std::move(who);
    org["requestor"] = false;
    agents.push_back(std::move(org));
  }
  r["agent"] = std::move(agents);

  {
    json::object source;
    const std::string src = Str(p, "source").value_or("");
    if (!src.empty()) source["site"] = src;
    json::object observer = IdentifierRef("urn:garant:reporter", d.event.actor);
    if (!src.empty()) observer["display"] = src;
    source["observer"] = std::move(observer);
    json::array types;
    types.push_back(Coding(kSourceType, "4", "Application Server"));
    source["type"] = std::move(types);
    r["source"] = std::move(source);
  }

  json::array entities;
  if (h.query.key == TrailKey::kPerson) {
    json::object pat = Entity("1", "Person", "1", "Patient");
    pat["what"] = IdentifierRef("urn:garant:patient-token", h.query.value);
    entities.push_back(std::move(pat));
  }
  if (auto digest = Str(p, "patients_digest")) {
    json::object set = Entity("2", "System Object", "7", "List");
    set["what"] = IdentifierRef("urn:garant:patients-digest", *digest);
    json::array details;
    if (auto n = Text(p, "patient_count")) details.push_back(Detail("patient_count", *n));
    if (!details.empty()) set["detail"] = std::move(details);
    entities.push_back(std::move(set));
  }
  if (auto project = Str(p, "project")) {
    json::object pr = Entity("2", "System Object", "13", "Security Resource");
    pr["what"] = IdentifierRef("urn:garant:project", *project);
    if (auto dec = Text(p, "decision")) {
      json::array details;
      details.push_back(Detail("decision", *dec));
      pr["detail"] = std::move(details);
    }
    entities.push_back(std::move(pr));
  }
  {
    json::array details;
    for (std::string_view k :
         {"true_count", "returned_count", "rows", "domains", "associations", "justification"}) {
      if (auto v = Text(p, k); v && !v->empty()) details.push_back(Detail(k, *v));
    }
    if (!Str(p, "patients_digest")) {
      if (auto n = Text(p, "patient_count")) details.push_back(Detail("patient_count", *n));
    }
    auto fp = Str(p, "query_fingerprint");
    if (fp || !details.empty()) {
      json::object q = Entity("2", "System Object", "24", "Query");
      if (fp) q["what"] = IdentifierRef("urn:garant:query-fingerprint", *fp);
      if (!details.empty()) q["detail"] = std::move(details);
      entities.push_back(std::move(q));
    }
  }
  if (const json::value* x = p.if_contains("export"); x != nullptr && x->is_object()) {
    const json::object& ex = x->as_object();
    json::object rep = Entity("2", "System Object", "3", "Report");
    if (auto f = Str(ex, "file")) rep["name"] = *f;
    if (auto dst = Str(ex, "destination")) rep["description"] = *dst;
    json::array details;
    for (std::string_view k : {"sha256", "bytes", "destination"}) {
      if (auto v = Text(ex, k)) details.push_back(Detail(k, *v));
    }
    if (!details.empty()) rep["detail"] = std::move(details);
    entities.push_back(std::move(rep));
  }
  if (!entities.empty()) r["entity"] = std::move(entities);
  return r;
}

// The bundle entry as the replaced RenderEntry(kFhir) wrote it.
Result<std::string> FhirEntry(const TrailHeader& h, const ProvenEntry& e, uint64_t ordinal) {
  GARANT_ASSIGN_OR_RETURN(json::object resource, AuditEventJson(h, e));
  json::object entry;
  entry["fullUrl"] = "urn:uuid:" + std::string(resource.at("id").as_string());
  entry["resource"] = std::move(resource);
  json::object search;
  search["mode"] = "match";
  entry["search"] = std::move(search);
  return std::string(ordinal == 0 ? ",\"entry\":[" : ",") + json::serialize(entry) + "\n";
}

}  // namespace reference

namespace json = boost::json;

// Values of each member, drawn at random: absent, or one of these.
const std::vector<json::value>& Pool(std::string_view field) {
  static const std::vector<json::value> kStrings = {
      "",
      "a",
      "chercheur.moreau",
      "CHU \"Lyon\", site; nord",
      "back\\slash / slash",
      "tab\there, new\nline, cr\r, bell\x07, unit\x1f, del\x7f",
      "Hôpital Édouard-Herriot ✓ 😀",
      "line\u2028separator",
      "=formula"};
  static const std::vector<json::value> kNumbers = {0, 3, -1, 9007199254740993LL, 2.5, true};
  static const std::map<std::string_view, std::vector<json::value>> kPools = [] {
    std::map<std::string_view, std::vector<json::value>> p;
    auto both = [](std::initializer_list<json::value> extra) {
      std::vector<json::value> v(kStrings);
      v.insert(v.end(), extra.begin(), extra.end());
      return v;
    };
    p["action"] = both({"view", "query", "count", "extract", "export", "reidentify", "login",
                        "login_failed", "logout", 7});
    p["outcome"] = both({"success", "denied", "failed", 1});
    p["purpose"] = both({"research", "care", nullptr});
    p["decision"] = {3, "D-1", nullptr, 2.5, json::array{1, 2}, json::object{{"a", 1}}};
    p["domains"] = {json::array{"visits"},
                    json::array{"visits", "calls"},
                    json::array{},
                    json::array{1, "a", nullptr},
                    "visits",
                    4};
    p["patient_count"] = {3, "7", nullptr, 0, 12.0};
    p["export"] = {json::object{{"file", "=cohorte.csv"},
                                {"sha256", std::string(64, 'e')},
                                {"bytes", 1234},
                                {"destination", "enclave"}},
                   json::object{{"file", 5}, {"bytes", "12"}}, json::object{}, "not an object",
                   nullptr};
    for (const char* k : {"occurred_at", "ended_at", "account", "account_role", "organisation",
                          "project", "patients_digest", "query_fingerprint", "justification",
                          "source", "client_address", "outcome_reason"}) {
      p[k] = both({"2026-12-01T09:00:00Z", nullptr, 42});
    }
    for (const char* k : {"true_count", "returned_count", "rows"}) {
      std::vector<json::value> v(kNumbers);
      v.push_back("12");
      v.push_back("");
      v.push_back(nullptr);
      p[k] = v;
    }
    p["associations"] = p["domains"];
    return p;
  }();
  return kPools.at(field);
}

constexpr const char* kFields[] = {"occurred_at",    "ended_at",
                                   "account",        "account_role",
                                   "organisation",   "action",
                                   "purpose",        "project",
                                   "decision",       "domains",
                                   "associations",   "patients_digest",
                                   "patient_count",  "query_fingerprint",
                                   "true_count",     "returned_count",
                                   "rows",           "export",
                                   "justification",  "source",
                                   "client_address", "outcome",
                                   "outcome_reason"};

Bytes Leaf(std::string id, std::string type, std::string actor, const std::string& payload) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339("2026-12-01T09:00:01.25Z", &t));
  auto b = audit::EncodeLeaf(
      {std::move(id), std::move(type), t, std::move(actor), "account/x", payload});
  EXPECT_TRUE(b.ok()) << b.status().ToString() << " " << payload;
  return b.ok() ? *b : Bytes{};
}

class FhirRenderTest : public ::testing::Test {
 protected:
  std::mt19937_64 rng_{20261203};

  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }

  // A payload with each member absent (one time in three) or drawn from its pool.
  std::string RandomPayload() {
    json::object o;
    for (const char* k : kFields) {
      if (Below(3) == 0) continue;
      const auto& pool = Pool(k);
      o[k] = pool[Below(pool.size())];
    }
    return json::serialize(o);
  }

  audit::Digest RandomDigest() {
    audit::Digest d;
    for (auto& b : d) b = static_cast<uint8_t>(rng_());
    return d;
  }

  ProvenEntry RandomEntry() {
    ProvenEntry p;
    p.entry.index = Below(4) == 0 ? rng_() : Below(1000000);
    p.entry.leaf = Leaf("11111111-1111-4111-8111-" + std::to_string(100000000000 + Below(1000)),
                        Below(2) ? "access.view" : "access.export",
                        Below(2) ? "service:7" : "staff:12", RandomPayload());
    for (size_t i = Below(12); i > 0; --i) p.proof.push_back(RandomDigest());
    for (size_t n = Below(4) == 0 ? 1 + Below(3) : 0; n > 0; --n) {
      json::object f;
      const auto& strings = Pool("account");
      if (Below(5)) f["rule"] = Below(4) ? strings[Below(strings.size())] : json::value(9);
      if (Below(2)) f["severity"] = Below(4) ? json::value("critical") : json::value(1);
      if (Below(2)) f["explanation"] = strings[Below(strings.size())];
      TrailFindingLeaf leaf{Below(1000000), "rule",
                            Leaf("33333333-3333-4333-8333-333333333333", "finding.raised",
                                 "service:garantd", json::serialize(f))};
      p.entry.findings.push_back(std::move(leaf));
      std::vector<audit::Digest> proof;
      for (size_t i = Below(5); i > 0; --i) proof.push_back(RandomDigest());
      p.finding_proofs.push_back(std::move(proof));
    }
    return p;
  }

  static TrailHeader Header(TrailKey key) {
    TrailHeader h;
    h.query = {key, key == TrailKey::kPerson ? std::string(64, 'a') : "CONTACT-2026-001"};
    h.export_event_id = "44444444-4444-4444-8444-444444444444";
    return h;
  }
};

TEST_F(FhirRenderTest, SameBytesAsTheObjectRenderingOnRandomEntries) {
  int compared = 0;
  for (int i = 0; i < 3000; ++i) {
    const ProvenEntry e = RandomEntry();
    for (TrailKey key : {TrailKey::kPerson, TrailKey::kProject}) {
      const TrailHeader h = Header(key);
      for (uint64_t ordinal : {uint64_t{0}, uint64_t{1}}) {
        auto want = reference::FhirEntry(h, e, ordinal);
        ASSERT_TRUE(want.ok()) << want.status().ToString();
        auto got = RenderEntry(TrailFormat::kFhir, h, e, ordinal);
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        ASSERT_EQ(*got, *want) << "entry " << i;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 12000);
}

// Every member present, one at a time absent: each branch of the mapping
// taken with its neighbours in place.
TEST_F(FhirRenderTest, SameBytesWithEachMemberLeftOut) {
  for (const char* skipped : {"",
                              "occurred_at",
                              "ended_at",
                              "account",
                              "account_role",
                              "organisation",
                              "action",
                              "purpose",
                              "project",
                              "decision",
                              "domains",
                              "associations",
                              "patients_digest",
                              "patient_count",
                              "query_fingerprint",
                              "true_count",
                              "returned_count",
                              "rows",
                              "export",
                              "justification",
                              "source",
                              "client_address",
                              "outcome",
                              "outcome_reason"}) {
    for (size_t variant = 0; variant < 12; ++variant) {
      json::object o;
      for (const char* k : kFields) {
        if (std::string_view(k) == skipped) continue;
        const auto& pool = Pool(k);
        o[k] = pool[variant % pool.size()];
      }
      ProvenEntry e;
      e.entry.index = 41;
      e.entry.leaf = Leaf("22222222-2222-4222-8222-222222222222", "access.query", "service:7",
                          json::serialize(o));
      e.proof = {RandomDigest(), RandomDigest()};
      for (TrailKey key : {TrailKey::kPerson, TrailKey::kAccount}) {
        const TrailHeader h = Header(key);
        auto want = reference::FhirEntry(h, e, 0);
        auto got = RenderEntry(TrailFormat::kFhir, h, e, 0);
        ASSERT_TRUE(want.ok() && got.ok());
        EXPECT_EQ(*got, *want) << "without " << skipped << ", variant " << variant;
      }
    }
  }
}

TEST_F(FhirRenderTest, ALeafOfAnotherTypeFailsAsBefore) {
  ProvenEntry e;
  e.entry.index = 3;
  e.entry.leaf = Leaf("22222222-2222-4222-8222-222222222222", "staff.login", "staff:1", "{}");
  auto got = RenderEntry(TrailFormat::kFhir, Header(TrailKey::kPerson), e, 0);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Code::kDataLoss);
  EXPECT_NE(got.status().message().find("entry 3"), std::string::npos);
  // A finding leaf that is not a finding.
  e.entry.leaf = Leaf("22222222-2222-4222-8222-222222222222", "access.view", "service:7", "{}");
  e.entry.findings.push_back({4, "x", e.entry.leaf});
  e.finding_proofs.emplace_back();
  got = RenderEntry(TrailFormat::kFhir, Header(TrailKey::kPerson), e, 0);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("entry 4"), std::string::npos);
}

}  // namespace
}  // namespace garant::access
