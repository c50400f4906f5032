// ObjectionStore's Idempotency-Key part (objection_store.h, CreateWithKey;
// sql/0034; docs/objections.md, "Retries: Idempotency-Key").
#include <string>
#include <utility>

#include "garant/consent/idempotency.h"
#include "garant/consent/objection_store.h"
#include "objection_records.h"

namespace garant::consent {

// One keyed creation in flight: the request, how to build its answer, the
// row id chosen for its key, and the answer once built.
struct ObjectionStore::KeyClaim {
  const IdempotencyRequest* request = nullptr;
  const AnswerOf* answer_of = nullptr;
  std::string row_id;
  StoredAnswer answer;
};

namespace internal {

Status KeyTakenStatus() {
  return Status::Conflict(
             "Idempotency-Key: a request with this key is still being processed; retry later")
      .WithReason(std::string(kReasonIdempotencyKeyInProgress));
}

bool IsKeyTaken(const Status& s) {
  return s.code() == Code::kConflict && s.reason() == kReasonIdempotencyKeyInProgress;
}

}  // namespace internal

namespace {

// A concurrent request's transaction ends before ours can take the key, so
// the second look finds its answer; a third only after a rollback raced
// with yet another request.
constexpr int kKeyAttempts = 3;

db::Param DigestParam(const crypto::Digest& d) { return db::Param::Binary(ByteView(d)); }

}  // namespace

Result<bool> ObjectionStore::ClaimKey(db::Transaction& tx, KeyClaim& claim, TimePoint now) {
  const IdempotencyRequest& req = *claim.request;
  const crypto::Digest key_digest = IdempotencyKeyDigest(req.key);
  // An expired row of this key no longer counts: the key is new again.
  GARANT_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM idempotency_keys WHERE actor = $1 AND route = $2 "
              "AND key_digest = $3 AND expires_at <= $4",
              {req.actor, req.route, DigestParam(key_digest), FormatRfc3339Utc(now)})
          .status());
  claim.row_id = random_.Uuid4();
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("INSERT INTO idempotency_keys (id, actor, route, key_digest, request_sha256, "
              "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
              "ON CONFLICT (actor, route, key_digest) DO NOTHING RETURNING id",
              {claim.row_id, req.actor, req.route, DigestParam(key_digest),
               DigestParam(req.request_sha256), FormatRfc3339Utc(now),
               FormatRfc3339Utc(now + kIdempotencyKeyLifetime)}));
  return !rows.empty();
}

Status ObjectionStore::CompleteKey(db::Transaction& tx, KeyClaim& claim, const Receipt& receipt) {
  claim.answer = (*claim.answer_of)(receipt);
  const crypto::Sealed sealed =
      SealAnswer(keys_.sealing, claim.request->key, claim.row_id, claim.answer.body);
  return tx
      .Exec(
          "UPDATE idempotency_keys SET objection_id = $2, answer_status = $3, answer_sealed = $4, "
          "answer_key_id = $5 WHERE id = $1",
          {claim.row_id, receipt.objection.id, claim.answer.status, db::Param::Binary(sealed.bytes),
           sealed.key_id})
      .status();
}

Result<std::optional<KeyedAnswer>> ObjectionStore::FindKeyedAnswer(const IdempotencyRequest& req) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec(
          "SELECT id::text, request_sha256, objection_id::text, answer_status, answer_sealed, "
          "answer_key_id FROM idempotency_keys WHERE actor = $1 AND route = $2 "
          "AND key_digest = $3 AND expires_at > $4",
          {req.actor, req.route, DigestParam(IdempotencyKeyDigest(req.key)),
           FormatRfc3339Utc(clock_.Now())}));
  if (rows.empty()) return std::optional<KeyedAnswer>();
  const Bytes stored_sha = rows.Bytea(0, 1);
  if (!ConstantTimeEquals(stored_sha, ByteView(req.request_sha256))) {
    return Status::Conflict(
               "Idempotency-Key: this key was already used for another request body; send a new "
               "key for a new request (nothing was recorded)")
        .WithReason(std::string(kReasonIdempotencyKeyReused));
  }
  const std::string row_id = rows.Str(0, 0);
  KeyedAnswer a;
  a.replayed = true;
  a.objection_id = rows.Str(0, 2);
  a.answer.status = static_cast<int>(rows.Int(0, 3));
  GARANT_ASSIGN_OR_RETURN(a.answer.body,
                          OpenAnswer(keys_.sealing, static_cast<int32_t>(rows.Int(0, 5)), req.key,
                                     row_id, rows.Bytea(0, 4)));
  return std::optional<KeyedAnswer>(std::move(a));
}

Result<KeyedAnswer> ObjectionStore::CreateWithKey(const NewObjection& o,
                                                  const IdempotencyRequest& req,
                                                  const AnswerOf& answer) {
  GARANT_RETURN_IF_ERROR(CheckIdempotencyKey(req.key));
  for (int attempt = 1; attempt <= kKeyAttempts; ++attempt) {
    GARANT_ASSIGN_OR_RETURN(std::optional<KeyedAnswer> found, FindKeyedAnswer(req));
    if (found) return std::move(*found);
    KeyClaim claim;
    claim.request = &req;
    claim.answer_of = &answer;
    Result<Receipt> r = CreateImpl(o, req.actor, &claim);
    if (r.ok()) {
      // Best effort: a failed sweep leaves expired keys for the next one,
      // and they are ignored at lookup meanwhile.
      (void)SweepIdempotencyKeys();
      KeyedAnswer a;
      a.answer = std::move(claim.answer);
      a.objection_id = r->objection.id;
      return a;
    }
    if (!internal::IsKeyTaken(r.status())) return r.status();
  }
  return internal::KeyTakenStatus();
}

Result<int64_t> ObjectionStore::SweepIdempotencyKeys(int limit) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec("DELETE FROM idempotency_keys WHERE id IN (SELECT id FROM idempotency_keys "
                 "WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2) RETURNING id",
                 {FormatRfc3339Utc(clock_.Now()), limit}));
  return static_cast<int64_t>(rows.size());
}

}  // namespace garant::consent
