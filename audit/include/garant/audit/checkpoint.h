// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) and the checkpoint
// signer that never signs a tree inconsistent with the last one it signed.
//
// Checkpoint note text:
//   <origin>\n
//   <tree size, decimal, no leading zeros>\n
//   <base64 RFC 6962 root>\n
//   [<extension line>\n ...]   (never written by garant; parsed and kept)
//
// Thread-safety: free functions are thread-safe; CheckpointSigner is
// internally synchronised. Errors: see each function.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/hash.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"
#include "garant/core/status.h"

namespace garant::audit {

// A tree size and its root.
struct TreeHead {
  uint64_t size = 0;
  Digest root = EmptyTreeHash();
  friend bool operator==(const TreeHead&, const TreeHead&) = default;
};

struct Checkpoint {
  std::string origin;
  TreeHead head;
  std::vector<std::string> extensions;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// The note text of a checkpoint. kInvalidArgument for an empty origin or an
// origin or extension line that is not valid note text.
Result<std::string> FormatCheckpoint(const Checkpoint& checkpoint);
// Strict: three or more lines; decimal size without leading zeros; root is
// base64 of exactly 32 bytes; extension lines non-empty.
Result<Checkpoint> ParseCheckpoint(std::string_view text);

// A checkpoint whose note was verified, with the note verbatim.
struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string note;
};
// Verifies the note (OpenNote rules) and that its origin is `origin`.
// kInvalidArgument for a malformed note or checkpoint, kUnauthenticated or
// kDataLoss from OpenNote, kFailedPrecondition for another origin.
Result<SignedCheckpoint> OpenCheckpoint(std::string_view note, std::string_view origin,
                                        std::span<const NoteVerifier> verifiers);

// Where the signer keeps the last tree head it signed, outside the database
// (see log_store.h for the file implementation). Save must be durable when
// it returns.
class SignerStateStore {
 public:
  virtual ~SignerStateStore() = default;
  // The last signed head, or nullopt when nothing was ever signed.
  virtual Result<std::optional<TreeHead>> Load() = 0;
  virtual Status Save(const TreeHead& head) = 0;
};

// A SignerStateStore in memory (tests).
class MemorySignerStateStore final : public SignerStateStore {
 public:
  Result<std::optional<TreeHead>> Load() override;
  Status Save(const TreeHead& head) override;

 private:
  std::mutex mu_;
  std::optional<TreeHead> head_;
};

// Signs checkpoints for one origin, as the log's own first witness: it keeps
// the last signed (size, root) in a SignerStateStore and signs a new head
// only if a consistency proof from that head verifies. The new head is saved
// before the note is returned, so a crash can never let the signer forget a
// note it released.
class CheckpointSigner {
 public:
  // Loads the last signed head from `store`, which must outlive the signer.
  static Result<std::unique_ptr<CheckpointSigner>> Create(std::string origin, NoteSigner signer,
                                                          SignerStateStore* store);

  // Signs `head` given a consistency proof from last_signed() to it.
  // - head smaller than the last signed head: kFailedPrecondition (rollback);
  // - same size, another root, or a proof that does not verify: kDataLoss;
  // - store failure: its status, and nothing is returned.
  // Signing the same head again is allowed (returns a fresh note).
  Result<std::string> Sign(const TreeHead& head, std::span<const Digest> consistency_proof);
  // Same, computing the proof from `reader` (a reader over the tree of head.size).
  Result<std::string> SignFrom(const TreeHead& head, HashReader& reader);
  // Signs `head` without any consistency check and makes it the new last
  // signed head. Only for an operator-forced rollback (publisher.h), which
  // must be logged: it breaks the log's promise for the old checkpoints.
  Result<std::string> ForceSign(const TreeHead& head);
  // Takes `head`, signed by another instance sharing this key and this log
  // (several garantd: audit/DESIGN.md, "Several garantd"), as the last
  // signed head, so this signer will never sign below it. `reader` reads the
  // tree of head.size (or larger). First re-reads the store, keeping its head
  // when it is larger (instances sharing one state file). Then:
  // - head not larger than the last signed head: nothing to learn (Ok), but
  //   same size with another root is kDataLoss (fork);
  // - a consistency proof from the last signed head that does not verify:
  //   kDataLoss (fork), nothing saved;
  // - else the head is saved (store failure: its status) and kept.
  Status AdoptFrom(const TreeHead& head, HashReader& reader);
  // Checks, without signing, that `head` could be signed given `proof`.
  Status CheckConsistent(const TreeHead& head, std::span<const Digest> consistency_proof) const;

  std::optional<TreeHead> last_signed() const;
  const std::string& origin() const { return origin_; }
  NoteVerifier Verifier() const { return signer_.Verifier(); }

 private:
  CheckpointSigner(std::string origin, NoteSigner signer, SignerStateStore* store,
                   std::optional<TreeHead> last)
      : origin_(std::move(origin)), signer_(std::move(signer)), store_(store), last_(last) {}
  Status CheckLocked(const TreeHead& head, std::span<const Digest> proof) const;

  const std::string origin_;
  const NoteSigner signer_;
  SignerStateStore* const store_;
  mutable std::mutex mu_;
  std::optional<TreeHead> last_;  // guarded by mu_
};

}  // namespace garant::audit
