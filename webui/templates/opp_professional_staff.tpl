{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
{{#ERRORS}}<div class="alert alert-error" role="alert" id="form-errors" tabindex="-1">
<h2>Le formulaire contient {{COUNT}} erreur(s)</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{LABEL}}</a> : {{MESSAGE}}</li>{{/ERROR}}</ul>
</div>{{/ERRORS}}
<p>Un médecin peut s'opposer à l'utilisation de son identifiant (numéro RPPS) par courrier ou par téléphone, comme un patient. Recopiez le numéro tel qu'il figure dans le courrier ou tel que le médecin l'a dicté. Le récépissé affiché ensuite contient le code secret à lui transmettre : il ne sera plus affiché.</p>
<p>L'opposition retire l'identifiant du médecin des données transmises aux projets ; les dossiers des patients ne sont pas supprimés. Pour l'opposition d'un patient, utilisez le <a href="/console/oppositions/nouvelle">formulaire des patients</a>.</p>
<form method="post" action="/console/oppositions/nouvelle-professionnel" class="form-card form-wide" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  {{#SUBMISSION}}<input type="hidden" name="submission_key" value="{{SUBMISSION_KEY}}">{{/SUBMISSION}}
  {{#RECEPTION}}<fieldset>
    <legend>Réception</legend>
    <div class="field{{#CHANNEL_ERROR}} field-error{{/CHANNEL_ERROR}}">
      <label for="channel">Canal de réception</label>
      {{#CHANNEL_ERROR}}<p class="error-message" id="channel-error">{{MESSAGE}}</p>{{/CHANNEL_ERROR}}
      <select id="channel" name="channel"{{#CHANNEL_ERROR}} aria-invalid="true" aria-describedby="channel-error"{{/CHANNEL_ERROR}}>
        <option value="">— choisir —</option>
        <option value="letter"{{#CH_LETTER}} selected{{/CH_LETTER}}>Courrier</option>
        <option value="phone"{{#CH_PHONE}} selected{{/CH_PHONE}}>Téléphone</option>
        <option value="in_person"{{#CH_IN_PERSON}} selected{{/CH_IN_PERSON}}>En personne</option>
      </select>
    </div>
    <div class="field{{#RECEIVED_AT_ERROR}} field-error{{/RECEIVED_AT_ERROR}}">
      <label for="received_date">Date de réception</label>
      <p class="hint" id="received_date-hint">Sous la forme JJ/MM/AAAA, par exemple 02/12/2026. Laissez vide pour aujourd'hui. Le délai de réponse d'un mois court à partir de cette date.</p>
      {{#RECEIVED_AT_ERROR}}<p class="error-message" id="received_date-error">{{MESSAGE}}</p>{{/RECEIVED_AT_ERROR}}
      <input id="received_date" name="received_date" type="text" maxlength="10" value="{{RECEIVED_DATE}}"{{#RECEIVED_AT_ERROR}} aria-invalid="true"{{/RECEIVED_AT_ERROR}} aria-describedby="received_date-hint{{#RECEIVED_AT_ERROR}} received_date-error{{/RECEIVED_AT_ERROR}}">
    </div>
  </fieldset>{{/RECEPTION}}
  <fieldset>
    <legend>Le professionnel de santé</legend>
    <div class="field{{#RPPS_ERROR}} field-error{{/RPPS_ERROR}}">
      <label for="rpps">Numéro RPPS <span class="req">(obligatoire)</span></label>
      <p class="hint" id="rpps-hint">Les 11 chiffres du numéro RPPS (carte de professionnel de santé), par exemple 10001234567 ; les espaces sont ignorés.</p>
      {{#RPPS_ERROR}}<p class="error-message" id="rpps-error">{{MESSAGE}}</p>{{/RPPS_ERROR}}
      <input id="rpps" name="rpps" type="text" inputmode="numeric" autocomplete="off" maxlength="32" required aria-required="true"{{#RPPS_ERROR}} aria-invalid="true"{{/RPPS_ERROR}} value="{{RPPS}}" aria-describedby="rpps-hint{{#RPPS_ERROR}} rpps-error{{/RPPS_ERROR}}">
    </div>
    <div class="field{{#CONTACT_ERROR}} field-error{{/CONTACT_ERROR}}">
      <label for="contact">Adresse pour lui répondre <span class="opt">(facultatif)</span></label>
      <p class="hint" id="contact-hint">Adresse postale ou électronique indiquée dans le courrier. Elle est conservée chiffrée et sert à préparer la lettre de confirmation.</p>
      {{#CONTACT_ERROR}}<p class="error-message" id="contact-error">{{MESSAGE}}</p>{{/CONTACT_ERROR}}
      <textarea id="contact" name="contact" rows="3"{{#CONTACT_ERROR}} aria-invalid="true"{{/CONTACT_ERROR}} aria-describedby="contact-hint{{#CONTACT_ERROR}} contact-error{{/CONTACT_ERROR}}">{{CONTACT:pre_escape}}</textarea>
    </div>
  </fieldset>
  <p class="hint">L'enregistrement est inscrit au journal d'audit à votre nom. Le numéro RPPS est conservé chiffré.</p>
  <button type="submit" class="button">Enregistrer l'opposition</button>
</form>
<p><a href="/console/oppositions">Retour à la liste des oppositions</a></p>
