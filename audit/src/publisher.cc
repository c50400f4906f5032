#include "garant/audit/publisher.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "garant/audit/recorder.h"
#include "garant/audit/tile.h"
#include "garant/core/files.h"

namespace garant::audit {
namespace {

constexpr std::string_view kStateMagic = "garant-audit-signer-state-v1";

// JSON string body escaping for the small payload we build here.
std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string HeadJson(const TreeHead& h) {
  return "{\"size\":" + std::to_string(h.size) + ",\"root\":" + JsonString(Base64Encode(h.root)) +
         "}";
}

}  // namespace

Result<std::optional<TreeHead>> FileSignerStateStore::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path_)) {
      return std::optional<TreeHead>();
    }
    return Status::Unavailable("cannot read " + path_.string());
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const Status bad = Status::DataLoss("malformed checkpoint signer state in " + path_.string());
  const std::string prefix = std::string(kStateMagic) + "\n";
  if (!text.starts_with(prefix)) {
    return bad;
  }
  // The rest is a checkpoint body without origin: reuse the strict parser.
  Result<Checkpoint> c = ParseCheckpoint("state\n" + text.substr(prefix.size()));
  if (!c.ok() || !c->extensions.empty()) {
    return bad;
  }
  return std::optional<TreeHead>(c->head);
}

Status FileSignerStateStore::Save(const TreeHead& head) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string text = std::string(kStateMagic) + "\n" + std::to_string(head.size) + "\n" +
                           Base64Encode(head.root) + "\n";
  return WriteFileAtomic(path_, text, 0600);
}

CheckpointPublisher::CheckpointPublisher(db::Pool& pool, AuditLog& log, CheckpointSigner& signer,
                                         const Clock& clock, Random& random, Options options)
    : pool_(pool), log_(log), signer_(signer), clock_(clock), random_(random), options_(options) {}

CheckpointPublisher::~CheckpointPublisher() { Stop(); }

Result<std::string> CheckpointPublisher::SignAndStore(db::Connection& conn, const TreeHead& head,
                                                      bool reset) {
  PgTileReader tiles(conn);
  TileHashReader reader(head.size, tiles);
  GARANT_ASSIGN_OR_RETURN(Digest root, TreeHash(head.size, reader));
  if (root != head.root) {
    return Status::DataLoss(
        "the audit tree state root does not match the stored tile hashes at size " +
        std::to_string(head.size));
  }
  GARANT_ASSIGN_OR_RETURN(std::string note,
                          reset ? signer_.ForceSign(head) : signer_.SignFrom(head, reader));
  GARANT_RETURN_IF_ERROR(StoreCheckpoint(conn, head, note));
  return note;
}

Result<CheckpointPublisher::StartupReport> CheckpointPublisher::CheckStartup(
    const std::optional<std::string>& force_reason) {
  std::lock_guard<std::mutex> lock(publish_mu_);
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  StartupReport report;
  GARANT_ASSIGN_OR_RETURN(report.database, ReadTreeHead(*conn));
  report.last_signed = signer_.last_signed();
  if (!report.last_signed) {
    return report;
  }
  const TreeHead& last = *report.last_signed;

  Status problem;
  if (report.database.size < last.size) {
    problem = Status::FailedPrecondition(
        "the database holds an audit tree of " + std::to_string(report.database.size) +
        " entries, but a checkpoint of " + std::to_string(last.size) +
        " entries was already signed (restored backup or rollback?)");
  } else {
    PgTileReader tiles(*conn);
    TileHashReader reader(report.database.size, tiles);
    Result<Digest> stored_root = TreeHash(report.database.size, reader);
    Result<std::vector<Digest>> proof = ProveTree(report.database.size, last.size, reader);
    if (!stored_root.ok() || !proof.ok()) {
      problem =
          Status::DataLoss("cannot read the stored audit tree: " +
                           (stored_root.ok() ? proof.status() : stored_root.status()).message());
    } else if (*stored_root != report.database.root) {
      problem = Status::DataLoss("the stored audit tile hashes do not give the tree state root");
    } else {
      problem = signer_.CheckConsistent(report.database, *proof);
    }
  }
  if (problem.ok()) {
    return report;
  }
  if (!force_reason) {
    return problem.WithContext(
        "refusing to start: the audit log in the database does not extend the last signed "
        "checkpoint (an operator may force it with a reason, which is logged)");
  }

  // Forced: log the decision, then sign the database tree as the new start.
  Event e =
      MakeEvent(random_, clock_, "audit.rollback.forced", "service:garantd", "audit/tree",
                "{\"reason\":" + JsonString(*force_reason) + ",\"last_signed\":" + HeadJson(last) +
                    ",\"database\":" + HeadJson(report.database) +
                    ",\"problem\":" + JsonString(problem.message()) + "}");
  {
    db::Transaction tx(*conn);
    GARANT_RETURN_IF_ERROR(tx.status());
    GARANT_ASSIGN_OR_RETURN(std::vector<uint64_t> index, log_.AppendInTx(tx, {std::move(e)}));
    GARANT_RETURN_IF_ERROR(tx.Commit());
    report.forced_event_index = index[0];
  }
  GARANT_ASSIGN_OR_RETURN(TreeHead now, ReadTreeHead(*conn));
  GARANT_RETURN_IF_ERROR(SignAndStore(*conn, now, /*reset=*/true).status());
  last_signature_ = clock_.Now();
  report.forced = true;
  return report;
}

