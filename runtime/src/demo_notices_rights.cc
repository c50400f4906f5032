// Demo data of the DPO's registers: the information notices (one version per
// audience, two for adults so that the history shows a replaced version) and
// a few rights requests in different states (answered on time, refused,
// extended, waiting for a proof of identity, overdue).
#include <chrono>
#include <string>

#include "garant/consent/notice_register.h"
#include "garant/consent/rights_store.h"
#include "garant/runtime/demo.h"
#include "garant/staff/accounts.h"

namespace garant::runtime {
namespace {

using std::chrono::days;
using std::chrono::hours;

constexpr const char* kSeedActor = "service:demo-seed";

struct DemoNotice {
  const char* audience;
  const char* title;
  const char* body;
};

const DemoNotice kDemoNotices[] = {
    {"adult", "L'entrepôt de données CONTACT et vos droits (exemple fictif)",
     "Les données de vos consultations et visites SOS MÉDECINS sont réunies dans l'entrepôt "
     "CONTACT pour la recherche et l'amélioration des soins.\n\n"
     "Vous pouvez vous y opposer à tout moment, sans vous justifier, sur la page Opposition de "
     "ce site ou par courrier au délégué à la protection des données."},
    {"adult", "L'entrepôt de données CONTACT et vos droits (exemple fictif)",
     "Les données de vos consultations et visites SOS MÉDECINS (motif de la visite, diagnostic, "
     "traitements prescrits) sont réunies dans l'entrepôt CONTACT, exploité par SOS MÉDECINS "
     "FRANCE, pour la recherche, les études et l'évaluation des soins dans l'intérêt public. "
     "Votre nom n'y figure pas : il est remplacé par des codes.\n\n"
     "Chaque projet qui utilise ces données est examiné par un comité et publié sur le portail "
     "de transparence de ce site.\n\n"
     "Vous pouvez vous y opposer à tout moment, sans vous justifier et sans conséquence sur vos "
     "soins. Vous pouvez aussi demander l'accès à vos données, leur rectification, leur "
     "effacement ou la limitation de leur utilisation, en écrivant au délégué à la protection "
     "des données. Vous pouvez adresser une réclamation à la CNIL."},
    {"minor", "Tes données de santé et la recherche (exemple fictif)",
     "Quand un médecin SOS MÉDECINS vient te soigner, il note ce qu'il a fait. Ces notes, sans "
     "ton nom, peuvent aider des chercheurs à mieux soigner les enfants.\n\n"
     "Tu peux dire non, sans donner de raison : si tu as 15 ans ou plus, tu peux le faire "
     "toi-même ; sinon, demande à l'un de tes parents. Cela ne change rien à tes soins."},
    {"professional", "Information des médecins SOS MÉDECINS (exemple fictif)",
     "Votre numéro RPPS et l'association figurent dans les données de visite réunies dans "
     "l'entrepôt CONTACT. Vous pouvez vous opposer à leur utilisation pour les projets de "
     "recherche, sans effet sur votre exercice ni sur les soins de vos patients."},
};

consent::IdentityTraits Person(const char* birth, const char* given, const char* date,
                               const char* sex) {
  consent::IdentityTraits t;
  t.birth_name = birth;
  t.given_names = given;
  t.birth_date = date;
  t.sex = sex;
  return t;
}

}  // namespace

Status SeedNoticesDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock) {
  consent::NoticeRegister reg(pool);
  GARANT_ASSIGN_OR_RETURN(std::vector<consent::Notice> existing, reg.History());
  if (!existing.empty()) return Status::Ok();
  const audit::Recorder by{log, random, clock, kSeedActor};
  for (const DemoNotice& n : kDemoNotices) {
    GARANT_RETURN_IF_ERROR(reg.Publish({n.audience, n.title, n.body}, by).status());
  }
  return Status::Ok();
}

