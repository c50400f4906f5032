// garant keys rotate-encryption's part in consent, against a real PostgreSQL:
// identity traits and contacts sealed under key A (and legacy rows sealed
// under the master itself) are re-sealed under B in batches that survive an
// interruption; afterwards B alone opens everything and A nothing. Receipt
// codes are re-sealed with the rest (sql/0033) and keep working under B
// alone, the codes given before sql/0033 (clear hashes) too.
#include "garant/consent/reseal.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "garant/consent/idempotency.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/receipt.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

crypto::MasterSecret Master(uint8_t v) {
  crypto::MasterSecret m{};
  m.fill(v);
  return m;
}

class ResealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    pseudonym_.fill(0x11);
  }

  std::unique_ptr<ObjectionStore> Store(const crypto::KeyRing& ring) {
    return std::make_unique<ObjectionStore>(*pool_, log_, SecureRandom::Instance(), clock_,
                                            MakeObjectionKeys(pseudonym_, ring));
  }
  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  static NewObjection Person(const std::string& name, std::optional<std::string> contact) {
    NewObjection o;
    o.traits.birth_name = name;
    o.traits.given_names = "Jean";
    o.traits.birth_date = "1970-01-02";
    o.traits.sex = "M";
    o.contact = std::move(contact);
    return o;
  }
  // Rewrites `r`'s row as a row written before key ids: traits and contact
  // sealed directly under the master, the code under the legacy code key.
  void MakeLegacy(const Receipt& r, const crypto::MasterSecret& master, const std::string& traits,
                  const std::string& contact) {
    const std::string& id = r.objection.id;
    Query(
        "UPDATE objections SET traits_sealed = $2, contact_sealed = $3, seal_key_id = 0, "
        "code_hash = $4, code_key_id = 0, code_sealed = NULL WHERE id = $1",
        {id,
         db::Param::Binary(crypto::Aes256GcmSeal(master, AsBytes(traits),
                                                 AsBytes("garant-objection-traits-v1|" + id))),
         db::Param::Binary(crypto::Aes256GcmSeal(master, AsBytes(contact),
                                                 AsBytes("garant-objection-contact-v1|" + id))),
         db::Param::Binary(HashCode(DeriveReceiptCodeKey(master), r.objection.reference, r.code))});
  }
  // Rewrites `r`'s code as written between sql 0018 and sql 0033: in clear,
  // HMAC under the receipt-code key derived from `master`.
  void MakeClearHash(const Receipt& r, const crypto::MasterSecret& master) {
    Query(
        "UPDATE objections SET code_hash = $2, code_key_id = $3, code_sealed = NULL "
        "WHERE id = $1",
        {r.objection.id,
         db::Param::Binary(HashCode(crypto::DeriveKey(master, crypto::kLabelReceiptCode),
                                    r.objection.reference, r.code)),
         crypto::KeyIdOf(master)});
  }
  int64_t Count(const std::string& where) {
    return Query("SELECT count(*) FROM objections WHERE " + where).Int(0, 0);
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};
  PseudonymKey pseudonym_{};
  const crypto::MasterSecret a_ = Master(0xa1);
  const crypto::MasterSecret b_ = Master(0xb2);
};

