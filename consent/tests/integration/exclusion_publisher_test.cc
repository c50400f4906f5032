// Exclusion-list publication against a real PostgreSQL: versions follow the
// objections (batched), withdrawals remove tokens, re-issue before expiry,
// fail closed on an objection without tokens, deltas, pushes with retries and
// backoff, acknowledgements and lag.
#include "garant/consent/exclusion_publisher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "garant/consent/exclusion_list.h"
#include "garant/consent/exclusion_store.h"
#include "garant/consent/objection_store.h"
#include "garant/core/bytes.h"
#include "garant/core/migrations.h"
#include "garant/sql/migrations.h"
#include "pg_cluster.h"

namespace garant::consent {
namespace {

const TimePoint kStart = FromUnixMicros(1'790'000'000'000'000);

// A transport whose consumer is down until told otherwise.
class FakeTransport final : public ListPushTransport {
 public:
  Status Push(const std::string& url, int64_t version, std::string_view key_id,
              std::string_view document) override {
    ++calls;
    if (!up) return Status::Unavailable("connection refused");
    received.push_back({url, version, std::string(key_id), std::string(document)});
    return Status::Ok();
  }
  struct Received {
    std::string url;
    int64_t version;
    std::string key_id;
    std::string document;
  };
  bool up = true;
  int calls = 0;
  std::vector<Received> received;
};

class ExclusionPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = testsupport::CreateMigratedDatabase(sql::Migrations());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    owner_ = d->owner;
    pool_ = std::move(d->pool);
    key_.fill(0x11);
    seed_.fill(0x44);
    PublisherOptions o;
    o.backoff_initial = std::chrono::seconds(1);
    o.backoff_max = std::chrono::seconds(8);
    PublisherKeys keys;
    keys.signing = seed_;
    keys.pseudonym = key_;
    publisher_ = std::make_unique<ExclusionPublisher>(*pool_, log_, SecureRandom::Instance(),
                                                      clock_, keys, o);
    store_ = std::make_unique<ExclusionStore>(*pool_);
  }

  // Inserts an effective objection with `tokens` (hex) under the current key,
  // as the application role would. Returns its id.
  std::string AddObjection(const std::string& scope, const std::vector<std::string>& tokens,
                           bool with_tokens = true) {
    static int n = 0;
    char ref[32];
    std::snprintf(ref, sizeof ref, "OPP-%04d-AAAA", ++n);
    auto conn = pool_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto r = (*conn)->Exec(
        "INSERT INTO objections (id, reference, code_hash, requester, channel, scope, "
        "received_at, effective_at, status, notice_version, traits_sealed) VALUES "
        "(gen_random_uuid(), $1, decode(repeat('00', 32), 'hex'), 'patient', 'web', $2, now(), "
        "now(), 'effective', 'v1', decode(repeat('00', 28), 'hex')) RETURNING id",
        {std::string(ref), scope});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string id = r->Str(0, 0);
    if (with_tokens) AddTokens(id, tokens);
    return id;
  }

