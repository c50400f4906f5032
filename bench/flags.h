// The benches' command-line flags: "--name N" pairs, nothing else.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace garant::bench {

// The value after `name` in argv as an unsigned decimal, or `dflt` when the
// flag is absent (a value that is not a number reads as 0).
inline uint64_t Flag(int argc, char** argv, const char* name, uint64_t dflt) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::strtoull(argv[i + 1], nullptr, 10);
  }
  return dflt;
}

}  // namespace garant::bench
