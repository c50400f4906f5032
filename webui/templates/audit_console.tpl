{{%AUTOESCAPE context="HTML"}}<h1>Journal d'audit</h1>
<nav aria-label="Console de l'auditeur"><p><a class="button" href="/audit/alertes" id="nav-alertes">Alertes d'accès à examiner</a></p></nav>
<p>Chaque action enregistrée par garant (oppositions, décisions, accès aux données, connexions du personnel) est une entrée d'un journal en ajout seul, chaîné par empreintes et organisé en arbre de Merkle. Des points de contrôle signés engagent le journal&nbsp;: toute modification, suppression ou réécriture ultérieure est détectable.</p>
{{>OVERVIEW}}
<section aria-labelledby="checkpoint-title">
<h2 id="checkpoint-title">Dernier point de contrôle signé</h2>
{{#NO_CHECKPOINT}}<p class="callout">Aucun point de contrôle n'a encore été signé. Le premier est publié dans la seconde qui suit la première entrée.</p>{{/NO_CHECKPOINT}}
{{#CHECKPOINT}}<dl id="checkpoint">
<dt>Origine</dt><dd class="mono">{{ORIGIN}}</dd>
<dt>Nombre d'entrées couvertes</dt><dd id="checkpoint-size">{{SIZE}}</dd>
<dt>Racine de l'arbre (base64)</dt><dd class="mono" id="checkpoint-root">{{ROOT}}</dd>
<dt>Signé le</dt><dd>{{SIGNED_AT}}</dd>
<dt>Vérification de la signature</dt><dd id="checkpoint-verification">{{#VERIFIED}}<strong class="verified">Signature valide</strong> (clé <span class="mono">{{KEY}}</span>){{/VERIFIED}}{{#NOT_VERIFIED}}<strong class="overdue">Signature invalide&nbsp;: {{PROBLEM}}</strong>{{/NOT_VERIFIED}}</dd>
</dl>
<p>Entrées enregistrées dans la base&nbsp;: {{TREE_SIZE}} (celles au-delà du point de contrôle seront couvertes par le prochain).</p>
<p>Pour une vérification indépendante et complète, hors ligne&nbsp;: <code>garant audit verify {{PUBLIC_URL}} --key &lt;clé publique&gt;</code>. La clé publique est publiée à l'adresse <a href="/api/v1/audit/public-key?format=text">/api/v1/audit/public-key</a>&nbsp;; le point de contrôle à l'adresse <a href="/tlog/checkpoint">/tlog/checkpoint</a>.</p>{{/CHECKPOINT}}
</section>
<section aria-labelledby="search-title">
<h2 id="search-title">Rechercher dans le journal</h2>
<form method="get" action="/audit" class="search-form">
  <div class="field"><label for="q-type">Type d'événement</label><input id="q-type" name="type" type="text" placeholder="par exemple access.query" value="{{Q_TYPE}}"></div>
  <div class="field"><label for="q-actor">Auteur</label><input id="q-actor" name="actor" type="text" placeholder="staff:12, service:…, public" value="{{Q_ACTOR}}"></div>
  <div class="field"><label for="q-object">Objet</label><input id="q-object" name="object" type="text" value="{{Q_OBJECT}}"></div>
  <div class="field"><label for="q-from">À partir du</label><input id="q-from" name="from" type="date" value="{{Q_FROM}}"></div>
  <div class="field"><label for="q-to">jusqu'au (inclus)</label><input id="q-to" name="to" type="date" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Rechercher</button>
</form>
{{#ERROR}}<div class="alert alert-error" role="alert">{{MESSAGE}}</div>{{/ERROR}}
<div class="table-scroll" tabindex="0" role="region" aria-label="Entrées du journal">
<table id="entries">
<caption>{{COUNT}} entrée(s) affichée(s), les plus récentes d'abord. Heures de Paris.</caption>
<thead><tr><th scope="col">N°</th><th scope="col">Date</th><th scope="col">Type</th><th scope="col">Auteur</th><th scope="col">Objet</th><th scope="col">Contenu</th><th scope="col">Signée</th></tr></thead>
<tbody>
{{#ROW}}<tr><td class="mono">{{INDEX}}</td><td>{{TIME}}</td><td class="mono">{{TYPE}}</td><td>{{ACTOR}}{{#ACTOR_CODE}}<br><small class="mono">{{CODE}}</small>{{/ACTOR_CODE}}</td><td class="mono">{{OBJECT}}</td><td>{{#CONTENT}}<code>{{PAYLOAD}}</code>{{/CONTENT}}{{#PRUNED}}<strong class="pruned">{{NOTICE}}.</strong> <small>Seule l'empreinte de l'entrée est conservée&nbsp;: elle reste prouvable dans l'arbre. Date, type, auteur et objet viennent de l'index de recherche.</small>{{/PRUNED}}<br><small>identifiant {{ID}}</small></td><td>{{#SIGNED}}oui{{/SIGNED}}{{#UNSIGNED}}pas encore{{/UNSIGNED}}{{#UNDECODABLE}}<strong class="overdue">entrée illisible&nbsp;: {{PROBLEM}}</strong>{{/UNDECODABLE}}</td></tr>
{{/ROW}}
</tbody>
</table></div>
{{#NEXT}}<p><a class="button" href="{{HREF}}">Entrées plus anciennes</a></p>{{/NEXT}}
</section>
