// AccessStore: the access trail in PostgreSQL (sql/0007_access.sql).
//
// RecordBatch records a batch of access events in one READ COMMITTED
// transaction: one audit leaf per event (access.<action>, the event id as the
// leaf id), the event row, its patient tokens in the side table, the checks
// at occurred_at (rules.h) over the registries' history read in the same
// transaction, and each finding as a row of access_findings plus its own
// audit leaf (finding.raised). Either all of that commits or nothing does.
//
// Idempotent by event id: an id already recorded with the same content (the
// SHA-256 of CanonicalJson) answers its stored index and findings; with other
// content the whole batch fails with kAlreadyExists and nothing is written.
// Batches are serialised by a transaction-level advisory lock (the audit
// append serialises them anyway), so concurrent senders of one batch get one
// recording and the same answer.
//
// Patient sets are uploaded with BeginPatientSet: tokens streamed in batches
// into a staging table, the digest computed from the database in sorted
// order through a cursor, compared with the announced one, then stored once
// with an audit entry (access.patient_set.stored).
//
// Reads of governance and consent tables (projects, transitions,
// authorisations, suspensions, objections) are read-only snapshots.
//
// Thread-safety: thread-safe (each call borrows its own pooled connection);
// a PatientSetUpload is used by one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "garant/access/event.h"
#include "garant/access/rules.h"
#include "garant/audit/log_store.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/random.h"

namespace garant::access {

struct RecordedEvent {
  std::string id;
  uint64_t index = 0;                 // the event's audit index
  std::vector<std::string> findings;  // rule names, in the order raised
};

struct StoredFinding {
  std::string id;  // UUID (also the id of its finding.raised leaf)
  int64_t seq = 0;
  std::string rule;
  std::string severity;
  std::string event_id;
  uint64_t event_index = 0;
  std::string account;
  std::optional<std::string> project;
  TimePoint occurred_at{};
  TimePoint raised_at{};
  std::string explanation;
  std::string facts;  // JSON object text
  uint64_t audit_index = 0;
  std::string case_id;  // its case (cases.h): "<AAAA-MM-JJ>~<account>", Paris day
  std::string status;   // its case's review status: new, under_review, justified, incident
};

struct FindingQuery {
  std::optional<std::string> rule, account, project;
  std::optional<TimePoint> from, to;  // on the event's occurred_at: [from, to)
  std::optional<std::string> status;  // its case's status (new, under_review, justified, incident)
  int64_t limit = 100;
  std::optional<int64_t> before_seq;  // cursor: findings with seq < this
};

struct FindingPage {
  std::vector<StoredFinding> findings;  // newest first
  std::optional<int64_t> next_cursor;
};

struct RetryReport {
  int64_t retried = 0;   // events whose checks ran
  int64_t findings = 0;  // findings they raised
};

// One step of the patients' rollup (AccessStore::FollowPatientRollup).
struct PatientRollupStep {
  int64_t read = 0;        // events read (all kinds), 0 when there was none
  int64_t events = 0;      // of which the warehouse's events of a project
  int64_t through = -1;    // the audit index the rollup now covers (-1: none)
  bool caught_up = false;  // no event was left above `through` when it read
};

struct PatientSetInfo {
  std::string digest;
  int64_t token_count = 0;
  uint64_t audit_index = 0;
  bool created = false;  // false: it was stored before (the upload was a no-op)
};

class PatientSetUpload;

class AccessStore {
 public:
  AccessStore(db::Pool& pool, audit::AuditLog& log, const Clock& clock, Random& random,
              RuleConfig config = RuleConfig::Defaults());
  ~AccessStore();

  // `reporter`: the audit actor of the reporting service ("service:<id>").
  // A batch is first recorded as new (no lookup of its ids); one holding an
  // id already recorded fails that try, nothing kept, and is recorded again
  // with the lookups (DESIGN.md, "Idempotent by id").
  // Errors: kAlreadyExists (an id with other content, nothing written),
  // kInvalidArgument (a patient_set never uploaded, an unknown purpose:
  // "events[i]: ..."), database errors.
  Result<std::vector<RecordedEvent>> RecordBatch(const std::string& reporter,
                                                 const std::vector<AccessEvent>& events);

  Result<FindingPage> ListFindings(const FindingQuery& q);

  // Runs again the checks of the events recorded with check_failed and not
  // retried yet (oldest first, at most `limit`), in one transaction: the
  // event is rebuilt from its leaf and its patients, checked at occurred_at
  // (late_report against its first recording time; the registries and the
  // account's activity as they are recorded now), its findings recorded like
  // any (rows, finding.raised leaves referencing the event's index), and the
  // retry itself recorded append-only: a row of access_check_retries and a
  // finding.rechecked leaf {event_id, event_index, findings}. The
  // check_failed finding stays. Errors (a registry still unreadable):
  // nothing is written, the events stay pending.
  Result<RetryReport> RetryFailedChecks(size_t limit = 500);

  // The patients' rollup (access_project_patients, sql/0030 and 0037)
  // follows the recorded events outside their batches: one transaction adds
  // the patients of the next `max_events` events (audit index order) and
  // moves the rollup's `through` past them. Safe to run from several threads
  // or servers at once (they take turns on one row lock); adding an event
  // twice changes nothing. Run by garantd's access worker each second; the
  // project report is exact whatever its lag (it counts the events above
  // `through` from their own rows). Errors: database errors, nothing moved.
  Result<PatientRollupStep> FollowPatientRollup(size_t max_events = 20000);
  // The recorded events the patients' rollup has not reached yet, counted up
  // to `cap` (a stuck follower makes it grow).
  Result<int64_t> PatientRollupBacklog(int64_t cap = 1000000);

  // The stored set, or nullopt.
  Result<std::optional<PatientSetInfo>> FindPatientSet(const std::string& digest);
  // Starts an upload of the set announced as `digest`. Holds a pooled
  // connection and a transaction until Finish or destruction (rollback).
  // `max_tokens`: the most lines accepted (lowered by tests).
  Result<std::unique_ptr<PatientSetUpload>> BeginPatientSet(
      const std::string& actor, const std::string& digest,
      size_t max_tokens = kMaxPatientSetTokens);

 private:
  // One try of RecordBatch: `hashes` are the events' content hashes; with
  // IdCheck::kAssumeNew an id already recorded fails with kAlreadyExists.
  Result<std::vector<RecordedEvent>> RecordBatchOnce(const std::string& reporter,
                                                     const std::vector<AccessEvent>& events,
                                                     const std::vector<std::string>& hashes,
                                                     audit::IdCheck ids);

  db::Pool& pool_;
  audit::AuditLog& log_;
  const Clock& clock_;
  Random& random_;
  RuleConfig config_;
};

class PatientSetUpload {
 public:
  ~PatientSetUpload();
  PatientSetUpload(const PatientSetUpload&) = delete;
  PatientSetUpload& operator=(const PatientSetUpload&) = delete;

  // One token (64 lowercase hex). kInvalidArgument for a bad token (with its
  // line number), kTooLarge beyond the upload's maximum (kMaxPatientSetTokens).
  Status Add(std::string_view token);
  // Computes the digest of the distinct tokens in sorted order; a mismatch is
  // kInvalidArgument and nothing is stored. Stores the set and its audit
  // entry, and commits. A set stored meanwhile by someone else: created=false.
  Result<PatientSetInfo> Finish();

 private:
  friend class AccessStore;
  struct Impl;
  explicit PatientSetUpload(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace garant::access
