// Exclusion lists in PostgreSQL (sql/0004_exclusions.sql): published
// versions, deltas, consumers and their acknowledgements. The publication
// itself (building and signing versions, pushing them) is in
// exclusion_publisher.h.
//
// Thread-safety: every method may be called from any thread (the pool is
// thread-safe; no state is kept here).
// Errors: kNotFound for an unknown version or consumer, kInvalidArgument for a
// bad name/URL/range, kConflict for an acknowledgement that contradicts an
// earlier one, kUnavailable when PostgreSQL is down, as db::MapSqlState maps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/recorder.h"
#include "garant/consent/exclusion_list.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::consent {

// A published document, without its text: a version's primary document
// (under the current pseudonym key) or, during a key rotation, one of its
// companions (same version, times and signing key; another pseudonym key).
struct StoredVersion {
  int64_t version = 0;
  std::string issued_at;  // RFC 3339, as in the document
  std::string expires_at;
  std::string pseudonym_key_id;
  std::string signing_key_id;
  int64_t token_count = 0;
  std::string digest;
  std::string reason;  // initial, changed, reissued
  // The key ids of the version's other documents, sorted (Versions() only).
  std::vector<std::string> other_key_ids;
};

struct ConsumerState {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> url;  // nullopt: pull only
  bool disabled = false;
  std::optional<int64_t> delivered_version;  // latest version pushed successfully
  std::optional<int64_t> acked_version;      // latest version acknowledged
  std::optional<std::string> acked_at;
  std::optional<std::string> acked_key_id;  // pseudonym key of the latest acknowledgement, if sent
  int64_t purged_total = 0;
  std::optional<std::string> last_error;  // of the pending push, if any
  int64_t lag_versions = 0;               // current version - acked version (current if none)
  double lag_seconds = 0;  // since the first version it has not acknowledged was issued
};

struct AckResult {
  std::string consumer;
  int64_t version = 0;
  int64_t purged = 0;
  bool repeated = false;  // the same acknowledgement was already recorded
};

class ExclusionStore {
 public:
  explicit ExclusionStore(db::Pool& pool) : pool_(pool) {}

  // Documents are chosen by pseudonym key id: nullopt is the primary one
  // (current key); a key id names a document made under that key (kNotFound
  // when the version has none under it, e.g. once a rotation is over).

  // The latest version (kNotFound when none was published yet).
  Result<StoredVersion> Current(const std::optional<std::string>& key_id = std::nullopt);
  // The signed document of a version, byte for byte. Only the latest version
  // keeps its text; an older one is rebuilt from its header and its stored
  // entries (kDataLoss when they do not match its digest).
  Result<std::string> Document(int64_t version,
                               const std::optional<std::string>& key_id = std::nullopt);
  // Every document of a version as (pseudonym key id, text): the primary
  // first, then the companions by key id. Empty when the version does not exist.
  Result<std::vector<std::pair<std::string, std::string>>> Documents(int64_t version);
  // The latest version's header and document.
  Result<std::pair<StoredVersion, std::string>> CurrentDocument(
      const std::optional<std::string>& key_id = std::nullopt);
  // The latest versions, newest first, with their primary document's header.
  Result<std::vector<StoredVersion>> Versions(int limit);

  // The delta from version `since` (0: the empty list) to the current one,
  // both under the same key, and the current document's parsed header (to
  // check the rebuilt list). kNotFound when `since` was never published under
  // that key; kInvalidArgument when it is newer than the current version.
  Result<std::pair<ListDelta, ListHeader>> DeltaSince(
      int64_t since, const std::optional<std::string>& key_id = std::nullopt);

  // Consumers. Each change appends its entry (`exclusion.consumer.added`,
  // `exclusion.consumer.disabled`, object exclusion-consumer/<name>) in its
  // own transaction: both commit or neither.
  Result<int64_t> AddConsumer(const audit::Recorder& by, const std::string& name,
                              const std::optional<std::string>& url);
  Status DisableConsumer(const audit::Recorder& by, const std::string& name);
  Result<std::vector<ConsumerState>> Consumers(TimePoint now);

  // Records that `consumer` (a service token's name) applied `version` and
  // purged `purged` records. Idempotent for the same values; kConflict when
  // the same version was acknowledged with another count.
  // `key_id`, when given, is the pseudonym key of the document applied (it
  // must be one of the version's documents). A new acknowledgement appends
  // `exclusion.list.acknowledged` (object exclusion-list/<version>) in its
  // transaction; a repeated one records nothing.
  Result<AckResult> RecordAck(const audit::Recorder& by, const std::string& consumer,
                              const std::string& token_id, int64_t version, int64_t purged,
                              const std::optional<std::string>& key_id = std::nullopt);

 private:
  db::Pool& pool_;
};

bool IsValidConsumerName(std::string_view name);
bool IsValidConsumerUrl(std::string_view url);
// An https:// URL, or an http:// one when allow_http (garantd --dev, the
// embedded cluster of the CLI): outside --dev the pseudonymous tokens never
// travel in clear (docs/exclusion-lists.md §7).
bool IsAllowedConsumerUrl(std::string_view url, bool allow_http);
// The host of a consumer URL (lowercased; an IPv6 literal keeps its
// brackets; no port, no user information): what the
// exclusion.consumer.added entry records. Empty when there is none.
std::string ConsumerUrlHost(std::string_view url);

}  // namespace garant::consent
