// Objection forms sent twice (docs/objections.md, "Forms sent twice"). A
// rendered form carries a hidden random `submission_key`; the first post with
// it records the objection and keeps the receipt page it answered, sealed
// with the key (the objection API's Idempotency-Key store: consent's
// idempotency.h, sql/0034). The same form sent again (a double click, a
// reload of the receipt) gets that page again, byte for byte but for the
// session's CSRF token, and records nothing: the page is kept with the
// token's places marked (PageForKeeping, http/pages.h) and gets the token of
// the request that sees it (PageForSending), so that its forms work in a new
// session of the same staff account and no kept page holds a session's token.
// Used by the public forms (actor "public": the key, 128 random bits held by
// the person's page only, tells the forms apart) and the console's entry
// forms (actor "staff:<id>").
//
// Pure glue between a form handler and consent::ObjectionStore; thread-safe
// as the store is.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "garant/consent/idempotency.h"
#include "garant/consent/objection_store.h"
#include "garant/core/random.h"
#include "garant/core/status.h"
#include "http/exchange.h"

namespace garant::server {

inline constexpr std::string_view kSubmissionKeyField = "submission_key";

// A key for a form being rendered: 128 random bits, hex.
std::string NewSubmissionKey(Random& random);

// A form post, as far as sending it twice goes.
struct Submission {
  // The keyed request (route: the post's method and path; actor as given):
  // nullopt without the field (a program posting the form: each post
  // records, as before). The digest covers every field of the post except
  // the CSRF token and the key.
  std::optional<consent::IdempotencyRequest> request;
  // The key has already recorded an objection: the page kept for it has just
  // been sent again (with the current request's CSRF token, no-store), and
  // the handler is done.
  bool answered = false;
};

// The submission of the form post `fields` by `actor`, its first receipt page
// sent again when the same form was recorded before. kInvalidArgument
// (reason idempotency_key_invalid) for a malformed key; kConflict (reason
// idempotency_key_reused, a French page) when the key was sent with other
// values; kDataLoss when the kept page does not open.
Result<Submission> TakeSubmission(HttpExchange& ex, consent::ObjectionStore& store,
                                  const std::map<std::string, std::string>& fields,
                                  std::string actor);

// Records `o` for `actor` (with `req`'s key when there is one, the page kept
// without the CSRF token) and sends the receipt page (RenderReceipt, staff
// or public), no-store. A concurrent post
// of the same form waits for the first and sends its page. Errors as
// ObjectionStore::Create and CreateWithKey.
Status RecordAndSendReceipt(HttpExchange& ex, consent::ObjectionStore& store,
                            const consent::NewObjection& o, std::string_view actor,
                            const std::optional<consent::IdempotencyRequest>& req, bool staff);

}  // namespace garant::server
