// The DPO's console for rights requests (role dpo only, session CSRF on POST):
//   GET  /console/droits                      the register: open ones first,
//                                              flags overdue / due soon / paused;
//                                              no identity
//   GET  /console/droits/nouvelle             entry form (letter, e-mail, phone…)
//   POST /console/droits/nouvelle             record it; 303 to the detail
//   GET  /console/droits/{reference}          detail, history, the next steps;
//                                              without the identity
//   POST /console/droits/{reference}/identite the same page with the decrypted
//                                              identity (an audit entry)
//   POST /console/droits/{reference}/etape    one step (action=…); 303 back, or
//                                              400 with the French reason
// Letters: rights/letters.cc. docs/rights-requests.md.
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "garant/consent/receipt.h"
#include "garant/core/dates.h"
#include "garant/core/decimal.h"
#include "http/actor_names.h"
#include "http/pages.h"
#include "http/reasons_fr.h"
#include "objections/context.h"
#include "objections/forms.h"
#include "rights/context.h"

namespace garant::server {
namespace {

using consent::FieldError;
using consent::RightsState;

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The values typed in the entry form, kept to show them back.
struct RightsForm {
  std::string type, requester, requester_name, channel, received_date, birth_name, used_name,
      given_names, birth_date, sex, ins, contact, objection_reference;
};

RightsForm ReadForm(std::map<std::string, std::string>& m) {
  auto get = [&](const char* k) {
    auto it = m.find(k);
    return it == m.end() ? std::string() : it->second;
  };
  return {get("type"),
          get("requester"),
          get("requester_name"),
          get("channel"),
          get("received_date"),
          get("birth_name"),
          get("used_name"),
          get("given_names"),
          get("birth_date"),
          get("sex"),
          get("ins"),
          get("contact"),
          get("objection_reference")};
}

// The form as a new request, with the form's own errors (choices, dates);
// ValidateRightsRequest adds the rest.
std::vector<FieldError> FormToRequest(const RightsForm& f, TimePoint now,
                                      consent::NewRightsRequest* out) {
  std::vector<FieldError> errors;
  if (auto t = consent::ParseRightType(f.type)) {
    out->type = *t;
  } else {
    errors.push_back({"type", "unknown type", std::string(consent::kReasonTypeInvalid)});
  }
  if (auto r = consent::ParseRightsRequester(f.requester)) {
    out->requester = *r;
  } else {
    errors.push_back(
        {"requester", "unknown requester", std::string(consent::kReasonRequesterInvalid)});
  }
  if (auto c = consent::ParseRightsChannel(f.channel)) {
    out->channel = *c;
  } else {
    errors.push_back({"channel", "unknown channel", std::string(consent::kReasonChannelInvalid)});
  }
  if (!Blank(f.requester_name)) out->requester_name = f.requester_name;
  out->traits.birth_name = f.birth_name;
  if (!Blank(f.used_name)) out->traits.used_name = f.used_name;
  out->traits.given_names = f.given_names;
  out->traits.birth_date = consent::TypedBirthDate(f.birth_date);
  out->traits.sex = f.sex;
  if (!Blank(f.ins)) out->traits.ins = consent::TypedIns(f.ins);
  if (!Blank(f.contact)) out->contact = f.contact;
  if (!Blank(f.objection_reference)) {
    auto ref = consent::CanonicalReference(f.objection_reference);
    out->objection_reference = ref.ok() ? *ref : f.objection_reference;
  }
  if (!Blank(f.received_date)) {
    const std::optional<std::chrono::sys_days> day = ParseTypedDay(f.received_date);
    if (!day) {
      errors.push_back({"received_at", "must be a date (DD/MM/YYYY or YYYY-MM-DD)",
                        std::string(consent::kReasonReceivedInvalid)});
    } else if (*day != std::chrono::floor<std::chrono::days>(now)) {
      // A past day: noon UTC (the working day in France), never after now.
      TimePoint t = std::chrono::time_point_cast<std::chrono::microseconds>(
          std::chrono::sys_time<std::chrono::hours>(*day) + std::chrono::hours(12));
      out->received_at = std::min(t, now);
    }
  }
  return errors;
}

void RenderForm(HttpExchange& ex, int status, const RightsForm& f,
                const std::vector<FieldError>& errors, const std::string& form_error = "") {
  ex.SendHtml(
      status,
      RenderPage("Nouvelle demande d'exercice des droits", "rights_new.tpl", ex.principal(),
                 [&](ctemplate::TemplateDictionary& d) {
                   d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
                   for (const auto& [k, v] : {std::pair<const char*, const std::string&>{
                                                  "REQUESTER_NAME", f.requester_name},
                                              {"RECEIVED_DATE", f.received_date},
                                              {"BIRTH_NAME", f.birth_name},
                                              {"USED_NAME", f.used_name},
                                              {"GIVEN_NAMES", f.given_names},
                                              {"BIRTH_DATE", f.birth_date},
                                              {"INS", f.ins},
                                              {"CONTACT", f.contact},
                                              {"OBJECTION_REFERENCE", f.objection_reference}}) {
                     d.SetValue(k, v);
                   }
                   d.ShowSection("TYPE_" + f.type);
                   d.ShowSection("REQUESTER_" + f.requester);
                   d.ShowSection("CHANNEL_" + f.channel);
                   d.ShowSection("SEX_" + f.sex);
                   if (!form_error.empty()) {
                     d.AddSectionDictionary("FORM_ERROR")->SetValue("MESSAGE", form_error);
                   }
                   if (!errors.empty()) {
                     auto* s = d.AddSectionDictionary("ERRORS");
                     for (const auto& e : errors) {
                       auto* li = s->AddSectionDictionary("ERROR");
                       li->SetValue("FIELD", e.field);
                       li->SetValue("MESSAGE", FrenchFieldError(e));
                     }
                   }
                 }));
}

std::string Day(TimePoint t) { return ParisDate(t); }

// The history's steps in French ("created", "ask_identity", "viewed:page",
// "viewed:letter:refusal" as stored).
std::string StepLabel(const std::string& action) {
  static const std::pair<std::string_view, std::string_view> kLabels[] = {
      {"created", "demande enregistrée"},
      {"ask_identity", "justificatif d'identité demandé"},
      {"verify_identity", "identité vérifiée"},
      {"answer", "réponse enregistrée"},
      {"refuse", "refus enregistré"},
      {"extend", "délai prolongé de deux mois"},
      {"viewed:page", "identité affichée"},
      {"viewed:letter:acknowledgement", "lettre préparée : accusé de réception"},
      {"viewed:letter:identity", "lettre préparée : demande de justificatif"},
      {"viewed:letter:answer", "lettre préparée : réponse"},
      {"viewed:letter:refusal", "lettre préparée : refus motivé"},
      {"viewed:letter:extension", "lettre préparée : prolongation"},
  };
  for (const auto& [k, v] : kLabels) {
    if (k == action) return std::string(v);
  }
  return action;
}

void FillFlag(const consent::RightsRequest& q, TimePoint now, ctemplate::TemplateDictionary& r) {
  const consent::DeadlineFlag flag = consent::FlagFor(q.state, q.clock, now);
  const TimePoint deadline = consent::RightsDeadline(q.clock, now);
  r.SetValue("DEADLINE", Day(deadline));
  r.SetValue("FLAG", std::string(consent::Name(flag)));
  if (flag == consent::DeadlineFlag::kPaused) {
    r.ShowSection("PAUSED");
    return;
  }
  if (flag == consent::DeadlineFlag::kClosed) {
    r.ShowSection("CLOSED");
    return;
  }
  auto* run = r.AddSectionDictionary("RUNNING");
  run->SetValue("DEADLINE", Day(deadline));
  if (flag == consent::DeadlineFlag::kOverdue) run->ShowSection("OVERDUE");
  if (flag == consent::DeadlineFlag::kDueSoon) {
    auto left = std::chrono::floor<std::chrono::days>(deadline - now);
    run->AddSectionDictionary("DUE_SOON")
        ->SetIntValue("DAYS_LEFT", static_cast<long>(left.count()));
  }
}

void FillRequest(const consent::RightsRequest& q, TimePoint now, ctemplate::TemplateDictionary& d) {
  d.SetValue("REFERENCE", q.reference);
  d.SetValue("TYPE_LABEL", RightTypeLabel(q.type));
  d.SetValue("ARTICLE", RightArticle(q.type));
  d.SetValue("REQUESTER_LABEL", RightsRequesterLabel(q.requester));
  d.SetValue("CHANNEL_LABEL", RightsChannelLabel(q.channel));
  d.SetValue("STATE_LABEL", RightsStateLabel(q.state));
  d.SetValue("STATE", std::string(consent::Name(q.state)));
  d.SetValue("RECEIVED", Day(q.clock.received_at));
  FillFlag(q, now, d);
}

Status List(HttpExchange& ex, RightsContext& c) {
  consent::RightsQuery q;
  const std::string state = ex.Query("etat").value_or("ouvertes");
  if (state == "ouvertes") {
    q.open_only = true;
  } else if (!state.empty() && state != "toutes") {
    q.state = consent::ParseRightsState(state);
  }
  q.limit = 500;
  GARANT_ASSIGN_OR_RETURN(auto rows, c.store.Search(q));
  const TimePoint now = c.services.clock.Now();
  ex.SendHtml(200, RenderPage("Demandes d'exercice des droits", "rights_console.tpl",
                              ex.principal(), [&](ctemplate::TemplateDictionary& d) {
                                d.ShowSection(state == "ouvertes" ? "Q_OPEN"
                                              : state == "toutes" ? "Q_ALL"
                                                                  : "Q_OTHER");
                                if (rows.empty()) d.ShowSection("NO_ROW");
                                for (const auto& r : rows) {
                                  FillRequest(r, now, *d.AddSectionDictionary("ROW"));
                                }
                              }));
  return Status::Ok();
}

Result<std::string> ReferenceParam(HttpExchange& ex) {
  return consent::CanonicalRightsReference(ex.params().at("reference"));
}

// Which forms of steps the page offers in state `s`.
void FillSteps(const consent::RightsRequest& q, TimePoint now, ctemplate::TemplateDictionary& d) {
  if (consent::IsClosed(q.state)) return;
  auto* steps = d.AddSectionDictionary("STEPS");
  steps->SetValue("REFERENCE", q.reference);
  steps->SetValue("STATE", std::string(consent::Name(q.state)));
  if (q.state == RightsState::kReceived) steps->ShowSection("CAN_ASK_IDENTITY");
  if (q.state != RightsState::kInProgress) steps->ShowSection("CAN_VERIFY");
  if (q.state == RightsState::kInProgress) steps->ShowSection("CAN_ANSWER");
  steps->ShowSection("CAN_REFUSE");
  if (!q.extended_at && consent::RightsDeadline(q.clock, now) >= now) {
    steps->ShowSection("CAN_EXTEND");
  }
}

Status RenderDetail(HttpExchange& ex, RightsContext& c, const consent::RightsRequestDetail& detail,
                    bool identity, int http_status, const std::string& error) {
  const consent::RightsRequest& q = detail.request;
  GARANT_ASSIGN_OR_RETURN(auto history, c.store.History(q.reference));
  const auto names = ActorNames::Load(c.services);
  const TimePoint now = c.services.clock.Now();
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(
      http_status,
      RenderPage(
          "Demande " + q.reference, "rights_detail.tpl", ex.principal(),
          [&](ctemplate::TemplateDictionary& d) {
            FillRequest(q, now, d);
            d.SetValue("CSRF_TOKEN", ex.principal().csrf_token);
            d.SetValue("ENTERED_BY", names.StaffName(q.entered_by));
            if (!error.empty()) d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
            if (auto ok = ex.Query("ok")) d.ShowSection("STEP_OK");
            if (q.objection_reference) {
              d.AddSectionDictionary("OBJECTION")->SetValue("REF", *q.objection_reference);
            }
            if (q.clock.paused.count() > 0 || q.clock.paused_since) {
              auto* p = d.AddSectionDictionary("PAUSE");
              auto paused = q.clock.paused;
              if (q.clock.paused_since && now > *q.clock.paused_since) {
                paused +=
                    std::chrono::duration_cast<std::chrono::seconds>(now - *q.clock.paused_since);
              }
              const long days =
                  static_cast<long>(std::chrono::floor<std::chrono::days>(paused).count());
              p->SetValue("DAYS", days == 0 ? std::string("moins d'un jour")
                                            : std::to_string(days) + " jour(s)");
            }
            if (q.extended_at) {
              auto* e = d.AddSectionDictionary("EXTENDED");
              e->SetValue("DATE", Day(*q.extended_at));
              e->SetValue("REASON", q.extension_reason.value_or(""));
            }
            if (q.identity_checked_at) {
              auto* e = d.AddSectionDictionary("IDENTITY_CHECKED");
              e->SetValue("DATE", Day(*q.identity_checked_at));
              e->SetValue(
                  "METHOD",
                  IdentityMethodLabel(q.identity_method.value_or(consent::IdentityMethod::kOther)));
              e->SetValue("BY", names.StaffName(q.identity_checked_by.value_or(0)));
              if (q.identity_note)
                e->AddSectionDictionary("NOTE")->SetValue("TEXT", *q.identity_note);
            }
            if (q.state == RightsState::kAnswered) {
              auto* e = d.AddSectionDictionary("ANSWERED");
              e->SetValue("DATE", Day(q.closed_at.value_or(now)));
              e->SetValue("SUMMARY", q.answer_summary.value_or(""));
            }
            if (q.state == RightsState::kRefused) {
              auto* e = d.AddSectionDictionary("REFUSED");
              e->SetValue("DATE", Day(q.closed_at.value_or(now)));
              e->SetValue("GROUND", RefusalGroundLabel(q.refusal_ground.value_or(
                                        consent::RefusalGround::kManifestlyUnfounded)));
              e->SetValue("REASON", q.refusal_reason.value_or(""));
            }
            for (const auto& h : history) {
              auto* r = d.AddSectionDictionary("HISTORY");
              r->SetValue("AT", FormatParisHuman(h.at));
              r->SetValue("ACTION", StepLabel(h.action));
              r->SetValue("CODE", h.action);
              r->SetValue("TO", h.to ? RightsStateLabel(*h.to) : std::string());
              r->SetValue("ACTOR", names.Name(h.actor));
              r->SetValue("AUDIT_INDEX", h.audit_index ? std::to_string(*h.audit_index) : "—");
            }
            FillSteps(q, now, d);
            auto* letters = d.AddSectionDictionary("LETTERS");
            letters->SetValue("REFERENCE", q.reference);
            letters->SetValue("CSRF_TOKEN", ex.principal().csrf_token);
            if (!identity) {
              d.ShowSection("IDENTITY_BUTTON");
              return;
            }
            auto* s = d.AddSectionDictionary("IDENTITY");
            const auto& t = detail.traits;
            s->SetValue("BIRTH_NAME", t.birth_name);
            s->SetValue("USED_NAME", t.used_name.value_or("—"));
            s->SetValue("GIVEN_NAMES", t.given_names);
            // Shown as a French person writes it; 00 stays for an unknown part.
            s->SetValue("BIRTH_DATE", t.birth_date.size() == 10
                                          ? t.birth_date.substr(8, 2) + "/" +
                                                t.birth_date.substr(5, 2) + "/" +
                                                t.birth_date.substr(0, 4)
                                          : t.birth_date);
            s->SetValue("SEX", t.sex);
            s->SetValue("INS", t.ins.value_or("—"));
            s->SetValue("CONTACT", detail.contact.value_or("—"));
            s->SetValue("REQUESTER_NAME", detail.requester_name.value_or("—"));
          }));
  return Status::Ok();
}

Status Detail(HttpExchange& ex, RightsContext& c, bool identity) {
  GARANT_ASSIGN_OR_RETURN(std::string ref, ReferenceParam(ex));
  consent::RightsRequestDetail detail;
  if (identity) {
    GARANT_ASSIGN_OR_RETURN(detail, c.store.Detail(ref, ex.principal().Actor(), "page"));
    spdlog::info("rights request identity shown reference={}", ref);
  } else {
    GARANT_ASSIGN_OR_RETURN(detail.request, c.store.Get(ref));
  }
  return RenderDetail(ex, c, detail, identity, 200, "");
}

Status Step(HttpExchange& ex, RightsContext& c) {
  GARANT_ASSIGN_OR_RETURN(std::string ref, ReferenceParam(ex));
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  auto staff = StaffAccountId(ex.principal());
  if (!staff) return Status::PermissionDenied("only a staff account handles requests");
  consent::RightsTransition t;
  std::string error;
  auto action = consent::ParseRightsAction(fields["action"]);
  if (!action) {
    error = "Étape inconnue : rechargez la page.";
  } else {
    t.action = *action;
    if (!fields["expected_state"].empty()) {
      t.expected_state = consent::ParseRightsState(fields["expected_state"]);
    }
    if (!fields["method"].empty()) {
      t.method = consent::ParseIdentityMethod(fields["method"]);
      if (!t.method) error = std::string(FrenchReason(consent::kReasonMethodInvalid));
    }
    if (!fields["ground"].empty()) {
      t.ground = consent::ParseRefusalGround(fields["ground"]);
      if (!t.ground) error = std::string(FrenchReason(consent::kReasonGroundInvalid));
    }
    t.text = fields["text"];
  }
  if (error.empty()) {
    auto done = c.store.Apply(ref, t, *staff, ex.principal().Actor());
    if (done.ok()) {
      spdlog::info("rights request step reference={} action={} state={}", ref,
                   consent::Name(t.action), consent::Name(done->state));
      ex.Redirect("/console/droits/" + ref + "?ok=" + std::string(consent::Name(t.action)));
      return Status::Ok();
    }
    const Code code = done.status().code();
    if (code != Code::kInvalidArgument && code != Code::kConflict) return done.status();
    std::string_view fr = FrenchReason(done.status().reason());
    error = fr.empty() ? "Cette étape n'est pas possible." : std::string(fr);
  }
  consent::RightsRequestDetail detail;
  GARANT_ASSIGN_OR_RETURN(detail.request, c.store.Get(ref));
  return RenderDetail(ex, c, detail, false, 400, error);
}

Status Create(HttpExchange& ex, RightsContext& c) {
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  RightsForm f = ReadForm(fields);
  auto staff = StaffAccountId(ex.principal());
  if (!staff) return Status::PermissionDenied("only a staff account enters requests");
  const TimePoint now = c.services.clock.Now();
  consent::NewRightsRequest r;
  std::vector<FieldError> errors = FormToRequest(f, now, &r);
  for (auto& e : consent::ValidateRightsRequest(r, now)) errors.push_back(std::move(e));
  if (!errors.empty()) {
    RenderForm(ex, 400, f, errors);
    return Status::Ok();
  }
  auto created = c.store.Create(r, *staff, ex.principal().Actor());
  if (!created.ok()) {
    if (created.status().code() == Code::kNotFound) {
      RenderForm(ex, 400, f,
                 {{"objection_reference", "unknown objection",
                   std::string(consent::kReasonObjectionRequired)}},
                 "Aucune opposition ne porte cette référence.");
      return Status::Ok();
    }
    return created.status();
  }
  spdlog::info("rights request recorded reference={} type={}", created->reference,
               consent::Name(created->type));
  ex.Redirect("/console/droits/" + created->reference + "?ok=created");
  return Status::Ok();
}

}  // namespace

void AddRightsConsoleRoutes(Router& router, const std::shared_ptr<RightsContext>& ctx) {
  router.Add({.method = "GET",
              .pattern = "/console/droits",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return List(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/console/droits/nouvelle",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kNone,
              .handler = [](HttpExchange& ex) -> Status {
                RightsForm f;
                f.type = "access";
                f.requester = "person";
                f.channel = "letter";
                RenderForm(ex, 200, f, {});
                return Status::Ok();
              }});
  router.Add({.method = "POST",
              .pattern = "/console/droits/nouvelle",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Create(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/console/droits/{reference}",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return Detail(ex, *ctx, false); }});
  router.Add({.method = "POST",
              .pattern = "/console/droits/{reference}/identite",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Detail(ex, *ctx, true); }});
  router.Add({.method = "POST",
              .pattern = "/console/droits/{reference}/etape",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kRightsStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Step(ex, *ctx); }});
}

}  // namespace garant::server
