// The authorisation decision for one request, as a pure function of the
// route, the principal, the method and the CSRF evidence, so that every case
// is unit-tested without a socket (server/tests/authorize_test.cc).
//
// Default deny: a route lists its roles or says Access::kPublic. CSRF is
// checked on every state-changing method (not GET/HEAD): CsrfRule::kSession
// when the principal comes from a session cookie (bearer tokens carry no
// ambient credential), CsrfRule::kAnonymousForm against the token bound to
// the anonymous CSRF cookie (an HMAC of the cookie under a server key:
// AnonymousCsrfTokenFor), CsrfRule::kNone not at all.
#pragma once

#include <string>
#include <string_view>

#include "garant/core/bytes.h"
#include "http/router.h"

namespace garant::server {

// What the dispatcher gathered about CSRF (only needed when the principal
// may call the route and the method changes state).
struct CsrfEvidence {
  bool via_session = false;  // the principal comes from a staff session cookie
  std::string sent;          // X-CSRF-Token header, else the form's csrf_token field
  // AnonymousCsrfTokenFor(key, the __Host-garant_csrf cookie): what a public
  // form must send; empty without a well-formed cookie.
  std::string anonymous_expected;
};

// The token of a public form for the anonymous CSRF cookie `cookie` (64 hex
// digits): hex HMAC-SHA-256(key, "garant-anon-csrf-v1|" + cookie). A forged or
// planted cookie is useless without the key; empty for a malformed cookie.
std::string AnonymousCsrfTokenFor(ByteView key, std::string_view cookie);

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
