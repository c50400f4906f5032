#include "garant/audit/tlog_proof.h"

#include <charconv>
#include <string>
#include <utility>

#include "garant/core/decimal.h"

namespace garant::audit {
namespace {

constexpr size_t kMaxProofHashes = 63;

}  // namespace

std::string FormatTlogProof(const TlogProof& proof) {
  std::string out(kTlogProofHeader);
  out += "\n";
  if (proof.extra.has_value()) {
    out += "extra " + Base64Encode(*proof.extra) + "\n";
  }
  out += "index " + std::to_string(proof.index) + "\n";
  for (const Digest& h : proof.inclusion) {
    out += Base64Encode(h) + "\n";
  }
  out += "\n";
  out += proof.checkpoint;
  return out;
}

Result<TlogProof> ParseTlogProof(std::string_view text) {
  auto next_line = [&text](std::string_view* line) {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      return false;
    }
    *line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line != kTlogProofHeader) {
    return Status::InvalidArgument("not a c2sp.org/tlog-proof@v1 proof");
  }
  TlogProof proof;
  if (!next_line(&line)) {
    return Status::InvalidArgument("tlog-proof: missing index line");
  }
  if (line.starts_with("extra ")) {
    Result<Bytes> extra = Base64Decode(line.substr(6));
    if (!extra.ok()) {
      return Status::InvalidArgument("tlog-proof: extra is not base64");
    }
    proof.extra = std::move(*extra);
    if (!next_line(&line)) {
      return Status::InvalidArgument("tlog-proof: missing index line");
    }
  }
  if (!line.starts_with("index ")) {
    return Status::InvalidArgument("tlog-proof: missing index line");
  }
  const std::string_view digits = line.substr(6);
  const std::optional<int64_t> index =
      ParseDecimal(digits, {.max = static_cast<int64_t>(kMaxTreeSize) - 1, .leading_zeros = false});
  if (!index) {
    return Status::InvalidArgument("tlog-proof: bad index");
  }
  proof.index = static_cast<uint64_t>(*index);
  while (true) {
    if (!next_line(&line)) {
      return Status::InvalidArgument("tlog-proof: missing checkpoint");
    }
    if (line.empty()) {
      break;
    }
    if (proof.inclusion.size() == kMaxProofHashes) {
      return Status::InvalidArgument("tlog-proof: too many proof hashes");
    }
    Result<Digest> h = DigestFromBase64(line);
    if (!h.ok()) {
      return Status::InvalidArgument("tlog-proof: bad proof hash");
    }
    proof.inclusion.push_back(*h);
  }
  if (text.empty()) {
    return Status::InvalidArgument("tlog-proof: missing checkpoint");
  }
  proof.checkpoint = std::string(text);
  return proof;
}

Result<TlogProof> BuildTlogProof(uint64_t index, std::string signed_checkpoint, HashReader& reader,
                                 std::optional<Bytes> extra) {
  GARANT_ASSIGN_OR_RETURN(Note note, ParseNote(signed_checkpoint));
  GARANT_ASSIGN_OR_RETURN(Checkpoint c, ParseCheckpoint(note.text));
  GARANT_ASSIGN_OR_RETURN(std::vector<Digest> inclusion, ProveRecord(c.head.size, index, reader));
  return TlogProof{std::move(extra), index, std::move(inclusion), std::move(signed_checkpoint)};
}

Result<Checkpoint> VerifyTlogProof(const TlogProof& proof, const Digest& leaf_hash,
                                   std::string_view origin,
                                   std::span<const NoteVerifier> verifiers) {
  GARANT_ASSIGN_OR_RETURN(SignedCheckpoint signed_cp,
                          OpenCheckpoint(proof.checkpoint, origin, verifiers));
  const TreeHead& head = signed_cp.checkpoint.head;
  if (proof.index >= head.size) {
    return Status::DataLoss("tlog-proof: index " + std::to_string(proof.index) +
                            " is beyond the checkpoint size " + std::to_string(head.size));
  }
  GARANT_RETURN_IF_ERROR(
      CheckRecord(proof.inclusion, head.size, head.root, proof.index, leaf_hash));
  return std::move(signed_cp.checkpoint);
}

}  // namespace garant::audit
