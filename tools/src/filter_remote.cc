#include "filter_remote.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <thread>

#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::cli {

Result<std::string> FetchCurrentList(const GarantdClient& client,
                                     std::string_view pseudonym_key_id) {
  return client.Get("/api/v1/exclusions/current?pseudonym_key_id=" + std::string(pseudonym_key_id));
}

std::string FilterRunEventId(const FilterRunFacts& run) {
  const std::string seed = "garant-filter-run-v1|" + run.input_sha256 + "|" +
                           std::to_string(run.list.version) + "|" + run.list.digest + "|" +
                           run.list.pseudonym_key_id + "|" + run.project.value_or("") + "|" +
                           run.record_format + "|" + run.started_at;
  std::string h = HexEncode(crypto::Sha256(seed)).substr(0, 32);
  h[12] = '8';                               // UUID version 8 (custom)
  h[16] = "89ab"[HexDigitValue(h[16]) & 3];  // RFC 9562 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string FilterRunEventsBody(const FilterRunFacts& run) {
  boost::json::object payload;
  payload["list_version"] = run.list.version;
  payload["list_digest"] = run.list.digest;
  payload["list_issued_at"] = run.list.issued_at;
  payload["pseudonym_key_id"] = run.list.pseudonym_key_id;
  payload["signing_key_id"] = run.list.signing_key_id;
  payload["project"] = run.project ? boost::json::value(*run.project) : boost::json::value();
  payload["record_format"] = run.record_format;
  payload["input_sha256"] = run.input_sha256;
  payload["records"] = run.counts.records;
  payload["kept"] = run.counts.kept;
  payload["excluded"] = run.counts.excluded;
  payload["rejected"] = run.counts.rejected;
  payload["rpps_field"] = run.rpps_field;
  payload["rpps_tokenised"] = run.counts.rpps_tokenised;
  payload["professional_flagged"] = run.counts.professional_flagged;
  payload["started_at"] = run.started_at;
  payload["finished_at"] = run.finished_at;
  boost::json::object event;
  event["id"] = FilterRunEventId(run);
  event["type"] = "filter.run";
  event["time"] = run.started_at;
  event["object"] = "exclusion-list/" + std::to_string(run.list.version);
  event["payload"] = std::move(payload);
  boost::json::array events;
  events.push_back(std::move(event));
  return boost::json::serialize(boost::json::object{{"events", std::move(events)}});
}

Result<RecordedRun> RecordFilterRun(const GarantdClient& client, const FilterRunFacts& run) {
  RecordedRun out;
  out.event_id = FilterRunEventId(run);
  const std::string body = FilterRunEventsBody(run);
  Result<std::string> answer = Status::Unavailable("not sent");
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::seconds(attempt));
    answer = client.PostJson("/api/v1/audit/events", body);
    if (answer.ok() || answer.status().code() != Code::kUnavailable) break;
  }
  if (!answer.ok()) return answer.status();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*answer, ec);
  if (!ec && v.is_object()) {
    const auto* indexes = v.as_object().if_contains("indexes");
    if (indexes != nullptr && indexes->is_array() && indexes->as_array().size() == 1) {
      const boost::json::value& n = indexes->as_array()[0];
      if (n.is_uint64()) out.index = n.as_uint64();
      if (n.is_int64() && n.as_int64() >= 0) out.index = static_cast<uint64_t>(n.as_int64());
    }
  }
  return out;
}

}  // namespace garant::cli
