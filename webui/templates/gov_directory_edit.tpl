{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance/projets/{{ID}}">← {{REFERENCE}} : {{TITLE}}</a></p>
<h1>Fiche du répertoire public : {{REFERENCE}}</h1>
<p class="lead">Ces rubriques reprennent celles du répertoire public des projets du Health Data Hub. Chaque publication crée une nouvelle version de la fiche, inscrite au journal d'audit ; les versions précédentes restent consultables dans l'historique public du projet.</p>
<p id="directory-version">{{#VERSION}}Version publiée : n° {{NUMBER}}, du {{DATE}}.{{/VERSION}}{{#NO_VERSION}}Aucune version publiée pour l'instant.{{/NO_VERSION}} {{#PUBLIC}}Le projet est publié : la fiche est visible sur <a href="/projets/{{REFERENCE}}">sa page du portail de transparence</a> (<a href="/projets/{{REFERENCE}}/historique">historique</a>).{{/PUBLIC}}</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
{{#OK}}<div class="alert alert-ok" role="status" id="gov-ok">{{MESSAGE}}</div>{{/OK}}
{{#ROW_ADDED}}<div class="alert alert-ok" role="status" id="gov-row">{{MESSAGE}}</div>{{/ROW_ADDED}}
<form method="post" action="/console/gouvernance/projets/{{ID}}/repertoire" class="form-card gov-wide" id="directory-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  {{! The form's default button (Entrée dans un champ) publishes, as the last one does, rather than the first « Ajouter une ligne » below. Hidden: not shown, not read out. }}
  <button type="submit" hidden tabindex="-1">Publier la modification</button>
  <fieldset class="field" id="f-funders"><legend>Financeurs</legend>
    <p class="hint">Une ligne par financeur ; laissez une ligne vide pour ne rien ajouter, videz une ligne pour retirer le financeur. Le montant, en euros entiers, est facultatif.</p>
    <table class="gov-rows"><thead><tr><th scope="col">Nom</th><th scope="col">Nature</th><th scope="col">Montant (€)</th></tr></thead><tbody>
    {{#FUNDER}}<tr><td><label class="visually-hidden" for="funder-name-{{N}}">Financeur {{N}} : nom</label><input id="funder-name-{{N}}" name="funder_name_{{N}}" maxlength="200" value="{{NAME}}"{{#AUTOFOCUS}} autofocus{{/AUTOFOCUS}}></td>
      <td><label class="visually-hidden" for="funder-kind-{{N}}">Financeur {{N}} : nature</label><select id="funder-kind-{{N}}" name="funder_kind_{{N}}">{{#KIND}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND}}</select></td>
      <td><label class="visually-hidden" for="funder-amount-{{N}}">Financeur {{N}} : montant en euros</label><input id="funder-amount-{{N}}" name="funder_amount_{{N}}" inputmode="numeric" maxlength="16" value="{{AMOUNT}}"></td></tr>
    {{/FUNDER}}</tbody></table>
    {{#ADD_funders}}<p class="gov-add-row"><button type="submit" class="button button-secondary" name="add_row" value="funders" formnovalidate formaction="/console/gouvernance/projets/{{ID}}/repertoire#f-funders">Ajouter une ligne<span class="visually-hidden"> : financeurs</span></button></p>{{/ADD_funders}}
    {{#FULL_funders}}<p class="hint">{{LIST_MAX}} financeurs au plus.</p>{{/FULL_funders}}
  </fieldset>
  <fieldset class="field" id="f-calendar"><legend>Calendrier</legend>
    <div class="field"><label for="d-start">Début prévu de l'étude</label><input id="d-start" name="start" type="date" value="{{START}}"></div>
    <div class="field"><label for="d-end">Fin prévue de l'étude</label><input id="d-end" name="end" type="date" value="{{END}}"></div>
    <p class="hint">Étapes (rapport intermédiaire, fin de l'analyse…) : une date et un libellé par ligne ; videz une ligne pour retirer l'étape.</p>
    <table class="gov-rows"><thead><tr><th scope="col">Date</th><th scope="col">Étape</th></tr></thead><tbody>
    {{#MILESTONE}}<tr><td><label class="visually-hidden" for="milestone-date-{{N}}">Étape {{N}} : date</label><input id="milestone-date-{{N}}" name="milestone_date_{{N}}" type="date" value="{{DATE}}"{{#AUTOFOCUS}} autofocus{{/AUTOFOCUS}}></td>
      <td><label class="visually-hidden" for="milestone-label-{{N}}">Étape {{N}} : libellé</label><input id="milestone-label-{{N}}" name="milestone_label_{{N}}" maxlength="200" value="{{LABEL}}"></td></tr>
    {{/MILESTONE}}</tbody></table>
    {{#ADD_milestones}}<p class="gov-add-row"><button type="submit" class="button button-secondary" name="add_row" value="milestones" formnovalidate formaction="/console/gouvernance/projets/{{ID}}/repertoire#f-calendar">Ajouter une ligne<span class="visually-hidden"> : étapes du calendrier</span></button></p>{{/ADD_milestones}}
    {{#FULL_milestones}}<p class="hint">{{LIST_MAX}} étapes au plus.</p>{{/FULL_milestones}}
  </fieldset>
  <fieldset class="field" id="f-sources"><legend>Sources de données et appariement</legend>
    <p class="hint">Les bases d'où proviennent les données : l'entrepôt CONTACT, et le cas échéant le SNDS, une cohorte, un registre… Videz une ligne pour retirer la source.</p>
    {{#SOURCE}}<div class="field"><label for="source-{{N}}">Source {{N}}</label><input id="source-{{N}}" name="source_{{N}}" maxlength="200" value="{{NAME}}"{{#AUTOFOCUS}} autofocus{{/AUTOFOCUS}}></div>
    {{/SOURCE}}
    {{#ADD_sources}}<p class="gov-add-row"><button type="submit" class="button button-secondary" name="add_row" value="sources" formnovalidate formaction="/console/gouvernance/projets/{{ID}}/repertoire#f-sources">Ajouter une ligne<span class="visually-hidden"> : sources de données</span></button></p>{{/ADD_sources}}
    {{#FULL_sources}}<p class="hint">{{LIST_MAX}} sources au plus.</p>{{/FULL_sources}}
    <p>Les données sont-elles appariées avec une autre base ?</p>
    <label class="gov-check"><input type="radio" name="linkage" value="none"{{#NOT_LINKED}} checked{{/NOT_LINKED}}> Non, aucun appariement</label>
    <label class="gov-check"><input type="radio" name="linkage" value="linked"{{#LINKED}} checked{{/LINKED}}> Oui, appariement</label>
    <div class="field"><label for="l-bases">Bases appariées <span class="opt">(si appariement)</span></label><input id="l-bases" name="linkage_bases" maxlength="200" value="{{LINKAGE_BASES}}"></div>
    <div class="field"><label for="l-method">Méthode d'appariement <span class="opt">(si appariement)</span></label><textarea id="l-method" name="linkage_method" maxlength="2000" rows="2">{{LINKAGE_METHOD:pre_escape}}</textarea><p class="hint">Par exemple : appariement indirect par un tiers de confiance, sans transmission du NIR à l'équipe de recherche.</p></div>
  </fieldset>
  <fieldset class="field" id="f-sensitive"><legend>Variables sensibles traitées</legend>
    {{#SENSITIVE}}<label class="gov-check"><input type="checkbox" name="sensitive_{{CODE}}" value="oui"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>
    {{/SENSITIVE}}
    <div class="field"><label for="s-details">Précisions <span class="opt">(facultatif)</span></label><textarea id="s-details" name="sensitive_details" maxlength="2000" rows="2">{{SENSITIVE_DETAILS:pre_escape}}</textarea></div>
  </fieldset>
  <fieldset class="field" id="f-platform"><legend>Plateforme de traitement</legend>
    <div class="field"><label for="p-platform">Où les données sont-elles traitées ?</label><select id="p-platform" name="platform">{{#PLATFORM}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/PLATFORM}}</select></div>
    <div class="field"><label for="p-name">Nom de l'autre plateforme <span class="opt">(si autre)</span></label><input id="p-name" name="platform_name" maxlength="200" value="{{PLATFORM_NAME}}"></div>
    <label class="gov-check"><input type="checkbox" name="hds" value="oui"{{#HDS}} checked{{/HDS}}> Hébergement certifié pour les données de santé (HDS)</label>
  </fieldset>
  <div class="field"><label for="n-notice">Notice d'information propre au projet</label><textarea id="n-notice" name="notice" maxlength="20000" rows="10">{{NOTICE:pre_escape}}</textarea><p class="hint">Publiée sur la page du projet. Séparez les paragraphes par une ligne vide. 20 000 caractères au plus.</p></div>
  <button type="submit" class="button">Publier la modification</button>
</form>
<section aria-labelledby="resultats" id="resultats-section">
<h2 id="resultats">Résultats et publications</h2>
<p>Les résultats s'ajoutent une fois le projet approuvé, à tout moment ensuite. Chaque ajout, correction ou retrait est publié aussitôt et inscrit au journal ; la page publique indique qu'un résultat a été corrigé ou retiré, et à quelle date, et l'historique public garde le texte d'avant.</p>
{{#NO_RESULT}}<p id="no-result">Aucun résultat publié.</p>{{/NO_RESULT}}
<ul id="result-list">{{#RESULT}}<li id="result-{{RID}}">{{TITLE}} ({{DATE}}){{#URL}} — <a href="{{HREF}}">{{HREF}}</a>{{/URL}}{{#DOI}} — DOI {{TEXT}}{{/DOI}}{{#CORRECTED}} — <em>corrigé le {{WHEN}}</em>{{/CORRECTED}}{{#WITHDRAWN}} — <strong>retiré le {{WHEN}}</strong>{{/WITHDRAWN}}{{#EDITABLE}} — <a href="/console/gouvernance/projets/{{ID}}/resultats/{{RID}}">Corriger ou retirer<span class="visually-hidden"> le résultat « {{TITLE}} »</span></a>{{/EDITABLE}}</li>{{/RESULT}}</ul>
<form method="post" action="/console/gouvernance/projets/{{ID}}/resultats" class="form-card" id="result-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="r-title">Titre</label><input id="r-title" name="result_title" maxlength="500" required value="{{RESULT_TITLE}}"></div>
  <div class="field"><label for="r-date">Date de publication</label><input id="r-date" name="result_date" type="date" required value="{{RESULT_DATE}}"></div>
  <div class="field"><label for="r-url">Adresse (lien) <span class="opt">(facultatif)</span></label><input id="r-url" name="result_url" maxlength="500" value="{{RESULT_URL}}" placeholder="https://"></div>
  <div class="field"><label for="r-doi">DOI <span class="opt">(facultatif)</span></label><input id="r-doi" name="result_doi" maxlength="200" value="{{RESULT_DOI}}" placeholder="10.1234/…"></div>
  <button type="submit" class="button">Ajouter le résultat</button>
</form>
</section>
