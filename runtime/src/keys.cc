#include "garant/runtime/keys.h"

#include <sys/stat.h>

#include <algorithm>

#include "garant/core/bytes.h"
#include "garant/core/files.h"
#include "garant/core/random.h"

namespace garant::runtime {
namespace fs = std::filesystem;

namespace {

Result<std::array<uint8_t, 32>> LoadKey(const std::string& path, const char* setting) {
  if (path.empty()) {
    return Status::FailedPrecondition(std::string(setting) + " is not set (or use --dev)");
  }
  GARANT_ASSIGN_OR_RETURN(Bytes text, ReadSecretFile(path));
  std::array<uint8_t, 32> key{};
  if (!HexDecodeInto(AsString(text), key)) {
    return Status::FailedPrecondition(path + " must hold 32 bytes as 64 hex digits");
  }
  return key;
}

}  // namespace

Result<Keys> LoadKeys(const Config& c) {
  Keys k;
  GARANT_ASSIGN_OR_RETURN(k.pseudonymisation,
                          LoadKey(c.pseudonymisation_key_file, "pseudonymisation_key_file"));
  GARANT_ASSIGN_OR_RETURN(k.signing_seed, LoadKey(c.signing_key_file, "signing_key_file"));
  GARANT_ASSIGN_OR_RETURN(k.encryption, LoadKey(c.encryption_key_file, "encryption_key_file"));
  if (!c.previous_pseudonymisation_key_file.empty()) {
    GARANT_ASSIGN_OR_RETURN(
        k.previous_pseudonymisation,
        LoadKey(c.previous_pseudonymisation_key_file, "previous_pseudonymisation_key_file"));
    if (*k.previous_pseudonymisation == k.pseudonymisation) {
      return Status::FailedPrecondition(
          "previous_pseudonymisation_key_file holds the current pseudonymisation key: name the "
          "key being replaced, or unset it");
    }
  }
  if (!c.previous_encryption_key_file.empty()) {
    GARANT_ASSIGN_OR_RETURN(k.previous_encryption, LoadKey(c.previous_encryption_key_file,
                                                           "previous_encryption_key_file"));
    if (*k.previous_encryption == k.encryption) {
      return Status::FailedPrecondition(
          "previous_encryption_key_file holds the current encryption key: name the key being "
          "replaced, or unset it");
    }
    if (crypto::KeyIdOf(*k.previous_encryption) == crypto::KeyIdOf(k.encryption)) {
      return Status::FailedPrecondition(
          "the encryption key and previous_encryption_key_file have the same key id: generate "
          "another encryption key");
    }
  }
  k.sealing = crypto::KeyRing(k.encryption, k.previous_encryption);
  return k;
}

Status EnsureSecretFile(const fs::path& path) {
  if (fs::exists(path)) return Status::Ok();
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::FailedPrecondition("cannot create " + path.parent_path().string());
  ::chmod(path.parent_path().c_str(), 0700);
  // Created 0600 from the start: the secret is never readable by others.
  Status written = WriteFileAtomic(path, SecureRandom::Instance().Hex(32) + "\n", 0600);
  if (!written.ok()) return Status::FailedPrecondition(written.message());
  return Status::Ok();
}

void UseDevKeyFiles(Config& c) {
  if (!c.dev) return;
  const fs::path d = fs::absolute(c.data_dir);
  const fs::path secrets = d / "keys";
  if (c.pseudonymisation_key_file.empty()) {
    c.pseudonymisation_key_file = (secrets / "pseudonymisation.key").string();
  }
  if (c.signing_key_file.empty()) c.signing_key_file = (secrets / "signing.key").string();
  if (c.encryption_key_file.empty()) c.encryption_key_file = (secrets / "encryption.key").string();
  if (c.audit_state_file.empty()) c.audit_state_file = (d / "audit-signer.state").string();
}

Status EnsureDevKeyFiles(Config& c) {
  if (!c.dev) return Status::Ok();
  const fs::path secrets = fs::absolute(c.data_dir) / "keys";
  for (const char* name : {"pseudonymisation.key", "signing.key", "encryption.key"}) {
    GARANT_RETURN_IF_ERROR(EnsureSecretFile(secrets / name));
  }
  UseDevKeyFiles(c);
  return Status::Ok();
}

}  // namespace garant::runtime
