// C2SP tlog-proof (https://c2sp.org/tlog-proof): a self-contained, offline
// verifiable proof that an entry is in the log (the receipt a patient or an
// auditor keeps, file extension .tlog-proof).
//
//   c2sp.org/tlog-proof@v1\n
//   [extra <base64>\n]
//   index <N>\n
//   <base64 hash>\n ...        (inclusion proof, leaf's sibling first)
//   \n
//   <signed checkpoint note, verbatim>
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/checkpoint.h"
#include "garant/audit/hash.h"
#include "garant/audit/merkle.h"
#include "garant/audit/note.h"
#include "garant/core/bytes.h"
#include "garant/core/status.h"

namespace garant::audit {

inline constexpr std::string_view kTlogProofHeader = "c2sp.org/tlog-proof@v1";

struct TlogProof {
  std::optional<Bytes> extra;  // unauthenticated application data
  uint64_t index = 0;
  std::vector<Digest> inclusion;
  std::string checkpoint;  // the signed note, verbatim
  friend bool operator==(const TlogProof&, const TlogProof&) = default;
};

std::string FormatTlogProof(const TlogProof& proof);
// Strict parse (syntax only). kInvalidArgument when malformed.
Result<TlogProof> ParseTlogProof(std::string_view text);

// Builds the proof for entry `index` against a signed checkpoint note (its
// size is read from the note; its signature is not checked here).
Result<TlogProof> BuildTlogProof(uint64_t index, std::string signed_checkpoint, HashReader& reader,
                                 std::optional<Bytes> extra = std::nullopt);

// Verifies the checkpoint signature and origin, then the inclusion of an
// entry whose leaf hash is `leaf_hash` at proof.index. Returns the checkpoint.
// kDataLoss when the inclusion proof does not verify.
Result<Checkpoint> VerifyTlogProof(const TlogProof& proof, const Digest& leaf_hash,
                                   std::string_view origin,
                                   std::span<const NoteVerifier> verifiers);

}  // namespace garant::audit
