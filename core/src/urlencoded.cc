#include "garant/core/urlencoded.h"

#include "garant/core/bytes.h"

namespace garant {
namespace {

// Percent-decoding; '+' becomes a space only when plus_is_space.
Result<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return Status::InvalidArgument("malformed percent-encoding");
      int h = HexDigitValue(s[i + 1]);
      int l = HexDigitValue(s[i + 2]);
      if (h < 0 || l < 0) return Status::InvalidArgument("malformed percent-encoding");
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<std::string> UrlDecode(std::string_view s) { return PercentDecode(s, true); }

Result<std::string> PathDecode(std::string_view s) { return PercentDecode(s, false); }

Result<std::map<std::string, std::string>> ParseUrlEncoded(std::string_view s) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t amp = s.find('&', start);
    std::string_view pair = s.substr(start, amp == std::string_view::npos ? amp : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      GARANT_ASSIGN_OR_RETURN(std::string key, UrlDecode(pair.substr(0, eq)));
      std::string value;
      if (eq != std::string_view::npos) {
        GARANT_ASSIGN_OR_RETURN(value, UrlDecode(pair.substr(eq + 1)));
      }
      if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
        return Status::InvalidArgument("form data is not valid UTF-8");
      }
      out[key] = value;
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

}  // namespace garant
