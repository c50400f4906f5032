{{%AUTOESCAPE context="HTML"}}<h1>Comités et décisions</h1>
<p>Secrétariat des comités : comités et membres, projets, séances avec présences et quorum, conflits d'intérêts, décisions et votes, autorisations d'accès. Chaque action est inscrite au journal d'audit.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<p class="gov-actions"><a class="button" href="/console/gouvernance/projets/nouveau">Déposer un projet</a> <a class="button" href="/console/gouvernance/seances/nouvelle">Enregistrer une séance</a> <a class="button" href="/console/gouvernance/a-cosigner" id="pending-link">Actes à cosigner ({{PENDING}})</a> <a href="/projets">Voir le portail public</a></p>
<section aria-labelledby="comites">
<h2 id="comites">Comités</h2>
<table>
<thead><tr><th scope="col">Comité</th><th scope="col">Code</th><th scope="col">Membres</th><th scope="col">Quorum</th></tr></thead>
<tbody>
{{#COMMITTEE}}<tr><td><a href="/console/gouvernance/comites/{{ID}}">{{NAME}}</a></td><td><code>{{CODE}}</code></td><td>{{MEMBERS}}</td><td>{{QUORUM}}</td></tr>
{{/COMMITTEE}}
</tbody>
</table>
<details class="gov-form">
<summary>Créer un comité</summary>
<form method="post" action="/console/gouvernance/comites" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="c-name">Nom</label><input id="c-name" name="name" required maxlength="200"></div>
  <div class="field"><label for="c-code">Code</label><input id="c-code" name="code" required maxlength="32" pattern="[a-z][a-z0-9_-]{1,31}"><p class="hint">Minuscules, chiffres, tiret : par exemple <code>cse</code>.</p></div>
  <fieldset class="field"><legend>Quorum : qui doit être présent pour que le comité puisse décider</legend>
  <div class="field"><label for="c-quorum">Membres ayant voix délibérative présents</label><select id="c-quorum" name="quorum">{{#QUORUM_CHOICE}}<option value="{{CODE}}">{{LABEL}}</option>{{/QUORUM_CHOICE}}</select></div>
  <div class="field"><label for="c-pat">Dont représentants des patients, au moins</label><select id="c-pat" name="min_patient_representatives"><option value="0">aucun</option><option value="1" selected>1 représentant des patients</option><option value="2">2 représentants des patients</option><option value="3">3 représentants des patients</option></select><p class="hint">Les représentants des patients comptent, qu'ils aient voix délibérative ou non.</p></div>
  </fieldset>
  <button type="submit" class="button">Créer le comité</button>
</form>
</details>
</section>
<section aria-labelledby="projets">
<h2 id="projets">Projets</h2>
<table>
<thead><tr><th scope="col">Référence</th><th scope="col">Titre</th><th scope="col">Statut</th><th scope="col">Publié</th></tr></thead>
<tbody>
{{#PROJECT}}<tr><td><a href="/console/gouvernance/projets/{{ID}}">{{REFERENCE}}</a></td><td>{{TITLE}}</td><td><span class="gov-status gov-status-{{STATUS}}">{{STATUS_LABEL}}</span></td><td>{{PUBLISHED}}</td></tr>
{{/PROJECT}}
</tbody>
</table>
</section>
<section aria-labelledby="decisions-comite">
<h2 id="decisions-comite">Décisions hors projet (chartes, règles d'accès, priorités)</h2>
{{#NO_TOPIC_DECISION}}<p id="no-topic-decision">Aucune décision hors projet. Pour en prendre une, ajoutez le sujet à l'ordre du jour d'une séance.</p>{{/NO_TOPIC_DECISION}}
{{#HAS_TOPIC_DECISIONS}}<table id="topic-decisions">
<thead><tr><th scope="col">Décision</th><th scope="col">Sujet</th><th scope="col">Comité et séance</th><th scope="col">Décision</th><th scope="col">État</th></tr></thead>
<tbody>
{{#TOPIC_DECISION}}<tr><td>n° {{ID}}</td><td>{{CATEGORY}} — {{TITLE}}</td><td><a href="/console/gouvernance/seances/{{MEETING_ID}}">{{COMMITTEE}}, {{DATE}}</a></td><td>{{OUTCOME}}</td><td>{{STATE}}</td></tr>
{{/TOPIC_DECISION}}
</tbody>
</table>{{/HAS_TOPIC_DECISIONS}}
</section>
<section aria-labelledby="seances">
<h2 id="seances">Séances</h2>
<table>
<thead><tr><th scope="col">Date</th><th scope="col">Comité</th><th scope="col">Ordre du jour</th></tr></thead>
<tbody>
{{#MEETING}}<tr><td><a href="/console/gouvernance/seances/{{ID}}">{{DATE}}</a></td><td>{{COMMITTEE}}</td><td>{{AGENDA}}</td></tr>
{{/MEETING}}
</tbody>
</table>
</section>
