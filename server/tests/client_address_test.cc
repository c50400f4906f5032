// The client address behind proxies (http/client_address.h): which hop of
// X-Forwarded-For is the client, and the per-address limit key.
#include "http/client_address.h"

#include <gtest/gtest.h>

namespace garant::server {
namespace {

TrustedProxies Trust(std::string_view list) {
  auto t = TrustedProxies::Parse(list);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : TrustedProxies();
}

TEST(ClientAddressTest, ParsesAddressesAndRefusesTheRest) {
  EXPECT_TRUE(ParseIpAddress("192.0.2.7"));
  EXPECT_TRUE(ParseIpAddress(" 2001:db8::1 "));
  EXPECT_TRUE(ParseIpAddress("[2001:db8::1]"));
  for (std::string_view bad : {"", "192.0.2.7:8080", "192.0.2", "host.example", "2001:db8::1%eth0",
                               "unknown", "[2001:db8::1]:443", "1.2.3.4 5.6.7.8"}) {
    EXPECT_FALSE(ParseIpAddress(bad)) << bad;
  }
}

TEST(ClientAddressTest, KeysIpv4ByAddressAndIpv6ByItsSlash64) {
  EXPECT_EQ(AddressKey(*ParseIpAddress("192.0.2.7")), "192.0.2.7");
  EXPECT_EQ(AddressKey(*ParseIpAddress("::ffff:192.0.2.7")), "192.0.2.7");
  EXPECT_EQ(AddressKey(*ParseIpAddress("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
  // Two hosts of one /64 share a key; the next /64 has its own.
  EXPECT_EQ(AddressKey(*ParseIpAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")), "2001:db8:1:2::/64");
  EXPECT_EQ(AddressKey(*ParseIpAddress("2001:db8:1:3::1")), "2001:db8:1:3::/64");
}

TEST(ClientAddressTest, ParsesTrustedProxyListsAndRefusesBadOnes) {
  TrustedProxies t = Trust("10.0.0.0/8, 192.0.2.1 ,2001:db8::/32,");
  EXPECT_TRUE(t.Contains(*ParseIpAddress("10.200.3.4")));
  EXPECT_FALSE(t.Contains(*ParseIpAddress("11.0.0.1")));
  EXPECT_TRUE(t.Contains(*ParseIpAddress("192.0.2.1")));
  EXPECT_FALSE(t.Contains(*ParseIpAddress("192.0.2.2")));
  EXPECT_TRUE(t.Contains(*ParseIpAddress("2001:db8:ffff::1")));
  EXPECT_FALSE(t.Contains(*ParseIpAddress("2001:db9::1")));
  EXPECT_TRUE(t.Contains(*ParseIpAddress("::ffff:10.1.1.1")));  // IPv4-mapped is IPv4
  EXPECT_TRUE(Trust("").empty());
  EXPECT_TRUE(Trust("172.16.0.0/12").Contains(*ParseIpAddress("172.31.255.255")));
  EXPECT_FALSE(Trust("172.16.0.0/12").Contains(*ParseIpAddress("172.32.0.0")));
  for (std::string_view bad : {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x",
                               "proxy.example", "10.0.0.0/8;11.0.0.0/8", "10.0.0.0/-1"}) {
    auto r = TrustedProxies::Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_NE(r.status().message().find("trusted_proxies"), std::string::npos);
  }
}

TEST(ClientAddressTest, AnUntrustedPeerIsTheClientWhateverItSends) {
  TrustedProxies t = Trust("10.0.0.1");
  EXPECT_EQ(ClientKey("192.0.2.9", {"203.0.113.5"}, t), "192.0.2.9");
  EXPECT_EQ(ClientKey("192.0.2.9", {}, TrustedProxies()), "192.0.2.9");
  EXPECT_EQ(ClientKey("10.0.0.1", {"203.0.113.5"}, TrustedProxies()), "10.0.0.1");
}

TEST(ClientAddressTest, BehindTrustedProxiesTheRightmostUntrustedHopIsTheClient) {
  TrustedProxies t = Trust("10.0.0.0/8");
  // The client forged a first hop; the proxy appended the real address.
  EXPECT_EQ(ClientKey("10.0.0.1", {"1.1.1.1, 203.0.113.5"}, t), "203.0.113.5");
  // Two proxies (10.0.0.2 forwarded to 10.0.0.1), over two header lines.
  EXPECT_EQ(ClientKey("10.0.0.1", {"1.1.1.1, 203.0.113.5", "10.0.0.2"}, t), "203.0.113.5");
  // IPv6 client: keyed per /64.
  EXPECT_EQ(ClientKey("10.0.0.1", {"[2001:db8:5:6::77]"}, t), "2001:db8:5:6::/64");
  // No header from a trusted proxy: the proxy itself.
  EXPECT_EQ(ClientKey("10.0.0.1", {}, t), "10.0.0.1");
  // Every hop trusted: the leftmost.
  EXPECT_EQ(ClientKey("10.0.0.1", {"10.9.9.9, 10.0.0.2"}, t), "10.9.9.9");
  // Garbage ends the walk at the last trusted hop: never the garbage.
  EXPECT_EQ(ClientKey("10.0.0.1", {"203.0.113.5, unknown, 10.0.0.3"}, t), "10.0.0.3");
  EXPECT_EQ(ClientKey("10.0.0.1", {""}, t), "10.0.0.1");
}

}  // namespace
}  // namespace garant::server
