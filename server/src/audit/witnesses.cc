#include "audit/witnesses.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <set>

#include "audit_events.h"
#include "garant/audit/log_queries.h"
#include "garant/audit/merkle.h"
#include "garant/audit/tile.h"
#include "services.h"

namespace garant::server {
namespace {

std::string LabelValue(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Result<std::vector<WitnessConfig>> WitnessesFromSections(
    const std::vector<ConfigSection>& sections) {
  std::vector<WitnessConfig> out;
  std::set<std::string> names;
  for (const ConfigSection& sec : sections) {
    constexpr std::string_view kPrefix = "audit.witness.";
    if (!sec.name.starts_with(kPrefix)) continue;
    const std::string id = sec.name.substr(kPrefix.size());
    std::optional<std::string> key, url, label;
    for (const ConfigSection::Entry& e : sec.entries) {
      if (e.key == "key") {
        key = e.value;
      } else if (e.key == "url") {
        url = e.value;
      } else if (e.key == "label") {
        label = e.value;
      } else {
        return Status::InvalidArgument(e.where + ": unknown key '" + e.key + "' in [" + sec.name +
                                       "] (keys: key, url, label)");
      }
    }
    if (!key || !url) {
      return Status::InvalidArgument(sec.where + ": [" + sec.name + "] needs key and url");
    }
    Result<witness::CosignatureVerifier> v = witness::CosignatureVerifier::Parse(*key);
    if (!v.ok()) {
      return Status::InvalidArgument(sec.where + ": [" + sec.name +
                                     "] key: " + v.status().message());
    }
    if (Result<witness::Transport> t = witness::HttpTransport(*url, std::chrono::seconds(1));
        !t.ok()) {
      return Status::InvalidArgument(sec.where + ": [" + sec.name +
                                     "] url: " + t.status().message());
    }
    if (!names.insert(v->name()).second) {
      return Status::InvalidArgument(sec.where + ": [" + sec.name +
                                     "]: another witness has the key name " + v->name());
    }
    out.push_back({id, label.value_or(""), *std::move(v), *url});
  }
  return out;
}

struct WitnessCollector::Worker {
  Worker(const WitnessConfig& c, witness::Transport t) : config(c), client(c.key, std::move(t)) {}
  const WitnessConfig& config;
  witness::WitnessClient client;  // used by the worker's thread only
  std::thread thread;
  // Guarded by WitnessCollector::mu_.
  WitnessStatus status;
  std::optional<audit::TreeHead> done;  // cosigned, or refused (then retried after refused_retry)
  std::chrono::steady_clock::time_point not_before{};
};

WitnessCollector::WitnessCollector(Services& services, std::vector<WitnessConfig> witnesses,
                                   Options options)
    : s_(services), configs_(std::move(witnesses)), options_(options) {
  for (const WitnessConfig& c : configs_) {
    Result<witness::Transport> t = witness::HttpTransport(c.url, options_.timeout);
    // The URL was checked by WitnessesFromSections; a transport that always
    // fails keeps a bad one visible as "unreachable" rather than aborting.
    auto w = std::make_unique<Worker>(
        c, t.ok() ? *t : witness::Transport([msg = t.status().message()](const std::string&) {
          return Result<witness::WitnessResponse>(Status::Unavailable(msg));
        }));
    w->status = {c.id, c.label, c.key.name(), c.url, c.key.KeyString(), "none", {}, 0, 0, 0, false};
    workers_.push_back(std::move(w));
  }
}

WitnessCollector::~WitnessCollector() { Stop(); }

void WitnessCollector::Start() {
  std::lock_guard lock(mu_);
  if (running_) return;
  running_ = true;
  for (auto& w : workers_) {
    Worker* raw = w.get();
    w->thread = std::thread([this, raw] { Run(*raw); });
  }
}

void WitnessCollector::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!running_) return;
    running_ = false;
  }
  cv_.notify_all();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

void WitnessCollector::Run(Worker& w) {
  using Kind = witness::CosignOutcome::Kind;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.poll, [this] { return !running_; });
      if (!running_) return;
      if (std::chrono::steady_clock::now() < w.not_before) continue;
    }
    if (!s_.leader.load()) continue;  // only the leader asks (it signs)
    std::optional<audit::LatestCheckpoint> latest;
    {
      auto conn = s_.pool.Acquire();
      if (!conn.ok()) continue;
      auto read = audit::ReadLatestCheckpoint(**conn);
      if (!read.ok() || !read->has_value()) continue;
      latest = std::move(**read);
    }
    const audit::TreeHead head = latest->checkpoint.head;
    {
      std::lock_guard lock(mu_);
      if (w.done == head) continue;
    }
    const witness::Prover prove = [this,
                                   &head](uint64_t old) -> Result<std::vector<audit::Digest>> {
      GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, s_.pool.Acquire());
      audit::PgTileReader tiles(*conn);
      audit::TileHashReader reader(head.size, tiles);
      return audit::ProveTree(head.size, old, reader);
    };
    const witness::CosignOutcome out = w.client.Cosign(latest->note, head, prove);
    if (out.kind == Kind::kCosigned) {
      Status stored = [&]() -> Status {
        GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, s_.pool.Acquire());
        return audit::StoreCosignature(*conn, head, w.config.key.name(), out.line,
                                       static_cast<int64_t>(out.timestamp));
      }();
      std::lock_guard lock(mu_);
      if (!stored.ok()) {
        spdlog::warn("witness {}: cosignature of size {} not stored: {}", w.config.id, head.size,
                     stored.ToString());
        w.not_before = std::chrono::steady_clock::now() + options_.retry;
        continue;
      }
      w.done = head;
      w.status.last = "cosigned";
      w.status.cosigned_size = head.size;
      w.status.refusing = false;
      ++w.status.cosignatures;
      continue;
    }
    if (out.kind == Kind::kUnreachable) {
      std::lock_guard lock(mu_);
      if (w.status.last != "unreachable") {
        spdlog::warn("witness {} ({}) unreachable: {}", w.config.id, w.config.url, out.detail);
      }
      w.status.last = "unreachable";
      ++w.status.failures;
      w.not_before = std::chrono::steady_clock::now() + options_.retry;
      continue;
    }
    // A refusal: the witness saw another history (409/422) or does not
    // accept this log (4xx). An alert, recorded once per episode.
    bool first;
    {
      std::lock_guard lock(mu_);
      first = !w.status.refusing;
      w.status.refusing = true;
      w.status.last = out.kind == Kind::kRefused ? "refused" : "rejected";
      ++w.status.refusals;
      w.done = head;
      w.not_before = std::chrono::steady_clock::now() + options_.refused_retry;
    }
    spdlog::error("witness {} ({}) REFUSED checkpoint size {} (HTTP {}): {}", w.config.id,
                  w.config.url, head.size, out.http_status, out.detail);
    if (first) {
      boost::json::object p;
      p["witness"] = w.config.key.name();
      p["url"] = w.config.url;
      p["http_status"] = out.http_status;
      p["kind"] = std::string(witness::KindName(out.kind));
      p["checkpoint_size"] = head.size;
      p["checkpoint_root"] = Base64Encode(head.root);
      if (out.witness_size) p["witness_size"] = *out.witness_size;
      p["detail"] = out.detail;
      auto recorded = RecordRequiredAuditEvent(s_, "audit.witness.refused", "service:garantd",
                                               "witness/" + w.config.id, boost::json::serialize(p),
                                               "witness_refusal");
      if (!recorded.ok()) {
        spdlog::error("witness {}: the refusal could not be recorded: {}", w.config.id,
                      recorded.status().ToString());
        std::lock_guard lock(mu_);
        w.status.refusing = false;  // record it at the next refusal
      }
    }
  }
}

