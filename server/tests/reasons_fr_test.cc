// The French texts of refusal reasons (http/reasons_fr.h): every governance
// reason has one, and the console's FrenchError picks it by reason, never by
// message.

#include "http/reasons_fr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "access/cases.h"
#include "audit/reported_events.h"
#include "audit_events.h"
#include "garant/access/trail.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/idempotency.h"
#include "garant/consent/identity.h"
#include "garant/consent/notice_register.h"
#include "garant/consent/objection.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/rights_request.h"
#include "garant/consent/rpps.h"
#include "garant/governance/reasons.h"
#include "garant/staff/reasons.h"
#include "governance/http.h"
#include "objections/forms.h"

namespace garant::server {
namespace {

template <typename List>
bool Contains(const List& list, std::string_view slug) {
  return std::find(list.begin(), list.end(), slug) != list.end();
}

// Every reason of staff, consent (field errors, the objection proof), the
// objection forms and the case pages: the lists each module keeps.
std::vector<std::string_view> FormAndAccountReasons() {
  std::vector<std::string_view> all;
  all.insert(all.end(), staff::reason::kStaffReasons.begin(), staff::reason::kStaffReasons.end());
  all.insert(all.end(), consent::kIdentityReasons.begin(), consent::kIdentityReasons.end());
  all.insert(all.end(), consent::kObjectionReasons.begin(), consent::kObjectionReasons.end());
  all.insert(all.end(), consent::kRppsReasons.begin(), consent::kRppsReasons.end());
  all.insert(all.end(), consent::kRightsReasons.begin(), consent::kRightsReasons.end());
  all.insert(all.end(), consent::kNoticeReasons.begin(), consent::kNoticeReasons.end());
  all.insert(all.end(), consent::kIdempotencyReasons.begin(), consent::kIdempotencyReasons.end());
  all.insert(all.end(), kObjectionFormReasons.begin(), kObjectionFormReasons.end());
  all.insert(all.end(), kCaseReasons.begin(), kCaseReasons.end());
  all.push_back(consent::kReasonProofNotYetSigned);
  return all;
}

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
    const bool other_reason = Contains(FormAndAccountReasons(), t.reason);
    EXPECT_TRUE(governance_reason || audit_reason || trail_reason || other_reason)
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

TEST(FrenchReasons, EveryStaffConsentFormAndCaseReasonHasAFrenchText) {
  for (std::string_view slug : FormAndAccountReasons()) {
    EXPECT_FALSE(FrenchReason(slug).empty())
        << "reason '" << slug << "' has no French text in http/reasons_fr.cc";
  }
}

// The public form shows exactly the French it showed when consent wrote it
// (before the texts moved here), placeholders filled.
TEST(FrenchReasons, IdentityFieldErrorsReadAsBefore) {
  auto french = [](consent::IdentityTraits t) {
    std::vector<std::string> out;
    for (const auto& e : consent::ValidateIdentity(t, 2026)) out.push_back(FrenchFieldError(e));
    return out;
  };
  consent::IdentityTraits t;
  t.birth_name = "";
  t.used_name = "'";
  t.given_names = "";
  t.birth_date = "1985-13-01";
  t.sex = "X";
  t.ins = "2A";
  EXPECT_EQ(french(t),
            (std::vector<std::string>{
                "Indiquez le nom de naissance.",
                "Le nom d'usage doit contenir au moins une lettre de l'alphabet latin (A à Z, "
                "accents admis).",
                "Indiquez au moins un prénom.",
                "Le mois de naissance doit être compris entre 01 et 12 (00 s'il est inconnu).",
                "Indiquez le sexe.",
                "Le numéro de sécurité sociale comporte 15 chiffres : les 13 du numéro et les 2 "
                "de la clé."}));
  t.birth_name = std::string(101, 'a');
  t.used_name = "\xff";
  t.given_names = "---";
  t.birth_date = "1850-01-01";
  t.sex = "F";
  t.ins = "1 85";
  EXPECT_EQ(french(t),
            (std::vector<std::string>{
                "Le nom de naissance ne doit pas dépasser 100 caractères.",
                "Le nom d'usage contient des caractères non valides.",
                "Le premier prénom doit contenir au moins une lettre de l'alphabet latin (A à Z, "
                "accents admis).",
                "L'année de naissance doit être comprise entre 1880 et 2026.",
                "Le numéro de sécurité sociale ne doit contenir que des chiffres (2A ou 2B pour "
                "une naissance en Corse)."}));
  t = consent::IdentityTraits{};
  t.birth_name = "Curie";
  t.given_names = "Marie";
  t.birth_date = "1984-02-30";
  t.sex = "F";
  t.ins = "185057800608400";
  EXPECT_EQ(french(t),
            (std::vector<std::string>{
                "Cette date n'existe pas : le jour doit être compris entre 01 et 29 (00 s'il est "
                "inconnu).",
                "La clé (les 2 derniers chiffres) ne correspond pas au numéro de sécurité "
                "sociale : vérifiez la saisie."}));
  t.birth_date = "14/03/1985";
  t.ins.reset();
  EXPECT_EQ(french(t), (std::vector<std::string>{
                           "Indiquez la date de naissance sous la forme JJ/MM/AAAA, par exemple "
                           "14/03/1985 (00 pour un jour ou un mois inconnu)."}));
  // A reason the table lacks gets a neutral sentence, never an English one.
  EXPECT_EQ(FrenchFieldError({"sex", "x", "no_such_reason"}), kFrenchFieldErrorFallback);
}

TEST(FrenchReasons, PlaceholdersAreFilledByName) {
  const std::vector<std::pair<std::string, std::string>> args = {{"max_day", "30"}};
  EXPECT_EQ(FrenchReasonWith("birth_day_out_of_range", args),
            "Cette date n'existe pas : le jour doit être compris entre 01 et 30 (00 s'il est "
            "inconnu).");
  EXPECT_EQ(FrenchReasonWith("sex_invalid", args), "Indiquez le sexe.");
  // No text in the table keeps a placeholder its reason's errors do not fill.
  for (const FrenchReasonText& t : FrenchReasonTable()) {
    if (t.french.find('{') == std::string_view::npos) continue;
    EXPECT_TRUE(t.reason == consent::kReasonBirthYearOutOfRange ||
                t.reason == consent::kReasonBirthDayOutOfRange ||
                t.reason == consent::kReasonNoticeTitleTooLong ||
                t.reason == consent::kReasonNoticeBodyTooLong)
        << t.reason;
  }
  // ValidateNotice fills {max} of the notice's limits.
  for (const auto& e : consent::ValidateNotice({"adult", std::string(201, 'x'), "b"})) {
    EXPECT_EQ(FrenchFieldError(e), "Le titre ne doit pas dépasser 200 caractères.");
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
  EXPECT_EQ(gov::FrenchError(bad.status()), "Date invalide : écrivez-la JJ/MM/AAAA.");
}

}  // namespace
}  // namespace garant::server
