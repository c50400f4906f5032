// garant: the command-line tool. Dispatches to one subcommand.
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "garant/core/logging.h"

namespace {
constexpr const char* kUsage =
    "usage: garant <command> ...\n"
    "  user   add|list|disable|reset-password   staff accounts\n"
    "  token  create|list|revoke                 service tokens (ingestion, warehouse, auditor)\n"
    "  filter --exclusions L --verify-key K ...  the ingestion filter (drops objectors)\n"
    "  keys   show-public                        verify key and key ids for consumers\n"
    "  consumer add|list|disable                 exclusion-list consumers (push, acks, lag)\n"
    "  audit  export|verify|public-key           the audit log: export, offline verification\n"
    "  audit  prune [--dry-run]                  retention: remove old access/staff content\n"
    "  audit  trail|verify-export                 access trails as verifiable exports\n"
    "  backup DIR [--include-secrets]            a consistent base backup (pg_basebackup)\n"
    "  compliance consents|pack                  FHIR Consent export, the CNIL control pack\n"
    "  notice publish|list|show                  the register of information notices\n"
    "  witness init|serve|public-key             a C2SP tlog witness that cosigns checkpoints\n"
    "Run 'garant <command>' without arguments for its usage.\n";
}

int main(int argc, char** argv) {
  garant::logging::Init("text", "warn");
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? garant::cli::kExitUsage : garant::cli::kExitOk;
  }
  std::string cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "user") return garant::cli::UserCommand(rest);
  if (cmd == "token") return garant::cli::TokenCommand(rest);
  if (cmd == "filter") return garant::cli::FilterCommand(rest);
  if (cmd == "keys") return garant::cli::KeysCommand(rest);
  if (cmd == "consumer") return garant::cli::ConsumerCommand(rest);
  if (cmd == "audit") return garant::cli::AuditCommand(rest);
  if (cmd == "backup") return garant::cli::BackupCommand(rest);
  if (cmd == "compliance") return garant::cli::ComplianceCommand(rest);
  if (cmd == "witness") return garant::cli::WitnessCommand(rest);
  if (cmd == "notice") return garant::cli::NoticeCommand(rest);
  std::cerr << "garant: unknown command '" << cmd << "'\n" << kUsage;
  return garant::cli::kExitUsage;
}
