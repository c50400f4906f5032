#include "routes.h"

namespace garant::server {

void AddAuditRoutes(Router&, Services&) {}

}  // namespace garant::server
