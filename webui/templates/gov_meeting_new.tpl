{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>Enregistrer une séance</h1>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#CHOOSE}}
<form method="get" action="/console/gouvernance/seances/nouvelle" class="form-card">
  <div class="field"><label for="s-committee">Comité</label><select id="s-committee" name="comite">{{#COMMITTEE}}<option value="{{ID}}">{{NAME}}</option>{{/COMMITTEE}}</select></div>
  <button type="submit" class="button">Continuer</button>
</form>
{{/CHOOSE}}
{{#FORM}}
<p>Comité : <strong>{{COMMITTEE}}</strong>.</p>
<p><strong>Quorum.</strong> {{QUORUM}}.</p>
<form method="post" action="/console/gouvernance/seances" class="form-card gov-wide">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="committee_id" value="{{COMMITTEE_ID}}">
  <div class="field"><label for="s-date">Date et heure (heure de Paris)</label><input id="s-date" name="held_at" type="datetime-local" required></div>
  <fieldset class="field"><legend>Projets à l'ordre du jour</legend>
    {{#PROJECT}}<label class="gov-check"><input type="checkbox" name="agenda_{{ID}}" value="on"> {{REFERENCE}} — {{TITLE}} ({{STATUS_LABEL}})</label>{{/PROJECT}}
    {{#NO_PROJECT}}<p>Aucun projet à examiner pour ce comité.</p>{{/NO_PROJECT}}
  </fieldset>
  <fieldset class="field"><legend>Autres sujets à l'ordre du jour <span class="opt">(facultatif)</span></legend>
    <p class="hint">Une charte, les règles d'accès à l'entrepôt, des priorités : le comité en décide avec le même quorum, les mêmes votes et les mêmes signatures qu'un avis sur un projet. Laissez l'intitulé vide pour ne rien ajouter.</p>
    {{#TOPIC_ROW}}<div class="gov-topic-row"><div class="field"><label for="s-topic-cat-{{N}}">Nature du sujet {{N}}</label><select id="s-topic-cat-{{N}}" name="topic_category_{{N}}">{{#CATEGORY}}<option value="{{CODE}}">{{LABEL}}</option>{{/CATEGORY}}</select></div>
    <div class="field"><label for="s-topic-title-{{N}}">Intitulé du sujet {{N}}</label><input id="s-topic-title-{{N}}" name="topic_title_{{N}}" maxlength="300"></div></div>{{/TOPIC_ROW}}
  </fieldset>
  <fieldset class="field"><legend>Membres présents</legend>
    {{#MEMBER}}<label class="gov-check"><input type="checkbox" name="present_{{ID}}" value="on"> {{NAME}} ({{ROLE}}{{#NON_VOTING}}, sans voix délibérative{{/NON_VOTING}})</label>{{/MEMBER}}
  </fieldset>
  <div class="field"><label for="s-minutes">Procès-verbal</label><textarea id="s-minutes" name="minutes" maxlength="20000" rows="4"></textarea></div>
  <button type="submit" class="button">Enregistrer la séance</button>
</form>
{{/FORM}}
