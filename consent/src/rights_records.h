// Internal to the rights-request store and the re-sealing pass: the AAD of
// the sealed identity of a request (one purpose, one row).
#pragma once

#include <string>
#include <string_view>

namespace garant::consent {

inline std::string RightsIdentityAad(std::string_view request_id) {
  return "garant-rights-identity-v1|" + std::string(request_id);
}

}  // namespace garant::consent
