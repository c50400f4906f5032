// The secretary console, internal to the server: page renderers (in
// governance/console_pages.cc) and form helpers shared with the routes
// (governance/console.cc). Each renderer sends a complete page with the given
// HTTP status and, when not empty, a French error message; it fails only when
// the records cannot be read (kNotFound for an unknown id).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "governance/http.h"

namespace garant::server::gov::console {

using Form = std::map<std::string, std::string>;

// Form fields.
std::string Get(const Form& f, const std::string& k);
// A decimal integer in [min, max] (kInvalidArgument otherwise).
Result<int64_t> FormInt(const Form& f, const std::string& k, int64_t min, int64_t max);
// Ids of the checked boxes named prefix<id>.
std::vector<int64_t> CheckedIds(const Form& f, const std::string& prefix);
// Data domains of the checked boxes named domain_<code>.
std::vector<std::string> CheckedDomains(const Form& f);
// "a, b ,c" → {"a", "b", "c"} (blank items dropped).
std::vector<std::string> CommaList(const std::string& s);
// The HTTP status of a refused action.
int StatusFor(const Status& st);
// The quorum rule of a choice of the committee form ("majorite", "moitie",
// "deux_tiers", "tiers", "tous"), min_patient_representatives 0; nullopt
// for anything else.
std::optional<governance::QuorumRule> QuorumFromChoice(const std::string& code);

Status RenderIndex(Context& c, HttpExchange& ex, int status, const std::string& error);
Status RenderCommittee(Context& c, HttpExchange& ex, int64_t id, int status,
                       const std::string& error);
Status RenderNewProject(Context& c, HttpExchange& ex, int status, const std::string& error);
Status RenderProject(Context& c, HttpExchange& ex, int64_t id, int status,
                     const std::string& error);
Status RenderNewMeeting(Context& c, HttpExchange& ex, std::optional<int64_t> committee_id,
                        int status, const std::string& error);
// The confirmation page of an unsigned decision: the decision, what the
// transparency portal will publish, and the signing form.
Status RenderSignature(Context& c, HttpExchange& ex, int64_t meeting_id, int64_t decision_id,
                       int status, const std::string& error);
// The confirmation page for discarding an unsigned decision (a draft): the
// decision, what discarding does, and the form (reason, pre-filled with
// `reason`, and confirmation); a signed decision shows why it cannot be
// discarded instead of the form.
Status RenderDiscard(Context& c, HttpExchange& ex, int64_t meeting_id, int64_t decision_id,
                     int status, const std::string& error, const std::string& reason);
// The acts awaiting their second signature (two-person rule): signed
// decisions not co-signed, authorisations neither confirmed nor revoked, each
// with a "Cosigner" / "Confirmer" form unless the viewer signed it first.
Status RenderPending(Context& c, HttpExchange& ex, int status, const std::string& error);
// open_project / open_topic: the agenda item whose decision form is shown
// unfolded.
Status RenderMeeting(Context& c, HttpExchange& ex, int64_t id, int status, const std::string& error,
                     std::optional<int64_t> open_project,
                     std::optional<int64_t> open_topic = std::nullopt);
// Topic rows of the new meeting form (fields topic_category_N, topic_title_N).
inline constexpr int kTopicRows = 3;

}  // namespace garant::server::gov::console
