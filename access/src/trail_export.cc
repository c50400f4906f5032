// Trail exports: header, entry and end lines of each format (pure), and the
// streaming writer. The FHIR mapping is tabled in docs/audit-trail-exports.md.
// Over 400 lines on purpose: the three formats render the same decoded leaf,
// and the verifier re-renders through these very functions, so they are kept
// side by side.
#include "garant/access/trail_export.h"

#include <array>
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

// The payload's JSON tree is allocated from `storage` (the default: the heap).
Result<Decoded> DecodeAs(ByteView leaf, std::string_view type_prefix, uint64_t index,
                         json::storage_ptr storage = {}) {
  auto ev = audit::DecodeLeaf(leaf);
  if (!ev.ok()) {
    return Status::DataLoss("entry " + std::to_string(index) + ": " + ev.status().message());
  }
  if (ev->type.rfind(type_prefix, 0) != 0) {
    return Status::DataLoss("entry " + std::to_string(index) + " is a " + ev->type + " leaf, not " +
                            std::string(type_prefix) + "*");
  }
  json::error_code ec;
  json::value v = json::parse(ev->payload, ec, std::move(storage));
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
  if (h.pruned_entries) {
    o["pruned"] = json::object{{"entries", *h.pruned_entries}, {"scope", PrunedScope(h.query.key)}};
  }
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

// {"url": url, value_key: value} (the FHIR header's extensions).
json::object ExtObject(std::string_view url, std::string_view value_key, std::string_view value) {
  json::object e;
  e["url"] = url;
  e[value_key] = value;
  return e;
}

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
//
// Written straight into the output text, without building a JSON tree: the
// shape is fixed, only the values vary. The bytes are exactly those that
// json::serialize gives for the same objects (same member order, same string
// escaping), which trail_export_fhir_test.cc checks against a rendering
// through Boost.JSON objects.

// Boost.JSON's escaping (boost/json/impl/serializer.ipp): '"' and '\\'
// escaped, \b \t \n \f \r by name, the other controls as \u00xx in lowercase
// hex, every other byte (UTF-8 included) as is.
void AppendEscaped(std::string& o, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  o += '"';
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    o.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\b':
        o += "\\b";
        break;
      case '\t':
        o += "\\t";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\f':
        o += "\\f";
        break;
      case '\r':
        o += "\\r";
        break;
      default:
        o += "\\u00";
        o += kHex[c >> 4];
        o += kHex[c & 15];
    }
  }
  o.append(s.data() + run, s.size() - run);
  o += '"';
}

// Appends JSON values and members, placing the commas. Keys are constants of
// this file (plain ASCII, nothing to escape).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : o_(out) {}
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view k) {
    Separate();
    o_ += '"';
    o_ += k;
    o_ += "\":";
    after_key_ = true;
  }
  void String(std::string_view s) {
    Separate();
    AppendEscaped(o_, s);
  }
  // A base64 string (RFC 4648 with padding, as Base64Encode; nothing in its
  // alphabet needs escaping), encoded straight into the output.
  void Base64(ByteView b) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    Separate();
    const size_t at = o_.size();
    o_.resize(at + 2 + (b.size() + 2) / 3 * 4);
    char* d = o_.data() + at;
    *d++ = '"';
    size_t i = 0;
    for (; i + 3 <= b.size(); i += 3) {
      const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8) | b[i + 2];
      *d++ = kAlphabet[(v >> 18) & 0x3f];
      *d++ = kAlphabet[(v >> 12) & 0x3f];
      *d++ = kAlphabet[(v >> 6) & 0x3f];
      *d++ = kAlphabet[v & 0x3f];
    }
    if (const size_t rest = b.size() - i; rest > 0) {
      const uint32_t v = (uint32_t{b[i]} << 16) | (rest == 2 ? uint32_t{b[i + 1]} << 8 : 0);
      *d++ = kAlphabet[(v >> 18) & 0x3f];
      *d++ = kAlphabet[(v >> 12) & 0x3f];
      *d++ = rest == 2 ? kAlphabet[(v >> 6) & 0x3f] : '=';
      *d++ = '=';
    }
    *d = '"';
  }
  void Bool(bool b) {
    Separate();
    o_ += b ? "true" : "false";
  }
  // "key":"value"
  void Member(std::string_view k, std::string_view v) {
    Key(k);
    String(v);
  }

 private:
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) {
      if (!first_[depth_ - 1]) o_ += ',';
      first_[depth_ - 1] = false;
    }
  }
  void Open(char c) {
    Separate();
    o_ += c;
    first_[depth_++] = true;
  }
  void Close(char c) {
    o_ += c;
    --depth_;
  }

  std::string& o_;
  std::array<bool, 16> first_{};  // the rendering nests 7 deep at most
  size_t depth_ = 0;
  bool after_key_ = false;
};

