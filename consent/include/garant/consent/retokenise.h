// Re-tokenisation of objections under a pseudonymisation key
// (docs/exclusion-lists.md §7, "Rotating the pseudonymisation key").
//
// Each objection keeps its clear traits sealed (objection_store.h), so its
// tokens can be computed again under any key. RetokeniseObjections adds the
// tokens under `key` of every objection (effective or withdrawn) that has
// none under it yet; each objection's tokens commit in one transaction with
// an "objection.retokenised" audit entry (reference, key id, tokens; never
// the traits).
//
// Used by `garant keys rotate-pseudonym` (the bulk of the work, before the
// new key is put in service) and by garantd at start for every configured
// key (catching the objections recorded in between, and the rows of keys
// whose id format changed). Idempotent and resumable: a second run finds
// nothing to do; an interrupted run keeps what it committed.
//
// Thread-safety: safe to run concurrently with itself and with the server
// (each objection is locked while its tokens are added).
// Errors: kDataLoss when a sealed value does not open under the encryption
// keys (nothing more is done: a list missing that objection must not be
// published), kInvalidArgument when stored traits no longer tokenise,
// database errors as db::MapSqlState maps them.
#pragma once

#include <cstdint>
#include <string_view>

#include "garant/audit/log_store.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/key_ring.h"
#include "garant/core/random.h"

namespace garant::consent {

inline constexpr std::string_view kEventObjectionRetokenised = "objection.retokenised";

struct RetokeniseReport {
  int64_t objections = 0;  // objections that received tokens under the key
  int64_t tokens = 0;      // tokens added
};

// `actor` is the audit actor (e.g. "system:garantd", "cli:keys"). At most
// `batch` objections are read per query.
Result<RetokeniseReport> RetokeniseObjections(db::Pool& pool, audit::AuditLog& audit,
                                              Random& random, const Clock& clock,
                                              const crypto::KeyRing& sealing,
                                              const PseudonymKey& key, std::string_view actor,
                                              int batch = 200);

// The number of objections without tokens under `key_id` (0 when all have them).
Result<int64_t> CountObjectionsWithoutTokens(db::Pool& pool, std::string_view key_id);

}  // namespace garant::consent
