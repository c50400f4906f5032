// The governance JSON API (/api/v1/governance/...), the access check and
// the public project list (/api/v1/public/projects). Bodies are strict:
// unknown fields, wrong types and malformed values are 400 with a code, and
// nothing is recorded unless the whole request is valid (each change is one
// transaction in GovernanceStore).
// Over 400 lines on purpose: one route table for one API, each handler a few
// lines of parse → store call → JSON; splitting would scatter the table.

#include "audit_events.h"
#include "garant/core/decimal.h"
#include "garant/core/json.h"
#include "governance/http.h"

namespace garant::server::gov {

using namespace garant::governance;

namespace {

constexpr size_t kMaxItems = 200;

// Removes `key` from `o` and reads it as an array of positive integer ids.
Result<std::optional<std::vector<int64_t>>> TakeIds(boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::optional<std::vector<int64_t>>();
  boost::json::value v = std::move(it->value());
  o.erase(it);
  if (v.is_null()) return std::optional<std::vector<int64_t>>();
  std::string name(key);
  if (!v.is_array()) return Status::InvalidArgument("field '" + name + "' must be an array");
  if (v.as_array().size() > kMaxItems) {
    return Status::InvalidArgument("field '" + name + "' has too many items");
  }
  std::vector<int64_t> out;
  for (const auto& item : v.as_array()) {
    if (!item.is_int64() || item.as_int64() <= 0) {
      return Status::InvalidArgument("field '" + name + "' must hold positive integer ids");
    }
    out.push_back(item.as_int64());
  }
  return std::optional<std::vector<int64_t>>(std::move(out));
}

// Removes `key` and reads it as an array of objects (each read by the caller).
Result<std::vector<boost::json::object>> TakeObjects(boost::json::object& o, std::string_view key) {
  std::vector<boost::json::object> out;
  auto it = o.find(key);
  if (it == o.end()) return out;
  boost::json::value v = std::move(it->value());
  o.erase(it);
  if (v.is_null()) return out;
  std::string name(key);
  if (!v.is_array()) return Status::InvalidArgument("field '" + name + "' must be an array");
  if (v.as_array().size() > kMaxItems) {
    return Status::InvalidArgument("field '" + name + "' has too many items");
  }
  for (auto& item : v.as_array()) {
    if (!item.is_object()) {
      return Status::InvalidArgument("field '" + name + "' must hold objects");
    }
    out.push_back(std::move(item.as_object()));
  }
  return out;
}

Result<TimePoint> RequiredTime(JsonFields& f, std::string_view key) {
  GARANT_ASSIGN_OR_RETURN(std::string s, f.RequiredString(key, 64));
  TimePoint t;
  if (!ParseRfc3339(s, &t)) {
    return Status::InvalidArgument("field '" + std::string(key) + "' must be an RFC 3339 time");
  }
  return t;
}

Result<std::vector<std::string>> RequiredList(JsonFields& f, std::string_view key) {
  GARANT_ASSIGN_OR_RETURN(auto v, f.OptionalStringArray(key, kMaxItems, 128));
  if (!v) return Status::InvalidArgument("field '" + std::string(key) + "' is required");
  return std::move(*v);
}

Result<boost::json::object> Body(HttpExchange& ex) { return ex.JsonBody(); }

Status CreateCommittee(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  Committee in;
  GARANT_ASSIGN_OR_RETURN(in.code, f.RequiredString("code", 32));
  GARANT_ASSIGN_OR_RETURN(in.name, f.RequiredString("name", 200));
  const boost::json::value* q = body.if_contains("quorum");
  if (q && !q->is_null()) {
    GARANT_ASSIGN_OR_RETURN(const boost::json::object* qo, f.RequiredObject("quorum"));
    JsonFields qf(*qo);
    GARANT_ASSIGN_OR_RETURN(int64_t num, qf.RequiredInt("numerator", 0, 100));
    GARANT_ASSIGN_OR_RETURN(int64_t den, qf.RequiredInt("denominator", 1, 100));
    GARANT_ASSIGN_OR_RETURN(bool strict, qf.RequiredBool("strict"));
    GARANT_ASSIGN_OR_RETURN(int64_t minp, qf.RequiredInt("min_patient_representatives", 0, 100));
    GARANT_RETURN_IF_ERROR(qf.RejectUnknown());
    in.quorum = {static_cast<int>(num), static_cast<int>(den), strict, static_cast<int>(minp)};
  } else {
    auto absent = f.OptionalBool("quorum");  // marks the key known (absent or null)
    (void)absent;
  }
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  bool code_ok = in.code.size() >= 2 && in.code[0] >= 'a' && in.code[0] <= 'z';
  for (char ch : in.code) {
    code_ok =
        code_ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-');
  }
  if (!code_ok) return Status::InvalidArgument("field 'code' must match [a-z][a-z0-9_-]{1,31}");
  GARANT_ASSIGN_OR_RETURN(Committee out,
                          c.store->CreateCommittee(ex.principal().Actor(), std::move(in)));
  ex.SendJson(201, CommitteeJson(out));
  return Status::Ok();
}

Status AddMember(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(int64_t committee, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  Member m;
  m.committee_id = committee;
  GARANT_ASSIGN_OR_RETURN(m.full_name, f.RequiredString("full_name", 200));
  GARANT_ASSIGN_OR_RETURN(std::string role, f.RequiredString("role", 64));
  GARANT_ASSIGN_OR_RETURN(m.voting, f.RequiredBool("voting"));
  GARANT_ASSIGN_OR_RETURN(std::string start, f.RequiredString("term_start", 10));
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> end, f.OptionalString("term_end", 10));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(m.role, ParseMemberRole(role));
  GARANT_ASSIGN_OR_RETURN(m.term_start, ParseDate(start));
  if (end) {
    GARANT_ASSIGN_OR_RETURN(Date e, ParseDate(*end));
    m.term_end = e;
  }
  GARANT_ASSIGN_OR_RETURN(Member out, c.store->AddMember(ex.principal().Actor(), std::move(m)));
  ex.SendJson(201, MemberJson(out));
  return Status::Ok();
}

Status CreateProject(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  Project p;
  GARANT_ASSIGN_OR_RETURN(p.reference, f.RequiredString("reference", 32));
  GARANT_ASSIGN_OR_RETURN(p.title, f.RequiredString("title", 300));
  GARANT_ASSIGN_OR_RETURN(p.public_summary, f.RequiredString("public_summary", 5000));
  GARANT_ASSIGN_OR_RETURN(p.purpose, f.RequiredString("purpose", 64));
  GARANT_ASSIGN_OR_RETURN(p.no_forbidden_use, f.RequiredBool("no_forbidden_use"));
  GARANT_ASSIGN_OR_RETURN(p.legal_basis, f.RequiredString("legal_basis", 300));
  GARANT_ASSIGN_OR_RETURN(p.formality, f.RequiredString("formality", 64));
  GARANT_ASSIGN_OR_RETURN(auto fref, f.OptionalString("formality_reference", 200));
  GARANT_ASSIGN_OR_RETURN(auto hdh, f.OptionalString("hdh_directory_number", 64));
  GARANT_ASSIGN_OR_RETURN(p.cohort_size, f.OptionalInt("cohort_size"));
  GARANT_ASSIGN_OR_RETURN(p.investigator, f.RequiredString("investigator", 200));
  GARANT_ASSIGN_OR_RETURN(p.organisation, f.RequiredString("organisation", 200));
  GARANT_ASSIGN_OR_RETURN(p.data_domains, RequiredList(f, "data_domains"));
  GARANT_ASSIGN_OR_RETURN(auto desc, f.OptionalString("data_description", 2000));
  GARANT_ASSIGN_OR_RETURN(auto recipients, f.OptionalString("recipients", 1000));
  GARANT_ASSIGN_OR_RETURN(int64_t months, f.RequiredInt("duration_months", 1, 240));
  GARANT_ASSIGN_OR_RETURN(p.committee_id, f.RequiredInt("committee_id", 1));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  p.formality_reference = fref.value_or("");
  p.hdh_directory_number = hdh.value_or("");
  p.data_description = desc.value_or("");
  p.recipients = recipients.value_or("");
  p.duration_months = static_cast<int>(months);
  GARANT_ASSIGN_OR_RETURN(Project out, c.store->CreateProject(ex.principal().Actor(), p));
  ex.SendJson(201, ProjectJson(out));
  return Status::Ok();
}

Status Transition(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  GARANT_ASSIGN_OR_RETURN(std::string to, f.RequiredString("to", 64));
  GARANT_ASSIGN_OR_RETURN(auto note, f.OptionalString("note", 2000));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(ProjectStatus target, ParseProjectStatus(to));
  GARANT_ASSIGN_OR_RETURN(Project out, c.store->TransitionProject(ex.principal().Actor(), id,
                                                                  target, note.value_or("")));
  ex.SendJson(200, ProjectJson(out));
  return Status::Ok();
}

Status RecordMeeting(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  GARANT_ASSIGN_OR_RETURN(auto agenda, TakeIds(body, "agenda"));
  GARANT_ASSIGN_OR_RETURN(auto present, TakeIds(body, "present"));
  GARANT_ASSIGN_OR_RETURN(std::vector<boost::json::object> topics, TakeObjects(body, "topics"));
  JsonFields f(body);
  Meeting m;
  for (const auto& to : topics) {
    JsonFields tf(to);
    GARANT_ASSIGN_OR_RETURN(std::string category, tf.RequiredString("category", 64));
    GARANT_ASSIGN_OR_RETURN(std::string title, tf.RequiredString("title", 300));
    GARANT_RETURN_IF_ERROR(tf.RejectUnknown().WithContext("topics"));
    GARANT_ASSIGN_OR_RETURN(TopicCategory tc, ParseTopicCategory(category));
    m.topics.push_back({0, 0, tc, title});
  }
  GARANT_ASSIGN_OR_RETURN(m.committee_id, f.RequiredInt("committee_id", 1));
  GARANT_ASSIGN_OR_RETURN(m.held_at, RequiredTime(f, "held_at"));
  GARANT_ASSIGN_OR_RETURN(auto minutes, f.OptionalString("minutes", 20000));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  if (!agenda) return Status::InvalidArgument("field 'agenda' is required");
  if (!present) return Status::InvalidArgument("field 'present' is required");
  m.agenda = *agenda;  // may be empty when topics are listed
  m.present = *present;
  m.minutes = minutes.value_or("");
  GARANT_ASSIGN_OR_RETURN(Meeting out, c.store->RecordMeeting(ex.principal().Actor(), m));
  ex.SendJson(201, MeetingJson(out));
  return Status::Ok();
}

Status DeclareConflict(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  Conflict k;
  GARANT_ASSIGN_OR_RETURN(k.member_id, f.RequiredInt("member_id", 1));
  GARANT_ASSIGN_OR_RETURN(k.project_id, f.RequiredInt("project_id", 1));
  GARANT_ASSIGN_OR_RETURN(k.description, f.RequiredString("description", 2000));
  GARANT_ASSIGN_OR_RETURN(auto meeting, f.OptionalInt("meeting_id", 1));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(ConflictRecord out,
                          c.store->DeclareConflict(ex.principal().Actor(), k, meeting));
  ex.SendJson(201, ConflictJson(out));
  return Status::Ok();
}

Status RecordDecision(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  GARANT_ASSIGN_OR_RETURN(std::vector<boost::json::object> votes, TakeObjects(body, "votes"));
  JsonFields f(body);
  DecisionDraft d;
  // The subject: project_id, or topic_id (a topic of the meeting's agenda);
  // the store refuses neither or both (decision_subject_required).
  GARANT_ASSIGN_OR_RETURN(auto project, f.OptionalInt("project_id", 1));
  GARANT_ASSIGN_OR_RETURN(d.topic_id, f.OptionalInt("topic_id", 1));
  GARANT_ASSIGN_OR_RETURN(auto is_public, f.OptionalBool("public"));
  d.project_id = project.value_or(0);
  d.is_public = is_public.value_or(true);
  GARANT_ASSIGN_OR_RETURN(d.meeting_id, f.RequiredInt("meeting_id", 1));
  GARANT_ASSIGN_OR_RETURN(std::string outcome, f.RequiredString("outcome", 64));
  GARANT_ASSIGN_OR_RETURN(d.reasons, f.RequiredString("reasons", 20000));
  GARANT_ASSIGN_OR_RETURN(auto conditions, f.OptionalString("conditions", 20000));
  GARANT_ASSIGN_OR_RETURN(auto amends, f.OptionalInt("amends_decision_id", 1));
  GARANT_ASSIGN_OR_RETURN(auto sign, f.OptionalBool("sign"));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  GARANT_ASSIGN_OR_RETURN(d.outcome, ParseOutcome(outcome));
  d.conditions = conditions.value_or("");
  d.amends_decision_id = amends;
  for (const auto& vo : votes) {
    JsonFields vf(vo);
    GARANT_ASSIGN_OR_RETURN(int64_t member, vf.RequiredInt("member_id", 1));
    GARANT_ASSIGN_OR_RETURN(std::string choice, vf.RequiredString("vote", 16));
    GARANT_RETURN_IF_ERROR(vf.RejectUnknown().WithContext("votes"));
    GARANT_ASSIGN_OR_RETURN(VoteChoice vc, ParseVoteChoice(choice));
    d.votes.push_back({member, vc});
  }
  GARANT_ASSIGN_OR_RETURN(DecisionRecord out,
                          c.store->RecordDecision(ex.principal().Actor(), d, sign.value_or(true)));
  ex.SendJson(201, DecisionJson(out));
  return Status::Ok();
}

Status CreateAuthorisation(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  Authorisation a;
  GARANT_ASSIGN_OR_RETURN(a.project_id, f.RequiredInt("project_id", 1));
  GARANT_ASSIGN_OR_RETURN(a.decision_id, f.RequiredInt("decision_id", 1));
  GARANT_ASSIGN_OR_RETURN(a.accounts, RequiredList(f, "accounts"));
  GARANT_ASSIGN_OR_RETURN(a.scope.domains, RequiredList(f, "domains"));
  GARANT_ASSIGN_OR_RETURN(auto assoc, f.OptionalStringArray("associations", kMaxItems, 128));
  GARANT_ASSIGN_OR_RETURN(a.valid_from, RequiredTime(f, "valid_from"));
  GARANT_ASSIGN_OR_RETURN(a.valid_until, RequiredTime(f, "valid_until"));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  if (assoc) a.scope.associations = *assoc;
  GARANT_ASSIGN_OR_RETURN(Authorisation out,
                          c.store->CreateAuthorisation(ex.principal().Actor(), a));
  ex.SendJson(201, AuthorisationJson(out));
  return Status::Ok();
}

// suspend / resume / revoke: an optional reason.
Status ChangeAuthorisation(Context& c, HttpExchange& ex, const std::string& action) {
  GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  GARANT_ASSIGN_OR_RETURN(auto reason, f.OptionalString("reason", 2000));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  std::string actor = ex.principal().Actor();
  if (action == "suspend") {
    GARANT_RETURN_IF_ERROR(c.store->SuspendAuthorisation(actor, id, reason.value_or("")));
  } else if (action == "resume") {
    GARANT_RETURN_IF_ERROR(c.store->ResumeAuthorisation(actor, id));
  } else {
    GARANT_RETURN_IF_ERROR(c.store->RevokeAuthorisation(actor, id, reason.value_or("")));
  }
  ex.SendJson(200, {{"id", id},
                    {"status", action == "suspend"  ? "suspended"
                               : action == "resume" ? "resumed"
                                                    : "revoked"}});
  return Status::Ok();
}

Status AccessCheck(Context& c, HttpExchange& ex) {
  GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
  JsonFields f(body);
  AccessRequest r;
  GARANT_ASSIGN_OR_RETURN(r.account, f.RequiredString("account", 128));
  GARANT_ASSIGN_OR_RETURN(std::string project, f.RequiredString("project", 32));
  GARANT_ASSIGN_OR_RETURN(r.domains, RequiredList(f, "domains"));
  GARANT_ASSIGN_OR_RETURN(auto assoc, f.OptionalStringArray("associations", kMaxItems, 128));
  GARANT_ASSIGN_OR_RETURN(auto time, f.OptionalString("time", 64));
  GARANT_RETURN_IF_ERROR(f.RejectUnknown());
  if (r.domains.empty()) return Status::InvalidArgument("field 'domains' must not be empty");
  if (assoc) r.associations = *assoc;
  r.time = c.services.clock.Now();
  if (time && !ParseRfc3339(*time, &r.time)) {
    return Status::InvalidArgument("field 'time' must be an RFC 3339 time");
  }
  GARANT_ASSIGN_OR_RETURN(AccessDecision d, c.store->CheckAccessFor(project, r));
  boost::json::object out{{"allowed", d.allowed()},
                          {"reason", ToString(d.reason)},
                          {"project", project},
                          {"account", r.account},
                          {"time", FormatRfc3339Utc(r.time)}};
  out["authorisation_id"] = d.authorisation_id ? boost::json::value(*d.authorisation_id) : nullptr;
  // garant's own access event (docs/access-events.md, access.check): the
  // answer is in the log before it is given; unrecorded, it is not given
  // (503, fail closed). The caller's account string, never a patient token.
  boost::json::array associations;
  for (const auto& a : r.associations) associations.emplace_back(a);
  boost::json::object payload{{"account", r.account},
                              {"project", project},
                              {"domains", boost::json::value_from(r.domains)},
                              {"associations", std::move(associations)},
                              {"time", out["time"]},
                              {"decision", d.allowed() ? "allowed" : "denied"},
                              {"reason", out["reason"]},
                              {"authorisation_id", out["authorisation_id"]}};
  GARANT_ASSIGN_OR_RETURN(
      uint64_t index,
      RecordRequiredAuditEvent(c.services, "access.check", ex.principal().Actor(),
                               "account/" + r.account, boost::json::serialize(payload),
                               kReasonAccessCheckNotRecorded));
  out["audit_index"] = index;
  ex.SendJson(200, out);
  return Status::Ok();
}

template <typename T, typename F>
boost::json::array ToArray(const std::vector<T>& v, F f) {
  boost::json::array a;
  for (const auto& x : v) a.push_back(f(x));
  return a;
}

std::optional<int64_t> QueryId(const HttpExchange& ex, const std::string& name, bool* bad) {
  auto q = ex.Query(name);
  if (!q) return std::nullopt;
  std::optional<int64_t> v = ParseDecimal(*q);
  if (!v) *bad = true;
  return v.value_or(0);
}

}  // namespace

void AddApiRoutes(Router& router, const ContextPtr& ctx) {
  const std::string base = "/api/v1/governance";
  auto get = [&](const std::string& path, Handler h) {
    router.Add({.method = "GET",
                .pattern = base + path,
                .kind = ResponseKind::kJson,
                .access = Access::kRoles,
                .roles = kReadRoles,
                .csrf = CsrfRule::kNone,
                .handler = std::move(h)});
  };
  auto post = [&](const std::string& path, Handler h) {
    router.Add({.method = "POST",
                .pattern = base + path,
                .kind = ResponseKind::kJson,
                .access = Access::kRoles,
                .roles = kWriteRoles,
                .csrf = CsrfRule::kSession,
                .handler = std::move(h)});
  };
  Context* c = ctx.get();
  ContextPtr keep = ctx;  // every closure shares ownership of the context

  get("/committees", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListCommittees());
    ex.SendJson(200, {{"committees", ToArray(list, CommitteeJson)}});
    return Status::Ok();
  });
  post("/committees", [c, keep](HttpExchange& ex) { return CreateCommittee(*c, ex); });
  get("/committees/{id}/members", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_RETURN_IF_ERROR(c->store->GetCommittee(id).status());
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListMembers(id));
    ex.SendJson(200, {{"members", ToArray(list, MemberJson)}});
    return Status::Ok();
  });
  post("/committees/{id}/members", [c, keep](HttpExchange& ex) { return AddMember(*c, ex); });

  get("/projects", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListProjects());
    ex.SendJson(200, {{"projects", ToArray(list, ProjectJson)}});
    return Status::Ok();
  });
  post("/projects", [c, keep](HttpExchange& ex) { return CreateProject(*c, ex); });
  get("/projects/{id}", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Project p, c->store->GetProject(id));
    ex.SendJson(200, ProjectJson(p));
    return Status::Ok();
  });
  post("/projects/{id}/transitions", [c, keep](HttpExchange& ex) { return Transition(*c, ex); });

  get("/meetings", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListMeetings());
    ex.SendJson(200, {{"meetings", ToArray(list, MeetingJson)}});
    return Status::Ok();
  });
  post("/meetings", [c, keep](HttpExchange& ex) { return RecordMeeting(*c, ex); });

  get("/conflicts", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListConflicts());
    ex.SendJson(200, {{"conflicts", ToArray(list, ConflictJson)}});
    return Status::Ok();
  });
  post("/conflicts", [c, keep](HttpExchange& ex) { return DeclareConflict(*c, ex); });

  get("/decisions", [c, keep](HttpExchange& ex) -> Status {
    bool bad = false;
    auto pid = QueryId(ex, "project_id", &bad);
    if (bad) return Status::InvalidArgument("project_id must be an integer");
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListDecisions(pid));
    ex.SendJson(200, {{"decisions", ToArray(list, DecisionJson)}});
    return Status::Ok();
  });
  post("/decisions", [c, keep](HttpExchange& ex) { return RecordDecision(*c, ex); });
  post("/decisions/{id}/sign", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(DecisionRecord d, c->store->SignDecision(ex.principal().Actor(), id));
    ex.SendJson(200, DecisionJson(d));
    return Status::Ok();
  });
  post("/decisions/{id}/discard", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(boost::json::object body, Body(ex));
    JsonFields f(body);
    GARANT_ASSIGN_OR_RETURN(std::string reason, f.RequiredString("reason", 2000));
    GARANT_RETURN_IF_ERROR(f.RejectUnknown());
    GARANT_ASSIGN_OR_RETURN(DecisionRecord d,
                            c->store->DiscardDecision(ex.principal().Actor(), id, reason));
    ex.SendJson(200, {{"id", d.id}, {"status", "discarded"}});
    return Status::Ok();
  });
  post("/decisions/{id}/cosign", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(DecisionRecord d, c->store->CosignDecision(ex.principal().Actor(), id));
    ex.SendJson(200, DecisionJson(d));
    return Status::Ok();
  });

  get("/authorisations", [c, keep](HttpExchange& ex) -> Status {
    bool bad = false;
    auto pid = QueryId(ex, "project_id", &bad);
    if (bad) return Status::InvalidArgument("project_id must be an integer");
    GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListAuthorisations(pid));
    ex.SendJson(200, {{"authorisations", ToArray(list, AuthorisationJson)}});
    return Status::Ok();
  });
  post("/authorisations", [c, keep](HttpExchange& ex) { return CreateAuthorisation(*c, ex); });
  post("/authorisations/{id}/confirm", [c, keep](HttpExchange& ex) -> Status {
    GARANT_ASSIGN_OR_RETURN(int64_t id, IdParam(ex, "id"));
    GARANT_ASSIGN_OR_RETURN(Authorisation a,
                            c->store->ConfirmAuthorisation(ex.principal().Actor(), id));
    ex.SendJson(200, AuthorisationJson(a));
    return Status::Ok();
  });
  for (const std::string action : {"suspend", "resume", "revoke"}) {
    post("/authorisations/{id}/" + action,
         [c, keep, action](HttpExchange& ex) { return ChangeAuthorisation(*c, ex, action); });
  }

  router.Add({.method = "POST",
              .pattern = base + "/access-check",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kAccessCheckRoles,
              .csrf = CsrfRule::kSession,
              .handler = [c, keep](HttpExchange& ex) { return AccessCheck(*c, ex); }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/public/projects",
              .kind = ResponseKind::kJson,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [c, keep](HttpExchange& ex) -> Status {
                GARANT_ASSIGN_OR_RETURN(auto list, c->store->ListPublishedProjects());
                ex.SetHeader("Cache-Control", "public, max-age=60");
                ex.SendJson(200, {{"projects", ToArray(list, PublicProjectJson)}});
                return Status::Ok();
              }});
}

}  // namespace garant::server::gov
