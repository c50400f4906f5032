{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>{{NAME}}</h1>
<p>Règle de quorum : {{QUORUM}}.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<h2>Membres</h2>
<table>
<thead><tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Voix délibérative</th><th scope="col">Mandat</th></tr></thead>
<tbody>
{{#MEMBER}}<tr><td>{{NAME}}</td><td>{{ROLE}}</td><td>{{VOTING}}</td><td>du {{START}}{{#END}} au {{DATE}}{{/END}}</td></tr>
{{/MEMBER}}
</tbody>
</table>
<h2>Ajouter un membre</h2>
<form method="post" action="/console/gouvernance/comites/{{ID}}/membres" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="m-name">Nom et prénom</label><input id="m-name" name="full_name" required maxlength="200"></div>
  <div class="field"><label for="m-role">Rôle</label><select id="m-role" name="role">
    <option value="member">Membre</option><option value="chair">Président·e</option><option value="secretary">Secrétaire</option>
    <option value="patient_representative">Représentant·e des patients</option><option value="external_expert">Expert·e extérieur·e</option></select></div>
  <div class="field"><label for="m-voting">Voix délibérative</label><select id="m-voting" name="voting"><option value="oui">Oui</option><option value="non">Non</option></select></div>
  <div class="field"><label for="m-start">Début du mandat</label><input id="m-start" name="term_start" type="date" required></div>
  <div class="field"><label for="m-end">Fin du mandat (facultatif)</label><input id="m-end" name="term_end" type="date"></div>
  <button type="submit" class="button">Ajouter le membre</button>
</form>
