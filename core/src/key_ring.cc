#include "garant/core/key_ring.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

#include "crypto_internal.h"

namespace garant::crypto {
namespace {

struct KdfDeleter {
  void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};

EVP_KDF* HkdfAlgorithm() {
  // Fetched once per process and never freed, like the digests.
  static EVP_KDF* const kKdf = [] {
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    if (kdf == nullptr) internal::Die("EVP_KDF_fetch(HKDF)");
    return kdf;
  }();
  return kKdf;
}

// OSSL_PARAM takes non-const pointers for octet strings it only reads.
void* Mutable(ByteView v) {
  return const_cast<uint8_t*>(v.empty() ? reinterpret_cast<const uint8_t*>("") : v.data());
}

}  // namespace

Bytes HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  if (length == 0 || length > 255 * 32) internal::Die("HkdfSha256: length out of range");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(HkdfAlgorithm()));
  if (!ctx) internal::Die("EVP_KDF_CTX_new");
  char digest[] = "SHA256";
  OSSL_PARAM params[5];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, Mutable(ikm), ikm.size());
  if (!salt.empty()) {
    params[n++] =
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt), salt.size());
  }
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, Mutable(info), info.size());
  params[n] = OSSL_PARAM_construct_end();
  Bytes out(length);
  internal::Check(EVP_KDF_derive(ctx.get(), out.data(), out.size(), params), "EVP_KDF_derive");
  return out;
}

std::array<uint8_t, 32> DeriveKey(const MasterSecret& master, std::string_view label) {
  const Bytes b = HkdfSha256(ByteView(master), {}, AsBytes(label), 32);
  std::array<uint8_t, 32> k{};
  std::copy(b.begin(), b.end(), k.begin());
  return k;
}

int32_t KeyIdOf(const MasterSecret& master) {
  const Bytes b = HkdfSha256(ByteView(master), {}, AsBytes(kLabelKeyId), 4);
  const uint32_t v =
      (uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3]) & 0x7fffffffU;
  return v == 0 ? 1 : static_cast<int32_t>(v);
}

KeyRing::Derived KeyRing::Make(const MasterSecret& master) {
  Derived d;
  d.master = master;
  d.id = KeyIdOf(master);
  d.seal = DeriveKey(master, kLabelSeal);
  d.receipt_code = DeriveKey(master, kLabelReceiptCode);
  return d;
}

KeyRing::KeyRing(const MasterSecret& current, const std::optional<MasterSecret>& previous)
    : current_(Make(current)) {
  if (previous) previous_ = Make(*previous);
}

std::optional<int32_t> KeyRing::previous_id() const {
  if (!previous_) return std::nullopt;
  return previous_->id;
}

Sealed KeyRing::Seal(ByteView plaintext, ByteView aad) const {
  return Sealed{current_.id, Aes256GcmSeal(current_.seal, plaintext, aad)};
}

Result<Bytes> KeyRing::Open(int32_t key_id, ByteView sealed, ByteView aad) const {
  if (key_id == kLegacyKeyId) {
    Result<Bytes> opened = Aes256GcmOpen(current_.master, sealed, aad);
    if (opened.ok() || !previous_) return opened;
    return Aes256GcmOpen(previous_->master, sealed, aad);
  }
  if (key_id == current_.id) return Aes256GcmOpen(current_.seal, sealed, aad);
  if (previous_ && key_id == previous_->id) return Aes256GcmOpen(previous_->seal, sealed, aad);
  return Status::DataLoss("sealed under key id " + std::to_string(key_id) +
                          ", which is neither the current nor the previous encryption key");
}

std::vector<std::array<uint8_t, 32>> KeyRing::ReceiptCodeKeys(int32_t key_id) const {
  std::vector<std::array<uint8_t, 32>> keys;
  if (key_id == kLegacyKeyId) {
    keys.push_back(HmacSha256(current_.master, AsBytes(kLegacyReceiptCodeDomain)));
    if (previous_) keys.push_back(HmacSha256(previous_->master, AsBytes(kLegacyReceiptCodeDomain)));
  } else if (key_id == current_.id) {
    keys.push_back(current_.receipt_code);
  } else if (previous_ && key_id == previous_->id) {
    keys.push_back(previous_->receipt_code);
  }
  return keys;
}

std::array<uint8_t, 32> KeyRing::Derive(std::string_view label) const {
  return DeriveKey(current_.master, label);
}

Result<int64_t> ResealInBatches(const ResealOptions& options,
                                const std::function<Result<int64_t>(int batch)>& one_batch) {
  if (options.batch < 1) return Status::InvalidArgument("the batch size must be at least 1");
  int64_t done = 0;
  for (;;) {
    GARANT_ASSIGN_OR_RETURN(int64_t n, one_batch(options.batch));
    if (n == 0) return done;
    done += n;
    if (options.after_batch) GARANT_RETURN_IF_ERROR(options.after_batch(done));
  }
}

}  // namespace garant::crypto
