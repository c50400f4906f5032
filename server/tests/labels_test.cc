// The French labels of the pages (objections/forms.h, access/labels_fr.h):
// every stored value has one, distinct from its neighbours, and an unknown
// access value is shown as it is rather than lost.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "access/labels_fr.h"
#include "garant/access/rules.h"
#include "objections/forms.h"

namespace garant::server {
namespace {

TEST(Labels, EveryObjectionValueHasItsOwnFrenchLabel) {
  std::set<std::string_view> requesters, channels;
  for (auto r :
       {consent::Requester::kPatient, consent::Requester::kParent, consent::Requester::kGuardian}) {
    EXPECT_FALSE(RequesterLabel(r).empty());
    requesters.insert(RequesterLabel(r));
  }
  for (auto c : {consent::Channel::kWeb, consent::Channel::kLetter, consent::Channel::kPhone,
                 consent::Channel::kInPerson}) {
    EXPECT_FALSE(ChannelLabel(c).empty());
    channels.insert(ChannelLabel(c));
  }
  EXPECT_EQ(requesters.size(), 3u);
  EXPECT_EQ(channels.size(), 4u);
  EXPECT_EQ(ObjectionStatusLabel(consent::ObjectionStatus::kEffective), "en vigueur");
  EXPECT_EQ(ObjectionStatusLabel(consent::ObjectionStatus::kWithdrawn), "retirée");
}

TEST(Labels, EveryAccessRuleHasAFrenchLabelAndUnknownValuesStayReadable) {
  std::set<std::string> seen;
  for (std::string_view rule : access::RuleNames()) {
    const std::string label = RuleLabel(rule);
    EXPECT_NE(label, std::string(rule)) << rule << " has no French label";
    seen.insert(label);
  }
  EXPECT_EQ(seen.size(), access::RuleNames().size());
  EXPECT_EQ(RuleLabel("rule_of_a_newer_version"), "rule_of_a_newer_version");
  EXPECT_EQ(SeverityLabel("critical"), "critique");
  EXPECT_EQ(CaseStatusLabel(access::CaseStatus::kUnderReview), "En cours d'examen");
  EXPECT_EQ(FrenchDay("2026-12-02"), "02/12/2026");
  EXPECT_EQ(FrenchDay("02/12/2026"), "02/12/2026");
}

}  // namespace
}  // namespace garant::server
