// Assembly of the identity rules: public per-field functions, ValidateIdentity
// and NormalizeIdentity. The rules themselves are in name_fields.cc,
// civil_fields.cc and text_normalization.cc.

#include "garant/consent/identity.h"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "field_checks.h"
#include "garant/core/dates.h"
#include "garant/core/status.h"
#include "unicode_text.h"

namespace garant::consent {
namespace {

// Fills *identity with every valid field, reusing its storage, and calls
// report(FieldError&&) for each invalid one, in the order of the form; stops
// at the first error when report returns false. *identity is complete only
// when report was never called.
template <typename Report>
void Assemble(const IdentityTraits& traits, int current_year, NormalizedIdentity* identity,
              Report report) {
  FieldError error;

  // Written in place: resize keeps the first strings (and their capacity).
  std::vector<std::string>& names = identity->names;
  names.resize(2);
  size_t name_count = 0;
  if (internal::CheckBirthName(traits.birth_name, &names[0], &error)) {
    name_count = 1;
  } else if (!report(std::move(error))) {
    return;
  }

  if (traits.used_name.has_value() && !internal::IsBlank(*traits.used_name)) {
    std::string& n2 = names[name_count];
    if (!internal::CheckUsedName(*traits.used_name, &n2, &error)) {
      if (!report(std::move(error))) {
        return;
      }
    } else if (name_count == 0 || n2 != names[0]) {
      // When the birth name is invalid there is no N1 to compare with; the
      // identity is rejected anyway.
      ++name_count;
    }
  }
  names.resize(name_count);

  std::vector<std::string>& given = identity->given_names;
  given.resize(2);
  if (internal::CheckGivenNames(traits.given_names, &given[0], &error)) {
    const size_t space = given[0].find(' ');
    if (space == std::string::npos) {
      given.resize(1);
    } else {
      given[1].assign(given[0], 0, space);
    }
  } else {
    given.clear();
    if (!report(std::move(error))) {
      return;
    }
  }

  if (!internal::CheckBirthDate(traits.birth_date, current_year, &identity->birth_date, &error)) {
    if (!report(std::move(error))) {
      return;
    }
  }
  if (!internal::CheckSex(traits.sex, &identity->sex, &error)) {
    if (!report(std::move(error))) {
      return;
    }
  }
  if (traits.ins.has_value() && !internal::IsBlank(*traits.ins)) {
    if (!identity->ins.has_value()) {
      identity->ins.emplace();
    }
    if (!internal::CheckIns(*traits.ins, &*identity->ins, &error)) {
      identity->ins.reset();
      if (!report(std::move(error))) {
        return;
      }
    }
  } else {
    identity->ins.reset();
  }
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

std::string TypedBirthDate(std::string_view typed) {
  const std::optional<TypedDate> t = SplitTypedDate(typed);
  if (!t) return std::string(typed);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t->year, t->month, t->day);
  return buf;
}

std::string TypedIns(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  for (size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c == ' ' || c == '.' || c == '-' || c == '\t') continue;
    // U+00A0 and U+202F (no-break spaces), as pasted from documents.
    if (typed.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }
    if (typed.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
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
  std::vector<FieldError> errors;
  Assemble(traits, current_year, &ignored, [&errors](FieldError&& e) {
    errors.push_back(std::move(e));
    return true;
  });
  return errors;
}

Status NormalizeIdentityInto(const IdentityTraits& traits, int current_year,
                             NormalizedIdentity* out) {
  // The first error in form order is the one ValidateIdentity lists first.
  Status status;
  Assemble(traits, current_year, out, [&status](FieldError&& e) {
    status = ToStatus(e);
    return false;
  });
  return status;
}

Result<NormalizedIdentity> NormalizeIdentity(const IdentityTraits& traits, int current_year) {
  NormalizedIdentity identity;
  GARANT_RETURN_IF_ERROR(NormalizeIdentityInto(traits, current_year, &identity));
  return identity;
}

}  // namespace garant::consent
