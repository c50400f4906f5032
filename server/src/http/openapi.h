// The OpenAPI 3.1 description of garant's JSON API: docs/openapi.yaml,
// converted to JSON at build time (cmake/openapi_to_cc.py) and served as is,
// publicly, at GET /api/v1/openapi.json (system/routes.cc). The route table
// and this description are compared by server/tests/openapi_routes_test.cc.
#pragma once

#include <string_view>

namespace garant::server {

// The document as compact JSON (ASCII, valid, a single object). Thread-safe.
std::string_view OpenApiJson();

}  // namespace garant::server
