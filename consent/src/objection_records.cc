#include "objection_records.h"

#include <boost/json.hpp>

#include "garant/audit/recorder.h"
#include "garant/consent/rpps.h"
#include "garant/core/json.h"

namespace garant::consent::internal {
namespace {

void PutOptional(boost::json::object& o, const char* key, const std::optional<std::string>& v) {
  if (v) o[key] = *v;
}

}  // namespace

std::string TraitsAad(std::string_view objection_id) {
  return "garant-objection-traits-v1|" + std::string(objection_id);
}

std::string ContactAad(std::string_view objection_id) {
  return "garant-objection-contact-v1|" + std::string(objection_id);
}

std::string CodeAad(std::string_view objection_id) {
  return "garant-objection-code-v1|" + std::string(objection_id);
}

std::string TraitsToJson(const IdentityTraits& t) {
  boost::json::object o;
  o["birth_name"] = t.birth_name;
  PutOptional(o, "used_name", t.used_name);
  o["given_names"] = t.given_names;
  o["birth_date"] = t.birth_date;
  o["sex"] = t.sex;
  PutOptional(o, "ins", t.ins);
  PutOptional(o, "birth_place", t.birth_place);
  return boost::json::serialize(o);
}

Result<IdentityTraits> TraitsFromJson(std::string_view json) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object obj, ParseJsonObject(json));
  JsonFields f(obj);
  IdentityTraits t;
  GARANT_ASSIGN_OR_RETURN(t.birth_name, f.RequiredString("birth_name", 4096));
  GARANT_ASSIGN_OR_RETURN(t.used_name, f.OptionalString("used_name", 4096));
  GARANT_ASSIGN_OR_RETURN(t.given_names, f.RequiredString("given_names", 4096));
  GARANT_ASSIGN_OR_RETURN(t.birth_date, f.RequiredString("birth_date", 64));
  GARANT_ASSIGN_OR_RETURN(t.sex, f.RequiredString("sex", 16));
  GARANT_ASSIGN_OR_RETURN(t.ins, f.OptionalString("ins", 64));
  GARANT_ASSIGN_OR_RETURN(t.birth_place, f.OptionalString("birth_place", 64));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  return t;
}

std::string RppsToJson(std::string_view rpps) {
  boost::json::object o;
  o["rpps"] = rpps;
  return boost::json::serialize(o);
}

Result<std::string> RppsFromJson(std::string_view json) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object obj, ParseJsonObject(json));
  JsonFields f(obj);
  GARANT_ASSIGN_OR_RETURN(std::string rpps, f.RequiredString("rpps", 64));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  if (!CheckRpps(rpps).ok()) return Status::DataLoss("a stored RPPS number is malformed");
  return rpps;
}

Result<std::vector<std::string>> SubjectTokens(const PseudonymKey& key, const NewObjection& o,
                                               int current_year) {
  if (o.subject == SubjectKind::kProfessional) {
    GARANT_ASSIGN_OR_RETURN(std::string token, RppsToken(key, o.rpps));
    return std::vector<std::string>{std::move(token)};
  }
  return ComputeTokens(key, o.traits, current_year);
}

Result<std::vector<std::string>> StoredSubjectTokens(const PseudonymKey& key, SubjectKind subject,
                                                     std::string_view sealed_json,
                                                     int current_year) {
  if (subject == SubjectKind::kProfessional) {
    GARANT_ASSIGN_OR_RETURN(std::string rpps, RppsFromJson(sealed_json));
    GARANT_ASSIGN_OR_RETURN(std::string token, RppsToken(key, rpps));
    return std::vector<std::string>{std::move(token)};
  }
  GARANT_ASSIGN_OR_RETURN(IdentityTraits traits, TraitsFromJson(sealed_json));
  return ComputeTokens(key, traits, current_year);
}

