// Re-sealing of the objections' identity traits and contacts (and of the
// rights requests' identities and the kept answers of retried requests) under
// the current encryption key (garant keys rotate-encryption; docs/operations.md
// "Rotating the encryption key").
//
// A row is due when its seal_key_id is not the ring's current id (legacy 0,
// or the previous master's id), or its receipt code is not sealed under the
// current key (sql/0033). Each batch locks its rows, opens them with the ring
// (current, previous or legacy master), seals again under the current key
// and writes the new bytes and key ids, in one transaction. A receipt code's
// sealed verifier is re-sealed; a clear hash from before sql/0033 (which
// cannot be re-keyed without the code) is wrapped with its receipt-code
// key(s) and sealed (receipt.h, WrapCodeHash): every code keeps working once
// the previous key is gone. Idempotent and resumable: a row done is no longer
// due; an interrupted pass keeps its committed batches.
// CountReceiptCodesUnderOtherKeys tells how many codes could not be kept
// (clear hashes whose key is no longer configured).
//
// Thread-safety: safe to run beside the server (rows are locked per batch).
// Errors: kDataLoss naming the reference when a row does not open under the
// ring (nothing of that batch is written); database errors as mapped.
#pragma once

#include <cstdint>

#include "garant/core/db.h"
#include "garant/core/key_ring.h"
#include "garant/core/status.h"

namespace garant::consent {

// The number of objections re-sealed.
Result<int64_t> ResealObjections(db::Pool& pool, const crypto::KeyRing& ring,
                                 const crypto::ResealOptions& options = {});

// Objections whose traits are not sealed under the current key.
Result<int64_t> CountObjectionsToReseal(db::Pool& pool, const crypto::KeyRing& ring);

// The same for the rights requests' sealed identity (rights_store.h): the
// number re-sealed, and the number still due.
Result<int64_t> ResealRightsRequests(db::Pool& pool, const crypto::KeyRing& ring,
                                     const crypto::ResealOptions& options = {});
Result<int64_t> CountRightsRequestsToReseal(db::Pool& pool, const crypto::KeyRing& ring);

// The same for the answers kept by the Idempotency-Key store (sql/0034: the
// objection API's answers and the objection forms' receipt pages, 24 hours):
// the ring's outer layer is opened and sealed again under the current key;
// the inner layer, under the client's key, is moved as it is (it cannot be
// opened here). A retry after the previous key is dropped still gets its
// first answer. Expired rows not yet swept are re-sealed too, so that
// nothing is left under the previous key.
Result<int64_t> ResealKeptAnswers(db::Pool& pool, const crypto::KeyRing& ring,
                                  const crypto::ResealOptions& options = {});
Result<int64_t> CountKeptAnswersToReseal(db::Pool& pool, const crypto::KeyRing& ring);

// Objections whose receipt code is a clear hash (before sql/0033) under
// another key than the current: after a pass, those whose key is gone.
Result<int64_t> CountReceiptCodesUnderOtherKeys(db::Pool& pool, const crypto::KeyRing& ring);

}  // namespace garant::consent
