// The objection JSON API (roles dpo and admin, withdrawal dpo only; session CSRF for POST):
//   POST /api/v1/objections              record one received by letter, phone, in person:
//                                        a patient's, or with "subject_kind": "professional"
//                                        a health professional's (keyed on the RPPS number)
//   GET  /api/v1/objections              search (reference, status, channel,
//                                        subject_kind, from, to, limit, offset)
//   GET  /api/v1/objections/{reference}  one objection; ?include=identity (dpo only)
//                                        adds the decrypted traits (an audit entry)
//   POST /api/v1/objections/{reference}/withdraw  withdraw on the person's behalf
//                                        (200; 409 when already withdrawn)
// POST /api/v1/objections takes an Idempotency-Key header (a retry after a
// lost answer gets the first answer, nothing recorded twice; sql/0034).
// Shapes: docs/objections.md.
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

#include "garant/consent/notice_register.h"
#include "garant/consent/rpps.h"
#include "garant/core/decimal.h"
#include "garant/core/json.h"
#include "http/field_errors.h"
#include "http/idempotency_key.h"
#include "http/reasons_fr.h"
#include "objections/context.h"

namespace garant::server {
namespace {

const std::vector<std::string> kObjectionStaff = {kRoleDpo, kRoleAdmin};
// Separation of duties (issue #12): admin does not withdraw objections.
const std::vector<std::string> kObjectionWithdrawers = {kRoleDpo};

boost::json::object ObjectionJson(const consent::Objection& o) {
  boost::json::object j;
  j["reference"] = o.reference;
  j["subject_kind"] = consent::Name(o.subject);
  j["status"] = consent::Name(o.status);
  j["requester"] = consent::Name(o.requester);
  j["channel"] = consent::Name(o.channel);
  j["entered_by"] = o.entered_by ? boost::json::value(std::to_string(*o.entered_by))
                                 : boost::json::value(nullptr);
  j["scope"] = o.scope;
  j["received_at"] = FormatRfc3339Utc(o.received_at);
  j["effective_at"] = FormatRfc3339Utc(o.effective_at);
  j["withdrawn_at"] = o.withdrawn_at ? boost::json::value(FormatRfc3339Utc(*o.withdrawn_at))
                                     : boost::json::value(nullptr);
  j["deadline"] = FormatRfc3339Utc(o.deadline);
  j["notice_version"] = o.notice_version;
  j["token_count"] = o.token_count;
  j["audit_index"] =
      o.audit_index ? boost::json::value(*o.audit_index) : boost::json::value(nullptr);
  // The DPO marked the answer (confirmation) sent: no longer due nor overdue.
  j["answer_sent_on"] =
      o.answer_sent_on ? boost::json::value(*o.answer_sent_on) : boost::json::value(nullptr);
  return j;
}

// Moves the value of r into *out, or returns its error.
template <typename T>
Status Read(Result<T> r, T* out) {
  if (!r.ok()) return r.status();
  *out = std::move(*r);
  return Status::Ok();
}

// The identity and requester of a patient's objection (subject_kind absent
// or "patient").
Status ReadPatient(JsonFields& f, consent::NewObjection* o) {
  std::string requester;
  std::optional<std::string> scope;
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("birth_name", 1000), &o->traits.birth_name));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("used_name", 1000), &o->traits.used_name));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("given_names", 1000), &o->traits.given_names));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("birth_date", 64), &o->traits.birth_date));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("sex", 16), &o->traits.sex));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("ins", 64), &o->traits.ins));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("birth_place", 16), &o->traits.birth_place));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("requester", 32), &requester));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("scope", 128), &scope));
  auto r = consent::ParseRequester(requester);
  if (!r) return Status::InvalidArgument("requester: must be patient, parent or guardian");
  o->requester = *r;
  if (scope) o->scope = *scope;
  return Status::Ok();
}

