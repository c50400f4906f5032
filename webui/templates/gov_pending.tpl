{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance">← Comités et décisions</a></p>
<h1>Actes à cosigner</h1>
<p>Règle des deux signatures : une décision signée par un secrétaire ne prend effet (statut du projet, publication sur le portail, autorisations) qu'une fois <strong>cosignée par un autre secrétaire</strong> ; une autorisation délivrée ne compte dans le contrôle d'accès qu'une fois <strong>confirmée par un autre secrétaire</strong>. Personne ne cosigne ni ne confirme son propre acte. Chaque seconde signature est inscrite au journal d'audit avec la première.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
<section aria-labelledby="decisions-attente">
<h2 id="decisions-attente">Décisions en attente de cosignature</h2>
{{#NO_DECISION}}<p id="no-pending-decision">Aucune décision n'attend de cosignature.</p>{{/NO_DECISION}}
{{#HAS_DECISIONS}}<table id="pending-decisions">
<thead><tr><th scope="col">Décision</th><th scope="col">Objet</th><th scope="col">Avis</th><th scope="col">Signée</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#DECISION}}<tr id="pending-decision-{{ID}}"><td>n° {{ID}}</td><td>{{#PROJECT}}<a href="/console/gouvernance/projets/{{PROJECT_ID}}">{{REFERENCE}}</a> — {{TITLE}}{{/PROJECT}}{{#TOPIC}}<a href="/console/gouvernance/seances/{{MEETING_ID}}">{{CATEGORY}} — {{TITLE}}</a>{{/TOPIC}}</td><td>{{OUTCOME}}</td><td>le {{DATE}} par {{BY}}</td>
<td>{{#OWN}}<span class="hint">Vous avez enregistré ou signé cette décision : un autre secrétaire doit la cosigner.</span>{{/OWN}}{{#CAN}}<form method="post" action="/console/gouvernance/decisions/{{ID}}/cosignature" class="gov-inline"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="button" aria-label="Cosigner la décision n° {{ID}}">Cosigner</button></form>{{/CAN}}</td></tr>
{{/DECISION}}
</tbody>
</table>{{/HAS_DECISIONS}}
</section>
<section aria-labelledby="autorisations-attente">
<h2 id="autorisations-attente">Autorisations en attente de confirmation</h2>
{{#NO_AUTH}}<p id="no-pending-authorisation">Aucune autorisation n'attend de confirmation.</p>{{/NO_AUTH}}
{{#HAS_AUTHS}}<table id="pending-authorisations">
<thead><tr><th scope="col">Autorisation</th><th scope="col">Projet</th><th scope="col">Comptes</th><th scope="col">Données</th><th scope="col">Validité</th><th scope="col">Délivrée</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#AUTH}}<tr id="pending-authorisation-{{ID}}"><td>n° {{ID}}</td><td><a href="/console/gouvernance/projets/{{PROJECT_ID}}">{{REFERENCE}}</a></td><td>{{ACCOUNTS}}</td><td>{{DOMAINS}}</td><td>du {{FROM}} au {{UNTIL}} inclus</td><td>le {{DATE}} par {{BY}}</td>
<td>{{#OWN}}<span class="hint">Vous avez délivré cette autorisation : un autre secrétaire doit la confirmer.</span>{{/OWN}}{{#CAN}}<form method="post" action="/console/gouvernance/autorisations/{{ID}}/confirmation" class="gov-inline"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="button" aria-label="Confirmer l'autorisation n° {{ID}}">Confirmer</button></form>{{/CAN}}</td></tr>
{{/AUTH}}
</tbody>
</table>{{/HAS_AUTHS}}
</section>
