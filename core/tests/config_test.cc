#include "garant/core/config.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace garant
