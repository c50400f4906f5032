// Publication of exclusion lists (docs/exclusion-lists.md §5): builds a new
// signed version from the effective objections when they change (batched:
// one version per round, whatever the number of changes), re-issues an
// unchanged list before it expires, and pushes the latest version to every
// registered consumer with retries and exponential backoff.
//
// Fail closed: a round that cannot read every effective objection's tokens
// under every configured pseudonym key publishes nothing (an objection
// without tokens would be under-excluded) and reports the problem.
//
// The HTTP client is injected (ListPushTransport): consent never includes
// Poco::Net; the server provides the implementation.
//
// Thread-safety: RunPublishRound and RunDeliveryRound may be called from any
// thread; concurrent rounds (several garantd on one database) are serialised
// by PostgreSQL (two rounds publishing the same version number: the second
// fails with kAlreadyExists and publishes nothing; the next round retries).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/consent/exclusion_store.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::consent {

class ListPushTransport {
 public:
  virtual ~ListPushTransport() = default;
  // POSTs the document (made under pseudonym key `pseudonym_key_id`) to url.
  // Ok on a 2xx answer; any other outcome is an error whose message is
  // stored (no secret in it).
  virtual Status Push(const std::string& url, int64_t version, std::string_view pseudonym_key_id,
                      std::string_view document) = 0;
};

struct PublisherOptions {
  std::chrono::seconds validity{std::chrono::hours(24)};        // expires_at - issued_at
  std::chrono::seconds reissue_before{std::chrono::hours(12)};  // re-issue when less is left
  // A "changed" version is published at most once per min_interval: the first
  // change after a quiet period goes out at the next round, the changes that
  // follow within min_interval wait and go out together. A burst of 10,000
  // objections thus makes a handful of versions, not 10,000 (each stored
  // whole). Initial, re-issued and key-change versions are not held back.
  // 0: every round that sees a change publishes (tests).
  std::chrono::seconds min_interval{0};
  std::chrono::seconds backoff_initial{1};
  std::chrono::seconds backoff_max{300};
  // Tests only: called in a publication round's transaction once the entries
  // are read, before the version is written (a test commits a concurrent
  // objection there, to check that no change is lost). Unset in garantd.
  std::function<void()> after_entries_read;
};

// The keys a publisher signs and tokenises with.
struct PublisherKeys {
  crypto::Ed25519Seed signing{};
  PseudonymKey pseudonym{};  // the current key: the primary document
  // During a key rotation: the key being replaced; each version then also
  // gets a companion document under it (sql/0006_pseudonym_key_rotation.sql).
  std::optional<PseudonymKey> previous_pseudonym;
};

struct PublishOutcome {
  std::optional<int64_t> published;  // the new version, if one was published
  std::string reason;                // initial, changed, reissued
  int64_t token_count = 0;
  std::optional<uint64_t> audit_index;  // of its exclusion.list.published entry
};

// Audit event type of a published version (object "exclusion-list/<version>";
// payload: version, reason, times, and for each document its pseudonym key
// id, token count and digest).
inline constexpr std::string_view kEventListPublished = "exclusion.list.published";
// The audit actor of the publisher.
inline constexpr std::string_view kPublisherActor = "service:garantd";

class ExclusionPublisher {
 public:
  ExclusionPublisher(db::Pool& pool, audit::AuditLog& audit, Random& random, const Clock& clock,
                     const PublisherKeys& keys, PublisherOptions options = {});

  // One publication round: publishes a version when there is none yet, when
  // objections changed and the token set differs from the latest version,
  // when the configured keys differ from the latest version's, or when the
  // latest version expires within reissue_before. The version, its companion
  // documents and its audit entry commit in one transaction.
  Result<PublishOutcome> RunPublishRound();

  // One delivery round: queues the latest version for every enabled consumer
  // with a URL that has not received it, then pushes every due delivery (the
  // primary document, then each companion; a delivery succeeds when all
  // do). Returns the number of successful deliveries.
  Result<int> RunDeliveryRound(ListPushTransport& transport);

  // The key id written in the primary lists and stored with the tokens
  // (ListPseudonymKeyId == PseudonymKeyId).
  const std::string& pseudonym_key_id() const { return key_ids_.front(); }
  // Every key id published: the current one first, then the previous one.
  const std::vector<std::string>& key_ids() const { return key_ids_; }

 private:
  db::Pool& pool_;
  audit::AuditLog& audit_;
  Random& random_;
  const Clock& clock_;
  crypto::Ed25519Seed seed_;
  std::vector<std::string> key_ids_;
  PublisherOptions options_;
};

}  // namespace garant::consent
