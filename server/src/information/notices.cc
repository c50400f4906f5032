#include "information/notices.h"

#include "garant/core/clock.h"
#include "garant/core/crypto.h"

namespace garant::server {
namespace {

constexpr std::string_view kShownMacLabel = "garant-notice-shown-v1|";

std::string ParisDay(TimePoint t) {
  std::string human = FormatParisHuman(t);
  size_t at = human.find(" à ");
  return at == std::string::npos ? human : human.substr(0, at);
}

}  // namespace

std::string_view AudienceLabel(consent::NoticeAudience a) {
  switch (a) {
    case consent::NoticeAudience::kAdult:
      return "Adultes";
    case consent::NoticeAudience::kMinor:
      return "Mineurs";
    case consent::NoticeAudience::kProfessional:
      return "Professionnels de santé";
  }
  return "";
}

std::vector<std::string> NoticeParagraphs(std::string_view body) {
  std::vector<std::string> out;
  std::string current;
  bool blank_line = false;
  auto flush = [&] {
    size_t b = current.find_first_not_of(" \t");
    size_t e = current.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(current.substr(b, e - b + 1));
    current.clear();
  };
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t nl = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    blank_line = line.find_first_not_of(" \t") == std::string_view::npos;
    if (blank_line) {
      flush();
    } else {
      if (!current.empty()) current += ' ';
      current += line;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  flush();
  return out;
}

NoticeView ViewOf(const consent::Notice& n) {
  NoticeView v;
  v.audience = std::string(consent::Name(n.audience));
  v.audience_label = std::string(AudienceLabel(n.audience));
  v.version = n.version;
  v.date = ParisDay(n.published_at);
  v.title = n.title;
  v.paragraphs = NoticeParagraphs(n.body);
  return v;
}

std::string NoticesShownValue(std::string_view adult_label, std::string_view minor_label) {
  return std::string(adult_label) + " " + std::string(minor_label);
}

std::string NoticesShownMac(ByteView key, std::string_view shown) {
  return HexEncode(
      crypto::HmacSha256(key, AsBytes(std::string(kShownMacLabel) + std::string(shown))));
}

std::optional<std::string> ShownNoticeFor(ByteView key, std::string_view shown,
                                          std::string_view mac, consent::Requester requester) {
  const std::string expected = NoticesShownMac(key, shown);
  if (mac.size() != expected.size() || !ConstantTimeEquals(AsBytes(mac), AsBytes(expected))) {
    return std::nullopt;
  }
  size_t sp = shown.find(' ');
  if (sp == std::string_view::npos || shown.find(' ', sp + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view adult = shown.substr(0, sp);
  std::string_view minor = shown.substr(sp + 1);
  if (adult.empty() || minor.empty()) return std::nullopt;
  return std::string(
      consent::NoticeAudienceOf(requester) == consent::NoticeAudience::kMinor ? minor : adult);
}

std::optional<std::string> ShownProfessionalNotice(ByteView key, std::string_view shown,
                                                   std::string_view mac) {
  const std::string expected = NoticesShownMac(key, shown);
  if (mac.size() != expected.size() || !ConstantTimeEquals(AsBytes(mac), AsBytes(expected))) {
    return std::nullopt;
  }
  const std::string prefix =
      std::string(consent::Name(consent::NoticeAudience::kProfessional)) + "-";
  const bool professional = shown.size() > prefix.size() &&
                            shown.substr(0, prefix.size()) == prefix &&
                            shown.find(' ') == std::string_view::npos;
  if (!professional && shown != consent::kNoNoticePublished) return std::nullopt;
  return std::string(shown);
}

}  // namespace garant::server
