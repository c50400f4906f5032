#include "information/public_info.h"

#include <ctemplate/template.h>

#include <string>
#include <vector>

namespace garant::server {
namespace {

struct Field {
  const char* key;
  std::string PublicInfo::*member;
  std::string Config::*config;
  const char* demo;  // the fictitious demo value
};

const std::vector<Field>& Fields() {
  static const std::vector<Field> kFields = {
      {"controller_name", &PublicInfo::controller_name, &Config::controller_name,
       "SOS MÉDECINS FRANCE (exemple fictif)"},
      {"controller_address", &PublicInfo::controller_address, &Config::controller_address,
       "Exemple fictif : 1 rue de l'Exemple, 75000 Paris"},
      {"publication_director", &PublicInfo::publication_director, &Config::publication_director,
       "Exemple fictif : la présidence de SOS MÉDECINS FRANCE"},
      {"dpo_postal_address", &PublicInfo::dpo_postal_address, &Config::dpo_postal_address,
       "Exemple fictif : Délégué à la protection des données, SOS MÉDECINS FRANCE, 1 rue de "
       "l'Exemple, 75000 Paris"},
      {"dpo_email", &PublicInfo::dpo_email, &Config::dpo_email, "dpo@exemple.invalid"},
      {"dpo_phone", &PublicInfo::dpo_phone, &Config::dpo_phone, "01 00 00 00 00 (numéro fictif)"},
      {"hosting_provider", &PublicInfo::hosting_provider, &Config::hosting_provider,
       "Exemple fictif : Hébergeur Certifié HDS, 2 avenue de l'Exemple, 69000 Lyon"},
      {"legal_basis", &PublicInfo::legal_basis, &Config::legal_basis,
       "Exemple fictif : mission d'intérêt public (article 6.1.e du RGPD) ; motifs d'intérêt "
       "public dans le domaine de la santé publique et recherche scientifique (article 9.2.i et "
       "9.2.j du RGPD)"},
      {"cnil_formality", &PublicInfo::cnil_formality, &Config::cnil_formality,
       "Exemple fictif : déclaration de conformité au référentiel « entrepôts de données de "
       "santé » de la CNIL n° 0000000"},
      {"data_retention", &PublicInfo::data_retention, &Config::data_retention,
       "Exemple fictif : 20 ans après leur collecte"},
  };
  return kFields;
}

}  // namespace

PublicInfo PublicInfoOf(const Config& c) {
  PublicInfo info;
  for (const Field& f : Fields()) {
    const std::string& v = c.*(f.config);
    info.*(f.member) = !v.empty() ? v : c.demo ? std::string(f.demo) : std::string(kNotProvided);
  }
  info.minors_notice = !c.minors_notice.empty()
                           ? c.minors_notice
                           : "Si vous avez 15 ans ou plus, vous pouvez faire cette demande "
                             "vous-même. Sinon, demandez à l'un de vos parents de la faire pour "
                             "vous. Dans les deux cas, cela ne change rien à vos soins.";
  info.accessibility_status = c.accessibility_status;
  return info;
}

std::vector<std::string> MissingPublicInfoKeys(const Config& c) {
  std::vector<std::string> missing;
  for (const Field& f : Fields()) {
    if ((c.*(f.config)).empty()) missing.emplace_back(f.key);
  }
  return missing;
}

void SetPublicInfoGlobals(const PublicInfo& info) {
  for (const Field& f : Fields()) {
    std::string name = f.key;
    for (char& ch : name) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    ctemplate::TemplateDictionary::SetGlobalValue(name, info.*(f.member));
  }
  ctemplate::TemplateDictionary::SetGlobalValue("MINORS_NOTICE_TEXT", info.minors_notice);
  ctemplate::TemplateDictionary::SetGlobalValue("ACCESSIBILITY_STATUS", info.accessibility_status);
}

}  // namespace garant::server
