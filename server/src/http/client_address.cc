#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "garant/core/decimal.h"

namespace garant::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

bool IpAddress::v4() const {
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string s(text);
  IpAddress a;
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), a.bytes.begin());
    std::memcpy(a.bytes.data() + 12, &v4, 4);
    return a;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(a.bytes.data(), &v6, 16);
    return a;
  }
  return std::nullopt;
}

std::string AddressKey(const IpAddress& a) {
  char buf[INET6_ADDRSTRLEN + 4] = {};
  if (a.v4()) {
    inet_ntop(AF_INET, a.bytes.data() + 12, buf, sizeof buf);
    return buf;
  }
  std::array<uint8_t, 16> prefix{};
  std::copy(a.bytes.begin(), a.bytes.begin() + 8, prefix.begin());
  inet_ntop(AF_INET6, prefix.data(), buf, sizeof buf);
  std::string out = buf;
  // inet_ntop writes "2001:db8:1:2::" for a /64 with a zero host part.
  return out + "/64";
}

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  TrustedProxies out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string_view item =
        Trim(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (!item.empty()) {
      auto bad = [&] {
        return Status::InvalidArgument("trusted_proxies: '" + std::string(item) +
                                       "' is not an IP address or CIDR (e.g. 10.0.0.0/8)");
      };
      size_t slash = item.find('/');
      auto address = ParseIpAddress(item.substr(0, slash));
      if (!address) return bad();
      int max = address->v4() ? 32 : 128;
      int prefix = max;
      if (slash != std::string_view::npos) {
        auto n = ParseDecimal(item.substr(slash + 1));
        if (!n || *n > max) return bad();
        prefix = static_cast<int>(*n);
      }
      Range r;
      r.prefix = address->v4() ? 96 + prefix : prefix;
      // The network: host bits cleared.
      for (int bit = r.prefix; bit < 128; ++bit) {
        address->bytes[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
      }
      r.network = *address;
      out.ranges_.push_back(r);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

bool TrustedProxies::Contains(const IpAddress& a) const {
  for (const Range& r : ranges_) {
    int full = r.prefix / 8;
    if (!std::equal(a.bytes.begin(), a.bytes.begin() + full, r.network.bytes.begin())) continue;
    int rest = r.prefix % 8;
    if (rest != 0) {
      uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
      if ((a.bytes[full] & mask) != r.network.bytes[full]) continue;
    }
    return true;
  }
  return false;
}

std::string ClientKey(std::string_view peer, const std::vector<std::string>& forwarded_for,
                      const TrustedProxies& trusted) {
  std::optional<IpAddress> client = ParseIpAddress(peer);
  if (!client) return std::string(peer);  // not an IP socket (tests): as given
  if (!trusted.Contains(*client)) return AddressKey(*client);
  // The hops, left to right, over every X-Forwarded-For header in order.
  std::vector<std::string_view> hops;
  for (const std::string& value : forwarded_for) {
    std::string_view v = value;
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      hops.push_back(v.substr(start, comma == std::string_view::npos ? comma : comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::optional<IpAddress> hop = ParseIpAddress(*it);
    if (!hop) break;  // garbage: the last trusted hop is all we know
    client = hop;
    if (!trusted.Contains(*hop)) break;
  }
  return AddressKey(*client);
}

}  // namespace garant::server
