// GovernanceStore: corrections of texts written after the fact (a project's
// public summary and Health Data Hub number, a member's end of mandate, a
// meeting's minutes). The record is updated; the previous value is kept in
// gov_corrections (append-only, sql/0013_console_followup.sql) and the
// change is an audit entry, all in one transaction.

#include <algorithm>

#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

// How each subject is read (locked), written and named in the audit log.
struct Target {
  const char* select_sql;  // $1 = id → (current value as text, audit object suffix)
  const char* update_sql;  // $1 = id, $2 = new value as text
  const char* object_prefix;
  const char* event_type;
};

const Target& TargetOf(CorrectionSubject s) {
  static const Target kSummary{
      "SELECT public_summary, reference FROM gov_projects WHERE id = $1 FOR UPDATE",
      "UPDATE gov_projects SET public_summary = $2 WHERE id = $1", "project/",
      "governance.project.summary_corrected"};
  static const Target kHdh{
      "SELECT hdh_directory_number, reference FROM gov_projects WHERE id = $1 FOR UPDATE",
      "UPDATE gov_projects SET hdh_directory_number = $2 WHERE id = $1", "project/",
      "governance.project.hdh_number_set"};
  static const Target kTermEnd{
      "SELECT coalesce(to_char(term_end, 'YYYY-MM-DD'), ''), id::text FROM gov_members "
      "WHERE id = $1 FOR UPDATE",
      "UPDATE gov_members SET term_end = NULLIF($2, '')::date, end_reason = CASE WHEN $2 = '' "
      "THEN '' ELSE end_reason END WHERE id = $1",
      "member/", "governance.member.term_end_corrected"};
  static const Target kMinutes{
      "SELECT minutes, id::text FROM gov_meetings WHERE id = $1 FOR UPDATE",
      "UPDATE gov_meetings SET minutes = $2 WHERE id = $1", "meeting/",
      "governance.meeting.minutes_corrected"};
  switch (s) {
    case CorrectionSubject::kProjectSummary:
      return kSummary;
    case CorrectionSubject::kProjectHdhNumber:
      return kHdh;
    case CorrectionSubject::kMemberTermEnd:
      return kTermEnd;
    case CorrectionSubject::kMeetingMinutes:
      break;
  }
  return kMinutes;
}

Result<CorrectionSubject> ParseSubject(std::string_view s) {
  for (CorrectionSubject c :
       {CorrectionSubject::kProjectSummary, CorrectionSubject::kProjectHdhNumber,
        CorrectionSubject::kMemberTermEnd, CorrectionSubject::kMeetingMinutes}) {
    if (ToString(c) == s) return c;
  }
  return db::UnknownStoredValue("gov_corrections.subject", s);
}

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r'; });
}

}  // namespace

std::string_view ToString(CorrectionSubject s) {
  switch (s) {
    case CorrectionSubject::kProjectSummary:
      return "project_summary";
    case CorrectionSubject::kProjectHdhNumber:
      return "project_hdh_number";
    case CorrectionSubject::kMemberTermEnd:
      return "member_term_end";
    case CorrectionSubject::kMeetingMinutes:
      break;
  }
  return "meeting_minutes";
}

bool ValidHdhDirectoryNumber(std::string_view s) {
  if (s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
           c == '.' || c == '-' || c == '_' || c == '/';
  });
}

Result<Correction> GovernanceStore::CorrectProjectSummary(const std::string& actor,
                                                          int64_t project_id,
                                                          const std::string& summary,
                                                          const std::string& note) {
  if (Blank(summary) || summary.size() > 5000) {
    return Status::InvalidArgument("public_summary must hold 1 to 5000 characters")
        .WithReason(reason::kInvalidSummary);
  }
  return Correct(actor, CorrectionSubject::kProjectSummary, project_id, summary, note);
}

