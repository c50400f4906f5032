{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>Séance du {{DATE}}</h1>
<p>{{COMMITTEE}}. <span id="quorum">{{QUORUM}}</span></p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<h2>Présents</h2>
<ul>{{#PRESENT}}<li>{{NAME}} ({{ROLE}})</li>{{/PRESENT}}</ul>
{{#MINUTES}}<h2>Procès-verbal</h2><p>{{TEXT}}</p>{{/MINUTES}}
<h2>Ordre du jour et décisions</h2>
{{#ITEM}}
<section class="card gov-item" aria-labelledby="item-{{PROJECT_ID}}">
<h3 id="item-{{PROJECT_ID}}"><a href="/console/gouvernance/projets/{{PROJECT_ID}}">{{REFERENCE}}</a> — {{TITLE}}</h3>
<p>Statut : <span class="gov-status gov-status-{{STATUS}}">{{STATUS_LABEL}}</span></p>
{{#DECISION}}<p class="gov-decision-line">Décision n° {{ID}} : <strong>{{OUTCOME}}</strong>{{#SIGNED}}, signée{{/SIGNED}}. {{REASONS}}</p>{{/DECISION}}
{{#CONFLICTED}}<p class="hint">Conflit d'intérêts déclaré : {{NAMES}} (ne vote pas).</p>{{/CONFLICTED}}
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
  <button type="submit" class="button">Enregistrer et signer la décision</button>
</form>
</details>
</section>
{{/ITEM}}
