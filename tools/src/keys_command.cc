// garant keys show-public | rotate-pseudonym (docs/exclusion-lists.md §7).
#include <boost/json.hpp>
#include <iostream>

#include "cli.h"
#include "garant/audit/log_store.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/retokenise.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/config.h"
#include "garant/core/crypto.h"
#include "garant/core/files.h"
#include "garant/core/random.h"
#include "garant/runtime/config.h"
#include "garant/runtime/keys.h"

namespace garant::cli {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  garant keys show-public [--data-dir DIR | --config FILE] [--write-verify-key FILE]\n"
    "    prints the Ed25519 verify key (hex) of exclusion lists and checkpoints, its key id,\n"
    "    and the pseudonymisation key id (never the keys themselves). With\n"
    "    --write-verify-key, also writes the verify key to FILE (for garant filter).\n"
    "  garant keys rotate-pseudonym [--data-dir DIR | --config FILE] --new-key-file FILE\n"
    "    prepares the replacement of the pseudonymisation key: writes a new random key to\n"
    "    FILE (0600) unless FILE already holds one, then adds every objection's tokens under\n"
    "    it, computed from the sealed identity traits (one audit entry per objection).\n"
    "    Resumable. Then restart garantd with pseudonymisation_key_file = FILE and\n"
    "    previous_pseudonymisation_key_file = the old key: every list version is then\n"
    "    published under both keys until the previous one is unset.\n";

int ShowPublic(const Args& a) {
  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  auto loaded = runtime::LoadKeys(*config);
  if (!loaded.ok()) return Fail(loaded.status());
  auto pub = crypto::Ed25519PublicFromSeed(loaded->signing_seed);
  if (!pub.ok()) return Fail(pub.status());
  const std::string verify_hex = HexEncode(*pub);
  std::cout << "verify_key " << verify_hex << "\n"
            << "signing_key_id " << consent::SigningKeyId(*pub) << "\n"
            << "pseudonym_key_id " << consent::PseudonymKeyId(loaded->pseudonymisation) << "\n";
  if (loaded->previous_pseudonymisation) {
    std::cout << "previous_pseudonym_key_id "
              << consent::PseudonymKeyId(*loaded->previous_pseudonymisation) << "\n";
  }
  if (auto path = a.Get("write-verify-key")) {
    // A public key: the permissions of a plain new file.
    if (Status st = WriteFileAtomic(*path, verify_hex + "\n", 0666); !st.ok()) {
      std::cerr << "garant: " << st.message() << "\n";
      return kExitFailure;
    }
  }
  return kExitOk;
}

int RotatePseudonym(const Args& a) {
  auto new_file = a.Get("new-key-file");
  if (!new_file || new_file->empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  auto keys = runtime::LoadKeys(*config);
  if (!keys.ok()) return Fail(keys.status());
  if (Status st = runtime::EnsureSecretFile(*new_file); !st.ok()) return Fail(st);
  Config with_new = *config;
  with_new.previous_pseudonymisation_key_file = config->pseudonymisation_key_file;
  with_new.pseudonymisation_key_file = *new_file;
  // Also checks that the new key is not the current one.
  auto rotated = runtime::LoadKeys(with_new);
  if (!rotated.ok()) return Fail(rotated.status());
  const std::string from = consent::PseudonymKeyId(keys->pseudonymisation);
  const std::string to = consent::PseudonymKeyId(rotated->pseudonymisation);

  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  auto report = consent::RetokeniseObjections(
      (*db)->pool(), (*db)->audit_log(), SecureRandom::Instance(), SystemClock::Instance(),
      keys->encryption, rotated->pseudonymisation, kCliActor);
  if (!report.ok()) return Fail(report.status());
  const boost::json::object payload = {{"previous_key_id", from},
                                       {"new_key_id", to},
                                       {"objections", report->objections},
                                       {"tokens", report->tokens}};
  if (Status st =
          audit::RecordAlone((*db)->pool(), (*db)->recorder(), "keys.pseudonym_rotation_prepared",
                             "pseudonym-key/" + to, boost::json::serialize(payload));
      !st.ok()) {
    return Fail(st);
  }
  std::cout << "pseudonym key " << to << " (in " << *new_file << ") replaces " << from << "\n"
            << report->objections << " objection(s) received tokens under it (" << report->tokens
            << " tokens)\n\n"
            << "Next:\n"
            << "  1. restart garantd with\n"
            << "       pseudonymisation_key_file = " << *new_file << "\n"
            << "       previous_pseudonymisation_key_file = " << config->pseudonymisation_key_file
            << "\n"
            << "     every list version is then published under " << to << " with a companion\n"
            << "     under " << from << " (GET /api/v1/exclusions/current?pseudonym_key_id=" << from
            << ").\n"
            << "  2. move each ingestion to the new key (garant filter --pseudonym-key "
            << *new_file << ").\n"
            << "  3. once every consumer acknowledges under " << to
            << " (garant consumer list), unset\n"
            << "     previous_pseudonymisation_key_file, restart, and destroy the old key.\n";
  return kExitOk;
}

}  // namespace

int KeysCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok() || parsed->words.size() != 1) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (parsed->words[0] == "show-public") return ShowPublic(*parsed);
  if (parsed->words[0] == "rotate-pseudonym") return RotatePseudonym(*parsed);
  std::cerr << kUsage;
  return kExitUsage;
}

}  // namespace garant::cli
