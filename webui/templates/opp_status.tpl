{{%AUTOESCAPE context="HTML"}}<h1>Suivi de votre opposition</h1>
{{#EFFECTIVE_NOW}}<p class="lead" id="status-summary">Votre opposition{{#SCOPE_PROJECT}} au projet {{PROJECT_REF}}{{/SCOPE_PROJECT}} est en vigueur depuis le {{EFFECTIVE_WORDS}}.{{#APPLIED_SUMMARY}} L'entrepôt a confirmé l'appliquer le {{APPLIED_AT}}.{{/APPLIED_SUMMARY}}{{#PENDING_SUMMARY}} L'entrepôt n'a pas encore confirmé l'appliquer : il le fait lors de sa prochaine mise à jour.{{/PENDING_SUMMARY}}</p>{{/EFFECTIVE_NOW}}
{{#WITHDRAWN}}<p class="lead" id="status-summary">Votre opposition a été retirée le {{WITHDRAWN_WORDS}}.</p>{{/WITHDRAWN}}
<dl class="receipt-data">
  <dt>Référence</dt><dd><strong class="mono" id="status-reference">{{REFERENCE}}</strong></dd>
  <dt>État</dt><dd><strong id="status-label" class="status status-{{STATUS}}">{{STATUS_LABEL}}</strong></dd>
  <dt>Reçue le</dt><dd>{{RECEIVED_WORDS}}</dd>
  <dt>En vigueur depuis le</dt><dd>{{EFFECTIVE_WORDS}}</dd>
  {{#WITHDRAWN}}<dt>Retirée le</dt><dd id="status-withdrawn">{{WITHDRAWN_WORDS}}</dd>{{/WITHDRAWN}}
  <dt>Porte sur</dt><dd id="status-scope">{{SCOPE_LABEL}}</dd>
  <dt>Réponse au plus tard le</dt><dd>{{DEADLINE_WORDS}}</dd>
</dl>
{{#EFFECTIVE_NOW}}<section aria-labelledby="effets">
<h2 id="effets">Ce que fait votre opposition</h2>
{{#SCOPE_PROFESSIONAL}}<p id="status-effect">Votre identifiant (numéro RPPS) est retiré des données de l'entrepôt CONTACT ; les dossiers des patients sont conservés.</p>{{/SCOPE_PROFESSIONAL}}{{#SCOPE_ALL}}<p id="status-effect">Vos données ne sont plus intégrées à l'entrepôt CONTACT, et celles qui s'y trouvaient sont supprimées.</p>{{/SCOPE_ALL}}
{{#SCOPE_PROJECT}}<p id="status-effect">Vos données ne sont pas utilisées pour le projet {{PROJECT_REF}}. Elles restent dans l'entrepôt pour ses autres usages.</p>{{/SCOPE_PROJECT}}
<p>Vous pouvez <a href="/opposition/retrait">retirer votre opposition</a> à tout moment.</p>
<details class="technical">
<summary>Détails techniques</summary>
<ul>
  <li>Votre identité a été transformée en {{TOKEN_COUNT}} code(s) (des « pseudonymes »), seuls transmis à l'entrepôt.</li>
  {{#LIST_VERSION}}<li id="status-list">Ces codes figurent dans la liste d'exclusion n° {{VERSION}}, publiée le {{ISSUED}}.</li>{{/LIST_VERSION}}
  {{#LIST_PENDING}}<li id="status-list">Ces codes seront dans la prochaine version de la liste d'exclusion, publiée dans quelques secondes.</li>{{/LIST_PENDING}}
</ul>
{{#CONSUMERS}}<h3>Services d'intégration de l'entrepôt</h3>
<ul id="status-consumers">
{{#CONSUMER}}<li>Service « {{NAME}} » : {{#APPLIED}}liste appliquée et suppression des données déjà présentes confirmée (version {{ACKED}}, le {{ACKED_AT}}){{/APPLIED}}{{#NOT_APPLIED}}pas encore appliquée{{/NOT_APPLIED}}</li>
{{/CONSUMER}}</ul>{{/CONSUMERS}}
</details>
</section>{{/EFFECTIVE_NOW}}
{{#WITHDRAWN}}<p>Vos données peuvent de nouveau être utilisées à partir des prochains envois. Vous pouvez vous opposer de nouveau à tout moment avec le <a href="/opposition">formulaire d'opposition</a>.</p>{{/WITHDRAWN}}
{{#PROOF}}<section aria-labelledby="preuve">
<h2 id="preuve">Preuve d'enregistrement</h2>
<p>Votre opposition est inscrite dans un registre que personne ne peut modifier sans que cela se voie. Vous pouvez télécharger la preuve de cette inscription : un petit fichier que toute personne peut vérifier, sans nous faire confiance. Il ne contient pas votre identité.</p>
<form method="post" action="/opposition/preuve">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="reference" value="{{REFERENCE}}">
  <input type="hidden" name="code" value="{{CODE}}">
  <button type="submit" class="button">Télécharger la preuve</button>
</form>
<details class="technical"><summary>Pour les spécialistes</summary><p>Le fichier <code>.tlog-proof</code> suit le format public C2SP tlog-proof : il contient l'entrée, sa preuve d'inclusion et le point de contrôle signé du registre. Il se vérifie avec la clé publique du registre.</p></details>
<p><a href="/preuve" id="status-proof-help">Comment vérifier une preuve, et qui sont les témoins</a></p>
</section>{{/PROOF}}
