{{%AUTOESCAPE context="HTML"}}<h1>Demande <span class="mono">{{REFERENCE}}</span></h1>
<p><a href="/console/droits">← Retour aux demandes</a></p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="detail-error">{{MESSAGE}}</div>{{/ERROR}}
{{#STEP_OK}}<div class="alert alert-ok" role="status" id="detail-ok">C'est enregistré, et inscrit au journal d'audit à votre nom.</div>{{/STEP_OK}}
<dl class="receipt-data">
  <dt>Droit exercé</dt><dd id="detail-type">{{TYPE_LABEL}} ({{ARTICLE}})</dd>
  <dt>État</dt><dd id="detail-state" data-state="{{STATE}}">{{STATE_LABEL}}</dd>
  <dt>Reçue le</dt><dd>{{RECEIVED}}</dd>
  <dt>Réponse au plus tard le</dt><dd id="detail-deadline" data-flag="{{FLAG}}">{{#RUNNING}}{{DEADLINE}}{{#OVERDUE}} <strong class="overdue">dépassé</strong>{{/OVERDUE}}{{#DUE_SOON}} <strong class="due-soon">dans {{DAYS_LEFT}} j</strong>{{/DUE_SOON}}{{/RUNNING}}{{#PAUSED}}délai suspendu pendant la vérification d'identité (échéance repoussée d'autant : {{DEADLINE}} à ce jour){{/PAUSED}}{{#CLOSED}}demande close{{/CLOSED}}</dd>
  {{#PAUSE}}<dt>Délai suspendu</dt><dd id="detail-pause">{{DAYS}} au total</dd>{{/PAUSE}}
  {{#EXTENDED}}<dt>Délai prolongé le</dt><dd id="detail-extended">{{DATE}} : {{REASON}}</dd>{{/EXTENDED}}
  <dt>Demandeur</dt><dd>{{REQUESTER_LABEL}}</dd>
  <dt>Canal</dt><dd>{{CHANNEL_LABEL}} (saisie par {{ENTERED_BY}})</dd>
  {{#OBJECTION}}<dt>Opposition</dt><dd><a class="mono" id="detail-objection" href="/console/oppositions/{{REF}}">{{REF}}</a></dd>{{/OBJECTION}}
  {{#IDENTITY_CHECKED}}<dt>Identité vérifiée</dt><dd id="detail-identity-checked">le {{DATE}}, {{METHOD}}, par {{BY}}{{#NOTE}} — {{TEXT}}{{/NOTE}}</dd>{{/IDENTITY_CHECKED}}
  {{#ANSWERED}}<dt>Répondue le</dt><dd id="detail-answer">{{DATE}} : {{SUMMARY}}</dd>{{/ANSWERED}}
  {{#REFUSED}}<dt>Refusée le</dt><dd id="detail-refusal">{{DATE}} ; fondement : {{GROUND}} ; motif : {{REASON}}</dd>{{/REFUSED}}
</dl>
{{#STEPS}}<section aria-labelledby="etapes">
<h2 id="etapes">Étapes suivantes</h2>
<p>Chaque étape est inscrite au journal d'audit à votre nom. N'écrivez dans les champs de texte aucune donnée de santé ni trait d'identité.</p>
{{#CAN_ASK_IDENTITY}}<form method="post" action="/console/droits/{{REFERENCE}}/etape" class="form-card" id="step-ask-identity">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="ask_identity"><input type="hidden" name="expected_state" value="{{STATE}}">
  <h3>Demander un justificatif d'identité</h3>
  <p>En cas de doute raisonnable seulement (article 12.6 du RGPD). Le délai est suspendu jusqu'à la vérification.</p>
  <button type="submit" class="button">Demander un justificatif (délai suspendu)</button>
</form>{{/CAN_ASK_IDENTITY}}
{{#CAN_VERIFY}}<form method="post" action="/console/droits/{{REFERENCE}}/etape" class="form-card" id="step-verify">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="verify_identity"><input type="hidden" name="expected_state" value="{{STATE}}">
  <h3>Identité vérifiée : traiter la demande</h3>
  <div class="field"><label for="verify-method">Comment l'identité a été vérifiée</label>
    <select id="verify-method" name="method">
      <option value="known_contact">Demande venue de l'adresse de contact déjà connue</option>
      <option value="document_seen">Pièce d'identité vue, non conservée</option>
      <option value="in_person">En personne, au guichet</option>
      <option value="authenticated">Canal authentifié</option>
      <option value="other">Autre moyen (précisez)</option>
    </select></div>
  <div class="field"><label for="verify-text">Note (obligatoire pour « autre moyen »)</label><textarea id="verify-text" name="text" rows="2"></textarea></div>
  <p class="hint">Ne conservez pas la copie de la pièce : détruisez-la une fois l'identité vérifiée.</p>
  <button type="submit" class="button">Enregistrer la vérification</button>
</form>{{/CAN_VERIFY}}
{{#CAN_ANSWER}}<form method="post" action="/console/droits/{{REFERENCE}}/etape" class="form-card" id="step-answer">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="answer"><input type="hidden" name="expected_state" value="{{STATE}}">
  <h3>Répondre</h3>
  <div class="field"><label for="answer-text">Ce qui a été répondu ou fait</label><textarea id="answer-text" name="text" rows="3"></textarea></div>
  <button type="submit" class="button">Enregistrer la réponse</button>
</form>{{/CAN_ANSWER}}
{{#CAN_EXTEND}}<form method="post" action="/console/droits/{{REFERENCE}}/etape" class="form-card" id="step-extend">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="extend"><input type="hidden" name="expected_state" value="{{STATE}}">
  <h3>Prolonger le délai de deux mois</h3>
  <p>Une seule fois, avant l'échéance, en raison de la complexité ou du nombre des demandes (article 12.3 du RGPD) ; la personne doit en être informée, avec le motif.</p>
  <div class="field"><label for="extend-text">Motif communiqué à la personne</label><textarea id="extend-text" name="text" rows="2"></textarea></div>
  <button type="submit" class="button">Prolonger le délai</button>
</form>{{/CAN_EXTEND}}
{{#CAN_REFUSE}}<form method="post" action="/console/droits/{{REFERENCE}}/etape" class="form-card" id="step-refuse">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="refuse"><input type="hidden" name="expected_state" value="{{STATE}}">
  <h3>Refuser</h3>
  <div class="field"><label for="refuse-ground">Fondement juridique</label>
    <select id="refuse-ground" name="ground">
      <option value="">— choisir —</option>
      <option value="manifestly_unfounded">Demande manifestement infondée (art. 12.5)</option>
      <option value="excessive">Demande excessive ou répétitive (art. 12.5)</option>
      <option value="identity_not_established">Identité non établie (art. 12.2 et 12.6)</option>
      <option value="research_exception">Recherche rendue impossible (art. 17.3.d et 89)</option>
      <option value="legal_obligation">Obligation légale de conservation (art. 17.3.b)</option>
      <option value="no_data_held">Aucune donnée détenue</option>
    </select></div>
  <div class="field"><label for="refuse-text">Motif communiqué à la personne</label><textarea id="refuse-text" name="text" rows="2"></textarea></div>
  <button type="submit" class="button">Refuser la demande</button>
</form>{{/CAN_REFUSE}}
</section>{{/STEPS}}
{{#LETTERS}}<section aria-labelledby="lettres">
<h2 id="lettres">Lettres</h2>
<p>Chaque lettre est remplie à partir des données chiffrées pour cette page seulement ; sa préparation est inscrite au journal d'audit et elle n'est enregistrée nulle part.</p>
<form method="post" action="/console/droits/{{REFERENCE}}/lettre" id="letter-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field"><label for="letter-kind">Modèle</label>
    <select id="letter-kind" name="kind">
      <option value="accuse">Accusé de réception</option>
      <option value="identite">Demande de justificatif d'identité</option>
      <option value="reponse">Réponse</option>
      <option value="refus">Refus motivé</option>
      <option value="prolongation">Prolongation du délai</option>
      <option value="releve">Relevé des accès (demande d'accès)</option>
    </select></div>
  <button type="submit" class="button" id="prepare-letter">Préparer la lettre (consultation enregistrée)</button>
</form>
</section>{{/LETTERS}}
<section aria-labelledby="identite">
<h2 id="identite">Identité de la personne</h2>
{{#IDENTITY_BUTTON}}<p>L'identité est conservée chiffrée. L'afficher la déchiffre pour cette page seulement ; chaque consultation est inscrite au journal d'audit à votre nom.</p>
<form method="post" action="/console/droits/{{REFERENCE}}/identite" id="identity-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <button type="submit" class="button" id="show-identity">Afficher l'identité (consultation enregistrée)</button>
</form>{{/IDENTITY_BUTTON}}
{{#IDENTITY}}<dl class="receipt-data" id="detail-identity">
  <dt>Nom de naissance</dt><dd>{{BIRTH_NAME}}</dd>
  <dt>Nom d'usage</dt><dd>{{USED_NAME}}</dd>
  <dt>Prénoms</dt><dd>{{GIVEN_NAMES}}</dd>
  <dt>Date de naissance</dt><dd id="detail-birth-date">{{BIRTH_DATE}}</dd>
  <dt>Sexe</dt><dd>{{SEX}}</dd>
  <dt>INS</dt><dd>{{INS}}</dd>
  <dt>Qui écrit</dt><dd>{{REQUESTER_NAME}}</dd>
  <dt>Adresse pour la réponse</dt><dd>{{CONTACT}}</dd>
</dl>{{/IDENTITY}}
</section>
<section aria-labelledby="historique">
<h2 id="historique">Historique</h2>
<table id="history"><thead><tr><th scope="col">Quand</th><th scope="col">Étape</th><th scope="col">État après</th><th scope="col">Par</th><th scope="col">Entrée du journal</th></tr></thead><tbody>
{{#HISTORY}}<tr><td>{{AT}}</td><td data-step="{{CODE}}">{{ACTION}}</td><td>{{TO}}</td><td>{{ACTOR}}</td><td>{{AUDIT_INDEX}}</td></tr>
{{/HISTORY}}</tbody></table>
</section>
