// Internal: the per-field rules of Pseudonymisation v1. Each Check* returns
// true and sets *out, or returns false and sets *error (field, English message
// and reason slug). identity.cc assembles them; see identity.h for the rules.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "garant/consent/identity.h"

namespace garant::consent::internal {

FieldError MakeFieldError(std::string_view field, std::string message, std::string_view reason,
                          std::vector<std::pair<std::string, std::string>> args = {});

// N1 = norm(birth_name).
bool CheckBirthName(std::string_view birth_name, std::string* out, FieldError* error);
// norm(used_name), for a used name that is given and not blank.
bool CheckUsedName(std::string_view used_name, std::string* out, FieldError* error);
// The first non-empty element of given_names (not normalised), or
// kInvalidUtf8/blank errors on the given_names field.
bool SplitFirstGivenName(std::string_view given_names, std::string_view* out, FieldError* error);
// G1 = norm(first element).
bool CheckGivenNames(std::string_view given_names, std::string* out, FieldError* error);

bool CheckBirthDate(std::string_view birth_date, int current_year, std::string* out,
                    FieldError* error);
bool CheckSex(std::string_view sex, std::string* out, FieldError* error);
bool CheckIns(std::string_view ins, std::string* out, FieldError* error);

}  // namespace garant::consent::internal
