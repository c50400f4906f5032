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

std::string HexEncode(ByteView b);  // lowercase
Result<Bytes> HexDecode(std::string_view hex);  // accepts upper and lower case
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
