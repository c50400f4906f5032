// The whole route table, area by area (http/routes.h).
#include "http/routes.h"

namespace garant::server {

void AddAllRoutes(Router& router, Services& services) {
  AddSystemRoutes(router, services);
  AddSessionRoutes(router, services);
  AddInformationRoutes(router, services);
  AddObjectionRoutes(router, services);
  AddRightsRoutes(router, services);
  AddExclusionRoutes(router, services);
  AddExclusionConsoleRoutes(router, services);
  AddGovernanceRoutes(router, services);
  AddAuditRoutes(router, services);
  AddAccessRoutes(router, services);
}

}  // namespace garant::server
