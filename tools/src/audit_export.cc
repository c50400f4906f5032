#include "audit_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "garant/audit/checkpoint.h"
#include "garant/audit/log_store.h"
#include "garant/audit/note.h"
#include "garant/audit/tile.h"
#include "garant/core/config.h"
#include "garant/runtime/keys.h"

namespace garant::cli {
namespace fs = std::filesystem;
namespace {

using db::Param;

constexpr uint64_t kBundlesPerQuery = 16;
constexpr size_t kMaxHistory = 1000;

Param Int(uint64_t v) { return Param(static_cast<int64_t>(v)); }

class Writer {
 public:
  explicit Writer(fs::path root) : root_(std::move(root)) {}
  Status Write(const std::string& rel, std::string_view data) {
    fs::path p = root_ / rel;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Status::Unavailable("cannot create " + p.parent_path().string());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) return Status::Unavailable("cannot write " + p.string());
    ++files_;
    return Status::Ok();
  }
  Status Write(const std::string& rel, const Bytes& data) { return Write(rel, AsString(data)); }
  uint64_t files() const { return files_; }

 private:
  fs::path root_;
  uint64_t files_ = 0;
};

std::string ChainPath(uint64_t n, int width) {
  std::string p = "chain/" + audit::FormatTileIndex(n);
  if (width != audit::kTileWidth) p += ".p/" + std::to_string(width);
  return p;
}

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
  GARANT_ASSIGN_OR_RETURN(Config config, ResolveCliConfig(args));
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
  GARANT_ASSIGN_OR_RETURN(std::optional<std::string> note, audit::LatestCheckpointNote(*conn));
  if (!note) return Status::FailedPrecondition("no signed checkpoint yet: nothing to export");
  GARANT_ASSIGN_OR_RETURN(audit::Note parsed, audit::ParseNote(*note));
  GARANT_ASSIGN_OR_RETURN(audit::Checkpoint cp, audit::ParseCheckpoint(parsed.text));
  const uint64_t size = cp.head.size;

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir);
  if (!fs::is_empty(dir, ec)) return Status::InvalidArgument(dir + " is not empty");
  Writer w(dir);
  ExportSummary summary;
  GARANT_RETURN_IF_ERROR(w.Write("checkpoint", *note));
  GARANT_RETURN_IF_ERROR(w.Write("public-key", key + "\n"));

  // Earlier checkpoints, sampled evenly down to kMaxHistory.
  GARANT_ASSIGN_OR_RETURN(db::Rows history,
                          tx.Exec("SELECT size, note FROM audit_checkpoints WHERE size < $1 "
                                  "ORDER BY size",
                                  {Int(size)}));
  const size_t count = static_cast<size_t>(history.size());
  const size_t step = count > kMaxHistory ? (count + kMaxHistory - 1) / kMaxHistory : 1;
  for (size_t r = 0; r < count; r += step) {
    GARANT_RETURN_IF_ERROR(w.Write("checkpoints/" + history.Str(static_cast<int>(r), 0),
                                   history.Text(static_cast<int>(r), 1)));
    ++summary.checkpoints;
  }

  // Entry bundles, level-0 tiles (the stored leaf hashes) and chain values,
  // exactly as stored. A bundle stops at the first absent row, so that the
  // verifier names it.
  const uint64_t bundles = (size + audit::kTileWidth - 1) / audit::kTileWidth;
  for (uint64_t first = 0; first < bundles; first += kBundlesPerQuery) {
    const uint64_t last = std::min(bundles, first + kBundlesPerQuery);
    GARANT_ASSIGN_OR_RETURN(
        db::Rows rows,
        tx.Exec("SELECT idx, leaf, leaf_hash, chain FROM audit_entries WHERE idx >= $1 AND "
                "idx < $2 ORDER BY idx",
                {Int(first * audit::kTileWidth), Int(std::min(size, last * audit::kTileWidth))}));
    int r = 0;
    for (uint64_t n = first; n < last; ++n) {
      GARANT_ASSIGN_OR_RETURN(audit::Tile tile, audit::TileInTree(0, n, size));
      const uint64_t begin = n * audit::kTileWidth;
      const uint64_t end = begin + static_cast<uint64_t>(tile.width);
      Bytes bundle, hashes, chain;
      uint64_t expected = begin;
      bool gap = false;
      for (; r < rows.size() && static_cast<uint64_t>(rows.Int(r, 0)) < end; ++r) {
        if (gap || static_cast<uint64_t>(rows.Int(r, 0)) != expected) {
          gap = true;
          continue;
        }
        Bytes leaf = rows.Bytea(r, 1);
        if (leaf.size() > audit::kMaxLeafSize) {
          gap = true;
          continue;
        }
        GARANT_RETURN_IF_ERROR(audit::AppendToEntryBundle(leaf, &bundle));
        Bytes h = rows.Bytea(r, 2);
        Bytes c = rows.Bytea(r, 3);
        hashes.insert(hashes.end(), h.begin(), h.end());
        chain.insert(chain.end(), c.begin(), c.end());
        ++expected;
        ++summary.entries;
      }
      GARANT_RETURN_IF_ERROR(w.Write(audit::EntryBundlePath(n, tile.width), bundle));
      GARANT_RETURN_IF_ERROR(w.Write(audit::TilePath(tile), hashes));
      GARANT_RETURN_IF_ERROR(w.Write(ChainPath(n, tile.width), chain));
    }
  }

  // Tiles of levels 1, 2, ...: the stored hashes of tree levels 8, 16, ...
  for (int level = 1; level <= audit::kMaxTileLevel; ++level) {
    const int shift = audit::kTileHeight * level;
    if (shift >= 64 || (size >> shift) == 0) break;
    const uint64_t count_at_level = size >> shift;
    GARANT_ASSIGN_OR_RETURN(
        db::Rows rows,
        tx.Exec("SELECT idx, hash FROM audit_tile_hashes WHERE level = $1 AND idx < $2 "
                "ORDER BY idx",
                {Param(shift), Int(count_at_level)}));
    int r = 0;
    for (uint64_t n = 0; n * audit::kTileWidth < count_at_level; ++n) {
      GARANT_ASSIGN_OR_RETURN(audit::Tile tile, audit::TileInTree(level, n, size));
      const uint64_t begin = n * audit::kTileWidth;
      const uint64_t end = begin + static_cast<uint64_t>(tile.width);
      Bytes hashes;
      uint64_t expected = begin;
      bool gap = false;
      for (; r < rows.size() && static_cast<uint64_t>(rows.Int(r, 0)) < end; ++r) {
        if (gap || static_cast<uint64_t>(rows.Int(r, 0)) != expected) {
          gap = true;
          continue;
        }
        Bytes h = rows.Bytea(r, 1);
        hashes.insert(hashes.end(), h.begin(), h.end());
        ++expected;
      }
      GARANT_RETURN_IF_ERROR(w.Write(audit::TilePath(tile), hashes));
    }
  }
  GARANT_RETURN_IF_ERROR(
      w.Write("README.md", Readme(cp.origin, key, size, Base64Encode(cp.head.root))));
  summary.files = w.files();
  return summary;
}

}  // namespace garant::cli
