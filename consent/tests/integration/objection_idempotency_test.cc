// Idempotency keys of the objection store (sql/0034) against a real
// PostgreSQL: a retry with the same key and body gets the first answer and
// records nothing; another body is refused; keys are scoped and expire;
// concurrent retries record one objection; neither the key nor the receipt
// code is stored in clear.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "garant/consent/idempotency.h"
#include "garant/consent/objection_store.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

class ObjectionIdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations(), /*pool_size=*/10);
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
    store_ = std::make_unique<ObjectionStore>(*pool_, log_, SecureRandom::Instance(), clock_,
                                              MakeObjectionKeys(pk, crypto::KeyRing(ek)));
  }

  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  int64_t Count(const std::string& table) {
    return Query("SELECT count(*) FROM " + table).Int(0, 0);
  }

  static NewObjection Letter(const std::string& birth_name = "Dupont") {
    NewObjection o;
    o.traits.birth_name = birth_name;
    o.traits.given_names = "Marie";
    o.traits.birth_date = "1985-03-14";
    o.traits.sex = "F";
    o.channel = Channel::kLetter;
    o.entered_by = 1;
    return o;
  }
  static NewObjection Physician() {
    NewObjection o;
    o.subject = SubjectKind::kProfessional;
    o.requester = Requester::kProfessional;
    o.scope = std::string(kScopeProfessional);
    o.rpps = "10003456789";
    o.channel = Channel::kLetter;
    o.entered_by = 1;
    return o;
  }
  // The body digest stands for the caller's canonical body.
  static IdempotencyRequest Keyed(const std::string& key, const std::string& body = "body-1",
                                  const std::string& actor = "staff:1") {
    IdempotencyRequest r;
    r.actor = actor;
    r.route = "POST /api/v1/objections";
    r.key = key;
    r.request_sha256 = crypto::Sha256(body);
    return r;
  }
  // What the server answers: here the reference and the code, enough to tell
  // one answer from another.
  static StoredAnswer AnswerOf(const Receipt& r) {
    return {201, "{\"reference\":\"" + r.objection.reference + "\",\"code\":\"" + r.code + "\"}"};
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};  // 2026-11-18
  std::unique_ptr<ObjectionStore> store_;
};

TEST_F(ObjectionIdempotencyTest, TheFirstRequestRecordsAndStoresTheKeyAsADigestOnly) {
  const std::string key = "8e03978e-40d5-43e8-bc93-6894a57f9324";
  auto a = store_->CreateWithKey(Letter(), Keyed(key), AnswerOf);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_FALSE(a->replayed);
  EXPECT_EQ(a->answer.status, 201);
  EXPECT_EQ(Count("objections"), 1);
  EXPECT_EQ(Count("audit_entries"), 1);
  db::Rows row = Query(
      "SELECT key_digest, request_sha256, objection_id::text, answer_status, actor, route, "
      "expires_at - created_at = interval '24 hours' FROM idempotency_keys");
  ASSERT_EQ(row.size(), 1);
  const crypto::Digest digest = IdempotencyKeyDigest(key);
  EXPECT_EQ(row.Bytea(0, 0), Bytes(digest.begin(), digest.end()));
  const crypto::Digest body = crypto::Sha256(std::string("body-1"));
  EXPECT_EQ(row.Bytea(0, 1), Bytes(body.begin(), body.end()));
  EXPECT_EQ(row.Str(0, 2), a->objection_id);
  EXPECT_EQ(row.Int(0, 3), 201);
  EXPECT_EQ(row.Str(0, 4), "staff:1");
  EXPECT_EQ(row.Str(0, 5), "POST /api/v1/objections");
  EXPECT_TRUE(row.Bool(0, 6));
  // Neither the key nor the code (nor the answer's text) in clear anywhere
  // in the row.
  const std::string code = a->answer.body.substr(a->answer.body.find("\"code\":\"") + 8, 14);
  for (const std::string& secret : {key, code, a->answer.body}) {
    EXPECT_EQ(Query("SELECT count(*) FROM idempotency_keys k WHERE position($1::bytea IN "
                    "k.answer_sealed) > 0 OR position($1::bytea IN k.key_digest) > 0 "
                    "OR k::text LIKE '%' || $2 || '%'",
                    {db::Param::Binary(AsBytes(secret)), secret})
                  .Int(0, 0),
              0)
        << secret;
  }
}

TEST_F(ObjectionIdempotencyTest, ARetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndRecordsNothing) {
  auto first = store_->CreateWithKey(Letter(), Keyed("k-1"), AnswerOf);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const int64_t entries = Count("audit_entries");
  for (int i = 0; i < 3; ++i) {
    auto again = store_->CreateWithKey(Letter(), Keyed("k-1"), AnswerOf);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->answer.status, 201);
    EXPECT_EQ(again->answer.body, first->answer.body);  // same reference, same code
    EXPECT_EQ(again->objection_id, first->objection_id);
  }
  EXPECT_EQ(Count("objections"), 1);
  EXPECT_EQ(Count("objection_tokens"), 1);
  EXPECT_EQ(Count("audit_entries"), entries);  // no second audit entry
  // The lookup alone answers the same.
  auto found = store_->FindKeyedAnswer(Keyed("k-1"));
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->answer.body, first->answer.body);
}

TEST_F(ObjectionIdempotencyTest, AProfessionalsObjectionIsKeyedTheSameWay) {
  auto first = store_->CreateWithKey(Physician(), Keyed("rpps-1"), AnswerOf);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = store_->CreateWithKey(Physician(), Keyed("rpps-1"), AnswerOf);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->answer.body, first->answer.body);
  EXPECT_EQ(Count("objections WHERE subject_kind = 'professional'"), 1);
}

