{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dossier de conformité — CONTACT, {{CONTROLLER_NAME}}</title>
<style>
body { font-family: system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; line-height: 1.45; color: #161616; background: #fff; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-top: .4rem; border-top: 2px solid #000091; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
a { color: #000091; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #929292; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #eeeef8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; overflow-wrap: anywhere; }
code.sql { display: block; white-space: pre-wrap; margin-top: .3rem; }
dl.register { display: grid; grid-template-columns: minmax(12rem, 18rem) 1fr; gap: .3rem 1rem; }
dl.register dt { font-weight: 600; }
dl.register dd { margin: 0; }
.verdict { padding: .6rem .8rem; border: 2px solid; font-weight: 600; }
.verdict.ok { border-color: #18753c; color: #18753c; }
.verdict.ko { border-color: #ce0500; color: #ce0500; }
.met-ko { color: #ce0500; font-weight: 600; }
.small { font-size: .85rem; color: #3a3a3a; }
nav.toc ol { columns: 2; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-before: page; border-top: none; }
  h2.first { break-before: avoid; }
  table { break-inside: auto; } tr { break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  nav.toc { display: none; }
}
</style>
</head>
<body>
<main id="contenu">
<h1>Dossier de conformité de l'entrepôt CONTACT</h1>
<p>Responsable du traitement&nbsp;: <strong>{{CONTROLLER_NAME}}</strong>. Dossier généré par garant le <span id="generated-at">{{GENERATED_AT}}</span> (heure de Paris) pour un contrôle de la CNIL. Période des indicateurs d'activité&nbsp;: <strong id="period">{{PERIOD}}</strong>.</p>
<p class="small">Ce dossier se lit sans connexion. Chaque indicateur indique la requête SQL qui l'a produit et, quand ses lignes sont liées au journal d'audit, la plage d'index des entrées du journal dont il provient&nbsp;: il peut être recompté sur la base ou dans un export du journal (<span class="mono">garant audit export</span>). Le fichier <a href="pack.json">pack.json</a> contient les mêmes données sous forme lisible par une machine. Aucune identité de patient n'y figure&nbsp;: seulement des références d'opposition et des jetons pseudonymes. Le plan suit les rubriques de traçabilité du référentiel de sécurité du SNDS (arrêté du 6 mai 2024, chapitres 7 et 8).</p>
<nav class="toc" aria-label="Sommaire"><h2 class="first">Sommaire</h2><ol>
<li><a href="#registre">Fiche du registre des traitements</a></li>
<li><a href="#projets">Projets, décisions et formalités</a></li>
<li><a href="#comites">Comités&nbsp;: décisions hors projet et déclarations d'intérêts</a></li>
<li><a href="#habilitations">7.1 Paliers d'imputabilité et 8.2 revue des habilitations</a></li>
<li><a href="#droits">Droits des personnes&nbsp;: oppositions et listes d'exclusion</a></li>
<li><a href="#demandes-droits">Demandes d'exercice des droits</a></li>
<li><a href="#notices">Notices d'information</a></li>
<li><a href="#traces">7.2 Journaux de traces</a></li>
<li><a href="#surveillance">7.3 Règles de surveillance et de détection</a></li>
<li><a href="#incidents">7.5 Traitement des alertes et incidents</a></li>
<li><a href="#horodatage">7.4 Horodatage et intégrité du journal</a></li>
<li><a href="#pseudonymisation">Pseudonymisation et clés</a></li>
<li><a href="#conservation">Durées de conservation</a></li>
<li><a href="#securite">Mesures de sécurité</a></li>
<li><a href="#audits">8.1 Audits</a></li>
</ol></nav>

<h2 id="registre">Fiche du registre des traitements</h2>
<dl class="register">
<dt>Responsable du traitement</dt><dd>{{CONTROLLER_NAME}}<br>{{CONTROLLER_ADDRESS}}</dd>
<dt>Délégué à la protection des données</dt><dd>{{DPO}}</dd>
<dt>Finalités</dt><dd>{{PURPOSES}}</dd>
<dt>Base légale</dt><dd>{{LEGAL_BASIS}}</dd>
<dt>Formalité CNIL</dt><dd>{{CNIL_FORMALITY}}</dd>
<dt>Destinataires</dt><dd>{{RECIPIENTS}}</dd>
<dt>Durée de conservation des données</dt><dd>{{DATA_RETENTION}}</dd>
<dt>Transferts hors de l'Union européenne</dt><dd id="transfers">{{TRANSFERS}}</dd>
<dt>Hébergeur (HDS)</dt><dd>{{HOSTING_PROVIDER}}</dd>
</dl>

<h2 id="projets">Projets, décisions et formalités</h2>
{{>FIG_PROJETS}}
{{#NO_PROJECT}}<p>Aucun projet n'est enregistré.</p>{{/NO_PROJECT}}
{{#PROJECT}}<h3 id="projet-{{REFERENCE}}"><span class="mono">{{REFERENCE}}</span> — {{TITLE}}</h3>
<p>Finalité&nbsp;: {{PURPOSE}} · Statut&nbsp;: {{STATUS}} · Comité&nbsp;: {{COMMITTEE}} · Organisme&nbsp;: {{ORGANISATION}}<br>
Base légale&nbsp;: {{LEGAL_BASIS}} · Formalité&nbsp;: {{FORMALITY}} {{FORMALITY_REFERENCE}} · Répertoire du HDH&nbsp;: {{HDH}} · Publication sur le portail&nbsp;: {{PUBLISHED_AT}} · Entrées du journal&nbsp;: <span class="mono">{{INDEXES}}</span></p>
<table><caption>Décisions</caption><thead><tr><th scope="col">N°</th><th scope="col">Avis</th><th scope="col">Séance</th><th scope="col">Signée</th><th scope="col">Cosignée</th><th scope="col">Modifie</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>{{#DECISION}}<tr><td>{{ID}}</td><td>{{OUTCOME}}</td><td>{{MEETING}}</td><td>{{SIGNED}}</td><td>{{COSIGNED}}</td><td>{{AMENDS}}</td><td class="mono">{{INDEX}}</td></tr>
{{/DECISION}}{{#NO_DECISION}}<tr><td colspan="7">Aucune décision.</td></tr>{{/NO_DECISION}}</tbody></table>
<table><caption>Autorisations d'accès</caption><thead><tr><th scope="col">N°</th><th scope="col">Décision</th><th scope="col">Comptes de l'entrepôt</th><th scope="col">Domaines</th><th scope="col">Validité</th><th scope="col">Confirmée</th><th scope="col">Révoquée</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>{{#AUTHORISATION}}<tr><td>{{ID}}</td><td>{{DECISION}}</td><td class="mono">{{ACCOUNTS}}</td><td>{{DOMAINS}}</td><td>du {{FROM}} au {{UNTIL}}</td><td>{{CONFIRMED}}</td><td>{{REVOKED}}</td><td class="mono">{{INDEX}}</td></tr>
{{/AUTHORISATION}}{{#NO_AUTHORISATION}}<tr><td colspan="8">Aucune autorisation.</td></tr>{{/NO_AUTHORISATION}}</tbody></table>
{{/PROJECT}}

<h2 id="comites">Comités&nbsp;: décisions hors projet et déclarations d'intérêts</h2>
<p>Le Comité stratégique adopte, hors de tout projet, les chartes, les règles d'accès et les priorités de l'entrepôt, avec le même quorum, les mêmes votes et les mêmes signatures que les avis sur les projets&nbsp;; une décision signée ne change plus&nbsp;: elle est modifiée par une décision ultérieure. Chaque membre des comités déclare ses intérêts chaque année&nbsp;; seul le résumé public de chaque déclaration figure ici (les organismes déclarés servent à repérer les conflits d'intérêts sur les projets).</p>
{{>FIG_COMITE}}
<table id="topic-decisions"><caption>Décisions hors projet</caption><thead><tr><th scope="col">N°</th><th scope="col">Comité</th><th scope="col">Sujet</th><th scope="col">Intitulé</th><th scope="col">Décision</th><th scope="col">Séance</th><th scope="col">Signée</th><th scope="col">Cosignée</th><th scope="col">Modifie</th><th scope="col">Modifiée par</th><th scope="col">Publique</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>{{#TOPIC_DECISION}}<tr><td>{{ID}}</td><td>{{COMMITTEE}}</td><td>{{CATEGORY}}</td><td>{{TITLE}}</td><td>{{OUTCOME}}</td><td>{{MEETING}}</td><td>{{SIGNED}}</td><td>{{COSIGNED}}</td><td>{{AMENDS}}</td><td>{{AMENDED_BY}}</td><td>{{PUBLIC}}</td><td class="mono">{{INDEX}}</td></tr>
{{/TOPIC_DECISION}}{{#NO_TOPIC_DECISION}}<tr><td colspan="12">Aucune décision hors projet.</td></tr>{{/NO_TOPIC_DECISION}}</tbody></table>
<table id="interest-declarations"><caption>Déclarations d'intérêts (résumé public)</caption><thead><tr><th scope="col">N°</th><th scope="col">Membre</th><th scope="col">Comité</th><th scope="col">Fonction</th><th scope="col">Année</th><th scope="col">Signée le</th><th scope="col">Résumé public</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>{{#DECLARATION}}<tr><td>{{ID}}</td><td>{{MEMBER}}</td><td>{{COMMITTEE}}</td><td>{{ROLE}}</td><td>{{YEAR}}</td><td>{{SIGNED_ON}}</td><td>{{SUMMARY}}</td><td class="mono">{{INDEX}}</td></tr>
{{/DECLARATION}}{{#NO_DECLARATION}}<tr><td colspan="8">Aucune déclaration enregistrée.</td></tr>{{/NO_DECLARATION}}</tbody></table>

<h2 id="habilitations">7.1 Paliers d'imputabilité et 8.2 revue des habilitations</h2>
<p>Chaque personne du personnel a un compte nominatif&nbsp;; les services (ingestion, entrepôt, auditeurs) ont des jetons nommés. Les comptes de l'entrepôt sont ceux que nomment les autorisations des projets.</p>
{{>FIG_HABILITATIONS}}
<table id="staff-accounts"><caption>Comptes du personnel</caption><thead><tr><th scope="col">Identifiant</th><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Statut</th><th scope="col">Second facteur</th><th scope="col">Dernière connexion</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>{{#STAFF}}<tr><td class="mono">{{USERNAME}}</td><td>{{DISPLAY_NAME}}</td><td>{{ROLE}}</td><td>{{STATUS}}</td><td>{{SECOND_FACTOR}}</td><td>{{LAST_LOGIN}}</td><td class="mono">{{INDEX}}</td></tr>
{{/STAFF}}</tbody></table>
<table id="service-tokens"><caption>Jetons de service</caption><thead><tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Créé</th><th scope="col">Expire</th><th scope="col">Révoqué</th><th scope="col">Dernier usage</th></tr></thead>
<tbody>{{#TOKEN}}<tr><td class="mono">{{NAME}}</td><td>{{ROLE}}</td><td>{{CREATED}}</td><td>{{EXPIRES}}</td><td>{{REVOKED}}</td><td>{{LAST_USED}}</td></tr>
{{/TOKEN}}{{#NO_TOKEN}}<tr><td colspan="6">Aucun jeton de service.</td></tr>{{/NO_TOKEN}}</tbody></table>
<table id="warehouse-accounts"><caption>Comptes de l'entrepôt nommés dans les autorisations</caption><thead><tr><th scope="col">Compte</th><th scope="col">Projets</th><th scope="col">Fin de la dernière autorisation</th><th scope="col">Autorisé aujourd'hui</th></tr></thead>
<tbody>{{#WAREHOUSE}}<tr><td class="mono">{{ACCOUNT}}</td><td class="mono">{{PROJECTS}}</td><td>{{UNTIL}}</td><td>{{IN_FORCE}}</td></tr>
{{/WAREHOUSE}}{{#NO_WAREHOUSE}}<tr><td colspan="4">Aucun compte.</td></tr>{{/NO_WAREHOUSE}}</tbody></table>

<h2 id="droits">Droits des personnes&nbsp;: oppositions et listes d'exclusion</h2>
<p>Le délai de réponse est d'un mois civil après la réception (article 12 du RGPD). Les oppositions sont aussi exportées au format FHIR R4 (<span class="mono">garant compliance consents --format fhir</span>).</p>
{{>FIG_DROITS}}
{{>FIG_LISTES}}
<p>Dernière version de la liste d'exclusion&nbsp;: <strong id="latest-list">{{LATEST_LIST}}</strong></p>
<table id="consumers"><caption>Consommateurs des listes (ingestion) et versions appliquées</caption><thead><tr><th scope="col">Consommateur</th><th scope="col">Dernière version appliquée</th><th scope="col">Appliquée le</th><th scope="col" class="num">Enregistrements purgés (total)</th><th scope="col">Désactivé</th></tr></thead>
<tbody>{{#CONSUMER}}<tr><td class="mono">{{NAME}}</td><td>{{VERSION}}</td><td>{{AT}}</td><td class="num">{{PURGED}}</td><td>{{DISABLED}}</td></tr>
{{/CONSUMER}}{{#NO_CONSUMER}}<tr><td colspan="5">Aucun consommateur enregistré.</td></tr>{{/NO_CONSUMER}}</tbody></table>

<h2 id="demandes-droits">Demandes d'exercice des droits</h2>
<p>Accès, rectification, effacement, limitation et opposition (articles 15 à 18 et 21 du RGPD). L'échéance est d'un mois civil après la réception, de trois mois quand le délai a été prolongé (article 12.3), reportée du temps passé à attendre un justificatif d'identité (le délai est alors suspendu). Une demande est «&nbsp;dans le délai&nbsp;» quand elle a été close (réponse ou refus motivé) au plus tard à son échéance. Aucune identité n'est reproduite ici.</p>
<table id="rights-requests"><caption>Registre des demandes, de la plus ancienne à la plus récente</caption><thead><tr><th scope="col">Référence</th><th scope="col">Droit</th><th scope="col">Demandeur</th><th scope="col">Reçue le</th><th scope="col">Échéance</th><th scope="col">État</th><th scope="col">Close le</th><th scope="col">Délai respecté</th><th scope="col">Entrées du journal</th></tr></thead>
<tbody>{{#RIGHTS_REQUEST}}<tr data-reference="{{REFERENCE}}"><td class="mono">{{REFERENCE}}</td><td>{{TYPE}}</td><td>{{REQUESTER}}</td><td>{{RECEIVED}}</td><td>{{DEADLINE}}</td><td>{{STATE}}</td><td>{{CLOSED}}</td><td class="met-{{MET_CLASS}}">{{MET}}</td><td class="mono">{{INDEX}}</td></tr>
{{/RIGHTS_REQUEST}}{{#NO_RIGHTS_REQUEST}}<tr><td colspan="9">Aucune demande enregistrée.</td></tr>{{/NO_RIGHTS_REQUEST}}</tbody></table>

<h2 id="notices">Notices d'information</h2>
<p>Chaque version publiée des notices (adultes, mineurs, professionnels de santé) est conservée sans modification possible&nbsp;; son texte est public sur la page <span class="mono">/information/historique</span> du site, et son empreinte SHA-256 ci-dessous permet de vérifier une copie. Chaque opposition enregistre la version affichée avec le formulaire.</p>
<table id="notice-versions"><caption>Versions publiées, de la plus ancienne à la plus récente</caption><thead><tr><th scope="col">Version</th><th scope="col">Public</th><th scope="col">Titre</th><th scope="col">Publiée le</th><th scope="col">Par</th><th scope="col">Empreinte SHA-256 du texte</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>{{#NOTICE}}<tr><td class="mono">{{VERSION}}</td><td>{{AUDIENCE}}</td><td>{{TITLE}}</td><td>{{PUBLISHED}}</td><td class="mono">{{BY}}</td><td class="mono small">{{SHA256}}</td><td class="mono">{{INDEX}}</td></tr>
{{/NOTICE}}{{#NO_NOTICE}}<tr><td colspan="7">Aucune version publiée.</td></tr>{{/NO_NOTICE}}</tbody></table>

<h2 id="traces">7.2 Journaux de traces</h2>
<p>L'entrepôt déclare chaque accès aux données&nbsp;; chaque déclaration est une entrée du journal d'audit, vérifiée au regard des autorisations et des oppositions en vigueur au moment de l'accès.</p>
{{>FIG_TRACES}}

<h2 id="surveillance">7.3 Règles de surveillance et de détection</h2>
{{>FIG_SURVEILLANCE}}

<h2 id="incidents">7.5 Traitement des alertes et incidents</h2>
<p>Les alertes d'un compte pour une journée forment un dossier&nbsp;: nouveau, en cours d'examen, justifié ou incident.</p>
{{>FIG_INCIDENTS}}

<h2 id="horodatage">7.4 Horodatage et intégrité du journal</h2>
<p class="verdict {{VERDICT_CLASS}}" id="verdict">Vérification du journal (<span class="mono">garant audit verify</span>)&nbsp;: {{VERDICT}}</p>
<p>Dernier point de contrôle signé&nbsp;: taille <strong id="checkpoint-size">{{CHECKPOINT_SIZE}}</strong>, racine <span class="mono">{{CHECKPOINT_ROOT}}</span> (fichier <a href="checkpoint.txt">checkpoint.txt</a>, signé par la clé <span class="mono">{{AUDIT_VERIFIER_KEY}}</span>).</p>
{{>FIG_HORODATAGE}}

<h2 id="pseudonymisation">Pseudonymisation et clés</h2>
<dl class="register">
<dt>Clé de pseudonymisation (identifiant)</dt><dd class="mono">{{PSEUDONYM_KEY_ID}}</dd>
<dt>Clé précédente (rotation en cours)</dt><dd class="mono">{{PREVIOUS_PSEUDONYM_KEY_ID}}</dd>
<dt>Clé de vérification des signatures</dt><dd class="mono">{{VERIFY_KEY}} (identifiant {{SIGNING_KEY_ID}})</dd>
<dt>Clé de chiffrement (identifiant)</dt><dd class="mono">{{ENCRYPTION_KEY_ID}}</dd>
</dl>
{{>FIG_PSEUDONYMISATION}}
<table id="key-events"><caption>Rotations de clés enregistrées dans le journal</caption><thead><tr><th scope="col">Entrée</th><th scope="col">Événement</th><th scope="col">Date</th><th scope="col">Objet</th></tr></thead>
<tbody>{{#KEY_EVENT}}<tr><td class="mono">{{INDEX}}</td><td class="mono">{{TYPE}}</td><td>{{TIME}}</td><td class="mono">{{OBJECT}}</td></tr>
{{/KEY_EVENT}}{{#NO_KEY_EVENT}}<tr><td colspan="4">Aucune rotation enregistrée.</td></tr>{{/NO_KEY_EVENT}}</tbody></table>

<h2 id="conservation">Durées de conservation</h2>
<dl class="register">
<dt>Données de l'entrepôt</dt><dd>{{DATA_RETENTION}}</dd>
<dt>Journal d'audit</dt><dd>{{LOG_RETENTION}}</dd>
<dt>Registre des oppositions</dt><dd>{{OBJECTION_RETENTION}}</dd>
<dt>Délai entre publication d'un projet et premier accès</dt><dd>{{PUBLICATION_DELAY}} jours</dd>
</dl>

<h2 id="securite">Mesures de sécurité</h2>
{{#SECURITY}}<p>Les mesures de sécurité et les tests qui les vérifient sont décrits dans <a href="{{FILE}}">{{FILE}}</a> (copie de <span class="mono">{{SOURCE}}</span>). Rubriques&nbsp;:</p>
<ul>{{#HEADING}}<li>{{TEXT}}</li>{{/HEADING}}</ul>{{/SECURITY}}
{{#NO_SECURITY}}<p id="no-security">Le document des mesures de sécurité n'a pas été fourni à la génération de ce dossier (option <span class="mono">--security-doc</span>).</p>{{/NO_SECURITY}}

<h2 id="audits">8.1 Audits</h2>
<p>La génération de ce dossier est elle-même enregistrée dans le journal d'audit (événement <span class="mono">compliance.pack.generated</span>, avec l'empreinte SHA-256 de <span class="mono">pack.json</span> et de ce fichier).</p>
{{>FIG_AUDITS}}
</main>
</body>
</html>
