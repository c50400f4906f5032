#include "objections/submission.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "http/idempotency_key.h"
#include "http/pages.h"
#include "objections/forms.h"

namespace garant::server {

std::string NewSubmissionKey(Random& random) { return random.Hex(16); }

Result<Submission> TakeSubmission(HttpExchange& ex, consent::ObjectionStore& store,
                                  const std::map<std::string, std::string>& fields,
                                  std::string actor) {
  Submission out;
  auto key = fields.find(std::string(kSubmissionKeyField));
  if (key == fields.end()) return out;
  GARANT_RETURN_IF_ERROR(consent::CheckIdempotencyKey(key->second));
  boost::json::object values;
  for (const auto& [name, value] : fields) {
    if (name == kSubmissionKeyField || name == "csrf_token") continue;
    values[name] = value;
  }
  consent::IdempotencyRequest& req = out.request.emplace();
  req.actor = std::move(actor);
  req.route = ex.method() + " " + ex.path();
  req.key = key->second;
  req.request_sha256 = CanonicalJsonSha256(values);
  GARANT_ASSIGN_OR_RETURN(std::optional<consent::KeyedAnswer> found, store.FindKeyedAnswer(req));
  if (!found) return out;
  spdlog::info("objection form sent again, its receipt page shown again objection_id={}",
               found->objection_id);
  ex.SetHeader("Cache-Control", "no-store");
  ex.SendHtml(found->answer.status, PageForSending(found->answer.body, ex.principal().csrf_token));
  out.answered = true;
  return out;
}

Status RecordAndSendReceipt(HttpExchange& ex, consent::ObjectionStore& store,
                            const consent::NewObjection& o, std::string_view actor,
                            const std::optional<consent::IdempotencyRequest>& req, bool staff) {
  ex.SetHeader("Cache-Control", "no-store");
  if (!req) {
    GARANT_ASSIGN_OR_RETURN(consent::Receipt receipt, store.Create(o, actor));
    spdlog::info("objection recorded reference={} channel={} subject={}",
                 receipt.objection.reference, consent::Name(o.channel), consent::Name(o.subject));
    ex.SendHtml(200, RenderReceipt(receipt, staff, ex.principal()));
    return Status::Ok();
  }
  const std::string& csrf_token = ex.principal().csrf_token;
  GARANT_ASSIGN_OR_RETURN(
      consent::KeyedAnswer keyed, store.CreateWithKey(o, *req, [&](const consent::Receipt& r) {
        return consent::StoredAnswer{
            200, PageForKeeping(RenderReceipt(r, staff, ex.principal()), csrf_token)};
      }));
  spdlog::info("objection {} objection_id={} channel={} subject={}",
               keyed.replayed ? "form sent again, its receipt page shown again" : "recorded",
               keyed.objection_id, consent::Name(o.channel), consent::Name(o.subject));
  ex.SendHtml(keyed.answer.status, PageForSending(keyed.answer.body, csrf_token));
  return Status::Ok();
}

}  // namespace garant::server
