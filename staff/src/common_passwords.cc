#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "garant/staff/passwords.h"

namespace garant::staff {

// The text of staff/data/common-passwords.txt (generated at build time).
std::string_view CommonPasswordsText();

namespace {

const std::set<std::string, std::less<>>& CommonPasswords() {
  static const std::set<std::string, std::less<>> kSet = [] {
    std::set<std::string, std::less<>> out;
    std::string_view text = CommonPasswordsText();
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line[0] != '#') out.emplace(line);
      start = end + 1;
    }
    return out;
  }();
  return kSet;
}

bool IsFiller(char c) {
  return (c >= '0' && c <= '9') ||
         (c >= 0x20 && c < 0x7f && !std::isalnum(static_cast<unsigned char>(c)));
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lower(password);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c < 0x80 ? std::tolower(c) : c); });
  const auto& common = CommonPasswords();
  if (common.count(lower) != 0) return true;
  // A listed word with only digits and punctuation around it.
  size_t begin = 0;
  while (begin < lower.size() && IsFiller(lower[begin])) ++begin;
  size_t end = lower.size();
  while (end > begin && IsFiller(lower[end - 1])) --end;
  if (begin == end) return true;  // nothing but digits and punctuation
  return common.count(std::string_view(lower).substr(begin, end - begin)) != 0;
}

}  // namespace garant::staff
