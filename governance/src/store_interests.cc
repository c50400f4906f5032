// GovernanceStore: members' declarations of interest (sql/0029) and the
// conflicts derived from them.

#include <algorithm>
#include <cctype>

#include "garant/governance/reasons.h"
#include "garant/governance/rules.h"
#include "garant/governance/store.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

bool Blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string TrimLower(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  std::string out(s.substr(a, b - a + 1));
  // ASCII lower-case; other bytes (accented letters in UTF-8) are kept.
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status Invalid(const std::string& why) {
  return Status::InvalidArgument("invalid declaration of interests: " + why)
      .WithReason(reason::kInvalidDeclaration);
}

InterestDeclaration DeclarationAt(const db::Rows& rows, int r) {
  InterestDeclaration d;
  d.id = rows.Int(r, 0);
  d.member_id = rows.Int(r, 1);
  d.year = static_cast<int>(rows.Int(r, 2));
  if (auto on = ParseDate(rows.Text(r, 3)); on.ok()) d.signed_on = *on;
  d.public_summary = rows.Str(r, 4);
  if (!rows.Text(r, 5).empty()) d.organisations = SplitList(rows.Text(r, 5));
  d.recorded_at = rows.Time(r, 6);
  d.recorded_by = rows.Str(r, 7);
  return d;
}

}  // namespace

namespace internal {

Status DeriveConflicts(audit::AuditLog& log, const Clock& audit_clock, Random& random,
                       db::Transaction& tx, const std::string& actor, TimePoint now,
                       std::optional<int64_t> member_id, std::optional<int64_t> project_id) {
  std::optional<std::string> member, project;
  if (member_id) member = std::to_string(*member_id);
  if (project_id) project = std::to_string(*project_id);
  // The declaration in force of each member (the latest year, then the
  // latest recorded) against the open projects of the member's committee;
  // the organisations are compared here, by OrganisationKey (rules.h), so
  // that "Cabinet Perrin Conseil SAS" is "cabinet perrin-conseil".
  GARANT_ASSIGN_OR_RETURN(
      db::Rows candidates,
      tx.Exec("SELECT d.member_id, p.id, d.id, d.year, p.organisation, "
              "array_to_string(d.organisations, ',') "
              "FROM (SELECT DISTINCT ON (member_id) * FROM gov_interest_declarations "
              "      ORDER BY member_id, year DESC, id DESC) d "
              "JOIN gov_members m ON m.id = d.member_id "
              "JOIN gov_projects p ON p.committee_id = m.committee_id "
              "WHERE p.status NOT IN ('rejected', 'closed') "
              "  AND cardinality(d.organisations) > 0 "
              "  AND ($1::bigint IS NULL OR d.member_id = $1::bigint) "
              "  AND ($2::bigint IS NULL OR p.id = $2::bigint) "
              "ORDER BY d.member_id, p.id",
              {db::Param::Optional(member), db::Param::Optional(project)}));
  struct Derived {
    int64_t member_id = 0, declaration_id = 0;
    std::string reference, description;
  };
  std::vector<Derived> derived;
  for (int r = 0; r < candidates.size(); ++r) {
    const std::string key = OrganisationKey(candidates.Str(r, 4));
    if (key.empty()) continue;
    bool named = false;
    for (const std::string& o : SplitList(candidates.Text(r, 5))) {
      if (OrganisationKey(o) == key) {
        named = true;
        break;
      }
    }
    if (!named) continue;
    GARANT_ASSIGN_OR_RETURN(
        db::Rows inserted,
        tx.Exec("INSERT INTO gov_conflicts (member_id, project_id, description, declared_at, "
                "source, declaration_id) "
                "SELECT $1::bigint, p.id, 'Déclaration d''intérêts ' || $4::int || "
                "' : liens avec ' || p.organisation, $5, 'declaration', $3::bigint "
                "FROM gov_projects p WHERE p.id = $2::bigint "
                "ON CONFLICT (member_id, project_id) DO NOTHING "
                "RETURNING member_id, project_id, description, declaration_id, "
                "(SELECT reference FROM gov_projects WHERE id = project_id)",
                {candidates.Int(r, 0), candidates.Int(r, 1), candidates.Int(r, 2),
                 candidates.Int(r, 3), FormatRfc3339Utc(now)}));
    for (int i = 0; i < inserted.size(); ++i) {
      derived.push_back(
          {inserted.Int(i, 0), inserted.Int(i, 3), inserted.Str(i, 4), inserted.Str(i, 2)});
    }
  }
  for (const Derived& k : derived) {
    GARANT_RETURN_IF_ERROR(AppendAudit(log, audit_clock, random, tx, actor,
                                       "governance.conflict.declared", "project/" + k.reference,
                                       {{"member_id", k.member_id},
                                        {"description", k.description},
                                        {"source", "declaration"},
                                        {"declaration_id", k.declaration_id}}));
  }
  return Status::Ok();
}

}  // namespace internal

