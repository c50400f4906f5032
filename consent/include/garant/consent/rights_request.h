// Rights requests (RGPD art. 15, 16, 17, 18, 21): value types and their pure
// rules: the states and the transitions between them, the answer deadline
// with its clock stop and extension, the flags the DPO sees, and the checks
// of a new request. Storage is rights_store.h; docs/rights-requests.md.
//
// Pure functions, thread-safe. Refusals carry a reason slug (kRightsReasons)
// whose French text the console shows (server/src/http/reasons_fr.cc).
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

// The right exercised: access (art. 15), rectification (16), erasure (17),
// restriction (18), objection (21: linked to an objection record).
enum class RightType { kAccess, kRectification, kErasure, kRestriction, kObjection };
// Who asks: the person, a parent of a minor, a guardian (tutelle, curatelle),
// an heir (art. 85 of the loi Informatique et Libertés), a lawyer.
enum class RightsRequester { kPerson, kParent, kGuardian, kHeir, kLawyer };
// How the request arrived.
enum class RightsChannel { kLetter, kEmail, kPhone, kInPerson, kWeb };
// received → identity_check (the clock stops) → in_progress → answered | refused.
// received → in_progress directly when identity is not in doubt.
enum class RightsState { kReceived, kIdentityCheck, kInProgress, kAnswered, kRefused };
// Legal ground of a refusal.
enum class RefusalGround {
  kManifestlyUnfounded,     // art. 12(5)
  kExcessive,               // art. 12(5): repetitive, excessive
  kIdentityNotEstablished,  // art. 12(2) and 12(6)
  kResearchException,       // art. 17(3)(d), art. 89: the research would be impossible
  kLegalObligation,         // art. 17(3)(b)
  kNoDataHeld,              // nothing held about the person (access answered negatively is
                            // an answer; this is for other rights)
};
// How identity was checked (proofs are never stored: only this fact).
enum class IdentityMethod {
  kKnownContact,   // the request came from the contact address already known
  kDocumentSeen,   // an identity document shown or sent, seen and not kept
  kInPerson,       // at a desk
  kAuthenticated,  // an authenticated channel (FranceConnect, a patient account)
  kOther,          // described in the note
};

// Stable names, as stored and in the API.
//   access, rectification, erasure, restriction, objection;
//   person, parent, guardian, heir, lawyer;
//   letter, email, phone, in_person, web;
//   received, identity_check, in_progress, answered, refused;
//   manifestly_unfounded, excessive, identity_not_established,
//   research_exception, legal_obligation, no_data_held;
//   known_contact, document_seen, in_person, authenticated, other.
std::string_view Name(RightType t);
std::string_view Name(RightsRequester r);
std::string_view Name(RightsChannel c);
std::string_view Name(RightsState s);
std::string_view Name(RefusalGround g);
std::string_view Name(IdentityMethod m);
std::optional<RightType> ParseRightType(std::string_view s);
std::optional<RightsRequester> ParseRightsRequester(std::string_view s);
std::optional<RightsChannel> ParseRightsChannel(std::string_view s);
std::optional<RightsState> ParseRightsState(std::string_view s);
std::optional<RefusalGround> ParseRefusalGround(std::string_view s);
std::optional<IdentityMethod> ParseIdentityMethod(std::string_view s);

// answered and refused are final.
bool IsClosed(RightsState s);

// What the DPO does to a request.
enum class RightsAction {
  kAskIdentity,     // received → identity_check: proof asked, the clock stops
  kVerifyIdentity,  // received | identity_check → in_progress: identity checked (method)
  kAnswer,          // in_progress → answered
  kRefuse,          // received | identity_check | in_progress → refused (ground, reason)
  kExtend,          // any open state, once, before the deadline: +2 months (reason)
};
// "ask_identity", "verify_identity", "answer", "refuse", "extend".
std::string_view Name(RightsAction a);
std::optional<RightsAction> ParseRightsAction(std::string_view s);

// The state after `action` from `from`; kConflict with reason
// kReasonTransitionRefused when the action is not allowed there (kExtend
// keeps the state).
Result<RightsState> NextState(RightsState from, RightsAction action);

// Reasons of the refusals of this module.
inline constexpr std::string_view kReasonTransitionRefused = "rights_transition_refused";
inline constexpr std::string_view kReasonAlreadyExtended = "rights_already_extended";
inline constexpr std::string_view kReasonExtensionTooLate = "rights_extension_too_late";
inline constexpr std::string_view kReasonTextRequired = "rights_text_required";
inline constexpr std::string_view kReasonTextInvalid = "rights_text_invalid";
inline constexpr std::string_view kReasonGroundInvalid = "rights_ground_invalid";
inline constexpr std::string_view kReasonMethodInvalid = "rights_identity_method_invalid";
inline constexpr std::string_view kReasonTypeInvalid = "rights_type_invalid";
inline constexpr std::string_view kReasonRequesterInvalid = "rights_requester_invalid";
inline constexpr std::string_view kReasonChannelInvalid = "rights_channel_invalid";
inline constexpr std::string_view kReasonReceivedInvalid = "rights_received_invalid";
inline constexpr std::string_view kReasonObjectionRequired = "rights_objection_required";
inline constexpr std::string_view kReasonObjectionOnlyForObjection =
    "rights_objection_only_for_objection";
