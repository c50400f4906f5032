// GovernanceStore: the end of a mandate and the replacement of a member
// (sql/0028). Nobody is deleted: the member keeps their row and dates, so
// past meetings keep their attendance, quorum and votes. The previous end
// date goes to gov_corrections (the history shown under the member), and each
// change is an audit entry, in one transaction.

#include <algorithm>

#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

struct Locked {
  Date term_start{};
  std::optional<Date> term_end;
  MandateEnd end_reason = MandateEnd::kNone;
  int64_t committee_id = 0;
  std::string committee_code;
  std::string full_name;
};

Result<Locked> LockMember(db::Transaction& tx, int64_t id) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      tx.Exec("SELECT to_char(m.term_start, 'YYYY-MM-DD'), to_char(m.term_end, 'YYYY-MM-DD'), "
              "m.end_reason, m.committee_id, c.code, m.full_name FROM gov_members m "
              "JOIN gov_committees c ON c.id = m.committee_id WHERE m.id = $1 FOR UPDATE OF m",
              {id}));
  if (r.empty()) return Status::NotFound("member not found");
  Locked l;
  GARANT_ASSIGN_OR_RETURN(l.term_start, ParseDate(r.Text(0, 0)));
  if (!r.IsNull(0, 1)) {
    GARANT_ASSIGN_OR_RETURN(l.term_end, ParseDate(r.Text(0, 1)));
  }
  auto why = ParseMandateEnd(r.Text(0, 2));
  if (!why.ok()) return db::UnknownStoredValue("gov_members.end_reason", r.Text(0, 2));
  l.end_reason = *why;
  l.committee_id = r.Int(0, 3);
  l.committee_code = r.Str(0, 4);
  l.full_name = r.Str(0, 5);
  return l;
}

std::string DateText(const std::optional<Date>& d) { return d ? FormatDate(*d) : ""; }

// Writes the new end (and its reason) and keeps the previous end date in
// gov_corrections when it changes.
Status WriteEnd(db::Transaction& tx, int64_t member_id, const Locked& before, Date end,
                MandateEnd why, const std::string& note, const std::string& actor, TimePoint now) {
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE gov_members SET term_end = $2::date, end_reason = $3 WHERE id = $1",
              {member_id, FormatDate(end), std::string(ToString(why))})
          .status());
  if (before.term_end == end) return Status::Ok();
  return tx
      .Exec(
          "INSERT INTO gov_corrections (subject, subject_id, old_value, new_value, note, at, "
          "actor) VALUES ('member_term_end', $1, $2, $3, $4, $5, $6)",
          {member_id, DateText(before.term_end), FormatDate(end), note, FormatRfc3339Utc(now),
           actor})
      .status();
}

}  // namespace

Result<Member> GovernanceStore::EndMembership(const std::string& actor, int64_t member_id,
                                              Date last_day, MandateEnd why,
                                              const std::string& note) {
  if (why == MandateEnd::kNone) {
    return Status::InvalidArgument("the reason why the mandate ends is required")
        .WithReason(reason::kInvalidMandateEnd);
  }
  if (note.size() > 2000) return Status::InvalidArgument("note is too long");
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(Locked before, LockMember(tx, member_id));
  if (last_day < before.term_start) {
    return Status::InvalidArgument("the mandate cannot end before it started")
        .WithReason(reason::kInvalidTerm);
  }
  if (before.term_end == last_day && before.end_reason == why) {
    return Status::InvalidArgument("the mandate already ends so")
        .WithReason(reason::kCorrectionUnchanged);
  }
  GARANT_RETURN_IF_ERROR(WriteEnd(tx, member_id, before, last_day, why, note, actor, clock_.Now()));
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.member.mandate_ended",
                                     "member/" + std::to_string(member_id),
                                     {{"member_id", member_id},
                                      {"committee", before.committee_code},
                                      {"full_name", before.full_name},
                                      {"term_end", FormatDate(last_day)},
                                      {"reason", ToString(why)},
                                      {"previous_term_end", DateText(before.term_end)},
                                      {"note", note}}));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  GARANT_ASSIGN_OR_RETURN(auto members, ListMembers(before.committee_id));
  for (Member& m : members) {
    if (m.id == member_id) return m;
  }
  return Status::Internal("member vanished");
}

Result<Member> GovernanceStore::ReplaceMember(const std::string& actor, int64_t member_id,
                                              Member successor, const std::string& note) {
  if (note.size() > 2000) return Status::InvalidArgument("note is too long");
  bool blank = std::all_of(successor.full_name.begin(), successor.full_name.end(),
                           [](char c) { return c == ' '; });
  if (blank || successor.full_name.size() > 200) {
    return Status::InvalidArgument("full_name is required (at most 200 characters)");
  }
  if (successor.term_end && *successor.term_end < successor.term_start) {
    return Status::InvalidArgument("term_end must not be before term_start")
        .WithReason(reason::kInvalidTerm);
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(Locked before, LockMember(tx, member_id));
  if (successor.term_start <= before.term_start) {
    return Status::InvalidArgument(
               "the successor's mandate starts after the start of the mandate it takes over")
        .WithReason(reason::kReplacementStartsTooEarly);
  }
  // The predecessor's last day is the eve of the successor's first, unless
  // their mandate had already ended earlier.
  Date last_day = successor.term_start - std::chrono::days(1);
  if (before.term_end && *before.term_end < last_day) last_day = *before.term_end;
  GARANT_RETURN_IF_ERROR(
      WriteEnd(tx, member_id, before, last_day, MandateEnd::kReplaced, note, actor, clock_.Now()));
  successor.committee_id = before.committee_id;
  successor.replaces_member_id = member_id;
  successor.end_reason = MandateEnd::kNone;
  std::optional<std::string> end;
  if (successor.term_end) end = FormatDate(*successor.term_end);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_members (committee_id, full_name, role, voting, term_start, "
              "term_end, replaces_member_id) VALUES ($1, $2, $3, $4, $5::date, $6::date, $7) "
              "RETURNING id",
              {successor.committee_id, successor.full_name, std::string(ToString(successor.role)),
               successor.voting, FormatDate(successor.term_start), db::Param::Optional(end),
               member_id}));
  successor.id = rows.Int(0, 0);
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.member.replaced",
                                     "committee/" + before.committee_code,
                                     {{"member_id", successor.id},
                                      {"full_name", successor.full_name},
                                      {"role", ToString(successor.role)},
                                      {"voting", successor.voting},
                                      {"term_start", FormatDate(successor.term_start)},
                                      {"term_end", end ? *end : ""},
                                      {"replaces_member_id", member_id},
                                      {"predecessor_term_end", FormatDate(last_day)},
                                      {"previous_term_end", DateText(before.term_end)},
                                      {"note", note}}));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return successor;
}

}  // namespace garant::governance
