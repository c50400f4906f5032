#include "garant/witness/witness.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "garant/audit/merkle.h"
#include "garant/core/clock.h"

namespace garant::witness {
namespace {

using audit::Digest;
using audit::TreeHead;

crypto::Ed25519Seed Seed(uint8_t b) {
  crypto::Ed25519Seed s;
  s.fill(b);
  return s;
}

constexpr std::string_view kOrigin = "example.test/log";

// A log of `n` leaves named by `tag` (another tag: another history, a fork).
struct TestLog {
  explicit TestLog(uint64_t n, char tag = 'a', uint8_t seed = 1)
      : signer(*audit::NoteSigner::Ed25519(std::string(kOrigin), Seed(seed))) {
    for (uint64_t i = 0; i < n; ++i) {
      leaves.push_back(audit::LeafHash(AsBytes(std::string(1, tag) + std::to_string(i))));
    }
  }
  TreeHead Head(uint64_t size) {
    audit::LeafHashesReader r({leaves.begin(), leaves.begin() + static_cast<long>(size)});
    return {size, *audit::TreeHash(size, r)};
  }
  std::string Note(uint64_t size) {
    const std::string text = *audit::FormatCheckpoint({std::string(kOrigin), Head(size), {}});
    const audit::NoteSigner signers[] = {signer};
    return *audit::SignNote(text, signers);
  }
  std::vector<Digest> Proof(uint64_t size, uint64_t old) {
    audit::LeafHashesReader r({leaves.begin(), leaves.begin() + static_cast<long>(size)});
    return *audit::ProveTree(size, old, r);
  }
  std::string Body(uint64_t old, uint64_t size) {
    return FormatAddCheckpoint(
        {old, old == 0 ? std::vector<Digest>{} : Proof(size, old), Note(size)});
  }
  std::vector<Digest> leaves;
  audit::NoteSigner signer;
};

class WitnessTest : public ::testing::Test {
 protected:
  WitnessTest()
      : clock_(TimePoint(std::chrono::seconds(1'800'000'000))),
        signer_(*CosignatureSigner::Create("witness.test/w1", Seed(9))) {}

  Witness Make() {
    WitnessedLog log{std::string(kOrigin), {log_.signer.Verifier()}};
    return Witness(signer_, {log}, store_, clock_,
                   [this](const std::string& origin, Verdict v, std::string_view) {
                     evidence_.push_back(origin + ":" + std::string(VerdictName(v)));
                   });
  }
  std::optional<TreeHead> State() { return *store_.Load(std::string(kOrigin)); }

  ManualClock clock_;
  CosignatureSigner signer_;
  MemoryWitnessStateStore store_;
  TestLog log_{20};
  std::vector<std::string> evidence_;
};

TEST(AddCheckpointRequest, ParsesAndFormats) {
  TestLog log(8);
  const AddCheckpointRequest r{5, log.Proof(8, 5), log.Note(8)};
  const std::string body = FormatAddCheckpoint(r);
  EXPECT_TRUE(body.starts_with("old 5\n"));
  Result<AddCheckpointRequest> back = ParseAddCheckpoint(body);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, r);
  Result<AddCheckpointRequest> zero = ParseAddCheckpoint("old 0\n\n" + log.Note(8));
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->proof.empty());
}

TEST(AddCheckpointRequest, RejectsMalformedBodies) {
  TestLog log(8);
  const std::string note = log.Note(8);
  const std::string h = Base64Encode(log.leaves[0]);
  std::string many = "old 1\n";
  for (int i = 0; i < 64; ++i) many += h + "\n";
  for (const std::string& bad : std::vector<std::string>{
           "", "old 1", "old 01\n\n" + note, "old -1\n\n" + note, "old x\n\n" + note,
           "old  1\n\n" + note, "new 1\n\n" + note, "old 1\n" + h + "\n", "old 1\n" + h + "\n\n",
           "old 1\nnot-base64\n\n" + note, "old 1\n" + h.substr(4) + "\n\n" + note,
           "old 1\n" + h + " \n\n" + note, many + "\n" + note,
           "old 99999999999999999999\n\n" + note}) {
    Result<AddCheckpointRequest> r = ParseAddCheckpoint(bad);
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << bad;
  }
  std::string huge = "old 0\n\n" + std::string(kMaxRequestBody, 'x');
  EXPECT_EQ(ParseAddCheckpoint(huge).status().code(), Code::kTooLarge);
}

TEST(LogFlag, Parses) {
  TestLog log(1);
  Result<WitnessedLog> l =
      ParseLogFlag(std::string(kOrigin) + "=" + log.signer.Verifier().KeyString());
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(l->origin, kOrigin);
  ASSERT_EQ(l->keys.size(), 1u);
  EXPECT_FALSE(ParseLogFlag(log.signer.Verifier().KeyString()).ok());  // no '=' before the key
  EXPECT_FALSE(ParseLogFlag("=" + log.signer.Verifier().KeyString()).ok());
  EXPECT_FALSE(ParseLogFlag("origin=nonsense").ok());
}

TEST_F(WitnessTest, CosignsAGrowingLogAndRemembersIt) {
  Witness w = Make();
  Outcome first = w.AddCheckpoint(log_.Body(0, 5));
  ASSERT_EQ(first.verdict, Verdict::kCosigned) << first.body;
  EXPECT_EQ(HttpStatus(first.verdict), 200);
  EXPECT_EQ(State(), log_.Head(5));
  // The answer is one note signature line, a cosignature of the checkpoint text.
  const std::string cosigned = log_.Note(5) + first.body;
  const CosignatureVerifier verifiers[] = {signer_.Verifier()};
  Result<std::vector<VerifiedCosignature>> v = VerifyCosignatures(cosigned, verifiers);
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0].timestamp, 1'800'000'000u);

