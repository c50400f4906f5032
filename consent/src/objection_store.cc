#include "garant/consent/objection_store.h"

#include <array>
#include <string>
#include <utility>

#include "garant/audit/checkpoint.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/note.h"
#include "garant/audit/tile.h"
#include "garant/audit/tlog_proof.h"
#include "garant/consent/exclusion_list.h"
#include "garant/consent/notice_register.h"
#include "garant/core/bytes.h"
#include "objection_records.h"

namespace garant::consent {
namespace {

constexpr int kReferenceAttempts = 5;

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

Status NoSuchReceipt() { return Status::NotFound("no objection with this reference and code"); }

// The code columns are the last three: code_key_id, code_hash, code_sealed
// (sql/0033: exactly one of the last two is set).
std::string SelectByReference(std::string_view lock) {
  return std::string("SELECT ") + internal::kObjectionColumns +
         ", o.code_key_id, o.code_hash, o.code_sealed FROM objections o WHERE o.reference = $1" +
         std::string(lock);
}

// How the receipt code of a row verified.
struct CodeCheck {
  bool ok = false;
  // Verified, but not a digest verifier sealed under the current key: write
  // it again (RewriteCode) now that the code is known.
  bool rewrite = false;
  int32_t key_id = crypto::kLegacyKeyId;  // the code_key_id read
};

// A sealed value that opens under no key: what an unknown reference is
// checked against, so its answer takes the work of a wrong code.
constexpr std::array<uint8_t, 12 + 33 + 16> kNoVerifier{};

// Whether the receipt code of row 0 (the last three columns of
// SelectByReference; `id` its objection id) is `code`. Every candidate key is
// tried, so the work does not depend on which one matches.
CodeCheck VerifyStoredCode(const crypto::KeyRing& ring, const db::Rows& rows, const std::string& id,
                           std::string_view reference, std::string_view code) {
  const int n = rows.columns();
  CodeCheck c;
  c.key_id = static_cast<int32_t>(rows.Int(0, n - 3));
  if (!rows.IsNull(0, n - 1)) {
    Result<Bytes> verifier =
        ring.Open(c.key_id, rows.Bytea(0, n - 1), AsBytes(internal::CodeAad(id)));
    // Under a key no longer configured (the rotation was not run before the
    // previous key was dropped): the code cannot be checked.
    if (!verifier.ok()) {
      (void)VerifyCodeAgainst(CodeVerifier(reference, code), reference, code);
      return c;
    }
    c.ok = VerifyCodeAgainst(*verifier, reference, code);
    c.rewrite = c.key_id != ring.current_id() || !IsDigestVerifier(*verifier);
    return c;
  }
  // A clear hash written before sql/0033, by its key id.
  const Bytes stored = rows.Bytea(0, n - 2);
  for (const ReceiptCodeKey& k : ring.ReceiptCodeKeys(c.key_id)) {
    c.ok = VerifyCode(k, reference, code, stored) || c.ok;
  }
  c.rewrite = true;
  return c;
}

// The work of VerifyStoredCode for a reference that does not exist.
void VerifyNoCode(const crypto::KeyRing& ring, std::string_view reference, std::string_view code) {
  Result<Bytes> none = ring.Open(ring.current_id(), kNoVerifier, AsBytes(internal::CodeAad("")));
  (void)none;
  (void)VerifyCodeAgainst(CodeVerifier(reference, code), reference, code);
}

// After a code verified in another form or under an older key: its digest
// verifier sealed under the current key (only while the row still holds what
// was read, `old_key_id`).
template <typename Executor>  // db::Connection or db::Transaction
Status RewriteCode(Executor& conn, const crypto::KeyRing& ring, const std::string& id,
                   int32_t old_key_id, std::string_view reference, std::string_view code) {
  const crypto::Sealed sealed =
      ring.Seal(CodeVerifier(reference, code), AsBytes(internal::CodeAad(id)));
  return conn
      .Exec(
          "UPDATE objections SET code_hash = NULL, code_sealed = $3, code_key_id = $4 "
          "WHERE id = $1 AND code_key_id = $2",
          {id, old_key_id, db::Param::Binary(sealed.bytes), sealed.key_id})
      .status();
}

Result<std::vector<std::string>> ReadTokens(db::Transaction& tx, const std::string& id,
                                            const std::string& key_id) {
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec("SELECT token FROM objection_tokens WHERE objection_id = $1 AND key_id = $2 "
              "ORDER BY token",
              {id, key_id}));
  std::vector<std::string> tokens;
  for (int i = 0; i < rows.size(); ++i) tokens.push_back(rows.Str(i, 0));
  return tokens;
}

}  // namespace

