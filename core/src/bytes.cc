#include "garant/core/bytes.h"

#include <openssl/crypto.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace garant {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> MakeBase64Table() {
  std::array<uint8_t, 256> table{};
  table.fill(kInvalid);
  for (uint8_t i = 0; i < 64; ++i) {
    table[static_cast<uint8_t>(kBase64Alphabet[i])] = i;
  }
  return table;
}
constexpr std::array<uint8_t, 256> kBase64Table = MakeBase64Table();

}  // namespace

int HexDigitValue(char c, HexCase accept) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (accept == HexCase::kAny && c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool IsHex(std::string_view s, HexCase accept) {
  if (s.empty()) {
    return false;
  }
  for (const char c : s) {
    if (HexDigitValue(c, accept) < 0) {
      return false;
    }
  }
  return true;
}

void AppendHex(std::string* out, ByteView b) {
  for (const uint8_t byte : b) {
    out->push_back(kHexDigits[byte >> 4]);
    out->push_back(kHexDigits[byte & 0x0f]);
  }
}

std::string HexEncode(ByteView b) {
  std::string out;
  out.reserve(b.size() * 2);
  AppendHex(&out, b);
  return out;
}

bool HexDecodeInto(std::string_view hex, std::span<uint8_t> out, HexCase accept) {
  if (hex.size() != out.size() * 2) {
    return false;
  }
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = HexDigitValue(hex[2 * i], accept);
    const int lo = HexDigitValue(hex[2 * i + 1], accept);
    if (hi < 0 || lo < 0) {
      return false;
    }
    out[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
  return true;
}

Result<Bytes> HexDecode(std::string_view hex, HexCase accept) {
  if (hex.size() % 2 != 0) {
    return Status::InvalidArgument("hex: odd number of digits");
  }
  Bytes out(hex.size() / 2);
  if (!HexDecodeInto(hex, out, accept)) {
    for (size_t i = 0; i < hex.size(); ++i) {
      if (HexDigitValue(hex[i], accept) < 0) {
        return Status::InvalidArgument("hex: invalid digit at offset " + std::to_string(i));
      }
    }
  }
  return out;
}

std::string Base64Encode(ByteView b) {
  std::string out;
  out.reserve((b.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8) | b[i + 2];
    out.push_back(kBase64Alphabet[(v >> 18) & 0x3f]);
    out.push_back(kBase64Alphabet[(v >> 12) & 0x3f]);
    out.push_back(kBase64Alphabet[(v >> 6) & 0x3f]);
    out.push_back(kBase64Alphabet[v & 0x3f]);
  }
  const size_t rest = b.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{b[i]} << 16;
    out.push_back(kBase64Alphabet[(v >> 18) & 0x3f]);
    out.push_back(kBase64Alphabet[(v >> 12) & 0x3f]);
    out += "==";
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8);
    out.push_back(kBase64Alphabet[(v >> 18) & 0x3f]);
    out.push_back(kBase64Alphabet[(v >> 12) & 0x3f]);
    out.push_back(kBase64Alphabet[(v >> 6) & 0x3f]);
    out.push_back('=');
  }
  return out;
}

// Strict: length a multiple of 4, '=' only as the last one or two characters
// of the final quantum, and the unused low bits before the padding must be
// zero (so every byte string has exactly one accepted encoding).
Result<Bytes> Base64Decode(std::string_view b64) {
  if (b64.size() % 4 != 0) {
    return Status::InvalidArgument("base64: length is not a multiple of 4");
  }
  size_t padding = 0;
  if (!b64.empty() && b64.back() == '=') {
    padding = (b64.size() >= 2 && b64[b64.size() - 2] == '=') ? 2 : 1;
  }
  const size_t data_chars = b64.size() - padding;
  Bytes out;
  out.reserve(b64.size() / 4 * 3);
  uint32_t acc = 0;
  for (size_t i = 0; i < data_chars; ++i) {
    const uint8_t v = kBase64Table[static_cast<uint8_t>(b64[i])];
    if (v == kInvalid) {
      return Status::InvalidArgument("base64: invalid character at offset " + std::to_string(i));
    }
    acc = (acc << 6) | v;
    if (i % 4 == 3) {
      out.push_back(static_cast<uint8_t>(acc >> 16));
      out.push_back(static_cast<uint8_t>(acc >> 8));
      out.push_back(static_cast<uint8_t>(acc));
      acc = 0;
    }
  }
  if (padding == 2) {  // 2 data characters: 12 bits, 1 byte, 4 bits unused
    if ((acc & 0x0f) != 0) {
      return Status::InvalidArgument("base64: non-zero bits before padding");
    }
    out.push_back(static_cast<uint8_t>(acc >> 4));
  } else if (padding == 1) {  // 3 data characters: 18 bits, 2 bytes, 2 bits unused
    if ((acc & 0x03) != 0) {
      return Status::InvalidArgument("base64: non-zero bits before padding");
    }
    out.push_back(static_cast<uint8_t>(acc >> 10));
    out.push_back(static_cast<uint8_t>(acc >> 2));
  }
  return out;
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) {
    return false;
  }
  if (a.empty()) {
    return true;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t b0 = p[i];
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    // The allowed range of the second byte depends on the lead byte; later
    // bytes are always 80..BF.
    uint8_t lo = 0x80, hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      len = 2;
    } else if (b0 == 0xe0) {
      len = 3;
      lo = 0xa0;  // excludes overlong 3-byte forms
    } else if ((b0 >= 0xe1 && b0 <= 0xec) || b0 == 0xee || b0 == 0xef) {
      len = 3;
    } else if (b0 == 0xed) {
      len = 3;
      hi = 0x9f;  // excludes surrogates U+D800..U+DFFF
    } else if (b0 == 0xf0) {
      len = 4;
      lo = 0x90;  // excludes overlong 4-byte forms
    } else if (b0 >= 0xf1 && b0 <= 0xf3) {
      len = 4;
    } else if (b0 == 0xf4) {
      len = 4;
      hi = 0x8f;  // excludes code points above U+10FFFF
    } else {
      return false;  // 80..C1 (continuation or overlong 2-byte lead), F5..FF
    }
    if (n - i < len) {
      return false;
    }
    if (p[i + 1] < lo || p[i + 1] > hi) {
      return false;
    }
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xbf) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

}  // namespace garant
