#include "http/field_errors.h"

#include <boost/json.hpp>

#include "http/reasons_fr.h"

namespace garant::server {

void SendFieldErrors(HttpExchange& ex, const std::vector<consent::FieldError>& errors) {
  boost::json::array fields;
  for (const auto& e : errors) {
    fields.push_back({{"field", e.field},
                      {"reason", e.reason},
                      {"message", e.message},
                      {"message_fr", FrenchFieldError(e)}});
  }
  boost::json::object err;
  err["code"] = "invalid_argument";
  err["message"] = errors.front().field + ": " + errors.front().message;
  err["fields"] = std::move(fields);
  ex.SendJson(400, {{"error", std::move(err)}});
}

}  // namespace garant::server