std::string PseudonymKeyId(const PseudonymKey& key) { return ListPseudonymKeyId(ByteView(key)); }

ObjectionKeys MakeObjectionKeys(const PseudonymKey& pseudonym, const crypto::KeyRing& sealing,
                                const std::optional<PseudonymKey>& previous) {
  ObjectionKeys k;
  k.pseudonym = pseudonym;
  k.pseudonym_key_id = PseudonymKeyId(pseudonym);
  if (previous) {
    k.previous_pseudonym = *previous;
    k.previous_pseudonym_key_id = PseudonymKeyId(*previous);
  }
  k.sealing = sealing;
  return k;
}

ObjectionStore::ObjectionStore(db::Pool& pool, audit::AuditLog& audit, Random& random,
                               const Clock& clock, ObjectionKeys keys)
    : pool_(pool), audit_(audit), random_(random), clock_(clock), keys_(std::move(keys)) {}

Result<Receipt> ObjectionStore::Create(const NewObjection& o, std::string_view actor) {
  return CreateImpl(o, actor, nullptr);
}

Result<Receipt> ObjectionStore::CreateImpl(const NewObjection& o, std::string_view actor,
                                           KeyClaim* claim) {
  TimePoint now = clock_.Now();
  std::vector<FieldError> errors = ValidateObjection(o, now);
  if (!errors.empty()) return ToStatus(errors.front());
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> tokens,
                          internal::SubjectTokens(keys_.pseudonym, o, UtcYear(now)));
  std::vector<std::string> previous_tokens;
  if (keys_.previous_pseudonym) {
    GARANT_ASSIGN_OR_RETURN(previous_tokens,
                            internal::SubjectTokens(*keys_.previous_pseudonym, o, UtcYear(now)));
  }
  // A new reference collides with probability ~n/2^40: retry a few times.
  for (int attempt = 1;; ++attempt) {
    Result<Receipt> r = CreateOnce(o, actor, tokens, previous_tokens, now, claim);
    if (r.ok() || r.status().code() != Code::kAlreadyExists || attempt == kReferenceAttempts) {
      return r;
    }
  }
}

Result<Receipt> ObjectionStore::CreateOnce(const NewObjection& o, std::string_view actor,
                                           const std::vector<std::string>& tokens,
                                           const std::vector<std::string>& previous_tokens,
                                           TimePoint now, KeyClaim* claim) {
  Receipt receipt;
  Objection& obj = receipt.objection;
  obj.id = random_.Uuid4();
  obj.reference = NewReference(random_);
  obj.subject = o.subject;
  obj.requester = o.requester;
  obj.channel = o.channel;
  obj.entered_by = o.entered_by;
  obj.scope = o.scope;
  obj.received_at = o.received_at.value_or(now);
  obj.effective_at = now;  // effective as soon as it is recorded
  obj.status = ObjectionStatus::kEffective;
  obj.token_count = static_cast<int>(tokens.size());
  obj.deadline = AnswerDeadline(obj.received_at);
  receipt.code = NewCode(random_);

  const crypto::KeyRing& ring = keys_.sealing;
  const crypto::Sealed code_sealed =
      ring.Seal(CodeVerifier(obj.reference, receipt.code), AsBytes(internal::CodeAad(obj.id)));
  std::string traits_json = o.subject == SubjectKind::kProfessional
                                ? internal::RppsToJson(o.rpps)
                                : internal::TraitsToJson(o.traits);
  crypto::Sealed traits_sealed =
      ring.Seal(AsBytes(traits_json), AsBytes(internal::TraitsAad(obj.id)));
  db::Param contact_param = db::Param::Null();
  if (o.contact) {
    std::string c = Trimmed(*o.contact);
    if (!c.empty()) {
      contact_param =
          db::Param::Binary(ring.Seal(AsBytes(c), AsBytes(internal::ContactAad(obj.id))).bytes);
    }
  }

  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  // The key first: a concurrent request with the same key waits here, before
  // any work, until this transaction ends.
  if (claim != nullptr) {
    GARANT_ASSIGN_OR_RETURN(bool taken, ClaimKey(tx, *claim, now));
    if (!taken) return internal::KeyTakenStatus();
  }
  if (o.notice_version) {
    GARANT_RETURN_IF_ERROR(CheckNoticeLabel(tx, *o.notice_version));
    obj.notice_version = *o.notice_version;
  } else {
    GARANT_ASSIGN_OR_RETURN(obj.notice_version,
                            CurrentNoticeLabel(tx, NoticeAudienceOf(obj.requester)));
  }
  GARANT_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO objections (id, reference, code_sealed, requester, channel, entered_by, "
              "scope, received_at, effective_at, status, notice_version, contact_sealed, "
              "traits_sealed, seal_key_id, code_key_id, subject_kind) VALUES ($1, $2, $3, $4, $5, "
              "$6, $7, $8, $9, 'effective', $10, $11, $12, $13, $13, $14)",
              {obj.id, obj.reference, db::Param::Binary(code_sealed.bytes),
               std::string(Name(obj.requester)), std::string(Name(obj.channel)),
               obj.entered_by ? db::Param(*obj.entered_by) : db::Param::Null(), obj.scope,
               FormatRfc3339Utc(obj.received_at), FormatRfc3339Utc(obj.effective_at),
               obj.notice_version, contact_param, db::Param::Binary(traits_sealed.bytes),
               traits_sealed.key_id, std::string(Name(obj.subject))})
          .status());
  for (const auto& [key_id, list] :
       {std::pair{&keys_.pseudonym_key_id, &tokens},
        std::pair{&keys_.previous_pseudonym_key_id, &previous_tokens}}) {
    for (const std::string& t : *list) {
      GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO objection_tokens (objection_id, token, key_id) "
                                     "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                     {obj.id, t, *key_id})
                                 .status());
    }
  }
  GARANT_ASSIGN_OR_RETURN(
      std::vector<uint64_t> idx,
      audit_.AppendInTx(
          tx, {internal::MakeEvent(random_, kEventObjectionCreated, audit_clock().Now(), actor, obj,
                                   tokens, keys_.pseudonym_key_id)}));
  obj.audit_index = idx.front();
  GARANT_RETURN_IF_ERROR(tx.Exec("UPDATE objections SET audit_index = $2 WHERE id = $1",
                                 {obj.id, static_cast<int64_t>(idx.front())})
                             .status());
  if (claim != nullptr) GARANT_RETURN_IF_ERROR(CompleteKey(tx, *claim, receipt));
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return receipt;
}

