{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
{{#FORM_ERROR}}<div class="alert alert-error" role="alert" id="form-refused"><p>{{MESSAGE}}</p></div>{{/FORM_ERROR}}
{{#ERRORS}}<div class="alert alert-error" role="alert" id="form-errors" tabindex="-1">
<h2>Le formulaire contient {{COUNT}} erreur(s)</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{LABEL}}</a> : {{MESSAGE}}</li>{{/ERROR}}</ul>
</div>{{/ERRORS}}
{{#PUBLIC}}<section class="callout" aria-labelledby="droit">
<h2 id="droit">Votre droit d'opposition</h2>
<p>Vous pouvez refuser, <strong>à tout moment et sans avoir à vous justifier</strong>, que les données de vos consultations et visites SOS MÉDECINS soient utilisées dans l'entrepôt CONTACT pour la recherche ou l'amélioration des soins. Un parent peut le faire pour son enfant mineur, un représentant légal pour la personne qu'il représente.</p>
<ul>
  <li>Votre opposition <strong>ne change rien à vos soins</strong> : les médecins SOS MÉDECINS continuent de vous soigner comme avant.</li>
  {{#FORM_FOR_ALL}}<li>Elle s'applique <strong>dès son enregistrement</strong> : vos données ne sont plus intégrées à l'entrepôt et celles qui s'y trouvent déjà sont supprimées.</li>{{/FORM_FOR_ALL}}
  {{#FORM_FOR_PROJECT}}<li>Elle s'applique <strong>dès son enregistrement</strong>. Vous choisissez ci-dessous sa portée : si elle porte sur le seul projet {{PROJECT_REF}}, vos données ne sont plus utilisées pour ce projet mais restent dans l'entrepôt pour ses autres usages ; si elle porte sur toute l'utilisation de vos données, elles ne sont plus intégrées à l'entrepôt et celles qui s'y trouvent déjà sont supprimées.</li>{{/FORM_FOR_PROJECT}}
  <li>Vous recevez un <strong>récépissé</strong> (une référence et un code secret) pour suivre votre demande ou la retirer plus tard. Une réponse vous est apportée dans un délai d'un mois.</li>
</ul>
<p>Pourquoi ces informations ? Votre identité sert uniquement à reconnaître vos données dans les envois des associations SOS MÉDECINS : elle est transformée en codes (des « pseudonymes ») que l'entrepôt compare à ses données, sans jamais recevoir votre nom. Les informations saisies ici sont conservées chiffrées, pour vous répondre et pour recalculer ces codes si nécessaire. Seule l'équipe du délégué à la protection des données peut les consulter, et chaque consultation est enregistrée. Pour en savoir plus, lisez la page <a href="/donnees-personnelles">Données personnelles</a>.</p>
{{#ADULT_NOTICE}}<details class="technical" id="notice-adult" data-version="{{VERSION}}"><summary>Lire la notice d'information : {{TITLE}} (version du {{DATE}})</summary>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}</details>
{{/ADULT_NOTICE}}{{#MINORS_DEFAULT}}<p id="minors-notice"><strong>Vous avez moins de 18 ans ?</strong> {{MINORS_NOTICE_TEXT}}</p>
{{/MINORS_DEFAULT}}{{#MINOR_NOTICE}}<details class="technical" id="minors-notice" data-version="{{VERSION}}"><summary>Vous avez moins de 18 ans ? Lire la notice pour les mineurs : {{TITLE}} (version du {{DATE}})</summary>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}</details>
{{/MINOR_NOTICE}}<p>Toutes les versions des notices, avec leurs dates, sont sur la page <a href="/information">Notices d'information</a>.</p>
</section>
{{/PUBLIC}}{{#STAFF}}<p>Recopiez les informations telles qu'elles figurent dans le courrier ou telles que la personne les a dictées. Le récépissé affiché ensuite contient le code secret à lui transmettre : il ne sera plus affiché.</p>
{{/STAFF}}
<form method="post" action="{{ACTION}}" class="form-card form-wide" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  {{#SUBMISSION}}<input type="hidden" name="submission_key" value="{{SUBMISSION_KEY}}">{{/SUBMISSION}}
  {{#NOTICE_STAMP}}<input type="hidden" name="notice_shown" value="{{NOTICE_SHOWN}}">
  <input type="hidden" name="notice_mac" value="{{NOTICE_MAC}}">{{/NOTICE_STAMP}}
  {{#STAFF}}
  <fieldset>
    <legend>Réception</legend>
    <div class="field{{#CHANNEL_ERROR}} field-error{{/CHANNEL_ERROR}}">
      <label for="channel">Canal de réception</label>
      {{#CHANNEL_ERROR}}<p class="error-message" id="channel-error">{{MESSAGE}}</p>{{/CHANNEL_ERROR}}
      <select id="channel" name="channel">
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
      <input id="received_date" name="received_date" type="text" maxlength="10" value="{{RECEIVED_DATE}}" aria-describedby="received_date-hint{{#RECEIVED_AT_ERROR}} received_date-error{{/RECEIVED_AT_ERROR}}">
    </div>
  </fieldset>
  {{/STAFF}}
  <fieldset>
    <legend>Qui fait la demande ?</legend>
    {{#REQUESTER_ERROR}}<p class="error-message" id="requester-error">{{MESSAGE}}</p>{{/REQUESTER_ERROR}}
    <div class="choice"><input type="radio" id="requester" name="requester" value="patient"{{#REQ_PATIENT}} checked{{/REQ_PATIENT}}><label for="requester">La personne concernée elle-même</label></div>
    <div class="choice"><input type="radio" id="requester-parent" name="requester" value="parent"{{#REQ_PARENT}} checked{{/REQ_PARENT}}><label for="requester-parent">Un parent, pour son enfant mineur</label></div>
    <div class="choice"><input type="radio" id="requester-guardian" name="requester" value="guardian"{{#REQ_GUARDIAN}} checked{{/REQ_GUARDIAN}}><label for="requester-guardian">Un représentant légal (tutelle)</label></div>
    <p class="hint">Dans tous les cas, indiquez ci-dessous l'identité de la personne dont les données sont concernées.</p>
  </fieldset>
  <fieldset>
    <legend>Identité de la personne concernée</legend>
    <div class="field{{#BIRTH_NAME_ERROR}} field-error{{/BIRTH_NAME_ERROR}}">
      <label for="birth_name">Nom de naissance <span class="req">(obligatoire)</span></label>
      <p class="hint" id="birth_name-hint">Le nom de famille inscrit sur l'acte de naissance.</p>
      {{#BIRTH_NAME_ERROR}}<p class="error-message" id="birth_name-error">{{MESSAGE}}</p>{{/BIRTH_NAME_ERROR}}
      <input id="birth_name" name="birth_name" type="text" autocomplete="family-name" required aria-required="true" value="{{BIRTH_NAME}}" aria-describedby="birth_name-hint{{#BIRTH_NAME_ERROR}} birth_name-error{{/BIRTH_NAME_ERROR}}">
    </div>
    <div class="field{{#USED_NAME_ERROR}} field-error{{/USED_NAME_ERROR}}">
      <label for="used_name">Nom d'usage <span class="opt">(facultatif)</span></label>
      <p class="hint" id="used_name-hint">Par exemple le nom d'époux ou d'épouse, s'il est différent du nom de naissance.</p>
      {{#USED_NAME_ERROR}}<p class="error-message" id="used_name-error">{{MESSAGE}}</p>{{/USED_NAME_ERROR}}
      <input id="used_name" name="used_name" type="text" value="{{USED_NAME}}" aria-describedby="used_name-hint{{#USED_NAME_ERROR}} used_name-error{{/USED_NAME_ERROR}}">
    </div>
    <div class="field{{#GIVEN_NAMES_ERROR}} field-error{{/GIVEN_NAMES_ERROR}}">
      <label for="given_names">Prénoms de naissance <span class="req">(obligatoire)</span></label>
      <p class="hint" id="given_names-hint">Tels qu'ils figurent sur l'acte de naissance, dans l'ordre, par exemple « Jean-Christophe Marie ».</p>
      {{#GIVEN_NAMES_ERROR}}<p class="error-message" id="given_names-error">{{MESSAGE}}</p>{{/GIVEN_NAMES_ERROR}}
      <input id="given_names" name="given_names" type="text" autocomplete="given-name" required aria-required="true" value="{{GIVEN_NAMES}}" aria-describedby="given_names-hint{{#GIVEN_NAMES_ERROR}} given_names-error{{/GIVEN_NAMES_ERROR}}">
    </div>
    <div class="field{{#BIRTH_DATE_ERROR}} field-error{{/BIRTH_DATE_ERROR}}">
      <label for="birth_date">Date de naissance <span class="req">(obligatoire)</span></label>
      <p class="hint" id="birth_date-hint">Sous la forme JJ/MM/AAAA, par exemple 14/03/1985. Si le jour ou le mois est inconnu, mettez 00 (par exemple 00/03/1985).</p>
      {{#BIRTH_DATE_ERROR}}<p class="error-message" id="birth_date-error">{{MESSAGE}}</p>{{/BIRTH_DATE_ERROR}}
      <input id="birth_date" name="birth_date" type="text" autocomplete="bday" maxlength="16" required aria-required="true" value="{{BIRTH_DATE}}" aria-describedby="birth_date-hint{{#BIRTH_DATE_ERROR}} birth_date-error{{/BIRTH_DATE_ERROR}}">
    </div>
    <fieldset class="field{{#SEX_ERROR}} field-error{{/SEX_ERROR}}">
      <legend>Sexe <span class="req">(obligatoire)</span></legend>
      {{#SEX_ERROR}}<p class="error-message" id="sex-error">{{MESSAGE}}</p>{{/SEX_ERROR}}
      <div class="choice"><input type="radio" id="sex" name="sex" value="F"{{#SEX_F}} checked{{/SEX_F}}><label for="sex">Féminin</label></div>
      <div class="choice"><input type="radio" id="sex-m" name="sex" value="M"{{#SEX_M}} checked{{/SEX_M}}><label for="sex-m">Masculin</label></div>
      <div class="choice"><input type="radio" id="sex-i" name="sex" value="I"{{#SEX_I}} checked{{/SEX_I}}><label for="sex-i">Indéterminé</label></div>
    </fieldset>
    <div class="field{{#INS_ERROR}} field-error{{/INS_ERROR}}">
      <label for="ins">Numéro de sécurité sociale <span class="opt">(facultatif)</span></label>
      <p class="hint" id="ins-hint">Les 15 chiffres inscrits sur la carte Vitale, clé comprise, avec ou sans espaces. Il aide à reconnaître les données mais n'est pas nécessaire. Pour un enfant, indiquez le numéro de l'enfant, pas le vôtre : le vôtre exclurait vos propres données.</p>
      {{#INS_ERROR}}<p class="error-message" id="ins-error">{{MESSAGE}}</p>{{/INS_ERROR}}
      <input id="ins" name="ins" type="text" autocomplete="off" maxlength="32" value="{{INS}}" aria-describedby="ins-hint{{#INS_ERROR}} ins-error{{/INS_ERROR}}">
    </div>
  </fieldset>
  <fieldset>
    <legend>Étendue de l'opposition</legend>
    {{#SCOPE_ERROR}}<p class="error-message" id="scope-error">{{MESSAGE}}</p>{{/SCOPE_ERROR}}
    {{#NO_PROJECT}}<input type="hidden" name="scope" value="all" id="scope">
    <p>Votre opposition porte sur toute l'utilisation de vos données dans l'entrepôt CONTACT. Pour vous opposer à un seul projet, suivez le lien « m'opposer à ce projet » sur le <a href="/projets">portail de transparence</a>.</p>{{/NO_PROJECT}}
    {{#STAFF_SCOPE}}<div class="choice"><input type="radio" id="scope" name="scope" value="all"{{#SCOPE_ALL_CHECKED}} checked{{/SCOPE_ALL_CHECKED}}><label for="scope">Tout l'entrepôt CONTACT</label></div>
    <div class="choice"><input type="radio" id="scope-project" name="scope" value="project"{{#SCOPE_PROJECT}} checked{{/SCOPE_PROJECT}}><label for="scope-project">Un seul projet, de référence :</label></div>
    <input id="projet" name="projet" type="text" maxlength="64" value="{{PROJECT_REF}}" aria-label="Référence du projet">{{/STAFF_SCOPE}}
    {{#PROJECT}}<input type="hidden" name="projet" value="{{PROJECT_REF}}">
    <div class="choice"><input type="radio" id="scope" name="scope" value="project"{{#SCOPE_PROJECT}} checked{{/SCOPE_PROJECT}}><label for="scope">Uniquement le projet {{PROJECT_REF}}</label></div>
    <div class="choice"><input type="radio" id="scope-all" name="scope" value="all"{{#SCOPE_ALL_CHECKED}} checked{{/SCOPE_ALL_CHECKED}}><label for="scope-all">Toute l'utilisation de mes données dans CONTACT</label></div>{{/PROJECT}}
  </fieldset>
  <div class="field{{#CONTACT_ERROR}} field-error{{/CONTACT_ERROR}}">
    <label for="contact">Adresse pour vous répondre <span class="opt">(facultatif)</span></label>
    <p class="hint" id="contact-hint">Adresse électronique ou postale, utilisée seulement pour vous confirmer la prise en compte de votre opposition.</p>
    {{#CONTACT_ERROR}}<p class="error-message" id="contact-error">{{MESSAGE}}</p>{{/CONTACT_ERROR}}
    <textarea id="contact" name="contact" rows="3" aria-describedby="contact-hint{{#CONTACT_ERROR}} contact-error{{/CONTACT_ERROR}}">{{CONTACT:pre_escape}}</textarea>
  </div>
  <button type="submit" class="button">Enregistrer l'opposition</button>
</form>
