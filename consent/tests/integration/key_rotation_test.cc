// Rotation of the pseudonymisation key against a real PostgreSQL:
// re-tokenisation from the sealed traits (audited, idempotent, fail closed on
// a sealed value that does not open), objections recorded during the
// transition, lists published under both keys (primary + companion), deltas,
// pushes and acknowledgements per key, and the end of the transition.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "garant/audit/leaf.h"
#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/exclusion_store.h"
#include "garant/consent/objection_delivery.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/retokenise.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

class RecordingTransport final : public ListPushTransport {
 public:
  Status Push(const std::string&, int64_t version, std::string_view key_id,
              std::string_view document) override {
    received.push_back({version, std::string(key_id), std::string(document)});
    return Status::Ok();
  }
  struct Received {
    int64_t version;
    std::string key_id;
    std::string document;
  };
  std::vector<Received> received;
};

class KeyRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    old_key_.fill(0x11);
    new_key_.fill(0x33);
    encryption_.fill(0x22);
    seed_.fill(0x44);
  }

  std::unique_ptr<ObjectionStore> Store(const std::optional<PseudonymKey>& previous) {
    const PseudonymKey& current = previous ? new_key_ : old_key_;
    return std::make_unique<ObjectionStore>(
        *pool_, log_, SecureRandom::Instance(), clock_,
        MakeObjectionKeys(current, crypto::KeyRing(encryption_), previous));
  }
  std::unique_ptr<ExclusionPublisher> Publisher(const PseudonymKey& current,
                                                const std::optional<PseudonymKey>& previous) {
    PublisherKeys k;
    k.signing = seed_;
    k.pseudonym = current;
    k.previous_pseudonym = previous;
    return std::make_unique<ExclusionPublisher>(*pool_, log_, SecureRandom::Instance(), clock_, k);
  }

  db::Rows Query(const std::string& sql, const db::Params& params = {}) {
    return testsupport::QueryAs(owner_, sql, params);
  }
  std::vector<std::string> StoredTokens(const std::string& reference, const std::string& key_id) {
    db::Rows r = Query(
        "SELECT t.token FROM objection_tokens t JOIN objections o ON o.id = t.objection_id "
        "WHERE o.reference = $1 AND t.key_id = $2 ORDER BY t.token",
        {reference, key_id});
    std::vector<std::string> out;
    for (int i = 0; i < r.size(); ++i) out.push_back(r.Str(i, 0));
    return out;
  }
  static std::vector<std::string> Sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  ExclusionList Verify(const std::string& document, const PseudonymKey& key) {
    VerifyOptions o;
    o.verify_key = *crypto::Ed25519PublicFromSeed(seed_);
    o.now = clock_.Now();
    o.expected_pseudonym_key_id = PseudonymKeyId(key);
    auto list = VerifyExclusionList(document, o);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? *list : ExclusionList{};
  }

  static NewObjection Person(const std::string& birth_name, const std::string& given) {
    NewObjection o;
    o.traits.birth_name = birth_name;
    o.traits.given_names = given;
    o.traits.birth_date = "1970-01-02";
    o.traits.sex = "M";
    return o;
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  audit::Recorder By() {
    return audit::Recorder{log_, SecureRandom::Instance(), clock_, "staff:1"};
  }
  ManualClock clock_{FromUnixMicros(1'795'000'000'000'000)};
  PseudonymKey old_key_{}, new_key_{};
  crypto::Aes256Key encryption_{};
  crypto::Ed25519Seed seed_{};
};

TEST_F(KeyRotationTest, KeyIdIsTheListKeyId) {
  EXPECT_EQ(PseudonymKeyId(old_key_), ListPseudonymKeyId(ByteView(old_key_)));
  EXPECT_EQ(PseudonymKeyId(old_key_).size(), 8u);
  EXPECT_NE(PseudonymKeyId(old_key_), PseudonymKeyId(new_key_));
}

TEST_F(KeyRotationTest, RetokenisesEveryObjectionFromItsSealedTraitsOnce) {
  auto store = Store(std::nullopt);
  auto a = store->Create(Person("Dupont", "Jean"), "public");
  auto b = store->Create(Person("Lefèvre", "Luc"), "public");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(store->Withdraw(b->objection.reference, b->code, "public").ok());
  const std::string new_id = PseudonymKeyId(new_key_);
  EXPECT_EQ(*CountObjectionsWithoutTokens(*pool_, new_id), 2);

  auto report =
      RetokeniseObjections(*pool_, log_, SecureRandom::Instance(), clock_,
                           crypto::KeyRing(encryption_), new_key_, "service:test", /*batch=*/1);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->objections, 2);  // withdrawn ones too: their status page still works
  EXPECT_EQ(report->tokens, 2);
  EXPECT_EQ(*CountObjectionsWithoutTokens(*pool_, new_id), 0);
  EXPECT_EQ(StoredTokens(a->objection.reference, new_id),
            Sorted(*ComputeTokens(new_key_, Person("Dupont", "Jean").traits, 2026)));
  // The old tokens stay as they were.
  EXPECT_EQ(StoredTokens(a->objection.reference, PseudonymKeyId(old_key_)),
            Sorted(*ComputeTokens(old_key_, Person("Dupont", "Jean").traits, 2026)));
  // Token counts are per key, not summed over keys.
  EXPECT_EQ(store->Get(a->objection.reference)->token_count, 1);

  // One audit entry per objection, with its reference and new tokens only.
  db::Rows entries = Query(
      "SELECT leaf, object FROM audit_entries WHERE event_type = 'objection.retokenised' "
      "ORDER BY idx");
  ASSERT_EQ(entries.size(), 2);
  auto event = audit::DecodeLeaf(entries.Bytea(0, 0));
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->actor, "service:test");
  EXPECT_NE(event->payload.find(new_id), std::string::npos);
  for (const char* clear : {"DUPONT", "Dupont", "LEFEVRE", "1970"}) {
    EXPECT_EQ(event->payload.find(clear), std::string::npos) << clear;
  }

  // A second run finds nothing to do.
  auto again = RetokeniseObjections(*pool_, log_, SecureRandom::Instance(), clock_,
                                    crypto::KeyRing(encryption_), new_key_, "service:test");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->objections, 0);
  EXPECT_EQ(Query("SELECT count(*) FROM audit_entries WHERE event_type = "
                  "'objection.retokenised'")
                .Int(0, 0),
            2);
}

