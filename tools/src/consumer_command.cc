// garant consumer add|list|disable: the ingestion endpoints that receive the
// exclusion lists (docs/exclusion-lists.md §5).
#include <iostream>

#include "cli.h"
#include "garant/consent/exclusion_store.h"
#include "garant/core/clock.h"

namespace garant::cli {
namespace {
constexpr const char* kUsage =
    "usage:\n"
    "  garant consumer add NAME [URL]   register a consumer; NAME is also the name of the\n"
    "                                   ingestion service token it acknowledges with; without\n"
    "                                   URL it only pulls (GET /api/v1/exclusions/current)\n"
    "  garant consumer list             versions delivered and acknowledged, purges, lag\n"
    "  garant consumer disable NAME\n"
    "database: --data-dir DIR (garantd --dev), --config FILE or GARANT_DATABASE_URL\n";
}  // namespace

int ConsumerCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok() || parsed->words.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  const std::string& verb = a.words[0];
  const size_t n = a.words.size();
  const bool ok_shape = (verb == "add" && (n == 2 || n == 3)) || (verb == "list" && n == 1) ||
                        (verb == "disable" && n == 2);
  if (!ok_shape) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (verb == "add") {
    // Check before touching the database.
    if (!consent::IsValidConsumerName(a.words[1])) {
      std::cerr << "garant: consumer name: 1 to 64 characters of A-Z a-z 0-9 . _ -\n";
      return kExitUsage;
    }
    if (n == 3 && !consent::IsValidConsumerUrl(a.words[2])) {
      std::cerr << "garant: consumer URL: must be http:// or https://, without spaces\n";
      return kExitUsage;
    }
    // http:// only on the embedded cluster of garantd --dev (--data-dir).
    if (n == 3 && !consent::IsAllowedConsumerUrl(a.words[2], a.Has("data-dir"))) {
      std::cerr << "garant: consumer URL: must be https:// (http:// only with --data-dir, "
                   "for garantd --dev)\n";
      return kExitUsage;
    }
  }
  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  consent::ExclusionStore store((*db)->pool());
  if (verb == "add") {
    std::optional<std::string> url;
    if (n == 3) url = a.words[2];
    auto id = store.AddConsumer((*db)->recorder(), a.words[1], url);
    if (!id.ok()) return Fail(id.status());
    std::cout << "consumer " << a.words[1] << " added"
              << (url ? " (lists are pushed to " + *url + ")" : " (pull only)") << "\n";
    return kExitOk;
  }
  if (verb == "disable") {
    Status st = store.DisableConsumer((*db)->recorder(), a.words[1]);
    if (!st.ok()) return Fail(st);
    std::cout << "consumer " << a.words[1] << " disabled\n";
    return kExitOk;
  }
  auto list = store.Consumers(SystemClock::Instance().Now());
  if (!list.ok()) return Fail(list.status());
  std::cout << "NAME\tURL\tDELIVERED\tACKED\tACKED_KEY\tPURGED\tLAG_VERSIONS\tLAST_ERROR\n";
  for (const auto& c : *list) {
    std::cout << c.name << (c.disabled ? " (disabled)" : "") << "\t" << c.url.value_or("-") << "\t"
              << (c.delivered_version ? std::to_string(*c.delivered_version) : "-") << "\t"
              << (c.acked_version ? std::to_string(*c.acked_version) : "-") << "\t"
              << c.acked_key_id.value_or("-") << "\t" << c.purged_total << "\t" << c.lag_versions
              << "\t" << c.last_error.value_or("-") << "\n";
  }
  return kExitOk;
}

}  // namespace garant::cli
