// Cross-checks garant's checkpoints, signed notes and proofs with Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (Debian: golang-go and
// golang-golang-x-mod-dev, installed by scripts/install-deps.sh). Fails when
// Go or that source is missing, unless GARANT_TEST_SKIP_GO=1 says to skip it
// on purpose (a test that silently skips is a test that cannot fail).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "audit_test_util.h"
#include "garant/audit/tlog_proof.h"
#include "gtest/gtest.h"

#ifndef GARANT_SOURCE_DIR
#error "GARANT_SOURCE_DIR must be defined (audit/CMakeLists.txt)"
#endif

namespace garant::audit {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGoPath = "/usr/share/gocode";

void WriteFile(const fs::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

TEST(GoInterop, SumdbNoteAndTlogVerifyGarantOutput) {
  if (std::system("command -v go >/dev/null 2>&1") != 0 ||
      !fs::exists(fs::path(kGoPath) / "src/golang.org/x/mod/sumdb/tlog/tlog.go")) {
    const char* skip = std::getenv("GARANT_TEST_SKIP_GO");
    if (skip != nullptr && std::string(skip) == "1") {
      GTEST_SKIP() << "Go or golang-golang-x-mod-dev is not installed (GARANT_TEST_SKIP_GO=1)";
    }
    FAIL() << "Go or golang-golang-x-mod-dev is not installed: run scripts/install-deps.sh "
              "(or set GARANT_TEST_SKIP_GO=1 to skip this test on purpose)";
  }
  const fs::path program =
      fs::path(GARANT_SOURCE_DIR) / "audit" / "tests" / "interop" / "verify_with_go.go";
  ASSERT_TRUE(fs::exists(program)) << program;
  char tmpl[] = "/tmp/garant-go-interop-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;

  testing::MemoryLog log;
  const NoteSigner signer = testing::LogSigner();
  std::vector<std::string> notes;
  const std::vector<uint64_t> sizes = {1, 5, 256, 257, 700, 1000};
  for (uint64_t size : sizes) {
    log.AppendEvents(log.rows.size(), size);
    notes.push_back(log.Publish(signer));
    WriteFile(dir / ("checkpoint." + std::to_string(size)), notes.back());
  }
  WriteFile(dir / "vkey", signer.Verifier().KeyString() + "\n");
  Bytes stream;
  for (const auto& row : log.rows) {
    ASSERT_TRUE(AppendToEntryBundle(row->leaf, &stream).ok());
  }
  WriteFile(dir / "entries", AsString(stream));
  for (uint64_t index : {0, 1, 255, 256, 511, 512, 998, 999}) {
    TileHashReader reader(1000, log);
    Result<TlogProof> proof = BuildTlogProof(index, notes.back(), reader);
    ASSERT_TRUE(proof.ok());
    WriteFile(dir / (std::to_string(index) + ".tlog-proof"), FormatTlogProof(*proof));
  }
  for (size_t a = 0; a < sizes.size(); ++a) {
    for (size_t b = a; b < sizes.size(); ++b) {
      TileHashReader reader(sizes[b], log);
      Result<std::vector<Digest>> proof = ProveTree(sizes[b], sizes[a], reader);
      ASSERT_TRUE(proof.ok());
      std::string text;
      for (const Digest& h : *proof) {
        text += Base64Encode(h) + "\n";
      }
      WriteFile(dir / ("consistency." + std::to_string(sizes[a]) + "." + std::to_string(sizes[b])),
                text);
    }
  }

  const fs::path out = dir / "go-output.txt";
  const std::string cmd = "cd " + dir.string() + " && GO111MODULE=off GOPATH=" + kGoPath +
                          " GOCACHE=" + (dir / "gocache").string() + " GOFLAGS= go run " +
                          program.string() + " " + dir.string() + " " +
                          std::string(testing::kOrigin) + " > " + out.string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(out);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << output;
  EXPECT_TRUE(output.starts_with(
      "ok: 1000 leaves, 6 checkpoints, 8 inclusion proofs, 21 consistency proofs"))
      << output;
  std::printf("%s", output.c_str());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace garant::audit
