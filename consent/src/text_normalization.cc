// norm() of Pseudonymisation v1. The order of operations is the contract
// written in identity.h and docs/pseudonymisation-v1.md; keep them in step.

#include "text_normalization.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
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

// ---- the table path ----
//
// norm() maps each code point on its own: NFKD decomposes code point by code
// point, the marks it drops are dropped one by one, and steps 4-6 look at one
// code point at a time. The canonical reordering that NFKD also does only
// permutes runs of combining characters (combining class > 0), which are all
// marks or become spaces, so it never changes the result. Hence norm(s) is
// step 7 applied to the concatenation of fold(c) over the code points c of s,
// where fold(c) is c through steps 2-6 (letters A-Z and spaces). The table
// holds fold(c) for every c below U+0800, computed once from the general path
// itself (utf8proc), so the two cannot disagree on a code point; the tests
// compare them on every such code point in context and on random text.

constexpr char32_t kTableEnd = 0x800;  // the code points of one- and two-byte UTF-8
constexpr size_t kMaxFold = 6;         // longest fold kept in the table ("DZ" is 2)
// Longer inputs take the general path: over 400 bytes, valid UTF-8 has over
// 100 code points, so they are rejected anyway.
constexpr size_t kMaxTableInputBytes = 4 * kMaxNormInputCodePoints;

struct CodePointFold {
  std::array<char, kMaxFold> text{};  // A-Z and ' ' (one space for a run)
  uint8_t size = 0;
  bool in_table = false;  // false: this code point takes the general path
};

struct FoldTable {
  std::array<char, 0x80> ascii{};  // fold of each ASCII character: a letter or ' '
  std::array<CodePointFold, kTableEnd> folds{};
};

// fold(c) by the general path's own steps (utf8proc_map as in
// NormalizeUnicode, then SpecialMapping and the uppercase), without the
// collapse and trim that need the whole text.
CodePointFold FoldByGeneralPath(char32_t c) {
  CodePointFold fold;
  utf8proc_uint8_t encoded[4];
  const utf8proc_ssize_t encoded_len =
      utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), encoded);
  utf8proc_uint8_t* raw = nullptr;
  const utf8proc_ssize_t len = utf8proc_map(
      encoded, encoded_len, &raw,
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK));
  const std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(raw);
  if (len == UTF8PROC_ERROR_NOMEM) {
    throw std::bad_alloc();
  }
  if (len < 0) {
    return fold;  // not in the table: the general path decides
  }
  const std::string_view decomposed(reinterpret_cast<const char*>(raw), static_cast<size_t>(len));
  std::string text;
  auto add = [&text](char32_t upper) {
    if (upper >= U'A' && upper <= U'Z') {
      text.push_back(static_cast<char>(upper));
    } else if (text.empty() || text.back() != ' ') {
      text.push_back(' ');
    }
  };
  size_t pos = 0;
  while (pos < decomposed.size()) {
    char32_t cp = 0;
    const size_t n = DecodeAt(decomposed, pos, &cp);
    if (n == 0) {
      return fold;
    }
    pos += n;
    if (const char32_t* mapped = SpecialMapping(cp)) {
      for (; *mapped != U'\0'; ++mapped) {
        add(*mapped);
      }
    } else {
      add(static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(cp))));
    }
  }
  if (text.size() > kMaxFold) {
    return fold;
  }
  std::copy(text.begin(), text.end(), fold.text.begin());
  fold.size = static_cast<uint8_t>(text.size());
  fold.in_table = true;
  return fold;
}

FoldTable BuildTable() {
  FoldTable table;
  for (char32_t c = 0; c < kTableEnd; ++c) {
    table.folds[c] = FoldByGeneralPath(c);
  }
  for (char32_t c = 0; c < 0x80; ++c) {
    // Every ASCII character folds to one letter or one space.
    const CodePointFold& f = table.folds[c];
    if (!f.in_table || f.size != 1) {
      std::abort();  // cannot happen: utf8proc maps ASCII to itself
    }
    table.ascii[c] = f.text[0];
  }
  return table;
}

// Built on first use (thread-safe static initialisation), about 16 KiB.
const FoldTable& Table() {
  static const FoldTable kTable = BuildTable();
  return kTable;
}

// Step 7 as the folds are appended: a space only after a letter.
inline void PutFolded(char c, char* buffer, char*& w) {
  if (c != ' ') {
    *w++ = c;
  } else if (w != buffer && w[-1] != ' ') {
    *w++ = ' ';
  }
}

// norm() steps 2-7 by the table, counting the code points. Returns false
// (*out unspecified) when `in` has a byte outside ASCII and well-formed
// two-byte sequences, a code point outside the table, or is too long for it.
bool NormalizeByTable(std::string_view in, std::string* out, size_t* code_points) {
  if (in.size() > kMaxTableInputBytes) {
    return false;
  }
  const FoldTable& table = Table();
  // At most kMaxFold / 2 output bytes per input byte (a two-byte code point
  // folds to at most kMaxFold letters, an ASCII byte to one).
  char buffer[kMaxTableInputBytes * (kMaxFold / 2)];
  char* w = buffer;
  size_t count = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  for (size_t i = 0; i < n; ++count) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      PutFolded(table.ascii[b], buffer, w);
      ++i;
      continue;
    }
    // C2..DF then 80..BF: exactly the well-formed two-byte sequences.
    if (b < 0xc2 || b > 0xdf || i + 1 >= n || (p[i + 1] & 0xc0) != 0x80) {
      return false;
    }
    const CodePointFold& fold =
        table
            .folds[(static_cast<char32_t>(b & 0x1f) << 6) | static_cast<char32_t>(p[i + 1] & 0x3f)];
    if (!fold.in_table) {
      return false;
    }
    for (size_t k = 0; k < fold.size; ++k) {
      PutFolded(fold.text[k], buffer, w);
    }
    i += 2;
  }
  if (w != buffer && w[-1] == ' ') {
    --w;
  }
  out->assign(buffer, static_cast<size_t>(w - buffer));
  *code_points = count;
  return true;
}

}  // namespace

bool NormalizeTextByTable(std::string_view in, std::string* out, NormFailure* failure) {
  size_t code_points = 0;
  if (!NormalizeByTable(in, out, &code_points)) {
    return false;
  }
  // The input is valid UTF-8 (the table path read it all), so the length rule
  // comes next, as in the general path.
  if (code_points > kMaxNormInputCodePoints) {
    *failure = NormFailure::kTooLong;
  } else {
    *failure = out->empty() ? NormFailure::kEmpty : NormFailure::kNone;
  }
  return true;
}

NormFailure NormalizeText(std::string_view in, std::string* out) {
  NormFailure failure = NormFailure::kNone;
  if (NormalizeTextByTable(in, out, &failure)) {
    return failure;
  }
  return NormalizeTextGeneral(in, out);
}

NormFailure NormalizeTextGeneral(std::string_view in, std::string* out) {
  out->clear();
  size_t code_points = 0;
  if (!IsValidUtf8(in, &code_points)) {
    return NormFailure::kInvalidUtf8;
  }
  if (code_points > kMaxNormInputCodePoints) {
    return NormFailure::kTooLong;
  }
  const NormFailure failure = NormalizeUnicode(in, out);
  if (failure != NormFailure::kNone) {
    return failure;
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
