// .tlog-proof files (C2SP tlog-proof): the receipt a patient or an auditor
// brings back, read by the verifier. Invariants: the parse is strict, so an
// accepted file formats back to itself; no proof verifies for a leaf hash of
// zeros; a verified proof's index lies inside its checkpoint's tree.
#include <array>

#include "fuzz_check.h"
#include "garant/audit/hash.h"
#include "garant/audit/tlog_proof.h"

namespace audit = garant::audit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = garant::fuzz::AsText(data, size);
  auto proof = audit::ParseTlogProof(text);
  if (!proof.ok()) {
    FUZZ_CHECK(proof.status().code() == garant::Code::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(audit::FormatTlogProof(*proof) == text);
  static const audit::NoteVerifier verifier = [] {
    garant::crypto::Ed25519Seed seed{};
    seed.fill(9);
    return audit::NoteSigner::Ed25519("fuzz.example/log", seed)->Verifier();
  }();
  const std::array<audit::NoteVerifier, 1> verifiers = {verifier};
  // No entry hashes to zeros: nothing proves its inclusion.
  garant::crypto::Digest zeros{};
  FUZZ_CHECK(!audit::VerifyTlogProof(*proof, zeros, "fuzz.example/log", verifiers).ok());
  // The seeds prove entries "a", "b" and "c" (fuzz/make_seeds.py): the full check.
  for (std::string_view entry : {"a", "b", "c"}) {
    auto cp = audit::VerifyTlogProof(*proof, audit::LeafHash(garant::AsBytes(entry)),
                                     "fuzz.example/log", verifiers);
    if (cp.ok()) FUZZ_CHECK(proof->index < cp->head.size);
  }
  return 0;
}
