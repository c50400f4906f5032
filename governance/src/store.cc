// GovernanceStore: settings, committees, members, projects, meetings,
// conflicts. Decisions, authorisations and the access check are in
// store_decisions.cc.
// Over 400 lines on purpose: the registry's basic records, each a short
// lock → check → write → audit → commit; the decision rules live apart.

#include "garant/governance/store.h"

#include <algorithm>

#include "garant/governance/reasons.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

bool ValidReference(std::string_view s) {
  if (s.size() < 3 || s.size() > 32) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (i > 0 && c == '-');
    if (!ok) return false;
  }
  return true;
}

Status NonEmpty(std::string_view value, const char* field, size_t max) {
  bool blank = std::all_of(value.begin(), value.end(), [](char c) { return c == ' '; });
  if (value.empty() || blank) return Status::InvalidArgument(std::string(field) + " is required");
  if (value.size() > max) return Status::InvalidArgument(std::string(field) + " is too long");
  return Status::Ok();
}

Committee CommitteeAt(const db::Rows& rows, int r) {
  Committee c;
  c.id = rows.Int(r, 0);
  c.code = rows.Str(r, 1);
  c.name = rows.Str(r, 2);
  c.quorum.numerator = static_cast<int>(rows.Int(r, 3));
  c.quorum.denominator = static_cast<int>(rows.Int(r, 4));
  c.quorum.strict = rows.Bool(r, 5);
  c.quorum.min_patient_representatives = static_cast<int>(rows.Int(r, 6));
  return c;
}
constexpr const char* kCommitteeColumns =
    "id, code, name, quorum_numerator, quorum_denominator, quorum_strict, "
    "min_patient_representatives";

Result<Member> MemberAt(const db::Rows& rows, int r) {
  Member m;
  m.id = rows.Int(r, 0);
  m.committee_id = rows.Int(r, 1);
  m.full_name = rows.Str(r, 2);
  auto role = ParseMemberRole(rows.Text(r, 3));
  if (!role.ok()) return db::UnknownStoredValue("gov_members.role", rows.Text(r, 3));
  m.role = *role;
  m.voting = rows.Bool(r, 4);
  auto start = ParseDate(rows.Text(r, 5));
  if (!start.ok()) return db::UnknownStoredValue("gov_members.term_start", rows.Text(r, 5));
  m.term_start = *start;
  if (!rows.IsNull(r, 6)) {
    auto end = ParseDate(rows.Text(r, 6));
    if (!end.ok()) return db::UnknownStoredValue("gov_members.term_end", rows.Text(r, 6));
    m.term_end = *end;
  }
  auto why = ParseMandateEnd(rows.Text(r, 7));
  if (!why.ok()) return db::UnknownStoredValue("gov_members.end_reason", rows.Text(r, 7));
  m.end_reason = *why;
  if (!rows.IsNull(r, 8)) m.replaces_member_id = rows.Int(r, 8);
  return m;
}
constexpr const char* kMemberColumns =
    "id, committee_id, full_name, role, voting, to_char(term_start, 'YYYY-MM-DD'), "
    "to_char(term_end, 'YYYY-MM-DD'), end_reason, replaces_member_id";

constexpr const char* kMeetingColumns =
    "m.id, m.committee_id, m.held_at, m.minutes, "
    "(SELECT coalesce(string_agg(project_id::text, ',' ORDER BY project_id), '') "
    "   FROM gov_meeting_agenda WHERE meeting_id = m.id), "
    "(SELECT coalesce(string_agg(member_id::text, ',' ORDER BY member_id), '') "
    "   FROM gov_attendance WHERE meeting_id = m.id)";

Meeting MeetingAt(const db::Rows& rows, int r) {
  Meeting m;
  m.id = rows.Int(r, 0);
  m.committee_id = rows.Int(r, 1);
  m.held_at = rows.Time(r, 2);
  m.minutes = rows.Str(r, 3);
  m.agenda = SplitIds(rows.Text(r, 4));
  m.present = SplitIds(rows.Text(r, 5));
  return m;
}

