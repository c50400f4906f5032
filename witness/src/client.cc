#include "garant/witness/client.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include <istream>
#include <memory>
#include <sstream>

#include "garant/audit/note.h"
#include "garant/core/decimal.h"
#include "garant/witness/witness.h"

namespace garant::witness {
namespace {

constexpr size_t kMaxAnswer = 64 * 1024;

std::string Trimmed(std::string_view s, size_t n = 200) {
  std::string out(s.substr(0, n));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out;
}

}  // namespace

std::string_view KindName(CosignOutcome::Kind k) {
  switch (k) {
    case CosignOutcome::Kind::kCosigned:
      return "cosigned";
    case CosignOutcome::Kind::kRefused:
      return "refused";
    case CosignOutcome::Kind::kRejected:
      return "rejected";
    case CosignOutcome::Kind::kUnreachable:
      return "unreachable";
  }
  return "unknown";
}

Result<Transport> HttpTransport(const std::string& url, std::chrono::milliseconds timeout) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("witness URL " + url + ": " + e.displayText());
  }
  if (uri.getScheme() != "http" || uri.getHost().empty() || !uri.getQuery().empty()) {
    return Status::InvalidArgument("witness URL must be http://host[:port][/prefix]: " + url);
  }
  std::string prefix = uri.getPath();
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  const std::string host = uri.getHost();
  const Poco::UInt16 port = uri.getPort();
  const std::string path = prefix + "/add-checkpoint";
  // One kept-alive session per transport (one client thread uses it).
  auto session = std::make_shared<std::unique_ptr<Poco::Net::HTTPClientSession>>();
  return Transport([=](const std::string& body) -> Result<WitnessResponse> {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!*session) {
          *session = std::make_unique<Poco::Net::HTTPClientSession>(host, port);
          (*session)->setTimeout(Poco::Timespan(timeout.count() * 1000));
          (*session)->setKeepAlive(true);
        }
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.setContentType("text/plain; charset=utf-8");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
        req.setKeepAlive(true);
        (*session)->sendRequest(req) << body;
        Poco::Net::HTTPResponse res;
        std::istream& in = (*session)->receiveResponse(res);
        WitnessResponse out;
        out.status = static_cast<int>(res.getStatus());
        out.content_type = res.getContentType();
        out.body.resize(kMaxAnswer);
        in.read(out.body.data(), static_cast<std::streamsize>(kMaxAnswer));
        out.body.resize(static_cast<size_t>(in.gcount()));
        if (!res.getKeepAlive() || out.body.size() == kMaxAnswer) session->reset();
        return out;
      } catch (const Poco::Exception& e) {
        session->reset();
        // A kept-alive connection the witness closed: retry once on a new one.
        if (attempt == 0 && dynamic_cast<const Poco::Net::NoMessageException*>(&e) != nullptr) {
          continue;
        }
        return Status::Unavailable("witness " + host + ": " + e.displayText());
      } catch (const std::exception& e) {
        session->reset();
        return Status::Unavailable("witness " + host + ": " + e.what());
      }
    }
    return Status::Unavailable("witness " + host + ": no answer");
  });
}

CosignOutcome WitnessClient::Cosign(const std::string& signed_note, const audit::TreeHead& head,
                                    const Prover& prove) {
  // Without knowledge, start from 0: a witness that has seen this log
  // answers 409 with its size, and we retry from there.
  uint64_t old = known_size_.value_or(0);
  if (old > head.size) old = 0;
  CosignOutcome out = Attempt(signed_note, head, old, prove);
  if (out.kind == CosignOutcome::Kind::kRefused && out.http_status == 409 && out.witness_size &&
      *out.witness_size != old && *out.witness_size <= head.size) {
    out = Attempt(signed_note, head, *out.witness_size, prove);
  }
  return out;
}

CosignOutcome WitnessClient::Attempt(const std::string& signed_note, const audit::TreeHead& head,
                                     uint64_t old_size, const Prover& prove) {
  using Kind = CosignOutcome::Kind;
  CosignOutcome out;
  AddCheckpointRequest request{old_size, {}, signed_note};
  if (old_size != 0 && old_size != head.size) {
    Result<std::vector<audit::Digest>> proof = prove(old_size);
    if (!proof.ok()) {
      // We cannot prove our tree extends the witness's size (our log is
      // smaller than what the witness saw: a rollback), or a database error.
      out.kind = Kind::kUnreachable;
      out.detail = "no consistency proof from size " + std::to_string(old_size) + ": " +
                   proof.status().message();
      return out;
    }
    request.proof = *std::move(proof);
  }
  Result<WitnessResponse> res = transport_(FormatAddCheckpoint(request));
  if (!res.ok()) {
    out.kind = Kind::kUnreachable;
    out.detail = res.status().message();
    return out;
  }
  out.http_status = res->status;
  if (res->status == 200) {
    // The answer: signature lines; keep the one by this witness, verified.
    Result<std::vector<VerifiedCosignature>> verified = VerifyCosignatures(
        signed_note + res->body, std::span<const CosignatureVerifier>(&witness_, 1));
    Result<audit::Note> parsed = audit::ParseNote(signed_note + res->body);
    if (!verified.ok() || verified->empty() || !parsed.ok()) {
      out.kind = Kind::kUnreachable;
      out.detail = "the answer holds no valid cosignature by " + witness_.name() +
                   (verified.ok() ? "" : ": " + verified.status().message());
      return out;
    }
    for (const audit::NoteSignature& sig : parsed->signatures) {
      if (witness_.Matches(sig)) {
        std::string line = audit::FormatSignatureLine(sig);
        line.pop_back();
        out.line = line;
      }
    }
    out.kind = Kind::kCosigned;
    out.timestamp = verified->front().timestamp;
    known_size_ = head.size;
    return out;
  }
  if (res->status == 409 && res->content_type.starts_with(kTlogSizeContentType)) {
    const std::string_view body = res->body;
    const size_t nl = body.find('\n');
    const std::optional<int64_t> size =
        nl == std::string_view::npos ? std::nullopt
                                     : ParseDecimal(body.substr(0, nl), {.leading_zeros = false});
    if (size && *size >= 0) {
      out.witness_size = static_cast<uint64_t>(*size);
      known_size_ = out.witness_size;
    }
    out.kind = Kind::kRefused;
    out.detail =
        "the witness has cosigned size " + Trimmed(body) + ", not " + std::to_string(old_size);
    return out;
  }
  out.detail = Trimmed(res->body);
  if (res->status == 409 || res->status == 422) {
    out.kind = Kind::kRefused;
  } else if (res->status >= 400 && res->status < 500) {
    out.kind = Kind::kRejected;
  } else {
    out.kind = Kind::kUnreachable;
  }
  return out;
}

}  // namespace garant::witness
