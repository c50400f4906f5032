// The route × role matrix, generated from the route table itself (the roles
// each route lists, through the same Allowed() the dispatcher applies), as the
// Markdown of docs/authorization-matrix.md. `garantd --authorization-matrix`
// prints it; server_unit_tests fails when the committed file differs (a route
// whose roles changed without the file being regenerated).
#pragma once

#include <string>

#include "garant/server/server.h"  // GarantdAuthorizationMatrix
#include "http/router.h"

namespace garant::server {

std::string AuthorizationMatrixMarkdown(const Router& router);

}  // namespace garant::server
