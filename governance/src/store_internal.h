// Helpers shared by the GovernanceStore translation units: row decoding,
// list encoding, and the audit append. Internal to governance/src.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/governance/model.h"

namespace garant::governance::internal {

// Lists are stored as text[] and exchanged as comma-joined text (identifiers
// never contain commas: rules.h ValidIdentifier).
std::string JoinList(const std::vector<std::string>& v);
std::vector<std::string> SplitList(std::string_view s);
std::vector<int64_t> SplitIds(std::string_view s);
std::string JoinIds(const std::vector<int64_t>& v);

boost::json::array JsonList(const std::vector<std::string>& v);

// Appends one audit event, inside tx.
Status AppendAudit(audit::AuditLog& log, const Clock& clock, Random& random, db::Transaction& tx,
                   const std::string& actor, std::string type, std::string object,
                   const boost::json::object& payload);

// Column list and decoder for gov_projects.
extern const char* const kProjectColumns;
// How many columns kProjectColumns selects: a query selecting more after them
// reads its own from this index on.
inline constexpr int kProjectColumnCount = 22;
// Decoders return db::UnknownStoredValue (kDataLoss) for a stored value
// (status, outcome, role, date) this version does not know.
Result<Project> ProjectAt(const db::Rows& rows, int r);
// Reads and locks (FOR UPDATE) a project inside tx; kNotFound if absent.
Result<Project> LockProject(db::Transaction& tx, int64_t id);

// A gov_meeting_topics row read from columns first..first+3 (id,
// meeting_id, category, title).
Result<Topic> TopicAt(const db::Rows& rows, int r, int first);

// Inserts the conflicts derived from the declarations of interest in force
// (sql/0029) for one member, one project, or both (nullopt: any), skipping
// existing ones, each with its audit entry governance.conflict.declared.
Status DeriveConflicts(audit::AuditLog& log, const Clock& audit_clock, Random& random,
                       db::Transaction& tx, const std::string& actor, TimePoint now,
                       std::optional<int64_t> member_id, std::optional<int64_t> project_id);

// Column list and decoder for gov_authorisations (suspensions loaded apart).
extern const char* const kAuthorisationColumns;
Authorisation AuthorisationAt(const db::Rows& rows, int r);
// Loads the suspensions of the authorisations given, in place.
Status LoadSuspensions(db::Connection& conn, std::vector<Authorisation>& auths);

}  // namespace garant::governance::internal
