// garant keys show-public: the public half of garant's keys, for consumers.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli.h"
#include "garant/consent/exclusion_list.h"
#include "garant/core/bytes.h"
#include "garant/core/config.h"
#include "garant/core/crypto.h"
#include "garant/server/server.h"

namespace garant::cli {
namespace {
constexpr const char* kUsage =
    "usage:\n"
    "  garant keys show-public [--data-dir DIR | --config FILE] [--write-verify-key FILE]\n"
    "    prints the Ed25519 verify key (hex) of exclusion lists and checkpoints, its key id,\n"
    "    and the pseudonymisation key id (never the keys themselves). With\n"
    "    --write-verify-key, also writes the verify key to FILE (for garant filter).\n";
}  // namespace

int KeysCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok() || parsed->words.size() != 1 || parsed->words[0] != "show-public") {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  std::vector<std::string> cfg_args;
  if (auto c = a.Get("config")) cfg_args = {"--config", *c};
  if (auto d = a.Get("data-dir")) cfg_args.insert(cfg_args.end(), {"--dev", "--data-dir", *d});
  auto config = ResolveConfig(cfg_args, ProcessEnvironment(), garant::ReadFile);
  if (!config.ok()) return Fail(config.status());
  if (config->dev) {
    // garantd --dev keeps its generated secrets in DIR/keys/.
    std::filesystem::path keys = std::filesystem::absolute(config->data_dir) / "keys";
    if (config->pseudonymisation_key_file.empty()) {
      config->pseudonymisation_key_file = (keys / "pseudonymisation.key").string();
    }
    if (config->signing_key_file.empty())
      config->signing_key_file = (keys / "signing.key").string();
    if (config->encryption_key_file.empty()) {
      config->encryption_key_file = (keys / "encryption.key").string();
    }
  }
  auto loaded = server::LoadKeys(*config);
  if (!loaded.ok()) return Fail(loaded.status());
  auto pub = crypto::Ed25519PublicFromSeed(loaded->signing_seed);
  if (!pub.ok()) return Fail(pub.status());
  const std::string verify_hex = HexEncode(*pub);
  std::cout << "verify_key " << verify_hex << "\n"
            << "signing_key_id " << consent::SigningKeyId(*pub) << "\n"
            << "pseudonym_key_id " << consent::ListPseudonymKeyId(loaded->pseudonymisation) << "\n";
  if (auto path = a.Get("write-verify-key")) {
    std::ofstream out(*path, std::ios::trunc);
    out << verify_hex << "\n";
    out.close();
    if (!out) {
      std::cerr << "garant: cannot write " << *path << "\n";
      return kExitFailure;
    }
  }
  return kExitOk;
}

}  // namespace garant::cli