  void AddTokens(const std::string& id, const std::vector<std::string>& tokens) {
    auto conn = pool_->Acquire();
    for (const auto& t : tokens) {
      auto r = (*conn)->Exec(
          "INSERT INTO objection_tokens (objection_id, token, key_id) VALUES ($1, $2, $3)",
          {id, t, publisher_->pseudonym_key_id()});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  void Withdraw(const std::string& id) {
    auto conn = pool_->Acquire();
    auto r = (*conn)->Exec(
        "UPDATE objections SET status = 'withdrawn', withdrawn_at = now() WHERE id = $1", {id});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  }

  static std::string Tok(int i) { return HexEncode(crypto::Sha256("tok" + std::to_string(i))); }

  ExclusionList Verified(const std::string& doc) {
    VerifyOptions o;
    o.verify_key = *crypto::Ed25519PublicFromSeed(seed_);
    o.now = clock_.Now();
    o.expected_pseudonym_key_id = ListPseudonymKeyId(key_);
    auto list = VerifyExclusionList(doc, o);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? *list : ExclusionList{};
  }

  std::string owner_;
  std::unique_ptr<db::Pool> pool_;
  audit::AuditLog log_;
  audit::Recorder By() {
    return audit::Recorder{log_, SecureRandom::Instance(), clock_, "staff:1"};
  }
  ManualClock clock_{kStart};
  PseudonymKey key_{};
  crypto::Ed25519Seed seed_{};
  std::unique_ptr<ExclusionPublisher> publisher_;
  std::unique_ptr<ExclusionStore> store_;
};

TEST_F(ExclusionPublisherTest, VersionsFollowObjections) {
  auto first = publisher_->RunPublishRound();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->published, 1);
  EXPECT_EQ(first->reason, "initial");
  auto idle = publisher_->RunPublishRound();
  ASSERT_TRUE(idle.ok());
  EXPECT_FALSE(idle->published.has_value());

  // Three objections between two rounds: one new version (batched).
  std::string a = AddObjection("all", {Tok(1), Tok(2)});
  AddObjection("all", {Tok(3)});
  AddObjection("project:PRJ-1", {Tok(4)});
  auto second = publisher_->RunPublishRound();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->published, 2);
  EXPECT_EQ(second->reason, "changed");
  EXPECT_EQ(second->token_count, 4);
  // Each version is an audit entry, committed with it.
  ASSERT_TRUE(second->audit_index.has_value());
  {
    auto conn = pool_->Acquire();
    auto leaf = (*conn)->Exec("SELECT event_type, object, actor FROM audit_entries WHERE idx = $1",
                              {static_cast<int64_t>(*second->audit_index)});
    ASSERT_TRUE(leaf.ok() && leaf->size() == 1);
    EXPECT_EQ(leaf->Str(0, 0), "exclusion.list.published");
    EXPECT_EQ(leaf->Str(0, 1), "exclusion-list/2");
    EXPECT_EQ(leaf->Str(0, 2), "service:garantd");
  }

  auto current = store_->CurrentDocument();
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->first.version, 2);
  ExclusionList list = Verified(current->second);
  EXPECT_EQ(list.tokens.size(), 4u);
  EXPECT_EQ(list.scopes, (std::vector<std::string>{"all", "project:PRJ-1"}));

  auto delta = store_->DeltaSince(1);
  ASSERT_TRUE(delta.ok()) << delta.status().ToString();
  EXPECT_EQ(delta->first.added.size(), 4u);
  EXPECT_TRUE(delta->first.removed.empty());

  // A withdrawal removes exactly that objection's tokens.
  Withdraw(a);
  auto third = publisher_->RunPublishRound();
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->published, 3);
  auto d3 = store_->DeltaSince(2);
  ASSERT_TRUE(d3.ok());
  ASSERT_EQ(d3->first.removed.size(), 2u);
  EXPECT_TRUE(d3->first.added.empty());
  // The delta applied to version 2 rebuilds version 3, which verifies.
  auto rebuilt = ApplyDelta(list, d3->first, d3->second);
  ASSERT_TRUE(rebuilt.ok());
  VerifyOptions o;
  o.verify_key = *crypto::Ed25519PublicFromSeed(seed_);
  o.now = clock_.Now();
  EXPECT_TRUE(VerifyParsedList(*rebuilt, o).ok());

  EXPECT_EQ(store_->DeltaSince(4).status().code(), Code::kInvalidArgument);
  auto versions = store_->Versions(10);
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->size(), 3u);
}

