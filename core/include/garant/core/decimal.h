// Strict decimal integers: the one parser for numbers that arrive as text
// (query parameters, form fields, ids in paths, configuration, file formats),
// and the one way counts are written for French readers.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
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

// n in French typography: digits grouped by three from the right, separated
// by a no-break space (U+00A0, so a figure never splits across lines):
// "180\u00a0000", "-1\u00a0234", "999". For pages and letters; APIs keep plain
// numbers.
std::string FormatFrenchInteger(int64_t n);

}  // namespace garant
