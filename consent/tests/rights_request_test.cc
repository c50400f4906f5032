#include "garant/consent/rights_request.h"

#include <gtest/gtest.h>

#include "garant/consent/objection.h"
#include "garant/core/clock.h"

namespace garant::consent {
namespace {

TimePoint At(const char* rfc3339) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

RightsClock ClockAt(TimePoint received) {
  RightsClock c;
  c.received_at = received;
  return c;
}

TEST(RightsRequestTest, NamesRoundTrip) {
  for (auto t : {RightType::kAccess, RightType::kRectification, RightType::kErasure,
                 RightType::kRestriction, RightType::kObjection}) {
    EXPECT_EQ(ParseRightType(Name(t)), t);
  }
  for (auto r : {RightsRequester::kPerson, RightsRequester::kParent, RightsRequester::kGuardian,
                 RightsRequester::kHeir, RightsRequester::kLawyer}) {
    EXPECT_EQ(ParseRightsRequester(Name(r)), r);
  }
  for (auto s : {RightsState::kReceived, RightsState::kIdentityCheck, RightsState::kInProgress,
                 RightsState::kAnswered, RightsState::kRefused}) {
    EXPECT_EQ(ParseRightsState(Name(s)), s);
  }
  EXPECT_EQ(Name(RightType::kErasure), "erasure");
  EXPECT_EQ(Name(RightsRequester::kHeir), "heir");
  EXPECT_EQ(Name(RightsState::kIdentityCheck), "identity_check");
  EXPECT_EQ(Name(RefusalGround::kResearchException), "research_exception");
  EXPECT_EQ(Name(IdentityMethod::kDocumentSeen), "document_seen");
  EXPECT_FALSE(ParseRightType("Access").has_value());
  EXPECT_FALSE(ParseRightsState("").has_value());
  EXPECT_FALSE(ParseRefusalGround("other").has_value());
  EXPECT_FALSE(ParseRightsAction("close").has_value());
}

TEST(RightsRequestTest, TheStateMachine) {
  using S = RightsState;
  using A = RightsAction;
  EXPECT_EQ(NextState(S::kReceived, A::kAskIdentity).value(), S::kIdentityCheck);
  EXPECT_EQ(NextState(S::kReceived, A::kVerifyIdentity).value(), S::kInProgress);
  EXPECT_EQ(NextState(S::kIdentityCheck, A::kVerifyIdentity).value(), S::kInProgress);
  EXPECT_EQ(NextState(S::kInProgress, A::kAnswer).value(), S::kAnswered);
  for (S s : {S::kReceived, S::kIdentityCheck, S::kInProgress}) {
    EXPECT_EQ(NextState(s, A::kRefuse).value(), S::kRefused);
    EXPECT_EQ(NextState(s, A::kExtend).value(), s);
  }
  // Everything else is refused, with its reason.
  const std::pair<S, A> refused[] = {
      {S::kReceived, A::kAnswer},           {S::kIdentityCheck, A::kAnswer},
      {S::kIdentityCheck, A::kAskIdentity}, {S::kInProgress, A::kAskIdentity},
      {S::kInProgress, A::kVerifyIdentity}, {S::kAnswered, A::kRefuse},
      {S::kAnswered, A::kExtend},           {S::kRefused, A::kAnswer},
      {S::kRefused, A::kAskIdentity},       {S::kAnswered, A::kAnswer},
  };
  for (const auto& [s, a] : refused) {
    auto r = NextState(s, a);
    ASSERT_FALSE(r.ok()) << Name(s) << " " << Name(a);
    EXPECT_EQ(r.status().code(), Code::kConflict);
    EXPECT_EQ(r.status().reason(), kReasonTransitionRefused);
  }
}

TEST(RightsRequestTest, OneCalendarMonthAsForObjections) {
  for (const char* t : {"2026-01-31T10:00:00Z", "2024-01-30T23:59:59Z", "2026-03-15T08:00:00Z",
                        "2026-12-31T00:00:00Z", "2026-05-31T12:00:00Z"}) {
    EXPECT_EQ(AddCalendarMonths(At(t), 1), AnswerDeadline(At(t))) << t;
    RightsClock c = ClockAt(At(t));
    EXPECT_EQ(RightsDeadline(c, At(t)), AnswerDeadline(At(t))) << t;
  }
  EXPECT_EQ(AddCalendarMonths(At("2026-01-31T10:00:00Z"), 1), At("2026-02-28T10:00:00Z"));
  EXPECT_EQ(AddCalendarMonths(At("2024-01-31T10:00:00Z"), 1), At("2024-02-29T10:00:00Z"));
  // Extended: three months after receipt (one, plus two).
  EXPECT_EQ(AddCalendarMonths(At("2026-11-30T09:00:00Z"), 3), At("2027-02-28T09:00:00Z"));
}

TEST(RightsRequestTest, TheClockStopsDuringTheIdentityCheck) {
  RightsClock c = ClockAt(At("2026-03-01T10:00:00Z"));
  const TimePoint base = At("2026-04-01T10:00:00Z");
  // Paused since 3 March: on 13 March the deadline has moved 10 days.
  c.paused_since = At("2026-03-03T10:00:00Z");
  EXPECT_EQ(RightsDeadline(c, At("2026-03-13T10:00:00Z")), base + std::chrono::days(10));
  // Completed pauses add up with the running one.
  c.paused = std::chrono::hours(48);
  EXPECT_EQ(RightsDeadline(c, At("2026-03-13T10:00:00Z")), base + std::chrono::days(12));
  c.paused_since.reset();
  EXPECT_EQ(RightsDeadline(c, At("2026-09-01T10:00:00Z")), base + std::chrono::days(2));
  c.extended = true;
  EXPECT_EQ(RightsDeadline(c, At("2026-03-13T10:00:00Z")),
            At("2026-06-01T10:00:00Z") + std::chrono::days(2));
}

TEST(RightsRequestTest, Flags) {
  RightsClock c = ClockAt(At("2026-03-01T10:00:00Z"));
  EXPECT_EQ(FlagFor(RightsState::kReceived, c, At("2026-03-02T10:00:00Z")), DeadlineFlag::kNone);
  EXPECT_EQ(FlagFor(RightsState::kReceived, c, At("2026-03-24T10:00:00Z")), DeadlineFlag::kNone);
  EXPECT_EQ(FlagFor(RightsState::kReceived, c, At("2026-03-25T10:00:00Z")), DeadlineFlag::kDueSoon);
  EXPECT_EQ(FlagFor(RightsState::kInProgress, c, At("2026-04-01T10:00:00Z")),
            DeadlineFlag::kDueSoon);
  EXPECT_EQ(FlagFor(RightsState::kInProgress, c, At("2026-04-01T10:00:01Z")),
            DeadlineFlag::kOverdue);
  EXPECT_EQ(FlagFor(RightsState::kAnswered, c, At("2027-01-01T10:00:00Z")), DeadlineFlag::kClosed);
  EXPECT_EQ(FlagFor(RightsState::kRefused, c, At("2027-01-01T10:00:00Z")), DeadlineFlag::kClosed);
  c.paused_since = At("2026-03-20T10:00:00Z");
  EXPECT_EQ(FlagFor(RightsState::kIdentityCheck, c, At("2027-01-01T10:00:00Z")),
            DeadlineFlag::kPaused);
  EXPECT_EQ(Name(DeadlineFlag::kDueSoon), "due_soon");
}

TEST(RightsRequestTest, FreeTexts) {
  EXPECT_EQ(CheckRightsText("  Motif : demande répétée.\n").value(), "Motif : demande répétée.");
  EXPECT_EQ(CheckRightsText("ligne 1\nligne 2\tfin").value(), "ligne 1\nligne 2\tfin");
  for (std::string_view blank : {"", " ", "\n\t "}) {
    EXPECT_EQ(CheckRightsText(blank).status().reason(), kReasonTextRequired) << blank;
  }
  for (std::string_view bad :
       {std::string_view("a\x01z"), std::string_view("\xC3\x28"), std::string_view("a\x7F")}) {
    EXPECT_EQ(CheckRightsText(bad).status().reason(), kReasonTextInvalid);
  }
  EXPECT_EQ(CheckRightsText(std::string(2001, 'x')).status().reason(), kReasonTextInvalid);
  EXPECT_TRUE(CheckRightsText(std::string(2000, 'x')).ok());
}

NewRightsRequest Valid() {
  NewRightsRequest r;
  r.traits.birth_name = "Durand";
  r.traits.given_names = "Claire";
  r.traits.birth_date = "1975-07-03";
  r.traits.sex = "F";
  return r;
}

std::vector<std::string> Reasons(const NewRightsRequest& r, TimePoint now) {
  std::vector<std::string> out;
  for (const auto& e : ValidateRightsRequest(r, now)) out.push_back(e.field + ":" + e.reason);
  return out;
}

TEST(RightsRequestTest, ValidationOfANewRequest) {
  const TimePoint now = At("2026-12-03T10:00:00Z");
  EXPECT_TRUE(Reasons(Valid(), now).empty());
  auto r = Valid();
  r.traits.birth_date = "03/07/1975";  // the store takes ISO: forms convert
  EXPECT_EQ(Reasons(r, now), std::vector<std::string>{"birth_date:birth_date_format"});
  r = Valid();
  r.requester = RightsRequester::kHeir;
  EXPECT_EQ(Reasons(r, now),
            std::vector<std::string>{"requester_name:rights_requester_name_required"});
  r.requester_name = "  ";
  EXPECT_EQ(Reasons(r, now),
            std::vector<std::string>{"requester_name:rights_requester_name_required"});
  r.requester_name = "Maître Alice Martin";
  EXPECT_TRUE(Reasons(r, now).empty());
  r.requester_name = std::string(201, 'a');
  EXPECT_EQ(Reasons(r, now), std::vector<std::string>{"requester_name:rights_text_invalid"});
  r = Valid();
  r.contact = std::string(501, 'a');
  EXPECT_EQ(Reasons(r, now), std::vector<std::string>{"contact:contact_too_long"});
  r.contact = "12 rue\x01";
  EXPECT_EQ(Reasons(r, now), std::vector<std::string>{"contact:contact_invalid_characters"});
  r.contact = "12 rue des Lilas\n75011 Paris";
  EXPECT_TRUE(Reasons(r, now).empty());
  r = Valid();
  r.received_at = now + std::chrono::hours(1);
  EXPECT_EQ(Reasons(r, now), std::vector<std::string>{"received_at:received_in_future"});
  r.received_at = now - std::chrono::days(367);
  EXPECT_EQ(Reasons(r, now), std::vector<std::string>{"received_at:received_over_a_year_ago"});
  r = Valid();
  r.type = RightType::kObjection;
  EXPECT_EQ(Reasons(r, now),
            std::vector<std::string>{"objection_reference:rights_objection_required"});
  r.objection_reference = "OPP-7K3M-9QXD";
  EXPECT_TRUE(Reasons(r, now).empty());
  r.type = RightType::kAccess;
  EXPECT_EQ(Reasons(r, now),
            std::vector<std::string>{"objection_reference:rights_objection_only_for_objection"});
}

}  // namespace
}  // namespace garant::consent
