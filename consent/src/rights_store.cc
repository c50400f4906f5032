#include "garant/consent/rights_store.h"

#include <boost/json.hpp>
#include <cctype>

#include "garant/audit/recorder.h"
#include "garant/consent/receipt.h"
#include "garant/core/bytes.h"
#include "garant/core/json.h"
#include "objection_records.h"
#include "rights_records.h"

namespace garant::consent {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string NewRightsReference(Random& random) {
  std::vector<uint8_t> b = random.Bytes(8);
  std::string s = "DRT-";
  for (size_t i = 0; i < 8; ++i) {
    if (i == 4) s += '-';
    s += kCrockford[b[i] & 31];
  }
  return s;
}

std::string IdentityAad(std::string_view id) { return RightsIdentityAad(id); }

const char* const kColumns =
    "r.id::text, r.reference, r.right_type, r.requester, r.channel, r.state, r.received_at, "
    "r.paused_seconds, r.paused_since, r.extended_at, r.extension_reason, r.entered_by, "
    "r.created_at, (SELECT o.reference FROM objections o WHERE o.id = r.objection_id), "
    "r.identity_checked_at, r.identity_method, r.identity_checked_by, r.identity_note, "
    "r.closed_at, r.answer_summary, r.refusal_ground, r.refusal_reason";

template <typename T>
Result<T> Known(std::optional<T> v, std::string_view what, std::string_view stored) {
  if (!v) {
    return Status::DataLoss("rights request: unknown stored " + std::string(what) + " '" +
                            std::string(stored) + "'");
  }
  return *v;
}

std::optional<std::string> OptStr(const db::Rows& rows, int r, int c) {
  if (rows.IsNull(r, c)) return std::nullopt;
  return rows.Str(r, c);
}

Result<RightsRequest> RowToRequest(const db::Rows& rows, int r) {
  RightsRequest q;
  q.id = rows.Str(r, 0);
  q.reference = rows.Str(r, 1);
  GARANT_ASSIGN_OR_RETURN(q.type, Known(ParseRightType(rows.Text(r, 2)), "type", rows.Text(r, 2)));
  GARANT_ASSIGN_OR_RETURN(
      q.requester, Known(ParseRightsRequester(rows.Text(r, 3)), "requester", rows.Text(r, 3)));
  GARANT_ASSIGN_OR_RETURN(q.channel,
                          Known(ParseRightsChannel(rows.Text(r, 4)), "channel", rows.Text(r, 4)));
  GARANT_ASSIGN_OR_RETURN(q.state,
                          Known(ParseRightsState(rows.Text(r, 5)), "state", rows.Text(r, 5)));
  q.clock.received_at = rows.Time(r, 6);
  q.clock.paused = std::chrono::seconds(rows.Int(r, 7));
  q.clock.paused_since = rows.OptionalTime(r, 8);
  q.extended_at = rows.OptionalTime(r, 9);
  q.clock.extended = q.extended_at.has_value();
  q.extension_reason = OptStr(rows, r, 10);
  q.entered_by = rows.Int(r, 11);
  q.created_at = rows.Time(r, 12);
  q.objection_reference = OptStr(rows, r, 13);
  q.identity_checked_at = rows.OptionalTime(r, 14);
  if (!rows.IsNull(r, 15)) {
    GARANT_ASSIGN_OR_RETURN(q.identity_method, Known(ParseIdentityMethod(rows.Text(r, 15)),
                                                     "identity method", rows.Text(r, 15)));
  }
  if (!rows.IsNull(r, 16)) q.identity_checked_by = rows.Int(r, 16);
  q.identity_note = OptStr(rows, r, 17);
  q.closed_at = rows.OptionalTime(r, 18);
  q.answer_summary = OptStr(rows, r, 19);
  if (!rows.IsNull(r, 20)) {
    GARANT_ASSIGN_OR_RETURN(q.refusal_ground, Known(ParseRefusalGround(rows.Text(r, 20)),
                                                    "refusal ground", rows.Text(r, 20)));
  }
  q.refusal_reason = OptStr(rows, r, 21);
  return q;
}

// The audit entry of a step: references, names, states and staff ids only;
// never the free texts (a reason may quote the person).
audit::Event MakeRightsEvent(Random& random, std::string_view type, TimePoint time,
                             std::string_view actor, const RightsRequest& q,
                             std::string_view action, std::optional<RightsState> from,
                             std::string_view purpose = "") {
  boost::json::object p;
  p["reference"] = q.reference;
  p["type"] = Name(q.type);
  p["requester"] = Name(q.requester);
  p["channel"] = Name(q.channel);
  p["state"] = Name(q.state);
  p["received_at"] = FormatRfc3339Utc(q.clock.received_at);
  if (!action.empty()) p["action"] = action;
  if (from) p["from"] = Name(*from);
  if (q.objection_reference) p["objection"] = *q.objection_reference;
  if (q.extended_at) p["extended"] = true;
  if (q.identity_method) p["identity_method"] = Name(*q.identity_method);
  if (q.identity_checked_by) p["identity_checked_by"] = *q.identity_checked_by;
  if (q.refusal_ground) p["refusal_ground"] = Name(*q.refusal_ground);
  p["paused_seconds"] = q.clock.paused.count();
  if (!purpose.empty()) p["purpose"] = purpose;
  return audit::MakeEvent(random, time, std::string(type), std::string(actor),
                          "rights-request/" + q.reference, boost::json::serialize(p));
}

std::string IdentityJson(const NewRightsRequest& r) {
  boost::json::object o;
  o["traits"] = boost::json::parse(internal::TraitsToJson(r.traits));
  if (r.contact) o["contact"] = *r.contact;
  if (r.requester_name) o["requester_name"] = *r.requester_name;
  return boost::json::serialize(o);
}

Status AddHistory(db::Transaction& tx, const RightsRequest& q, TimePoint at, std::string_view actor,
                  std::string_view action, std::optional<RightsState> from, uint64_t audit_index) {
  return tx
      .Exec(
          "INSERT INTO rights_request_events (request_id, at, actor, action, from_state, "
          "to_state, audit_index) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {q.id, FormatRfc3339Utc(at), std::string(actor), std::string(action),
           from ? db::Param(std::string(Name(*from))) : db::Param::Null(),
           std::string(Name(q.state)), static_cast<int64_t>(audit_index)})
      .status();
}

}  // namespace

