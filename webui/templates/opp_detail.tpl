{{%AUTOESCAPE context="HTML"}}<h1>Opposition <span class="mono">{{REFERENCE}}</span></h1>
<p><a href="/console/oppositions">Retour à la liste</a></p>
<dl class="receipt-data">
  <dt>État</dt><dd id="detail-status">{{STATUS_LABEL}}</dd>
  <dt>Reçue le</dt><dd>{{RECEIVED}}</dd>
  <dt>En vigueur depuis le</dt><dd>{{EFFECTIVE}}</dd>
  {{#WITHDRAWN}}<dt>Retirée le</dt><dd>{{WITHDRAWN_AT}}</dd>{{/WITHDRAWN}}
  <dt>Réponse au plus tard le</dt><dd>{{DEADLINE}}</dd>
  <dt>Canal</dt><dd>{{CHANNEL_LABEL}}{{#ENTERED_BY}} (saisie par le compte n° {{ID}}){{/ENTERED_BY}}</dd>
  <dt>Demandeur</dt><dd>{{REQUESTER_LABEL}}</dd>
  <dt>Porte sur</dt><dd>{{SCOPE_LABEL}}</dd>
  <dt>Version de la notice</dt><dd>{{NOTICE_VERSION}}</dd>
  <dt>Entrée du journal d'audit</dt><dd>{{AUDIT_INDEX}}</dd>
</dl>
<section aria-labelledby="diffusion">
<h2 id="diffusion">Listes d'exclusion</h2>
{{#LIST_VERSION}}<p id="detail-list">Première version de la liste qui la porte : n° {{VERSION}}, publiée le {{ISSUED}}.</p>{{/LIST_VERSION}}
{{#LIST_PENDING}}<p id="detail-list">Pas encore publiée dans une version de la liste d'exclusion.</p>{{/LIST_PENDING}}
{{#CONSUMERS}}<table id="detail-consumers"><thead><tr><th scope="col">Service d'intégration</th><th scope="col">État</th></tr></thead><tbody>
{{#CONSUMER}}<tr><td>{{NAME}}</td><td>{{#APPLIED}}appliquée (version {{ACKED}} confirmée le {{ACKED_AT}}){{/APPLIED}}{{#NOT_APPLIED}}pas encore appliquée{{/NOT_APPLIED}}</td></tr>
{{/CONSUMER}}</tbody></table>{{/CONSUMERS}}
</section>
{{#IDENTITY}}<section aria-labelledby="identite">
<h2 id="identite">Identité (déchiffrée, consultation journalisée)</h2>
<dl class="receipt-data" id="detail-identity">
  <dt>Nom de naissance</dt><dd>{{BIRTH_NAME}}</dd>
  <dt>Nom d'usage</dt><dd>{{USED_NAME}}</dd>
  <dt>Prénoms</dt><dd>{{GIVEN_NAMES}}</dd>
  <dt>Date de naissance</dt><dd>{{BIRTH_DATE}}</dd>
  <dt>Sexe</dt><dd>{{SEX}}</dd>
  <dt>INS</dt><dd>{{INS}}</dd>
  <dt>Adresse de contact</dt><dd class="pre">{{CONTACT}}</dd>
</dl>
<h3>Jetons ({{KEY_ID}})</h3>
<ul class="mono small">{{#TOKEN}}<li>{{VALUE}}</li>{{/TOKEN}}</ul>
</section>{{/IDENTITY}}
{{#NO_IDENTITY}}<p>L'identité n'est visible que par le délégué à la protection des données.</p>{{/NO_IDENTITY}}
{{#CAN_WITHDRAW}}<section aria-labelledby="retrait">
<h2 id="retrait">Retirer l'opposition à la demande de la personne</h2>
<p>À utiliser lorsque la personne demande le retrait par courrier ou par téléphone sans son code secret, après avoir vérifié son identité. Le retrait est inscrit au journal d'audit à votre nom.</p>
<form method="post" action="/console/oppositions/{{REFERENCE}}/retrait" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="choice"><input type="checkbox" id="confirm" name="confirm" value="oui"><label for="confirm">La personne a demandé le retrait et son identité a été vérifiée.</label></div>
  <button type="submit" class="button">Retirer l'opposition</button>
</form>
</section>{{/CAN_WITHDRAW}}
