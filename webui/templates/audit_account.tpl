{{%AUTOESCAPE context="HTML"}}<p class="no-print"><a href="/audit">← Journal d'audit</a></p>
<h1>Suivi du compte <span class="mono" id="account">{{ACCOUNT}}</span></h1>
<form method="get" action="/audit/compte/{{ACCOUNT}}" class="search-form" aria-label="Période">
  <div class="field"><label for="du">Du</label><input id="du" name="du" type="date" value="{{Q_FROM}}"></div>
  <div class="field"><label for="au">au (inclus)</label><input id="au" name="au" type="date" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Afficher</button>
</form>
<p>Période&nbsp;: <span id="period">{{PERIOD}}</span>. Heures de Paris.</p>
<ul class="figures">
<li><strong id="account-events">{{EVENTS}}</strong> accès</li>
<li><strong id="account-patients">{{PATIENTS}}</strong> personnes distinctes touchées (jetons nommés)</li>
<li><strong id="account-findings">{{FINDING_COUNT}}</strong> anomalies</li>
</ul>
<div class="charts">
{{>DAY_CHART}}
{{>ACTION_CHART}}
</div>
<h2>Projets</h2>
<table id="projects"><caption>Accès par projet</caption>
<thead><tr><th scope="col">Projet</th><th scope="col">Accès</th></tr></thead>
<tbody>{{#PROJECT}}<tr><td>{{#LINK}}<a href="/audit/projet/{{REF}}">{{REF}}</a>{{/LINK}}{{NO_LINK}}</td><td>{{COUNT}}</td></tr>
{{/PROJECT}}</tbody></table>
<h2>Autorisations du compte</h2>
{{#NO_AUTHORISATION}}<p id="no-authorisation">Aucune autorisation ne nomme ce compte.</p>{{/NO_AUTHORISATION}}
{{#AUTHORISATIONS}}<table id="authorisations"><caption>Autorisations nommant ce compte, dans l'ordre de leur début de validité</caption>
<thead><tr><th scope="col">N°</th><th scope="col">Projet</th><th scope="col">Décision</th><th scope="col">Valide du</th><th scope="col">au</th><th scope="col">Domaines</th><th scope="col">Révoquée</th></tr></thead>
<tbody>{{#AUTHORISATION}}<tr><td>{{ID}}</td><td><a href="/audit/projet/{{PROJECT}}">{{PROJECT}}</a></td><td>n°&nbsp;{{DECISION}}</td><td>{{FROM}}</td><td>{{UNTIL}}</td><td>{{DOMAINS}}</td><td>{{REVOKED}}</td></tr>
{{/AUTHORISATION}}</tbody></table>{{/AUTHORISATIONS}}
<h2>Anomalies</h2>
{{#NO_FINDING}}<p id="no-finding">Aucune anomalie sur la période.</p>{{/NO_FINDING}}
{{#FINDINGS}}<table id="findings"><caption>Anomalies relevées sur la période</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Règle</th><th scope="col">Gravité</th><th scope="col">Projet</th><th scope="col">Explication</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#FINDING}}<tr><td>{{TIME}}</td><td>{{RULE}}</td><td>{{SEVERITY}}</td><td>{{PROJECT}}</td><td>{{EXPLANATION}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}}</td></tr>
{{/FINDING}}</tbody></table>{{/FINDINGS}}
<h2>Dossiers d'anomalies</h2>
{{#NO_CASE}}<p id="no-case">Aucun dossier sur la période.</p>{{/NO_CASE}}
{{#CASES}}<table id="cases"><caption>Dossiers de revue du compte (un par jour d'anomalies), les plus récents d'abord</caption>
<thead><tr><th scope="col">Jour</th><th scope="col">Statut</th><th scope="col">Gravité</th><th scope="col">Anomalies</th><th scope="col">Règles</th></tr></thead>
<tbody>{{#CASE}}<tr><td><a href="/audit/alertes/{{ID}}">{{DAY}}</a></td><td>{{STATUS}}</td><td>{{SEVERITY}}</td><td>{{FINDINGS}}</td><td>{{RULES}}</td></tr>
{{/CASE}}</tbody></table>{{/CASES}}
<h2>Derniers accès</h2>
<div class="table-scroll" tabindex="0" role="region" aria-label="Derniers accès">
<table id="entries"><caption>Les 200 accès les plus récents de la période</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Action</th><th scope="col">Projet</th><th scope="col">Décision</th><th scope="col">Finalité</th><th scope="col">Personnes</th><th scope="col">Résultat</th><th scope="col">Anomalies</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#ENTRY}}<tr><td>{{TIME}}</td><td>{{ACTION}}</td><td>{{#PROJECT_LINK}}<a href="/audit/projet/{{REF}}">{{REF}}</a>{{/PROJECT_LINK}}{{NO_PROJECT}}</td><td>{{DECISION}}</td><td>{{PURPOSE}}</td><td>{{PATIENTS}}</td><td>{{OUTCOME}}</td><td>{{FINDINGS}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}}</td></tr>
{{/ENTRY}}</tbody></table></div>
