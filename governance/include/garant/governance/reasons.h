// The stable reasons of governance refusals (Status::reason(), see
// docs/error-model.md). A reason names the rule that refused; it is part of
// the API (`{"error":{"code","reason","message"}}`) and the key of the French
// texts shown on the console pages (server/src/http/reasons_fr.cc).
//
// Never rename or reuse a slug: add a new one. Every slug returned by the
// governance module is listed in kRuleReasons, and a server unit test checks
// that each one has a French text.
#pragma once

#include <array>
#include <string_view>

namespace garant::governance::reason {

// ---- project status machine ----
inline constexpr std::string_view kTransitionNotAllowed = "transition_not_allowed";
inline constexpr std::string_view kStatusSetByDecision = "status_set_by_decision";
inline constexpr std::string_view kProjectNotPublished = "project_not_published";

// ---- projects ----
inline constexpr std::string_view kForbiddenPurpose = "forbidden_purpose";
inline constexpr std::string_view kUnknownPurpose = "unknown_purpose";
inline constexpr std::string_view kForbiddenUseNotDeclared = "forbidden_use_not_declared";
inline constexpr std::string_view kInvalidReference = "invalid_reference";
inline constexpr std::string_view kUnknownFormality = "unknown_formality";
inline constexpr std::string_view kDataDomainCount = "data_domain_count";
inline constexpr std::string_view kInvalidDataDomain = "invalid_data_domain";
inline constexpr std::string_view kInvalidDuration = "invalid_duration";

// ---- committees and members ----
inline constexpr std::string_view kInvalidQuorumFraction = "invalid_quorum_fraction";
inline constexpr std::string_view kInvalidPatientMinimum = "invalid_patient_minimum";
inline constexpr std::string_view kInvalidTerm = "invalid_term";
inline constexpr std::string_view kInvalidDate = "invalid_date";

// ---- meetings ----
inline constexpr std::string_view kAgendaEmpty = "agenda_empty";
inline constexpr std::string_view kDuplicateAgendaOrAttendee = "duplicate_agenda_or_attendee";
inline constexpr std::string_view kAttendeeNotMember = "attendee_not_member";
inline constexpr std::string_view kAgendaProjectNotInCommittee = "agenda_project_not_in_committee";

// ---- decisions ----
inline constexpr std::string_view kReasonsRequired = "reasons_required";
inline constexpr std::string_view kConditionsRequired = "conditions_required";
inline constexpr std::string_view kConditionsNotAllowed = "conditions_not_allowed";
inline constexpr std::string_view kProjectNotOnAgenda = "project_not_on_agenda";
inline constexpr std::string_view kQuorumNotMet = "quorum_not_met";
inline constexpr std::string_view kUnknownMember = "unknown_member";
inline constexpr std::string_view kDuplicateVote = "duplicate_vote";
inline constexpr std::string_view kAbsentMember = "absent_member";
inline constexpr std::string_view kNonVotingMember = "non_voting_member";
inline constexpr std::string_view kMemberNotInOffice = "member_not_in_office";
inline constexpr std::string_view kConflictedMember = "conflicted_member";
inline constexpr std::string_view kOutcomeContradictsVotes = "outcome_contradicts_votes";
inline constexpr std::string_view kCommitteeNotReviewing = "committee_not_reviewing";
inline constexpr std::string_view kMeetingNotHeld = "meeting_not_held";
inline constexpr std::string_view kProjectNotUnderReview = "project_not_under_review";
inline constexpr std::string_view kDecisionAlreadySigned = "decision_already_signed";
inline constexpr std::string_view kDecisionAlreadyAmended = "decision_already_amended";
inline constexpr std::string_view kAmendmentOtherProject = "amendment_other_project";
inline constexpr std::string_view kAmendedDecisionUnsigned = "amended_decision_unsigned";
// Discarding an unsigned decision (sql/0038).
inline constexpr std::string_view kDiscardReasonRequired = "discard_reason_required";
inline constexpr std::string_view kDecisionReferenced = "decision_referenced";
// Decisions not about a project (sql/0027).
inline constexpr std::string_view kDecisionSubjectRequired = "decision_subject_required";
inline constexpr std::string_view kTopicNotOnAgenda = "topic_not_on_agenda";
inline constexpr std::string_view kInvalidTopic = "invalid_topic";
inline constexpr std::string_view kAmendmentOtherSubject = "amendment_other_subject";
// End of a mandate, replacement (sql/0028).
inline constexpr std::string_view kInvalidMandateEnd = "invalid_mandate_end";
inline constexpr std::string_view kReplacementStartsTooEarly = "replacement_starts_too_early";
// Declarations of interest (sql/0029).
inline constexpr std::string_view kInvalidDeclaration = "invalid_declaration";

// ---- separation of duties (two-person rule) ----
inline constexpr std::string_view kSameSignatory = "same_signatory";
inline constexpr std::string_view kDecisionAlreadyCosigned = "decision_already_cosigned";
inline constexpr std::string_view kDecisionNotCosigned = "decision_not_cosigned";
inline constexpr std::string_view kAuthorisationAlreadyConfirmed =
    "authorisation_already_confirmed";

// ---- authorisations ----
inline constexpr std::string_view kFormalityMissing = "formality_missing";
inline constexpr std::string_view kAccountRequired = "account_required";
inline constexpr std::string_view kDomainRequired = "domain_required";
inline constexpr std::string_view kInvalidIdentifier = "invalid_identifier";
inline constexpr std::string_view kInvalidValidityPeriod = "invalid_validity_period";
inline constexpr std::string_view kDecisionNotFavourable = "decision_not_favourable";
inline constexpr std::string_view kBeforePublicationDelay = "before_publication_delay";
inline constexpr std::string_view kDecisionOtherProject = "decision_other_project";
inline constexpr std::string_view kDecisionNotSigned = "decision_not_signed";
inline constexpr std::string_view kDecisionAmended = "decision_amended";
inline constexpr std::string_view kProjectStatusNoAuthorisation = "project_status_no_authorisation";
inline constexpr std::string_view kAuthorisationRevoked = "authorisation_revoked";
inline constexpr std::string_view kAuthorisationAlreadySuspended =
    "authorisation_already_suspended";
inline constexpr std::string_view kAuthorisationNotSuspended = "authorisation_not_suspended";
inline constexpr std::string_view kAuthorisationAlreadyRevoked = "authorisation_already_revoked";
inline constexpr std::string_view kProjectSuspended = "project_suspended";

// ---- corrections ----
inline constexpr std::string_view kCorrectionUnchanged = "correction_unchanged";
inline constexpr std::string_view kInvalidHdhNumber = "invalid_hdh_number";
// Directory fields of the portal (portal.h, sql/0031).
inline constexpr std::string_view kPortalUnknownField = "portal_unknown_field";
inline constexpr std::string_view kPortalTextTooLong = "portal_text_too_long";
inline constexpr std::string_view kPortalInvalidDate = "portal_invalid_date";
inline constexpr std::string_view kPortalInvalidUrl = "portal_invalid_url";
inline constexpr std::string_view kPortalInvalidValue = "portal_invalid_value";
inline constexpr std::string_view kPortalUnchanged = "portal_unchanged";
inline constexpr std::string_view kPortalResultWithdrawn = "portal_result_withdrawn";
inline constexpr std::string_view kResultsBeforeApproval = "results_before_approval";
inline constexpr std::string_view kInvalidSummary = "invalid_summary";
inline constexpr std::string_view kInvalidCohortSize = "invalid_cohort_size";

}  // namespace garant::governance::reason

