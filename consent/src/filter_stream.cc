// Streaming of records through a RecordFilter: JSON Lines and CSV, the input
// digest, the rejects (filter.h).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "garant/consent/filter.h"
#include "garant/core/bytes.h"
#include "garant/core/crypto.h"

namespace garant::consent {
namespace {

constexpr size_t kReadChunk = 1 << 20;
constexpr size_t kFlushAt = 1 << 20;
constexpr size_t kMaxRecordBytes = 16 << 20;

// JSON string escaping for the reasons written to the rejects.
void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

// Buffered writer that reports the first write error.
class Sink {
 public:
  explicit Sink(std::ostream& os) : os_(os) { buf_.reserve(kFlushAt + 4096); }
  std::string& buffer() { return buf_; }
  Status MaybeFlush() { return buf_.size() >= kFlushAt ? Flush() : Status::Ok(); }
  Status Flush() {
    if (!buf_.empty()) os_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!os_) return Status::Unavailable("write error");
    return Status::Ok();
  }

 private:
  std::ostream& os_;
  std::string buf_;
};

void AppendReject(Sink& rejects, uint64_t line, std::string_view reason) {
  std::string& b = rejects.buffer();
  b.append("{\"line\":").append(std::to_string(line)).append(",\"error\":");
  AppendJsonString(&b, reason);
  b.append("}\n");
}

// Reads `in` chunk by chunk, hashing everything read, and calls
// on_line(line, number) for each line (without "\n" and a final "\r").
template <typename OnLine>
Status ForEachLine(std::istream& in, crypto::Sha256Hasher& hasher, OnLine on_line) {
  std::vector<char> chunk(kReadChunk);
  std::string carry;
  uint64_t number = 0;
  bool overlong = false;
  for (;;) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) {
      if (in.bad()) return Status::Unavailable("read error on the input");
      break;
    }
    std::string_view data(chunk.data(), got);
    hasher.Update(data);
    size_t start = 0;
    for (;;) {
      const void* nl = std::memchr(data.data() + start, '\n', data.size() - start);
      if (nl == nullptr) break;
      const size_t end = static_cast<const char*>(nl) - data.data();
      std::string_view line;
      if (carry.empty()) {
        line = data.substr(start, end - start);
      } else {
        carry.append(data.substr(start, end - start));
        line = carry;
      }
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      GARANT_RETURN_IF_ERROR(on_line(line, number, overlong));
      overlong = false;
      carry.clear();
      start = end + 1;
    }
    if (start < data.size()) {
      if (carry.size() + (data.size() - start) > kMaxRecordBytes) {
        overlong = true;  // keep reading to the line end, then reject it
        carry.clear();
      } else {
        carry.append(data.substr(start));
      }
    }
    if (in.eof()) break;
  }
  if (in.bad()) return Status::Unavailable("read error on the input");
  if (!carry.empty() || overlong) {
    ++number;
    std::string_view line = carry;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    GARANT_RETURN_IF_ERROR(on_line(line, number, overlong));
  }
  return Status::Ok();
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// ---- CSV (RFC 4180) ----

