#include "garant/audit/recorder.h"

#include <utility>
#include <vector>

namespace garant::audit {

Event MakeEvent(Random& random, const Clock& clock, std::string type, std::string actor,
                std::string object, std::string payload) {
  return MakeEvent(random, clock.Now(), std::move(type), std::move(actor), std::move(object),
                   std::move(payload));
}

Event MakeEvent(Random& random, TimePoint time, std::string type, std::string actor,
                std::string object, std::string payload) {
  Event e;
  e.id = random.Uuid4();
  e.type = std::move(type);
  e.time = time;
  e.actor = std::move(actor);
  e.object = std::move(object);
  e.payload = std::move(payload);
  return e;
}

Status Record(db::Transaction& tx, const Recorder& by, std::string type, std::string object,
              std::string payload) {
  std::vector<Event> events;
  events.push_back(MakeEvent(by.random, by.clock, std::move(type), by.actor, std::move(object),
                             std::move(payload)));
  return by.log.AppendInTx(tx, std::move(events)).status();
}

Status RecordAlone(db::Pool& pool, const Recorder& by, std::string type, std::string object,
                   std::string payload) {
  GARANT_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_RETURN_IF_ERROR(Record(tx, by, std::move(type), std::move(object), std::move(payload)));
  return tx.Commit();
}

}  // namespace garant::audit
