// Status and Result<T>: garant's one error model (see docs/error-model.md).
//
// Every fallible function inside garant returns a Status or a Result<T>.
// Exceptions are used only at library boundaries (Poco, Boost.JSON) and are
// caught there and turned into a Status. A Status is a small value type:
// copyable, thread-compatible, cheap when ok.
//
// Besides its code and its (English, human) message, a Status may carry a
// reason: a stable, machine-readable slug such as "quorum_not_met" that names
// the rule which refused. Messages may be reworded; reasons may not. Clients
// and pages that need to tell refusals apart key on the reason, never on the
// message (see docs/error-model.md).
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace garant {

// The few codes garant uses. Each maps to exactly one HTTP status
// (server/src/http/exchange.cc) and one stable string (CodeName).
enum class Code {
  kOk = 0,
  kInvalidArgument,       // the caller sent something malformed or out of range (400)
  kUnauthenticated,       // no valid credentials (401)
  kPermissionDenied,      // credentials valid, action not allowed; also bad CSRF (403)
  kNotFound,              // the thing does not exist (404)
  kAlreadyExists,         // unique constraint, duplicate id with other content (409)
  kConflict,              // state does not allow the action now (409)
  kUnprocessableContent,  // well-formed, but its content contradicts what it refers to: an
                          // Idempotency-Key already used with another body (422)
  kTooLarge,              // body, leaf or batch over its limit (413)
  kResourceExhausted,     // rate limit, pool exhausted (429)
  kFailedPrecondition,    // configuration or environment not as required (500, refuse to start)
  kUnavailable,           // database or dependency down, retry later (503)
  kDataLoss,              // integrity failure: tampering, corruption (500)
  kInternal,              // a bug or an unexpected library failure (500)
};

// Stable lowercase name of a code, e.g. "invalid_argument". Used in JSON errors.
std::string_view CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Status(Code code, std::string message, std::string reason)
      : code_(code), message_(std::move(message)), reason_(std::move(reason)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {Code::kUnauthenticated, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status UnprocessableContent(std::string m) {
    return {Code::kUnprocessableContent, std::move(m)};
  }
  static Status TooLarge(std::string m) { return {Code::kTooLarge, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {Code::kResourceExhausted, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {Code::kFailedPrecondition, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status DataLoss(std::string m) { return {Code::kDataLoss, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The stable reason slug ("quorum_not_met"), or "" when none was given.
  const std::string& reason() const { return reason_; }
  // "invalid_argument: message", or "ok" (the reason is not shown).
  std::string ToString() const;

  // Returns a copy whose message is prefixed with context: "context: message".
  // The code and the reason are kept.
  Status WithContext(std::string_view context) const;

  // Returns the status with its reason set, e.g.
  //   return Status::Conflict("quorum not met: ...").WithReason("quorum_not_met");
  // An ok status stays ok and carries no reason.
  Status WithReason(std::string_view reason) const& {
    Status s = *this;
    if (!s.ok()) s.reason_ = std::string(reason);
    return s;
  }
  Status WithReason(std::string_view reason) && {
    if (!ok()) reason_ = std::string(reason);
    return std::move(*this);
  }

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_ && a.reason_ == b.reason_;
  }

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string reason_;  // stable slug; empty when none
};

// Either a value or a non-ok Status. Accessing the value of an error Result is
// a programming error (asserted in debug builds).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace garant

// Propagation helpers: keep call sites linear.
#define GARANT_RETURN_IF_ERROR(expr)         \
  do {                                       \
    ::garant::Status _garant_st = (expr);    \
    if (!_garant_st.ok()) return _garant_st; \
  } while (0)

#define GARANT_CONCAT_INNER(a, b) a##b
#define GARANT_CONCAT(a, b) GARANT_CONCAT_INNER(a, b)
#define GARANT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
#define GARANT_ASSIGN_OR_RETURN(lhs, expr) \
  GARANT_ASSIGN_OR_RETURN_IMPL(GARANT_CONCAT(_garant_r_, __LINE__), lhs, expr)
