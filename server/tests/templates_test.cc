// The embedded templates (webui/templates): every one parses, and text typed
// into a <textarea> comes back as typed when a form is shown again after an
// error (ctemplate's html_escape turns line breaks into spaces; pre_escape
// escapes the same characters and keeps them). A page kept to be sent again
// (PageForKeeping, PageForSending) holds no session's CSRF token and gets the
// token of the session it is sent to.

#include <ctemplate/template.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <utility>

#include "garant/webui/files.h"
#include "http/pages.h"

namespace garant::server {
namespace {

// The templates in ctemplate's cache, loaded once for every test (a second
// InitPages would find them there already and fail).
bool PagesLoaded() {
  static const bool loaded = InitPages().ok();
  return loaded;
}

TEST(Templates, EveryTextareaValueKeepsItsLineBreaks) {
  const std::regex textarea(R"(<textarea[^>]*>([^<]*)</textarea>)");
  int checked = 0;
  for (const auto& f : webui::Files()) {
    if (f.name.rfind("templates/", 0) != 0) continue;
    for (std::sregex_iterator it(f.content.begin(), f.content.end(), textarea), end; it != end;
         ++it) {
      const std::string inner = (*it)[1];
      if (inner.empty()) continue;
      ++checked;
      EXPECT_NE(inner.find(":pre_escape}}"), std::string::npos)
          << f.name << ": " << inner << " loses line breaks (use :pre_escape)";
    }
  }
  EXPECT_GE(checked, 4);  // audit_case (2), gov_meeting, gov_project, opp_form at least
}

TEST(Templates, AShownAgainNoteKeepsLinesAndIsEscaped) {
  ASSERT_TRUE(PagesLoaded());
  ctemplate::TemplateDictionary d("case");
  d.ShowSection("DECIDE");
  d.SetValue("NOTE_TEXT", "ligne 1\nligne 2 <b>&\"");
  std::string out;
  ASSERT_TRUE(ctemplate::ExpandTemplate("audit_case.tpl", ctemplate::DO_NOT_STRIP, &d, &out));
  EXPECT_NE(out.find(">ligne 1\nligne 2 &lt;b&gt;&amp;&quot;</textarea>"), std::string::npos)
      << out;
}

TEST(Templates, NoTemplateHoldsTheCsrfTokenSlot) {
  int checked = 0;
  for (const auto& f : webui::Files()) {
    if (f.name.rfind("templates/", 0) != 0) continue;
    ++checked;
    EXPECT_EQ(f.content.find(kCsrfTokenSlot), std::string::npos) << f.name;
  }
  EXPECT_GE(checked, 10);
}

Principal StaffWithToken(std::string token) {
  Principal p;
  p.kind = Principal::Kind::kStaff;
  p.id = "7";
  p.display_name = "Agnès Martin";
  p.role = kRoleDpo;
  p.csrf_token = std::move(token);
  return p;
}

// A page as the receipt is rendered: the layout's logout form carries the
// token; the body shows typed text that looks like the slot.
std::string RenderWithTyped(const Principal& p) {
  return RenderPage("Récépissé", "error.tpl", p, [](ctemplate::TemplateDictionary& d) {
    d.SetValue("HEADING", "Reçu");
    d.SetValue("MESSAGE", "tapé : " + std::string(kCsrfTokenSlot));
  });
}

TEST(KeptPage, HoldsNoSessionTokenAndGetsTheTokenOfTheSessionItIsSentTo) {
  ASSERT_TRUE(PagesLoaded());
  const std::string first_session(64, 'a');
  const std::string next_session =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  const std::string first = RenderWithTyped(StaffWithToken(first_session));
  ASSERT_NE(first.find("value=\"" + first_session + "\""), std::string::npos) << first;

  const std::string kept = PageForKeeping(first, first_session);
  EXPECT_EQ(kept.find(first_session), std::string::npos) << kept;
  EXPECT_NE(kept.find("value=\"" + std::string(kCsrfTokenSlot) + "\""), std::string::npos);
  // Typed text is escaped: it never becomes a slot.
  EXPECT_NE(kept.find("tapé : &lt;garant:csrf-token&gt;"), std::string::npos) << kept;

  // Sent in its first session: byte for byte the page rendered.
  EXPECT_EQ(PageForSending(kept, first_session), first);
  // Sent in another session of the account: that session's token, the rest
  // as kept.
  EXPECT_EQ(PageForSending(kept, next_session), RenderWithTyped(StaffWithToken(next_session)));
}

TEST(KeptPage, EveryPlaceOfTheTokenIsKeptAndRefilled) {
  EXPECT_EQ(PageForKeeping("<a>T1</a><b>T1</b>", "T1"),
            "<a><garant:csrf-token></a><b><garant:csrf-token></b>");
  EXPECT_EQ(PageForSending("<a><garant:csrf-token></a><b><garant:csrf-token></b>", "T2"),
            "<a>T2</a><b>T2</b>");
  EXPECT_EQ(PageForKeeping("", "T1"), "");
  EXPECT_EQ(PageForSending("no slot", "T2"), "no slot");
}

TEST(KeptPage, APageWithoutASessionIsKeptAsItIs) {
  ASSERT_TRUE(PagesLoaded());
  const std::string page = RenderWithTyped(Principal{});
  EXPECT_EQ(PageForKeeping(page, ""), page);
  EXPECT_EQ(PageForSending(page, ""), page);
  EXPECT_EQ(PageForSending(page, "0123"), page);
}

}  // namespace
}  // namespace garant::server