Result<Correction> GovernanceStore::SetProjectHdhNumber(const std::string& actor,
                                                        int64_t project_id,
                                                        const std::string& number,
                                                        const std::string& note) {
  if (!ValidHdhDirectoryNumber(number)) {
    return Status::InvalidArgument("invalid Health Data Hub directory number")
        .WithReason(reason::kInvalidHdhNumber);
  }
  return Correct(actor, CorrectionSubject::kProjectHdhNumber, project_id, number, note);
}

Result<Correction> GovernanceStore::CorrectMemberTermEnd(const std::string& actor,
                                                         int64_t member_id,
                                                         std::optional<Date> term_end,
                                                         const std::string& note) {
  if (term_end) {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                            conn->Exec("SELECT to_char(term_start, 'YYYY-MM-DD') FROM gov_members "
                                       "WHERE id = $1",
                                       {member_id}));
    if (rows.empty()) return Status::NotFound("member not found");
    auto start = ParseDate(rows.Text(0, 0));
    if (start.ok() && *term_end < *start) {
      return Status::InvalidArgument("term_end is before term_start")
          .WithReason(reason::kInvalidTerm);
    }
  }
  return Correct(actor, CorrectionSubject::kMemberTermEnd, member_id,
                 term_end ? FormatDate(*term_end) : "", note);
}

Result<Correction> GovernanceStore::CorrectMinutes(const std::string& actor, int64_t meeting_id,
                                                   const std::string& minutes,
                                                   const std::string& note) {
  if (minutes.size() > 20000) return Status::InvalidArgument("minutes are too long");
  return Correct(actor, CorrectionSubject::kMeetingMinutes, meeting_id, minutes, note);
}

Result<Correction> GovernanceStore::Correct(const std::string& actor, CorrectionSubject subject,
                                            int64_t id, const std::string& value,
                                            const std::string& note) {
  if (note.size() > 2000) return Status::InvalidArgument("note is too long");
  const Target& t = TargetOf(subject);
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec(t.select_sql, {id}));
  if (rows.empty()) return Status::NotFound(std::string(ToString(subject)) + ": not found");
  Correction c;
  c.subject = subject;
  c.subject_id = id;
  c.old_value = rows.Str(0, 0);
  c.new_value = value;
  c.note = note;
  c.actor = actor;
  c.at = clock_.Now();
  if (c.old_value == c.new_value) {
    return Status::InvalidArgument("the new value is the current one")
        .WithReason(reason::kCorrectionUnchanged);
  }
  const std::string object = t.object_prefix + rows.Str(0, 1);
  GARANT_RETURN_IF_ERROR(tx.Exec(t.update_sql, {id, value}).status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows inserted,
      tx.Exec("INSERT INTO gov_corrections (subject, subject_id, old_value, new_value, note, at, "
              "actor) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
              {std::string(ToString(subject)), id, c.old_value, c.new_value, note,
               FormatRfc3339Utc(c.at), actor}));
  c.id = inserted.Int(0, 0);
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor, t.event_type, object,
                                     {{"correction_id", c.id},
                                      {"subject", ToString(subject)},
                                      {"subject_id", id},
                                      {"old", c.old_value},
                                      {"new", c.new_value},
                                      {"note", note}}));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return c;
}

Result<std::vector<Correction>> GovernanceStore::ListCorrections(CorrectionSubject subject,
                                                                 int64_t subject_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec("SELECT id, subject, subject_id, old_value, new_value, note, at, actor "
                 "FROM gov_corrections WHERE subject = $1 AND subject_id = $2 ORDER BY at, id",
                 {std::string(ToString(subject)), subject_id}));
  std::vector<Correction> out;
  for (int r = 0; r < rows.size(); ++r) {
    Correction c;
    c.id = rows.Int(r, 0);
    GARANT_ASSIGN_OR_RETURN(c.subject, ParseSubject(rows.Text(r, 1)));
    c.subject_id = rows.Int(r, 2);
    c.old_value = rows.Str(r, 3);
    c.new_value = rows.Str(r, 4);
    c.note = rows.Str(r, 5);
    c.at = rows.Time(r, 6);
    c.actor = rows.Str(r, 7);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace garant::governance
