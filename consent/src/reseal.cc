#include "garant/consent/reseal.h"

#include <optional>
#include <string>
#include <vector>

#include "garant/consent/idempotency.h"
#include "garant/consent/receipt.h"
#include "garant/core/bytes.h"
#include "objection_records.h"
#include "rights_records.h"

namespace garant::consent {
namespace {

// The rows a rotation has to do: their traits not sealed under the current
// key, or their receipt code not yet sealed under it ($1: the current key
// id). A clear code hash (written before sql/0033) is due only while one of
// its keys is configured ($2: the previous key id, or 0 without one; legacy
// hashes, key id 0, are always checkable): one whose key is gone can no
// longer be verified, nor wrapped, and would stay due for ever.
constexpr const char* kDueRows =
    "seal_key_id <> $1 OR (code_sealed IS NOT NULL AND code_key_id <> $1) OR "
    "(code_hash IS NOT NULL AND code_key_id IN (0, $2))";

int32_t PreviousIdOrLegacy(const crypto::KeyRing& ring) {
  return ring.previous_id().value_or(crypto::kLegacyKeyId);
}

// The receipt code of one due row, sealed under the current key: a sealed
// verifier opened and sealed again, a clear hash wrapped with its keys
// (receipt.h, WrapCodeHash). Nullopt when the code is already current.
Result<std::optional<crypto::Sealed>> ResealCode(const crypto::KeyRing& ring, const db::Rows& rows,
                                                 int i, const std::string& id) {
  const auto key_id = static_cast<int32_t>(rows.Int(i, 5));
  const std::string aad = internal::CodeAad(id);
  if (!rows.IsNull(i, 7)) {
    if (key_id == ring.current_id()) return std::optional<crypto::Sealed>();
    Result<Bytes> verifier = ring.Open(key_id, rows.Bytea(i, 7), AsBytes(aad));
    if (!verifier.ok()) {
      return Status::DataLoss("the receipt code of objection " + rows.Str(i, 1) +
                              " does not open under the configured encryption keys (key id " +
                              std::to_string(key_id) + ")");
    }
    return std::optional(ring.Seal(*verifier, AsBytes(aad)));
  }
  if (key_id == ring.current_id()) return std::optional<crypto::Sealed>();
  const std::vector<ReceiptCodeKey> keys = ring.ReceiptCodeKeys(key_id);
  if (keys.empty()) return std::optional<crypto::Sealed>();  // not due (kDueRows)
  GARANT_ASSIGN_OR_RETURN(Bytes wrapped, WrapCodeHash(rows.Bytea(i, 6), keys));
  return std::optional(ring.Seal(wrapped, AsBytes(aad)));
}

// Re-seals one batch in one transaction; returns how many rows it did.
Result<int64_t> ResealBatch(db::Pool& pool, const crypto::KeyRing& ring, int batch) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec(std::string("SELECT id::text, reference, seal_key_id, traits_sealed, contact_sealed, "
                          "code_key_id, code_hash, code_sealed FROM objections WHERE ") +
                  kDueRows + " ORDER BY id LIMIT $3 FOR UPDATE",
              {ring.current_id(), PreviousIdOrLegacy(ring), batch}));
  for (int i = 0; i < rows.size(); ++i) {
    const std::string id = rows.Str(i, 0);
    const auto key_id = static_cast<int32_t>(rows.Int(i, 2));
    if (key_id != ring.current_id()) {
      const std::string traits_aad = internal::TraitsAad(id);
      Result<Bytes> traits = ring.Open(key_id, rows.Bytea(i, 3), AsBytes(traits_aad));
      if (!traits.ok()) {
        return Status::DataLoss("the identity traits of objection " + rows.Str(i, 1) +
                                " do not open under the configured encryption keys (key id " +
                                std::to_string(key_id) + ")");
      }
      db::Param contact = db::Param::Null();
      if (!rows.IsNull(i, 4)) {
        const std::string contact_aad = internal::ContactAad(id);
        Result<Bytes> opened = ring.Open(key_id, rows.Bytea(i, 4), AsBytes(contact_aad));
        if (!opened.ok()) {
          return Status::DataLoss("the contact of objection " + rows.Str(i, 1) +
                                  " does not open under the configured encryption keys");
        }
        contact = db::Param::Binary(ring.Seal(*opened, AsBytes(contact_aad)).bytes);
      }
      const crypto::Sealed sealed = ring.Seal(*traits, AsBytes(traits_aad));
      GARANT_RETURN_IF_ERROR(
          tx.Exec("UPDATE objections SET traits_sealed = $2, contact_sealed = $3, "
                  "seal_key_id = $4 WHERE id = $1::uuid",
                  {id, db::Param::Binary(sealed.bytes), contact, sealed.key_id})
              .status());
    }
    GARANT_ASSIGN_OR_RETURN(std::optional<crypto::Sealed> code, ResealCode(ring, rows, i, id));
    if (code) {
      GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE objections SET code_hash = NULL, code_sealed = $2, "
                                     "code_key_id = $3 WHERE id = $1::uuid",
                                     {id, db::Param::Binary(code->bytes), code->key_id})
                                 .status());
    }
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(rows.size());
}

