#include "garant/consent/exclusion_store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "garant/core/bytes.h"

namespace garant::consent {
namespace {

const std::string& VersionColumns() {
  static const std::string kColumns =
      "version, issued_at, expires_at, pseudonym_key_id, signing_key_id, token_count, digest, "
      "reason";
  return kColumns;
}

StoredVersion VersionAt(const db::Rows& r, int row) {
  StoredVersion v;
  v.version = r.Int(row, 0);
  // Timestamps in the form of FormatRfc3339Utc (and of the documents).
  v.issued_at = FormatRfc3339Utc(r.Time(row, 1));
  v.expires_at = FormatRfc3339Utc(r.Time(row, 2));
  v.pseudonym_key_id = r.Str(row, 3);
  v.signing_key_id = r.Str(row, 4);
  v.token_count = r.Int(row, 5);
  v.digest = r.Str(row, 6);
  v.reason = r.Str(row, 7);
  return v;
}

}  // namespace

bool IsValidConsumerName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (!alnum(name[0])) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool IsValidConsumerUrl(std::string_view url) {
  if (url.size() > 2000) return false;
  if (!url.starts_with("http://") && !url.starts_with("https://")) return false;
  const size_t host = url.find("://") + 3;
  if (host >= url.size()) return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f;
  });
}

bool IsAllowedConsumerUrl(std::string_view url, bool allow_http) {
  return IsValidConsumerUrl(url) && (url.starts_with("https://") || allow_http);
}

std::string ConsumerUrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with("[")) {
    rest =
        rest.substr(0, rest.find(']') == std::string_view::npos ? rest.size() : rest.find(']') + 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host(rest);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

namespace {

// The columns of VersionAt over "exclusion_list_versions v JOIN
// exclusion_list_documents d", then (with_document) the document text (NULL
// once superseded) and the signature (DocumentText).
std::string DocumentQuery(std::string_view where, bool with_document = true) {
  return std::string(
             "SELECT v.version, v.issued_at, v.expires_at, d.pseudonym_key_id, v.signing_key_id, "
             "d.token_count, d.digest, v.reason") +
         (with_document ? ", d.document, d.signature " : " ") +
         "FROM exclusion_list_versions v JOIN exclusion_list_documents d "
         "ON d.version = v.version WHERE " +
         std::string(where);
}

constexpr std::string_view kLatest =
    "v.version = (SELECT max(version) FROM exclusion_list_versions) AND ";

// Picks the primary document (parameter $n NULL) or the one under key $n.
std::string DocumentChoice(int n) {
  const std::string p = "$" + std::to_string(n) + "::text";
  return "((" + p + " IS NULL AND d.is_primary) OR d.pseudonym_key_id = " + p + ")";
}

Status NoDocument(std::optional<int64_t> version, const std::optional<std::string>& key_id) {
  std::string what = version ? "exclusion list version " + std::to_string(*version)
                             : std::string("the current exclusion list");
  if (!key_id) return Status::NotFound(what + " does not exist");
  return Status::NotFound(what + " has no document under pseudonym key " + *key_id);
}

// The text of the document on row `row` of a DocumentQuery: as stored, or,
// for a superseded version whose text was cleared, rebuilt from its header
// and the entries listed at its version (sql/0022_exclusion_list_entries.sql).
Result<std::string> DocumentText(db::Connection& conn, const db::Rows& r, int row) {
  if (!r.IsNull(row, 8)) return r.Str(row, 8);
  const StoredVersion v = VersionAt(r, row);
  ListHeader h;
  h.version = v.version;
  h.issued_at = v.issued_at;
  h.expires_at = v.expires_at;
  h.pseudonym_key_id = v.pseudonym_key_id;
  h.signing_key_id = v.signing_key_id;
  h.token_count = v.token_count;
  h.digest = v.digest;
  h.signature = r.Str(row, 9);
  GARANT_ASSIGN_OR_RETURN(db::Rows e, conn.Exec("SELECT scope, token FROM exclusion_list_entries "
                                                "WHERE pseudonym_key_id = $1 AND added_in <= $2 "
                                                "AND (removed_in IS NULL OR removed_in > $2)",
                                                {h.pseudonym_key_id, h.version}));
  std::vector<ListContent::Entry> entries(static_cast<size_t>(e.size()));
  for (int i = 0; i < e.size(); ++i) {
    auto raw = HexDecode(e.Text(i, 1));
    if (!raw.ok() || raw->size() != 32) {
      return Status::DataLoss("exclusion_list_entries holds a malformed token");
    }
    auto& entry = entries[static_cast<size_t>(i)];
    entry.scope = e.Str(i, 0);
    std::copy(raw->begin(), raw->end(), entry.token.begin());
  }
  return RebuildExclusionList(h, entries);
}

// Why there is no current document: nothing published, or not under key_id.
Status NoCurrent(db::Connection& conn, const std::optional<std::string>& key_id) {
  auto any = conn.Exec("SELECT EXISTS (SELECT 1 FROM exclusion_list_versions)");
  if (!any.ok()) return any.status();
  if (!any->Bool(0, 0)) return Status::NotFound("no exclusion list has been published yet");
  return NoDocument(std::nullopt, key_id);
}

}  // namespace

Result<std::pair<StoredVersion, std::string>> ExclusionStore::CurrentDocument(
    const std::optional<std::string>& key_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r,
                          conn->Exec(DocumentQuery(std::string(kLatest) + DocumentChoice(1)),
                                     {db::Param::Optional(key_id)}));
  if (r.empty()) return NoCurrent(*conn, key_id);
  GARANT_ASSIGN_OR_RETURN(std::string text, DocumentText(*conn, r, 0));
  return std::make_pair(VersionAt(r, 0), std::move(text));
}

Result<StoredVersion> ExclusionStore::Current(const std::optional<std::string>& key_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r,
                          conn->Exec(DocumentQuery(std::string(kLatest) + DocumentChoice(1), false),
                                     {db::Param::Optional(key_id)}));
  if (r.empty()) return NoCurrent(*conn, key_id);
  return VersionAt(r, 0);
}