TEST_F(ObjectionIdempotencyTest, TheSameKeyWithAnotherBodyIsRefusedAndRecordsNothing) {
  ASSERT_TRUE(store_->CreateWithKey(Letter(), Keyed("k-2", "body-1"), AnswerOf).ok());
  const int64_t entries = Count("audit_entries");
  auto other = store_->CreateWithKey(Letter("Durand"), Keyed("k-2", "body-2"), AnswerOf);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), Code::kConflict);
  EXPECT_EQ(other.status().reason(), kReasonIdempotencyKeyReused);
  auto found = store_->FindKeyedAnswer(Keyed("k-2", "body-2"));
  EXPECT_EQ(found.status().reason(), kReasonIdempotencyKeyReused);
  EXPECT_EQ(Count("objections"), 1);
  EXPECT_EQ(Count("idempotency_keys"), 1);
  EXPECT_EQ(Count("audit_entries"), entries);
}

TEST_F(ObjectionIdempotencyTest, AKeyBelongsToItsActorAndRoute) {
  ASSERT_TRUE(store_->CreateWithKey(Letter(), Keyed("shared"), AnswerOf).ok());
  auto other_actor =
      store_->CreateWithKey(Letter(), Keyed("shared", "body-1", "staff:2"), AnswerOf);
  ASSERT_TRUE(other_actor.ok()) << other_actor.status().ToString();
  EXPECT_FALSE(other_actor->replayed);
  IdempotencyRequest other_route = Keyed("shared");
  other_route.route = "POST /api/v1/elsewhere";
  auto r = store_->CreateWithKey(Letter(), other_route, AnswerOf);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->replayed);
  EXPECT_EQ(Count("objections"), 3);
}

TEST_F(ObjectionIdempotencyTest, AKeyExpiresAfter24HoursAndTheSweepDeletesItsSealedAnswer) {
  ASSERT_TRUE(store_->CreateWithKey(Letter(), Keyed("old"), AnswerOf).ok());
  ASSERT_TRUE(store_->CreateWithKey(Letter(), Keyed("older"), AnswerOf).ok());
  clock_.Advance(std::chrono::hours(24) - std::chrono::seconds(1));
  auto still = store_->FindKeyedAnswer(Keyed("old"));
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->has_value());
  EXPECT_EQ(*store_->SweepIdempotencyKeys(), 0);
  clock_.Advance(std::chrono::seconds(1));
  auto gone = store_->FindKeyedAnswer(Keyed("old"));
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  // The expired key is new again: a second objection, even with another body.
  auto again = store_->CreateWithKey(Letter(), Keyed("old", "body-2"), AnswerOf);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->replayed);
  EXPECT_EQ(Count("objections"), 3);
  // That request's sweep deleted "older" (its answer with it); "old" is the
  // new row only.
  EXPECT_EQ(Count("idempotency_keys"), 1);
  EXPECT_EQ(Count("idempotency_keys WHERE expires_at > created_at + interval '23 hours'"), 1);
  clock_.Advance(std::chrono::hours(25));
  EXPECT_EQ(*store_->SweepIdempotencyKeys(), 1);
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Count("objections"), 3);  // the objections stay
}

TEST_F(ObjectionIdempotencyTest, AFailedFirstRequestLeavesNoKey) {
  NewObjection bad = Letter();
  bad.notice_version = "adult-99";  // not in the register: refused in the transaction
  auto failed = store_->CreateWithKey(bad, Keyed("k-3", "body-bad"), AnswerOf);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(Count("idempotency_keys"), 0);
  EXPECT_EQ(Count("objections"), 0);
  auto ok = store_->CreateWithKey(Letter(), Keyed("k-3", "body-good"), AnswerOf);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_FALSE(ok->replayed);
  EXPECT_EQ(Count("objections"), 1);
}

TEST_F(ObjectionIdempotencyTest, AnInvalidKeyIsRefusedBeforeAnything) {
  for (const std::string& key :
       {std::string(), std::string(256, 'k'), std::string("a\tb"), std::string("caf\xc3\xa9")}) {
    auto r = store_->CreateWithKey(Letter(), Keyed(key), AnswerOf);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().reason(), kReasonIdempotencyKeyInvalid);
  }
  EXPECT_EQ(Count("objections"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 0);
}

TEST_F(ObjectionIdempotencyTest, ConcurrentRetriesWithOneKeyRecordOneObjection) {
  constexpr int kThreads = 6;
  for (int round = 0; round < 3; ++round) {
    const std::string key = "concurrent-" + std::to_string(round);
    std::vector<Result<KeyedAnswer>> results(kThreads, Status::Internal("not run"));
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        ready.fetch_add(1);
        while (ready.load() < kThreads) std::this_thread::yield();
        results[i] = store_->CreateWithKey(Letter(), Keyed(key), AnswerOf);
      });
    }
    for (auto& t : threads) t.join();
    int first = 0;
    for (const auto& r : results) {
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (!r->replayed) ++first;
      EXPECT_EQ(r->answer.body, results[0]->answer.body);
    }
    EXPECT_EQ(first, 1);
    EXPECT_EQ(Count("objections"), round + 1);
    EXPECT_EQ(Count("audit_entries"), round + 1);
  }
}

TEST_F(ObjectionIdempotencyTest, WithoutAKeyEveryRequestRecords) {
  ASSERT_TRUE(store_->Create(Letter(), "staff:1").ok());
  ASSERT_TRUE(store_->Create(Letter(), "staff:1").ok());
  EXPECT_EQ(Count("objections"), 2);
  EXPECT_EQ(Count("idempotency_keys"), 0);
}

}  // namespace
}  // namespace garant::consent