Result<Objection> ObjectionStore::FindByReceipt(std::string_view reference, std::string_view code) {
  auto ref = CanonicalReference(reference);
  auto c = CanonicalCode(code);
  if (!ref.ok() || !c.ok()) return NoSuchReceipt();
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(SelectByReference(""), {*ref}));
  if (rows.empty()) {
    // Same work as a wrong code, so timing does not tell references apart.
    VerifyNoCode(keys_.sealing, *ref, *c);
    return NoSuchReceipt();
  }
  const CodeCheck check = VerifyStoredCode(keys_.sealing, rows, rows.Str(0, 0), *ref, *c);
  if (!check.ok) return NoSuchReceipt();
  GARANT_ASSIGN_OR_RETURN(Objection o, internal::RowToObjection(rows, 0));
  if (check.rewrite) {
    GARANT_RETURN_IF_ERROR(RewriteCode(*conn, keys_.sealing, o.id, check.key_id, *ref, *c));
  }
  return o;
}

Result<Objection> ObjectionStore::Withdraw(std::string_view reference, std::string_view code,
                                           std::string_view actor) {
  auto ref = CanonicalReference(reference);
  auto c = CanonicalCode(code);
  if (!ref.ok() || !c.ok()) return NoSuchReceipt();
  return WithdrawOnce(*ref, *c, actor);
}

Result<Objection> ObjectionStore::WithdrawByStaff(std::string_view reference,
                                                  std::string_view actor) {
  return WithdrawOnce(reference, std::nullopt, actor);
}