// Fills each meeting's topics (sql/0027), in agenda order (id).
Status LoadTopics(db::Connection& conn, std::vector<Meeting>& meetings) {
  if (meetings.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  for (const auto& m : meetings) ids.push_back(m.id);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Exec("SELECT id, meeting_id, category, title FROM gov_meeting_topics "
                "WHERE meeting_id = ANY(string_to_array($1, ',')::bigint[]) ORDER BY id",
                {JoinIds(ids)}));
  for (int r = 0; r < rows.size(); ++r) {
    GARANT_ASSIGN_OR_RETURN(Topic t, TopicAt(rows, r, 0));
    for (auto& m : meetings) {
      if (m.id == t.meeting_id) m.topics.push_back(t);
    }
  }
  return Status::Ok();
}

}  // namespace

// ---- settings ----

Result<int> GovernanceStore::PublicationDelayDays() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec("SELECT publication_delay_days FROM gov_settings"));
  if (rows.empty()) return Status::Internal("gov_settings is empty");
  return static_cast<int>(rows.Int(0, 0));
}

Result<PurposeCatalogue> GovernanceStore::Purposes() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec("SELECT code, allowed FROM gov_purposes ORDER BY code"));
  PurposeCatalogue c;
  for (int r = 0; r < rows.size(); ++r) {
    (rows.Bool(r, 1) ? c.allowed : c.forbidden).push_back(rows.Str(r, 0));
  }
  return c;
}

// ---- committees and members ----

Result<Committee> GovernanceStore::CreateCommittee(const std::string& actor, Committee c) {
  GARANT_RETURN_IF_ERROR(NonEmpty(c.name, "name", 200));
  GARANT_RETURN_IF_ERROR(ValidateQuorumRule(c.quorum));
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_committees (code, name, quorum_numerator, quorum_denominator, "
              "quorum_strict, min_patient_representatives) VALUES ($1, $2, $3, $4, $5, $6) "
              "RETURNING id",
              {c.code, c.name, c.quorum.numerator, c.quorum.denominator, c.quorum.strict,
               c.quorum.min_patient_representatives}));
  c.id = rows.Int(0, 0);
  boost::json::object payload{
      {"code", c.code},
      {"name", c.name},
      {"quorum_numerator", c.quorum.numerator},
      {"quorum_denominator", c.quorum.denominator},
      {"quorum_strict", c.quorum.strict},
      {"min_patient_representatives", c.quorum.min_patient_representatives}};
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.committee.created", "committee/" + c.code,
                                     payload));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return c;
}

Result<std::vector<Committee>> GovernanceStore::ListCommittees() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kCommitteeColumns +
                                                    " FROM gov_committees ORDER BY id"));
  std::vector<Committee> out;
  for (int r = 0; r < rows.size(); ++r) out.push_back(CommitteeAt(rows, r));
  return out;
}

Result<Committee> GovernanceStore::GetCommittee(int64_t id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kCommitteeColumns +
                                                        " FROM gov_committees WHERE id = $1",
                                                    {id}));
  if (rows.empty()) return Status::NotFound("committee not found");
  return CommitteeAt(rows, 0);
}

Result<Member> GovernanceStore::AddMember(const std::string& actor, Member m) {
  GARANT_RETURN_IF_ERROR(NonEmpty(m.full_name, "full_name", 200));
  if (m.term_end && *m.term_end < m.term_start) {
    return Status::InvalidArgument("term_end must not be before term_start")
        .WithReason(reason::kInvalidTerm);
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows c, tx.Exec("SELECT code FROM gov_committees WHERE id = $1", {m.committee_id}));
  if (c.empty()) return Status::NotFound("committee not found");
  std::optional<std::string> end;
  if (m.term_end) end = FormatDate(*m.term_end);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_members (committee_id, full_name, role, voting, term_start, "
              "term_end) VALUES ($1, $2, $3, $4, $5::date, $6::date) RETURNING id",
              {m.committee_id, m.full_name, std::string(ToString(m.role)), m.voting,
               FormatDate(m.term_start), db::Param::Optional(end)}));
  m.id = rows.Int(0, 0);
  boost::json::object payload{{"member_id", m.id},
                              {"full_name", m.full_name},
                              {"role", ToString(m.role)},
                              {"voting", m.voting},
                              {"term_start", FormatDate(m.term_start)}};
  if (end) payload["term_end"] = *end;
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.member.added", "committee/" + c.Str(0, 0),
                                     payload));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return m;
}

