// garant witness: a C2SP tlog witness (witness/DESIGN.md), runnable by a
// third party with nothing else of garant: no database, no configuration
// file, only a key file and a state directory.
//
//   garant witness init --key F [--name NAME]
//   garant witness public-key --key F
//   garant witness serve --key F --state DIR --log ORIGIN=VKEY ... [--port P] [--listen ADDR]
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "garant/core/clock.h"
#include "garant/core/decimal.h"
#include "garant/core/files.h"
#include "garant/core/random.h"
#include "garant/witness/http_server.h"
#include "garant/witness/witness.h"

namespace garant::cli {
namespace {

constexpr const char* kWitnessUsage =
    "usage:\n"
    "  garant witness init --key F [--name NAME]\n"
    "    writes a new witness key to F (mode 0600; refuses to overwrite) and prints its\n"
    "    verifier key (NAME+id+base64, cosignature/v1); NAME defaults to <hostname>/witness\n"
    "  garant witness public-key --key F\n"
    "    prints the verifier key of the witness key in F\n"
    "  garant witness serve --key F --state DIR --log ORIGIN=VKEY ... [--port P] [--listen ADDR]\n"
    "    serves POST /add-checkpoint (C2SP tlog-witness) for each --log (the log's origin and\n"
    "    its verifier key; repeat --log for several logs or keys). The latest cosigned\n"
    "    checkpoint of each log is kept in DIR; refused checkpoints are kept in DIR/evidence.\n"
    "    Listens on ADDR (default 127.0.0.1) port P (default 8765; 0: any free port).\n";

Result<witness::CosignatureSigner> LoadKey(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Status::FailedPrecondition("cannot read witness key " + path);
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    std::cerr << "garant: warning: witness key " << path
              << " is readable by others (chmod 600 it)\n";
  }
  std::string line;
  std::getline(in, line);
  Result<witness::CosignatureSigner> s = witness::CosignatureSigner::Parse(line);
  if (!s.ok()) {
    return Status::FailedPrecondition("witness key " + path + ": " + s.status().message());
  }
  return s;
}

std::string DefaultName() {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == 0) {
    return "garant-witness";
  }
  return std::string(host) + "/witness";
}

int Init(const Args& a) {
  const std::optional<std::string> key = a.Get("key");
  if (!key) {
    std::cerr << "garant: --key is required\n" << kWitnessUsage;
    return kExitUsage;
  }
  if (std::filesystem::exists(*key)) {
    std::cerr << "garant: " << *key << " exists: a witness key is never overwritten\n";
    return kExitFailure;
  }
  crypto::Ed25519Seed seed;
  SecureRandom::Instance().Fill(seed);
  Result<witness::CosignatureSigner> s =
      witness::CosignatureSigner::Create(a.Get("name").value_or(DefaultName()), seed);
  if (!s.ok()) return Fail(s.status());
  const Status written = WriteFileAtomic(*key, s->KeyString() + "\n", 0600);
  if (!written.ok()) return Fail(written);
  std::cout << s->Verifier().KeyString() << "\n";
  return kExitOk;
}

int PublicKey(const Args& a) {
  const std::optional<std::string> key = a.Get("key");
  if (!key) {
    std::cerr << "garant: --key is required\n" << kWitnessUsage;
    return kExitUsage;
  }
  Result<witness::CosignatureSigner> s = LoadKey(*key);
  if (!s.ok()) return Fail(s.status());
  std::cout << s->Verifier().KeyString() << "\n";
  return kExitOk;
}

