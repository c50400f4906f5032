// Pure governance rules: status machine, purposes, quorum, conflicts,
// decision validation, authorisation validity.

#include "garant/governance/rules.h"

#include <gtest/gtest.h>

namespace garant::governance {
namespace {

using S = ProjectStatus;
using namespace std::chrono_literals;

Date D(const char* s) { return *ParseDate(s); }
TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

Member M(int64_t id, MemberRole role, bool voting, const char* start = "2025-01-01",
         std::optional<const char*> end = std::nullopt) {
  Member m;
  m.id = id;
  m.committee_id = 1;
  m.full_name = "Membre " + std::to_string(id);
  m.role = role;
  m.voting = voting;
  m.term_start = D(start);
  if (end) m.term_end = D(*end);
  return m;
}

// 4 voting members (1 chair, 2 members, 1 patient rep), 1 non-voting expert.
std::vector<Member> Cse() {
  return {M(1, MemberRole::kChair, true), M(2, MemberRole::kMember, true),
          M(3, MemberRole::kMember, true), M(4, MemberRole::kPatientRepresentative, true),
          M(5, MemberRole::kExternalExpert, false)};
}

TEST(Model, NamesRoundTrip) {
  for (auto s : {S::kSubmitted, S::kUnderReview, S::kApproved, S::kApprovedWithConditions,
                 S::kRejected, S::kActive, S::kSuspended, S::kClosed}) {
    EXPECT_EQ(*ParseProjectStatus(ToString(s)), s);
  }
  EXPECT_EQ(*ParseMemberRole("patient_representative"), MemberRole::kPatientRepresentative);
  EXPECT_EQ(*ParseOutcome("favourable_with_conditions"), Outcome::kFavourableWithConditions);
  EXPECT_EQ(*ParseVoteChoice("abstain"), VoteChoice::kAbstain);
  EXPECT_FALSE(ParseProjectStatus("approuvé").ok());
  EXPECT_FALSE(ParseMemberRole("").ok());
}

TEST(Model, Dates) {
  EXPECT_EQ(FormatDate(D("2026-02-28")), "2026-02-28");
  EXPECT_FALSE(ParseDate("2026-02-30").ok());
  EXPECT_FALSE(ParseDate("2026-2-03").ok());
  EXPECT_FALSE(ParseDate("26-02-2026").ok());
  EXPECT_EQ(DateOf(T("2026-03-01T23:59:59Z")), D("2026-03-01"));
  Member m = M(1, MemberRole::kMember, true, "2025-01-01", "2025-12-31");
  EXPECT_TRUE(m.InOffice(D("2025-12-31")));
  EXPECT_FALSE(m.InOffice(D("2026-01-01")));
  EXPECT_FALSE(m.InOffice(D("2024-12-31")));
}

TEST(StatusMachine, AllowedTransitions) {
  EXPECT_TRUE(TransitionAllowed(S::kSubmitted, S::kUnderReview));
  EXPECT_TRUE(TransitionAllowed(S::kUnderReview, S::kApproved));
  EXPECT_TRUE(TransitionAllowed(S::kUnderReview, S::kApprovedWithConditions));
  EXPECT_TRUE(TransitionAllowed(S::kUnderReview, S::kRejected));
  EXPECT_TRUE(TransitionAllowed(S::kApproved, S::kActive));
  EXPECT_TRUE(TransitionAllowed(S::kApprovedWithConditions, S::kActive));
  EXPECT_TRUE(TransitionAllowed(S::kActive, S::kSuspended));
  EXPECT_TRUE(TransitionAllowed(S::kSuspended, S::kActive));
  EXPECT_TRUE(TransitionAllowed(S::kActive, S::kClosed));
  EXPECT_TRUE(TransitionAllowed(S::kSuspended, S::kClosed));
}

TEST(StatusMachine, ForbiddenTransitions) {
  EXPECT_FALSE(TransitionAllowed(S::kSubmitted, S::kApproved));
  EXPECT_FALSE(TransitionAllowed(S::kSubmitted, S::kActive));
  EXPECT_FALSE(TransitionAllowed(S::kUnderReview, S::kActive));
  EXPECT_FALSE(TransitionAllowed(S::kRejected, S::kActive));
  EXPECT_FALSE(TransitionAllowed(S::kRejected, S::kUnderReview));
  EXPECT_FALSE(TransitionAllowed(S::kClosed, S::kActive));
  EXPECT_FALSE(TransitionAllowed(S::kActive, S::kApproved));
  EXPECT_FALSE(TransitionAllowed(S::kSuspended, S::kSuspended));
  Status st = CheckTransition(S::kClosed, S::kActive);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message(), "transition not allowed: closed -> active");
  EXPECT_TRUE(DecidedByDecision(S::kRejected));
  EXPECT_FALSE(DecidedByDecision(S::kActive));
  EXPECT_EQ(StatusAfterDecision(Outcome::kFavourable), S::kApproved);
  EXPECT_EQ(StatusAfterDecision(Outcome::kUnfavourable), S::kRejected);
  EXPECT_EQ(StatusAfterDecision(Outcome::kDeferred), std::nullopt);
}

TEST(Purposes, AllowedForbiddenUnknown) {
  const auto& c = DefaultPurposes();
  EXPECT_TRUE(CheckPurpose(c, "research").ok());
  EXPECT_TRUE(CheckPurpose(c, "feasibility").ok());
  Status promo = CheckPurpose(c, "product_promotion");
  EXPECT_EQ(promo.code(), Code::kInvalidArgument);
  EXPECT_EQ(promo.message(), "forbidden purpose: product_promotion");
  EXPECT_EQ(CheckPurpose(c, "insurance_exclusion").message(),
            "forbidden purpose: insurance_exclusion");
  EXPECT_EQ(CheckPurpose(c, "marketing").message(), "unknown purpose: marketing");
  PurposeCatalogue custom{{"research"}, {}};
  EXPECT_FALSE(CheckPurpose(custom, "feasibility").ok());
  EXPECT_EQ(PurposeLabel("research"), "Recherches, études et évaluations");
}

TEST(Quorum, DefaultCseRuleNeedsMajorityAndPatientRepresentative) {
  QuorumRule cse;
  Date day = D("2026-03-10");
  // 3 of 4 voting, patient rep among them.
  EXPECT_TRUE(EvaluateQuorum(cse, Cse(), {1, 2, 4}, day).met);
  // 3 of 4 voting but no patient representative.
  QuorumReport no_patient = EvaluateQuorum(cse, Cse(), {1, 2, 3}, day);
  EXPECT_FALSE(no_patient.met);
  EXPECT_EQ(no_patient.voting_present, 3);
  EXPECT_EQ(no_patient.patient_representatives_present, 0);
  // Exactly half is not a strict majority.
  EXPECT_FALSE(EvaluateQuorum(cse, Cse(), {1, 4}, day).met);
  // Non-voting attendees do not count towards the majority.
  QuorumReport r = EvaluateQuorum(cse, Cse(), {1, 4, 5}, day);
  EXPECT_EQ(r.voting_total, 4);
  EXPECT_EQ(r.voting_present, 2);
  EXPECT_FALSE(r.met);
  EXPECT_NE(r.explanation.find("non atteint"), std::string::npos);
}

TEST(Quorum, ConfigurableRule) {
  QuorumRule half_inclusive{1, 2, false, 0};
  EXPECT_TRUE(EvaluateQuorum(half_inclusive, Cse(), {1, 2}, D("2026-03-10")).met);
  QuorumRule two_thirds{2, 3, false, 1};
  EXPECT_FALSE(EvaluateQuorum(two_thirds, Cse(), {1, 4}, D("2026-03-10")).met);
  EXPECT_TRUE(EvaluateQuorum(two_thirds, Cse(), {1, 2, 4}, D("2026-03-10")).met);
  EXPECT_TRUE(ValidateQuorumRule(two_thirds).ok());
  EXPECT_FALSE(ValidateQuorumRule({3, 2, true, 1}).ok());
  EXPECT_FALSE(ValidateQuorumRule({1, 0, true, 1}).ok());
  EXPECT_FALSE(ValidateQuorumRule({1, 2, true, -1}).ok());
}

TEST(Quorum, MembersOutOfOfficeDoNotCount) {
  std::vector<Member> ms = Cse();
  ms[2].term_end = D("2026-01-01");  // member 3 left
  QuorumReport r = EvaluateQuorum(QuorumRule{}, ms, {1, 4}, D("2026-03-10"));
  EXPECT_EQ(r.voting_total, 3);
  EXPECT_TRUE(r.met);
  EXPECT_FALSE(EvaluateQuorum(QuorumRule{}, {}, {}, D("2026-03-10")).met);
}

TEST(Conflicts, Lookup) {
  std::vector<Conflict> cs = {{2, 10, "consultant for the sponsor"}};
  EXPECT_TRUE(Conflicted(cs, 2, 10));
  EXPECT_FALSE(Conflicted(cs, 2, 11));
  EXPECT_FALSE(Conflicted(cs, 3, 10));
}

MeetingFacts Meeting() {
  MeetingFacts m;
  m.held_at = T("2026-03-10T14:00:00Z");
  m.members = Cse();
  m.present = {1, 2, 3, 4, 5};
  m.conflicts = {{3, 10, "co-investigator"}};
  m.agenda = {10};
  return m;
}

DecisionDraft Draft() {
  DecisionDraft d;
  d.project_id = 10;
  d.meeting_id = 1;
  d.outcome = Outcome::kFavourable;
  d.reasons = "Intérêt public établi, minimisation respectée.";
  d.votes = {{1, VoteChoice::kFor}, {2, VoteChoice::kFor}, {4, VoteChoice::kAbstain}};
  return d;
}

TEST(Decision, ValidDecision) { EXPECT_TRUE(ValidateDecision(Draft(), Meeting()).ok()); }

TEST(Decision, ReasonsAreMandatory) {
  DecisionDraft d = Draft();
  d.reasons = "  \n ";
  Status st = ValidateDecision(d, Meeting());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.message(), "reasons are mandatory");
}

