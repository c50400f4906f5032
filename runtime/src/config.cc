#include "garant/runtime/config.h"

#include "garant/runtime/keys.h"

namespace garant::runtime {

Result<Config> ResolveProcessConfig(const std::vector<std::string>& args) {
  return ResolveConfig(args, ProcessEnvironment(), garant::ReadFile);
}

Result<Config> ResolveCliConfig(const std::optional<std::string>& config_file,
                                const std::optional<std::string>& data_dir) {
  std::vector<std::string> args;
  if (config_file) args = {"--config", *config_file};
  if (data_dir) args.insert(args.end(), {"--dev", "--data-dir", *data_dir});
  GARANT_ASSIGN_OR_RETURN(Config config, ResolveProcessConfig(args));
  UseDevKeyFiles(config);
  return config;
}

}  // namespace garant::runtime
