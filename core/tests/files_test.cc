#include "garant/core/files.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace garant {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_umask_ = ::umask(022);
    dir_ = fs::temp_directory_path() /
           ("garant-files-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    ::umask(old_umask_);
  }

  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static mode_t Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  // Names in dir_ other than the given file.
  std::vector<std::string> Others(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename() != name) out.push_back(e.path().filename().string());
    }
    return out;
  }

  fs::path dir_;
  mode_t old_umask_ = 0;
};

TEST_F(AtomicFileTest, WritesContentWithMode) {
  const fs::path p = dir_ / "secret.key";
  ASSERT_TRUE(WriteFileAtomic(p, "abc\n", 0600).ok());
  EXPECT_EQ(Read(p), "abc\n");
  EXPECT_EQ(Mode(p), 0600u);
  EXPECT_TRUE(Others("secret.key").empty());

  const fs::path q = dir_ / "public.txt";
  ASSERT_TRUE(WriteFileAtomic(q, "x", 0644).ok());
  EXPECT_EQ(Mode(q), 0644u);

  const fs::path r = dir_ / "umasked";
  ASSERT_TRUE(WriteFileAtomic(r, "x", 0666).ok());
  EXPECT_EQ(Mode(r), 0644u);  // less the umask, as open(2)
}

TEST_F(AtomicFileTest, ReplacingKeepsTheNewMode) {
  const fs::path p = dir_ / "was-public";
  ASSERT_TRUE(WriteFileAtomic(p, "old", 0644).ok());
  ASSERT_TRUE(WriteFileAtomic(p, "new", 0600).ok());
  EXPECT_EQ(Mode(p), 0600u);
  EXPECT_EQ(Read(p), "new");
}

TEST_F(AtomicFileTest, ReplacesAnExistingFileWhole) {
  const fs::path p = dir_ / "state";
  ASSERT_TRUE(WriteFileAtomic(p, std::string(10000, 'a')).ok());
  ASSERT_TRUE(WriteFileAtomic(p, "short").ok());
  EXPECT_EQ(Read(p), "short");
  EXPECT_TRUE(Others("state").empty());
}

TEST_F(AtomicFileTest, LargeAndBinaryContent) {
  std::string big;
  for (int i = 0; i < 300000; ++i) big.push_back(static_cast<char>(i % 256));
  const fs::path p = dir_ / "big";
  ASSERT_TRUE(WriteFileAtomic(p, big).ok());
  EXPECT_EQ(Read(p), big);
}

TEST_F(AtomicFileTest, StreamThenCommit) {
  const fs::path p = dir_ / "out.jsonl";
  {
    AtomicFile f(p, 0640);
    ASSERT_TRUE(f.Open().ok());
    for (int i = 0; i < 10000; ++i) f.stream() << "{\"n\":" << i << "}\n";
    EXPECT_FALSE(fs::exists(p));  // not visible before Commit
    EXPECT_TRUE(fs::exists(f.temp_path()));
    ASSERT_TRUE(f.Finish().ok());
    ASSERT_TRUE(f.Commit().ok());
  }
  EXPECT_EQ(Mode(p), 0640u);
  EXPECT_TRUE(Read(p).starts_with("{\"n\":0}\n{\"n\":1}\n"));
  EXPECT_TRUE(Read(p).ends_with("{\"n\":9999}\n"));
  EXPECT_TRUE(Others("out.jsonl").empty());
}

TEST_F(AtomicFileTest, NoCommitLeavesTargetAndNoTemp) {
  const fs::path p = dir_ / "kept";
  ASSERT_TRUE(WriteFileAtomic(p, "old").ok());
  {
    AtomicFile f(p);
    ASSERT_TRUE(f.Open().ok());
    f.stream() << "new";
    ASSERT_TRUE(f.Finish().ok());
  }
  EXPECT_EQ(Read(p), "old");
  EXPECT_TRUE(Others("kept").empty());
}

TEST_F(AtomicFileTest, MissingDirectoryFails) {
  const Status st = WriteFileAtomic(dir_ / "no" / "such", "x");
  EXPECT_EQ(st.code(), Code::kUnavailable);
  EXPECT_NE(st.message().find("cannot create"), std::string::npos) << st.message();
}

TEST(ScopedFdTest, ClosesAndMoves) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[1]);
  {
    ScopedFd a(fds[0]);
    ScopedFd b(std::move(a));
    EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(b.get(), fds[0]);
  }
  EXPECT_EQ(::fcntl(fds[0], F_GETFD), -1);  // closed
}

}  // namespace
}  // namespace garant
