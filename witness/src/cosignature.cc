#include "garant/witness/cosignature.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <map>
#include <utility>

namespace garant::witness {
namespace {

constexpr size_t kCosignatureSize = 8 + 64;  // u64 timestamp || Ed25519 signature

// A cosignature key string (audit::ParseTypedKey) of type 0x04, or why not.
Result<audit::TypedKey> ParseCosignatureKey(std::string_view s) {
  Result<audit::TypedKey> parts = audit::ParseTypedKey(s);
  if (!parts.ok()) {
    return Status::InvalidArgument(
        "malformed witness key (want name+hex8+base64 of 0x04 and 32 bytes)");
  }
  if (parts->type != kSignatureTypeCosignatureV1) {
    return Status::InvalidArgument(
        "not a cosignature/v1 key (type 0x04); a log key (0x01) cannot cosign");
  }
  return parts;
}

}  // namespace

std::string CosignedMessage(std::string_view checkpoint_text, uint64_t timestamp) {
  std::string m(kCosignatureHeader);
  m.append("\ntime ").append(std::to_string(timestamp)).append("\n").append(checkpoint_text);
  return m;
}

Result<CosignatureVerifier> CosignatureVerifier::Create(
    std::string name, const crypto::Ed25519PublicKeyBytes& public_key) {
  if (!audit::IsValidKeyName(name)) {
    return Status::InvalidArgument("invalid witness name");
  }
  CosignatureVerifier v;
  v.key_id_ = audit::NoteKeyId(name, kSignatureTypeCosignatureV1, public_key);
  v.name_ = std::move(name);
  v.public_key_ = public_key;
  return v;
}

Result<CosignatureVerifier> CosignatureVerifier::Parse(std::string_view verifier_key) {
  GARANT_ASSIGN_OR_RETURN(audit::TypedKey parts, ParseCosignatureKey(verifier_key));
  GARANT_ASSIGN_OR_RETURN(CosignatureVerifier v, Create(std::move(parts.name), parts.key));
  if (v.key_id_ != parts.key_id) {
    return Status::InvalidArgument("witness key id does not match its name and key");
  }
  return v;
}

std::string CosignatureVerifier::KeyString() const {
  return audit::FormatTypedKey(name_, key_id_, kSignatureTypeCosignatureV1, public_key_);
}

Result<uint64_t> CosignatureVerifier::Verify(std::string_view checkpoint_text,
                                             ByteView signature) const {
  if (signature.size() != kCosignatureSize) {
    return Status::DataLoss("cosignature by " + name_ + " has the wrong length");
  }
  uint64_t t = 0;
  for (size_t i = 0; i < 8; ++i) {
    t = (t << 8) | signature[i];
  }
  if (t > kMaxCosignatureTime) {
    return Status::DataLoss("cosignature by " + name_ + " has an impossible timestamp");
  }
  crypto::Ed25519Signature sig;
  std::copy(signature.begin() + 8, signature.end(), sig.begin());
  if (!crypto::Ed25519Verify(public_key_, AsBytes(CosignedMessage(checkpoint_text, t)), sig)) {
    return Status::DataLoss("cosignature by " + name_ + " does not verify");
  }
  return t;
}

Result<CosignatureSigner> CosignatureSigner::Create(std::string name,
                                                    const crypto::Ed25519Seed& seed) {
  if (!audit::IsValidKeyName(name)) {
    return Status::InvalidArgument("invalid witness name");
  }
  GARANT_ASSIGN_OR_RETURN(crypto::Ed25519PublicKeyBytes pub, crypto::Ed25519PublicFromSeed(seed));
  CosignatureSigner s;
  s.key_id_ = audit::NoteKeyId(name, kSignatureTypeCosignatureV1, pub);
  s.name_ = std::move(name);
  s.public_key_ = pub;
  s.seed_ = seed;
  return s;
}

Result<CosignatureSigner> CosignatureSigner::Parse(std::string_view signer_key) {
  const Status bad = Status::InvalidArgument("malformed witness signer key");
  if (!signer_key.starts_with(audit::kSignerKeyPrefix)) {
    return bad;
  }
  Result<audit::TypedKey> parts =
      ParseCosignatureKey(signer_key.substr(audit::kSignerKeyPrefix.size()));
  if (!parts.ok()) {
    return bad;  // never echo secret material
  }
  Result<CosignatureSigner> s = Create(parts->name, parts->key);
  OPENSSL_cleanse(parts->key.data(), parts->key.size());
  if (!s.ok()) {
    return bad;
  }
  if (s->key_id_ != parts->key_id) {
    return Status::InvalidArgument("witness signer key id does not match the key");
  }
  return s;
}

CosignatureVerifier CosignatureSigner::Verifier() const {
  CosignatureVerifier v;
  v.name_ = name_;
  v.key_id_ = key_id_;
  v.public_key_ = public_key_;
  return v;
}

std::string CosignatureSigner::KeyString() const {
  return std::string(audit::kSignerKeyPrefix) +
         audit::FormatTypedKey(name_, key_id_, kSignatureTypeCosignatureV1, seed_);
}

Result<audit::NoteSignature> CosignatureSigner::Sign(std::string_view checkpoint_text,
                                                     uint64_t timestamp) const {
  GARANT_RETURN_IF_ERROR(audit::ValidateNoteText(checkpoint_text));
  if (timestamp > kMaxCosignatureTime) {
    return Status::InvalidArgument("cosignature timestamp out of range");
  }
  GARANT_ASSIGN_OR_RETURN(
      crypto::Ed25519Signature sig,
      crypto::Ed25519Sign(seed_, AsBytes(CosignedMessage(checkpoint_text, timestamp))));
  audit::NoteSignature out{name_, key_id_, {}};
  out.signature.reserve(kCosignatureSize);
  for (int i = 7; i >= 0; --i) {
    out.signature.push_back(static_cast<uint8_t>(timestamp >> (8 * i)));
  }
  out.signature.insert(out.signature.end(), sig.begin(), sig.end());
  return out;
}

Result<std::vector<VerifiedCosignature>> VerifyCosignatures(
    std::string_view note, std::span<const CosignatureVerifier> witnesses) {
  GARANT_ASSIGN_OR_RETURN(audit::Note parsed, audit::ParseNote(note));
  std::map<std::string, uint64_t> latest;
  for (const audit::NoteSignature& sig : parsed.signatures) {
    const auto known = std::find_if(witnesses.begin(), witnesses.end(),
                                    [&](const CosignatureVerifier& w) { return w.Matches(sig); });
    if (known == witnesses.end()) {
      continue;
    }
    GARANT_ASSIGN_OR_RETURN(uint64_t t, known->Verify(parsed.text, sig.signature));
    uint64_t& slot = latest[known->name()];
    slot = std::max(slot, t);
  }
  std::vector<VerifiedCosignature> out;
  for (const auto& [name, t] : latest) {
    out.push_back({name, t});
  }
  return out;
}

}  // namespace garant::witness
