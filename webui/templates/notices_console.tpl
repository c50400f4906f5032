{{%AUTOESCAPE context="HTML"}}<h1>Notices d'information</h1>
<p><a href="/information">Voir la page publique</a> · <a href="/information/historique">Historique public des versions</a></p>
{{#PUBLISHED}}<div class="alert alert-ok" role="status" id="published"><p>La version <span class="mono">{{VERSION}}</span> est publiée : elle est désormais affichée sur le site et enregistrée avec chaque nouvelle opposition. Cette publication est inscrite au journal d'audit.</p></div>{{/PUBLISHED}}
{{#FORM_ERROR}}<div class="alert alert-error" role="alert" id="form-refused"><p>{{MESSAGE}}</p></div>{{/FORM_ERROR}}
{{#ERRORS}}<div class="alert alert-error" role="alert" id="form-errors">
<h2>Le formulaire contient des erreurs</h2>
<ul>{{#ERROR}}<li data-field="{{FIELD}}"><a href="#{{FIELD}}">{{LABEL}}</a> : {{MESSAGE}}</li>{{/ERROR}}</ul>
</div>{{/ERRORS}}
<table id="current-notices">
<caption>Versions en vigueur, par public</caption>
<thead><tr><th scope="col">Public</th><th scope="col">Version</th><th scope="col">Publiée le</th><th scope="col">Titre</th></tr></thead>
<tbody>
{{#CURRENT}}<tr data-audience="{{AUDIENCE}}"><td>{{AUDIENCE_LABEL}}</td><td class="mono">{{VERSION}}</td><td>{{DATE}}</td><td>{{TITLE}}</td></tr>
{{/CURRENT}}
</tbody>
</table>
<h2 id="publish">Publier une nouvelle version</h2>
<p>Une version publiée ne peut plus être modifiée ni retirée : elle reste dans l'historique public. Pour corriger une erreur, publiez une nouvelle version. Le texte est affiché tel quel ; séparez les paragraphes par une ligne vide.</p>
<form method="post" action="/console/notices" class="form-card form-wide" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field{{#AUDIENCE_ERROR}} field-error{{/AUDIENCE_ERROR}}">
    <label for="audience">Public</label>
    {{#AUDIENCE_ERROR}}<p class="error-message" id="audience-error">{{MESSAGE}}</p>{{/AUDIENCE_ERROR}}
    <select id="audience" name="audience"{{#AUDIENCE_ERROR}} aria-describedby="audience-error"{{/AUDIENCE_ERROR}}>
      <option value="adult"{{#AUD_adult}} selected{{/AUD_adult}}>Adultes</option>
      <option value="minor"{{#AUD_minor}} selected{{/AUD_minor}}>Mineurs</option>
      <option value="professional"{{#AUD_professional}} selected{{/AUD_professional}}>Professionnels de santé</option>
    </select>
  </div>
  <div class="field{{#TITLE_ERROR}} field-error{{/TITLE_ERROR}}">
    <label for="title">Titre</label>
    {{#TITLE_ERROR}}<p class="error-message" id="title-error">{{MESSAGE}}</p>{{/TITLE_ERROR}}
    <input id="title" name="title" type="text" maxlength="200" value="{{TITLE}}"{{#TITLE_ERROR}} aria-describedby="title-error"{{/TITLE_ERROR}}>
  </div>
  <div class="field{{#BODY_ERROR}} field-error{{/BODY_ERROR}}">
    <label for="body">Texte de la notice</label>
    <p class="hint" id="body-hint">Au plus 20 000 caractères.</p>
    {{#BODY_ERROR}}<p class="error-message" id="body-error">{{MESSAGE}}</p>{{/BODY_ERROR}}
    <textarea id="body" name="body" rows="16" aria-describedby="body-hint{{#BODY_ERROR}} body-error{{/BODY_ERROR}}">{{BODY:pre_escape}}</textarea>
  </div>
  <button type="submit" class="button" id="publish-button">Publier cette version</button>
</form>
