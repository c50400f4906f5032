// The schema migrations of sql/, embedded at build time, sorted by version.
#pragma once

#include <vector>

#include "garant/core/migrations.h"

namespace garant::sql {

const std::vector<db::Migration>& Migrations();

}  // namespace garant::sql
