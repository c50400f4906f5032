// Stable reasons: every refusal of the pure rules (rules.h, model.h) carries
// a reason slug listed in kRuleReasons. The server checks that each listed
// slug has a French text (server/tests/reasons_fr_test.cc).

#include "garant/governance/reasons.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "garant/governance/rules.h"

namespace garant::governance {
namespace {

using namespace std::chrono_literals;

bool Listed(std::string_view slug) {
  return std::find(kRuleReasons.begin(), kRuleReasons.end(), slug) != kRuleReasons.end();
}

// A refusal with the expected reason, which kRuleReasons lists.
void ExpectRefused(const Status& st, std::string_view reason, const char* what) {
  SCOPED_TRACE(what);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(st.reason().empty()) << st.ToString();
  EXPECT_EQ(st.reason(), reason) << st.ToString();
  EXPECT_TRUE(Listed(st.reason())) << st.reason() << " is missing from kRuleReasons";
}

Date D(const char* s) { return *ParseDate(s); }
TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

Member M(int64_t id, MemberRole role, bool voting) {
  Member m;
  m.id = id;
  m.committee_id = 1;
  m.full_name = "Membre " + std::to_string(id);
  m.role = role;
  m.voting = voting;
  m.term_start = D("2025-01-01");
  return m;
}

MeetingFacts Meeting() {
  MeetingFacts m;
  m.held_at = T("2026-03-10T14:00:00Z");
  m.members = {M(1, MemberRole::kChair, true), M(2, MemberRole::kMember, true),
               M(3, MemberRole::kMember, true), M(4, MemberRole::kPatientRepresentative, true),
               M(5, MemberRole::kExternalExpert, false)};
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
  d.reasons = "Intérêt public établi.";
  d.votes = {{1, VoteChoice::kFor}, {2, VoteChoice::kFor}, {4, VoteChoice::kAbstain}};
  return d;
}

Authorisation Auth() {
  Authorisation a;
  a.accounts = {"chercheur.dupont"};
  a.scope.domains = {"visits"};
  a.valid_from = T("2026-04-15T00:00:00Z");
  a.valid_until = T("2027-04-15T00:00:00Z");
  return a;
}

TEST(Reasons, SlugsAreUniqueLowercaseWords) {
  std::set<std::string_view> seen;
  for (std::string_view slug : kRuleReasons) {
    EXPECT_TRUE(seen.insert(slug).second) << "duplicate reason " << slug;
    EXPECT_FALSE(slug.empty());
    EXPECT_LE(slug.size(), 64u) << slug;
    EXPECT_TRUE(std::all_of(slug.begin(), slug.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || c == '_';
    })) << slug;
  }
}

TEST(Reasons, StatusMachineAndPurposes) {
  ExpectRefused(CheckTransition(ProjectStatus::kClosed, ProjectStatus::kActive),
                reason::kTransitionNotAllowed, "transition");
  ExpectRefused(CheckPurpose(DefaultPurposes(), "product_promotion"), reason::kForbiddenPurpose,
                "forbidden purpose");
  ExpectRefused(CheckPurpose(DefaultPurposes(), "marketing"), reason::kUnknownPurpose,
                "unknown purpose");
}

TEST(Reasons, QuorumRuleAndDates) {
  ExpectRefused(ValidateQuorumRule({3, 2, true, 1}), reason::kInvalidQuorumFraction, "fraction");
  ExpectRefused(ValidateQuorumRule({1, 2, true, -1}), reason::kInvalidPatientMinimum,
                "patient minimum");
  ExpectRefused(ParseDate("2026-02-30").status(), reason::kInvalidDate, "date");
}

TEST(Reasons, Decisions) {
  DecisionDraft d = Draft();
  d.reasons = " ";
  ExpectRefused(ValidateDecision(d, Meeting()), reason::kReasonsRequired, "reasons");
  d = Draft();
  d.outcome = Outcome::kFavourableWithConditions;
  ExpectRefused(ValidateDecision(d, Meeting()), reason::kConditionsRequired, "conditions needed");
  d = Draft();
  d.conditions = "Pas d'export.";
  ExpectRefused(ValidateDecision(d, Meeting()), reason::kConditionsNotAllowed,
                "conditions refused");
  d = Draft();
  d.project_id = 11;
  ExpectRefused(ValidateDecision(d, Meeting()), reason::kProjectNotOnAgenda, "agenda");
  MeetingFacts no_quorum = Meeting();
  no_quorum.present = {1, 2, 3, 5};
  d = Draft();
  d.votes = {{1, VoteChoice::kFor}};
  ExpectRefused(ValidateDecision(d, no_quorum), reason::kQuorumNotMet, "quorum");

  auto with_vote = [](Vote v, MeetingFacts m = Meeting()) {
    DecisionDraft d = Draft();
    d.votes.push_back(v);
    return ValidateDecision(d, m);
  };
  ExpectRefused(with_vote({99, VoteChoice::kFor}), reason::kUnknownMember, "unknown member");
  ExpectRefused(with_vote({1, VoteChoice::kFor}), reason::kDuplicateVote, "duplicate vote");
  MeetingFacts absent = Meeting();
  absent.present = {1, 2, 4};
  ExpectRefused(with_vote({3, VoteChoice::kFor}, absent), reason::kAbsentMember, "absent");
  ExpectRefused(with_vote({5, VoteChoice::kFor}), reason::kNonVotingMember, "non-voting");
  MeetingFacts out_of_office = Meeting();
  out_of_office.members[2].term_end = D("2026-01-01");
  ExpectRefused(with_vote({3, VoteChoice::kFor}, out_of_office), reason::kMemberNotInOffice,
                "not in office");
  ExpectRefused(with_vote({3, VoteChoice::kFor}), reason::kConflictedMember, "conflicted");

  d = Draft();
  d.votes = {{1, VoteChoice::kAgainst}, {2, VoteChoice::kAgainst}, {4, VoteChoice::kFor}};
  ExpectRefused(ValidateDecision(d, Meeting()), reason::kOutcomeContradictsVotes, "contradicted");
}

TEST(Reasons, FormalityAndAuthorisations) {
  Project p;
  p.formality = "mr-004";
  ExpectRefused(CheckFormality(p), reason::kFormalityMissing, "formality");

  auto published = std::optional<TimePoint>(T("2026-03-01T00:00:00Z"));
  auto validate = [&](const Authorisation& a, Outcome o = Outcome::kFavourable,
                      std::optional<TimePoint> pub = std::nullopt, bool use_pub = true) {
    return ValidateAuthorisation(a, o, use_pub ? published : pub, 24h);
  };
  Authorisation a = Auth();
  a.accounts.clear();
  ExpectRefused(validate(a), reason::kAccountRequired, "accounts");
  a = Auth();
  a.scope.domains.clear();
  ExpectRefused(validate(a), reason::kDomainRequired, "domains");
  a = Auth();
  a.scope.associations = {"bad,comma"};
  ExpectRefused(validate(a), reason::kInvalidIdentifier, "identifier");
  a = Auth();
  a.valid_until = a.valid_from;
  ExpectRefused(validate(a), reason::kInvalidValidityPeriod, "validity");
  ExpectRefused(validate(Auth(), Outcome::kUnfavourable), reason::kDecisionNotFavourable,
                "unfavourable");
  ExpectRefused(validate(Auth(), Outcome::kFavourable, std::nullopt, false),
                reason::kProjectNotPublished, "not published");
  ExpectRefused(ValidateAuthorisation(Auth(), Outcome::kFavourable, published, 24h * 60),
                reason::kBeforePublicationDelay, "publication delay");
}

}  // namespace
}  // namespace garant::governance
