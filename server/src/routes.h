// Route registration, one function per area. Each adds its routes with the
// roles allowed to call them (default deny: see router.h).
#pragma once

#include "router.h"
#include "services.h"

namespace garant::server {

// /healthz, /readyz, /metrics, /static/*.
void AddSystemRoutes(Router& router, Services& services);
// /api/v1/session, /api/v1/me, /connexion, /deconnexion, /console, /.
void AddSessionRoutes(Router& router, Services& services);

}  // namespace garant::server