std::vector<WitnessCollector::WitnessStatus> WitnessCollector::Statuses() const {
  std::lock_guard lock(mu_);
  std::vector<WitnessStatus> out;
  for (const auto& w : workers_) out.push_back(w->status);
  return out;
}

int WitnessCollector::quorum() const {
  const int all = static_cast<int>(configs_.size());
  return options_.quorum <= 0 || options_.quorum > all ? all : options_.quorum;
}

std::optional<std::string> WitnessCollector::Warning() const {
  std::lock_guard lock(mu_);
  for (const auto& w : workers_) {
    if (w->status.refusing) return std::string("refused");
  }
  return std::nullopt;
}

std::vector<Metrics::Gauge> WitnessCollector::Gauges() const {
  // Grouped by metric name (one HELP and TYPE line each).
  const std::vector<WitnessStatus> all = Statuses();
  std::vector<Metrics::Gauge> g;
  auto add = [&](const char* name, const char* help, auto value) {
    for (const WitnessStatus& st : all) {
      g.push_back(
          {name, help, "witness=\"" + LabelValue(st.name) + "\"", static_cast<double>(value(st))});
    }
  };
  add("garant_witness_cosignatures_total", "Checkpoints cosigned by each witness.",
      [](const WitnessStatus& st) { return st.cosignatures; });
  add("garant_witness_refusals_total",
      "Checkpoints a witness refused (inconsistent with what it saw, or log not accepted).",
      [](const WitnessStatus& st) { return st.refusals; });
  add("garant_witness_failures_total", "Requests to a witness without a valid answer in time.",
      [](const WitnessStatus& st) { return st.failures; });
  add("garant_witness_refusing", "1 while a witness refuses this log's checkpoints.",
      [](const WitnessStatus& st) { return st.refusing ? 1 : 0; });
  g.push_back({"garant_witness_quorum", "Cosignatures that make a checkpoint cosigned.", "",
               static_cast<double>(quorum())});
  return g;
}

}  // namespace garant::server