TEST(Decision, ConditionsGoWithTheirOutcome) {
  DecisionDraft d = Draft();
  d.outcome = Outcome::kFavourableWithConditions;
  EXPECT_EQ(ValidateDecision(d, Meeting()).code(), Code::kInvalidArgument);
  d.conditions = "Pas d'export de données individuelles.";
  EXPECT_TRUE(ValidateDecision(d, Meeting()).ok());
  d.outcome = Outcome::kFavourable;
  EXPECT_EQ(ValidateDecision(d, Meeting()).code(), Code::kInvalidArgument);
}

TEST(Decision, RefusedWithoutQuorum) {
  MeetingFacts m = Meeting();
  m.present = {1, 2, 3, 5};  // majority, but no patient representative
  DecisionDraft d = Draft();
  d.votes = {{1, VoteChoice::kFor}};
  Status st = ValidateDecision(d, m);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message().rfind("quorum not met", 0), 0u) << st.message();
}

TEST(Decision, ConflictedMemberCannotVote) {
  DecisionDraft d = Draft();
  d.votes.push_back({3, VoteChoice::kFor});
  Status st = ValidateDecision(d, Meeting());
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message().rfind("conflicted member: member 3", 0), 0u) << st.message();
  // The conflict is per project: member 3 votes on another project.
  MeetingFacts m = Meeting();
  m.agenda.push_back(11);
  d.project_id = 11;
  EXPECT_TRUE(ValidateDecision(d, m).ok());
}

