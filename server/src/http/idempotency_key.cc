#include "http/idempotency_key.h"

#include <algorithm>
#include <boost/json.hpp>
#include <utility>
#include <vector>

#include "garant/consent/idempotency.h"

namespace garant::server {
namespace {

Status Invalid(std::string message) {
  return Status::InvalidArgument("Idempotency-Key: " + std::move(message))
      .WithReason(std::string(consent::kReasonIdempotencyKeyInvalid));
}

void AppendCanonical(const boost::json::value& v, std::string* out) {
  if (v.is_object()) {
    const boost::json::object& o = v.get_object();
    std::vector<const boost::json::key_value_pair*> members;
    members.reserve(o.size());
    for (const auto& m : o) members.push_back(&m);
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out->push_back('{');
    for (size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out->push_back(',');
      *out += boost::json::serialize(boost::json::value(members[i]->key()));
      out->push_back(':');
      AppendCanonical(members[i]->value(), out);
    }
    out->push_back('}');
    return;
  }
  if (v.is_array()) {
    const boost::json::array& a = v.get_array();
    out->push_back('[');
    for (size_t i = 0; i < a.size(); ++i) {
      if (i > 0) out->push_back(',');
      AppendCanonical(a[i], out);
    }
    out->push_back(']');
    return;
  }
  *out += boost::json::serialize(v);
}

}  // namespace

Result<std::string> ParseIdempotencyKey(std::string_view value) {
  if (value.empty()) return Invalid("must not be empty");
  if (value.front() != '"') {
    GARANT_RETURN_IF_ERROR(consent::CheckIdempotencyKey(value));
    return std::string(value);
  }
  // A Structured Field string (RFC 8941 §3.3.3).
  std::string key;
  size_t i = 1;
  for (; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '"') break;
    if (c == '\\') {
      if (i + 1 == value.size() || (value[i + 1] != '"' && value[i + 1] != '\\')) {
        return Invalid("in a quoted key, a backslash escapes only '\"' or '\\'");
      }
      key.push_back(value[++i]);
      continue;
    }
    key.push_back(c);
  }
  if (i == value.size()) return Invalid("a quoted key must end with '\"'");
  if (i + 1 != value.size()) return Invalid("nothing may follow the quoted key");
  GARANT_RETURN_IF_ERROR(consent::CheckIdempotencyKey(key));
  return key;
}

Result<std::optional<std::string>> IdempotencyKeyOf(const HttpExchange& ex) {
  const std::vector<std::string> h = ex.HeaderValues(std::string(kIdempotencyKeyHeader));
  if (h.empty()) return std::optional<std::string>();
  // One key per request: two header lines would leave the retry's meaning
  // to whichever one a proxy keeps.
  if (h.size() > 1) return Invalid("sent more than once: send one key per request");
  GARANT_ASSIGN_OR_RETURN(std::string key, ParseIdempotencyKey(h.front()));
  return std::optional<std::string>(std::move(key));
}

std::string CanonicalJson(const boost::json::value& v) {
  std::string out;
  AppendCanonical(v, &out);
  return out;
}

crypto::Digest CanonicalJsonSha256(const boost::json::value& v) {
  return crypto::Sha256(CanonicalJson(v));
}

Status KeyRefusal(Status status) {
  if (status.reason() != consent::kReasonIdempotencyKeyReused) return status;
  return {Code::kUnprocessableContent, status.message(), status.reason()};
}

}  // namespace garant::server
