// The access check: every reason, and how several authorisations combine.

#include "garant/governance/access_check.h"

#include <gtest/gtest.h>

namespace garant::governance {
namespace {

TimePoint T(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t)) << s;
  return t;
}

Authorisation Auth(int64_t id = 7) {
  Authorisation a;
  a.id = id;
  a.project_id = 1;
  a.decision_id = 3;
  a.accounts = {"chercheur.dupont", "stat.martin"};
  a.scope.domains = {"visits", "diagnoses"};
  a.scope.associations = {"sos-paris", "sos-lyon"};
  a.valid_from = T("2026-04-01T00:00:00Z");
  a.valid_until = T("2027-04-01T00:00:00Z");
  a.issued_by = "staff:1";
  a.issued_at = T("2026-03-01T00:00:00Z");
  a.confirmed_by = "staff:2";
  a.confirmed_at = T("2026-03-02T00:00:00Z");
  return a;
}

AccessRequest Req(const char* time = "2026-06-01T10:00:00Z") {
  AccessRequest r;
  r.account = "chercheur.dupont";
  r.domains = {"visits"};
  r.associations = {"sos-paris"};
  r.time = T(time);
  return r;
}

TEST(AccessCheck, Allowed) {
  AccessDecision d = CheckAccess(Req(), {Auth()});
  EXPECT_TRUE(d.allowed());
  EXPECT_EQ(d.authorisation_id, 7);
  EXPECT_EQ(ToString(d.reason), "allowed");
}

// Two-person rule: a pending authorisation is ignored as if absent, and a
// confirmed one counts only from its confirmation on.
TEST(AccessCheck, PendingAuthorisationDoesNotCount) {
  Authorisation pending = Auth();
  pending.confirmed_at.reset();
  pending.confirmed_by.clear();
  AccessDecision d = CheckAccess(Req(), {pending});
  EXPECT_EQ(d.reason, AccessReason::kNoAuthorisation);
  EXPECT_EQ(d.authorisation_id, std::nullopt);
  // Another, confirmed authorisation still allows.
  EXPECT_EQ(CheckAccess(Req(), {pending, Auth(8)}).authorisation_id, 8);
}

TEST(AccessCheck, ConfirmedAuthorisationCountsFromItsConfirmation) {
  Authorisation a = Auth();
  a.confirmed_at = T("2026-06-01T10:00:00Z");
  EXPECT_EQ(CheckAccess(Req("2026-06-01T09:59:59Z"), {a}).reason, AccessReason::kNotYetValid);
  EXPECT_TRUE(CheckAccess(Req("2026-06-01T10:00:00Z"), {a}).allowed());
}

TEST(AccessCheck, NoAuthorisation) {
  AccessDecision d = CheckAccess(Req(), {});
  EXPECT_EQ(d.reason, AccessReason::kNoAuthorisation);
  EXPECT_EQ(ToString(d.reason), "no_authorisation");
  EXPECT_EQ(d.authorisation_id, std::nullopt);
}

TEST(AccessCheck, AccountNotNamed) {
  AccessRequest r = Req();
  r.account = "someone.else";
  AccessDecision d = CheckAccess(r, {Auth()});
  EXPECT_EQ(d.reason, AccessReason::kAccountNotNamed);
  EXPECT_EQ(ToString(d.reason), "account_not_named");
}

TEST(AccessCheck, NotYetValidAndExpiredAtTheBoundaries) {
  EXPECT_EQ(CheckAccess(Req("2026-03-31T23:59:59Z"), {Auth()}).reason, AccessReason::kNotYetValid);
  EXPECT_TRUE(CheckAccess(Req("2026-04-01T00:00:00Z"), {Auth()}).allowed());
  EXPECT_TRUE(CheckAccess(Req("2027-03-31T23:59:59Z"), {Auth()}).allowed());
  AccessDecision d = CheckAccess(Req("2027-04-01T00:00:00Z"), {Auth()});
  EXPECT_EQ(d.reason, AccessReason::kExpired);
  EXPECT_EQ(d.authorisation_id, 7);
  EXPECT_EQ(ToString(AccessReason::kNotYetValid), "not_yet_valid");
  EXPECT_EQ(ToString(AccessReason::kExpired), "expired");
}

