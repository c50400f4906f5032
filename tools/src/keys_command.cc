// garant keys show-public | rotate-pseudonym (docs/exclusion-lists.md §7) |
// rotate-encryption (docs/operations.md, "Rotating the encryption key").
#include <boost/json.hpp>
#include <iostream>

#include "cli.h"
#include "garant/audit/log_store.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/reseal.h"
#include "garant/consent/retokenise.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/config.h"
#include "garant/core/crypto.h"
#include "garant/core/files.h"
#include "garant/core/random.h"
#include "garant/runtime/config.h"
#include "garant/runtime/keys.h"
#include "garant/staff/second_factor.h"

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
    "    published under both keys until the previous one is unset.\n"
    "  garant keys rotate-encryption [--data-dir DIR | --config FILE] [--batch N]\n"
    "    re-seals every sealed value (identity traits and contacts of objections, TOTP\n"
    "    secrets) not yet under the current encryption key (encryption_key_file), opening\n"
    "    it with previous_encryption_key_file or, for values older than key ids, the\n"
    "    master itself. N rows per transaction (default 200). Resumable and idempotent;\n"
    "    an audit entry at start and at end, with counts.\n";

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
  auto report = consent::RetokeniseObjections((*db)->pool(), (*db)->audit_log(),
                                              SecureRandom::Instance(), SystemClock::Instance(),
                                              keys->sealing, rotated->pseudonymisation, kCliActor);
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

std::string KeyIdText(std::optional<int32_t> id) {
  return id ? std::to_string(*id) : std::string("none");
}

int RotateEncryption(const Args& a) {
  int batch = 200;
  if (auto b = a.Get("batch")) {
    try {
      size_t used = 0;
      batch = std::stoi(*b, &used);
      if (used != b->size()) batch = 0;
    } catch (const std::exception&) {
      batch = 0;
    }
    if (batch < 1 || batch > 100000) {
      std::cerr << "garant: --batch must be a number from 1 to 100000\n";
      return kExitUsage;
    }
  }
  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  auto keys = runtime::LoadKeys(*config);
  if (!keys.ok()) return Fail(keys.status());
  const crypto::KeyRing& ring = keys->sealing;
  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  db::Pool& pool = (*db)->pool();
  staff::SecondFactorStore factors(pool, SecureRandom::Instance(), SystemClock::Instance());

  auto objections_due = consent::CountObjectionsToReseal(pool, ring);
  if (!objections_due.ok()) return Fail(objections_due.status());
  auto secrets_due = factors.CountSecretsToReseal(ring);
  if (!secrets_due.ok()) return Fail(secrets_due.status());
  auto rights_due = consent::CountRightsRequestsToReseal(pool, ring);
  if (!rights_due.ok()) return Fail(rights_due.status());
  auto answers_due = consent::CountKeptAnswersToReseal(pool, ring);
  if (!answers_due.ok()) return Fail(answers_due.status());
  const std::string object = "encryption-key/" + std::to_string(ring.current_id());
  const boost::json::object started = {
      {"key_id", ring.current_id()},        {"previous_key_id", KeyIdText(ring.previous_id())},
      {"objections_due", *objections_due},  {"totp_secrets_due", *secrets_due},
      {"rights_requests_due", *rights_due}, {"kept_answers_due", *answers_due}};
  if (Status st = audit::RecordAlone(pool, (*db)->recorder(), "keys.encryption_rotation_started",
                                     object, boost::json::serialize(started));
      !st.ok()) {
    return Fail(st);
  }
  crypto::ResealOptions options;
  options.batch = batch;
  auto objections = consent::ResealObjections(pool, ring, options);
  if (!objections.ok()) return Fail(objections.status());
  auto secrets = factors.ResealSecrets(ring, options);
  if (!secrets.ok()) return Fail(secrets.status());
  auto rights = consent::ResealRightsRequests(pool, ring, options);
  if (!rights.ok()) return Fail(rights.status());
  auto answers = consent::ResealKeptAnswers(pool, ring, options);
  if (!answers.ok()) return Fail(answers.status());
  auto codes_left = consent::CountReceiptCodesUnderOtherKeys(pool, ring);
  if (!codes_left.ok()) return Fail(codes_left.status());
  const boost::json::object completed = {{"key_id", ring.current_id()},
                                         {"previous_key_id", KeyIdText(ring.previous_id())},
                                         {"objections", *objections},
                                         {"totp_secrets", *secrets},
                                         {"rights_requests", *rights},
                                         {"kept_answers", *answers},
                                         {"receipt_codes_under_other_keys", *codes_left}};
  if (Status st = audit::RecordAlone(pool, (*db)->recorder(), "keys.encryption_rotation_completed",
                                     object, boost::json::serialize(completed));
      !st.ok()) {
    return Fail(st);
  }
  std::cout << "encryption key " << ring.current_id() << ": " << *objections << " objection(s) and "
            << *secrets << " TOTP secret(s) re-sealed\n"
            << *rights << " rights request(s) re-sealed\n"
            << *answers << " kept answer(s) of retried requests re-sealed\n"
            << *codes_left
            << " receipt code(s) hashed under a key no longer configured (they cannot be\n"
            << "checked any more; staff can still withdraw on the person's behalf).\n";
  if (ring.has_previous()) {
    std::cout << "Next: unset previous_encryption_key_file, restart garantd and destroy the\n"
              << "previous key (receipt codes were re-sealed with the rest: they keep working).\n";
  }
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
  if (parsed->words[0] == "rotate-encryption") return RotateEncryption(*parsed);
  std::cerr << kUsage;
  return kExitUsage;
}

}  // namespace garant::cli
