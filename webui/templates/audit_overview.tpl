{{%AUTOESCAPE context="HTML"}}<section aria-labelledby="overview-title" id="overview">
<h2 id="overview-title">Vue d'ensemble des accès</h2>
{{#OVERVIEW_ERROR}}<div class="alert alert-error" role="alert">La vue d'ensemble n'a pas pu être lue&nbsp;: {{MESSAGE}}</div>{{/OVERVIEW_ERROR}}
<form method="get" action="/audit" class="search-form" aria-label="Période de la vue d'ensemble">
  <div class="field"><label for="periode-du">Période du</label><input id="periode-du" name="periode_du" type="date" value="{{Q_FROM}}"></div>
  <div class="field"><label for="periode-au">au (inclus)</label><input id="periode-au" name="periode_au" type="date" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Afficher</button>
</form>
<p>Période&nbsp;: <span id="overview-period">{{PERIOD}}</span>{{#DEFAULT_PERIOD}} (les 30 derniers jours, faute de période choisie){{/DEFAULT_PERIOD}}.</p>
<ul class="figures">
<li><strong id="overview-events">{{EVENTS}}</strong> accès signalés par l'entrepôt</li>
<li><strong id="overview-findings">{{FINDINGS}}</strong> anomalies</li>
<li><strong id="overview-views">{{VIEWS}}</strong> consultations du journal par le personnel de garant</li>
<li><strong id="overview-log-size">{{LOG_SIZE}}</strong> entrées dans le journal{{#LAST_CHECKPOINT}}, dont {{SIZE}} couvertes par le dernier point de contrôle signé (signé le {{SIGNED_AT}}){{/LAST_CHECKPOINT}}{{#NO_LAST_CHECKPOINT}}, aucun point de contrôle signé{{/NO_LAST_CHECKPOINT}}</li>
</ul>
{{#WITNESS_ALERT}}<div class="alert alert-error" role="alert" id="overview-witness-alert">Un témoin refuse de cosigner le journal d'audit. Examinez les entrées <code>audit.witness.refused</code> et prévenez l'opérateur du témoin : un journal restauré ou divergent est possible.</div>{{/WITNESS_ALERT}}
{{#WITNESSES}}<h3>Témoins du journal</h3>
<ul id="overview-witnesses">
{{#WITNESS}}<li>{{NAME}} : {{STATE}}</li>
{{/WITNESS}}</ul>{{/WITNESSES}}
{{#OPEN_CASES}}<p><strong id="overview-open-cases">{{COUNT}}</strong> dossier(s) d'anomalies à traiter à ce jour : <a href="/audit/alertes?status=open">voir la file des alertes</a>.</p>{{/OPEN_CASES}}
<div class="charts">
{{>DAY_CHART}}
{{>ACTION_CHART}}
{{>PROJECT_CHART}}
{{>RULE_CHART}}
</div>
<h3>Suivis</h3>
<ul class="desk-links">
<li><a href="/audit/personne">Suivi d'une personne</a> (à partir de ses traits d'identité ou d'un jeton)</li>
<li><form method="get" action="/audit/compte" class="inline-form"><label for="go-compte">Suivi d'un compte</label> <input id="go-compte" name="compte" type="text" placeholder="chercheur.moreau"> <button type="submit" class="button">Ouvrir</button></form></li>
<li><form method="get" action="/audit/projet" class="inline-form"><label for="go-projet">Rapport d'un projet</label> <input id="go-projet" name="reference" type="text" placeholder="CONTACT-2026-001"> <button type="submit" class="button">Ouvrir</button></form></li>
</ul>
</section>
