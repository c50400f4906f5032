// The rights-request JSON API (role dpo only; session CSRF for POST):
//   POST /api/v1/rights-requests                    record one (201)
//   GET  /api/v1/rights-requests                    search (state, type, open, limit, offset)
//   GET  /api/v1/rights-requests/{reference}        one request with its history
//   POST /api/v1/rights-requests/{reference}/transitions   one step (200)
// Dates are RFC 3339 (received_at) and YYYY-MM-DD (birth_date), as
// everywhere in the API. Shapes: docs/rights-requests.md, docs/openapi.yaml.
#include <spdlog/spdlog.h>

#include "garant/consent/receipt.h"
#include "garant/core/decimal.h"
#include "garant/core/json.h"
#include "http/field_errors.h"
#include "http/reasons_fr.h"
#include "objections/context.h"
#include "rights/context.h"

namespace garant::server {
namespace {

boost::json::value OptTime(const std::optional<TimePoint>& t) {
  return t ? boost::json::value(FormatRfc3339Utc(*t)) : boost::json::value(nullptr);
}
boost::json::value OptText(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

boost::json::object RequestJson(const consent::RightsRequest& q, TimePoint now) {
  boost::json::object j;
  j["reference"] = q.reference;
  j["type"] = consent::Name(q.type);
  j["requester"] = consent::Name(q.requester);
  j["channel"] = consent::Name(q.channel);
  j["state"] = consent::Name(q.state);
  j["received_at"] = FormatRfc3339Utc(q.clock.received_at);
  j["deadline"] = FormatRfc3339Utc(consent::RightsDeadline(q.clock, now));
  j["flag"] = consent::Name(consent::FlagFor(q.state, q.clock, now));
  j["paused_seconds"] = q.clock.paused.count();
  j["paused_since"] = OptTime(q.clock.paused_since);
  j["extended_at"] = OptTime(q.extended_at);
  j["extension_reason"] = OptText(q.extension_reason);
  j["entered_by"] = std::to_string(q.entered_by);
  j["objection_reference"] = OptText(q.objection_reference);
  j["identity_checked_at"] = OptTime(q.identity_checked_at);
  j["identity_method"] = q.identity_method ? boost::json::value(consent::Name(*q.identity_method))
                                           : boost::json::value(nullptr);
  j["identity_checked_by"] = q.identity_checked_by
                                 ? boost::json::value(std::to_string(*q.identity_checked_by))
                                 : boost::json::value(nullptr);
  j["identity_note"] = OptText(q.identity_note);
  j["closed_at"] = OptTime(q.closed_at);
  j["answer_summary"] = OptText(q.answer_summary);
  j["refusal_ground"] = q.refusal_ground ? boost::json::value(consent::Name(*q.refusal_ground))
                                         : boost::json::value(nullptr);
  j["refusal_reason"] = OptText(q.refusal_reason);
  return j;
}

template <typename T>
Status Read(Result<T> r, T* out) {
  if (!r.ok()) return r.status();
  *out = std::move(*r);
  return Status::Ok();
}

Status Create(HttpExchange& ex, RightsContext& c) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  JsonFields f(body);
  consent::NewRightsRequest r;
  std::string type, requester, channel;
  std::optional<std::string> received_at, objection;
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("type", 32), &type));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("requester", 32), &requester));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("requester_name", 1000), &r.requester_name));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("channel", 32), &channel));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("received_at", 64), &received_at));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("birth_name", 1000), &r.traits.birth_name));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("used_name", 1000), &r.traits.used_name));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("given_names", 1000), &r.traits.given_names));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("birth_date", 64), &r.traits.birth_date));
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("sex", 16), &r.traits.sex));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("ins", 64), &r.traits.ins));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("contact", 1000), &r.contact));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("objection_reference", 64), &objection));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  auto t = consent::ParseRightType(type);
  if (!t) {
    return Status::InvalidArgument(
               "type: must be access, rectification, erasure, restriction or objection")
        .WithReason(std::string(consent::kReasonTypeInvalid));
  }
  r.type = *t;
  auto q = consent::ParseRightsRequester(requester);
  if (!q) {
    return Status::InvalidArgument("requester: must be person, parent, guardian, heir or lawyer")
        .WithReason(std::string(consent::kReasonRequesterInvalid));
  }
  r.requester = *q;
  auto ch = consent::ParseRightsChannel(channel);
  if (!ch) {
    return Status::InvalidArgument("channel: must be letter, email, phone, in_person or web")
        .WithReason(std::string(consent::kReasonChannelInvalid));
  }
  r.channel = *ch;
  if (received_at) {
    TimePoint at;
    if (!ParseRfc3339(*received_at, &at)) {
      return Status::InvalidArgument("received_at: must be an RFC 3339 time")
          .WithReason(std::string(consent::kReasonReceivedInvalid));
    }
    r.received_at = at;
  }
  if (objection) {
    auto ref = consent::CanonicalReference(*objection);
    if (!ref.ok()) return Status::NotFound("no objection with this reference");
    r.objection_reference = *ref;
  }
  auto staff = StaffAccountId(ex.principal());
  if (!staff) return Status::PermissionDenied("only a staff account enters rights requests");
  const TimePoint now = c.services.clock.Now();
  if (auto errors = consent::ValidateRightsRequest(r, now); !errors.empty()) {
    SendFieldErrors(ex, errors);
    return Status::Ok();
  }
  GARANT_ASSIGN_OR_RETURN(consent::RightsRequest created,
                          c.store.Create(r, *staff, ex.principal().Actor()));
  spdlog::info("rights request recorded reference={} type={}", created.reference, type);
  ex.SendJson(201, RequestJson(created, now));
  return Status::Ok();
}

