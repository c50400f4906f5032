#include "audit_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

#include "garant/audit/export.h"
#include "garant/audit/note.h"
#include "garant/audit/pg_log_source.h"
#include "garant/core/config.h"
#include "garant/runtime/config.h"
#include "garant/runtime/keys.h"

namespace garant::cli {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t kMaxHistory = 1000;

// Writes an export's files under `root`, counting them.
class DirectorySink final : public audit::ExportSink {
 public:
  explicit DirectorySink(fs::path root) : root_(std::move(root)) {}
  Status Write(const std::string& rel, ByteView data) override {
    fs::path p = root_ / rel;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Status::Unavailable("cannot create " + p.parent_path().string());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) return Status::Unavailable("cannot write " + p.string());
    ++files_;
    return Status::Ok();
  }
  uint64_t files() const { return files_; }

 private:
  fs::path root_;
  uint64_t files_ = 0;
};

std::string Readme(const std::string& origin, const std::string& key, uint64_t size,
                   const std::string& root_b64) {
  return "# Export du journal d'audit de garant\n\n"
         "Ce répertoire contient le journal d'audit de garant (CONTACT, SOS MÉDECINS FRANCE) "
         "jusqu'au point de contrôle signé qu'il contient, sous une forme vérifiable sans "
         "faire confiance à garant ni à sa base de données.\n\n"
         "- Origine du journal : `" +
         origin +
         "`\n"
         "- Nombre d'entrées : " +
         std::to_string(size) +
         "\n"
         "- Racine de l'arbre de Merkle (base64) : `" +
         root_b64 +
         "`\n"
         "- Clé publique de vérification : `" +
         key +
         "`\n\n"
         "## Contenu\n\n"
         "| chemin | contenu |\n|---|---|\n"
         "| `checkpoint` | le dernier point de contrôle signé (format C2SP tlog-checkpoint, "
         "note signée Ed25519) |\n"
         "| `checkpoints/<taille>` | des points de contrôle signés plus anciens |\n"
         "| `tile/entries/<N>[.p/<L>]` | les entrées, par paquets de 256 (C2SP tlog-tiles) : "
         "chaque entrée précédée de sa longueur sur 2 octets |\n"
         "| `tile/<niveau>/<N>[.p/<L>]` | les empreintes de l'arbre de Merkle (RFC 6962), par "
         "tuiles de 256 empreintes SHA-256 |\n"
         "| `chain/<N>[.p/<L>]` | les valeurs de la chaîne d'empreintes des entrées du paquet N "
         "(32 octets chacune) |\n"
         "| `public-key` | la clé publique de vérification (format « signed note ») |\n\n"
         "Chaque entrée est un texte UTF-8 lisible (format `garant-audit-v1` : identifiant, type, "
         "date UTC à la microseconde, auteur, objet, puis un contenu JSON). Aucune identité de "
         "patient n'y figure : seulement des références et des jetons pseudonymes.\n\n"
         "## Vérifier\n\n"
         "1. Obtenez la clé publique de garant **par un autre canal** que cet export (dossier de "
         "conformité, déclaration à la CNIL, page `/api/v1/audit/public-key` du service) et "
         "comparez-la avec le fichier `public-key`. Une vérification faite avec la clé fournie "
         "dans l'export lui-même ne prouve rien.\n"
         "2. Lancez :\n\n"
         "       garant audit verify CE_REPERTOIRE --key 'CLE_PUBLIQUE'\n\n"
         "   Si vous avez conservé un point de contrôle lors d'un audit précédent, ajoutez "
         "`--checkpoint FICHIER` : la vérification prouve alors aussi que le journal d'aujourd'hui "
         "prolonge celui d'hier, sans retrait ni réécriture.\n"
         "3. Le programme vérifie la signature du point de contrôle, recalcule l'empreinte de "
         "chaque entrée, la chaîne d'empreintes et l'arbre de Merkle, les compare à ce qui est "
         "stocké et signé, et vérifie la cohérence avec les points de contrôle plus anciens. Il "
         "se termine avec le code 0 seulement si tout est exact ; sinon il indique le premier "
         "numéro d'entrée en cause et la nature de l'atteinte (modifiée, manquante, déplacée, "
         "tronquée, divergente).\n\n"
         "Les formats sont publics (RFC 6962, C2SP tlog-tiles, tlog-checkpoint, signed-note) : "
         "d'autres outils peuvent vérifier l'arbre et la signature, par exemple les paquets Go "
         "`golang.org/x/mod/sumdb/note` et `golang.org/x/mod/sumdb/tlog`. La description complète "
         "des formats est dans `audit/DESIGN.md` du code source de garant.\n\n"
         "Conservez le fichier `checkpoint` de cet export : il servira de référence lors du "
         "prochain audit.\n";
}

}  // namespace

Result<std::string> ConfiguredVerifierKey(const Args& args) {
  GARANT_ASSIGN_OR_RETURN(Config config,
                          runtime::ResolveCliConfig(args.Get("config"), args.Get("data-dir")));
  GARANT_ASSIGN_OR_RETURN(runtime::Keys keys, runtime::LoadKeys(config));
  crypto::Ed25519Seed seed{};
  std::copy(keys.signing_seed.begin(), keys.signing_seed.end(), seed.begin());
  GARANT_ASSIGN_OR_RETURN(audit::NoteSigner signer,
                          audit::NoteSigner::Ed25519(config.audit_origin, seed));
  return signer.Verifier().KeyString();
}

Result<ExportSummary> ExportAuditLog(const Args& args, const std::string& dir) {
  GARANT_ASSIGN_OR_RETURN(std::string key, ConfiguredVerifierKey(args));
  GARANT_ASSIGN_OR_RETURN(std::unique_ptr<Database> database, Database::Open(args));
  GARANT_ASSIGN_OR_RETURN(db::PooledConnection conn, database->pool().Acquire());
  // One snapshot for the whole export.
  db::Transaction tx(*conn, db::Transaction::Isolation::kRepeatableRead);
  GARANT_RETURN_IF_ERROR(tx.status());
  audit::PgLogSource::Options options;
  options.max_history = kMaxHistory;
  audit::PgLogSource source(tx.connection(), options);
  // Nothing is created before there is something to export.
  if (Result<std::string> note = source.LatestCheckpoint(); !note.ok()) {
    if (note.status().code() == Code::kNotFound) {
      return Status::FailedPrecondition("no signed checkpoint yet: nothing to export");
    }
    return note.status();
  }

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir);
  if (!fs::is_empty(dir, ec)) return Status::InvalidArgument(dir + " is not empty");
  DirectorySink sink(dir);
  GARANT_RETURN_IF_ERROR(sink.Write("public-key", AsBytes(key + "\n")));
  GARANT_ASSIGN_OR_RETURN(audit::ExportSummary exported, audit::ExportLog(source, sink));
  const audit::Checkpoint& cp = exported.checkpoint;
  GARANT_RETURN_IF_ERROR(sink.Write(
      "README.md", AsBytes(Readme(cp.origin, key, cp.head.size, Base64Encode(cp.head.root)))));
  ExportSummary summary;
  summary.entries = exported.entries;
  summary.checkpoints = exported.checkpoints;
  summary.files = sink.files();
  return summary;
}

}  // namespace garant::cli
