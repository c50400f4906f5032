// The directory fields of a project on the transparency portal (issue #14,
// R7 of fr-regulatory.md): what the Health Data Hub's public directory of
// projects lists beside the project's identity — funders, calendar, data
// sources and linkage, sensitive variables, processing platform, results and
// publications, and the project-specific information notice.
//
// Pure: value types, validation, JSON form (stored in gov_portal_versions,
// sql/0031, and served by the public API) and the list of fields that differ
// between two versions. No IO. The store (store.h PublishPortalFields,
// AddPortalResult, CorrectPortalResult, WithdrawPortalResult) keeps every
// published version.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/core/status.h"
#include "garant/governance/model.h"

namespace garant::governance {

// Limits (characters, UTF-8 bytes; items per list).
inline constexpr size_t kPortalNameMax = 200;      // a funder, a source, a milestone
inline constexpr size_t kPortalTextMax = 2000;     // linkage method, sensitive details
inline constexpr size_t kPortalNoticeMax = 20000;  // the project-specific notice
inline constexpr size_t kPortalTitleMax = 500;     // a result's title
inline constexpr size_t kPortalUrlMax = 500;
inline constexpr size_t kPortalNoteMax = 500;     // why a result was corrected or withdrawn
inline constexpr size_t kPortalListMax = 20;      // funders, milestones, sources
inline constexpr size_t kPortalResultsMax = 100;  // results and publications
inline constexpr int64_t kPortalAmountMax = 10'000'000'000;  // euros

enum class FunderKind { kPublic, kPrivate };
std::string_view ToString(FunderKind k);
Result<FunderKind> ParseFunderKind(std::string_view s);

// Where the data are processed.
enum class PortalPlatform { kContact, kHealthDataHub, kOther };
std::string_view ToString(PortalPlatform p);
Result<PortalPlatform> ParsePortalPlatform(std::string_view s);

enum class Linkage { kNone, kLinked };
std::string_view ToString(Linkage l);
Result<Linkage> ParseLinkage(std::string_view s);

// The categories of sensitive variables a French study declares (RGPD art.
// 9 and 10, the NIR, and the CNIL's "highly personal" data). Stable names.
inline constexpr std::string_view kSensitiveCategories[] = {
    "health",               // données de santé (always, in a health warehouse)
    "genetic",              // données génétiques
    "sexual_life",          // vie sexuelle ou orientation sexuelle
    "ethnic_origin",        // origine prétendument raciale ou ethnique
    "opinions",             // opinions politiques, convictions religieuses, syndicales
    "offences",             // infractions, condamnations (RGPD art. 10)
    "nir",                  // numéro d'inscription au répertoire (NIR, n° de sécurité sociale)
    "social_difficulties",  // difficultés sociales, précarité
    "fine_location",        // localisation fine (adresse, commune de résidence)
};
bool KnownSensitiveCategory(std::string_view s);

struct Funder {
  std::string name;
  FunderKind kind = FunderKind::kPublic;
  std::optional<int64_t> amount_eur;  // whole euros, 0..kPortalAmountMax

  bool operator==(const Funder&) const = default;
};

struct Milestone {
  Date date{};
  std::string label;

  bool operator==(const Milestone&) const = default;
};

struct PortalResult {
  // Every member has an initializer, so that a designated initializer may
  // leave any out.
  std::string title{};
  Date date{};
  std::string url{};  // "" or http(s)://…
  std::string doi{};  // "" or 10.NNNN/…
  // Set by the store, never by a form or an API body:
  int64_t id = 0;  // 1, 2…: stable across versions, never reused in a project
  std::optional<TimePoint> corrected_at{};  // its last correction
  std::optional<TimePoint> withdrawn_at{};  // withdrawn: kept, shown as withdrawn
  std::string note{};  // why it was last corrected or withdrawn ("" = not said)

