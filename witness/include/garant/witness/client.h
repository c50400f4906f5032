// The log's side of C2SP tlog-witness: asking one witness to cosign a
// checkpoint. WitnessClient keeps what it learnt of the witness's state (the
// size the witness last cosigned for this log) and handles the protocol:
// send `old <known size>` with the consistency proof from it; on a 409 with
// a text/x.tlog.size body, learn the witness's size and retry once with a
// proof from that size.
//
// The transport is injected (HttpTransport posts over HTTP with a deadline;
// tests pass an in-process Witness). Thread-safety: one thread per client.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/core/status.h"
#include "garant/witness/cosignature.h"

namespace garant::witness {

// What a witness answered (any HTTP status).
struct WitnessResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};
// Posts an add-checkpoint body; kUnavailable when the witness cannot be
// reached or does not answer in time (nothing was learnt).
using Transport = std::function<Result<WitnessResponse>(const std::string& body)>;

// POST <url>/add-checkpoint over http:// (https:// through a reverse proxy
// of the operator's is not supported here: kInvalidArgument at creation).
// `timeout` bounds the connection and each read and write.
Result<Transport> HttpTransport(const std::string& url, std::chrono::milliseconds timeout);

// The consistency proof from `old_size` to the checkpoint's size.
using Prover = std::function<Result<std::vector<audit::Digest>>(uint64_t old_size)>;

struct CosignOutcome {
  enum class Kind {
    kCosigned,     // line holds the verified cosignature line (no newline)
    kRefused,      // 409/422: the witness says the checkpoint is inconsistent with what it saw
    kRejected,     // 400/403/404/other 4xx: the witness does not accept this log or key
    kUnreachable,  // no answer, a 5xx, or an answer that does not verify
  };
  Kind kind = Kind::kUnreachable;
  std::string line;
  uint64_t timestamp = 0;
  int http_status = 0;                   // the last answer's, 0 when none
  std::optional<uint64_t> witness_size;  // what the witness says it has, when it said
  std::string detail;                    // for logs and the audit entry (no secret)
};
std::string_view KindName(CosignOutcome::Kind k);

class WitnessClient {
 public:
  WitnessClient(CosignatureVerifier witness, Transport transport)
      : witness_(std::move(witness)), transport_(std::move(transport)) {}

  // Asks for a cosignature of `signed_note` (the log's checkpoint, whose
  // parsed head is `head`). `prove` gives proofs from an old size.
  CosignOutcome Cosign(const std::string& signed_note, const audit::TreeHead& head,
                       const Prover& prove);

  const CosignatureVerifier& witness() const { return witness_; }
  // The size the witness last cosigned, as far as this client knows.
  std::optional<uint64_t> known_size() const { return known_size_; }

 private:
  CosignOutcome Attempt(const std::string& signed_note, const audit::TreeHead& head,
                        uint64_t old_size, const Prover& prove);

  CosignatureVerifier witness_;
  Transport transport_;
  std::optional<uint64_t> known_size_;
};

}  // namespace garant::witness
