// C2SP tlog-checkpoint, the consistency-checking signer, and tlog-proof.
#include "garant/audit/checkpoint.h"

#include <string>
#include <vector>

#include "audit_test_util.h"
#include "garant/audit/tlog_proof.h"
#include "gtest/gtest.h"

namespace garant::audit {
namespace {

using testing::kOrigin;

TEST(Checkpoint, FormatAndParse) {
  Checkpoint c{"example.com/behind-the-sofa", {20852163, {}}, {}};
  Result<Digest> root = DigestFromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  ASSERT_TRUE(root.ok());
  c.head.root = *root;
  const std::string text =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  EXPECT_EQ(*FormatCheckpoint(c), text);
  EXPECT_EQ(*ParseCheckpoint(text), c);
  Result<Checkpoint> ext = ParseCheckpoint(text + "ext one\n");
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(ext->extensions, std::vector<std::string>{"ext one"});
  EXPECT_EQ(*FormatCheckpoint(*ext), text + "ext one\n");
  EXPECT_EQ(ParseCheckpoint("o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")->head,
            (TreeHead{0, EmptyTreeHash()}));
  for (const char* bad : {
           "",
           "o\n1\n",
           "o\n1\nAAAA\n",
           "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
           "o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
           "o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
           "o\n1 \nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
           "o\n9223372036854775808\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
           "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
           "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
           "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
       }) {
    EXPECT_FALSE(ParseCheckpoint(bad).ok()) << bad;
  }
  EXPECT_FALSE(FormatCheckpoint(Checkpoint{"", {}, {}}).ok());
  EXPECT_FALSE(FormatCheckpoint(Checkpoint{"a\nb", {}, {}}).ok());
}

TEST(Checkpoint, OpenChecksSignatureAndOrigin) {
  testing::MemoryLog log;
  log.AppendEvents(0, 10);
  const NoteSigner signer = testing::LogSigner();
  const std::string note = log.Publish(signer);
  const std::vector<NoteVerifier> v = {signer.Verifier()};
  Result<SignedCheckpoint> c = OpenCheckpoint(note, kOrigin, v);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->checkpoint.head, log.Head());
  EXPECT_EQ(c->note, note);
  EXPECT_EQ(OpenCheckpoint(note, "other.example/log", v).status().code(),
            Code::kFailedPrecondition);
  const std::vector<NoteVerifier> other = {testing::LogSigner(8).Verifier()};
  EXPECT_EQ(OpenCheckpoint(note, kOrigin, other).status().code(), Code::kUnauthenticated);
}

class SignerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<CheckpointSigner>> s =
        CheckpointSigner::Create(std::string(kOrigin), testing::LogSigner(), &store_);
    ASSERT_TRUE(s.ok());
    signer_ = std::move(*s);
  }
  Result<std::string> SignLog(testing::MemoryLog& log) {
    TileHashReader reader(log.Head().size, log);
    return signer_->SignFrom(log.Head(), reader);
  }
  MemorySignerStateStore store_;
  std::unique_ptr<CheckpointSigner> signer_;
};

TEST_F(SignerTest, SignsGrowingConsistentTrees) {
  testing::MemoryLog log;
  EXPECT_FALSE(signer_->last_signed().has_value());
  for (uint64_t n : {0, 1, 2, 7, 256, 300, 300, 1000}) {
    log.AppendEvents(log.rows.size(), n);
    Result<std::string> note = SignLog(log);
    ASSERT_TRUE(note.ok()) << n << ": " << note.status().ToString();
    const std::vector<NoteVerifier> v = {signer_->Verifier()};
    Result<SignedCheckpoint> c = OpenCheckpoint(*note, kOrigin, v);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->checkpoint.head, log.Head());
    EXPECT_EQ(signer_->last_signed(), log.Head());
    EXPECT_EQ(*store_.Load(), log.Head());
  }
}

TEST_F(SignerTest, RefusesRollbackForkAndBadProofs) {
  testing::MemoryLog log;
  log.AppendEvents(0, 100);
  ASSERT_TRUE(SignLog(log).ok());
  const TreeHead signed_head = log.Head();

  // A smaller tree (a restored backup).
  testing::MemoryLog smaller;
  smaller.AppendEvents(0, 90);
  EXPECT_EQ(SignLog(smaller).status().code(), Code::kFailedPrecondition);

  // Same size, other content.
  testing::MemoryLog forked;
  forked.AppendEvents(1, 101);
  EXPECT_EQ(SignLog(forked).status().code(), Code::kDataLoss);

  // A longer tree that rewrote history.
  testing::MemoryLog rewritten;
  rewritten.AppendEvents(0, 50);
  rewritten.Append(testing::MakeLeaf(5000));
  rewritten.AppendEvents(51, 120);
  EXPECT_EQ(SignLog(rewritten).status().code(), Code::kDataLoss);

  // A correct tree with a wrong proof.
  log.AppendEvents(100, 130);
  TileHashReader reader(130, log);
  std::vector<Digest> proof = *ProveTree(130, 100, reader);
  proof[0][0] ^= 1;
  EXPECT_EQ(signer_->Sign(log.Head(), proof).status().code(), Code::kDataLoss);
  EXPECT_EQ(signer_->last_signed(), signed_head);
  EXPECT_EQ(*store_.Load(), signed_head);
  // And the right one.
  EXPECT_TRUE(SignLog(log).ok());
}

