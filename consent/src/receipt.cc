#include "garant/consent/receipt.h"

#include <algorithm>
#include <string>

#include "garant/core/bytes.h"
#include "garant/core/key_ring.h"

namespace garant::consent {
namespace {

constexpr std::string_view kCodeHashDomain = "garant-receipt-code-v1|";
constexpr std::string_view kCodeDigestDomain = "garant-receipt-code-v2|";

// n random Crockford symbols (5 bits each, from whole random bytes, no bias:
// 256 is a multiple of 32).
std::string RandomSymbols(Random& random, size_t n) {
  std::vector<uint8_t> bytes = random.Bytes(n);
  std::string out;
  out.reserve(n);
  for (uint8_t b : bytes) out += kCrockfordAlphabet[b & 31];
  return out;
}

// Crockford decoding of one typed character to its canonical symbol, or 0
// for a separator to skip, or -1 for an invalid character.
int Symbol(char c) {
  if (c == ' ' || c == '-') return 0;
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  if (kCrockfordAlphabet.find(c) == std::string_view::npos) return -1;
  return c;
}

// The Crockford symbols of typed text, separators dropped.
Result<std::string> Symbols(std::string_view typed, size_t max_len) {
  if (typed.size() > max_len) return Status::InvalidArgument("too long");
  std::string out;
  for (char c : typed) {
    int s = Symbol(c);
    if (s < 0) return Status::InvalidArgument("not a Crockford base32 character");
    if (s > 0) out += static_cast<char>(s);
  }
  return out;
}

std::string Group(std::string_view symbols) {
  std::string out;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += symbols[i];
  }
  return out;
}

}  // namespace

std::string NewReference(Random& random) {
  return std::string(kReferencePrefix) + Group(RandomSymbols(random, 8));
}

std::string NewCode(Random& random) { return Group(RandomSymbols(random, kCodeSymbols)); }

Result<std::string> CanonicalReference(std::string_view typed) {
  // Trim surrounding blanks.
  while (!typed.empty() && (typed.front() == ' ' || typed.front() == '\t')) typed.remove_prefix(1);
  while (!typed.empty() && (typed.back() == ' ' || typed.back() == '\t')) typed.remove_suffix(1);
  auto s = Symbols(typed, 40);
  if (!s.ok()) return Status::InvalidArgument("reference: " + s.status().message());
  std::string sym = *s;
  // The prefix reads "0PP" after the O -> 0 mapping.
  if (sym.size() == 11 && sym.compare(0, 3, "0PP") == 0) sym.erase(0, 3);
  if (sym.size() != 8)
    return Status::InvalidArgument("reference: must have 8 characters after OPP");
  return std::string(kReferencePrefix) + Group(sym);
}

Result<std::string> CanonicalCode(std::string_view typed) {
  auto s = Symbols(typed, 40);
  if (!s.ok()) return Status::InvalidArgument("code: " + s.status().message());
  if (s->size() != kCodeSymbols) return Status::InvalidArgument("code: must have 12 characters");
  return Group(*s);
}

crypto::Digest HashCode(const ReceiptCodeKey& key, std::string_view reference,
                        std::string_view code) {
  std::string message;
  message.reserve(kCodeHashDomain.size() + reference.size() + 1 + code.size());
  message.append(kCodeHashDomain).append(reference).append("|").append(code);
  return crypto::HmacSha256(key, AsBytes(message));
}

bool VerifyCode(const ReceiptCodeKey& key, std::string_view reference, std::string_view code,
                ByteView stored) {
  crypto::Digest d = HashCode(key, reference, code);
  return ConstantTimeEquals(d, stored);
}

Bytes CodeVerifier(std::string_view reference, std::string_view code) {
  std::string message;
  message.reserve(kCodeDigestDomain.size() + reference.size() + 1 + code.size());
  message.append(kCodeDigestDomain).append(reference).append("|").append(code);
  const crypto::Digest d = crypto::Sha256(message);
  Bytes out;
  out.reserve(1 + d.size());
  out.push_back(kCodeVerifierDigest);
  out.insert(out.end(), d.begin(), d.end());
  return out;
}

Result<Bytes> WrapCodeHash(ByteView hash, const std::vector<ReceiptCodeKey>& keys) {
  if (hash.size() != 32) return Status::InvalidArgument("a receipt-code hash is 32 bytes");
  if (keys.empty() || keys.size() > 2) {
    return Status::InvalidArgument("a wrapped receipt-code hash takes one or two keys");
  }
  Bytes out;
  out.push_back(kCodeVerifierWrappedHash);
  out.insert(out.end(), hash.begin(), hash.end());
  for (const ReceiptCodeKey& k : keys) out.insert(out.end(), k.begin(), k.end());
  return out;
}

bool VerifyCodeAgainst(ByteView verifier, std::string_view reference, std::string_view code) {
  if (verifier.empty()) return false;
  if (verifier[0] == kCodeVerifierDigest) {
    if (verifier.size() != 33) return false;
    return ConstantTimeEquals(CodeVerifier(reference, code), verifier);
  }
  if (verifier[0] != kCodeVerifierWrappedHash) return false;
  if (verifier.size() != 1 + 32 + 32 && verifier.size() != 1 + 32 + 64) return false;
  const ByteView hash = verifier.subspan(1, 32);
  bool ok = false;
  for (size_t at = 33; at < verifier.size(); at += 32) {
    ReceiptCodeKey k{};
    std::copy_n(verifier.begin() + static_cast<std::ptrdiff_t>(at), k.size(), k.begin());
    ok = VerifyCode(k, reference, code, hash) || ok;
  }
  return ok;
}

bool IsDigestVerifier(ByteView verifier) {
  return verifier.size() == 33 && verifier[0] == kCodeVerifierDigest;
}

ReceiptCodeKey DeriveReceiptCodeKey(const crypto::Aes256Key& encryption_key) {
  return crypto::HmacSha256(encryption_key, AsBytes(crypto::kLegacyReceiptCodeDomain));
}

}  // namespace garant::consent
