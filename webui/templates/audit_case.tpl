{{%AUTOESCAPE context="HTML"}}<p class="crumbs"><a href="/audit">Journal d'audit</a> › <a href="/audit/alertes">Alertes d'accès</a> › Dossier</p>
<h1>Dossier du {{DAY}} — compte <span class="mono">{{ACCOUNT}}</span></h1>
{{#ERROR}}<div class="alert alert-error" role="alert" id="case-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="case-ok">{{MESSAGE}}</div>{{/OK}}
{{#LATE}}<div class="alert alert-error" id="case-late">Un constat a été ajouté à ce dossier après sa clôture (accès signalé en retard) : relisez-le et rouvrez-le si besoin.</div>{{/LATE}}
<dl class="gov-facts" id="case-summary">
<dt>Statut</dt><dd><span class="case-status case-status-{{STATUS}}" id="case-status">{{STATUS_LABEL}}</span></dd>
<dt>Gravité la plus haute</dt><dd><span class="severity severity-{{SEVERITY}}">{{SEVERITY_LABEL}}</span></dd>
<dt>Constats</dt><dd>{{FINDING_COUNT}}</dd>
<dt>Suivi par</dt><dd id="case-assignee">{{ASSIGNEE}}</dd>
<dt>Identifiant</dt><dd class="mono">{{ID}}</dd>
</dl>

<section aria-labelledby="actions-title" class="callout case-actions">
<h2 id="actions-title">Agir sur le dossier</h2>
<p class="small">Chaque action est inscrite au journal d'audit à votre nom. N'écrivez pas l'identité d'un patient dans une note.</p>
{{#TAKE}}<form method="post" action="{{ACTION_BASE}}/prendre">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="expected" value="{{EXPECTED}}">
  <button type="submit" class="button" id="take">Prendre en charge</button>
</form>{{/TAKE}}
{{#DECIDE}}<form method="post" action="{{ACTION_BASE}}/statut" class="form-wide">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="from" value="under_review">
  <div class="field"><label for="decision-note">Conclusion (obligatoire)</label><textarea id="decision-note" name="note" rows="4" required>{{NOTE_TEXT:pre_escape}}</textarea></div>
  <button type="submit" class="button" name="to" value="justified" id="mark-justified">Accès justifié</button>
  <button type="submit" class="button button-danger" name="to" value="incident" id="mark-incident">Déclarer un incident</button>
</form>{{/DECIDE}}
{{#REOPEN}}<form method="post" action="{{ACTION_BASE}}/statut" class="form-wide">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="from" value="{{STATUS}}">
  <input type="hidden" name="to" value="under_review">
  <div class="field"><label for="reopen-note">Motif de la réouverture (obligatoire)</label><textarea id="reopen-note" name="note" rows="3" required>{{NOTE_TEXT:pre_escape}}</textarea></div>
  <button type="submit" class="button" id="reopen">Rouvrir le dossier</button>
</form>{{/REOPEN}}
<form method="post" action="{{ACTION_BASE}}/note" class="form-wide">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="note">Ajouter une note</label><textarea id="note" name="note" rows="3" required></textarea></div>
  <button type="submit" class="button" id="add-note">Ajouter la note</button>
</form>
</section>

<section aria-labelledby="events-title">
<h2 id="events-title">Accès en cause</h2>
<table id="case-events">
<caption>Accès signalés par l'entrepôt ce jour-là pour ce compte et ayant donné lieu à un constat. Heures de Paris.</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Projet</th><th scope="col">Résultat</th><th scope="col">Patients</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>
{{#EVENT}}<tr><td>{{TIME}}</td><td>{{ACTION}}</td><td class="mono">{{PROJECT}}</td><td>{{OUTCOME}}</td><td>{{PATIENTS}}</td><td class="mono">n° {{INDEX}}</td></tr>
{{/EVENT}}
</tbody>
</table>
</section>

<section aria-labelledby="findings-title">
<h2 id="findings-title">Constats</h2>
{{#FINDING}}<article class="finding" id="finding-{{N}}" aria-labelledby="finding-{{N}}-title">
<h3 id="finding-{{N}}-title">{{RULE_LABEL}} <span class="severity severity-{{SEVERITY}}">gravité {{SEVERITY_LABEL}}</span></h3>
<p>{{EXPLANATION}}</p>
<table class="facts">
<caption>Faits relevés (accès du {{TIME}}, entrée n° {{EVENT_INDEX}} ; constat inscrit en entrée n° {{INDEX}}, règle <span class="mono">{{RULE}}</span>)</caption>
<thead><tr><th scope="col">Élément</th><th scope="col">Valeur</th></tr></thead>
<tbody>
{{#FACT}}<tr><th scope="row">{{KEY}}</th><td>{{VALUE}}</td></tr>
{{/FACT}}{{#NO_FACTS}}<tr><td colspan="2">Aucun fait complémentaire.</td></tr>{{/NO_FACTS}}
</tbody>
</table>
</article>
{{/FINDING}}
</section>

<section aria-labelledby="notes-title">
<h2 id="notes-title">Notes</h2>
{{#NO_NOTES}}<p>Aucune note pour l'instant.</p>{{/NO_NOTES}}
<ul class="notes" id="case-notes">
{{#NOTE_ITEM}}<li><p class="note">{{#LINE}}{{TEXT}}{{#LINE_separator}}<br>{{/LINE_separator}}{{/LINE}}</p><p class="small">{{ACTOR}}, le {{TIME}}</p></li>
{{/NOTE_ITEM}}
</ul>
</section>

<section aria-labelledby="history-title">
<h2 id="history-title">Historique</h2>
{{#NO_HISTORY}}<p id="no-history">Personne n'a encore examiné ce dossier.</p>{{/NO_HISTORY}}
{{#HAS_HISTORY}}<table id="case-history">
<caption>Chaque ligne est une entrée du journal d'audit. Heures de Paris.</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Par</th><th scope="col">Action</th><th scope="col">Note</th><th scope="col">Entrée du journal</th></tr></thead>
<tbody>
{{#HISTORY}}<tr><td>{{TIME}}</td><td>{{ACTOR}}</td><td>{{WHAT}}</td><td>{{#NOTE}}<span class="note">{{#LINE}}{{TEXT}}{{#LINE_separator}}<br>{{/LINE_separator}}{{/LINE}}</span>{{/NOTE}}</td><td class="mono">n° {{INDEX}}</td></tr>
{{/HISTORY}}
</tbody>
</table>{{/HAS_HISTORY}}
</section>
