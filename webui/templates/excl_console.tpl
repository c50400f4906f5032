{{%AUTOESCAPE context="HTML"}}<h1>Listes d'exclusion et consommateurs</h1>
<p><a href="/console">Console</a> · <a href="/console/oppositions">Oppositions</a> · <a href="/audit">Journal d'audit</a></p>
{{#NOTICE}}<div class="alert alert-ok" role="status" id="notice">{{TEXT}}</div>{{/NOTICE}}
{{#ALERT}}<div class="alert alert-error" role="alert" id="page-error">{{TEXT}}</div>{{/ALERT}}
{{#NO_CONSUMER}}<div class="alert alert-error" role="alert" id="no-consumer-alert"><strong>Aucun consommateur actif n'est enregistré : aucune opposition n'est appliquée dans l'entrepôt.</strong> Les oppositions sont enregistrées et publiées dans la liste d'exclusion, mais aucun service d'intégration ne la reçoit ni ne la lit. Enregistrez chaque service d'intégration ci-dessous.</div>{{/NO_CONSUMER}}
{{#ANY_LATE}}<div class="alert alert-error" role="alert" id="late-alert">{{LATE_COUNT}} consommateur(s) en retard : la version courante n'est pas appliquée depuis plus de {{LATE_MINUTES}} minutes.</div>{{/ANY_LATE}}

<section aria-labelledby="current-title" id="current">
<h2 id="current-title">Version courante</h2>
{{#CURRENT}}<dl class="gov-facts">
  <dt>Version</dt><dd id="current-version">{{VERSION}}</dd>
  <dt>Publiée le</dt><dd>{{ISSUED}}</dd>
  <dt>Expire le</dt><dd>{{EXPIRES}}</dd>
  <dt>Jetons</dt><dd id="current-tokens">{{TOKENS}}</dd>
  <dt>Clé de pseudonymisation</dt><dd class="mono">{{KEY_ID}}</dd>
  {{#OTHER_KEY}}<dt>Clé précédente (changement de clé en cours)</dt><dd class="mono other-key">{{KEY_ID}} — document compagnon publié avec chaque version</dd>{{/OTHER_KEY}}
  <dt>Clé de signature</dt><dd class="mono">{{SIGNING_KEY_ID}}</dd>
  <dt>Empreinte (début)</dt><dd class="mono">{{DIGEST_PREFIX}}…</dd>
</dl>{{/CURRENT}}
{{#NO_VERSION}}<p>Aucune version n'a encore été publiée.</p>{{/NO_VERSION}}
{{#VERSIONS_UNAVAILABLE}}<p class="alert alert-error">Les versions ne peuvent pas être lues pour le moment.</p>{{/VERSIONS_UNAVAILABLE}}
</section>

<section aria-labelledby="consumers-title">
<h2 id="consumers-title">Consommateurs</h2>
<p>Chaque service d'intégration de l'entrepôt reçoit (envoi) ou récupère (lecture) la liste, l'applique puis en accuse réception avec le nombre de données supprimées. Un consommateur actif est signalé <strong class="overdue">en retard</strong> lorsque la version courante n'est pas accusée et que la première version non accusée a été publiée il y a plus de {{LATE_MINUTES}} minutes.</p>
<table id="consumers">
<caption>{{CONSUMER_COUNT}} consommateur(s)</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">Adresse d'envoi</th><th scope="col">État</th><th scope="col">Dernière version envoyée</th><th scope="col">Dernière version accusée</th><th scope="col">Données supprimées</th><th scope="col">Retard</th><th scope="col">Dernière erreur d'envoi</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#CONSUMER}}<tr id="consumer-{{NAME}}" class="consumer-row">
<td class="mono">{{NAME}}</td>
<td class="small">{{URL}}</td>
<td>{{#ENABLED}}actif{{/ENABLED}}{{#DISABLED}}<span class="status-withdrawn">désactivé</span>{{/DISABLED}}</td>
<td>{{DELIVERED}}</td>
<td>{{ACKED}}<br><span class="small">{{ACKED_AT}}</span>{{#ACKED_KEY}}<br><span class="small mono acked-key">clé {{KEY_ID}}</span>{{/ACKED_KEY}}</td>
<td>{{PURGED}}</td>
<td class="lag">{{#BEHIND}}{{LAG_VERSIONS}} version(s) · {{LAG_TIME}}{{/BEHIND}}{{#LATE}}<br><strong class="overdue lag-late">en retard</strong>{{/LATE}}{{#UP_TO_DATE}}<span class="status-effective">à jour</span>{{/UP_TO_DATE}}</td>
<td class="small">{{#LAST_ERROR}}<span class="overdue push-error">{{SENTENCE}}</span> Un nouvel essai est fait automatiquement.<details><summary>Détail technique</summary><span class="mono-wrap">{{TEXT}}</span></details>{{/LAST_ERROR}}</td>
<td>{{#CAN_DISABLE}}<form method="post" action="/console/exclusions/consommateurs/{{NAME}}/desactivation" class="gov-inline">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<label class="gov-check"><input type="checkbox" name="confirm" value="oui"> Confirmer</label>
<button type="submit" class="link-button gov-link-button">Désactiver</button>
</form>{{/CAN_DISABLE}}</td>
</tr>
{{/CONSUMER}}
</tbody>
</table>
</section>

<section aria-labelledby="add-title">
<h2 id="add-title">Enregistrer un consommateur</h2>
<p>Le nom est aussi celui du jeton de service (rôle <code>ingestion</code>) avec lequel le consommateur accuse réception : créez ce jeton avec <code>garant token create NOM --role ingestion</code>. Sans adresse, le consommateur récupère lui-même la liste.</p>
{{#FORM_OPEN_ERRORS}}<div class="alert alert-error" role="alert" id="form-errors">Le consommateur n'a pas été enregistré : corrigez le formulaire.</div>{{/FORM_OPEN_ERRORS}}
<form method="post" action="/console/exclusions/consommateurs" class="form-card" novalidate id="add-consumer">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field{{#NAME_ERROR}} field-error{{/NAME_ERROR}}">
    <label for="consumer-name">Nom <span class="req">(obligatoire)</span></label>
    <p class="hint" id="consumer-name-hint">1 à 64 caractères : lettres sans accent, chiffres, point, tiret, souligné.</p>
    {{#NAME_ERROR}}<p class="error-message" id="consumer-name-error">{{MESSAGE}}</p>{{/NAME_ERROR}}
    <input id="consumer-name" name="name" type="text" maxlength="64" value="{{FORM_NAME}}" aria-describedby="consumer-name-hint">
  </div>
  <div class="field{{#URL_ERROR}} field-error{{/URL_ERROR}}">
    <label for="consumer-url">Adresse d'envoi <span class="opt">(facultatif)</span></label>
    <p class="hint" id="consumer-url-hint">Par exemple https://integration.exemple:9443/listes (https:// ou http://). En https://, le certificat du consommateur doit être reconnu par le serveur (voir le guide de l'administrateur).</p>
    {{#URL_ERROR}}<p class="error-message" id="consumer-url-error">{{MESSAGE}}</p>{{/URL_ERROR}}
    <input id="consumer-url" name="url" type="text" value="{{FORM_URL}}" aria-describedby="consumer-url-hint">
  </div>
  <button type="submit" class="button">Enregistrer le consommateur</button>
</form>
</section>

<section aria-labelledby="versions-title">
<h2 id="versions-title">Dernières versions</h2>
<table id="versions">
<thead><tr><th scope="col">Version</th><th scope="col">Publiée le</th><th scope="col">Expire le</th><th scope="col">Jetons</th><th scope="col">Motif</th><th scope="col">Empreinte (début)</th></tr></thead>
<tbody>
{{#VERSION_ROW}}<tr><td>{{VERSION}}</td><td>{{ISSUED}}</td><td>{{EXPIRES}}</td><td>{{TOKENS}}</td><td>{{REASON}}</td><td class="mono">{{DIGEST_PREFIX}}…</td></tr>
{{/VERSION_ROW}}
</tbody>
</table>
</section>
