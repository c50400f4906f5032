// Birth date, sex and INS (Pseudonymisation v1).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "field_checks.h"
#include "garant/consent/identity.h"
#include "garant/core/decimal.h"

namespace garant::consent::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Value of the ASCII digits of s (checked all digits by the caller).
uint64_t DigitsValue(std::string_view s) {
  return static_cast<uint64_t>(ParseDecimal(s).value_or(0));
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  switch (month) {
    case 2:
      return IsLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

std::string TwoDigits(int v) {
  return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

bool CheckBirthDate(std::string_view birth_date, int current_year, std::string* out,
                    FieldError* error) {
  const bool shape_ok = birth_date.size() == 10 && birth_date[4] == '-' && birth_date[7] == '-' &&
                        IsDigit(birth_date[0]) && IsDigit(birth_date[1]) &&
                        IsDigit(birth_date[2]) && IsDigit(birth_date[3]) &&
                        IsDigit(birth_date[5]) && IsDigit(birth_date[6]) &&
                        IsDigit(birth_date[8]) && IsDigit(birth_date[9]);
  if (!shape_ok) {
    *error = MakeFieldError(kFieldBirthDate, "expected YYYY-MM-DD", kReasonBirthDateFormat);
    return false;
  }
  const int year = static_cast<int>(DigitsValue(birth_date.substr(0, 4)));
  const int month = static_cast<int>(DigitsValue(birth_date.substr(5, 2)));
  const int day = static_cast<int>(DigitsValue(birth_date.substr(8, 2)));
  if (year < kMinBirthYear || year > current_year) {
    const std::string range =
        std::to_string(kMinBirthYear) + " and " + std::to_string(current_year);
    *error = MakeFieldError(
        kFieldBirthDate, "the year must be between " + range, kReasonBirthYearOutOfRange,
        {{"min_year", std::to_string(kMinBirthYear)}, {"max_year", std::to_string(current_year)}});
    return false;
  }
  if (month > 12) {
    *error = MakeFieldError(kFieldBirthDate, "the month must be 01 to 12, or 00 when unknown",
                            kReasonBirthMonthOutOfRange);
    return false;
  }
  const int max_day = month == 0 ? 31 : DaysInMonth(year, month);
  if (day > max_day) {
    *error = MakeFieldError(kFieldBirthDate,
                            "the day must be 01 to " + TwoDigits(max_day) + ", or 00 when unknown",
                            kReasonBirthDayOutOfRange, {{"max_day", TwoDigits(max_day)}});
    return false;
  }
  out->assign(birth_date.substr(0, 4));
  out->append(birth_date.substr(5, 2));
  out->append(birth_date.substr(8, 2));
  return true;
}

bool CheckSex(std::string_view sex, std::string* out, FieldError* error) {
  if (sex.size() == 1) {
    const char upper = AsciiUpper(sex[0]);
    if (upper == 'F' || upper == 'M' || upper == 'I') {
      out->assign(1, upper);
      return true;
    }
  }
  *error = MakeFieldError(kFieldSex, "expected F, M or I", kReasonSexInvalid);
  return false;
}

bool CheckIns(std::string_view ins, std::string* out, FieldError* error) {
  // Characters first: a number typed with spaces gets the most useful message.
  for (const char c : ins) {
    const char u = AsciiUpper(c);
    if (!IsDigit(u) && u != 'A' && u != 'B') {
      *error = MakeFieldError(kFieldIns, "only digits (and 2A or 2B for Corsica) are allowed",
                              kReasonInsInvalidCharacters);
      return false;
    }
  }
  if (ins.size() != 15) {
    *error = MakeFieldError(
        kFieldIns, "expected 15 characters (13 + a 2-digit key), got " + std::to_string(ins.size()),
        kReasonInsLength);
    return false;
  }
  std::string upper(ins);
  for (char& c : upper) {
    c = AsciiUpper(c);
  }
  // Digits everywhere, except "2A"/"2B" at positions 6-7 (indexes 5-6).
  std::string nir13 = upper.substr(0, 13);
  if (nir13.substr(5, 2) == "2A") {
    nir13.replace(5, 2, "19");
  } else if (nir13.substr(5, 2) == "2B") {
    nir13.replace(5, 2, "18");
  }
  for (const char c : nir13 + upper.substr(13, 2)) {
    if (!IsDigit(c)) {
      *error = MakeFieldError(kFieldIns, "letters are allowed only as 2A or 2B at positions 6-7",
                              kReasonInsInvalidCharacters);
      return false;
    }
  }
  const uint64_t expected_key = 97 - DigitsValue(nir13) % 97;
  if (DigitsValue(upper.substr(13, 2)) != expected_key) {
    *error = MakeFieldError(kFieldIns, "the key does not match the number", kReasonInsKeyMismatch);
    return false;
  }
  *out = std::move(upper);
  return true;
}

}  // namespace garant::consent::internal
