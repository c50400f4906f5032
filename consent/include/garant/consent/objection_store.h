// The objection registry in PostgreSQL (sql/0003_objections.sql): records,
// finds by receipt, withdraws and searches objections. Every change commits
// in ONE transaction with its audit-log entry (audit::AuditLog::AppendInTx),
// which carries the reference and the tokens, never clear identity.
//
// What is stored for each objection: the reference, a keyed hash of the
// receipt code (receipt.h), requester, channel, staff account, scope, times,
// status, notice version, the Pseudonymisation v1 tokens (objection_tokens)
// and, sealed with AES-256-GCM, the clear traits and the contact address.
// A health professional's objection (SubjectKind::kProfessional) is stored
// the same way, with its RPPS number sealed in place of the traits and its
// one "rpps" token (rpps.h).
//
// Thread-safety: thread-safe (each call borrows its own connection). The
// pool, the audit log, the random source and the clock must outlive it.
// Errors: kInvalidArgument for an invalid objection (the first field error;
// call ValidateObjection first to get them all), kNotFound for an unknown
// reference or a wrong code (the same error, on purpose), kConflict to
// withdraw an objection already withdrawn, kDataLoss when a sealed value does
// not open, database errors as db::MapSqlState maps them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/consent/idempotency.h"
#include "garant/consent/objection.h"
#include "garant/consent/pseudonym.h"
#include "garant/consent/receipt.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/key_ring.h"
#include "garant/core/random.h"

namespace garant::consent {

// The secrets an ObjectionStore needs.
struct ObjectionKeys {
  PseudonymKey pseudonym{};
  std::string pseudonym_key_id;  // stored beside each token
  // During a key rotation: the key being replaced. New objections get tokens
  // under both keys, so the lists under either key stay complete.
  std::optional<PseudonymKey> previous_pseudonym;
  std::string previous_pseudonym_key_id;
  // Seals traits and contacts and hashes receipt codes under the current
  // encryption key; opens (and verifies) what the previous or a legacy key
  // wrote, by the key id stored beside each value (core/key_ring.h).
  crypto::KeyRing sealing;
};

// The id of a pseudonymisation key, as stored with tokens and written in the
// exclusion lists: ListPseudonymKeyId (8 lowercase hex digits of a SHA-256 of
// the key). A fingerprint: it names the key without revealing it.
std::string PseudonymKeyId(const PseudonymKey& key);
// Keys from the server's secrets (key ids derived).
ObjectionKeys MakeObjectionKeys(const PseudonymKey& pseudonym, const crypto::KeyRing& sealing,
                                const std::optional<PseudonymKey>& previous = std::nullopt);

// Staff search. Every criterion is optional; results are newest first.
struct ObjectionQuery {
  std::optional<std::string> reference;  // canonical form
  std::optional<ObjectionStatus> status;
  std::optional<Channel> channel;
  std::optional<SubjectKind> subject;      // patients' or professionals' only
  std::optional<TimePoint> received_from;  // inclusive
  std::optional<TimePoint> received_to;    // exclusive
  // true: only those marked answered; false: only those not yet answered
  // (the DPO's "à traiter" list).
  std::optional<bool> answered;
  int limit = 100;  // 1..500
  int offset = 0;
};

// Audit event types written by this store.
inline constexpr std::string_view kEventObjectionCreated = "objection.created";
inline constexpr std::string_view kEventObjectionWithdrawn = "objection.withdrawn";
inline constexpr std::string_view kEventObjectionIdentityViewed = "objection.identity_viewed";
inline constexpr std::string_view kEventObjectionAnswerSent = "objection.answer_sent";

// The reason of Proof's refusal while the log is not yet signed that far.
inline constexpr std::string_view kReasonProofNotYetSigned = "proof_not_yet_signed";

class ObjectionStore {
 public:
  ObjectionStore(db::Pool& pool, audit::AuditLog& audit, Random& random, const Clock& clock,
                 ObjectionKeys keys);

  // Validates, tokenises, seals and records `o` with its audit entry, in one
  // transaction; the returned receipt holds the code (shown once). `actor` is
  // the audit actor ("public" or "staff:<id>").
  Result<Receipt> Create(const NewObjection& o, std::string_view actor);

  // The answer a keyed creation gives, built from its receipt (the caller's
  // JSON); stored sealed with the key (idempotency.h, sql/0034).
  using AnswerOf = std::function<StoredAnswer(const Receipt&)>;

