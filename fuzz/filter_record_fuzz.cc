// The ingestion filter's record scanner (consent/src/filter_json.h) and the
// filter over JSON Lines and CSV streams (garant filter). Invariants: the
// scanner accepts only what a full JSON parser (Boost.JSON) reads as one
// object; a kept record is itself one JSON object without any identity field;
// every input line is counted exactly once.
#include <boost/json.hpp>
#include <sstream>

#include "filter_json.h"
#include "fuzz_check.h"
#include "garant/consent/filter.h"

namespace consent = garant::consent;

namespace {

consent::RecordFilter& Filter() {
  static const consent::ExclusionIndex index = consent::ExclusionIndex::FromTokens({});
  static const consent::PseudonymKey key = [] {
    consent::PseudonymKey k{};
    k.fill(3);
    return k;
  }();
  // One filter for the whole run, as a stream uses one (its buffers reused).
  static consent::RecordFilter filter(index, key, [] {
    consent::FilterOptions options;
    options.current_year = 2026;
    return options;
  }());
  return filter;
}

void RunStream(std::string_view text, consent::RecordFormat format) {
  std::istringstream in{std::string(text)};
  std::ostringstream kept, rejects;
  auto report = consent::FilterStream(Filter(), format, in, kept, rejects);
  if (report.ok()) {
    const consent::FilterCounts& c = report->counts;
    FUZZ_CHECK(c.kept + c.excluded + c.rejected == c.records);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = garant::fuzz::AsText(data, size);
  // A first byte 0x00 (JSON Lines) or 0x01 (CSV): the rest is a whole
  // stream. Only then, as FilterStream allocates a 1 MiB read buffer per call
  // (a page-faulting mmap under ASan: 60 ms an input).
  if (size > 0 && data[0] <= 1) {
    RunStream(text.substr(1),
              data[0] == 0 ? consent::RecordFormat::kJsonLines : consent::RecordFormat::kCsv);
    return 0;
  }
  static consent::internal::JsonRecordScanner scanner(
      {"birth_name", "used_name", "given_names", "birth_date", "sex", "ins", "birth_place"});
  std::string error;
  if (scanner.Scan(text, &error)) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    FUZZ_CHECK(!ec && v.is_object());
    for (const auto& m : scanner.members()) FUZZ_CHECK(m.begin < m.end && m.end <= text.size());
  }

  consent::RecordFilter& filter = Filter();
  std::string out, reason;
  if (filter.FilterJson(text, &out, &reason) == consent::FilterOutcome::kKept) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(out, ec);
    FUZZ_CHECK(!ec && v.is_object());
    FUZZ_CHECK(!v.as_object().contains("birth_name") && v.as_object().contains("person_token"));
  }
  return 0;
}
