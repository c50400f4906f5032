#include "audit_source.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "client_tls.h"

namespace garant::cli {
namespace fs = std::filesystem;
namespace {

class DirFetcher final : public TileFetcher {
 public:
  explicit DirFetcher(std::string dir) : dir_(std::move(dir)) {}

  Result<std::optional<Bytes>> Fetch(const std::string& path) override {
    fs::path p = fs::path(dir_) / path;
    std::error_code ec;
    if (!fs::exists(p, ec)) return std::optional<Bytes>();
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::Unavailable("cannot read " + p.string());
    Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return std::optional<Bytes>(std::move(data));
  }

  Result<std::vector<std::string>> HistoryPaths() override {
    std::vector<std::string> out;
    fs::path d = fs::path(dir_) / "checkpoints";
    std::error_code ec;
    if (!fs::is_directory(d, ec)) return out;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (e.is_regular_file()) out.push_back("checkpoints/" + e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  bool HasChain() const override {
    std::error_code ec;
    return fs::is_directory(fs::path(dir_) / "chain", ec);
  }
  std::string Describe() const override { return dir_; }

 private:
  std::string dir_;
};

// Over http://, or https:// when `tls` is set (the peer's certificate then
// verified as tls_client.h says).
class HttpTileFetcher final : public TileFetcher {
 public:
  HttpTileFetcher(Poco::URI uri, std::string prefix, Poco::Net::Context::Ptr tls,
                  runtime::ClientTlsFiles tls_files, std::string bearer_token)
      : uri_(std::move(uri)),
        prefix_(std::move(prefix)),
        tls_files_(std::move(tls_files)),
        bearer_(std::move(bearer_token)) {
    if (tls) {
      session_ =
          std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(), uri_.getPort(), tls);
    } else {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri_.getHost(), uri_.getPort());
    }
    session_->setTimeout(Poco::Timespan(30, 0));
    session_->setKeepAlive(true);
  }

  Result<std::optional<Bytes>> Fetch(const std::string& path) override {
    std::string target = prefix_ + path;
    std::string last_error;
    for (int attempt = 0; attempt < 3; ++attempt) {
      try {
        Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.setKeepAlive(true);
        req.set("User-Agent", "garant-audit-verify");
        if (!bearer_.empty()) req.set("Authorization", "Bearer " + bearer_);
        session_->sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::istream& in = session_->receiveResponse(resp);
        Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_NOT_FOUND) {
          return std::optional<Bytes>();
        }
        if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED) {
          return Status::Unauthenticated(Refused401(target));
        }
        if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_FORBIDDEN) {
          return Status::PermissionDenied(
              "GET " + target +
              ": HTTP 403: the token of --token-file may not read the audit log's entry bundles "
              "(it needs the auditor role: garant token create NAME --role auditor) / "
              "HTTP 403 : le jeton de --token-file ne permet pas de lire les lots d'entrées du "
              "journal (il faut le rôle auditor : garant token create NOM --role auditor)");
        }
        if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
          return Status::Unavailable("GET " + target + ": HTTP " +
                                     std::to_string(static_cast<int>(resp.getStatus())));
        }
        return std::optional<Bytes>(std::move(data));
      } catch (const Poco::Net::SSLException& e) {
        // An untrusted or mismatched certificate, or no common protocol:
        // retrying cannot help, and nothing from that server is read.
        session_->reset();
        return Status::Unavailable("TLS connection to " + uri_.getHost() + ":" +
                                   std::to_string(uri_.getPort()) + " refused: " + e.displayText() +
                                   TlsRefusalHint(tls_files_));
      } catch (const Poco::Exception& e) {
        last_error = e.displayText();
        session_->reset();
      }
    }
    return Status::Unavailable("GET " + target + ": " + last_error);
  }

  Result<std::vector<std::string>> HistoryPaths() override { return std::vector<std::string>(); }
  bool HasChain() const override { return false; }
  std::string Describe() const override { return uri_.toString(); }

 private:
  std::string Refused401(const std::string& target) const {
    if (bearer_.empty()) {
      return "GET " + target +
             ": HTTP 401: this server serves its entry bundles to auditors only; pass "
             "--token-file F, F holding an auditor token (garant token create NAME --role "
             "auditor) / HTTP 401 : ce serveur ne sert les lots d'entrées du journal qu'aux "
             "auditeurs ; passez --token-file F, F contenant un jeton d'auditeur";
    }
    if (uri_.getScheme() == "https" && tls_files_.certificate_file.empty()) {
      // garantd with tls_client_ca_file refuses a service token that comes
      // without a client certificate: say so, the token may be fine.
      return "GET " + target +
             ": HTTP 401: the token of --token-file was refused: it is unknown or revoked, or "
             "the server requires a client certificate with service tokens (tls_client_ca_file) "
             "and none was presented: pass --client-cert and --client-key / HTTP 401 : le jeton "
             "de --token-file est refusé : il est inconnu ou révoqué, ou le serveur exige un "
             "certificat client avec les jetons de service et aucun n'a été présenté : passez "
             "--client-cert et --client-key";
    }
    return "GET " + target +
           ": HTTP 401: the token of --token-file was refused (unknown or revoked) / "
           "HTTP 401 : le jeton de --token-file est refusé (inconnu ou révoqué)";
  }

  Poco::URI uri_;
  std::string prefix_;
  runtime::ClientTlsFiles tls_files_;
  std::string bearer_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace

std::unique_ptr<TileFetcher> DirectoryFetcher(std::string dir) {
  return std::make_unique<DirFetcher>(std::move(dir));
}

Result<std::unique_ptr<TileFetcher>> RemoteFetcher(const std::string& url,
                                                   const runtime::ClientTlsFiles& tls_files,
                                                   const std::string& bearer_token) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("bad URL " + url + ": " + e.displayText());
  }
  const bool https = uri.getScheme() == "https";
  if ((!https && uri.getScheme() != "http") || uri.getHost().empty()) {
    return Status::InvalidArgument("expected an http:// or https:// URL with a host, not " + url);
  }
  if (!https && !tls_files.ca_file.empty()) {
    return Status::InvalidArgument("--ca-file applies to https:// URLs only");
  }
  GARANT_ASSIGN_OR_RETURN(Poco::Net::Context::Ptr tls, ClientTlsContext(https, tls_files));
  std::string path = uri.getPath();
  if (path.empty()) path = "/";
  if (path.back() != '/') path += '/';
  if (!path.ends_with("/tlog/")) path += "tlog/";
  return std::unique_ptr<TileFetcher>(new HttpTileFetcher(uri, path, tls, tls_files, bearer_token));
}

}  // namespace garant::cli
