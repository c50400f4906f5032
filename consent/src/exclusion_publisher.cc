#include "garant/consent/exclusion_publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "garant/audit/recorder.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/exclusion_store.h"
#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"
#include "garant/core/json.h"

namespace garant::consent {
namespace {

constexpr size_t kMaxStoredError = 500;
constexpr int kMaxDuePerRound = 100;

struct Latest {
  int64_t version = 0;  // 0: none
  std::string digest;
  std::vector<std::string> key_ids;  // the primary document's first, then companions sorted
  TimePoint expires_at{};
  TimePoint issued_at{};
};

// The latest version (version 0 when none), read before any connection is
// held by the caller.
Result<Latest> ReadLatest(db::Pool& pool) {
  GARANT_ASSIGN_OR_RETURN(std::vector<StoredVersion> versions, ExclusionStore(pool).Versions(1));
  Latest l;
  if (versions.empty()) return l;
  const StoredVersion& v = versions.front();
  l.version = v.version;
  l.digest = v.digest;
  l.key_ids.push_back(v.pseudonym_key_id);
  l.key_ids.insert(l.key_ids.end(), v.other_key_ids.begin(), v.other_key_ids.end());
  if (!ParseRfc3339(v.expires_at, &l.expires_at) || !ParseRfc3339(v.issued_at, &l.issued_at)) {
    return Status::Internal("unreadable issued_at or expires_at in exclusion_list_versions");
  }
  return l;
}

std::string Truncate(std::string s) {
  if (s.size() > kMaxStoredError) s.resize(kMaxStoredError);
  // Keep valid UTF-8 after the cut.
  while (!s.empty() && !IsValidUtf8(s)) s.pop_back();
  return s;
}

// The entries of every effective objection under `key_id`; fails closed when
// an effective objection has no token under it.
Result<std::vector<ListContent::Entry>> ReadEntries(db::Transaction& tx,
                                                    const std::string& key_id) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows missing,
      tx.Exec("SELECT count(*) FROM objections o WHERE o.status = 'effective' AND NOT EXISTS "
              "(SELECT 1 FROM objection_tokens t WHERE t.objection_id = o.id AND t.key_id = $1)",
              {key_id}));
  if (missing.Int(0, 0) > 0) {
    return Status::FailedPrecondition(
        std::to_string(missing.Int(0, 0)) +
        " effective objection(s) have no token under pseudonym key " + key_id +
        ": refusing to publish an exclusion list that would miss them");
  }
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec("SELECT t.token, o.scope FROM objection_tokens t "
                                                 "JOIN objections o ON o.id = t.objection_id "
                                                 "WHERE o.status = 'effective' AND t.key_id = $1",
                                                 {key_id}));
  std::vector<ListContent::Entry> entries;
  entries.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    auto raw = HexDecode(rows.Text(i, 0));
    std::string_view scope = rows.Text(i, 1);
    if (!raw.ok() || raw->size() != 32 || !IsValidScope(scope)) {
      return Status::DataLoss("objection_tokens holds a malformed token or scope (row " +
                              std::to_string(i) + "): refusing to publish");
    }
    ListContent::Entry e;
    e.scope.assign(scope);
    std::copy(raw->begin(), raw->end(), e.token.begin());
    entries.push_back(std::move(e));
  }
  return entries;
}