Result<std::string> ExclusionStore::Document(int64_t version,
                                             const std::optional<std::string>& key_id) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r,
                          conn->Exec(DocumentQuery("v.version = $1 AND ") + DocumentChoice(2),
                                     {version, db::Param::Optional(key_id)}));
  if (r.empty()) return NoDocument(version, key_id);
  return DocumentText(*conn, r, 0);
}

Result<std::vector<std::pair<std::string, std::string>>> ExclusionStore::Documents(
    int64_t version) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r,
                          conn->Exec(DocumentQuery("v.version = $1 ORDER BY d.is_primary DESC, "
                                                   "d.pseudonym_key_id"),
                                     {version}));
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i < r.size(); ++i) {
    GARANT_ASSIGN_OR_RETURN(std::string text, DocumentText(*conn, r, i));
    out.emplace_back(r.Str(i, 3), std::move(text));
  }
  return out;
}

Result<std::vector<StoredVersion>> ExclusionStore::Versions(int limit) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn->Exec("SELECT " + VersionColumns() +
                     ", ARRAY(SELECT c.pseudonym_key_id FROM exclusion_list_companions c "
                     "WHERE c.version = exclusion_list_versions.version "
                     "ORDER BY c.pseudonym_key_id)::text "
                     "FROM exclusion_list_versions ORDER BY version DESC LIMIT $1",
                 {limit}));
  std::vector<StoredVersion> out;
  for (int i = 0; i < r.size(); ++i) {
    StoredVersion v = VersionAt(r, i);
    std::string_view arr = r.Text(i, 8);  // "{a,b}": hex ids, no quoting
    if (arr.size() > 2) {
      arr = arr.substr(1, arr.size() - 2);
      for (size_t pos = 0; pos <= arr.size();) {
        size_t comma = std::min(arr.find(',', pos), arr.size());
        v.other_key_ids.emplace_back(arr.substr(pos, comma - pos));
        pos = comma + 1;
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::pair<ListDelta, ListHeader>> ExclusionStore::DeltaSince(
    int64_t since, const std::optional<std::string>& key_id) {
  if (since < 0) return Status::InvalidArgument("since must be >= 0");
  GARANT_ASSIGN_OR_RETURN(auto current, CurrentDocument(key_id));
  if (since > current.first.version) {
    return Status::InvalidArgument("since (" + std::to_string(since) +
                                   ") is newer than the current version (" +
                                   std::to_string(current.first.version) + ")");
  }
  GARANT_ASSIGN_OR_RETURN(ExclusionList to, ParseExclusionList(current.second));
  ExclusionList from;
  if (since > 0) {
    // The base must be under the same key: a delta across keys is meaningless.
    GARANT_ASSIGN_OR_RETURN(std::string base, Document(since, current.first.pseudonym_key_id));
    GARANT_ASSIGN_OR_RETURN(from, ParseExclusionList(base));
  }
  ListDelta d = ComputeDelta(from, to);
  d.from_version = since;
  return std::make_pair(std::move(d), to.header);
}

Result<int64_t> ExclusionStore::AddConsumer(const audit::Recorder& by, const std::string& name,
                                            const std::optional<std::string>& url) {
  if (!IsValidConsumerName(name)) {
    return Status::InvalidArgument(
        "consumer name: 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
  }
  if (url && !IsValidConsumerUrl(*url)) {
    return Status::InvalidArgument("consumer URL: must be http:// or https://, without spaces");
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  auto r = tx.Exec("INSERT INTO exclusion_consumers (name, url) VALUES ($1, $2) RETURNING id",
                   {name, db::Param::Optional(url)});
  if (!r.ok()) {
    if (r.status().code() == Code::kAlreadyExists) {
      return Status::AlreadyExists("a consumer named " + name + " already exists");
    }
    return r.status();
  }
  boost::json::object payload{{"name", name}, {"push", url.has_value()}};
  // Where the lists will go, for the auditor (not the whole URL: a path or
  // query may carry a consumer's own secret).
  if (url) payload["host"] = ConsumerUrlHost(*url);
  GARANT_RETURN_IF_ERROR(audit::Record(tx, by, "exclusion.consumer.added",
                                       "exclusion-consumer/" + name,
                                       boost::json::serialize(payload)));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return r->Int(0, 0);
}

Status ExclusionStore::DisableConsumer(const audit::Recorder& by, const std::string& name) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows r, tx.Exec("UPDATE exclusion_consumers SET disabled_at = now() "
                                              "WHERE name = $1 AND disabled_at IS NULL",
                                              {name}));
  if (r.Affected() == 0) return Status::NotFound("no enabled consumer named " + name);
  GARANT_RETURN_IF_ERROR(
      audit::Record(tx, by, "exclusion.consumer.disabled", "exclusion-consumer/" + name,
                    boost::json::serialize(boost::json::object{{"name", name}})));
  return tx.Commit();
}

Result<std::vector<ConsumerState>> ExclusionStore::Consumers(TimePoint now) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn->Exec("SELECT c.id, c.name, c.url, c.disabled_at IS NOT NULL, d.delivered, a.acked, "
                 "a.acked_at, coalesce(a.purged, 0), e.last_error, "
                 "(SELECT k.pseudonym_key_id FROM exclusion_acks k WHERE k.consumer_id = c.id "
                 "  ORDER BY k.version DESC LIMIT 1), "
                 "coalesce(cur.version, 0) - coalesce(a.acked, 0), "
                 "coalesce(extract(epoch FROM ($1::timestamptz - nxt.issued_at)), 0) "
                 "FROM exclusion_consumers c "
                 "LEFT JOIN LATERAL (SELECT max(version) AS delivered FROM exclusion_deliveries "
                 "  WHERE consumer_id = c.id AND delivered_at IS NOT NULL) d ON true "
                 "LEFT JOIN LATERAL (SELECT max(version) AS acked, max(applied_at) AS acked_at, "
                 "  sum(purged_count) AS purged FROM exclusion_acks WHERE consumer_id = c.id) a "
                 "  ON true "
                 "LEFT JOIN LATERAL (SELECT last_error FROM exclusion_deliveries "
                 "  WHERE consumer_id = c.id AND delivered_at IS NULL AND superseded_at IS NULL "
                 "  ORDER BY version DESC LIMIT 1) e ON true "
                 "LEFT JOIN LATERAL (SELECT max(version) AS version FROM exclusion_list_versions) "
                 "  cur ON true "
                 "LEFT JOIN exclusion_list_versions nxt ON nxt.version = coalesce(a.acked, 0) + 1 "
                 "ORDER BY c.name",
                 {FormatRfc3339Utc(now)}));
  std::vector<ConsumerState> out;
  for (int i = 0; i < r.size(); ++i) {
    ConsumerState s;
    s.id = r.Int(i, 0);
    s.name = r.Str(i, 1);
    if (!r.IsNull(i, 2)) s.url = r.Str(i, 2);
    s.disabled = r.Bool(i, 3);
    if (!r.IsNull(i, 4)) s.delivered_version = r.Int(i, 4);
    if (!r.IsNull(i, 5)) s.acked_version = r.Int(i, 5);
    if (!r.IsNull(i, 6)) s.acked_at = FormatRfc3339Utc(r.Time(i, 6));
    s.purged_total = r.Int(i, 7);
    if (!r.IsNull(i, 8)) s.last_error = r.Str(i, 8);
    if (!r.IsNull(i, 9)) s.acked_key_id = r.Str(i, 9);
    s.lag_versions = r.Int(i, 10);
    s.lag_seconds = s.lag_versions > 0 ? std::stod(std::string(r.Text(i, 11))) : 0.0;
    out.push_back(std::move(s));
  }
  return out;
}

Result<AckResult> ExclusionStore::RecordAck(const audit::Recorder& by, const std::string& consumer,
                                            const std::string& token_id, int64_t version,
                                            int64_t purged,
                                            const std::optional<std::string>& key_id) {
  if (version < 1) return Status::InvalidArgument("version must be >= 1");
  if (purged < 0) return Status::InvalidArgument("purged must be >= 0");
  if (key_id && !IsValidKeyId(*key_id)) {
    return Status::InvalidArgument("pseudonym_key_id must be 8 lowercase hex digits");
  }
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows c, tx.Exec("SELECT id FROM exclusion_consumers WHERE name = $1 "
                                              "AND disabled_at IS NULL",
                                              {consumer}));
  if (c.empty()) {
    return Status::PermissionDenied(
        "no enabled consumer is registered under the name of this "
        "service token (garant consumer add NAME [URL])");
  }
  const int64_t consumer_id = c.Int(0, 0);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows v, tx.Exec("SELECT 1 FROM exclusion_list_documents d WHERE d.version = $1 AND " +
                              DocumentChoice(2),
                          {version, db::Param::Optional(key_id)}));
  if (v.empty()) return NoDocument(version, key_id);
  GARANT_ASSIGN_OR_RETURN(
      db::Rows ins,
      tx.Exec(
          "INSERT INTO exclusion_acks (consumer_id, version, purged_count, token_id, "
          "pseudonym_key_id) VALUES ($1, $2, $3, $4::uuid, $5) "
          "ON CONFLICT (consumer_id, version) DO NOTHING RETURNING 1",
          {consumer_id, version, purged, token_id.empty() ? db::Param::Null() : db::Param(token_id),
           db::Param::Optional(key_id)}));
  AckResult out{consumer, version, purged, false};
  if (ins.empty()) {
    GARANT_ASSIGN_OR_RETURN(db::Rows prev, tx.Exec("SELECT purged_count FROM exclusion_acks "
                                                   "WHERE consumer_id = $1 AND version = $2",
                                                   {consumer_id, version}));
    if (prev.empty() || prev.Int(0, 0) != purged) {
      return Status::Conflict("version " + std::to_string(version) +
                              " was already acknowledged with another purged count");
    }
    out.repeated = true;
    return out;
  }
  boost::json::object payload{{"consumer", consumer}, {"version", version}, {"purged", purged}};
  if (key_id) payload["pseudonym_key_id"] = *key_id;
  GARANT_RETURN_IF_ERROR(audit::Record(tx, by, "exclusion.list.acknowledged",
                                       "exclusion-list/" + std::to_string(version),
                                       boost::json::serialize(payload)));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace garant::consent