// A health professional's objection (subject_kind "professional"): the RPPS
// number as the spec writes it (11 digits, no separators: the pages strip
// what people type, a program sends the number). requester and scope are
// always "professional": optional, and ValidateObjection refuses any other
// value as a field error (requester_for_subject, scope_invalid).
Status ReadProfessional(JsonFields& f, consent::NewObjection* o) {
  std::optional<std::string> requester, scope;
  // Longer than 11 on purpose: a 12-digit number is a field error
  // (rpps_length) with its French text, not a bare 400.
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString(consent::kFieldRpps, 64), &o->rpps));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("requester", 32), &requester));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("scope", 128), &scope));
  o->subject = consent::SubjectKind::kProfessional;
  o->requester = consent::Requester::kProfessional;
  o->scope = std::string(consent::kScopeProfessional);
  if (requester) {
    auto r = consent::ParseRequester(*requester);
    if (!r) return Status::InvalidArgument("requester: must be professional");
    o->requester = *r;
  }
  if (scope) o->scope = *scope;
  return Status::Ok();
}

// Reads `body`, the JSON of POST /api/v1/objections: a patient's objection,
// or a health professional's with "subject_kind": "professional". nullopt:
// the field errors were answered (400 with "fields", a response of its own).
Result<std::optional<consent::NewObjection>> ReadNewObjection(HttpExchange& ex,
                                                              const boost::json::object& body,
                                                              TimePoint now) {
  JsonFields f(body);
  consent::NewObjection o;
  std::string channel;
  std::optional<std::string> subject, received_at, notice;
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("subject_kind", 32), &subject));
  auto kind = consent::ParseSubjectKind(subject.value_or("patient"));
  if (!kind) return Status::InvalidArgument("subject_kind: must be patient or professional");
  GARANT_RETURN_IF_ERROR(kind == consent::SubjectKind::kProfessional ? ReadProfessional(f, &o)
                                                                     : ReadPatient(f, &o));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("channel", 32), &channel));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("contact", consent::kMaxContactBytes), &o.contact));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("received_at", 64), &received_at));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("notice_version", 64), &notice));
  // A patient's field in a professional's body (or the reverse) is unknown.
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  auto c = consent::ParseChannel(channel);
  if (!c || *c == consent::Channel::kWeb) {
    return Status::InvalidArgument("channel: must be letter, phone or in_person");
  }
  o.channel = *c;
  o.entered_by = StaffAccountId(ex.principal());
  if (!o.entered_by) return Status::PermissionDenied("only a staff account may enter objections");
  if (notice) {
    if (notice->empty()) return Status::InvalidArgument("notice_version: must not be empty");
    // A version of the register (the store checks it); "none" is what the
    // web form records while nothing is published, never a caller's claim.
    if (*notice == consent::kNoNoticePublished) {
      return Status::InvalidArgument("notice_version: not a version of the notice register")
          .WithReason(std::string(consent::kReasonNoticeVersionUnknown));
    }
    // A physician was shown the professionals' notice, never a patients' one.
    const std::string professional_series =
        std::string(consent::Name(consent::NoticeAudience::kProfessional)) + "-";
    if (o.subject == consent::SubjectKind::kProfessional &&
        notice->rfind(professional_series, 0) != 0) {
      return Status::InvalidArgument("notice_version: not a version of the professionals' notice")
          .WithReason(std::string(consent::kReasonNoticeVersionUnknown));
    }
    o.notice_version = *notice;
  }
  if (received_at) {
    TimePoint t;
    if (!ParseRfc3339(*received_at, &t)) {
      return Status::InvalidArgument("received_at: must be an RFC 3339 time");
    }
    o.received_at = t;
  }
  if (auto errors = consent::ValidateObjection(o, now); !errors.empty()) {
    SendFieldErrors(ex, errors);
    return std::optional<consent::NewObjection>();
  }
  return std::optional<consent::NewObjection>(std::move(o));
}

