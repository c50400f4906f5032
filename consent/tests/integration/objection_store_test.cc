// The objection registry against a real PostgreSQL: one transaction with the
// audit entry, receipts, withdrawal, search, sealed identity, nothing half
// recorded.

#include "garant/consent/objection_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/leaf.h"
#include "garant/audit/note.h"
#include "garant/audit/tlog_proof.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/objection_delivery.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

class ObjectionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    Query(
        "INSERT INTO staff_accounts (username, display_name, role, password_hash) "
        "VALUES ('dpo', 'DPO', 'dpo', 'x')");
    PseudonymKey pk{};
    pk.fill(0x11);
    crypto::Aes256Key ek{};
    ek.fill(0x22);
    keys_ = MakeObjectionKeys(pk, crypto::KeyRing(ek));
    store_ =
        std::make_unique<ObjectionStore>(*pool_, log_, SecureRandom::Instance(), clock_, keys_);
  }

  // Runs a query as the owner and returns the rows.
  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  int64_t Count(const std::string& table) {
    return Query("SELECT count(*) FROM " + table).Int(0, 0);
  }

  static NewObjection Marie() {
    NewObjection o;
    o.traits.birth_name = "Dupont";
    o.traits.used_name = "Martin";
    o.traits.given_names = "Marie-Claire Anne";
    o.traits.birth_date = "1985-03-14";
    o.traits.sex = "F";
    o.contact = "marie@example.org";
    return o;
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  audit::Recorder By() {
    return audit::Recorder{log_, SecureRandom::Instance(), clock_, "staff:1"};
  }
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};  // 2026-11-18
  ObjectionKeys keys_;
  std::unique_ptr<ObjectionStore> store_;
};

TEST_F(ObjectionStoreTest, CreateRecordsTokensSealedDataAndTheAuditEntryTogether) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Objection& o = r->objection;
  EXPECT_EQ(o.status, ObjectionStatus::kEffective);
  EXPECT_EQ(o.received_at, clock_.Now());
  EXPECT_EQ(o.effective_at, clock_.Now());
  EXPECT_EQ(o.deadline, AnswerDeadline(clock_.Now()));
  EXPECT_EQ(o.token_count, 4);  // 2 names x 2 given names
  ASSERT_TRUE(o.audit_index.has_value());
  EXPECT_EQ(*o.audit_index, 0u);

  auto tokens = ComputeTokens(keys_.pseudonym, Marie().traits, 2026);
  ASSERT_TRUE(tokens.ok());
  db::Rows stored = Query("SELECT token, key_id FROM objection_tokens ORDER BY token");
  ASSERT_EQ(stored.size(), 4);
  std::vector<std::string> expected = *tokens;
  std::sort(expected.begin(), expected.end());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(stored.Str(i, 0), expected[static_cast<size_t>(i)]);
    EXPECT_EQ(stored.Str(i, 1), keys_.pseudonym_key_id);
  }

  // No clear identity anywhere in the row, nor the code.
  db::Rows row = Query("SELECT row_to_json(o)::text FROM objections o");
  std::string text = row.Str(0, 0);
  for (const char* clear : {"Dupont", "DUPONT", "Martin", "Marie", "1985", "example.org"}) {
    EXPECT_EQ(text.find(clear), std::string::npos) << clear;
  }
  EXPECT_EQ(text.find(r->code), std::string::npos);

  // The audit leaf carries the reference and the tokens, never clear identity.
  db::Rows leaf = Query("SELECT leaf, event_type, object FROM audit_entries WHERE idx = 0");
  ASSERT_EQ(leaf.size(), 1);
  EXPECT_EQ(leaf.Str(0, 1), "objection.created");
  EXPECT_EQ(leaf.Str(0, 2), "objection/" + o.reference);
  auto event = audit::DecodeLeaf(leaf.Bytea(0, 0));
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->actor, "public");
  for (const auto& t : *tokens) EXPECT_NE(event->payload.find(t), std::string::npos);
  for (const char* clear : {"Dupont", "DUPONT", "Martin", "MARIE", "1985", "example"}) {
    EXPECT_EQ(event->payload.find(clear), std::string::npos) << clear;
  }
}

