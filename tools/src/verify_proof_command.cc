// garant audit verify-proof FILE --key KEY [--witness VKEY]... [--quorum N]
//
// Verifies a C2SP tlog-proof (a patient's or an auditor's receipt) offline:
// the checkpoint's signature by the log's key, the inclusion of the entry
// (the proof's `extra` holds the leaf itself), and the cosignatures of the
// witnesses given (C2SP tlog-cosignature). Says what that proves, in English
// and in French. Exit 0: valid and, with witnesses, cosigned by the quorum;
// 1: invalid or not yet cosigned by the quorum; 2: usage.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "garant/audit/leaf.h"
#include "garant/audit/tlog_proof.h"
#include "garant/core/decimal.h"
#include "garant/witness/cosignature.h"
#include "verify_proof.h"

namespace garant::cli {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A key string, or the first line of a file holding one.
Result<std::string> KeyText(const std::string& key_or_file) {
  std::string key = key_or_file;
  std::error_code ec;
  if (fs::is_regular_file(key_or_file, ec)) {
    GARANT_ASSIGN_OR_RETURN(key, ReadAll(key_or_file));
    key = key.substr(0, key.find('\n'));
  }
  while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
  return key;
}

std::string UnixTime(uint64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int Invalid(const std::string& why) {
  std::cout << "INVALID: this file does not prove anything: " << why << "\n"
            << "INVALIDE : ce fichier ne prouve rien : " << why << "\n";
  return kExitFailure;
}

}  // namespace

Status ParseWitnessFlags(const Args& a, std::vector<witness::CosignatureVerifier>* witnesses,
                         size_t* quorum, std::map<std::string, std::string>* labels) {
  if (auto it = a.repeated.find("witness"); it != a.repeated.end()) {
    for (const std::string& w : it->second) {
      // NAME=VKEY: a verifier key has a '+' before any '=' (base64 padding),
      // a label has none.
      std::string label, key = w;
      if (const size_t eq = w.find('='); eq != std::string::npos && eq > 0 && w.find('+') > eq) {
        label = w.substr(0, eq);
        key = w.substr(eq + 1);
      }
      GARANT_ASSIGN_OR_RETURN(std::string text, KeyText(key));
      Result<witness::CosignatureVerifier> v = witness::CosignatureVerifier::Parse(text);
      if (!v.ok()) return Status::InvalidArgument("--witness: " + v.status().message());
      for (const auto& known : *witnesses) {
        if (known.name() == v->name()) {
          return Status::InvalidArgument("--witness: " + v->name() + " given twice");
        }
      }
      if (labels != nullptr && !label.empty()) (*labels)[v->name()] = label;
      witnesses->push_back(*std::move(v));
    }
  }
  *quorum = witnesses->size();
  if (auto q = a.Get("quorum")) {
    const std::optional<int64_t> n = ParseDecimal(*q, {.min = 1, .max = 1000});
    if (!n) return Status::InvalidArgument("--quorum wants a number from 1");
    if (witnesses->size() < static_cast<size_t>(*n)) {
      return Status::InvalidArgument("--quorum " + *q + " needs at least that many --witness");
    }
    *quorum = static_cast<size_t>(*n);
  }
  return Status::Ok();
}

int ReportCosignatures(std::string_view note,
                       const std::vector<witness::CosignatureVerifier>& witnesses, size_t quorum,
                       std::string_view what, const std::map<std::string, std::string>& labels) {
  Result<std::vector<witness::VerifiedCosignature>> cosigned =
      witness::VerifyCosignatures(note, witnesses);
  if (!cosigned.ok()) {
    std::cout << "FAILED: " << what << ": " << cosigned.status().message() << "\n";
    return kExitFailure;
  }
  std::string names;
  for (const auto& c : *cosigned) {
    auto label = labels.find(c.witness);
    names += " " + (label == labels.end() ? "" : label->second + "=") + c.witness + " (" +
             UnixTime(c.timestamp) + ")";
  }
  const std::string count = std::to_string(cosigned->size()) + "/" + std::to_string(quorum);
  if (cosigned->size() >= quorum) {
    std::cout << "cosigned: " << count << " witnesses:" << names << "\n";
    return kExitOk;
  }
  std::cout << "NOT YET COSIGNED: " << what << " has " << count
            << " of the witness cosignatures required" << (names.empty() ? "" : ":" + names)
            << "\nPAS ENCORE COSIGNÉ : " << count << " des cosignatures de témoins requises\n";
  return kExitFailure;
}

int AuditVerifyProof(const Args& a) {
  const auto key_flag = a.Get("key");
  if (a.words.size() != 2 || !key_flag) {
    std::cerr << "usage: garant audit verify-proof FILE --key KEY [--witness VKEY]... "
                 "[--quorum N]\n";
    return kExitUsage;
  }
  Result<std::string> key_text = KeyText(*key_flag);
  if (!key_text.ok()) return Fail(key_text.status());
  Result<audit::NoteVerifier> log_key = audit::NoteVerifier::Parse(*key_text);
  if (!log_key.ok()) return Fail(Status::InvalidArgument("--key: " + log_key.status().message()));
  std::vector<witness::CosignatureVerifier> witnesses;
  size_t quorum = 0;
  if (Status st = ParseWitnessFlags(a, &witnesses, &quorum); !st.ok()) return Fail(st);

  Result<std::string> file = ReadAll(a.words[1]);
  if (!file.ok()) return Fail(file.status());
  Result<audit::TlogProof> proof = audit::ParseTlogProof(*file);
  if (!proof.ok())
    return Invalid("not a c2sp.org/tlog-proof@v1 file (" + proof.status().message() + ")");
  if (!proof->extra) return Invalid("the proof does not carry its entry (no 'extra' line)");
  const Bytes& leaf = *proof->extra;
  const audit::NoteVerifier keys[] = {*log_key};
  Result<audit::Checkpoint> cp =
      audit::VerifyTlogProof(*proof, audit::LeafHash(leaf), log_key->name(), keys);
  if (!cp.ok()) return Invalid(cp.status().message());
  Result<std::vector<witness::VerifiedCosignature>> cosigned =
      witness::VerifyCosignatures(proof->checkpoint, witnesses);
  if (!cosigned.ok()) return Invalid(cosigned.status().message());

  std::string what_en = "an entry", what_fr = "une entrée";
  if (Result<audit::Event> e = audit::DecodeLeaf(leaf); e.ok()) {
    what_en = e->type + " (" + e->object + ", " + audit::FormatLeafTime(e->time) + ", by " +
              e->actor + ")";
    what_fr = e->type + " (" + e->object + ", " + audit::FormatLeafTime(e->time) + ", par " +
              e->actor + ")";
  }
  const std::string index = std::to_string(proof->index);
  const std::string size = std::to_string(cp->head.size);
  std::string names;
  for (const auto& c : *cosigned) {
    names += "\n    " + c.witness + " (" + UnixTime(c.timestamp) + ")";
  }
  const bool met = cosigned->size() >= quorum;
  const std::string count = std::to_string(cosigned->size()) + "/" + std::to_string(quorum);

  std::cout << (witnesses.empty() ? "VALID"
                : met             ? "VALID, COSIGNED"
                                  : "VALID, NOT YET COSIGNED")
            << ": entry " << index << " of the audit log " << cp->origin << ", " << what_en
            << ", is in the log's checkpoint of " << size << " entries signed with the key "
            << log_key->KeyString() << ".\n";
  if (witnesses.empty()) {
    std::cout << "  No witness given (--witness): this shows what the log's key signed, not that "
                 "everyone is shown the same log.\n";
  } else if (met) {
    std::cout << "  Cosigned by " << count << " independent witnesses:" << names << "\n"
              << "  Each saw this checkpoint extend every earlier one it saw: the log cannot "
                 "show anyone a history without this entry and still get their cosignatures.\n";
  } else {
    std::cout << "  Not yet cosigned: " << count << " of the witness cosignatures required."
              << (names.empty() ? "" : names)
              << "\n  The log's key signed it, but the witnesses have not yet confirmed this "
                 "checkpoint is the one everyone sees. Download a fresh proof later.\n";
  }
  std::cout << (witnesses.empty() ? "VALIDE"
                : met             ? "VALIDE, COSIGNÉE"
                                  : "VALIDE, PAS ENCORE COSIGNÉE")
            << " : l'entrée " << index << " du journal d'audit " << cp->origin << ", " << what_fr
            << ", figure dans le point de contrôle de " << size << " entrées signé par la clé "
            << log_key->KeyString() << ".\n";
  if (witnesses.empty()) {
    std::cout << "  Aucun témoin donné (--witness) : cela montre ce que la clé du journal a "
                 "signé, pas que tout le monde voit le même journal.\n";
  } else if (met) {
    std::cout << "  Cosigné par " << count << " témoins indépendants :" << names << "\n"
              << "  Chacun a vérifié que ce point de contrôle prolonge tous ceux qu'il avait vus : "
                 "le journal ne peut montrer à personne une histoire sans cette entrée et "
                 "garder leurs cosignatures.\n";
  } else {
    std::cout << "  Pas encore cosigné : " << count << " des cosignatures de témoins requises."
              << (names.empty() ? "" : names)
              << "\n  La clé du journal l'a signé, mais les témoins n'ont pas encore confirmé "
                 "que ce point de contrôle est celui que tout le monde voit. Téléchargez une "
                 "nouvelle preuve plus tard.\n";
  }
  return witnesses.empty() || met ? kExitOk : kExitFailure;
}

}  // namespace garant::cli
