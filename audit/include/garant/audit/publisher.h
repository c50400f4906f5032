// Publishing signed checkpoints of the PostgreSQL audit log.
//
// FileSignerStateStore keeps the signer's last signed (size, root) in a file
// outside the database (so a restored database cannot make the signer forget
// what it signed). CheckpointPublisher signs the committed tree at most once
// per `min_interval` while it grows, stores each note in audit_checkpoints,
// and at start refuses a database whose tree is smaller than, or
// inconsistent with, the last signed tree (a restored backup, a rollback)
// unless an operator forces it with a reason that is itself logged.
//
// Several garantd on one database (audit/DESIGN.md, "Several garantd"): one
// leads and signs (SetLeading(true)); the others follow: once per
// follow_interval they verify the latest stored checkpoint with the public
// key and adopt it as their signer's last signed head, so whichever leads
// next never signs below (or beside) what any instance signed. A leader does
// the same before each signature.
//
// Thread-safety: FileSignerStateStore is thread-safe. CheckpointPublisher's
// methods may be called from any thread; PublishOnce calls are serialised.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "garant/audit/appender.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"
#include "garant/core/status.h"

namespace garant::audit {

// File format (text): "garant-audit-signer-state-v1\n<size>\n<base64 root>\n".
// Save writes a temporary file, fsyncs it, renames it over the old one and
// fsyncs the directory. A missing file means nothing was signed yet; a
// malformed one is kDataLoss (never silently reset).
class FileSignerStateStore final : public SignerStateStore {
 public:
  explicit FileSignerStateStore(std::filesystem::path path) : path_(std::move(path)) {}
  Result<std::optional<TreeHead>> Load() override;
  Status Save(const TreeHead& head) override;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::mutex mu_;
  std::filesystem::path path_;
};

class CheckpointPublisher {
 public:
  struct Options {
    std::chrono::milliseconds min_interval{1000};     // at most one signature per interval
    std::chrono::milliseconds poll_interval{50};      // how often the loop looks for growth
    std::chrono::milliseconds follow_interval{1000};  // a follower's adoption cadence
  };
  // What CheckStartup found.
  struct StartupReport {
    TreeHead database;  // the committed tree
    std::optional<TreeHead> last_signed;
    bool forced = false;                         // a rollback was accepted by the operator
    std::optional<uint64_t> forced_event_index;  // the "audit.rollback.forced" entry
  };

  // All references must outlive the publisher.
  CheckpointPublisher(db::Pool& pool, AuditLog& log, CheckpointSigner& signer, const Clock& clock,
                      Random& random, Options options);
  ~CheckpointPublisher();  // stops the loop
  CheckpointPublisher(const CheckpointPublisher&) = delete;
  CheckpointPublisher& operator=(const CheckpointPublisher&) = delete;

  // Compares the database with the signer's last signed head. The database
  // tree must contain it: smaller → kFailedPrecondition, same size or larger
  // but inconsistent → kDataLoss (both name the sizes, refuse to start).
  // With `force_reason`, it instead appends an "audit.rollback.forced" event
  // (actor service:garantd, payload with the reason and both heads), signs
  // the database tree as the new starting point, and reports it.
  Result<StartupReport> CheckStartup(const std::optional<std::string>& force_reason = std::nullopt);

  // Signs and stores a checkpoint if the tree grew (or the last signed one
  // was not stored) and min_interval has passed since the last signature.
  // Returns the new note, or nullopt when there was nothing to do.
  Result<std::optional<std::string>> PublishOnce();

  // Verifies the latest checkpoint stored in the database (signature with
  // this signer's key and origin, root against the stored tree) and adopts
  // it (CheckpointSigner::AdoptFrom). Ok when none is stored. kDataLoss when
  // it does not verify, contradicts the stored tree or the signer's last
  // signed head (fork).
  Status FollowOnce();

  // Runs, in a background thread until Stop(), PublishOnce every
  // poll_interval while leading, else FollowOnce every follow_interval.
  // Errors are kept (last_error()) and retried at the next round. A new
  // publisher leads (one garantd alone); SetLeading switches.
  void Start();
  void SetLeading(bool leading);
  bool leading() const { return leading_.load(); }
  void Stop();
  Status last_error() const;

 private:
  Result<std::string> SignAndStore(db::Connection& conn, const TreeHead& head, bool reset);
  // FollowOnce on `conn`, given the committed tree `tree`.
  Status AdoptStored(db::Connection& conn, const TreeHead& tree);

  db::Pool& pool_;
  AuditLog& log_;
  CheckpointSigner& signer_;
  const Clock& clock_;
  Random& random_;
  const Options options_;

  std::mutex publish_mu_;                    // serialises PublishOnce
  std::optional<TimePoint> last_signature_;  // guarded by publish_mu_

  mutable std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  bool running_ = false;  // guarded by loop_mu_
  std::atomic<bool> leading_{true};
  Status last_error_;  // guarded by loop_mu_
  std::thread loop_;
};

}  // namespace garant::audit
