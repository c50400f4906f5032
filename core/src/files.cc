#include "garant/core/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <system_error>
#include <vector>

namespace garant {
namespace fs = std::filesystem;
namespace {

std::string ErrnoText(std::string_view what, const fs::path& path, int err) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(err);
}

// Writes all of data to fd; the errno of the failure, or 0.
int WriteAll(int fd, const char* data, size_t size) {
  size_t off = 0;
  while (off < size) {
    const ssize_t n = ::write(fd, data + off, size - off);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    off += static_cast<size_t>(n);
  }
  return 0;
}

}  // namespace

void ScopedFd::Reset(int fd) {
  if (fd_ >= 0) {
    ::close(fd_);
  }
  fd_ = fd;
}

// An output buffer over a file descriptor; remembers the first write error.
class AtomicFile::Buf final : public std::streambuf {
 public:
  explicit Buf(int fd) : fd_(fd), buffer_(64 * 1024) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type ch) override {
    if (Drain() != 0) {
      return traits_type::eof();
    }
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n > epptr() - pptr()) {
      if (Drain() != 0) {
        return 0;
      }
      if (n > epptr() - pptr()) {
        return WriteDirect(s, n);
      }
    }
    std::memcpy(pptr(), s, static_cast<size_t>(n));
    pbump(static_cast<int>(n));
    return n;
  }
  int sync() override { return Drain() == 0 ? 0 : -1; }

 private:
  int Drain() {
    if (error_ == 0 && pptr() > pbase()) {
      error_ = WriteAll(fd_, pbase(), static_cast<size_t>(pptr() - pbase()));
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return error_;
  }
  std::streamsize WriteDirect(const char* s, std::streamsize n) {
    if (error_ == 0) {
      error_ = WriteAll(fd_, s, static_cast<size_t>(n));
    }
    return error_ == 0 ? n : 0;
  }

  int fd_;
  std::vector<char> buffer_;
  int error_ = 0;
};

AtomicFile::AtomicFile(fs::path target, mode_t mode) : target_(std::move(target)), mode_(mode) {
  temp_ = target_;
  temp_ += ".tmp-" + std::to_string(::getpid());
}

AtomicFile::~AtomicFile() {
  stream_.reset();
  buf_.reset();
  fd_.Reset();
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

Status AtomicFile::Open() {
  // A temporary left by an earlier crash of this pid is replaced.
  std::error_code ec;
  fs::remove(temp_, ec);
  ScopedFd fd(::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_));
  if (!fd.valid()) {
    return Status::Unavailable(ErrnoText("cannot create", temp_, errno));
  }
  fd_ = std::move(fd);
  buf_ = std::make_unique<Buf>(fd_.get());
  stream_ = std::make_unique<std::ostream>(buf_.get());
  return Status::Ok();
}

std::ostream& AtomicFile::stream() { return *stream_; }

Status AtomicFile::Finish() {
  if (!fd_.valid() || !stream_) {
    return Status::Unavailable("cannot write " + temp_.string() + ": not open");
  }
  stream_->flush();
  if (buf_->error() != 0) {
    return Status::Unavailable(ErrnoText("cannot write", temp_, buf_->error()));
  }
  if (!*stream_) {
    return Status::Unavailable("cannot write " + temp_.string());
  }
  if (::fsync(fd_.get()) != 0) {
    return Status::Unavailable(ErrnoText("cannot fsync", temp_, errno));
  }
  finished_ = true;
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (!fd_.valid()) {
    return Status::Unavailable("cannot commit " + temp_.string() + ": not open");
  }
  if (!finished_) {
    GARANT_RETURN_IF_ERROR(Finish());
  }
  stream_.reset();
  buf_.reset();
  fd_.Reset();
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    return Status::Unavailable(ErrnoText("cannot rename over", target_, errno));
  }
  committed_ = true;
  fs::path dir = target_.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  ScopedFd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dfd.valid()) {
    return Status::Unavailable(ErrnoText("cannot open", dir, errno));
  }
  if (::fsync(dfd.get()) != 0) {
    return Status::Unavailable(ErrnoText("cannot fsync", dir, errno));
  }
  return Status::Ok();
}

Status WriteFileAtomic(const fs::path& path, std::string_view content, mode_t mode) {
  AtomicFile file(path, mode);
  GARANT_RETURN_IF_ERROR(file.Open());
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  return file.Commit();
}

}  // namespace garant
