// Audit log leaves, format v1 (grammar in audit/DESIGN.md, "Leaf format v1").
//
// A leaf is the exact byte string stored in the log and hashed into the tree:
//
//   garant-audit-v1\n
//   id 0b7e4c1e-3f1a-4c53-9d55-6f3b2a8e9c10\n
//   type objection.created\n
//   time 2026-11-28T17:20:51.123456Z\n
//   actor staff:42\n
//   object objection/R-7KD2-PQ\n
//   \n
//   {"channel":"web"}
//
// Everything to be protected is inside the leaf. The leaf is never
// re-serialised: the stored bytes are the record. DecodeLeaf accepts exactly
// the byte strings EncodeLeaf produces (one encoding per event), so
// DecodeLeaf(EncodeLeaf(e)) == e and EncodeLeaf(DecodeLeaf(b)) == b.
//
// Pure functions, thread-safe. Errors: kInvalidArgument for a malformed event
// or leaf, kTooLarge for a leaf over kMaxLeafSize.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "garant/core/bytes.h"
#include "garant/core/clock.h"
#include "garant/core/status.h"

namespace garant::audit {

// The first line of every v1 leaf.
inline constexpr std::string_view kLeafMagicV1 = "garant-audit-v1";
// A leaf is at most 65,535 bytes: C2SP tlog-tiles entry bundles prefix each
// entry with a big-endian uint16 length.
inline constexpr size_t kMaxLeafSize = 65535;
inline constexpr size_t kMaxTypeSize = 128;
inline constexpr size_t kMaxActorIdSize = 64;
inline constexpr size_t kMaxObjectSize = 1024;

// One audit event. Field rules (checked by ValidateEvent):
// - id: a UUID in canonical lowercase form (8-4-4-4-12 hex digits);
// - type: dot-separated segments of [a-z0-9_-], each starting with a letter,
//   e.g. "objection.created", "access.query", "staff.login";
// - time: UTC, microsecond precision, years 1970 to 9999;
// - actor: "public", "staff:<id>" or "service:<id>", id of [A-Za-z0-9._-];
// - object: a reference (may be empty), UTF-8 without control characters;
// - payload: a JSON text (RFC 8259, UTF-8), stored as given.
struct Event {
  std::string id;
  std::string type;
  TimePoint time{};
  std::string actor;
  std::string object;
  std::string payload = "{}";

  friend bool operator==(const Event&, const Event&) = default;
};

// Checks every field rule and the encoded size. Returns the first violation.
Status ValidateEvent(const Event& event);
// The v1 leaf bytes of a valid event.
Result<Bytes> EncodeLeaf(const Event& event);
// Parses a v1 leaf. Strict: wrong magic or version, a missing, repeated or
// reordered field, a non-canonical value, invalid UTF-8, a payload that is not
// JSON, trailing garbage, or more than kMaxLeafSize bytes are all rejected.
Result<Event> DecodeLeaf(ByteView leaf);

// Leaf time format: "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always 6 fractional digits).
std::string FormatLeafTime(TimePoint t);
Result<TimePoint> ParseLeafTime(std::string_view s);

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace garant::audit
