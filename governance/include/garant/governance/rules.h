// The governance rules as pure functions: project status machine, purposes,
// quorum, conflicts of interest, decision validation, authorisation
// validity. No IO, no clock: every time is a parameter. Thread-safe.
//
// Errors: kInvalidArgument for malformed input (empty reasons, unknown
// member, forbidden purpose...), kConflict when the state of things refuses
// the action (quorum not met, conflicted or absent voter, transition not
// allowed). Every refusal carries a stable reason slug (Status::reason(),
// listed in reasons.h: "quorum_not_met", "conflicted_member"...): clients and
// pages key on it. Messages are English, for people, and may be reworded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"
#include "garant/governance/model.h"

namespace garant::governance {

// ---- project status machine ----
// submitted → under_review → approved | approved_with_conditions | rejected;
// approved, approved_with_conditions → active; active → suspended | closed;
// suspended → active | closed; approved, approved_with_conditions → closed.
bool TransitionAllowed(ProjectStatus from, ProjectStatus to);
// Transitions that only a signed decision may cause (to approved,
// approved_with_conditions, rejected).
bool DecidedByDecision(ProjectStatus to);
// kConflict "transition not allowed: a -> b" unless allowed.
Status CheckTransition(ProjectStatus from, ProjectStatus to);
// The status a signed decision moves an under_review project to; nullopt
// when the outcome does not move it (deferred).
std::optional<ProjectStatus> StatusAfterDecision(Outcome o);
// Whether an outcome allows authorisations to be derived from it.
bool Favourable(Outcome o);

// ---- purposes ----
// The purposes of the référentiel EDS (R1), and the ones the law forbids
// (CSP L.1461-1 V: product promotion, insurance exclusion or pricing).
struct PurposeCatalogue {
  std::vector<std::string> allowed;
  std::vector<std::string> forbidden;
};
const PurposeCatalogue& DefaultPurposes();
// French label of a known purpose ("Recherches, études et évaluations"), or
// the code itself.
std::string PurposeLabel(std::string_view code);
// ok for an allowed purpose; kInvalidArgument "forbidden purpose: x" or
// "unknown purpose: x" otherwise.
Status CheckPurpose(const PurposeCatalogue& catalogue, std::string_view purpose);

// ---- quorum ----
struct QuorumReport {
  bool met = false;
  int voting_total = 0;    // voting members in office on the meeting date
  int voting_present = 0;  // of those, present
  int patient_representatives_present = 0;
  std::string explanation;  // French, for pages: "5 membres votants présents sur 8 ..."
};
Status ValidateQuorumRule(const QuorumRule& rule);
QuorumReport EvaluateQuorum(const QuorumRule& rule, const std::vector<Member>& members,
                            const std::vector<int64_t>& present, Date meeting_date);

// ---- conflicts ----
bool Conflicted(const std::vector<Conflict>& conflicts, int64_t member_id, int64_t project_id);

// The key under which two names of an organisation are the same one (a
// declaration of interest naming it, a project's organisation): conflicts
// are derived when the keys are equal. In this order:
//   1. runs of ASCII digits are kept as words ("Clinique 2000" is not
//      "Clinique"); every other run goes through consent::Normalize
//      (Pseudonymisation v1's norm(): NFKD, accents dropped, Œ→OE…,
//      upper case, anything but A-Z a space) and is split into words;
//   2. consecutive one-letter words are joined ("S.A.S." → "SAS",
//      "C.H.U." → "CHU");
//   3. the words ET, DE, DU, DES, D, L, LA, LE, LES are dropped ("&" is a
//      space already): "Perrin & Fils" = "Perrin et Fils";
//   4. legal forms are dropped at either end, repeatedly: SA, SAS, SASU,
//      SARL, EURL, SNC, SCS, SCA, SCI, SCOP, SCP, SEL, SELARL, SELAS, SELAFA,
//      GIE, GIP, SEM, INC, LTD, LLC, GMBH, AG, PLC, BV, NV, SRL;
//   5. the words joined by one space.
// When steps 3-4 would leave nothing (an organisation named "SA"), the
// words of step 2 are the key. "" only for a name with no letter or digit.
// So "Cabinet Perrin Conseil", "CABINET PERRIN-CONSEIL S.A.S." and
// "cabinet  perrin conseil, SARL" share a key; "Cabinet Perrin" and
// "Cabinet Perrin Conseil", or "Clinique 2000" and "Clinique 3000", do not.
std::string OrganisationKey(std::string_view name);

// ---- decisions ----
// ok when the draft names exactly one subject: a project (project_id != 0)
// or a topic (topic_id); kInvalidArgument decision_subject_required
// otherwise.
Status CheckDecisionSubject(const DecisionDraft& d);
// Validates a decision against the meeting it is taken at. Checks, in order:
// reasons not blank; conditions present iff kFavourableWithConditions; one
// subject, a project or a topic (kInvalidArgument decision_subject_required);
// the project (or topic: topic_not_on_agenda) on the agenda; the quorum met (kConflict "quorum not
// met"); each vote from a known member of the committee (kInvalidArgument "unknown member"), at
// most once ("duplicate vote"), present ("absent member"), voting ("non-voting member"), in office
// ("member not in office") and, for a project, not conflicted on it ("conflicted member"), all
// kConflict; and a favourable outcome is not contradicted by the votes
// (more against than for: kConflict "outcome contradicts votes").
Status ValidateDecision(const DecisionDraft& d, const MeetingFacts& meeting);
// The reason given for discarding an unsigned decision: not blank, at most
// 2000 bytes (kInvalidArgument discard_reason_required).
Status ValidateDiscardReason(std::string_view reason);
// A topic of a meeting's agenda: title not blank, at most 300 characters
// (kInvalidArgument invalid_topic).
Status ValidateTopic(const Topic& t);

// ---- authorisations ----
// An authorisation may be created when: the decision is favourable; the
// project was published; valid_from >= published_at + publication_delay;
// valid_until > valid_from; at least one account and one domain. kConflict
// for the first two rules and the delay ("before publication delay"),
// kInvalidArgument for the rest.
Status ValidateAuthorisation(const Authorisation& a, Outcome decision_outcome,
                             std::optional<TimePoint> project_published_at,
                             std::chrono::seconds publication_delay);

// ---- separation of duties (two-person rule) ----
// The second signature of an act (a decision's co-signature, an
// authorisation's confirmation) must come from an actor that did not sign it
// first: ok, or kPermissionDenied with reason same_signatory when `second`
// is one of `first` (empty entries of `first` are ignored).
Status CheckSecondSignatory(std::string_view second, const std::vector<std::string>& first);

// R1: no data access for a project without its own formality. ok when the
// project names a formality and its reference (declaration receipt, CNIL
// authorisation number); kConflict "formality missing" otherwise.
Status CheckFormality(const Project& p);

// Identifiers used in scopes and account lists: 1–128 characters of
// [A-Za-z0-9._@:-] (no comma: they are stored as comma-joined lists).
bool ValidIdentifier(std::string_view s);

}  // namespace garant::governance
