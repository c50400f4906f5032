#include "garant/consent/exclusion_publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"

namespace garant::consent {
namespace {

constexpr size_t kMaxStoredError = 500;
constexpr int kMaxDuePerRound = 100;

struct Latest {
  int64_t version = 0;  // 0: none
  std::string digest;
  std::string pseudonym_key_id;
  TimePoint expires_at{};
};

Result<Latest> ReadLatest(db::Connection& conn) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn.Exec("SELECT version, digest, pseudonym_key_id, "
                "to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                "FROM exclusion_list_versions ORDER BY version DESC LIMIT 1"));
  Latest l;
  if (r.empty()) return l;
  l.version = r.Int(0, 0);
  l.digest = r.Str(0, 1);
  l.pseudonym_key_id = r.Str(0, 2);
  if (!ParseRfc3339(r.Text(0, 3), &l.expires_at)) {
    return Status::Internal("unreadable expires_at in exclusion_list_versions");
  }
  return l;
}

std::string Truncate(std::string s) {
  if (s.size() > kMaxStoredError) s.resize(kMaxStoredError);
  // Keep valid UTF-8 after the cut.
  while (!s.empty() && !IsValidUtf8(s)) s.pop_back();
  return s;
}

}  // namespace

ExclusionPublisher::ExclusionPublisher(db::Pool& pool, const Clock& clock,
                                       const crypto::Ed25519Seed& signing_seed,
                                       const PseudonymKey& pseudonym_key, PublisherOptions options)
    : pool_(pool),
      clock_(clock),
      seed_(signing_seed),
      pseudonym_key_id_(ListPseudonymKeyId(pseudonym_key)),
      // The id objection_tokens.key_id holds (objection_store.h): another
      // fingerprint of the same key.
      token_key_id_(PseudonymKeyId(pseudonym_key)),
      options_(options) {}

Result<PublishOutcome> ExclusionPublisher::RunPublishRound() {
  const TimePoint now = clock_.Now();
  GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
  // Cheap check first: most rounds publish nothing.
  GARANT_ASSIGN_OR_RETURN(Latest latest, ReadLatest(*conn));
  GARANT_ASSIGN_OR_RETURN(db::Rows pending,
                          conn->Exec("SELECT EXISTS (SELECT 1 FROM exclusion_source_changes)"));
  const bool changed = pending.Bool(0, 0);
  const bool expiring = latest.version > 0 && latest.expires_at - now < options_.reissue_before;
  const bool other_key = latest.version > 0 && latest.pseudonym_key_id != pseudonym_key_id_;
  if (latest.version > 0 && !changed && !expiring && !other_key) return PublishOutcome{};

  // One snapshot for the markers consumed and the tokens read: a change
  // committed after it keeps its marker and is published on the next round.
  db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(tx.Exec("DELETE FROM exclusion_source_changes").status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows missing,
      tx.Exec("SELECT count(*) FROM objections o WHERE o.status = 'effective' AND NOT EXISTS "
              "(SELECT 1 FROM objection_tokens t WHERE t.objection_id = o.id AND t.key_id = $1)",
              {token_key_id_}));
  if (missing.Int(0, 0) > 0) {
    return Status::FailedPrecondition(
        std::to_string(missing.Int(0, 0)) +
        " effective objection(s) have no token under pseudonym key " + token_key_id_ +
        ": refusing to publish an exclusion list that would miss them");
  }
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec("SELECT t.token, o.scope FROM objection_tokens t "
                                                 "JOIN objections o ON o.id = t.objection_id "
                                                 "WHERE o.status = 'effective' AND t.key_id = $1",
                                                 {token_key_id_}));
  ListContent content;
  content.version = latest.version + 1;
  content.issued_at = now;
  content.expires_at = now + options_.validity;
  content.pseudonym_key_id = pseudonym_key_id_;
  content.entries.reserve(static_cast<size_t>(rows.size()));
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
    content.entries.push_back(std::move(e));
  }
  ListHeader header;
  GARANT_ASSIGN_OR_RETURN(std::string document, SignExclusionList(content, seed_, &header));

  PublishOutcome outcome;
  outcome.token_count = header.token_count;
  if (latest.version == 0) {
    outcome.reason = "initial";
  } else if (header.digest != latest.digest || other_key) {
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
              "pseudonym_key_id, signing_key_id, token_count, digest, reason, document) "
              "VALUES ($1, $2::timestamptz, $3::timestamptz, $4, $5, $6, $7, $8, $9)",
              {header.version, header.issued_at, header.expires_at, header.pseudonym_key_id,
               header.signing_key_id, header.token_count, header.digest, outcome.reason, document})
          .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  outcome.published = header.version;
  spdlog::info("exclusion list version {} published ({}, {} tokens, digest {})", header.version,
               outcome.reason, header.token_count, header.digest.substr(0, 16));
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
  std::string document;
  {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool_.Acquire());
    GARANT_ASSIGN_OR_RETURN(Latest latest, ReadLatest(*conn));
    if (latest.version == 0) return 0;
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
    GARANT_ASSIGN_OR_RETURN(
        db::Rows doc, conn->Exec("SELECT document FROM exclusion_list_versions WHERE version = $1",
                                 {latest.version}));
    if (doc.empty()) return Status::Internal("the latest exclusion list vanished");
    document = doc.Str(0, 0);
  }
  int delivered = 0;
  for (const Due& d : due) {
    // No connection is held during the HTTP call.
    Status pushed = transport.Push(d.url, d.version, document);
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
