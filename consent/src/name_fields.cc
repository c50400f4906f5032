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

// How a name field is spoken of in errors.
struct NameLabels {
  std::string_view field;
  std::string_view en_prefix;   // before the English reason
  std::string_view fr_subject;  // "Le nom de naissance"
};

constexpr NameLabels kBirthName{kFieldBirthName, "", "Le nom de naissance"};
constexpr NameLabels kUsedName{kFieldUsedName, "", "Le nom d'usage"};
constexpr NameLabels kFirstGivenName{kFieldGivenNames, "first given name: ", "Le premier prénom"};

bool CheckNormalizedName(std::string_view value, const NameLabels& labels, std::string* out,
                         FieldError* error) {
  const NormFailure failure = NormalizeText(value, out);
  if (failure == NormFailure::kNone) {
    return true;  // the common case: no message is built
  }
  const std::string subject(labels.fr_subject);
  switch (failure) {
    case NormFailure::kNone:
      return true;
    case NormFailure::kInvalidUtf8:
      *error = MakeFieldError(labels.field, std::string(labels.en_prefix) + "not valid UTF-8",
                              subject + " contient des caractères non valides.");
      return false;
    case NormFailure::kTooLong:
      *error = MakeFieldError(labels.field, std::string(labels.en_prefix) + "over 100 characters",
                              subject + " ne doit pas dépasser 100 caractères.");
      return false;
    case NormFailure::kEmpty:
      *error = MakeFieldError(
          labels.field, std::string(labels.en_prefix) + "no letter A-Z after normalisation",
          subject +
              " doit contenir au moins une lettre de l'alphabet latin (A à Z, accents "
              "admis).");
      return false;
  }
  *error =
      MakeFieldError(labels.field, "unknown normalisation failure", subject + " est invalide.");
  return false;
}

bool IsGivenNameSeparator(char32_t c) { return c == U',' || IsUnicodeWhiteSpace(c); }

}  // namespace

FieldError MakeFieldError(std::string_view field, std::string message, std::string message_fr) {
  return FieldError{std::string(field), std::move(message), std::move(message_fr)};
}

bool CheckBirthName(std::string_view birth_name, std::string* out, FieldError* error) {
  if (IsBlank(birth_name)) {
    *error = MakeFieldError(kFieldBirthName, "missing", "Indiquez le nom de naissance.");
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
      *error = MakeFieldError(kFieldGivenNames, "not valid UTF-8",
                              "Les prénoms contiennent des caractères non valides.");
      return false;
    }
    if (IsGivenNameSeparator(cp)) {
      if (pos > start) {
        // The first element is found; the rest must still be valid UTF-8.
        size_t code_points = 0;
        if (!IsValidUtf8(given_names.substr(pos), &code_points)) {
          *error = MakeFieldError(kFieldGivenNames, "not valid UTF-8",
                                  "Les prénoms contiennent des caractères non valides.");
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
  *error = MakeFieldError(kFieldGivenNames, "missing", "Indiquez au moins un prénom.");
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