TEST_F(ResealTest, RotationFromAToBReSealsEverythingResumably) {
  const crypto::KeyRing only_a(a_);
  auto store_a = Store(only_a);
  std::vector<Receipt> receipts;
  const std::vector<std::string> names = {"Dupont", "Martin", "Durand", "Petit", "Legacy"};
  for (const auto& [name, contact] :
       std::vector<std::pair<std::string, std::optional<std::string>>>{
           {"Dupont", "jean@example.org"},
           {"Martin", std::nullopt},
           {"Durand", "01 02 03 04 05"},
           {"Petit", std::nullopt},
           {"Legacy", "ancien@example.org"}}) {
    auto r = store_a->Create(Person(name, contact), "public");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    receipts.push_back(*r);
  }
  auto legacy_detail = store_a->Detail(receipts[4].objection.reference, "staff:1");
  ASSERT_TRUE(legacy_detail.ok());
  // The traits' JSON as sealed: open the row with A's derived key.
  const Bytes traits_json = *crypto::Aes256GcmOpen(
      crypto::DeriveKey(a_, crypto::kLabelSeal),
      Query("SELECT traits_sealed FROM objections WHERE id = $1", {receipts[4].objection.id})
          .Bytea(0, 0),
      AsBytes("garant-objection-traits-v1|" + receipts[4].objection.id));
  MakeLegacy(receipts[4], a_, std::string(AsString(traits_json)), "ancien@example.org");
  EXPECT_EQ(Count("seal_key_id = 0"), 1);
  EXPECT_EQ(Count("seal_key_id = " + std::to_string(crypto::KeyIdOf(a_))), 4);

  // garantd restarted with B current and A previous: everything still opens.
  const crypto::KeyRing b_after_a(b_, a_);
  auto store_ba = Store(b_after_a);
  for (const Receipt& r : receipts) {
    auto d = store_ba->Detail(r.objection.reference, "staff:1");
    ASSERT_TRUE(d.ok()) << r.objection.reference << ": " << d.status().ToString();
  }
  ASSERT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 5);

  // Interrupted after the first batch of 2: those stay re-sealed.
  crypto::ResealOptions options;
  options.batch = 2;
  std::vector<int64_t> progress;
  options.after_batch = [&](int64_t done) {
    progress.push_back(done);
    return Status::Unavailable("killed");
  };
  EXPECT_EQ(ResealObjections(*pool_, b_after_a, options).status().code(), Code::kUnavailable);
  EXPECT_EQ(progress, std::vector<int64_t>{2});
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 3);
  // Resumed: the rest, in batches; then nothing is left (idempotent).
  progress.clear();
  options.after_batch = [&](int64_t done) {
    progress.push_back(done);
    return Status::Ok();
  };
  auto resumed = ResealObjections(*pool_, b_after_a, options);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(*resumed, 3);
  EXPECT_EQ(progress, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(*ResealObjections(*pool_, b_after_a), 0);
  EXPECT_EQ(Count("seal_key_id = " + std::to_string(crypto::KeyIdOf(b_))), 5);

  // B alone opens every row, with the same traits and contacts; A alone none.
  auto store_b = Store(crypto::KeyRing(b_));
  auto store_only_a = Store(only_a);
  for (size_t i = 0; i < receipts.size(); ++i) {
    const std::string& ref = receipts[i].objection.reference;
    auto d = store_b->Detail(ref, "staff:1");
    ASSERT_TRUE(d.ok()) << ref << ": " << d.status().ToString();
    EXPECT_EQ(d->traits.birth_name, names[i]);
    EXPECT_EQ(store_only_a->Detail(ref, "staff:1").status().code(), Code::kDataLoss) << ref;
  }
  auto legacy_after = store_b->Detail(receipts[4].objection.reference, "staff:1");
  ASSERT_TRUE(legacy_after.ok());
  EXPECT_EQ(legacy_after->traits.birth_name, legacy_detail->traits.birth_name);
  EXPECT_EQ(legacy_after->contact, std::optional<std::string>("ancien@example.org"));
  EXPECT_EQ(store_b->Detail(receipts[1].objection.reference, "staff:1")->contact, std::nullopt);
  EXPECT_EQ(store_b->Detail(receipts[2].objection.reference, "staff:1")->contact,
            std::optional<std::string>("01 02 03 04 05"));
}

