// runtime::ResolveCliConfig: the CLI's --config and --data-dir over the
// environment, dev key files filling the key settings left empty.
#include "garant/runtime/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace garant::runtime {
namespace {
namespace fs = std::filesystem;

TEST(ResolveCliConfigTest, ADataDirIsDevWithItsKeyFiles) {
  const fs::path dir =
      fs::temp_directory_path() / ("garant-cli-config-" + std::to_string(::getpid()));
  auto c = ResolveCliConfig(std::nullopt, dir.string());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->dev);
  EXPECT_EQ(fs::path(c->data_dir), dir);
  EXPECT_EQ(fs::path(c->signing_key_file), fs::absolute(dir) / "keys" / "signing.key");
  EXPECT_EQ(fs::path(c->pseudonymisation_key_file),
            fs::absolute(dir) / "keys" / "pseudonymisation.key");
  EXPECT_EQ(fs::path(c->encryption_key_file), fs::absolute(dir) / "keys" / "encryption.key");
}

TEST(ResolveCliConfigTest, AConfigFileIsReadAndAMissingOneRefused) {
  const fs::path dir =
      fs::temp_directory_path() / ("garant-cli-config-f-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "garant.conf";
  std::ofstream(file) << "signing_key_file = \"/etc/garant/signing.key\"\n";
  auto c = ResolveCliConfig(file.string(), std::nullopt);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->dev);
  EXPECT_EQ(c->signing_key_file, "/etc/garant/signing.key");  // not replaced: not --dev
  EXPECT_FALSE(ResolveCliConfig((dir / "missing.conf").string(), std::nullopt).ok());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace garant::runtime
