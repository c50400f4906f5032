#include "routes.h"

namespace garant::server {

void AddGovernanceRoutes(Router&, Services&) {}

}  // namespace garant::server
