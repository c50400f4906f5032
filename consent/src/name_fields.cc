// Name fields: birth name, used name, given names (Pseudonymisation v1).

#include <string>
#include <string_view>
#include <utility>

#include "field_checks.h"
#include "garant/consent/identity.h"
#include "text_normalization.h"
#include "unicode_text.h"

namespace garant::consent::internal {
namespace {

// How a name field is spoken of in errors: its English prefix and the
// reasons of its three normalisation failures.
struct NameLabels {
  std::string_view field;
  std::string_view en_prefix;  // before the English message
  std::string_view invalid_utf8;
  std::string_view too_long;
  std::string_view no_latin_letter;
};

constexpr NameLabels kBirthName{kFieldBirthName, "", kReasonBirthNameInvalidUtf8,
                                kReasonBirthNameTooLong, kReasonBirthNameNoLatinLetter};
constexpr NameLabels kUsedName{kFieldUsedName, "", kReasonUsedNameInvalidUtf8,
                               kReasonUsedNameTooLong, kReasonUsedNameNoLatinLetter};
constexpr NameLabels kFirstGivenName{
    kFieldGivenNames, "first given name: ", kReasonFirstGivenNameInvalidUtf8,
    kReasonFirstGivenNameTooLong, kReasonFirstGivenNameNoLatinLetter};

bool CheckNormalizedName(std::string_view value, const NameLabels& labels, std::string* out,
                         FieldError* error) {
  const NormFailure failure = NormalizeText(value, out);
  if (failure == NormFailure::kNone) {
    return true;  // the common case: no message is built
  }
  const std::string prefix(labels.en_prefix);
  switch (failure) {
    case NormFailure::kNone:
      return true;
    case NormFailure::kInvalidUtf8:
      *error = MakeFieldError(labels.field, prefix + "not valid UTF-8", labels.invalid_utf8);
      return false;
    case NormFailure::kTooLong:
      *error = MakeFieldError(labels.field, prefix + "over 100 characters", labels.too_long);
      return false;
    case NormFailure::kEmpty:
      *error = MakeFieldError(labels.field, prefix + "no letter A-Z after normalisation",
                              labels.no_latin_letter);
      return false;
  }
  *error =
      MakeFieldError(labels.field, prefix + "unknown normalisation failure", labels.invalid_utf8);
  return false;
}

bool IsGivenNameSeparator(char32_t c) { return c == U',' || IsUnicodeWhiteSpace(c); }

}  // namespace

FieldError MakeFieldError(std::string_view field, std::string message, std::string_view reason,
                          std::vector<std::pair<std::string, std::string>> args) {
  return FieldError{std::string(field), std::move(message), std::string(reason), std::move(args)};
}

bool CheckBirthName(std::string_view birth_name, std::string* out, FieldError* error) {
  if (IsBlank(birth_name)) {
    *error = MakeFieldError(kFieldBirthName, "missing", kReasonBirthNameMissing);
    return false;
  }
  return CheckNormalizedName(birth_name, kBirthName, out, error);
}

bool CheckUsedName(std::string_view used_name, std::string* out, FieldError* error) {
  return CheckNormalizedName(used_name, kUsedName, out, error);
}

bool SplitFirstGivenName(std::string_view given_names, std::string_view* out, FieldError* error) {
  size_t pos = 0;
  size_t start = 0;
  while (pos < given_names.size()) {
    char32_t cp = static_cast<unsigned char>(given_names[pos]);
    // ASCII decodes to itself (the common case, without a library call).
    const size_t n = cp < 0x80 ? 1 : DecodeAt(given_names, pos, &cp);
    if (n == 0) {
      *error = MakeFieldError(kFieldGivenNames, "not valid UTF-8", kReasonGivenNamesInvalidUtf8);
      return false;
    }
    if (IsGivenNameSeparator(cp)) {
      if (pos > start) {
        // The first element is found; the rest must still be valid UTF-8.
        size_t code_points = 0;
        if (!IsValidUtf8(given_names.substr(pos), &code_points)) {
          *error =
              MakeFieldError(kFieldGivenNames, "not valid UTF-8", kReasonGivenNamesInvalidUtf8);
          return false;
        }
        *out = given_names.substr(start, pos - start);
        return true;
      }
      start = pos + n;
    }
    pos += n;
  }
  if (pos > start) {
    *out = given_names.substr(start, pos - start);
    return true;
  }
  *error = MakeFieldError(kFieldGivenNames, "missing", kReasonGivenNamesMissing);
  return false;
}

bool CheckGivenNames(std::string_view given_names, std::string* out, FieldError* error) {
  std::string_view first;
  if (!SplitFirstGivenName(given_names, &first, error)) {
    return false;
  }
  return CheckNormalizedName(first, kFirstGivenName, out, error);
}

}  // namespace garant::consent::internal
