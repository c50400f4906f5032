// Where an objection stands in the exclusion lists, for the person's status
// page and the DPO: the first published list version that carries one of its
// tokens, and, for each consumer, whether it acknowledged that version (or a
// later one) and the records it reported purged.
//
// Reads exclusion_list_versions (sql/0004_exclusions.sql) to find the
// candidate versions issued since the objection became effective, and checks
// each candidate's signed document for the tokens (not the timestamps alone:
// a version may have been built from a snapshot taken just before the
// objection committed).
//
// Thread-safe (borrows a connection per call). Errors: database errors as
// db::MapSqlState maps them; kDataLoss for a stored document that does not
// parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "garant/consent/exclusion_store.h"
#include "garant/consent/objection.h"
#include "garant/core/db.h"

namespace garant::consent {

struct ObjectionDelivery {
  std::optional<int64_t> first_version;  // nullopt: not in any published version yet
  std::string first_issued_at;           // RFC 3339, when first_version is set
  struct Consumer {
    std::string name;
    bool applied = false;                  // acknowledged first_version or a later one
    std::optional<int64_t> acked_version;  // latest acknowledged version
    std::optional<std::string> acked_at;
    int64_t purged_total = 0;  // records purged, all versions together
  };
  std::vector<Consumer> consumers;  // enabled consumers only
};

// How many versions after effective_at are examined for the first carrier.
inline constexpr int kMaxDeliveryCandidates = 20;

// Each candidate version is looked at through its primary document, with the
// objection's tokens under that document's pseudonym key (so the answer
// survives a key rotation).
Result<ObjectionDelivery> FindDelivery(db::Pool& pool, ExclusionStore& lists,
                                       const Objection& objection, TimePoint now);

}  // namespace garant::consent
