// Byte helpers: hex and base64 (standard alphabet, padded), constant-time
// compare, strict UTF-8 validation. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"

namespace garant {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsString(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Hex: the one codec. Encoding is always lowercase; decoding accepts both
// cases unless told HexCase::kLower (formats with one spelling).
enum class HexCase { kAny, kLower };
std::string HexEncode(ByteView b);  // lowercase
// Appends the lowercase hex of b to *out.
void AppendHex(std::string* out, ByteView b);
Result<Bytes> HexDecode(std::string_view hex, HexCase accept = HexCase::kAny);
// Decodes exactly 2 * out.size() hex digits into out (fixed-size keys,
// digests, tokens). False on another length or a bad digit; out is then
// unspecified.
bool HexDecodeInto(std::string_view hex, std::span<uint8_t> out, HexCase accept = HexCase::kAny);
// The value (0..15) of one hex digit, or -1.
int HexDigitValue(char c, HexCase accept = HexCase::kAny);
// True iff s is non-empty and only hex digits.
bool IsHex(std::string_view s, HexCase accept = HexCase::kAny);
std::string Base64Encode(ByteView b);
Result<Bytes> Base64Decode(std::string_view b64);  // strict: padding required, no whitespace
// Constant-time equality for secrets (lengths may leak).
bool ConstantTimeEquals(ByteView a, ByteView b);

// True iff s is well-formed UTF-8 (Unicode 15, table 3-7): rejects overlong
// forms (C0 80, E0 80 80...), UTF-16 surrogates (ED A0 80..ED BF BF), code
// points above U+10FFFF, stray continuation bytes and truncated sequences.
// NUL (U+0000) is valid UTF-8 and accepted.
bool IsValidUtf8(std::string_view s);

}  // namespace garant
