#include "unicode_text.h"

#include <utf8proc.h>

#include <cstddef>
#include <string_view>

namespace garant::consent::internal {

size_t DecodeAt(std::string_view s, size_t pos, char32_t* cp) {
  utf8proc_int32_t c = 0;
  const utf8proc_ssize_t n =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                       static_cast<utf8proc_ssize_t>(s.size() - pos), &c);
  if (n <= 0) {
    return 0;
  }
  *cp = static_cast<char32_t>(c);
  return static_cast<size_t>(n);
}

bool IsValidUtf8(std::string_view s, size_t* code_points) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {  // ASCII: the common case, no library call
      ++pos;
    } else {
      char32_t cp = 0;
      const size_t n = DecodeAt(s, pos, &cp);
      if (n == 0) {
        return false;
      }
      pos += n;
    }
    ++count;
  }
  *code_points = count;
  return true;
}

bool IsUnicodeWhiteSpace(char32_t c) {
  switch (c) {
    case 0x0009:
    case 0x000A:
    case 0x000B:
    case 0x000C:
    case 0x000D:
    case 0x0020:
    case 0x0085:
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool IsBlank(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = 0;
    const size_t n = DecodeAt(s, pos, &cp);
    if (n == 0 || !IsUnicodeWhiteSpace(cp)) {
      return false;
    }
    pos += n;
  }
  return true;
}

}  // namespace garant::consent::internal
