#include "garant/access/event.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/json.h"
#include "garant/governance/rules.h"

namespace garant::access {
namespace {

constexpr std::pair<Action, std::string_view> kActions[] = {
    {Action::kView, "view"},     {Action::kQuery, "query"},
    {Action::kCount, "count"},   {Action::kExtract, "extract"},
    {Action::kExport, "export"}, {Action::kReidentify, "reidentify"},
    {Action::kLogin, "login"},   {Action::kLoginFailed, "login_failed"},
    {Action::kLogout, "logout"},
};
constexpr std::pair<Outcome, std::string_view> kOutcomes[] = {
    {Outcome::kSuccess, "success"}, {Outcome::kDenied, "denied"}, {Outcome::kFailed, "failed"}};

Status Bad(std::string_view field, std::string_view what) {
  return Status::InvalidArgument("field '" + std::string(field) + "' " + std::string(what));
}

// governance's project references: [A-Z0-9][A-Z0-9-]{2,31}.
bool IsProjectReference(std::string_view s) {
  if (s.size() < 3 || s.size() > 32) return false;
  auto ok = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!ok(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return ok(c) || c == '-'; });
}

bool IsHexLower(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// 8-4-4-4-12 hex, either case; returned lowercase.
std::optional<std::string> NormalizeUuid(std::string_view s) {
  if (s.size() != 36) return std::nullopt;
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    char& c = out[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return std::nullopt;
      continue;
    }
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!IsHexLower(c)) return std::nullopt;
  }
  return out;
}

// Printable ASCII without spaces, 1..max bytes.
bool IsToken(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// No control characters (C0, DEL, C1 as UTF-8 U+0080-U+009F): leaf payloads
// stay printable.
bool IsPlainText(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c == 0xc2 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9f) return false;
    }
  }
  return true;
}

Result<std::optional<std::string>> OptionalText(JsonFields& f, std::string_view key, size_t max) {
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> v, f.OptionalString(key, max));
  if (v && (v->empty() || !IsPlainText(*v))) return Bad(key, "must be non-empty plain text");
  return v;
}

Result<TimePoint> ParseTime(std::string_view field, const std::string& text,
                            TimePoint received_at) {
  TimePoint t;
  if (!ParseRfc3339(text, &t)) {
    return Bad(field, "must be an RFC 3339 time, e.g. 2026-11-28T17:20:51Z");
  }
  if (t > received_at + kMaxFutureSkew) {
    return Bad(field, "is more than 5 minutes in the future");
  }
  if (t < FromUnixMicros(0)) return Bad(field, "is before 1970");
  return t;
}

Result<std::optional<std::vector<std::string>>> Identifiers(JsonFields& f, std::string_view key,
                                                            size_t max_items) {
  GARANT_ASSIGN_OR_RETURN(auto v, f.OptionalStringArray(key, max_items, 128));
  if (v) {
    for (const auto& s : *v) {
      if (!governance::ValidIdentifier(s)) {
        return Bad(key, "must hold identifiers of 1 to 128 characters [A-Za-z0-9._@:-]");
      }
    }
  }
  return v;
}

Result<ExportInfo> ParseExport(const boost::json::object& o) {
  JsonFields f(o);
  ExportInfo e;
  auto prefix = [](const Status& st) {
    return Status::InvalidArgument("in 'export': " + st.message());
  };
  auto file = f.RequiredString("file", 500);
  if (!file.ok()) return prefix(file.status());
  if (file->empty() || !IsPlainText(*file))
    return Bad("export.file", "must be non-empty plain text");
  e.file = *file;
  auto sha = f.RequiredString("sha256", 64);
  if (!sha.ok()) return prefix(sha.status());
  if (!IsLowerHex64(*sha)) return Bad("export.sha256", "must be 64 lowercase hex characters");
  e.sha256 = *sha;
  auto bytes = f.RequiredInt("bytes", 0);
  if (!bytes.ok()) return prefix(bytes.status());
  e.bytes = *bytes;
  auto dest = f.RequiredString("destination", 200);
  if (!dest.ok()) return prefix(dest.status());
  if (dest->empty() || !IsPlainText(*dest)) {
    return Bad("export.destination", "must be non-empty plain text");
  }
  e.destination = *dest;
  if (Status st = f.RejectUnknown(); !st.ok()) return prefix(st);
  return e;
}