TEST(Decision, VotesOnlyFromPresentVotingKnownMembersOnce) {
  auto with_vote = [](Vote v) {
    DecisionDraft d = Draft();
    d.votes.push_back(v);
    return ValidateDecision(d, Meeting());
  };
  EXPECT_EQ(with_vote({5, VoteChoice::kFor}).message(), "non-voting member: member 5");
  EXPECT_EQ(with_vote({99, VoteChoice::kFor}).message(), "unknown member: member 99");
  EXPECT_EQ(with_vote({1, VoteChoice::kAgainst}).message(), "duplicate vote: member 1");
  MeetingFacts m = Meeting();
  m.present = {1, 2, 4};
  DecisionDraft d = Draft();
  d.votes.push_back({3, VoteChoice::kFor});
  EXPECT_EQ(ValidateDecision(d, m).message(), "absent member: member 3");
  m = Meeting();
  m.members[1].term_end = D("2026-01-01");
  EXPECT_EQ(ValidateDecision(Draft(), m).message(), "member not in office: member 2");
}

TEST(Decision, ProjectMustBeOnTheAgendaAndOutcomeMatchVotes) {
  DecisionDraft d = Draft();
  d.project_id = 11;
  EXPECT_EQ(ValidateDecision(d, Meeting()).code(), Code::kConflict);
  d = Draft();
  d.votes = {{1, VoteChoice::kAgainst}, {2, VoteChoice::kAgainst}, {4, VoteChoice::kFor}};
  EXPECT_EQ(ValidateDecision(d, Meeting()).message(),
            "outcome contradicts votes: more votes against than for");
  d.outcome = Outcome::kUnfavourable;
  EXPECT_TRUE(ValidateDecision(d, Meeting()).ok());
}