TEST_F(KeyRotationTest, SealedTraitsThatDoNotOpenStopTheRun) {
  auto store = Store(std::nullopt);
  auto a = store->Create(Person("Dupont", "Jean"), "public");
  ASSERT_TRUE(a.ok());
  // Another encryption key: the traits cannot be opened.
  crypto::Aes256Key wrong{};
  wrong.fill(0x99);
  auto r = RetokeniseObjections(*pool_, log_, SecureRandom::Instance(), clock_,
                                crypto::KeyRing(wrong), new_key_, "service:test");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDataLoss);
  EXPECT_EQ(*CountObjectionsWithoutTokens(*pool_, PseudonymKeyId(new_key_)), 1);
  EXPECT_EQ(Query("SELECT count(*) FROM audit_entries WHERE event_type = "
                  "'objection.retokenised'")
                .Int(0, 0),
            0);
}

TEST_F(KeyRotationTest, TransitionPublishesUnderBothKeysThenEnds) {
  // Before: one key.
  auto before = Store(std::nullopt);
  auto a = before->Create(Person("Dupont", "Jean"), "public");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(Publisher(old_key_, std::nullopt)->RunPublishRound().ok());
  ExclusionStore lists(*pool_);
  ASSERT_TRUE(lists.AddConsumer(By(), "ingest-a", std::string("http://127.0.0.1:9/")).ok());

  // The rotation: re-tokenise, then both keys configured.
  ASSERT_TRUE(RetokeniseObjections(*pool_, log_, SecureRandom::Instance(), clock_,
                                   crypto::KeyRing(encryption_), new_key_, "service:test")
                  .ok());
  auto during = Store(old_key_);
  auto b = during->Create(Person("Martin", "Paul"), "public");
  ASSERT_TRUE(b.ok());
  // Recorded during the transition: tokens under both keys.
  EXPECT_EQ(StoredTokens(b->objection.reference, PseudonymKeyId(old_key_)).size(), 1u);
  EXPECT_EQ(StoredTokens(b->objection.reference, PseudonymKeyId(new_key_)).size(), 1u);

  auto publisher = Publisher(new_key_, old_key_);
  auto v2 = publisher->RunPublishRound();
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->published, 2);
  EXPECT_EQ(v2->reason, "changed");

  // The primary document is under the new key, the companion under the old
  // one; both list both people.
  auto primary = lists.CurrentDocument();
  ASSERT_TRUE(primary.ok());
  EXPECT_EQ(primary->first.pseudonym_key_id, PseudonymKeyId(new_key_));
  ExclusionList under_new = Verify(primary->second, new_key_);
  auto companion = lists.CurrentDocument(PseudonymKeyId(old_key_));
  ASSERT_TRUE(companion.ok()) << companion.status().ToString();
  EXPECT_EQ(companion->first.version, 2);
  ExclusionList under_old = Verify(companion->second, old_key_);
  EXPECT_EQ(under_new.tokens.size(), 2u);
  EXPECT_EQ(under_old.tokens.size(), 2u);
  auto expected_old = ComputeTokens(old_key_, Person("Martin", "Paul").traits, 2026);
  crypto::Digest martin_old{};
  std::copy_n(HexDecode(expected_old->front())->begin(), 32, martin_old.begin());
  EXPECT_TRUE(std::any_of(under_old.tokens.begin(), under_old.tokens.end(),
                          [&](const ScopedToken& t) { return t.token == martin_old; }));
  auto versions = lists.Versions(5);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->front().other_key_ids, (std::vector<std::string>{PseudonymKeyId(old_key_)}));

  // A delta under the old key from version 1 (published under the old key).
  auto delta = lists.DeltaSince(1, PseudonymKeyId(old_key_));
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  EXPECT_EQ(delta->first.added.size(), 1u);
  EXPECT_TRUE(delta->first.removed.empty());
  // Version 1 was never published under the new key: no delta across keys.
  EXPECT_EQ(lists.DeltaSince(1).status().code(), Code::kNotFound);

  // Consumers receive both documents.
  RecordingTransport t;
  ASSERT_EQ(*publisher->RunDeliveryRound(t), 1);
  ASSERT_EQ(t.received.size(), 2u);
  EXPECT_EQ(t.received[0].key_id, PseudonymKeyId(new_key_));
  EXPECT_EQ(t.received[1].key_id, PseudonymKeyId(old_key_));
  EXPECT_EQ(t.received[1].document, companion->second);

  // Acknowledgements name the key they were made under.
  auto ack = lists.RecordAck(By(), "ingest-a", "", 2, 0, PseudonymKeyId(new_key_));
  ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  EXPECT_EQ(lists.Consumers(clock_.Now())->front().acked_key_id, PseudonymKeyId(new_key_));
  EXPECT_EQ(lists.RecordAck(By(), "ingest-a", "", 2, 0, std::string("zz")).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(lists.RecordAck(By(), "ingest-a", "", 1, 0, PseudonymKeyId(new_key_)).status().code(),
            Code::kNotFound);

  // Nothing changed: no new version while the keys stay the same.
  EXPECT_FALSE(publisher->RunPublishRound()->published.has_value());

  // The end of the transition: the previous key is unset; the next version
  // has no companion and the old key's document is gone from "current".
  auto after = Publisher(new_key_, std::nullopt)->RunPublishRound();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->published, 3);
  EXPECT_EQ(after->reason, "changed");
  EXPECT_EQ(lists.CurrentDocument(PseudonymKeyId(old_key_)).status().code(), Code::kNotFound);
  EXPECT_TRUE(lists.CurrentDocument(PseudonymKeyId(new_key_)).ok());

  // The patient's status page still finds the first version that carried
  // the objection, published under the old key.
  auto delivery = FindDelivery(*pool_, lists, a->objection, clock_.Now());
  ASSERT_TRUE(delivery.ok()) << delivery.status().ToString();
  EXPECT_EQ(delivery->first_version, 1);

  // The audit entry of version 2 names both documents.
  db::Rows published = Query(
      "SELECT leaf FROM audit_entries WHERE event_type = 'exclusion.list.published' AND "
      "object = 'exclusion-list/2'");
  ASSERT_EQ(published.size(), 1);
  auto event = audit::DecodeLeaf(published.Bytea(0, 0));
  ASSERT_TRUE(event.ok());
  EXPECT_NE(event->payload.find(PseudonymKeyId(old_key_)), std::string::npos);
  EXPECT_NE(event->payload.find(PseudonymKeyId(new_key_)), std::string::npos);
}

TEST_F(KeyRotationTest, PublisherRefusesWhileAnObjectionLacksTokensUnderAConfiguredKey) {
  auto store = Store(std::nullopt);
  ASSERT_TRUE(store->Create(Person("Dupont", "Jean"), "public").ok());
  // Both keys configured, but no re-tokenisation yet: fail closed.
  auto r = Publisher(new_key_, old_key_)->RunPublishRound();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.status().message().find(PseudonymKeyId(new_key_)), std::string::npos);
  EXPECT_EQ(Query("SELECT count(*) FROM exclusion_list_versions").Int(0, 0), 0);
}

}  // namespace
}  // namespace garant::consent
