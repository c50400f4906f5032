// The DPO's console pages for objections (roles dpo and admin; withdrawal and identity dpo only):
//   GET  /console/oppositions               search, "à traiter" filter, paged;
//                                           no clear identity
//   GET  /console/oppositions/nouvelle      entry form (letter, phone, in person)
//   POST /console/oppositions/nouvelle      record it; shows the receipt once
//   GET  /console/oppositions/nouvelle-professionnel   entry form of a health
//                                           professional's objection (RPPS
//                                           number; letter, phone, in person)
//   POST /console/oppositions/nouvelle-professionnel   record it (audited as
//                                           objection.created by the staff
//                                           account); shows the receipt once
//   GET  /console/oppositions/{reference}   detail, without the identity
//   POST /console/oppositions/{reference}/identite   dpo only: the same page
//                                           with the decrypted identity (the
//                                           reading is an audit entry)
//   POST /console/oppositions/{reference}/lettre     dpo only: the printable
//                                           letter confirming the objection,
//                                           filled from the sealed identity
//                                           (audited, purpose "letter")
//   POST /console/oppositions/{reference}/reponse    mark the answer as sent
//   POST /console/oppositions/{reference}/retrait    withdraw on the person's behalf
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "garant/consent/rights_store.h"
#include "garant/core/dates.h"
#include "garant/core/decimal.h"
#include "garant/core/urlencoded.h"
#include "http/actor_names.h"
#include "http/pages.h"
#include "objections/context.h"
#include "objections/forms.h"
#include "objections/submission.h"

namespace garant::server {
namespace {

using consent::FieldError;

const std::vector<std::string> kObjectionStaff = {kRoleDpo, kRoleAdmin};
// Separation of duties (issue #12): admin does not withdraw objections.
const std::vector<std::string> kObjectionWithdrawers = {kRoleDpo};
const std::vector<std::string> kIdentityStaff = {kRoleDpo};
constexpr int kPageSize = 50;

// "2026-12-02" → "02/12/2026".
std::string FrenchDay(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// One LINE section per line of `text` (a postal address typed on several
// lines), joined by <br> in the template: the HTML escaping turns newlines
// into spaces.
void FillLines(ctemplate::TemplateDictionary& d, const std::string& text) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) d.AddSectionDictionary("LINE")->SetValue("TEXT", line);
    start = end + 1;
  }
}

// The rights requests that name this objection (the other direction of
// the link: docs/rights-requests.md). Best effort, like FillDelivery.
void FillRightsRequests(ObjectionContext& c, const consent::Objection& o,
                        ctemplate::TemplateDictionary& d) {
  auto found = consent::RightsRequestsForObjection(c.services.pool, o.reference);
  if (!found.ok()) {
    spdlog::warn("rights requests of objection {} unreadable: {}", o.reference,
                 found.status().ToString());
    return;
  }
  for (const auto& r : *found) {
    d.AddSectionDictionary("RIGHTS_REQUEST")->SetValue("REF", r.reference);
  }
}

void RenderStaffForm(HttpExchange& ex, int status, const ObjectionForm& f,
                     std::vector<FieldError> errors) {
  ex.SendHtml(status,
              RenderObjectionForm(f, errors, true, ex.principal().csrf_token, ex.principal()));
}

