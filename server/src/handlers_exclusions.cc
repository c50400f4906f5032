#include "routes.h"

namespace garant::server {

void AddExclusionRoutes(Router&, Services&) {}

}  // namespace garant::server
