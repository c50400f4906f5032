{{%AUTOESCAPE context="HTML"}}<h1>Vérifier une preuve d'enregistrement</h1>
<p class="lead">Chaque opposition, chaque décision et chaque accès aux données est inscrit dans un registre public que personne ne peut modifier sans que cela se voie. La preuve que vous téléchargez montre que votre demande y est inscrite. Vous n'avez pas à nous croire sur parole : n'importe qui peut la vérifier.</p>

<section aria-labelledby="quoi">
<h2 id="quoi">Qu'est-ce qu'une preuve ?</h2>
<p>C'est un petit fichier texte (extension <code>.tlog-proof</code>) qui contient :</p>
<ul>
  <li>l'inscription elle-même : la référence de votre demande, sa date, son type ; jamais votre nom ni votre identité ;</li>
  <li>un « chemin » de quelques empreintes qui relie cette inscription à l'état du registre tout entier ;</li>
  <li>cet état du registre (le « point de contrôle »), signé par la clé de {{CONTROLLER_NAME}} ;</li>
  <li>les cosignatures des témoins indépendants, quand ils l'ont déjà vérifié.</li>
</ul>
<p>Si une seule inscription du registre était modifiée ou effacée, la preuve ne se vérifierait plus.</p>
</section>

<section aria-labelledby="temoins">
<h2 id="temoins">Les témoins</h2>
<p>La signature de {{CONTROLLER_NAME}} ne suffit pas : celui qui détient la clé pourrait montrer un registre aux uns et un autre aux autres. Des témoins indépendants gardent en mémoire le dernier état du registre qu'ils ont vu, et ne cosignent un nouvel état que s'il prolonge le précédent sans rien en retirer. Une preuve cosignée par les témoins montre que tout le monde voit le même registre.</p>
{{#HAS_WITNESSES}}<p id="proof-quorum">Une preuve est considérée comme cosignée quand au moins {{QUORUM}} témoin(s) sur {{COUNT}} l'ont cosignée.</p>
<ul id="proof-witnesses">
{{#WITNESS}}<li data-witness-key="{{KEY}}" data-witness-label="{{LABEL}}"><strong>{{LABEL}}</strong><br>nom : <code>{{NAME}}</code><br>clé de vérification : <code class="key">{{KEY}}</code></li>
{{/WITNESS}}</ul>{{/HAS_WITNESSES}}
{{#NO_WITNESSES}}<p id="proof-no-witness">Aucun témoin n'est encore configuré : les preuves sont signées par la seule clé du registre.</p>{{/NO_WITNESSES}}
</section>

<section aria-labelledby="cle">
<h2 id="cle">La clé du registre</h2>
<p>Le registre s'appelle <code>{{ORIGIN}}</code>. Sa clé de vérification publique est :</p>
<p><code class="key" id="proof-log-key">{{LOG_KEY}}</code></p>
<p>Elle est aussi publiée à l'adresse <a href="/api/v1/audit/public-key?format=text">/api/v1/audit/public-key</a>.</p>
</section>

<section aria-labelledby="navigateur" id="proof-check" hidden data-origin="{{ORIGIN}}" data-log-key="{{LOG_KEY}}" data-controller="{{CONTROLLER_NAME}}" data-quorum="{{QUORUM}}">
<h2 id="navigateur">Vérifier votre preuve dans ce navigateur</h2>
<p>Choisissez le fichier <code>.tlog-proof</code> que vous avez téléchargé. Il est vérifié sur votre appareil, avec les clés publiées sur cette page : il n'est envoyé nulle part.</p>
<div class="form-card">
<div class="field">
<label for="proof-file">Votre fichier de preuve</label>
<input type="file" id="proof-file" accept=".tlog-proof,text/plain" aria-describedby="proof-file-hint">
<p class="hint" id="proof-file-hint">Le résultat s'affiche ci-dessous dès que le fichier est choisi.</p>
</div>
</div>
<div id="proof-result" class="proof-result" role="status" aria-live="polite"></div>
</section>

<section aria-labelledby="comment">
<h2 id="comment">Comment vérifier</h2>
<ol>
  <li>Téléchargez votre preuve depuis la page <a href="/opposition/statut">Suivre votre opposition</a>, avec votre référence et votre code secret.</li>
  <li>Demandez à une personne de confiance qui sait utiliser un terminal (ou à une association de patients) de lancer la commande libre <code>garant</code> :</li>
</ol>
<pre id="proof-command" tabindex="0" aria-label="Commande de vérification">garant audit verify-proof MA-PREUVE.tlog-proof --key {{LOG_KEY}}{{#WITNESS_FLAG}} \
  --witness {{KEY}}{{/WITNESS_FLAG}}{{#HAS_WITNESSES}} \
  --quorum {{QUORUM}}{{/HAS_WITNESSES}}</pre>
<p>La commande dit en français et en anglais ce que la preuve établit : « VALIDE, COSIGNÉE » quand tout est vérifié, « PAS ENCORE COSIGNÉE » quand les témoins n'ont pas encore vu ce point de contrôle (téléchargez une nouvelle preuve un peu plus tard), « INVALIDE » sinon.</p>
<details class="technical"><summary>Pour les spécialistes</summary><p>Formats publics : C2SP tlog-proof (la preuve), tlog-checkpoint et signed-note (le point de contrôle, Ed25519), tlog-cosignature (<code>cosignature/v1</code>) et tlog-witness (le protocole des témoins). Le registre est un arbre de Merkle RFC 6962 servi sous <a href="/tlog/checkpoint">/tlog/</a> ; toute implémentation indépendante de ces formats peut vérifier la preuve.</p></details>
</section>
<script type="module" src="/static/preuve.mjs"></script>
