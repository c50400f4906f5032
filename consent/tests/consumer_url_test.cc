// Consumer URLs: https:// only outside --dev, and the host the audit entry
// records (consent/include/garant/consent/exclusion_store.h).
#include <gtest/gtest.h>

#include "garant/consent/exclusion_store.h"

namespace garant::consent {
namespace {

TEST(ConsumerUrlTest, HttpOnlyWhenAllowed) {
  EXPECT_TRUE(IsAllowedConsumerUrl("https://entrepot.example/lists", false));
  EXPECT_FALSE(IsAllowedConsumerUrl("http://entrepot.example/lists", false));
  EXPECT_TRUE(IsAllowedConsumerUrl("http://127.0.0.1:9/lists", true));
  EXPECT_FALSE(IsAllowedConsumerUrl("ftp://entrepot.example/", true));
  EXPECT_FALSE(IsAllowedConsumerUrl("https://entrepot example/", true));
}

TEST(ConsumerUrlTest, HostWithoutPortUserOrPath) {
  EXPECT_EQ(ConsumerUrlHost("https://Entrepot.Example/lists?token=secret"), "entrepot.example");
  EXPECT_EQ(ConsumerUrlHost("http://127.0.0.1:9/lists"), "127.0.0.1");
  EXPECT_EQ(ConsumerUrlHost("https://user:pw@entrepot.example:8443"), "entrepot.example");
  EXPECT_EQ(ConsumerUrlHost("https://[2001:db8::1]:8443/x"), "[2001:db8::1]");
  EXPECT_EQ(ConsumerUrlHost("https://h#frag"), "h");
  EXPECT_EQ(ConsumerUrlHost("no scheme"), "");
}

}  // namespace
}  // namespace garant::consent
