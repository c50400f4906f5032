{{%AUTOESCAPE context="HTML"}}<h1>Opposition <span class="mono">{{REFERENCE}}</span></h1>
<p><a href="/console/oppositions">Retour à la liste</a></p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="detail-error">{{MESSAGE}}</div>{{/ERROR}}
{{#ANSWER_OK}}<div class="alert alert-ok" role="status" id="detail-ok">La réponse est marquée comme envoyée.</div>{{/ANSWER_OK}}
<dl class="receipt-data">
  <dt>État</dt><dd id="detail-status">{{STATUS_LABEL}}</dd>
  <dt>Reçue le</dt><dd>{{RECEIVED}}</dd>
  <dt>En vigueur depuis le</dt><dd>{{EFFECTIVE}}</dd>
  {{#WITHDRAWN}}<dt>Retirée le</dt><dd>{{WITHDRAWN_AT}}</dd>{{/WITHDRAWN}}
  <dt>Réponse au plus tard le</dt><dd>{{DEADLINE}}</dd>
  <dt>Réponse envoyée</dt><dd id="detail-answer">{{#ANSWERED}}le {{DATE}} (marquée par {{BY}}){{/ANSWERED}}{{#CAN_MARK_ANSWER}}pas encore{{/CAN_MARK_ANSWER}}</dd>
  <dt>Canal</dt><dd id="detail-channel">{{CHANNEL_LABEL}}{{#ENTERED_BY}} (saisie par {{NAME}}){{/ENTERED_BY}}</dd>
  <dt>Personne concernée</dt><dd id="detail-subject">{{SUBJECT_LABEL}}</dd>
  <dt>Demandeur</dt><dd>{{REQUESTER_LABEL}}</dd>
  <dt>Porte sur</dt><dd>{{SCOPE_LABEL}}</dd>
  <dt>Version de la notice</dt><dd>{{NOTICE_VERSION}}</dd>
  <dt>Entrée du journal d'audit</dt><dd>{{AUDIT_INDEX}}</dd>
  {{#RIGHTS_REQUEST}}<dt>Demande d'exercice des droits</dt><dd><a class="mono rights-request-link" href="/console/droits/{{REF}}">{{REF}}</a></dd>{{/RIGHTS_REQUEST}}
</dl>
{{#CAN_MARK_ANSWER}}<section aria-labelledby="reponse">
<h2 id="reponse">Réponse à la personne</h2>
<p>Une fois la réponse ou la confirmation envoyée à la personne (courrier, courriel), indiquez-le ici : l'opposition quitte la liste « à traiter ». La mention est inscrite au journal d'audit à votre nom et ne peut plus être modifiée.</p>
<form method="post" action="/console/oppositions/{{REFERENCE}}/reponse" class="form-card" id="answer-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="sent-on">Réponse envoyée le</label><p class="hint" id="sent-on-hint">JJ/MM/AAAA</p><input id="sent-on" name="sent_on" type="text" inputmode="numeric" value="{{TODAY}}" aria-describedby="sent-on-hint"></div>
  <button type="submit" class="button">Marquer la réponse comme envoyée</button>
</form>
</section>{{/CAN_MARK_ANSWER}}
<section aria-labelledby="diffusion">
<h2 id="diffusion">Listes d'exclusion</h2>
{{#LIST_VERSION}}<p id="detail-list">Première version de la liste qui la porte : n° {{VERSION}}, publiée le {{ISSUED}}.</p>{{/LIST_VERSION}}
{{#LIST_PENDING}}<p id="detail-list">Pas encore publiée dans une version de la liste d'exclusion.</p>{{/LIST_PENDING}}
{{#CONSUMERS}}<table id="detail-consumers"><thead><tr><th scope="col">Service d'intégration</th><th scope="col">État</th></tr></thead><tbody>
{{#CONSUMER}}<tr><td>{{NAME}}</td><td>{{#APPLIED}}appliquée (version {{ACKED}} confirmée le {{ACKED_AT}}){{/APPLIED}}{{#NOT_APPLIED}}pas encore appliquée{{/NOT_APPLIED}}</td></tr>
{{/CONSUMER}}</tbody></table>{{/CONSUMERS}}
</section>
<section aria-labelledby="identite">
<h2 id="identite">Identité de la personne</h2>
{{#IDENTITY_BUTTON}}<p>L'identité est conservée chiffrée. L'afficher la déchiffre pour cette page seulement ; chaque consultation est inscrite au journal d'audit à votre nom.</p>
<form method="post" action="/console/oppositions/{{REFERENCE}}/identite" id="identity-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <button type="submit" class="button" id="show-identity">Afficher l'identité (consultation enregistrée)</button>
</form>{{/IDENTITY_BUTTON}}
{{#IDENTITY}}<p class="hint">Déchiffrée pour cette page ; la consultation est inscrite au journal d'audit.</p>
<dl class="receipt-data" id="detail-identity">
{{#PATIENT_TRAITS}}  <dt>Nom de naissance</dt><dd>{{BIRTH_NAME}}</dd>
  <dt>Nom d'usage</dt><dd>{{USED_NAME}}</dd>
  <dt>Prénoms</dt><dd>{{GIVEN_NAMES}}</dd>
  <dt>Date de naissance</dt><dd>{{BIRTH_DATE}}</dd>
  <dt>Sexe</dt><dd>{{SEX}}</dd>
  <dt>INS</dt><dd>{{INS}}</dd>{{/PATIENT_TRAITS}}
{{#PROFESSIONAL_RPPS}}  <dt>Numéro RPPS</dt><dd class="mono" id="detail-rpps">{{RPPS}}</dd>{{/PROFESSIONAL_RPPS}}
  <dt>Adresse de contact</dt><dd id="detail-contact">{{#CONTACT}}{{#LINE}}{{TEXT}}{{#LINE_separator}}<br>{{/LINE_separator}}{{/LINE}}{{/CONTACT}}{{#NO_CONTACT}}—{{/NO_CONTACT}}</dd>
</dl>
<details><summary>Jetons pseudonymes ({{KEY_ID}})</summary>
<ul class="mono small">{{#TOKEN}}<li>{{VALUE}}</li>{{/TOKEN}}</ul>
</details>{{/IDENTITY}}
{{#NO_IDENTITY}}<p>L'identité n'est visible que par le délégué à la protection des données.</p>{{/NO_IDENTITY}}
</section>
{{#CAN_PRINT_LETTER}}<section aria-labelledby="lettre">
<h2 id="lettre">Lettre de confirmation</h2>
<p>Pour une opposition reçue par courrier, par téléphone ou en personne : une lettre à imprimer, adressée à la personne, qui confirme l'opposition et ce qu'elle change. Les coordonnées sont lues dans les données chiffrées pour cette page seulement (consultation inscrite au journal d'audit) et ne sont enregistrées nulle part en clair.</p>
<form method="post" action="/console/oppositions/{{REFERENCE}}/lettre" id="letter-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <button type="submit" class="button" id="prepare-letter">Préparer la lettre (consultation enregistrée)</button>
</form>
</section>{{/CAN_PRINT_LETTER}}
{{#CAN_WITHDRAW}}<section aria-labelledby="retrait">
<h2 id="retrait">Retirer l'opposition à la demande de la personne</h2>
<p>À utiliser lorsque la personne demande le retrait par courrier ou par téléphone sans son code secret, après avoir vérifié son identité. Le retrait est inscrit au journal d'audit à votre nom.</p>
<form method="post" action="/console/oppositions/{{REFERENCE}}/retrait" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="choice"><input type="checkbox" id="confirm" name="confirm" value="oui"><label for="confirm">La personne a demandé le retrait et son identité a été vérifiée.</label></div>
  <button type="submit" class="button">Retirer l'opposition</button>
</form>
</section>{{/CAN_WITHDRAW}}