// A burst of 10,000 objections, 100 a second for 100 s, with a round every
// second (as garantd's worker runs them): with min_interval = 30 s, a handful
// of versions, not one a round. The first change after a quiet period goes
// out at once; the last ones once the interval has passed; nothing is lost.
// (Without min_interval: a version every round, 100.)
TEST_F(ExclusionPublisherTest, ABurstOfObjectionsMakesAHandfulOfVersions) {
  PublisherOptions o;
  o.min_interval = std::chrono::seconds(30);
  PublisherKeys keys;
  keys.signing = seed_;
  keys.pseudonym = key_;
  ExclusionPublisher publisher(*pool_, log_, SecureRandom::Instance(), clock_, keys, o);
  auto first = publisher.RunPublishRound();
  ASSERT_TRUE(first.ok() && first->published == 1) << first.status().ToString();
  clock_.Advance(std::chrono::minutes(5));  // quiet

  std::vector<int> published_at;
  for (int second = 0; second < 100; ++second) {
    // 100 objections of one token each, in one statement.
    auto conn = pool_->Acquire();
    ASSERT_TRUE(conn.ok());
    auto r = (*conn)->Exec(
        "WITH o AS (INSERT INTO objections (id, reference, code_hash, requester, channel, scope, "
        "received_at, effective_at, status, notice_version, traits_sealed) "
        "SELECT gen_random_uuid(), 'OPP-B' || lpad($1::text, 3, '0') || '-' || "
        "lpad(g::text, 4, '0'), decode(repeat('00', 32), 'hex'), 'patient', 'web', 'all', now(), "
        "now(), 'effective', 'v1', decode(repeat('00', 28), 'hex') "
        "FROM generate_series(1, 100) g RETURNING id, reference) "
        "INSERT INTO objection_tokens (objection_id, token, key_id) "
        "SELECT id, encode(sha256(convert_to(reference, 'UTF8')), 'hex'), $2 FROM o",
        {std::to_string(second), publisher.pseudonym_key_id()});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    auto out = publisher.RunPublishRound();
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    if (out->published) published_at.push_back(second);
    clock_.Advance(std::chrono::seconds(1));
  }
  EXPECT_EQ(published_at, (std::vector<int>{0, 30, 60, 90}));
  // The burst is over: the changes of seconds 91-99 wait for the interval.
  auto held = publisher.RunPublishRound();
  ASSERT_TRUE(held.ok());
  EXPECT_FALSE(held->published);
  clock_.Advance(std::chrono::seconds(20));  // 30 s after the last version
  auto last = publisher.RunPublishRound();
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->published);
  EXPECT_EQ(*last->published, 6);
  EXPECT_EQ(last->token_count, 10'000);
  EXPECT_EQ(last->reason, "changed");
  // Storage: one row per listed entry and one document text, not six lists.
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto stored = (*conn)->Exec(
      "SELECT (SELECT count(*) FROM exclusion_list_entries), "
      "(SELECT count(document) FROM exclusion_list_versions)");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->Int(0, 0), 10'000);
  EXPECT_EQ(stored->Int(0, 1), 1);
}

