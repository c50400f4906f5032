// Which garantd, of several serving one database, runs the singletons: the
// checkpoint signer (publishing), the exclusion-list worker and the access
// checks' retries. Every garantd serves HTTP; the one holding the leader
// advisory lock (db::LeaderElection) also runs these. The others keep their
// checkpoint publisher following (adopting the signed checkpoints they see,
// audit/DESIGN.md "Several garantd") and take over within about
// `check_interval` when the leader dies or loses its database session.
//
// On election, in order: objections' missing tokens are completed (the list
// publisher refuses to publish without them), the checkpoint publisher
// signs, the singleton workers start. On deposition (or Stop), the workers
// are stopped and joined, then the publisher goes back to following.
//
// Thread-safety: Start and Stop from the server's thread; the callbacks run
// on the election thread (the first round: on Start's caller).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "garant/audit/publisher.h"
#include "garant/core/leader.h"
#include "services.h"

namespace garant::server {

// The advisory lock key of garantd's leader ("garant" in ASCII, then 1).
inline constexpr int64_t kLeaderLockKey = 0x67617261'6e740001;

class Leadership {
 public:
  // `publisher` may be null (no audit log: tests). Both must outlive this.
  Leadership(Services& services, std::string conninfo, audit::CheckpointPublisher* publisher,
             std::chrono::milliseconds check_interval = std::chrono::milliseconds(1000));
  ~Leadership();  // Stop()
  Leadership(const Leadership&) = delete;
  Leadership& operator=(const Leadership&) = delete;

  // Runs the first election round on the calling thread (so a garantd alone
  // leads before it serves), then the election thread.
  void Start();
  // Steps down if leading (workers joined) and frees the lock.
  void Stop();

 private:
  void Elected();
  void Deposed();

  Services& services_;
  audit::CheckpointPublisher* publisher_;
  std::unique_ptr<db::LeaderElection> election_;
};

}  // namespace garant::server
