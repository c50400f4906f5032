{{%AUTOESCAPE context="HTML"}}<h1>Oppositions</h1>
<p><a class="button" href="/console/oppositions/nouvelle">Saisir une opposition reçue par courrier ou téléphone</a></p>
<p><a href="/console/exclusions" id="link-exclusions">Listes d'exclusion et consommateurs</a> : versions publiées, accusés de réception, suppressions, retards.</p>
<form method="get" action="/console/oppositions" class="search-form">
  <div class="field"><label for="q-reference">Référence</label><input id="q-reference" name="reference" type="text" value="{{Q_REFERENCE}}"></div>
  <div class="field"><label for="q-status">État</label>
    <select id="q-status" name="status">
      <option value="">Tous</option>
      <option value="effective"{{#Q_EFFECTIVE}} selected{{/Q_EFFECTIVE}}>Effective</option>
      <option value="withdrawn"{{#Q_WITHDRAWN}} selected{{/Q_WITHDRAWN}}>Retirée</option>
    </select></div>
  <div class="field"><label for="q-channel">Canal</label>
    <select id="q-channel" name="channel">
      <option value="">Tous</option>
      <option value="web"{{#Q_WEB}} selected{{/Q_WEB}}>Formulaire en ligne</option>
      <option value="letter"{{#Q_LETTER}} selected{{/Q_LETTER}}>Courrier</option>
      <option value="phone"{{#Q_PHONE}} selected{{/Q_PHONE}}>Téléphone</option>
      <option value="in_person"{{#Q_IN_PERSON}} selected{{/Q_IN_PERSON}}>En personne</option>
    </select></div>
  <div class="field"><label for="q-from">Reçues à partir du</label><input id="q-from" name="from" type="text" placeholder="AAAA-MM-JJ" value="{{Q_FROM}}"></div>
  <div class="field"><label for="q-to">jusqu'au</label><input id="q-to" name="to" type="text" placeholder="AAAA-MM-JJ" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Rechercher</button>
</form>
{{#ERROR}}<div class="alert alert-error" role="alert">{{MESSAGE}}</div>{{/ERROR}}
<table id="objections">
<caption>{{COUNT}} opposition(s), les plus récentes d'abord. Aucune identité n'est affichée dans cette liste.</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Reçue le</th><th scope="col">Canal</th><th scope="col">Demandeur</th><th scope="col">Porte sur</th><th scope="col">État</th><th scope="col">Réponse avant le</th></tr></thead>
<tbody>
{{#ROW}}<tr><td><a class="mono" href="/console/oppositions/{{REFERENCE}}">{{REFERENCE}}</a></td><td>{{RECEIVED}}</td><td>{{CHANNEL_LABEL}}</td><td>{{REQUESTER_LABEL}}</td><td>{{SCOPE_LABEL}}</td><td>{{STATUS_LABEL}}</td><td>{{DEADLINE}}{{#OVERDUE}} <strong class="overdue">dépassé</strong>{{/OVERDUE}}{{#DUE_SOON}} <strong class="due-soon">dans {{DAYS_LEFT}} j</strong>{{/DUE_SOON}}</td></tr>
{{/ROW}}
</tbody>
</table>
