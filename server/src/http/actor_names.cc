#include "http/actor_names.h"

#include <spdlog/spdlog.h>

namespace garant::server {

ActorNames ActorNames::Load(Services& services) {
  ActorNames out;
  out.names_["public"] = "le public";
  if (auto accounts = services.accounts.List(); accounts.ok()) {
    for (const auto& a : *accounts) out.names_["staff:" + std::to_string(a.id)] = a.display_name;
  } else {
    spdlog::warn("staff names unavailable: {}", accounts.status().ToString());
  }
  if (auto tokens = services.tokens.List(); tokens.ok()) {
    for (const auto& t : *tokens) out.names_["service:" + t.id] = t.name;
  } else {
    spdlog::warn("service token names unavailable: {}", tokens.status().ToString());
  }
  return out;
}

std::string ActorNames::Name(const std::string& actor) const {
  auto it = names_.find(actor);
  return it == names_.end() ? actor : it->second;
}

bool ActorNames::Knows(const std::string& actor) const { return names_.count(actor) != 0; }

std::string ActorNames::StaffName(int64_t id) const {
  auto it = names_.find("staff:" + std::to_string(id));
  return it == names_.end() ? "un compte du personnel" : it->second;
}

}  // namespace garant::server
