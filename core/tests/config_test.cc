#include "garant/core/config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace garant {
namespace {

FileReader Files(std::map<std::string, std::string> files) {
  return [files](const std::string& path) -> Result<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return Status::NotFound("no such file: " + path);
    return it->second;
  };
}

TEST(ConfigTest, DefaultsWhenNothingGiven) {
  auto c = ResolveConfig({}, {}, Files({}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->bind, "127.0.0.1");
  EXPECT_FALSE(c->dev);
}

TEST(ConfigTest, FlagsOverrideEnvironmentOverrideFile) {
  auto files = Files({{"/etc/garant.conf",
                       "# comment\nport = 9000\nbind = 0.0.0.0\n"
                       "log_level = \"debug\"\n"}});
  Environment env{{"GARANT_PORT", "9100"}, {"GARANT_LOG_FORMAT", "json"}};
  auto c = ResolveConfig({"--config", "/etc/garant.conf", "--port=9200"}, env, files);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->port, 9200);          // flag wins
  EXPECT_EQ(c->log_format, "json");  // env
  EXPECT_EQ(c->bind, "0.0.0.0");     // file
  EXPECT_EQ(c->log_level, "debug");  // file, quotes removed
  EXPECT_EQ(c->config_file, "/etc/garant.conf");

  auto c2 = ResolveConfig({"--config", "/etc/garant.conf"}, env, files);
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(c2->port, 9100);  // env over file
}