Status List(HttpExchange& ex, ObjectionContext& c) {
  consent::ObjectionQuery q;
  std::string error;
  std::string ref = ex.Query("reference").value_or("");
  std::string status = ex.Query("status").value_or("");
  std::string channel = ex.Query("channel").value_or("");
  std::string answer = ex.Query("reponse").value_or("");
  std::string subject = ex.Query("personne").value_or("");
  std::string from = ex.Query("from").value_or("");
  std::string to = ex.Query("to").value_or("");
  int page = 1;
  if (auto p = ex.Query("page")) {
    auto n = ParseDecimal(*p);
    if (n && *n >= 1 && *n <= 10000) page = static_cast<int>(*n);
  }
  if (!ref.empty()) {
    auto canonical = consent::CanonicalReference(ref);
    if (canonical.ok()) {
      q.reference = *canonical;
    } else {
      error = "Référence mal formée (exemple : OPP-7K3M-9QXD).";
    }
  }
  if (!status.empty()) q.status = consent::ParseObjectionStatus(status);
  if (!channel.empty()) q.channel = consent::ParseChannel(channel);
  if (subject == "patient") q.subject = consent::SubjectKind::kPatient;
  if (subject == "professionnel") q.subject = consent::SubjectKind::kProfessional;
  if (answer == "a_traiter") q.answered = false;
  if (answer == "envoyee") q.answered = true;
  if (!from.empty()) {
    if (auto day = ParseTypedDay(from))
      q.received_from = *day;
    else
      error = "Date de début invalide (JJ/MM/AAAA).";
  }
  if (!to.empty()) {
    if (auto day = ParseTypedDay(to))
      q.received_to = *day + std::chrono::days(1);
    else
      error = "Date de fin invalide (JJ/MM/AAAA).";
  }
  // One more row than shown tells whether a next page exists.
  q.limit = kPageSize + 1;
  q.offset = (page - 1) * kPageSize;
  std::vector<consent::Objection> rows;
  if (error.empty()) {
    auto found = c.store.Search(q);
    if (!found.ok()) return found.status();
    rows = std::move(*found);
  }
  const bool more = static_cast<int>(rows.size()) > kPageSize;
  if (more) rows.resize(kPageSize);
  // The search, as a query string, for the paging links.
  std::string search;
  for (const auto& [k, v] : {std::pair<const char*, const std::string&>{"reference", ref},
                             {"status", status},
                             {"channel", channel},
                             {"reponse", answer},
                             {"personne", subject},
                             {"from", from},
                             {"to", to}}) {
    if (!v.empty()) search += std::string(k) + "=" + UrlEncode(v) + "&";
  }
  const auto names = ActorNames::Load(c.services);
  TimePoint now = c.services.clock.Now();
  ex.SendHtml(
      200,
      RenderPage(
          "Oppositions", "opp_console.tpl", ex.principal(), [&](ctemplate::TemplateDictionary& d) {
            d.SetValue("Q_REFERENCE", ref);
            d.SetValue("Q_FROM", from);
            d.SetValue("Q_TO", to);
            if (status == "effective") d.ShowSection("Q_EFFECTIVE");
            if (status == "withdrawn") d.ShowSection("Q_WITHDRAWN");
            if (channel == "web") d.ShowSection("Q_WEB");
            if (channel == "letter") d.ShowSection("Q_LETTER");
            if (channel == "phone") d.ShowSection("Q_PHONE");
            if (channel == "in_person") d.ShowSection("Q_IN_PERSON");
            if (subject == "patient") d.ShowSection("Q_PATIENT");
            if (subject == "professionnel") d.ShowSection("Q_PROFESSIONAL");
            if (answer == "a_traiter") d.ShowSection("Q_TO_ANSWER");
            if (answer == "envoyee") d.ShowSection("Q_ANSWERED");
            if (!error.empty()) {
              d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
            }
            const long first = static_cast<long>(q.offset) + 1;
            d.SetIntValue("COUNT", static_cast<long>(rows.size()));
            d.SetIntValue("PAGE", page);
            if (rows.empty()) {
              d.ShowSection("NO_ROW");
            } else {
              auto* r = d.AddSectionDictionary("RANGE");
              r->SetIntValue("FIRST", first);
              r->SetIntValue("LAST", first + static_cast<long>(rows.size()) - 1);
            }
            if (page > 1 || more) {
              auto* nav = d.AddSectionDictionary("PAGING");
              nav->SetIntValue("PAGE", page);
              if (page > 1) {
                nav->AddSectionDictionary("PREVIOUS")
                    ->SetValue("HREF", "/console/oppositions?" + search +
                                           "page=" + std::to_string(page - 1));
              }
              if (more) {
                nav->AddSectionDictionary("NEXT")->SetValue(
                    "HREF", "/console/oppositions?" + search + "page=" + std::to_string(page + 1));
              }
            }
            for (const auto& o : rows) {
              auto* r = d.AddSectionDictionary("ROW");
              FillObjection(o, *r);
              r->SetValue("RECEIVED", ParisDate(o.received_at));
              if (o.answer_sent_on) {
                auto* a = r->AddSectionDictionary("ANSWERED");
                a->SetValue("DATE", FrenchDay(*o.answer_sent_on));
                a->SetValue("BY", names.StaffName(o.answer_sent_by.value_or(0)));
                continue;
              }
              r->ShowSection("NOT_ANSWERED");
              auto left = std::chrono::floor<std::chrono::days>(o.deadline - now);
              if (o.deadline < now) {
                r->ShowSection("OVERDUE");
              } else if (left.count() <= 7) {
                r->AddSectionDictionary("DUE_SOON")
                    ->SetIntValue("DAYS_LEFT", static_cast<long>(left.count()));
              }
            }
          }));
  return Status::Ok();
}

