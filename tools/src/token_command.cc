// garant token create|list|revoke
#include <iostream>

#include "cli.h"
#include "garant/core/random.h"
#include "garant/staff/accounts.h"

namespace garant::cli {
namespace {
constexpr const char* kUsage =
    "usage:\n"
    "  garant token create NAME --role ingestion|warehouse|auditor   (the secret is printed once)\n"
    "    auditor: an external audit tool; reads the audit trail and the log's entry bundles\n"
    "    (garant audit verify URL --token-file F), and writes nothing\n"
    "  garant token list\n"
    "  garant token revoke TOKEN_ID\n"
    "database: --data-dir DIR (garantd --dev), --config FILE or GARANT_DATABASE_URL\n";
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
  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  staff::ServiceTokenStore tokens((*db)->pool(), SecureRandom::Instance());
  if (verb == "create") {
    auto created = tokens.Create((*db)->recorder(), a.words[1], *a.Get("role"));
    if (!created.ok()) return Fail(created.status());
    std::cout << "token " << created->token.id << " created for " << created->token.name
              << " (role " << created->token.role << ")\n"
              << "secret (shown once; send it as 'Authorization: Bearer <secret>'):\n"
              << created->secret << "\n";
    return kExitOk;
  }
  if (verb == "list") {
    auto list = tokens.List();
    if (!list.ok()) return Fail(list.status());
    std::cout << "ID\tNAME\tROLE\tCREATED\tREVOKED\tLAST_USED\n";
    for (const auto& t : *list) {
      std::cout << t.id << "\t" << t.name << "\t" << t.role << "\t" << t.created_at << "\t"
                << t.revoked_at.value_or("-") << "\t" << t.last_used_at.value_or("-") << "\n";
    }
    return kExitOk;
  }
  Status st = tokens.Revoke((*db)->recorder(), a.words[1]);
  if (!st.ok()) return Fail(st);
  std::cout << "token " << a.words[1] << " revoked\n";
  return kExitOk;
}

}  // namespace garant::cli