  // Create with an Idempotency-Key: the first request with `req`'s key
  // records `o` as Create does (audit actor req.actor) and, in the same
  // transaction, the key with the digest of the body and the answer
  // `answer(receipt)` sealed; a later request with the same key and body
  // (within kIdempotencyKeyLifetime) gets that answer back (replayed) and
  // records nothing. Concurrent requests with one key: the key's unique row
  // makes the later ones wait for the first's commit, then replay its answer
  // (if it rolled back, the next one records). kConflict with
  // kReasonIdempotencyKeyReused when the key was used with another body;
  // Create's errors otherwise. Sweeps a few expired keys afterwards.
  Result<KeyedAnswer> CreateWithKey(const NewObjection& o, const IdempotencyRequest& req,
                                    const AnswerOf& answer);
  // The live answer of `req`'s key: nullopt when the key is unknown or
  // expired; kConflict (kReasonIdempotencyKeyReused) when it was used with
  // another body; kDataLoss when the stored answer does not open.
  Result<std::optional<KeyedAnswer>> FindKeyedAnswer(const IdempotencyRequest& req);
  // Deletes up to `limit` keys expired by the store's clock, with their
  // sealed answers; returns how many.
  Result<int64_t> SweepIdempotencyKeys(int limit = 100);

  // The clock of the audit entries, when it is not the one dating the
  // records: the demo seeder dates a record in the past and its entry now, so
  // that the log's times never run backwards.
  void UseAuditClock(const Clock& clock) { audit_clock_ = &clock; }

  // The objection of a receipt. `reference` and `code` as typed (made
  // canonical here). kNotFound for an unknown reference and for a wrong code.
  // A code hashed under a previous (or legacy) key is re-hashed under the
  // current one once it verifies (the clear code is known only then).
  Result<Objection> FindByReceipt(std::string_view reference, std::string_view code);

  // Withdraws the objection of a receipt (status, time, audit entry, one
  // transaction). kNotFound as FindByReceipt; kConflict if already withdrawn.
  Result<Objection> Withdraw(std::string_view reference, std::string_view code,
                             std::string_view actor);

  // Staff: withdraws on the person's behalf (a letter, a call), without the
  // code, after checking the person's identity by other means; `actor` is the
  // staff member ("staff:<id>"). `reference` canonical. kNotFound, kConflict.
  Result<Objection> WithdrawByStaff(std::string_view reference, std::string_view actor);

  // The C2SP tlog-proof (audit/tlog_proof.h) that the objection's
  // objection.created entry is in the audit log, against the latest signed
  // checkpoint (with the witnesses' cosignatures gathered so far), with the
  // leaf itself as the proof's "extra" data so the file
  // verifies alone. Same receipt rules as FindByReceipt; kUnavailable with
  // reason kReasonProofNotYetSigned while no signed checkpoint covers the
  // entry yet (try again a few seconds later).
  Result<std::string> Proof(std::string_view reference, std::string_view code);

  // The tokens of an objection under the current key.
  Result<std::vector<std::string>> Tokens(const Objection& o);

  // Staff: search, and one objection by canonical reference (kNotFound).
  Result<std::vector<Objection>> Search(const ObjectionQuery& q);
  Result<Objection> Get(std::string_view reference);
  // The DPO's detail view with the decrypted traits and contact. The reading
  // itself is an audit entry (actor, reference; never the traits), whose
  // payload names `purpose` when not empty ("letter": the confirmation letter
  // was printed from it).
  Result<ObjectionDetail> Detail(std::string_view reference, std::string_view actor,
                                 std::string_view purpose = "");

  // Staff: marks that the answer (or the confirmation) was sent to the person
  // on `sent_on` ("YYYY-MM-DD", Paris day), by staff account `staff_id`; one
  // transaction with its audit entry objection.answer_sent. `reference`
  // canonical. kInvalidArgument for a malformed day, a day in the future or
  // before receipt; kNotFound; kConflict when already marked (a mark is
  // never changed).
  Result<Objection> MarkAnswerSent(std::string_view reference, std::string_view sent_on,
                                   int64_t staff_id, std::string_view actor);

 private:
  // Withdraws `reference` (canonical); checks `code` (canonical) when given.
  Result<Objection> WithdrawOnce(std::string_view reference, const std::optional<std::string>& code,
                                 std::string_view actor);
  struct KeyClaim;  // objection_idempotency.cc
  Result<Receipt> CreateImpl(const NewObjection& o, std::string_view actor, KeyClaim* claim);
  Result<Receipt> CreateOnce(const NewObjection& o, std::string_view actor,
                             const std::vector<std::string>& tokens,
                             const std::vector<std::string>& previous_tokens, TimePoint now,
                             KeyClaim* claim);
  // Inside CreateOnce's transaction: takes the claim's key (false: another
  // request holds it), then stores its answer.
  Result<bool> ClaimKey(db::Transaction& tx, KeyClaim& claim, TimePoint now);
  Status CompleteKey(db::Transaction& tx, KeyClaim& claim, const Receipt& receipt);

  db::Pool& pool_;
  audit::AuditLog& audit_;
  Random& random_;
  const Clock& clock_;
  const Clock* audit_clock_ = nullptr;
  const Clock& audit_clock() const { return audit_clock_ != nullptr ? *audit_clock_ : clock_; }
  ObjectionKeys keys_;
};

}  // namespace garant::consent
