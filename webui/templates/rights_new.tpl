{{%AUTOESCAPE context="HTML"}}<h1>Enregistrer une demande d'exercice des droits</h1>
<p><a href="/console/droits">← Retour aux demandes</a></p>
{{#FORM_ERROR}}<div class="alert alert-error" role="alert" id="form-refused"><p>{{MESSAGE}}</p></div>{{/FORM_ERROR}}
{{#ERRORS}}<div class="alert alert-error" role="alert" id="form-errors">
<h2>Le formulaire contient des erreurs</h2>
<ul>{{#ERROR}}<li data-field="{{FIELD}}">{{MESSAGE}}</li>{{/ERROR}}</ul>
</div>{{/ERRORS}}
<p>Recopiez les informations du courrier, du courriel ou de l'appel. L'identité est conservée chiffrée ; ne joignez ni ne recopiez aucune pièce d'identité : vous indiquerez seulement, le moment venu, que l'identité a été vérifiée et comment.</p>
<form method="post" action="/console/droits/nouvelle" class="form-card form-wide" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <fieldset>
    <legend>La demande</legend>
    <div class="field"><label for="type">Droit exercé</label>
      <select id="type" name="type">
        <option value="access"{{#TYPE_access}} selected{{/TYPE_access}}>Accès (article 15 du RGPD)</option>
        <option value="rectification"{{#TYPE_rectification}} selected{{/TYPE_rectification}}>Rectification (article 16)</option>
        <option value="erasure"{{#TYPE_erasure}} selected{{/TYPE_erasure}}>Effacement (article 17)</option>
        <option value="restriction"{{#TYPE_restriction}} selected{{/TYPE_restriction}}>Limitation du traitement (article 18)</option>
        <option value="objection"{{#TYPE_objection}} selected{{/TYPE_objection}}>Opposition (article 21)</option>
      </select></div>
    <div class="field"><label for="objection_reference">Référence de l'opposition (pour une opposition seulement)</label>
      <p class="hint" id="objection_reference-hint">OPP-XXXX-XXXX : enregistrez d'abord l'opposition dans la console des oppositions.</p>
      <input id="objection_reference" name="objection_reference" type="text" value="{{OBJECTION_REFERENCE}}" aria-describedby="objection_reference-hint"></div>
    <div class="field"><label for="channel">Canal de réception</label>
      <select id="channel" name="channel">
        <option value="letter"{{#CHANNEL_letter}} selected{{/CHANNEL_letter}}>Courrier</option>
        <option value="email"{{#CHANNEL_email}} selected{{/CHANNEL_email}}>Courriel</option>
        <option value="phone"{{#CHANNEL_phone}} selected{{/CHANNEL_phone}}>Téléphone</option>
        <option value="in_person"{{#CHANNEL_in_person}} selected{{/CHANNEL_in_person}}>En personne</option>
        <option value="web"{{#CHANNEL_web}} selected{{/CHANNEL_web}}>Formulaire en ligne</option>
      </select></div>
    <div class="field"><label for="received_date">Date de réception</label>
      <p class="hint" id="received_date-hint">JJ/MM/AAAA, par exemple 02/12/2026. Laissez vide pour aujourd'hui : le délai d'un mois court à partir de cette date.</p>
      <input id="received_date" name="received_date" type="text" maxlength="10" value="{{RECEIVED_DATE}}" aria-describedby="received_date-hint"></div>
  </fieldset>
  <fieldset>
    <legend>Qui écrit ?</legend>
    <div class="field"><label for="requester">Demandeur</label>
      <select id="requester" name="requester">
        <option value="person"{{#REQUESTER_person}} selected{{/REQUESTER_person}}>La personne concernée elle-même</option>
        <option value="parent"{{#REQUESTER_parent}} selected{{/REQUESTER_parent}}>Un parent d'un enfant mineur</option>
        <option value="guardian"{{#REQUESTER_guardian}} selected{{/REQUESTER_guardian}}>Un représentant légal (tutelle, curatelle)</option>
        <option value="heir"{{#REQUESTER_heir}} selected{{/REQUESTER_heir}}>Un héritier (article 85 de la loi Informatique et Libertés)</option>
        <option value="lawyer"{{#REQUESTER_lawyer}} selected{{/REQUESTER_lawyer}}>Un avocat</option>
      </select></div>
    <div class="field"><label for="requester_name">Nom de la personne qui écrit (si ce n'est pas la personne concernée)</label>
      <input id="requester_name" name="requester_name" type="text" value="{{REQUESTER_NAME}}"></div>
    <div class="field"><label for="contact">Adresse pour la réponse (postale ou électronique)</label>
      <textarea id="contact" name="contact" rows="3">{{CONTACT:pre_escape}}</textarea></div>
  </fieldset>
  <fieldset>
    <legend>Identité de la personne concernée</legend>
    <div class="field"><label for="birth_name">Nom de naissance</label><input id="birth_name" name="birth_name" type="text" value="{{BIRTH_NAME}}"></div>
    <div class="field"><label for="used_name">Nom d'usage (facultatif)</label><input id="used_name" name="used_name" type="text" value="{{USED_NAME}}"></div>
    <div class="field"><label for="given_names">Prénoms</label><input id="given_names" name="given_names" type="text" value="{{GIVEN_NAMES}}"></div>
    <div class="field"><label for="birth_date">Date de naissance</label>
      <p class="hint" id="birth_date-hint">JJ/MM/AAAA, par exemple 14/03/1985 ; 00 pour un jour ou un mois inconnu.</p>
      <input id="birth_date" name="birth_date" type="text" maxlength="16" value="{{BIRTH_DATE}}" aria-describedby="birth_date-hint"></div>
    <div class="field"><label for="sex">Sexe</label>
      <select id="sex" name="sex">
        <option value="">— choisir —</option>
        <option value="F"{{#SEX_F}} selected{{/SEX_F}}>Féminin</option>
        <option value="M"{{#SEX_M}} selected{{/SEX_M}}>Masculin</option>
        <option value="I"{{#SEX_I}} selected{{/SEX_I}}>Indéterminé</option>
      </select></div>
    <div class="field"><label for="ins">Numéro de sécurité sociale (facultatif)</label><input id="ins" name="ins" type="text" value="{{INS}}"></div>
  </fieldset>
  <button type="submit" class="button">Enregistrer la demande</button>
</form>