Result<std::optional<std::string>> CheckpointPublisher::PublishOnce() {
  std::lock_guard<std::mutex> lock(publish_mu_);
  const TimePoint now = clock_.Now();
  if (last_signature_ && now - *last_signature_ < options_.min_interval) {
    return std::optional<std::string>();
  }
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(TreeHead seen, ReadTreeHead(*conn));
  GARANT_ASSIGN_OR_RETURN(std::optional<uint64_t> stored, LatestCheckpointSize(*conn));
  const std::optional<TreeHead> last = signer_.last_signed();
  const bool changed = !last || *last != seen;
  const bool unstored = !stored || *stored < seen.size;  // e.g. a crash after signing
  if (!changed && !unstored) {
    return std::optional<std::string>();
  }
  // What is signed is only a tree already on the synchronous standby, if
  // any (log_store.h): read again, behind a replicated COMMIT.
  GARANT_ASSIGN_OR_RETURN(TreeHead head, ReadReplicatedTreeHead(*conn));
  // Never below (or beside) what another instance signed: see FollowOnce.
  GARANT_RETURN_IF_ERROR(AdoptStored(*conn, head));
  GARANT_ASSIGN_OR_RETURN(std::string note, SignAndStore(*conn, head, /*reset=*/false));
  last_signature_ = now;
  return std::optional<std::string>(std::move(note));
}

Status CheckpointPublisher::AdoptStored(db::Connection& conn, const TreeHead& tree) {
  // Nothing larger than what this signer holds: nothing to learn (the
  // common case, one cheap query).
  GARANT_ASSIGN_OR_RETURN(std::optional<uint64_t> size, LatestCheckpointSize(conn));
  const std::optional<TreeHead> last = signer_.last_signed();
  if (!size || (last && *size <= last->size)) return Status::Ok();
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> note, LatestCheckpointNote(conn));
  if (!note) return Status::Ok();
  const NoteVerifier verifier = signer_.Verifier();
  Result<SignedCheckpoint> opened =
      OpenCheckpoint(*note, signer_.origin(), std::span<const NoteVerifier>(&verifier, 1));
  if (!opened.ok()) {
    return Status::DataLoss(
        "the latest stored checkpoint does not verify with this signer's key: " +
        opened.status().message());
  }
  const TreeHead& head = opened->checkpoint.head;
  if (head.size > tree.size) {
    return Status::DataLoss("a checkpoint of size " + std::to_string(head.size) +
                            " is stored but the database tree has only " +
                            std::to_string(tree.size) + " entries (rollback?)");
  }
  PgTileReader tiles(conn);
  TileHashReader reader(head.size, tiles);
  GARANT_ASSIGN_OR_RETURN(Digest root, TreeHash(head.size, reader));
  if (root != head.root) {
    return Status::DataLoss("the stored checkpoint of size " + std::to_string(head.size) +
                            " does not match the stored tree");
  }
  return signer_.AdoptFrom(head, reader)
      .WithContext("adopting the stored checkpoint of size " + std::to_string(head.size));
}

Status CheckpointPublisher::FollowOnce() {
  std::lock_guard<std::mutex> lock(publish_mu_);
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, pool_.Acquire());
  GARANT_ASSIGN_OR_RETURN(TreeHead tree, ReadTreeHead(*conn));
  return AdoptStored(*conn, tree);
}

void CheckpointPublisher::SetLeading(bool leading) {
  {
    std::lock_guard<std::mutex> lock(loop_mu_);
    leading_ = leading;
  }
  loop_cv_.notify_all();
}

void CheckpointPublisher::Start() {
  std::lock_guard<std::mutex> lock(loop_mu_);
  if (running_) {
    return;
  }
  running_ = true;
  loop_ = std::thread([this] {
    while (true) {
      const bool leading = leading_.load();
      {
        std::unique_lock<std::mutex> lock(loop_mu_);
        loop_cv_.wait_for(lock, leading ? options_.poll_interval : options_.follow_interval,
                          [this, leading] { return !running_ || leading_.load() != leading; });
        if (!running_) {
          return;
        }
      }
      const Status st = leading_.load() ? PublishOnce().status() : FollowOnce();
      std::lock_guard<std::mutex> lock(loop_mu_);
      last_error_ = st;
    }
  });
}

void CheckpointPublisher::Stop() {
  {
    std::lock_guard<std::mutex> lock(loop_mu_);
    if (!running_) {
      return;
    }
    running_ = false;
  }
  loop_cv_.notify_all();
  if (loop_.joinable()) {
    loop_.join();
  }
}

Status CheckpointPublisher::last_error() const {
  std::lock_guard<std::mutex> lock(loop_mu_);
  return last_error_;
}

}  // namespace garant::audit
