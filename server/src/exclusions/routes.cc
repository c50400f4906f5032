// Exclusion lists over HTTP (docs/exclusion-lists.md §5):
//   GET  /api/v1/exclusions/current        the latest signed document (ingestion)
//   GET  /api/v1/exclusions/delta?since=N  added/removed since N + the new header (ingestion)
//     both take ?pseudonym_key_id=ID: the document made under that key (during a
//     key rotation, the previous key's companion); default: the current key's
//   POST /api/v1/exclusions/ack            {version, purged[, pseudonym_key_id]} (ingestion)
//   GET  /api/v1/exclusions/versions       published versions, headers only (dpo, admin)
//   GET  /api/v1/exclusions/consumers      consumers, deliveries, acknowledgements, lag (dpo,
//   admin)
// and the background worker that publishes and pushes (exclusions/worker.h).
#include "http/routes.h"

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "audit_events.h"
#include "exclusions/worker.h"
#include "garant/consent/exclusion_store.h"
#include "garant/core/decimal.h"
#include "garant/core/json.h"

namespace garant::server {
namespace {

const std::vector<std::string> kListReaders = {kRoleIngestion, kRoleDpo, kRoleAdmin};
const std::vector<std::string> kStaff = {kRoleDpo, kRoleAdmin};

// "pseudonym_key_id": absent, or 8 lowercase hex digits.
Result<std::optional<std::string>> ParseKeyId(const std::optional<std::string>& s) {
  if (!s) return std::optional<std::string>();
  if (!consent::IsValidKeyId(*s)) {
    return Status::InvalidArgument("pseudonym_key_id must be 8 lowercase hex digits");
  }
  return std::optional<std::string>(*s);
}

boost::json::object VersionJson(const consent::StoredVersion& v) {
  boost::json::object o;
  o["version"] = v.version;
  o["issued_at"] = v.issued_at;
  o["expires_at"] = v.expires_at;
  o["pseudonym_key_id"] = v.pseudonym_key_id;
  o["signing_key_id"] = v.signing_key_id;
  o["token_count"] = v.token_count;
  o["digest"] = v.digest;
  o["reason"] = v.reason;
  boost::json::array others;
  for (const auto& k : v.other_key_ids) others.emplace_back(k);
  o["other_pseudonym_key_ids"] = std::move(others);
  return o;
}

boost::json::object HeaderJson(const consent::ListHeader& h) {
  boost::json::object o;
  o["format"] = std::string(consent::kExclusionListFormat);
  o["version"] = h.version;
  o["issued_at"] = h.issued_at;
  o["expires_at"] = h.expires_at;
  o["pseudonym_key_id"] = h.pseudonym_key_id;
  o["signing_key_id"] = h.signing_key_id;
  o["token_count"] = h.token_count;
  o["digest"] = h.digest;
  o["signature"] = h.signature;
  return o;
}

boost::json::array EntriesJson(const std::vector<consent::ListContent::Entry>& entries) {
  boost::json::array a;
  a.reserve(entries.size());
  for (const auto& e : entries) {
    a.push_back(boost::json::object{{"scope", e.scope}, {"token", HexEncode(e.token)}});
  }
  return a;
}

// "since" is a non-negative decimal integer.
Result<int64_t> ParseSince(const std::optional<std::string>& s) {
  std::optional<int64_t> v = s ? ParseDecimal(*s) : std::nullopt;
  if (!v) {
    return Status::InvalidArgument("query parameter 'since' must be a version number (0 or more)");
  }
  return *v;
}

}  // namespace

void AddExclusionRoutes(Router& router, Services& s) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/exclusions/current",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kListReaders,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                auto key_id = ParseKeyId(ex.Query("pseudonym_key_id"));
                if (!key_id.ok()) return key_id.status();
                consent::ExclusionStore store(s.pool);
                // The header first: a consumer that has this version gets a 304
                // without the (possibly large) document being read.
                auto head = store.Current(*key_id);
                if (!head.ok()) return head.status();
                auto etag = [](const consent::StoredVersion& v) {
                  return "\"v" + std::to_string(v.version) + "-" + v.digest.substr(0, 16) + "\"";
                };
                if (ex.Header("If-None-Match") == etag(*head)) {
                  ex.SetHeader("ETag", etag(*head));
                  ex.SetHeader("X-Garant-List-Version", std::to_string(head->version));
                  ex.SendText(304, "application/json", "");
                  return Status::Ok();
                }
                auto current = store.CurrentDocument(*key_id);
                if (!current.ok()) return current.status();
                ex.SetHeader("ETag", etag(current->first));
                ex.SetHeader("X-Garant-List-Version", std::to_string(current->first.version));
                ex.SetHeader("X-Garant-Pseudonym-Key-Id", current->first.pseudonym_key_id);
                ex.SendText(200, "application/json", current->second);
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/exclusions/delta",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kListReaders,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                auto since = ParseSince(ex.Query("since"));
                if (!since.ok()) return since.status();
                auto key_id = ParseKeyId(ex.Query("pseudonym_key_id"));
                if (!key_id.ok()) return key_id.status();
                consent::ExclusionStore store(s.pool);
                auto delta = store.DeltaSince(*since, *key_id);
                if (!delta.ok()) return delta.status();
                boost::json::object out;
                out["since"] = *since;
                out["version"] = delta->second.version;
                out["added"] = EntriesJson(delta->first.added);
                out["removed"] = EntriesJson(delta->first.removed);
                out["list"] = HeaderJson(delta->second);
                ex.SendJson(200, out);
                return Status::Ok();
              }});

  router.Add({.method = "POST",
              .pattern = "/api/v1/exclusions/ack",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = {kRoleIngestion},
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                auto body = ex.JsonBody();
                if (!body.ok()) return body.status();
                JsonFields f(*body);
                auto version = f.RequiredInt("version", 1);
                if (!version.ok()) return version.status();
                auto purged = f.RequiredInt("purged", 0);
                if (!purged.ok()) return purged.status();
                auto key_text = f.OptionalString("pseudonym_key_id", 8);
                if (!key_text.ok()) return key_text.status();
                if (Status st = f.RejectUnknown(); !st.ok()) return st;
                auto key_id = ParseKeyId(*key_text);
                if (!key_id.ok()) return key_id.status();
                consent::ExclusionStore store(s.pool);
                auto ack = store.RecordAck(s.recorder(ex.principal().Actor()), ex.principal().name,
                                           ex.principal().id, *version, *purged, *key_id);
                if (!ack.ok()) return ack.status();
                boost::json::object out;
                out["consumer"] = ack->consumer;
                out["version"] = ack->version;
                out["purged"] = ack->purged;
                out["repeated"] = ack->repeated;
                ex.SendJson(ack->repeated ? 200 : 201, out);
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/exclusions/versions",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kStaff,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                consent::ExclusionStore store(s.pool);
                auto versions = store.Versions(100);
                if (!versions.ok()) return versions.status();
                boost::json::array a;
                for (const auto& v : *versions) a.push_back(VersionJson(v));
                ex.SendJson(200, boost::json::object{{"versions", std::move(a)}});
                return Status::Ok();
              }});

  router.Add({.method = "GET",
              .pattern = "/api/v1/exclusions/consumers",
              .kind = ResponseKind::kJson,
              .access = Access::kRoles,
              .roles = kStaff,
              .csrf = CsrfRule::kNone,
              .handler = [&s](HttpExchange& ex) -> Status {
                consent::ExclusionStore store(s.pool);
                auto consumers = store.Consumers(s.clock.Now());
                if (!consumers.ok()) return consumers.status();
                boost::json::array a;
                for (const auto& c : *consumers) {
                  boost::json::object o;
                  o["name"] = c.name;
                  o["url"] = c.url ? boost::json::value(*c.url) : boost::json::value();
                  o["disabled"] = c.disabled;
                  o["delivered_version"] = c.delivered_version
                                               ? boost::json::value(*c.delivered_version)
                                               : boost::json::value();
                  o["acked_version"] =
                      c.acked_version ? boost::json::value(*c.acked_version) : boost::json::value();
                  o["acked_at"] =
                      c.acked_at ? boost::json::value(*c.acked_at) : boost::json::value();
                  o["acked_pseudonym_key_id"] =
                      c.acked_key_id ? boost::json::value(*c.acked_key_id) : boost::json::value();
                  o["purged_total"] = c.purged_total;
                  o["last_error"] =
                      c.last_error ? boost::json::value(*c.last_error) : boost::json::value();
                  o["lag_versions"] = c.lag_versions;
                  o["lag_seconds"] = c.lag_seconds;
                  a.push_back(std::move(o));
                }
                ex.SendJson(200, boost::json::object{{"consumers", std::move(a)}});
                return Status::Ok();
              }});

  AddExclusionWorker(s);
}

}  // namespace garant::server
