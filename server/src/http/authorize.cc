#include "http/authorize.h"

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::server {

std::string AnonymousCsrfTokenFor(ByteView key, std::string_view cookie) {
  if (cookie.size() != 64 || !IsHex(cookie, HexCase::kLower)) return "";
  return HexEncode(crypto::HmacSha256(key, AsBytes("garant-anon-csrf-v1|" + std::string(cookie))));
}

bool IsSafeMethod(std::string_view method) { return method == "GET" || method == "HEAD"; }

bool NeedsCsrfEvidence(const Route& route, std::string_view method) {
  return !IsSafeMethod(method) && route.csrf != CsrfRule::kNone;
}

Verdict Authorize(const Route& route, const Principal& principal, std::string_view method,
                  const CsrfEvidence& csrf) {
  if (!Allowed(route, principal)) {
    if (principal.authenticated()) return Verdict::kForbidden;
    if (route.kind == ResponseKind::kHtml && IsSafeMethod(method)) return Verdict::kLoginRedirect;
    return Verdict::kUnauthenticated;
  }
  if (!NeedsCsrfEvidence(route, method)) return Verdict::kAllow;
  switch (route.csrf) {
    case CsrfRule::kSession:
      if (!csrf.via_session) return Verdict::kAllow;  // bearer token or anonymous on a public route
      if (csrf.sent.empty() || principal.csrf_token.empty() ||
          !ConstantTimeEquals(AsBytes(csrf.sent), AsBytes(principal.csrf_token))) {
        return Verdict::kCsrfFailed;
      }
      return Verdict::kAllow;
    case CsrfRule::kAnonymousForm:
      if (csrf.anonymous_expected.size() != 64 ||
          !ConstantTimeEquals(AsBytes(csrf.sent), AsBytes(csrf.anonymous_expected))) {
        return Verdict::kCsrfFailed;
      }
      return Verdict::kAllow;
    case CsrfRule::kNone:
      return Verdict::kAllow;
  }
  return Verdict::kCsrfFailed;
}

}  // namespace garant::server
