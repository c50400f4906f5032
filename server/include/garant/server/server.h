// garantd's lifecycle, as a library so that main() stays thin and tests can
// start a server in-process.
//
// Start(): in --dev mode starts (or reuses) the embedded PostgreSQL in
// data_dir and generates the dev secrets there; applies the migrations with
// the owner role; opens the application pool; creates the demo accounts with
// --demo; loads the pages; starts the HTTP server. Stop(): stops accepting,
// drains in-flight requests (up to 10 s), closes the pool and stops the
// embedded PostgreSQL if this process started it.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "garant/core/config.h"
#include "garant/core/status.h"

namespace garant::server {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
};
// The demo accounts created by --dev --demo (known passwords: never in production).
const std::vector<DemoAccount>& DemoAccounts();

class GarantServer {
 public:
  explicit GarantServer(Config config);
  ~GarantServer();
  GarantServer(const GarantServer&) = delete;
  GarantServer& operator=(const GarantServer&) = delete;

  Status Start();
  void Stop();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The three secrets, read from the files the config names (hex, 32 bytes each).
struct Keys {
  std::array<uint8_t, 32> pseudonymisation{};  // HMAC key of pseudonymisation v1
  std::array<uint8_t, 32> signing_seed{};      // Ed25519 seed: checkpoints, exclusion lists
  std::array<uint8_t, 32> encryption{};        // AES-256-GCM key for stored identity traits
  // During a pseudonymisation key rotation: the key being replaced
  // (previous_pseudonymisation_key_file).
  std::optional<std::array<uint8_t, 32>> previous_pseudonymisation;
};
// kFailedPrecondition naming the file when one is missing, unsafe or
// malformed, or when the previous pseudonymisation key is the current one.
Result<Keys> LoadKeys(const Config& config);

// Writes a new random 32-byte key (64 hex digits) to `path`, mode 0600 from
// creation, in a 0700 directory created if needed; nothing when the file
// exists already.
Status EnsureSecretFile(const std::filesystem::path& path);

// For --dev: the key files garantd generates in DATA_DIR/keys/ fill the key
// file settings left empty (nothing is generated here). No-op without --dev.
void UseDevKeyFiles(Config& config);

// Database connection strings for a config: in --dev mode the embedded
// cluster's (starting it when needed; the returned handle keeps it), else
// database_url / migration_database_url with the password file applied.
struct DatabaseTarget {
  std::string app_conninfo;
  std::string owner_conninfo;
  std::shared_ptr<void> embedded;  // keeps the embedded cluster object alive
  bool started_embedded = false;
};
Result<DatabaseTarget> ResolveDatabase(const Config& config);
// Stops the embedded cluster held by target if this process started it.
Status StopEmbeddedIfStarted(DatabaseTarget& target);

}  // namespace garant::server
