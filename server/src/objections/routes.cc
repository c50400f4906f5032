// The public opposition pages (French, no JavaScript needed, CSRF-protected,
// rate-limited per address): /opposition, /opposition/professionnel (health
// professionals, keyed on the RPPS number), /opposition/statut,
// /opposition/retrait. The staff console and the JSON API are in
// objection_console.cc and objection_api.cc. docs/objections.md.
#include "http/routes.h"

#include <ctemplate/template.h>
#include <spdlog/spdlog.h>

#include "garant/consent/notice_register.h"
#include "garant/consent/objection_delivery.h"
#include "garant/core/decimal.h"
#include "http/dispatcher.h"
#include "http/pages.h"
#include "objections/context.h"
#include "objections/forms.h"
#include "objections/submission.h"

namespace garant::server {
namespace {

using consent::FieldError;

// Checks the per-address limit: kResourceExhausted (429, with Retry-After)
// when exceeded.
Status WithinLimit(HttpExchange& ex, ObjectionContext& c) {
  int64_t wait = c.limiter.Take(ex.ClientAddress());
  if (wait == 0) return Status::Ok();
  ex.SetHeader("Retry-After", std::to_string(wait));
  return Status::ResourceExhausted("too many submissions from this address");
}

void RenderLookup(HttpExchange& ex, ObjectionContext& c, int status, bool withdraw,
                  const std::string& reference, const std::string& error) {
  std::string csrf = AnonymousCsrfToken(ex, c.services);
  std::string title = withdraw ? "Retirer votre opposition" : "Suivre votre opposition";
  ex.SendHtml(
      status,
      RenderPage(title, "opp_lookup.tpl", ex.principal(), [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("HEADING", title);
        d.SetValue("INTRO", withdraw ? "Vous pouvez retirer votre opposition à tout "
                                       "moment. Indiquez la référence et le code "
                                       "secret de votre récépissé ; une confirmation "
                                       "vous sera demandée."
                                     : "Indiquez la référence et le code secret de "
                                       "votre récépissé pour connaître l'état de "
                                       "votre opposition.");
        d.SetValue("ACTION", withdraw ? "/opposition/retrait" : "/opposition/statut");
        d.SetValue("BUTTON", withdraw ? "Continuer" : "Consulter");
        d.SetValue("CSRF_TOKEN", csrf);
        d.SetValue("REFERENCE", reference);
        if (!error.empty()) {
          d.AddSectionDictionary("ERROR")->SetValue("MESSAGE", error);
        }
      }));
}

// The throttle key of a typed reference (its canonical form when it has one).
std::string ThrottleKey(const std::string& typed) {
  auto ref = consent::CanonicalReference(typed);
  return "opp:" + (ref.ok() ? *ref : typed.substr(0, 64));
}

const char* kWrongReceipt =
    "Aucune opposition ne correspond à cette référence et à ce code. Vérifiez votre récépissé.";

// Reads reference and code, applies the throttle. On failure (nullopt) the
// handler returns *done: the error, or Ok when the throttled form was
// re-rendered.
struct ReceiptInput {
  std::string reference, code, confirm;
};
// Withdrawals count against the per-address limit; lookups (status, proof)
// only against the wrong-code throttle.
std::optional<ReceiptInput> ReadReceipt(HttpExchange& ex, ObjectionContext& c, bool withdraw,
                                        Status* done) {
  if (withdraw) {
    *done = WithinLimit(ex, c);
    if (!done->ok()) return std::nullopt;
  }
  auto form = ex.FormBody();
  if (!form.ok()) {
    *done = form.status();
    return std::nullopt;
  }
  ReceiptInput in{(*form)["reference"], (*form)["code"], (*form)["confirm"]};
  int64_t wait =
      c.receipt_throttle.RetryAfterSeconds(ThrottleKey(in.reference), ex.ClientAddress());
  if (wait > 0) {
    ex.SetHeader("Retry-After", std::to_string(wait));
    RenderLookup(ex, c, 429, withdraw, in.reference.substr(0, 64),
                 "Trop de tentatives. Réessayez dans " + std::to_string(wait) + " secondes.");
    *done = Status::Ok();
    return std::nullopt;
  }
  return in;
}

// Handles a failed lookup: nullopt when st is ok (go on), else what the
// handler returns (Ok once the 404 form is re-rendered, or the error).
std::optional<Status> AnswerLookupFailure(HttpExchange& ex, ObjectionContext& c, const Status& st,
                                          bool withdraw, const ReceiptInput& in) {
  if (st.ok()) return std::nullopt;
  if (st.code() == Code::kNotFound) {
    c.receipt_throttle.RecordFailure(ThrottleKey(in.reference), ex.ClientAddress());
    RenderLookup(ex, c, 404, withdraw, in.reference.substr(0, 64), kWrongReceipt);
    return Status::Ok();
  }
  return st;
}

std::string HumanTime(const std::string& rfc3339) {
  TimePoint t;
  return ParseRfc3339(rfc3339, &t) ? FormatParisHuman(t) : rfc3339;
}

// The status page; with the receipt's code, it offers the proof download.
void RenderStatus(HttpExchange& ex, ObjectionContext& c, const consent::Objection& o,
                  const std::string& typed_code) {
  std::string csrf = AnonymousCsrfToken(ex, c.services);
  auto code = consent::CanonicalCode(typed_code);
  ex.SendHtml(200, RenderPage("Suivi de votre opposition", "opp_status.tpl", ex.principal(),
                              [&](ctemplate::TemplateDictionary& d) {
                                FillObjection(o, d);
                                FillDelivery(c, o, d);
                                if (code.ok()) {
                                  auto* p = d.AddSectionDictionary("PROOF");
                                  p->SetValue("CSRF_TOKEN", csrf);
                                  p->SetValue("REFERENCE", o.reference);
                                  p->SetValue("CODE", *code);
                                }
                              }));
}

// Sets the notices shown with the public form and their signed labels
// (information/notices.h): what the objection will record.
Status StampNotices(ObjectionContext& c, ObjectionForm* f) {
  consent::NoticeRegister reg(c.services.pool);
  GARANT_ASSIGN_OR_RETURN(std::optional<consent::Notice> adult,
                          reg.Current(consent::NoticeAudience::kAdult));
  GARANT_ASSIGN_OR_RETURN(std::optional<consent::Notice> minor,
                          reg.Current(consent::NoticeAudience::kMinor));
  f->adult_notice.reset();
  f->minor_notice.reset();
  if (adult) f->adult_notice = ViewOf(*adult);
  if (minor) f->minor_notice = ViewOf(*minor);
  const std::string none(consent::kNoNoticePublished);
  f->notice_shown = NoticesShownValue(adult ? adult->version : none, minor ? minor->version : none);
  f->notice_mac = NoticesShownMac(c.services.csrf_key, f->notice_shown);
  return Status::Ok();
}

Status ShowForm(HttpExchange& ex, ObjectionContext& c) {
  ObjectionForm f;
  f.requester = "patient";
  auto project = ex.Query("projet");
  if (project && consent::IsWellFormedProjectReference(*project)) {
    f.project = *project;
    f.scope = "project";
  } else {
    f.scope = "all";
  }
  f.submission_key = NewSubmissionKey(c.services.random);
  GARANT_RETURN_IF_ERROR(StampNotices(c, &f));
  std::string csrf = AnonymousCsrfToken(ex, c.services);
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(200, RenderObjectionForm(f, {}, false, csrf, ex.principal()));
  return Status::Ok();
}

constexpr const char* kFormExpired =
    "Ce formulaire a expiré, ou il a été ouvert dans un autre navigateur : rien n'a été "
    "enregistré. Vérifiez ce que vous avez saisi, puis envoyez-le de nouveau.";

constexpr const char* kNoticeUnverified =
    "La version de la notice d'information indiquée par ce formulaire n'a pas pu être vérifiée : "
    "rien n'a été enregistré. Relisez la notice ci-dessus, puis envoyez de nouveau le formulaire.";

// The objection form again after a CSRF failure (Route::on_csrf_failure): 403,
// what was typed, a fresh token; nothing recorded.
Status ObjectionFormExpired(HttpExchange& ex, ObjectionContext& c) {
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  ObjectionForm f = ReadObjectionForm(*fields);
  GARANT_RETURN_IF_ERROR(StampNotices(c, &f));
  std::string csrf = AnonymousCsrfToken(ex, c.services);
  ex.SendHtml(403, RenderObjectionForm(f, {}, false, csrf, ex.principal(), kFormExpired));
  return Status::Ok();
}

// The receipt lookup form again after a CSRF failure: the reference typed,
// never the code.
Status LookupFormExpired(HttpExchange& ex, ObjectionContext& c, bool withdraw) {
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  RenderLookup(ex, c, 403, withdraw, (*fields)["reference"].substr(0, 64), kFormExpired);
  return Status::Ok();
}

// ---- health professionals: /opposition/professionnel ----

// Sets the professionals' notice shown with their form and its signed label
// (information/notices.h): what the objection will record.
Status StampProfessionalNotice(ObjectionContext& c, ProfessionalForm* f) {
  consent::NoticeRegister reg(c.services.pool);
  GARANT_ASSIGN_OR_RETURN(std::optional<consent::Notice> current,
                          reg.Current(consent::NoticeAudience::kProfessional));
  f->notice.reset();
  if (current) f->notice = ViewOf(*current);
  f->notice_shown = current ? current->version : std::string(consent::kNoNoticePublished);
  f->notice_mac = NoticesShownMac(c.services.csrf_key, f->notice_shown);
  return Status::Ok();
}

// The form again, with what was typed and a fresh notice stamp.
Status SendProfessionalForm(HttpExchange& ex, ObjectionContext& c, int status, ProfessionalForm f,
                            const std::vector<FieldError>& errors,
                            const std::string& form_error = "") {
  GARANT_RETURN_IF_ERROR(StampProfessionalNotice(c, &f));
  std::string csrf = AnonymousCsrfToken(ex, c.services);
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(status, RenderProfessionalForm(f, errors, csrf, ex.principal(), form_error));
  return Status::Ok();
}

Status ShowProfessionalForm(HttpExchange& ex, ObjectionContext& c) {
  ProfessionalForm f;
  f.submission_key = NewSubmissionKey(c.services.random);
  return SendProfessionalForm(ex, c, 200, std::move(f), {});
}

Status ProfessionalFormExpired(HttpExchange& ex, ObjectionContext& c) {
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  return SendProfessionalForm(ex, c, 403, ReadProfessionalForm(*fields), {}, kFormExpired);
}

// The same flow as a patient's: one objection (subject "professional"),
// the same receipt, status and withdrawal pages.
Status SubmitProfessionalForm(HttpExchange& ex, ObjectionContext& c) {
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  ProfessionalForm f = ReadProfessionalForm(*fields);
  if (int64_t wait = c.limiter.Take(ex.ClientAddress()); wait > 0) {
    ex.SetHeader("Retry-After", std::to_string(wait));
    return SendProfessionalForm(ex, c, 429, f, {},
                                "Trop de demandes ont été envoyées depuis votre connexion. Rien "
                                "n'a été enregistré. Attendez " +
                                    std::to_string(wait) +
                                    " secondes, puis envoyez de nouveau le formulaire.");
  }
  // The same form sent again (a double click, a reload): its first receipt.
  GARANT_ASSIGN_OR_RETURN(Submission submission, TakeSubmission(ex, c.store, *fields, "public"));
  if (submission.answered) return Status::Ok();
  TimePoint now = c.services.clock.Now();
  consent::NewObjection o = ProfessionalFormToObjection(f);
  // The professionals' notice the page showed, as signed when rendered (the
  // patients' form's rule: a script that sends no stamp gets the version in
  // force; a stamp changed or half missing is refused).
  const bool stamped = !f.notice_shown.empty() || !f.notice_mac.empty();
  if (stamped) {
    o.notice_version = ShownProfessionalNotice(c.services.csrf_key, f.notice_shown, f.notice_mac);
    if (!o.notice_version) return SendProfessionalForm(ex, c, 400, f, {}, kNoticeUnverified);
  }
  std::vector<FieldError> errors = consent::ValidateObjection(o, now);
  if (errors.empty())
    return RecordAndSendReceipt(ex, c.store, o, "public", submission.request, false);
  return SendProfessionalForm(ex, c, 400, f, errors);
}

Status SubmitForm(HttpExchange& ex, ObjectionContext& c) {
  auto fields = ex.FormBody();
  if (!fields.ok()) return fields.status();
  ObjectionForm f = ReadObjectionForm(*fields);
  if (int64_t wait = c.limiter.Take(ex.ClientAddress()); wait > 0) {
    // Nothing recorded; the form comes back with what was typed, so that
    // the person can send it again later without retyping it.
    ex.SetHeader("Retry-After", std::to_string(wait));
    GARANT_RETURN_IF_ERROR(StampNotices(c, &f));
    std::string csrf = AnonymousCsrfToken(ex, c.services);
    ex.SendHtml(429, RenderObjectionForm(f, {}, false, csrf, ex.principal(),
                                         "Trop de demandes ont été envoyées depuis votre "
                                         "connexion. Rien n'a été enregistré. Attendez " +
                                             std::to_string(wait) +
                                             " secondes, puis envoyez de nouveau le formulaire."));
    return Status::Ok();
  }
  // The same form sent again (a double click, a reload): its first receipt.
  GARANT_ASSIGN_OR_RETURN(Submission submission, TakeSubmission(ex, c.store, *fields, "public"));
  if (submission.answered) return Status::Ok();
  TimePoint now = c.services.clock.Now();
  consent::NewObjection o;
  std::vector<FieldError> errors = FormToObjection(f, false, std::nullopt, now, &o);
  // The notice the page showed, for the requester's audience, as signed
  // when it was rendered: a notice published since does not change it. A
  // client that sends neither field did not render the form (a script): the
  // version in force now is recorded (o.notice_version unset). A field sent
  // but changed or half missing is refused.
  const bool stamped = !f.notice_shown.empty() || !f.notice_mac.empty();
  if (stamped) {
    o.notice_version =
        ShownNoticeFor(c.services.csrf_key, f.notice_shown, f.notice_mac, o.requester);
  }
  if (stamped && !o.notice_version) {
    GARANT_RETURN_IF_ERROR(StampNotices(c, &f));
    std::string csrf = AnonymousCsrfToken(ex, c.services);
    ex.SendHtml(400, RenderObjectionForm(f, {}, false, csrf, ex.principal(), kNoticeUnverified));
    return Status::Ok();
  }
  for (auto& e : consent::ValidateObjection(o, now)) errors.push_back(std::move(e));
  if (errors.empty()) {
    Status recorded = RecordAndSendReceipt(ex, c.store, o, "public", submission.request, false);
    if (recorded.code() != Code::kInvalidArgument) return recorded;
    errors.push_back({"birth_name", recorded.message(),
                      "Les informations saisies n'ont pas pu être enregistrées. Vérifiez-les."});
  }
  GARANT_RETURN_IF_ERROR(StampNotices(c, &f));
  std::string csrf = AnonymousCsrfToken(ex, c.services);
  ex.SendHtml(400, RenderObjectionForm(f, errors, false, csrf, ex.principal()));
  return Status::Ok();  // the form, re-rendered with its errors, is the response
}

}  // namespace

std::optional<int64_t> StaffAccountId(const Principal& p) {
  if (p.kind != Principal::Kind::kStaff) return std::nullopt;
  return ParseDecimal(p.id);
}

void FillDelivery(ObjectionContext& c, const consent::Objection& o,
                  ctemplate::TemplateDictionary& d) {
  auto delivery = consent::FindDelivery(c.services.pool, c.lists, o, c.services.clock.Now());
  if (!delivery.ok()) {
    spdlog::warn("objection delivery state of {} unavailable: {}", o.reference,
                 delivery.status().ToString());
    return;
  }
  if (delivery->first_version) {
    auto* v = d.AddSectionDictionary("LIST_VERSION");
    v->SetValue("VERSION", std::to_string(*delivery->first_version));
    v->SetValue("ISSUED", HumanTime(delivery->first_issued_at));
  } else {
    d.ShowSection("LIST_PENDING");
  }
  // The sentence a patient reads first: applied once every enabled consumer
  // has acknowledged a version that carries the objection.
  std::optional<TimePoint> last_applied;
  bool all_applied = !delivery->consumers.empty();
  for (const auto& k : delivery->consumers) {
    TimePoint at;
    if (!k.applied || !k.acked_at || !ParseRfc3339(*k.acked_at, &at)) {
      all_applied = false;
      break;
    }
    if (!last_applied || at > *last_applied) last_applied = at;
  }
  if (all_applied && last_applied) {
    d.AddSectionDictionary("APPLIED_SUMMARY")
        ->SetValue("APPLIED_AT", FormatParisWords(*last_applied));
  } else {
    d.ShowSection("PENDING_SUMMARY");
  }
  if (delivery->consumers.empty()) return;
  auto* cs = d.AddSectionDictionary("CONSUMERS");
  for (const auto& k : delivery->consumers) {
    auto* item = cs->AddSectionDictionary("CONSUMER");
    item->SetValue("NAME", k.name);
    if (k.applied) {
      auto* a = item->AddSectionDictionary("APPLIED");
      a->SetValue("ACKED", std::to_string(k.acked_version.value_or(0)));
      a->SetValue("ACKED_AT", HumanTime(k.acked_at.value_or("")));
    } else {
      item->ShowSection("NOT_APPLIED");
    }
  }
}

ObjectionContext::ObjectionContext(Services& s)
    : services(s),
      store(s.pool, s.audit_log(), s.random, s.clock,
            consent::MakeObjectionKeys(s.keys.pseudonymisation, s.keys.sealing,
                                       s.keys.previous_pseudonymisation)),
      lists(s.pool),
      receipt_throttle(s.clock),
      limiter(s.clock) {}

void AddObjectionRoutes(Router& router, Services& services) {
  auto ctx = std::make_shared<ObjectionContext>(services);

  router.Add({.method = "GET",
              .pattern = "/opposition",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status { return ShowForm(ex, *ctx); }});
  router.Add(
      {.method = "POST",
       .pattern = "/opposition",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kAnonymousForm,
       .handler = [ctx](HttpExchange& ex) -> Status { return SubmitForm(ex, *ctx); },
       .on_csrf_failure = [ctx](HttpExchange& ex) { return ObjectionFormExpired(ex, *ctx); }});

  router.Add(
      {.method = "GET",
       .pattern = "/opposition/professionnel",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kNone,
       .handler = [ctx](HttpExchange& ex) -> Status { return ShowProfessionalForm(ex, *ctx); }});
  router.Add(
      {.method = "POST",
       .pattern = "/opposition/professionnel",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kAnonymousForm,
       .handler = [ctx](HttpExchange& ex) -> Status { return SubmitProfessionalForm(ex, *ctx); },
       .on_csrf_failure = [ctx](HttpExchange& ex) { return ProfessionalFormExpired(ex, *ctx); }});

  router.Add({.method = "GET",
              .pattern = "/opposition/statut",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                RenderLookup(ex, *ctx, 200, false, "", "");
                return Status::Ok();
              }});
  router.Add(
      {.method = "POST",
       .pattern = "/opposition/statut",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kAnonymousForm,
       .handler = [ctx](HttpExchange& ex) -> Status {
         Status done;
         auto in = ReadReceipt(ex, *ctx, false, &done);
         if (!in) return done;
         auto o = ctx->store.FindByReceipt(in->reference, in->code);
         if (auto answer = AnswerLookupFailure(ex, *ctx, o.status(), false, *in)) return *answer;
         RenderStatus(ex, *ctx, *o, in->code);
         return Status::Ok();
       },
       .on_csrf_failure = [ctx](HttpExchange& ex) { return LookupFormExpired(ex, *ctx, false); }});

