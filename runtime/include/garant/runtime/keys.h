// The secrets a garant process needs, read from the files the configuration
// names (hex, 32 bytes each), and the dev key files of `garantd --dev`.
//
// Thread-safety: free functions over values; thread-safe.
// Errors: kFailedPrecondition naming the setting or file (never its content).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "garant/core/config.h"
#include "garant/core/key_ring.h"
#include "garant/core/status.h"

namespace garant::runtime {

struct Keys {
  std::array<uint8_t, 32> pseudonymisation{};  // HMAC key of pseudonymisation v1
  std::array<uint8_t, 32> signing_seed{};      // Ed25519 seed: checkpoints, exclusion lists
  // The master secret of the stored secrets: never used directly since key
  // ids (0018) except to open legacy values; its HKDF-derived keys seal
  // (traits, contacts, TOTP secrets) and hash receipt codes (`sealing`).
  std::array<uint8_t, 32> encryption{};
  // During a pseudonymisation key rotation: the key being replaced
  // (previous_pseudonymisation_key_file).
  std::optional<std::array<uint8_t, 32>> previous_pseudonymisation;
  // During an encryption key rotation: the master being replaced
  // (previous_encryption_key_file).
  std::optional<std::array<uint8_t, 32>> previous_encryption;
  // The key ring over `encryption` (and `previous_encryption`).
  crypto::KeyRing sealing;
};

// kFailedPrecondition naming the file when one is missing, unsafe (readable
// by others) or malformed, or when a previous key (pseudonymisation,
// encryption) is the current one, or when the two encryption masters' key ids
// coincide (probability 2^-31: make another key).
Result<Keys> LoadKeys(const Config& config);

// Writes a new random 32-byte key (64 hex digits) to `path`, mode 0600 from
// creation, in a 0700 directory created if needed; nothing when the file
// exists already.
Status EnsureSecretFile(const std::filesystem::path& path);

// For --dev: the key files garantd generates in DATA_DIR/keys/ fill the key
// file settings left empty (nothing is generated here). No-op without --dev.
void UseDevKeyFiles(Config& config);

// For --dev: generates the missing dev key files (EnsureSecretFile) and then
// applies UseDevKeyFiles. No-op without --dev.
Status EnsureDevKeyFiles(Config& config);

}  // namespace garant::runtime
