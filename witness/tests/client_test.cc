#include "garant/witness/client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "garant/audit/merkle.h"
#include "garant/witness/http_server.h"
#include "garant/witness/witness.h"

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

// A log of n leaves; another tag is another history under the same key.
struct Log {
  explicit Log(uint64_t n, char tag = 'a')
      : signer(*audit::NoteSigner::Ed25519(std::string(kOrigin), Seed(1))) {
    for (uint64_t i = 0; i < n; ++i) {
      leaves.push_back(audit::LeafHash(AsBytes(std::string(1, tag) + std::to_string(i))));
    }
  }
  TreeHead Head(uint64_t size) {
    audit::LeafHashesReader r({leaves.begin(), leaves.begin() + static_cast<long>(size)});
    return {size, *audit::TreeHash(size, r)};
  }
  std::string Note(uint64_t size) {
    const audit::NoteSigner s[] = {signer};
    return *audit::SignNote(*audit::FormatCheckpoint({std::string(kOrigin), Head(size), {}}), s);
  }
  Prover Prove(uint64_t size) {
    return [this, size](uint64_t old) -> Result<std::vector<Digest>> {
      audit::LeafHashesReader r({leaves.begin(), leaves.begin() + static_cast<long>(size)});
      return audit::ProveTree(size, old, r);
    };
  }
  CosignOutcome Ask(WitnessClient& c, uint64_t size) {
    return c.Cosign(Note(size), Head(size), Prove(size));
  }
  std::vector<Digest> leaves;
  audit::NoteSigner signer;
};

