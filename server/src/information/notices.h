// The information notices on pages (the register: consent/notice_register.h;
// docs/notices.md): their French views, and the stamp of the versions shown
// with the public opposition form.
//
// The stamp: the patients' form carries, in hidden fields, the labels of the notices
// it showed ("adult-2 minor-1", "none" for an audience with no version yet)
// and an HMAC of them under Services::csrf_key (label
// "garant-notice-shown-v1|"). On submission the objection records the label
// the form showed for the requester's audience, even if a new version was
// published in between; a changed label or MAC is refused (the form comes
// back with a French message, nothing recorded).
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "garant/consent/notice_register.h"
#include "garant/consent/objection.h"
#include "garant/core/bytes.h"

namespace garant::server {

// A notice as pages show it.
struct NoticeView {
  std::string audience;        // "adult"
  std::string audience_label;  // "Adultes"
  std::string version;         // "adult-2"
  std::string date;            // publication day, JJ/MM/AAAA (Europe/Paris)
  std::string title;
  std::vector<std::string> paragraphs;  // the body split on blank lines
};

// "Adultes", "Mineurs", "Professionnels de santé".
std::string_view AudienceLabel(consent::NoticeAudience a);
NoticeView ViewOf(const consent::Notice& n);
// Paragraphs of a plain text: split on blank lines, single line breaks kept
// as spaces, blank paragraphs dropped.
std::vector<std::string> NoticeParagraphs(std::string_view body);

// The labels shown with the form: adult then minor, space-separated.
std::string NoticesShownValue(std::string_view adult_label, std::string_view minor_label);
// Hex HMAC-SHA-256 of `shown` under `key`.
std::string NoticesShownMac(ByteView key, std::string_view shown);
// The label to record for `requester` when `mac` is `shown`'s MAC and
// `shown` is well formed; nullopt otherwise (a forged or damaged field).
std::optional<std::string> ShownNoticeFor(ByteView key, std::string_view shown,
                                          std::string_view mac, consent::Requester requester);

// The health professionals' form (/opposition/professionnel) carries one
// label, the professionals' notice shown ("professional-2", or "none"),
// with its MAC (NoticesShownMac over the label alone). The label to record
// when `mac` is `shown`'s MAC and `shown` is one professionals' label or
// "none"; nullopt otherwise (forged, damaged, or a patients' stamp).
std::optional<std::string> ShownProfessionalNotice(ByteView key, std::string_view shown,
                                                   std::string_view mac);

}  // namespace garant::server