Result<std::vector<Member>> GovernanceStore::ListMembers(int64_t committee_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec(std::string("SELECT ") + kMemberColumns +
                                         " FROM gov_members WHERE committee_id = $1 ORDER BY id",
                                     {committee_id}));
  std::vector<Member> out;
  for (int r = 0; r < rows.size(); ++r) {
    GARANT_ASSIGN_OR_RETURN(Member m, MemberAt(rows, r));
    out.push_back(std::move(m));
  }
  return out;
}

// ---- projects ----

Result<Project> GovernanceStore::CreateProject(const std::string& actor, Project p) {
  if (!ValidReference(p.reference)) {
    return Status::InvalidArgument("reference must be 3-32 characters of A-Z, 0-9 and '-'")
        .WithReason(reason::kInvalidReference);
  }
  GARANT_RETURN_IF_ERROR(NonEmpty(p.title, "title", 300));
  GARANT_RETURN_IF_ERROR(NonEmpty(p.public_summary, "public_summary", 5000));
  GARANT_RETURN_IF_ERROR(NonEmpty(p.legal_basis, "legal_basis", 300));
  GARANT_RETURN_IF_ERROR(NonEmpty(p.investigator, "investigator", 200));
  GARANT_RETURN_IF_ERROR(NonEmpty(p.organisation, "organisation", 200));
  static const std::vector<std::string> kFormalities = {"mr-004", "mr-003", "mr-001",
                                                        "cnil_authorisation", "other"};
  if (std::find(kFormalities.begin(), kFormalities.end(), p.formality) == kFormalities.end()) {
    return Status::InvalidArgument("unknown formality: " + p.formality.substr(0, 64))
        .WithReason(reason::kUnknownFormality);
  }
  if (!p.no_forbidden_use) {
    return Status::InvalidArgument(
               "no_forbidden_use must be declared: the data may not be used for product "
               "promotion or insurance purposes")
        .WithReason(reason::kForbiddenUseNotDeclared);
  }
  if (p.data_domains.empty() || p.data_domains.size() > 50) {
    return Status::InvalidArgument("data_domains must list 1 to 50 domains")
        .WithReason(reason::kDataDomainCount);
  }
  for (const auto& d : p.data_domains) {
    if (!ValidIdentifier(d)) {
      return Status::InvalidArgument("invalid data domain: " + d.substr(0, 64))
          .WithReason(reason::kInvalidDataDomain);
    }
  }
  if (p.duration_months < 1 || p.duration_months > 240) {
    return Status::InvalidArgument("duration_months must be between 1 and 240")
        .WithReason(reason::kInvalidDuration);
  }
  if (p.cohort_size && (*p.cohort_size < 1 || *p.cohort_size > 100000000)) {
    return Status::InvalidArgument("cohort_size must be between 1 and 100000000")
        .WithReason(reason::kInvalidCohortSize);
  }
  if (!ValidHdhDirectoryNumber(p.hdh_directory_number)) {
    return Status::InvalidArgument("invalid Health Data Hub directory number")
        .WithReason(reason::kInvalidHdhNumber);
  }
  GARANT_ASSIGN_OR_RETURN(PurposeCatalogue purposes, Purposes());
  GARANT_RETURN_IF_ERROR(CheckPurpose(purposes, p.purpose));

  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows c,
                          tx.Exec("SELECT 1 FROM gov_committees WHERE id = $1", {p.committee_id}));
  if (c.empty()) return Status::NotFound("committee not found");
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_projects (reference, title, public_summary, purpose, "
              "no_forbidden_use, legal_basis, formality, formality_reference, investigator, "
              "organisation, data_domains, data_description, recipients, duration_months, "
              "committee_id, created_at, status_changed_at, hdh_directory_number, cohort_size) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, string_to_array($11, ','), $12, "
              "$13, $14, $15, $16, $16, $17, $18::int8) RETURNING id",
              {p.reference, p.title, p.public_summary, p.purpose, p.no_forbidden_use, p.legal_basis,
               p.formality, p.formality_reference, p.investigator, p.organisation,
               JoinList(p.data_domains), p.data_description, p.recipients, p.duration_months,
               p.committee_id, now, p.hdh_directory_number,
               p.cohort_size ? db::Param(*p.cohort_size) : db::Param::Null()}));
  p.id = rows.Int(0, 0);
  p.status = ProjectStatus::kSubmitted;
  p.published_at.reset();
  p.created_at = p.status_changed_at = clock_.Now();
  boost::json::object payload{{"project_id", p.id},
                              {"title", p.title},
                              {"purpose", p.purpose},
                              {"formality", p.formality},
                              {"formality_reference", p.formality_reference},
                              {"hdh_directory_number", p.hdh_directory_number},
                              {"cohort_size", p.cohort_size ? boost::json::value(*p.cohort_size)
                                                            : boost::json::value(nullptr)},
                              {"organisation", p.organisation},
                              {"investigator", p.investigator},
                              {"data_domains", JsonList(p.data_domains)},
                              {"committee_id", p.committee_id},
                              {"no_forbidden_use", true}};
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.project.submitted", "project/" + p.reference,
                                     payload));
  // Members whose declaration of interests names the organisation.
  GARANT_RETURN_IF_ERROR(
      DeriveConflicts(log_, audit_clock(), random_, tx, actor, clock_.Now(), std::nullopt, p.id));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return p;
}

