// Internal to core's crypto: the OpenSSL helpers shared by crypto.cc and
// crypto_hmac.cc. Not installed, not part of the module's interface.
#pragma once

#include <openssl/evp.h>

#include <cstddef>

namespace garant::crypto::internal {

inline constexpr size_t kSha256BlockSize = 64;

// OpenSSL failing on valid input means a broken library or no memory: there
// is no safe way to continue (the error policy in crypto.h). Prints and aborts.
[[noreturn]] void Die(const char* what);
// Die(what) unless rc == 1 (OpenSSL's success).
void Check(int rc, const char* what);
// SHA-256, fetched once per process and never freed.
const EVP_MD* Sha256Md();

}  // namespace garant::crypto::internal