Result<int> SmallInt(const std::string& s, int lo, int hi, const char* name) {
  std::optional<int64_t> v = ParseDecimal(s);
  if (!v || *v < lo || *v > hi) {
    return Status::InvalidArgument(std::string(name) + ": must be " + std::to_string(lo) + ".." +
                                   std::to_string(hi));
  }
  return static_cast<int>(*v);
}

Status Search(HttpExchange& ex, RightsContext& c) {
  consent::RightsQuery q;
  if (auto v = ex.Query("state")) {
    q.state = consent::ParseRightsState(*v);
    if (!q.state) return Status::InvalidArgument("state: unknown state");
  }
  if (auto v = ex.Query("type")) {
    q.type = consent::ParseRightType(*v);
    if (!q.type) return Status::InvalidArgument("type: unknown type");
  }
  if (auto v = ex.Query("open")) {
    if (*v != "true" && *v != "false") return Status::InvalidArgument("open: true or false");
    q.open_only = *v == "true";
  }
  if (auto v = ex.Query("limit")) {
    GARANT_ASSIGN_OR_RETURN(q.limit, SmallInt(*v, 1, 500, "limit"));
  }
  if (auto v = ex.Query("offset")) {
    GARANT_ASSIGN_OR_RETURN(q.offset, SmallInt(*v, 0, 1000000, "offset"));
  }
  GARANT_ASSIGN_OR_RETURN(auto rows, c.store.Search(q));
  const TimePoint now = c.services.clock.Now();
  boost::json::array a;
  for (const auto& r : rows) a.push_back(RequestJson(r, now));
  ex.SendJson(200, {{"rights_requests", std::move(a)}});
  return Status::Ok();
}

Status GetOne(HttpExchange& ex, RightsContext& c) {
  GARANT_ASSIGN_OR_RETURN(std::string ref,
                          consent::CanonicalRightsReference(ex.params().at("reference")));
  GARANT_ASSIGN_OR_RETURN(consent::RightsRequest q, c.store.Get(ref));
  GARANT_ASSIGN_OR_RETURN(auto history, c.store.History(ref));
  boost::json::object j = RequestJson(q, c.services.clock.Now());
  boost::json::array h;
  for (const auto& e : history) {
    boost::json::object x;
    x["at"] = FormatRfc3339Utc(e.at);
    x["actor"] = e.actor;
    x["action"] = e.action;
    x["from"] = e.from ? boost::json::value(consent::Name(*e.from)) : boost::json::value(nullptr);
    x["to"] = e.to ? boost::json::value(consent::Name(*e.to)) : boost::json::value(nullptr);
    x["audit_index"] =
        e.audit_index ? boost::json::value(*e.audit_index) : boost::json::value(nullptr);
    h.push_back(std::move(x));
  }
  j["history"] = std::move(h);
  ex.SendJson(200, j);
  return Status::Ok();
}

Status Transition(HttpExchange& ex, RightsContext& c) {
  GARANT_ASSIGN_OR_RETURN(std::string ref,
                          consent::CanonicalRightsReference(ex.params().at("reference")));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, ex.JsonBody());
  JsonFields f(body);
  std::string action;
  std::optional<std::string> expected, method, ground, text;
  GARANT_RETURN_IF_ERROR(Read(f.RequiredString("action", 32), &action));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("expected_state", 32), &expected));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("method", 32), &method));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("ground", 64), &ground));
  GARANT_RETURN_IF_ERROR(Read(f.OptionalString("text", 8000), &text));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  consent::RightsTransition t;
  auto a = consent::ParseRightsAction(action);
  if (!a) {
    return Status::InvalidArgument(
        "action: must be ask_identity, verify_identity, answer, refuse or extend");
  }
  t.action = *a;
  if (expected) {
    t.expected_state = consent::ParseRightsState(*expected);
    if (!t.expected_state) return Status::InvalidArgument("expected_state: unknown state");
  }
  if (method) {
    t.method = consent::ParseIdentityMethod(*method);
    if (!t.method) {
      return Status::InvalidArgument("method: unknown identity check method")
          .WithReason(std::string(consent::kReasonMethodInvalid));
    }
  }
  if (ground) {
    t.ground = consent::ParseRefusalGround(*ground);
    if (!t.ground) {
      return Status::InvalidArgument("ground: unknown legal ground")
          .WithReason(std::string(consent::kReasonGroundInvalid));
    }
  }
  t.text = text.value_or("");
  auto staff = StaffAccountId(ex.principal());
  if (!staff) return Status::PermissionDenied("only a staff account handles rights requests");
  GARANT_ASSIGN_OR_RETURN(consent::RightsRequest q,
                          c.store.Apply(ref, t, *staff, ex.principal().Actor()));
  spdlog::info("rights request step reference={} action={}", ref, action);
  ex.SendJson(200, RequestJson(q, c.services.clock.Now()));
  return Status::Ok();
}

}  // namespace

void AddRightsApiRoutes(Router& router, const std::shared_ptr<RightsContext>& ctx) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/rights-requests",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Create(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/rights-requests",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return Search(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/api/v1/rights-requests/{reference}",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return GetOne(ex, *ctx); }});
  router.Add({.method = "POST",
              .pattern = "/api/v1/rights-requests/{reference}/transitions",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Transition(ex, *ctx); }});
}

}  // namespace garant::server