int Serve(const Args& a) {
  const std::optional<std::string> key = a.Get("key");
  const std::optional<std::string> state = a.Get("state");
  const auto logs_it = a.repeated.find("log");
  if (!key || !state || logs_it == a.repeated.end()) {
    std::cerr << "garant: --key, --state and at least one --log are required\n" << kWitnessUsage;
    return kExitUsage;
  }
  std::vector<witness::WitnessedLog> logs;
  for (const std::string& flag : logs_it->second) {
    Result<witness::WitnessedLog> log = witness::ParseLogFlag(flag);
    if (!log.ok()) return Fail(log.status());
    // Several keys for one origin (a key rotation): one log, all its keys.
    auto same = std::find_if(logs.begin(), logs.end(), [&](const witness::WitnessedLog& l) {
      return l.origin == log->origin;
    });
    if (same != logs.end()) {
      same->keys.insert(same->keys.end(), log->keys.begin(), log->keys.end());
    } else {
      logs.push_back(*std::move(log));
    }
  }
  witness::HttpServer::Options options;
  options.bind = a.Get("listen").value_or("127.0.0.1");
  const std::optional<int64_t> port =
      ParseDecimal(a.Get("port").value_or("8765"), {.max = 65535, .leading_zeros = false});
  if (!port) {
    std::cerr << "garant: --port wants 0 to 65535\n";
    return kExitUsage;
  }
  options.port = static_cast<int>(*port);
  Result<witness::CosignatureSigner> signer = LoadKey(*key);
  if (!signer.ok()) return Fail(signer.status());

  const std::filesystem::path dir(*state);
  std::error_code ec;
  std::filesystem::create_directories(dir / "evidence", ec);
  if (ec) {
    return Fail(Status::FailedPrecondition("cannot create " + dir.string() + ": " + ec.message()));
  }
  ::chmod(dir.c_str(), 0700);
  witness::FileWitnessStateStore store(dir);
  // Evidence of a misbehaving log: the refused request, verbatim, one file each.
  auto evidence = [dir](const std::string& origin, witness::Verdict v, std::string_view body) {
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         SystemClock::Instance().Now().time_since_epoch())
                         .count();
    const std::string name = std::to_string(now) + "-" + std::string(witness::VerdictName(v)) +
                             "-" + HexEncode(crypto::Sha256(origin)).substr(0, 16) + ".txt";
    const Status st = WriteFileAtomic(dir / "evidence" / name, body, 0600);
    std::cerr << "garant witness: refused a checkpoint of " << origin << " ("
              << witness::VerdictName(v) << "), kept in evidence/" << name
              << (st.ok() ? "" : " (NOT saved: " + st.message() + ")") << "\n";
  };

  // Block the stop signals before the server's threads start (they inherit
  // the mask), then wait for one here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  witness::Witness w(*signer, logs, store, SystemClock::Instance(), evidence);
  Result<std::unique_ptr<witness::HttpServer>> server = witness::HttpServer::Start(options, w);
  if (!server.ok()) return Fail(server.status());
  std::cout << "garant witness " << signer->Verifier().KeyString() << "\n";
  for (const auto& l : logs) {
    std::cout << "  witnessing " << l.origin << " (" << l.keys.size() << " key"
              << (l.keys.size() > 1 ? "s" : "") << ")\n";
  }
  std::cout << "garant witness listening on http://" << options.bind << ":" << (*server)->port()
            << std::endl;
  int sig = 0;
  sigwait(&stop, &sig);
  std::cout << "garant witness stopping" << std::endl;
  (*server)->Stop();
  return kExitOk;
}

}  // namespace

int WitnessCommand(const std::vector<std::string>& argv) {
  Result<Args> a = ParseArgs(argv, {});
  if (!a.ok()) {
    std::cerr << "garant: " << a.status().message() << "\n" << kWitnessUsage;
    return kExitUsage;
  }
  const std::string verb = a->words.empty() ? "" : a->words[0];
  if (a->words.size() == 1 && verb == "init") return Init(*a);
  if (a->words.size() == 1 && verb == "public-key") return PublicKey(*a);
  if (a->words.size() == 1 && verb == "serve") return Serve(*a);
  std::cerr << kWitnessUsage;
  return kExitUsage;
}

}  // namespace garant::cli
