// garant backup DIR: a consistent base backup of garant (docs/operations.md,
// "Backups and the restore drill"):
//   DIR/audit-signer.state  the checkpoint signer's state, copied FIRST: the
//                           signer only signs trees already in the database,
//                           so this copy never gets ahead of the base backup
//                           taken after it (a restore of both starts cleanly)
//   DIR/public-keys.txt     verify key, key ids, the log's note verifier key
//   DIR/base/               pg_basebackup -F tar -z -X stream (a consistent
//                           copy of the cluster with the WAL it needs)
//   DIR/secrets/            the key files, only with --include-secrets (a
//                           warning says how to keep them)
//   DIR/MANIFEST            what each file is, with its SHA-256
// The replication connection: the embedded cluster's superuser with
// --data-dir, else migration_database_url with migration_database_password_file
// (or database_url with database_password_file), whose role needs the
// REPLICATION attribute; the password goes through PGPASSWORD, never the
// command line.
#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "audit_export.h"
#include "cli.h"
#include "garant/audit/publisher.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/crypto.h"
#include "garant/core/embedded_postgres.h"
#include "garant/core/files.h"
#include "garant/runtime/config.h"
#include "garant/runtime/keys.h"

namespace garant::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: garant backup DIR [--data-dir D | --config FILE] [--include-secrets]\n"
    "  writes a consistent base backup of garant into DIR (new or empty): the signer state,\n"
    "  the public keys, the database (pg_basebackup) and a MANIFEST. The secret keys are left\n"
    "  out unless --include-secrets (then keep DIR encrypted and apart from the database's\n"
    "  backups). Restore: docs/operations.md, \"Backups and the restore drill\".\n";

Result<std::string> Sha256File(const fs::path& p) {
  GARANT_ASSIGN_OR_RETURN(std::string content, ReadFile(p.string()));
  return HexEncode(crypto::Sha256(std::string_view(content)));
}

Status CopyPrivate(const fs::path& from, const fs::path& to) {
  GARANT_ASSIGN_OR_RETURN(std::string content, ReadFile(from.string()));
  return WriteFileAtomic(to.string(), content, 0600);
}

// pg_basebackup's directory: that of the embedded cluster's binaries.
std::string PgBasebackup() {
  const std::string packaged = db::EmbeddedPostgres::Options{}.bin_dir + "/pg_basebackup";
  return fs::exists(packaged) ? packaged : "pg_basebackup";
}

// Runs pg_basebackup into `target`; its output is returned on failure.
Status BaseBackup(const std::string& conninfo, const std::string& password,
                  const fs::path& target) {
  Poco::Process::Args args = {"-D",
                              target.string(),
                              "-F",
                              "tar",
                              "-z",
                              "-X",
                              "stream",
                              "--checkpoint=fast",
                              "--no-password",
                              "-d",
                              conninfo};
  Poco::Process::Env env;
  if (!password.empty()) env["PGPASSWORD"] = password;
  Poco::Pipe out;
  try {
    Poco::ProcessHandle h =
        Poco::Process::launch(PgBasebackup(), args, ".", nullptr, &out, &out, env);
    Poco::PipeInputStream in(out);
    std::stringstream text;
    text << in.rdbuf();
    int code = h.wait();
    if (code != 0) {
      return Status::Unavailable("pg_basebackup failed (exit " + std::to_string(code) +
                                 "): " + text.str());
    }
  } catch (const Poco::Exception& e) {
    return Status::FailedPrecondition("cannot run pg_basebackup: " + e.displayText());
  }
  return Status::Ok();
}

// The replication connection (see the top of the file), without password.
struct Replication {
  std::string conninfo;
  std::string password;
};

Result<Replication> ReplicationTarget(const Config& c, runtime::DatabaseTarget& target) {
  if (c.dev) return Replication{target.superuser_conninfo(), ""};
  Replication r;
  // The owner role, with its own password (migration_database_password_file).
  const bool owner = !c.migration_database_url.empty();
  r.conninfo = owner ? c.migration_database_url : c.database_url;
  const std::string& password_file =
      owner ? c.migration_database_password_file : c.database_password_file;
  if (!password_file.empty()) {
    GARANT_ASSIGN_OR_RETURN(Bytes secret, ReadSecretFile(password_file));
    r.password.assign(secret.begin(), secret.end());
  }
  return r;
}