  router.Add({.method = "GET",
              .pattern = "/opposition/retrait",
              .kind = ResponseKind::kHtml,
              .access = Access::kPublic,
              .csrf = CsrfRule::kNone,
              .handler = [ctx](HttpExchange& ex) -> Status {
                RenderLookup(ex, *ctx, 200, true, "", "");
                return Status::Ok();
              }});
  router.Add(
      {.method = "POST",
       .pattern = "/opposition/retrait",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kAnonymousForm,
       .handler = [ctx](HttpExchange& ex) -> Status {
         Status done;
         auto in = ReadReceipt(ex, *ctx, true, &done);
         if (!in) return done;
         if (in->confirm != "oui") {
           // Step 1: check the receipt, then ask for confirmation.
           auto o = ctx->store.FindByReceipt(in->reference, in->code);
           if (auto answer = AnswerLookupFailure(ex, *ctx, o.status(), true, *in)) return *answer;
           if (o->status == consent::ObjectionStatus::kWithdrawn) {
             RenderStatus(ex, *ctx, *o, in->code);
             return Status::Ok();
           }
           std::string csrf = AnonymousCsrfToken(ex, ctx->services);
           std::string code = consent::CanonicalCode(in->code).value();
           ex.SendHtml(200, RenderPage("Confirmer le retrait", "opp_withdraw_confirm.tpl",
                                       ex.principal(), [&](ctemplate::TemplateDictionary& d) {
                                         FillObjection(*o, d);
                                         d.SetValue("CSRF_TOKEN", csrf);
                                         d.SetValue("CODE", code);
                                       }));
           return Status::Ok();
         }
         // Step 2: confirmed.
         auto w = ctx->store.Withdraw(in->reference, in->code, "public");
         if (w.status().code() == Code::kConflict) {
           auto o = ctx->store.FindByReceipt(in->reference, in->code);
           if (o.ok()) {
             RenderStatus(ex, *ctx, *o, in->code);
             return Status::Ok();
           }
         }
         if (auto answer = AnswerLookupFailure(ex, *ctx, w.status(), true, *in)) return *answer;
         spdlog::info("objection withdrawn reference={}", w->reference);
         ex.SendHtml(200, RenderPage("Opposition retirée", "opp_withdrawn.tpl", ex.principal(),
                                     [&](ctemplate::TemplateDictionary& d) {
                                       FillObjection(*w, d);
                                       d.SetValue("WITHDRAWN_AT",
                                                  FormatParisWords(*w->withdrawn_at));
                                     }));
         return Status::Ok();
       },
       .on_csrf_failure = [ctx](HttpExchange& ex) { return LookupFormExpired(ex, *ctx, true); }});

