// The benches' way out of a failed step: "<program>: <what>: <status>" on
// standard error, exit status 1. A bench has nothing to recover: it stops at
// the first failure, after undoing what an OnDie guard registered (the
// PostgreSQL cluster it started, the garantd it spawned: std::exit runs no
// destructor of the stack, and they would be left running).
#pragma once

#include <errno.h>  // program_invocation_short_name (glibc)

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <utility>

#include "garant/core/status.h"

namespace garant::bench {

namespace internal {
// The registered undos, oldest first, and the lock Die and the guards share
// (never destroyed: Die exits holding the lock).
inline std::mutex& DieMutex() {
  static auto* m = new std::mutex;
  return *m;
}
inline std::list<std::function<void()>>& Undos() {
  static auto* undos = new std::list<std::function<void()>>;
  return *undos;
}
}  // namespace internal

// While it lives, `undo` runs if a step fails (Die), newest guard first.
// Thread-safe; Die may be called from any thread (the first one exits, the
// others wait for it).
class OnDie {
 public:
  explicit OnDie(std::function<void()> undo) {
    std::lock_guard<std::mutex> lock(internal::DieMutex());
    internal::Undos().push_back(std::move(undo));
    it_ = std::prev(internal::Undos().end());
  }
  ~OnDie() {
    std::lock_guard<std::mutex> lock(internal::DieMutex());
    internal::Undos().erase(it_);
  }
  OnDie(const OnDie&) = delete;
  OnDie& operator=(const OnDie&) = delete;

 private:
  std::list<std::function<void()>>::iterator it_;
};

[[noreturn]] inline void Die(const std::string& what, const Status& st) {
  std::unique_lock<std::mutex> lock(internal::DieMutex());  // held until exit
  std::fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what.c_str(),
               st.ToString().c_str());
  auto& undos = internal::Undos();
  while (!undos.empty()) {
    std::function<void()> undo = std::move(undos.back());
    undos.pop_back();
    undo();  // a Check failing in it waits on the lock: undos call no Check
  }
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