int Backup(const Args& a, const fs::path& dir) {
  auto config = runtime::ResolveCliConfig(a.Get("config"), a.Get("data-dir"));
  if (!config.ok()) return Fail(config.status());
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) {
    std::cerr << "garant: " << dir.string() << " exists and is not an empty directory\n";
    return kExitUsage;
  }
  auto keys = runtime::LoadKeys(*config);
  if (!keys.ok()) return Fail(keys.status());
  fs::create_directories(dir, ec);
  fs::permissions(dir, fs::perms::owner_all, ec);
  if (ec) return Fail(Status::FailedPrecondition("cannot create " + dir.string()));

  std::ostringstream manifest;
  manifest << "garant backup, " << FormatRfc3339Utc(SystemClock::Instance().Now()) << "\n";
  // 1. The signer state, before the database (see the top of the file).
  std::string state_line = "audit-signer.state: none (nothing signed yet)";
  if (!config->audit_state_file.empty() && fs::exists(config->audit_state_file, ec)) {
    audit::FileSignerStateStore store(config->audit_state_file);
    auto head = store.Load();
    if (!head.ok()) return Fail(head.status());
    if (Status st = CopyPrivate(config->audit_state_file, dir / "audit-signer.state"); !st.ok()) {
      return Fail(st);
    }
    state_line = "audit-signer.state: the signer's last signed tree, size " +
                 std::to_string(*head ? (*head)->size : 0);
  }
  manifest << state_line << "\n";
  // 2. The public keys.
  auto pub = crypto::Ed25519PublicFromSeed(keys->signing_seed);
  if (!pub.ok()) return Fail(pub.status());
  auto note_key = ConfiguredVerifierKey(a);
  if (!note_key.ok()) return Fail(note_key.status());
  std::ostringstream public_keys;
  public_keys << "verify_key " << HexEncode(*pub) << "\n"
              << "signing_key_id " << consent::SigningKeyId(*pub) << "\n"
              << "pseudonym_key_id " << consent::PseudonymKeyId(keys->pseudonymisation) << "\n"
              << "audit_verifier_key " << *note_key << "\n";
  if (Status st = WriteFileAtomic((dir / "public-keys.txt").string(), public_keys.str(), 0644);
      !st.ok()) {
    return Fail(st);
  }
  // 3. The database.
  auto target = runtime::DatabaseTarget::Resolve(*config);
  if (!target.ok()) return Fail(target.status());
  auto replication = ReplicationTarget(*config, *target);
  if (!replication.ok()) return Fail(replication.status());
  Status based = BaseBackup(replication->conninfo, replication->password, dir / "base");
  Status stopped = target->StopEmbeddedIfStarted();
  if (!based.ok()) return Fail(based);
  if (!stopped.ok()) return Fail(stopped);
  // 4. The secrets, only when asked.
  if (a.Has("include-secrets")) {
    std::cerr << "garant: WARNING: this backup holds the SECRET keys (" << dir.string()
              << "/secrets): anyone with it can sign checkpoints and lists and read the\n"
              << "  stored identities. Encrypt it and keep it apart from the database backups.\n";
    fs::create_directories(dir / "secrets", ec);
    fs::permissions(dir / "secrets", fs::perms::owner_all, ec);
    for (const std::string* f :
         {&config->pseudonymisation_key_file, &config->previous_pseudonymisation_key_file,
          &config->signing_key_file, &config->encryption_key_file,
          &config->previous_encryption_key_file, &config->database_password_file,
          &config->migration_database_password_file}) {
      if (f->empty()) continue;
      fs::path from(*f);
      if (Status st = CopyPrivate(from, dir / "secrets" / from.filename()); !st.ok()) {
        return Fail(st);
      }
    }
    manifest << "secrets/: the secret keys (--include-secrets)\n";
  } else {
    manifest << "secrets: NOT included (keys are backed up apart; --include-secrets)\n";
  }
  manifest << "\nsha256:\n";
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto sum = Sha256File(e.path());
    if (!sum.ok()) return Fail(sum.status());
    manifest << *sum << "  " << fs::relative(e.path(), dir).string() << "\n";
  }
  if (Status st = WriteFileAtomic((dir / "MANIFEST").string(), manifest.str(), 0644); !st.ok()) {
    return Fail(st);
  }
  std::cout << "backup written to " << dir.string() << "\n  " << state_line
            << "\n  public-keys.txt, base/ (pg_basebackup), MANIFEST\n"
            << (a.Has("include-secrets") ? "  secrets/ INCLUDED\n"
                                         : "  secret keys not included\n");
  return kExitOk;
}

}  // namespace

int BackupCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {"include-secrets"});
  if (!parsed.ok() || parsed->words.size() != 1) {
    if (!parsed.ok()) std::cerr << "garant: " << parsed.status().message() << "\n";
    std::cerr << kUsage;
    return kExitUsage;
  }
  for (const auto& [flag, value] : parsed->flags) {
    if (flag != "data-dir" && flag != "config" && flag != "include-secrets") {
      std::cerr << "garant: unknown option --" << flag << "\n" << kUsage;
      return kExitUsage;
    }
  }
  return Backup(*parsed, parsed->words[0]);
}

}  // namespace garant::cli
