#include "garant/consent/rpps.h"

#include <cstring>

#include "garant/core/bytes.h"

namespace garant::consent {

Status CheckRpps(std::string_view rpps) {
  if (rpps.empty()) {
    return Status::InvalidArgument("rpps: required").WithReason(kReasonRppsRequired);
  }
  for (char c : rpps) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("rpps: must be digits only").WithReason(kReasonRppsNotDigits);
    }
  }
  if (rpps.size() != kRppsDigits) {
    return Status::InvalidArgument("rpps: must be exactly 11 digits").WithReason(kReasonRppsLength);
  }
  return Status::Ok();
}

std::string StripRppsSeparators(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  for (size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c == ' ' || c == '.' || c == '-' || c == '\t') continue;
    // U+00A0 (C2 A0) and U+202F (E2 80 AF), as a phone or a word processor
    // writes a grouped number.
    if (typed.substr(i, 2) == "\xC2\xA0") {
      ++i;
      continue;
    }
    if (typed.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string RppsMessage(std::string_view rpps) {
  std::string m;
  m.reserve(kRppsMessagePrefix.size() + rpps.size());
  m.append(kRppsMessagePrefix).append(rpps);
  return m;
}

Result<std::string> RppsToken(const PseudonymKey& key, std::string_view rpps) {
  GARANT_RETURN_IF_ERROR(CheckRpps(rpps));
  return HexEncode(crypto::HmacSha256(key, AsBytes(RppsMessage(rpps))));
}

crypto::Digest RppsDigest(crypto::HmacSha256Keyed& hmac, std::string_view rpps) {
  char buffer[kRppsMessagePrefix.size() + kRppsDigits];
  std::memcpy(buffer, kRppsMessagePrefix.data(), kRppsMessagePrefix.size());
  std::memcpy(buffer + kRppsMessagePrefix.size(), rpps.data(), kRppsDigits);
  return hmac.Mac(std::string_view(buffer, sizeof buffer));
}

}  // namespace garant::consent
