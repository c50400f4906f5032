#include "garant/consent/notice_register.h"

#include <boost/json.hpp>

#include "garant/consent/objection.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "unicode_text.h"

namespace garant::consent {
namespace {

// Valid UTF-8 without control characters; `multiline` lets line breaks and
// tabs through. Sets *chars to the length in code points.
bool IsCleanText(std::string_view s, bool multiline, size_t* chars) {
  if (!internal::IsValidUtf8(s, chars)) return false;
  for (unsigned char c : s) {
    if (c == 0x7f) return false;
    if (c >= 0x20) continue;
    if (multiline && (c == '\n' || c == '\r' || c == '\t')) continue;
    return false;
  }
  return true;
}

const char* const kColumns =
    "id, audience, number, version, title, body, published_at, published_by, audit_index";

Result<Notice> RowToNotice(const db::Rows& rows, int r) {
  Notice n;
  n.id = rows.Int(r, 0);
  auto a = ParseNoticeAudience(rows.Text(r, 1));
  if (!a) return Status::DataLoss("notice: unknown stored audience '" + rows.Str(r, 1) + "'");
  n.audience = *a;
  n.number = static_cast<int>(rows.Int(r, 2));
  n.version = rows.Str(r, 3);
  n.title = rows.Str(r, 4);
  n.body = rows.Str(r, 5);
  n.published_at = rows.Time(r, 6);
  n.published_by = rows.Str(r, 7);
  n.audit_index = static_cast<uint64_t>(rows.Int(r, 8));
  return n;
}

Result<std::vector<Notice>> RowsToNotices(const db::Rows& rows) {
  std::vector<Notice> out;
  for (int i = 0; i < rows.size(); ++i) {
    GARANT_ASSIGN_OR_RETURN(Notice n, RowToNotice(rows, i));
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

std::string_view Name(NoticeAudience a) {
  switch (a) {
    case NoticeAudience::kAdult:
      return "adult";
    case NoticeAudience::kMinor:
      return "minor";
    case NoticeAudience::kProfessional:
      return "professional";
  }
  return "";
}

std::optional<NoticeAudience> ParseNoticeAudience(std::string_view s) {
  for (NoticeAudience a : kNoticeAudiences) {
    if (Name(a) == s) return a;
  }
  return std::nullopt;
}

NoticeAudience NoticeAudienceOf(Requester r) {
  if (r == Requester::kParent) return NoticeAudience::kMinor;
  if (r == Requester::kProfessional) return NoticeAudience::kProfessional;
  return NoticeAudience::kAdult;
}

std::string NoticeVersionLabel(NoticeAudience a, int number) {
  return std::string(Name(a)) + "-" + std::to_string(number);
}

std::vector<FieldError> ValidateNotice(const NewNotice& n) {
  std::vector<FieldError> errors;
  if (!ParseNoticeAudience(n.audience)) {
    errors.push_back({std::string(kFieldNoticeAudience),
                      "must be one of adult, minor, professional",
                      std::string(kReasonNoticeAudienceInvalid)});
  }
  size_t chars = 0;
  if (!IsCleanText(n.title, false, &chars)) {
    errors.push_back({std::string(kFieldNoticeTitle),
                      "must be UTF-8 text without control characters",
                      std::string(kReasonNoticeTextInvalid)});
  } else if (internal::IsBlank(n.title)) {
    errors.push_back({std::string(kFieldNoticeTitle), "must not be empty",
                      std::string(kReasonNoticeTitleRequired)});
  } else if (chars > kMaxNoticeTitleChars) {
    errors.push_back({std::string(kFieldNoticeTitle),
                      "at most " + std::to_string(kMaxNoticeTitleChars) + " characters",
                      std::string(kReasonNoticeTitleTooLong),
                      {{"max", std::to_string(kMaxNoticeTitleChars)}}});
  }
  if (!IsCleanText(n.body, true, &chars)) {
    errors.push_back({std::string(kFieldNoticeBody),
                      "must be UTF-8 text without control characters but line breaks and tabs",
                      std::string(kReasonNoticeTextInvalid)});
  } else if (internal::IsBlank(n.body)) {
    errors.push_back({std::string(kFieldNoticeBody), "must not be empty",
                      std::string(kReasonNoticeBodyRequired)});
  } else if (chars > kMaxNoticeBodyChars) {
    errors.push_back({std::string(kFieldNoticeBody),
                      "at most " + std::to_string(kMaxNoticeBodyChars) + " characters",
                      std::string(kReasonNoticeBodyTooLong),
                      {{"max", std::to_string(kMaxNoticeBodyChars)}}});
  }
  return errors;
}

Result<Notice> NoticeRegister::Publish(const NewNotice& n, const audit::Recorder& by) {
  std::vector<FieldError> errors = ValidateNotice(n);
  if (!errors.empty()) {
    return Status::InvalidArgument(errors.front().field + ": " + errors.front().message)
        .WithReason(errors.front().reason);
  }
  Notice out;
  out.audience = *ParseNoticeAudience(n.audience);
  out.title = n.title;
  out.body = n.body;
  out.published_at = by.clock.Now();
  out.published_by = by.actor;

  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  // One publication per audience at a time: the next number is read under
  // a transaction-scoped advisory lock (there may be no row yet to lock).
  GARANT_RETURN_IF_ERROR(tx.Exec("SELECT pg_advisory_xact_lock(hashtext('garant-notice|' || $1))",
                                 {std::string(Name(out.audience))})
                             .status());
  GARANT_ASSIGN_OR_RETURN(db::Rows last,
                          tx.Exec("SELECT coalesce(max(number), 0) FROM information_notices "
                                  "WHERE audience = $1",
                                  {std::string(Name(out.audience))}));
  out.number = static_cast<int>(last.Int(0, 0)) + 1;
  out.version = NoticeVersionLabel(out.audience, out.number);

  boost::json::object p;
  p["version"] = out.version;
  p["audience"] = Name(out.audience);
  p["number"] = out.number;
  p["title"] = out.title;
  p["body_sha256"] = HexEncode(crypto::Sha256(out.body));
  p["published_at"] = FormatRfc3339Utc(out.published_at);
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      by.log.AppendInTx(
          tx, {audit::MakeEvent(by.random, out.published_at, std::string(kEventNoticePublished),
                                by.actor, "notice/" + out.version, boost::json::serialize(p))}));
  out.audit_index = idx.front();
  GARANT_ASSIGN_OR_RETURN(
      db::Rows ins,
      tx.Exec("INSERT INTO information_notices (audience, number, version, title, body, "
              "published_at, published_by, audit_index) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
              "RETURNING id",
              {std::string(Name(out.audience)), static_cast<int64_t>(out.number), out.version,
               out.title, out.body, FormatRfc3339Utc(out.published_at), out.published_by,
               static_cast<int64_t>(out.audit_index)}));
  out.id = ins.Int(0, 0);
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::optional<Notice>> NoticeRegister::Current(NoticeAudience a) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec(std::string("SELECT ") + kColumns +
                                         " FROM information_notices WHERE audience = $1 "
                                         "ORDER BY number DESC LIMIT 1",
                                     {std::string(Name(a))}));
  if (rows.empty()) return std::optional<Notice>();
  GARANT_ASSIGN_OR_RETURN(Notice n, RowToNotice(rows, 0));
  return std::optional<Notice>(std::move(n));
}

Result<std::vector<Notice>> NoticeRegister::History(std::optional<NoticeAudience> a) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  if (a) {
    GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                            conn->Exec(std::string("SELECT ") + kColumns +
                                           " FROM information_notices WHERE audience = $1 "
                                           "ORDER BY number DESC",
                                       {std::string(Name(*a))}));
    return RowsToNotices(rows);
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows, conn->Exec(std::string("SELECT ") + kColumns +
                                " FROM information_notices ORDER BY published_at DESC, id DESC"));
  return RowsToNotices(rows);
}

Result<Notice> NoticeRegister::Find(std::string_view version) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec(std::string("SELECT ") + kColumns + " FROM information_notices WHERE version = $1",
                 {std::string(version)}));
  if (rows.empty()) return Status::NotFound("no notice version '" + std::string(version) + "'");
  return RowToNotice(rows, 0);
}

Result<std::string> CurrentNoticeLabel(db::Transaction& tx, NoticeAudience a) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec("SELECT version FROM information_notices WHERE "
                                                 "audience = $1 ORDER BY number DESC LIMIT 1",
                                                 {std::string(Name(a))}));
  if (rows.empty()) return std::string(kNoNoticePublished);
  return rows.Str(0, 0);
}

Status CheckNoticeLabel(db::Transaction& tx, std::string_view label) {
  if (label == kNoNoticePublished) return Status::Ok();
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("SELECT 1 FROM information_notices WHERE version = $1", {std::string(label)}));
  if (!rows.empty()) return Status::Ok();
  return Status::InvalidArgument("notice_version: not a version of the notice register")
      .WithReason(std::string(kReasonNoticeVersionUnknown));
}

}  // namespace garant::consent
