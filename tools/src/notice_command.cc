// garant notice publish|list|show: the register of information notices
// (docs/notices.md). Publishing is the same act as the DPO's console form:
// the next version of the audience, with its notice.published audit entry
// (actor service:garant-cli).
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "garant/consent/notice_register.h"
#include "garant/core/clock.h"

namespace garant::cli {
namespace {
constexpr const char* kUsage =
    "usage:\n"
    "  garant notice publish --audience adult|minor|professional --title T --file F\n"
    "                        publish F (UTF-8 plain text, paragraphs separated by a\n"
    "                        blank line) as the next version of the audience's notice\n"
    "  garant notice list    every version: label, audience, publication time, title\n"
    "  garant notice show VERSION   the text of one version (e.g. adult-2)\n"
    "database: --data-dir DIR (garantd --dev), --config FILE or GARANT_DATABASE_URL\n";

int UsageError(const std::string& message) {
  std::cerr << "garant: " << message << "\n";
  return kExitUsage;
}
}  // namespace

int NoticeCommand(const std::vector<std::string>& argv) {
  auto parsed = ParseArgs(argv, {});
  if (!parsed.ok() || parsed->words.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const Args& a = *parsed;
  const std::string& verb = a.words[0];
  const size_t n = a.words.size();
  if (!((verb == "publish" && n == 1) || (verb == "list" && n == 1) ||
        (verb == "show" && n == 2))) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  consent::NewNotice notice;
  if (verb == "publish") {
    // Everything is checked before the database is touched.
    if (!a.Get("audience") || !a.Get("title") || !a.Get("file")) {
      return UsageError("notice publish: --audience, --title and --file are required");
    }
    notice.audience = *a.Get("audience");
    notice.title = *a.Get("title");
    std::ifstream in(*a.Get("file"), std::ios::binary);
    if (!in) return UsageError("notice publish: cannot read " + *a.Get("file"));
    std::ostringstream body;
    body << in.rdbuf();
    notice.body = body.str();
    std::vector<consent::FieldError> errors = consent::ValidateNotice(notice);
    if (!errors.empty()) {
      for (const auto& e : errors)
        std::cerr << "garant: notice " << e.field << ": " << e.message << "\n";
      return kExitUsage;
    }
  }
  auto db = Database::Open(a);
  if (!db.ok()) return Fail(db.status());
  consent::NoticeRegister reg((*db)->pool());
  if (verb == "publish") {
    auto published = reg.Publish(notice, (*db)->recorder());
    if (!published.ok()) return Fail(published.status());
    std::cout << "notice " << published->version << " published "
              << FormatRfc3339UtcSeconds(published->published_at) << " (audit entry "
              << published->audit_index << ")\n";
    return kExitOk;
  }
  if (verb == "show") {
    auto v = reg.Find(a.words[1]);
    if (!v.ok()) return Fail(v.status());
    std::cout << v->title << "\n\n" << v->body;
    if (!v->body.empty() && v->body.back() != '\n') std::cout << "\n";
    return kExitOk;
  }
  auto all = reg.History();
  if (!all.ok()) return Fail(all.status());
  std::cout << "VERSION\tAUDIENCE\tPUBLISHED\tBY\tTITLE\n";
  for (const auto& v : *all) {
    std::cout << v.version << "\t" << consent::Name(v.audience) << "\t"
              << FormatRfc3339UtcSeconds(v.published_at) << "\t" << v.published_by << "\t"
              << v.title << "\n";
  }
  return kExitOk;
}

}  // namespace garant::cli
