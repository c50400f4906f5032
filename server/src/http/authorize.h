// The authorisation decision for one request, as a pure function of the
// route, the principal, the method and the CSRF evidence, so that every case
// is unit-tested without a socket (server/tests/authorize_test.cc).
//
// Default deny: a route lists its roles or says Access::kPublic. CSRF is
// checked on every state-changing method (not GET/HEAD): CsrfRule::kSession
// when the principal comes from a session cookie (bearer tokens carry no
// ambient credential), CsrfRule::kAnonymousForm against the double-submit
// cookie, CsrfRule::kNone not at all.
#pragma once

#include <string>
#include <string_view>

#include "http/router.h"

namespace garant::server {

// What the dispatcher gathered about CSRF (only needed when the principal
// may call the route and the method changes state).
struct CsrfEvidence {
  bool via_session = false;      // the principal comes from a staff session cookie
  std::string sent;              // X-CSRF-Token header, else the form's csrf_token field
  std::string anonymous_cookie;  // the garant_csrf double-submit cookie
};

enum class Verdict {
  kAllow,
  kLoginRedirect,    // anonymous on a staff HTML page, GET/HEAD: 303 to /connexion
  kUnauthenticated,  // 401
  kForbidden,        // 403 permission_denied: the role may not
  kCsrfFailed,       // 403 csrf_failed
};

bool IsSafeMethod(std::string_view method);

// True when the CSRF evidence matters for this request (the dispatcher reads
// the form body only then).
bool NeedsCsrfEvidence(const Route& route, std::string_view method);

Verdict Authorize(const Route& route, const Principal& principal, std::string_view method,
                  const CsrfEvidence& csrf);

}  // namespace garant::server
