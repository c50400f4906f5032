#include "audit_events.h"

#include <spdlog/spdlog.h>

#include <utility>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/audit/recorder.h"

namespace garant::server {

Status RecordAuditEvent(Services& services, const std::string& type, const std::string& actor,
                        const std::string& object, const std::string& payload) {
  if (services.appender == nullptr) return Status::Ok();
  std::vector<audit::Event> events;
  events.push_back(audit::MakeEvent(services.random, services.clock, type, actor, object, payload));
  auto indexes = services.appender->Append(std::move(events));
  if (!indexes.ok()) {
    spdlog::error("audit event {} by {} not recorded: {}", type, actor,
                  indexes.status().ToString());
    return indexes.status();
  }
  return Status::Ok();
}

}  // namespace garant::server
