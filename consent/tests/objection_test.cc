// Pure rules of objections: names, scope, validation of every field, deadline.

#include "garant/consent/objection.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace garant::consent {
namespace {

TimePoint At(const char* rfc3339) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

NewObjection Valid() {
  NewObjection o;
  o.traits.birth_name = "Dupont";
  o.traits.given_names = "Marie";
  o.traits.birth_date = "1985-03-14";
  o.traits.sex = "F";
  return o;
}

std::vector<std::string> Fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

const TimePoint kNow = At("2026-11-28T17:00:00Z");

TEST(Objection, NamesRoundTrip) {
  for (auto r : {Requester::kPatient, Requester::kParent, Requester::kGuardian}) {
    EXPECT_EQ(ParseRequester(Name(r)), r);
  }
  for (auto c : {Channel::kWeb, Channel::kLetter, Channel::kPhone, Channel::kInPerson}) {
    EXPECT_EQ(ParseChannel(Name(c)), c);
  }
  for (auto s : {ObjectionStatus::kEffective, ObjectionStatus::kWithdrawn}) {
    EXPECT_EQ(ParseObjectionStatus(Name(s)), s);
  }
  EXPECT_FALSE(ParseRequester("Patient"));
  EXPECT_FALSE(ParseChannel("email"));
  EXPECT_FALSE(ParseObjectionStatus(""));
}

TEST(Objection, Scope) {
  EXPECT_TRUE(CheckScope("all").ok());
  EXPECT_TRUE(CheckScope("project:PRJ-2026-001").ok());
  EXPECT_TRUE(CheckScope("project:a.b_c-d").ok());
  for (const char* bad : {"", "ALL", "project:", "project:-x", "project:a b", "project:é",
                          "projet:PRJ", "project:PRJ/1"}) {
    EXPECT_FALSE(CheckScope(bad).ok()) << bad;
  }
  EXPECT_TRUE(IsWellFormedProjectReference(std::string(64, 'A')));
  EXPECT_FALSE(IsWellFormedProjectReference(std::string(65, 'A')));
}

TEST(Objection, AValidWebObjectionHasNoError) {
  EXPECT_TRUE(ValidateObjection(Valid(), kNow).empty());
}

TEST(Objection, EveryInvalidFieldIsReportedAtOnceInFormOrder) {
  NewObjection o = Valid();
  o.traits.birth_name = "---";
  o.traits.birth_date = "1985-02-30";
  o.scope = "project:";
  o.contact = std::string(501, 'a');
  auto errors = ValidateObjection(o, kNow);
  EXPECT_EQ(Fields(errors),
            (std::vector<std::string>{"birth_name", "birth_date", "scope", "contact"}));
  for (const auto& e : errors) EXPECT_FALSE(e.reason.empty()) << e.field;
  EXPECT_EQ(errors[2].reason, kReasonScopeInvalid);
  EXPECT_EQ(errors[3].reason, kReasonContactTooLong);
}

TEST(Objection, LongGivenNamesAreRefusedInFormOrder) {
  NewObjection o = Valid();
  o.traits.given_names = "Marie " + std::string(400, 'x');
  o.traits.sex = "X";
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), (std::vector<std::string>{"given_names", "sex"}));
  o.traits.given_names = "Marie " + std::string(290, 'x');
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"sex"});
}

TEST(Objection, ContactMustBeTextWithoutControlCharacters) {
  NewObjection o = Valid();
  o.contact = "12 rue des Lilas\n75020 Paris";
  EXPECT_TRUE(ValidateObjection(o, kNow).empty());
  o.contact = std::string("a\x01", 2);
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"contact"});
  o.contact = "\xff";
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"contact"});
}

TEST(Objection, StaffChannelsNeedAStaffAccountAndTheWebNone) {
  NewObjection o = Valid();
  o.channel = Channel::kLetter;
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"channel"});
  o.entered_by = 3;
  EXPECT_TRUE(ValidateObjection(o, kNow).empty());
  o.channel = Channel::kWeb;
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"channel"});
}

TEST(Objection, ReceivedAtIsNotInTheFutureNorOverAYearOld) {
  NewObjection o = Valid();
  o.channel = Channel::kPhone;
  o.entered_by = 1;
  o.received_at = At("2026-11-20T09:00:00Z");
  EXPECT_TRUE(ValidateObjection(o, kNow).empty());
  o.received_at = At("2026-11-28T17:00:01Z");
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"received_at"});
  o.received_at = At("2025-11-01T00:00:00Z");
  EXPECT_EQ(Fields(ValidateObjection(o, kNow)), std::vector<std::string>{"received_at"});
}

TEST(Objection, TheBirthYearRuleUsesTheClock) {
  NewObjection o = Valid();
  o.traits.birth_date = "2026-01-01";
  EXPECT_TRUE(ValidateObjection(o, kNow).empty());
  EXPECT_EQ(Fields(ValidateObjection(o, At("2025-12-31T23:59:59Z"))),
            std::vector<std::string>{"birth_date"});
}

TEST(Objection, DeadlineIsOneCalendarMonthLater) {
  EXPECT_EQ(AnswerDeadline(At("2026-11-28T17:20:51.123456Z")), At("2026-12-28T17:20:51.123456Z"));
  EXPECT_EQ(AnswerDeadline(At("2026-01-31T08:00:00Z")), At("2026-02-28T08:00:00Z"));
  EXPECT_EQ(AnswerDeadline(At("2028-01-31T08:00:00Z")), At("2028-02-29T08:00:00Z"));
  EXPECT_EQ(AnswerDeadline(At("2026-12-15T00:00:00Z")), At("2027-01-15T00:00:00Z"));
  EXPECT_EQ(AnswerDeadline(At("2026-03-31T23:59:59Z")), At("2026-04-30T23:59:59Z"));
}

TEST(Objection, UtcYear) {
  EXPECT_EQ(UtcYear(At("2026-12-31T23:59:59Z")), 2026);
  EXPECT_EQ(UtcYear(At("2027-01-01T00:00:00Z")), 2027);
}

}  // namespace
}  // namespace garant::consent