// A stored value this version does not know (written by a newer garant, or
// altered by hand) is never read as a default: the read fails with kDataLoss.
TEST_F(ObjectionStoreTest, AnUnknownStoredValueIsDataLossNotADefault) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string ref = r->objection.reference;
  ASSERT_TRUE(store_->Get(ref).ok());
  Query(
      "DO $$ DECLARE c text; BEGIN FOR c IN SELECT conname FROM pg_constraint "
      "WHERE conrelid = 'objections'::regclass AND contype = 'c' LOOP "
      "EXECUTE format('ALTER TABLE objections DROP CONSTRAINT %I', c); END LOOP; END $$");
  for (const char* column : {"requester", "channel", "status"}) {
    SCOPED_TRACE(column);
    auto before = Query(std::string("SELECT ") + column + " FROM objections");
    Query(std::string("UPDATE objections SET ") + column + " = 'martian'");
    auto got = store_->Get(ref);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().code(), Code::kDataLoss);
    EXPECT_NE(got.status().message().find(column), std::string::npos);
    Query(std::string("UPDATE objections SET ") + column + " = $1", {before.Str(0, 0)});
    EXPECT_TRUE(store_->Get(ref).ok());
  }
}

TEST_F(ObjectionStoreTest, ReceiptFindsTheObjectionAndAWrongCodeLooksLikeAnUnknownReference) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto found = store_->FindByReceipt(r->objection.reference, r->code);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, r->objection.id);
  // As typed by a person: lowercase, spaces.
  std::string typed_code = r->code;
  for (char& c : typed_code) c = c == '-' ? ' ' : static_cast<char>(std::tolower(c));
  EXPECT_TRUE(store_->FindByReceipt(" " + r->objection.reference.substr(4), typed_code).ok());

  std::string wrong = r->code;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  auto bad_code = store_->FindByReceipt(r->objection.reference, wrong);
  auto bad_ref = store_->FindByReceipt("OPP-0000-0000", r->code);
  auto garbage = store_->FindByReceipt("nimporte quoi", "!!");
  EXPECT_EQ(bad_code.status().code(), Code::kNotFound);
  EXPECT_EQ(bad_code.status(), bad_ref.status());
  EXPECT_EQ(bad_code.status(), garbage.status());
}

TEST_F(ObjectionStoreTest, WithdrawChangesTheStatusOnceWithItsAuditEntry) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  clock_.Advance(std::chrono::hours(2));
  std::string wrong = r->code;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(store_->Withdraw(r->objection.reference, wrong, "public").status().code(),
            Code::kNotFound);
  auto w = store_->Withdraw(r->objection.reference, r->code, "public");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->status, ObjectionStatus::kWithdrawn);
  EXPECT_EQ(w->withdrawn_at, clock_.Now());
  EXPECT_EQ(store_->Withdraw(r->objection.reference, r->code, "public").status().code(),
            Code::kConflict);
  auto found = store_->FindByReceipt(r->objection.reference, r->code);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->status, ObjectionStatus::kWithdrawn);
  // Tokens stay (the list builder reads the status); two audit entries.
  EXPECT_EQ(Count("objection_tokens"), 4);
  db::Rows e = Query("SELECT event_type FROM audit_entries ORDER BY idx");
  ASSERT_EQ(e.size(), 2);
  EXPECT_EQ(e.Str(1, 0), "objection.withdrawn");
}

TEST_F(ObjectionStoreTest, StaffWithdrawOnBehalfWithoutTheCode) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(store_->WithdrawByStaff("OPP-0000-0000", "staff:1").status().code(), Code::kNotFound);
  auto w = store_->WithdrawByStaff(r->objection.reference, "staff:1");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->status, ObjectionStatus::kWithdrawn);
  EXPECT_EQ(store_->WithdrawByStaff(r->objection.reference, "staff:1").status().code(),
            Code::kConflict);
  db::Rows e = Query("SELECT event_type, actor FROM audit_entries ORDER BY idx");
  ASSERT_EQ(e.size(), 2);
  EXPECT_EQ(e.Str(1, 0), "objection.withdrawn");
  EXPECT_EQ(e.Str(1, 1), "staff:1");
}

