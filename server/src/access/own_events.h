// garant's own access events ("audit log used", docs/access-events.md): a
// staff member or an `auditor` service reading, inside garant, the access
// trail, the findings, the cases or the log's entry bundles. Each read is
// recorded as an access event (reporter access::kGarantReporter, source
// access::kGarantSource, no rule evaluated: reading the trail is not an
// access under a research authorisation) and committed before the answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "garant/access/event.h"
#include "garant/access/store.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"
#include "http/exchange.h"
#include "services.h"

namespace garant::server {

// The recorded event.
struct OwnReadEvent {
  std::string id;
  uint64_t index = 0;  // its audit index
  TimePoint at;        // its occurred_at
};

// Records a read by the request's principal: `what` names it, as the event's
// query_fingerprint (at most 128 bytes kept), e.g. "api/findings" or
// "audit/compte/u-42", never with a patient token in it; `tokens` are the
// patients the read names (a person's trail), if any. The caller must not
// send the data when this fails: the error is returned as it is (a database
// error → 503).
Result<OwnReadEvent> RecordOwnRead(Services& s, const HttpExchange& ex, std::string_view what,
                                   access::Action action = access::Action::kView,
                                   const std::vector<std::string>& tokens = {});

}  // namespace garant::server
