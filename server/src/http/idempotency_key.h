// The Idempotency-Key request header (the IETF httpapi draft "The
// Idempotency-Key HTTP Header Field"; docs/objections.md, "Retries:
// Idempotency-Key") as the objection API reads it, and the canonical form of
// a JSON body whose digest a key is bound to.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "garant/core/crypto.h"
#include "garant/core/status.h"
#include "http/exchange.h"

namespace garant::server {

inline constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";

// The key of a header value. The draft's form is a Structured Field string
// (RFC 8941: "…", with \" and \\ the only escapes); a bare value is taken as
// it is, as many clients send one. The key (unquoted) must then pass
// consent::CheckIdempotencyKey: 1–255 printable ASCII characters.
// kInvalidArgument (reason idempotency_key_invalid) with a message saying why.
Result<std::string> ParseIdempotencyKey(std::string_view header_value);

// The request's key: nullopt without the header; the error of
// ParseIdempotencyKey for a malformed one, kInvalidArgument (reason
// idempotency_key_invalid) for a header sent on several lines.
Result<std::optional<std::string>> IdempotencyKeyOf(const HttpExchange& ex);

// The canonical text of a JSON value: object members sorted by name (byte
// order, recursively), no whitespace, Boost.JSON's serialisation of strings
// and numbers. Two bodies that differ only in member order or spacing have
// the same canonical text.
std::string CanonicalJson(const boost::json::value& v);
// SHA-256 of CanonicalJson(v).
crypto::Digest CanonicalJsonSha256(const boost::json::value& v);

// The draft's status for a keyed request's refusal: a key reused with
// another body (the store's kConflict, reason idempotency_key_reused) becomes
// kUnprocessableContent (422 unprocessable_content), message and reason kept;
// any other status is returned unchanged. The objection forms keep the
// store's 409 (docs/objections.md, "Forms sent twice").
Status KeyRefusal(Status status);

}  // namespace garant::server