Result<Objection> ObjectionStore::WithdrawOnce(std::string_view reference,
                                               const std::optional<std::string>& code,
                                               std::string_view actor) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec(SelectByReference(" FOR UPDATE"), {reference}));
  std::optional<CodeCheck> check;
  if (code) {
    if (rows.empty()) {
      VerifyNoCode(keys_.sealing, reference, *code);
      return NoSuchReceipt();
    }
    check = VerifyStoredCode(keys_.sealing, rows, rows.Str(0, 0), reference, *code);
    if (!check->ok) return NoSuchReceipt();
  } else if (rows.empty()) {
    return Status::NotFound("no objection with this reference");
  }
  GARANT_ASSIGN_OR_RETURN(Objection o, internal::RowToObjection(rows, 0));
  if (o.status == ObjectionStatus::kWithdrawn) {
    return Status::Conflict("this objection is already withdrawn");
  }
  if (check && check->rewrite) {
    GARANT_RETURN_IF_ERROR(RewriteCode(tx, keys_.sealing, o.id, check->key_id, reference, *code));
  }
  TimePoint now = clock_.Now();
  if (now < o.effective_at) now = o.effective_at;  // a clock step back must not break the row
  GARANT_RETURN_IF_ERROR(
      tx.Exec("UPDATE objections SET status = 'withdrawn', withdrawn_at = $2 WHERE id = $1",
              {o.id, FormatRfc3339Utc(now)})
          .status());
  o.status = ObjectionStatus::kWithdrawn;
  o.withdrawn_at = now;
  GARANT_ASSIGN_OR_RETURN(std::vector<std::string> tokens,
                          ReadTokens(tx, o.id, keys_.pseudonym_key_id));
  GARANT_RETURN_IF_ERROR(audit_
                             .AppendInTx(tx, {internal::MakeEvent(random_, kEventObjectionWithdrawn,
                                                                  audit_clock().Now(), actor, o,
                                                                  tokens, keys_.pseudonym_key_id)})
                             .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return o;
}

Result<std::string> ObjectionStore::Proof(std::string_view reference, std::string_view code) {
  GARANT_ASSIGN_OR_RETURN(Objection o, FindByReceipt(reference, code));
  if (!o.audit_index) return Status::Internal("objection without its audit entry index");
  const uint64_t index = *o.audit_index;
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  // The latest checkpoint with the witnesses' cosignatures gathered so far.
  GARANT_ASSIGN_OR_RETURN(std::optional<audit::LatestCheckpoint> latest,
                          audit::ReadLatestCheckpoint(*conn));
  const Status not_yet = Status::Unavailable("no signed checkpoint covers this entry yet")
                             .WithReason(kReasonProofNotYetSigned);
  if (!latest) return not_yet;
  const std::optional<std::string> note = latest->note;
  const audit::Checkpoint& checkpoint = latest->checkpoint;
  if (index >= checkpoint.head.size) return not_yet;
  GARANT_ASSIGN_OR_RETURN(Bytes leaf, audit::ReadLeaf(*conn, index));
  audit::PgTileReader tiles(*conn);
  audit::TileHashReader reader(checkpoint.head.size, tiles);
  GARANT_ASSIGN_OR_RETURN(audit::TlogProof proof,
                          audit::BuildTlogProof(index, *note, reader, std::move(leaf)));
  return audit::FormatTlogProof(proof);
}

Result<std::vector<std::string>> ObjectionStore::Tokens(const Objection& o) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn->Exec("SELECT token FROM objection_tokens WHERE objection_id = $1 AND key_id = $2 "
                 "ORDER BY token",
                 {o.id, keys_.pseudonym_key_id}));
  std::vector<std::string> tokens;
  for (int i = 0; i < rows.size(); ++i) tokens.push_back(rows.Str(i, 0));
  return tokens;
}

Result<std::vector<Objection>> ObjectionStore::Search(const ObjectionQuery& q) {
  if (q.limit < 1 || q.limit > 500 || q.offset < 0) {
    return Status::InvalidArgument("limit must be 1..500 and offset >= 0");
  }
  // Only fixed fragments are concatenated; every value is a parameter.
  std::string sql =
      std::string("SELECT ") + internal::kObjectionColumns + " FROM objections o WHERE true";
  db::Params params;
  auto add = [&](const char* fragment, db::Param p) {
    params.push_back(std::move(p));
    sql += fragment;
    sql += std::to_string(params.size());
  };
  if (q.reference) add(" AND o.reference = $", *q.reference);
  if (q.status) add(" AND o.status = $", std::string(Name(*q.status)));
  if (q.channel) add(" AND o.channel = $", std::string(Name(*q.channel)));
  if (q.subject) add(" AND o.subject_kind = $", std::string(Name(*q.subject)));
  if (q.received_from) add(" AND o.received_at >= $", FormatRfc3339Utc(*q.received_from));
  if (q.received_to) add(" AND o.received_at < $", FormatRfc3339Utc(*q.received_to));
  if (q.answered) {
    sql += *q.answered ? " AND" : " AND NOT";
    sql += " EXISTS (SELECT 1 FROM objection_answers a WHERE a.objection_id = o.id)";
  }
  sql += " ORDER BY o.received_at DESC, o.reference";
  add(" LIMIT $", q.limit);
  add(" OFFSET $", q.offset);
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(sql, params));
  std::vector<Objection> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    GARANT_ASSIGN_OR_RETURN(Objection o, internal::RowToObjection(rows, i));
    out.push_back(std::move(o));
  }
  return out;
}

