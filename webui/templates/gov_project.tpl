{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>{{TITLE}}</h1>
<p class="gov-meta"><span class="gov-ref">{{REFERENCE}}</span> <span class="gov-status gov-status-{{STATUS}}" id="project-status">{{STATUS_LABEL}}</span> {{#PUBLISHED}}Publié sur le portail le {{DATE}}.{{/PUBLISHED}}{{#NOT_PUBLISHED}}Pas encore publié.{{/NOT_PUBLISHED}}</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<section aria-labelledby="resume-titre">
<h2 id="resume-titre">Résumé public</h2>
<p id="project-summary" class="pre">{{SUMMARY:pre_escape}}</p>
<details class="gov-form"><summary>Corriger le résumé public</summary>
<form method="post" action="/console/gouvernance/projets/{{ID}}/resume" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="hint">Le nouveau texte remplace l'actuel sur le portail de transparence ; l'ancien reste visible dans l'historique ci-dessous et la correction est inscrite au journal d'audit.</p>
  <div class="field"><label for="r-summary">Nouveau résumé public</label><textarea id="r-summary" name="public_summary" required maxlength="5000" rows="5">{{SUMMARY:pre_escape}}</textarea></div>
  <div class="field"><label for="r-note">Motif de la correction</label><input id="r-note" name="note" maxlength="2000" required></div>
  <button type="submit" class="button">Corriger le résumé</button>
</form></details>
{{#SUMMARY_HISTORY}}{{#HISTORY}}<details class="history" id="summary-history" open><summary>Historique des corrections du résumé</summary><ol>{{#CORRECTION}}<li>Le {{DATE}}, par {{BY}}.{{#NOTE}} Motif : {{TEXT}}.{{/NOTE}}<br>Ancien texte : <del class="pre">{{OLD:pre_escape}}</del></li>{{/CORRECTION}}</ol></details>{{/HISTORY}}{{/SUMMARY_HISTORY}}
</section>
<dl class="gov-facts">
  <dt>Finalité</dt><dd>{{PURPOSE_LABEL}}</dd>
  <dt>Organisme</dt><dd>{{ORGANISATION}} — {{INVESTIGATOR}}</dd>
  <dt>Données</dt><dd>{{DOMAINS}}{{#DATA_DESCRIPTION}} — {{TEXT}}{{/DATA_DESCRIPTION}}</dd>
  <dt>Formalité</dt><dd>{{FORMALITY}} {{FORMALITY_REF}}</dd>
  <dt>Répertoire public du Health Data Hub</dt><dd id="project-hdh">{{#HDH_SET}}n° {{NUMBER}}{{/HDH_SET}}{{#HDH_MISSING}}<strong class="overdue">numéro à renseigner</strong> (obligatoire pour une étude MR-004 avant son début){{/HDH_MISSING}}{{#HDH_NONE}}—{{/HDH_NONE}}</dd>
  <dt>Comité</dt><dd>{{COMMITTEE}}</dd>
</dl>
<p id="directory-link"><a href="/console/gouvernance/projets/{{ID}}/repertoire">Fiche du répertoire public : financeurs, calendrier, sources et appariement, variables sensibles, plateforme, résultats et publications, notice d'information du projet</a></p>
<details class="gov-form"><summary>Renseigner le numéro du répertoire du Health Data Hub</summary>
<form method="post" action="/console/gouvernance/projets/{{ID}}/hdh" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="h-number">Numéro d'enregistrement au répertoire public des projets du Health Data Hub</label><input id="h-number" name="hdh_directory_number" maxlength="64" value="{{HDH}}"><p class="hint">Publié sur le portail de transparence. Laissez vide pour l'effacer.</p></div>
  <div class="field"><label for="h-note">Motif <span class="opt">(facultatif)</span></label><input id="h-note" name="note" maxlength="2000"></div>
  <button type="submit" class="button">Enregistrer le numéro</button>
</form></details>
{{#HDH_HISTORY}}{{#HISTORY}}<details class="history"><summary>Historique du numéro du Health Data Hub</summary><ul>{{#CORRECTION}}<li>Le {{DATE}}, par {{BY}} : <del>{{OLD}}</del> → {{NEW}}.{{#NOTE}} Motif : {{TEXT}}{{/NOTE}}</li>{{/CORRECTION}}</ul></details>{{/HISTORY}}{{/HDH_HISTORY}}
{{#TRANSITIONS}}
<h2>Changer le statut</h2>
<form method="post" action="/console/gouvernance/projets/{{ID}}/statut" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="t-to">Nouveau statut</label><select id="t-to" name="to">{{#TARGET}}<option value="{{CODE}}">{{LABEL}}</option>{{/TARGET}}</select></div>
  <div class="field"><label for="t-note">Motif</label><input id="t-note" name="note" maxlength="2000"></div>
  <button type="submit" class="button">Changer le statut</button>
</form>
{{/TRANSITIONS}}
<h2>Décisions</h2>
{{#NO_DECISION}}<p>Aucune décision pour ce projet.</p>{{/NO_DECISION}}
{{#DECISION}}<div class="card gov-decision" id="decision-{{ID}}"><h3>Décision n° {{ID}} : {{OUTCOME}}</h3>
<p>Séance du {{MEETING_DATE}}. {{#SIGNED}}Signée le {{DATE}}{{#BY}} par {{NAME}}{{/BY}}.{{/SIGNED}}{{#COSIGNED}} Cosignée le {{DATE}}{{#BY}} par {{NAME}}{{/BY}}{{#BEFORE_RULE}} (signature unique, antérieure à la règle des deux signatures){{/BEFORE_RULE}}.{{/COSIGNED}}{{#PENDING_COSIGNATURE}} <strong class="due-soon">En attente de cosignature</strong> : sans effet tant qu'un autre secrétaire ne l'a pas <a href="/console/gouvernance/a-cosigner">cosignée</a>.{{/PENDING_COSIGNATURE}}{{#AMENDS}} Modifie la décision n° {{ID}}.{{/AMENDS}}</p>
<p><strong>Motivation :</strong> {{REASONS}}</p>{{#CONDITIONS}}<p><strong>Conditions :</strong> {{TEXT}}</p>{{/CONDITIONS}}
<p><strong>Votes :</strong> {{VOTES}}</p></div>
{{/DECISION}}
<h2>Conflits d'intérêts déclarés</h2>
{{#NO_CONFLICT}}<p>Aucun conflit d'intérêts déclaré sur ce projet.</p>{{/NO_CONFLICT}}
<ul>{{#CONFLICT}}<li>{{MEMBER}} : {{DESCRIPTION}} ({{SOURCE}} le {{DATE}})</li>{{/CONFLICT}}</ul>
<form method="post" action="/console/gouvernance/projets/{{ID}}/conflits" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="k-member">Membre</label><select id="k-member" name="member_id">{{#MEMBER}}<option value="{{ID}}">{{NAME}}</option>{{/MEMBER}}</select></div>
  <div class="field"><label for="k-desc">Nature du conflit</label><input id="k-desc" name="description" required maxlength="2000"></div>
  <button type="submit" class="button">Déclarer le conflit</button>
</form>
<h2>Autorisations d'accès</h2>
<table>
<thead><tr><th scope="col">N°</th><th scope="col">Comptes</th><th scope="col">Données</th><th scope="col">Validité</th><th scope="col">État</th><th scope="col">Actions</th></tr></thead>
<tbody>
{{#AUTH}}<tr id="autorisation-{{ID}}"><td>{{ID}}</td><td>{{ACCOUNTS}}</td><td>{{DOMAINS}}{{#ASSOCIATIONS}} ({{TEXT}}){{/ASSOCIATIONS}}</td><td>du {{FROM}} au {{UNTIL}} inclus</td><td>{{STATE}}</td>
<td>{{#ACTION}}<form method="post" action="/console/gouvernance/autorisations/{{AUTH_ID}}/{{VERB}}" class="gov-inline"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="projet" value="{{PROJECT_ID}}"><button type="submit" class="link-button gov-link-button">{{LABEL}}</button></form>{{/ACTION}}</td></tr>
{{/AUTH}}
</tbody>
</table>
{{#AUTH_FORM}}
<h3>Délivrer une autorisation</h3>
<p class="hint">Elle ne peut commencer qu'après la publication du projet et un délai de {{DELAY}} jours, pour laisser aux patients le temps de s'opposer (au plus tôt le {{EARLIEST}}).</p>
<form method="post" action="/console/gouvernance/projets/{{ID}}/autorisations" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="a-decision">Décision favorable</label><select id="a-decision" name="decision_id">{{#FAVOURABLE}}<option value="{{ID}}">n° {{ID}} — {{LABEL}}</option>{{/FAVOURABLE}}</select></div>
  <div class="field"><label for="a-accounts">Comptes nommés</label><input id="a-accounts" name="accounts" required maxlength="2000"><p class="hint">Identifiants des comptes de l'entrepôt, séparés par des virgules.</p></div>
  <fieldset class="field"><legend>Données couvertes</legend>{{#DOMAIN}}<label class="gov-check"><input type="checkbox" name="domain_{{CODE}}" value="on" checked> {{LABEL}}</label>{{/DOMAIN}}</fieldset>
  <div class="field"><label for="a-assoc">Associations (facultatif)</label><input id="a-assoc" name="associations" maxlength="2000"><p class="hint">Codes séparés par des virgules ; vide : toutes les associations.</p></div>
  <div class="field"><label for="a-from">Premier jour de validité</label><input id="a-from" name="valid_from" type="date" required></div>
  <div class="field"><label for="a-until">Dernier jour de validité (inclus)</label><input id="a-until" name="valid_until" type="date" required><p class="hint">L'accès reste possible jusqu'à la fin de ce jour (minuit, heure de Paris).</p></div>
  <button type="submit" class="button">Délivrer l'autorisation</button>
</form>
{{/AUTH_FORM}}