Result<std::string> CanonicalRightsReference(std::string_view typed) {
  std::string s;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (s.rfind("DRT", 0) == 0) s = s.substr(3);
  if (s.size() != 8) return Status::NotFound("no rights request with this reference");
  for (char& c : s) {
    if (c == 'I' || c == 'L') c = '1';
    if (c == 'O') c = '0';
    if (kCrockford.find(c) == std::string_view::npos) {
      return Status::NotFound("no rights request with this reference");
    }
  }
  return "DRT-" + s.substr(0, 4) + "-" + s.substr(4);
}

RightsStore::RightsStore(db::Pool& pool, audit::AuditLog& audit, Random& random, const Clock& clock,
                         crypto::KeyRing sealing)
    : pool_(pool), audit_(audit), random_(random), clock_(clock), sealing_(std::move(sealing)) {}

Result<RightsRequest> RightsStore::Create(const NewRightsRequest& r, int64_t staff_id,
                                          std::string_view actor) {
  const TimePoint now = clock_.Now();
  std::vector<FieldError> errors = ValidateRightsRequest(r, now);
  if (!errors.empty()) {
    return Status::InvalidArgument(errors.front().field + ": " + errors.front().message)
        .WithReason(errors.front().reason);
  }
  RightsRequest q;
  q.id = random_.Uuid4();
  q.reference = NewRightsReference(random_);
  q.type = r.type;
  q.requester = r.requester;
  q.channel = r.channel;
  q.state = RightsState::kReceived;
  q.clock.received_at = r.received_at.value_or(now);
  q.entered_by = staff_id;
  q.created_at = now;
  q.objection_reference = r.objection_reference;
  const std::string identity = IdentityJson(r);
  crypto::Sealed sealed = sealing_.Seal(AsBytes(identity), AsBytes(IdentityAad(q.id)));

  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  db::Param objection_id = db::Param::Null();
  if (r.objection_reference) {
    GARANT_ASSIGN_OR_RETURN(db::Rows o, tx.Exec("SELECT id::text FROM objections WHERE "
                                                "reference = $1",
                                                {*r.objection_reference}));
    if (o.empty()) return Status::NotFound("no objection with this reference");
    objection_id = o.Str(0, 0);
  }
  GARANT_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO rights_requests (id, reference, right_type, requester, channel, "
              "received_at, created_at, entered_by, state, objection_id, identity_sealed, "
              "seal_key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'received', $9::uuid, $10, "
              "$11)",
              {q.id, q.reference, std::string(Name(q.type)), std::string(Name(q.requester)),
               std::string(Name(q.channel)), FormatRfc3339Utc(q.clock.received_at),
               FormatRfc3339Utc(now), staff_id, objection_id, db::Param::Binary(sealed.bytes),
               sealed.key_id})
          .status());
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      audit_.AppendInTx(tx, {MakeRightsEvent(random_, kEventRightsCreated, audit_clock().Now(),
                                             actor, q, "created", std::nullopt)}));
  GARANT_RETURN_IF_ERROR(AddHistory(tx, q, now, actor, "created", std::nullopt, idx.front()));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return q;
}