// The detail page; `detail` holds the decrypted identity when the DPO asked
// for it (POST …/identite), else only the objection.
Status RenderDetail(HttpExchange& ex, ObjectionContext& c, const consent::ObjectionDetail& detail,
                    bool identity, int http_status, const std::string& error) {
  const consent::Objection& o = detail.objection;
  const bool dpo = ex.principal().role == kRoleDpo;
  const auto names = ActorNames::Load(c.services);
  const std::string csrf = ex.principal().csrf_token;
  ex.SendHtml(
      http_status,
      RenderPage("Opposition " + o.reference, "opp_detail.tpl", ex.principal(),
                 [&](ctemplate::TemplateDictionary& d) {
                   FillObjection(o, d);
                   d.SetValue("CSRF_TOKEN", csrf);
                   d.SetValue("NOTICE_VERSION", o.notice_version);
                   d.SetValue("AUDIT_INDEX", o.audit_index ? std::to_string(*o.audit_index) : "—");
                   if (o.entered_by) {
                     d.AddSectionDictionary("ENTERED_BY")
                         ->SetValue("NAME", names.StaffName(*o.entered_by));
                   }
                   if (!error.empty()) d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                   if (ex.Query("ok").value_or("") == "reponse") d.ShowSection("ANSWER_OK");
                   if (o.answer_sent_on) {
                     auto* a = d.AddSectionDictionary("ANSWERED");
                     a->SetValue("DATE", FrenchDay(*o.answer_sent_on));
                     a->SetValue("BY", names.StaffName(o.answer_sent_by.value_or(0)));
                   } else {
                     auto* a = d.AddSectionDictionary("CAN_MARK_ANSWER");
                     a->SetValue("TODAY", ParisDate(c.services.clock.Now()));
                   }
                   FillDelivery(c, o, d);
                   // The rights requests about it (rights/, dpo only).
                   if (dpo) FillRightsRequests(c, o, d);
                   // Only the DPO withdraws (separation of duties).
                   if (dpo && o.status == consent::ObjectionStatus::kEffective)
                     d.ShowSection("CAN_WITHDRAW");
                   if (!dpo) {
                     d.ShowSection("NO_IDENTITY");
                     return;
                   }
                   if (o.channel != consent::Channel::kWeb) d.ShowSection("CAN_PRINT_LETTER");
                   if (!identity) {
                     d.ShowSection("IDENTITY_BUTTON");
                     return;
                   }
                   auto* s = d.AddSectionDictionary("IDENTITY");
                   if (o.subject == consent::SubjectKind::kProfessional) {
                     s->AddSectionDictionary("PROFESSIONAL_RPPS")->SetValue("RPPS", detail.rpps);
                   } else {
                     auto* p = s->AddSectionDictionary("PATIENT_TRAITS");
                     const auto& t = detail.traits;
                     p->SetValue("BIRTH_NAME", t.birth_name);
                     p->SetValue("USED_NAME", t.used_name.value_or("—"));
                     p->SetValue("GIVEN_NAMES", t.given_names);
                     p->SetValue("BIRTH_DATE", FrenchDay(t.birth_date));
                     p->SetValue("SEX", t.sex);
                     p->SetValue("INS", t.ins.value_or("—"));
                   }
                   if (detail.contact) {
                     FillLines(*s->AddSectionDictionary("CONTACT"), *detail.contact);
                   } else {
                     s->ShowSection("NO_CONTACT");
                   }
                   s->SetValue("KEY_ID", detail.key_id);
                   for (const auto& tok : detail.tokens) {
                     s->AddSectionDictionary("TOKEN")->SetValue("VALUE", tok);
                   }
                 }));
  return Status::Ok();
}

