// Publication of exclusion lists (docs/exclusion-lists.md §5): builds a new
// signed version from the effective objections when they change (batched:
// one version per round, whatever the number of changes), re-issues an
// unchanged list before it expires, and pushes the latest version to every
// registered consumer with retries and exponential backoff.
//
// Fail closed: a round that cannot read every effective objection's tokens
// under the current pseudonym key publishes nothing (an objection without
// tokens would be under-excluded) and reports the problem.
//
// The HTTP client is injected (ListPushTransport): consent never includes
// Poco::Net; the server provides the implementation.
//
// Thread-safety: RunPublishRound and RunDeliveryRound may be called from any
// thread; concurrent rounds (several garantd on one database) are serialised
// by PostgreSQL (a serialisation failure makes the round return kConflict:
// retry on the next round).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "garant/consent/exclusion_store.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::consent {

class ListPushTransport {
 public:
  virtual ~ListPushTransport() = default;
  // POSTs the document to url. Ok on a 2xx answer; any other outcome is an
  // error whose message is stored (no secret in it).
  virtual Status Push(const std::string& url, int64_t version, std::string_view document) = 0;
};

struct PublisherOptions {
  std::chrono::seconds validity{std::chrono::hours(24)};        // expires_at - issued_at
  std::chrono::seconds reissue_before{std::chrono::hours(12)};  // re-issue when less is left
  std::chrono::seconds backoff_initial{1};
  std::chrono::seconds backoff_max{300};
};

struct PublishOutcome {
  std::optional<int64_t> published;  // the new version, if one was published
  std::string reason;                // initial, changed, reissued
  int64_t token_count = 0;
};

class ExclusionPublisher {
 public:
  ExclusionPublisher(db::Pool& pool, const Clock& clock, const crypto::Ed25519Seed& signing_seed,
                     const PseudonymKey& pseudonym_key, PublisherOptions options = {});

  // One publication round: publishes a version when there is none yet, when
  // objections changed and the token set differs from the latest version, or
  // when the latest version expires within reissue_before.
  Result<PublishOutcome> RunPublishRound();

  // One delivery round: queues the latest version for every enabled consumer
  // with a URL that has not received it, then pushes every due delivery.
  // Returns the number of successful pushes.
  Result<int> RunDeliveryRound(ListPushTransport& transport);

  // The key id written in the lists (ListPseudonymKeyId).
  const std::string& pseudonym_key_id() const { return pseudonym_key_id_; }
  // The key id of the tokens in objection_tokens (objection_store.h).
  const std::string& token_key_id() const { return token_key_id_; }

 private:
  db::Pool& pool_;
  const Clock& clock_;
  crypto::Ed25519Seed seed_;
  std::string pseudonym_key_id_;
  std::string token_key_id_;
  PublisherOptions options_;
};

}  // namespace garant::consent
