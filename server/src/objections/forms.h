// The objection form (public page and staff entry) and the pages built from
// an objection: reading the typed fields, turning them into a
// consent::NewObjection, and rendering with every field error next to its
// field while keeping what was typed. Pure functions of their arguments
// (rendering uses the templates loaded by InitPages). Thread-safe.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "garant/consent/objection.h"
#include "http/staff_names.h"
#include "information/notices.h"

namespace ctemplate {
class TemplateDictionary;
}

namespace garant::server {

// The fields as typed. Unknown fields of the request are ignored.
struct ObjectionForm {
  std::string birth_name, used_name, given_names, birth_date, sex, ins;
  std::string requester = "patient";
  std::string scope = "all";  // "all" or "project"
  std::string project;        // the project reference when scope == "project"
  std::string contact;
  // Staff entry only.
  std::string channel;        // letter, phone, in_person
  std::string received_date;  // JJ/MM/AAAA or YYYY-MM-DD, empty = today
  // Staff entry only: the form's key against a second sending
  // (objections/submission.h), as posted or as made for rendering; none
  // rendered when empty.
  std::string submission_key;
  // Public form only: the notice versions shown, and their MAC, as posted or
  // as stamped for rendering (information/notices.h).
  std::string notice_shown, notice_mac;
  // Public form only, for rendering (never read from a request): the notices
  // in force, adult then minor; a missing one leaves the configured minors'
  // sentence or no text.
  std::optional<NoticeView> adult_notice, minor_notice;
};

ObjectionForm ReadObjectionForm(const std::map<std::string, std::string>& fields);

// Reasons of the form's own field errors (FormToObjection); their French
// texts are in http/reasons_fr.cc.
inline constexpr std::string_view kReasonRequesterInvalid = "requester_invalid";
inline constexpr std::string_view kReasonScopeChoiceStaff = "scope_choice_staff";
inline constexpr std::string_view kReasonScopeChoicePublic = "scope_choice_public";
inline constexpr std::string_view kReasonChannelInvalid = "channel_invalid";
inline constexpr std::string_view kReasonReceivedDateFormat = "received_date_format";
inline constexpr std::array<std::string_view, 5> kObjectionFormReasons = {
    kReasonRequesterInvalid, kReasonScopeChoiceStaff, kReasonScopeChoicePublic,
    kReasonChannelInvalid, kReasonReceivedDateFormat};

// Fills *out from the form. Returns the errors of the fields the consent
// rules do not see (requester, scope choice, channel, received date); the
// caller then adds consent::ValidateObjection's. `entered_by` is set for a
// staff entry (staff == true).
std::vector<consent::FieldError> FormToObjection(const ObjectionForm& f, bool staff,
                                                 std::optional<int64_t> entered_by, TimePoint now,
                                                 consent::NewObjection* out);

// The form page (opp_form.tpl), with the errors next to their fields.
// Errors are shown in form order. `form_error`, when not empty, is shown
// under the heading for a refusal that is not about a field (too many
// submissions): the form comes back with what was typed.
std::string RenderObjectionForm(const ObjectionForm& f, std::vector<consent::FieldError> errors,
                                bool staff, const std::string& csrf_token,
                                const Principal& principal, const std::string& form_error = "");

// The reception fields of a staff entry (patient or professional): `channel`
// (letter, phone, in_person; web refused) and the received day (JJ/MM/AAAA or
// AAAA-MM-JJ, blank or today = now; a past day at noon UTC, never after now;
// a future day at noon UTC too, so that consent::ValidateObjection refuses
// it). Sets out->channel and out->received_at; returns the field errors
// ("channel", "received_at") with the form's reasons.
std::vector<consent::FieldError> ReadReception(const std::string& channel,
                                               const std::string& received_date, TimePoint now,
                                               consent::NewObjection* out);

// The health professionals' page (opp_professional.tpl): their rights, and
// the objection form keyed on the RPPS number. The fields as typed.
struct ProfessionalForm {
  std::string rpps, contact;
  // Staff entry only (opp_professional_staff.tpl); the submission key as in
  // ObjectionForm.
  std::string channel, received_date, submission_key;
  // Public form only: the professionals' notice label shown and its MAC, as
  // posted or as stamped for rendering (information/notices.h).
  std::string notice_shown, notice_mac;
  // Public form only, for rendering: the notice in force, if any.
  std::optional<NoticeView> notice;
};
ProfessionalForm ReadProfessionalForm(const std::map<std::string, std::string>& fields);
// The objection of a form (web channel): separators of the typed number
// removed (consent::StripRppsSeparators); the caller validates it.
consent::NewObjection ProfessionalFormToObjection(const ProfessionalForm& f);
// The objection of a staff entry (a physician's letter or call): as
// ProfessionalFormToObjection, with the reception fields (ReadReception) and
// `entered_by`. Returns the reception's field errors; the caller adds
// consent::ValidateObjection's (but its "channel" error when this one
// already reported it).
std::vector<consent::FieldError> ProfessionalStaffFormToObjection(const ProfessionalForm& f,
                                                                  std::optional<int64_t> entered_by,
                                                                  TimePoint now,
                                                                  consent::NewObjection* out);
std::string RenderProfessionalForm(const ProfessionalForm& f,
                                   const std::vector<consent::FieldError>& errors,
                                   const std::string& csrf_token, const Principal& principal,
                                   const std::string& form_error = "");
// The staff entry page (opp_professional_staff.tpl), errors next to their
// fields, in form order.
std::string RenderProfessionalStaffForm(const ProfessionalForm& f,
                                        std::vector<consent::FieldError> errors,
                                        const std::string& csrf_token, const Principal& principal);

// The receipt page (opp_receipt.tpl): reference, code (shown once), dates,
// what happens next. Printable.
std::string RenderReceipt(const consent::Receipt& r, bool staff, const Principal& principal);

// Sets the common variables of an objection (REFERENCE, STATUS_LABEL,
// RECEIVED, EFFECTIVE, WITHDRAWN section, SCOPE_LABEL, DEADLINE, ...).
void FillObjection(const consent::Objection& o, ctemplate::TemplateDictionary& d);

// "tout l'entrepôt CONTACT" or "le projet REF uniquement".
std::string ScopeLabel(const std::string& scope);
// French labels for pages ("la personne concernée elle-même", "courrier",
// "en vigueur"); consent's names stay English.
std::string_view RequesterLabel(consent::Requester r);
std::string_view ChannelLabel(consent::Channel c);
std::string_view ObjectionStatusLabel(consent::ObjectionStatus s);
// "28/11/2026" (Europe/Paris).
std::string ParisDate(TimePoint t);

}  // namespace garant::server
