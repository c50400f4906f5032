// Files written whole or not at all: a temporary file beside the target,
// fsynced, renamed over the target, then the directory fsynced, so that after
// a crash the target holds either its old content or the new content, never
// a mix. ScopedFd owns one POSIX file descriptor.
//
// Thread-safety: one AtomicFile is used by one thread at a time; distinct
// targets may be written concurrently.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "garant/core/status.h"

namespace garant {

// Closes its descriptor on destruction. Move-only.
class ScopedFd {
 public:
  ScopedFd() = default;
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() { Reset(); }
  ScopedFd(ScopedFd&& o) noexcept : fd_(o.Release()) {}
  ScopedFd& operator=(ScopedFd&& o) noexcept {
    if (this != &o) {
      Reset(o.Release());
    }
    return *this;
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

// A file written through a temporary beside its target ("<target>.tmp-<pid>"),
// created with `mode` (less the umask, as open(2)) from the start: a secret
// written with 0600 is never readable by others, even for a moment. Open, write through stream(),
// then Finish (flush and fsync the temporary, not yet visible) and Commit (rename over the target
// and fsync the directory; Commit finishes first when Finish was not called). The temporary is
// deleted when the AtomicFile is destroyed without a successful Commit. Errors are kUnavailable
// naming the path and errno text.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target, mode_t mode = 0600);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  Status Open();
  // Valid after a successful Open.
  std::ostream& stream();
  Status Finish();
  Status Commit();

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  class Buf;
  std::filesystem::path target_;
  std::filesystem::path temp_;
  mode_t mode_;
  ScopedFd fd_;
  std::unique_ptr<Buf> buf_;
  std::unique_ptr<std::ostream> stream_;
  bool finished_ = false;
  bool committed_ = false;
};

// Replaces (or creates) path with content, atomically and durably, the file
// having `mode`. The parent directory must exist.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content,
                       mode_t mode = 0600);

}  // namespace garant
