#include "cli.h"

#include <iostream>

#include "garant/core/clock.h"
#include "garant/core/migrations.h"
#include "garant/core/random.h"
#include "garant/runtime/config.h"
#include "garant/sql/migrations.h"

namespace garant::cli {

Result<Args> ParseArgs(const std::vector<std::string>& argv,
                       const std::vector<std::string>& booleans) {
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& w = argv[i];
    if (w.rfind("--", 0) != 0) {
      a.words.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      a.flags[name.substr(0, eq)] = name.substr(eq + 1);
      a.repeated[name.substr(0, eq)].push_back(name.substr(eq + 1));
      continue;
    }
    bool is_bool = false;
    for (const auto& b : booleans) is_bool |= (b == name);
    if (is_bool) {
      a.flags[name] = "true";
    } else {
      if (i + 1 >= argv.size()) return Status::InvalidArgument("--" + name + " needs a value");
      a.flags[name] = argv[++i];
      a.repeated[name].push_back(argv[i]);
    }
  }
  return a;
}

Result<std::unique_ptr<Database>> Database::Open(const Args& args) {
  GARANT_ASSIGN_OR_RETURN(Config config,
                          runtime::ResolveCliConfig(args.Get("config"), args.Get("data-dir")));
  std::unique_ptr<Database> d(new Database());
  GARANT_ASSIGN_OR_RETURN(d->target_, runtime::DatabaseTarget::Resolve(config));
  {
    GARANT_ASSIGN_OR_RETURN(auto owner, db::Connection::Open(d->target_.owner_conninfo()));
    GARANT_RETURN_IF_ERROR(db::ApplyMigrations(owner, sql::Migrations()).status());
  }
  d->pool_ = std::make_unique<db::Pool>(
      db::Pool::Options{d->target_.app_conninfo(), 2, std::chrono::seconds(10)});
  return d;
}

Database::~Database() {
  pool_.reset();
  Status st = target_.StopEmbeddedIfStarted();
  if (!st.ok()) std::cerr << "garant: stopping the embedded database: " << st.message() << "\n";
}

int Fail(const Status& st) {
  std::cerr << "garant: " << st.message() << "\n";
  return st.code() == Code::kInvalidArgument ? kExitUsage : kExitFailure;
}

audit::Recorder Database::recorder() {
  return audit::Recorder{audit_, SecureRandom::Instance(), SystemClock::Instance(),
                         std::string(kCliActor)};
}

}  // namespace garant::cli