class ClientTest : public ::testing::Test {
 protected:
  ClientTest()
      : clock_(TimePoint(std::chrono::seconds(1'800'000'000))),
        signer_(*CosignatureSigner::Create("witness.test/w1", Seed(9))),
        witness_(signer_, {{std::string(kOrigin), {log_.signer.Verifier()}}}, store_, clock_) {}

  // The witness in process, as a transport.
  Transport InProcess() {
    return [this](const std::string& body) -> Result<WitnessResponse> {
      ++requests_;
      Outcome o = witness_.AddCheckpoint(body);
      return WitnessResponse{HttpStatus(o.verdict), o.content_type, o.body};
    };
  }
  WitnessClient Client() { return WitnessClient(signer_.Verifier(), InProcess()); }

  ManualClock clock_;
  CosignatureSigner signer_;
  MemoryWitnessStateStore store_;
  Log log_{30};
  Witness witness_;
  int requests_ = 0;
};

TEST_F(ClientTest, CosignsAndFollowsTheLog) {
  WitnessClient c = Client();
  CosignOutcome first = log_.Ask(c, 4);
  ASSERT_EQ(first.kind, CosignOutcome::Kind::kCosigned) << first.detail;
  EXPECT_EQ(first.timestamp, 1'800'000'000u);
  EXPECT_TRUE(first.line.starts_with("\xE2\x80\x94 witness.test/w1 "));
  EXPECT_EQ(first.line.find('\n'), std::string::npos);
  EXPECT_EQ(c.known_size(), 4u);
  // The line verifies as a cosignature of the note.
  const CosignatureVerifier v[] = {signer_.Verifier()};
  EXPECT_EQ(VerifyCosignatures(log_.Note(4) + first.line + "\n", v)->size(), 1u);
  requests_ = 0;
  EXPECT_EQ(log_.Ask(c, 9).kind, CosignOutcome::Kind::kCosigned);
  EXPECT_EQ(log_.Ask(c, 9).kind, CosignOutcome::Kind::kCosigned);
  EXPECT_EQ(requests_, 2);  // one request each: the client knew the witness's size
}

TEST_F(ClientTest, LearnsTheWitnessSizeFromA409) {
  WitnessClient earlier = Client();
  ASSERT_EQ(log_.Ask(earlier, 6).kind, CosignOutcome::Kind::kCosigned);
  WitnessClient fresh = Client();  // a restarted garantd knows nothing
  requests_ = 0;
  CosignOutcome o = log_.Ask(fresh, 10);
  ASSERT_EQ(o.kind, CosignOutcome::Kind::kCosigned) << o.detail;
  EXPECT_EQ(requests_, 2);
  EXPECT_EQ(fresh.known_size(), 10u);
}

TEST_F(ClientTest, AForkIsRefused) {
  WitnessClient c = Client();
  ASSERT_EQ(log_.Ask(c, 8).kind, CosignOutcome::Kind::kCosigned);
  // A restored log that went another way: same key, other entries after 5.
  Log fork(30, 'b');
  WitnessClient restored = Client();
  CosignOutcome bigger = fork.Ask(restored, 12);
  EXPECT_EQ(bigger.kind, CosignOutcome::Kind::kRefused);
  EXPECT_EQ(bigger.http_status, 422);
  EXPECT_EQ(bigger.witness_size, std::nullopt);
  // Same size as the witness's, another root: 409 without a size to learn.
  CosignOutcome same = fork.Ask(restored, 8);
  EXPECT_EQ(same.kind, CosignOutcome::Kind::kRefused);
  EXPECT_EQ(same.http_status, 409);
  // Smaller than what the witness saw (a rollback): refused, the witness's size named.
  WitnessClient rolled = Client();
  CosignOutcome smaller = log_.Ask(rolled, 5);
  EXPECT_EQ(smaller.kind, CosignOutcome::Kind::kRefused);
  EXPECT_EQ(smaller.witness_size, 8u);
  EXPECT_EQ(*store_.Load(std::string(kOrigin)), log_.Head(8));
}

TEST_F(ClientTest, UnknownLogIsRejectedAndBadAnswersAreUnreachable) {
  const CosignatureSigner other = *CosignatureSigner::Create("witness.test/w2", Seed(10));
  MemoryWitnessStateStore store;
  Witness stranger(other, {{"other.test/log", {log_.signer.Verifier()}}}, store, clock_);
  WitnessClient c(other.Verifier(), [&](const std::string& body) -> Result<WitnessResponse> {
    Outcome o = stranger.AddCheckpoint(body);
    return WitnessResponse{HttpStatus(o.verdict), o.content_type, o.body};
  });
  CosignOutcome o = log_.Ask(c, 3);
  EXPECT_EQ(o.kind, CosignOutcome::Kind::kRejected);
  EXPECT_EQ(o.http_status, 404);

  // A witness whose answer is not its cosignature (another key signed it).
  WitnessClient impostor(other.Verifier(), InProcess());
  EXPECT_EQ(log_.Ask(impostor, 3).kind, CosignOutcome::Kind::kUnreachable);
  // Down, or a server error.
  WitnessClient down(signer_.Verifier(), [](const std::string&) -> Result<WitnessResponse> {
    return Status::Unavailable("connection refused");
  });
  EXPECT_EQ(log_.Ask(down, 3).kind, CosignOutcome::Kind::kUnreachable);
  WitnessClient broken(signer_.Verifier(), [](const std::string&) -> Result<WitnessResponse> {
    return WitnessResponse{500, "text/plain", "oops"};
  });
  EXPECT_EQ(log_.Ask(broken, 3).kind, CosignOutcome::Kind::kUnreachable);
}

// A store whose Load takes a while and counts the calls still running.
class SlowStore final : public WitnessStateStore {
 public:
  Result<std::optional<audit::TreeHead>> Load(const std::string& origin) override {
    ++running;
    ++started;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto head = inner.Load(origin);
    --running;
    return head;
  }
  Status Save(const std::string& origin, const audit::TreeHead& head) override {
    return inner.Save(origin, head);
  }
  MemoryWitnessStateStore inner;
  std::atomic<int> running{0};
  std::atomic<int> started{0};
};

// Stop returns only once the requests already running are done: then the
// witness (and its store) may be destroyed, as `garant witness serve` does
// on SIGTERM while a log is sending it a checkpoint. It used to return at
// once, the request's thread still inside the witness.
TEST(WitnessHttpServer, StopWaitsForTheRequestsRunning) {
  ManualClock clock(TimePoint(std::chrono::seconds(1'800'000'000)));
  CosignatureSigner signer = *CosignatureSigner::Create("witness.test/w1", Seed(9));
  Log log(8);
  SlowStore store;
  Witness witness(signer, {{std::string(kOrigin), {log.signer.Verifier()}}}, store, clock);
  auto server = HttpServer::Start({.bind = "127.0.0.1", .port = 0, .threads = 4}, witness);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  auto transport = HttpTransport("http://127.0.0.1:" + std::to_string((*server)->port()),
                                 std::chrono::seconds(5));
  ASSERT_TRUE(transport.ok());
  WitnessClient client(signer.Verifier(), *transport);
  std::thread sender([&] { log.Ask(client, 8); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store.started == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const int reached = store.started;
  (*server)->Stop();
  const int running_after_stop = store.running;
  // Joined before any assertion: a failed ASSERT with the sender still
  // joinable would terminate the whole test binary.
  sender.join();
  ASSERT_EQ(reached, 1) << "the request never reached the witness";
  EXPECT_EQ(running_after_stop, 0) << "a request still runs inside the witness after Stop";
  (*server)->Stop();  // a second call does nothing
}

TEST(HttpTransport, RejectsUrlsItCannotUse) {
  for (const char* bad : {"", "ftp://w.example", "https://w.example", "http://", "http://w?x=1"}) {
    EXPECT_FALSE(HttpTransport(bad, std::chrono::seconds(1)).ok()) << bad;
  }
  EXPECT_TRUE(HttpTransport("http://127.0.0.1:8765/prefix/", std::chrono::seconds(1)).ok());
}

}  // namespace
}  // namespace garant::witness