TEST_F(ObjectionStoreTest, InvalidObjectionRecordsNothing) {
  NewObjection o = Marie();
  o.traits.birth_date = "1985-13-01";
  auto r = store_->Create(o, "public");
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("birth_date:", 0), 0u) << r.status().message();
  EXPECT_EQ(Count("objections"), 0);
  EXPECT_EQ(Count("objection_tokens"), 0);
  EXPECT_EQ(Count("audit_entries"), 0);
}

TEST_F(ObjectionStoreTest, AFailingAuditAppendRollsTheObjectionBack) {
  // An unknown staff account: the insert fails, nothing remains.
  NewObjection o = Marie();
  o.channel = Channel::kLetter;
  o.entered_by = 999;
  auto r = store_->Create(o, "staff:999");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Count("objections"), 0);
  EXPECT_EQ(Count("objection_tokens"), 0);
  EXPECT_EQ(Count("audit_entries"), 0);
  // A bad actor makes the audit append fail after the inserts: all rolled back.
  auto bad_actor = store_->Create(Marie(), "not an actor");
  EXPECT_EQ(bad_actor.status().code(), Code::kInvalidArgument) << bad_actor.status().ToString();
  EXPECT_EQ(Count("objections"), 0);
  EXPECT_EQ(Count("objection_tokens"), 0);
  EXPECT_EQ(Count("audit_entries"), 0);
}

TEST_F(ObjectionStoreTest, StaffEntrySearchAndDetail) {
  int64_t dpo = Query("SELECT id FROM staff_accounts WHERE username = 'dpo'").Int(0, 0);
  NewObjection letter = Marie();
  letter.channel = Channel::kLetter;
  letter.entered_by = dpo;
  letter.requester = Requester::kParent;
  letter.scope = "project:PRJ-2026-001";
  letter.received_at = clock_.Now() - std::chrono::hours(24 * 3);
  letter.contact.reset();
  auto a = store_->Create(letter, "staff:" + std::to_string(dpo));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  clock_.Advance(std::chrono::minutes(5));
  NewObjection web = Marie();
  web.traits.birth_name = "Lefèvre";
  web.traits.ins = "285037512345688";
  auto b = store_->Create(web, "public");
  ASSERT_TRUE(b.ok()) << b.status().ToString();

  auto all = store_->Search({});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].reference, b->objection.reference);  // newest received first
  ObjectionQuery by_channel;
  by_channel.channel = Channel::kLetter;
  auto letters = store_->Search(by_channel);
  ASSERT_TRUE(letters.ok());
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].entered_by, dpo);
  EXPECT_EQ((*letters)[0].requester, Requester::kParent);
  EXPECT_EQ((*letters)[0].scope, "project:PRJ-2026-001");
  EXPECT_EQ((*letters)[0].deadline, AnswerDeadline(*letter.received_at));
  ObjectionQuery window;
  window.received_from = clock_.Now() - std::chrono::hours(1);
  EXPECT_EQ(store_->Search(window)->size(), 1u);
  ObjectionQuery withdrawn;
  withdrawn.status = ObjectionStatus::kWithdrawn;
  EXPECT_TRUE(store_->Search(withdrawn)->empty());
  ObjectionQuery by_ref;
  by_ref.reference = a->objection.reference;
  EXPECT_EQ(store_->Search(by_ref)->size(), 1u);
  ObjectionQuery bad;
  bad.limit = 0;
  EXPECT_EQ(store_->Search(bad).status().code(), Code::kInvalidArgument);

  EXPECT_EQ(store_->Get("OPP-0000-0000").status().code(), Code::kNotFound);
  auto d = store_->Detail(b->objection.reference, "staff:" + std::to_string(dpo));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->traits.birth_name, "Lefèvre");
  EXPECT_EQ(d->traits.given_names, "Marie-Claire Anne");
  EXPECT_EQ(d->contact, "marie@example.org");
  EXPECT_EQ(d->tokens.size(), static_cast<size_t>(d->objection.token_count));
  db::Rows e = Query("SELECT event_type, actor FROM audit_entries ORDER BY idx DESC LIMIT 1");
  EXPECT_EQ(e.Str(0, 0), "objection.identity_viewed");
  EXPECT_EQ(e.Str(0, 1), "staff:" + std::to_string(dpo));
}

