#include "garant/server/check_config.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "audit/witnesses.h"
#include "garant/access/rules.h"
#include "garant/audit/note.h"
#include "garant/core/bytes.h"
#include "garant/core/config.h"
#include "garant/runtime/tls_server.h"
#include "information/public_info.h"

namespace garant::server {
namespace {

namespace fs = std::filesystem;

// The line number a ResolveConfig error names ("PATH:LINE…"), or 0.
int LineOf(const std::string& message, const std::string& path) {
  const std::string marker = path + ":";
  size_t at = message.find(marker);
  if (at == std::string::npos) return 0;
  int n = 0;
  for (size_t i = at + marker.size(); i < message.size() && std::isdigit(message[i]); ++i) {
    n = n * 10 + (message[i] - '0');
  }
  return n;
}

// The file's text with the given lines (1-based) blanked.
std::string Without(const std::string& text, const std::set<int>& lines) {
  std::istringstream in(text);
  std::string out, line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!lines.contains(n)) out += line;
    out += '\n';
  }
  return out;
}

// Resolves the file alone; every line error is a problem, the line is then
// left out and the rest checked again. nullopt when the file cannot be used.
std::optional<Config> ResolveEveryLine(const std::string& path, ConfigCheck& out) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    out.problems.push_back(text.status().message());
    return std::nullopt;
  }
  std::set<int> bad;
  for (int round = 0; round < 1000; ++round) {
    std::string current = Without(*text, bad);
    auto config = ResolveConfig({"--config", path}, {},
                                [&](const std::string&) -> Result<std::string> { return current; });
    if (config.ok()) return std::move(*config);
    const std::string& message = config.status().message();
    int line = LineOf(message, path);
    out.problems.push_back(message);
    if (line == 0 || bad.contains(line)) return std::nullopt;  // not a line's problem
    bad.insert(line);
  }
  return std::nullopt;
}

bool Readable(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

// A key file: a secret file (ReadSecretFile's rules) holding 32 bytes in hex.
void CheckKeyFile(const std::string& key, const std::string& path, ConfigCheck& out) {
  auto bytes = ReadSecretFile(path);
  if (!bytes.ok()) {
    out.problems.push_back(key + ": " + bytes.status().message());
    return;
  }
  std::array<uint8_t, 32> decoded{};
  std::string text(bytes->begin(), bytes->end());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.size() != 64 || !HexDecodeInto(text, decoded)) {
    out.problems.push_back(key + ": " + path + " must hold 32 bytes as 64 hex digits");
  }
}

// A libpq URI or conninfo; the password belongs in database_password_file.
// Returns "host/dbname" for the summary.
std::string CheckDatabaseUrl(const std::string& key, const std::string& url, ConfigCheck& out) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(url.c_str(), &error), &PQconninfoFree);
  if (!options) {
    std::string why = error != nullptr ? error : "cannot be parsed";
    if (error != nullptr) PQfreemem(error);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    out.problems.push_back(key + ": not a PostgreSQL URL or conninfo (" + why + ")");
    return "";
  }
  std::string host, dbname;
  for (PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string k = o->keyword;
    if (k == "password") {
      out.problems.push_back(key + ": holds a password; put it in database_password_file");
    }
    if (k == "host") host = o->val;
    if (k == "dbname") dbname = o->val;
  }
  return (host.empty() ? "(local socket)" : host) + "/" + (dbname.empty() ? "(default)" : dbname);
}

