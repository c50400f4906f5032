// JSON request-body helpers over Boost.JSON, for the HTTP layer.
//
// ParseJsonObject turns an untrusted body into a JSON object, or a
// kInvalidArgument Status whose message (English, safe to return to the
// client) says what is wrong. JsonFields then reads typed fields and rejects
// fields nobody asked for:
//
//   GARANT_ASSIGN_OR_RETURN(boost::json::object obj, ParseJsonObject(body));
//   JsonFields fields(obj);
//   GARANT_ASSIGN_OR_RETURN(std::string subject, fields.RequiredString("subject", 200));
//   GARANT_ASSIGN_OR_RETURN(std::optional<bool> notify, fields.OptionalBool("notify"));
//   GARANT_RETURN_IF_ERROR(fields.RejectUnknown());
//
// Thread-safety: free functions are thread-safe; a JsonFields is used by one
// thread at a time.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"

namespace garant {

inline constexpr size_t kDefaultJsonMaxDepth = 32;

// Parses body as one JSON object (RFC 8259). Fails with kInvalidArgument when:
//   - body is not valid UTF-8 (IsValidUtf8, checked before parsing);
//   - body is not well-formed JSON (no comments, no trailing commas, nothing
//     after the value); the message gives the byte offset;
//   - arrays/objects nest deeper than max_depth (the top object is depth 1);
//   - the top-level value is not an object;
//   - an object, at any depth, has the same key twice (Boost.JSON would keep
//     the last one silently; we refuse the ambiguity).
// Body size limits are the caller's job (kTooLarge before calling this).
Result<boost::json::object> ParseJsonObject(std::string_view body,
                                            size_t max_depth = kDefaultJsonMaxDepth);

// Typed, strict access to the fields of one JSON object.
//
// Each getter marks its key as known (whether present or not); RejectUnknown
// then fails on the first field, in document order, that no getter asked
// for. Every error is kInvalidArgument and names the field, e.g.
// "field 'subject' must be a string".
//
// Strings: must be valid UTF-8 and contain no NUL (U+0000; PostgreSQL text
// cannot store it); max_len is in bytes of UTF-8.
// Integers: JSON numbers written without fraction or exponent that fit in
// int64_t and lie in [min, max]; 1.0 and 1e3 are rejected.
// Optional getters: an absent field and a field set to null both give
// std::nullopt. Required getters reject both.
//
// Does not own the object: it must outlive the JsonFields.
class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}
  // A temporary would dangle: parse into a named object first.
  explicit JsonFields(boost::json::object&&) = delete;

  Result<std::string> RequiredString(std::string_view key, size_t max_len);
  Result<std::optional<std::string>> OptionalString(std::string_view key, size_t max_len);

  Result<int64_t> RequiredInt(std::string_view key,
                              int64_t min = std::numeric_limits<int64_t>::min(),
                              int64_t max = std::numeric_limits<int64_t>::max());
  Result<std::optional<int64_t>> OptionalInt(std::string_view key,
                                             int64_t min = std::numeric_limits<int64_t>::min(),
                                             int64_t max = std::numeric_limits<int64_t>::max());

  Result<bool> RequiredBool(std::string_view key);
  Result<std::optional<bool>> OptionalBool(std::string_view key);

  // An array of strings, each checked as by RequiredString; at most
  // max_items elements. Absent or null gives std::nullopt.
  Result<std::optional<std::vector<std::string>>> OptionalStringArray(std::string_view key,
                                                                      size_t max_items,
                                                                      size_t max_len);

  // A nested object (read it with its own JsonFields). The pointer refers into
  // the object given to the constructor.
  Result<const boost::json::object*> RequiredObject(std::string_view key);

  // kInvalidArgument "unknown field 'x'" for the first field no getter asked
  // for; ok otherwise.
  Status RejectUnknown() const;

 private:
  // Marks key as known and returns its value, or nullptr when absent.
  const boost::json::value* Find(std::string_view key);

  const boost::json::object& object_;
  std::vector<std::string> known_;
};

}  // namespace garant
