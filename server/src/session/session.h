// What the session routes share (session/routes.cc: login, logout, console;
// session/account.cc: the staff member's own account pages).
#pragma once

#include <string>

#include "garant/core/status.h"
#include "http/dispatcher.h"
#include "http/router.h"
#include "services.h"

namespace garant::server {

// The account pages of a logged-in staff member.
inline constexpr const char* kAccountPath = "/console/compte";
inline constexpr const char* kPasswordPath = "/console/compte/mot-de-passe";

// Sets the session cookie of an opened session (expiring with it).
void SetSessionCookie(HttpExchange& ex, Services& s, const OpenedSession& session);

// A session change refused because its audit entry could not be written
// (reasons login_not_recorded, logout_not_recorded): the cause goes to the
// server log, the client gets 503 with the reason. Other statuses unchanged.
Status Unrecorded(const Status& st, const char* what, const std::string& account_id);

// Ends the request's session (if it has one) with its staff.logout entry and
// deletes the cookie.
Status Logout(HttpExchange& ex, Services& s);

// /console/compte, /console/compte/double-authentification,
// /console/compte/mot-de-passe (session/account.cc).
void AddAccountRoutes(Router& router, Services& s);

}  // namespace garant::server