namespace garant::governance {

// Every reason a governance refusal may carry (rules.h, model.h, store.h).
inline constexpr std::array kRuleReasons = {
    reason::kTransitionNotAllowed,
    reason::kStatusSetByDecision,
    reason::kProjectNotPublished,
    reason::kForbiddenPurpose,
    reason::kUnknownPurpose,
    reason::kForbiddenUseNotDeclared,
    reason::kInvalidReference,
    reason::kUnknownFormality,
    reason::kDataDomainCount,
    reason::kInvalidDataDomain,
    reason::kInvalidDuration,
    reason::kInvalidQuorumFraction,
    reason::kInvalidPatientMinimum,
    reason::kInvalidTerm,
    reason::kInvalidDate,
    reason::kAgendaEmpty,
    reason::kDuplicateAgendaOrAttendee,
    reason::kAttendeeNotMember,
    reason::kAgendaProjectNotInCommittee,
    reason::kReasonsRequired,
    reason::kConditionsRequired,
    reason::kConditionsNotAllowed,
    reason::kProjectNotOnAgenda,
    reason::kQuorumNotMet,
    reason::kUnknownMember,
    reason::kDuplicateVote,
    reason::kAbsentMember,
    reason::kNonVotingMember,
    reason::kMemberNotInOffice,
    reason::kConflictedMember,
    reason::kOutcomeContradictsVotes,
    reason::kCommitteeNotReviewing,
    reason::kMeetingNotHeld,
    reason::kProjectNotUnderReview,
    reason::kDecisionAlreadySigned,
    reason::kDecisionAlreadyAmended,
    reason::kAmendmentOtherProject,
    reason::kAmendedDecisionUnsigned,
    reason::kDiscardReasonRequired,
    reason::kDecisionReferenced,
    reason::kDecisionSubjectRequired,
    reason::kTopicNotOnAgenda,
    reason::kInvalidTopic,
    reason::kAmendmentOtherSubject,
    reason::kInvalidMandateEnd,
    reason::kReplacementStartsTooEarly,
    reason::kInvalidDeclaration,
    reason::kSameSignatory,
    reason::kDecisionAlreadyCosigned,
    reason::kDecisionNotCosigned,
    reason::kAuthorisationAlreadyConfirmed,
    reason::kFormalityMissing,
    reason::kAccountRequired,
    reason::kDomainRequired,
    reason::kInvalidIdentifier,
    reason::kInvalidValidityPeriod,
    reason::kDecisionNotFavourable,
    reason::kBeforePublicationDelay,
    reason::kDecisionOtherProject,
    reason::kDecisionNotSigned,
    reason::kDecisionAmended,
    reason::kProjectStatusNoAuthorisation,
    reason::kAuthorisationRevoked,
    reason::kAuthorisationAlreadySuspended,
    reason::kAuthorisationNotSuspended,
    reason::kAuthorisationAlreadyRevoked,
    reason::kProjectSuspended,
    reason::kCorrectionUnchanged,
    reason::kInvalidHdhNumber,
    reason::kPortalUnknownField,
    reason::kPortalTextTooLong,
    reason::kPortalInvalidDate,
    reason::kPortalInvalidUrl,
    reason::kPortalInvalidValue,
    reason::kPortalUnchanged,
    reason::kPortalResultWithdrawn,
    reason::kResultsBeforeApproval,
    reason::kInvalidSummary,
    reason::kInvalidCohortSize,
};

}  // namespace garant::governance