void CheckValues(const Config& c, ConfigCheck& out) {
  auto problem = [&](std::string s) { out.problems.push_back(std::move(s)); };
  // What a start without --dev needs.
  if (!c.dev) {
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string*>{"database_url", &c.database_url},
          {"pseudonymisation_key_file", &c.pseudonymisation_key_file},
          {"signing_key_file", &c.signing_key_file},
          {"encryption_key_file", &c.encryption_key_file},
          {"audit_state_file", &c.audit_state_file}}) {
      if (value->empty()) problem(std::string(key) + " is not set (needed without --dev)");
    }
  }
  for (const auto& [key, path] :
       {std::pair<const char*, const std::string*>{"pseudonymisation_key_file",
                                                   &c.pseudonymisation_key_file},
        {"previous_pseudonymisation_key_file", &c.previous_pseudonymisation_key_file},
        {"signing_key_file", &c.signing_key_file},
        {"encryption_key_file", &c.encryption_key_file},
        {"previous_encryption_key_file", &c.previous_encryption_key_file}}) {
    if (!path->empty()) CheckKeyFile(key, *path, out);
  }
  if (!c.previous_encryption_key_file.empty() &&
      c.previous_encryption_key_file == c.encryption_key_file) {
    problem("previous_encryption_key_file names the encryption key itself");
  }
  if (!c.database_password_file.empty()) {
    auto secret = ReadSecretFile(c.database_password_file);
    if (!secret.ok()) {
      problem("database_password_file: " + secret.status().message());
    } else if (secret->empty()) {
      problem("database_password_file: " + c.database_password_file + " is empty");
    }
  }
  if (!c.consumer_ca_file.empty()) {
    auto pem = ReadFile(c.consumer_ca_file);
    if (!pem.ok()) {
      problem("consumer_ca_file: " + pem.status().message());
    } else if (pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      problem("consumer_ca_file: " + c.consumer_ca_file + " holds no PEM certificate");
    }
  }
  // TLS served by garantd: the same checks as at start (runtime/tls_server.h),
  // each file's problem in words.
  std::string tls_summary = "plain HTTP (TLS ends at a proxy)";
  if (c.serves_tls()) {
    auto tls =
        runtime::ServerTls::Create(c.tls_certificate_file, c.tls_key_file, c.tls_client_ca_file);
    if (!tls.ok()) {
      problem(tls.status().message());
    } else {
      tls_summary = "serves TLS itself: " + tls->description() +
                    (tls->verifies_clients()
                         ? "; service tokens need a client certificate from " + c.tls_client_ca_file
                         : "");
    }
  }
  if (!c.audit_state_file.empty()) {
    fs::path state(c.audit_state_file);
    std::error_code ec;
    fs::path dir = state.has_parent_path() ? state.parent_path() : fs::path(".");
    if (!state.is_absolute()) {
      problem("audit_state_file: " + c.audit_state_file + " must be an absolute path");
    } else if (!fs::is_directory(dir, ec)) {
      problem("audit_state_file: directory " + dir.string() + " does not exist");
    } else if (fs::exists(state, ec) && !Readable(c.audit_state_file)) {
      problem("audit_state_file: cannot read " + c.audit_state_file);
    }
  }
  static const std::regex kHttpUrl(R"(^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s?#]*)?$)");
  if (!c.public_url.empty() && !std::regex_match(c.public_url, kHttpUrl)) {
    problem("public_url: " + c.public_url +
            " is not an http(s)://host[:port][/path] URL (no query, no fragment)");
  }
  std::string database;
  std::string migration_database;
  if (!c.database_url.empty()) database = CheckDatabaseUrl("database_url", c.database_url, out);
  if (!c.migration_database_url.empty()) {
    migration_database = CheckDatabaseUrl("migration_database_url", c.migration_database_url, out);
  }
  // Migrations with their own credentials (runtime/database.h).
  if (!c.dev) {
    if (c.migration_database_url.empty()) {
      problem(
          "migration_database_url is not set (needed without --dev: migrations run as the "
          "owner role, never as the application role)");
    } else if (c.migration_database_url == c.database_url) {
      problem(
          "migration_database_url is database_url: migrations need the owner role, the "
          "server the application role");
    }
    if (!c.database_password_file.empty() && c.migration_database_password_file.empty()) {
      problem(
          "migration_database_password_file is not set (needed with database_password_file: "
          "the owner role has its own password)");
    }
  }
  if (!c.migration_database_password_file.empty()) {
    auto secret = ReadSecretFile(c.migration_database_password_file);
    if (!secret.ok()) {
      problem("migration_database_password_file: " + secret.status().message());
    } else if (secret->empty()) {
      problem("migration_database_password_file: " + c.migration_database_password_file +
              " is empty");
    } else if (c.migration_database_password_file == c.database_password_file) {
      problem(
          "migration_database_password_file is database_password_file: each role has its "
          "own password");
    }
  }
  static const std::set<std::string> kLevels = {"trace", "debug",    "info", "warn",
                                                "error", "critical", "off"};
  if (!kLevels.contains(c.log_level)) {
    problem("log_level: " + c.log_level + " is not one of trace, debug, info, warn, error, " +
            "critical, off");
  }
  static const std::set<std::string> kAccessibility = {"conforme", "partiellement conforme",
                                                       "non conforme"};
  if (!kAccessibility.contains(c.accessibility_status)) {
    problem("accessibility_status: must be conforme, partiellement conforme or non conforme");
  }
  for (const auto& [key, value] :
       {std::pair<const char*, int>{"request_timeout_seconds", c.request_timeout_seconds},
        {"session_idle_minutes", c.session_idle_minutes},
        {"session_absolute_hours", c.session_absolute_hours}}) {
    if (value < 1) problem(std::string(key) + " must be at least 1");
  }
  for (const auto& [key, days] :
       {std::pair<const char*, int>{"audit_retention_access_days", c.audit_retention_access_days},
        {"audit_retention_staff_days", c.audit_retention_staff_days}}) {
    if (days < 1 || days > kMaxRetentionDays) {
      problem(std::string(key) + " must be between 1 and " + std::to_string(kMaxRetentionDays) +
              " days (CNIL délibération 2021-122: at most 3 years)");
    } else if (days > 365) {
      out.warnings.push_back(std::string(key) + " is " + std::to_string(days) +
                             " days: beyond the 1-year default, write down why (internal control)");
    }
  }
  if (c.max_body_bytes < 1024) problem("max_body_bytes must be at least 1024");
  if (c.bind.empty()) problem("bind is empty");
  crypto::Ed25519Seed seed{};
  if (auto signer = audit::NoteSigner::Ed25519(c.audit_origin, seed); !signer.ok()) {
    problem("audit_origin: " + signer.status().message());
  }
  if (auto rules = access::RuleConfigFromSections(c.sections); !rules.ok()) {
    problem(rules.status().message());
  }
  if (auto witnesses = WitnessesFromSections(c.sections); !witnesses.ok()) {
    problem(witnesses.status().message());
  } else if (!witnesses->empty()) {
    out.summary.push_back(
        "audit witnesses: " + std::to_string(witnesses->size()) + ", quorum " +
        std::to_string(c.audit_witness_quorum > 0 ? c.audit_witness_quorum : witnesses->size()));
  }
  if (c.audit_witness_timeout_ms < 100) problem("audit_witness_timeout_ms must be at least 100");
  if (c.audit_witness_quorum < 0) problem("audit_witness_quorum must be 0 (all) or more");
  for (const std::string& key : MissingPublicInfoKeys(c)) {
    out.warnings.push_back(key + " is empty: the public pages will say the information is missing");
  }

  out.summary.push_back("listens on " + c.bind + ":" + std::to_string(c.port) +
                        (c.public_url.empty() ? "" : ", public URL " + c.public_url));
  out.summary.push_back(tls_summary);
  if (c.dev) {
    out.summary.push_back("--dev: embedded PostgreSQL in " + c.data_dir);
  } else if (!database.empty()) {
    out.summary.push_back("database " + database +
                          (c.database_password_file.empty() ? "" : " (password from file)"));
    if (!migration_database.empty()) {
      out.summary.push_back(
          "migrations as " + migration_database +
          (c.migration_database_password_file.empty() ? "" : " (password from file)") +
          "; at start garantd refuses an application role that is a superuser, owns a table "
          "or may CREATE");
    }
  }
  if (!c.previous_encryption_key_file.empty()) {
    out.summary.push_back(
        "encryption key rotation in progress: values sealed under the previous key still open "
        "(garant keys rotate-encryption re-seals them)");
  }
  out.summary.push_back("audit origin " + c.audit_origin + ", signer state " +
                        (c.audit_state_file.empty() ? "(none)" : c.audit_state_file));
  out.summary.push_back(std::to_string(c.sections.size()) + " [access.rules.*] section(s)");
}

}  // namespace

ConfigCheck CheckConfigFile(const std::string& path) {
  ConfigCheck out;
  std::optional<Config> config = ResolveEveryLine(path, out);
  if (config) CheckValues(*config, out);
  return out;
}

}  // namespace garant::server