Status SeedRightsDemo(db::Pool& pool, audit::AuditLog& log, Random& random, const Clock& clock,
                      const Keys& keys) {
  {
    GARANT_ASSIGN_OR_RETURN(auto conn, pool.Acquire());
    GARANT_ASSIGN_OR_RETURN(db::Rows seeded,
                            conn->Exec("SELECT 1 FROM rights_requests LIMIT 1", {}));
    if (seeded.size() > 0) return Status::Ok();
  }
  GARANT_ASSIGN_OR_RETURN(staff::StaffAccount dpo, staff::AccountStore(pool, random).Get("dpo"));
  const std::string actor = "staff:" + std::to_string(dpo.id);
  const TimePoint now = clock.Now();
  ManualClock past(now);
  consent::RightsStore store(pool, log, random, past, keys.sealing);
  store.UseAuditClock(clock);

  // Each request: received `ago` days back, then its steps `step_days` later.
  auto create = [&](consent::NewRightsRequest r, int ago) -> Result<consent::RightsRequest> {
    const TimePoint at = now - days(ago) - hours(3);
    past.Set(at);
    r.received_at = at;
    return store.Create(r, dpo.id, actor);
  };
  auto step = [&](const consent::RightsRequest& q, int ago, consent::RightsAction a,
                  std::string text) -> Status {
    past.Set(now - days(ago));
    consent::RightsTransition t;
    t.action = a;
    t.text = std::move(text);
    if (a == consent::RightsAction::kVerifyIdentity) {
      t.method = consent::IdentityMethod::kDocumentSeen;
    }
    if (a == consent::RightsAction::kRefuse) {
      t.ground = consent::RefusalGround::kIdentityNotEstablished;
    }
    return store.Apply(q.reference, t, dpo.id, actor).status();
  };

  // 1. Access by the person, by letter, answered within the month.
  {
    consent::NewRightsRequest r;
    r.type = consent::RightType::kAccess;
    r.channel = consent::RightsChannel::kLetter;
    r.traits = Person("Fictif", "Hélène", "1962-04-17", "F");
    r.contact = "Mme Hélène Fictif\n12 rue de l'Exemple\n31000 Toulouse";
    GARANT_ASSIGN_OR_RETURN(auto q, create(r, 80));
    GARANT_RETURN_IF_ERROR(step(q, 75, consent::RightsAction::kVerifyIdentity, ""));
    GARANT_RETURN_IF_ERROR(
        step(q, 62, consent::RightsAction::kAnswer, "Copie des données et des accès envoyée."));
  }
  // 2. Erasure asked by an heir (art. 85), refused: identity not established.
  {
    consent::NewRightsRequest r;
    r.type = consent::RightType::kErasure;
    r.requester = consent::RightsRequester::kHeir;
    r.requester_name = "M. Paul Exemple (fils)";
    r.channel = consent::RightsChannel::kEmail;
    r.traits = Person("Exemple", "Jacques", "1931-11-02", "M");
    r.contact = "paul.exemple@exemple.invalid";
    GARANT_ASSIGN_OR_RETURN(auto q, create(r, 70));
    GARANT_RETURN_IF_ERROR(step(q, 68, consent::RightsAction::kAskIdentity, ""));
    GARANT_RETURN_IF_ERROR(
        step(q, 40, consent::RightsAction::kRefuse,
             "Aucun justificatif de la qualité d'héritier reçu malgré notre demande."));
  }
  // 3. Rectification, extended by two months (complex), still in progress.
  {
    consent::NewRightsRequest r;
    r.type = consent::RightType::kRectification;
    r.channel = consent::RightsChannel::kPhone;
    r.traits = Person("Démo", "Lucas", "1990-08-25", "M");
    r.contact = "06 00 00 00 00 (numéro fictif)";
    GARANT_ASSIGN_OR_RETURN(auto q, create(r, 25));
    GARANT_RETURN_IF_ERROR(step(q, 24, consent::RightsAction::kVerifyIdentity, ""));
    GARANT_RETURN_IF_ERROR(step(
        q, 20, consent::RightsAction::kExtend,
        "Les données à rectifier proviennent de trois associations : leur vérification demande "
        "un délai supplémentaire."));
  }
  // 4. Restriction asked by a parent, waiting for a proof of identity.
  {
    consent::NewRightsRequest r;
    r.type = consent::RightType::kRestriction;
    r.requester = consent::RightsRequester::kParent;
    r.requester_name = "Mme Camille Fictive (mère)";
    r.channel = consent::RightsChannel::kLetter;
    r.traits = Person("Fictive", "Léa", "2015-02-14", "F");
    r.contact = "Mme Camille Fictive\n3 place de l'Exemple\n44000 Nantes";
    GARANT_ASSIGN_OR_RETURN(auto q, create(r, 6));
    GARANT_RETURN_IF_ERROR(step(q, 5, consent::RightsAction::kAskIdentity, ""));
  }
  // 5. Access received forty days ago, never handled: overdue.
  {
    consent::NewRightsRequest r;
    r.type = consent::RightType::kAccess;
    r.channel = consent::RightsChannel::kInPerson;
    r.traits = Person("Modèle", "Nadia", "1978-12-09", "F");
    GARANT_ASSIGN_OR_RETURN(auto q, create(r, 40));
    (void)q;
  }
  return Status::Ok();
}

}  // namespace garant::runtime
