{{%AUTOESCAPE context="HTML"}}<h1>Sécurité du compte</h1>
{{#NOTICE}}<div class="alert alert-ok" role="status" id="account-ok">{{MESSAGE}}</div>{{/NOTICE}}
{{#ERROR}}<div class="alert alert-error" role="alert" id="account-error">{{MESSAGE}}</div>{{/ERROR}}
<section aria-labelledby="totp-title">
<h2 id="totp-title">Double authentification</h2>
{{#ENROLLED}}<p id="totp-state">La double authentification est <strong>activée</strong> depuis le {{SINCE}}. Codes de secours restants : <strong id="codes-left">{{CODES_LEFT}}</strong> sur 10.</p>
<p>Si vous avez perdu votre téléphone ou vos codes de secours, demandez à l'administrateur de réinitialiser votre double authentification : vous l'activerez de nouveau à la connexion suivante.</p>{{/ENROLLED}}
{{#NOT_ENROLLED}}<p id="totp-state">La double authentification n'est <strong>pas activée</strong> sur votre compte.{{#REQUIRED}} Elle est obligatoire pour votre rôle.{{/REQUIRED}}</p>
<p><a href="{{HREF}}" class="button">Activer la double authentification</a></p>{{/NOT_ENROLLED}}
</section>
<section aria-labelledby="password-title">
<h2 id="password-title">Changer mon mot de passe</h2>
<form method="post" action="/console/compte/mot-de-passe" class="form-card">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="text" name="username" autocomplete="username" value="{{USERNAME}}" hidden>
  <div class="field">
    <label for="current_password">Mot de passe actuel</label>
    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required maxlength="256">
  </div>
  <div class="field">
    <label for="new_password">Nouveau mot de passe</label>
    <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="12" maxlength="256" aria-describedby="new-password-hint">
    <p class="hint" id="new-password-hint">Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner. Les mots de passe les plus courants sont refusés.</p>
  </div>
  <div class="field">
    <label for="new_password_again">Nouveau mot de passe (confirmation)</label>
    <input id="new_password_again" name="new_password_again" type="password" autocomplete="new-password" required minlength="12" maxlength="256">
  </div>
  <button type="submit" class="button">Changer le mot de passe</button>
</form>
</section>
