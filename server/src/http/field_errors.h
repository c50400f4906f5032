// The JSON answer to a form or API body whose fields break the identity,
// objection or request rules (consent::FieldError), shared by the JSON APIs
// that take such bodies (objections, rights requests).
#pragma once

#include <vector>

#include "garant/consent/identity.h"
#include "http/exchange.h"

namespace garant::server {

// Sends 400 with the error shape of docs/error-model.md: code
// invalid_argument, the first field's message, and `fields`: every error with
// its field, reason slug, English message and French text (FrenchFieldError).
// `errors` must not be empty.
void SendFieldErrors(HttpExchange& ex, const std::vector<consent::FieldError>& errors);

}  // namespace garant::server