Result<InterestDeclaration> GovernanceStore::RecordDeclaration(const std::string& actor,
                                                               InterestDeclaration d) {
  if (d.year < 2000 || d.year > 2100) return Invalid("year outside 2000..2100");
  if (d.signed_on > DateOf(clock_.Now())) return Invalid("signed in the future");
  if (Blank(d.public_summary) || d.public_summary.size() > 2000) {
    return Invalid("the public summary holds 1 to 2000 characters");
  }
  if (d.organisations.size() > 50) return Invalid("at most 50 organisations");
  std::vector<std::string> orgs;
  for (const std::string& o : d.organisations) {
    std::string t = TrimLower(o);
    if (t.empty()) continue;
    if (t.size() > 200 || t.find(',') != std::string::npos) {
      return Invalid("an organisation has at most 200 characters and no comma");
    }
    if (std::find(orgs.begin(), orgs.end(), t) == orgs.end()) orgs.push_back(t);
  }
  d.organisations = orgs;
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows m,
                          tx.Exec("SELECT 1 FROM gov_members WHERE id = $1", {d.member_id}));
  if (m.empty()) return Status::NotFound("member not found");
  d.recorded_at = clock_.Now();
  d.recorded_by = actor;
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO gov_interest_declarations (member_id, year, signed_on, public_summary, "
              "organisations, recorded_at, recorded_by) VALUES ($1, $2, $3::date, $4, "
              "CASE WHEN $5 = '' THEN '{}'::text[] ELSE string_to_array($5, ',') END, $6, $7) "
              "RETURNING id",
              {d.member_id, d.year, FormatDate(d.signed_on), d.public_summary,
               JoinList(d.organisations), FormatRfc3339Utc(d.recorded_at), actor}));
  d.id = rows.Int(0, 0);
  GARANT_RETURN_IF_ERROR(AppendAudit(log_, audit_clock(), random_, tx, actor,
                                     "governance.member.interests_declared",
                                     "member/" + std::to_string(d.member_id),
                                     {{"declaration_id", d.id},
                                      {"year", d.year},
                                      {"signed_on", FormatDate(d.signed_on)},
                                      {"public_summary", d.public_summary},
                                      {"organisations", JsonList(d.organisations)}}));
  GARANT_RETURN_IF_ERROR(DeriveConflicts(log_, audit_clock(), random_, tx, actor, clock_.Now(),
                                         d.member_id, std::nullopt));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return d;
}

Result<std::vector<InterestDeclaration>> GovernanceStore::ListDeclarations(int64_t committee_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec("SELECT d.id, d.member_id, d.year, to_char(d.signed_on, 'YYYY-MM-DD'), "
                 "d.public_summary, array_to_string(d.organisations, ','), d.recorded_at, "
                 "d.recorded_by FROM gov_interest_declarations d "
                 "JOIN gov_members m ON m.id = d.member_id WHERE m.committee_id = $1 "
                 "ORDER BY d.year DESC, d.id DESC",
                 {committee_id}));
  std::vector<InterestDeclaration> out;
  for (int r = 0; r < rows.size(); ++r) out.push_back(DeclarationAt(rows, r));
  return out;
}

}  // namespace garant::governance
