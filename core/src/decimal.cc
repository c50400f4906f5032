#include "garant/core/decimal.h"

#include <charconv>
#include <system_error>

namespace garant {

std::optional<int64_t> ParseDecimal(std::string_view s, DecimalOptions options) {
  const bool negative = !s.empty() && s.front() == '-';
  if (negative && options.min >= 0) {
    return std::nullopt;
  }
  const std::string_view digits = negative ? s.substr(1) : s;
  // from_chars itself accepts a '-' (never a '+' nor white space): the digits
  // after an allowed sign must be digits only.
  if (digits.empty() || digits.front() < '0' || digits.front() > '9') {
    return std::nullopt;
  }
  if (!options.leading_zeros && digits.front() == '0' && (digits.size() > 1 || negative)) {
    return std::nullopt;
  }
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < options.min || v > options.max) {
    return std::nullopt;
  }
  return v;
}

std::string FormatFrenchInteger(int64_t n) {
  // std::to_string of INT64_MIN keeps its digits right; only the sign is
  // set apart.
  const std::string text = std::to_string(n);
  const bool negative = text.front() == '-';
  const std::string_view digits = std::string_view(text).substr(negative ? 1 : 0);
  std::string out = negative ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00a0";
    out += digits[i];
  }
  return out;
}

}  // namespace garant
