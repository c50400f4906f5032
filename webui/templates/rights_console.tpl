{{%AUTOESCAPE context="HTML"}}<h1>Demandes d'exercice des droits</h1>
<p><a class="button" href="/console/droits/nouvelle" id="link-new">Enregistrer une demande reçue</a> <a href="/console/oppositions">Oppositions</a></p>
<p>Accès, rectification, effacement, limitation et opposition (articles 15 à 18 et 21 du RGPD). Le délai de réponse est d'un mois à compter de la réception, prolongeable une fois de deux mois ; il est suspendu pendant la vérification d'identité.</p>
<form method="get" action="/console/droits" class="search-form">
  <div class="field"><label for="q-state">Demandes</label>
    <select id="q-state" name="etat">
      <option value="ouvertes"{{#Q_OPEN}} selected{{/Q_OPEN}}>En cours (non closes)</option>
      <option value="toutes"{{#Q_ALL}} selected{{/Q_ALL}}>Toutes</option>
      <option value="answered">Répondues</option>
      <option value="refused">Refusées</option>
    </select></div>
  <button type="submit" class="button">Afficher</button>
</form>
<table id="rights-requests">
<caption>{{#NO_ROW}}Aucune demande ne correspond. {{/NO_ROW}}Les plus récentes d'abord. Aucune identité n'est affichée dans cette liste.</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Droit</th><th scope="col">Reçue le</th><th scope="col">Demandeur</th><th scope="col">Canal</th><th scope="col">État</th><th scope="col">Échéance</th></tr></thead>
<tbody>
{{#ROW}}<tr data-state="{{STATE}}"><td><a class="mono" href="/console/droits/{{REFERENCE}}">{{REFERENCE}}</a></td><td>{{TYPE_LABEL}} <span class="small">({{ARTICLE}})</span></td><td>{{RECEIVED}}</td><td>{{REQUESTER_LABEL}}</td><td>{{CHANNEL_LABEL}}</td><td>{{STATE_LABEL}}</td><td class="answer">{{#CLOSED}}close{{/CLOSED}}{{#PAUSED}}<strong class="due-soon">suspendu</strong> (vérification d'identité){{/PAUSED}}{{#RUNNING}}{{DEADLINE}}{{#OVERDUE}} <strong class="overdue">dépassé</strong>{{/OVERDUE}}{{#DUE_SOON}} <strong class="due-soon">dans {{DAYS_LEFT}} j</strong>{{/DUE_SOON}}{{/RUNNING}}</td></tr>
{{/ROW}}
</tbody>
</table>