Result<std::vector<Project>> GovernanceStore::ListProjects() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kProjectColumns +
                                                    " FROM gov_projects ORDER BY id"));
  std::vector<Project> out;
  for (int r = 0; r < rows.size(); ++r) {
    GARANT_ASSIGN_OR_RETURN(Project project, ProjectAt(rows, r));
    out.push_back(std::move(project));
  }
  return out;
}

Result<Project> GovernanceStore::GetProject(int64_t id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kProjectColumns +
                                                        " FROM gov_projects WHERE id = $1",
                                                    {id}));
  if (rows.empty()) return Status::NotFound("project not found");
  return ProjectAt(rows, 0);
}

Result<Project> GovernanceStore::GetProjectByReference(const std::string& reference) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kProjectColumns +
                                                        " FROM gov_projects WHERE reference = $1",
                                                    {reference}));
  if (rows.empty()) return Status::NotFound("project not found");
  return ProjectAt(rows, 0);
}

Result<std::vector<PublishedProject>> GovernanceStore::ListPublishedProjects() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  std::string sql = std::string("SELECT ") + kProjectColumns +
                    ", (SELECT name FROM gov_committees c WHERE c.id = committee_id), "
                    "d.outcome, d.signed_at, d.conditions "
                    "FROM gov_projects LEFT JOIN LATERAL (SELECT outcome, signed_at, conditions "
                    "  FROM gov_decisions WHERE project_id = gov_projects.id "
                    "  AND cosigned_at IS NOT NULL ORDER BY cosigned_at DESC, id DESC LIMIT 1) d "
                    "ON true WHERE published_at IS NOT NULL ORDER BY published_at DESC, id";
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(sql));
  std::vector<PublishedProject> out;
  for (int r = 0; r < rows.size(); ++r) {
    PublishedProject pp;
    GARANT_ASSIGN_OR_RETURN(pp.project, ProjectAt(rows, r));
    const int c = kProjectColumnCount;
    pp.committee_name = rows.Str(r, c);
    if (!rows.IsNull(r, c + 1)) {
      auto o = ParseOutcome(rows.Text(r, c + 1));
      if (!o.ok()) return db::UnknownStoredValue("gov_decisions.outcome", rows.Text(r, c + 1));
      pp.opinion = *o;
      pp.opinion_date = rows.OptionalTime(r, c + 2);
      pp.opinion_conditions = rows.Str(r, c + 3);
    }
    out.push_back(std::move(pp));
  }
  return out;
}

// ---- meetings and conflicts ----

