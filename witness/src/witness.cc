#include "garant/witness/witness.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "garant/audit/merkle.h"
#include "garant/core/decimal.h"
#include "garant/core/files.h"

namespace garant::witness {
namespace {

constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";
constexpr std::string_view kStateMagic = "garant-witness-state-v1";

Result<uint64_t> ParseSize(std::string_view s) {
  const std::optional<int64_t> v =
      ParseDecimal(s, {.max = static_cast<int64_t>(audit::kMaxTreeSize), .leading_zeros = false});
  if (!v) {
    return Status::InvalidArgument("a tree size is a decimal without leading zeros");
  }
  return static_cast<uint64_t>(*v);
}

Outcome Refuse(Verdict v, std::string message, std::string origin = {}) {
  return Outcome{v, std::move(message) + "\n", std::string(kTextPlain), std::move(origin)};
}

}  // namespace

Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body) {
  if (body.size() > kMaxRequestBody) {
    return Status::TooLarge("add-checkpoint body over " + std::to_string(kMaxRequestBody) +
                            " bytes");
  }
  AddCheckpointRequest r;
  size_t nl = body.find('\n');
  if (nl == std::string_view::npos || !body.starts_with("old ")) {
    return Status::InvalidArgument("the body must start with an 'old <size>' line");
  }
  GARANT_ASSIGN_OR_RETURN(r.old_size, ParseSize(body.substr(4, nl - 4)));
  body.remove_prefix(nl + 1);
  while (true) {
    nl = body.find('\n');
    if (nl == std::string_view::npos) {
      return Status::InvalidArgument("the proof must end with an empty line");
    }
    const std::string_view line = body.substr(0, nl);
    body.remove_prefix(nl + 1);
    if (line.empty()) {
      break;
    }
    if (r.proof.size() == kMaxProofLines) {
      return Status::InvalidArgument("more than 63 consistency proof lines");
    }
    Result<audit::Digest> h = audit::DigestFromBase64(line);
    if (!h.ok()) {
      return Status::InvalidArgument("a proof line is base64 of a 32-byte hash");
    }
    r.proof.push_back(*h);
  }
  if (body.empty()) {
    return Status::InvalidArgument("the checkpoint is missing");
  }
  r.checkpoint = std::string(body);
  return r;
}

std::string FormatAddCheckpoint(const AddCheckpointRequest& request) {
  std::string out = "old " + std::to_string(request.old_size) + "\n";
  for (const audit::Digest& h : request.proof) {
    out += Base64Encode(h) + "\n";
  }
  out += "\n";
  out += request.checkpoint;
  return out;
}

Result<WitnessedLog> ParseLogFlag(std::string_view flag) {
  const size_t eq = flag.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Status::InvalidArgument("--log wants ORIGIN=VERIFIER_KEY");
  }
  WitnessedLog log;
  log.origin = std::string(flag.substr(0, eq));
  if (log.origin.find('\n') != std::string::npos ||
      !audit::ValidateNoteText(log.origin + "\n").ok()) {
    return Status::InvalidArgument("--log: invalid origin");
  }
  Result<audit::NoteVerifier> key = audit::NoteVerifier::Parse(flag.substr(eq + 1));
  if (!key.ok()) {
    return Status::InvalidArgument("--log " + log.origin + ": " + key.status().message());
  }
  log.keys.push_back(*std::move(key));
  return log;
}

Result<std::optional<audit::TreeHead>> MemoryWitnessStateStore::Load(const std::string& origin) {
  std::lock_guard lock(mu_);
  auto it = heads_.find(origin);
  if (it == heads_.end()) {
    return std::optional<audit::TreeHead>();
  }
  return std::optional<audit::TreeHead>(it->second);
}

Status MemoryWitnessStateStore::Save(const std::string& origin, const audit::TreeHead& head) {
  std::lock_guard lock(mu_);
  heads_[origin] = head;
  return Status::Ok();
}

std::filesystem::path FileWitnessStateStore::PathFor(const std::string& origin) const {
  return dir_ / ("log-" + HexEncode(crypto::Sha256(origin)));
}

Result<std::optional<audit::TreeHead>> FileWitnessStateStore::Load(const std::string& origin) {
  const std::filesystem::path path = PathFor(origin);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && !ec) {
      return std::optional<audit::TreeHead>();
    }
    return Status::Unavailable("cannot read witness state " + path.string());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const Status bad = Status::DataLoss("witness state " + path.string() + " is malformed");
  std::vector<std::string_view> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      return bad;
    }
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() != 4 || lines[0] != kStateMagic) {
    return bad;
  }
  if (lines[1] != origin) {
    return Status::DataLoss("witness state " + path.string() + " names another origin");
  }
  Result<uint64_t> size = ParseSize(lines[2]);
  Result<audit::Digest> root = audit::DigestFromBase64(lines[3]);
  if (!size.ok() || !root.ok()) {
    return bad;
  }
  return std::optional<audit::TreeHead>(audit::TreeHead{*size, *root});
}

Status FileWitnessStateStore::Save(const std::string& origin, const audit::TreeHead& head) {
  const std::string text = std::string(kStateMagic) + "\n" + origin + "\n" +
                           std::to_string(head.size) + "\n" + Base64Encode(head.root) + "\n";
  return WriteFileAtomic(PathFor(origin), text, 0600);
}