TEST(ConfigTest, SectionsKeepTheirEntriesApartFromFlatKeys) {
  auto c = ResolveConfig({"--config", "/c"}, {},
                         Files({{"/c",
                                 "port = 9000\n[access.rules.off_hours]\nstart = \"07:30\"\n"
                                 "enabled = false\n\n[ access.rules.small_count ]\n"
                                 "# comment\nthreshold = 5\n"}}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->port, 9000);
  ASSERT_EQ(c->sections.size(), 2u);
  EXPECT_EQ(c->sections[0].name, "access.rules.off_hours");
  EXPECT_EQ(c->sections[0].where, "/c:2");
  ASSERT_EQ(c->sections[0].entries.size(), 2u);
  EXPECT_EQ(c->sections[0].entries[0].key, "start");
  EXPECT_EQ(c->sections[0].entries[0].value, "07:30");
  EXPECT_EQ(c->sections[0].entries[0].where, "/c:3");
  EXPECT_EQ(c->sections[1].name, "access.rules.small_count");
  EXPECT_EQ(c->sections[1].entries[0].value, "5");
}

TEST(ConfigTest, BadSectionsAreErrorsWithTheirLine) {
  auto unknown = ResolveConfig({"--config", "/c"}, {}, Files({{"/c", "\n[server]\nport = 1\n"}}));
  EXPECT_EQ(unknown.status().code(), Code::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("/c:2: unknown section [server]"), std::string::npos)
      << unknown.status().message();
  auto twice = ResolveConfig({"--config", "/c"}, {},
                             Files({{"/c", "[access.rules.a]\nx = 1\n[access.rules.a]\n"}}));
  EXPECT_NE(twice.status().message().find("appears twice"), std::string::npos);
  auto key_twice =
      ResolveConfig({"--config", "/c"}, {}, Files({{"/c", "[access.rules.a]\nx = 1\nx = 2\n"}}));
  EXPECT_NE(key_twice.status().message().find("/c:3: key 'x' appears twice"), std::string::npos);
  auto open = ResolveConfig({"--config", "/c"}, {}, Files({{"/c", "[access.rules.a\n"}}));
  EXPECT_EQ(open.status().code(), Code::kInvalidArgument);
  auto bare = ResolveConfig({"--config", "/c"}, {}, Files({{"/c", "[access.rules.]\n"}}));
  EXPECT_EQ(bare.status().code(), Code::kInvalidArgument);
}

TEST(ConfigTest, ConfigFileFromEnvironment) {
  auto c = ResolveConfig({}, {{"GARANT_CONFIG", "/c"}}, Files({{"/c", "threads = 3"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->threads, 3);
}

TEST(ConfigTest, UnknownKeysAreErrorsInEveryLayer) {
  auto f = ResolveConfig({"--config", "/c"}, {}, Files({{"/c", "prot = 1"}}));
  EXPECT_EQ(f.status().code(), Code::kInvalidArgument);
  EXPECT_NE(f.status().message().find("prot"), std::string::npos);
  EXPECT_NE(f.status().message().find("/c:1"), std::string::npos);

  auto e = ResolveConfig({}, {{"GARANT_PROT", "1"}}, Files({}));
  EXPECT_EQ(e.status().code(), Code::kInvalidArgument);
  EXPECT_NE(e.status().message().find("GARANT_PROT"), std::string::npos);

  auto g = ResolveConfig({"--prot", "1"}, {}, Files({}));
  EXPECT_EQ(g.status().code(), Code::kInvalidArgument);
}

TEST(ConfigTest, WrongTypesAreErrors) {
  EXPECT_FALSE(ResolveConfig({"--port", "abc"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"--port", "70000"}, {}, Files({})).ok());
  EXPECT_EQ(ResolveConfig({"--port", "0"}, {}, Files({}))->port, 0);  // any free port
  EXPECT_FALSE(ResolveConfig({"--port", "-1"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"--dev=maybe", "--data-dir", "/d"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"--log-format", "xml"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"--port"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"stray"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"--config", "/missing"}, {}, Files({})).ok());
  EXPECT_FALSE(ResolveConfig({"--config", "/c"}, {}, Files({{"/c", "novalue"}})).ok());
}

TEST(ConfigTest, DevFlagsAndDashes) {
  auto c =
      ResolveConfig({"--dev", "--demo", "--port", "8081", "--data-dir", "/tmp/d"}, {}, Files({}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->dev);
  EXPECT_TRUE(c->demo);
  EXPECT_EQ(c->data_dir, "/tmp/d");
  EXPECT_EQ(c->port, 8081);
  EXPECT_FALSE(ResolveConfig({"--dev"}, {}, Files({})).ok());   // needs a data dir
  EXPECT_FALSE(ResolveConfig({"--demo"}, {}, Files({})).ok());  // needs --dev
}

TEST(ConfigTest, SecureCookiesFollowPublicUrl) {
  Config c;
  EXPECT_FALSE(c.cookies_secure());
  c.public_url = "https://garant.example.fr";
  EXPECT_TRUE(c.cookies_secure());
}

TEST(ConfigTest, TlsFilesGoTogether) {
  auto none = ResolveConfig({}, {}, Files({}));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->serves_tls());
  auto both = ResolveConfig({"--tls-certificate-file", "/c.pem", "--tls-key-file", "/k.pem",
                             "--tls-client-ca-file", "/ca.pem"},
                            {}, Files({}));
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_TRUE(both->serves_tls());
  EXPECT_EQ(both->tls_client_ca_file, "/ca.pem");
  auto cert_alone = ResolveConfig({"--tls-certificate-file", "/c.pem"}, {}, Files({}));
  ASSERT_FALSE(cert_alone.ok());
  EXPECT_NE(cert_alone.status().message().find("go together"), std::string::npos);
  EXPECT_FALSE(ResolveConfig({}, {{"GARANT_TLS_KEY_FILE", "/k.pem"}}, Files({})).ok());
  auto ca_alone = ResolveConfig({"--tls-client-ca-file", "/ca.pem"}, {}, Files({}));
  ASSERT_FALSE(ca_alone.ok());
  EXPECT_NE(ca_alone.status().message().find("needs tls_certificate_file"), std::string::npos);
}

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("secret-file-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text, mode_t mode) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(SecretFileTest, ReadsAnOwnerOnlyFileAndTrimsOneNewline) {
  auto b = ReadSecretFile(Write("k", "s3cret\n", 0600));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(std::string(b->begin(), b->end()), "s3cret");
  auto two = ReadSecretFile(Write("k2", "a\n\n", 0400));
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(std::string(two->begin(), two->end()), "a\n");
}

TEST_F(SecretFileTest, MissingIsNotFound) {
  EXPECT_EQ(ReadSecretFile((dir_ / "absent").string()).status().code(), Code::kNotFound);
}

TEST_F(SecretFileTest, ReadableByOthersOrNotARegularFileIsRefused) {
  EXPECT_EQ(ReadSecretFile(Write("g", "x", 0640)).status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(ReadSecretFile(Write("o", "x", 0604)).status().code(), Code::kFailedPrecondition);
  const auto sub = dir_ / "d";
  std::filesystem::create_directory(sub);
  ::chmod(sub.c_str(), 0700);
  auto d = ReadSecretFile(sub.string());
  EXPECT_EQ(d.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(d.status().message().find("not a regular file"), std::string::npos);
}

TEST_F(SecretFileTest, OtherOpenErrorsAreNotReportedAsMissing) {
  // ENOTDIR: a path through a regular file.
  const std::string file = Write("f", "x", 0600);
  auto r = ReadSecretFile(file + "/below");
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("Not a directory"), std::string::npos);
}

TEST_F(SecretFileTest, UnreadableIsPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  EXPECT_EQ(ReadSecretFile(Write("u", "x", 0000)).status().code(), Code::kPermissionDenied);
}

}  // namespace
}  // namespace garant
