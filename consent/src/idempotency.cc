#include "garant/consent/idempotency.h"

#include <algorithm>
#include <string>

namespace garant::consent {
namespace {

constexpr std::string_view kKeyDomain = "garant-idempotency-key-v1|";
constexpr std::string_view kAnswerAadDomain = "garant-idempotency-answer-v1|";
constexpr std::string_view kInnerKeySalt = "garant-v1|idempotency-answer";

Status Invalid(std::string message) {
  return Status::InvalidArgument("Idempotency-Key: " + std::move(message))
      .WithReason(std::string(kReasonIdempotencyKeyInvalid));
}

// The inner layer's key: from the client's key, bound to the row.
crypto::Aes256Key InnerKey(std::string_view key, std::string_view row_id) {
  Bytes k = crypto::HkdfSha256(AsBytes(key), AsBytes(kInnerKeySalt), AsBytes(row_id), 32);
  crypto::Aes256Key out{};
  std::copy(k.begin(), k.end(), out.begin());
  return out;
}

}  // namespace

Status CheckIdempotencyKey(std::string_view key) {
  if (key.empty()) return Invalid("must not be empty");
  if (key.size() > kMaxIdempotencyKeyLength) {
    return Invalid("at most " + std::to_string(kMaxIdempotencyKeyLength) + " characters (got " +
                   std::to_string(key.size()) + ")");
  }
  for (size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x20 || c > 0x7E) {
      return Invalid("only printable ASCII characters (0x20-0x7E); character " +
                     std::to_string(i + 1) + " is not");
    }
  }
  return Status::Ok();
}

crypto::Digest IdempotencyKeyDigest(std::string_view key) {
  std::string m(kKeyDomain);
  m += key;
  return crypto::Sha256(m);
}

std::string IdempotencyAnswerAad(std::string_view row_id) {
  return std::string(kAnswerAadDomain) + std::string(row_id);
}

crypto::Sealed SealAnswer(const crypto::KeyRing& ring, std::string_view key,
                          std::string_view row_id, std::string_view body) {
  const std::string aad = IdempotencyAnswerAad(row_id);
  const Bytes inner = crypto::Aes256GcmSeal(InnerKey(key, row_id), AsBytes(body), AsBytes(aad));
  return ring.Seal(inner, AsBytes(aad));
}

Result<std::string> OpenAnswer(const crypto::KeyRing& ring, int32_t key_id, std::string_view key,
                               std::string_view row_id, ByteView sealed) {
  const std::string aad = IdempotencyAnswerAad(row_id);
  GARANT_ASSIGN_OR_RETURN(Bytes inner, ring.Open(key_id, sealed, AsBytes(aad)));
  GARANT_ASSIGN_OR_RETURN(Bytes body,
                          crypto::Aes256GcmOpen(InnerKey(key, row_id), inner, AsBytes(aad)));
  return std::string(AsString(body));
}

}  // namespace garant::consent
