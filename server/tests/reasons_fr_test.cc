// The French texts of refusal reasons (http/reasons_fr.h): every governance
// reason has one, and the console's FrenchError picks it by reason, never by
// message.

#include "http/reasons_fr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "audit/reported_events.h"
#include "audit_events.h"
#include "garant/access/trail.h"
#include "garant/governance/reasons.h"
#include "governance/http.h"

namespace garant::server {
namespace {

TEST(FrenchReasons, EveryGovernanceReasonHasAFrenchText) {
  for (std::string_view slug : governance::kRuleReasons) {
    EXPECT_FALSE(FrenchReason(slug).empty())
        << "governance reason '" << slug << "' has no French text in http/reasons_fr.cc";
  }
}

TEST(FrenchReasons, TableHasOneSentencePerKnownSlug) {
  std::set<std::string_view> seen;
  for (const FrenchReasonText& t : FrenchReasonTable()) {
    EXPECT_TRUE(seen.insert(t.reason).second) << "duplicate entry " << t.reason;
    // Only reasons some module returns: a dead entry hides a renamed slug.
    const bool governance_reason =
        std::find(governance::kRuleReasons.begin(), governance::kRuleReasons.end(), t.reason) !=
        governance::kRuleReasons.end();
    const bool audit_reason = std::find(kReportedEventReasons.begin(), kReportedEventReasons.end(),
                                        t.reason) != kReportedEventReasons.end() ||
                              t.reason == kReasonAccessCheckNotRecorded;
    const bool trail_reason = std::find(access::kTrailReasons.begin(), access::kTrailReasons.end(),
                                        t.reason) != access::kTrailReasons.end();
    EXPECT_TRUE(governance_reason || audit_reason || trail_reason)
        << "'" << t.reason << "' is no known reason";
    ASSERT_FALSE(t.french.empty()) << t.reason;
    EXPECT_EQ(t.french.back(), '.') << t.reason;
  }
}

TEST(FrenchReasons, EveryAuditReasonHasAFrenchText) {
  for (std::string_view slug : kReportedEventReasons) {
    EXPECT_FALSE(FrenchReason(slug).empty()) << slug;
  }
  EXPECT_FALSE(FrenchReason(kReasonAccessCheckNotRecorded).empty());
}

TEST(FrenchReasons, EveryTrailReasonHasAFrenchText) {
  for (std::string_view slug : access::kTrailReasons) {
    EXPECT_FALSE(FrenchReason(slug).empty())
        << "trail reason '" << slug << "' has no French text in http/reasons_fr.cc";
  }
}

TEST(FrenchReasons, UnknownOrEmptyReasonHasNoText) {
  EXPECT_EQ(FrenchReason(""), "");
  EXPECT_EQ(FrenchReason("no_such_reason"), "");
}

TEST(FrenchReasons, ConsoleErrorsFollowTheReasonNotTheMessage) {
  using governance::reason::kQuorumNotMet;
  const std::string quorum = "Le quorum n'est pas atteint : la décision ne peut pas être prise.";
  EXPECT_EQ(gov::FrenchError(Status::Conflict("quorum not met: 1 of 4").WithReason(kQuorumNotMet)),
            quorum);
  // A reworded message keeps its French sentence.
  EXPECT_EQ(gov::FrenchError(Status::Conflict("too few members").WithReason(kQuorumNotMet)),
            quorum);
  // Without a reason, the message is never matched: the generic text by code.
  EXPECT_EQ(gov::FrenchError(Status::Conflict("quorum not met: 1 of 4")),
            "Action impossible dans l'état actuel du dossier.");
  EXPECT_EQ(gov::FrenchError(Status::InvalidArgument("title is required")),
            "Le formulaire contient une valeur invalide.");
  EXPECT_EQ(gov::FrenchError(Status::NotFound("project not found")), "Élément introuvable.");
}

TEST(FrenchReasons, ParisDatesRefuseWithAReason) {
  auto bad = gov::ParseParisLocal("10/03/2026");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), governance::reason::kInvalidDate);
  EXPECT_EQ(gov::FrenchError(bad.status()), "Date invalide : utilisez le format AAAA-MM-JJ.");
}

}  // namespace
}  // namespace garant::server
