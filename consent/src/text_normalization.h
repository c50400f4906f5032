// Internal: norm() of Pseudonymisation v1 with a failure reason, so that the
// identity layer can word its errors per field. See identity.h, Normalize.
#pragma once

#include <string>
#include <string_view>

namespace garant::consent::internal {

enum class NormFailure {
  kNone,
  kInvalidUtf8,
  kTooLong,  // over kMaxNormInputCodePoints
  kEmpty,    // nothing A-Z left
};

// Writes norm(in) into *out (cleared first) and returns kNone, or returns why
// it failed (then *out is unspecified).
NormFailure NormalizeText(std::string_view in, std::string* out);

}  // namespace garant::consent::internal
