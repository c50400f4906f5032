{{%AUTOESCAPE context="HTML"}}<p><a href="/projets">← Tous les projets du portail de transparence</a></p>
<h1>{{TITLE}}</h1>
<p class="gov-meta"><span class="gov-ref">{{REFERENCE}}</span> <span class="gov-status gov-status-{{STATUS}}">{{STATUS_LABEL}}</span></p>
<p>{{SUMMARY}}</p>
<dl class="gov-facts">
  <dt>Organisme</dt><dd>{{ORGANISATION}}</dd>
  <dt>Responsable scientifique</dt><dd>{{INVESTIGATOR}}</dd>
  <dt>Formalité</dt><dd>{{FORMALITY}}{{#HDH}} ; répertoire public du Health Data Hub, projet n° {{TEXT}}{{/HDH}}</dd>
  <dt>Avis du comité</dt><dd>{{#OPINION}}{{LABEL}} du {{COMMITTEE}}, le {{DATE}}{{/OPINION}}{{#NO_OPINION}}En attente{{/NO_OPINION}}</dd>
  <dt>Publié sur ce portail le</dt><dd>{{PUBLISHED}}</dd>
</dl>
<p id="fiche-version">{{#VERSION}}Fiche du projet : version n° {{NUMBER}} du {{DATE}}.{{/VERSION}}{{#NO_VERSION}}La fiche détaillée du projet n'a pas encore été renseignée.{{/NO_VERSION}} <a href="/projets/{{REFERENCE}}/historique" id="lien-historique">Historique des modifications de la fiche</a>.</p>
<p><a class="button gov-object" href="/opposition?projet={{REFERENCE}}">M'opposer à l'utilisation de mes données pour ce projet</a></p>

<section aria-labelledby="financeurs" id="section-financeurs">
<h2 id="financeurs">Financement</h2>
{{#NO_FUNDER}}<p>Aucun financeur déclaré.</p>{{/NO_FUNDER}}
{{#HAS_FUNDERS}}<p>Le projet est financé par :</p><table id="table-financeurs"><caption>Les financeurs du projet</caption>
<thead><tr><th scope="col">Financeur</th><th scope="col">Nature</th><th scope="col">Montant</th></tr></thead><tbody>{{/HAS_FUNDERS}}
{{#FUNDER}}<tr><td>{{NAME}}</td><td>{{KIND}}</td><td>{{AMOUNT}}</td></tr>
{{/FUNDER}}{{#HAS_FUNDERS}}</tbody></table>{{/HAS_FUNDERS}}
</section>

<section aria-labelledby="calendrier" id="section-calendrier">
<h2 id="calendrier">Calendrier</h2>
{{#PERIOD}}<p id="periode">L'étude doit commencer le {{START}} et se terminer le {{END}}.</p>{{/PERIOD}}
{{#NO_PERIOD}}<p>Les dates de l'étude ne sont pas encore connues.</p>{{/NO_PERIOD}}
{{#HAS_MILESTONES}}<table id="table-etapes"><caption>Les étapes prévues</caption><thead><tr><th scope="col">Date</th><th scope="col">Étape</th></tr></thead><tbody>{{/HAS_MILESTONES}}
{{#MILESTONE}}<tr><td>{{DATE}}</td><td>{{LABEL}}</td></tr>{{/MILESTONE}}
{{#HAS_MILESTONES}}</tbody></table>{{/HAS_MILESTONES}}
</section>

<section aria-labelledby="sources" id="section-sources">
<h2 id="sources">Sources de données et appariement</h2>
{{#NO_SOURCE}}<p>Les sources de données ne sont pas encore précisées.</p>{{/NO_SOURCE}}
{{#HAS_SOURCES}}<p>Les données proviennent de :</p><ul id="liste-sources">{{/HAS_SOURCES}}{{#SOURCE}}<li>{{NAME}}</li>{{/SOURCE}}{{#HAS_SOURCES}}</ul>{{/HAS_SOURCES}}
{{#LINKED}}<p id="appariement">Ces données sont appariées avec : {{BASES}}. Méthode : {{METHOD}}</p>{{/LINKED}}
{{#NOT_LINKED}}<p id="appariement">Ces données ne sont appariées avec aucune autre base.</p>{{/NOT_LINKED}}
</section>

<section aria-labelledby="sensibles" id="section-sensibles">
<h2 id="sensibles">Variables sensibles</h2>
{{#NO_SENSITIVE}}<p>Aucune catégorie de variables sensibles n'est déclarée.</p>{{/NO_SENSITIVE}}
{{#HAS_SENSITIVE}}<p>Le projet traite les catégories de données sensibles suivantes :</p><ul id="liste-sensibles">{{/HAS_SENSITIVE}}{{#SENSITIVE}}<li>{{LABEL}}</li>{{/SENSITIVE}}{{#HAS_SENSITIVE}}</ul>{{/HAS_SENSITIVE}}
{{#SENSITIVE_DETAILS}}<p>Précisions : {{TEXT}}</p>{{/SENSITIVE_DETAILS}}
</section>

<section aria-labelledby="plateforme" id="section-plateforme">
<h2 id="plateforme">Plateforme de traitement</h2>
{{#PLATFORM}}<p id="texte-plateforme">Les données sont traitées sur {{NAME}}{{#HDS}}, chez un hébergeur certifié pour les données de santé (HDS){{/HDS}}{{#NOT_HDS}} ; l'hébergement n'est pas déclaré certifié HDS{{/NOT_HDS}}.</p>{{/PLATFORM}}
{{#NO_PLATFORM}}<p>La plateforme de traitement n'est pas encore précisée.</p>{{/NO_PLATFORM}}
</section>

<section aria-labelledby="resultats" id="section-resultats">
<h2 id="resultats">Résultats et publications</h2>
{{#NO_RESULT}}<p>Aucun résultat n'a encore été publié. Les résultats sont ajoutés ici après l'étude.</p>{{/NO_RESULT}}
{{#NO_RESULT_IN_FORCE}}<p>Aucun résultat n'est publié à ce jour : ceux qui l'ont été sont retirés (ci-dessous).</p>{{/NO_RESULT_IN_FORCE}}
{{#HAS_RESULTS}}<table id="table-resultats"><caption>Résultats et publications du projet</caption><thead><tr><th scope="col">Date</th><th scope="col">Titre</th><th scope="col">Lien</th></tr></thead><tbody>{{/HAS_RESULTS}}
{{#RESULT}}<tr><td>{{DATE}}</td><td>{{TITLE}}{{#CORRECTED}}<span class="gov-correction">Corrigé le {{WHEN}}{{#NOTE}} ({{TEXT}}){{/NOTE}} ; la version d'origine reste dans <a href="/projets/{{REFERENCE}}/historique">l'historique de la fiche</a>.</span>{{/CORRECTED}}</td><td>{{#URL}}<a href="{{HREF}}">{{HREF}}</a>{{/URL}}{{#DOI}} DOI {{TEXT}}{{/DOI}}</td></tr>{{/RESULT}}
{{#HAS_RESULTS}}</tbody></table>{{/HAS_RESULTS}}
{{#HAS_WITHDRAWN}}<h3 id="retires">Résultats retirés</h3>
<p>Ces résultats ont été publiés ici, puis retirés ; leur texte reste consultable dans <a href="/projets/{{REFERENCE}}/historique">l'historique de la fiche</a>.</p>
<ul id="liste-retires">{{/HAS_WITHDRAWN}}{{#WITHDRAWN}}<li>« {{TITLE}} » (du {{DATE}}) : retiré le {{WHEN}}{{#NOTE}} ({{TEXT}}){{/NOTE}}.</li>{{/WITHDRAWN}}{{#HAS_WITHDRAWN}}</ul>{{/HAS_WITHDRAWN}}
</section>

<section aria-labelledby="notice" id="section-notice">
<h2 id="notice">Notice d'information propre au projet</h2>
{{#NO_NOTICE}}<p>La notice propre à ce projet n'est pas encore publiée ; la <a href="/information">notice générale de l'entrepôt</a> s'applique.</p>{{/NO_NOTICE}}
{{#NOTICE_PARAGRAPH}}<p class="notice-paragraph">{{TEXT}}</p>
{{/NOTICE_PARAGRAPH}}
</section>