Result<Meeting> GovernanceStore::RecordMeeting(const std::string& actor, Meeting m) {
  if (m.minutes.size() > 20000) return Status::InvalidArgument("minutes are too long");
  if (m.agenda.empty() && m.topics.empty()) {
    return Status::InvalidArgument("the agenda lists at least one project or topic")
        .WithReason(reason::kAgendaEmpty);
  }
  if (m.topics.size() > 50) return Status::InvalidArgument("at most 50 topics on an agenda");
  for (const Topic& t : m.topics) GARANT_RETURN_IF_ERROR(ValidateTopic(t));
  std::sort(m.agenda.begin(), m.agenda.end());
  std::sort(m.present.begin(), m.present.end());
  if (std::adjacent_find(m.agenda.begin(), m.agenda.end()) != m.agenda.end() ||
      std::adjacent_find(m.present.begin(), m.present.end()) != m.present.end()) {
    return Status::InvalidArgument("duplicate project or member")
        .WithReason(reason::kDuplicateAgendaOrAttendee);
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows c, tx.Exec("SELECT code FROM gov_committees WHERE id = $1", {m.committee_id}));
  if (c.empty()) return Status::NotFound("committee not found");
  // Every attendee is a member of this committee; every project is reviewed by it.
  GARANT_ASSIGN_OR_RETURN(db::Rows members,
                          tx.Exec("SELECT count(*) FROM gov_members WHERE committee_id = $1 "
                                  "AND id = ANY(string_to_array($2, ',')::bigint[])",
                                  {m.committee_id, JoinIds(m.present)}));
  if (members.Int(0, 0) != static_cast<int64_t>(m.present.size())) {
    return Status::InvalidArgument("an attendee is not a member of this committee")
        .WithReason(reason::kAttendeeNotMember);
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows projects,
      tx.Exec("SELECT id, reference, status FROM gov_projects WHERE committee_id = $1 "
              "AND id = ANY(string_to_array($2, ',')::bigint[]) ORDER BY id FOR UPDATE",
              {m.committee_id, JoinIds(m.agenda)}));
  if (projects.size() != static_cast<int>(m.agenda.size())) {
    return Status::InvalidArgument(
               "a project on the agenda is unknown or reviewed by another "
               "committee")
        .WithReason(reason::kAgendaProjectNotInCommittee);
  }
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_meetings (committee_id, held_at, minutes) VALUES ($1, $2, $3) "
              "RETURNING id",
              {m.committee_id, FormatRfc3339Utc(m.held_at), m.minutes}));
  m.id = rows.Int(0, 0);
  GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO gov_meeting_agenda (meeting_id, project_id) "
                                 "SELECT $1, unnest(string_to_array($2, ',')::bigint[])",
                                 {m.id, JoinIds(m.agenda)})
                             .status());
  boost::json::array topics;
  for (Topic& t : m.topics) {
    GARANT_ASSIGN_OR_RETURN(db::Rows tr,
                            tx.Exec("INSERT INTO gov_meeting_topics (meeting_id, category, title) "
                                    "VALUES ($1, $2, $3) RETURNING id",
                                    {m.id, std::string(ToString(t.category)), t.title}));
    t.id = tr.Int(0, 0);
    t.meeting_id = m.id;
    topics.push_back(boost::json::object{
        {"topic_id", t.id}, {"category", ToString(t.category)}, {"title", t.title}});
  }
  if (!m.present.empty()) {
    GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO gov_attendance (meeting_id, member_id) "
                                   "SELECT $1, unnest(string_to_array($2, ',')::bigint[])",
                                   {m.id, JoinIds(m.present)})
                               .status());
  }
  boost::json::array agenda_refs;
  for (int r = 0; r < projects.size(); ++r) agenda_refs.emplace_back(projects.Str(r, 1));
  boost::json::array present;
  for (int64_t id : m.present) present.emplace_back(id);
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.meeting.recorded",
                                     "meeting/" + std::to_string(m.id),
                                     {{"committee", c.Str(0, 0)},
                                      {"held_at", FormatRfc3339Utc(m.held_at)},
                                      {"agenda", agenda_refs},
                                      {"topics", topics},
                                      {"present", present}}));
  // Projects put on an agenda go under review.
  std::string now = FormatRfc3339Utc(clock_.Now());
  for (int r = 0; r < projects.size(); ++r) {
    if (projects.Text(r, 2) != "submitted") continue;
    int64_t pid = projects.Int(r, 0);
    GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE gov_projects SET status = 'under_review', "
                                   "status_changed_at = $2 WHERE id = $1",
                                   {pid, now})
                               .status());
    GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO gov_project_transitions (project_id, "
                                   "from_status, to_status, at, actor, note) VALUES ($1, "
                                   "'submitted', 'under_review', $2, $3, $4)",
                                   {pid, now, actor, "meeting " + std::to_string(m.id)})
                               .status());
    GARANT_RETURN_IF_ERROR(
        AppendAudit(log_, audit_clock(), random_, tx, actor, "governance.project.transition",
                    "project/" + projects.Str(r, 1),
                    {{"from", "submitted"}, {"to", "under_review"}, {"meeting_id", m.id}}));
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return m;
}