TEST_F(ResealTest, ReceiptCodesKeepWorkingOnceThePreviousKeyIsDropped) {
  // Under A: a code as written now (sealed), one as written between sql 0018
  // and sql 0033 (a clear HMAC under A's code key), one from before 0018
  // (legacy, key id 0), and one used while B and A are both configured.
  auto store_a = Store(crypto::KeyRing(a_));
  std::vector<Receipt> r;
  for (const char* name : {"Dupont", "Clair", "Legacy", "Used"}) {
    auto created = store_a->Create(Person(name, std::nullopt), "public");
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    r.push_back(*created);
  }
  EXPECT_EQ(Count("code_hash IS NULL AND code_sealed IS NOT NULL"), 4);
  MakeClearHash(r[1], a_);
  MakeLegacy(r[2], a_, "{}", "");
  // A code's verifier is bound to its row: moved to another row, it opens nothing.
  {
    const Bytes sealed =
        Query("SELECT code_sealed FROM objections WHERE id = $1", {r[0].objection.id}).Bytea(0, 0);
    EXPECT_FALSE(crypto::KeyRing(a_)
                     .Open(crypto::KeyIdOf(a_), sealed, AsBytes("garant-objection-code-v1|x"))
                     .ok());
  }

  const crypto::KeyRing b_after_a(b_, a_);
  auto store_ba = Store(b_after_a);
  ASSERT_TRUE(store_ba->FindByReceipt(r[3].objection.reference, r[3].code).ok());
  // Sealed again under B when used.
  EXPECT_EQ(
      Query("SELECT code_key_id FROM objections WHERE id = $1", {r[3].objection.id}).Int(0, 0),
      crypto::KeyIdOf(b_));
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 4);
  auto done = ResealObjections(*pool_, b_after_a, {.batch = 1, .after_batch = {}});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, 4);
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 0);
  EXPECT_EQ(*CountReceiptCodesUnderOtherKeys(*pool_, b_after_a), 0);
  // Nothing in clear, everything under B.
  EXPECT_EQ(Count("code_hash IS NOT NULL"), 0);
  EXPECT_EQ(Count("code_key_id = " + std::to_string(crypto::KeyIdOf(b_))), 4);
  // Two digests; the clear hashes wrapped with one key (12 + 65 + 16 bytes
  // sealed) and, for the legacy one, with its two candidates (+ 32).
  EXPECT_EQ(Count("length(code_sealed) = 61"), 2);
  EXPECT_EQ(Count("length(code_sealed) = 93"), 1);
  EXPECT_EQ(Count("length(code_sealed) = 125"), 1);

  // B alone: every code still opens its status and withdraws; A alone, none.
  auto store_b = Store(crypto::KeyRing(b_));
  auto store_only_a = Store(crypto::KeyRing(a_));
  for (const Receipt& x : r) {
    EXPECT_EQ(store_only_a->FindByReceipt(x.objection.reference, x.code).status().code(),
              Code::kNotFound)
        << x.objection.reference;
    auto found = store_b->FindByReceipt(x.objection.reference, x.code);
    EXPECT_TRUE(found.ok()) << x.objection.reference << ": " << found.status().ToString();
  }
  // A wrapped code became a digest when used (12 + 33 + 16 bytes sealed):
  // the receipt-code keys it was wrapped with are no longer stored for it.
  EXPECT_EQ(Count("code_key_id = " + std::to_string(crypto::KeyIdOf(b_))), 4);
  EXPECT_EQ(Count("length(code_sealed) = 61"), 4);
  // A wrong code, or another row's, is refused.
  EXPECT_EQ(store_b->FindByReceipt(r[0].objection.reference, r[1].code).status().code(),
            Code::kNotFound);
  EXPECT_EQ(store_b->FindByReceipt(r[0].objection.reference, "AAAA-BBBB-CCCC").status().code(),
            Code::kNotFound);
  EXPECT_EQ(store_b->Withdraw(r[1].objection.reference, r[0].code, "public").status().code(),
            Code::kNotFound);
  for (const Receipt& x : {r[1], r[2]}) {
    auto w = store_b->Withdraw(x.objection.reference, x.code, "public");
    ASSERT_TRUE(w.ok()) << x.objection.reference << ": " << w.status().ToString();
    EXPECT_EQ(w->status, ObjectionStatus::kWithdrawn);
  }

  // A second rotation, B to C: the same codes still work under C alone.
  const crypto::MasterSecret c = Master(0xc3);
  ASSERT_TRUE(ResealObjections(*pool_, crypto::KeyRing(c, b_)).ok());
  auto store_c = Store(crypto::KeyRing(c));
  for (const Receipt& x : r) {
    EXPECT_TRUE(store_c->FindByReceipt(x.objection.reference, x.code).ok())
        << x.objection.reference;
  }
}

TEST_F(ResealTest, AClearCodeHashIsWrappedByTheRotationWithoutBeingRewrittenInClear) {
  auto store_a = Store(crypto::KeyRing(a_));
  auto r = store_a->Create(Person("Clair", std::nullopt), "public");
  ASSERT_TRUE(r.ok());
  MakeClearHash(*r, a_);
  // Under A, a clear hash still verifies and is then sealed.
  ASSERT_TRUE(store_a->FindByReceipt(r->objection.reference, r->code).ok());
  EXPECT_EQ(Count("code_hash IS NULL"), 1);
  // A clear hash whose key is gone (rotated away by an older garant) cannot
  // be checked nor wrapped: it is not due, so the rotation still ends, and it
  // is counted.
  MakeClearHash(*r, Master(0xd4));
  const crypto::KeyRing b_after_a(b_, a_);
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 1);  // its traits
  ASSERT_TRUE(ResealObjections(*pool_, b_after_a).ok());
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_a), 0);
  EXPECT_EQ(*CountReceiptCodesUnderOtherKeys(*pool_, b_after_a), 1);
  EXPECT_EQ(Store(b_after_a)->FindByReceipt(r->objection.reference, r->code).status().code(),
            Code::kNotFound);
  // A sealed code whose key is not configured stops the run, naming the row.
  auto other = store_a->Create(Person("Autre", std::nullopt), "public");
  ASSERT_TRUE(other.ok());
  Query("UPDATE objections SET seal_key_id = $2 WHERE id = $1",
        {other->objection.id, crypto::KeyIdOf(b_)});
  auto run = ResealObjections(*pool_, crypto::KeyRing(b_, Master(0xe5)));
  EXPECT_EQ(run.status().code(), Code::kDataLoss);
  EXPECT_NE(run.status().message().find(other->objection.reference), std::string::npos);
}

