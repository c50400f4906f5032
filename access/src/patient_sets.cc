// Patient set uploads: tokens streamed into a staging table in batches (COPY),
// the digest computed from the database in sorted order (a cursor), the set
// stored once. Memory stays flat whatever the set size.
#include <boost/json.hpp>

#include "garant/access/store.h"
#include "garant/audit/leaf.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::access {
namespace {

constexpr size_t kFlushEvery = 10000;
constexpr int kFetch = 10000;

bool IsUuidText(std::string_view s) {
  if (s.size() != 36) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
  }
  return true;
}

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
  std::string upload;  // uuid of this upload's staging rows
  std::string buffer;  // COPY rows not sent yet
  size_t buffered = 0;
  size_t lines = 0;
  size_t max_tokens = kMaxPatientSetTokens;

  Status Flush() {
    if (buffered == 0) return Status::Ok();
    GARANT_RETURN_IF_ERROR(
        tx->connection()
            .CopyIn("COPY access_patient_set_uploads (token, upload) FROM STDIN", buffer)
            .status());
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
  m.buffer.append(token);
  m.buffer += '\t';
  m.buffer += m.upload;
  m.buffer += '\n';
  if (++m.buffered >= kFlushEvery) return m.Flush();
  return Status::Ok();
}

Result<PatientSetInfo> PatientSetUpload::Finish() {
  Impl& m = *impl_;
  db::Transaction& tx = *m.tx;
  GARANT_RETURN_IF_ERROR(m.Flush());
  // The upload id was made by Random::Uuid4 (checked): safe to inline in the
  // DECLARE, which takes no parameters.
  if (!IsUuidText(m.upload)) return Status::Internal("bad upload id");
  GARANT_RETURN_IF_ERROR(
      tx.Exec("DECLARE set_tokens NO SCROLL CURSOR FOR SELECT DISTINCT token FROM "
              "access_patient_set_uploads WHERE upload = '" +
              m.upload + "'::uuid ORDER BY token")
          .status());
  crypto::Sha256Hasher h;
  int64_t count = 0;
  while (true) {
    GARANT_ASSIGN_OR_RETURN(
        db::Rows r, tx.Exec("FETCH FORWARD " + std::to_string(kFetch) + " FROM set_tokens"));
    for (int i = 0; i < r.size(); ++i) {
      h.Update(r.Text(i, 0));
      h.Update(std::string_view("\n"));
    }
    count += r.size();
    if (r.size() < kFetch) break;
  }
  GARANT_RETURN_IF_ERROR(tx.Exec("CLOSE set_tokens").status());
  crypto::Digest d = h.Finish();
  std::string digest = HexEncode(ByteView(d.data(), d.size()));
  if (digest != m.digest) {
    return Status::InvalidArgument("the tokens' digest is " + digest + ", not " + m.digest +
                                   " (SHA-256 over the distinct tokens, sorted, each followed "
                                   "by a newline): nothing stored");
  }
  // One upload of a digest at a time.
  GARANT_RETURN_IF_ERROR(
      tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {m.digest}).status());
  GARANT_ASSIGN_OR_RETURN(db::Rows existing,
                          tx.Exec("SELECT token_count, audit_index FROM access_patient_sets "
                                  "WHERE digest = $1",
                                  {m.digest}));
  PatientSetInfo info;
  info.digest = m.digest;
  if (!existing.empty()) {
    info.token_count = existing.Int(0, 0);
    info.audit_index = static_cast<uint64_t>(existing.Int(0, 1));
    return info;  // stored meanwhile; the destructor rolls the staging rows back
  }
  boost::json::object payload;
  payload["digest"] = m.digest;
  payload["token_count"] = count;
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      m.log.AppendInTx(
          tx, {audit::Event{m.random.Uuid4(), "access.patient_set.stored", m.clock.Now(), m.actor,
                            "patient-set/" + m.digest, boost::json::serialize(payload)}}));
  GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO access_patient_sets (digest, token_count, stored_at, "
                                 "stored_by, audit_index) VALUES ($1, $2, now(), $3, $4)",
                                 {m.digest, count, m.actor, static_cast<int64_t>(idx[0])})
                             .status());
  // In sorted order: the primary key's B-tree then grows at its right edge.
  GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO access_patient_set_tokens (digest, token) "
                                 "SELECT $1, token FROM (SELECT DISTINCT token FROM "
                                 "access_patient_set_uploads WHERE upload = $2::uuid "
                                 "ORDER BY token) s",
                                 {m.digest, m.upload})
                             .status());
  GARANT_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM access_patient_set_uploads WHERE upload = $1::uuid", {m.upload})
          .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  info.token_count = count;
  info.audit_index = idx[0];
  info.created = true;
  return info;
}

Result<std::optional<PatientSetInfo>> AccessStore::FindPatientSet(const std::string& digest) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows r, conn->Exec("SELECT token_count, audit_index FROM "
                                                 "access_patient_sets WHERE digest = $1",
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
  impl->upload = random_.Uuid4();
  impl->max_tokens = max_tokens;
  return std::unique_ptr<PatientSetUpload>(new PatientSetUpload(std::move(impl)));
}

}  // namespace garant::access
