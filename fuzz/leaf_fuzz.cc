// Audit leaf decoding (audit/include/garant/audit/leaf.h, format v1).
// Invariants: one encoding per event, so an accepted leaf encodes back to the
// very same bytes (EncodeLeaf(DecodeLeaf(b)) == b), and the decoded event is
// valid; the time parser accepts only what the formatter writes.
#include "fuzz_check.h"
#include "garant/audit/leaf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  garant::ByteView leaf(data, size);
  auto event = garant::audit::DecodeLeaf(leaf);
  if (event.ok()) {
    FUZZ_CHECK(garant::audit::ValidateEvent(*event).ok());
    auto encoded = garant::audit::EncodeLeaf(*event);
    FUZZ_CHECK(encoded.ok());
    FUZZ_CHECK(garant::Bytes(leaf.begin(), leaf.end()) == *encoded);
  } else {
    auto code = event.status().code();
    FUZZ_CHECK(code == garant::Code::kInvalidArgument || code == garant::Code::kTooLarge);
  }
  std::string_view text = garant::fuzz::AsText(data, size);
  auto time = garant::audit::ParseLeafTime(text);
  if (time.ok()) FUZZ_CHECK(garant::audit::FormatLeafTime(*time) == text);
  return 0;
}
