{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>{{NAME}}</h1>
<p id="quorum-rule"><strong>Quorum.</strong> {{QUORUM}}.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<h2>Membres</h2>
<table>
<thead><tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Voix délibérative</th><th scope="col">Mandat</th></tr></thead>
<tbody>
{{#MEMBER}}<tr id="member-{{MEMBER_ID}}"><td>{{NAME}}</td><td>{{ROLE}}</td><td>{{VOTING}}</td><td>du {{START}}{{#END}} au {{DATE}} inclus{{/END}}
<details class="gov-form"><summary>Corriger la fin du mandat<span class="visually-hidden"> de {{NAME}}</span></summary>
<form method="post" action="/console/gouvernance/comites/{{ID}}/membres/{{MEMBER_ID}}/fin-de-mandat" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="e-end-{{MEMBER_ID}}">Dernier jour du mandat (inclus)</label><input id="e-end-{{MEMBER_ID}}" name="term_end" type="date" value="{{END_VALUE}}"><p class="hint">Laissez vide pour un mandat sans fin.</p></div>
  <div class="field"><label for="e-note-{{MEMBER_ID}}">Motif de la correction</label><input id="e-note-{{MEMBER_ID}}" name="note" maxlength="2000" required></div>
  <button type="submit" class="button">Corriger</button>
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