void PutOpt(boost::json::object& o, std::string_view k, const std::optional<std::string>& v) {
  if (v) o[k] = *v;
}
void PutOpt(boost::json::object& o, std::string_view k, const std::optional<int64_t>& v) {
  if (v) o[k] = *v;
}
void PutOpt(boost::json::object& o, std::string_view k,
            const std::optional<std::vector<std::string>>& v) {
  if (!v) return;
  boost::json::array a;
  for (const auto& s : *v) a.emplace_back(s);
  o[k] = std::move(a);
}

// Every field but id and the patients, in a fixed order.
void PutCommon(boost::json::object& o, const AccessEvent& e) {
  o["occurred_at"] = FormatRfc3339Utc(e.occurred_at);
  if (e.ended_at) o["ended_at"] = FormatRfc3339Utc(*e.ended_at);
  o["account"] = e.account;
  PutOpt(o, "account_role", e.account_role);
  PutOpt(o, "organisation", e.organisation);
  o["action"] = ToString(e.action);
  PutOpt(o, "purpose", e.purpose);
  PutOpt(o, "project", e.project);
  PutOpt(o, "decision", e.decision);
  PutOpt(o, "domains", e.domains);
  PutOpt(o, "associations", e.associations);
}

void PutRest(boost::json::object& o, const AccessEvent& e) {
  PutOpt(o, "query_fingerprint", e.query_fingerprint);
  PutOpt(o, "query_criteria", e.query_criteria);
  PutOpt(o, "true_count", e.true_count);
  PutOpt(o, "returned_count", e.returned_count);
  PutOpt(o, "rows", e.rows);
  if (e.export_info) {
    boost::json::object x;
    x["file"] = e.export_info->file;
    x["sha256"] = e.export_info->sha256;
    x["bytes"] = e.export_info->bytes;
    x["destination"] = e.export_info->destination;
    o["export"] = std::move(x);
  }
  PutOpt(o, "justification", e.justification);
  o["source"] = e.source;
  PutOpt(o, "client_address", e.client_address);
  o["outcome"] = ToString(e.outcome);
  PutOpt(o, "outcome_reason", e.outcome_reason);
}

}  // namespace

std::string_view ToString(Action a) {
  for (const auto& [v, n] : kActions) {
    if (v == a) return n;
  }
  return "view";
}
std::optional<Action> ParseAction(std::string_view s) {
  for (const auto& [v, n] : kActions) {
    if (n == s) return v;
  }
  return std::nullopt;
}
bool TouchesData(Action a) {
  return a != Action::kLogin && a != Action::kLoginFailed && a != Action::kLogout;
}
std::string_view ToString(Outcome o) {
  for (const auto& [v, n] : kOutcomes) {
    if (v == o) return n;
  }
  return "success";
}
std::optional<Outcome> ParseOutcome(std::string_view s) {
  for (const auto& [v, n] : kOutcomes) {
    if (n == s) return v;
  }
  return std::nullopt;
}

bool IsLowerHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), IsHexLower);
}

