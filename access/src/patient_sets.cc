// Patient set uploads: tokens streamed as 32-byte bytea into a TEMPORARY
// table (COPY, in batches; dropped at commit, so nothing is ever deleted),
// read back distinct and sorted through a cursor that feeds the digest and
// packs them by kChunkTokens into access_patient_set_chunks under the set's
// bigint id (COPY, in batches); on a digest mismatch the transaction, chunks
// included, is rolled back. The set's row and audit entry come last. Memory
// stays flat whatever the set size (a fetch, a few chunks).
#include <boost/json.hpp>

#include "garant/access/store.h"
#include "garant/audit/leaf.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::access {
namespace {

constexpr size_t kFlushEvery = 10000;
constexpr int kFetch = 10000;
constexpr size_t kChunkTokens = 1024;  // 32 KiB of tokens per chunk row (sql/0015)
constexpr size_t kChunksPerCopy = 32;  // about 2 MB of COPY text

// Packs sorted tokens into chunk rows of access_patient_set_chunks (COPY
// text: set id, first token, tokens, bytea as \x hex).
class ChunkWriter {
 public:
  ChunkWriter(db::Transaction& tx, int64_t set_id) : tx_(tx), set_id_(std::to_string(set_id)) {}
  Status Add(ByteView token) {
    if (in_chunk_ == 0) {
      row_ += set_id_ + "\t\\\\x";
      AppendHex(&row_, token);
      row_ += "\t\\\\x";
    }
    AppendHex(&row_, token);
    if (++in_chunk_ == kChunkTokens) return EndChunk();
    return Status::Ok();
  }
  Status Finish() {
    if (in_chunk_ > 0) GARANT_RETURN_IF_ERROR(EndChunk());
    return Send();
  }

 private:
  Status EndChunk() {
    row_ += '\n';
    in_chunk_ = 0;
    if (++chunks_ == kChunksPerCopy) return Send();
    return Status::Ok();
  }
  Status Send() {
    if (row_.empty()) return Status::Ok();
    GARANT_RETURN_IF_ERROR(tx_.connection()
                               .CopyIn("COPY access_patient_set_chunks (set_id, first_token, "
                                       "tokens) FROM STDIN",
                                       row_)
                               .status());
    row_.clear();
    chunks_ = 0;
    return Status::Ok();
  }
  db::Transaction& tx_;
  std::string set_id_;
  std::string row_;
  size_t in_chunk_ = 0;
  size_t chunks_ = 0;
};

}  // namespace

struct PatientSetUpload::Impl {
  Impl(db::PooledConnection c, audit::AuditLog& l, const Clock& k, Random& r)
      : conn(std::move(c)), log(l), clock(k), random(r) {}
  db::PooledConnection conn;
  std::unique_ptr<db::Transaction> tx;
  audit::AuditLog& log;
  const Clock& clock;
  Random& random;
  std::string actor;
  std::string digest;
  std::string buffer;  // COPY rows not sent yet
  size_t buffered = 0;
  size_t lines = 0;
  size_t max_tokens = kMaxPatientSetTokens;

  Status Flush() {
    if (buffered == 0) return Status::Ok();
    GARANT_RETURN_IF_ERROR(
        tx->connection().CopyIn("COPY garant_set_upload (token) FROM STDIN", buffer).status());
    buffer.clear();
    buffered = 0;
    return Status::Ok();
  }
};

