{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance/seances/{{MEETING_ID}}">← Retour à la séance, sans signer</a></p>
<h1>Signer la décision n° {{DECISION_ID}}</h1>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
<p>Séance du {{MEETING_DATE}}, {{COMMITTEE}}. {{#PROJECT}}Projet <span class="gov-ref">{{REFERENCE}}</span> — {{TITLE}}.{{/PROJECT}}{{#TOPIC}}{{CATEGORY}} — {{TITLE}}.{{/TOPIC}}</p>
{{>RECAP}}
{{#ALREADY_SIGNED}}<div class="alert alert-ok" role="status" id="already-signed">Cette décision est déjà signée. Elle prend effet une fois cosignée par un autre secrétaire (<a href="/console/gouvernance/a-cosigner">actes à cosigner</a>).</div>{{/ALREADY_SIGNED}}
{{#SIGN_FORM}}
<section aria-labelledby="publication-titre">
<h2 id="publication-titre">Ce qui sera publié sur le portail de transparence</h2>
{{#NOT_PUBLISHED}}<p id="publish-nothing">Rien ne sera publié : un projet n'apparaît sur le portail qu'après un avis favorable (avec ou sans réserve).</p>{{/NOT_PUBLISHED}}
{{#TOPIC_PRIVATE}}<p id="publish-nothing">Rien ne sera publié : cette décision a été enregistrée comme non publique.</p>{{/TOPIC_PRIVATE}}
{{#TOPIC_PUBLIC}}<p id="publish-topic">Dès la cosignature par un autre secrétaire, la décision sera publiée sur le portail de transparence, rubrique « Décisions des comités hors projet », avec le texte ci-dessous.</p>
<article class="publish-preview" id="publish-preview" aria-label="Aperçu du portail">
  <h3>{{CATEGORY}} — {{TITLE}}</h3>
  <p class="gov-meta">{{COMMITTEE}}, séance du {{DAY}} : {{OUTCOME}}</p>
  <p class="pre">{{REASONS:pre_escape}}</p>
  {{#CONDITIONS}}<p>Réserves : {{TEXT}}</p>{{/CONDITIONS}}
</article>{{/TOPIC_PUBLIC}}
{{#PUBLISHED}}
{{#FIRST_PUBLICATION}}<p id="publish-first">Dès la cosignature par un autre secrétaire, le projet sera publié sur le portail de transparence, visible de tous, avec le texte ci-dessous. Le délai avant toute autorisation d'accès court à partir de cette publication.</p>{{/FIRST_PUBLICATION}}
{{#OPINION_CHANGES}}<p id="publish-change">Le projet est déjà publié. Dès la cosignature par un autre secrétaire, l'avis affiché sur le portail deviendra celui-ci.</p>{{/OPINION_CHANGES}}
<article class="publish-preview" id="publish-preview" aria-label="Aperçu du portail">
  <h3>{{TITLE}}</h3>
  <p class="gov-meta"><span class="gov-ref">{{REFERENCE}}</span></p>
  <p class="pre">{{SUMMARY:pre_escape}}</p>
  <dl class="gov-facts">
    <dt>Finalité</dt><dd>{{PURPOSE_LABEL}}</dd>
    <dt>Organisme</dt><dd>{{ORGANISATION}}</dd>
    <dt>Responsable scientifique</dt><dd>{{INVESTIGATOR}}</dd>
    <dt>Données utilisées</dt><dd>{{DOMAINS}}</dd>
    <dt>Destinataires</dt><dd>{{RECIPIENTS}}</dd>
    <dt>Durée prévue</dt><dd>{{DURATION}} mois</dd>
    <dt>Formalité</dt><dd>{{FORMALITY}} {{FORMALITY_REF}}</dd>
    {{#HDH}}<dt>Répertoire public du Health Data Hub</dt><dd>projet n° {{NUMBER}}</dd>{{/HDH}}
    <dt>Avis du comité</dt><dd id="publish-opinion">{{OPINION}}{{#CONDITIONS}}. Conditions : {{TEXT}}{{/CONDITIONS}}</dd>
  </dl>
</article>
{{/PUBLISHED}}
</section>
<section aria-labelledby="signature-titre">
<h2 id="signature-titre">Signature</h2>
<p><strong>La signature est définitive.</strong> Une décision signée ne peut plus être modifiée ni supprimée : une erreur se corrige par une nouvelle décision, prise en séance, qui la modifie. La signature est inscrite au journal d'audit à votre nom. La décision ne prend effet (statut du projet, publication, autorisations, entrée en vigueur d'une charte ou d'une règle) qu'une fois <strong>cosignée par un autre secrétaire</strong> : vous ne pouvez pas cosigner votre propre décision.</p>
<form method="post" action="/console/gouvernance/seances/{{MEETING_ID}}/decisions/{{DECISION_ID}}/signature" class="form-card" id="sign-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="choice"><input type="checkbox" id="sign-confirm" name="confirm" value="oui"><label for="sign-confirm">J'ai relu la décision et ce qui sera publié ; je la signe au nom du comité.</label></div>
  <button type="submit" class="button">Signer la décision</button>
</form>
</section>
{{/SIGN_FORM}}
