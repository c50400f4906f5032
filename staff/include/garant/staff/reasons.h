// The stable reasons of staff refusals (Status::reason(), docs/error-model.md):
// account fields, the password policy and failed logins. This module speaks
// English; pages show the French text of the reason
// (server/src/http/reasons_fr.cc, checked by a server unit test for every slug
// listed in kStaffReasons). Never rename or reuse a slug: add a new one.
#pragma once

#include <array>
#include <string_view>

namespace garant::staff::reason {

// ---- accounts ----
inline constexpr std::string_view kInvalidUsername = "invalid_username";
inline constexpr std::string_view kUnknownStaffRole = "unknown_staff_role";
inline constexpr std::string_view kInvalidDisplayName = "invalid_display_name";
inline constexpr std::string_view kUsernameTaken = "username_taken";
// Unknown user, wrong password or disabled account: one reason for all three.
inline constexpr std::string_view kWrongCredentials = "wrong_credentials";

// ---- password policy (CheckPasswordPolicy) ----
inline constexpr std::string_view kPasswordInvalidCharacters = "password_invalid_characters";
inline constexpr std::string_view kPasswordTooShort = "password_too_short";
inline constexpr std::string_view kPasswordTooLong = "password_too_long";
inline constexpr std::string_view kPasswordSingleCharacter = "password_single_character";
inline constexpr std::string_view kPasswordEqualsUsername = "password_equals_username";

// ---- sessions: a login or logout whose audit entry cannot be written ----
inline constexpr std::string_view kLoginNotRecorded = "login_not_recorded";
inline constexpr std::string_view kLogoutNotRecorded = "logout_not_recorded";

// Every slug above.
inline constexpr std::array<std::string_view, 12> kStaffReasons = {
    kInvalidUsername,         kUnknownStaffRole,          kInvalidDisplayName, kUsernameTaken,
    kWrongCredentials,        kPasswordInvalidCharacters, kPasswordTooShort,   kPasswordTooLong,
    kPasswordSingleCharacter, kPasswordEqualsUsername,    kLoginNotRecorded,   kLogoutNotRecorded};

}  // namespace garant::staff::reason