// A table whose rows hold one sealed value each, beside its key id: the
// rights requests' identity, the Idempotency-Key store's answers (of which
// the ring seals the outer layer: the inner one, under the client's key, is
// moved as it is). The names are constants of this file, never input.
struct OneSealedValue {
  const char* table;
  const char* name;    // the column naming a row in errors
  const char* sealed;  // the sealed column
  const char* key_id;  // its key id column
  const char* what;    // "the identity of rights request", for errors
  std::string (*aad)(std::string_view id);
};

constexpr OneSealedValue kRightsIdentity = {"rights_requests",
                                            "reference",
                                            "identity_sealed",
                                            "seal_key_id",
                                            "the identity of rights request",
                                            &RightsIdentityAad};
constexpr OneSealedValue kKeptAnswers = {"idempotency_keys",
                                         "id::text",
                                         "answer_sealed",
                                         "answer_key_id",
                                         "the kept answer of idempotency key row",
                                         &IdempotencyAnswerAad};

// The rows of `v` not sealed under the current key ($1).
std::string DueRows(const OneSealedValue& v) {
  return std::string(v.sealed) + " IS NOT NULL AND " + v.key_id + " <> $1";
}

// Re-seals one batch of `v`'s rows in one transaction; how many it did.
Result<int64_t> ResealOneSealedBatch(db::Pool& pool, const crypto::KeyRing& ring, int batch,
                                     const OneSealedValue& v) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec(std::string("SELECT id::text, ") + v.name + ", " + v.key_id + ", " + v.sealed +
                  " FROM " + v.table + " WHERE " + DueRows(v) + " ORDER BY id LIMIT $2 FOR UPDATE",
              {ring.current_id(), batch}));
  for (int i = 0; i < rows.size(); ++i) {
    const std::string id = rows.Str(i, 0);
    const auto key_id = static_cast<int32_t>(rows.Int(i, 2));
    const std::string aad = v.aad(id);
    Result<Bytes> clear = ring.Open(key_id, rows.Bytea(i, 3), AsBytes(aad));
    if (!clear.ok()) {
      return Status::DataLoss(std::string(v.what) + " " + rows.Str(i, 1) +
                              " does not open under the configured encryption keys (key id " +
                              std::to_string(key_id) + ")");
    }
    const crypto::Sealed sealed = ring.Seal(*clear, AsBytes(aad));
    GARANT_RETURN_IF_ERROR(tx.Exec(std::string("UPDATE ") + v.table + " SET " + v.sealed +
                                       " = $2, " + v.key_id + " = $3 WHERE id = $1::uuid",
                                   {id, db::Param::Binary(sealed.bytes), sealed.key_id})
                               .status());
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(rows.size());
}

Result<int64_t> CountOneSealedToReseal(db::Pool& pool, const crypto::KeyRing& ring,
                                       const OneSealedValue& v) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn->Exec(std::string("SELECT count(*) FROM ") + v.table +
                                                     " WHERE " + DueRows(v),
                                                 {ring.current_id()}));
  return r.Int(0, 0);
}

}  // namespace

Result<int64_t> ResealRightsRequests(db::Pool& pool, const crypto::KeyRing& ring,
                                     const crypto::ResealOptions& options) {
  return crypto::ResealInBatches(
      options, [&](int batch) { return ResealOneSealedBatch(pool, ring, batch, kRightsIdentity); });
}

Result<int64_t> CountRightsRequestsToReseal(db::Pool& pool, const crypto::KeyRing& ring) {
  return CountOneSealedToReseal(pool, ring, kRightsIdentity);
}

Result<int64_t> ResealKeptAnswers(db::Pool& pool, const crypto::KeyRing& ring,
                                  const crypto::ResealOptions& options) {
  return crypto::ResealInBatches(
      options, [&](int batch) { return ResealOneSealedBatch(pool, ring, batch, kKeptAnswers); });
}

Result<int64_t> CountKeptAnswersToReseal(db::Pool& pool, const crypto::KeyRing& ring) {
  return CountOneSealedToReseal(pool, ring, kKeptAnswers);
}

Result<int64_t> ResealObjections(db::Pool& pool, const crypto::KeyRing& ring,
                                 const crypto::ResealOptions& options) {
  return crypto::ResealInBatches(options,
                                 [&](int batch) { return ResealBatch(pool, ring, batch); });
}

Result<int64_t> CountObjectionsToReseal(db::Pool& pool, const crypto::KeyRing& ring) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r, conn->Exec(std::string("SELECT count(*) FROM objections WHERE ") + kDueRows,
                             {ring.current_id(), PreviousIdOrLegacy(ring)}));
  return r.Int(0, 0);
}

Result<int64_t> CountReceiptCodesUnderOtherKeys(db::Pool& pool, const crypto::KeyRing& ring) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn->Exec(
          "SELECT count(*) FROM objections WHERE code_hash IS NOT NULL AND code_key_id <> $1",
          {ring.current_id()}));
  return r.Int(0, 0);
}

}  // namespace garant::consent