const char* const kObjectionColumns =
    "o.id::text, o.reference, o.requester, o.channel, o.entered_by, o.scope, "
    "o.received_at, o.effective_at, o.status, o.withdrawn_at, o.notice_version, "
    "(SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM objection_tokens t "
    "WHERE t.objection_id = o.id GROUP BY t.key_id) per_key), o.audit_index, "
    "(SELECT to_char(a.sent_on, 'YYYY-MM-DD') FROM objection_answers a "
    "WHERE a.objection_id = o.id), "
    "(SELECT a.recorded_by FROM objection_answers a WHERE a.objection_id = o.id), "
    "o.subject_kind";

namespace {

// The parsed value, or kDataLoss naming the column (db::UnknownStoredValue).
template <typename T>
Result<T> Known(std::optional<T> v, std::string_view column, std::string_view stored) {
  if (!v) return db::UnknownStoredValue("objections." + std::string(column), stored);
  return *v;
}

}  // namespace

Result<Objection> RowToObjection(const db::Rows& rows, int r) {
  Objection o;
  o.id = rows.Str(r, 0);
  o.reference = rows.Str(r, 1);
  GARANT_ASSIGN_OR_RETURN(o.requester,
                          Known(ParseRequester(rows.Text(r, 2)), "requester", rows.Text(r, 2)));
  GARANT_ASSIGN_OR_RETURN(o.channel,
                          Known(ParseChannel(rows.Text(r, 3)), "channel", rows.Text(r, 3)));
  if (!rows.IsNull(r, 4)) o.entered_by = rows.Int(r, 4);
  o.scope = rows.Str(r, 5);
  o.received_at = rows.Time(r, 6);
  o.effective_at = rows.Time(r, 7);
  GARANT_ASSIGN_OR_RETURN(o.status,
                          Known(ParseObjectionStatus(rows.Text(r, 8)), "status", rows.Text(r, 8)));
  o.withdrawn_at = rows.OptionalTime(r, 9);
  o.notice_version = rows.Str(r, 10);
  o.token_count = static_cast<int>(rows.Int(r, 11));
  if (!rows.IsNull(r, 12)) o.audit_index = static_cast<uint64_t>(rows.Int(r, 12));
  o.deadline = AnswerDeadline(o.received_at);
  if (!rows.IsNull(r, 13)) o.answer_sent_on = rows.Str(r, 13);
  if (!rows.IsNull(r, 14)) o.answer_sent_by = rows.Int(r, 14);
  GARANT_ASSIGN_OR_RETURN(
      o.subject, Known(ParseSubjectKind(rows.Text(r, 15)), "subject_kind", rows.Text(r, 15)));
  return o;
}

audit::Event MakeEvent(Random& random, std::string_view type, TimePoint time,
                       std::string_view actor, const Objection& o,
                       const std::vector<std::string>& tokens, std::string_view key_id,
                       std::string_view purpose) {
  boost::json::object p;
  p["reference"] = o.reference;
  // Only for a professional: the entries of patients' objections keep their
  // shape (a reader that does not know the field reads them as before).
  if (o.subject == SubjectKind::kProfessional) p["subject_kind"] = Name(o.subject);
  p["status"] = Name(o.status);
  p["requester"] = Name(o.requester);
  p["channel"] = Name(o.channel);
  if (o.entered_by) p["entered_by"] = *o.entered_by;
  p["scope"] = o.scope;
  p["notice_version"] = o.notice_version;
  p["received_at"] = FormatRfc3339Utc(o.received_at);
  p["effective_at"] = FormatRfc3339Utc(o.effective_at);
  if (o.withdrawn_at) p["withdrawn_at"] = FormatRfc3339Utc(*o.withdrawn_at);
  if (o.answer_sent_on) p["answer_sent_on"] = *o.answer_sent_on;
  if (!purpose.empty()) p["purpose"] = purpose;
  if (!tokens.empty()) {
    p["key_id"] = key_id;
    boost::json::array a;
    for (const auto& t : tokens) a.emplace_back(t);
    p["tokens"] = std::move(a);
  }
  return audit::MakeEvent(random, time, std::string(type), std::string(actor),
                          "objection/" + o.reference, boost::json::serialize(p));
}

}  // namespace garant::consent::internal
