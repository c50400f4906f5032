#include "session/session.h"

#include <spdlog/spdlog.h>

#include "garant/staff/reasons.h"

namespace garant::server {

void SetSessionCookie(HttpExchange& ex, Services& s, const OpenedSession& session) {
  ex.SetCookie(
      kSessionCookie, session.cookie_value,
      std::chrono::duration_cast<std::chrono::seconds>(session.expires_at - s.clock.Now()).count());
}

Status Unrecorded(const Status& st, const char* what, const std::string& account_id) {
  if (st.reason() != staff::reason::kLoginNotRecorded &&
      st.reason() != staff::reason::kLogoutNotRecorded) {
    return st;
  }
  spdlog::error("staff {} of account {} refused: {}", what, account_id, st.message());
  return Status(Code::kUnavailable,
                std::string("the ") + what + " could not be recorded in the audit log: retry later",
                st.reason());
}

Status Logout(HttpExchange& ex, Services& s) {
  if (auto c = ex.Cookie(kSessionCookie)) {
    if (Status st = s.sessions.End(s.recorder(ex.principal().Actor()), *c); !st.ok()) {
      return Unrecorded(st, "logout", ex.principal().id);
    }
  }
  ex.SetCookie(kSessionCookie, "", 0);
  return Status::Ok();
}

}  // namespace garant::server
