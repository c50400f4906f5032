{{%AUTOESCAPE context="HTML"}}<h1>Votre opposition est retirée</h1>
<div class="alert alert-ok" role="status" id="withdrawn-ok">L'opposition <strong class="mono">{{REFERENCE}}</strong> a été retirée le {{WITHDRAWN_AT}}.</div>
<p>{{#SCOPE_ALL}}Vos données pourront de nouveau être intégrées à l'entrepôt CONTACT à partir des prochains envois.{{/SCOPE_ALL}}{{#SCOPE_PROJECT}}Vos données pourront de nouveau être utilisées pour le projet {{PROJECT_REF}}.{{/SCOPE_PROJECT}} Vous pouvez vous opposer de nouveau à tout moment avec le <a href="/opposition">formulaire d'opposition</a>.</p>
<p>Votre référence et votre code restent valables pour <a href="/opposition/statut">consulter l'état</a> de cette demande.</p>
