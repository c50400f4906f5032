#include "garant/audit/checkpoint.h"

#include <charconv>
#include <string>
#include <utility>

#include "garant/core/decimal.h"

namespace garant::audit {
namespace {

Status ValidateLine(std::string_view line, std::string_view what) {
  if (line.empty()) {
    return Status::InvalidArgument(std::string(what) + " must not be empty");
  }
  if (line.find('\n') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) + " must be one line");
  }
  return Status::Ok();
}

Result<uint64_t> ParseSize(std::string_view s) {
  const Status bad =
      Status::InvalidArgument("checkpoint tree size must be a decimal without leading zeros");
  const std::optional<int64_t> v =
      ParseDecimal(s, {.max = static_cast<int64_t>(kMaxTreeSize), .leading_zeros = false});
  if (!v) {
    return bad;
  }
  return static_cast<uint64_t>(*v);
}

}  // namespace

Result<std::string> FormatCheckpoint(const Checkpoint& checkpoint) {
  GARANT_RETURN_IF_ERROR(ValidateLine(checkpoint.origin, "checkpoint origin"));
  if (checkpoint.head.size > kMaxTreeSize) {
    return Status::InvalidArgument("tree size too large");
  }
  std::string text = checkpoint.origin + "\n" + std::to_string(checkpoint.head.size) + "\n" +
                     Base64Encode(checkpoint.head.root) + "\n";
  for (const std::string& ext : checkpoint.extensions) {
    GARANT_RETURN_IF_ERROR(ValidateLine(ext, "checkpoint extension line"));
    text += ext + "\n";
  }
  GARANT_RETURN_IF_ERROR(ValidateNoteText(text));
  return text;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  GARANT_RETURN_IF_ERROR(ValidateNoteText(text));
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) {
    return Status::InvalidArgument("a checkpoint has at least three lines");
  }
  Checkpoint c;
  GARANT_RETURN_IF_ERROR(ValidateLine(lines[0], "checkpoint origin"));
  c.origin = std::string(lines[0]);
  GARANT_ASSIGN_OR_RETURN(c.head.size, ParseSize(lines[1]));
  Result<Digest> root = DigestFromBase64(lines[2]);
  if (!root.ok()) {
    return Status::InvalidArgument("checkpoint root must be base64 of 32 bytes");
  }
  c.head.root = *root;
  for (size_t i = 3; i < lines.size(); ++i) {
    GARANT_RETURN_IF_ERROR(ValidateLine(lines[i], "checkpoint extension line"));
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

Result<SignedCheckpoint> OpenCheckpoint(std::string_view note, std::string_view origin,
                                        std::span<const NoteVerifier> verifiers) {
  GARANT_ASSIGN_OR_RETURN(OpenedNote opened, OpenNote(note, verifiers));
  GARANT_ASSIGN_OR_RETURN(Checkpoint c, ParseCheckpoint(opened.text));
  if (c.origin != origin) {
    return Status::FailedPrecondition("checkpoint is for origin \"" + c.origin + "\", not \"" +
                                      std::string(origin) + "\"");
  }
  return SignedCheckpoint{std::move(c), std::string(note)};
}

Result<std::optional<TreeHead>> MemorySignerStateStore::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  return head_;
}

Status MemorySignerStateStore::Save(const TreeHead& head) {
  std::lock_guard<std::mutex> lock(mu_);
  head_ = head;
  return Status::Ok();
}

Result<std::unique_ptr<CheckpointSigner>> CheckpointSigner::Create(std::string origin,
                                                                   NoteSigner signer,
                                                                   SignerStateStore* store) {
  GARANT_RETURN_IF_ERROR(ValidateLine(origin, "checkpoint origin"));
  if (store == nullptr) {
    return Status::InvalidArgument("checkpoint signer needs a state store");
  }
  GARANT_ASSIGN_OR_RETURN(std::optional<TreeHead> last, store->Load());
  return std::unique_ptr<CheckpointSigner>(
      new CheckpointSigner(std::move(origin), std::move(signer), store, last));
}

