#include "audit_events.h"

#include <spdlog/spdlog.h>

#include <utility>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/audit/recorder.h"

namespace garant::server {

namespace {

// One event in a transaction of its own, on Services::audit_log().
Result<std::vector<uint64_t>> AppendAlone(Services& services, audit::Event event) {
  GARANT_ASSIGN_OR_RETURN(auto conn, services.pool.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  std::vector<audit::Event> events;
  events.push_back(std::move(event));
  GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> indexes,
                          services.audit_log().AppendInTx(tx, std::move(events)));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return indexes;
}

}  // namespace

Result<uint64_t> RecordRequiredAuditEvent(Services& services, const std::string& type,
                                          const std::string& actor, const std::string& object,
                                          const std::string& payload, std::string_view reason) {
  audit::Event event =
      audit::MakeEvent(services.random, services.clock, type, actor, object, payload);
  Result<std::vector<uint64_t>> indexes = Status::Internal("not appended");
  if (services.appender != nullptr) {
    std::vector<audit::Event> events;
    events.push_back(std::move(event));
    indexes = services.appender->Append(std::move(events));
  } else {
    indexes = AppendAlone(services, std::move(event));
  }
  if (indexes.ok() && indexes->size() == 1) return (*indexes)[0];
  Status st = indexes.ok() ? Status::Internal("the append returned no index") : indexes.status();
  if (st.code() == Code::kInvalidArgument || st.code() == Code::kTooLarge) return st;
  spdlog::error("audit event {} by {} not recorded: {}", type, actor, st.ToString());
  return Status(Code::kUnavailable,
                "the audit log could not record this answer, so it is not given: retry later",
                std::string(reason));
}

}  // namespace garant::server
