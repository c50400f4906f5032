// Signed notes and checkpoints (C2SP signed-note, tlog-checkpoint): what a
// verifier (garant audit verify, a witness) reads from the network.
// Invariants: a parsed note formats to a note that parses to the same thing;
// an accepted checkpoint text formats back to itself; OpenNote accepts only
// a note the fixed key signed, and any checkpoint once the key signs it.
#include <array>

#include "fuzz_check.h"
#include "garant/audit/checkpoint.h"
#include "garant/audit/note.h"

namespace audit = garant::audit;

namespace {

const audit::NoteSigner& Signer() {
  static const audit::NoteSigner signer = [] {
    garant::crypto::Ed25519Seed seed{};
    seed.fill(7);
    return *audit::NoteSigner::Ed25519("fuzz.example/log", seed);
  }();
  return signer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view message = garant::fuzz::AsText(data, size);
  const std::array<audit::NoteVerifier, 1> verifiers = {Signer().Verifier()};

  auto note = audit::ParseNote(message);
  if (note.ok()) {
    auto formatted = audit::FormatNote(*note);
    if (formatted.ok()) {
      auto again = audit::ParseNote(*formatted);
      FUZZ_CHECK(again.ok() && again->text == note->text && again->signatures == note->signatures);
    }
  }
  // Opened only with the fixed key's signature (the seeds carry one), over
  // exactly the text ParseNote finds.
  auto opened = audit::OpenNote(message, verifiers);
  if (opened.ok()) {
    FUZZ_CHECK(note.ok() && opened->text == note->text && !opened->verified.empty());
    FUZZ_CHECK(opened->verified[0].key_id == Signer().key_id());
  }

  // The message as a checkpoint text (the note's body).
  auto checkpoint = audit::ParseCheckpoint(message);
  if (checkpoint.ok()) {
    auto text = audit::FormatCheckpoint(*checkpoint);
    FUZZ_CHECK(text.ok() && *text == message);
    // Signed by the fixed key, it opens, for its own origin only.
    const std::array<audit::NoteSigner, 1> signers = {Signer()};
    auto signed_note = audit::SignNote(*text, signers);
    FUZZ_CHECK(signed_note.ok());
    auto open = audit::OpenCheckpoint(*signed_note, checkpoint->origin, verifiers);
    FUZZ_CHECK(open.ok() && open->checkpoint == *checkpoint);
    FUZZ_CHECK(!audit::OpenCheckpoint(*signed_note, checkpoint->origin + "x", verifiers).ok());
  } else if (note.ok()) {
    (void)audit::OpenCheckpoint(message, "fuzz.example/log", verifiers);
  }
  (void)audit::NoteVerifier::Parse(message);
  (void)audit::NoteSigner::Parse(message);
  return 0;
}