// Records the entries of a new document under its key: entries no longer
// listed get removed_in = the version, new ones a row with added_in = it.
// Storage thus grows with the changes, not with the versions (a reissued
// version changes no row).
Status RecordEntries(db::Transaction& tx, const ListHeader& header,
                     const std::vector<ListContent::Entry>& entries) {
  std::vector<std::string> scopes;
  std::vector<std::string> tokens;
  scopes.reserve(entries.size());
  tokens.reserve(entries.size());
  for (const auto& e : entries) {
    scopes.push_back(e.scope);
    tokens.push_back(HexEncode(e.token));
  }
  const db::Param key(header.pseudonym_key_id);
  const db::Param version(header.version);
  const db::Param scope_array(db::TextArrayLiteral(scopes));
  const db::Param token_array(db::TextArrayLiteral(tokens));
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE exclusion_list_entries e SET removed_in = $2 "
              "WHERE e.pseudonym_key_id = $1 AND e.removed_in IS NULL AND NOT EXISTS "
              "(SELECT 1 FROM unnest($3::text[], $4::text[]) AS n(scope, token) "
              "WHERE n.scope = e.scope AND n.token = e.token)",
              {key, version, scope_array, token_array})
          .status());
  return tx
      .Exec(
          "INSERT INTO exclusion_list_entries (pseudonym_key_id, scope, token, added_in) "
          "SELECT DISTINCT $1, n.scope, n.token, $2::bigint "
          "FROM unnest($3::text[], $4::text[]) AS n(scope, token) WHERE NOT EXISTS "
          "(SELECT 1 FROM exclusion_list_entries e WHERE e.pseudonym_key_id = $1 "
          "AND e.removed_in IS NULL AND e.scope = n.scope AND e.token = n.token)",
          {key, version, scope_array, token_array})
      .status();
}

audit::Event PublishedEvent(Random& random, TimePoint now, const std::vector<ListHeader>& headers,
                            const std::string& reason) {
  boost::json::object p;
  const ListHeader& primary = headers.front();
  p["version"] = primary.version;
  p["reason"] = reason;
  p["issued_at"] = primary.issued_at;
  p["expires_at"] = primary.expires_at;
  p["signing_key_id"] = primary.signing_key_id;
  boost::json::array docs;
  for (const ListHeader& h : headers) {
    docs.push_back(boost::json::object{{"pseudonym_key_id", h.pseudonym_key_id},
                                       {"token_count", h.token_count},
                                       {"digest", h.digest}});
  }
  p["documents"] = std::move(docs);
  return audit::MakeEvent(
      random, now, std::string(kEventListPublished), std::string(kPublisherActor),
      "exclusion-list/" + std::to_string(primary.version), boost::json::serialize(p));
}

}  // namespace

ExclusionPublisher::ExclusionPublisher(db::Pool& pool, audit::AuditLog& audit, Random& random,
                                       const Clock& clock, const PublisherKeys& keys,
                                       PublisherOptions options)
    : pool_(pool),
      audit_(audit),
      random_(random),
      clock_(clock),
      seed_(keys.signing),
      options_(options) {
  // The publisher needs the key ids only: the tokens are in objection_tokens.
  key_ids_.push_back(PseudonymKeyId(keys.pseudonym));
  if (keys.previous_pseudonym) key_ids_.push_back(PseudonymKeyId(*keys.previous_pseudonym));
}