  clock_.Advance(std::chrono::seconds(3));
  Outcome second = w.AddCheckpoint(log_.Body(5, 13));
  ASSERT_EQ(second.verdict, Verdict::kCosigned) << second.body;
  EXPECT_EQ(State(), log_.Head(13));
  // The same checkpoint again: cosigned again, later.
  Outcome again = w.AddCheckpoint(log_.Body(13, 13));
  ASSERT_EQ(again.verdict, Verdict::kCosigned) << again.body;
  EXPECT_TRUE(evidence_.empty());
}

TEST_F(WitnessTest, OldSizeMismatchIs409WithTheCurrentSize) {
  Witness w = Make();
  ASSERT_EQ(w.AddCheckpoint(log_.Body(0, 7)).verdict, Verdict::kCosigned);
  for (uint64_t old : {0, 3, 8}) {
    Outcome o = w.AddCheckpoint(log_.Body(old, 12));
    EXPECT_EQ(o.verdict, Verdict::kSizeMismatch) << old;
    EXPECT_EQ(HttpStatus(o.verdict), 409);
    EXPECT_EQ(o.body, "7\n");
    EXPECT_EQ(o.content_type, "text/x.tlog.size");
  }
  EXPECT_EQ(State(), log_.Head(7));
  // A checkpoint smaller than what the witness saw (a rollback).
  Outcome back = w.AddCheckpoint(log_.Body(0, 4));
  EXPECT_EQ(back.verdict, Verdict::kSizeMismatch);
  EXPECT_EQ(State(), log_.Head(7));
}

TEST_F(WitnessTest, ForksAreRefusedAndChangeNothing) {
  Witness w = Make();
  ASSERT_EQ(w.AddCheckpoint(log_.Body(0, 8)).verdict, Verdict::kCosigned);
  TestLog fork(20, 'b');  // same origin and key, another history
  // Same size, another root: 409.
  Outcome same = w.AddCheckpoint(FormatAddCheckpoint({8, {}, fork.Note(8)}));
  EXPECT_EQ(same.verdict, Verdict::kRootMismatch);
  EXPECT_EQ(HttpStatus(same.verdict), 409);
  // Larger, with the fork's own (valid for the fork) proof: 422.
  Outcome bigger = w.AddCheckpoint(FormatAddCheckpoint({8, fork.Proof(12, 8), fork.Note(12)}));
  EXPECT_EQ(bigger.verdict, Verdict::kBadProof);
  EXPECT_EQ(HttpStatus(bigger.verdict), 422);
  // The honest checkpoint with no proof, a truncated proof, a proof for
  // another size, a proof from size 0: 422.
  std::vector<Digest> p = log_.Proof(12, 8);
  EXPECT_EQ(w.AddCheckpoint(FormatAddCheckpoint({8, {}, log_.Note(12)})).verdict,
            Verdict::kBadProof);
  EXPECT_EQ(
      w.AddCheckpoint(FormatAddCheckpoint({8, {p.begin(), p.end() - 1}, log_.Note(12)})).verdict,
      Verdict::kBadProof);
  EXPECT_EQ(w.AddCheckpoint(FormatAddCheckpoint({8, log_.Proof(13, 8), log_.Note(12)})).verdict,
            Verdict::kBadProof);
  // Equal sizes take no proof.
  EXPECT_EQ(w.AddCheckpoint(FormatAddCheckpoint({8, p, log_.Note(8)})).verdict, Verdict::kBadProof);
  EXPECT_EQ(State(), log_.Head(8));
  EXPECT_EQ(evidence_.size(), 6u);
  EXPECT_EQ(evidence_[0], std::string(kOrigin) + ":root_mismatch");
  // And the honest log still goes on.
  EXPECT_EQ(w.AddCheckpoint(log_.Body(8, 12)).verdict, Verdict::kCosigned);
}

TEST_F(WitnessTest, FirstCheckpointTakesNoProof) {
  Witness w = Make();
  Outcome o = w.AddCheckpoint(FormatAddCheckpoint({0, log_.Proof(5, 2), log_.Note(5)}));
  EXPECT_EQ(o.verdict, Verdict::kBadProof);
  EXPECT_FALSE(State().has_value());
}

TEST_F(WitnessTest, UnknownLogsAndBadSignaturesChangeNothing) {
  Witness w = Make();
  // Unknown origin: 404.
  const std::string text = "other.test/log\n1\n" + Base64Encode(log_.leaves[0]) + "\n";
  const audit::NoteSigner other = *audit::NoteSigner::Ed25519("other.test/log", Seed(5));
  const audit::NoteSigner others[] = {other};
  Outcome unknown = w.AddCheckpoint("old 0\n\n" + *audit::SignNote(text, others));
  EXPECT_EQ(unknown.verdict, Verdict::kUnknownLog);
  EXPECT_EQ(HttpStatus(unknown.verdict), 404);
  // Known origin, signed by another key of the same name: 403.
  TestLog impostor(20, 'a', 2);
  Outcome forged = w.AddCheckpoint(impostor.Body(0, 5));
  EXPECT_EQ(forged.verdict, Verdict::kBadSignature);
  EXPECT_EQ(HttpStatus(forged.verdict), 403);
  // The log's signature altered: 403.
  std::string note = log_.Note(5);
  const size_t sig = note.rfind(' ') + 10;
  note[sig] = note[sig] == 'A' ? 'B' : 'A';
  EXPECT_EQ(w.AddCheckpoint("old 0\n\n" + note).verdict, Verdict::kBadSignature);
  // Old size above the checkpoint's: 400. Malformed checkpoint: 400.
  EXPECT_EQ(w.AddCheckpoint(FormatAddCheckpoint({6, {}, log_.Note(5)})).verdict,
            Verdict::kMalformed);
  EXPECT_EQ(w.AddCheckpoint("old 0\n\nexample.test/log\n5\nnot a root\n\n— x AAAAAAA=\n").verdict,
            Verdict::kMalformed);
  EXPECT_EQ(HttpStatus(Verdict::kMalformed), 400);
  EXPECT_FALSE(State().has_value());
  EXPECT_TRUE(evidence_.empty());
}

class FailingStore final : public WitnessStateStore {
 public:
  Result<std::optional<TreeHead>> Load(const std::string&) override {
    return std::optional<TreeHead>();
  }
  Status Save(const std::string&, const TreeHead&) override {
    return Status::Unavailable("disk full");
  }
};

TEST_F(WitnessTest, NothingIsCosignedWhenTheStateCannotBeSaved) {
  FailingStore store;
  Witness w(signer_, {{std::string(kOrigin), {log_.signer.Verifier()}}}, store, clock_);
  Outcome o = w.AddCheckpoint(log_.Body(0, 5));
  EXPECT_EQ(o.verdict, Verdict::kStateUnavailable);
  EXPECT_EQ(HttpStatus(o.verdict), 500);
  EXPECT_EQ(o.body.find("\xE2\x80\x94"), std::string::npos);
}

TEST_F(WitnessTest, RacingRequestsNeverRollTheWitnessBack) {
  Witness w = Make();
  ASSERT_EQ(w.AddCheckpoint(log_.Body(0, 1)).verdict, Verdict::kCosigned);
  // Many threads each try to move the witness from 1 to their own size.
  std::vector<std::thread> threads;
  std::atomic<int> cosigned{0};
  for (uint64_t size = 2; size <= 20; ++size) {
    threads.emplace_back([&, size, body = log_.Body(1, size)] {
      if (w.AddCheckpoint(body).verdict == Verdict::kCosigned) ++cosigned;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(cosigned.load(), 1);     // the first wins; the others see a size mismatch
  EXPECT_EQ(evidence_.size(), 18u);  // each refusal recorded once, calls serialised
  ASSERT_TRUE(State().has_value());
  EXPECT_GT(State()->size, 1u);
}

TEST(FileWitnessStateStore, SavesDurablyPerOrigin) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("witness-state-" + std::to_string(::getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FileWitnessStateStore store(dir);
  EXPECT_FALSE(store.Load("a.test/log")->has_value());
  const TreeHead head{42, audit::LeafHash(AsBytes(std::string("x")))};
  ASSERT_TRUE(store.Save("a.test/log", head).ok());
  ASSERT_TRUE(store.Save("b.test/log", TreeHead{1, head.root}).ok());
  EXPECT_EQ(*store.Load("a.test/log"), head);
  EXPECT_EQ(store.Load("b.test/log")->value().size, 1u);
  // Another store over the same directory (a restart) reads the same.
  FileWitnessStateStore again(dir);
  EXPECT_EQ(*again.Load("a.test/log"), head);
  struct stat st {};
  ASSERT_EQ(::stat(store.PathFor("a.test/log").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // A file naming another origin, or malformed: kDataLoss, never a reset.
  std::filesystem::copy_file(store.PathFor("b.test/log"), store.PathFor("c.test/log"));
  EXPECT_EQ(store.Load("c.test/log").status().code(), Code::kDataLoss);
  std::ofstream(store.PathFor("a.test/log"), std::ios::trunc) << "garant-witness-state-v1\nx\n";
  EXPECT_EQ(store.Load("a.test/log").status().code(), Code::kDataLoss);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace garant::witness