Result<AccessEvent> ParseEvent(const boost::json::object& o, TimePoint received_at) {
  JsonFields f(o);
  AccessEvent e;

  GARANT_ASSIGN_OR_RETURN(std::string id, f.RequiredString("id", 36));
  auto uuid = NormalizeUuid(id);
  if (!uuid) return Bad("id", "must be a UUID (8-4-4-4-12 hexadecimal digits)");
  e.id = *uuid;

  GARANT_ASSIGN_OR_RETURN(std::string occurred, f.RequiredString("occurred_at", 64));
  GARANT_ASSIGN_OR_RETURN(e.occurred_at, ParseTime("occurred_at", occurred, received_at));
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> ended, f.OptionalString("ended_at", 64));
  if (ended) {
    GARANT_ASSIGN_OR_RETURN(TimePoint t, ParseTime("ended_at", *ended, received_at));
    if (t < e.occurred_at) return Bad("ended_at", "is before occurred_at");
    e.ended_at = t;
  }

  GARANT_ASSIGN_OR_RETURN(e.account, f.RequiredString("account", 128));
  if (!governance::ValidIdentifier(e.account)) {
    return Bad("account", "must be an identifier of 1 to 128 characters [A-Za-z0-9._@:-]");
  }
  GARANT_ASSIGN_OR_RETURN(e.account_role, OptionalText(f, "account_role", 200));
  GARANT_ASSIGN_OR_RETURN(e.organisation, OptionalText(f, "organisation", 200));

  GARANT_ASSIGN_OR_RETURN(std::string action, f.RequiredString("action", 32));
  auto a = ParseAction(action);
  if (!a) {
    return Bad("action",
               "must be one of view, query, count, extract, export, reidentify, login, "
               "login_failed, logout");
  }
  e.action = *a;

  GARANT_ASSIGN_OR_RETURN(e.purpose, f.OptionalString("purpose", 64));
  if (e.purpose && !IsToken(*e.purpose, 64)) return Bad("purpose", "must be a purpose code");
  GARANT_ASSIGN_OR_RETURN(e.project, f.OptionalString("project", 64));
  if (e.project && !IsProjectReference(*e.project)) {
    return Bad("project", "must be a project reference such as CONTACT-2026-001");
  }
  GARANT_ASSIGN_OR_RETURN(e.decision, f.OptionalInt("decision", 1));
  GARANT_ASSIGN_OR_RETURN(e.domains, Identifiers(f, "domains", 50));
  GARANT_ASSIGN_OR_RETURN(e.associations, Identifiers(f, "associations", 100));

  if (const boost::json::value* p = o.if_contains("patients");
      p != nullptr && p->is_array() && p->as_array().size() > kMaxInlinePatients) {
    (void)f.OptionalString("patients", 0);  // mark known
    return Bad("patients",
               "has more than 1000 tokens: upload them as a patient set and send 'patient_set'");
  }
  GARANT_ASSIGN_OR_RETURN(e.patients, f.OptionalStringArray("patients", kMaxInlinePatients, 64));
  if (e.patients) {
    for (const auto& t : *e.patients) {
      if (!IsLowerHex64(t))
        return Bad("patients", "must hold tokens of 64 lowercase hex characters");
    }
  }
  GARANT_ASSIGN_OR_RETURN(e.patient_set, f.OptionalString("patient_set", 64));
  if (e.patient_set && !IsLowerHex64(*e.patient_set)) {
    return Bad("patient_set", "must be a SHA-256 in 64 lowercase hex characters");
  }
  if (e.patients && e.patient_set) {
    return Bad("patient_set", "cannot be sent with 'patients': send one or the other");
  }
  GARANT_ASSIGN_OR_RETURN(e.patient_count, f.OptionalInt("patient_count", 0));
  if (e.patient_count && (e.patients || e.patient_set)) {
    return Bad("patient_count", "is computed from 'patients' or 'patient_set': do not send it");
  }
  GARANT_ASSIGN_OR_RETURN(e.query_fingerprint, f.OptionalString("query_fingerprint", 128));
  if (e.query_fingerprint && !IsToken(*e.query_fingerprint, 128)) {
    return Bad("query_fingerprint", "must be 1 to 128 printable ASCII characters without spaces");
  }
  GARANT_ASSIGN_OR_RETURN(e.query_criteria, Identifiers(f, "query_criteria", kMaxQueryCriteria));
  GARANT_ASSIGN_OR_RETURN(e.true_count, f.OptionalInt("true_count", 0));
  GARANT_ASSIGN_OR_RETURN(e.returned_count, f.OptionalInt("returned_count", 0));
  GARANT_ASSIGN_OR_RETURN(e.rows, f.OptionalInt("rows", 0));

  if (const boost::json::value* x = o.if_contains("export"); x != nullptr && !x->is_null()) {
    GARANT_ASSIGN_OR_RETURN(const boost::json::object* xo, f.RequiredObject("export"));
    GARANT_ASSIGN_OR_RETURN(e.export_info, ParseExport(*xo));
  } else {
    (void)f.OptionalString("export", 0);  // absent or null: mark known
  }

  GARANT_ASSIGN_OR_RETURN(e.justification, f.OptionalString("justification", 2000));
  if (e.justification && !IsPlainText(*e.justification)) {
    return Bad("justification", "must be plain text");
  }
  GARANT_ASSIGN_OR_RETURN(e.source, f.RequiredString("source", 128));
  if (!governance::ValidIdentifier(e.source)) {
    return Bad("source", "must be an identifier of 1 to 128 characters [A-Za-z0-9._@:-]");
  }
  GARANT_ASSIGN_OR_RETURN(e.client_address, f.OptionalString("client_address", 64));
  if (e.client_address &&
      (e.client_address->empty() ||
       !std::all_of(e.client_address->begin(), e.client_address->end(), [](char c) {
         return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
       }))) {
    return Bad("client_address", "must be an IPv4 or IPv6 address");
  }
  GARANT_ASSIGN_OR_RETURN(std::string outcome, f.RequiredString("outcome", 16));
  auto oc = ParseOutcome(outcome);
  if (!oc) return Bad("outcome", "must be one of success, denied, failed");
  e.outcome = *oc;
  GARANT_ASSIGN_OR_RETURN(e.outcome_reason, OptionalText(f, "outcome_reason", 500));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  return e;
}