// The string value of a member, or nothing (absent or not a string).
std::optional<std::string_view> View(const json::object& o, std::string_view k) {
  const json::value* v = o.if_contains(k);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string_view(v->as_string());
}

void Coding(JsonWriter& w, std::string_view system, std::string_view code,
            std::string_view display) {
  w.BeginObject();
  w.Member("system", system);
  w.Member("code", code);
  if (!display.empty()) w.Member("display", display);
  w.EndObject();
}
void Ext(JsonWriter& w, std::string_view url, std::string_view value_key, std::string_view value) {
  w.BeginObject();
  w.Member("url", url);
  w.Member(value_key, value);
  w.EndObject();
}
void Base64Ext(JsonWriter& w, std::string_view url, ByteView value) {
  w.BeginObject();
  w.Member("url", url);
  w.Key("valueBase64Binary");
  w.Base64(value);
  w.EndObject();
}
void IdentifierRefMembers(JsonWriter& w, std::string_view system, std::string_view value) {
  w.Key("identifier");
  w.BeginObject();
  w.Member("system", system);
  w.Member("value", value);
  w.EndObject();
}
void IdentifierRef(JsonWriter& w, std::string_view system, std::string_view value) {
  w.BeginObject();
  IdentifierRefMembers(w, system, value);
  w.EndObject();
}
void Detail(JsonWriter& w, std::string_view type, std::string_view value) {
  w.BeginObject();
  w.Member("type", type);
  w.Member("valueString", value);
  w.EndObject();
}
// Opens an entity with its type and role; the caller adds the rest and closes it.
void BeginEntity(JsonWriter& w, std::string_view type_code, std::string_view type_display,
                 std::string_view role_code, std::string_view role_display) {
  w.BeginObject();
  w.Key("type");
  Coding(w, kEntityType, type_code, type_display);
  w.Key("role");
  Coding(w, kObjectRole, role_code, role_display);
}
void Details(JsonWriter& w, const std::vector<std::pair<std::string_view, std::string>>& details) {
  w.Key("detail");
  w.BeginArray();
  for (const auto& [type, value] : details) Detail(w, type, value);
  w.EndArray();
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

// The AuditEvent resource of an entry (docs/audit-trail-exports.md).
Status AppendAuditEvent(JsonWriter& w, const TrailHeader& h, const ProvenEntry& e,
                        const Decoded& d) {
  const json::object& p = d.payload;
  const std::string_view action = View(p, "action").value_or("");
  const ActionCodes codes = CodesFor(action);
  w.BeginObject();
  w.Member("resourceType", "AuditEvent");
  w.Member("id", d.event.id);

  w.Key("extension");
  w.BeginArray();
  {
    w.BeginObject();
    w.Member("url", kFhirEntryUrl);
    w.Key("extension");
    w.BeginArray();
    Ext(w, "index", "valueString", std::to_string(e.entry.index));
    Base64Ext(w, "leaf", e.entry.leaf);
    for (const auto& hsh : e.proof) Base64Ext(w, "proof", hsh);
    w.EndArray();
    w.EndObject();
  }
  for (size_t i = 0; i < e.entry.findings.size(); ++i) {
    const TrailFindingLeaf& f = e.entry.findings[i];
    GARANT_ASSIGN_OR_RETURN(Decoded fd, DecodeAs(f.leaf, "finding.raised", f.index));
    w.BeginObject();
    w.Member("url", kFhirFindingUrl);
    w.Key("extension");
    w.BeginArray();
    Ext(w, "rule", "valueCode", View(fd.payload, "rule").value_or("unknown"));
    if (auto s = View(fd.payload, "severity")) Ext(w, "severity", "valueCode", *s);
    if (auto s = View(fd.payload, "explanation"); s && !s->empty()) {
      Ext(w, "explanation", "valueString", *s);
    }
    Ext(w, "index", "valueString", std::to_string(f.index));
    Base64Ext(w, "leaf", f.leaf);
    for (const auto& hsh : e.finding_proofs.at(i)) Base64Ext(w, "proof", hsh);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();

  w.Key("type");
  Coding(w, kDcm, codes.dcm, codes.dcm_display);
  w.Key("subtype");
  w.BeginArray();
  Coding(w, "urn:garant:fhir:CodeSystem:access-action", action, action);
  w.EndArray();
  w.Member("action", codes.fhir_action);
  {
    const auto start = View(p, "occurred_at");
    const auto end = View(p, "ended_at");
    if (start || end) {
      w.Key("period");
      w.BeginObject();
      if (start) w.Member("start", *start);
      if (end) w.Member("end", *end);
      w.EndObject();
    }
  }
  w.Member("recorded", audit::FormatLeafTime(d.event.time));
  const std::string_view outcome = View(p, "outcome").value_or("");
  w.Member("outcome", FhirOutcome(outcome));
  if (auto s = View(p, "outcome_reason"); s && !s->empty()) {
    w.Member("outcomeDesc", *s);
  } else if (outcome != "success" && !outcome.empty()) {
    w.Member("outcomeDesc", outcome);
  }
  if (auto s = View(p, "purpose"); s && !s->empty()) {
    w.Key("purposeOfEvent");
    w.BeginArray();
    w.BeginObject();
    w.Key("coding");
    w.BeginArray();
    Coding(w, "urn:garant:fhir:CodeSystem:purpose", *s, "");
    if (*s == "research") Coding(w, kV3ActReason, "HRESCH", "healthcare research");
    w.EndArray();
    w.EndObject();
    w.EndArray();
  }

  w.Key("agent");
  w.BeginArray();
  {
    w.BeginObject();
    w.Key("type");
    w.BeginObject();
    w.Key("coding");
    w.BeginArray();
    Coding(w, kRoleType, "humanuser", "human user");
    w.EndArray();
    w.EndObject();
    if (auto s = View(p, "account_role"); s && !s->empty()) {
      w.Key("role");
      w.BeginArray();
      w.BeginObject();
      w.Member("text", *s);
      w.EndObject();
      w.EndArray();
    }
    const std::string_view account = View(p, "account").value_or("");
    w.Key("who");
    IdentifierRef(w, "urn:garant:account", account);
    w.Member("altId", account);
    w.Key("requestor");
    w.Bool(true);
    if (const json::value* dec = p.if_contains("decision"); dec != nullptr && !dec->is_null()) {
      w.Key("policy");
      w.BeginArray();
      w.String("urn:garant:decision:" + json::serialize(*dec));
      w.EndArray();
    }
    if (auto s = View(p, "client_address"); s && !s->empty()) {
      w.Key("network");
      w.BeginObject();
      w.Member("address", *s);
      w.Member("type", "2");
      w.EndObject();
    }
    w.EndObject();
  }
  if (auto s = View(p, "organisation"); s && !s->empty()) {
    w.BeginObject();
    w.Key("type");
    w.BeginObject();
    w.Member("text", "organisation");
    w.EndObject();
    w.Key("who");
    w.BeginObject();
    w.Member("display", *s);
    w.EndObject();
    w.Key("requestor");
    w.Bool(false);
    w.EndObject();
  }
  w.EndArray();

  {
    w.Key("source");
    w.BeginObject();
    const std::string_view src = View(p, "source").value_or("");
    if (!src.empty()) w.Member("site", src);
    w.Key("observer");
    w.BeginObject();
    IdentifierRefMembers(w, "urn:garant:reporter", d.event.actor);
    if (!src.empty()) w.Member("display", src);
    w.EndObject();
    w.Key("type");
    w.BeginArray();
    Coding(w, kSourceType, "4", "Application Server");
    w.EndArray();
    w.EndObject();
  }

  // The entities, each only when it has something to say; the array only
  // when one has.
  bool entities = false;
  auto begin_entities = [&] {
    if (entities) return;
    w.Key("entity");
    w.BeginArray();
    entities = true;
  };
  if (h.query.key == TrailKey::kPerson) {
    begin_entities();
    BeginEntity(w, "1", "Person", "1", "Patient");
    w.Key("what");
    IdentifierRef(w, "urn:garant:patient-token", h.query.value);
    w.EndObject();
  }
  const auto digest = View(p, "patients_digest");
  if (digest) {
    begin_entities();
    BeginEntity(w, "2", "System Object", "7", "List");
    w.Key("what");
    IdentifierRef(w, "urn:garant:patients-digest", *digest);
    if (auto n = Text(p, "patient_count")) Details(w, {{"patient_count", *n}});
    w.EndObject();
  }
  if (auto project = View(p, "project")) {
    begin_entities();
    BeginEntity(w, "2", "System Object", "13", "Security Resource");
    w.Key("what");
    IdentifierRef(w, "urn:garant:project", *project);
    if (auto dec = Text(p, "decision")) Details(w, {{"decision", *dec}});
    w.EndObject();
  }
  {
    std::vector<std::pair<std::string_view, std::string>> details;
    for (std::string_view k :
         {"true_count", "returned_count", "rows", "domains", "associations", "justification"}) {
      if (auto v = Text(p, k); v && !v->empty()) details.emplace_back(k, std::move(*v));
    }
    if (!digest) {
      if (auto n = Text(p, "patient_count")) details.emplace_back("patient_count", std::move(*n));
    }
    const auto fp = View(p, "query_fingerprint");
    if (fp || !details.empty()) {
      begin_entities();
      BeginEntity(w, "2", "System Object", "24", "Query");
      if (fp) {
        w.Key("what");
        IdentifierRef(w, "urn:garant:query-fingerprint", *fp);
      }
      if (!details.empty()) Details(w, details);
      w.EndObject();
    }
  }
  if (const json::value* x = p.if_contains("export"); x != nullptr && x->is_object()) {
    const json::object& ex = x->as_object();
    begin_entities();
    BeginEntity(w, "2", "System Object", "3", "Report");
    if (auto f = View(ex, "file")) w.Member("name", *f);
    if (auto dst = View(ex, "destination")) w.Member("description", *dst);
    std::vector<std::pair<std::string_view, std::string>> details;
    for (std::string_view k : {"sha256", "bytes", "destination"}) {
      if (auto v = Text(ex, k)) details.emplace_back(k, std::move(*v));
    }
    if (!details.empty()) Details(w, details);
    w.EndObject();
  }
  if (entities) w.EndArray();
  w.EndObject();
  return Status::Ok();
}

// The bundle entry of an entry, preceded by "," or, for the first, by
// ",\"entry\":[" and followed by "\n", appended to `out`.
Status AppendFhirEntry(std::string& out, const TrailHeader& h, const ProvenEntry& e,
                       uint64_t ordinal) {
  // The payload's JSON tree lives in a buffer on the stack (most payloads fit).
  unsigned char buffer[8192];
  json::monotonic_resource mr(buffer, sizeof buffer);
  GARANT_ASSIGN_OR_RETURN(Decoded d, DecodeAs(e.entry.leaf, "access.", e.entry.index, &mr));
  out += ordinal == 0 ? ",\"entry\":[" : ",";
  JsonWriter w(out);
  w.BeginObject();
  w.Member("fullUrl", "urn:uuid:" + d.event.id);
  w.Key("resource");
  GARANT_RETURN_IF_ERROR(AppendAuditEvent(w, h, e, d));
  w.Key("search");
  w.BeginObject();
  w.Member("mode", "match");
  w.EndObject();
  w.EndObject();
  out += '\n';
  return Status::Ok();
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
      sub.push_back(ExtObject("origin", "valueString", h.cut.checkpoint.origin));
      sub.push_back(ExtObject("size", "valueString", std::to_string(h.cut.checkpoint.head.size)));
      sub.push_back(
          ExtObject("root", "valueBase64Binary", Base64Encode(h.cut.checkpoint.head.root)));
      sub.push_back(ExtObject("note", "valueString", h.cut.note));
      cp["extension"] = std::move(sub);
      json::object qx;
      qx["url"] = kFhirQueryUrl;
      json::array qsub;
      qsub.push_back(ExtObject(ToString(h.query.key), "valueString", h.query.value));
      if (h.query.from)
        qsub.push_back(ExtObject("from", "valueDateTime", FormatRfc3339Utc(*h.query.from)));
      if (h.query.to)
        qsub.push_back(ExtObject("to", "valueDateTime", FormatRfc3339Utc(*h.query.to)));
      qsub.push_back(ExtObject("export_event", "valueString", h.export_event_id));
      qsub.push_back(
          ExtObject("export_event_index", "valueString", std::to_string(h.export_event_index)));
      if (h.pruned_entries) {
        qsub.push_back(
            ExtObject("pruned_entries", "valueString", std::to_string(*h.pruned_entries)));
        qsub.push_back(ExtObject("pruned_scope", "valueString", PrunedScope(h.query.key)));
      }
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
      // The whole line's tree in one buffer on the stack (most lines fit):
      // no allocation per member, and the payload moves in without a copy.
      unsigned char buffer[16384];
      json::monotonic_resource mr(buffer, sizeof buffer);
      json::storage_ptr sp(&mr);
      json::object o(sp);
      o["index"] = e.entry.index;
      if (f == TrailFormat::kJsonl) {
        GARANT_ASSIGN_OR_RETURN(Decoded d, DecodeAs(e.entry.leaf, "access.", e.entry.index, sp));
        json::object ev(sp);
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
      std::string line;
      GARANT_RETURN_IF_ERROR(AppendFhirEntry(line, h, e, ordinal));
      return line;
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

std::string_view PrunedScope(TrailKey k) { return k == TrailKey::kPerson ? "range" : "key"; }

std::optional<uint64_t> PrunedEntriesOfExport(std::string_view first_line) {
  std::string text(first_line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) v = json::parse(text + "}", ec);  // the FHIR Bundle's first line
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  if (const json::value* p = o.if_contains("pruned"); p && p->is_object()) {
    const json::value* n = p->as_object().if_contains("entries");
    if (n && n->is_uint64()) return n->as_uint64();
    if (n && n->is_int64() && n->as_int64() >= 0) return static_cast<uint64_t>(n->as_int64());
    return std::nullopt;
  }
  const json::value* meta = o.if_contains("meta");
  if (meta == nullptr || !meta->is_object()) return std::nullopt;
  const json::value* exts = meta->as_object().if_contains("extension");
  if (exts == nullptr || !exts->is_array()) return std::nullopt;
  for (const json::value& e : exts->as_array()) {
    if (!e.is_object()) continue;
    const json::value* url = e.as_object().if_contains("url");
    if (!url || !url->is_string() || url->as_string() != kFhirQueryUrl) continue;
    const json::value* subs = e.as_object().if_contains("extension");
    if (!subs || !subs->is_array()) return std::nullopt;
    for (const json::value& sub : subs->as_array()) {
      if (!sub.is_object()) continue;
      const json::value* u = sub.as_object().if_contains("url");
      const json::value* s = sub.as_object().if_contains("valueString");
      if (u && u->is_string() && u->as_string() == "pruned_entries" && s && s->is_string()) {
        uint64_t n = 0;
        const std::string digits(s->as_string());
        if (digits.empty() || digits.size() > 19) return std::nullopt;
        for (char c : digits) {
          if (c < '0' || c > '9') return std::nullopt;
          n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        return n;
      }
    }
  }
  return std::nullopt;
}

Result<uint64_t> WriteTrailExport(db::Connection& conn, TrailFormat f, const TrailHeader& given,
                                  std::ostream& out) {
  TrailHeader h = given;
  if (!h.pruned_entries) {
    GARANT_ASSIGN_OR_RETURN(h.pruned_entries,
                            CountPrunedInTrail(conn, h.query, h.cut.checkpoint.head.size));
  }
  GARANT_ASSIGN_OR_RETURN(std::string head, RenderHeader(f, h));
  out << head;
  TrailProver prover(conn, h.cut.checkpoint.head.size);
  uint64_t n = 0;
  std::string line;
  GARANT_RETURN_IF_ERROR(
      ReadTrail(conn, h.query, h.cut.checkpoint.head.size, [&](TrailLeaves&& entry) -> Status {
        ProvenEntry p;
        p.entry = std::move(entry);
        GARANT_ASSIGN_OR_RETURN(p.proof, prover.Prove(p.entry.index));
        for (const TrailFindingLeaf& fi : p.entry.findings) {
          GARANT_ASSIGN_OR_RETURN(auto fp, prover.Prove(fi.index));
          p.finding_proofs.push_back(std::move(fp));
        }
        if (f == TrailFormat::kFhir) {  // one line buffer for the whole export
          line.clear();
          GARANT_RETURN_IF_ERROR(AppendFhirEntry(line, h, p, n));
        } else {
          GARANT_ASSIGN_OR_RETURN(line, RenderEntry(f, h, p, n));
        }
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
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
