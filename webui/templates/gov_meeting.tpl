{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>Séance du {{DATE}}</h1>
<p>{{COMMITTEE}}. <span id="quorum">{{QUORUM}}</span></p>
<p class="hint"><strong>Quorum du comité.</strong> {{QUORUM_RULE}}.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<h2>Présents</h2>
<ul>{{#PRESENT}}<li>{{NAME}} ({{ROLE}})</li>{{/PRESENT}}</ul>
<section aria-labelledby="pv-titre">
<h2 id="pv-titre">Procès-verbal</h2>
{{#MINUTES}}<p id="minutes" class="pre">{{TEXT:pre_escape}}</p>{{/MINUTES}}
{{#NO_MINUTES}}<p id="minutes">Pas encore de procès-verbal.</p>{{/NO_MINUTES}}
<details class="gov-form"><summary>Rédiger ou corriger le procès-verbal</summary>
<form method="post" action="/console/gouvernance/seances/{{MEETING_ID}}/proces-verbal" class="form-card gov-wide">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="hint">Le procès-verbal peut être rédigé après la séance. Chaque version remplace la précédente, qui reste visible dans l'historique ; la modification est inscrite au journal d'audit.</p>
  <div class="field"><label for="pv-text">Procès-verbal</label><textarea id="pv-text" name="minutes" maxlength="20000" rows="6">{{MINUTES_VALUE:pre_escape}}</textarea></div>
  <div class="field"><label for="pv-note">Motif <span class="opt">(facultatif)</span></label><input id="pv-note" name="note" maxlength="2000"></div>
  <button type="submit" class="button">Enregistrer le procès-verbal</button>
</form></details>
<h3>Récusations</h3>
{{#NO_RECUSAL}}<p id="recusals">Aucun membre présent ne s'est retiré pour conflit d'intérêts.</p>{{/NO_RECUSAL}}
{{#RECUSALS}}<ul id="recusals">{{#RECUSAL}}<li>{{NAME}} s'est retiré·e de l'examen du projet {{REFERENCE}} et n'a pas voté : {{DESCRIPTION}}.</li>{{/RECUSAL}}</ul>{{/RECUSALS}}
{{#HISTORY}}<details class="history" id="minutes-history"><summary>Historique du procès-verbal</summary><ol>{{#CORRECTION}}<li>Le {{DATE}}, par {{BY}}.{{#NOTE}} Motif : {{TEXT}}.{{/NOTE}}<br>Texte précédent : <del class="pre">{{OLD:pre_escape}}</del></li>{{/CORRECTION}}</ol></details>{{/HISTORY}}
</section>
<h2>Ordre du jour et décisions</h2>
{{#ITEM}}
<section class="card gov-item" aria-labelledby="item-{{PROJECT_ID}}">
<h3 id="item-{{PROJECT_ID}}"><a href="/console/gouvernance/projets/{{PROJECT_ID}}">{{REFERENCE}}</a> — {{TITLE}}</h3>
<p>Statut : <span class="gov-status gov-status-{{STATUS}}">{{STATUS_LABEL}}</span></p>
{{#DECISION}}<p class="gov-decision-line">Décision n° {{ID}} : <strong>{{OUTCOME}}</strong>{{#SIGNED}}, signée{{/SIGNED}}{{#PENDING_COSIGNATURE}}, <strong class="due-soon">en attente de cosignature</strong> — <a href="/console/gouvernance/a-cosigner">à cosigner par un autre secrétaire</a>{{/PENDING_COSIGNATURE}}{{#UNSIGNED}}, <strong class="due-soon">pas encore signée</strong> — <a href="/console/gouvernance/seances/{{MEETING_ID}}/decisions/{{DECISION_ID}}/signature">relire et signer</a> ou <a href="/console/gouvernance/seances/{{MEETING_ID}}/decisions/{{DECISION_ID}}/abandon" class="discard-link">abandonner ce brouillon</a>{{/UNSIGNED}}. {{REASONS}}</p>{{/DECISION}}
{{#CONFLICTED}}<p class="hint">Conflit d'intérêts déclaré : {{NAMES}} (ne vote pas).</p>{{/CONFLICTED}}
<details class="gov-form">
<summary>Déclarer un conflit d'intérêts en séance<span class="visually-hidden"> ({{REFERENCE}})</span></summary>
<form method="post" action="/console/gouvernance/seances/{{MEETING_ID}}/conflits" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="project_id" value="{{PROJECT_ID}}">
  <div class="field"><label for="k-member-{{PROJECT_ID}}">Membre concerné</label><select id="k-member-{{PROJECT_ID}}" name="member_id">{{#ATTENDEE}}<option value="{{ID}}">{{NAME}}</option>{{/ATTENDEE}}</select></div>
  <div class="field"><label for="k-desc-{{PROJECT_ID}}">Nature du lien d'intérêts</label><input id="k-desc-{{PROJECT_ID}}" name="description" maxlength="2000" required></div>
  <p class="hint">Le membre se retire de l'examen de ce projet et ne vote pas ; la récusation figure au procès-verbal.</p>
  <button type="submit" class="button">Déclarer le conflit</button>
</form></details>
<details class="gov-form"{{#OPEN}} open{{/OPEN}}>
<summary>Enregistrer une décision sur ce projet</summary>
<form method="post" action="/console/gouvernance/seances/{{MEETING_ID}}/decisions" class="gov-decision-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="project_id" value="{{PROJECT_ID}}">
  <div class="field"><label for="d-outcome-{{PROJECT_ID}}">Avis</label><select id="d-outcome-{{PROJECT_ID}}" name="outcome">
    <option value="favourable">Avis favorable</option><option value="favourable_with_conditions">Avis favorable sous réserve</option>
    <option value="unfavourable">Avis défavorable</option><option value="deferred">Ajourné</option></select></div>
  <div class="field"><label for="d-reasons-{{PROJECT_ID}}">Motivation</label><textarea id="d-reasons-{{PROJECT_ID}}" name="reasons" maxlength="20000" rows="3" required></textarea></div>
  <div class="field"><label for="d-conditions-{{PROJECT_ID}}">Conditions (avis sous réserve)</label><textarea id="d-conditions-{{PROJECT_ID}}" name="conditions" maxlength="20000" rows="2"></textarea></div>
  {{#AMENDABLE}}<div class="field"><label for="d-amends-{{PROJECT_ID}}">Modifie la décision</label><select id="d-amends-{{PROJECT_ID}}" name="amends_decision_id"><option value="">— aucune —</option>{{#PREVIOUS}}<option value="{{ID}}">n° {{ID}} ({{OUTCOME}})</option>{{/PREVIOUS}}</select></div>{{/AMENDABLE}}
  <fieldset class="field"><legend>Votes des membres présents</legend>
  {{#VOTER}}<div class="gov-vote"><label for="v-{{PROJECT_ID}}-{{ID}}">{{NAME}}</label><select id="v-{{PROJECT_ID}}-{{ID}}" name="vote_{{ID}}"><option value="">ne vote pas</option><option value="for">Pour</option><option value="against">Contre</option><option value="abstain">Abstention</option></select></div>{{/VOTER}}
  </fieldset>
  <p class="hint">La décision est d'abord enregistrée sans signature ; la page suivante montre ce qui sera publié et demande de confirmer la signature.</p>
  <button type="submit" class="button">Enregistrer et relire avant signature</button>
</form>
</details>
</section>
{{/ITEM}}
{{#TOPIC}}
<section class="card gov-item" aria-labelledby="topic-{{TOPIC_ID}}" id="topic-item-{{TOPIC_ID}}">
<h3 id="topic-{{TOPIC_ID}}">{{CATEGORY}} — {{TITLE}}</h3>
{{#DECISION}}<p class="gov-decision-line">Décision n° {{ID}} : <strong>{{OUTCOME}}</strong>{{#NOT_PUBLIC}} (non publiée){{/NOT_PUBLIC}}{{#SIGNED}}, signée{{/SIGNED}}{{#PENDING_COSIGNATURE}}, <strong class="due-soon">en attente de cosignature</strong> — <a href="/console/gouvernance/a-cosigner">à cosigner par un autre secrétaire</a>{{/PENDING_COSIGNATURE}}{{#UNSIGNED}}, <strong class="due-soon">pas encore signée</strong> — <a href="/console/gouvernance/seances/{{MEETING_ID}}/decisions/{{DECISION_ID}}/signature">relire et signer</a> ou <a href="/console/gouvernance/seances/{{MEETING_ID}}/decisions/{{DECISION_ID}}/abandon" class="discard-link">abandonner ce brouillon</a>{{/UNSIGNED}}. {{REASONS}}</p>{{/DECISION}}
<details class="gov-form"{{#OPEN}} open{{/OPEN}}>
<summary>Enregistrer une décision sur ce sujet</summary>
<form method="post" action="/console/gouvernance/seances/{{MEETING_ID}}/decisions" class="gov-decision-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="topic_id" value="{{TOPIC_ID}}">
  <div class="field"><label for="t-outcome-{{TOPIC_ID}}">Décision</label><select id="t-outcome-{{TOPIC_ID}}" name="outcome">
    <option value="favourable">Adoptée</option><option value="favourable_with_conditions">Adoptée sous réserve</option>
    <option value="unfavourable">Rejetée</option><option value="deferred">Ajournée</option></select></div>
  <div class="field"><label for="t-reasons-{{TOPIC_ID}}">Texte adopté et motivation</label><textarea id="t-reasons-{{TOPIC_ID}}" name="reasons" maxlength="20000" rows="4" required></textarea></div>
  <div class="field"><label for="t-conditions-{{TOPIC_ID}}">Réserves (décision adoptée sous réserve)</label><textarea id="t-conditions-{{TOPIC_ID}}" name="conditions" maxlength="20000" rows="2"></textarea></div>
  {{#AMENDABLE}}<div class="field"><label for="t-amends-{{TOPIC_ID}}">Modifie la décision</label><select id="t-amends-{{TOPIC_ID}}" name="amends_decision_id"><option value="">— aucune —</option>{{#PREVIOUS}}<option value="{{ID}}">n° {{ID}} ({{TITLE}})</option>{{/PREVIOUS}}</select></div>{{/AMENDABLE}}
  <div class="choice"><input type="checkbox" id="t-public-{{TOPIC_ID}}" name="public" value="oui" checked><label for="t-public-{{TOPIC_ID}}">Publier cette décision sur le portail de transparence une fois cosignée</label></div>
  <fieldset class="field"><legend>Votes des membres présents</legend>
  {{#VOTER}}<div class="gov-vote"><label for="tv-{{TOPIC_ID}}-{{ID}}">{{NAME}}</label><select id="tv-{{TOPIC_ID}}-{{ID}}" name="vote_{{ID}}"><option value="">ne vote pas</option><option value="for">Pour</option><option value="against">Contre</option><option value="abstain">Abstention</option></select></div>{{/VOTER}}
  </fieldset>
  <p class="hint">La décision est d'abord enregistrée sans signature ; la page suivante la montre et demande de confirmer la signature.</p>
  <button type="submit" class="button">Enregistrer et relire avant signature</button>
</form>
</details>
</section>
{{/TOPIC}}
