#include "garant/core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace garant {
namespace {

TEST(StatusTest, DefaultIsOk) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Code::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_EQ(s, Status::Ok());
}

TEST(StatusTest, CodeNamesAreStable) {
  EXPECT_EQ(CodeName(Code::kOk), "ok");
  EXPECT_EQ(CodeName(Code::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(CodeName(Code::kUnauthenticated), "unauthenticated");
  EXPECT_EQ(CodeName(Code::kPermissionDenied), "permission_denied");
  EXPECT_EQ(CodeName(Code::kNotFound), "not_found");
  EXPECT_EQ(CodeName(Code::kAlreadyExists), "already_exists");
  EXPECT_EQ(CodeName(Code::kConflict), "conflict");
  EXPECT_EQ(CodeName(Code::kUnprocessableContent), "unprocessable_content");
  EXPECT_EQ(CodeName(Code::kTooLarge), "too_large");
  EXPECT_EQ(CodeName(Code::kResourceExhausted), "resource_exhausted");
  EXPECT_EQ(CodeName(Code::kFailedPrecondition), "failed_precondition");
  EXPECT_EQ(CodeName(Code::kUnavailable), "unavailable");
  EXPECT_EQ(CodeName(Code::kDataLoss), "data_loss");
  EXPECT_EQ(CodeName(Code::kInternal), "internal");
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  EXPECT_EQ(Status::InvalidArgument("m").code(), Code::kInvalidArgument);
  EXPECT_EQ(Status::Unauthenticated("m").code(), Code::kUnauthenticated);
  EXPECT_EQ(Status::PermissionDenied("m").code(), Code::kPermissionDenied);
  EXPECT_EQ(Status::NotFound("m").code(), Code::kNotFound);
  EXPECT_EQ(Status::AlreadyExists("m").code(), Code::kAlreadyExists);
  EXPECT_EQ(Status::Conflict("m").code(), Code::kConflict);
  EXPECT_EQ(Status::UnprocessableContent("m").code(), Code::kUnprocessableContent);
  EXPECT_EQ(Status::TooLarge("m").code(), Code::kTooLarge);
  EXPECT_EQ(Status::ResourceExhausted("m").code(), Code::kResourceExhausted);
  EXPECT_EQ(Status::FailedPrecondition("m").code(), Code::kFailedPrecondition);
  EXPECT_EQ(Status::Unavailable("m").code(), Code::kUnavailable);
  EXPECT_EQ(Status::DataLoss("m").code(), Code::kDataLoss);
  EXPECT_EQ(Status::Internal("m").code(), Code::kInternal);
  EXPECT_EQ(Status::NotFound("no such consent").message(), "no such consent");
}

TEST(StatusTest, ToStringPrefixesCodeName) {
  EXPECT_EQ(Status::NotFound("no such consent").ToString(), "not_found: no such consent");
  EXPECT_EQ(Status::DataLoss("leaf 7").ToString(), "data_loss: leaf 7");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  const Status s = Status::Unavailable("connection refused").WithContext("db connect");
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.message(), "db connect: connection refused");
  EXPECT_EQ(s.WithContext("startup").message(), "startup: db connect: connection refused");
}

TEST(StatusTest, WithContextOnOkStaysOk) {
  EXPECT_EQ(Status::Ok().WithContext("anything"), Status::Ok());
}

TEST(StatusTest, Equality) {
  EXPECT_EQ(Status::NotFound("a"), Status::NotFound("a"));
  EXPECT_NE(Status::NotFound("a"), Status::NotFound("b"));
  EXPECT_NE(Status::NotFound("a"), Status::Conflict("a"));
}

TEST(StatusTest, ReasonIsEmptyUnlessGiven) {
  EXPECT_EQ(Status::Conflict("a").reason(), "");
  EXPECT_EQ(Status::Ok().reason(), "");
}

TEST(StatusTest, WithReasonSetsReasonAndKeepsCodeAndMessage) {
  const Status s = Status::Conflict("quorum not met: 1 of 3").WithReason("quorum_not_met");
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.message(), "quorum not met: 1 of 3");
  EXPECT_EQ(s.reason(), "quorum_not_met");
  EXPECT_EQ(s.ToString(), "conflict: quorum not met: 1 of 3");
  const Status copy = s.WithReason("other");  // lvalue overload leaves s alone
  EXPECT_EQ(copy.reason(), "other");
  EXPECT_EQ(s.reason(), "quorum_not_met");
  EXPECT_EQ(Status(Code::kInvalidArgument, "m", "r").reason(), "r");
}

TEST(StatusTest, WithReasonOnOkStaysOkWithoutReason) {
  EXPECT_EQ(Status::Ok().WithReason("x"), Status::Ok());
  EXPECT_EQ(Status::Ok().WithReason("x").reason(), "");
}

TEST(StatusTest, WithContextKeepsReason) {
  const Status s = Status::Conflict("m").WithReason("r").WithContext("ctx");
  EXPECT_EQ(s.message(), "ctx: m");
  EXPECT_EQ(s.reason(), "r");
}

TEST(StatusTest, EqualityIncludesReason) {
  EXPECT_EQ(Status::Conflict("a").WithReason("r"), Status::Conflict("a").WithReason("r"));
  EXPECT_NE(Status::Conflict("a").WithReason("r"), Status::Conflict("a"));
  EXPECT_NE(Status::Conflict("a").WithReason("r"), Status::Conflict("a").WithReason("s"));
}

TEST(ResultTest, CarriesTheReason) {
  Result<int> r = Status::Conflict("a").WithReason("r");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "r");
  auto f = [&]() -> Status {
    GARANT_ASSIGN_OR_RETURN(int v, r);
    (void)v;
    return Status::Ok();
  };
  EXPECT_EQ(f().reason(), "r");
}

TEST(ResultTest, HoldsValue) {
  Result<std::string> r(std::string("hello"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(*r, "hello");
  EXPECT_EQ(r->size(), 5u);
  EXPECT_EQ(std::move(r).value(), "hello");
}

TEST(ResultTest, HoldsError) {
  const Result<int> r(Status::Conflict("state"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status(), Status::Conflict("state"));
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

Status FailIf(bool fail) { return fail ? Status::TooLarge("big") : Status::Ok(); }

Status Chain(bool fail, int* reached) {
  GARANT_RETURN_IF_ERROR(FailIf(fail));
  *reached = 1;
  return Status::Ok();
}

Result<int> Half(int n) {
  if (n % 2 != 0) {
    return Status::InvalidArgument("odd");
  }
  return n / 2;
}

Result<int> Quarter(int n) {
  GARANT_ASSIGN_OR_RETURN(const int half, Half(n));
  GARANT_ASSIGN_OR_RETURN(const int quarter, Half(half));
  return quarter;
}

TEST(ResultTest, ReturnIfErrorPropagates) {
  int reached = 0;
  EXPECT_EQ(Chain(true, &reached).code(), Code::kTooLarge);
  EXPECT_EQ(reached, 0);
  EXPECT_TRUE(Chain(false, &reached).ok());
  EXPECT_EQ(reached, 1);
}

TEST(ResultTest, AssignOrReturnPropagates) {
  ASSERT_TRUE(Quarter(12).ok());
  EXPECT_EQ(*Quarter(12), 3);
  EXPECT_EQ(Quarter(6).status(), Status::InvalidArgument("odd"));
  EXPECT_EQ(Quarter(5).status(), Status::InvalidArgument("odd"));
}

}  // namespace
}  // namespace garant
