{{%AUTOESCAPE context="HTML"}}<h1>Codes de secours</h1>
<div class="alert alert-ok" role="status" id="totp-enrolled">La double authentification est activée.</div>
<p>Voici vos <strong>dix codes de secours</strong>. Chacun permet de vous connecter <strong>une seule fois</strong> à la place du code de l'application, si vous n'avez plus votre téléphone. Imprimez-les ou recopiez-les maintenant et rangez-les en lieu sûr : ils ne seront plus jamais affichés.</p>
<ul id="recovery-codes" class="recovery-codes">
{{#CODE}}<li><code>{{VALUE}}</code></li>
{{/CODE}}</ul>
<p><a href="/console" class="button">Continuer vers la console</a></p>
