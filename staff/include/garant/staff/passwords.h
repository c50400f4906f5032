// Staff passwords: policy and hashing. Pure (randomness injected).
//
// Hash format: "pbkdf2-sha256$<iterations>$<base64 salt>$<base64 derived key>"
// with PBKDF2-HMAC-SHA256, 600,000 iterations (OWASP 2023), a 16-byte random
// salt per password and a 32-byte key. Verification is constant-time and
// accepts any iteration count written in the hash, so the count can be raised
// later without invalidating existing passwords.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::staff {

inline constexpr uint32_t kPasswordIterations = 600'000;

// Minimum policy: 12 to 256 characters (bytes of valid UTF-8), not all the
// same character, not equal to the username, not common (IsCommonPassword).
// kInvalidArgument with an English message and a stable reason
// (garant/staff/reasons.h: pages show its French text):
// password_invalid_characters, password_too_short, password_too_long,
// password_single_character, password_equals_username, password_common.
Status CheckPasswordPolicy(std::string_view username, std::string_view password);

// True when the password, in lower case, is a line of the list shipped in
// staff/data/common-passwords.txt, or such a line with only digits and
// punctuation before or after it ("Motdepasse2026!"), or only digits and
// punctuation.
bool IsCommonPassword(std::string_view password);

std::string HashPassword(std::string_view password, Random& random,
                         uint32_t iterations = kPasswordIterations);
// False for a wrong password or a malformed hash.
bool VerifyPassword(std::string_view password, std::string_view hash);

}  // namespace garant::staff