Authorisation Auth() {
  Authorisation a;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits", "diagnoses"};
  a.valid_from = T("2026-04-15T00:00:00Z");
  a.valid_until = T("2027-04-15T00:00:00Z");
  return a;
}

TEST(AuthorisationValidity, PublicationDelay) {
  auto published = std::optional<TimePoint>(T("2026-03-15T00:00:00Z"));
  EXPECT_TRUE(ValidateAuthorisation(Auth(), Outcome::kFavourable, published, 24h * 31).ok());
  // Exactly publication + delay is allowed; one second earlier is not.
  Authorisation a = Auth();
  a.valid_from = T("2026-04-14T00:00:00Z");
  EXPECT_TRUE(ValidateAuthorisation(a, Outcome::kFavourable, published, 24h * 30).ok());
  a.valid_from = T("2026-04-13T23:59:59Z");
  Status st = ValidateAuthorisation(a, Outcome::kFavourable, published, 24h * 30);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message().rfind("before publication delay", 0), 0u) << st.message();
}

TEST(AuthorisationValidity, OtherRules) {
  auto published = std::optional<TimePoint>(T("2026-03-01T00:00:00Z"));
  EXPECT_EQ(ValidateAuthorisation(Auth(), Outcome::kFavourable, std::nullopt, 24h).message(),
            "project not published");
  EXPECT_EQ(ValidateAuthorisation(Auth(), Outcome::kUnfavourable, published, 24h).code(),
            Code::kConflict);
  EXPECT_EQ(ValidateAuthorisation(Auth(), Outcome::kDeferred, published, 24h).code(),
            Code::kConflict);
  EXPECT_TRUE(
      ValidateAuthorisation(Auth(), Outcome::kFavourableWithConditions, published, 24h).ok());
  Authorisation a = Auth();
  a.valid_until = a.valid_from;
  EXPECT_EQ(ValidateAuthorisation(a, Outcome::kFavourable, published, 24h).code(),
            Code::kInvalidArgument);
  a = Auth();
  a.accounts.clear();
  EXPECT_EQ(ValidateAuthorisation(a, Outcome::kFavourable, published, 24h).code(),
            Code::kInvalidArgument);
  a = Auth();
  a.scope.domains = {"visits,calls"};
  EXPECT_EQ(ValidateAuthorisation(a, Outcome::kFavourable, published, 24h).code(),
            Code::kInvalidArgument);
}

TEST(AuthorisationValidity, FormalityRequired) {
  Project p;
  p.formality = "mr-004";
  p.formality_reference = "2226543 v 0";
  EXPECT_TRUE(CheckFormality(p).ok());
  p.formality_reference = "  ";
  Status st = CheckFormality(p);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message().rfind("formality missing", 0), 0u);
}

TEST(SeparationOfDuties, SecondSignatoryMustDiffer) {
  EXPECT_TRUE(CheckSecondSignatory("staff:2", {"staff:1", "staff:1"}).ok());
  Status st = CheckSecondSignatory("staff:1", {"staff:1"});
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_EQ(st.reason(), "same_signatory");
  // The recorder and the signer are both first signatories.
  EXPECT_EQ(CheckSecondSignatory("staff:3", {"staff:1", "staff:3"}).reason(), "same_signatory");
  // An unknown first signatory ("") never matches.
  EXPECT_TRUE(CheckSecondSignatory("staff:3", {""}).ok());
}