Result<std::string> ReferenceParam(HttpExchange& ex) {
  auto ref = consent::CanonicalReference(ex.params().at("reference"));
  if (!ref.ok()) return Status::NotFound("no objection with this reference");
  return *ref;
}

Status Detail(HttpExchange& ex, ObjectionContext& c, bool identity) {
  GARANT_ASSIGN_OR_RETURN(std::string ref, ReferenceParam(ex));
  consent::ObjectionDetail detail;
  if (identity) {
    GARANT_ASSIGN_OR_RETURN(detail, c.store.Detail(ref, ex.principal().Actor()));
    spdlog::info("objection identity shown reference={}", ref);
  } else {
    GARANT_ASSIGN_OR_RETURN(detail.objection, c.store.Get(ref));
  }
  ex.SetHeader("Cache-Control", "no-store");
  return RenderDetail(ex, c, detail, identity, 200, "");
}

Status MarkAnswer(HttpExchange& ex, ObjectionContext& c) {
  GARANT_ASSIGN_OR_RETURN(std::string ref, ReferenceParam(ex));
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  auto staff = StaffAccountId(ex.principal());
  if (!staff) return Status::PermissionDenied("only a staff account can mark an answer");
  std::string typed = fields["sent_on"];
  std::optional<std::chrono::sys_days> day = ParseTypedDay(typed);
  std::string error;
  if (!day) {
    error = "Indiquez la date d'envoi de la réponse sous la forme JJ/MM/AAAA.";
  } else {
    auto marked = c.store.MarkAnswerSent(ref, FormatIsoDay(*day), *staff, ex.principal().Actor());
    if (marked.ok()) {
      spdlog::info("objection answer marked sent reference={}", ref);
      ex.Redirect("/console/oppositions/" + ref + "?ok=reponse");
      return Status::Ok();
    }
    if (marked.status().code() == Code::kConflict) {
      ex.Redirect("/console/oppositions/" + ref);
      return Status::Ok();
    }
    if (marked.status().code() != Code::kInvalidArgument) return marked.status();
    error =
        "La date d'envoi ne peut être ni dans le futur ni antérieure à la réception de "
        "l'opposition.";
  }
  consent::ObjectionDetail detail;
  GARANT_ASSIGN_OR_RETURN(detail.objection, c.store.Get(ref));
  return RenderDetail(ex, c, detail, false, 400, error);
}

