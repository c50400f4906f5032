{{%AUTOESCAPE context="HTML"}}<p class="no-print"><a href="/audit">← Journal d'audit</a></p>
<h1>Suivi d'une personne</h1>
<p>Tous les accès signalés par l'entrepôt aux données pseudonymisées d'une personne, avec leur preuve dans le journal, et ses oppositions.</p>
<form method="post" action="{{ACTION}}" class="form-wide" id="person-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  {{#FORM_ERROR}}<div class="alert alert-error" role="alert" id="form-error">{{MESSAGE}}</div>{{/FORM_ERROR}}
  {{#FIELD_ERROR}}<div class="alert alert-error" role="alert"><span class="mono">{{FIELD}}</span>&nbsp;: {{MESSAGE}}</div>{{/FIELD_ERROR}}
  <fieldset>
    <legend>Identité de la personne</legend>
    <p class="hint">Les mêmes champs que le formulaire d'opposition. garant calcule les jetons en mémoire (clé actuelle et clé précédente) et ne conserve ni ne journalise ces traits.</p>
    <div class="field"><label for="birth_name">Nom de naissance</label><input id="birth_name" name="birth_name" type="text" autocomplete="off"></div>
    <div class="field"><label for="used_name">Nom d'usage <span class="opt">(facultatif)</span></label><input id="used_name" name="used_name" type="text" autocomplete="off"></div>
    <div class="field"><label for="given_names">Prénoms de naissance</label><input id="given_names" name="given_names" type="text" autocomplete="off"></div>
    <div class="field"><label for="birth_date">Date de naissance</label><p class="hint" id="birth_date-hint">JJ/MM/AAAA, par exemple 14/03/1985 ; 00 pour un jour ou un mois inconnu.</p><input id="birth_date" name="birth_date" type="text" maxlength="16" autocomplete="off" aria-describedby="birth_date-hint"></div>
    <fieldset class="field">
      <legend>Sexe</legend>
      <div class="choice"><input type="radio" id="sex" name="sex" value="F"><label for="sex">Féminin</label></div>
      <div class="choice"><input type="radio" id="sex-m" name="sex" value="M"><label for="sex-m">Masculin</label></div>
      <div class="choice"><input type="radio" id="sex-i" name="sex" value="I"><label for="sex-i">Indéterminé</label></div>
    </fieldset>
    <div class="field"><label for="ins">INS <span class="opt">(facultatif)</span></label><input id="ins" name="ins" type="text" inputmode="numeric" autocomplete="off"></div>
  </fieldset>
  <fieldset>
    <legend>Ou bien un jeton</legend>
    <div class="field"><label for="token">Jeton(s) pseudonymes</label><p class="hint" id="token-hint">64 caractères hexadécimaux ; plusieurs jetons séparés par des espaces (10 au plus). S'il est rempli, les traits ci-dessus sont ignorés.</p><input id="token" name="token" type="text" autocomplete="off" class="mono" aria-describedby="token-hint"></div>
  </fieldset>
  <button type="submit" class="button">Rechercher</button>
</form>
{{#RESULT}}<section aria-labelledby="result-title" id="result">
<h2 id="result-title">Résultat</h2>
<p id="result-summary">Recherche par {{BY}} ({{TOKEN_COUNT}} jeton(s))&nbsp;: <strong id="access-count">{{ACCESS_COUNT}}</strong> accès aux données, <strong id="view-count">{{VIEW_COUNT}}</strong> consultation(s) de ce suivi par le personnel de garant.</p>
<h3>Oppositions</h3>
{{#NO_OBJECTION}}<p id="no-objection">Aucune opposition enregistrée pour cette personne.</p>{{/NO_OBJECTION}}
{{#OBJECTIONS}}<table id="objections">
<caption>Oppositions de la personne (heure de Paris)</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Portée</th><th scope="col">En vigueur depuis</th><th scope="col">Statut</th><th scope="col">Retirée le</th></tr></thead>
<tbody>{{#OBJECTION}}<tr><td class="mono">{{REFERENCE}}</td><td>{{SCOPE}}</td><td>{{EFFECTIVE}}</td><td>{{STATUS}}</td><td>{{WITHDRAWN}}</td></tr>
{{/OBJECTION}}</tbody></table>{{/OBJECTIONS}}
<h3>Accès aux données</h3>
{{#NO_ACCESS}}<p id="no-access">Aucun accès de l'entrepôt à ces jetons n'a été signalé.</p>{{/NO_ACCESS}}
<div class="table-scroll" tabindex="0" role="region" aria-label="Accès aux données">
<table id="accesses">
<caption>Accès signalés par l'entrepôt, du plus ancien au plus récent (heure de Paris)</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Compte</th><th scope="col">Organisme</th><th scope="col">Action</th><th scope="col">Projet</th><th scope="col">Décision</th><th scope="col">Finalité</th><th scope="col">Résultat</th><th scope="col">Anomalies</th><th scope="col">Par rapport aux oppositions</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#ACCESS}}<tr{{#AFTER_OBJECTION}} class="flagged"{{/AFTER_OBJECTION}}><td>{{TIME}}</td><td class="mono"><a href="/audit/compte/{{ACCOUNT}}">{{ACCOUNT}}</a></td><td>{{ORGANISATION}}</td><td>{{ACTION}}</td><td>{{#PROJECT_LINK}}<a href="/audit/projet/{{REF}}">{{REF}}</a>{{/PROJECT_LINK}}{{NO_PROJECT}}</td><td>{{DECISION}}</td><td>{{PURPOSE}}</td><td>{{OUTCOME}}</td><td>{{FINDINGS}}</td><td>{{TIMING}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}} <br><a href="/api/v1/audit/receipt/{{INDEX}}" class="small">preuve d'inclusion</a></td></tr>
{{/ACCESS}}</tbody></table></div>
<h3>Consultations de ce suivi</h3>
<p>Chaque recherche dans ce suivi est elle-même enregistrée dans le journal comme une consultation par garant, au nom du membre du personnel qui l'a faite (la vôtre y figure). Ce ne sont pas des accès aux données de santé.</p>
<table id="views">
<caption>Consultations par le personnel de garant (heure de Paris)</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Membre du personnel</th><th scope="col">Preuve</th></tr></thead>
<tbody>{{#VIEW}}<tr><td>{{TIME}}</td><td class="mono">{{ACCOUNT}}</td><td><a href="/api/v1/audit/entries/{{INDEX}}">entrée n°&nbsp;{{INDEX}}</a>{{#PRUNED}}<br><small class="pruned">{{NOTICE}}</small>{{/PRUNED}}</td></tr>
{{/VIEW}}</tbody></table>
</section>{{/RESULT}}
