// What the objection handlers share (objections/routes.cc, objections/api.cc):
// the store, the receipt-guessing throttle and the per-address limit of the
// public forms. Built once by AddObjectionRoutes; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "garant/audit/log_store.h"
#include "garant/consent/exclusion_store.h"
#include "garant/consent/objection_store.h"
#include "http/router.h"
#include "http/staff_names.h"
#include "objections/rate_limit.h"
#include "services.h"

namespace ctemplate {
class TemplateDictionary;
}

namespace garant::server {

struct ObjectionContext {
  explicit ObjectionContext(Services& s);

  Services& services;
  consent::ObjectionStore store;
  consent::ExclusionStore lists;  // read-only here: where an objection was published
  // Wrong receipt codes, per reference and per address (LoginThrottle's rules).
  LoginThrottle receipt_throttle;
  // Submissions of the public forms, per address.
  SubmissionLimiter limiter;
};

// JSON API: POST/GET /api/v1/objections, GET /api/v1/objections/{reference}.
void AddObjectionApiRoutes(Router& router, const std::shared_ptr<ObjectionContext>& ctx);
// Staff console pages under /console/oppositions.
void AddObjectionConsoleRoutes(Router& router, const std::shared_ptr<ObjectionContext>& ctx);

// Fills the exclusion-list sections of a page (LIST_VERSION or LIST_PENDING,
// CONSUMERS/CONSUMER with APPLIED or NOT_APPLIED) for objection `o`. Best
// effort: on a read failure it logs and fills nothing, so the objection's own
// state is still shown.
void FillDelivery(ObjectionContext& c, const consent::Objection& o,
                  ctemplate::TemplateDictionary& d);

// The staff account id of a staff principal (its id is the decimal
// staff_accounts.id), or nullopt.
std::optional<int64_t> StaffAccountId(const Principal& p);

}  // namespace garant::server