// The letter confirming an objection received by post, phone or in person,
// addressed to the person from the sealed identity and contact address
// (decrypted for this page only, the reading audited; nothing is kept).
Status Letter(HttpExchange& ex, ObjectionContext& c) {
  GARANT_ASSIGN_OR_RETURN(std::string ref, ReferenceParam(ex));
  GARANT_ASSIGN_OR_RETURN(consent::ObjectionDetail detail,
                          c.store.Detail(ref, ex.principal().Actor(), "letter"));
  spdlog::info("objection letter prepared reference={}", ref);
  const consent::Objection& o = detail.objection;
  const auto& t = detail.traits;
  const bool professional = o.subject == consent::SubjectKind::kProfessional;
  // A physician is addressed by the number they gave (no name is kept).
  std::string name = professional ? "Professionnel de santé, numéro RPPS " + detail.rpps
                                  : t.given_names + " " + t.used_name.value_or(t.birth_name);
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(200,
              RenderPage("Lettre de confirmation " + o.reference, "opp_letter.tpl", ex.principal(),
                         [&](ctemplate::TemplateDictionary& d) {
                           FillObjection(o, d);
                           d.SetValue("TODAY", FormatParisDayWords(c.services.clock.Now()));
                           d.SetValue("NAME", name);
                           if (!professional && t.used_name && *t.used_name != t.birth_name) {
                             d.AddSectionDictionary("BIRTH_NAME")->SetValue("TEXT", t.birth_name);
                           }
                           if (detail.contact) {
                             FillLines(*d.AddSectionDictionary("ADDRESS"), *detail.contact);
                           } else {
                             d.ShowSection("NO_ADDRESS");
                           }
                           d.SetValue("CHANNEL_SENTENCE", o.channel == consent::Channel::kPhone
                                                              ? "lors de votre appel téléphonique"
                                                          : o.channel == consent::Channel::kInPerson
                                                              ? "lors de votre venue"
                                                              : "par courrier");
                           if (!professional) d.ShowSection("PATIENT_CARE");
                           if (!professional && o.requester != consent::Requester::kPatient) {
                             d.ShowSection("FOR_SOMEONE_ELSE");
                           }
                           d.SetValue("SIGNATORY", ex.principal().display_name);
                         }));
  return Status::Ok();
}

// A physician's objection received by letter or phone: the same record as
// /opposition/professionnel's (subject professional, scope professional),
// entered by a staff account with its channel and received day.
Status SubmitProfessional(HttpExchange& ex, ObjectionContext& c) {
  GARANT_ASSIGN_OR_RETURN(auto fields, ex.FormBody());
  // The same form sent again: its first receipt page.
  GARANT_ASSIGN_OR_RETURN(Submission submission,
                          TakeSubmission(ex, c.store, fields, ex.principal().Actor()));
  if (submission.answered) return Status::Ok();
  ProfessionalForm f = ReadProfessionalForm(fields);
  TimePoint now = c.services.clock.Now();
  consent::NewObjection o;
  std::vector<FieldError> errors =
      ProfessionalStaffFormToObjection(f, StaffAccountId(ex.principal()), now, &o);
  for (auto& e : consent::ValidateObjection(o, now)) {
    // ProfessionalStaffFormToObjection already reported a bad channel.
    if (e.field == "channel" && o.channel == consent::Channel::kWeb) continue;
    errors.push_back(std::move(e));
  }
  if (!errors.empty()) {
    ex.SendHtml(400, RenderProfessionalStaffForm(f, std::move(errors), ex.principal().csrf_token,
                                                 ex.principal()));
    return Status::Ok();
  }
  return RecordAndSendReceipt(ex, c.store, o, ex.principal().Actor(), submission.request, true);
}

}  // namespace

