// GovernanceStore: the directory fields of a project on the portal
// (portal.h, sql/0031). Each change is a new version holding every field,
// written with its audit entry governance.portal.published in one
// transaction; earlier versions stay as they were (the portal's history).

#include "garant/audit/recorder.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/governance/portal.h"
#include "garant/governance/reasons.h"
#include "garant/governance/store.h"
#include "store_internal.h"

namespace garant::governance {

using namespace internal;

namespace {

constexpr const char* kVersionColumns =
    "id, project_id, version, fields::text, array_to_string(changed, ','), published_at, "
    "published_by, audit_index";

Result<PortalVersion> VersionAt(const db::Rows& rows, int r) {
  PortalVersion v;
  v.id = rows.Int(r, 0);
  v.project_id = rows.Int(r, 1);
  v.version = static_cast<int>(rows.Int(r, 2));
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(rows.Text(r, 3), ec);
  if (ec) return db::UnknownStoredValue("gov_portal_versions.fields", "unparsable JSON");
  auto fields = PortalFieldsFromJson(json);
  if (!fields.ok()) {
    return db::UnknownStoredValue("gov_portal_versions.fields", fields.status().message());
  }
  v.fields = std::move(fields).value();
  v.changed = SplitList(rows.Text(r, 4));
  v.published_at = rows.Time(r, 5);
  v.published_by = rows.Str(r, 6);
  v.audit_index = static_cast<uint64_t>(rows.Int(r, 7));
  return v;
}

bool Approved(ProjectStatus s) {
  switch (s) {
    case ProjectStatus::kApproved:
    case ProjectStatus::kApprovedWithConditions:
    case ProjectStatus::kActive:
    case ProjectStatus::kSuspended:
    case ProjectStatus::kClosed:
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<std::vector<PortalVersion>> GovernanceStore::ListPortalVersions(int64_t project_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kVersionColumns +
                                                        " FROM gov_portal_versions WHERE "
                                                        "project_id = $1 ORDER BY version DESC",
                                                    {project_id}));
  std::vector<PortalVersion> out;
  for (int r = 0; r < rows.size(); ++r) {
    GARANT_ASSIGN_OR_RETURN(PortalVersion v, VersionAt(rows, r));
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::optional<PortalVersion>> GovernanceStore::CurrentPortalFields(int64_t project_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(std::string("SELECT ") + kVersionColumns +
                                                        " FROM gov_portal_versions WHERE "
                                                        "project_id = $1 ORDER BY version DESC "
                                                        "LIMIT 1",
                                                    {project_id}));
  if (rows.empty()) return std::optional<PortalVersion>();
  GARANT_ASSIGN_OR_RETURN(PortalVersion v, VersionAt(rows, 0));
  return std::optional<PortalVersion>(std::move(v));
}

Result<PortalVersion> GovernanceStore::PublishPortalFields(const std::string& actor,
                                                           int64_t project_id,
                                                           PortalFields fields) {
  return PublishPortalVersion(actor, project_id, &fields, nullptr);
}

Result<PortalVersion> GovernanceStore::AddPortalResult(const std::string& actor, int64_t project_id,
                                                       PortalResult result) {
  return PublishPortalVersion(actor, project_id, nullptr, &result);
}

Result<PortalVersion> GovernanceStore::PublishPortalVersion(const std::string& actor,
                                                            int64_t project_id,
                                                            const PortalFields* fields,
                                                            const PortalResult* result) {
  if (fields != nullptr) GARANT_RETURN_IF_ERROR(ValidatePortalFields(*fields));
  if (result != nullptr) {
    PortalFields one;
    one.results.push_back(*result);
    GARANT_RETURN_IF_ERROR(ValidatePortalFields(one));
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  // The project's lock serialises the versions of one project.
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, project_id));
  if (result != nullptr && !Approved(p.status)) {
    return Status::Conflict("results are added once the project is approved")
        .WithReason(reason::kResultsBeforeApproval);
  }
  GARANT_ASSIGN_OR_RETURN(db::Rows last,
                          tx.Exec(std::string("SELECT ") + kVersionColumns +
                                      " FROM gov_portal_versions WHERE project_id = $1 "
                                      "ORDER BY version DESC LIMIT 1",
                                  {project_id}));
  PortalFields before;
  int number = 1;
  if (!last.empty()) {
    GARANT_ASSIGN_OR_RETURN(PortalVersion v, VersionAt(last, 0));
    before = std::move(v.fields);
    number = v.version + 1;
  }
  PortalFields after = before;
  if (fields != nullptr) {
    // The form and the API edit every field but the results, which are
    // added one by one (AddPortalResult) and kept here.
    after = *fields;
    after.results = before.results;
  }
  if (result != nullptr) after.results.push_back(*result);
  GARANT_RETURN_IF_ERROR(ValidatePortalFields(after));
  std::vector<std::string> changed = ChangedPortalFields(before, after);
  if (changed.empty()) {
    return Status::InvalidArgument("the directory fields are unchanged")
        .WithReason(reason::kPortalUnchanged);
  }
  PortalVersion v;
  v.project_id = project_id;
  v.version = number;
  v.fields = std::move(after);
  v.changed = changed;
  v.published_at = clock_.Now();
  v.published_by = actor;
  const std::string json = boost::json::serialize(PortalFieldsJson(v.fields));
  // The entry names the fields changed and fingerprints the whole version;
  // the fields themselves are public (no personal data) and stay in the
  // table.
  boost::json::object payload{{"version", number},
                              {"changed", JsonList(changed)},
                              {"fields_sha256", HexEncode(crypto::Sha256(json))}};
  if (result != nullptr) payload["result_title"] = result->title;
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      log_.AppendInTx(
          tx, {audit::MakeEvent(random_, audit_clock(), "governance.portal.published", actor,
                                "project/" + p.reference, boost::json::serialize(payload))}));
  v.audit_index = idx.front();
  GARANT_ASSIGN_OR_RETURN(
      db::Rows ins,
      tx.Exec("INSERT INTO gov_portal_versions (project_id, version, fields, changed, "
              "published_at, published_by, audit_index) VALUES ($1, $2, $3::jsonb, "
              "string_to_array($4, ','), $5, $6, $7) RETURNING id",
              {project_id, static_cast<int64_t>(number), json, JoinList(changed),
               FormatRfc3339Utc(v.published_at), actor, static_cast<int64_t>(v.audit_index)}));
  v.id = ins.Int(0, 0);
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return v;
}

}  // namespace garant::governance
