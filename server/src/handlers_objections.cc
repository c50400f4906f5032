#include "routes.h"

namespace garant::server {

void AddObjectionRoutes(Router&, Services&) {}

}  // namespace garant::server