void AddObjectionConsoleRoutes(Router& router, const std::shared_ptr<ObjectionContext>& ctx) {
  router.Add({.method = "GET",
              .pattern = "/console/oppositions",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return List(ex, *ctx); }});
  router.Add({.method = "GET",
              .pattern = "/console/oppositions/nouvelle",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                ObjectionForm f;
                f.requester = "patient";
                f.scope = "all";
                f.submission_key = NewSubmissionKey(ctx->services.random);
                RenderStaffForm(ex, 200, f, {});
                return Status::Ok();
              }});
  router.Add({.method = "POST",
              .pattern = "/console/oppositions/nouvelle",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status {
                auto fields = ex.FormBody();
                if (!fields.ok()) return fields.status();
                // The same form sent again: its first receipt page.
                GARANT_ASSIGN_OR_RETURN(
                    Submission submission,
                    TakeSubmission(ex, ctx->store, *fields, ex.principal().Actor()));
                if (submission.answered) return Status::Ok();
                ObjectionForm f = ReadObjectionForm(*fields);
                TimePoint now = ctx->services.clock.Now();
                consent::NewObjection o;
                std::vector<FieldError> errors =
                    FormToObjection(f, true, StaffAccountId(ex.principal()), now, &o);
                for (auto& e : consent::ValidateObjection(o, now)) {
                  // FormToObjection already reported a bad channel.
                  if (e.field == "channel" && o.channel == consent::Channel::kWeb) continue;
                  errors.push_back(std::move(e));
                }
                if (!errors.empty()) {
                  RenderStaffForm(ex, 400, f, std::move(errors));
                  return Status::Ok();
                }
                return RecordAndSendReceipt(ex, ctx->store, o, ex.principal().Actor(),
                                            submission.request, true);
              }});
  router.Add({.method = "GET",
              .pattern = "/console/oppositions/nouvelle-professionnel",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                ProfessionalForm f;
                f.submission_key = NewSubmissionKey(ctx->services.random);
                ex.SendHtml(200, RenderProfessionalStaffForm(f, {}, ex.principal().csrf_token,
                                                             ex.principal()));
                return Status::Ok();
              }});
  router.Add(
      {.method = "POST",
       .pattern = "/console/oppositions/nouvelle-professionnel",
       .kind = ResponseKind::kHtml,
       .access = Access::kRoles,
       .roles = kObjectionStaff,
       .csrf = CsrfRule::kSession,
       .handler = [ctx](HttpExchange& ex) -> Status { return SubmitProfessional(ex, *ctx); }});
  // Withdrawal on the person's behalf (letter, call), after a confirmation box.
  router.Add({.method = "POST",
              .pattern = "/console/oppositions/{reference}/retrait",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionWithdrawers,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status {
                auto ref = consent::CanonicalReference(ex.params().at("reference"));
                if (!ref.ok()) return Status::NotFound("no such objection");
                auto fields = ex.FormBody();
                if (!fields.ok()) return fields.status();
                if ((*fields)["confirm"] != "oui") {
                  return Status::InvalidArgument(
                      "Cochez la case de confirmation pour retirer l'opposition.");
                }
                auto w = ctx->store.WithdrawByStaff(*ref, ex.principal().Actor());
                if (!w.ok() && w.status().code() != Code::kConflict) {
                  return w.status();
                }
                if (w.ok()) spdlog::info("objection withdrawn by staff reference={}", *ref);
                ex.Redirect("/console/oppositions/" + *ref);
                return Status::Ok();
              }});
  router.Add({.method = "GET",
              .pattern = "/console/oppositions/{reference}",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return Detail(ex, *ctx, false); }});
  // The identity only on request, each showing an audit entry: a POST, so
  // that neither a reload nor a prefetch reads it again unnoticed.
  router.Add({.method = "POST",
              .pattern = "/console/oppositions/{reference}/identite",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kIdentityStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Detail(ex, *ctx, true); }});
  router.Add({.method = "POST",
              .pattern = "/console/oppositions/{reference}/lettre",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kIdentityStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return Letter(ex, *ctx); }});
  router.Add({.method = "POST",
              .pattern = "/console/oppositions/{reference}/reponse",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
              .csrf = CsrfRule::kSession,
              .handler = [ctx](HttpExchange& ex) -> Status { return MarkAnswer(ex, *ctx); }});
}

}  // namespace garant::server
