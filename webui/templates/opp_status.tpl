{{%AUTOESCAPE context="HTML"}}<h1>Suivi de votre opposition</h1>
<dl class="receipt-data">
  <dt>Référence</dt><dd><strong class="mono" id="status-reference">{{REFERENCE}}</strong></dd>
  <dt>État</dt><dd><strong id="status-label" class="status status-{{STATUS}}">{{STATUS_LABEL}}</strong></dd>
  <dt>Reçue le</dt><dd>{{RECEIVED}}</dd>
  <dt>Effective depuis le</dt><dd>{{EFFECTIVE}}</dd>
  {{#WITHDRAWN}}<dt>Retirée le</dt><dd id="status-withdrawn">{{WITHDRAWN_AT}}</dd>{{/WITHDRAWN}}
  <dt>Porte sur</dt><dd>{{SCOPE_LABEL}}</dd>
  <dt>Réponse au plus tard le</dt><dd>{{DEADLINE}}</dd>
</dl>
{{#EFFECTIVE_NOW}}<section aria-labelledby="effets">
<h2 id="effets">Ce qui a été fait</h2>
<ul>
  <li>Votre opposition a été transformée en {{TOKEN_COUNT}} code(s) pseudonyme(s), ajoutés à la liste d'exclusion de l'entrepôt CONTACT : vos données ne sont plus intégrées.</li>
  {{#LIST_VERSION}}<li id="status-list">Elle figure dans la liste d'exclusion n° {{VERSION}}, publiée le {{ISSUED}}.</li>{{/LIST_VERSION}}
  {{#LIST_PENDING}}<li id="status-list">Elle sera intégrée à la prochaine version de la liste d'exclusion, publiée dans quelques secondes.</li>{{/LIST_PENDING}}
</ul>
{{#CONSUMERS}}<h3>Services d'intégration de l'entrepôt</h3>
<ul id="status-consumers">
{{#CONSUMER}}<li>Service « {{NAME}} » : {{#APPLIED}}liste appliquée et suppression des données déjà présentes confirmée (version {{ACKED}}, le {{ACKED_AT}}){{/APPLIED}}{{#NOT_APPLIED}}pas encore appliquée{{/NOT_APPLIED}}</li>
{{/CONSUMER}}</ul>{{/CONSUMERS}}
<p>Vous pouvez <a href="/opposition/retrait">retirer votre opposition</a> à tout moment.</p>
</section>{{/EFFECTIVE_NOW}}
{{#WITHDRAWN}}<p>Votre opposition a été retirée : vos données peuvent de nouveau être intégrées à l'entrepôt à partir des prochains envois. Vous pouvez vous opposer de nouveau à tout moment avec le <a href="/opposition">formulaire d'opposition</a>.</p>{{/WITHDRAWN}}
{{#PROOF}}<section aria-labelledby="preuve">
<h2 id="preuve">Preuve d'enregistrement</h2>
<p>Votre opposition est inscrite dans le journal d'audit infalsifiable de garant. Vous pouvez télécharger la preuve de cette inscription (fichier <code>.tlog-proof</code>, au format public C2SP) : toute personne peut la vérifier avec la clé publique du journal, sans nous faire confiance. Elle ne contient pas votre identité.</p>
<form method="post" action="/opposition/preuve">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="reference" value="{{REFERENCE}}">
  <input type="hidden" name="code" value="{{CODE}}">
  <button type="submit" class="button">Télécharger la preuve</button>
</form>
</section>{{/PROOF}}
