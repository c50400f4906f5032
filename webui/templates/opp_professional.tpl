{{%AUTOESCAPE context="HTML"}}<h1>Professionnels de santé : vos droits sur les données de CONTACT</h1>
{{#FORM_ERROR}}<div class="alert alert-error" role="alert" id="form-refused"><p>{{MESSAGE}}</p></div>{{/FORM_ERROR}}
{{#ERRORS}}<div class="alert alert-error" role="alert" id="form-errors" tabindex="-1">
<h2>Le formulaire contient {{COUNT}} erreur(s)</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{LABEL}}</a> : {{MESSAGE}}</li>{{/ERROR}}</ul>
</div>{{/ERRORS}}
<section class="callout" aria-labelledby="concerne">
<h2 id="concerne">Vous êtes aussi une personne concernée</h2>
<p>Les médecins équipés par SOS MÉDECINS qui consignent les consultations et les visites sont eux aussi concernés par l'entrepôt CONTACT, au titre du règlement général sur la protection des données (RGPD). Ce que CONTACT enregistre à votre sujet :</p>
<ul id="pro-data">
  <li>votre <strong>numéro RPPS</strong> (Répertoire partagé des professionnels de santé), qui identifie le médecin dans chaque dossier de consultation ou de visite ;</li>
  <li>à travers lui, <strong>les dates, lieux et types des consultations et visites</strong> que vous avez assurées, et ce que vous y avez consigné.</li>
</ul>
<p>Ces données servent à la recherche et à l'amélioration des soins, dans des projets approuvés par les comités de CONTACT et publiés sur le <a href="/projets">portail de transparence</a>.</p>
</section>
<section aria-labelledby="droits">
<h2 id="droits">Vos droits</h2>
<ul>
  <li><strong>Droit d'opposition</strong> (article 21 du RGPD) : vous pouvez refuser, à tout moment, que votre identifiant soit utilisé dans les données transmises aux projets de recherche. Le formulaire ci-dessous suffit.</li>
  <li><strong>Droits d'accès, de rectification, d'effacement et de limitation</strong> (articles 15 à 18) : écrivez au délégué à la protection des données (voir la page <a href="/contact">Contact</a>).</li>
  <li>Vous pouvez aussi saisir la <abbr title="Commission nationale de l'informatique et des libertés">CNIL</abbr> si vous estimez que vos droits ne sont pas respectés.</li>
</ul>
<h3 id="effet">Ce que fait votre opposition</h3>
<p id="pro-effect">Votre numéro RPPS est transformé en un code (un « pseudonyme ») ajouté à la liste que l'entrepôt consulte avant d'enregistrer toute donnée. Dans chaque dossier qui vous cite, <strong>votre identifiant est retiré</strong> et le dossier est marqué : les projets ne peuvent plus relier ces données à vous. <strong>Les dossiers des patients ne sont pas supprimés</strong> : votre opposition porte sur vos données, pas sur celles des patients que vous avez soignés.</p>
<p>Vous recevez un <strong>récépissé</strong> (une référence et un code secret) pour <a href="/opposition/statut">suivre votre opposition</a> ou <a href="/opposition/retrait">la retirer</a>. Une réponse vous est apportée dans un délai d'un mois.</p>
{{#NOTICE}}<details class="technical" id="notice-professional" data-version="{{VERSION}}"><summary>Lire la notice d'information des professionnels de santé : {{TITLE}} (version du {{DATE}})</summary>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}</details>
{{/NOTICE}}{{#NO_NOTICE}}<p id="notice-professional-none">Aucune notice d'information propre aux professionnels de santé n'est encore publiée : les informations ci-dessus en tiennent lieu.</p>
{{/NO_NOTICE}}<p>Toutes les versions des notices, avec leurs dates, sont sur la page <a href="/information">Notices d'information</a>.</p>
<p>Vous êtes patient ? Utilisez le <a href="/opposition">formulaire d'opposition des patients</a>.</p>
</section>
<form method="post" action="/opposition/professionnel" class="form-card" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  {{#SUBMISSION}}<input type="hidden" name="submission_key" value="{{SUBMISSION_KEY}}">{{/SUBMISSION}}
  {{#NOTICE_STAMP}}<input type="hidden" name="notice_shown" value="{{NOTICE_SHOWN}}">
  <input type="hidden" name="notice_mac" value="{{NOTICE_MAC}}">{{/NOTICE_STAMP}}
  <h2 id="formulaire">M'opposer à l'utilisation de mon identifiant</h2>
  <div class="field{{#RPPS_ERROR}} field-error{{/RPPS_ERROR}}">
    <label for="rpps">Numéro RPPS <span class="req">(obligatoire)</span></label>
    <p class="hint" id="rpps-hint">Les 11 chiffres inscrits sur votre carte de professionnel de santé (CPS), par exemple 10001234567.</p>
    {{#RPPS_ERROR}}<p class="error-message" id="rpps-error">{{MESSAGE}}</p>{{/RPPS_ERROR}}
    <input id="rpps" name="rpps" type="text" inputmode="numeric" autocomplete="off" maxlength="32" required aria-required="true"{{#RPPS_ERROR}} aria-invalid="true"{{/RPPS_ERROR}} value="{{RPPS}}" aria-describedby="rpps-hint{{#RPPS_ERROR}} rpps-error{{/RPPS_ERROR}}">
  </div>
  <div class="field{{#CONTACT_ERROR}} field-error{{/CONTACT_ERROR}}">
    <label for="contact">Adresse pour vous répondre <span class="opt">(facultatif)</span></label>
    <p class="hint" id="contact-hint">Adresse électronique ou postale. Elle est conservée chiffrée et ne sert qu'à vous répondre.</p>
    {{#CONTACT_ERROR}}<p class="error-message" id="contact-error">{{MESSAGE}}</p>{{/CONTACT_ERROR}}
    <textarea id="contact" name="contact" rows="3"{{#CONTACT_ERROR}} aria-invalid="true"{{/CONTACT_ERROR}} aria-describedby="contact-hint{{#CONTACT_ERROR}} contact-error{{/CONTACT_ERROR}}">{{CONTACT:pre_escape}}</textarea>
  </div>
  <p class="hint">Votre numéro RPPS est conservé chiffré : seule l'équipe du délégué à la protection des données peut le lire, et chaque lecture est enregistrée.</p>
  <button type="submit" class="button">Enregistrer mon opposition</button>
</form>
