{{%AUTOESCAPE context="HTML"}}<h1>Activer la double authentification</h1>
{{#REQUIRED_STEP}}<div class="alert alert-info" role="status" id="totp-required">Votre rôle exige la double authentification. Activez-la pour accéder à la console : tant qu'elle n'est pas activée, cette page est la seule accessible.</div>{{/REQUIRED_STEP}}
{{#ERROR}}<div class="alert alert-error" role="alert" id="totp-error">{{MESSAGE}}</div>{{/ERROR}}
<ol>
  <li>Installez sur votre téléphone une application d'authentification (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator).</li>
  <li>Dans l'application, ajoutez un compte en scannant ce code QR :
    <p><svg id="totp-qr" class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{QR_SIZE}} {{QR_SIZE}}" width="240" height="240" shape-rendering="crispEdges" role="img" aria-labelledby="totp-qr-title"><title id="totp-qr-title">Code QR à scanner avec votre application d'authentification</title><rect width="{{QR_SIZE}}" height="{{QR_SIZE}}" fill="#fff"/><path fill="#000" d="{{QR_PATH}}"/></svg></p>
    ou en saisissant cette clé secrète (compte « {{USERNAME}} », type « basé sur le temps ») :
    <p><code id="totp-secret">{{SECRET}}</code></p>
  </li>
  <li>Saisissez ci-dessous le code à 6 chiffres que l'application affiche.</li>
</ol>
<form method="post" action="/console/compte/double-authentification" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field">
    <label for="code">Code à 6 chiffres</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="16">
  </div>
  <button type="submit" class="button">Activer</button>
</form>
<p>Ne partagez jamais cette clé : elle permet de produire vos codes.</p>
