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
// In the list of common passwords shipped with garant (staff/src/common_passwords.cc).
inline constexpr std::string_view kPasswordCommon = "password_common";
// A staff member changing their own password typed the current one wrong.
inline constexpr std::string_view kWrongCurrentPassword = "wrong_current_password";

// ---- second factor (second_factor.h) ----
// The account has a second factor and the login gave no code.
inline constexpr std::string_view kSecondFactorRequired = "second_factor_required";
// A wrong, expired or already used TOTP code, or an unknown or used recovery code.
inline constexpr std::string_view kWrongSecondFactor = "wrong_second_factor";
// The role requires a second factor the account has not enrolled yet: the
// JSON API opens no session (the login page opens the enrolment step).
inline constexpr std::string_view kSecondFactorEnrolmentRequired =
    "second_factor_enrolment_required";
inline constexpr std::string_view kTotpAlreadyEnrolled = "totp_already_enrolled";

// ---- sessions: a login or logout whose audit entry cannot be written ----
inline constexpr std::string_view kLoginNotRecorded = "login_not_recorded";
inline constexpr std::string_view kLogoutNotRecorded = "logout_not_recorded";

// Every slug above.
inline constexpr std::array<std::string_view, 18> kStaffReasons = {
    kInvalidUsername,        kUnknownStaffRole,  kInvalidDisplayName,
    kUsernameTaken,          kWrongCredentials,  kPasswordInvalidCharacters,
    kPasswordTooShort,       kPasswordTooLong,   kPasswordSingleCharacter,
    kPasswordEqualsUsername, kPasswordCommon,    kWrongCurrentPassword,
    kSecondFactorRequired,   kWrongSecondFactor, kSecondFactorEnrolmentRequired,
    kTotpAlreadyEnrolled,    kLoginNotRecorded,  kLogoutNotRecorded};

}  // namespace garant::staff::reason
