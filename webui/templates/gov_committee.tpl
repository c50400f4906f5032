{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>{{NAME}}</h1>
<p id="quorum-rule"><strong>Quorum.</strong> {{QUORUM}}.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<h2>Membres</h2>
<table>
<thead><tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Voix délibérative</th><th scope="col">Mandat</th></tr></thead>
<tbody>
{{#MEMBER}}<tr id="member-{{MEMBER_ID}}"><td>{{NAME}}</td><td>{{ROLE}}</td><td>{{VOTING}}</td><td>du {{START}}{{#END}} au {{DATE}} inclus{{/END}}{{#END_REASON}} ({{TEXT}}){{/END_REASON}}{{#REPLACES}}<br>Remplace {{NAME}}.{{/REPLACES}}{{#REPLACED_BY}}<br>Remplacé·e par {{NAME}}.{{/REPLACED_BY}}{{#OUT_OF_OFFICE}}<br><span class="hint">Mandat terminé : ne compte plus dans le quorum des séances suivantes.</span>{{/OUT_OF_OFFICE}}
<details class="gov-form"><summary>Corriger la fin du mandat<span class="visually-hidden"> de {{NAME}}</span></summary>
<form method="post" action="/console/gouvernance/comites/{{ID}}/membres/{{MEMBER_ID}}/fin-de-mandat" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="e-end-{{MEMBER_ID}}">Dernier jour du mandat (inclus)</label><input id="e-end-{{MEMBER_ID}}" name="term_end" type="date" value="{{END_VALUE}}"><p class="hint">Laissez vide pour un mandat sans fin.</p></div>
  <div class="field"><label for="e-why-{{MEMBER_ID}}">Raison de la fin</label><select id="e-why-{{MEMBER_ID}}" name="end_reason"><option value="">Fin prévue du mandat (ou correction de date)</option><option value="term_expired">Terme échu</option><option value="resigned">Démission</option><option value="other">Autre raison</option></select></div>
  <div class="field"><label for="e-note-{{MEMBER_ID}}">Motif de la correction</label><input id="e-note-{{MEMBER_ID}}" name="note" maxlength="2000" required></div>
  <button type="submit" class="button">Corriger</button>
</form></details>
{{#CAN_REPLACE}}<details class="gov-form"><summary>Remplacer ce membre<span class="visually-hidden"> ({{NAME}})</span></summary>
<form method="post" action="/console/gouvernance/comites/{{ID}}/membres/{{MEMBER_ID}}/remplacement" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="hint">Le mandat de {{NAME}} prend fin la veille du premier jour du remplaçant. Rien n'est effacé : ses présences et ses votes restent dans les séances passées.</p>
  <div class="field"><label for="r-name-{{MEMBER_ID}}">Identité de la personne qui remplace</label><input id="r-name-{{MEMBER_ID}}" name="full_name" required maxlength="200"></div>
  <div class="field"><label for="r-role-{{MEMBER_ID}}">Fonction au comité</label><select id="r-role-{{MEMBER_ID}}" name="role">
    <option value="member">Membre</option><option value="chair">Présidence</option><option value="secretary">Secrétariat</option>
    <option value="patient_representative">Représentation des patients</option><option value="external_expert">Expertise extérieure</option></select></div>
  <div class="field"><label for="r-voting-{{MEMBER_ID}}">Avec voix délibérative</label><select id="r-voting-{{MEMBER_ID}}" name="voting"><option value="oui">Oui</option><option value="non">Non</option></select></div>
  <div class="field"><label for="r-start-{{MEMBER_ID}}">Premier jour de son mandat</label><input id="r-start-{{MEMBER_ID}}" name="term_start" type="date" required></div>
  <div class="field"><label for="r-note-{{MEMBER_ID}}">Raison du remplacement</label><input id="r-note-{{MEMBER_ID}}" name="note" maxlength="2000"></div>
  <button type="submit" class="button">Enregistrer le remplacement</button>
</form></details>{{/CAN_REPLACE}}
{{#DECLARATION}}<p class="gov-declaration">Déclaration d'intérêts {{YEAR}}, signée le {{SIGNED}}{{#CURRENT}} (en vigueur){{/CURRENT}} : {{SUMMARY}}{{#ORGS}}<br><span class="hint">Organismes : {{TEXT}}</span>{{/ORGS}}</p>{{/DECLARATION}}
{{#NO_DECLARATION}}<p class="hint">Aucune déclaration d'intérêts enregistrée.</p>{{/NO_DECLARATION}}
<details class="gov-form"><summary>Enregistrer une déclaration d'intérêts<span class="visually-hidden"> de {{NAME}}</span></summary>
<form method="post" action="/console/gouvernance/comites/{{ID}}/membres/{{MEMBER_ID}}/declarations" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="i-year-{{MEMBER_ID}}">Année de la déclaration</label><input id="i-year-{{MEMBER_ID}}" name="year" type="number" min="2000" max="2100" value="{{THIS_YEAR}}" required></div>
  <div class="field"><label for="i-signed-{{MEMBER_ID}}">Date de signature</label><input id="i-signed-{{MEMBER_ID}}" name="signed_on" type="date" required></div>
  <div class="field"><label for="i-summary-{{MEMBER_ID}}">Résumé public de la déclaration</label><textarea id="i-summary-{{MEMBER_ID}}" name="public_summary" maxlength="2000" rows="2" required></textarea><p class="hint">Publié sur le portail, page des comités.</p></div>
  <div class="field"><label for="i-orgs-{{MEMBER_ID}}">Organismes liés (un par ligne, facultatif)</label><textarea id="i-orgs-{{MEMBER_ID}}" name="organisations" rows="2"></textarea><p class="hint">Un projet porté par l'un de ces organismes reçoit un conflit d'intérêts pour ce membre, qui ne vote pas.</p></div>
  <button type="submit" class="button">Enregistrer la déclaration</button>
</form></details>
{{#HISTORY}}<details class="history"><summary>Historique des corrections</summary><ul>{{#CORRECTION}}<li>Le {{DATE}}, par {{BY}} : fin du mandat <del>{{OLD}}</del> → {{NEW}}.{{#NOTE}} Motif : {{TEXT}}{{/NOTE}}</li>{{/CORRECTION}}</ul></details>{{/HISTORY}}</td></tr>
{{/MEMBER}}
</tbody>
</table>
<h2>Ajouter un membre</h2>
<form method="post" action="/console/gouvernance/comites/{{ID}}/membres" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="m-name">Nom et prénom</label><input id="m-name" name="full_name" required maxlength="200"></div>
  <div class="field"><label for="m-role">Rôle</label><select id="m-role" name="role">
    <option value="member">Membre</option><option value="chair">Présidence</option><option value="secretary">Secrétariat</option>
    <option value="patient_representative">Représentation des patients</option><option value="external_expert">Expertise extérieure</option></select></div>
  <div class="field"><label for="m-voting">Voix délibérative</label><select id="m-voting" name="voting"><option value="oui">Oui</option><option value="non">Non</option></select></div>
  <div class="field"><label for="m-start">Début du mandat</label><input id="m-start" name="term_start" type="date" required></div>
  <div class="field"><label for="m-end">Dernier jour du mandat (inclus, facultatif)</label><input id="m-end" name="term_end" type="date"></div>
  <button type="submit" class="button">Ajouter le membre</button>
</form>