  // The tlog-proof that the objection entered the audit log (a file).
  router.Add(
      {.method = "POST",
       .pattern = "/opposition/preuve",
       .kind = ResponseKind::kHtml,
       .access = Access::kPublic,
       .csrf = CsrfRule::kAnonymousForm,
       .handler = [ctx](HttpExchange& ex) -> Status {
         Status done;
         auto in = ReadReceipt(ex, *ctx, false, &done);
         if (!in) return done;
         auto proof = ctx->store.Proof(in->reference, in->code);
         // Not signed that far yet: 503 and its French text by reason, through
         // the dispatcher, with a hint of when to retry.
         if (proof.status().reason() == consent::kReasonProofNotYetSigned) {
           ex.SetHeader("Retry-After", "5");
           return proof.status();
         }
         if (auto answer = AnswerLookupFailure(ex, *ctx, proof.status(), false, *in))
           return *answer;
         std::string ref = consent::CanonicalReference(in->reference).value();
         ex.SetHeader("Content-Disposition", "attachment; filename=\"" + ref + ".tlog-proof\"");
         ex.SendText(200, "text/plain; charset=utf-8", *proof);
         return Status::Ok();
       },
       .on_csrf_failure = [ctx](HttpExchange& ex) { return LookupFormExpired(ex, *ctx, false); }});

  AddObjectionConsoleRoutes(router, ctx);
  AddObjectionApiRoutes(router, ctx);
}

}  // namespace garant::server