Result<Objection> ObjectionStore::Get(std::string_view reference) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, conn->Exec(SelectByReference(""), {reference}));
  if (rows.empty()) return Status::NotFound("no objection with this reference");
  return internal::RowToObjection(rows, 0);
}

Result<ObjectionDetail> ObjectionStore::Detail(std::string_view reference, std::string_view actor,
                                               std::string_view purpose) {
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Exec(std::string("SELECT ") + internal::kObjectionColumns +
                  ", o.seal_key_id, o.traits_sealed, o.contact_sealed FROM objections o "
                  "WHERE o.reference = $1",
              {reference}));
  if (rows.empty()) return Status::NotFound("no objection with this reference");
  ObjectionDetail d;
  GARANT_ASSIGN_OR_RETURN(d.objection, internal::RowToObjection(rows, 0));
  const int key_col = rows.columns() - 3;
  const int traits_col = rows.columns() - 2;
  const int contact_col = rows.columns() - 1;
  const auto seal_key_id = static_cast<int32_t>(rows.Int(0, key_col));
  GARANT_ASSIGN_OR_RETURN(Bytes traits,
                          keys_.sealing.Open(seal_key_id, rows.Bytea(0, traits_col),
                                             AsBytes(internal::TraitsAad(d.objection.id))));
  if (d.objection.subject == SubjectKind::kProfessional) {
    GARANT_ASSIGN_OR_RETURN(d.rpps, internal::RppsFromJson(AsString(traits)));
  } else {
    GARANT_ASSIGN_OR_RETURN(d.traits, internal::TraitsFromJson(AsString(traits)));
  }
  if (!rows.IsNull(0, contact_col)) {
    GARANT_ASSIGN_OR_RETURN(Bytes contact,
                            keys_.sealing.Open(seal_key_id, rows.Bytea(0, contact_col),
                                               AsBytes(internal::ContactAad(d.objection.id))));
    d.contact = std::string(AsString(contact));
  }
  d.key_id = keys_.pseudonym_key_id;
  GARANT_ASSIGN_OR_RETURN(d.tokens, ReadTokens(tx, d.objection.id, keys_.pseudonym_key_id));
  GARANT_RETURN_IF_ERROR(
      audit_
          .AppendInTx(
              tx, {internal::MakeEvent(random_, kEventObjectionIdentityViewed, audit_clock().Now(),
                                       actor, d.objection, {}, "", purpose)})
          .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return d;
}

Result<Objection> ObjectionStore::MarkAnswerSent(std::string_view reference,
                                                 std::string_view sent_on, int64_t staff_id,
                                                 std::string_view actor) {
  TimePoint day;
  if (sent_on.size() != 10 || !ParseRfc3339(std::string(sent_on) + "T00:00:00Z", &day)) {
    return Status::InvalidArgument("the day the answer was sent must be YYYY-MM-DD");
  }
  TimePoint now = clock_.Now();
  // A day is accepted from the day before receipt (UTC against Paris) to
  // the day after today (idem); beyond that it is a typing error.
  if (day > now + std::chrono::days(1)) {
    return Status::InvalidArgument("the day the answer was sent is in the future");
  }
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  db::Transaction tx(*conn);
  GARANT_RETURN_IF_ERROR(tx.status());
  GARANT_ASSIGN_OR_RETURN(db::Rows rows, tx.Exec(SelectByReference(" FOR UPDATE"), {reference}));
  if (rows.empty()) return Status::NotFound("no objection with this reference");
  GARANT_ASSIGN_OR_RETURN(Objection o, internal::RowToObjection(rows, 0));
  if (o.answer_sent_on) return Status::Conflict("the answer to this objection is already marked");
  if (day + std::chrono::days(2) <= o.received_at) {
    return Status::InvalidArgument("the day the answer was sent is before the objection");
  }
  GARANT_RETURN_IF_ERROR(tx.Exec("INSERT INTO objection_answers (objection_id, sent_on, "
                                 "recorded_at, recorded_by) VALUES ($1, $2::date, $3, $4)",
                                 {o.id, std::string(sent_on), FormatRfc3339Utc(now), staff_id})
                             .status());
  o.answer_sent_on = std::string(sent_on);
  o.answer_sent_by = staff_id;
  GARANT_RETURN_IF_ERROR(
      audit_
          .AppendInTx(tx, {internal::MakeEvent(random_, kEventObjectionAnswerSent,
                                               audit_clock().Now(), actor, o, {}, "")})
          .status());
  GARANT_RETURN_IF_ERROR(tx.Commit());
  return o;
}

}  // namespace garant::consent
