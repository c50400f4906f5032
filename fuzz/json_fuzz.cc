// JSON request bodies: ParseJsonObject, then JsonFields' typed getters on
// every field (as handlers read them), then RejectUnknown.
// Invariants: an accepted body is an object that serialises and parses back;
// a getter never throws, whatever the field's type, and honours its bounds.
#include <boost/json.hpp>

#include "fuzz_check.h"
#include "garant/core/json.h"

using garant::JsonFields;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body = garant::fuzz::AsText(data, size);
  auto parsed = garant::ParseJsonObject(body);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == garant::Code::kInvalidArgument);
    return 0;
  }
  const boost::json::object& obj = *parsed;
  // Serialised, it parses again to as many fields (not compared value by
  // value: Boost.JSON 1.81 parses doubles to within one ulp, so a double may
  // not come back bit for bit; garant reads no double from a body).
  auto again = garant::ParseJsonObject(boost::json::serialize(obj));
  FUZZ_CHECK(again.ok() && again->size() == obj.size());

  // Each getter on each key, each on a fresh JsonFields (a getter marks its
  // key as known whatever the value's type).
  for (const auto& member : obj) {
    std::string_view key = member.key();
    {
      JsonFields f(obj);
      auto s = f.RequiredString(key, 64);
      if (s.ok()) FUZZ_CHECK(s->size() <= 64 && s->find('\0') == std::string::npos);
      FUZZ_CHECK(f.OptionalString(key, 64).ok() == s.ok() || member.value().is_null());
    }
    {
      JsonFields f(obj);
      auto i = f.OptionalInt(key, -1000, 1000);
      if (i.ok() && i->has_value()) FUZZ_CHECK(**i >= -1000 && **i <= 1000);
      (void)f.RequiredInt(key);
      (void)f.OptionalBool(key);
      (void)f.RequiredBool(key);
    }
    {
      JsonFields f(obj);
      auto a = f.OptionalStringArray(key, 4, 16);
      if (a.ok() && a->has_value()) {
        FUZZ_CHECK((*a)->size() <= 4);
        for (const std::string& s : **a) FUZZ_CHECK(s.size() <= 16);
      }
      auto o = f.RequiredObject(key);
      if (o.ok()) {
        JsonFields inner(**o);
        FUZZ_CHECK(inner.RejectUnknown().ok() == (*o)->empty());
      }
    }
  }
  JsonFields none(obj);
  FUZZ_CHECK(none.RejectUnknown().ok() == obj.empty());
  return 0;
}