TEST_F(ObjectionStoreTest, TamperedSealedTraitsAreDataLoss) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok());
  // Move the sealed traits of one row to another id: the AAD no longer matches.
  auto r2 = store_->Create(Marie(), "public");
  ASSERT_TRUE(r2.ok());
  Query(
      "UPDATE objections SET traits_sealed = (SELECT traits_sealed FROM objections WHERE id = $1) "
      "WHERE id = $2",
      {r->objection.id, r2->objection.id});
  EXPECT_EQ(store_->Detail(r2->objection.reference, "public").status().code(), Code::kDataLoss);
}

TEST_F(ObjectionStoreTest, TheReceiptYieldsATlogProofOnceACheckpointIsSigned) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto r2 = store_->Create(Marie(), "public");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(store_->Proof(r->objection.reference, r->code).status().code(), Code::kUnavailable);
  EXPECT_EQ(store_->Proof(r->objection.reference, r2->code).status().code(), Code::kNotFound);

  crypto::Ed25519Seed seed{};
  seed.fill(9);
  auto signer = audit::NoteSigner::Ed25519("garant.test/log", seed);
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  audit::MemorySignerStateStore state;
  auto cs = audit::CheckpointSigner::Create("garant.test/log", *signer, &state);
  ASSERT_TRUE(cs.ok()) << cs.status().ToString();
  auto conn = db::Connection::Open(owner_);
  ASSERT_TRUE(conn.ok());
  auto head = audit::ReadTreeHead(*conn);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 2u);
  auto note = (*cs)->ForceSign(*head);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  ASSERT_TRUE(audit::StoreCheckpoint(*conn, *head, *note).ok());

  auto text = store_->Proof(r->objection.reference, r->code);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto proof = audit::ParseTlogProof(*text);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(proof->index, *r->objection.audit_index);
  ASSERT_TRUE(proof->extra.has_value());
  auto event = audit::DecodeLeaf(*proof->extra);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->object, "objection/" + r->objection.reference);
  std::vector<audit::NoteVerifier> verifiers = {signer->Verifier()};
  auto verified =
      audit::VerifyTlogProof(*proof, audit::LeafHash(*proof->extra), "garant.test/log", verifiers);
  EXPECT_TRUE(verified.ok()) << verified.status().ToString();
}

TEST_F(ObjectionStoreTest, DeliveryNamesTheFirstVersionCarryingTheObjectionAndWhoApplied) {
  ExclusionStore lists(*pool_);
  crypto::Ed25519Seed seed{};
  seed.fill(3);
  PublisherKeys pk;
  pk.signing = seed;
  pk.pseudonym = keys_.pseudonym;
  ExclusionPublisher publisher(*pool_, log_, SecureRandom::Instance(), clock_, pk);
  ASSERT_TRUE(publisher.RunPublishRound().ok());  // version 1: empty
  ASSERT_TRUE(lists.AddConsumer(By(), "ingest-a", std::nullopt).ok());
  ASSERT_TRUE(lists.AddConsumer(By(), "ingest-b", std::nullopt).ok());
  ASSERT_TRUE(lists.RecordAck(By(), "ingest-a", "", 1, 0).ok());

  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto tokens = store_->Tokens(r->objection);
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ(tokens->size(), 4u);
  auto before = FindDelivery(*pool_, lists, r->objection, clock_.Now());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_FALSE(before->first_version.has_value());
  ASSERT_EQ(before->consumers.size(), 2u);
  EXPECT_FALSE(before->consumers[0].applied);

  clock_.Advance(std::chrono::seconds(5));
  auto published = publisher.RunPublishRound();
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  ASSERT_EQ(published->published, 2);
  ASSERT_TRUE(lists.RecordAck(By(), "ingest-a", "", 2, 7).ok());
  auto after = FindDelivery(*pool_, lists, r->objection, clock_.Now());
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->first_version, 2);
  for (const auto& c : after->consumers) {
    EXPECT_EQ(c.applied, c.name == "ingest-a") << c.name;
    if (c.name == "ingest-a") {
      EXPECT_EQ(c.purged_total, 7);
    }
  }
}

TEST_F(ObjectionStoreTest, TheApplicationRoleCannotDeleteObjections) {
  auto r = store_->Create(Marie(), "public");
  ASSERT_TRUE(r.ok());
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto del = (*conn)->Exec("DELETE FROM objections");
  EXPECT_EQ(del.status().code(), Code::kPermissionDenied);
}

}  // namespace
}  // namespace garant::consent

