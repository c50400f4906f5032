// Form bodies, query strings and request paths: ParseUrlEncoded, UrlDecode,
// PathDecode. Invariants: decoding never grows the text; an accepted form
// holds valid UTF-8 only; encoding every pair again and parsing gives the
// same pairs; PathDecode differs from UrlDecode only by '+'.
#include <map>
#include <string>

#include "fuzz_check.h"
#include "garant/core/bytes.h"
#include "garant/core/urlencoded.h"

namespace {

// Every byte as %XX, alternating the hex digits' case: the decoder's
// escapes alone carry the text back.
std::string Encode(const std::string& s) {
  static const char* kHex[] = {"0123456789ABCDEF", "0123456789abcdef"};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += '%';
    out += kHex[i % 2][c >> 4];
    out += kHex[i % 2][c & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s = garant::fuzz::AsText(data, size);
  auto url = garant::UrlDecode(s);
  auto path = garant::PathDecode(s);
  FUZZ_CHECK(url.ok() == path.ok());
  if (url.ok()) {
    FUZZ_CHECK(url->size() <= s.size() && path->size() == url->size());
    for (size_t i = 0; i < url->size(); ++i) {
      FUZZ_CHECK((*url)[i] == (*path)[i] || ((*path)[i] == '+' && (*url)[i] == ' '));
    }
    if (s.find_first_of("%+") == std::string_view::npos) FUZZ_CHECK(*url == s);
  }
  auto form = garant::ParseUrlEncoded(s);
  if (!form.ok()) {
    FUZZ_CHECK(form.status().code() == garant::Code::kInvalidArgument);
    return 0;
  }
  std::string again;
  for (const auto& [key, value] : *form) {
    FUZZ_CHECK(garant::IsValidUtf8(key) && garant::IsValidUtf8(value));
    if (!again.empty()) again += '&';
    again += Encode(key) + "=" + Encode(value);
  }
  auto reparsed = garant::ParseUrlEncoded(again);
  FUZZ_CHECK(reparsed.ok());
  // An empty key survives only with its '=' (an empty pair is skipped).
  FUZZ_CHECK(*reparsed == *form);
  return 0;
}
