// Pseudonymisation v1 norm() (docs/pseudonymisation-v1.md) and the other
// identity normalisations. Invariants: the table-driven fast path and the
// general (utf8proc) path agree on every input they both take; a result is
// non-empty A-Z words separated by single spaces; norm is idempotent (on
// results short enough to be inputs).
#include <string>

#include "fuzz_check.h"
#include "garant/consent/identity.h"
#include "text_normalization.h"

namespace internal = garant::consent::internal;

namespace {

bool WellFormedNorm(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool letter = s[i] >= 'A' && s[i] <= 'Z';
    bool single_space = s[i] == ' ' && s[i + 1] != ' ';
    if (!letter && !single_space) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = garant::fuzz::AsText(data, size);
  std::string general;
  internal::NormFailure g = internal::NormalizeTextGeneral(in, &general);
  std::string table;
  internal::NormFailure t = internal::NormFailure::kNone;
  if (internal::NormalizeTextByTable(in, &table, &t)) {
    FUZZ_CHECK(t == g);
    if (g == internal::NormFailure::kNone) FUZZ_CHECK(table == general);
  }
  std::string any;
  FUZZ_CHECK(internal::NormalizeText(in, &any) == g);
  auto norm = garant::consent::Normalize(in);
  FUZZ_CHECK(norm.ok() == (g == internal::NormFailure::kNone));
  if (norm.ok()) {
    FUZZ_CHECK(*norm == general && any == general);
    FUZZ_CHECK(WellFormedNorm(*norm));
    // Idempotent, within the input limit (a ligature or "Œ" grows the text:
    // 100 code points in may give more out, which norm refuses as input).
    if (norm->size() <= garant::consent::kMaxNormInputCodePoints) {
      auto twice = garant::consent::Normalize(*norm);
      FUZZ_CHECK(twice.ok() && *twice == *norm);
    }
  }

  auto first = garant::consent::FirstGivenName(in);
  if (first.ok()) FUZZ_CHECK(!first->empty() && first->size() <= in.size());
  auto date = garant::consent::NormalizeBirthDate(in, 2026);
  if (date.ok())
    FUZZ_CHECK(date->size() == 8 && date->find_first_not_of("0123456789") == std::string::npos);
  auto sex = garant::consent::NormalizeSex(in);
  if (sex.ok()) FUZZ_CHECK(*sex == "F" || *sex == "M" || *sex == "I");
  auto ins = garant::consent::NormalizeIns(in);
  if (ins.ok()) FUZZ_CHECK(ins->size() == 15);
  return 0;
}
