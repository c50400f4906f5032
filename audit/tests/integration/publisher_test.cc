// Checkpoint publishing against PostgreSQL: cadence, the signer state file,
// and the refusal to start on a rolled-back or inconsistent database.
#include <filesystem>
#include <fstream>

#include "audit_db_fixture.h"

namespace garant::audit {
namespace {

using testing::FlipByte;
using testing::MakeEvent;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/garant-audit-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(FileSignerStateStore, PersistsAndRejectsGarbage) {
  TempDir dir;
  FileSignerStateStore store(dir.path() / "signer-state");
  EXPECT_FALSE(store.Load()->has_value());
  TreeHead head{42, LeafHash(AsBytes("x"))};
  ASSERT_TRUE(store.Save(head).ok());
  FileSignerStateStore again(dir.path() / "signer-state");
  EXPECT_EQ(**again.Load(), head);
  std::ofstream(dir.path() / "signer-state") << "garant-audit-signer-state-v1\n42\nAAAA\n";
  EXPECT_EQ(again.Load().status().code(), Code::kDataLoss);
  std::ofstream(dir.path() / "signer-state") << "";
  EXPECT_EQ(again.Load().status().code(), Code::kDataLoss);
  FileSignerStateStore nowhere("/nonexistent-dir/state");
  EXPECT_EQ(nowhere.Save(head).code(), Code::kUnavailable);
}

class PublisherTest : public testing::AuditDbTest {
 protected:
  void SetUp() override {
    AuditDbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    state_ = std::make_unique<FileSignerStateStore>(dir_.path() / "signer-state");
    Restart();
  }
  // A new signer over the same state file, as after a garantd restart.
  void Restart() {
    publisher_.reset();
    Result<std::unique_ptr<CheckpointSigner>> s =
        CheckpointSigner::Create(std::string(testing::kOrigin), testing::LogSigner(), state_.get());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    file_signer_ = std::move(*s);
    publisher_ = std::make_unique<CheckpointPublisher>(*pool_, log_, *file_signer_, clock_,
                                                       SecureRandom::Instance(),
                                                       CheckpointPublisher::Options{});
  }
  TempDir dir_;
  std::unique_ptr<FileSignerStateStore> state_;
  std::unique_ptr<CheckpointSigner> file_signer_;
  std::unique_ptr<CheckpointPublisher> publisher_;
};

TEST_F(PublisherTest, SignsAtMostOncePerIntervalWhileGrowing) {
  Result<std::optional<std::string>> first = publisher_->PublishOnce();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(first->has_value());  // the empty tree
  AppendRange(0, 10);
  EXPECT_FALSE(publisher_->PublishOnce()->has_value()) << "within the interval";
  clock_.Advance(std::chrono::milliseconds(999));
  EXPECT_FALSE(publisher_->PublishOnce()->has_value());
  clock_.Advance(std::chrono::milliseconds(1));
  Result<std::optional<std::string>> second = publisher_->PublishOnce();
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(second->has_value());
  std::vector<NoteVerifier> v = {testing::LogSigner().Verifier()};
  EXPECT_EQ(OpenCheckpoint(**second, testing::kOrigin, v)->checkpoint.head.size, 10u);
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_FALSE(publisher_->PublishOnce()->has_value()) << "not growing";
  EXPECT_EQ(**state_->Load(), *Head());
  Result<db::PooledConnection> conn = pool_->Acquire();
  EXPECT_EQ(**LatestCheckpointNote(**conn), **second);
}

TEST_F(PublisherTest, BackgroundLoopPublishes) {
  publisher_ = std::make_unique<CheckpointPublisher>(
      *pool_, log_, *file_signer_, SystemClock::Instance(), SecureRandom::Instance(),
      CheckpointPublisher::Options{std::chrono::milliseconds(200), std::chrono::milliseconds(10)});
  publisher_->Start();
  AppendRange(0, 50);
  Result<db::PooledConnection> conn = pool_->Acquire();
  ASSERT_TRUE(conn.ok());
  for (int i = 0; i < 300; ++i) {
    Result<std::optional<uint64_t>> size = LatestCheckpointSize(**conn);
    if (size.ok() && *size == std::optional<uint64_t>(50)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(*LatestCheckpointSize(**conn), std::optional<uint64_t>(50));
  publisher_->Stop();
  EXPECT_TRUE(publisher_->last_error().ok()) << publisher_->last_error().ToString();
}

TEST_F(PublisherTest, RefusesARolledBackDatabaseUnlessForced) {
  AppendRange(0, 600);
  ASSERT_TRUE(publisher_->PublishOnce()->has_value());
  // A backup of 550 entries is restored (with its own checkpoints and state).
  std::vector<Digest> leaves;
  for (uint64_t n = 0; n < 550; ++n) {
    leaves.push_back(LeafHash(testing::MakeLeaf(n)));
  }
  LeafHashesReader reader(leaves);
  Tamper(
      "DELETE FROM audit_entries WHERE idx >= 550;\n"
      "DELETE FROM audit_checkpoints WHERE size > 550;\n"
      "UPDATE audit_tree_state SET size = 550, root = decode('" +
      HexEncode(*TreeHash(550, reader)) +
      "', 'hex'), chain = (SELECT chain FROM audit_entries WHERE idx = 549);");
  Restart();
  Result<CheckpointPublisher::StartupReport> refused = publisher_->CheckStartup();
  EXPECT_EQ(refused.status().code(), Code::kFailedPrecondition) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("550"), std::string::npos);
  EXPECT_NE(refused.status().message().find("600"), std::string::npos);
  // Appending and publishing is refused as well.
  AppendRange(600, 700);
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(publisher_->PublishOnce().status().code(), Code::kDataLoss);

  Result<CheckpointPublisher::StartupReport> forced =
      publisher_->CheckStartup(std::string("restored the 2026-11-27 backup after a disk failure"));
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_TRUE(forced->forced);
  ASSERT_TRUE(forced->forced_event_index.has_value());
  EXPECT_EQ(*forced->forced_event_index, 650u);
  Result<db::PooledConnection> conn = pool_->Acquire();
  Result<Event> logged = DecodeLeaf(*ReadLeaf(**conn, 650));
  ASSERT_TRUE(logged.ok());
  EXPECT_EQ(logged->type, "audit.rollback.forced");
  EXPECT_NE(logged->payload.find("disk failure"), std::string::npos);
  EXPECT_EQ(**state_->Load(), *Head());
  // From now on it is a normal log again.
  Result<VerifyReport> r = VerifyDb();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->Summary();
  Restart();
  EXPECT_TRUE(publisher_->CheckStartup().ok());
}

TEST_F(PublisherTest, RefusesAnInconsistentDatabase) {
  AppendRange(0, 100);
  ASSERT_TRUE(publisher_->PublishOnce()->has_value());
  Tamper(FlipByte("leaf_hash", 0, "idx = 10"));
  Restart();
  // Same-size tree, other content: the stored tiles no longer give the root.
  EXPECT_FALSE(publisher_->CheckStartup().ok());
}

}  // namespace
}  // namespace garant::audit
