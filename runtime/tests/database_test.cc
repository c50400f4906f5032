// runtime::ConninfoFor: the password file is read fail-closed.
#include "garant/runtime/database.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace garant::runtime {
namespace {
namespace fs = std::filesystem;

class ConninfoForTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("garant-runtime-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text, mode_t mode) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p.string();
  }
  fs::path dir_;
};

TEST_F(ConninfoForTest, ThePasswordFileIsApplied) {
  const std::string f = Write("pw", "s3cr'et\n", 0600);
  auto c = ConninfoFor("postgres://app@db/garant", f);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_NE(c->find("password='s3cr\\'et'"), std::string::npos) << *c;
}

TEST_F(ConninfoForTest, AnUnreadableOrUnsafePasswordFileStopsTheStart) {
  // Before, such a file was silently ignored and garantd connected without a password.
  EXPECT_FALSE(ConninfoFor("postgres://app@db/garant", (dir_ / "missing").string()).ok());
  const std::string open = Write("pw-open", "secret\n", 0644);
  auto c = ConninfoFor("postgres://app@db/garant", open);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(c.status().message().find("secret\n"), std::string::npos);
}

TEST_F(ConninfoForTest, NoPasswordFileNoPassword) {
  auto c = ConninfoFor("host=/run/pg dbname=garant", "");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->find("password"), std::string::npos);
}

TEST(DatabaseTargetTest, NoDatabaseConfiguredIsAClearError) {
  Config config;
  auto t = DatabaseTarget::Resolve(config);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(t.status().message().find("GARANT_DATABASE_URL"), std::string::npos);
}

// Outside --dev, migrations run with their own credentials: the owner's URL
// is required, and its own password file when the application has one.
TEST_F(ConninfoForTest, MigrationsNeedTheirOwnCredentialsOutsideDev) {
  Config c;
  c.database_url = "postgres://garant_app@db/garant";
  auto no_url = DatabaseTarget::Resolve(c);
  ASSERT_FALSE(no_url.ok());
  EXPECT_EQ(no_url.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(no_url.status().message().find("migration_database_url is not set"), std::string::npos)
      << no_url.status().message();

  c.migration_database_url = "postgres://garant_owner@db/garant";
  c.database_password_file = Write("app-pw", "app-secret\n", 0600);
  auto no_password = DatabaseTarget::Resolve(c);
  ASSERT_FALSE(no_password.ok());
  EXPECT_NE(no_password.status().message().find("migration_database_password_file is not set"),
            std::string::npos)
      << no_password.status().message();

  c.migration_database_password_file = (dir_ / "missing").string();
  auto unreadable = DatabaseTarget::Resolve(c);
  ASSERT_FALSE(unreadable.ok());
  EXPECT_NE(unreadable.status().message().find("migration_database_password_file"),
            std::string::npos)
      << unreadable.status().message();

  c.migration_database_password_file = Write("owner-pw", "owner-secret\n", 0600);
  auto t = DatabaseTarget::Resolve(c);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_NE(t->owner_conninfo().find("password='owner-secret'"), std::string::npos);
  EXPECT_EQ(t->owner_conninfo().find("app-secret"), std::string::npos);
  EXPECT_NE(t->app_conninfo().find("password='app-secret'"), std::string::npos);
  EXPECT_NE(t->owner_conninfo().find("garant_owner"), std::string::npos);
}

}  // namespace
}  // namespace garant::runtime
