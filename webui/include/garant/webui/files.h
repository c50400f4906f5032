// The templates (webui/templates) and static assets (webui/static), embedded
// at build time so garantd serves them without looking up files.
#pragma once

#include <string>
#include <vector>

namespace garant::webui {

struct EmbeddedFile {
  std::string name;  // "templates/layout.tpl", "static/garant.css"
  std::string content;
};

const std::vector<EmbeddedFile>& Files();

}  // namespace garant::webui
