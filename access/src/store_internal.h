// Helpers shared by the store's files.
#pragma once

#include <string>
#include <string_view>

namespace garant::access {

// A value escaped for PostgreSQL's COPY text format (backslash, tab, newline,
// carriage return).
std::string CopyText(std::string_view s);

}  // namespace garant::access
