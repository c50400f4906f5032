// Who the client is, by address, when garantd may run behind reverse proxies
// (docs/configuration.md, trusted_proxies). Pure: no Poco, no clock.
//
// The client address is the socket peer, unless the peer is a trusted proxy:
// then the X-Forwarded-For hops are read from the right (each proxy appends
// the address it received the connection from), skipping trusted proxies,
// and the first untrusted hop is the client. A hop that is not an IP address
// ends the walk (the last trusted hop is then the client). Headers sent by an
// untrusted peer are never read: a client cannot choose its own address.
//
// The key every per-address limit uses (forms, logins, receipt codes) is the
// address for IPv4 and the /64 prefix for IPv6 ("2001:db8:1:2::/64"): one
// IPv6 host usually holds a whole /64, so keying on the full address would
// give it 2^64 budgets. IPv4-mapped IPv6 (::ffff:a.b.c.d) is IPv4.
//
// Thread-safety: TrustedProxies is immutable once parsed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"

namespace garant::server {

// An IPv4 or IPv6 address: IPv4 is held as IPv4-mapped IPv6.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// "192.0.2.7", "2001:db8::1", "[2001:db8::1]" (brackets allowed), with
// surrounding spaces trimmed; nullopt for anything else (ports included).
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// The limit key of an address (see the top of the file).
std::string AddressKey(const IpAddress& address);

class TrustedProxies {
 public:
  // No proxy trusted: the peer is always the client.
  TrustedProxies() = default;
  // A comma-separated list of CIDRs ("10.0.0.0/8, 2001:db8::/32") or single
  // addresses; empty is none. kInvalidArgument naming the bad element.
  static Result<TrustedProxies> Parse(std::string_view list);

  bool Contains(const IpAddress& address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    IpAddress network;
    int prefix = 128;  // in IPv6 bits (an IPv4 /n is /96+n)
  };
  std::vector<Range> ranges_;
};

// The limit key of the client of a request whose socket peer is `peer`
// (as Poco prints it) and whose X-Forwarded-For header values are
// `forwarded_for`, in the order received.
std::string ClientKey(std::string_view peer, const std::vector<std::string>& forwarded_for,
                      const TrustedProxies& trusted);

}  // namespace garant::server
