// Objections (droit d'opposition): value types and their pure rules
// (docs/objections.md). Storage is objection_store.h.
//
// Pure functions, thread-safe. Errors: kInvalidArgument; ValidateObjection
// reports every invalid field at once, each with a reason slug whose French
// text the form shows (server/src/http/reasons_fr.cc).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/consent/identity.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::consent {

// Who asks: the patient, a parent of a minor, a legal guardian; or, for an
// objection of a health professional, the professional.
enum class Requester { kPatient, kParent, kGuardian, kProfessional };
// Whose data the objection is about: a patient (identity traits, tokens of
// Pseudonymisation v1) or a health professional (an RPPS number, its one
// "rpps" token: rpps.h). Stored as objections.subject_kind.
enum class SubjectKind { kPatient, kProfessional };
// How the objection arrived. Only kWeb has no staff account behind it.
enum class Channel { kWeb, kLetter, kPhone, kInPerson };
enum class ObjectionStatus { kEffective, kWithdrawn };

// Stable names, as stored and in the API: "patient", "parent", "guardian",
// "professional"; "patient", "professional" (subject kinds); "web",
// "letter", "phone", "in_person"; "effective", "withdrawn".
std::string_view Name(Requester r);
std::string_view Name(SubjectKind k);
std::optional<SubjectKind> ParseSubjectKind(std::string_view s);
std::string_view Name(Channel c);
std::string_view Name(ObjectionStatus s);
std::optional<Requester> ParseRequester(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<ObjectionStatus> ParseObjectionStatus(std::string_view s);

// Scope: "all" (all of CONTACT) or "project:<REF>" (one project), REF matching
// kProjectReferencePattern; "professional" for, and only for, an objection
// of a health professional (their identifier is removed from the data of
// every project; docs/exclusion-lists.md §1).
inline constexpr std::string_view kScopeAll = "all";
inline constexpr std::string_view kScopeProfessional = "professional";
inline constexpr std::string_view kScopeProjectPrefix = "project:";
inline constexpr std::string_view kProjectReferencePattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
bool IsWellFormedProjectReference(std::string_view ref);
// "all" or "project:<ref>"; kInvalidArgument otherwise (a patient's scope;
// "professional" is not one).
Status CheckScope(std::string_view scope);

inline constexpr size_t kMaxContactBytes = 500;
inline constexpr size_t kMaxGivenNamesBytes = 300;

// Extra field names of the form and of the API, besides identity.h's.
inline constexpr std::string_view kFieldRequester = "requester";
inline constexpr std::string_view kFieldScope = "scope";
inline constexpr std::string_view kFieldContact = "contact";
inline constexpr std::string_view kFieldChannel = "channel";
inline constexpr std::string_view kFieldReceivedAt = "received_at";

// Reasons of ValidateObjection's own field errors (besides kIdentityReasons).
inline constexpr std::string_view kReasonGivenNamesTooLong = "given_names_too_long";
inline constexpr std::string_view kReasonBirthPlaceTooLong = "birth_place_too_long";
inline constexpr std::string_view kReasonScopeInvalid = "scope_invalid";
inline constexpr std::string_view kReasonContactTooLong = "contact_too_long";
inline constexpr std::string_view kReasonContactInvalidCharacters = "contact_invalid_characters";
inline constexpr std::string_view kReasonWebChannelByStaff = "web_channel_by_staff";
inline constexpr std::string_view kReasonStaffChannelWithoutAccount =
    "staff_channel_without_account";
inline constexpr std::string_view kReasonReceivedInFuture = "received_in_future";
inline constexpr std::string_view kReasonReceivedOverAYearAgo = "received_over_a_year_ago";
inline constexpr std::string_view kReasonRequesterForSubject = "requester_for_subject";
inline constexpr std::array<std::string_view, 10> kObjectionReasons = {
    kReasonRequesterForSubject, kReasonGivenNamesTooLong,
    kReasonBirthPlaceTooLong,   kReasonScopeInvalid,
    kReasonContactTooLong,      kReasonContactInvalidCharacters,
    kReasonWebChannelByStaff,   kReasonStaffChannelWithoutAccount,
    kReasonReceivedInFuture,    kReasonReceivedOverAYearAgo};

// A new objection, as received. Nothing is checked yet.
struct NewObjection {
  SubjectKind subject = SubjectKind::kPatient;
  IdentityTraits traits;  // a patient's; ignored for a professional
  std::string rpps;       // a professional's RPPS number (11 digits); else empty
  Requester requester = Requester::kPatient;
  Channel channel = Channel::kWeb;
  std::optional<int64_t> entered_by;  // staff account id; required unless kWeb
  std::string scope = std::string(kScopeAll);
  std::optional<std::string> contact;  // postal or e-mail address; optional
  // The label of the information notice shown (notice_register.h): the
  // version the form was rendered with, or the one the API names. Unset: the
  // current version for the requester's audience (NoticeAudienceOf), read in
  // the objection's transaction. Either way ObjectionStore::Create checks it
  // against the register (kInvalidArgument, kReasonNoticeVersionUnknown).
  std::optional<std::string> notice_version;
  // When the letter or call was received, for staff entries (never in the
  // future, never before the letter could have been written); now when unset.
  std::optional<TimePoint> received_at;
};

// Every invalid field: the identity fields (ValidateIdentity) for a patient,
// the RPPS number (CheckRpps, field "rpps") for a professional, then
// requester (kProfessional exactly for a professional), scope ("professional"
// exactly for a professional), contact, channel/entered_by and received_at. Empty when the
// objection can be recorded. `now` gives the current year and the upper bound of received_at.
std::vector<FieldError> ValidateObjection(const NewObjection& o, TimePoint now);

// The answer deadline (RGPD art. 12(3)): one calendar month after receipt,
// clamped to the end of a shorter month (31 January -> 28/29 February), same
// time of day, computed in UTC.
TimePoint AnswerDeadline(TimePoint received_at);

// The UTC calendar year of t (for the birth-date rule).
int UtcYear(TimePoint t);

// The notice written for the person concerned: a parent acts for a minor
// (the minors' notice); a health professional objecting for themselves reads
// the professionals' one; the patient and a guardian read the adults' one.
// Declared here, defined in notice_register.cc.
enum class NoticeAudience;
NoticeAudience NoticeAudienceOf(Requester r);

// A stored objection, without clear identity.
struct Objection {
  std::string id;  // UUID
  std::string reference;
  SubjectKind subject = SubjectKind::kPatient;
  Requester requester = Requester::kPatient;
  Channel channel = Channel::kWeb;
  std::optional<int64_t> entered_by;
  std::string scope;
  TimePoint received_at{};
  TimePoint effective_at{};
  ObjectionStatus status = ObjectionStatus::kEffective;
  std::optional<TimePoint> withdrawn_at;
  std::string notice_version;
  int token_count = 0;
  std::optional<uint64_t> audit_index;  // index of its objection.created entry
  TimePoint deadline{};                 // AnswerDeadline(received_at)
  // The DPO marked the answer (or confirmation) as sent: the Paris day it
  // left ("YYYY-MM-DD") and the staff account that marked it.
  std::optional<std::string> answer_sent_on;
  std::optional<int64_t> answer_sent_by;
};

// The DPO's detail view: the objection and its decrypted clear data.
struct ObjectionDetail {
  Objection objection;
  IdentityTraits traits;  // a patient's (empty for a professional)
  std::string rpps;       // a professional's (empty for a patient)
  std::optional<std::string> contact;
  std::vector<std::string> tokens;
  std::string key_id;
};

// What the person keeps: shown once, the code is never stored in clear.
struct Receipt {
  Objection objection;
  std::string code;
};

}  // namespace garant::consent
