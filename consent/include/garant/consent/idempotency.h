// Idempotency keys of the objection API (the IETF httpapi draft "The
// Idempotency-Key HTTP Header Field"; sql/0034; docs/objections.md, "Retries:
// Idempotency-Key"). A client that retries POST /api/v1/objections after a
// lost answer sends the same key and gets the first answer again, and nothing
// is recorded twice.
//
// A key is scoped to (actor, route), lives 24 hours, and is stored as a
// digest only. The first answer (status and JSON body, which holds the
// receipt code) is sealed twice: under a key derived from the client's
// idempotency key, then under the encryption key ring, so that a database
// dump with the server's key still does not open the code without the
// client's key, and the sealed answer is deleted with its expired row.
//
// Pure functions; thread-safe. The store side is ObjectionStore::CreateWithKey
// (objection_store.h).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/key_ring.h"
#include "garant/core/status.h"

namespace garant::consent {

inline constexpr std::chrono::hours kIdempotencyKeyLifetime{24};
inline constexpr size_t kMaxIdempotencyKeyLength = 255;

// The reasons of the refusals (docs/error-model.md).
// A malformed key (400).
inline constexpr std::string_view kReasonIdempotencyKeyInvalid = "idempotency_key_invalid";
// The key was used by this actor on this route with another body (422).
inline constexpr std::string_view kReasonIdempotencyKeyReused = "idempotency_key_reused";
// A request with the key is still being processed (409; in practice a retry
// waits for the first request's transaction instead, see CreateWithKey).
inline constexpr std::string_view kReasonIdempotencyKeyInProgress = "idempotency_key_in_progress";
inline constexpr std::array<std::string_view, 3> kIdempotencyReasons = {
    kReasonIdempotencyKeyInvalid, kReasonIdempotencyKeyReused, kReasonIdempotencyKeyInProgress};

// Whether `key` is a key: 1 to 255 printable ASCII characters (0x20–0x7E).
// kInvalidArgument with kReasonIdempotencyKeyInvalid and a message saying why.
Status CheckIdempotencyKey(std::string_view key);

// One keyed request: who, where, which key, and the SHA-256 of its canonical
// body (the caller's canonical form: same content, same digest).
struct IdempotencyRequest {
  std::string actor;  // "staff:<id>": also the audit actor of the creation
  std::string route;  // "POST /api/v1/objections"
  std::string key;    // CheckIdempotencyKey passed
  crypto::Digest request_sha256{};
};

// An answer as given: HTTP status and JSON body.
struct StoredAnswer {
  int status = 0;
  std::string body;
};

// What a keyed request gave: the answer, and whether it is the stored answer
// of an earlier request with the same key (nothing recorded this time).
struct KeyedAnswer {
  StoredAnswer answer;
  bool replayed = false;
  std::string objection_id;  // the objection the key recorded
};

// The stored form of a key: SHA-256("garant-idempotency-key-v1|" + key).
crypto::Digest IdempotencyKeyDigest(std::string_view key);
// AAD of a row's sealed answer: "garant-idempotency-answer-v1|" + row id.
std::string IdempotencyAnswerAad(std::string_view row_id);

// Seals `body` for row `row_id` of key `key`: AES-256-GCM under
// HKDF-SHA-256(key, salt "garant-v1|idempotency-answer", info row id), then
// the ring's Seal (AAD IdempotencyAnswerAad). The key id to store is in the
// result.
crypto::Sealed SealAnswer(const crypto::KeyRing& ring, std::string_view key,
                          std::string_view row_id, std::string_view body);
// Opens what SealAnswer wrote. kDataLoss when either layer does not open
// (another key, another row, altered bytes, a ring key no longer configured).
Result<std::string> OpenAnswer(const crypto::KeyRing& ring, int32_t key_id, std::string_view key,
                               std::string_view row_id, ByteView sealed);

}  // namespace garant::consent
