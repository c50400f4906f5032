{{%AUTOESCAPE context="HTML"}}{{#PUBLIC}}<h1>Vous opposer à l'utilisation de vos données</h1>
<section class="callout" aria-labelledby="droit">
<h2 id="droit">Votre droit d'opposition</h2>
<p>Vous pouvez refuser, <strong>à tout moment et sans avoir à vous justifier</strong>, que les données de vos consultations et visites SOS MÉDECINS soient intégrées à l'entrepôt CONTACT et utilisées pour la recherche ou l'amélioration des soins. Un parent peut le faire pour son enfant mineur, un représentant légal pour la personne qu'il représente.</p>
<ul>
  <li>Votre opposition <strong>ne change rien à vos soins</strong> : les médecins SOS MÉDECINS continuent de vous soigner comme avant.</li>
  <li>Elle prend effet <strong>dès son enregistrement</strong> : vos données ne sont plus intégrées à l'entrepôt et celles qui s'y trouvent déjà sont supprimées.</li>
  <li>Vous recevez un <strong>récépissé</strong> (une référence et un code secret) pour suivre votre demande ou la retirer plus tard. Une réponse vous est apportée dans un délai d'un mois.</li>
</ul>
<p>Pourquoi ces informations ? Votre identité sert uniquement à reconnaître vos données dans les envois des associations : elle est transformée en codes pseudonymes (« jetons ») que l'entrepôt compare à ses données, sans jamais recevoir votre nom. Les informations saisies ici sont conservées chiffrées, pour vous répondre et pour recalculer ces codes si la clé change.</p>
</section>
{{/PUBLIC}}{{#STAFF}}<h1>Saisir une opposition reçue par courrier ou par téléphone</h1>
<p>Recopiez les informations telles qu'elles figurent dans le courrier ou telles que la personne les a dictées. Le récépissé affiché ensuite contient le code secret à lui transmettre : il ne sera plus affiché.</p>
{{/STAFF}}
{{#ERRORS}}<div class="alert alert-error" role="alert" id="form-errors" tabindex="-1">
<h2>Le formulaire contient {{COUNT}} erreur(s)</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{LABEL}}</a> : {{MESSAGE}}</li>{{/ERROR}}</ul>
</div>{{/ERRORS}}
<form method="post" action="{{ACTION}}" class="form-card form-wide" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
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
      <p class="hint" id="received_date-hint">Format AAAA-MM-JJ. Laissez vide pour aujourd'hui. Le délai de réponse d'un mois court à partir de cette date.</p>
      {{#RECEIVED_AT_ERROR}}<p class="error-message" id="received_date-error">{{MESSAGE}}</p>{{/RECEIVED_AT_ERROR}}
      <input id="received_date" name="received_date" type="text" inputmode="numeric" maxlength="10" value="{{RECEIVED_DATE}}" aria-describedby="received_date-hint">
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
      <input id="birth_name" name="birth_name" type="text" autocomplete="family-name" required aria-required="true" value="{{BIRTH_NAME}}" aria-describedby="birth_name-hint">
    </div>
    <div class="field{{#USED_NAME_ERROR}} field-error{{/USED_NAME_ERROR}}">
      <label for="used_name">Nom d'usage <span class="opt">(facultatif)</span></label>
      <p class="hint" id="used_name-hint">Par exemple le nom d'époux ou d'épouse, s'il est différent du nom de naissance.</p>
      {{#USED_NAME_ERROR}}<p class="error-message" id="used_name-error">{{MESSAGE}}</p>{{/USED_NAME_ERROR}}
      <input id="used_name" name="used_name" type="text" value="{{USED_NAME}}" aria-describedby="used_name-hint">
    </div>
    <div class="field{{#GIVEN_NAMES_ERROR}} field-error{{/GIVEN_NAMES_ERROR}}">
      <label for="given_names">Prénoms de naissance <span class="req">(obligatoire)</span></label>
      <p class="hint" id="given_names-hint">Tels qu'ils figurent sur l'acte de naissance, dans l'ordre, par exemple « Jean-Christophe Marie ».</p>
      {{#GIVEN_NAMES_ERROR}}<p class="error-message" id="given_names-error">{{MESSAGE}}</p>{{/GIVEN_NAMES_ERROR}}
      <input id="given_names" name="given_names" type="text" autocomplete="given-name" required aria-required="true" value="{{GIVEN_NAMES}}" aria-describedby="given_names-hint">
    </div>
    <div class="field{{#BIRTH_DATE_ERROR}} field-error{{/BIRTH_DATE_ERROR}}">
      <label for="birth_date">Date de naissance <span class="req">(obligatoire)</span></label>
      <p class="hint" id="birth_date-hint">Format AAAA-MM-JJ, par exemple 1985-03-14. Mettez 00 pour un jour ou un mois inconnu.</p>
      {{#BIRTH_DATE_ERROR}}<p class="error-message" id="birth_date-error">{{MESSAGE}}</p>{{/BIRTH_DATE_ERROR}}
      <input id="birth_date" name="birth_date" type="text" inputmode="numeric" required aria-required="true" value="{{BIRTH_DATE}}" aria-describedby="birth_date-hint">
    </div>
    <fieldset class="field{{#SEX_ERROR}} field-error{{/SEX_ERROR}}">
      <legend>Sexe <span class="req">(obligatoire)</span></legend>
      {{#SEX_ERROR}}<p class="error-message" id="sex-error">{{MESSAGE}}</p>{{/SEX_ERROR}}
      <div class="choice"><input type="radio" id="sex" name="sex" value="F"{{#SEX_F}} checked{{/SEX_F}}><label for="sex">Féminin</label></div>
      <div class="choice"><input type="radio" id="sex-m" name="sex" value="M"{{#SEX_M}} checked{{/SEX_M}}><label for="sex-m">Masculin</label></div>
      <div class="choice"><input type="radio" id="sex-i" name="sex" value="I"{{#SEX_I}} checked{{/SEX_I}}><label for="sex-i">Indéterminé</label></div>
    </fieldset>
    <div class="field{{#INS_ERROR}} field-error{{/INS_ERROR}}">
      <label for="ins">Numéro de sécurité sociale (INS) <span class="opt">(facultatif)</span></label>
      <p class="hint" id="ins-hint">Les 15 chiffres, clé comprise. Il améliore la reconnaissance de vos données mais n'est pas nécessaire.</p>
      {{#INS_ERROR}}<p class="error-message" id="ins-error">{{MESSAGE}}</p>{{/INS_ERROR}}
      <input id="ins" name="ins" type="text" inputmode="numeric" autocomplete="off" value="{{INS}}" aria-describedby="ins-hint">
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
    <textarea id="contact" name="contact" rows="3" aria-describedby="contact-hint">{{CONTACT}}</textarea>
  </div>
  <button type="submit" class="button">Enregistrer l'opposition</button>
</form>