Result<RightsRequest> RightsStore::Get(std::string_view reference) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec(std::string("SELECT ") + kColumns +
                                         " FROM rights_requests r WHERE r.reference = $1",
                                     {reference}));
  if (rows.empty()) return Status::NotFound("no rights request with this reference");
  return RowToRequest(rows, 0);
}

Result<std::vector<RightsRequest>> RightsStore::Search(const RightsQuery& q) {
  if (q.limit < 1 || q.limit > 500 || q.offset < 0) {
    return Status::InvalidArgument("limit must be 1..500 and offset >= 0");
  }
  // Only fixed fragments are concatenated; every value is a parameter.
  std::string sql = std::string("SELECT ") + kColumns + " FROM rights_requests r WHERE true";
  db::Params params;
  auto add = [&](const char* fragment, db::Param p) {
    params.push_back(std::move(p));
    sql += fragment;
    sql += std::to_string(params.size());
  };
  if (q.state) add(" AND r.state = $", std::string(Name(*q.state)));
  if (q.type) add(" AND r.right_type = $", std::string(Name(*q.type)));
  if (q.open_only) sql += " AND r.closed_at IS NULL";
  sql += " ORDER BY r.received_at DESC, r.reference";
  add(" LIMIT $", q.limit);
  add(" OFFSET $", q.offset);
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(sql, params));
  std::vector<RightsRequest> out;
  for (int i = 0; i < rows.size(); ++i) {
    GARANT_ASSIGN_OR_RETURN(RightsRequest r, RowToRequest(rows, i));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RightsRequest>> RightsRequestsForObjection(
    db::Pool& pool, std::string_view objection_reference) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec(std::string("SELECT ") + kColumns +
                     " FROM rights_requests r JOIN objections o ON o.id = r.objection_id "
                     "WHERE o.reference = $1 ORDER BY r.received_at, r.reference",
                 {objection_reference}));
  std::vector<RightsRequest> out;
  for (int i = 0; i < rows.size(); ++i) {
    GARANT_ASSIGN_OR_RETURN(RightsRequest r, RowToRequest(rows, i));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RightsRequest>> RightsStore::ForObjection(std::string_view objection_reference) {
  return RightsRequestsForObjection(pool_, objection_reference);
}

Result<std::vector<RightsEvent>> RightsStore::History(std::string_view reference) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec("SELECT e.at, e.actor, e.action, e.from_state, e.to_state, e.audit_index "
                 "FROM rights_request_events e JOIN rights_requests r ON r.id = e.request_id "
                 "WHERE r.reference = $1 ORDER BY e.id",
                 {reference}));
  std::vector<RightsEvent> out;
  for (int i = 0; i < rows.size(); ++i) {
    RightsEvent e;
    e.at = rows.Time(i, 0);
    e.actor = rows.Str(i, 1);
    e.action = rows.Str(i, 2);
    if (!rows.IsNull(i, 3)) e.from = ParseRightsState(rows.Text(i, 3));
    if (!rows.IsNull(i, 4)) e.to = ParseRightsState(rows.Text(i, 4));
    if (!rows.IsNull(i, 5)) e.audit_index = static_cast<uint64_t>(rows.Int(i, 5));
    out.push_back(std::move(e));
  }
  return out;
}