// A date filter: RFC 3339, or YYYY-MM-DD (start of that UTC day; for `to`,
// the start of the next day, so the day is included).
bool ParseBound(const std::string& s, bool upper, TimePoint* out) {
  if (s.size() == 10) {
    if (!ParseRfc3339(s + "T00:00:00Z", out)) return false;
    if (upper) *out += std::chrono::days(1);
    return true;
  }
  return ParseRfc3339(s, out);
}

Result<int> ParseSmallInt(const std::string& s, int lo, int hi, const char* name) {
  if (s.empty()) return Status::InvalidArgument(std::string(name) + ": out of range");
  std::optional<int64_t> v = ParseDecimal(s);
  if (!v) return Status::InvalidArgument(std::string(name) + ": not a number");
  if (*v < lo || *v > hi) return Status::InvalidArgument(std::string(name) + ": out of range");
  return static_cast<int>(*v);
}

Status Search(HttpExchange& ex, ObjectionContext& c) {
  consent::ObjectionQuery q;
  if (auto v = ex.Query("reference")) {
    auto ref = consent::CanonicalReference(*v);
    if (!ref.ok()) return ref.status();
    q.reference = *ref;
  }
  if (auto v = ex.Query("status")) {
    q.status = consent::ParseObjectionStatus(*v);
    if (!q.status) return Status::InvalidArgument("status: effective or withdrawn");
  }
  if (auto v = ex.Query("subject_kind")) {
    q.subject = consent::ParseSubjectKind(*v);
    if (!q.subject) return Status::InvalidArgument("subject_kind: patient or professional");
  }
  if (auto v = ex.Query("channel")) {
    q.channel = consent::ParseChannel(*v);
    if (!q.channel) {
      return Status::InvalidArgument("channel: web, letter, phone or in_person");
    }
  }
  for (const char* name : {"from", "to"}) {
    if (auto v = ex.Query(name)) {
      TimePoint t;
      bool upper = std::string_view(name) == "to";
      if (!ParseBound(*v, upper, &t)) {
        return Status::InvalidArgument(std::string(name) + ": RFC 3339 time or YYYY-MM-DD");
      }
      (upper ? q.received_to : q.received_from) = t;
    }
  }
  if (auto v = ex.Query("limit")) {
    auto n = ParseSmallInt(*v, 1, 500, "limit");
    if (!n.ok()) return n.status();
    q.limit = *n;
  }
  if (auto v = ex.Query("offset")) {
    auto n = ParseSmallInt(*v, 0, 999999, "offset");
    if (!n.ok()) return n.status();
    q.offset = *n;
  }
  auto found = c.store.Search(q);
  if (!found.ok()) return found.status();
  boost::json::array items;
  for (const auto& o : *found) items.push_back(ObjectionJson(o));
  ex.SendJson(200, {{"objections", std::move(items)}});
  return Status::Ok();
}

Status GetOne(HttpExchange& ex, ObjectionContext& c) {
  auto ref = consent::CanonicalReference(ex.params().at("reference"));
  if (!ref.ok()) return Status::NotFound("no objection with this reference");
  if (ex.Query("include").value_or("") == "identity") {
    if (ex.principal().role != kRoleDpo) {
      return Status::PermissionDenied("only the DPO may read clear identity");
    }
    auto d = c.store.Detail(*ref, ex.principal().Actor());
    if (!d.ok()) return d.status();
    boost::json::object j = ObjectionJson(d->objection);
    boost::json::object id;
    if (d->objection.subject == consent::SubjectKind::kProfessional) {
      id["rpps"] = d->rpps;
    } else {
      id["birth_name"] = d->traits.birth_name;
      id["used_name"] = d->traits.used_name ? boost::json::value(*d->traits.used_name) : nullptr;
      id["given_names"] = d->traits.given_names;
      id["birth_date"] = d->traits.birth_date;
      id["sex"] = d->traits.sex;
      id["ins"] = d->traits.ins ? boost::json::value(*d->traits.ins) : nullptr;
    }
    j["identity"] = std::move(id);
    j["contact"] = d->contact ? boost::json::value(*d->contact) : nullptr;
    j["key_id"] = d->key_id;
    boost::json::array tokens;
    for (const auto& t : d->tokens) tokens.emplace_back(t);
    j["tokens"] = std::move(tokens);
    ex.SendJson(200, j);
    return Status::Ok();
  }
  auto o = c.store.Get(*ref);
  if (!o.ok()) return o.status();
  ex.SendJson(200, ObjectionJson(*o));
  return Status::Ok();
}

