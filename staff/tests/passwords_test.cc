#include "garant/staff/passwords.h"

#include <gtest/gtest.h>

namespace garant::staff {
namespace {

TEST(PasswordsTest, PolicyRejectsWeakPasswords) {
  EXPECT_EQ(CheckPasswordPolicy("alice", "short").code(), Code::kInvalidArgument);
  EXPECT_EQ(CheckPasswordPolicy("alice", "aaaaaaaaaaaaaaaa").code(), Code::kInvalidArgument);
  EXPECT_EQ(CheckPasswordPolicy("alice.martin", "alice.martin").code(), Code::kInvalidArgument);
  EXPECT_EQ(CheckPasswordPolicy("alice", std::string(257, 'x') + "y").code(),
            Code::kInvalidArgument);
  EXPECT_EQ(CheckPasswordPolicy("alice", "valid-but-\xff-utf8").code(), Code::kInvalidArgument);
  EXPECT_TRUE(CheckPasswordPolicy("alice", "cheval agrafe pile").ok());
}

TEST(PasswordsTest, PolicyRefusalsCarryStableReasons) {
  EXPECT_EQ(CheckPasswordPolicy("alice", "valid-but-\xff-utf8").reason(),
            "password_invalid_characters");
  EXPECT_EQ(CheckPasswordPolicy("alice", "short").reason(), "password_too_short");
  EXPECT_EQ(CheckPasswordPolicy("alice", std::string(257, 'x') + "y").reason(),
            "password_too_long");
  EXPECT_EQ(CheckPasswordPolicy("alice", "aaaaaaaaaaaaaaaa").reason(), "password_single_character");
  EXPECT_EQ(CheckPasswordPolicy("alice.martin", "alice.martin").reason(),
            "password_equals_username");
}

TEST(PasswordsTest, HashVerifiesOnlyTheRightPassword) {
  std::string h = HashPassword("cheval agrafe pile", SecureRandom::Instance(), 1000);
  EXPECT_EQ(h.rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_TRUE(VerifyPassword("cheval agrafe pile", h));
  EXPECT_FALSE(VerifyPassword("cheval agrafe pil", h));
  EXPECT_FALSE(VerifyPassword("", h));
}

TEST(PasswordsTest, SaltMakesHashesDiffer) {
  EXPECT_NE(HashPassword("cheval agrafe pile", SecureRandom::Instance(), 1000),
            HashPassword("cheval agrafe pile", SecureRandom::Instance(), 1000));
}

TEST(PasswordsTest, DefaultIterationsMeetOwasp) { EXPECT_GE(kPasswordIterations, 600'000u); }

TEST(PasswordsTest, MalformedHashesNeverVerify) {
  for (const char* bad :
       {"", "pbkdf2-sha256", "pbkdf2-sha256$1000$$", "pbkdf2-sha256$abc$c2FsdA==$a2V5",
        "pbkdf2-sha256$10$c2FsdA==$a2V5",  // too few iterations
        "md5$1000$c2FsdA==$a2V5", "pbkdf2-sha256$1000$!!$a2V5"}) {
    EXPECT_FALSE(VerifyPassword("x", bad)) << bad;
  }
}

}  // namespace
}  // namespace garant::staff

namespace garant::staff {
namespace {

TEST(PasswordsTest, CommonPasswordsAreRefusedWithTheirReason) {
  for (const char* p : {"motdepasse123", "Motdepasse2026!", "AZERTYUIOP", "2026-azertyuiop",
                        "SOSMedecins2026", "123456789012", "1q2w3e4r5t6y", "##2026-01-01##"}) {
    EXPECT_TRUE(IsCommonPassword(p)) << p;
    Status st = CheckPasswordPolicy("alice", p);
    if (std::string_view(p).size() >= 12) {
      EXPECT_EQ(st.reason(), "password_common") << p;
    }
  }
  // A listed word among other words is not the listed word.
  for (const char* p : {"cheval agrafe pile", "garant-demo-admin", "motdepasse de Lucie au 3e",
                        "soleil-cheval-agrafe"}) {
    EXPECT_FALSE(IsCommonPassword(p)) << p;
  }
  EXPECT_TRUE(CheckPasswordPolicy("alice", "garant-demo-admin").ok());
}

}  // namespace
}  // namespace garant::staff
