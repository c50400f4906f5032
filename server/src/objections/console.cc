// The DPO's console pages for objections (roles dpo and admin):
//   GET  /console/oppositions               search; no clear identity
//   GET  /console/oppositions/nouvelle      entry form (letter, phone, in person)
//   POST /console/oppositions/nouvelle      record it; shows the receipt once
//   GET  /console/oppositions/{reference}   detail; decrypted identity for dpo only
//                                           (the reading is an audit entry)
//   POST /console/oppositions/{reference}/retrait   withdraw on the person's behalf
#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "http/pages.h"
#include "objections/context.h"
#include "objections/forms.h"

namespace garant::server {
namespace {

using consent::FieldError;

const std::vector<std::string> kObjectionStaff = {kRoleDpo, kRoleAdmin};

// "YYYY-MM-DD" as the start of that UTC day; false when malformed.
bool DayStart(const std::string& s, TimePoint* out) {
  return ParseRfc3339(s + "T00:00:00Z", out) && s.size() == 10;
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
  std::string from = ex.Query("from").value_or("");
  std::string to = ex.Query("to").value_or("");
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
  TimePoint t;
  if (!from.empty()) {
    if (DayStart(from, &t))
      q.received_from = t;
    else
      error = "Date de début invalide (AAAA-MM-JJ).";
  }
  if (!to.empty()) {
    if (DayStart(to, &t))
      q.received_to = t + std::chrono::days(1);
    else
      error = "Date de fin invalide (AAAA-MM-JJ).";
  }
  q.limit = 200;
  std::vector<consent::Objection> rows;
  if (error.empty()) {
    auto found = c.store.Search(q);
    if (!found.ok()) return found.status();
    rows = std::move(*found);
  }
  TimePoint now = c.services.clock.Now();
  ex.SendHtml(200, RenderPage("Oppositions", "opp_console.tpl", ex.principal(),
                              [&](ctemplate::TemplateDictionary& d) {
                                d.SetValue("Q_REFERENCE", ref);
                                d.SetValue("Q_FROM", from);
                                d.SetValue("Q_TO", to);
                                if (status == "effective") d.ShowSection("Q_EFFECTIVE");
                                if (status == "withdrawn") d.ShowSection("Q_WITHDRAWN");
                                if (channel == "web") d.ShowSection("Q_WEB");
                                if (channel == "letter") d.ShowSection("Q_LETTER");
                                if (channel == "phone") d.ShowSection("Q_PHONE");
                                if (channel == "in_person") d.ShowSection("Q_IN_PERSON");
                                if (!error.empty()) {
                                  d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
                                }
                                d.SetIntValue("COUNT", static_cast<long>(rows.size()));
                                for (const auto& o : rows) {
                                  auto* r = d.AddSectionDictionary("ROW");
                                  FillObjection(o, *r);
                                  r->SetValue("RECEIVED", ParisDate(o.received_at));
                                  auto left =
                                      std::chrono::floor<std::chrono::days>(o.deadline - now);
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

Status Detail(HttpExchange& ex, ObjectionContext& c) {
  auto ref = consent::CanonicalReference(ex.params().at("reference"));
  if (!ref.ok()) return Status::NotFound("no objection with this reference");
  bool identity = ex.principal().role == kRoleDpo;
  consent::ObjectionDetail detail;
  if (identity) {
    auto d = c.store.Detail(*ref, ex.principal().Actor());
    if (!d.ok()) return d.status();
    detail = std::move(*d);
  } else {
    auto o = c.store.Get(*ref);
    if (!o.ok()) return o.status();
    detail.objection = std::move(*o);
  }
  const consent::Objection& o = detail.objection;
  ex.SendHtml(
      200,
      RenderPage(
          "Opposition " + o.reference, "opp_detail.tpl", ex.principal(),
          [&](ctemplate::TemplateDictionary& d) {
            FillObjection(o, d);
            d.SetValue("NOTICE_VERSION", o.notice_version);
            d.SetValue("AUDIT_INDEX", o.audit_index ? std::to_string(*o.audit_index) : "—");
            if (o.entered_by) {
              d.AddSectionDictionary("ENTERED_BY")->SetValue("ID", std::to_string(*o.entered_by));
            }
            FillDelivery(c, o, d);
            if (o.status == consent::ObjectionStatus::kEffective) {
              d.AddSectionDictionary("CAN_WITHDRAW")
                  ->SetValue("CSRF_TOKEN", ex.principal().csrf_token);
            }
            if (!identity) {
              d.ShowSection("NO_IDENTITY");
              return;
            }
            auto* s = d.AddSectionDictionary("IDENTITY");
            const auto& t = detail.traits;
            s->SetValue("BIRTH_NAME", t.birth_name);
            s->SetValue("USED_NAME", t.used_name.value_or("—"));
            s->SetValue("GIVEN_NAMES", t.given_names);
            s->SetValue("BIRTH_DATE", t.birth_date);
            s->SetValue("SEX", t.sex);
            s->SetValue("INS", t.ins.value_or("—"));
            s->SetValue("CONTACT", detail.contact.value_or("—"));
            s->SetValue("KEY_ID", detail.key_id);
            for (const auto& tok : detail.tokens) {
              s->AddSectionDictionary("TOKEN")->SetValue("VALUE", tok);
            }
          }));
  return Status::Ok();
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
              .handler = [](HttpExchange& ex) -> Status {
                ObjectionForm f;
                f.requester = "patient";
                f.scope = "all";
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
                auto receipt = ctx->store.Create(o, ex.principal().Actor());
                if (!receipt.ok()) return receipt.status();
                spdlog::info("objection recorded reference={} channel={}",
                             receipt->objection.reference, consent::Name(o.channel));
                ex.SendHtml(200, RenderReceipt(*receipt, true, ex.principal()));
                return Status::Ok();
              }});
  // Withdrawal on the person's behalf (letter, call), after a confirmation box.
  router.Add({.method = "POST",
              .pattern = "/console/oppositions/{reference}/retrait",
              .kind = ResponseKind::kHtml,
              .access = Access::kRoles,
              .roles = kObjectionStaff,
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
              .handler = [ctx](HttpExchange& ex) -> Status { return Detail(ex, *ctx); }});
}

}  // namespace garant::server
