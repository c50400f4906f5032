{{%AUTOESCAPE context="HTML"}}<h1>Oppositions</h1>
<p><a class="button" href="/console/oppositions/nouvelle">Saisir une opposition reçue par courrier ou téléphone</a> <a class="button" href="/console/oppositions/nouvelle-professionnel" id="link-new-professional">Saisir l'opposition d'un professionnel de santé</a> <a href="/console/oppositions?reponse=a_traiter" id="link-to-answer">Oppositions à traiter</a></p>
<p><a href="/console/exclusions" id="link-exclusions">Listes d'exclusion et consommateurs</a> : versions publiées, accusés de réception, suppressions, retards.</p>
<form method="get" action="/console/oppositions" class="search-form">
  <div class="field"><label for="q-reference">Référence</label><input id="q-reference" name="reference" type="text" value="{{Q_REFERENCE}}"></div>
  <div class="field"><label for="q-status">État</label>
    <select id="q-status" name="status">
      <option value="">Tous</option>
      <option value="effective"{{#Q_EFFECTIVE}} selected{{/Q_EFFECTIVE}}>En vigueur</option>
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
  <div class="field"><label for="q-subject">Personne concernée</label>
    <select id="q-subject" name="personne">
      <option value="">Toutes</option>
      <option value="patient"{{#Q_PATIENT}} selected{{/Q_PATIENT}}>Patients</option>
      <option value="professionnel"{{#Q_PROFESSIONAL}} selected{{/Q_PROFESSIONAL}}>Professionnels de santé</option>
    </select></div>
  <div class="field"><label for="q-answer">Réponse</label>
    <select id="q-answer" name="reponse">
      <option value="">Toutes</option>
      <option value="a_traiter"{{#Q_TO_ANSWER}} selected{{/Q_TO_ANSWER}}>À traiter (réponse non envoyée)</option>
      <option value="envoyee"{{#Q_ANSWERED}} selected{{/Q_ANSWERED}}>Réponse envoyée</option>
    </select></div>
  <div class="field"><label for="q-from">Reçues à partir du <span class="hint">(JJ/MM/AAAA)</span></label><input id="q-from" name="from" type="text" inputmode="numeric" value="{{Q_FROM}}"></div>
  <div class="field"><label for="q-to">jusqu'au <span class="hint">(JJ/MM/AAAA)</span></label><input id="q-to" name="to" type="text" inputmode="numeric" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Rechercher</button>
</form>
{{#ERROR}}<div class="alert alert-error" role="alert">{{MESSAGE}}</div>{{/ERROR}}
<table id="objections">
<caption>{{#RANGE}}Oppositions {{FIRST}} à {{LAST}}, les plus récentes d'abord.{{/RANGE}}{{#NO_ROW}}Aucune opposition ne correspond à la recherche.{{/NO_ROW}} Aucune identité n'est affichée dans cette liste.</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Reçue le</th><th scope="col">Canal</th><th scope="col">Personne concernée</th><th scope="col">Demandeur</th><th scope="col">Porte sur</th><th scope="col">État</th><th scope="col">Réponse</th></tr></thead>
<tbody>
{{#ROW}}<tr><td><a class="mono" href="/console/oppositions/{{REFERENCE}}">{{REFERENCE}}</a></td><td>{{RECEIVED}}</td><td>{{CHANNEL_LABEL}}</td><td class="subject-{{SUBJECT}}">{{SUBJECT_LABEL}}</td><td>{{REQUESTER_LABEL}}</td><td>{{SCOPE_LABEL}}</td><td>{{STATUS_LABEL}}</td><td class="answer">{{#ANSWERED}}<span class="status-effective">Envoyée le {{DATE}}</span><br><span class="small">par {{BY}}</span>{{/ANSWERED}}{{#NOT_ANSWERED}}À envoyer avant le {{DEADLINE}}{{#OVERDUE}} <strong class="overdue">dépassé</strong>{{/OVERDUE}}{{#DUE_SOON}} <strong class="due-soon">dans {{DAYS_LEFT}} j</strong>{{/DUE_SOON}}{{/NOT_ANSWERED}}</td></tr>
{{/ROW}}
</tbody>
</table>
{{#PAGING}}<nav class="pager" aria-label="Pages de résultats"><ul>
{{#PREVIOUS}}<li><a href="{{HREF}}" rel="prev" id="page-previous">← Page précédente</a></li>{{/PREVIOUS}}
<li aria-current="page">Page {{PAGE}}</li>
{{#NEXT}}<li><a href="{{HREF}}" rel="next" id="page-next">Page suivante →</a></li>{{/NEXT}}
</ul></nav>{{/PAGING}}