TEST_F(ResealTest, ARowThatDoesNotOpenStopsTheRunWithoutWritingItsBatch) {
  auto store_a = Store(crypto::KeyRing(a_));
  auto r = store_a->Create(Person("Dupont", std::nullopt), "public");
  ASSERT_TRUE(r.ok());
  // Rotating with a previous key that is not A: the rows cannot be opened.
  const crypto::KeyRing b_after_c(b_, Master(0xc3));
  auto run = ResealObjections(*pool_, b_after_c);
  EXPECT_EQ(run.status().code(), Code::kDataLoss);
  EXPECT_NE(run.status().message().find(r->objection.reference), std::string::npos);
  EXPECT_EQ(*CountObjectionsToReseal(*pool_, b_after_c), 1);
  EXPECT_TRUE(Store(crypto::KeyRing(a_))->Detail(r->objection.reference, "staff:1").ok());
  EXPECT_EQ(ResealObjections(*pool_, b_after_c, {.batch = 0, .after_batch = {}}).status().code(),
            Code::kInvalidArgument);
}

TEST_F(ResealTest, KeptAnswersOfRetriedRequestsKeepOpeningOnceThePreviousKeyIsDropped) {
  auto store_a = Store(crypto::KeyRing(a_));
  IdempotencyRequest req;
  req.actor = "staff:1";
  req.route = "POST /api/v1/objections";
  req.key = "3f0f9f8e-2b1c-4d4e-9a55-6c7d8e9fa0b1";
  req.request_sha256 = crypto::Sha256(std::string("the request's body"));
  const ObjectionStore::AnswerOf answer_of = [](const Receipt& r) {
    return StoredAnswer{
        201, "{\"reference\":\"" + r.objection.reference + "\",\"code\":\"" + r.code + "\"}"};
  };
  auto first = store_a->CreateWithKey(Person("Dupont", std::nullopt), req, answer_of);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // Another row, its answer not yet written (a request in flight): not due.
  Query(
      "INSERT INTO idempotency_keys (id, actor, route, key_digest, request_sha256, created_at, "
      "expires_at) VALUES (gen_random_uuid(), 'staff:2', 'r', $1, $1, now(), now() + interval "
      "'1 day')",
      {db::Param::Binary(Bytes(32, 7))});

  const crypto::KeyRing b_after_a(b_, a_);
  EXPECT_EQ(*CountKeptAnswersToReseal(*pool_, b_after_a), 1);
  auto done = ResealKeptAnswers(*pool_, b_after_a, {.batch = 1, .after_batch = {}});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, 1);
  EXPECT_EQ(*CountKeptAnswersToReseal(*pool_, b_after_a), 0);
  EXPECT_EQ(*ResealKeptAnswers(*pool_, b_after_a), 0);  // idempotent

  // B alone: the retry gets its first answer, byte for byte; A alone, nothing.
  auto found = Store(crypto::KeyRing(b_))->FindKeyedAnswer(req);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->answer.body, first->answer.body);
  EXPECT_EQ(Store(crypto::KeyRing(a_))->FindKeyedAnswer(req).status().code(), Code::kDataLoss);
  // The client's key is still needed: the inner layer was moved as it was.
  db::Rows kept = Query(
      "SELECT id::text, answer_key_id, answer_sealed FROM idempotency_keys "
      "WHERE answer_sealed IS NOT NULL");
  ASSERT_EQ(kept.size(), 1);
  EXPECT_EQ(kept.Int(0, 1), crypto::KeyIdOf(b_));
  const auto open = [&](std::string_view key) {
    return OpenAnswer(crypto::KeyRing(b_), static_cast<int32_t>(kept.Int(0, 1)), key,
                      kept.Str(0, 0), kept.Bytea(0, 2));
  };
  EXPECT_EQ(*open(req.key), first->answer.body);
  EXPECT_EQ(open("another key").status().code(), Code::kDataLoss);

  // A previous key that is not the one it was sealed under: kDataLoss, the
  // row named, nothing written.
  const crypto::KeyRing c_after_a(Master(0xc3), a_);
  auto wrong = ResealKeptAnswers(*pool_, c_after_a);
  EXPECT_EQ(wrong.status().code(), Code::kDataLoss);
  EXPECT_NE(wrong.status().message().find("kept answer"), std::string::npos);
  EXPECT_EQ(*CountKeptAnswersToReseal(*pool_, c_after_a), 1);
}

}  // namespace
}  // namespace garant::consent