Result<RightsRequest> RightsStore::Apply(std::string_view reference, const RightsTransition& t,
                                         int64_t staff_id, std::string_view actor) {
  // The action's own inputs, checked before any lock.
  std::optional<std::string> text;
  const bool needs_text = t.action == RightsAction::kAnswer || t.action == RightsAction::kExtend ||
                          t.action == RightsAction::kRefuse ||
                          (t.action == RightsAction::kVerifyIdentity &&
                           (t.method == IdentityMethod::kOther || !t.text.empty()));
  if (t.action == RightsAction::kVerifyIdentity && !t.method) {
    return Status::InvalidArgument("verify_identity needs a method")
        .WithReason(std::string(kReasonMethodInvalid));
  }
  if (t.action == RightsAction::kRefuse && !t.ground) {
    return Status::InvalidArgument("refuse needs a legal ground")
        .WithReason(std::string(kReasonGroundInvalid));
  }
  if (needs_text) {
    GARANT_ASSIGN_OR_RETURN(std::string checked, CheckRightsText(t.text));
    text = std::move(checked);
  }
  const TimePoint now = clock_.Now();
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          tx.Exec(std::string("SELECT ") + kColumns +
                                      " FROM rights_requests r WHERE r.reference = $1 FOR UPDATE",
                                  {reference}));
  if (rows.empty()) return Status::NotFound("no rights request with this reference");
  GARANT_ASSIGN_OR_RETURN(RightsRequest q, RowToRequest(rows, 0));
  const RightsState from = q.state;
  if (t.expected_state && *t.expected_state != from) {
    return Status::Conflict("the request changed since it was read")
        .WithReason(std::string(kReasonStateStale));
  }
  GARANT_ASSIGN_OR_RETURN(RightsState to, NextState(from, t.action));
  // Leaving identity_check restarts the clock.
  if (from == RightsState::kIdentityCheck && to != RightsState::kIdentityCheck &&
      q.clock.paused_since) {
    if (now > *q.clock.paused_since) {
      q.clock.paused +=
          std::chrono::duration_cast<std::chrono::seconds>(now - *q.clock.paused_since);
    }
    q.clock.paused_since.reset();
  }
  switch (t.action) {
    case RightsAction::kAskIdentity:
      q.clock.paused_since = now;
      break;
    case RightsAction::kVerifyIdentity:
      q.identity_checked_at = now;
      q.identity_method = t.method;
      q.identity_checked_by = staff_id;
      q.identity_note = text;
      break;
    case RightsAction::kAnswer:
      q.answer_summary = text;
      q.closed_at = now;
      break;
    case RightsAction::kRefuse:
      q.refusal_ground = t.ground;
      q.refusal_reason = text;
      q.closed_at = now;
      break;
    case RightsAction::kExtend:
      if (q.extended_at) {
        return Status::Conflict("the request was already extended")
            .WithReason(std::string(kReasonAlreadyExtended));
      }
      if (RightsDeadline(q.clock, now) < now) {
        return Status::Conflict("the deadline has passed: too late to extend")
            .WithReason(std::string(kReasonExtensionTooLate));
      }
      q.extended_at = now;
      q.extension_reason = text;
      q.clock.extended = true;
      break;
  }
  q.state = to;
  GARANT_RETURN_IF_ERROR(
      tx.Exec(
            "UPDATE rights_requests SET state = $2, paused_seconds = $3, paused_since = $4, "
            "extended_at = $5, extension_reason = $6, identity_checked_at = $7, "
            "identity_method = $8, identity_checked_by = $9, identity_note = $10, "
            "closed_at = $11, answer_summary = $12, refusal_ground = $13, refusal_reason = $14 "
            "WHERE id = $1::uuid",
            {q.id, std::string(Name(q.state)), static_cast<int64_t>(q.clock.paused.count()),
             q.clock.paused_since ? db::Param(FormatRfc3339Utc(*q.clock.paused_since))
                                  : db::Param::Null(),
             q.extended_at ? db::Param(FormatRfc3339Utc(*q.extended_at)) : db::Param::Null(),
             db::Param::Optional(q.extension_reason),
             q.identity_checked_at ? db::Param(FormatRfc3339Utc(*q.identity_checked_at))
                                   : db::Param::Null(),
             q.identity_method ? db::Param(std::string(Name(*q.identity_method)))
                               : db::Param::Null(),
             q.identity_checked_by ? db::Param(*q.identity_checked_by) : db::Param::Null(),
             db::Param::Optional(q.identity_note),
             q.closed_at ? db::Param(FormatRfc3339Utc(*q.closed_at)) : db::Param::Null(),
             db::Param::Optional(q.answer_summary),
             q.refusal_ground ? db::Param(std::string(Name(*q.refusal_ground))) : db::Param::Null(),
             db::Param::Optional(q.refusal_reason)})
          .status());
  const std::string action(Name(t.action));
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      audit_.AppendInTx(tx, {MakeRightsEvent(random_, kEventRightsTransition, audit_clock().Now(),
                                             actor, q, action, from)}));
  GARANT_RETURN_IF_ERROR(AddHistory(tx, q, now, actor, action, from, idx.front()));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return q;
}

