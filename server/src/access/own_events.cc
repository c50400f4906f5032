#include "access/own_events.h"

#include <spdlog/spdlog.h>

#include "garant/access/views.h"

namespace garant::server {

Result<OwnReadEvent> RecordOwnRead(Services& s, const HttpExchange& ex, std::string_view what,
                                   access::Action action, const std::vector<std::string>& tokens) {
  access::AccessEvent e;
  e.id = s.random.Uuid4();
  e.occurred_at = s.clock.Now();
  e.account = ex.principal().Actor();
  if (!ex.principal().role.empty()) e.account_role = ex.principal().role;
  e.action = action;
  e.source = std::string(access::kGarantSource);
  e.query_fingerprint = std::string(what.substr(0, 128));
  e.client_address = ex.ClientAddress();
  e.outcome = access::Outcome::kSuccess;
  if (!tokens.empty()) e.patients = tokens;
  access::AccessStore store(s.pool, s.audit_log(), s.clock, s.random, access::RuleConfig{});
  auto r = store.RecordBatch(std::string(access::kGarantReporter), {e});
  if (!r.ok()) {
    spdlog::error("read {} by {} not recorded: {}", what, e.account, r.status().ToString());
    return r.status();
  }
  return OwnReadEvent{.id = e.id, .index = r->at(0).index, .at = e.occurred_at};
}

}  // namespace garant::server