PatientSetUpload::PatientSetUpload(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatientSetUpload::~PatientSetUpload() {
  if (impl_) impl_->tx.reset();  // rollback unless committed, before the connection goes back
}

Status PatientSetUpload::Add(std::string_view token) {
  Impl& m = *impl_;
  ++m.lines;
  if (m.lines > m.max_tokens) {
    return Status::TooLarge("a patient set has at most " + std::to_string(m.max_tokens) +
                            " tokens");
  }
  if (!IsLowerHex64(token)) {
    return Status::InvalidArgument("line " + std::to_string(m.lines) +
                                   ": a token is 64 lowercase hex characters");
  }
  m.buffer += "\\\\x";  // bytea's hex input, its backslash escaped for COPY
  m.buffer.append(token);
  m.buffer += '\n';
  if (++m.buffered >= kFlushEvery) return m.Flush();
  return Status::Ok();
}

Result<PatientSetInfo> PatientSetUpload::Finish() {
  Impl& m = *impl_;
  db::Transaction& tx = *m.tx;
  GARANT_RETURN_IF_ERROR(m.Flush());
  // One upload of a digest at a time; a set stored meanwhile is answered as is.
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {m.digest}).status());
  // A set whose tokens retention removed (sql/0023: its row stays, its
  // chunks are gone) is stored again under its id, with a new audit entry.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows existing,
      tx.Exec("SELECT s.token_count, s.audit_index, s.id, (s.token_count = 0 OR EXISTS (SELECT 1 "
              "FROM access_patient_set_chunks c WHERE c.set_id = s.id)) "
              "FROM access_patient_sets s WHERE s.digest = $1",
              {m.digest}));
  PatientSetInfo info;
  info.digest = m.digest;
  if (!existing.empty() && existing.Bool(0, 3)) {
    info.token_count = existing.Int(0, 0);
    info.audit_index = static_cast<uint64_t>(existing.Int(0, 1));
    return info;  // the destructor rolls the staging table back
  }
  const bool restore = !existing.empty();
  int64_t set_id = 0;
  if (restore) {
    set_id = existing.Int(0, 2);
  } else {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows id,
        tx.Exec("SELECT nextval(pg_get_serial_sequence('access_patient_sets', 'id'))"));
    set_id = id.Int(0, 0);
  }
  // Sorted and distinct by a sort (the staging table has no statistics: the
  // planner would hash 1,000,000 rows, then sort them anyway). bytea sorts as
  // its hex does (memcmp order).
  GARANT_RETURN_IF_ERROR(tx.Exec("SET LOCAL enable_hashagg = off").status());
  GARANT_RETURN_IF_ERROR(tx.Exec("DECLARE set_tokens NO SCROLL CURSOR FOR SELECT DISTINCT token "
                                 "FROM garant_set_upload ORDER BY token")
                             .status());
  crypto::Sha256Hasher h;
  ChunkWriter chunks(tx, set_id);
  int64_t count = 0;
  std::string line;
  while (true) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r, tx.ExecBinary("FETCH FORWARD " + std::to_string(kFetch) + " FROM set_tokens"));
    for (int i = 0; i < r.size(); ++i) {
      const ByteView token = AsBytes(r.Text(i, 0));
      line.clear();
      AppendHex(&line, token);
      line += '\n';
      h.Update(line);
      GARANT_RETURN_IF_ERROR(chunks.Add(token));
    }
    count += r.size();
    if (r.size() < kFetch) break;
  }
  GARANT_RETURN_IF_ERROR(tx.Exec("CLOSE set_tokens").status());
  GARANT_RETURN_IF_ERROR(chunks.Finish());
  crypto::Digest d = h.Finish();
  std::string digest = HexEncode(ByteView(d.data(), d.size()));
  if (digest != m.digest) {
    return Status::InvalidArgument("the tokens' digest is " + digest + ", not " + m.digest +
                                   " (SHA-256 over the distinct tokens, sorted, each followed "
                                   "by a newline): nothing stored");
  }
  boost::json::object payload;
  payload["digest"] = m.digest;
  payload["token_count"] = count;
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      m.log.AppendInTx(
          tx, {audit::Event{m.random.Uuid4(), "access.patient_set.stored", m.clock.Now(), m.actor,
                            "patient-set/" + m.digest, boost::json::serialize(payload)}}));
  if (!restore) {
    GARANT_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO access_patient_sets (id, digest, token_count, stored_at, stored_by, "
                "audit_index) VALUES ($1, $2, $3, now(), $4, $5)",
                {set_id, m.digest, count, m.actor, static_cast<int64_t>(idx[0])})
            .status());
  }
  GARANT_RETURN_IF_ERROR(tx.Commit());
  info.token_count = count;
  info.audit_index = idx[0];
  info.created = true;
  return info;
}

Result<std::optional<PatientSetInfo>> AccessStore::FindPatientSet(const std::string& digest) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  // A set whose tokens retention removed is unknown until stored again.
  GARANT_ASSIGN_OR_RETURN(
      db::Rows r, conn->Exec("SELECT s.token_count, s.audit_index FROM access_patient_sets s "
                             "WHERE s.digest = $1 AND (s.token_count = 0 OR EXISTS (SELECT 1 "
                             "FROM access_patient_set_chunks c WHERE c.set_id = s.id))",
                             {digest}));
  if (r.empty()) return std::optional<PatientSetInfo>();
  PatientSetInfo info;
  info.digest = digest;
  info.token_count = r.Int(0, 0);
  info.audit_index = static_cast<uint64_t>(r.Int(0, 1));
  return std::optional<PatientSetInfo>(info);
}

Result<std::unique_ptr<PatientSetUpload>> AccessStore::BeginPatientSet(const std::string& actor,
                                                                       const std::string& digest,
                                                                       size_t max_tokens) {
  if (!IsLowerHex64(digest)) {
    return Status::InvalidArgument("a patient set is named by its SHA-256 in 64 lowercase hex");
  }
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  auto impl = std::make_unique<PatientSetUpload::Impl>(std::move(conn), log_, clock_, random_);
  impl->tx = std::make_unique<db::Transaction>(*impl->conn);
  GARANT_RETURN_IF_ERROR(impl->tx->status());
  impl->actor = actor;
  impl->digest = digest;
  impl->max_tokens = max_tokens;
  // Staging private to this transaction: dropped at its end, whatever it is.
  GARANT_RETURN_IF_ERROR(impl->tx
                             ->Exec("CREATE TEMPORARY TABLE garant_set_upload (token bytea NOT "
                                    "NULL) ON COMMIT DROP")
                             .status());
  return std::unique_ptr<PatientSetUpload>(new PatientSetUpload(std::move(impl)));
}

}  // namespace garant::access
