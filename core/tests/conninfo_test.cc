// db::ConninfoWithPassword: libpq's own parser, keyword output, any password byte safe.
#include <gtest/gtest.h>

#include "garant/core/db.h"

namespace garant::db {
namespace {

TEST(ConninfoTest, UriBecomesKeywordsWithTheQuotedPassword) {
  auto c = ConninfoWithPassword("postgres://garant_app@db.example:5433/garant?sslmode=require",
                                std::string("p'a\\ss w@rd%20"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_NE(c->find("user='garant_app'"), std::string::npos) << *c;
  EXPECT_NE(c->find("host='db.example'"), std::string::npos) << *c;
  EXPECT_NE(c->find("port='5433'"), std::string::npos) << *c;
  EXPECT_NE(c->find("dbname='garant'"), std::string::npos) << *c;
  EXPECT_NE(c->find("sslmode='require'"), std::string::npos) << *c;
  // ' and \ escaped with a backslash; % and @ kept as they are (no URL encoding).
  EXPECT_NE(c->find("password='p\\'a\\\\ss w@rd%20'"), std::string::npos) << *c;
  // The rewritten string parses again to the same password.
  auto again = ConninfoWithPassword(*c, std::nullopt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->find("password="), std::string::npos) << "nullopt drops the password";
}

TEST(ConninfoTest, KeywordInputAndPercentEncodedUri) {
  auto k = ConninfoWithPassword("host=/run/pg dbname=garant user=app", std::string("x"));
  ASSERT_TRUE(k.ok());
  EXPECT_NE(k->find("host='/run/pg'"), std::string::npos) << *k;
  EXPECT_NE(k->find("password='x'"), std::string::npos) << *k;
  // A URI's own percent-encoding is decoded by libpq.
  auto u = ConninfoWithPassword("postgresql://app@%2Frun%2Fpg/garant", std::nullopt);
  ASSERT_TRUE(u.ok());
  EXPECT_NE(u->find("host='/run/pg'"), std::string::npos) << *u;
}

TEST(ConninfoTest, APasswordInTheUrlIsReplacedNotDuplicated) {
  auto c = ConninfoWithPassword("postgres://app:old@h/db", std::string("new"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->find("old"), std::string::npos) << *c;
  EXPECT_NE(c->find("password='new'"), std::string::npos) << *c;
}

TEST(ConninfoTest, UnparsableStringsAreRefusedWithoutEchoingThem) {
  auto c = ConninfoWithPassword("host=h password='secret-unclosed", std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(c.status().message().find("secret"), std::string::npos);
  EXPECT_EQ(ConninfoWithPassword("nokeyword", std::nullopt).status().code(),
            Code::kInvalidArgument);
}

}  // namespace
}  // namespace garant::db
