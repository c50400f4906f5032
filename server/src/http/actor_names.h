// Who wrote an audit entry, in words, for the staff pages: the actor strings
// of the leaves ("staff:<id>", "service:<id>", "public", see
// staff::Principal::Actor) turned into the account's display name or the
// service token's name, so that an auditor reads "Claire Martin", not
// "staff:3".
//
// Thread-safety: a loaded ActorNames is immutable; share it freely.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "services.h"

namespace garant::server {

class ActorNames {
 public:
  // Reads every staff account and service token (two queries). Best effort:
  // when a list cannot be read, its actors are shown by their code.
  static ActorNames Load(Services& services);

  // The name alone: the display name of "staff:<id>", the token's name for
  // "service:<id>", "le public" for "public"; an actor no list knows is
  // returned as it is.
  std::string Name(const std::string& actor) const;
  // True when Name(actor) is a name rather than the code itself.
  bool Knows(const std::string& actor) const;
  // The display name of staff account `id`, or "un compte du personnel"
  // when no account has that id (or the list was unreadable).
  std::string StaffName(int64_t id) const;

 private:
  std::map<std::string, std::string> names_;
};

}  // namespace garant::server