// Storage grows with the changes, not with versions x list size: twenty
// reissues of a 200-token list add no entry row and leave one document text
// (the latest); a withdrawal closes one row and a new objection opens one.
// Every older version is rebuilt byte for byte as it was signed, deltas from
// old versions still work, and damaged entries are refused, never rebuilt
// into another document.
TEST_F(ExclusionPublisherTest, StorageGrowsWithTheChangesAndOldVersionsAreRebuiltAsSigned) {
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    ids.push_back(AddObjection(i % 4 == 0 ? "project:PRJ-2026-001" : "all", {Tok(i)}));
  }
  std::vector<std::string> signed_texts;  // each version's text while it was the current one
  auto publish = [&](const char* reason) {
    auto r = publisher_->RunPublishRound();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->published.has_value());
    EXPECT_EQ(r->reason, reason);
    auto doc = store_->Document(*r->published);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    Verified(*doc);
    signed_texts.push_back(*doc);
  };
  publish("initial");
  for (int i = 0; i < 20; ++i) {
    clock_.Advance(std::chrono::hours(13));
    publish("reissued");
  }
  auto count = [&](const std::string& sql) {
    auto conn = pool_->Acquire();
    auto r = (*conn)->Exec(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->Int(0, 0) : -1;
  };
  EXPECT_EQ(count("SELECT count(*) FROM exclusion_list_entries"), 200);
  EXPECT_EQ(count("SELECT count(document) FROM exclusion_list_versions"), 1);

  Withdraw(ids[3]);
  AddObjection("all", {Tok(1000)});
  clock_.Advance(std::chrono::minutes(1));
  publish("changed");             // version 22
  AddObjection("all", {Tok(3)});  // the withdrawn person objects again
  clock_.Advance(std::chrono::minutes(1));
  publish("changed");  // version 23
  ASSERT_EQ(signed_texts.size(), 23u);
  EXPECT_EQ(count("SELECT count(*) FROM exclusion_list_entries"), 202);
  EXPECT_EQ(count("SELECT count(*) FROM exclusion_list_entries WHERE removed_in = 22"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM exclusion_list_versions"), 23);
  EXPECT_EQ(count("SELECT count(document) FROM exclusion_list_versions"), 1);
  EXPECT_LT(count("SELECT sum(octet_length(document)) FROM exclusion_list_versions"),
            static_cast<int64_t>(signed_texts.back().size()) + 1);

  for (size_t v = 1; v <= signed_texts.size(); ++v) {
    auto doc = store_->Document(static_cast<int64_t>(v));
    ASSERT_TRUE(doc.ok()) << v << ": " << doc.status().ToString();
    EXPECT_EQ(*doc, signed_texts[v - 1]) << "version " << v;
  }
  auto since_first = store_->DeltaSince(1, std::nullopt);
  ASSERT_TRUE(since_first.ok()) << since_first.status().ToString();
  ASSERT_EQ(since_first->first.added.size(), 1u);
  EXPECT_EQ(HexEncode(since_first->first.added[0].token), Tok(1000));
  EXPECT_TRUE(since_first->first.removed.empty());
  auto since_22 = store_->DeltaSince(22, std::nullopt);
  ASSERT_TRUE(since_22.ok()) << since_22.status().ToString();
  ASSERT_EQ(since_22->first.added.size(), 1u);
  EXPECT_EQ(HexEncode(since_22->first.added[0].token), Tok(3));

  // Damage: an entry of the old versions deleted by hand (as the owner).
  auto owner = db::Connection::Open(owner_);
  ASSERT_TRUE(owner.ok());
  ASSERT_TRUE(owner->Exec("DELETE FROM exclusion_list_entries WHERE token = $1", {Tok(7)}).ok());
  auto damaged = store_->Document(5);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), Code::kDataLoss);
  EXPECT_EQ(ProblemOf(damaged.status()), ListProblem::kCountMismatch);
  // The current version keeps its text: still served.
  auto current = store_->Document(23);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(*current, signed_texts.back());
}

TEST_F(ExclusionPublisherTest, ReissuedBeforeExpiry) {
  ASSERT_TRUE(publisher_->RunPublishRound().ok());
  clock_.Advance(std::chrono::hours(11));
  auto r = publisher_->RunPublishRound();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->published.has_value());
  clock_.Advance(std::chrono::hours(2));  // 11 h left < 12 h
  r = publisher_->RunPublishRound();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published, 2);
  EXPECT_EQ(r->reason, "reissued");
}

TEST_F(ExclusionPublisherTest, ObjectionWithoutTokensBlocksPublication) {
  ASSERT_TRUE(publisher_->RunPublishRound().ok());
  std::string id = AddObjection("all", {}, /*with_tokens=*/false);
  auto r = publisher_->RunPublishRound();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(store_->Current()->version, 1);
  // Once the tokens are there, the change is published (the marker was kept).
  AddTokens(id, {Tok(9)});
  r = publisher_->RunPublishRound();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published, 2);
  EXPECT_EQ(r->token_count, 1);
}