Result<PublishOutcome> ExclusionPublisher::RunPublishRound() {
  const TimePoint now = clock_.Now();
  // Cheap check first: most rounds publish nothing.
  GARANT_ASSIGN_OR_RETURN(Latest latest, ReadLatest(pool_));
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows pending,
                          conn->Exec("SELECT EXISTS (SELECT 1 FROM exclusion_source_changes)"));
  const bool changed = pending.Bool(0, 0);
  const bool expiring = latest.version > 0 && latest.expires_at - now < options_.reissue_before;
  const bool other_keys = latest.version > 0 && latest.key_ids != key_ids_;
  if (latest.version > 0 && !changed && !expiring && !other_keys) return PublishOutcome{};
  // Changes only, and the latest version is recent: they wait (their markers
  // stay) and go out together once min_interval has passed.
  if (latest.version > 0 && !expiring && !other_keys &&
      now - latest.issued_at < options_.min_interval) {
    return PublishOutcome{};
  }

  // READ COMMITTED (the audit append needs it). The markers are consumed
  // before the tokens are read: a change committed before the DELETE is in the
  // tokens read after it; one committed later keeps its marker and is looked
  // at again on the next round. So no change is ever lost.
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(tx.Exec("DELETE FROM exclusion_source_changes").status());
  std::vector<ListHeader> headers;
  std::vector<std::string> documents;
  std::vector<std::vector<ListContent::Entry>> entries;  // per key, as read
  for (const std::string& key_id : key_ids_) {
    ListContent content;
    content.version = latest.version + 1;
    content.issued_at = now;
    content.expires_at = now + options_.validity;
    content.pseudonym_key_id = key_id;
    GARANT_ASSIGN_OR_RETURN(content.entries, ReadEntries(tx, key_id));
    ListHeader header;
    GARANT_ASSIGN_OR_RETURN(std::string document, SignExclusionList(content, seed_, &header));
    headers.push_back(std::move(header));
    documents.push_back(std::move(document));
    entries.push_back(std::move(content.entries));
  }
  if (options_.after_entries_read) options_.after_entries_read();
  const ListHeader& primary = headers.front();

  PublishOutcome outcome;
  outcome.token_count = primary.token_count;
  if (latest.version == 0) {
    outcome.reason = "initial";
  } else if (primary.digest != latest.digest || other_keys) {
    outcome.reason = "changed";
  } else if (expiring) {
    outcome.reason = "reissued";
  } else {
    // The changes cancelled out (or touched nothing listed): consume the markers only.
    GARANT_RETURN_IF_ERROR(tx.Commit());
    return outcome;
  }
  GARANT_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO exclusion_list_versions (version, issued_at, expires_at, "
              "pseudonym_key_id, signing_key_id, token_count, digest, reason, document, "
              "signature) VALUES ($1, $2::timestamptz, $3::timestamptz, $4, $5, $6, $7, $8, $9, "
              "$10)",
              {primary.version, primary.issued_at, primary.expires_at, primary.pseudonym_key_id,
               primary.signing_key_id, primary.token_count, primary.digest, outcome.reason,
               documents.front(), primary.signature})
          .status());
  for (size_t i = 1; i < headers.size(); ++i) {
    GARANT_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO exclusion_list_companions (version, pseudonym_key_id, token_count, "
                "digest, document, signature) VALUES ($1, $2, $3, $4, $5, $6)",
                {headers[i].version, headers[i].pseudonym_key_id, headers[i].token_count,
                 headers[i].digest, documents[i], headers[i].signature})
            .status());
  }
  for (size_t i = 0; i < headers.size(); ++i) {
    GARANT_RETURN_IF_ERROR(RecordEntries(tx, headers[i], entries[i]));
  }
  // Only the latest version keeps its text: the older ones are rebuilt from
  // their header and entries when asked (ExclusionStore::Document). Versions
  // from before the entries were kept (no signature column) keep theirs.
  for (const char* table : {"exclusion_list_versions", "exclusion_list_companions"}) {
    GARANT_RETURN_IF_ERROR(tx.Exec(std::string("UPDATE ") + table +
                                       " SET document = NULL WHERE version < $1 "
                                       "AND signature IS NOT NULL AND document IS NOT NULL",
                                   {primary.version})
                               .status());
  }
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      audit_.AppendInTx(tx, {PublishedEvent(random_, now, headers, outcome.reason)}));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  outcome.published = primary.version;
  outcome.audit_index = idx.front();
  spdlog::info("exclusion list version {} published ({}, {} tokens, digest {}, {} document(s))",
               primary.version, outcome.reason, primary.token_count, primary.digest.substr(0, 16),
               headers.size());
  return outcome;
}

