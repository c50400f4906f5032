// Internal to the filter: a validating, allocation-free scanner for one JSON
// Lines record (one JSON object), fast enough for millions of records per
// second. It checks the whole text against RFC 8259 (strings, escapes,
// numbers, nesting up to kMaxDepth, nothing after the object), decodes the
// string values of the members the caller asks for, and reports every
// member's byte range, so that the output record is the input's own bytes
// with some members left out (no re-serialisation).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace garant::consent::internal {

inline constexpr int kMaxJsonDepth = 32;

struct JsonMember {
  size_t begin = 0;  // offset of the key's opening quote
  size_t end = 0;    // offset just past the value
  int field = -1;    // index into the wanted names, or -1
};

// The wanted top-level members: their decoded string values.
struct WantedValue {
  enum class Kind { kAbsent, kNull, kString, kOther };
  Kind kind = Kind::kAbsent;
  std::string value;  // decoded UTF-8 when kind == kString (capacity reused)
  int count = 0;      // how many times the key appeared
};

class JsonRecordScanner {
 public:
  // names: the top-level keys whose values are wanted (at most 16).
  explicit JsonRecordScanner(std::vector<std::string> names);

  // Scans `line`. On success fills members() and wanted(i) and returns true;
  // on failure returns false and sets *error (English, quotes no value).
  bool Scan(std::string_view line, std::string* error);

  const std::vector<JsonMember>& members() const { return members_; }
  const WantedValue& wanted(size_t i) const { return wanted_[i]; }
  // Swaps wanted(i).value with *other (no copy; the next Scan overwrites the
  // value anyway, and reuses whichever buffer it then holds).
  void SwapValue(size_t i, std::string* other) { wanted_[i].value.swap(*other); }
  size_t wanted_count() const { return names_.size(); }

 private:
  bool Fail(const char* why);
  void SkipWs();
  // Parses a string at pos_ (which holds '"'); decodes into *out when given.
  bool ParseString(std::string* out);
  bool ParseNumber();
  bool ParseLiteral(std::string_view word);
  bool SkipValue(int depth);
  int MatchName(std::string_view raw_key, bool has_escape, std::string* scratch) const;

  std::vector<std::string> names_;
  std::vector<WantedValue> wanted_;
  std::vector<JsonMember> members_;
  std::string key_scratch_;
  std::string_view s_;
  size_t pos_ = 0;
  std::string* error_ = nullptr;
  bool saw_escape_ = false;  // the last ParseString met a backslash
};

}  // namespace garant::consent::internal
