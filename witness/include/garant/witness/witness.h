// The witness itself (C2SP tlog-witness, https://c2sp.org/tlog-witness):
// for each log it trusts (an origin and the log's verifier keys) it remembers
// the latest checkpoint it cosigned, and cosigns a new checkpoint only if a
// consistency proof shows that one is a prefix of it. See witness/DESIGN.md.
//
// add-checkpoint request body:
//   old <size>\n                 decimal, no leading zeros
//   <base64 hash>\n ...          0 to 63 consistency proof lines
//   \n
//   <signed checkpoint note>
//
// The pure core: no HTTP here (http_server.h serves it). Thread-safety:
// Witness::AddCheckpoint may be called from any thread; the check of the old
// size and the saving of the new head happen under one lock, so two racing
// requests can never roll the witness back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/note.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"
#include "garant/witness/cosignature.h"

namespace garant::witness {

// The spec's limit on consistency proof lines (enough for 64-bit sizes).
inline constexpr size_t kMaxProofLines = 63;
// The largest request body a witness reads (a checkpoint with a few dozen
// signatures and 63 proof lines is well under it).
inline constexpr size_t kMaxRequestBody = 64 * 1024;
// Content type of a 409 answer's body: the witness's current size and "\n".
inline constexpr std::string_view kTlogSizeContentType = "text/x.tlog.size";

struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<audit::Digest> proof;
  std::string checkpoint;  // the signed note, verbatim
  friend bool operator==(const AddCheckpointRequest&, const AddCheckpointRequest&) = default;
};
// Strict parse of a request body (syntax only). kInvalidArgument when
// malformed, kTooLarge over kMaxRequestBody.
Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body);
std::string FormatAddCheckpoint(const AddCheckpointRequest& request);

// A log the witness cosigns: its origin and the keys that sign its checkpoints.
struct WitnessedLog {
  std::string origin;
  std::vector<audit::NoteVerifier> keys;
};
// Parses "ORIGIN=VKEY" (the command line's --log): the log's origin line and
// one of its Ed25519 verifier keys (garant names its key after its origin;
// other logs may not). kInvalidArgument when malformed.
Result<WitnessedLog> ParseLogFlag(std::string_view flag);

// Where a witness keeps, per origin, the latest head it cosigned. Save must
// be durable when it returns.
class WitnessStateStore {
 public:
  virtual ~WitnessStateStore() = default;
  virtual Result<std::optional<audit::TreeHead>> Load(const std::string& origin) = 0;
  virtual Status Save(const std::string& origin, const audit::TreeHead& head) = 0;
};

class MemoryWitnessStateStore final : public WitnessStateStore {
 public:
  Result<std::optional<audit::TreeHead>> Load(const std::string& origin) override;
  Status Save(const std::string& origin, const audit::TreeHead& head) override;

 private:
  std::mutex mu_;
  std::map<std::string, audit::TreeHead> heads_;
};

// One file per origin in a directory: "log-<hex SHA-256(origin)>", text
// "garant-witness-state-v1\n<origin>\n<size>\n<base64 root>\n", written to a
// temporary file, fsynced, renamed over the old one, directory fsynced. A
// missing file: never cosigned. A malformed file, or one naming another
// origin: kDataLoss (never silently reset).
class FileWitnessStateStore final : public WitnessStateStore {
 public:
  explicit FileWitnessStateStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Result<std::optional<audit::TreeHead>> Load(const std::string& origin) override;
  Status Save(const std::string& origin, const audit::TreeHead& head) override;
  std::filesystem::path PathFor(const std::string& origin) const;

 private:
  std::filesystem::path dir_;
};

// What the witness answers. HttpStatus() is the spec's status code.
enum class Verdict {
  kCosigned,         // 200: body holds the cosignature line
  kMalformed,        // 400: unparsable body, old size above the checkpoint size
  kTooLarge,         // 413: body over kMaxRequestBody
  kUnknownLog,       // 404: no log with this origin
  kBadSignature,     // 403: no signature by the log's keys verifies
  kSizeMismatch,     // 409: old size is not the witness's size; body is that size
  kRootMismatch,     // 409: same size as the witness's, another root (a fork)
  kBadProof,         // 422: the consistency proof does not verify (a fork)
  kStateUnavailable  // 500: the state could not be read or saved; nothing cosigned
};
int HttpStatus(Verdict v);
std::string_view VerdictName(Verdict v);

struct Outcome {
  Verdict verdict = Verdict::kMalformed;
  std::string body;          // 200: signature lines; 409: "<size>\n"; else a message
  std::string content_type;  // "text/plain; charset=utf-8" or kTlogSizeContentType
  std::string origin;        // when known
};

class Witness {
 public:
  // Called for each checkpoint the log signed that the witness refused
  // (409 or 422): evidence a log misbehaved (the spec's MAY log it).
  // Calls are serialised by the witness (one at a time, even when requests
  // race), so the sink needs no lock of its own.
  using EvidenceSink =
      std::function<void(const std::string& origin, Verdict, std::string_view body)>;

  // `store` and `clock` must outlive the witness.
  Witness(CosignatureSigner signer, std::vector<WitnessedLog> logs, WitnessStateStore& store,
          const Clock& clock, EvidenceSink evidence = nullptr);

  // Handles one add-checkpoint request body. Never throws.
  Outcome AddCheckpoint(std::string_view body);

  const CosignatureSigner& signer() const { return signer_; }
  const std::vector<WitnessedLog>& logs() const { return logs_; }

 private:
  Outcome Handle(const AddCheckpointRequest& request);

  const CosignatureSigner signer_;
  const std::vector<WitnessedLog> logs_;
  WitnessStateStore& store_;
  const Clock& clock_;
  const EvidenceSink evidence_;
  std::mutex mu_;           // held from the old-size check to the save
  std::mutex evidence_mu_;  // one evidence_ call at a time
};

}  // namespace garant::witness