Result<RightsRequestDetail> RightsStore::Detail(std::string_view reference, std::string_view actor,
                                                std::string_view purpose) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          tx.Exec(std::string("SELECT ") + kColumns +
                                      ", r.seal_key_id, r.identity_sealed FROM rights_requests r "
                                      "WHERE r.reference = $1",
                                  {reference}));
  if (rows.empty()) return Status::NotFound("no rights request with this reference");
  RightsRequestDetail d;
  GARANT_ASSIGN_OR_RETURN(d.request, RowToRequest(rows, 0));
  const auto key_id = static_cast<int32_t>(rows.Int(0, rows.columns() - 2));
  GARANT_ASSIGN_OR_RETURN(Bytes clear, sealing_.Open(key_id, rows.Bytea(0, rows.columns() - 1),
                                                     AsBytes(IdentityAad(d.request.id))));
  {
    GARANT_ASSIGN_OR_RETURN(boost::json::object obj, ParseJsonObject(AsString(clear)));
    const boost::json::value* traits = obj.if_contains("traits");
    if (traits == nullptr || !traits->is_object()) {
      return Status::DataLoss("rights request: sealed identity without traits");
    }
    GARANT_ASSIGN_OR_RETURN(d.traits, internal::TraitsFromJson(boost::json::serialize(*traits)));
    if (const auto* c = obj.if_contains("contact"); c != nullptr && c->is_string()) {
      d.contact = std::string(c->as_string());
    }
    if (const auto* n = obj.if_contains("requester_name"); n != nullptr && n->is_string()) {
      d.requester_name = std::string(n->as_string());
    }
  }
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      audit_.AppendInTx(
          tx, {MakeRightsEvent(random_, kEventRightsIdentityViewed, audit_clock().Now(), actor,
                               d.request, "", std::nullopt, purpose)}));
  GARANT_RETURN_IF_ERROR(AddHistory(
      tx, d.request, clock_.Now(), actor,
      purpose.empty() ? std::string("identity_viewed") : "viewed:" + std::string(purpose),
      std::nullopt, idx.front()));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return d;
}

}  // namespace garant::consent
