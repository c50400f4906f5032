// Trail exports: header, entry and end lines of each format (pure), and the
// streaming writer. The FHIR mapping is tabled in docs/audit-trail-exports.md.
// Over 400 lines on purpose: the three formats render the same decoded leaf,
// and the verifier re-renders through these very functions, so they are kept
// side by side.
#include "garant/access/trail_export.h"

#include <boost/json.hpp>
#include <utility>

#include "garant/audit/leaf.h"
#include "garant/core/bytes.h"

namespace garant::access {
namespace {

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

json::array ProofJson(const std::vector<audit::Digest>& proof) {
  json::array a;
  for (const auto& d : proof) a.emplace_back(Base64Encode(d));
  return a;
}

json::object QueryJson(const TrailQuery& q) {
  json::object o;
  o[ToString(q.key)] = q.value;
  if (q.from) o["from"] = FormatRfc3339Utc(*q.from);
  if (q.to) o["to"] = FormatRfc3339Utc(*q.to);
  return o;
}

json::object HeaderJson(std::string_view format, const TrailHeader& h) {
  json::object cp;
  cp["origin"] = h.cut.checkpoint.origin;
  cp["size"] = h.cut.checkpoint.head.size;
  cp["root"] = Base64Encode(h.cut.checkpoint.head.root);
  cp["note"] = h.cut.note;
  json::object ev;
  ev["id"] = h.export_event_id;
  ev["index"] = h.export_event_index;
  json::object o;
  o["garant_trail_export"] = 1;
  o["format"] = format;
  if (format == "csv") o["separator"] = std::string(1, h.separator);
  o["query"] = QueryJson(h.query);
  o["checkpoint"] = std::move(cp);
  o["exported_at"] = FormatRfc3339Utc(h.exported_at);
  o["export_event"] = std::move(ev);
  return o;
}

// {"index", "rule", "leaf", "proof"} of each finding, from its leaf.
Result<json::array> FindingsJson(const ProvenEntry& e, bool with_text) {
  json::array out;
  for (size_t i = 0; i < e.entry.findings.size(); ++i) {
    const TrailFindingLeaf& f = e.entry.findings[i];
    GARANT_ASSIGN_OR_RETURN(Decoded d, DecodeAs(f.leaf, "finding.raised", f.index));
    json::object o;
    o["index"] = f.index;
    o["rule"] = Str(d.payload, "rule").value_or("");
    if (with_text) {
      o["severity"] = Str(d.payload, "severity").value_or("");
      o["explanation"] = Str(d.payload, "explanation").value_or("");
    }
    o["leaf"] = Base64Encode(f.leaf);
    o["proof"] = ProofJson(e.finding_proofs.at(i));
    out.push_back(std::move(o));
  }
  return out;
}

std::string Line(const json::value& v) { return json::serialize(v) + "\n"; }

// ---- CSV ----

constexpr std::string_view kCsvColumns[] = {"index",
                                            "event_id",
                                            "recorded_at",
                                            "reporter",
                                            "occurred_at",
                                            "ended_at",
                                            "account",
                                            "account_role",
                                            "organisation",
                                            "action",
                                            "outcome",
                                            "outcome_reason",
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
                                            "export_file",
                                            "export_sha256",
                                            "export_bytes",
                                            "export_destination",
                                            "justification",
                                            "source",
                                            "client_address",
                                            "findings"};

// RFC 4180 quoting; control characters become spaces (a row is one line);
// a field starting like a spreadsheet formula gets a leading apostrophe.
std::string CsvField(std::string s, char sep) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
  if (s.find(sep) == std::string::npos && s.find('"') == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::string> CsvRow(const TrailHeader& h, const ProvenEntry& e) {
  GARANT_ASSIGN_OR_RETURN(Decoded d, DecodeAs(e.entry.leaf, "access.", e.entry.index));
  const json::object& p = d.payload;
  json::object ex;
  if (const json::value* x = p.if_contains("export"); x != nullptr && x->is_object()) {
    ex = x->as_object();
  }
  std::string findings;
  for (const TrailFindingLeaf& f : e.entry.findings) {
    GARANT_ASSIGN_OR_RETURN(Decoded fd, DecodeAs(f.leaf, "finding.raised", f.index));
    if (!findings.empty()) findings += ' ';
    findings += Str(fd.payload, "rule").value_or("");
  }
  const std::vector<std::string> values = {std::to_string(e.entry.index),
                                           d.event.id,
                                           audit::FormatLeafTime(d.event.time),
                                           d.event.actor,
                                           Text(p, "occurred_at").value_or(""),
                                           Text(p, "ended_at").value_or(""),
                                           Text(p, "account").value_or(""),
                                           Text(p, "account_role").value_or(""),
                                           Text(p, "organisation").value_or(""),
                                           Text(p, "action").value_or(""),
                                           Text(p, "outcome").value_or(""),
                                           Text(p, "outcome_reason").value_or(""),
                                           Text(p, "purpose").value_or(""),
                                           Text(p, "project").value_or(""),
                                           Text(p, "decision").value_or(""),
                                           Text(p, "domains").value_or(""),
                                           Text(p, "associations").value_or(""),
                                           Text(p, "patients_digest").value_or(""),
                                           Text(p, "patient_count").value_or(""),
                                           Text(p, "query_fingerprint").value_or(""),
                                           Text(p, "true_count").value_or(""),
                                           Text(p, "returned_count").value_or(""),
                                           Text(p, "rows").value_or(""),
                                           Text(ex, "file").value_or(""),
                                           Text(ex, "sha256").value_or(""),
                                           Text(ex, "bytes").value_or(""),
                                           Text(ex, "destination").value_or(""),
                                           Text(p, "justification").value_or(""),
                                           Text(p, "source").value_or(""),
                                           Text(p, "client_address").value_or(""),
                                           findings};
  std::string row;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) row += h.separator;
    row += CsvField(values[i], h.separator);
  }
  return row + "\r\n";
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

}  // namespace

std::string_view ToString(TrailFormat f) {
  switch (f) {
    case TrailFormat::kJsonl:
      return "jsonl";
    case TrailFormat::kCsv:
      return "csv";
    case TrailFormat::kCsvProofs:
      return "csv-proofs";
    case TrailFormat::kFhir:
      return "fhir";
  }
  return "jsonl";
}

std::optional<TrailFormat> ParseTrailFormat(std::string_view s) {
  for (TrailFormat f :
       {TrailFormat::kJsonl, TrailFormat::kCsv, TrailFormat::kCsvProofs, TrailFormat::kFhir}) {
    if (ToString(f) == s) return f;
  }
  return std::nullopt;
}

std::string_view ContentType(TrailFormat f) {
  switch (f) {
    case TrailFormat::kCsv:
      return "text/csv; charset=utf-8; header=present";
    case TrailFormat::kFhir:
      return "application/fhir+json; fhirVersion=4.0";
    default:
      return "application/x-ndjson; charset=utf-8";
  }
}

Result<std::string> RenderHeader(TrailFormat f, const TrailHeader& h) {
  if (h.separator != ',' && h.separator != ';') {
    return Status::InvalidArgument("the CSV separator is ',' or ';'");
  }
  switch (f) {
    case TrailFormat::kJsonl:
      return Line(HeaderJson("jsonl", h));
    case TrailFormat::kCsvProofs:
      return Line(HeaderJson("csv", h));
    case TrailFormat::kCsv: {
      // A byte-order mark with ';' so that French spreadsheets read UTF-8.
      std::string row = h.separator == ';' ? "\xEF\xBB\xBF" : "";
      for (size_t i = 0; i < std::size(kCsvColumns); ++i) {
        if (i > 0) row += h.separator;
        row += kCsvColumns[i];
      }
      return row + "\r\n";
    }
    case TrailFormat::kFhir: {
      json::object cp;
      cp["url"] = kFhirCheckpointUrl;
      json::array sub;
      sub.push_back(Ext("origin", "valueString", h.cut.checkpoint.origin));
      sub.push_back(Ext("size", "valueString", std::to_string(h.cut.checkpoint.head.size)));
      sub.push_back(Ext("root", "valueBase64Binary", Base64Encode(h.cut.checkpoint.head.root)));
      sub.push_back(Ext("note", "valueString", h.cut.note));
      cp["extension"] = std::move(sub);
      json::object qx;
      qx["url"] = kFhirQueryUrl;
      json::array qsub;
      qsub.push_back(Ext(ToString(h.query.key), "valueString", h.query.value));
      if (h.query.from)
        qsub.push_back(Ext("from", "valueDateTime", FormatRfc3339Utc(*h.query.from)));
      if (h.query.to) qsub.push_back(Ext("to", "valueDateTime", FormatRfc3339Utc(*h.query.to)));
      qsub.push_back(Ext("export_event", "valueString", h.export_event_id));
      qsub.push_back(
          Ext("export_event_index", "valueString", std::to_string(h.export_event_index)));
      qx["extension"] = std::move(qsub);
      json::array exts;
      exts.push_back(std::move(cp));
      exts.push_back(std::move(qx));
      json::object meta;
      meta["lastUpdated"] = FormatRfc3339Utc(h.exported_at);
      meta["extension"] = std::move(exts);
      json::object b;
      b["resourceType"] = "Bundle";
      b["id"] = h.export_event_id;
      b["meta"] = std::move(meta);
      b["type"] = "searchset";
      b["timestamp"] = FormatRfc3339Utc(h.exported_at);
      std::string text = json::serialize(b);
      text.pop_back();  // the closing brace: entries and total follow
      return text + "\n";
    }
  }
  return Status::InvalidArgument("unknown format");
}

Result<std::string> RenderEntry(TrailFormat f, const TrailHeader& h, const ProvenEntry& e,
                                uint64_t ordinal) {
  if (e.finding_proofs.size() != e.entry.findings.size()) {
    return Status::Internal("one proof per finding");
  }
  switch (f) {
    case TrailFormat::kCsv:
      return CsvRow(h, e);
    case TrailFormat::kJsonl:
    case TrailFormat::kCsvProofs: {
      json::object o;
      o["index"] = e.entry.index;
      if (f == TrailFormat::kJsonl) {
        GARANT_ASSIGN_OR_RETURN(Decoded d, DecodeAs(e.entry.leaf, "access.", e.entry.index));
        json::object ev;
        ev["id"] = d.event.id;
        ev["type"] = d.event.type;
        ev["time"] = audit::FormatLeafTime(d.event.time);
        ev["actor"] = d.event.actor;
        ev["object"] = d.event.object;
        ev["payload"] = std::move(d.payload);
        o["event"] = std::move(ev);
      }
      GARANT_ASSIGN_OR_RETURN(json::array findings, FindingsJson(e, f == TrailFormat::kJsonl));
      o["findings"] = std::move(findings);
      o["leaf"] = Base64Encode(e.entry.leaf);
      o["proof"] = ProofJson(e.proof);
      return Line(o);
    }
    case TrailFormat::kFhir: {
      GARANT_ASSIGN_OR_RETURN(json::object resource, AuditEventJson(h, e));
      json::object entry;
      entry["fullUrl"] = "urn:uuid:" + std::string(resource.at("id").as_string());
      entry["resource"] = std::move(resource);
      json::object search;
      search["mode"] = "match";
      entry["search"] = std::move(search);
      return std::string(ordinal == 0 ? ",\"entry\":[" : ",") + json::serialize(entry) + "\n";
    }
  }
  return Status::InvalidArgument("unknown format");
}

std::string RenderEnd(TrailFormat f, uint64_t entries) {
  switch (f) {
    case TrailFormat::kCsv:
      return "";
    case TrailFormat::kFhir:
      return std::string(entries > 0 ? "]" : "") + ",\"total\":" + std::to_string(entries) + "}\n";
    default:
      return "{\"end\":{\"entries\":" + std::to_string(entries) + "}}\n";
  }
}

Result<uint64_t> WriteTrailExport(db::Connection& conn, TrailFormat f, const TrailHeader& h,
                                  std::ostream& out) {
  GARANT_ASSIGN_OR_RETURN(std::string head, RenderHeader(f, h));
  out << head;
  TrailProver prover(conn, h.cut.checkpoint.head.size);
  uint64_t n = 0;
  GARANT_RETURN_IF_ERROR(
      ReadTrail(conn, h.query, h.cut.checkpoint.head.size, [&](TrailLeaves&& entry) -> Status {
        ProvenEntry p;
        p.entry = std::move(entry);
        GARANT_ASSIGN_OR_RETURN(p.proof, prover.Prove(p.entry.index));
        for (const TrailFindingLeaf& fi : p.entry.findings) {
          GARANT_ASSIGN_OR_RETURN(auto fp, prover.Prove(fi.index));
          p.finding_proofs.push_back(std::move(fp));
        }
        GARANT_ASSIGN_OR_RETURN(std::string line, RenderEntry(f, h, p, n));
        out << line;
        if (!out) return Status::Unavailable("the export stream failed");
        ++n;
        return Status::Ok();
      }));
  out << RenderEnd(f, n);
  out.flush();
  if (!out) return Status::Unavailable("the export stream failed");
  return n;
}

}  // namespace garant::access
