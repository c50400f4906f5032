// garantd: thin wiring. Configuration → GarantServer → wait for SIGTERM/SIGINT.
#include <Poco/Util/ServerApplication.h>
#include <signal.h>

#include <iostream>

#include "garant/core/config.h"
#include "garant/core/logging.h"
#include "garant/runtime/config.h"
#include "garant/runtime/demo.h"
#include "garant/server/check_config.h"
#include "garant/server/server.h"

namespace {

class Garantd final : public Poco::Util::ServerApplication {
 public:
  explicit Garantd(garant::Config config) : config_(std::move(config)) {}

 protected:
  int main(const std::vector<std::string>&) override {
    garant::server::GarantServer server(config_);
    garant::Status st = server.Start();
    if (!st.ok()) {
      spdlog::critical("garantd cannot start: {}", st.ToString());
      server.Stop();
      return EXIT_CONFIG;
    }
    if (config_.demo) {
      std::cout << "\ngarant is running on http://localhost:" << server.port() << "/\n"
                << "Demo accounts (log in at http://localhost:" << server.port()
                << "/connexion):\n";
      for (const auto& d : garant::runtime::DemoAccounts()) {
        std::cout << "  " << d.username << " / " << d.password << "   (" << d.role << ")";
        if (!d.totp_secret.empty()) {
          std::cout << "   code: oathtool --totp -b " << d.totp_secret;
        }
        std::cout << "\n";
      }
      std::cout << "  (code: the 6-digit verification code of the login page; or add the secret "
                   "to an authenticator app)\n"
                << std::endl;
    }
    waitForTerminationRequest();
    spdlog::info("termination requested: draining");
    server.Stop();
    spdlog::info("garantd stopped");
    return EXIT_OK;
  }

 private:
  garant::Config config_;
};

void PrintUsage() {
  std::cout << "usage: garantd [--config FILE] [--dev --data-dir DIR [--demo]] [--port P] "
               "[--key value ...]\n"
               "       garantd --check-config FILE   (validates FILE and exits: 0 valid, 2 not)\n"
               "       garantd --authorization-matrix   (prints docs/authorization-matrix.md)\n"
               "\nConfiguration keys (also GARANT_<KEY> and config file):\n";
  for (const auto& k : garant::ConfigKeys()) std::cout << "  --" << k << "\n";
}

// garantd --check-config FILE: 0 and a summary when valid, 2 and every
// problem otherwise (garant/server/check_config.h).
int CheckConfig(const std::vector<std::string>& args) {
  if (args.size() != 2) {
    std::cerr << "garantd: usage: garantd --check-config FILE\n";
    return 2;
  }
  const std::string& path = args[1];
  garant::server::ConfigCheck check = garant::server::CheckConfigFile(path);
  for (const auto& w : check.warnings) std::cerr << path << ": warning: " << w << "\n";
  if (!check.ok()) {
    std::cerr << path << ": " << check.problems.size() << " problem(s):\n";
    for (const auto& p : check.problems) std::cerr << "  - " << p << "\n";
    return 2;
  }
  std::cout << path << ": configuration valid\n";
  for (const auto& line : check.summary) std::cout << "  " << line << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the termination signals before any thread starts, so that every
  // thread inherits the mask and waitForTerminationRequest() receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--check-config" || args[0].starts_with("--check-config="))) {
    if (args[0].size() > 14) {
      args[0] = args[0].substr(15);
      args.insert(args.begin(), "--check-config");
    }
    return CheckConfig(args);
  }
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      PrintUsage();
      return 0;
    }
    if (a == "--authorization-matrix") {
      // docs/authorization-matrix.md, from the route table (nothing starts).
      std::cout << garant::server::GarantdAuthorizationMatrix();
      return 0;
    }
  }
  auto config = garant::runtime::ResolveProcessConfig(args);
  if (!config.ok()) {
    std::cerr << "garantd: " << config.status().message() << "\n";
    return 2;
  }
  garant::logging::Init(config->log_format, config->log_level);
  Garantd app(*config);
  std::vector<std::string> poco_args = {argv[0]};
  return app.run(poco_args);
}
