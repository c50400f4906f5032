#include "garant/staff/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdlib>

#include "garant/core/crypto.h"
#include "garant/core/urlencoded.h"

namespace garant::staff {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// No 0/o, 1/l/i, 2/z, 5/s, 8/b: a code read aloud or copied by hand survives.
constexpr std::string_view kRecoveryAlphabet = "acdefghjkmnpqrtuvwxy34679";
constexpr size_t kRecoveryCodeLength = 16;

// HMAC-SHA-1 (RFC 2104) by OpenSSL: only here, for HOTP, whose authenticator
// apps use SHA-1 (HMAC-SHA-1 remains a sound PRF).
std::array<uint8_t, 20> HmacSha1(ByteView key, ByteView message) {
  static constexpr uint8_t kNoKey = 0;
  std::array<uint8_t, 20> out{};
  unsigned int len = 0;
  if (HMAC(EVP_sha1(), key.empty() ? &kNoKey : key.data(), static_cast<int>(key.size()),
           message.data(), message.size(), out.data(), &len) == nullptr ||
      len != out.size()) {
    std::abort();  // OpenSSL failing on valid input: nothing safe to do
  }
  return out;
}

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string Base32Encode(ByteView data) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t b : data) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

Result<Bytes> Base32Decode(std::string_view text) {
  Bytes out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    int v = Base32Value(c);
    if (v < 0) return Status::InvalidArgument("not a Base32 character");
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    ++symbols;
    if (bits >= 8) {
      out.push_back(static_cast<uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  // 1, 3 and 6 symbols past a multiple of 8 cannot end a whole number of bytes.
  size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) {
    return Status::InvalidArgument("impossible Base32 length");
  }
  return out;
}

uint32_t Hotp(ByteView key, uint64_t counter, int digits) {
  std::array<uint8_t, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<size_t>(i)] = static_cast<uint8_t>(counter & 0xff);
    counter >>= 8;
  }
  const std::array<uint8_t, 20> mac = HmacSha1(key, message);
  const size_t offset = mac[19] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return binary % modulus;
}

std::string FormatOtp(uint32_t value, int digits) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < digits) s.insert(0, static_cast<size_t>(digits) - s.size(), '0');
  return s;
}

int64_t TotpStep(TimePoint t, int64_t step_seconds) {
  int64_t seconds = ToUnixMicros(t) / 1'000'000;
  if (ToUnixMicros(t) < 0 && ToUnixMicros(t) % 1'000'000 != 0) --seconds;
  int64_t step = seconds / step_seconds;
  if (seconds < 0 && seconds % step_seconds != 0) --step;
  return step;
}

std::optional<int64_t> MatchTotp(ByteView key, std::string_view code, TimePoint now,
                                 int64_t last_used_step) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  const int64_t current = TotpStep(now);
  std::optional<int64_t> matched;
  // Every candidate is computed and compared, whatever matched before.
  for (int64_t step = current - 1; step <= current + 1; ++step) {
    if (step < 0) continue;
    const std::string expected = FormatOtp(Hotp(key, static_cast<uint64_t>(step)));
    const bool equal = ConstantTimeEquals(AsBytes(expected), AsBytes(digits));
    if (equal && step > last_used_step && !matched) matched = step;
  }
  return matched;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret_base32) {
  return "otpauth://totp/" + UrlEncode(issuer) + ":" + UrlEncode(account) +
         "?secret=" + std::string(secret_base32) + "&issuer=" + UrlEncode(issuer) +
         "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

std::string NewRecoveryCode(Random& random) {
  std::string code;
  while (code.size() < kRecoveryCodeLength + 3) {
    // Rejection sampling: no modulo bias.
    uint8_t b = random.Bytes(1)[0];
    const size_t limit = 256 - 256 % kRecoveryAlphabet.size();
    if (b >= limit) continue;
    if (code.size() % 5 == 4) code += '-';
    code += kRecoveryAlphabet[b % kRecoveryAlphabet.size()];
  }
  return code;
}

std::string CanonicalRecoveryCode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (kRecoveryAlphabet.find(c) == std::string_view::npos) return "";
    out += c;
  }
  return out.size() == kRecoveryCodeLength ? out : "";
}

bool LooksLikeTotpCode(std::string_view text) {
  bool any = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return false;
    any = true;
  }
  return any;
}

Bytes RecoveryCodeHash(int64_t account_id, std::string_view canonical_code) {
  crypto::Digest d = crypto::Sha256("garant-recovery-v1|" + std::to_string(account_id) + "|" +
                                    std::string(canonical_code));
  return Bytes(d.begin(), d.end());
}

}  // namespace garant::staff