inline constexpr std::string_view kReasonRequesterNameRequired = "rights_requester_name_required";
inline constexpr std::string_view kReasonStateStale = "rights_state_stale";
inline constexpr std::array<std::string_view, 15> kRightsReasons = {
    kReasonTransitionRefused,
    kReasonAlreadyExtended,
    kReasonExtensionTooLate,
    kReasonTextRequired,
    kReasonTextInvalid,
    kReasonGroundInvalid,
    kReasonMethodInvalid,
    kReasonTypeInvalid,
    kReasonRequesterInvalid,
    kReasonChannelInvalid,
    kReasonReceivedInvalid,
    kReasonObjectionRequired,
    kReasonObjectionOnlyForObjection,
    kReasonRequesterNameRequired,
    kReasonStateStale};

// Free texts (refusal reason, extension reason, identity note, answer
// summary): 1 to 2,000 characters of valid UTF-8 after trimming, no control
// character but newline and tab. Never identity traits: the console says so.
inline constexpr size_t kMaxRightsText = 2000;
// The trimmed text, or kInvalidArgument with kReasonTextRequired (blank) or
// kReasonTextInvalid.
Result<std::string> CheckRightsText(std::string_view text);

// The calendar months after `t`, same time of day, in UTC; a day that does not
// exist in the target month is clamped to its last day. AddCalendarMonths(t,
// 1) is AnswerDeadline(t) of objections (objection.h).
TimePoint AddCalendarMonths(TimePoint t, int months);

// The clock of a request. The deadline is one calendar month after receipt
// (three when extended: art. 12(3)), pushed back by the time spent waiting
// for proof of identity (décret 2019-536, art. 77: the delays are suspended).
struct RightsClock {
  TimePoint received_at{};
  bool extended = false;
  std::chrono::seconds paused{0};         // completed pauses
  std::optional<TimePoint> paused_since;  // set while in identity_check
};
// The deadline as of `now` (a running pause counts up to `now`).
TimePoint RightsDeadline(const RightsClock& c, TimePoint now);

// What the list shows for an open request: none, due within `soon_days`
// (7) days, overdue; paused while the clock is stopped. A closed request has
// no flag.
enum class DeadlineFlag { kNone, kDueSoon, kOverdue, kPaused, kClosed };
DeadlineFlag FlagFor(RightsState state, const RightsClock& c, TimePoint now, int soon_days = 7);
std::string_view Name(DeadlineFlag f);  // none, due_soon, overdue, paused, closed

// A new request, as received by the DPO. Nothing checked yet.
struct NewRightsRequest {
  RightType type = RightType::kAccess;
  RightsRequester requester = RightsRequester::kPerson;
  RightsChannel channel = RightsChannel::kLetter;
  std::optional<TimePoint> received_at;  // now when unset
  IdentityTraits traits;                 // the person concerned (sealed)
  std::optional<std::string> contact;    // where to answer (sealed)
  // Who writes when it is not the person (parent, heir, lawyer…): sealed too.
  std::optional<std::string> requester_name;
  // For type objection: the objection record (OPP-…), canonical.
  std::optional<std::string> objection_reference;
};
// Every invalid field: the identity (ValidateIdentity), then requester_name
// (required unless the person), contact (500 bytes, no control character but
// newline), received_at (not in the future, at most a year old), and the
// objection link (required for objection, refused otherwise).
std::vector<FieldError> ValidateRightsRequest(const NewRightsRequest& r, TimePoint now);

// A stored request, without clear identity.
struct RightsRequest {
  std::string id;         // UUID
  std::string reference;  // DRT-XXXX-XXXX
  RightType type = RightType::kAccess;
  RightsRequester requester = RightsRequester::kPerson;
  RightsChannel channel = RightsChannel::kLetter;
  RightsState state = RightsState::kReceived;
  RightsClock clock;
  int64_t entered_by = 0;
  TimePoint created_at{};
  std::optional<std::string> objection_reference;
  std::optional<std::string> extension_reason;
  std::optional<TimePoint> extended_at;
  // Identity checked: when, how, by whom (never the proof itself).
  std::optional<TimePoint> identity_checked_at;
  std::optional<IdentityMethod> identity_method;
  std::optional<int64_t> identity_checked_by;
  std::optional<std::string> identity_note;
  std::optional<TimePoint> closed_at;
  std::optional<std::string> answer_summary;
  std::optional<RefusalGround> refusal_ground;
  std::optional<std::string> refusal_reason;
};

// One recorded step of a request (its history), each with its audit entry.
struct RightsEvent {
  TimePoint at{};
  std::string actor;
  std::string action;  // "created" or a RightsAction name, or "letter:<kind>"
  std::optional<RightsState> from, to;
  std::optional<uint64_t> audit_index;
};

}  // namespace garant::consent
