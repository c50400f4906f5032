#include "audit_events.h"

#include <spdlog/spdlog.h>

#include <utility>
#include <vector>

#include "garant/audit/leaf.h"

namespace garant::server {

Status RecordAuditEvent(Services& services, const std::string& type, const std::string& actor,
                        const std::string& object, const std::string& payload) {
  if (services.appender == nullptr) return Status::Ok();
  audit::Event e;
  e.id = services.random.Uuid4();
  e.type = type;
  e.time = services.clock.Now();
  e.actor = actor;
  e.object = object;
  e.payload = payload;
  std::vector<audit::Event> events;
  events.push_back(std::move(e));
  auto indexes = services.appender->Append(std::move(events));
  if (!indexes.ok()) {
    spdlog::error("audit event {} by {} not recorded: {}", type, actor,
                  indexes.status().ToString());
    return indexes.status();
  }
  return Status::Ok();
}

}  // namespace garant::server
