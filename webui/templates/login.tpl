{{%AUTOESCAPE context="HTML"}}<h1>Connexion à l'espace personnel</h1>
<p>Cet espace est réservé aux équipes de SOS MÉDECINS FRANCE (protection des données, secrétariat des comités) et aux auditeurs.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="login-error">{{MESSAGE}}</div>{{/ERROR}}
<form method="post" action="/connexion" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <div class="field">
    <label for="username">Identifiant</label>
    <input id="username" name="username" type="text" autocomplete="username" required maxlength="64" value="{{USERNAME}}">
  </div>
  <div class="field">
    <label for="password">Mot de passe</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
  </div>
  <div class="field">
    <label for="code">Code de vérification</label>
    <input id="code" name="code" type="text" autocomplete="one-time-code" maxlength="64" aria-describedby="code-hint">
    <p class="hint" id="code-hint">Le code à 6 chiffres de votre application d'authentification, ou l'un de vos codes de secours. Laissez vide si la double authentification n'est pas encore activée sur votre compte.</p>
  </div>
  <button type="submit" class="button">Se connecter</button>
</form>
