// Injected randomness. Production uses the OpenSSL CSPRNG; tests may use a
// deterministic source. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace garant {

class Random {
 public:
  virtual ~Random() = default;
  // Fills out with random bytes. The CSPRNG aborts the process if OpenSSL
  // cannot produce randomness (nothing safe can be done without it).
  virtual void Fill(std::span<uint8_t> out) = 0;

  std::vector<uint8_t> Bytes(size_t n);
  // n random bytes, lowercase hex (2n characters).
  std::string Hex(size_t n);
  // A random RFC 4122 version-4 UUID, lowercase.
  std::string Uuid4();
};

class SecureRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override;
  static Random& Instance();
};

}  // namespace garant