TEST(SeparationOfDuties, DecisionEffectiveOnlyWhenCosigned) {
  DecisionRecord d;
  EXPECT_FALSE(d.Effective());
  d.signed_at = TimePoint{};
  EXPECT_FALSE(d.Effective());
  d.cosigned_at = TimePoint{};
  EXPECT_TRUE(d.Effective());
}

TEST(Identifiers, Charset) {
  EXPECT_TRUE(ValidIdentifier("chercheur.dupont@inserm"));
  EXPECT_FALSE(ValidIdentifier(""));
  EXPECT_FALSE(ValidIdentifier("a,b"));
  EXPECT_FALSE(ValidIdentifier("a b"));
  EXPECT_FALSE(ValidIdentifier(std::string(129, 'a')));
}

// ---- organisation names (conflicts derived from declarations) ----

TEST(OrganisationKey, OneOrganisationWrittenOtherwiseHasOneKey) {
  const std::string key = OrganisationKey("Cabinet Perrin Conseil");
  EXPECT_EQ(key, "CABINET PERRIN CONSEIL");
  for (const char* same : {"cabinet perrin conseil", "  CABINET   PERRIN-CONSEIL ",
                           "Cabinet Perrin Conseil SAS", "Cabinet Perrin Conseil S.A.S.",
                           "SARL Cabinet Perrin Conseil", "cabinet perrin conseil, sarl",
                           "Cabinet Perrin-Conseil (SAS)", "Cabinet\u00a0Perrin Conseil"}) {
    EXPECT_EQ(OrganisationKey(same), key) << same;
  }
  // Accents, ligatures, apostrophes, "&" and the link words.
  EXPECT_EQ(OrganisationKey("Laboratoire Santé Plus"), OrganisationKey("LABORATOIRE SANTE PLUS"));
  EXPECT_EQ(OrganisationKey("Œuvre d'Étude"), OrganisationKey("oeuvre d etude"));
  EXPECT_EQ(OrganisationKey("Perrin & Fils"), OrganisationKey("Perrin et Fils"));
  EXPECT_EQ(OrganisationKey("C.H.U. de Lyon"), OrganisationKey("CHU Lyon"));
  EXPECT_EQ(OrganisationKey("Laboratoire de l’Ouest SA"), OrganisationKey("Laboratoire Ouest"));
}

TEST(OrganisationKey, DifferentOrganisationsKeepDifferentKeys) {
  // A word more or less, another word, another number: never merged.
  EXPECT_NE(OrganisationKey("Cabinet Perrin"), OrganisationKey("Cabinet Perrin Conseil"));
  EXPECT_NE(OrganisationKey("Laboratoire Alpha"), OrganisationKey("Laboratoire Alphae"));
  EXPECT_NE(OrganisationKey("Clinique 2000"), OrganisationKey("Clinique 3000"));
  EXPECT_NE(OrganisationKey("Clinique 2000"), OrganisationKey("Clinique"));
  EXPECT_NE(OrganisationKey("Santé Plus"), OrganisationKey("Santé Plus Ouest"));
  EXPECT_NE(OrganisationKey("Institut Pasteur de Lille"), OrganisationKey("Institut Pasteur"));
  // A legal form inside the name stays: only the ends are dropped.
  EXPECT_EQ(OrganisationKey("Groupe SA Santé"), "GROUPE SA SANTE");
  // A name that is only a legal form keeps it; no letter nor digit: "".
  EXPECT_EQ(OrganisationKey("SA"), "SA");
  EXPECT_EQ(OrganisationKey("  ---  "), "");
  EXPECT_EQ(OrganisationKey(""), "");
  // Invalid UTF-8 does not match a valid name by accident.
  EXPECT_NE(OrganisationKey("Perrin \xC3"), OrganisationKey("Perrin Conseil"));
}

}  // namespace
}  // namespace garant::governance
