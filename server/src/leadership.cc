#include "leadership.h"

#include <spdlog/spdlog.h>

#include "garant/consent/exclusion_publisher.h"
#include "garant/consent/objection_store.h"
#include "garant/consent/retokenise.h"

namespace garant::server {
namespace {

// Objections without tokens under a configured pseudonymisation key get
// them now (recorded since `garant keys rotate-pseudonym` ran, or stored
// under an older key-id format): the publisher refuses to publish while any
// effective objection lacks them.
Status CompleteTokens(Services& s) {
  audit::AuditLog& log = s.audit_log();
  std::vector<consent::PseudonymKey> keys = {s.keys.pseudonymisation};
  if (s.keys.previous_pseudonymisation) keys.push_back(*s.keys.previous_pseudonymisation);
  for (const consent::PseudonymKey& key : keys) {
    GARANT_ASSIGN_OR_RETURN(
        consent::RetokeniseReport r,
        consent::RetokeniseObjections(s.pool, log, s.random, s.clock, s.keys.sealing, key,
                                      consent::kPublisherActor));
    if (r.objections > 0) {
      spdlog::info("pseudonym key {}: tokens added for {} objection(s)",
                   consent::PseudonymKeyId(key), r.objections);
    }
  }
  return Status::Ok();
}

}  // namespace

Leadership::Leadership(Services& services, std::string conninfo,
                       audit::CheckpointPublisher* publisher,
                       std::chrono::milliseconds check_interval)
    : services_(services), publisher_(publisher) {
  election_ = std::make_unique<db::LeaderElection>(
      db::LeaderElection::Options{std::move(conninfo), kLeaderLockKey, check_interval,
                                  "garantd leader"},
      db::LeaderElection::Callbacks{[this] { Elected(); }, [this] { Deposed(); }});
}

Leadership::~Leadership() { Stop(); }

void Leadership::Start() {
  // The first round on this thread: a garantd alone is the leader (tokens
  // completed, publisher signing, workers started) before it listens.
  election_->Step();
  election_->Start();
}

void Leadership::Stop() { election_->Stop(); }

void Leadership::Elected() {
  // A failure here is logged; the list publisher then refuses to publish
  // (and says why) until the next election.
  Status tokens = CompleteTokens(services_);
  if (!tokens.ok()) spdlog::error("completing objection tokens: {}", tokens.ToString());
  if (publisher_ != nullptr) publisher_->SetLeading(true);
  for (const auto& start : services_.singletons) services_.workers.push_back(start());
  services_.leader = true;
  spdlog::info("this garantd now signs checkpoints and runs {} background worker(s)",
               services_.workers.size());
}

void Leadership::Deposed() {
  services_.leader = false;
  services_.workers.clear();  // each worker stops and joins
  if (publisher_ != nullptr) publisher_->SetLeading(false);
}

}  // namespace garant::server