  bool operator==(const PortalResult&) const = default;
};

// One version of a project's directory fields. Every field may be empty: a
// project is published before all is known, and the secretary completes it.
struct PortalFields {
  std::vector<Funder> funders;
  std::optional<Date> start;  // planned start and end of the study
  std::optional<Date> end;
  std::vector<Milestone> milestones;
  std::vector<std::string> sources;  // "Entrepôt CONTACT", "SNDS (DCIR, PMSI)"
  Linkage linkage = Linkage::kNone;
  std::string linkage_bases;           // required when linked: "SNDS"
  std::string linkage_method;          // required when linked: how (trusted third party…)
  std::vector<std::string> sensitive;  // kSensitiveCategories, in that order
  std::string sensitive_details;
  std::optional<PortalPlatform> platform;
  std::string platform_name;          // required for kOther
  bool hds_hosting = false;           // hosted by an HDS-certified host (R25)
  std::vector<PortalResult> results;  // withdrawn ones included, in order of addition
  std::string notice;                 // the project-specific information notice (R5, R6)

  bool operator==(const PortalFields&) const = default;
};

// The top-level field names, in page order: "funders", "calendar",
// "sources", "linkage", "sensitive", "platform", "results", "notice".
// `calendar` covers start, end and milestones; `linkage` its bases and
// method; `sensitive` its details; `platform` its name and HDS hosting.
inline constexpr std::string_view kPortalFieldNames[] = {
    "funders", "calendar", "sources", "linkage", "sensitive", "platform", "results", "notice"};

// Checks every limit and rule; on the first failure, kInvalidArgument with a
// reason (reasons.h: portal_text_too_long, portal_invalid_date,
// portal_invalid_url, portal_invalid_value, portal_unknown_field) and, when
// `field` is given, the top-level field name it concerns.
// Rules: names and labels 1..kPortalNameMax after trimming; end ≥ start;
// milestones dated, within 2000..2100; linked ⇒ bases and method; an "other"
// platform is named; amounts 0..kPortalAmountMax; a result has a title, a
// date within 2000..2100, and an URL (http or https, no space or control
// character, kPortalUrlMax) and/or a DOI (10.<4–9 digits>/<suffix>), either
// optional; sensitive categories known and without repetition; result ids
// 1.. and distinct, a note (kPortalNoteMax) only on a corrected or withdrawn
// result.
Status ValidatePortalFields(const PortalFields& f, std::string* field = nullptr);

// "2026-03-31" (native date input) or "31/03/2026" (typed), within
// 2000..2100; kInvalidArgument portal_invalid_date otherwise.
Result<Date> ParsePortalDate(std::string_view s);

// A web address for a result: http:// or https://, a host, no space, quote,
// angle bracket or control character, at most kPortalUrlMax.
bool ValidPortalUrl(std::string_view s);
bool ValidDoi(std::string_view s);

// The stored and served JSON form. FromJson is strict: an unknown key is
// kInvalidArgument portal_unknown_field; a wrong type portal_invalid_value;
// the result is also validated. A result without "id" (versions stored
// before results could be corrected, when they were only appended) takes its
// position, 1-based.
boost::json::object PortalFieldsJson(const PortalFields& f);
Result<PortalFields> PortalFieldsFromJson(const boost::json::value& v,
                                          std::string* field = nullptr);

// The top-level field names (kPortalFieldNames) whose values differ, in
// page order.
std::vector<std::string> ChangedPortalFields(const PortalFields& before, const PortalFields& after);

// The id the next added result takes: one more than the highest so far.
int64_t NextPortalResultId(const PortalFields& f);

// The result with this id, or nullptr.
const PortalResult* FindPortalResult(const PortalFields& f, int64_t id);

// What happened to the results from one version to the next, matched by id
// (the public history says it in French): added, corrected (before holds
// the previous text) or withdrawn, in the order of `after`.
struct PortalResultChange {
  enum class Kind { kAdded, kCorrected, kWithdrawn };
  Kind kind = Kind::kAdded;
  PortalResult before;  // kCorrected, kWithdrawn: the result as it was
  PortalResult after;
};
std::vector<PortalResultChange> PortalResultChanges(const PortalFields& before,
                                                    const PortalFields& after);

// One published version (gov_portal_versions).
struct PortalVersion {
  int64_t id = 0;
  int64_t project_id = 0;
  int version = 0;
  PortalFields fields;
  std::vector<std::string> changed;  // top-level field names
  TimePoint published_at{};
  std::string published_by;  // audit actor
  uint64_t audit_index = 0;  // the entry governance.portal.published
};

}  // namespace garant::governance