// The 201 answer of a recorded objection: the objection and its code.
boost::json::object CreatedJson(const consent::Receipt& r) {
  boost::json::object j = ObjectionJson(r.objection);
  j["code"] = r.code;
  return j;
}
// The same as kept for a keyed request.
consent::StoredAnswer CreatedAnswer(const consent::Receipt& r) {
  return {201, boost::json::serialize(CreatedJson(r))};
}

// Sends a keyed answer (Idempotent-Replayed tells a replay from a first
// answer; docs/objections.md, "Retries: Idempotency-Key").
void SendKeyedAnswer(HttpExchange& ex, const consent::KeyedAnswer& a) {
  ex.SetHeader("Idempotent-Replayed", a.replayed ? "true" : "false");
  ex.SendJson(a.answer.status, boost::json::parse(a.answer.body));
}

// POST /api/v1/objections. With an Idempotency-Key, the key is looked up
// before the fields are read, so a retry gets its first answer back even
// where the rules have moved since (a notice published meanwhile).
Status CreateObjection(HttpExchange& ex, ObjectionContext& c) {
  TimePoint now = c.services.clock.Now();
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> key, IdempotencyKeyOf(ex));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  std::optional<consent::IdempotencyRequest> req;
  if (key) {
    req.emplace();
    req->actor = ex.principal().Actor();
    req->route = "POST /api/v1/objections";
    req->key = std::move(*key);
    req->request_sha256 = CanonicalJsonSha256(body);
    auto found = c.store.FindKeyedAnswer(*req);
    if (!found.ok()) return KeyRefusal(found.status());
    if (*found) {
      spdlog::info("objection answer replayed (Idempotency-Key) objection_id={}",
                   (*found)->objection_id);
      SendKeyedAnswer(ex, **found);
      return Status::Ok();
    }
  }
  GARANT_ASSIGN_OR_RETURN(auto o, ReadNewObjection(ex, body, now));
  if (!o) return Status::Ok();  // field errors answered
  if (!req) {
    auto receipt = c.store.Create(*o, ex.principal().Actor());
    if (!receipt.ok()) return receipt.status();
    spdlog::info("objection recorded reference={} channel={} subject={}",
                 receipt->objection.reference, consent::Name(o->channel),
                 consent::Name(o->subject));
    ex.SendJson(201, CreatedJson(*receipt));
    return Status::Ok();
  }
  auto keyed = c.store.CreateWithKey(*o, *req, CreatedAnswer);
  if (!keyed.ok()) return KeyRefusal(keyed.status());
  spdlog::info("objection {} objection_id={} channel={} subject={}",
               keyed->replayed ? "answer replayed (Idempotency-Key)" : "recorded (Idempotency-Key)",
               keyed->objection_id, consent::Name(o->channel), consent::Name(o->subject));
  SendKeyedAnswer(ex, *keyed);
  return Status::Ok();
}

}  // namespace

void AddObjectionApiRoutes(Router& router, const std::shared_ptr<ObjectionContext>& ctx) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/objections",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return CreateObjection(ex, *ctx); }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/objections/{reference}/withdraw",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kObjectionWithdrawers,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status {
                auto ref = consent::CanonicalReference(ex.params().at("reference"));
                if (!ref.ok()) {
                  return Status::NotFound("no objection with this reference");
                }
                auto w = ctx->store.WithdrawByStaff(*ref, ex.principal().Actor());
                if (!w.ok()) return w.status();
                ex.SendJson(200, ObjectionJson(*w));
                return Status::Ok();
              }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/objections",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return Search(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/objections/{reference}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return GetOne(ex, *ctx); }});
}

}  // namespace garant::server
