{{%AUTOESCAPE context="HTML"}}{{#FORM}}<p class="no-print"><a href="/console">← Console</a></p>
<h1>Demande d'accès d'une personne</h1>
<p>Réponse à une demande d'accès (article 15 du RGPD)&nbsp;: saisissez l'identité de la personne pour préparer la lettre qui liste les projets et organismes ayant accédé à ses données pseudonymisées. La lettre ne nomme aucun chercheur&nbsp;; elle est enregistrée dans le journal d'audit sous une référence, sans l'identité.</p>
<form method="post" action="{{ACTION}}" class="form-wide" id="letter-form">
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
    <legend>Destinataire de la lettre</legend>
    <div class="field"><label for="contact">Adresse d'envoi <span class="opt">(facultatif)</span></label><p class="hint" id="contact-hint">L'adresse postale ou électronique où envoyer la réponse, une ligne par ligne d'adresse. Elle est seulement imprimée sur la lettre : elle n'est ni conservée ni journalisée. Le nom vient des champs ci-dessus.</p><textarea id="contact" name="contact" rows="4" autocomplete="off" aria-describedby="contact-hint"></textarea></div>
  </fieldset>
  <fieldset>
    <legend>Ou bien un jeton</legend>
    <div class="field"><label for="token">Jeton(s) pseudonymes</label><p class="hint" id="token-hint">64 caractères hexadécimaux ; plusieurs jetons séparés par des espaces (10 au plus). S'il est rempli, les traits ci-dessus sont ignorés.</p><input id="token" name="token" type="text" autocomplete="off" class="mono" aria-describedby="token-hint"></div>
  </fieldset>
  <button type="submit" class="button">Préparer la lettre</button>
</form>{{/FORM}}
{{#LETTER}}<p class="no-print"><a href="/console/demandes/acces">← Nouvelle demande</a> · Imprimez cette page (Ctrl+P) pour l'envoyer.</p>
<article class="letter" id="letter">
<p class="letter-head">{{CONTROLLER_NAME}}<br>Entrepôt de données de santé CONTACT</p>
<p class="letter-sender">Délégué à la protection des données<br>{{DPO_POSTAL_ADDRESS}}</p>
<p class="letter-address" id="letter-address"><span id="letter-name">{{NAME}}</span>{{#BIRTH_NAME}} (née ou né {{TEXT}}){{/BIRTH_NAME}}<br>{{#ADDRESS}}{{#LINE}}{{TEXT}}{{#LINE_separator}}<br>{{/LINE_separator}}{{/LINE}}{{/ADDRESS}}{{#NO_ADDRESS}}<span class="no-print alert alert-error" role="alert" id="no-address">Aucune adresse n'a été donnée : complétez l'adresse à la main.</span>{{/NO_ADDRESS}}</p>
<p class="letter-meta">Référence&nbsp;: <strong id="letter-reference" class="mono">{{REFERENCE}}</strong><br>Le {{TODAY}}</p>
<h1>Objet&nbsp;: réponse à votre demande d'accès</h1>
<p>Madame, Monsieur,</p>
<p>Vous nous avez demandé quelles utilisations ont été faites de vos données{{#ON_BEHALF}} (celles de {{PERSON}}){{/ON_BEHALF}} dans l'entrepôt CONTACT (article 15 du règlement général sur la protection des données). Dans l'entrepôt, vos données ne portent ni votre nom ni votre numéro de sécurité sociale&nbsp;: elles sont pseudonymisées. Chaque accès à ces données est enregistré dans un journal infalsifiable, d'où proviennent les informations ci-dessous.</p>
<h2>Projets et organismes ayant accédé à vos données pseudonymisées</h2>
{{#NO_LINE}}<p id="no-line">Aucun accès à vos données pseudonymisées n'a été enregistré.</p>{{/NO_LINE}}
<table id="letter-lines"><caption>Accès enregistrés, par projet</caption>
<thead><tr><th scope="col">Projet</th><th scope="col">Organismes destinataires</th><th scope="col">Catégories de destinataires</th><th scope="col">Finalité</th><th scope="col">Base légale et formalité</th><th scope="col">Période des accès</th><th scope="col">Nombre d'accès</th></tr></thead>
<tbody>{{#LINE}}<tr><td><strong>{{PROJECT}}</strong> <br>{{TITLE}}</td><td>{{ORGANISATIONS}}</td><td>{{CATEGORIES}}</td><td>{{PURPOSES}}</td><td>{{LEGAL_BASIS}} <br><span class="small">{{FORMALITY}}</span></td><td>du {{FIRST}} au {{LAST}}</td><td>{{COUNT}}</td></tr>
{{/LINE}}</tbody></table>
<p class="small">Les personnes physiques ayant consulté les données ne sont pas nommées&nbsp;: seules les catégories de destinataires le sont. Le détail de chaque projet est publié sur le portail de transparence (/projets).</p>
<h2>Vos oppositions</h2>
{{#NO_OBJECTION}}<p id="no-objection">Aucune opposition n'est enregistrée à votre nom.</p>{{/NO_OBJECTION}}
{{#OBJECTIONS}}<table id="objections"><caption>Oppositions enregistrées</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Portée</th><th scope="col">En vigueur depuis</th><th scope="col">Statut</th></tr></thead>
<tbody>{{#OBJECTION}}<tr><td class="mono">{{REFERENCE}}</td><td>{{SCOPE}}</td><td>{{EFFECTIVE}}</td><td>{{STATUS}}</td></tr>
{{/OBJECTION}}</tbody></table>{{/OBJECTIONS}}
<h2>Comment vous opposer</h2>
<p>Vous pouvez refuser à tout moment, sans avoir à vous justifier, que vos données soient utilisées&nbsp;: pour tout l'entrepôt ou pour un seul projet. Remplissez le formulaire en ligne à l'adresse <strong>/opposition</strong> du site CONTACT, ou écrivez au délégué à la protection des données de SOS MÉDECINS FRANCE en rappelant la référence de cette lettre. Votre opposition ne change rien à vos soins.</p>
<p>Vous pouvez également introduire une réclamation auprès de la CNIL (www.cnil.fr).</p>
<p>Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.</p>
<p class="signature">{{SIGNATORY}}<br>Délégué à la protection des données</p>
</article>{{/LETTER}}