TEST_F(ExclusionPublisherTest, PushRetriesWithBackoffUntilTheConsumerIsBack) {
  ASSERT_TRUE(
      store_->AddConsumer(By(), "warehouse-1", std::string("http://127.0.0.1:9/lists")).ok());
  ASSERT_TRUE(store_->AddConsumer(By(), "pull-only", std::nullopt).ok());
  EXPECT_EQ(store_->AddConsumer(By(), "warehouse-1", std::nullopt).status().code(),
            Code::kAlreadyExists);
  EXPECT_EQ(store_->AddConsumer(By(), "bad name", std::nullopt).status().code(),
            Code::kInvalidArgument);
  {
    // The entry names where the lists go: the URL's host, not the URL.
    auto conn = pool_->Acquire();
    auto r = (*conn)->Exec(
        "SELECT convert_from(leaf, 'UTF8') FROM audit_entries "
        "WHERE event_type = 'exclusion.consumer.added' ORDER BY idx");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->size(), 2);
    EXPECT_NE(r->Str(0, 0).find(R"({"name":"warehouse-1","push":true,"host":"127.0.0.1"})"),
              std::string::npos)
        << r->Str(0, 0);
    EXPECT_NE(r->Str(1, 0).find(R"({"name":"pull-only","push":false})"), std::string::npos);
  }
  ASSERT_TRUE(publisher_->RunPublishRound().ok());

  FakeTransport t;
  t.up = false;
  auto pushed = publisher_->RunDeliveryRound(t);
  ASSERT_TRUE(pushed.ok()) << pushed.status().ToString();
  EXPECT_EQ(*pushed, 0);
  EXPECT_EQ(t.calls, 1);  // the pull-only consumer is not pushed to
  // Not due again before the backoff (1 s, then 2 s).
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 0);
  EXPECT_EQ(t.calls, 1);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 0);
  EXPECT_EQ(t.calls, 2);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 0);
  EXPECT_EQ(t.calls, 2);
  auto states = store_->Consumers(clock_.Now());
  ASSERT_TRUE(states.ok());
  ASSERT_EQ(states->size(), 2u);
  EXPECT_EQ((*states)[1].name, "warehouse-1");
  EXPECT_EQ((*states)[1].last_error, "connection refused");

  // Back up: the next due round delivers the latest version.
  t.up = true;
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 1);
  ASSERT_EQ(t.received.size(), 1u);
  EXPECT_EQ(t.received[0].version, 1);
  EXPECT_EQ(t.received[0].url, "http://127.0.0.1:9/lists");
  EXPECT_EQ(t.received[0].key_id, ListPseudonymKeyId(key_));
  Verified(t.received[0].document);
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 0);  // nothing left

  // A new version is queued and pushed.
  AddObjection("all", {Tok(5)});
  ASSERT_TRUE(publisher_->RunPublishRound().ok());
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 1);
  EXPECT_EQ(t.received.back().version, 2);
}

TEST_F(ExclusionPublisherTest, AcknowledgementsAndLag) {
  ASSERT_TRUE(store_->AddConsumer(By(), "ingest-a", std::nullopt).ok());
  ASSERT_TRUE(publisher_->RunPublishRound().ok());
  AddObjection("all", {Tok(7)});
  ASSERT_TRUE(publisher_->RunPublishRound().ok());

  auto states = store_->Consumers(clock_.Now());
  ASSERT_TRUE(states.ok());
  EXPECT_EQ((*states)[0].lag_versions, 2);

  auto ack = store_->RecordAck(By(), "ingest-a", "", 2, 3);
  ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  EXPECT_FALSE(ack->repeated);
  auto again = store_->RecordAck(By(), "ingest-a", "", 2, 3);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->repeated);
  EXPECT_EQ(store_->RecordAck(By(), "ingest-a", "", 2, 4).status().code(), Code::kConflict);
  EXPECT_EQ(store_->RecordAck(By(), "ingest-a", "", 9, 0).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->RecordAck(By(), "nobody", "", 2, 0).status().code(), Code::kPermissionDenied);

  states = store_->Consumers(clock_.Now());
  ASSERT_TRUE(states.ok());
  EXPECT_EQ((*states)[0].acked_version, 2);
  EXPECT_EQ((*states)[0].purged_total, 3);
  EXPECT_EQ((*states)[0].lag_versions, 0);
}

