{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>Déposer un projet</h1>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="post" action="/console/gouvernance/projets" class="form-card gov-wide">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="p-ref">Référence</label><input id="p-ref" name="reference" required maxlength="32" placeholder="CONTACT-2026-010"></div>
  <div class="field"><label for="p-title">Titre</label><input id="p-title" name="title" required maxlength="300"></div>
  <div class="field"><label for="p-summary">Résumé public</label><textarea id="p-summary" name="public_summary" required maxlength="5000" rows="4"></textarea><p class="hint">Publié tel quel sur le portail de transparence.</p></div>
  <div class="field"><label for="p-purpose">Finalité</label><select id="p-purpose" name="purpose">{{#PURPOSE}}<option value="{{CODE}}">{{LABEL}}</option>{{/PURPOSE}}</select></div>
  <div class="field"><label for="p-legal">Base légale</label><input id="p-legal" name="legal_basis" required maxlength="300" value="Mission d'intérêt public (RGPD art. 6.1.e et 9.2.j)"></div>
  <div class="field"><label for="p-formality">Formalité</label><select id="p-formality" name="formality"><option value="mr-004">MR-004</option><option value="mr-003">MR-003</option><option value="mr-001">MR-001</option><option value="cnil_authorisation">Autorisation de la CNIL</option><option value="other">Autre</option></select></div>
  <div class="field"><label for="p-fref">Numéro de la formalité</label><input id="p-fref" name="formality_reference" maxlength="200"></div>
  <div class="field"><label for="p-hdh">Numéro au répertoire public du Health Data Hub <span class="opt">(facultatif)</span></label><input id="p-hdh" name="hdh_directory_number" maxlength="64"><p class="hint">Obligatoire pour une étude MR-004 avant son début ; il peut être ajouté plus tard depuis la page du projet. Publié sur le portail de transparence.</p></div>
  <div class="field"><label for="p-cohort">Effectif prévu (nombre de personnes) <span class="opt">(facultatif)</span></label><input id="p-cohort" name="cohort_size" inputmode="numeric" maxlength="15"><p class="hint">Le nombre de personnes pour lequel le projet est soumis au comité, par exemple 250 000. Le rapport d'audit du projet le compare aux personnes effectivement concernées par les accès.</p></div>
  <div class="field"><label for="p-inv">Responsable scientifique</label><input id="p-inv" name="investigator" required maxlength="200"></div>
  <div class="field"><label for="p-org">Organisme</label><input id="p-org" name="organisation" required maxlength="200"></div>
  <fieldset class="field"><legend>Domaines de données demandés</legend>
    {{#DOMAIN}}<label class="gov-check"><input type="checkbox" name="domain_{{CODE}}" value="on"> {{LABEL}}</label>{{/DOMAIN}}
  </fieldset>
  <div class="field"><label for="p-desc">Période, associations et variables</label><textarea id="p-desc" name="data_description" maxlength="2000" rows="2"></textarea></div>
  <div class="field"><label for="p-rec">Destinataires des données</label><input id="p-rec" name="recipients" maxlength="1000"></div>
  <div class="field"><label for="p-dur">Durée prévue (mois)</label><input id="p-dur" name="duration_months" type="number" min="1" max="240" value="12" required></div>
  <div class="field"><label for="p-committee">Comité qui rend l'avis</label><select id="p-committee" name="committee_id">{{#COMMITTEE}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COMMITTEE}}</select></div>
  <div class="field"><label class="gov-check"><input type="checkbox" name="no_forbidden_use" value="on" required> Le demandeur atteste que les données ne serviront ni à promouvoir des produits de santé, ni à exclure des personnes de garanties d'assurance ou à modifier leurs cotisations.</label></div>
  <button type="submit" class="button">Déposer le projet</button>
</form>
