{{%AUTOESCAPE context="HTML"}}<p><a href="/console/gouvernance/projets/{{ID}}/repertoire#resultats">← Fiche du répertoire public : {{REFERENCE}}</a></p>
<h1>Corriger ou retirer un résultat : {{REFERENCE}}</h1>
<p class="lead">Une correction ou un retrait est publié aussitôt, comme une nouvelle version de la fiche inscrite au journal d'audit. La page publique du projet indique que le résultat a été corrigé ou retiré, et à quelle date ; l'historique public de la fiche garde le texte d'avant.</p>
{{#ERROR}}<div class="alert alert-error" role="alert" id="gov-error">{{MESSAGE}}</div>{{/ERROR}}
<h2>Tel qu'il est publié</h2>
<p id="result-published">« {{TITLE}} » ({{DATE}}){{#URL}} — <a href="{{HREF}}">{{HREF}}</a>{{/URL}}{{#DOI}} — DOI {{TEXT}}{{/DOI}}{{#CORRECTED}} — corrigé le {{WHEN}}{{/CORRECTED}}</p>
{{#WITHDRAWN}}<p id="result-withdrawn">Ce résultat a été retiré le {{WHEN}}{{#NOTE}} (motif : {{TEXT}}){{/NOTE}}. Il ne peut plus être corrigé ; la page publique le mentionne comme retiré. Pour publier un texte exact, ajoutez un nouveau résultat.</p>{{/WITHDRAWN}}
{{#EDITABLE}}<section aria-labelledby="corriger">
<h2 id="corriger">Corriger</h2>
<form method="post" action="{{PATH}}" class="form-card" id="correct-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="action" value="corriger">
  <div class="field"><label for="c-title">Titre</label><input id="c-title" name="result_title" maxlength="500" required value="{{R_TITLE}}"></div>
  <div class="field"><label for="c-date">Date de publication</label><input id="c-date" name="result_date" type="date" required value="{{R_DATE}}"></div>
  <div class="field"><label for="c-url">Adresse (lien) <span class="opt">(facultatif)</span></label><input id="c-url" name="result_url" maxlength="500" value="{{R_URL}}" placeholder="https://"></div>
  <div class="field"><label for="c-doi">DOI <span class="opt">(facultatif)</span></label><input id="c-doi" name="result_doi" maxlength="200" value="{{R_DOI}}" placeholder="10.1234/…"></div>
  <div class="field"><label for="c-note">Motif de la correction <span class="opt">(facultatif, publié)</span></label><input id="c-note" name="note" maxlength="500" value="{{CORRECTION_NOTE}}"><p class="hint">Par exemple : « coquille dans le titre », « lien mis à jour ».</p></div>
  <button type="submit" class="button">Publier la correction</button>
</form>
</section>
<section aria-labelledby="retirer">
<h2 id="retirer">Retirer du portail</h2>
<p>Le résultat ne figurera plus parmi les résultats du projet : la page publique le mentionnera comme retiré, avec la date et le motif, sans son lien. Un retrait est définitif.</p>
<form method="post" action="{{PATH}}" class="form-card" id="withdraw-form">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="action" value="retirer">
  <div class="field"><label for="w-note">Motif du retrait <span class="opt">(facultatif, publié)</span></label><input id="w-note" name="note" maxlength="500" value="{{WITHDRAWAL_NOTE}}"><p class="hint">Par exemple : « publication rétractée par la revue », « résultat d'un autre projet ».</p></div>
  <button type="submit" class="button button-danger">Retirer le résultat</button>
</form>
</section>{{/EDITABLE}}
