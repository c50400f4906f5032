#include "garant/consent/objection_delivery.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/core/bytes.h"

namespace garant::consent {
namespace {

// Whether `list` holds any of `tokens` (lowercase hex).
bool Carries(const ExclusionList& list, const std::vector<std::string>& tokens) {
  for (const std::string& hex : tokens) {
    auto raw = HexDecode(hex);
    if (!raw.ok() || raw->size() != 32) continue;
    for (const ScopedToken& t : list.tokens) {
      if (std::equal(t.token.begin(), t.token.end(), raw->begin())) return true;
    }
  }
  return false;
}

}  // namespace

Result<ObjectionDelivery> FindDelivery(db::Pool& pool, ExclusionStore& lists,
                                       const Objection& objection, TimePoint now) {
  ObjectionDelivery out;
  std::vector<int64_t> candidates;
  std::map<std::string, std::vector<std::string>> tokens_by_key;
  {
    GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
    GARANT_ASSIGN_OR_RETURN(db::Rows tokens,
                            conn->Exec("SELECT key_id, token FROM objection_tokens "
                                       "WHERE objection_id = $1",
                                       {objection.id}));
    for (int i = 0; i < tokens.size(); ++i) {
      tokens_by_key[tokens.Str(i, 0)].push_back(tokens.Str(i, 1));
    }
    // created_at is the publishing transaction's start (database clock): a
    // version that carries the objection was created after it became
    // effective. Five minutes of margin absorb a skew between the clocks;
    // the documents themselves decide.
    GARANT_ASSIGN_OR_RETURN(
        db::Rows rows,
        conn->Exec("SELECT version FROM exclusion_list_versions "
                   "WHERE created_at >= $1::timestamptz - interval '5 minutes' "
                   "ORDER BY version LIMIT $2",
                   {FormatRfc3339Utc(objection.effective_at), kMaxDeliveryCandidates}));
    for (int i = 0; i < rows.size(); ++i) candidates.push_back(rows.Int(i, 0));
  }
  for (int64_t v : candidates) {
    GARANT_ASSIGN_OR_RETURN(std::string document, lists.Document(v));
    auto list = ParseExclusionList(document);
    if (!list.ok())
      return Status::DataLoss("exclusion list version " + std::to_string(v) +
                              " does not parse: " + list.status().message());
    if (Carries(*list, tokens_by_key[list->header.pseudonym_key_id])) {
      out.first_version = v;
      out.first_issued_at = list->header.issued_at;
      break;
    }
  }
  GARANT_ASSIGN_OR_RETURN(std::vector<ConsumerState> consumers, lists.Consumers(now));
  for (const ConsumerState& c : consumers) {
    if (c.disabled) continue;
    ObjectionDelivery::Consumer d;
    d.name = c.name;
    d.acked_version = c.acked_version;
    d.acked_at = c.acked_at;
    d.purged_total = c.purged_total;
    d.applied = out.first_version && c.acked_version && *c.acked_version >= *out.first_version;
    out.consumers.push_back(std::move(d));
  }
  return out;
}

}  // namespace garant::consent
