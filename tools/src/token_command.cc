// garant token create|list|revoke
#include <chrono>
#include <iostream>
#include <optional>

#include "cli.h"
#include "garant/core/clock.h"
#include "garant/core/random.h"
#include "garant/staff/accounts.h"

namespace garant::cli {
namespace {
constexpr const char* kUsage =
    "usage:\n"
    "  garant token create NAME --role ingestion|warehouse|auditor [--expires-in 90d]\n"
    "    (the secret is printed once; --expires-in N d|h: refused after N days or hours)\n"
    "    auditor: an external audit tool; reads the audit trail and the log's entry bundles\n"
    "    (garant audit verify URL --token-file F), and writes nothing\n"
    "  garant token list\n"
    "  garant token revoke TOKEN_ID\n"
    "database: --data-dir DIR (garantd --dev), --config FILE or GARANT_DATABASE_URL\n";
// "90d" → 90 days, "12h" → 12 hours (1 to 3650 days); nullopt otherwise.
std::optional<std::chrono::hours> ParseExpiresIn(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  if (unit != 'd' && unit != 'h') return std::nullopt;
  const std::string digits = text.substr(0, text.size() - 1);
  if (digits.empty() || digits.size() > 6 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int64_t n = std::stoll(digits);
  const int64_t hours = unit == 'd' ? n * 24 : n;
  if (hours < 1 || hours > 3650 * 24) return std::nullopt;
  return std::chrono::hours(hours);
}
}  // namespace

int TokenCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok() || parsed->words.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  const std::string& verb = a.words[0];
  bool known = verb == "create" || verb == "list" || verb == "revoke";
  if (!known || (verb != "list" && a.words.size() != 2)) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (verb == "create" && !a.Has("role")) {
    std::cerr << "garant: --role is required\n" << kUsage;
    return kExitUsage;
  }
  std::optional<TimePoint> expires_at;
  if (a.Has("expires-in")) {
    auto span = verb == "create" ? ParseExpiresIn(*a.Get("expires-in")) : std::nullopt;
    if (!span) {
      std::cerr << "garant: --expires-in takes a number of days or hours (e.g. 90d, 12h; at most "
                   "3650d), with create only\n"
                << kUsage;
      return kExitUsage;
    }
    expires_at = SystemClock::Instance().Now() +
                 std::chrono::duration_cast<std::chrono::microseconds>(*span);
  }
  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  staff::ServiceTokenStore tokens((*db)->pool(), SecureRandom::Instance());
  if (verb == "create") {
    auto created = tokens.Create((*db)->recorder(), a.words[1], *a.Get("role"), expires_at);
    if (!created.ok()) return Fail(created.status());
    std::cout << "token " << created->token.id << " created for " << created->token.name
              << " (role " << created->token.role << ")"
              << (created->token.expires_at ? ", expires " + *created->token.expires_at : "")
              << "\n"
              << "secret (shown once; send it as 'Authorization: Bearer <secret>'):\n"
              << created->secret << "\n";
    return kExitOk;
  }
  if (verb == "list") {
    auto list = tokens.List();
    if (!list.ok()) return Fail(list.status());
    std::cout << "ID\tNAME\tROLE\tCREATED\tREVOKED\tLAST_USED\tEXPIRES\n";
    for (const auto& t : *list) {
      std::cout << t.id << "\t" << t.name << "\t" << t.role << "\t" << t.created_at << "\t"
                << t.revoked_at.value_or("-") << "\t" << t.last_used_at.value_or("-") << "\t"
                << t.expires_at.value_or("never") << "\n";
    }
    return kExitOk;
  }
  Status st = tokens.Revoke((*db)->recorder(), a.words[1]);
  if (!st.ok()) return Fail(st);
  std::cout << "token " << a.words[1] << " revoked\n";
  return kExitOk;
}

}  // namespace garant::cli
