// Shared plumbing of the garant CLI: argument parsing and the database.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/audit/recorder.h"
#include "garant/core/config.h"
#include "garant/core/db.h"
#include "garant/core/status.h"
#include "garant/runtime/database.h"

namespace garant::cli {

// Parsed command line: positional words and --flags. Boolean flags are
// those listed in `booleans`; every other flag takes a value.
struct Args {
  std::vector<std::string> words;
  std::map<std::string, std::string> flags;                  // the last value of each flag
  std::map<std::string, std::vector<std::string>> repeated;  // every value, in order
  bool Has(const std::string& f) const { return flags.count(f) > 0; }
  std::optional<std::string> Get(const std::string& f) const {
    auto it = flags.find(f);
    if (it == flags.end()) return std::nullopt;
    return it->second;
  }
};
Result<Args> ParseArgs(const std::vector<std::string>& argv,
                       const std::vector<std::string>& booleans);

// The database named by --data-dir (the embedded cluster of garantd --dev,
// started if needed and stopped again afterwards when the CLI started it),
// --config, or GARANT_DATABASE_URL. Migrations are applied (idempotent).
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const Args& args);
  ~Database();
  db::Pool& pool() { return *pool_; }
  audit::AuditLog& audit_log() { return audit_; }
  // A connection as the owner role (migration_database_url): for what the
  // application role may not do (garant audit prune).
  Result<db::Connection> OpenOwner() { return db::Connection::Open(target_.owner_conninfo()); }
  // The CLI as an actor (kCliActor): stores append each action's entry in the
  // action's own transaction.
  audit::Recorder recorder();

 private:
  Database() = default;
  runtime::DatabaseTarget target_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog audit_;
};

// The audit actor of the command-line tool.
inline constexpr std::string_view kCliActor = "service:garant-cli";

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the operation failed or verification failed
inline constexpr int kExitUsage = 2;    // bad command line

int Fail(const Status& st);

// Subcommands.
int UserCommand(const std::vector<std::string>& argv);
int TokenCommand(const std::vector<std::string>& argv);
int FilterCommand(const std::vector<std::string>& argv);
int KeysCommand(const std::vector<std::string>& argv);
int ConsumerCommand(const std::vector<std::string>& argv);
int AuditCommand(const std::vector<std::string>& argv);
int BackupCommand(const std::vector<std::string>& argv);
int ComplianceCommand(const std::vector<std::string>& argv);
int WitnessCommand(const std::vector<std::string>& argv);
int NoticeCommand(const std::vector<std::string>& argv);

}  // namespace garant::cli
