#include "garant/consent/retokenise.h"

#include <string>
#include <vector>

#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"
#include "objection_records.h"

namespace garant::consent {
namespace {

constexpr const char* kMissingCondition =
    "NOT EXISTS (SELECT 1 FROM objection_tokens t WHERE t.objection_id = o.id AND t.key_id = $1)";

// Adds the tokens of one objection (locked, re-checked) with its audit entry.
// Returns the number of tokens added (0 when another run did it first).
Result<int64_t> RetokeniseOne(db::Pool& pool, audit::AuditLog& audit, Random& random,
                              const Clock& clock, const crypto::KeyRing& sealing,
                              const PseudonymKey& key, const std::string& key_id,
                              const std::string& objection_id, std::string_view actor) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec(std::string("SELECT ") + internal::kObjectionColumns +
                  ", o.seal_key_id, o.traits_sealed FROM objections o WHERE o.id = $2 AND " +
                  kMissingCondition + " FOR UPDATE OF o",
              {key_id, objection_id}));
  if (rows.empty()) return 0;  // done meanwhile
  GARANT_ASSIGN_OR_RETURN(const Objection o, internal::RowToObjection(rows, 0));
  Result<Bytes> traits_json =
      sealing.Open(static_cast<int32_t>(rows.Int(0, rows.columns() - 2)),
                   rows.Bytea(0, rows.columns() - 1), AsBytes(internal::TraitsAad(o.id)));
  if (!traits_json.ok()) {
    return Status::DataLoss("the identity traits of objection " + o.reference +
                            " do not open under the configured encryption keys");
  }
  const TimePoint now = clock.Now();
  // A patient's traits, or a professional's RPPS number.
  Result<std::vector<std::string>> tokens =
      internal::StoredSubjectTokens(key, o.subject, AsString(*traits_json), UtcYear(now));
  if (!tokens.ok()) {
    return tokens.status().WithContext("objection " + o.reference + " no longer tokenises");
  }
  for (const std::string& t : *tokens) {
    GARANT_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO objection_tokens (objection_id, token, key_id) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING",
                {o.id, t, key_id})
            .status());
  }
  GARANT_RETURN_IF_ERROR(
      audit
          .AppendInTx(tx, {internal::MakeEvent(random, kEventObjectionRetokenised, now, actor, o,
                                               *tokens, key_id)})
          .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int64_t>(tokens->size());
}

}  // namespace

Result<int64_t> CountObjectionsWithoutTokens(db::Pool& pool, std::string_view key_id) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r,
      conn->Exec(std::string("SELECT count(*) FROM objections o WHERE ") + kMissingCondition,
                 {std::string(key_id)}));
  return r.Int(0, 0);
}

Result<RetokeniseReport> RetokeniseObjections(db::Pool& pool, audit::AuditLog& audit,
                                              Random& random, const Clock& clock,
                                              const crypto::KeyRing& sealing,
                                              const PseudonymKey& key, std::string_view actor,
                                              int batch) {
  const std::string key_id = PseudonymKeyId(key);
  RetokeniseReport report;
  std::string after;  // keyset pagination over objection ids
  for (;;) {
    std::vector<std::string> ids;
    {
      GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool.Acquire());
      GARANT_ASSIGN_OR_RETURN(
          db::Rows r,
          conn->Exec(std::string("SELECT o.id::text FROM objections o WHERE ") + kMissingCondition +
                         " AND o.id::text > $2 ORDER BY o.id::text LIMIT $3",
                     {key_id, after, batch}));
      for (int i = 0; i < r.size(); ++i) ids.push_back(r.Str(i, 0));
    }
    if (ids.empty()) return report;
    for (const std::string& id : ids) {
      GARANT_ASSIGN_OR_RETURN(int64_t added, RetokeniseOne(pool, audit, random, clock, sealing, key,
                                                           key_id, id, actor));
      if (added > 0) {
        ++report.objections;
        report.tokens += added;
      }
    }
    after = ids.back();
  }
}

}  // namespace garant::consent
