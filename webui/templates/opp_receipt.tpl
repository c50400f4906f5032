{{%AUTOESCAPE context="HTML"}}<h1>Votre opposition est enregistrée</h1>
<div class="alert alert-ok" role="status" id="receipt-ok">{{#PUBLIC}}Votre opposition a été enregistrée le {{RECEIVED_WORDS}}. Elle s'applique dès maintenant.{{/PUBLIC}}{{#STAFF}}L'opposition a été enregistrée. Transmettez la référence et le code secret à la personne : le code ne sera plus affiché.{{/STAFF}}</div>
<section class="receipt" aria-labelledby="recu">
<h2 id="recu">Récépissé</h2>
<dl class="receipt-data">
  <dt>Référence</dt><dd><strong class="mono" id="receipt-reference">{{REFERENCE}}</strong></dd>
  <dt>Code secret</dt><dd><strong class="mono" id="receipt-code">{{CODE}}</strong></dd>
  <dt>Reçue le</dt><dd id="receipt-received">{{RECEIVED_WORDS}}</dd>
  <dt>En vigueur depuis le</dt><dd>{{EFFECTIVE_WORDS}}</dd>
  <dt>Porte sur</dt><dd id="receipt-scope">{{SCOPE_LABEL}}</dd>
  <dt>Demandée par</dt><dd>{{REQUESTER_LABEL}}</dd>
  <dt>Réponse au plus tard le</dt><dd id="receipt-deadline">{{DEADLINE_WORDS}}</dd>
</dl>
<p class="important"><strong>Conservez ce récépissé.</strong> La référence et le code secret vous permettent de suivre votre opposition et de la retirer. Le code secret n'est affiché qu'une seule fois : nous ne pouvons pas le retrouver. Imprimez cette page, recopiez-les ou faites une capture d'écran.</p>
</section>
<section aria-labelledby="suite">
<h2 id="suite">Et maintenant ?</h2>
<ol id="receipt-next">
  {{#SCOPE_ALL}}<li>Dès maintenant, votre opposition est ajoutée à la liste que l'entrepôt CONTACT consulte avant d'enregistrer toute donnée : aucune nouvelle donnée vous concernant n'y est intégrée.</li>
  <li>Les données vous concernant déjà présentes dans l'entrepôt sont supprimées ; l'entrepôt nous confirme chaque suppression.</li>{{/SCOPE_ALL}}
  {{#SCOPE_PROFESSIONAL}}<li>Dès maintenant, le code de votre numéro RPPS est ajouté à la liste que l'entrepôt CONTACT consulte avant d'enregistrer toute donnée : votre identifiant est retiré des dossiers qui vous citent, et ces dossiers sont marqués.</li>
  <li>Les dossiers des patients ne sont pas supprimés : votre opposition porte sur votre identifiant, pas sur les soins que vous avez donnés.</li>{{/SCOPE_PROFESSIONAL}}
  {{#SCOPE_PROJECT}}<li>Dès maintenant, vos données ne sont plus utilisées pour le projet {{PROJECT_REF}} : elles sont écartées des données transmises à ce projet.</li>
  <li>Vos données restent dans l'entrepôt CONTACT pour ses autres usages. Pour refuser toute utilisation, remplissez le <a href="/opposition">formulaire d'opposition</a> en choisissant toute l'utilisation de vos données.</li>{{/SCOPE_PROJECT}}
  <li>Le délégué à la protection des données vous confirme la prise en compte de votre demande au plus tard le {{DEADLINE_WORDS}} (un mois), à l'adresse indiquée si vous en avez donné une.</li>
</ol>
<p>Vous pouvez à tout moment <a href="/opposition/statut">suivre votre opposition</a> ou <a href="/opposition/retrait">la retirer</a> avec votre référence et votre code secret. Depuis la page de suivi, vous pouvez aussi télécharger la preuve de son inscription dans notre registre public : <a href="/preuve" id="receipt-proof-help">ce qu'elle prouve et comment la vérifier</a>.</p>
<p class="no-print">Pour imprimer ce récépissé, utilisez la fonction d'impression de votre navigateur (Ctrl+P ou Cmd+P).</p>
</section>
{{#STAFF}}<p class="no-print"><a href="/console/oppositions">Retour à la liste des oppositions</a></p>{{/STAFF}}