Result<int> ExclusionPublisher::RunDeliveryRound(ListPushTransport& transport) {
  const TimePoint now = clock_.Now();
  const std::string now_text = FormatRfc3339Utc(now);
  struct Due {
    int64_t consumer_id;
    std::string name;
    std::string url;
    int64_t version;
    int attempts;
  };
  std::vector<Due> due;
  std::vector<std::pair<std::string, std::string>> documents;  // (key id, document)
  int64_t latest_version = 0;
  {
    GARANT_ASSIGN_OR_RETURN(Latest latest, ReadLatest(pool_));
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    if (latest.version == 0) return 0;
    latest_version = latest.version;
    GARANT_RETURN_IF_ERROR(
        conn->Exec("INSERT INTO exclusion_deliveries (consumer_id, version, next_attempt_at) "
                   "SELECT id, $1, $2::timestamptz FROM exclusion_consumers "
                   "WHERE disabled_at IS NULL AND url IS NOT NULL "
                   "ON CONFLICT (consumer_id, version) DO NOTHING",
                   {latest.version, now_text})
            .status());
    GARANT_RETURN_IF_ERROR(
        conn->Exec("UPDATE exclusion_deliveries SET superseded_at = $2::timestamptz "
                   "WHERE version < $1 AND delivered_at IS NULL AND superseded_at IS NULL",
                   {latest.version, now_text})
            .status());
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r, conn->Exec("SELECT d.consumer_id, c.name, c.url, d.version, d.attempts "
                               "FROM exclusion_deliveries d JOIN exclusion_consumers c "
                               "ON c.id = d.consumer_id "
                               "WHERE d.delivered_at IS NULL AND d.superseded_at IS NULL "
                               "AND d.next_attempt_at <= $1::timestamptz AND c.disabled_at IS NULL "
                               "AND c.url IS NOT NULL ORDER BY d.next_attempt_at LIMIT $2",
                               {now_text, kMaxDuePerRound}));
    for (int i = 0; i < r.size(); ++i) {
      due.push_back(
          {r.Int(i, 0), r.Str(i, 1), r.Str(i, 2), r.Int(i, 3), static_cast<int>(r.Int(i, 4))});
    }
    if (due.empty()) return 0;
  }
  GARANT_ASSIGN_OR_RETURN(documents, ExclusionStore(pool_).Documents(latest_version));
  if (documents.empty()) return Status::Internal("the latest exclusion list vanished");
  int delivered = 0;
  for (const Due& d : due) {
    // No connection is held during the HTTP calls.
    Status pushed = Status::Ok();
    for (const auto& [key_id, document] : documents) {
      pushed = transport.Push(d.url, d.version, key_id, document);
      if (!pushed.ok()) break;
    }
    const TimePoint after = clock_.Now();
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    if (pushed.ok()) {
      ++delivered;
      GARANT_RETURN_IF_ERROR(
          conn->Exec("UPDATE exclusion_deliveries SET delivered_at = $3::timestamptz, "
                     "last_attempt_at = $3::timestamptz, attempts = attempts + 1, "
                     "last_error = NULL WHERE consumer_id = $1 AND version = $2",
                     {d.consumer_id, d.version, FormatRfc3339Utc(after)})
              .status());
      spdlog::info("exclusion list version {} pushed to consumer {}", d.version, d.name);
      continue;
    }
    auto backoff = options_.backoff_initial;
    for (int i = 0; i < d.attempts && backoff < options_.backoff_max; ++i) backoff *= 2;
    backoff = std::min(backoff, options_.backoff_max);
    GARANT_RETURN_IF_ERROR(
        conn->Exec("UPDATE exclusion_deliveries SET attempts = attempts + 1, "
                   "last_attempt_at = $3::timestamptz, next_attempt_at = $4::timestamptz, "
                   "last_error = $5 WHERE consumer_id = $1 AND version = $2",
                   {d.consumer_id, d.version, FormatRfc3339Utc(after),
                    FormatRfc3339Utc(after + backoff), Truncate(pushed.message())})
            .status());
    spdlog::warn(
        "pushing exclusion list version {} to consumer {} failed (attempt {}, next in "
        "{} s): {}",
        d.version, d.name, d.attempts + 1, backoff.count(), pushed.message());
  }
  return delivered;
}

}  // namespace garant::consent
