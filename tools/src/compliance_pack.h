// garant compliance pack DIR: the folder for a CNIL control (docs/compliance-pack.md).
#pragma once

#include <string>

#include "cli.h"

namespace garant::cli {

// Writes the pack of `a` (--from, --to, --security-doc, the database) to dir.
// Returns the exit code.
int CompliancePack(const Args& a, const std::string& dir);

}  // namespace garant::cli