int HttpStatus(Verdict v) {
  switch (v) {
    case Verdict::kCosigned:
      return 200;
    case Verdict::kMalformed:
      return 400;
    case Verdict::kTooLarge:
      return 413;
    case Verdict::kUnknownLog:
      return 404;
    case Verdict::kBadSignature:
      return 403;
    case Verdict::kSizeMismatch:
    case Verdict::kRootMismatch:
      return 409;
    case Verdict::kBadProof:
      return 422;
    case Verdict::kStateUnavailable:
      return 500;
  }
  return 500;
}

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kCosigned:
      return "cosigned";
    case Verdict::kMalformed:
      return "malformed";
    case Verdict::kTooLarge:
      return "too_large";
    case Verdict::kUnknownLog:
      return "unknown_log";
    case Verdict::kBadSignature:
      return "bad_signature";
    case Verdict::kSizeMismatch:
      return "size_mismatch";
    case Verdict::kRootMismatch:
      return "root_mismatch";
    case Verdict::kBadProof:
      return "bad_proof";
    case Verdict::kStateUnavailable:
      return "state_unavailable";
  }
  return "unknown";
}

Witness::Witness(CosignatureSigner signer, std::vector<WitnessedLog> logs, WitnessStateStore& store,
                 const Clock& clock, EvidenceSink evidence)
    : signer_(std::move(signer)),
      logs_(std::move(logs)),
      store_(store),
      clock_(clock),
      evidence_(std::move(evidence)) {}

Outcome Witness::AddCheckpoint(std::string_view body) {
  Result<AddCheckpointRequest> request = ParseAddCheckpoint(body);
  if (!request.ok()) {
    return Refuse(
        request.status().code() == Code::kTooLarge ? Verdict::kTooLarge : Verdict::kMalformed,
        request.status().message());
  }
  Outcome out = Handle(*request);
  if (evidence_ && (out.verdict == Verdict::kSizeMismatch ||
                    out.verdict == Verdict::kRootMismatch || out.verdict == Verdict::kBadProof)) {
    std::lock_guard lock(evidence_mu_);
    evidence_(out.origin, out.verdict, body);
  }
  return out;
}

Outcome Witness::Handle(const AddCheckpointRequest& request) {
  // The origin decides which keys apply: parse the note's text first.
  Result<audit::Note> note = audit::ParseNote(request.checkpoint);
  if (!note.ok()) {
    return Refuse(Verdict::kMalformed, "checkpoint: " + note.status().message());
  }
  Result<audit::Checkpoint> cp = audit::ParseCheckpoint(note->text);
  if (!cp.ok()) {
    return Refuse(Verdict::kMalformed, "checkpoint: " + cp.status().message());
  }
  const std::string& origin = cp->origin;
  const auto log = std::find_if(logs_.begin(), logs_.end(),
                                [&](const WitnessedLog& l) { return l.origin == origin; });
  if (log == logs_.end()) {
    return Refuse(Verdict::kUnknownLog, "unknown log origin");
  }
  Result<audit::SignedCheckpoint> opened =
      audit::OpenCheckpoint(request.checkpoint, origin, log->keys);
  if (!opened.ok()) {
    return Refuse(Verdict::kBadSignature, "no valid signature by the log's key", origin);
  }
  const audit::TreeHead& head = cp->head;
  if (request.old_size > head.size) {
    return Refuse(Verdict::kMalformed, "old size is above the checkpoint size", origin);
  }

  std::lock_guard lock(mu_);
  Result<std::optional<audit::TreeHead>> state = store_.Load(origin);
  if (!state.ok()) {
    return Refuse(Verdict::kStateUnavailable, "witness state unavailable", origin);
  }
  const uint64_t current = state->has_value() ? (*state)->size : 0;
  if (request.old_size != current) {
    return Outcome{Verdict::kSizeMismatch, std::to_string(current) + "\n",
                   std::string(kTlogSizeContentType), origin};
  }
  if (state->has_value() && head.size == current) {
    if (head.root != (*state)->root) {
      return Refuse(Verdict::kRootMismatch,
                    "same size as the checkpoint this witness cosigned, another root", origin);
    }
    if (!request.proof.empty()) {
      return Refuse(Verdict::kBadProof, "the proof between equal sizes is empty", origin);
    }
  } else if (request.old_size == 0) {
    if (!request.proof.empty()) {
      return Refuse(Verdict::kBadProof, "the proof from size 0 is empty", origin);
    }
  } else {
    const Status consistent =
        audit::CheckTree(request.proof, head.size, head.root, current, (*state)->root);
    if (!consistent.ok()) {
      return Refuse(Verdict::kBadProof, "the consistency proof does not verify", origin);
    }
  }
  if (!state->has_value() || **state != head) {
    const Status saved = store_.Save(origin, head);
    if (!saved.ok()) {
      return Refuse(Verdict::kStateUnavailable, "witness state could not be saved", origin);
    }
  }
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch());
  Result<audit::NoteSignature> cosig =
      signer_.Sign(note->text, static_cast<uint64_t>(std::max<int64_t>(0, now.count())));
  if (!cosig.ok()) {
    return Refuse(Verdict::kMalformed, cosig.status().message(), origin);
  }
  return Outcome{Verdict::kCosigned, audit::FormatSignatureLine(*cosig), std::string(kTextPlain),
                 origin};
}

}  // namespace garant::witness