std::optional<TreeHead> CheckpointSigner::last_signed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_;
}

Status CheckpointSigner::CheckLocked(const TreeHead& head, std::span<const Digest> proof) const {
  if (!last_.has_value()) {
    return Status::Ok();
  }
  if (head.size < last_->size) {
    return Status::FailedPrecondition(
        "refusing to sign a tree of size " + std::to_string(head.size) + ": a tree of size " +
        std::to_string(last_->size) + " was already signed (rollback?)");
  }
  Status consistent = CheckTree(proof, head.size, head.root, last_->size, last_->root);
  if (!consistent.ok()) {
    return Status::DataLoss("refusing to sign a tree of size " + std::to_string(head.size) +
                            " inconsistent with the signed tree of size " +
                            std::to_string(last_->size) + ": " + consistent.message());
  }
  return Status::Ok();
}

Status CheckpointSigner::CheckConsistent(const TreeHead& head,
                                         std::span<const Digest> consistency_proof) const {
  std::lock_guard<std::mutex> lock(mu_);
  return CheckLocked(head, consistency_proof);
}

Result<std::string> CheckpointSigner::Sign(const TreeHead& head,
                                           std::span<const Digest> consistency_proof) {
  std::lock_guard<std::mutex> lock(mu_);
  GARANT_RETURN_IF_ERROR(CheckLocked(head, consistency_proof));
  GARANT_ASSIGN_OR_RETURN(std::string text, FormatCheckpoint(Checkpoint{origin_, head, {}}));
  GARANT_ASSIGN_OR_RETURN(std::string note,
                          SignNote(text, std::span<const NoteSigner>(&signer_, 1)));
  if (!last_.has_value() || *last_ != head) {
    GARANT_RETURN_IF_ERROR(store_->Save(head));
    last_ = head;
  }
  return note;
}

Result<std::string> CheckpointSigner::ForceSign(const TreeHead& head) {
  std::lock_guard<std::mutex> lock(mu_);
  GARANT_ASSIGN_OR_RETURN(std::string text, FormatCheckpoint(Checkpoint{origin_, head, {}}));
  GARANT_ASSIGN_OR_RETURN(std::string note,
                          SignNote(text, std::span<const NoteSigner>(&signer_, 1)));
  GARANT_RETURN_IF_ERROR(store_->Save(head));
  last_ = head;
  return note;
}

Status CheckpointSigner::AdoptFrom(const TreeHead& head, HashReader& reader) {
  std::lock_guard<std::mutex> lock(mu_);
  GARANT_ASSIGN_OR_RETURN(std::optional<TreeHead> stored, store_->Load());
  if (stored && (!last_ || stored->size > last_->size)) last_ = stored;
  if (last_ && head.size <= last_->size) {
    if (head.size == last_->size && head.root != last_->root) {
      return Status::DataLoss("a checkpoint of size " + std::to_string(head.size) +
                              " with another root than the one this signer signed (fork)");
    }
    return Status::Ok();
  }
  std::vector<Digest> proof;
  if (last_) {
    GARANT_ASSIGN_OR_RETURN(proof, ProveTree(head.size, last_->size, reader));
  }
  GARANT_RETURN_IF_ERROR(CheckLocked(head, proof));
  GARANT_RETURN_IF_ERROR(store_->Save(head));
  last_ = head;
  return Status::Ok();
}

Result<std::string> CheckpointSigner::SignFrom(const TreeHead& head, HashReader& reader) {
  const std::optional<TreeHead> last = last_signed();
  std::vector<Digest> proof;
  if (last.has_value() && last->size <= head.size) {
    GARANT_ASSIGN_OR_RETURN(proof, ProveTree(head.size, last->size, reader));
  }
  return Sign(head, proof);
}

}  // namespace garant::audit
