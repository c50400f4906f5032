// Configuration resolution of a garant process (docs/configuration.md): the
// three layers (file < environment < flags) of core's ResolveConfig, over the
// real process environment and file system.
//   garantd      ResolveProcessConfig(argv): its own flags, as documented.
//   garant (CLI) ResolveCliConfig: --config FILE and --data-dir DIR only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "garant/core/config.h"
#include "garant/core/status.h"

namespace garant::runtime {

// ResolveConfig(args, the process environment, files read from disk).
Result<Config> ResolveProcessConfig(const std::vector<std::string>& args);

// The configuration of a CLI run: `config_file` (--config) and, with
// `data_dir` (--data-dir, garantd --dev's directory), the dev settings of that
// directory, whose generated key files fill the key settings left empty
// (UseDevKeyFiles); else the environment alone.
Result<Config> ResolveCliConfig(const std::optional<std::string>& config_file,
                                const std::optional<std::string>& data_dir);

}  // namespace garant::runtime
