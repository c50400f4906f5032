// garant user add|list|disable|reset-password|reset-2fa
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "garant/core/random.h"
#include "garant/staff/accounts.h"
#include "garant/staff/second_factor.h"

namespace garant::cli {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  garant user add USERNAME --role admin|dpo|secretary|auditor --name \"Display Name\"\n"
    "                  [--password-stdin]      (else a random password is printed once)\n"
    "  garant user list\n"
    "  garant user disable USERNAME\n"
    "  garant user reset-password USERNAME [--password-stdin]\n"
    "  garant user reset-2fa USERNAME   (removes the second factor and its recovery codes,\n"
    "                                   closes the sessions: the next login enrols again)\n"
    "database: --data-dir DIR (garantd --dev), --config FILE or GARANT_DATABASE_URL\n";

// A random password that meets the policy: 20 characters from an
// unambiguous alphabet (about 110 bits).
std::string GeneratePassword() {
  static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  auto bytes = SecureRandom::Instance().Bytes(20);
  std::string p;
  for (uint8_t b : bytes) p += kAlphabet[b % (sizeof(kAlphabet) - 1)];
  return p;
}

Result<std::string> PasswordFrom(const Args& args, bool* generated) {
  *generated = false;
  if (!args.Has("password-stdin")) {
    *generated = true;
    return GeneratePassword();
  }
  std::string line;
  if (isatty(STDIN_FILENO)) {
    std::cerr << "Password: " << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios noecho = old;
    noecho.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &noecho);
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  } else {
    std::getline(std::cin, line);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int UserCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {"password-stdin"});
  if (!parsed.ok() || parsed->words.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  const std::string& verb = a.words[0];
  if (verb != "add" && verb != "list" && verb != "disable" && verb != "reset-password" &&
      verb != "reset-2fa") {
    std::cerr << kUsage;
    return kExitUsage;
  }
  if (verb != "list" && a.words.size() != 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  // The command line is checked before the database is opened (or created).
  if (verb == "add") {
    auto role = a.Get("role");
    if (!role) {
      std::cerr << "garant: --role is required\n" << kUsage;
      return kExitUsage;
    }
    if (!staff::IsStaffRole(*role)) {
      std::cerr << "garant: --role must be admin, dpo, secretary or auditor\n" << kUsage;
      return kExitUsage;
    }
  }
  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  staff::AccountStore accounts((*db)->pool(), SecureRandom::Instance());

  if (verb == "list") {
    auto list = accounts.List();
    if (!list.ok()) return Fail(list.status());
    std::cout << "ID\tUSERNAME\tROLE\tSTATUS\tCREATED\tNAME\n";
    for (const auto& u : *list) {
      std::cout << u.id << "\t" << u.username << "\t" << u.role << "\t"
                << (u.disabled ? "disabled" : "active") << "\t" << u.created_at << "\t"
                << u.display_name << "\n";
    }
    return kExitOk;
  }
  const std::string& username = a.words[1];
  if (verb == "disable") {
    Status st = accounts.Disable((*db)->recorder(), username);
    if (!st.ok()) return Fail(st);
    std::cout << "account " << username << " disabled; its sessions are closed\n";
    return kExitOk;
  }
  if (verb == "reset-2fa") {
    staff::SecondFactorStore factors((*db)->pool(), SecureRandom::Instance(),
                                     SystemClock::Instance());
    Status st = factors.Reset((*db)->recorder(), username);
    if (!st.ok()) return Fail(st);
    std::cout << "second factor of " << username
              << " removed; its sessions are closed and its next login enrols again\n";
    return kExitOk;
  }
  bool generated = false;
  auto password = PasswordFrom(a, &generated);
  if (!password.ok()) return Fail(password.status());
  if (verb == "add") {
    auto created = accounts.Create((*db)->recorder(), username, a.Get("name").value_or(username),
                                   *a.Get("role"), *password);
    if (!created.ok()) return Fail(created.status());
    std::cout << "account " << created->username << " created (id " << created->id << ", role "
              << created->role << ")\n";
  } else {
    Status st = accounts.ResetPassword((*db)->recorder(), username, *password);
    if (!st.ok()) return Fail(st);
    std::cout << "password of " << username << " reset; its sessions are closed\n";
  }
  if (generated) {
    std::cout << "password (shown once, give it to the person in a safe way): " << *password
              << "\n";
  }
  return kExitOk;
}

}  // namespace garant::cli
