// garantd --check-config FILE: validates a configuration file without
// starting anything (docs/configuration.md, "Checking a configuration").
//
// Checks the file alone (not the GARANT_* environment): every line (syntax,
// known keys, value types and ranges, sections), every problem at once (a
// bad line is reported and the rest of the file still checked), then the
// resolved values: what a production start needs (database_url, the key
// files, audit_state_file), the files the keys name (present, readable,
// secrets not readable by group or others, 32-byte hex keys, a PEM
// certificate for consumer_ca_file, the directory of audit_state_file),
// URL shapes (public_url http(s)://host, database URLs parsed by libpq and
// holding no password), enumerations (log_level, log_format,
// accessibility_status), audit_origin and the [access.rules.*] sections.
// Never prints a secret (only file names and the database host).
//
// Thread-compatible; reads the file system.
#pragma once

#include <string>
#include <vector>

namespace garant::server {

struct ConfigCheck {
  std::vector<std::string> problems;  // each one refuses the configuration
  std::vector<std::string> warnings;  // allowed, but worth a look (e.g. empty legal keys)
  std::vector<std::string> summary;   // what the configuration says, one line each
  bool ok() const { return problems.empty(); }
};

ConfigCheck CheckConfigFile(const std::string& path);

}  // namespace garant::server
