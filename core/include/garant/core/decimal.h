// Strict decimal integers: the one parser for numbers that arrive as text
// (query parameters, form fields, ids in paths, configuration, file formats).
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace garant {

struct DecimalOptions {
  // Accepted range, inclusive. A '-' sign is accepted only when min < 0; '+'
  // never is.
  int64_t min = 0;
  int64_t max = std::numeric_limits<int64_t>::max();
  // When false, "0" is the only number that may start with a 0 ("007" and
  // "-0" are refused): for formats where each number has one spelling.
  bool leading_zeros = true;
};

// The value of s when the whole of s is a base-10 integer within
// options.min..options.max: ASCII digits only, no white space, no sign unless
// allowed (see DecimalOptions), no overflow. std::nullopt otherwise,
// including for "" and for values beyond int64_t. Built on std::from_chars.
std::optional<int64_t> ParseDecimal(std::string_view s, DecimalOptions options = {});

}  // namespace garant
