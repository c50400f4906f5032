// norm() of Pseudonymisation v1. The order of operations is the contract
// written in identity.h and docs/pseudonymisation-v1.md; keep them in step.

#include "text_normalization.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "garant/consent/identity.h"
#include "garant/core/status.h"
#include "unicode_text.h"

namespace garant::consent {
namespace internal {
namespace {

// Appends one A-Z letter, or a space for anything else, collapsing runs of
// spaces and never starting with one (the trailing one is trimmed at the end).
void AppendFolded(char32_t upper, std::string* out) {
  if (upper >= U'A' && upper <= U'Z') {
    out->push_back(static_cast<char>(upper));
  } else if (!out->empty() && out->back() != ' ') {
    out->push_back(' ');
  }
}

void TrimTrailingSpace(std::string* out) {
  if (!out->empty() && out->back() == ' ') {
    out->pop_back();
  }
}

// ASCII input: NFKD and mark stripping are the identity on ASCII and none of
// the special mappings applies, so steps 5-7 alone give the same result. This
// is the common case of the ingestion filter.
void NormalizeAscii(std::string_view in, std::string* out) {
  for (const char c : in) {
    const auto u = static_cast<char32_t>(static_cast<unsigned char>(c));
    AppendFolded(u >= U'a' && u <= U'z' ? u - (U'a' - U'A') : u, out);
  }
  TrimTrailingSpace(out);
}

struct FreeDeleter {
  // utf8proc_map allocates its result with malloc; the caller frees it.
  void operator()(utf8proc_uint8_t* p) const {
    std::free(p);  // NOLINT(cppcoreguidelines-owning-memory)
  }
};

// Step 4: letters without a decomposition that the spec maps to Latin letters.
// Returns nullptr for every other code point.
const char32_t* SpecialMapping(char32_t c) {
  switch (c) {
    case U'\u0152':  // Œ
    case U'\u0153':  // œ
      return U"OE";
    case U'\u00C6':  // Æ
    case U'\u00E6':  // æ
      return U"AE";
    case U'\u00DF':  // ß (the capital ẞ U+1E9E is not in the spec's list)
      return U"SS";
    case U'\u00D8':  // Ø
    case U'\u00F8':  // ø
      return U"O";
    case U'\u0141':  // Ł
    case U'\u0142':  // ł
      return U"L";
    case U'\u0110':  // Đ (not Ð U+00D0, the eth)
    case U'\u0111':  // đ
      return U"D";
    default:
      return nullptr;
  }
}

// General case, for valid UTF-8 only.
NormFailure NormalizeUnicode(std::string_view in, std::string* out) {
  utf8proc_uint8_t* raw = nullptr;
  // Steps 2 and 3: NFKD, then every code point of category Mn, Mc or Me is dropped.
  const utf8proc_ssize_t len = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
      static_cast<utf8proc_ssize_t>(in.size()), &raw,
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK));
  const std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(raw);
  if (len == UTF8PROC_ERROR_NOMEM) {
    throw std::bad_alloc();
  }
  if (len < 0) {
    // The input was validated; any other failure is treated as invalid input
    // (rejecting is the safe side for the filter: the record goes to rejects).
    return NormFailure::kInvalidUtf8;
  }
  const std::string_view decomposed(reinterpret_cast<const char*>(raw), static_cast<size_t>(len));
  size_t pos = 0;
  while (pos < decomposed.size()) {
    char32_t cp = 0;
    const size_t n = DecodeAt(decomposed, pos, &cp);
    if (n == 0) {
      return NormFailure::kInvalidUtf8;  // cannot happen: utf8proc emits valid UTF-8
    }
    pos += n;
    if (const char32_t* mapped = SpecialMapping(cp)) {  // step 4
      for (; *mapped != U'\0'; ++mapped) {
        AppendFolded(*mapped, out);
      }
      continue;
    }
    // Steps 5 and 6: uppercase, then anything outside A-Z is a space.
    AppendFolded(static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(cp))), out);
  }
  TrimTrailingSpace(out);
  return NormFailure::kNone;
}

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

}  // namespace

NormFailure NormalizeText(std::string_view in, std::string* out) {
  out->clear();
  size_t code_points = 0;
  if (!IsValidUtf8(in, &code_points)) {
    return NormFailure::kInvalidUtf8;
  }
  if (code_points > kMaxNormInputCodePoints) {
    return NormFailure::kTooLong;
  }
  if (IsAscii(in)) {
    NormalizeAscii(in, out);
  } else {
    const NormFailure failure = NormalizeUnicode(in, out);
    if (failure != NormFailure::kNone) {
      return failure;
    }
  }
  return out->empty() ? NormFailure::kEmpty : NormFailure::kNone;
}

}  // namespace internal

Result<std::string> Normalize(std::string_view s) {
  std::string out;
  switch (internal::NormalizeText(s, &out)) {
    case internal::NormFailure::kNone:
      return out;
    case internal::NormFailure::kInvalidUtf8:
      return Status::InvalidArgument("not valid UTF-8");
    case internal::NormFailure::kTooLong:
      return Status::InvalidArgument("over 100 characters");
    case internal::NormFailure::kEmpty:
      return Status::InvalidArgument("no letter A-Z after normalisation");
  }
  return Status::Internal("unknown normalisation failure");
}

}  // namespace garant::consent