// A consumer that was down while several versions were published receives
// the latest one only when it is back: the older undelivered versions are
// superseded, never pushed (docs/exclusion-lists.md, "Consumers").
TEST_F(ExclusionPublisherTest, AConsumerBackFromDownGetsOnlyTheLatestVersion) {
  ASSERT_TRUE(store_->AddConsumer(By(), "warehouse-1", std::string("http://127.0.0.1:9/l")).ok());
  ASSERT_TRUE(publisher_->RunPublishRound().ok());  // version 1
  FakeTransport t;
  t.up = false;
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 0);
  EXPECT_EQ(t.calls, 1);
  AddObjection("all", {Tok(21)});
  ASSERT_EQ(publisher_->RunPublishRound()->published, 2);
  AddObjection("all", {Tok(22)});
  ASSERT_EQ(publisher_->RunPublishRound()->published, 3);

  t.up = true;
  clock_.Advance(std::chrono::seconds(10));  // past every backoff
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 1);
  ASSERT_EQ(t.received.size(), 1u);
  EXPECT_EQ(t.received[0].version, 3);
  EXPECT_EQ(Verified(t.received[0].document).tokens.size(), 2u);
  clock_.Advance(std::chrono::seconds(10));
  EXPECT_EQ(*publisher_->RunDeliveryRound(t), 0);  // versions 1 and 2 are not pushed later
  EXPECT_EQ(t.received.size(), 1u);
  auto conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->Exec(
      "SELECT version, delivered_at IS NOT NULL, superseded_at IS NOT NULL "
      "FROM exclusion_deliveries ORDER BY version");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_GE(r->size(), 2);  // version 1's delivery, and the latest one's
  for (int i = 0; i < r->size(); ++i) {
    int64_t version = r->Int(i, 0);
    bool latest = version == 3;
    EXPECT_EQ(r->Bool(i, 1), latest) << "version " << version << " delivered";
    EXPECT_EQ(r->Bool(i, 2), !latest) << "version " << version << " superseded";
  }
  EXPECT_EQ(r->Int(r->size() - 1, 0), 3);
}

// An objection committed while a publication round runs (after the round
// has read the entries, before it writes its version) is not in that
// version, and is not lost: the next round publishes it.
TEST_F(ExclusionPublisherTest, AChangeCommittedDuringAPublicationIsInTheNextVersion) {
  ASSERT_TRUE(publisher_->RunPublishRound().ok());  // version 1, empty
  AddObjection("all", {Tok(31)});
  const std::string late_token = Tok(32);
  PublisherOptions o;
  bool committed = false;
  o.after_entries_read = [&] {
    if (committed) return;
    committed = true;
    // Another session (as garantd's objection handlers would), committed now.
    auto conn = db::Connection::Open(owner_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    auto r = conn->Exec(
        "WITH o AS (INSERT INTO objections (id, reference, code_hash, requester, channel, scope, "
        "received_at, effective_at, status, notice_version, traits_sealed) VALUES "
        "(gen_random_uuid(), 'OPP-9999-AAAA', decode(repeat('00', 32), 'hex'), 'patient', 'web', "
        "'all', now(), now(), 'effective', 'v1', decode(repeat('00', 28), 'hex')) RETURNING id) "
        "INSERT INTO objection_tokens (objection_id, token, key_id) SELECT id, $1, $2 FROM o",
        {late_token, publisher_->pseudonym_key_id()});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  };
  PublisherKeys keys;
  keys.signing = seed_;
  keys.pseudonym = key_;
  ExclusionPublisher racing(*pool_, log_, SecureRandom::Instance(), clock_, keys, o);

  auto second = racing.RunPublishRound();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->published, 2);
  ASSERT_TRUE(committed);
  EXPECT_EQ(second->token_count, 1);  // Tok(31) only: the late one came after the read

  auto third = racing.RunPublishRound();
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  ASSERT_EQ(third->published, 3) << "the change committed during version 2 was lost";
  EXPECT_EQ(third->reason, "changed");
  auto current = store_->CurrentDocument();
  ASSERT_TRUE(current.ok());
  ExclusionList list = Verified(current->second);
  ASSERT_EQ(list.tokens.size(), 2u);
  auto delta = store_->DeltaSince(2);
  ASSERT_TRUE(delta.ok());
  ASSERT_EQ(delta->first.added.size(), 1u);
  EXPECT_EQ(HexEncode(delta->first.added[0].token), late_token);
  EXPECT_FALSE(racing.RunPublishRound()->published.has_value());  // nothing left pending
}

}  // namespace
}  // namespace garant::consent
