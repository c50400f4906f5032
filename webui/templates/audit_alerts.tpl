{{%AUTOESCAPE context="HTML"}}<p class="crumbs"><a href="/audit">Journal d'audit</a> › Alertes d'accès</p>
<h1>Alertes d'accès</h1>
<p>Chaque accès aux données signalé par l'entrepôt est contrôlé, à la date où il a eu lieu, contre les autorisations et les oppositions. Les constats d'un même compte sur une même journée (heure de Paris) forment un <strong>dossier</strong> à examiner&nbsp;: prenez-le en charge, puis concluez qu'il est justifié ou déclarez un incident, avec une note.</p>
<section aria-labelledby="counts-title">
<h2 id="counts-title">Dossiers par statut</h2>
<ul class="case-counts" id="case-counts">
{{#COUNT}}<li><span class="case-status case-status-{{STATUS}}">{{LABEL}}</span>&nbsp;: <strong id="count-{{STATUS}}">{{N}}</strong></li>
{{/COUNT}}
</ul>
</section>
<section aria-labelledby="filter-title">
<h2 id="filter-title">Filtrer</h2>
<form method="get" action="/audit/alertes" class="search-form">
  <div class="field"><label for="f-status">Statut</label><select id="f-status" name="status"><option value="">Tous</option>{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATUS_OPTION}}</select></div>
  <div class="field"><label for="f-severity">Gravité</label><select id="f-severity" name="severity"><option value="">Toutes</option>{{#SEVERITY_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/SEVERITY_OPTION}}</select></div>
  <div class="field"><label for="f-rule">Règle</label><select id="f-rule" name="rule"><option value="">Toutes</option>{{#RULE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/RULE_OPTION}}</select></div>
  <div class="field"><label for="f-account">Compte</label><input id="f-account" name="account" type="text" value="{{Q_ACCOUNT}}"></div>
  <div class="field"><label for="f-project">Projet</label><input id="f-project" name="project" type="text" placeholder="CONTACT-2026-001" value="{{Q_PROJECT}}"></div>
  <div class="field"><label for="f-from">Du</label><input id="f-from" name="from" type="date" value="{{Q_FROM}}"></div>
  <div class="field"><label for="f-to">au (inclus)</label><input id="f-to" name="to" type="date" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Filtrer</button>
</form>
{{#ERROR}}<div class="alert alert-error" role="alert">{{MESSAGE}}</div>{{/ERROR}}
</section>
<section aria-labelledby="queue-title">
<h2 id="queue-title">Dossiers</h2>
{{#EMPTY}}<p class="callout" id="queue-empty">Aucun dossier ne correspond à ces filtres.</p>{{/EMPTY}}
<table id="cases">
<caption>{{SHOWN}} dossier(s) affiché(s), les journées les plus récentes d'abord.</caption>
<thead><tr><th scope="col">Journée</th><th scope="col">Compte</th><th scope="col">Gravité</th><th scope="col">Statut</th><th scope="col">Constats</th><th scope="col">Règles</th><th scope="col">Projets</th><th scope="col">Suivi par</th></tr></thead>
<tbody>
{{#CASE}}<tr><td><a href="{{HREF}}">{{DAY}}</a></td><td class="mono"><a href="{{HREF}}">{{ACCOUNT}}</a></td><td><span class="severity severity-{{SEVERITY}}">{{SEVERITY_LABEL}}</span></td><td><span class="case-status case-status-{{STATUS}}">{{STATUS_LABEL}}</span></td><td>{{FINDINGS}}{{#LATE}}<br><strong class="overdue">dont un constat arrivé après la clôture</strong>{{/LATE}}</td><td>{{RULES}}</td><td class="mono">{{#PROJECT}}{{NAME}}{{#PROJECT_separator}}<br>{{/PROJECT_separator}}{{/PROJECT}}{{#NO_PROJECT}}—{{/NO_PROJECT}}</td><td>{{ASSIGNEE}}</td></tr>
{{/CASE}}
</tbody>
</table>
{{#NEXT}}<p><a class="button" href="{{HREF}}">Dossiers plus anciens</a></p>{{/NEXT}}
</section>
