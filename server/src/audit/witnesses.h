// garantd asks witnesses to cosign its checkpoints (C2SP tlog-witness;
// docs/audit-log.md "Witnesses", witness/DESIGN.md).
//
// Configuration: one [audit.witness.<id>] section per witness, with
//   key   = the witness's verifier key (name+id+base64, cosignature/v1)
//   url   = http://host:port[/prefix] (the witness's submission prefix)
//   label = who runs it, in French, for the public pages (optional)
// and the flat keys audit_witness_quorum (0: all) and audit_witness_timeout_ms.
//
// While this garantd leads, one thread per witness watches the latest signed
// checkpoint and asks its witness for a cosignature (witness::WitnessClient:
// old size, consistency proof, retry from the size a 409 names). A verified
// cosignature is stored (audit_cosignatures) and served with the checkpoint.
// A refusal (409/422: inconsistent with what the witness saw; 403/404/400:
// it does not accept this log) is an alert: an "audit.witness.refused" audit
// entry when a witness starts refusing, a counter in /metrics, and /readyz
// says "witnesses": "refused". A witness that does not answer within its
// timeout delays nothing else: each witness has its own thread, and the
// checkpoint is served at once with the cosignatures gathered so far.
//
// Thread-safety: Statuses() and the gauges may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "garant/core/config.h"
#include "garant/core/status.h"
#include "garant/witness/client.h"
#include "garant/witness/cosignature.h"
#include "http/metrics.h"

namespace garant::server {

struct Services;

struct WitnessConfig {
  std::string id;     // the section's <id>
  std::string label;  // who runs it (French), may be empty
  witness::CosignatureVerifier key;
  std::string url;
};
// The witnesses of the config file's sections. kInvalidArgument naming the
// section for a missing or unknown key, a bad verifier key, a bad URL, two
// witnesses with one key name.
Result<std::vector<WitnessConfig>> WitnessesFromSections(
    const std::vector<ConfigSection>& sections);

class WitnessCollector {
 public:
  struct Options {
    std::chrono::milliseconds timeout{3000};
    std::chrono::milliseconds poll{200};    // how often a worker looks for a new checkpoint
    std::chrono::milliseconds retry{2000};  // after an unreachable witness
    std::chrono::milliseconds refused_retry{30000};  // the same checkpoint after a refusal
    int quorum = 0;                                  // 0: every witness
  };
  // What /readyz, /metrics and the pages show of one witness.
  struct WitnessStatus {
    std::string id, label, name, url, verifier_key;
    std::string last;  // "none", "cosigned", "refused", "rejected", "unreachable"
    std::optional<uint64_t> cosigned_size;  // the last checkpoint it cosigned for us
    uint64_t cosignatures = 0, refusals = 0, failures = 0;
    bool refusing = false;  // the last answer was a refusal
  };

  // `services` must outlive the collector.
  WitnessCollector(Services& services, std::vector<WitnessConfig> witnesses, Options options);
  ~WitnessCollector();  // stops
  WitnessCollector(const WitnessCollector&) = delete;
  WitnessCollector& operator=(const WitnessCollector&) = delete;

  void Start();
  void Stop();

  std::vector<WitnessStatus> Statuses() const;
  const std::vector<WitnessConfig>& witnesses() const { return configs_; }
  int quorum() const;  // the effective quorum (options.quorum or all)
  // "refused" when a witness refuses, else nullopt (for /readyz).
  std::optional<std::string> Warning() const;
  std::vector<Metrics::Gauge> Gauges() const;

 private:
  struct Worker;
  void Run(Worker& w);

  Services& s_;
  const std::vector<WitnessConfig> configs_;
  const Options options_;
  std::vector<std::unique_ptr<Worker>> workers_;
  mutable std::mutex mu_;  // guards every Worker's status and running_
  std::condition_variable cv_;
  bool running_ = false;
};

}  // namespace garant::server