TEST_F(SignerTest, RemembersAcrossRestarts) {
  testing::MemoryLog log;
  log.AppendEvents(0, 40);
  ASSERT_TRUE(SignLog(log).ok());
  // A new signer over the same store refuses what the first one would.
  Result<std::unique_ptr<CheckpointSigner>> again =
      CheckpointSigner::Create(std::string(kOrigin), testing::LogSigner(), &store_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->last_signed(), log.Head());
  testing::MemoryLog smaller;
  smaller.AppendEvents(0, 39);
  TileHashReader reader(39, smaller);
  EXPECT_EQ((*again)->SignFrom(smaller.Head(), reader).status().code(), Code::kFailedPrecondition);
}

class FailingStore final : public SignerStateStore {
 public:
  Result<std::optional<TreeHead>> Load() override { return std::optional<TreeHead>(); }
  Status Save(const TreeHead&) override { return Status::Unavailable("disk full"); }
};

TEST(Signer, ReleasesNothingWhenTheStateCannotBeSaved) {
  FailingStore store;
  auto signer = CheckpointSigner::Create(std::string(kOrigin), testing::LogSigner(), &store);
  ASSERT_TRUE(signer.ok());
  testing::MemoryLog log;
  log.AppendEvents(0, 3);
  EXPECT_EQ((*signer)->Sign(log.Head(), {}).status().code(), Code::kUnavailable);
  EXPECT_FALSE((*signer)->last_signed().has_value());
}

TEST(TlogProof, BuildFormatParseVerify) {
  testing::MemoryLog log;
  log.AppendEvents(0, 1000);
  const NoteSigner signer = testing::LogSigner();
  const std::string note = log.Publish(signer);
  const std::vector<NoteVerifier> v = {signer.Verifier()};
  for (uint64_t index : {0, 1, 255, 256, 511, 999}) {
    TileHashReader reader(1000, log);
    Result<TlogProof> proof = BuildTlogProof(index, note, reader);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    const std::string text = FormatTlogProof(*proof);
    EXPECT_TRUE(text.starts_with("c2sp.org/tlog-proof@v1\nindex " + std::to_string(index) + "\n"));
    EXPECT_TRUE(text.ends_with("\n\n" + note));
    EXPECT_LE(text.size(), 2048u);
    Result<TlogProof> parsed = ParseTlogProof(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(*parsed, *proof);
    const Digest leaf_hash = *log.rows[index]->leaf_hash;
    Result<Checkpoint> c = VerifyTlogProof(*parsed, leaf_hash, kOrigin, v);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(c->head.size, 1000u);
    // Another entry does not verify; nor does another index.
    EXPECT_EQ(VerifyTlogProof(*parsed, *log.rows[(index + 1) % 1000]->leaf_hash, kOrigin, v)
                  .status()
                  .code(),
              Code::kDataLoss);
    TlogProof moved = *parsed;
    moved.index = (index + 1) % 1000;
    EXPECT_FALSE(VerifyTlogProof(moved, leaf_hash, kOrigin, v).ok());
  }
  // With extra data.
  TileHashReader reader(1000, log);
  Result<TlogProof> with_extra = BuildTlogProof(7, note, reader, Bytes{'h', 'i'});
  ASSERT_TRUE(with_extra.ok());
  const std::string text = FormatTlogProof(*with_extra);
  EXPECT_TRUE(text.starts_with("c2sp.org/tlog-proof@v1\nextra aGk=\nindex 7\n"));
  EXPECT_EQ(*ParseTlogProof(text), *with_extra);
  EXPECT_FALSE(BuildTlogProof(1000, note, reader).ok());
}

TEST(TlogProof, ParseRejects) {
  const std::string h = "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=";
  const std::string cp = "o\n1\n" + h + "\n\n\xE2\x80\x94 o AAAAAAA=\n";
  EXPECT_TRUE(ParseTlogProof("c2sp.org/tlog-proof@v1\nindex 0\n\n" + cp).ok());
  EXPECT_TRUE(ParseTlogProof("c2sp.org/tlog-proof@v1\nindex 3\n" + h + "\n\n" + cp).ok());
  for (const std::string& bad : std::vector<std::string>{
           "",
           "c2sp.org/tlog-proof@v2\nindex 0\n\n" + cp,
           "c2sp.org/tlog-proof@v1\nindex 01\n\n" + cp,
           "c2sp.org/tlog-proof@v1\nindex -1\n\n" + cp,
           "c2sp.org/tlog-proof@v1\nindex \n\n" + cp,
           "c2sp.org/tlog-proof@v1\n\n" + cp,
           "c2sp.org/tlog-proof@v1\nextra !\nindex 0\n\n" + cp,
           "c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\n" + cp,
           "c2sp.org/tlog-proof@v1\nindex 0\n" + h,
           "c2sp.org/tlog-proof@v1\nindex 0\n" + h + "\n\n",
       }) {
    EXPECT_FALSE(ParseTlogProof(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace garant::audit
