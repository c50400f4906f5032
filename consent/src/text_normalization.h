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
// it failed (then *out is unspecified). Inputs made only of ASCII and two-byte
// UTF-8 sequences (U+0000..U+07FF: Latin-1, Latin Extended, the combining
// marks U+0300..U+036F ...) take a table-driven path that neither calls
// utf8proc nor allocates (beyond *out's capacity); the others take the general
// path. Both give the same result for every input.
NormFailure NormalizeText(std::string_view in, std::string* out);

// The table path alone: returns false when `in` is outside what it covers
// (a byte that is neither ASCII nor in a well-formed two-byte sequence, or
// over 400 bytes); otherwise sets *failure and *out as NormalizeText does.
// For the tests, which check that the inputs they compare did take it.
bool NormalizeTextByTable(std::string_view in, std::string* out, NormFailure* failure);

// The same function by the general path alone (utf8proc for any valid input):
// the reference that the tests hold NormalizeText's fast path to.
NormFailure NormalizeTextGeneral(std::string_view in, std::string* out);

}  // namespace garant::consent::internal
