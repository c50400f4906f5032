// The benches' way out of a failed step: "<program>: <what>: <status>" on
// standard error, exit status 1. A bench has nothing to recover: it stops at
// the first failure.
#pragma once

#include <errno.h>  // program_invocation_short_name (glibc)

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "garant/core/status.h"

namespace garant::bench {

[[noreturn]] inline void Die(const std::string& what, const Status& st) {
  std::fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what.c_str(),
               st.ToString().c_str());
  std::exit(1);
}

// The value of `r`, or Die(what, its status).
template <typename T>
T Check(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}

inline void Check(const Status& st, const std::string& what) {
  if (!st.ok()) Die(what, st);
}

}  // namespace garant::bench
