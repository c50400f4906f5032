// The embedded templates (webui/templates): every one parses, and text typed
// into a <textarea> comes back as typed when a form is shown again after an
// error (ctemplate's html_escape turns line breaks into spaces; pre_escape
// escapes the same characters and keeps them).

#include <ctemplate/template.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "garant/webui/files.h"
#include "http/pages.h"

namespace garant::server {
namespace {

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
  ASSERT_TRUE(InitPages().ok());
  ctemplate::TemplateDictionary d("case");
  d.ShowSection("DECIDE");
  d.SetValue("NOTE_TEXT", "ligne 1\nligne 2 <b>&\"");
  std::string out;
  ASSERT_TRUE(ctemplate::ExpandTemplate("audit_case.tpl", ctemplate::DO_NOT_STRIP, &d, &out));
  EXPECT_NE(out.find(">ligne 1\nligne 2 &lt;b&gt;&amp;&quot;</textarea>"), std::string::npos)
      << out;
}

}  // namespace
}  // namespace garant::server
