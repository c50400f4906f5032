#include "garant/staff/passwords.h"

#include <charconv>
#include <vector>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"
#include "garant/core/decimal.h"
#include "garant/staff/reasons.h"

namespace garant::staff {

Status CheckPasswordPolicy(std::string_view username, std::string_view password) {
  if (!IsValidUtf8(password)) {
    return Status::InvalidArgument("the password is not valid UTF-8")
        .WithReason(reason::kPasswordInvalidCharacters);
  }
  if (password.size() < 12) {
    return Status::InvalidArgument("the password must have at least 12 characters")
        .WithReason(reason::kPasswordTooShort);
  }
  if (password.size() > 256) {
    return Status::InvalidArgument("the password must have at most 256 characters")
        .WithReason(reason::kPasswordTooLong);
  }
  if (password.find_first_not_of(password[0]) == std::string_view::npos) {
    return Status::InvalidArgument("the password must not repeat a single character")
        .WithReason(reason::kPasswordSingleCharacter);
  }
  if (password == username) {
    return Status::InvalidArgument("the password must differ from the username")
        .WithReason(reason::kPasswordEqualsUsername);
  }
  if (IsCommonPassword(password)) {
    return Status::InvalidArgument("the password is in the list of common passwords")
        .WithReason(reason::kPasswordCommon);
  }
  return Status::Ok();
}

std::string HashPassword(std::string_view password, Random& random, uint32_t iterations) {
  Bytes salt = random.Bytes(16);
  Bytes key = crypto::Pbkdf2Sha256(password, salt, iterations, 32);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + Base64Encode(salt) + "$" +
         Base64Encode(key);
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t d = hash.find('$', start);
    parts.push_back(hash.substr(start, d == std::string_view::npos ? d : d - start));
    if (d == std::string_view::npos) break;
    start = d + 1;
  }
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256") return false;
  const std::optional<int64_t> iterations =
      ParseDecimal(parts[1], {.min = 1000, .max = 10'000'000});
  if (!iterations) {
    return false;
  }
  auto salt = Base64Decode(parts[2]);
  auto expected = Base64Decode(parts[3]);
  if (!salt.ok() || !expected.ok() || expected->empty()) return false;
  Bytes actual =
      crypto::Pbkdf2Sha256(password, *salt, static_cast<uint32_t>(*iterations), expected->size());
  return ConstantTimeEquals(actual, *expected);
}

}  // namespace garant::staff
