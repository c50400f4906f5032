// The register of rights requests in PostgreSQL (sql/0019_rights_requests.sql).
// Every change commits in ONE transaction with its audit-log entry
// (rights.request.*, object "rights-request/<reference>") and a row of the
// request's history; entries and history carry the reference, states and
// staff ids, never an identity trait, contact or free text that may name one.
//
// The person's traits, the contact address and the requester's name are
// AES-256-GCM sealed (crypto::KeyRing, AAD "garant-rights-identity-v1|<id>")
// and opened only by Detail, whose reading is itself an audit entry.
// Proofs of identity are never stored: VerifyIdentity records when, how and
// by whom identity was checked.
//
// Thread-safety: thread-safe (each call borrows its own connection). The
// pool, the audit log, the random source and the clock must outlive it.
// Errors: kInvalidArgument (the first field error: call
// ValidateRightsRequest first to get them all; a bad text, ground or method,
// with its reason), kNotFound (unknown reference, or unknown objection for an
// objection request), kConflict (a transition the state forbids, with reason
// kReasonTransitionRefused; a second extension, kReasonAlreadyExtended; an
// extension after the deadline, kReasonExtensionTooLate; the state changed
// since the page was read, kReasonStateStale), kDataLoss when a stored value
// is unknown or a sealed value does not open; database errors as
// db::MapSqlState maps them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/audit/log_store.h"
#include "garant/consent/rights_request.h"
#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/key_ring.h"
#include "garant/core/random.h"

namespace garant::consent {

// Audit event types written by this store.
inline constexpr std::string_view kEventRightsCreated = "rights.request.created";
inline constexpr std::string_view kEventRightsTransition = "rights.request.updated";
inline constexpr std::string_view kEventRightsIdentityViewed = "rights.request.identity_viewed";

// "DRT-XXXX-XXXX" (Crockford base32, as the objection receipts), from `typed`
// case-insensitive, spaces ignored, the prefix optional; kNotFound otherwise.
Result<std::string> CanonicalRightsReference(std::string_view typed);

// What the DPO records with a transition. Which fields an action needs:
//   ask_identity: nothing (note optional);
//   verify_identity: method (text required when method is other);
//   answer: text (what was answered or done);
//   refuse: ground and text (the reason given to the person);
//   extend: text (the reason given to the person).
struct RightsTransition {
  RightsAction action = RightsAction::kAskIdentity;
  std::optional<RightsState> expected_state;  // refuse with kReasonStateStale if different
  std::optional<IdentityMethod> method;
  std::optional<RefusalGround> ground;
  std::string text;
};

struct RightsQuery {
  std::optional<RightsState> state;
  std::optional<RightType> type;
  bool open_only = false;  // not answered nor refused
  int limit = 100;         // 1..500
  int offset = 0;
};

// The DPO's view with the clear data, for a page or a letter.
struct RightsRequestDetail {
  RightsRequest request;
  IdentityTraits traits;
  std::optional<std::string> contact;
  std::optional<std::string> requester_name;
};

// The rights requests about one objection (canonical OPP reference), oldest
// first: RightsStore::ForObjection without a store (the objection pages).
Result<std::vector<RightsRequest>> RightsRequestsForObjection(db::Pool& pool,
                                                              std::string_view objection_reference);

class RightsStore {
 public:
  RightsStore(db::Pool& pool, audit::AuditLog& audit, Random& random, const Clock& clock,
              crypto::KeyRing sealing);

  // Validates, seals and records `r` entered by staff account `staff_id`,
  // with its audit entry, in one transaction. For an objection request, the
  // objection (canonical OPP reference) must exist (kNotFound otherwise).
  Result<RightsRequest> Create(const NewRightsRequest& r, int64_t staff_id, std::string_view actor);

  Result<RightsRequest> Get(std::string_view reference);
  Result<std::vector<RightsRequest>> Search(const RightsQuery& q);
  // The requests about one objection (canonical OPP reference), oldest first.
  Result<std::vector<RightsRequest>> ForObjection(std::string_view objection_reference);
  Result<std::vector<RightsEvent>> History(std::string_view reference);

  // Applies `t` (NextState's rules, then the action's own: see
  // RightsTransition) under a row lock; the clock stops on entering
  // identity_check and starts again on leaving it; an extension is allowed
  // once, before the deadline. One audit entry and one history row.
  Result<RightsRequest> Apply(std::string_view reference, const RightsTransition& t,
                              int64_t staff_id, std::string_view actor);

  // The request with its decrypted identity; the reading is an audit entry
  // whose payload names `purpose` ("page", "letter:acknowledgement", …).
  Result<RightsRequestDetail> Detail(std::string_view reference, std::string_view actor,
                                     std::string_view purpose);

  // The clock of the audit entries, when not the one dating the records.
  void UseAuditClock(const Clock& clock) { audit_clock_ = &clock; }

 private:
  const Clock& audit_clock() const { return audit_clock_ != nullptr ? *audit_clock_ : clock_; }
  db::Pool& pool_;
  audit::AuditLog& audit_;
  Random& random_;
  const Clock& clock_;
  const Clock* audit_clock_ = nullptr;
  crypto::KeyRing sealing_;
};

}  // namespace garant::consent