namespace garant::consent {
namespace {

// The DPO's "answer sent" mark (sql/0013): one per objection, with its audit
// entry in the same transaction; the "à traiter" search; the table refuses
// updates and deletions.
TEST_F(ObjectionStoreTest, AnswerSentIsMarkedOnceWithItsAuditEntryAndFiltersTheSearch) {
  const int64_t dpo = Query("SELECT id FROM staff_accounts WHERE username = 'dpo'").Int(0, 0);
  auto a = store_->Create(Marie(), "public");
  auto b = store_->Create(Marie(), "public");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->objection.answer_sent_on.has_value());

  const std::string today = FormatRfc3339Utc(clock_.Now()).substr(0, 10);
  auto marked =
      store_->MarkAnswerSent(a->objection.reference, today, dpo, "staff:" + std::to_string(dpo));
  ASSERT_TRUE(marked.ok()) << marked.status().ToString();
  EXPECT_EQ(marked->answer_sent_on, today);
  EXPECT_EQ(marked->answer_sent_by, dpo);
  db::Rows e = Query(
      "SELECT event_type, actor, object, position(convert_to($1, 'UTF8') IN leaf) > 0 "
      "FROM audit_entries ORDER BY idx DESC LIMIT 1",
      {"\"answer_sent_on\":\"" + today + "\""});
  EXPECT_EQ(e.Str(0, 0), "objection.answer_sent");
  EXPECT_EQ(e.Str(0, 1), "staff:" + std::to_string(dpo));
  EXPECT_EQ(e.Str(0, 2), "objection/" + a->objection.reference);
  EXPECT_TRUE(e.Bool(0, 3)) << "the entry's payload names the day";

  // Read back by every path.
  auto got = store_->Get(a->objection.reference);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->answer_sent_on, today);
  EXPECT_EQ(got->answer_sent_by, dpo);

  ObjectionQuery to_answer;
  to_answer.answered = false;
  auto open = store_->Search(to_answer);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().reference, b->objection.reference);
  ObjectionQuery answered;
  answered.answered = true;
  auto done = store_->Search(answered);
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->size(), 1u);
  EXPECT_EQ(done->front().reference, a->objection.reference);

  // Once only; a day in the future or long before receipt is refused, and
  // nothing is written then.
  const int64_t entries = Count("audit_entries");
  EXPECT_EQ(store_->MarkAnswerSent(a->objection.reference, today, dpo, "staff:1").status().code(),
            Code::kConflict);
  EXPECT_EQ(
      store_->MarkAnswerSent(b->objection.reference, "2099-01-01", dpo, "staff:1").status().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(
      store_->MarkAnswerSent(b->objection.reference, "2020-01-01", dpo, "staff:1").status().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(
      store_->MarkAnswerSent(b->objection.reference, "18/11/2026", dpo, "staff:1").status().code(),
      Code::kInvalidArgument);
  EXPECT_EQ(store_->MarkAnswerSent("OPP-0000-0000", today, dpo, "staff:1").status().code(),
            Code::kNotFound);
  EXPECT_EQ(Count("audit_entries"), entries);
  EXPECT_EQ(Count("objection_answers"), 1);

  // Append-only, even for the owner.
  auto conn = db::Connection::Open(owner_);
  ASSERT_TRUE(conn.ok());
  EXPECT_FALSE(conn->Exec("UPDATE objection_answers SET sent_on = '2026-01-01'").ok());
  EXPECT_FALSE(conn->Exec("DELETE FROM objection_answers").ok());
}

// Paging: limit and offset over the newest-first order.
TEST_F(ObjectionStoreTest, SearchPagesWithLimitAndOffset) {
  std::vector<std::string> refs;
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::minutes(1));
    auto r = store_->Create(Marie(), "public");
    ASSERT_TRUE(r.ok());
    refs.push_back(r->objection.reference);
  }
  ObjectionQuery q;
  q.limit = 2;
  q.offset = 2;
  auto page = store_->Search(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].reference, refs[2]);
  EXPECT_EQ((*page)[1].reference, refs[1]);
}

}  // namespace
}  // namespace garant::consent
