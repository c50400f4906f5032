// Assembly of the identity rules: public per-field functions, ValidateIdentity
// and NormalizeIdentity. The rules themselves are in name_fields.cc,
// civil_fields.cc and text_normalization.cc.

#include "garant/consent/identity.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "field_checks.h"
#include "garant/core/status.h"
#include "unicode_text.h"

namespace garant::consent {
namespace {

// Fills *identity with every valid field and returns the errors of the others.
std::vector<FieldError> Assemble(const IdentityTraits& traits, int current_year,
                                 NormalizedIdentity* identity) {
  std::vector<FieldError> errors;
  FieldError error;

  std::string n1;
  if (internal::CheckBirthName(traits.birth_name, &n1, &error)) {
    identity->names.push_back(std::move(n1));
  } else {
    errors.push_back(std::move(error));
  }

  if (traits.used_name.has_value() && !internal::IsBlank(*traits.used_name)) {
    std::string n2;
    if (!internal::CheckUsedName(*traits.used_name, &n2, &error)) {
      errors.push_back(std::move(error));
    } else if (identity->names.empty() || n2 != identity->names.front()) {
      // When the birth name is invalid there is no N1 to compare with; the
      // identity is rejected anyway.
      identity->names.push_back(std::move(n2));
    }
  }

  std::string g1;
  if (internal::CheckGivenNames(traits.given_names, &g1, &error)) {
    const size_t space = g1.find(' ');
    std::string g2 = space == std::string::npos ? std::string() : g1.substr(0, space);
    identity->given_names.push_back(std::move(g1));
    if (!g2.empty()) {
      identity->given_names.push_back(std::move(g2));
    }
  } else {
    errors.push_back(std::move(error));
  }

  if (!internal::CheckBirthDate(traits.birth_date, current_year, &identity->birth_date, &error)) {
    errors.push_back(std::move(error));
  }
  if (!internal::CheckSex(traits.sex, &identity->sex, &error)) {
    errors.push_back(std::move(error));
  }
  if (traits.ins.has_value() && !internal::IsBlank(*traits.ins)) {
    std::string ins;
    if (internal::CheckIns(*traits.ins, &ins, &error)) {
      identity->ins = std::move(ins);
    } else {
      errors.push_back(std::move(error));
    }
  }
  return errors;
}

template <typename T>
Result<T> FromCheck(bool ok, T value, const FieldError& error) {
  if (!ok) {
    return ToStatus(error);
  }
  return value;
}

}  // namespace

Status ToStatus(const FieldError& error) {
  return Status::InvalidArgument(error.field + ": " + error.message);
}

Result<std::string> FirstGivenName(std::string_view given_names) {
  std::string_view first;
  FieldError error;
  const bool ok = internal::SplitFirstGivenName(given_names, &first, &error);
  return FromCheck(ok, std::string(first), error);
}

Result<std::string> NormalizeBirthDate(std::string_view birth_date, int current_year) {
  std::string out;
  FieldError error;
  const bool ok = internal::CheckBirthDate(birth_date, current_year, &out, &error);
  return FromCheck(ok, std::move(out), error);
}

Result<std::string> NormalizeSex(std::string_view sex) {
  std::string out;
  FieldError error;
  const bool ok = internal::CheckSex(sex, &out, &error);
  return FromCheck(ok, std::move(out), error);
}

Result<std::string> NormalizeIns(std::string_view ins) {
  std::string out;
  FieldError error;
  const bool ok = internal::CheckIns(ins, &out, &error);
  return FromCheck(ok, std::move(out), error);
}

std::vector<FieldError> ValidateIdentity(const IdentityTraits& traits, int current_year) {
  NormalizedIdentity ignored;
  return Assemble(traits, current_year, &ignored);
}

Result<NormalizedIdentity> NormalizeIdentity(const IdentityTraits& traits, int current_year) {
  NormalizedIdentity identity;
  const std::vector<FieldError> errors = Assemble(traits, current_year, &identity);
  if (!errors.empty()) {
    return ToStatus(errors.front());
  }
  return identity;
}

}  // namespace garant::consent