Result<std::vector<AccessEvent>> ParseBatch(const boost::json::object& body,
                                            TimePoint received_at) {
  for (const auto& kv : body) {
    if (kv.key() != "events") {
      return Status::InvalidArgument("unknown field '" + std::string(kv.key()) + "'");
    }
  }
  const boost::json::value* list = body.if_contains("events");
  if (list == nullptr || !list->is_array()) {
    return Status::InvalidArgument("field 'events' must be an array");
  }
  const boost::json::array& items = list->as_array();
  if (items.empty()) return Status::InvalidArgument("field 'events' is empty");
  if (items.size() > kMaxBatchEvents) {
    return Status::TooLarge("at most 10000 events per batch (got " + std::to_string(items.size()) +
                            ")");
  }
  std::vector<AccessEvent> out;
  out.reserve(items.size());
  std::map<std::string, std::string, std::less<>> seen;  // id -> canonical
  for (size_t i = 0; i < items.size(); ++i) {
    auto fail = [&](const Status& st) {
      return Status(st.code(), "events[" + std::to_string(i) + "]: " + st.message());
    };
    if (!items[i].is_object()) return fail(Status::InvalidArgument("must be an object"));
    auto e = ParseEvent(items[i].as_object(), received_at);
    if (!e.ok()) return fail(e.status());
    std::string canon = CanonicalJson(*e);
    auto [it, inserted] = seen.emplace(e->id, canon);
    if (!inserted) {
      if (it->second != canon) {
        return fail(Status::InvalidArgument("id " + e->id +
                                            " appears earlier in the batch with other content"));
      }
      continue;
    }
    out.push_back(std::move(*e));
  }
  return out;
}

std::string PatientsDigest(std::vector<std::string> tokens) {
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  crypto::Sha256Hasher h;
  for (const auto& t : tokens) {
    h.Update(t);
    h.Update(std::string_view("\n"));
  }
  crypto::Digest d = h.Finish();
  return HexEncode(ByteView(d.data(), d.size()));
}

size_t DistinctCount(std::vector<std::string> tokens) {
  std::sort(tokens.begin(), tokens.end());
  return static_cast<size_t>(std::unique(tokens.begin(), tokens.end()) - tokens.begin());
}

std::string CanonicalJson(const AccessEvent& e) {
  boost::json::object o;
  o["id"] = e.id;
  PutCommon(o, e);
  PutOpt(o, "patients", e.patients);
  PutOpt(o, "patient_set", e.patient_set);
  PutOpt(o, "patient_count", e.patient_count);
  PutRest(o, e);
  return boost::json::serialize(o);
}

std::string LeafPayload(const AccessEvent& e, int64_t set_count) {
  boost::json::object o;
  PutCommon(o, e);
  if (e.patients) {
    o["patients_digest"] = PatientsDigest(*e.patients);
    o["patient_count"] = static_cast<int64_t>(DistinctCount(*e.patients));
  } else if (e.patient_set) {
    o["patients_digest"] = *e.patient_set;
    o["patient_count"] = set_count;
  } else {
    PutOpt(o, "patient_count", e.patient_count);
  }
  PutRest(o, e);
  return boost::json::serialize(o);
}

Result<AccessEvent> EventFromLeaf(std::string_view id, std::string_view payload,
                                  std::optional<std::vector<std::string>> patients,
                                  std::optional<std::string> patient_set) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) {
    return Status::DataLoss("the leaf of access event " + std::string(id) + " is not an object");
  }
  boost::json::object& o = v.as_object();
  const bool had_patients = o.contains("patients_digest");
  o.erase("patients_digest");
  if (had_patients) o.erase("patient_count");  // derived from the patients
  o["id"] = id;
  if (patient_set) {
    o["patient_set"] = *patient_set;
  } else if (patients) {
    boost::json::array a;
    for (const auto& t : *patients) a.emplace_back(t);
    o["patients"] = std::move(a);
  }
  // No bound on the times: the event was accepted when it was received.
  const TimePoint far = FromUnixMicros(253402300799000000);  // 9999-12-31T23:59:59Z
  return ParseEvent(o, far);
}

std::string LeafType(const AccessEvent& e) { return "access." + std::string(ToString(e.action)); }
std::string LeafObject(const AccessEvent& e) { return "account/" + e.account; }

}  // namespace garant::access
