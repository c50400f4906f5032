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
  GARANT_RETURN_IF_ERROR(ValidatePortalFields(fields));
  return PublishPortalVersion(actor, project_id, "",
                              [&](PortalFields& f, TimePoint, int64_t*) -> Status {
                                // The form and the API edit every field but
                                // the results, which have their own changes
                                // (below) and are kept here.
                                std::vector<PortalResult> results = std::move(f.results);
                                f = fields;
                                f.results = std::move(results);
                                return Status::Ok();
                              });
}

Result<PortalVersion> GovernanceStore::AddPortalResult(const std::string& actor, int64_t project_id,
                                                       PortalResult result) {
  result.id = 1;
  result.corrected_at.reset();
  result.withdrawn_at.reset();
  result.note.clear();
  {
    PortalFields one;
    one.results.push_back(result);
    GARANT_RETURN_IF_ERROR(ValidatePortalFields(one));
  }
  return PublishPortalVersion(actor, project_id, "added",
                              [&](PortalFields& f, TimePoint, int64_t* id) -> Status {
                                result.id = NextPortalResultId(f);
                                *id = result.id;
                                f.results.push_back(result);
                                return Status::Ok();
                              });
}

namespace {

// The result `id` of `f`, to be changed: kNotFound when absent, kConflict
// portal_result_withdrawn once withdrawn.
Result<PortalResult*> ChangeableResult(PortalFields& f, int64_t id) {
  for (PortalResult& r : f.results) {
    if (r.id != id) continue;
    if (r.withdrawn_at) {
      return Status::Conflict("this result was withdrawn")
          .WithReason(reason::kPortalResultWithdrawn);
    }
    return &r;
  }
  return Status::NotFound("no such result in this project's directory fields");
}

}  // namespace

Result<PortalVersion> GovernanceStore::CorrectPortalResult(const std::string& actor,
                                                           int64_t project_id, int64_t result_id,
                                                           PortalResult corrected,
                                                           const std::string& note) {
  return PublishPortalVersion(
      actor, project_id, "corrected", [&](PortalFields& f, TimePoint now, int64_t* id) -> Status {
        GARANT_ASSIGN_OR_RETURN(PortalResult * r, ChangeableResult(f, result_id));
        *id = r->id;
        if (r->title == corrected.title && r->date == corrected.date && r->url == corrected.url &&
            r->doi == corrected.doi) {
          return Status::InvalidArgument("the result is unchanged")
              .WithReason(reason::kPortalUnchanged);
        }
        r->title = corrected.title;
        r->date = corrected.date;
        r->url = corrected.url;
        r->doi = corrected.doi;
        r->corrected_at = now;
        r->note = note;
        return Status::Ok();
      });
}

Result<PortalVersion> GovernanceStore::WithdrawPortalResult(const std::string& actor,
                                                            int64_t project_id, int64_t result_id,
                                                            const std::string& note) {
  return PublishPortalVersion(
      actor, project_id, "withdrawn", [&](PortalFields& f, TimePoint now, int64_t* id) -> Status {
        GARANT_ASSIGN_OR_RETURN(PortalResult * r, ChangeableResult(f, result_id));
        *id = r->id;
        r->withdrawn_at = now;
        r->note = note;
        return Status::Ok();
      });
}

Result<PortalVersion> GovernanceStore::PublishPortalVersion(
    const std::string& actor, int64_t project_id, std::string_view result_action,
    const std::function<Status(PortalFields&, TimePoint now, int64_t* result_id)>& edit) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  // The project's lock serialises the versions of one project.
  GARANT_ASSIGN_OR_RETURN(Project p, LockProject(tx, project_id));
  if (!result_action.empty() && !Approved(p.status)) {
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
  const TimePoint now = clock_.Now();
  PortalFields after = before;
  int64_t result_id = 0;
  GARANT_RETURN_IF_ERROR(edit(after, now, &result_id));
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
  v.published_at = now;
  v.published_by = actor;
  const std::string json = boost::json::serialize(PortalFieldsJson(v.fields));
  // The entry names the fields changed and fingerprints the whole version;
  // the fields themselves are public (no personal data) and stay in the
  // table.
  boost::json::object payload{{"version", number},
                              {"changed", JsonList(changed)},
                              {"fields_sha256", HexEncode(crypto::Sha256(json))}};
  if (const PortalResult* r = FindPortalResult(v.fields, result_id)) {
    payload["result_id"] = r->id;
    payload["result_action"] = result_action;
    payload["result_title"] = r->title;
    if (!r->note.empty()) payload["note"] = r->note;
  }
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
