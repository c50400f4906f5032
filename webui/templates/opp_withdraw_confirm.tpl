{{%AUTOESCAPE context="HTML"}}<h1>Confirmer le retrait de votre opposition</h1>
<div class="alert alert-error" role="alert" id="confirm-warning">
<p>Vous êtes sur le point de retirer l'opposition <strong class="mono">{{REFERENCE}}</strong>, enregistrée le {{RECEIVED_WORDS}}, qui porte sur {{SCOPE_LABEL}}.</p>
{{#SCOPE_PROFESSIONAL}}<p>Après le retrait, votre identifiant (numéro RPPS) pourra de nouveau figurer dans les données de l'entrepôt CONTACT.</p>{{/SCOPE_PROFESSIONAL}}{{#SCOPE_ALL}}<p>Après le retrait, vos données pourront de nouveau être intégrées à l'entrepôt CONTACT. Les données supprimées pendant votre opposition ne sont pas restaurées.</p>{{/SCOPE_ALL}}{{#SCOPE_PROJECT}}<p>Après le retrait, vos données pourront de nouveau être utilisées pour le projet {{PROJECT_REF}}.</p>{{/SCOPE_PROJECT}}
</div>
<form method="post" action="/opposition/retrait" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="reference" value="{{REFERENCE}}">
  <input type="hidden" name="code" value="{{CODE}}">
  <input type="hidden" name="confirm" value="oui">
  <button type="submit" class="button">Confirmer le retrait</button>
</form>
<p><a href="/opposition/statut">Annuler et garder mon opposition</a></p>