// Splits one CSV record. Returns false on a malformed quote.
bool SplitCsv(std::string_view line, std::vector<std::string>* fields) {
  fields->clear();
  std::string cur;
  size_t i = 0;
  bool in_quotes = false, was_quoted = false;
  while (i <= line.size()) {
    if (in_quotes) {
      if (i == line.size()) return false;
      char c = line[i++];
      if (c == '"') {
        if (i < line.size() && line[i] == '"') {
          cur.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        cur.push_back(c);
      }
      continue;
    }
    if (i == line.size() || line[i] == ',') {
      fields->push_back(std::move(cur));
      cur.clear();
      was_quoted = false;
      ++i;
      continue;
    }
    char c = line[i++];
    if (c == '"') {
      if (!cur.empty() || was_quoted) return false;
      in_quotes = was_quoted = true;
    } else {
      if (was_quoted) return false;
      cur.push_back(c);
    }
  }
  return true;
}

void AppendCsvField(std::string* out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// Whether a CSV line ends inside a quoted field (the record continues on the
// next line).
bool OpenQuote(std::string_view s) { return std::count(s.begin(), s.end(), '"') % 2 == 1; }

}  // namespace

Result<FilterReport> FilterStream(RecordFilter& filter, RecordFormat format, std::istream& in,
                                  std::ostream& out, std::ostream& rejects) {
  FilterReport report;
  crypto::Sha256Hasher hasher;
  Sink out_sink(out), rejects_sink(rejects);
  FilterCounts& c = report.counts;
  std::string record, reason;
  RppsOutcome rpps_outcome = RppsOutcome::kAbsent;  // of the kept record being counted

  auto count = [&](FilterOutcome o, uint64_t line) -> Status {
    switch (o) {
      case FilterOutcome::kKept:
        ++c.kept;
        c.rpps_tokenised += rpps_outcome == RppsOutcome::kTokenised;
        c.professional_flagged += rpps_outcome == RppsOutcome::kFlagged;
        out_sink.buffer().append(record).push_back('\n');
        return out_sink.MaybeFlush();
      case FilterOutcome::kExcluded:
        ++c.excluded;
        return Status::Ok();
      case FilterOutcome::kRejected:
        ++c.rejected;
        AppendReject(rejects_sink, line, reason);
        return rejects_sink.MaybeFlush();
    }
    return Status::Ok();
  };

  Status st;
  if (format == RecordFormat::kJsonLines) {
    // Pipelined by one record: record k+1 is started (scan, tokens, output
    // built, lookups' memory requested) before record k is finished (the
    // lookups, by then in cache). Outcomes are still counted and written in
    // input order.
    static_assert(RecordFilter::kJsonSlots >= 2);
    bool pending = false;
    size_t pending_slot = 0;
    uint64_t pending_line = 0;
    auto finish_pending = [&]() -> Status {
      if (!pending) return Status::Ok();
      pending = false;
      const FilterOutcome o = filter.FinishJson(pending_slot, &record, &reason);
      rpps_outcome = filter.last_rpps_outcome();
      return count(o, pending_line);
    };
    st = ForEachLine(in, hasher, [&](std::string_view line, uint64_t n, bool overlong) -> Status {
      if (overlong) {
        GARANT_RETURN_IF_ERROR(finish_pending());
        ++c.records;
        reason = "record longer than " + std::to_string(kMaxRecordBytes) + " bytes";
        return count(FilterOutcome::kRejected, n);
      }
      if (IsBlank(line)) return Status::Ok();
      ++c.records;
      const size_t slot = pending ? 1 - pending_slot : 0;
      filter.StartJson(line, slot);
      GARANT_RETURN_IF_ERROR(finish_pending());
      pending = true;
      pending_slot = slot;
      pending_line = n;
      return Status::Ok();
    });
    if (st.ok()) st = finish_pending();
  } else {
    const FieldNames& f = filter.options().fields;
    std::vector<std::string> header, fields;
    std::vector<int> identity_col(7, -1);  // birth, used, given, date, sex, ins, place
    int rpps_col = -1;                     // the professional's RPPS number, if any
    std::string rpps_token;
    std::vector<bool> drop;
    bool have_header = false;
    Status header_error;
    std::string pending;  // a record spanning several lines
    uint64_t pending_start = 0;
    IdentityTraits traits;
    st = ForEachLine(in, hasher, [&](std::string_view line, uint64_t n, bool overlong) -> Status {
      if (overlong) {
        pending.clear();
        if (!have_header) return Status::InvalidArgument("CSV header line too long");
        ++c.records;
        reason = "record too long";
        return count(FilterOutcome::kRejected, n);
      }
      std::string_view text = line;
      if (!pending.empty()) {
        pending.append("\n").append(line);
        if (OpenQuote(pending)) return Status::Ok();
        text = pending;
        n = pending_start;
      } else if (OpenQuote(line)) {
        pending.assign(line);
        pending_start = n;
        return Status::Ok();
      }
      if (!have_header) {
        if (!SplitCsv(text, &header)) return Status::InvalidArgument("malformed CSV header");
        const std::string* names[7] = {&f.birth_name, &f.used_name, &f.given_names, &f.birth_date,
                                       &f.sex,        &f.ins,       &f.birth_place};
        drop.assign(header.size(), false);
        for (size_t col = 0; col < header.size(); ++col) {
          if (header[col] == kPersonTokenField) {
            return Status::InvalidArgument("the CSV header has a person_token column");
          }
          if (header[col] == filter.options().flag_field) {
            return Status::InvalidArgument("the CSV header has a " + filter.options().flag_field +
                                           " column (reserved)");
          }
          if (header[col] == filter.options().rpps_field) {
            if (rpps_col >= 0)
              return Status::InvalidArgument("the CSV header has two RPPS columns");
            rpps_col = static_cast<int>(col);
          }
          for (size_t k = 0; k < 7; ++k) {
            if (header[col] == *names[k]) {
              identity_col[k] = static_cast<int>(col);
              drop[col] = true;
            }
          }
        }
        if (identity_col[0] < 0 || identity_col[2] < 0 || identity_col[3] < 0 ||
            identity_col[4] < 0) {
          return Status::InvalidArgument(
              "the CSV header lacks an identity column (birth_name, given_names, birth_date, "
              "sex: see the field-name options)");
        }
        std::string& b = out_sink.buffer();
        bool first = true;
        for (size_t col = 0; col < header.size(); ++col) {
          if (drop[col]) continue;
          if (!first) b.push_back(',');
          first = false;
          AppendCsvField(&b, header[col]);
        }
        if (!first) b.push_back(',');
        if (rpps_col >= 0) {
          AppendCsvField(&b, filter.options().flag_field);
          b.push_back(',');
        }
        b.append(kPersonTokenField).push_back('\n');
        have_header = true;
        pending.clear();
        return Status::Ok();
      }
      if (IsBlank(text)) {
        pending.clear();
        return Status::Ok();
      }
      ++c.records;
      bool ok = SplitCsv(text, &fields);
      pending.clear();
      if (!ok) {
        reason = "malformed CSV quoting";
        return count(FilterOutcome::kRejected, n);
      }
      if (fields.size() != header.size()) {
        reason = "expected " + std::to_string(header.size()) + " columns, found " +
                 std::to_string(fields.size());
        return count(FilterOutcome::kRejected, n);
      }
      auto col = [&](int k) -> std::string {
        return identity_col[k] < 0 ? "" : fields[identity_col[k]];
      };
      traits.birth_name = col(0);
      traits.used_name = col(1);
      traits.given_names = col(2);
      traits.birth_date = col(3);
      traits.sex = col(4);
      traits.ins = col(5);
      // The professional first: an invalid RPPS number rejects the row.
      rpps_outcome = RppsOutcome::kAbsent;
      rpps_token.clear();
      if (rpps_col >= 0 && !fields[rpps_col].empty()) {
        bool objected = false;
        if (!filter.FilterRpps(fields[rpps_col], &rpps_token, &objected, &reason)) {
          reason = filter.options().rpps_field + reason.substr(std::string_view("rpps").size());
          return count(FilterOutcome::kRejected, n);
        }
        rpps_outcome = objected ? RppsOutcome::kFlagged : RppsOutcome::kTokenised;
        if (objected) rpps_token.clear();
      }
      std::string token;
      FilterOutcome o = filter.FilterIdentity(traits, &token, &reason);
      if (o == FilterOutcome::kKept) {
        record.clear();
        for (size_t k = 0; k < fields.size(); ++k) {
          if (drop[k]) continue;
          AppendCsvField(&record, static_cast<int>(k) == rpps_col ? std::string_view(rpps_token)
                                                                  : std::string_view(fields[k]));
          record.push_back(',');
        }
        if (rpps_col >= 0) {
          record.append(rpps_outcome == RppsOutcome::kFlagged ? "true" : "false");
          record.push_back(',');
        }
        record.append(token);
      }
      return count(o, n);
    });
    if (st.ok() && !pending.empty()) {
      ++c.records;
      reason = "unterminated quoted field";
      st = count(FilterOutcome::kRejected, pending_start);
    }
    if (st.ok() && !have_header) st = Status::InvalidArgument("empty CSV input: no header");
  }
  GARANT_RETURN_IF_ERROR(st);
  GARANT_RETURN_IF_ERROR(out_sink.Flush().WithContext("output"));
  GARANT_RETURN_IF_ERROR(rejects_sink.Flush().WithContext("rejects"));
  report.input_sha256 = HexEncode(hasher.Finish());
  return report;
}

}  // namespace garant::consent
