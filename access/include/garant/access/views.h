// The auditor's desk (issue 11, "Views"): read-only queries over the access
// trail, for the pages /audit/personne, /audit/compte/{account},
// /audit/projet/{reference}, the period overview on /audit, and the DPO's
// letter to a person (/console/demandes/acces).
//
// Each function reads with the connection it is given (one thread), in
// parameterised SQL, and returns plain result structs; rendering (HTML, JSON)
// is the caller's. Fields that the warehouse reported but that are not
// columns of access_events (organisation, purpose, decision, export, the
// justification) are read from the event's own audit leaf: the leaf is the
// record, so the views show what the log proves.
//
// garant's own access events (a staff member viewing the trail: reporter
// kGarantReporter, source "garant", action view) are returned apart from the
// warehouse's accesses where a view counts accesses to the data (overview,
// account activity, project report), and flagged `by_garant` in a person's
// trail, so that an auditor's lookup of a person is visible in that person's
// trail without being mistaken for an access to their data.
//
// Errors: database errors as db::MapSqlState maps them; kDataLoss when a
// stored leaf payload does not parse.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "garant/core/clock.h"
#include "garant/core/db.h"
#include "garant/core/status.h"

namespace garant::access {

// The audit actor (reported_by) of garant's own access events.
inline constexpr std::string_view kGarantReporter = "service:garantd";
// Their `source` field.
inline constexpr std::string_view kGarantSource = "garant";

// A period [from, to); an unset bound is open.
struct Period {
  std::optional<TimePoint> from, to;
};

// One access event as the views show it.
struct TrailEntry {
  std::string id;
  uint64_t audit_index = 0;
  TimePoint occurred_at{};
  std::string account;
  std::string action;
  std::string outcome;
  std::optional<std::string> project;
  std::optional<std::string> organisation;
  std::optional<std::string> account_role;
  std::optional<int64_t> decision;
  std::optional<std::string> purpose;
  std::string source;
  std::optional<int64_t> patient_count;
  std::vector<std::string> findings;  // rule names, in the order raised
  bool by_garant = false;             // a staff member's view recorded by garant itself
  // Set when the event's audit entry was pruned (retention): its leaf is gone,
  // so organisation, account_role, decision, purpose and source are unset or
  // empty; what is left comes from access_events.
  std::optional<TimePoint> pruned_at;
  std::optional<int64_t> retention_days;  // the retention that pruned it, when known
};

// An objection on file for one of the tokens.
struct PersonObjection {
  std::string reference;
  std::string scope;   // "all" or "project:<ref>"
  std::string status;  // "effective" or "withdrawn"
  TimePoint received_at{};
  TimePoint effective_at{};
  std::optional<TimePoint> withdrawn_at;
};

// Where an access stands relative to one objection.
enum class ObjectionTiming {
  kBefore,          // occurred before the objection took effect
  kWhileEffective,  // occurred while it was in force (and it covers the project)
  kNotCovered,      // while it was in force, but its scope is another project
  kAfterWithdrawal  // after it was withdrawn
};
// "avant", "pendant", "hors_portee", "apres_retrait" (stable, in the JSON API).
std::string_view ToString(ObjectionTiming t);
ObjectionTiming TimingOf(const TrailEntry& access, const PersonObjection& o);

struct PersonTrail {
  std::vector<TrailEntry> entries;          // oldest first
  std::vector<PersonObjection> objections;  // by effective_at
};

// Every access event touching any of `tokens` (64 lowercase hex each; other
// strings are kInvalidArgument), inline or through a set, with the person's
// objections found by the same tokens (under any key).
Result<PersonTrail> ReadPersonTrail(db::Connection& conn, const std::vector<std::string>& tokens);

struct Count {
  std::string key;
  int64_t count = 0;
  friend bool operator==(const Count&, const Count&) = default;
};

struct FindingRow {
  std::string rule;
  std::string severity;
  std::string account;
  std::optional<std::string> project;
  TimePoint occurred_at{};
  uint64_t event_index = 0;
  std::string explanation;
};

struct AuthorisationRow {
  int64_t id = 0;
  std::string project;
  int64_t decision_id = 0;
  std::vector<std::string> accounts;
  std::vector<std::string> domains;
  TimePoint valid_from{}, valid_until{};
  std::optional<TimePoint> revoked_at;
};

// What an account did over a period (warehouse accesses only), and its
// authorisations over time.
struct AccountTrail {
  std::string account;
  std::vector<Count> per_day;  // "YYYY-MM-DD" (Paris), days with events only, ascending
  int64_t events = 0;
  int64_t patients = 0;                          // distinct tokens touched
  std::vector<Count> actions;                    // by count descending, then name
  std::vector<Count> projects;                   // "" for no project
  std::vector<FindingRow> findings;              // oldest first
  std::vector<AuthorisationRow> authorisations;  // naming the account, by valid_from
  std::vector<TrailEntry> recent;                // newest first, at most `limit`
};
Result<AccountTrail> ReadAccountTrail(db::Connection& conn, const std::string& account,
                                      const Period& period, int64_t limit = 200);

// Rules that say an access was outside what an authorisation allowed.
const std::vector<std::string>& OutsideAuthorisationRules();

struct ProjectInfo {
  std::string reference, title, organisation, purpose, legal_basis, formality, formality_reference,
      status;
  std::optional<int64_t> cohort_size;  // the approved cohort size, when stated
};

struct AccountUse {
  std::string account;
  int64_t events = 0;
  std::optional<TimePoint> first, last;
};

struct AuthorisationReport {
  AuthorisationRow authorisation;
  std::vector<AccountUse> named;  // each named account, with its accesses in the window (0: none)
};

struct ExportRow {
  TrailEntry event;
  std::string file, sha256, destination;
  int64_t bytes = 0;
};

struct ReidentificationRow {
  TrailEntry event;
  std::optional<std::string> justification;
};

struct AckRow {
  std::string consumer;
  int64_t version = 0;
  TimePoint issued_at{};
  TimePoint applied_at{};
  int64_t purged_count = 0;
};

struct OutsideRow {
  TrailEntry event;
  std::string rule;
  std::string explanation;
};

struct ProjectReport {
  ProjectInfo project;
  Period period;
  int64_t events = 0;
  std::vector<AuthorisationReport> authorisations;  // by id
  std::vector<AccountUse> accessed;                 // every account that accessed, by account
  std::vector<std::string> unnamed;                 // accessed, named in no authorisation
  std::vector<OutsideRow> outside;                  // oldest first, at most the limit
  int64_t outside_total = 0;                        // all of them in the period
  int64_t patients = 0;                             // distinct tokens touched
  std::optional<int64_t> cohort_size;  // the project's approved cohort size, when stated
  std::vector<ExportRow> exports;
  std::vector<ReidentificationRow> reidentifications;
  std::vector<AckRow> acks;  // exclusion list versions applied during the period
};
// kNotFound for an unknown reference. The counts (accessed, named, events,
// patients) come from the rollups of sql/0030 for the period's whole Paris
// days and from the events for the partial days at its ends: the same
// figures as counting every event (access/DESIGN.md "Rollups").
// `outside_limit` bounds the accesses outside an authorisation listed (the
// oldest first; nullopt: all); `outside_total` always counts them all. Each
// listed one costs an event and a leaf read, so a project with many (a
// year of an unnamed account) would make the report as slow as that list.
inline constexpr int64_t kOutsideListed = 200;
Result<ProjectReport> ReadProjectReport(db::Connection& conn, const std::string& reference,
                                        const Period& period,
                                        std::optional<int64_t> outside_limit = kOutsideListed);

struct Overview {
  Period period;
  int64_t events = 0;          // warehouse accesses
  int64_t garant_views = 0;    // staff views recorded by garant
  std::vector<Count> per_day;  // Paris days, ascending
  std::vector<Count> actions;
  std::vector<Count> projects;
  struct RuleCount {
    std::string rule, severity;
    int64_t count = 0;
  };
  std::vector<RuleCount> findings;  // by count descending
  uint64_t log_size = 0;            // audit_tree_state
};
// Read like the project report's counts: rollups for whole Paris days, the
// events for the partial days.
Result<Overview> ReadOverview(db::Connection& conn, const Period& period);

// The DPO's letter (RGPD art. 15): one line per project (or per organisation
// without a project) that accessed the person's data, never an account name.
struct LetterLine {
  std::optional<std::string> project;
  std::optional<std::string> title;
  std::vector<std::string> organisations;  // reported organisations, then the project's
  std::vector<std::string> purposes;       // codes
  std::optional<std::string> legal_basis, formality;
  std::vector<std::string> recipient_categories;  // account roles as reported
  TimePoint first{}, last{};
  int64_t accesses = 0;
};
// Groups the warehouse's successful accesses of `trail` (garant's own views
// left out) by project, with the projects' registry facts. Pure.
std::vector<LetterLine> LetterLines(const PersonTrail& trail,
                                    const std::map<std::string, ProjectInfo>& projects);
// The registry facts of `references` (unknown ones are left out).
Result<std::map<std::string, ProjectInfo>> ReadProjects(db::Connection& conn,
                                                        const std::vector<std::string>& references);

}  // namespace garant::access
