// The register of information notices (RGPD art. 12-14; référentiel EDS,
// R5): the texts given to the people concerned, one series of versions per
// audience (adults, minors, health professionals), each version with its
// publication date. A version once published never changes
// (sql/0025_information_notices.sql: append-only table, SELECT and INSERT
// only for the application role). docs/notices.md.
//
// The label of a version ("adult-3": audience, then its number in the
// audience's series) is what each objection records as notice_version.
//
// Thread-safety: NoticeRegister is thread-safe (each call borrows its own
// connection); the pool must outlive it. The pure functions are thread-safe.
// Errors: kInvalidArgument (the first field error, with its reason slug:
// call ValidateNotice first to get them all; an unknown audience), kNotFound
// (an unknown version label), kDataLoss (a stored audience this build does
// not know); database errors as db::MapSqlState maps them.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/recorder.h"
#include "garant/consent/identity.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::consent {

// Who the notice is written for.
enum class NoticeAudience { kAdult, kMinor, kProfessional };
inline constexpr std::array<NoticeAudience, 3> kNoticeAudiences = {
    NoticeAudience::kAdult, NoticeAudience::kMinor, NoticeAudience::kProfessional};
// Stable names, as stored, in labels and on the command line: "adult",
// "minor", "professional".
std::string_view Name(NoticeAudience a);
std::optional<NoticeAudience> ParseNoticeAudience(std::string_view s);

// The audit event of a publication (object "notice/<version>").
inline constexpr std::string_view kEventNoticePublished = "notice.published";

// What objections record while no notice of the audience is published yet.
inline constexpr std::string_view kNoNoticePublished = "none";

inline constexpr size_t kMaxNoticeTitleChars = 200;
inline constexpr size_t kMaxNoticeBodyChars = 20000;

// Field names of the console form and of the CLI's messages.
inline constexpr std::string_view kFieldNoticeAudience = "audience";
inline constexpr std::string_view kFieldNoticeTitle = "title";
inline constexpr std::string_view kFieldNoticeBody = "body";

// Reasons of the notice's field errors (French texts: server/src/http/reasons_fr.cc).
inline constexpr std::string_view kReasonNoticeAudienceInvalid = "notice_audience_invalid";
inline constexpr std::string_view kReasonNoticeTitleRequired = "notice_title_required";
inline constexpr std::string_view kReasonNoticeTitleTooLong = "notice_title_too_long";
inline constexpr std::string_view kReasonNoticeBodyRequired = "notice_body_required";
inline constexpr std::string_view kReasonNoticeBodyTooLong = "notice_body_too_long";
inline constexpr std::string_view kReasonNoticeTextInvalid = "notice_text_invalid";
// An objection names a version the register does not hold (the API), or
// one the server did not show (a forged form field).
inline constexpr std::string_view kReasonNoticeVersionUnknown = "notice_version_unknown";
inline constexpr std::array<std::string_view, 7> kNoticeReasons = {
    kReasonNoticeAudienceInvalid, kReasonNoticeTitleRequired, kReasonNoticeTitleTooLong,
    kReasonNoticeBodyRequired,    kReasonNoticeBodyTooLong,   kReasonNoticeTextInvalid,
    kReasonNoticeVersionUnknown};

// A version to publish. `audience` is typed (the console's select, the CLI's
// --audience): ValidateNotice refuses a name that is not one of Name()'s.
struct NewNotice {
  std::string audience;
  std::string title;
  std::string body;  // plain text; blank lines separate paragraphs
};

// Every invalid field: audience unknown; title blank or over
// kMaxNoticeTitleChars; body blank or over kMaxNoticeBodyChars; text that is
// not UTF-8 or holds control characters (but line breaks and tabs in the
// body). Empty when the notice can be published.
std::vector<FieldError> ValidateNotice(const NewNotice& n);

// A published version.
struct Notice {
  int64_t id = 0;
  NoticeAudience audience = NoticeAudience::kAdult;
  int number = 0;       // 1, 2, … within the audience
  std::string version;  // "<audience>-<number>"
  std::string title;
  std::string body;
  TimePoint published_at{};
  std::string published_by;  // the audit actor ("staff:<id>", "service:garant-cli")
  uint64_t audit_index = 0;  // index of its notice.published entry
};

// "adult-3".
std::string NoticeVersionLabel(NoticeAudience a, int number);

class NoticeRegister {
 public:
  explicit NoticeRegister(db::Pool& pool) : pool_(pool) {}

  // Validates and publishes `n` as the next version of its audience, dated
  // by `by.clock`, with its notice.published entry (payload: version,
  // audience, number, title, SHA-256 of the body) in the same transaction.
  // Two publications for one audience at once: one waits for the other
  // (transaction-scoped advisory lock per audience), so numbers never collide.
  Result<Notice> Publish(const NewNotice& n, const audit::Recorder& by);

  // The latest version of `a`; nullopt when none is published.
  Result<std::optional<Notice>> Current(NoticeAudience a);
  // Every version, newest first, of one audience or of all.
  Result<std::vector<Notice>> History(std::optional<NoticeAudience> a = std::nullopt);
  // The version with this label; kNotFound otherwise.
  Result<Notice> Find(std::string_view version);

 private:
  db::Pool& pool_;
};

// The label an objection records for `a`, read inside the objection's own
// transaction: the current version's, or kNoNoticePublished.
Result<std::string> CurrentNoticeLabel(db::Transaction& tx, NoticeAudience a);

// Checks, inside `tx`, that `label` may be recorded with an objection: a
// version of the register, or kNoNoticePublished (what a form rendered before
// any publication carries, signed by the server: callers that take a label
// from outside, such as the JSON API, refuse kNoNoticePublished themselves).
// kInvalidArgument with kReasonNoticeVersionUnknown otherwise.
Status CheckNoticeLabel(db::Transaction& tx, std::string_view label);

}  // namespace garant::consent
