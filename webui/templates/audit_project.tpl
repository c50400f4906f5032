{{%AUTOESCAPE context="HTML"}}<p class="no-print"><a href="/audit">← Journal d'audit</a></p>
<article class="letter" id="project-report">
<h1>Rapport d'audit du projet <span class="mono" id="reference">{{REFERENCE}}</span></h1>
<p class="lead">{{TITLE}}</p>
<form method="get" action="/audit/projet/{{REFERENCE}}" class="search-form no-print" aria-label="Période">
  <div class="field"><label for="du">Du</label><input id="du" name="du" type="date" value="{{Q_FROM}}"></div>
  <div class="field"><label for="au">au (inclus)</label><input id="au" name="au" type="date" value="{{Q_TO}}"></div>
  <button type="submit" class="button">Afficher</button>
</form>
<dl class="receipt-data">
<dt>Organisme responsable</dt><dd>{{ORGANISATION}}</dd>
<dt>Finalité</dt><dd>{{PURPOSE}}</dd>
<dt>Base légale</dt><dd>{{LEGAL_BASIS}}</dd>
<dt>Formalité</dt><dd>{{FORMALITY}} ({{FORMALITY_REFERENCE}})</dd>
<dt>Statut du projet</dt><dd id="project-status">{{STATUS}}</dd>
<dt>Période examinée</dt><dd id="period">{{PERIOD}}</dd>
<dt>Accès signalés</dt><dd id="project-events">{{EVENTS}}</dd>
<dt>Personnes touchées</dt><dd id="project-patients">{{PATIENTS}} (taille de cohorte approuvée&nbsp;: <span id="project-cohort">{{COHORT}}</span>){{#OVER_COHORT}} <strong id="project-over-cohort">: plus de personnes que la cohorte approuvée</strong>{{/OVER_COHORT}}</dd>
</dl>
<h2>Autorisations&nbsp;: comptes nommés et accès</h2>
{{#NO_AUTHORISATION}}<p>Aucune autorisation n'a été délivrée pour ce projet.</p>{{/NO_AUTHORISATION}}
{{#AUTHORISATION}}<table class="authorisation" id="authorisation-{{ID}}">
<caption>Autorisation n°&nbsp;{{ID}} (décision n°&nbsp;{{DECISION}}), valide du {{FROM}} au {{UNTIL}}, {{REVOKED}}&nbsp;; domaines&nbsp;: {{DOMAINS}}</caption>
<thead><tr><th scope="col">Compte nommé</th><th scope="col">Accès dans la validité</th><th scope="col">Premier</th><th scope="col">Dernier</th></tr></thead>
<tbody>{{#NAMED}}<tr><td class="mono">{{ACCOUNT}}</td><td>{{EVENTS}}{{#NONE}} (aucun accès){{/NONE}}</td><td>{{FIRST}}</td><td>{{LAST}}</td></tr>
{{/NAMED}}</tbody></table>
{{/AUTHORISATION}}
<table id="accessed"><caption>Comptes ayant accédé aux données du projet</caption>
<thead><tr><th scope="col">Compte</th><th scope="col">Nommé dans une autorisation</th><th scope="col">Accès</th><th scope="col">Premier</th><th scope="col">Dernier</th></tr></thead>
<tbody>{{#ACCESSED}}<tr{{#UNNAMED}} class="flagged"{{/UNNAMED}}><td class="mono"><a href="/audit/compte/{{ACCOUNT}}">{{ACCOUNT}}</a></td><td>{{NAMED}}</td><td>{{EVENTS}}</td><td>{{FIRST}}</td><td>{{LAST}}</td></tr>
{{/ACCESSED}}</tbody></table>
{{#NO_ACCESS}}<p>Aucun accès signalé sur la période.</p>{{/NO_ACCESS}}
<h2>Accès hors de la validité ou du périmètre</h2>
{{#NO_OUTSIDE}}<p id="no-outside">Aucun accès hors autorisation sur la période.</p>{{/NO_OUTSIDE}}
{{#OUTSIDES}}<p id="outside-total">Accès relevés sur la période&nbsp;: {{OUTSIDE_TOTAL}}.</p>
{{/OUTSIDES}}{{#OUTSIDE_MORE}}<p id="outside-more">Les {{SHOWN}} plus anciens sont listés ci-dessous. <a href="{{ALL_URL}}">Lister les {{TOTAL}} accès</a> (page plus longue à produire et à imprimer).</p>
{{/OUTSIDE_MORE}}{{#OUTSIDES}}<table id="outside"><caption>Accès qu'aucune autorisation ne couvrait à leur date</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Compte</th><th scope="col">Action</th><th scope="col">Règle</th><th scope="col">Explication</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#OUTSIDE}}<tr><td>{{TIME}}</td><td class="mono">{{ACCOUNT}}</td><td>{{ACTION}}</td><td>{{RULE}}</td><td>{{EXPLANATION}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}}</td></tr>
{{/OUTSIDE}}</tbody></table>{{/OUTSIDES}}
<h2>Exports</h2>
{{#NO_EXPORT}}<p id="no-export">Aucun export sur la période.</p>{{/NO_EXPORT}}
{{#EXPORTS}}<table id="exports"><caption>Fichiers exportés, avec leur empreinte SHA-256</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Compte</th><th scope="col">Fichier</th><th scope="col">Octets</th><th scope="col">Destination</th><th scope="col">SHA-256</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#EXPORT}}<tr><td>{{TIME}}</td><td class="mono">{{ACCOUNT}}</td><td class="breakable">{{FILE}}</td><td>{{BYTES}}</td><td class="breakable">{{DESTINATION}}</td><td>{{#NO_SHA256}}—{{/NO_SHA256}}{{#SHA256}}<code class="hash">{{#PART}}{{TEXT}}{{#PART_separator}}<wbr>{{/PART_separator}}{{/PART}}</code>{{/SHA256}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}}</td></tr>
{{/EXPORT}}</tbody></table>{{/EXPORTS}}
<h2>Réidentifications</h2>
{{#NO_REID}}<p id="no-reid">Aucune réidentification sur la période.</p>{{/NO_REID}}
{{#REIDS}}<table id="reidentifications"><caption>Réidentifications et leur justification</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Compte</th><th scope="col">Justification</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#REID}}<tr{{#UNJUSTIFIED}} class="flagged"{{/UNJUSTIFIED}}><td>{{TIME}}</td><td class="mono">{{ACCOUNT}}</td><td>{{JUSTIFICATION}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}}</td></tr>
{{/REID}}</tbody></table>{{/REIDS}}
<h2>Oppositions appliquées</h2>
<p>Versions de la liste d'exclusion dont les consommateurs ont accusé l'application pendant la période.</p>
{{#NO_ACK}}<p id="no-ack">Aucun accusé d'application sur la période.</p>{{/NO_ACK}}
{{#ACKS}}<table id="acks"><caption>Accusés d'application de la liste d'exclusion</caption>
<thead><tr><th scope="col">Consommateur</th><th scope="col">Version</th><th scope="col">Émise le</th><th scope="col">Appliquée le</th><th scope="col">Enregistrements purgés</th></tr></thead>
<tbody>{{#ACK}}<tr><td class="mono">{{CONSUMER}}</td><td>{{VERSION}}</td><td>{{ISSUED}}</td><td>{{APPLIED}}</td><td>{{PURGED}}</td></tr>
{{/ACK}}</tbody></table>{{/ACKS}}
<p class="signature">Établi le {{TODAY}} par {{AUTHOR}}, à partir du journal d'audit de garant. Chaque ligne renvoie à son entrée dans le journal, vérifiable avec <code>garant audit verify</code>.</p>
</article>
