// Percent-encoding and -decoding of query strings, form bodies
// (application/x-www-form-urlencoded) and request paths. Pure functions,
// thread-safe; the HTTP layer (server/src/http/exchange.h) and the fuzz
// targets (fuzz/) use them.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "garant/core/status.h"

namespace garant {

// Percent-encoding of one query value or path segment: every byte but RFC
// 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX (upper-case hex),
// so the result is safe anywhere in a URL. UrlDecode and PathDecode invert it.
std::string UrlEncode(std::string_view s);
// Percent-decoding for query strings and forms ('+' is a space).
// kInvalidArgument on a bad escape ('%' not followed by two hex digits).
Result<std::string> UrlDecode(std::string_view s);
// Percent-decoding for request paths: '+' stays a '+' (RFC 3986 gives it no
// meaning in a path).
Result<std::string> PathDecode(std::string_view s);
// "a=1&b=2" → {a: 1, b: 2}: pairs split on '&', key and value decoded by
// UrlDecode, a pair without '=' has an empty value, empty pairs are skipped,
// the last of a repeated key wins. kInvalidArgument on a bad escape or when a
// decoded key or value is not valid UTF-8.
Result<std::map<std::string, std::string>> ParseUrlEncoded(std::string_view s);

}  // namespace garant
