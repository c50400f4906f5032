// Internal to the objection store: sealing of the clear data, the row
// mapping, and the audit events. Kept apart so objection_store.cc only holds
// the transactions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/consent/objection.h"
#include "garant/consent/pseudonym.h"
#include "garant/core/crypto.h"
#include "garant/core/db.h"
#include "garant/core/random.h"

namespace garant::consent::internal {

// AAD of the sealed values: purpose and row id.
std::string TraitsAad(std::string_view objection_id);
std::string ContactAad(std::string_view objection_id);
// Of the receipt code's sealed verifier (receipt.h, CodeVerifier; sql/0033).
std::string CodeAad(std::string_view objection_id);

// The traits as a JSON object text (the identity.h field names, plus
// birth_place), and back.
std::string TraitsToJson(const IdentityTraits& t);
Result<IdentityTraits> TraitsFromJson(std::string_view json);
// A professional's sealed "traits": {"rpps": "<11 digits>"}, and back
// (kDataLoss when the stored number is not 11 digits).
std::string RppsToJson(std::string_view rpps);
Result<std::string> RppsFromJson(std::string_view json);

// The tokens of a new objection under `key`: its traits' (patient) or its
// one RPPS token (professional).
Result<std::vector<std::string>> SubjectTokens(const PseudonymKey& key, const NewObjection& o,
                                               int current_year);
// Those of a stored objection from its opened sealed value.
Result<std::vector<std::string>> StoredSubjectTokens(const PseudonymKey& key, SubjectKind subject,
                                                     std::string_view sealed_json,
                                                     int current_year);

// The columns every read selects, in the order RowToObjection expects.
extern const char* const kObjectionColumns;
// kDataLoss when a stored enum value (requester, channel, status) is unknown.
Result<Objection> RowToObjection(const db::Rows& rows, int row);

// The audit event of a change to `o`: object "objection/<reference>", the
// payload holds the objection's fields (no clear identity), the key id and
// the tokens (omitted when `tokens` is empty), and `purpose` when not empty.
audit::Event MakeEvent(Random& random, std::string_view type, TimePoint time,
                       std::string_view actor, const Objection& o,
                       const std::vector<std::string>& tokens, std::string_view key_id,
                       std::string_view purpose = "");

// What CreateOnce returns when a concurrent request holds its idempotency key
// (kConflict, kReasonIdempotencyKeyInProgress), and the test for it.
Status KeyTakenStatus();
bool IsKeyTaken(const Status& s);

}  // namespace garant::consent::internal