TEST(AccessCheck, SuspendedOnlyDuringTheSuspension) {
  Authorisation a = Auth();
  a.suspensions = {{T("2026-05-01T00:00:00Z"), T("2026-05-15T00:00:00Z")},
                   {T("2026-09-01T00:00:00Z"), std::nullopt}};
  EXPECT_TRUE(CheckAccess(Req("2026-04-30T00:00:00Z"), {a}).allowed());
  EXPECT_EQ(CheckAccess(Req("2026-05-10T00:00:00Z"), {a}).reason, AccessReason::kSuspended);
  EXPECT_TRUE(CheckAccess(Req("2026-05-15T00:00:00Z"), {a}).allowed());
  EXPECT_EQ(CheckAccess(Req("2026-10-01T00:00:00Z"), {a}).reason, AccessReason::kSuspended);
  EXPECT_EQ(ToString(AccessReason::kSuspended), "suspended");
}

TEST(AccessCheck, RevokedFromTheRevocationOn) {
  Authorisation a = Auth();
  a.revoked_at = T("2026-07-01T00:00:00Z");
  EXPECT_TRUE(CheckAccess(Req("2026-06-30T00:00:00Z"), {a}).allowed());
  EXPECT_EQ(CheckAccess(Req("2026-07-01T00:00:00Z"), {a}).reason, AccessReason::kRevoked);
  EXPECT_EQ(ToString(AccessReason::kRevoked), "revoked");
}

TEST(AccessCheck, OutOfScope) {
  AccessRequest r = Req();
  r.domains = {"visits", "prescriptions"};
  EXPECT_EQ(CheckAccess(r, {Auth()}).reason, AccessReason::kOutOfScope);
  r = Req();
  r.associations = {"sos-marseille"};
  EXPECT_EQ(CheckAccess(r, {Auth()}).reason, AccessReason::kOutOfScope);
  r = Req();
  r.domains.clear();
  EXPECT_EQ(CheckAccess(r, {Auth()}).reason, AccessReason::kOutOfScope);
  // An authorisation without association list covers every association.
  Authorisation all = Auth();
  all.scope.associations.clear();
  r = Req();
  r.associations = {"sos-marseille"};
  EXPECT_TRUE(CheckAccess(r, {all}).allowed());
  EXPECT_EQ(ToString(AccessReason::kOutOfScope), "out_of_scope");
}

TEST(AccessCheck, OneCoveringAuthorisationIsEnough) {
  Authorisation old = Auth(1);
  old.valid_until = T("2026-05-01T00:00:00Z");
  Authorisation now = Auth(2);
  AccessDecision d = CheckAccess(Req(), {old, now});
  EXPECT_TRUE(d.allowed());
  EXPECT_EQ(d.authorisation_id, 2);
}

TEST(AccessCheck, ReasonOfTheAuthorisationThatGotFurthest) {
  Authorisation other_account = Auth(1);
  other_account.accounts = {"stat.martin"};
  Authorisation expired = Auth(2);
  expired.valid_until = T("2026-05-01T00:00:00Z");
  Authorisation narrow = Auth(3);
  narrow.scope.domains = {"diagnoses"};
  AccessDecision d = CheckAccess(Req(), {other_account, expired, narrow});
  EXPECT_EQ(d.reason, AccessReason::kOutOfScope);
  EXPECT_EQ(d.authorisation_id, 3);
  d = CheckAccess(Req(), {other_account, expired});
  EXPECT_EQ(d.reason, AccessReason::kExpired);
  EXPECT_EQ(d.authorisation_id, 2);
}

}  // namespace
}  // namespace garant::governance