Result<std::vector<Meeting>> GovernanceStore::ListMeetings() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec(std::string("SELECT ") + kMeetingColumns +
                                     " FROM gov_meetings m ORDER BY m.held_at DESC, m.id"));
  std::vector<Meeting> out;
  for (int r = 0; r < rows.size(); ++r) out.push_back(MeetingAt(rows, r));
  GARANT_RETURN_IF_ERROR(LoadTopics(*conn, out));
  return out;
}

Result<Meeting> GovernanceStore::GetMeeting(int64_t id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kMeetingColumns +
                                                        " FROM gov_meetings m WHERE m.id = $1",
                                                    {id}));
  if (rows.empty()) return Status::NotFound("meeting not found");
  std::vector<Meeting> one{MeetingAt(rows, 0)};
  GARANT_RETURN_IF_ERROR(LoadTopics(*conn, one));
  return one[0];
}

Result<ConflictRecord> GovernanceStore::DeclareConflict(const std::string& actor, Conflict c,
                                                        std::optional<int64_t> meeting_id) {
  GARANT_RETURN_IF_ERROR(NonEmpty(c.description, "description", 2000));
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows p, tx.Exec("SELECT reference FROM gov_projects WHERE id = $1", {c.project_id}));
  if (p.empty()) return Status::NotFound("project not found");
  GARANT_ASSIGN_OR_RETURN(db::Rows mm,
                          tx.Exec("SELECT 1 FROM gov_members WHERE id = $1", {c.member_id}));
  if (mm.empty()) return Status::NotFound("member not found");
  if (meeting_id) {
    GARANT_ASSIGN_OR_RETURN(db::Rows on,
                            tx.Exec("SELECT 1 FROM gov_meeting_agenda WHERE meeting_id = $1 AND "
                                    "project_id = $2",
                                    {*meeting_id, c.project_id}));
    if (on.empty()) {
      return Status::Conflict("project not on the agenda of the meeting")
          .WithReason(reason::kProjectNotOnAgenda);
    }
  }
  std::optional<std::string> meeting;
  if (meeting_id) meeting = std::to_string(*meeting_id);
  const ConflictSource source = meeting_id ? ConflictSource::kMeeting : ConflictSource::kDeclared;
  std::string now = FormatRfc3339Utc(clock_.Now());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_conflicts (member_id, project_id, description, declared_at, "
              "source, meeting_id) VALUES ($1, $2, $3, $4, $5, $6::bigint) RETURNING id",
              {c.member_id, c.project_id, c.description, now, std::string(ToString(source)),
               db::Param::Optional(meeting)}));
  ConflictRecord out{rows.Int(0, 0), c, clock_.Now(), source, meeting_id, std::nullopt};
  boost::json::object payload{
      {"member_id", c.member_id}, {"description", c.description}, {"source", ToString(source)}};
  if (meeting_id) payload["meeting_id"] = *meeting_id;
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.conflict.declared", "project/" + p.Str(0, 0),
                                     payload));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::vector<ConflictRecord>> GovernanceStore::ListConflicts() {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows,
                          conn->Exec("SELECT id, member_id, project_id, description, declared_at, "
                                     "source, meeting_id, declaration_id "
                                     "FROM gov_conflicts ORDER BY id"));
  std::vector<ConflictRecord> out;
  for (int r = 0; r < rows.size(); ++r) {
    ConflictRecord k;
    k.id = rows.Int(r, 0);
    k.conflict = {rows.Int(r, 1), rows.Int(r, 2), rows.Str(r, 3)};
    k.declared_at = rows.Time(r, 4);
    auto source = ParseConflictSource(rows.Text(r, 5));
    if (!source.ok()) return db::UnknownStoredValue("gov_conflicts.source", rows.Text(r, 5));
    k.source = *source;
    if (!rows.IsNull(r, 6)) k.meeting_id = rows.Int(r, 6);
    if (!rows.IsNull(r, 7)) k.declaration_id = rows.Int(r, 7);
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace garant::governance
