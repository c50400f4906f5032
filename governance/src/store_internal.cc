#include "store_internal.h"

#include <charconv>
#include <map>

#include "garant/audit/recorder.h"
#include "garant/core/decimal.h"

namespace garant::governance::internal {

std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += v[i];
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t comma = s.find(',');
    out.emplace_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<int64_t> SplitIds(std::string_view s) {
  std::vector<int64_t> out;
  for (const std::string& part : SplitList(s)) {
    if (std::optional<int64_t> v = ParseDecimal(part)) out.push_back(*v);
  }
  return out;
}

std::string JoinIds(const std::vector<int64_t>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  return out;
}

boost::json::array JsonList(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

Status AppendAudit(audit::AuditLog& log, const Clock& clock, Random& random, db::Transaction& tx,
                   const std::string& actor, std::string type, std::string object,
                   const boost::json::object& payload) {
  std::vector<audit::Event> events;
  events.push_back(audit::MakeEvent(random, clock, std::move(type), actor, std::move(object),
                                    boost::json::serialize(payload)));
  auto r = log.AppendInTx(tx, std::move(events));
  if (!r.ok()) return r.status().WithContext("audit");
  return Status::Ok();
}

const char* const kProjectColumns =
    "id, reference, title, public_summary, purpose, no_forbidden_use, legal_basis, formality, "
    "formality_reference, investigator, organisation, array_to_string(data_domains, ','), "
    "data_description, recipients, duration_months, committee_id, status, published_at, "
    "created_at, status_changed_at, hdh_directory_number, cohort_size";

Result<Project> ProjectAt(const db::Rows& rows, int r) {
  Project p;
  p.id = rows.Int(r, 0);
  p.reference = rows.Str(r, 1);
  p.title = rows.Str(r, 2);
  p.public_summary = rows.Str(r, 3);
  p.purpose = rows.Str(r, 4);
  p.no_forbidden_use = rows.Bool(r, 5);
  p.legal_basis = rows.Str(r, 6);
  p.formality = rows.Str(r, 7);
  p.formality_reference = rows.Str(r, 8);
  p.investigator = rows.Str(r, 9);
  p.organisation = rows.Str(r, 10);
  p.data_domains = SplitList(rows.Text(r, 11));
  p.data_description = rows.Str(r, 12);
  p.recipients = rows.Str(r, 13);
  p.duration_months = static_cast<int>(rows.Int(r, 14));
  p.committee_id = rows.Int(r, 15);
  auto st = ParseProjectStatus(rows.Text(r, 16));
  if (!st.ok()) return db::UnknownStoredValue("gov_projects.status", rows.Text(r, 16));
  p.status = *st;
  p.published_at = rows.OptionalTime(r, 17);
  p.created_at = rows.Time(r, 18);
  p.status_changed_at = rows.Time(r, 19);
  p.hdh_directory_number = rows.Str(r, 20);
  if (!rows.IsNull(r, 21)) p.cohort_size = rows.Int(r, 21);
  return p;
}

Result<Project> LockProject(db::Transaction& tx, int64_t id) {
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec(std::string("SELECT ") + kProjectColumns +
                                                     " FROM gov_projects WHERE id = $1 FOR UPDATE",
                                                 {id}));
  if (rows.empty()) return Status::NotFound("project not found");
  return ProjectAt(rows, 0);
}

Result<Topic> TopicAt(const db::Rows& rows, int r, int first) {
  Topic t;
  t.id = rows.Int(r, first);
  t.meeting_id = rows.Int(r, first + 1);
  auto c = ParseTopicCategory(rows.Text(r, first + 2));
  if (!c.ok())
    return db::UnknownStoredValue("gov_meeting_topics.category", rows.Text(r, first + 2));
  t.category = *c;
  t.title = rows.Str(r, first + 3);
  return t;
}

const char* const kAuthorisationColumns =
    "id, project_id, decision_id, array_to_string(accounts, ','), array_to_string(domains, ','), "
    "array_to_string(associations, ','), valid_from, valid_until, revoked_at, created_at, "
    "created_by, confirmed_at, coalesce(confirmed_by, '')";

Authorisation AuthorisationAt(const db::Rows& rows, int r) {
  Authorisation a;
  a.id = rows.Int(r, 0);
  a.project_id = rows.Int(r, 1);
  a.decision_id = rows.Int(r, 2);
  a.accounts = SplitList(rows.Text(r, 3));
  a.scope.domains = SplitList(rows.Text(r, 4));
  a.scope.associations = SplitList(rows.Text(r, 5));
  a.valid_from = rows.Time(r, 6);
  a.valid_until = rows.Time(r, 7);
  a.revoked_at = rows.OptionalTime(r, 8);
  a.issued_at = rows.Time(r, 9);
  a.issued_by = rows.Str(r, 10);
  a.confirmed_at = rows.OptionalTime(r, 11);
  a.confirmed_by = rows.Str(r, 12);
  return a;
}

Status LoadSuspensions(db::Connection& conn, std::vector<Authorisation>& auths) {
  if (auths.empty()) return Status::Ok();
  std::vector<int64_t> ids;
  for (const auto& a : auths) ids.push_back(a.id);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Exec(
          "SELECT authorisation_id, suspended_at, resumed_at FROM gov_authorisation_suspensions "
          "WHERE authorisation_id = ANY(string_to_array($1, ',')::bigint[]) "
          "ORDER BY suspended_at",
          {JoinIds(ids)}));
  std::map<int64_t, Authorisation*> by_id;
  for (auto& a : auths) by_id[a.id] = &a;
  for (int r = 0; r < rows.size(); ++r) {
    auto it = by_id.find(rows.Int(r, 0));
    if (it == by_id.end()) continue;
    it->second->suspensions.push_back({rows.Time(r, 1), rows.OptionalTime(r, 2)});
  }
  return Status::Ok();
}

}  // namespace garant::governance::internal
