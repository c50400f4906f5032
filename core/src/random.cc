#include "garant/core/random.h"

#include <openssl/rand.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "garant/core/bytes.h"

namespace garant {
std::vector<uint8_t> Random::Bytes(size_t n) {
  std::vector<uint8_t> out(n);
  Fill(out);
  return out;
}

std::string Random::Hex(size_t n) {
  const std::vector<uint8_t> bytes = Bytes(n);
  std::string out;
  out.reserve(2 * n);
  AppendHex(&out, bytes);
  return out;
}

std::string Random::Uuid4() {
  std::vector<uint8_t> b = Bytes(16);
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // variant 10xx (RFC 4122)
  const std::span<const uint8_t> all(b);
  std::string out;
  out.reserve(36);
  AppendHex(&out, all.subspan(0, 4));
  out.push_back('-');
  AppendHex(&out, all.subspan(4, 2));
  out.push_back('-');
  AppendHex(&out, all.subspan(6, 2));
  out.push_back('-');
  AppendHex(&out, all.subspan(8, 2));
  out.push_back('-');
  AppendHex(&out, all.subspan(10, 6));
  return out;
}

void SecureRandom::Fill(std::span<uint8_t> out) {
  // RAND_bytes takes an int length: feed large requests in chunks.
  constexpr size_t kMaxChunk = INT_MAX;
  while (!out.empty()) {
    const size_t n = out.size() < kMaxChunk ? out.size() : kMaxChunk;
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
      // No randomness means no safe keys, tokens or nonces: stop here.
      std::fputs("garant: RAND_bytes failed; aborting\n", stderr);
      std::abort();
    }
    out = out.subspan(n);
  }
}

Random& SecureRandom::Instance() {
  // Leaked on purpose: usable from any thread until the process ends, even
  // during static destruction.
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory)
  static SecureRandom* const kInstance = new SecureRandom();
  return *kInstance;
}

}  // namespace garant
