// Internal Unicode helpers for the identity rules of Pseudonymisation v1.
// Decoding uses utf8proc's strict decoder (no overlong forms, no surrogates,
// nothing above U+10FFFF). Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace garant::consent::internal {

// Decodes the code point that starts at byte `pos` of `s` (pos < s.size()).
// Returns its length in bytes (1..4) and sets *cp, or returns 0 when the bytes
// at `pos` are not valid UTF-8.
size_t DecodeAt(std::string_view s, size_t pos, char32_t* cp);

// True when `s` is entirely valid UTF-8. Sets *code_points to its length in
// code points when valid.
bool IsValidUtf8(std::string_view s, size_t* code_points);

// The Unicode White_Space property (PropList.txt, stable since Unicode 6.3):
// U+0009..U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028,
// U+2029, U+202F, U+205F, U+3000. Zero-width characters are not white space.
bool IsUnicodeWhiteSpace(char32_t c);

// True when `s` is valid UTF-8 made only of white space (or empty). Invalid
// UTF-8 is never blank, so that it reaches the validation that rejects it.
bool IsBlank(std::string_view s);

}  // namespace garant::consent::internal
